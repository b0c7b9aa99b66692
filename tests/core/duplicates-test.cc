// SPEC R1 (exactly-once delivery) and R5 (duplicates in every receive
// state: what is delivered and what is sent back).
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

ReceiveStatus
FeedPayload(ByteEndpoint& ep, Seq seq, const std::string& data = "peer", bool seqCst = false)
{
    return ep.ReceiveData(0, seqCst ? PacketKind::SeqCstPayload : PacketKind::Payload, seq, 0, B(data));
}

// The peer's payload `seq` fed and delivered; returns its delivery.
ByteDelivery
Delivered(ByteEndpoint& ep, Seq seq)
{
    BOOST_TEST_REQUIRE(FeedPayload(ep, seq) == ReceiveStatus::Accepted);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(AsPayload(*d).seq == seq);
    return std::move(*d);
}

Answer<Bytes, Bytes>&
AnswerOf(ByteDelivery& d)
{
    return AsPayload(d).answer;
}

// The packets sent are exactly one Ack naming `re`.
void
ExpectOneAck(ByteEndpoint& ep, Seq re)
{
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Ack);
    BOOST_TEST(out[0].re == re);
}

} // namespace

BOOST_AUTO_TEST_SUITE(duplicates)

// R5, R1: a duplicate of a waiting packet (received, not yet delivered) is
// dropped silently; once it may go, it is delivered once.
BOOST_AUTO_TEST_CASE(r5_duplicate_of_waiting_packet_is_dropped_silently)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(FeedPayload(ep, 1, "one", true) == ReceiveStatus::Accepted); // waits for 0 (R4)
    BOOST_TEST(ep.Waiting() == 1u);
    for (int i = 0; i < 3; ++i)
    {
        BOOST_TEST(FeedPayload(ep, 1, "one", true) == ReceiveStatus::Duplicate);
    }
    BOOST_TEST(ep.Waiting() == 1u);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().duplicatesDropped == 3u);

    BOOST_TEST(FeedPayload(ep, 0, "zero") == ReceiveStatus::Accepted);
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 2u);
    BOOST_TEST(AsPayload(ds[0]).seq == 0u);
    BOOST_TEST(AsPayload(ds[1]).seq == 1u);
    BOOST_TEST(Text(AsPayload(ds[1]).data) == "one");
    BOOST_TEST(ep.GetCounters().delivered == 2u);
}

// R5, R1: delivered but not answered yet (queued for the app, or held by
// it): dropped, nothing sent, not delivered again.
BOOST_AUTO_TEST_CASE(r5_duplicate_of_unanswered_delivery_sends_nothing)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Accepted);
    BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate); // queued, not polled
    auto held = ep.PollDelivery();
    BOOST_TEST_REQUIRE(held.has_value());
    BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate); // held by the app
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().acksSent == 0u);
    BOOST_TEST(ep.GetCounters().delivered == 1u);

    BOOST_TEST(AnswerOf(*held).Ack() == AnswerStatus::Ok);
    ExpectOneAck(ep, 0);
}

// R5: answered by a reply that is still unresolved: nothing is sent, the
// reply (retransmitted by S3) will resolve the peer's packet.
BOOST_AUTO_TEST_CASE(r5_duplicate_answered_by_unresolved_reply_sends_nothing)
{
    ByteEndpoint ep(MakeConfig(8));
    auto d = Delivered(ep, 0);
    BOOST_TEST(AnswerOf(d).Reply(0, false, B("reply")).Ok());
    BOOST_TEST(DrainTransmit(ep).size() == 1u);
    for (int i = 0; i < 3; ++i)
    {
        BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate);
    }
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().acksSent == 0u);
}

// R5: answered by ack: each duplicate gets Ack(seq) again, never a delivery.
BOOST_AUTO_TEST_CASE(r5_duplicate_answered_by_ack_is_acked_again)
{
    ByteEndpoint ep(MakeConfig(8));
    auto d = Delivered(ep, 0);
    BOOST_TEST(AnswerOf(d).Ack() == AnswerStatus::Ok);
    ExpectOneAck(ep, 0);
    for (int i = 0; i < 3; ++i)
    {
        BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate);
        ExpectOneAck(ep, 0);
    }
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().acksSent == 4u);
    BOOST_TEST(ep.GetCounters().delivered == 1u);
}

// R5: answered by a reply that was then resolved (by an Ack, or by the
// peer's reply to our reply): the duplicate gets Ack(seq).
BOOST_AUTO_TEST_CASE(r5_duplicate_answered_by_resolved_reply_is_acked)
{
    {
        ByteEndpoint ep(MakeConfig(8));
        auto d = Delivered(ep, 0);
        auto reply = AnswerOf(d).Reply(0, false, B("reply"));
        DrainTransmit(ep);
        BOOST_TEST(ep.ReceiveAck(0, reply.seq) == ReceiveStatus::AckResolved);
        BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate);
        ExpectOneAck(ep, 0);
        auto acked = ep.PollDelivery();
        BOOST_TEST_REQUIRE(acked.has_value());
        BOOST_TEST(KindOf(*acked) == DeliveryKind::Acked);
        BOOST_TEST(!ep.PollDelivery().has_value());
    }
    {
        ByteEndpoint ep(MakeConfig(8));
        auto d = Delivered(ep, 0);
        auto reply = AnswerOf(d).Reply(0, false, B("reply"));
        DrainTransmit(ep);
        BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 1, reply.seq, B("reply to reply")) == ReceiveStatus::Accepted);
        auto second = ep.PollDelivery(); // held unanswered: irrelevant to packet 0
        BOOST_TEST_REQUIRE(second.has_value());
        BOOST_TEST(KindOf(*second) == DeliveryKind::Reply);
        BOOST_TEST(FeedPayload(ep, 0) == ReceiveStatus::Duplicate);
        ExpectOneAck(ep, 0);
        BOOST_TEST(!ep.PollDelivery().has_value());
    }
}

// R5, R1: a packet delivered out of order (the one before it still missing)
// and duplicated before the gap fills is not delivered again; once answered
// by ack its duplicates are re-acked, before and after the gap fills.
BOOST_AUTO_TEST_CASE(r1_out_of_order_delivery_duplicated_before_gap_fills)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(FeedPayload(ep, 1, "one") == ReceiveStatus::Accepted);
    auto one = ep.PollDelivery();
    BOOST_TEST_REQUIRE(one.has_value());
    BOOST_TEST(ep.NextExpected() == 0u);

    BOOST_TEST(FeedPayload(ep, 1, "one") == ReceiveStatus::Duplicate);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(!ep.PollDelivery().has_value());

    BOOST_TEST(AnswerOf(*one).Ack() == AnswerStatus::Ok);
    ExpectOneAck(ep, 1);
    BOOST_TEST(FeedPayload(ep, 1, "one") == ReceiveStatus::Duplicate);
    ExpectOneAck(ep, 1);
    BOOST_TEST(!ep.PollDelivery().has_value());

    BOOST_TEST(FeedPayload(ep, 0, "zero") == ReceiveStatus::Accepted);
    auto zero = ep.PollDelivery();
    BOOST_TEST_REQUIRE(zero.has_value());
    BOOST_TEST(AsPayload(*zero).seq == 0u);
    BOOST_TEST(!ep.PollDelivery().has_value()); // 1 is not delivered again
    BOOST_TEST(ep.NextExpected() == 2u);
    BOOST_TEST(FeedPayload(ep, 1, "one") == ReceiveStatus::Duplicate);
    ExpectOneAck(ep, 1);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().delivered == 2u);
}

// R5, R1: duplicates of packets long finished (their receive slots since
// reused by later seqs) are acked, never delivered.
BOOST_AUTO_TEST_CASE(r5_old_duplicates_after_many_packets_are_acked)
{
    const uint32_t w = 4;
    ByteEndpoint ep(MakeConfig(w));
    for (Seq s = 0; s < 100; ++s)
    {
        BOOST_TEST_REQUIRE(FeedPayload(ep, s, "p" + std::to_string(s)) == ReceiveStatus::Accepted);
        DrainDeliveries(ep); // acked by dropping (R8)
    }
    DrainTransmit(ep);
    BOOST_TEST(ep.GetCounters().delivered == 100u);
    for (Seq s : {Seq(0), Seq(1), Seq(50), Seq(96), Seq(99)})
    {
        BOOST_TEST(FeedPayload(ep, s) == ReceiveStatus::Duplicate);
        ExpectOneAck(ep, s);
        BOOST_TEST(!ep.PollDelivery().has_value());
    }
    BOOST_TEST(ep.GetCounters().delivered == 100u);
    BOOST_TEST(ep.Idle());
}

// R1 end to end: a link that delivers every packet twice, and loses some,
// still gives every delivery exactly once.
BOOST_AUTO_TEST_CASE(r1_exactly_once_over_a_duplicating_link)
{
    ByteScenario s(MakeConfig(8, 0, 100));
    for (auto& app : s.app)
    {
        app.chainLength = 3;
    }
    s.link.duplicate = true;
    s.LoseAtRandom(4, 0.15);
    bool finished = s.RunExchanges(40, [](int side, int i) { return (i + side) % 4 == 0; });
    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    for (int side = 0; side < 2; ++side)
    {
        BOOST_TEST(s.Ep(side).GetCounters().duplicatesDropped > 0u);
        BOOST_TEST(s.Ep(side).GetCounters().delivered == s.link.FirstSends(1 - side).size());
    }
}

BOOST_AUTO_TEST_SUITE_END()
