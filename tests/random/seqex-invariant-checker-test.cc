// The InvariantChecker itself: hand-made event records that keep every
// invariant, and records that break each one, so the checker cannot pass a
// broken run by accident.
#include "seqex-invariant-checker.h"

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <vector>

using namespace seqex;

namespace
{

const Bytes kHello{'h', 'i'};
const Bytes kWorld{'w', 'o', 'r', 'l', 'd'};
const Bytes kEmpty{};

std::string
Joined(const std::vector<std::string>& lines)
{
    std::string s;
    for (const auto& l : lines)
    {
        s += "\n  " + l;
    }
    return s;
}

// Exactly one violation, and it names every part in `parts`.
void
ExpectOne(const std::vector<std::string>& violations, std::initializer_list<const char*> parts)
{
    BOOST_TEST_REQUIRE(violations.size() == 1u, "expected one violation, got" << Joined(violations));
    for (const char* part : parts)
    {
        BOOST_TEST(violations[0].find(part) != std::string::npos,
                   "'" << violations[0] << "' does not name '" << part << "'");
    }
}

void
ExpectNone(const std::vector<std::string>& violations)
{
    BOOST_TEST(violations.empty(), "unexpected violations:" << Joined(violations));
}

// Peer 0 sends payload `seq`, peer 1 delivers it and acks, peer 0 sees the ack.
void
AckedPayload(InvariantChecker& c, Seq seq, const Bytes& data)
{
    c.OnSend(0, PacketKind::Payload, seq, 0, data);
    c.OnDeliver(1, seq, false, data, std::nullopt);
    c.OnAnswerAck(1, seq);
    c.OnResolvedByAck(0, seq);
}

} // namespace

BOOST_AUTO_TEST_SUITE(invariant_checker)

// ---- runs that keep every invariant --------------------------------------

BOOST_AUTO_TEST_CASE(acked_payload_passes)
{
    InvariantChecker c(0);
    AckedPayload(c, 0, kHello);
    ExpectNone(c.CheckSafety());
    ExpectNone(c.CheckLiveness());
    BOOST_TEST(c.CompletedExchanges() == 1u);
    BOOST_TEST(c.SentCount(0) == 1u);
    BOOST_TEST(c.DeliveredCount(0) == 1u);
    BOOST_TEST(c.SentCount(1) == 0u);
}

BOOST_AUTO_TEST_CASE(chain_across_wraparound_passes)
{
    // Peer 0: P 0xffffffff; peer 1: R 0xffffffff re 0xffffffff; peer 0: RC 0
    // re 0xffffffff (its second seq, wrapped); peer 1 acks it.
    const Seq init = 0xffffffffu;
    InvariantChecker c(init);
    c.OnSend(0, PacketKind::Payload, init, 0, kHello);
    c.OnTransmit(0, PacketKind::Payload, init, 0, kHello);
    c.OnDeliver(1, init, false, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, init, init, kWorld);
    c.OnDeliver(0, init, false, kWorld, init);
    c.OnSend(0, PacketKind::SeqCstReply, 0, init, kEmpty);
    c.OnDeliver(1, 0, true, kEmpty, init);
    c.OnAnswerAck(1, 0);
    c.OnResolvedByAck(0, 0);
    ExpectNone(c.CheckSafety());
    ExpectNone(c.CheckLiveness());
    BOOST_TEST(c.CompletedExchanges() == 1u);
}

BOOST_AUTO_TEST_CASE(unordered_packets_may_overtake)
{
    InvariantChecker c(10);
    c.OnSend(0, PacketKind::Payload, 10, 0, kHello);
    c.OnSend(0, PacketKind::Payload, 11, 0, kWorld);
    c.OnSend(0, PacketKind::SeqCstPayload, 12, 0, kEmpty);
    c.OnDeliver(1, 11, false, kWorld, std::nullopt);
    c.OnDeliver(1, 10, false, kHello, std::nullopt);
    c.OnDeliver(1, 12, true, kEmpty, std::nullopt); // after 10 and 11: in order
    for (Seq s : {11u, 12u, 10u})
    {
        c.OnAnswerAck(1, s);
        c.OnResolvedByAck(0, s);
    }
    ExpectNone(c.CheckSafety());
    ExpectNone(c.CheckLiveness());
    BOOST_TEST(c.CompletedExchanges() == 3u);
}

BOOST_AUTO_TEST_CASE(seq_cst_after_lock_released_passes)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::SeqCstPayload, 0, 0, kHello);
    c.OnSend(0, PacketKind::SeqCstPayload, 1, 0, kWorld);
    c.OnDeliver(1, 0, true, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, 0, 0, kEmpty); // answering releases the lock
    c.OnDeliver(1, 1, true, kWorld, std::nullopt);
    ExpectNone(c.CheckSafety());
}

// A resolution recorded before the receiver's answer is not yet a
// contradiction (records from two peers may interleave); liveness judges it.
BOOST_AUTO_TEST_CASE(ack_seen_before_its_answer_is_recorded_passes)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnResolvedByAck(0, 0);
    c.OnAnswerAck(1, 0);
    ExpectNone(c.CheckSafety());
    ExpectNone(c.CheckLiveness());
    BOOST_TEST(c.CompletedExchanges() == 1u);
}

// ---- invariant 1: exactly-once ---------------------------------------------

BOOST_AUTO_TEST_CASE(double_delivery_violates_1)
{
    InvariantChecker c(0);
    AckedPayload(c, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 1", "seq 0", "twice"});
}

BOOST_AUTO_TEST_CASE(delivery_of_unsent_packet_violates_1)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 1, false, kHello, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 1", "seq 1", "never sent"});
}

BOOST_AUTO_TEST_CASE(delivery_from_the_wrong_peer_violates_1)
{
    // Peer 0 sent seq 0; peer 0 "delivering" seq 0 means peer 1 sent it.
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(0, 0, false, kHello, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 0", "seq 0", "peer 1 never sent"});
}

BOOST_AUTO_TEST_CASE(changed_data_violates_1)
{
    InvariantChecker c(7);
    c.OnSend(1, PacketKind::Payload, 7, 0, kHello);
    c.OnDeliver(0, 7, false, kWorld, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 0", "seq 7", "changed data"});
}

BOOST_AUTO_TEST_CASE(changed_kind_violates_1)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::SeqCstPayload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 1", "seq 0", "seq_cst_payload"});
}

BOOST_AUTO_TEST_CASE(reused_seq_violates_1)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnSend(0, PacketKind::Payload, 0, 0, kWorld);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 0", "seq 0", "twice"});
}

BOOST_AUTO_TEST_CASE(changed_retransmission_violates_1)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnTransmit(0, PacketKind::Payload, 0, 0, kHello);
    c.OnTransmit(0, PacketKind::Payload, 0, 0, kWorld);
    ExpectOne(c.CheckSafety(), {"invariant 1", "peer 0", "seq 0", "transmitted", "changed"});
}

BOOST_AUTO_TEST_CASE(retransmission_after_resolution_violates_s3)
{
    InvariantChecker c(0);
    AckedPayload(c, 0, kHello);
    c.OnTransmit(0, PacketKind::Payload, 0, 0, kHello);
    ExpectOne(c.CheckSafety(), {"S3", "peer 0", "seq 0", "after it was resolved"});
}

// ---- invariant 2: topology ---------------------------------------------------

BOOST_AUTO_TEST_CASE(reply_delivered_as_payload_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, 0, 0, kWorld);
    c.OnDeliver(0, 0, false, kWorld, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 0", "seq 0", "as a payload"});
}

BOOST_AUTO_TEST_CASE(reply_linked_to_the_wrong_packet_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnSend(0, PacketKind::Payload, 1, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, 0, 0, kWorld);
    c.OnDeliver(0, 0, false, kWorld, Seq(1));
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 0", "seq 0", "its seq 1", "answering seq 0"});
}

BOOST_AUTO_TEST_CASE(payload_delivered_as_reply_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnSend(1, PacketKind::Payload, 0, 0, kWorld);
    c.OnDeliver(0, 0, false, kWorld, Seq(0));
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 0", "payload seq 0", "as a reply"});
}

BOOST_AUTO_TEST_CASE(answer_before_delivery_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnAnswerAck(1, 0);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 1", "seq 0", "before delivering"});
}

BOOST_AUTO_TEST_CASE(answering_twice_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnAnswerAck(1, 0);
    c.OnSend(1, PacketKind::Reply, 0, 0, kWorld);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 1", "seq 0", "twice", "reply seq 0"});
}

BOOST_AUTO_TEST_CASE(reply_to_unsent_packet_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(1, PacketKind::Reply, 0, 5, kWorld);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 1", "seq 0", "answering seq 5", "never sent"});
}

BOOST_AUTO_TEST_CASE(ack_resolution_of_a_replied_packet_violates_2)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, 0, 0, kWorld);
    c.OnResolvedByAck(0, 0);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 0", "seq 0", "answered it with reply seq 0"});
}

BOOST_AUTO_TEST_CASE(double_resolution_violates_2)
{
    InvariantChecker c(0);
    AckedPayload(c, 0, kHello);
    c.OnResolvedByAck(0, 0);
    ExpectOne(c.CheckSafety(), {"invariant 2", "peer 0", "seq 0", "resolved twice"});
}

BOOST_AUTO_TEST_CASE(ack_never_seen_by_sender_violates_2_at_liveness)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnAnswerAck(1, 0);
    ExpectNone(c.CheckSafety());
    auto liveness = c.CheckLiveness();
    BOOST_TEST(liveness.size() == 2u, Joined(liveness)); // never resolved, ack never seen
    bool named = false;
    for (const auto& l : liveness)
    {
        named = named || (l.find("invariant 2") != std::string::npos &&
                          l.find("never saw that ack") != std::string::npos &&
                          l.find("seq 0") != std::string::npos);
    }
    BOOST_TEST(named, Joined(liveness));
    BOOST_TEST(c.CompletedExchanges() == 0u);
}

BOOST_AUTO_TEST_CASE(ack_resolution_nobody_answered_violates_2_at_liveness)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnResolvedByAck(0, 0);
    ExpectNone(c.CheckSafety());
    auto liveness = c.CheckLiveness();
    BOOST_TEST(liveness.size() == 2u, Joined(liveness)); // never answered, phantom ack
    bool named = false;
    for (const auto& l : liveness)
    {
        named = named || (l.find("invariant 2") != std::string::npos &&
                          l.find("never answered with") != std::string::npos);
    }
    BOOST_TEST(named, Joined(liveness));
}

// ---- invariant 3: order -------------------------------------------------------

BOOST_AUTO_TEST_CASE(seq_cst_overtaking_violates_3)
{
    InvariantChecker c(100);
    c.OnSend(0, PacketKind::Payload, 100, 0, kHello);
    c.OnSend(0, PacketKind::SeqCstPayload, 101, 0, kWorld);
    c.OnDeliver(1, 101, true, kWorld, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 3", "peer 1", "seq 101", "before seq 100"});
}

BOOST_AUTO_TEST_CASE(seq_cst_overtaking_across_wraparound_violates_3)
{
    // Seq 0 comes after 0xffffffff here: a comparison without wraparound
    // would take 0 for the lowest seq and miss this.
    InvariantChecker c(0xffffffffu);
    c.OnSend(0, PacketKind::Payload, 0xffffffffu, 0, kHello);
    c.OnSend(0, PacketKind::SeqCstPayload, 0, 0, kWorld);
    c.OnDeliver(1, 0, true, kWorld, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 3", "peer 1", "seq 0", "before seq 4294967295"});
}

BOOST_AUTO_TEST_CASE(seq_cst_while_locked_violates_3)
{
    InvariantChecker c(0);
    c.OnSend(1, PacketKind::SeqCstPayload, 0, 0, kHello);
    c.OnSend(1, PacketKind::SeqCstPayload, 1, 0, kWorld);
    c.OnDeliver(0, 0, true, kHello, std::nullopt);
    c.OnDeliver(0, 1, true, kWorld, std::nullopt);
    ExpectOne(c.CheckSafety(), {"invariant 3", "peer 0", "seq 1", "seq 0 was unanswered", "R4"});
}

BOOST_AUTO_TEST_CASE(skipped_seq_violates_3)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnSend(0, PacketKind::Payload, 2, 0, kHello);
    ExpectOne(c.CheckSafety(), {"invariant 3", "peer 0", "seq 2", "next seq was 1"});
}

// ---- invariant 4: liveness ----------------------------------------------------

BOOST_AUTO_TEST_CASE(undelivered_packet_violates_4)
{
    InvariantChecker c(0);
    AckedPayload(c, 0, kHello);
    c.OnSend(0, PacketKind::Payload, 1, 0, kHello);
    ExpectNone(c.CheckSafety());
    auto liveness = c.CheckLiveness();
    BOOST_TEST_REQUIRE(liveness.size() == 2u, Joined(liveness));
    BOOST_TEST(liveness[0].find("invariant 4") != std::string::npos);
    BOOST_TEST(liveness[0].find("peer 1 never delivered seq 1 of peer 0") != std::string::npos);
    BOOST_TEST(liveness[1].find("peer 0's seq 1 was never resolved") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unanswered_delivery_violates_4)
{
    InvariantChecker c(0);
    c.OnSend(1, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(0, 0, false, kHello, std::nullopt);
    auto liveness = c.CheckLiveness();
    BOOST_TEST_REQUIRE(liveness.size() == 2u, Joined(liveness));
    BOOST_TEST(liveness[0].find("invariant 4 (liveness): peer 0 never answered seq 0 of peer 1") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(unresolved_reply_violates_4)
{
    // The last node of a chain is a reply nobody answered: not an exchange end.
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(1, 0, false, kHello, std::nullopt);
    c.OnSend(1, PacketKind::Reply, 0, 0, kWorld);
    c.OnDeliver(0, 0, false, kWorld, Seq(0));
    ExpectNone(c.CheckSafety());
    auto liveness = c.CheckLiveness();
    BOOST_TEST_REQUIRE(liveness.size() == 2u, Joined(liveness));
    BOOST_TEST(liveness[0].find("peer 0 never answered seq 0 of peer 1") != std::string::npos);
    BOOST_TEST(liveness[1].find("peer 1's seq 0 was never resolved") != std::string::npos);
}

// ---- misuse and bounds -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_peer_is_reported_not_crashed)
{
    InvariantChecker c(0);
    c.OnSend(2, PacketKind::Payload, 0, 0, kHello);
    c.OnDeliver(-1, 0, false, kHello, std::nullopt);
    auto v = c.CheckSafety();
    BOOST_TEST_REQUIRE(v.size() == 2u, Joined(v));
    BOOST_TEST(v[0].find("peer 2") != std::string::npos);
    BOOST_TEST(v[1].find("peer -1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(violations_are_bounded)
{
    InvariantChecker c(0);
    c.OnSend(0, PacketKind::Payload, 0, 0, kHello);
    for (int i = 0; i < 1000; ++i)
    {
        c.OnDeliver(1, 0, false, kHello, std::nullopt);
    }
    auto v = c.CheckSafety();
    BOOST_TEST_REQUIRE(v.size() == 201u);
    BOOST_TEST(v.back() == "... and 799 more violations");
}

BOOST_AUTO_TEST_SUITE_END()
