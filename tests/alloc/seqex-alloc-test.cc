// Steady state allocates nothing (doc/core.md, "Memory"): after a warm-up,
// 100,000 further cycles of typed uint64_t traffic through two endpoints make
// zero calls to operator new or delete, on every path: payload/ack, replies,
// seq_cst order and lock, loss, retransmission, duplicates, held answers.
#define BOOST_TEST_MODULE seqex_alloc
#include "seqex-alloc-counter.h"
#include "seqex-alloc-pair.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <vector>

using namespace seqex;
using namespace seqex::test;

namespace
{

constexpr int kWarmupCycles = 1000;
constexpr int kMeasuredCycles = 100000;

// What changed on both endpoints over the measured cycles.
struct Measured
{
    AllocCount allocs;
    uint64_t completed = 0;     // exchanges ended by an Ack
    uint64_t retransmitted = 0; // data packets sent again (S3)
    uint64_t duplicates = 0;    // data packets received again (R5)
    uint64_t delivered = 0;
};

Counters
Sum(const Pair& pair)
{
    Counters a = pair.Ep(0).GetCounters();
    const Counters& b = pair.Ep(1).GetCounters();
    a.retransmitted += b.retransmitted;
    a.duplicatesDropped += b.duplicatesDropped;
    a.delivered += b.delivered;
    return a;
}

// Warms a pair up, counts allocations over kMeasuredCycles steps, then
// drains it and checks every exchange ended with the data intact.
Measured
RunSteadyState(const Config& config, const Policy& policy, uint32_t seed)
{
    Pair pair(config, policy, seed);
    for (int i = 0; i < kWarmupCycles; ++i)
    {
        pair.Step();
    }
    Counters before = Sum(pair);
    uint64_t completedBefore = pair.Completed(0) + pair.Completed(1);

    Measured m;
    m.allocs = CountAllocations([&pair] {
        for (int i = 0; i < kMeasuredCycles; ++i)
        {
            pair.Step();
        }
    });

    Counters after = Sum(pair);
    m.completed = pair.Completed(0) + pair.Completed(1) - completedBefore;
    m.retransmitted = after.retransmitted - before.retransmitted;
    m.duplicates = after.duplicatesDropped - before.duplicatesDropped;
    m.delivered = after.delivered - before.delivered;

    BOOST_TEST_REQUIRE(pair.Drain(100000));
    BOOST_TEST(pair.Mismatches() == 0u);
    // Exactly once, both ways: every data packet sent was delivered once.
    BOOST_TEST(pair.Ep(1).GetCounters().delivered == pair.Ep(0).GetCounters().sent);
    BOOST_TEST(pair.Ep(0).GetCounters().delivered == pair.Ep(1).GetCounters().sent);
    BOOST_TEST_MESSAGE("allocations " << m.allocs.allocations << ", frees " << m.allocs.deallocations
                                      << ", exchanges " << m.completed << ", deliveries " << m.delivered
                                      << ", retransmissions " << m.retransmitted << ", duplicates "
                                      << m.duplicates);
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(counter)

// The zero results below mean something only if the counter sees allocations.
BOOST_AUTO_TEST_CASE(counts_every_allocation_and_free)
{
    AllocCount n = CountAllocations([] {
        auto one = std::make_unique<uint64_t>(1);
        std::vector<uint64_t> v(16);
        // volatile: the compiler may not elide this new/delete pair.
        static uint64_t* volatile array;
        array = new uint64_t[4];
        delete[] array;
    });
    BOOST_TEST(n.allocations == 3u);
    BOOST_TEST(n.deallocations == 3u);
}

BOOST_AUTO_TEST_CASE(an_endpoint_allocates_while_warming_up)
{
    AllocCount n = CountAllocations([] {
        TypedEndpoint ep{Config{}};
        ep.Send(0, false, 1);
    });
    BOOST_TEST(n.allocations > 0u);
    BOOST_TEST(n.deallocations == n.allocations);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(steady_state)

// Exactly the benchmark's cycle: a.Send, a.PollTransmit -> b.ReceiveData,
// b.PollDelivery, Ack, b.PollTransmit -> a.ReceiveAck, a.PollDelivery.
BOOST_AUTO_TEST_CASE(send_deliver_ack_resolve_cycle)
{
    Config config;
    TypedEndpoint a(config);
    TypedEndpoint b(config);
    uint64_t value = 0;
    uint64_t wrong = 0;
    auto cycle = [&] {
        auto sent = a.Send(0, false, value);
        auto data = a.PollTransmit();
        wrong += !sent.Ok() || !data;
        b.ReceiveData(0, data->kind, data->seq, data->re, *data->data);
        auto delivery = b.PollDelivery();
        auto* payload = std::get_if<PayloadDelivery<uint64_t, uint64_t>>(&*delivery);
        wrong += payload == nullptr || payload->data != value;
        payload->answer.Ack();
        auto ack = b.PollTransmit();
        wrong += !ack || ack->kind != PacketKind::Ack;
        a.ReceiveAck(0, ack->re);
        auto acked = a.PollDelivery();
        auto* resolved = std::get_if<AckedDelivery<uint64_t>>(&*acked);
        wrong += resolved == nullptr || resolved->sent != value;
        ++value;
    };
    for (int i = 0; i < kWarmupCycles; ++i)
    {
        cycle();
    }
    AllocCount n = CountAllocations([&] {
        for (int i = 0; i < kMeasuredCycles; ++i)
        {
            cycle();
        }
    });
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(a.Idle());
    BOOST_TEST(b.Idle());
    BOOST_TEST(a.GetCounters().resolvedByAck == uint64_t(kWarmupCycles + kMeasuredCycles));
    BOOST_TEST(n.allocations == 0u);
    BOOST_TEST(n.deallocations == 0u);
}

BOOST_AUTO_TEST_CASE(payloads_both_ways)
{
    Measured m = RunSteadyState(Config{}, Policy{}, 1);
    BOOST_TEST(m.allocs.allocations == 0u);
    BOOST_TEST(m.allocs.deallocations == 0u);
    BOOST_TEST(m.completed >= 2u * kMeasuredCycles - 4);
}

// payload -> reply -> reply -> Ack, some of them seq_cst.
BOOST_AUTO_TEST_CASE(exchanges_with_replies)
{
    Policy policy;
    policy.replyDepth = 2;
    policy.seqCstPercent = 25;
    Measured m = RunSteadyState(Config{}, policy, 2);
    BOOST_TEST(m.allocs.allocations == 0u);
    BOOST_TEST(m.allocs.deallocations == 0u);
    BOOST_TEST(m.completed >= 2u * kMeasuredCycles - 8);
    BOOST_TEST(m.delivered >= 3 * m.completed);
}

// Bursts of seq_cst packets in random order: they wait for the gap and for
// the lock.
BOOST_AUTO_TEST_CASE(seq_cst_backlogs)
{
    Policy policy;
    policy.seqCstPercent = 100;
    policy.reorder = true;
    policy.sendsPerStep = 8;
    policy.replyDepth = 1;
    Measured m = RunSteadyState(Config{}, policy, 3);
    BOOST_TEST(m.allocs.allocations == 0u);
    BOOST_TEST(m.allocs.deallocations == 0u);
    BOOST_TEST(m.completed >= uint64_t(kMeasuredCycles));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lossy)

// Lost datagrams are retransmitted; retransmissions of packets that did
// arrive are duplicates, silent or re-acked.
BOOST_AUTO_TEST_CASE(retransmissions_and_duplicates)
{
    Config config;
    config.resendIntervalMs = 3 * Pair::kStepMs;
    Policy policy;
    policy.lossPercent = 20;
    policy.duplicatePercent = 10;
    Measured m = RunSteadyState(config, policy, 4);
    BOOST_TEST(m.allocs.allocations == 0u);
    BOOST_TEST(m.allocs.deallocations == 0u);
    BOOST_TEST(m.completed >= uint64_t(kMeasuredCycles));
    BOOST_TEST(m.retransmitted >= uint64_t(kMeasuredCycles / 10));
    BOOST_TEST(m.duplicates >= uint64_t(kMeasuredCycles / 10));
}

// Everything at once: loss, duplicates, reordering, replies, seq_cst, held
// answers and full windows.
BOOST_AUTO_TEST_CASE(everything_at_once)
{
    Config config;
    config.resendIntervalMs = 5 * Pair::kStepMs;
    Policy policy;
    policy.lossPercent = 10;
    policy.duplicatePercent = 10;
    policy.reorder = true;
    policy.seqCstPercent = 30;
    policy.replyDepth = 1;
    policy.holdPercent = 20;
    policy.sendsPerStep = 4;
    Measured m = RunSteadyState(config, policy, 5);
    BOOST_TEST(m.allocs.allocations == 0u);
    BOOST_TEST(m.allocs.deallocations == 0u);
    BOOST_TEST(m.completed >= uint64_t(kMeasuredCycles));
    BOOST_TEST(m.retransmitted > 0u);
    BOOST_TEST(m.duplicates > 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 11, defect 2: memory stays O(W) whatever the peer does. Each side
// holds one answer for the whole run while 4 M data packets go both ways:
// the rings do not grow, nothing allocates after the first steps, and the
// heap both endpoints ever hold stays under a fixed cap (two endpoints of
// W = 64 with 8-byte data need about 27 KiB; the rings used to follow the
// held packet's span and reach hundreds of MB).
BOOST_AUTO_TEST_SUITE(held_exchange)

constexpr uint64_t kHeldRunPackets = 4000000;
constexpr uint64_t kHeapCapBytes = 64 * 1024;
constexpr int kHeldWarmupSteps = 5000;

uint64_t
DataPacketsSent(const Pair& pair)
{
    return pair.Ep(0).GetCounters().sent + pair.Ep(1).GetCounters().sent;
}

void
RunWithOneAnswerHeld(bool holdReply, uint32_t seed)
{
    Policy policy;
    policy.replyDepth = 1; // payload -> reply -> Ack
    std::optional<Pair> pair;
    AllocCount run{};
    AllocCount whole = CountAllocations([&] {
        pair.emplace(Config{}, policy, seed);
        pair->Pin(holdReply);
        for (int i = 0; i < kHeldWarmupSteps; ++i)
        {
            pair->Step();
        }
    });
    BOOST_TEST_REQUIRE(pair->BothPinned());
    BOOST_TEST_REQUIRE(whole.peakLiveBytes <= kHeapCapBytes, "peak heap " << whole.peakLiveBytes << " bytes");
    run = CountAllocations([&] {
        while (DataPacketsSent(*pair) < kHeldRunPackets)
        {
            pair->Step();
        }
    });
    BOOST_TEST(pair->BothPinned());
    BOOST_TEST(DataPacketsSent(*pair) >= kHeldRunPackets);
    BOOST_TEST(run.allocations == 0u);
    BOOST_TEST(run.deallocations == 0u);
    // What the held exchange leaves live at each side, the rest flows: a held
    // payload, at most its packet in flight and its delivery; a held reply,
    // also the peer's payload it answered, tracked until the reply resolves.
    BOOST_TEST(pair->Ep(0).ParkedSlots() <= 3u);
    BOOST_TEST(pair->Ep(1).ParkedSlots() <= 3u);
    BOOST_TEST_MESSAGE("held " << (holdReply ? "reply" : "payload") << ": " << DataPacketsSent(*pair)
                               << " data packets, peak heap " << whole.peakLiveBytes << " bytes, "
                               << run.allocations << " allocations after warm-up, parked "
                               << pair->Ep(0).ParkedSlots() << "/" << pair->Ep(1).ParkedSlots());
    pair->Release();
    BOOST_TEST_REQUIRE(pair->Drain(100000));
    BOOST_TEST(pair->Mismatches() == 0u);
    BOOST_TEST(pair->Ep(1).GetCounters().delivered == pair->Ep(0).GetCounters().sent);
    BOOST_TEST(pair->Ep(0).GetCounters().delivered == pair->Ep(1).GetCounters().sent);
    BOOST_TEST(pair->Ep(0).ParkedSlots() + pair->Ep(1).ParkedSlots() == 0u);
}

// The peer never answers our first payload while we reply to its payloads
// and it acks our replies: the send side holds one packet for ever.
BOOST_AUTO_TEST_CASE(a_payload_held_for_ever)
{
    RunWithOneAnswerHeld(false, 11);
}

// The peer never resolves our reply to its first payload: the receive side
// tracks that payload for ever.
BOOST_AUTO_TEST_CASE(a_reply_held_for_ever)
{
    RunWithOneAnswerHeld(true, 12);
}

BOOST_AUTO_TEST_SUITE_END()
