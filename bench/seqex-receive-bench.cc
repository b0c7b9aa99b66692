// The receive side alone, fed packets as a peer would send them: duplicate
// suppression (R5) and the seq_cst backlog (R4). The peer is implicit; only
// the receiving endpoint is measured.
#include "seqex-endpoint.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

namespace
{

using namespace seqex;
using Ep = Endpoint<uint64_t, uint64_t>;
using Handle = Answer<uint64_t, uint64_t>;

constexpr Seq kDuplicates = 32;

// Delivers payloads 0 .. kDuplicates-1 to `b`; hands their answers to `keep`
// or acks them when `keep` is null. Leaves b's outbox empty.
void
ReceiveOnce(Ep& b, std::array<Handle, kDuplicates>* keep)
{
    for (Seq s = 0; s < kDuplicates; ++s)
    {
        b.ReceiveData(0, PacketKind::Payload, s, 0, s);
        auto d = b.PollDelivery();
        auto& answer = std::get<PayloadDelivery<uint64_t, uint64_t>>(*d).answer;
        if (keep != nullptr)
        {
            (*keep)[s] = std::move(answer);
        }
    }
    while (b.PollTransmit())
    {
    }
}

// Every packet arrives again after it was acked (the peer missed our Acks):
// each duplicate is dropped and answered with a fresh Ack. One item = one
// duplicate received and its Ack polled.
void
BM_DuplicateOfFinished(benchmark::State& state)
{
    Config cfg;
    Ep b(cfg);
    ReceiveOnce(b, nullptr);
    int64_t reAcks = 0;
    for (auto _ : state)
    {
        for (Seq s = 0; s < kDuplicates; ++s)
        {
            b.ReceiveData(0, PacketKind::Payload, s, 0, s);
        }
        while (auto p = b.PollTransmit())
        {
            reAcks += p->kind == PacketKind::Ack;
        }
    }
    if (reAcks != state.iterations() * kDuplicates || b.PollDelivery())
    {
        state.SkipWithError("a duplicate of a finished packet was not re-acked exactly once");
    }
    state.SetItemsProcessed(state.iterations() * kDuplicates);
}
BENCHMARK(BM_DuplicateOfFinished);

// Every packet arrives again while the application still holds its answer:
// each duplicate is dropped silently. One item = one duplicate.
void
BM_DuplicateOfUnanswered(benchmark::State& state)
{
    Config cfg;
    Ep b(cfg);
    std::array<Handle, kDuplicates> held;
    ReceiveOnce(b, &held);
    int64_t sent = 0;
    for (auto _ : state)
    {
        for (Seq s = 0; s < kDuplicates; ++s)
        {
            b.ReceiveData(0, PacketKind::Payload, s, 0, s);
        }
        while (b.PollTransmit())
        {
            ++sent;
        }
    }
    if (sent != 0 || b.PollDelivery())
    {
        state.SkipWithError("a duplicate of an unanswered packet was answered or delivered");
    }
    state.SetItemsProcessed(state.iterations() * kDuplicates);
}
BENCHMARK(BM_DuplicateOfUnanswered);

// 64 seq_cst payloads (the whole default window) arrive in reverse order:
// 63 wait for the gap, the first fills it and is delivered, and each Ack
// releases the seq_cst lock and delivers the next. One item = one packet.
void
BM_SeqCstBacklog(benchmark::State& state)
{
    Config cfg;
    const Seq n = cfg.window;
    Ep b(cfg);
    Seq base = 0;
    bool inOrder = true;
    for (auto _ : state)
    {
        for (Seq i = n; i-- > 0;)
        {
            b.ReceiveData(0, PacketKind::SeqCstPayload, base + i, 0, base + i);
        }
        for (Seq i = 0; i < n; ++i)
        {
            auto d = b.PollDelivery();
            auto& payload = std::get<PayloadDelivery<uint64_t, uint64_t>>(*d);
            inOrder &= payload.seq == base + i && payload.data == base + i;
            payload.answer.Ack();
        }
        while (b.PollTransmit())
        {
        }
        base += n;
    }
    if (!inOrder || !b.Idle())
    {
        state.SkipWithError("the backlog was not delivered in order");
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_SeqCstBacklog);

} // namespace
