// SPEC S3: an unresolved packet is retransmitted unchanged every
// resend_interval until resolved; a resolved one never again. Plus SPEC §3:
// the interval changes at run time, and time may go backwards.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace seqex;
using namespace seqex::test;

namespace
{

// The peer's payload `seq`, delivered and answered with a reply; returns the
// reply's first transmission.
Captured<Bytes>
ReplyToPeer(ByteEndpoint& ep, Seq seq, bool seqCst, const std::string& data, TimeMs now)
{
    ep.ReceiveData(0, PacketKind::Payload, seq, 0, B("peer"));
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    auto r = AsPayload(*d).answer.Reply(now, seqCst, B(data));
    BOOST_TEST_REQUIRE(r.Ok());
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    return out[0];
}

} // namespace

BOOST_AUTO_TEST_SUITE(retransmission)

// S3: not before the interval, exactly at it, again every interval, unchanged.
BOOST_AUTO_TEST_CASE(s3_resent_every_interval_unchanged)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto sent = ep.Send(1000, true, B("data"));
    auto first = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(first.size() == 1u);
    BOOST_TEST(!first[0].retransmission);
    BOOST_TEST_REQUIRE(ep.NextTimer().has_value());
    BOOST_TEST(*ep.NextTimer() == 1100);

    ep.Tick(1000);
    ep.Tick(1099);
    BOOST_TEST(DrainTransmit(ep).empty());
    for (TimeMs k = 1; k <= 4; ++k)
    {
        ep.Tick(1000 + 100 * k);
        auto again = DrainTransmit(ep);
        BOOST_TEST_REQUIRE(again.size() == 1u);
        BOOST_TEST(again[0].retransmission);
        BOOST_TEST(again[0].kind == PacketKind::SeqCstPayload);
        BOOST_TEST(again[0].seq == sent.seq);
        BOOST_TEST(again[0].SameAs(first[0]));
        ep.Tick(1000 + 100 * k + 99);
        BOOST_TEST(DrainTransmit(ep).empty());
        BOOST_TEST(*ep.NextTimer() == 1000 + 100 * (k + 1));
    }
    BOOST_TEST(ep.GetCounters().retransmitted == 4u);

    // Resolved: never again, and no timer left.
    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckResolved);
    BOOST_TEST(!ep.NextTimer().has_value());
    for (TimeMs t = 1500; t <= 3000; t += 50)
    {
        ep.Tick(t);
    }
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(ep.GetCounters().retransmitted == 4u);
}

// S3: a reply is resent with the same kind, seq, re and data.
BOOST_AUTO_TEST_CASE(s3_reply_resent_unchanged)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto first = ReplyToPeer(ep, 0, true, "the answer", 0);
    BOOST_TEST(first.kind == PacketKind::SeqCstReply);
    BOOST_TEST(first.re == 0u);
    ep.Tick(100);
    auto again = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again[0].retransmission);
    BOOST_TEST(again[0].SameAs(first));
    BOOST_TEST(Text(*again[0].data) == "the answer");

    // Resolved by the peer's reply to it: no more resends.
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 1, first.seq, B("ok")) == ReceiveStatus::Accepted);
    ep.Tick(200);
    ep.Tick(300);
    BOOST_TEST(DrainTransmit(ep).empty());
}

// S3: a resend queued by Tick but resolved before the caller polls it is
// not put on the wire.
BOOST_AUTO_TEST_CASE(s3_resolved_before_poll_is_not_sent)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto a = ep.Send(0, false, B("a"));
    auto b = ep.Send(0, false, B("b"));
    DrainTransmit(ep);
    ep.Tick(100); // both due
    BOOST_TEST(ep.ReceiveAck(0, a.seq) == ReceiveStatus::AckResolved);
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].seq == b.seq);
}

// S3: every packet keeps its own timer.
BOOST_AUTO_TEST_CASE(s3_each_packet_has_its_own_timer)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    auto early = ep.Send(0, false, B("early"));
    auto late = ep.Send(60, false, B("late"));
    DrainTransmit(ep);
    BOOST_TEST(*ep.NextTimer() == 100);
    ep.Tick(100);
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].seq == early.seq);
    BOOST_TEST(*ep.NextTimer() == 160);
    ep.Tick(160);
    out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].seq == late.seq);
}

// S3 + SPEC §3: SetResendInterval at run time applies at once to packets
// already in flight, shorter or longer; a non-positive interval is refused.
BOOST_AUTO_TEST_CASE(s3_set_resend_interval_at_run_time)
{
    ByteEndpoint ep(MakeConfig(8, 0, 100));
    ep.Send(0, false, B("x"));
    DrainTransmit(ep);
    BOOST_TEST(*ep.NextTimer() == 100);

    BOOST_TEST(ep.SetResendInterval(30));
    BOOST_TEST(ep.GetResendInterval() == 30);
    BOOST_TEST(*ep.NextTimer() == 30);
    ep.Tick(29);
    BOOST_TEST(DrainTransmit(ep).empty());
    ep.Tick(30);
    BOOST_TEST(DrainTransmit(ep).size() == 1u);
    BOOST_TEST(*ep.NextTimer() == 60);

    BOOST_TEST(ep.SetResendInterval(1000));
    BOOST_TEST(*ep.NextTimer() == 1030);
    ep.Tick(60);
    ep.Tick(1029);
    BOOST_TEST(DrainTransmit(ep).empty());
    ep.Tick(1030);
    BOOST_TEST(DrainTransmit(ep).size() == 1u);

    BOOST_TEST(!ep.SetResendInterval(0));
    BOOST_TEST(!ep.SetResendInterval(-5));
    BOOST_TEST(ep.GetResendInterval() == 1000);
    BOOST_TEST(*ep.NextTimer() == 2030);
}

// SPEC §3: time going backwards causes no burst: nothing is resent at the
// step back, each packet is resent once an interval after it, and a jump
// forward resends each due packet once.
BOOST_AUTO_TEST_CASE(s3_time_going_backwards_causes_no_burst)
{
    ByteEndpoint ep(MakeConfig(64, 0, 100));
    for (int i = 0; i < 10; ++i)
    {
        BOOST_TEST_REQUIRE(ep.Send(10000, false, B("p" + std::to_string(i))).Ok());
    }
    DrainTransmit(ep);

    ep.Tick(0); // the clock stepped back 10 s
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST_REQUIRE(ep.NextTimer().has_value());
    BOOST_TEST(*ep.NextTimer() == 100); // counted from the new "now"
    ep.Tick(50);
    ep.Tick(99);
    BOOST_TEST(DrainTransmit(ep).empty());
    ep.Tick(100);
    auto out = DrainTransmit(ep);
    BOOST_TEST(out.size() == 10u);
    std::set<Seq> seqs;
    for (auto& p : out)
    {
        seqs.insert(p.seq);
    }
    BOOST_TEST(seqs.size() == 10u);

    ep.Tick(1000000); // and far forward: each due packet once, no catch-up
    BOOST_TEST(DrainTransmit(ep).size() == 10u);
    ep.Tick(1000000);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(ep.GetCounters().retransmitted == 20u);
}

// S3 end to end: every first transmission lost, both ways; retransmission
// alone completes every exchange.
BOOST_AUTO_TEST_CASE(s3_retransmission_recovers_every_first_loss)
{
    ByteScenario s(MakeConfig(8, 0, 100));
    s.link.drop = [](int, PacketKind kind, Seq, Seq, bool resend) { return kind != PacketKind::Ack && !resend; };
    bool finished = s.RunExchanges(20, [](int side, int i) { return (i + side) % 3 == 0; });
    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    for (int side = 0; side < 2; ++side)
    {
        const Counters& c = s.Ep(side).GetCounters();
        BOOST_TEST(c.retransmitted >= c.sent);
        BOOST_TEST(c.delivered == s.Ep(1 - side).GetCounters().sent);
    }
}

BOOST_AUTO_TEST_SUITE_END()
