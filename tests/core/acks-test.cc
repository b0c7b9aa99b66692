// SPEC R7: an Ack for a packet not in the send window (never sent, already
// resolved by ack or by reply) is ignored and counted, and changes nothing.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

BOOST_AUTO_TEST_SUITE(acks)

// R7: nothing ever sent.
BOOST_AUTO_TEST_CASE(r7_ack_for_never_sent_seq_is_ignored)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(ep.ReceiveAck(0, 0) == ReceiveStatus::AckIgnored);
    BOOST_TEST(ep.ReceiveAck(0, 0xFFFFFFFFu) == ReceiveStatus::AckIgnored);
    BOOST_TEST(ep.GetCounters().ignoredAcks == 2u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(ep.Idle());

    // The first real packet is unaffected.
    auto sent = ep.Send(0, false, B("x"));
    BOOST_TEST(sent.seq == 0u);
    BOOST_TEST(ep.InFlight() == 1u);
}

// R7: seqs around the ones in flight that were never sent, and seqs far away.
BOOST_AUTO_TEST_CASE(r7_ack_beyond_what_was_sent_is_ignored)
{
    ByteEndpoint ep(MakeConfig(8, 100));
    auto a = ep.Send(0, false, B("a"));
    auto b = ep.Send(0, false, B("b"));
    for (Seq s : {Seq(99), Seq(102), Seq(103), Seq(100 + 16), Seq(100 + 0x80000000u)})
    {
        BOOST_TEST(ep.ReceiveAck(0, s) == ReceiveStatus::AckIgnored);
    }
    BOOST_TEST(ep.GetCounters().ignoredAcks == 5u);
    BOOST_TEST(ep.InFlight() == 2u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.ReceiveAck(0, b.seq) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.ReceiveAck(0, a.seq) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.GetCounters().resolvedByAck == 2u);
}

// R7: already resolved by an Ack, before and after the app took the Acked
// delivery: one resolution, one delivery.
BOOST_AUTO_TEST_CASE(r7_ack_for_already_acked_packet_is_ignored)
{
    ByteEndpoint ep(MakeConfig(8));
    auto sent = ep.Send(0, false, B("x"));
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckIgnored); // delivery not taken yet
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckIgnored); // taken
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().resolvedByAck == 1u);
    BOOST_TEST(ep.GetCounters().ignoredAcks == 2u);
    BOOST_TEST(ep.Idle());
}

// R7: already resolved by a reply: the Ack does not resolve it again, and
// the reply's delivery still carries the data.
BOOST_AUTO_TEST_CASE(r7_ack_for_packet_resolved_by_reply_is_ignored)
{
    ByteEndpoint ep(MakeConfig(8));
    auto sent = ep.Send(0, false, B("request"));
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, sent.seq, B("response")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckIgnored);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(KindOf(*d) == DeliveryKind::Reply);
    BOOST_TEST(Text(AsReply(*d).sent) == "request");
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().ignoredAcks == 1u);
    BOOST_TEST(ep.GetCounters().resolvedByAck == 0u);
}

// R7 by the data path: ReceiveData given an Ack kind treats it as an Ack.
BOOST_AUTO_TEST_CASE(r7_ack_kind_through_receive_data)
{
    ByteEndpoint ep(MakeConfig(8));
    auto sent = ep.Send(0, false, B("x"));
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Ack, 0, 7, {}) == ReceiveStatus::AckIgnored);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Ack, 0, sent.seq, {}) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.GetCounters().ignoredAcks == 1u);
    BOOST_TEST(ep.GetCounters().delivered == 0u); // an Ack is never a delivery of data
}

BOOST_AUTO_TEST_SUITE_END()
