// SPEC R6: a reply naming our packet resolves it and is delivered with that
// packet's send-side data; a reply naming nothing known is delivered as a
// payload; a reply that must wait still resolves its packet on arrival.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

BOOST_AUTO_TEST_SUITE(replies)

// R6 + S2: the reply resolves exactly the packet it names, hands back that
// packet's data, and the packet is not resent.
BOOST_AUTO_TEST_CASE(r6_reply_resolves_named_packet_with_its_data)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto a = ep.Send(0, false, B("first"));
    auto b = ep.Send(0, true, B("second"));
    DrainTransmit(ep);

    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, b.seq, B("to second")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.InFlight() == 1u);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(KindOf(*d) == DeliveryKind::Reply);
    auto& r = AsReply(*d);
    BOOST_TEST(r.re == b.seq);
    BOOST_TEST(Text(r.sent) == "second");
    BOOST_TEST(Text(r.data) == "to second");

    ep.Tick(100);
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].seq == a.seq); // only the unresolved one
}

// R6: a reply whose re names nothing in our send window (never sent, or
// already resolved) is delivered as a payload and resolves nothing.
BOOST_AUTO_TEST_CASE(r6_reply_naming_nothing_known_is_a_payload)
{
    ByteEndpoint ep(MakeConfig(8));
    auto mine = ep.Send(0, false, B("mine"));
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveAck(0, mine.seq) == ReceiveStatus::AckResolved);

    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, 12345, B("stray")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstReply, 1, mine.seq, B("late")) == ReceiveStatus::Accepted);
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 3u);
    BOOST_TEST(KindOf(ds[0]) == DeliveryKind::Acked);
    BOOST_TEST_REQUIRE(KindOf(ds[1]) == DeliveryKind::Payload);
    BOOST_TEST_REQUIRE(KindOf(ds[2]) == DeliveryKind::Payload);
    auto& stray = AsPayload(ds[1]);
    BOOST_TEST(stray.seq == 0u);
    BOOST_TEST(!stray.seqCst);
    BOOST_TEST(Text(stray.data) == "stray");
    auto& late = AsPayload(ds[2]);
    BOOST_TEST(late.seqCst);
    BOOST_TEST(Text(late.data) == "late");
    BOOST_TEST(ep.GetCounters().resolvedByReply == 0u);
    BOOST_TEST(ep.GetCounters().resolvedByAck == 1u);

    // They are answered like any delivery.
    BOOST_TEST(late.answer.Reply(0, false, B("answer")).Ok());
}

// R6: a seq_cst reply that must wait (a lower seq is missing) resolves its
// packet on arrival: no retransmission meanwhile, and the data comes back
// when it is delivered.
BOOST_AUTO_TEST_CASE(r6_waiting_reply_resolves_on_arrival)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto mine = ep.Send(0, false, B("request"));
    DrainTransmit(ep);

    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstReply, 1, mine.seq, B("response")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.Waiting() == 1u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.InFlight() == 0u);
    BOOST_TEST(ep.GetCounters().resolvedByReply == 1u);
    BOOST_TEST(!ep.NextTimer().has_value());
    for (TimeMs t = 100; t <= 1000; t += 100)
    {
        ep.Tick(t);
    }
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(ep.GetCounters().retransmitted == 0u);

    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 0, 0, B("gap")) == ReceiveStatus::Accepted);
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 2u);
    BOOST_TEST(KindOf(ds[0]) == DeliveryKind::Payload);
    BOOST_TEST_REQUIRE(KindOf(ds[1]) == DeliveryKind::Reply);
    auto& r = AsReply(ds[1]);
    BOOST_TEST(r.seq == 1u);
    BOOST_TEST(r.seqCst);
    BOOST_TEST(r.re == mine.seq);
    BOOST_TEST(Text(r.sent) == "request");
    BOOST_TEST(Text(r.data) == "response");
}

// R6: a seq_cst reply held back by the seq_cst lock also resolves its
// packet on arrival.
BOOST_AUTO_TEST_CASE(r6_reply_waiting_for_the_lock_resolves_on_arrival)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto mine = ep.Send(0, false, B("request"));
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstPayload, 0, 0, B("locker")) == ReceiveStatus::Accepted);
    auto locker = ep.PollDelivery();
    BOOST_TEST_REQUIRE(locker.has_value());

    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstReply, 1, mine.seq, B("response")) == ReceiveStatus::Accepted);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.InFlight() == 0u);
    ep.Tick(500);
    BOOST_TEST(DrainTransmit(ep).empty());

    locker.reset(); // acked: the lock goes to the reply
    auto r = ep.PollDelivery();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST_REQUIRE(KindOf(*r) == DeliveryKind::Reply);
    BOOST_TEST(Text(AsReply(*r).sent) == "request");
    BOOST_TEST(AsReply(*r).answer.HoldsSeqCstLock());
}

// R6: a duplicate reply neither resolves again nor delivers again.
BOOST_AUTO_TEST_CASE(r6_duplicate_reply_resolves_once)
{
    ByteEndpoint ep(MakeConfig(8));
    auto mine = ep.Send(0, false, B("request"));
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, mine.seq, B("response")) == ReceiveStatus::Accepted);
    auto r = ep.PollDelivery();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, mine.seq, B("response")) == ReceiveStatus::Duplicate);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().resolvedByReply == 1u);
    BOOST_TEST(DrainTransmit(ep).empty()); // unanswered yet (R5)
}

// R6: a reply to a reply: the chain's links are each resolved by the next.
BOOST_AUTO_TEST_CASE(r6_reply_chain_resolves_each_link)
{
    ByteScenario s(MakeConfig(8));
    for (auto& app : s.app)
    {
        app.chainLength = 5;
    }
    BOOST_TEST_REQUIRE(s.SendPayload(0, false, "chain").Ok());
    bool finished = s.RunUntilQuiet();
    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    // Side 0 sent hops 0, 2, 4; side 1 hops 1, 3 and the final Ack.
    BOOST_TEST(s.a.GetCounters().resolvedByReply == 2u);
    BOOST_TEST(s.a.GetCounters().resolvedByAck == 1u);
    BOOST_TEST(s.b.GetCounters().resolvedByReply == 2u);
    BOOST_TEST(s.b.GetCounters().resolvedByAck == 0u);
    BOOST_TEST(s.b.GetCounters().acksSent == 1u);
    BOOST_TEST(s.a.GetCounters().acksSent == 0u);
    BOOST_TEST(s.a.GetCounters().retransmitted + s.b.GetCounters().retransmitted == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
