// SPEC R2 (the receive window [next_expected, next_expected + W)) and R3
// (non-seq_cst packets delivered on arrival unless there is no room to
// answer them; then they wait and are never lost).
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

ReceiveStatus
FeedPayload(ByteEndpoint& ep, Seq seq, const std::string& data = "peer")
{
    return ep.ReceiveData(0, PacketKind::Payload, seq, 0, B(data));
}

Seq
SeqOf(const ByteDelivery& d)
{
    return AsPayload(d).seq;
}

} // namespace

BOOST_AUTO_TEST_SUITE(receive_window)

// R2: a seq at or beyond next_expected + W is dropped and counted, nothing
// is sent or delivered; it is accepted when it comes again once the window
// has moved.
BOOST_AUTO_TEST_CASE(r2_too_early_dropped_counted_and_accepted_later)
{
    ByteEndpoint ep(MakeConfig(4));
    BOOST_TEST(FeedPayload(ep, 4, "four") == ReceiveStatus::TooEarly);
    BOOST_TEST(FeedPayload(ep, 1000, "far") == ReceiveStatus::TooEarly);
    BOOST_TEST(ep.GetCounters().tooEarlyDropped == 2u);
    BOOST_TEST(ep.Waiting() == 0u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(DrainTransmit(ep).empty());

    BOOST_TEST(FeedPayload(ep, 3, "three") == ReceiveStatus::Accepted); // last seq inside
    BOOST_TEST(FeedPayload(ep, 0, "zero") == ReceiveStatus::Accepted);
    BOOST_TEST(ep.NextExpected() == 1u);
    DrainDeliveries(ep); // answered by ack (R8)

    BOOST_TEST(FeedPayload(ep, 4, "four") == ReceiveStatus::Accepted);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(SeqOf(*d) == 4u);
    BOOST_TEST(Text(AsPayload(*d).data) == "four");
    BOOST_TEST(FeedPayload(ep, 5, "five") == ReceiveStatus::TooEarly); // 1 + W
    BOOST_TEST(ep.GetCounters().tooEarlyDropped == 3u);
}

// R2 end to end (issue 11, defect 3): the sender's first packet is lost
// while later ones resolve. The sender never starts a payload W seqs or more
// ahead of the receiver's next expected one (doc/core.md, "The peer's
// window"), so no payload is sent to be dropped as too early. (The old
// endpoint sent them; replies still go out at once, S5.)
BOOST_AUTO_TEST_CASE(r2_no_payload_is_sent_beyond_the_receivers_window)
{
    const uint32_t w = 4;
    ByteScenario s(MakeConfig(w, 0, 100));
    s.link.drop = [](int from, PacketKind kind, Seq seq, Seq, bool resend) {
        return from == 0 && kind == PacketKind::Payload && seq == 0 && !resend;
    };
    uint64_t beyond = 0;
    auto record = s.link.onTransmitA;
    s.link.onTransmitA = [&](const Captured<Bytes>& p) {
        record(p);
        if (p.kind == PacketKind::Payload && !p.retransmission)
        {
            beyond += SeqDistance(s.b.NextExpected(), p.seq) >= w;
        }
    };
    bool finished = s.RunExchanges(12, [](int, int) { return false; });
    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    BOOST_TEST(beyond == 0u);
}

// R3: non-seq_cst packets are delivered as soon as they arrive, in any order.
BOOST_AUTO_TEST_CASE(r3_delivered_out_of_order_immediately)
{
    ByteEndpoint ep(MakeConfig(8));
    std::vector<ByteDelivery> held;
    for (Seq s : {Seq(3), Seq(1), Seq(2), Seq(0)})
    {
        BOOST_TEST(FeedPayload(ep, s) == ReceiveStatus::Accepted);
        auto d = ep.PollDelivery();
        BOOST_TEST_REQUIRE(d.has_value());
        BOOST_TEST(SeqOf(*d) == s);
        BOOST_TEST(!ep.PollDelivery().has_value());
        held.push_back(std::move(*d));
    }
    BOOST_TEST(ep.Waiting() == 0u);
    BOOST_TEST(ep.NextExpected() == 4u);
}

// R3: with no room to answer, a packet waits; it is delivered as soon as
// room frees (an answer given, or one of our packets resolved), lowest seq
// first, and never lost, duplicates included. (W is a budget, not a
// promise: the test fills it by sending and holding deliveries, whatever
// share the core keeps for answers.)
BOOST_AUTO_TEST_CASE(r3_waits_without_room_and_is_delivered_when_room_frees)
{
    const uint32_t w = 8;
    ByteEndpoint ep(MakeConfig(w));
    std::vector<Seq> mine;
    while (ep.CanStartExchange())
    {
        mine.push_back(ep.Send(0, false, B("mine")).seq);
    }
    BOOST_TEST_REQUIRE(mine.size() >= 2u);

    // The peer's payloads are delivered, and held unanswered, until one waits.
    std::vector<ByteDelivery> held;
    Seq firstWaiting = 0;
    for (;; ++firstWaiting)
    {
        BOOST_TEST_REQUIRE(firstWaiting < w - 2);
        BOOST_TEST_REQUIRE(FeedPayload(ep, firstWaiting) == ReceiveStatus::Accepted);
        auto d = ep.PollDelivery();
        if (!d)
        {
            break;
        }
        held.push_back(std::move(*d));
    }
    BOOST_TEST(ep.InFlight() + ep.Reserved() == w); // no room left
    BOOST_TEST(held.size() == w - mine.size());

    BOOST_TEST(FeedPayload(ep, firstWaiting + 2, "third") == ReceiveStatus::Accepted);
    BOOST_TEST(FeedPayload(ep, firstWaiting + 1, "second") == ReceiveStatus::Accepted);
    BOOST_TEST(ep.Waiting() == 3u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(FeedPayload(ep, firstWaiting + 1, "second") == ReceiveStatus::Duplicate);
    BOOST_TEST(ep.Waiting() == 3u);
    BOOST_TEST(DrainTransmit(ep).size() == mine.size()); // our payloads only: no Ack for waiting packets

    // Room frees by answering: the lowest waiting seq goes at once.
    BOOST_TEST(AsPayload(held.front()).answer.Ack() == AnswerStatus::Ok);
    auto first = ep.PollDelivery();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(SeqOf(*first) == firstWaiting);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.Waiting() == 2u);

    // Room frees by one of our packets resolving: the next lowest goes.
    BOOST_TEST(ep.ReceiveAck(0, mine[0]) == ReceiveStatus::AckResolved);
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 2u);
    BOOST_TEST(KindOf(ds[0]) == DeliveryKind::Acked);
    BOOST_TEST_REQUIRE(KindOf(ds[1]) == DeliveryKind::Payload);
    BOOST_TEST(SeqOf(ds[1]) == firstWaiting + 1);
    BOOST_TEST(Text(AsPayload(ds[1]).data) == "second");
    BOOST_TEST(ep.Waiting() == 1u);

    BOOST_TEST(ep.ReceiveAck(0, mine[1]) == ReceiveStatus::AckResolved);
    ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 2u);
    BOOST_TEST_REQUIRE(KindOf(ds[1]) == DeliveryKind::Payload);
    BOOST_TEST(SeqOf(ds[1]) == firstWaiting + 2);
    BOOST_TEST(Text(AsPayload(ds[1]).data) == "third");
    BOOST_TEST(ep.Waiting() == 0u);
    BOOST_TEST(ep.GetCounters().delivered == firstWaiting + 3);
    BOOST_TEST(ep.InFlight() + ep.Reserved() <= w);
}

BOOST_AUTO_TEST_SUITE_END()
