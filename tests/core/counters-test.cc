// Every counter of seqex-counters.h, driven by one scripted run and checked
// exactly (each also appears in the rule suites).
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace seqex;
using namespace seqex::test;

// A new counter must be added to this test: keep the check exhaustive.
static_assert(kCounterCount == 13, "a counter was added or removed: update counters-test.cc");

BOOST_AUTO_TEST_SUITE(counters)

BOOST_AUTO_TEST_CASE(every_counter_counts_its_event)
{
    ByteEndpoint ep(MakeConfig(4, 0, 100));
    const Counters& c = ep.GetCounters();
    for (const CounterField& f : kCounterFields)
    {
        BOOST_TEST((c.*(f.member)) == 0u, f.name);
    }

    // sent, windowFull (S4): W = 4 admits fewer than 4 new payloads.
    int accepted = 0;
    while (ep.Send(0, false, B("p")).Ok())
    {
        ++accepted;
    }
    BOOST_TEST_REQUIRE(accepted >= 2);
    BOOST_TEST(c.sent == uint64_t(accepted));
    BOOST_TEST(c.windowFull == 1u);
    DrainTransmit(ep);

    // retransmitted (S3): every packet once per interval.
    ep.Tick(100);
    BOOST_TEST(c.retransmitted == uint64_t(accepted));
    BOOST_TEST(DrainTransmit(ep).size() == size_t(accepted));

    // resolvedByAck (S2), resolvedByReply and delivered (R6).
    BOOST_TEST(ep.ReceiveAck(0, 0) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, 1, B("reply")) == ReceiveStatus::Accepted);
    BOOST_TEST(c.resolvedByAck == 1u);
    BOOST_TEST(c.resolvedByReply == 1u);
    BOOST_TEST(c.delivered == 1u);

    // acksSent: the app's ack, then a re-ack for a duplicate (R5), which is
    // also counted as a duplicate.
    DrainDeliveries(ep); // the reply's handle acks as it is dropped (R8)
    BOOST_TEST(c.acksSent == 1u);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, 1, B("reply")) == ReceiveStatus::Duplicate);
    BOOST_TEST(c.duplicatesDropped == 1u);
    BOOST_TEST(c.acksSent == 2u);
    BOOST_TEST(DrainTransmit(ep).size() == 2u);

    // tooEarlyDropped (R2): the receive window is [1, 5).
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 5, 0, B("early")) == ReceiveStatus::TooEarly);
    BOOST_TEST(c.tooEarlyDropped == 1u);
    BOOST_TEST(c.tooEarlyReplies == 0u);

    // tooEarlyReplies: of the too-early drops, the replies.
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 6, 0, B("early")) == ReceiveStatus::TooEarly);
    BOOST_TEST(c.tooEarlyDropped == 2u);
    BOOST_TEST(c.tooEarlyReplies == 1u);

    // duplicatesWaiting (R5): a seq_cst payload after the missing seq 1
    // waits (R4); its copy is dropped silently and counted as both.
    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstPayload, 2, 0, B("waits")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.Waiting() == 1u);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstPayload, 2, 0, B("waits")) == ReceiveStatus::Duplicate);
    BOOST_TEST(c.duplicatesDropped == 2u);
    BOOST_TEST(c.duplicatesWaiting == 1u);
    BOOST_TEST(DrainTransmit(ep).empty());

    // ignoredAcks (R7).
    BOOST_TEST(ep.ReceiveAck(0, 77) == ReceiveStatus::AckIgnored);
    BOOST_TEST(c.ignoredAcks == 1u);

    // malformedDropped (SPEC §7.5): the codec rejects, the caller counts.
    const uint8_t truncated[] = {kWireVersion, static_cast<uint8_t>(PacketKind::Payload), 0, 0, 0};
    auto decoded = DecodeDatagram(truncated, sizeof truncated);
    BOOST_TEST_REQUIRE(decoded.error != DecodeError::None);
    ep.CountMalformed();
    BOOST_TEST(c.malformedDropped == 1u);

    // Final tally: each counter moved exactly by its own events.
    BOOST_TEST(c.sent == uint64_t(accepted));
    BOOST_TEST(c.retransmitted == uint64_t(accepted));
    BOOST_TEST(c.acksSent == 2u);
    BOOST_TEST(c.delivered == 1u);
    BOOST_TEST(c.resolvedByAck == 1u);
    BOOST_TEST(c.resolvedByReply == 1u);
    BOOST_TEST(c.duplicatesDropped == 2u);
    BOOST_TEST(c.duplicatesWaiting == 1u);
    BOOST_TEST(c.tooEarlyDropped == 2u);
    BOOST_TEST(c.tooEarlyReplies == 1u);
    BOOST_TEST(c.ignoredAcks == 1u);
    BOOST_TEST(c.malformedDropped == 1u);
    BOOST_TEST(c.windowFull == 1u);
}

// The counters of a pair agree with each other after a lossy run: what one
// side sent the other delivered once, every packet was resolved once.
BOOST_AUTO_TEST_CASE(counters_of_a_pair_agree)
{
    ByteScenario s(MakeConfig(8, 0, 100));
    for (auto& app : s.app)
    {
        app.chainLength = 2;
    }
    s.LoseAtRandom(2, 0.25);
    bool finished = s.RunExchanges(25, [](int, int i) { return i % 2 == 0; });
    BOOST_TEST_REQUIRE(finished, s.Describe());
    for (int side = 0; side < 2; ++side)
    {
        const Counters& mine = s.Ep(side).GetCounters();
        const Counters& peer = s.Ep(1 - side).GetCounters();
        BOOST_TEST(peer.delivered == mine.sent);
        BOOST_TEST(mine.resolvedByAck + mine.resolvedByReply == mine.sent);
        BOOST_TEST(mine.sent == 50u); // 25 payloads and 25 replies
        BOOST_TEST(mine.resolvedByAck == 25u); // its replies, acked
        BOOST_TEST(mine.resolvedByReply == 25u); // its payloads, replied to
        BOOST_TEST(mine.acksSent >= 25u);
        BOOST_TEST(mine.retransmitted > 0u);
        BOOST_TEST(mine.windowFull == 0u);
        BOOST_TEST(mine.malformedDropped == 0u);
    }
}

// The one list: every member once, a distinct snake_case name and a meaning;
// += sums each counter into its own member (the totals over channels and
// peers in the ns-3 model, the scenarios and the Python binding use it).
BOOST_AUTO_TEST_CASE(the_counter_list_names_every_member_once)
{
    std::set<std::string> names;
    std::set<size_t> offsets;
    Counters probe;
    for (const CounterField& f : kCounterFields)
    {
        std::string name = f.name;
        BOOST_TEST(names.insert(name).second, "name " << name << " twice");
        BOOST_TEST(offsets.insert(size_t(&(probe.*(f.member))) - size_t(&probe)).second, name << ": member twice");
        BOOST_TEST(!name.empty());
        BOOST_TEST(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos, name);
        BOOST_TEST(std::string(f.meaning).size() > 10u, name << " says what it counts");
    }
    BOOST_TEST(names.size() == kCounterCount);

    Counters a, b;
    uint64_t i = 1;
    for (const CounterField& f : kCounterFields)
    {
        a.*(f.member) = i;
        b.*(f.member) = 100 * i;
        ++i;
    }
    a += b;
    i = 1;
    for (const CounterField& f : kCounterFields)
    {
        BOOST_TEST((a.*(f.member)) == 101 * i, f.name);
        ++i;
    }
}

BOOST_AUTO_TEST_SUITE_END()
