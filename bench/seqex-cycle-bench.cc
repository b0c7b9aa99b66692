// The full life of an exchange between two in-process endpoints with 8-byte
// typed data: send -> deliver -> ack -> resolve. No codec, no network: this
// is the cost of the protocol core alone.
#include "seqex-cycle-steps.h"
#include "seqex-endpoint.h"
#include "seqex-fifo.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace
{

using namespace seqex;
using Ep = Endpoint<uint64_t, uint64_t>;

// Moves every queued packet of `from` into `to`; returns how many moved.
int
Transfer(Ep& from, Ep& to)
{
    int moved = 0;
    while (auto p = from.PollTransmit())
    {
        if (p->kind == PacketKind::Ack)
        {
            to.ReceiveAck(0, p->re);
        }
        else
        {
            to.ReceiveData(0, p->kind, p->seq, p->re, *p->data);
        }
        ++moved;
    }
    return moved;
}

// One packet at a time: the cycle of seqex-cycle-steps.h. One item = one
// whole cycle.
void
BM_Cycle(benchmark::State& state)
{
    Config cfg;
    Ep a(cfg);
    Ep b(cfg);
    uint64_t value = 0;
    uint64_t sum = 0;
    bool ok = true;
    for (auto _ : state)
    {
        ok &= bench::RunCycle(a, b, value++, sum);
        benchmark::DoNotOptimize(sum);
    }
    if (!ok || !bench::CyclesCompleted(a, b, value, sum))
    {
        state.SkipWithError("cycle did not complete every exchange");
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Cycle);

// Not SEQEX: a calibration of the machine. The data movement of one cycle
// with none of the protocol's rules: the three queue pushes and pops of a
// cycle (the data packet out, the delivery, the Ack) in the core's own Fifo,
// and the send-side and receive-side slots written and read. No endpoint can
// do a cycle in less time than this on the same machine, so it tells how far
// BM_Cycle is from the floor of the hardware it runs on (README.md,
// "Performance").
void
BM_CycleDataMovementFloor(benchmark::State& state)
{
    struct Entry
    {
        Seq seq;
        uint8_t kind;
    };
    constexpr Seq kMask = 127;
    Fifo<Entry> transmit;
    Fifo<Entry> deliveries;
    Fifo<Entry> acks;
    std::vector<uint64_t> txSlots(kMask + 1);
    std::vector<uint64_t> rxSlots(kMask + 1);
    Seq seq = 0;
    uint64_t sum = 0;
    for (auto _ : state)
    {
        txSlots[seq & kMask] = seq;
        transmit.Push({seq, 1});
        Entry packet = transmit.Pop();
        rxSlots[packet.seq & kMask] = txSlots[packet.seq & kMask];
        deliveries.Push({packet.seq, 0});
        Entry delivered = deliveries.Pop();
        sum += rxSlots[delivered.seq & kMask];
        acks.Push({delivered.seq, 5});
        Entry ack = acks.Pop();
        sum += txSlots[ack.seq & kMask];
        benchmark::DoNotOptimize(sum);
        ++seq;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CycleDataMovementFloor);

// The pipelined case: a burst of k payloads, then all of them move, all are
// acked, all acks move back and all resolve. One item = one exchange.
// Args: {k, window}. A burst may hold at most PayloadBudget(window) = W/2 new
// payloads (S6 keeps the other half for answers, see doc/core.md), so 32 is
// the largest burst of the default window 64; the 256-window case shows a
// burst of 128.
void
BM_CycleBatched(benchmark::State& state)
{
    const int k = static_cast<int>(state.range(0));
    Config cfg;
    cfg.window = static_cast<uint32_t>(state.range(1));
    if (static_cast<uint32_t>(k) > PayloadBudget(cfg.window))
    {
        state.SkipWithError("burst larger than PayloadBudget(window): the window would refuse sends");
        return;
    }
    Ep a(cfg);
    Ep b(cfg);
    uint64_t value = 0;
    uint64_t sum = 0;
    int64_t resolved = 0;
    bool ok = true;
    for (auto _ : state)
    {
        for (int i = 0; i < k; ++i)
        {
            ok &= a.Send(0, false, value++).Ok();
        }
        Transfer(a, b);
        while (auto d = b.PollDelivery())
        {
            auto* payload = std::get_if<PayloadDelivery<uint64_t, uint64_t>>(&*d);
            sum += payload->data;
            ok &= payload->answer.Ack() == AnswerStatus::Ok;
        }
        Transfer(b, a);
        while (auto d = a.PollDelivery())
        {
            sum += std::get_if<AckedDelivery<uint64_t>>(&*d)->sent;
            ++resolved;
        }
        benchmark::DoNotOptimize(sum);
    }
    if (!ok || resolved != static_cast<int64_t>(value) || sum != value * (value - 1) || !a.Idle() ||
        !b.Idle())
    {
        state.SkipWithError("batch did not complete every exchange");
    }
    state.SetItemsProcessed(state.iterations() * k);
}
BENCHMARK(BM_CycleBatched)->ArgNames({"k", "W"})->Args({1, 64})->Args({8, 64})->Args({32, 64})->Args({128, 256});

// A request/reply exchange: payload -> reply -> ack. One item = one exchange
// (two data packets, one ack, three deliveries: payload, reply, Acked).
void
BM_ReplyExchange(benchmark::State& state)
{
    Config cfg;
    Ep a(cfg);
    Ep b(cfg);
    uint64_t value = 0;
    uint64_t sum = 0;
    for (auto _ : state)
    {
        a.Send(0, false, value);
        Transfer(a, b);
        auto request = b.PollDelivery();
        auto& payload = std::get<PayloadDelivery<uint64_t, uint64_t>>(*request);
        payload.answer.Reply(0, false, payload.data + 1);
        Transfer(b, a);
        auto reply = a.PollDelivery();
        auto& r = std::get<ReplyDelivery<uint64_t, uint64_t>>(*reply);
        sum += r.data - r.sent; // 1 per exchange
        r.answer.Ack();
        Transfer(a, b);
        auto acked = b.PollDelivery();
        sum += std::get<AckedDelivery<uint64_t>>(*acked).sent - value; // the reply's data: value + 1
        ++value;
    }
    benchmark::DoNotOptimize(sum);
    if (sum != 2 * value || !a.Idle() || !b.Idle())
    {
        state.SkipWithError("exchange did not complete");
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReplyExchange);

} // namespace
