// Adaptive resend (opt-in, doc/core.md "Adaptive resend"): RFC 6298 SRTT and
// RTTVAR from round trips measured by Karn's rule, the configured interval
// as the start value, a margin of at least SRTT, one exponential backoff
// for the whole endpoint (held until the round trip is measured again,
// never beyond the configured interval), floor and ceiling, and late
// answers (think time) kept from inflating the timer.
// Fixed mode stays the default and ignores all of it (SPEC §3).
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

Config
Adaptive(TimeMs start = 250, TimeMs floor = 10, TimeMs ceiling = 60000, uint32_t cap = 6)
{
    Config c = MakeConfig(64, 0, start);
    c.resendMode = ResendMode::Adaptive;
    c.resendFloorMs = floor;
    c.resendCeilingMs = ceiling;
    c.resendBackoffCap = cap;
    return c;
}

// One exchange sent at `now`, acked by the peer `rtt` ms later; returns the
// time the ack arrived.
TimeMs
RoundTrip(ByteEndpoint& a, ByteEndpoint& b, TimeMs now, TimeMs rtt)
{
    BOOST_TEST_REQUIRE(a.Send(now, false, B("q")).Ok());
    for (auto& p : DrainTransmit(a))
    {
        Feed(b, p, now);
    }
    DrainDeliveries(b); // acked when the handle dies
    now += rtt;
    for (auto& p : DrainTransmit(b))
    {
        Feed(a, p, now);
    }
    BOOST_TEST_REQUIRE(DrainDeliveries(a).size() == 1u);
    return now;
}

// 30 round trips of 40 ms from `now`: SRTT 40, RTTVAR 0, so the RTO is
// 40 + SRTT = 80 (below the 250 ms start value). Returns the time after.
TimeMs
Warm(ByteEndpoint& a, ByteEndpoint& b, TimeMs now)
{
    for (int i = 0; i < 30; ++i)
    {
        now = RoundTrip(a, b, now, 40);
    }
    BOOST_TEST_REQUIRE(a.GetResendTimer().Rto() == 80);
    return now;
}

// Sends one payload at `now` and puts it on the wire (the link loses it).
Seq
SendLost(ByteEndpoint& a, TimeMs now)
{
    SendResult<Bytes> r = a.Send(now, false, B("lost"));
    BOOST_TEST_REQUIRE(r.Ok());
    BOOST_TEST_REQUIRE(DrainTransmit(a).size() == 1u);
    return r.seq;
}

} // namespace

BOOST_AUTO_TEST_SUITE(adaptive_resend)

BOOST_AUTO_TEST_CASE(fixed_is_the_default_and_ignores_round_trips)
{
    BOOST_TEST(Config{}.resendMode == ResendMode::Fixed);
    ByteEndpoint a(MakeConfig(64, 0, 250));
    ByteEndpoint b(MakeConfig(64));
    TimeMs now = 0;
    for (int i = 0; i < 10; ++i)
    {
        now = RoundTrip(a, b, now, 40);
    }
    BOOST_TEST(a.GetResendTimer().Samples() == 0u);
    a.Send(now, false, B("lost"));
    DrainTransmit(a);
    for (int k = 1; k <= 3; ++k) // no backoff: every interval (S3)
    {
        BOOST_TEST(*a.NextTimer() == now + 250 * k);
        a.Tick(now + 250 * k);
        DrainTransmit(a);
    }
}

BOOST_AUTO_TEST_CASE(bad_adaptive_settings_are_named)
{
    Config c = Adaptive();
    c.resendFloorMs = 0;
    BOOST_TEST(ValidateConfig(c).find("resendFloorMs") != std::string::npos, ValidateConfig(c));
    c = Adaptive(250, 100, 50);
    BOOST_TEST(ValidateConfig(c).find("resendCeilingMs") != std::string::npos, ValidateConfig(c));
    c = Adaptive(250, 10, kMaxResendIntervalMs + 1);
    BOOST_TEST(ValidateConfig(c).find("resendCeilingMs") != std::string::npos, ValidateConfig(c));
    c = Adaptive(250, 10, 1000, kMaxResendBackoffCap + 1);
    BOOST_TEST(ValidateConfig(c).find("resendBackoffCap") != std::string::npos, ValidateConfig(c));
    c = Adaptive();
    c.resendMode = ResendMode(7);
    BOOST_TEST(ValidateConfig(c).find("resendMode") != std::string::npos, ValidateConfig(c));
    BOOST_TEST(ValidateConfig(Adaptive(kMaxResendIntervalMs, 1, kMaxResendIntervalMs, kMaxResendBackoffCap)).empty());
}

// Until the first sample the configured interval is the timeout; the first
// sample R sets SRTT = R, RTTVAR = R/2 (RFC 6298 2.2); a steady round trip
// then brings the RTO down to about R.
BOOST_AUTO_TEST_CASE(start_value_then_rfc6298_estimates)
{
    ByteEndpoint a(Adaptive(250));
    ByteEndpoint b(MakeConfig(64));
    BOOST_TEST(a.GetResendTimer().Rto() == 250);
    BOOST_TEST_REQUIRE(a.Send(0, false, B("x")).Ok());
    DrainTransmit(a);
    BOOST_TEST(*a.NextTimer() == 250);
    a.ReceiveAck(40, 0);
    DrainDeliveries(a);
    BOOST_TEST(a.GetResendTimer().Srtt() == 40);
    BOOST_TEST(a.GetResendTimer().Rttvar() == 20);
    BOOST_TEST(a.GetResendTimer().Rto() == 40 + 4 * 20);
    TimeMs now = 40;
    for (int i = 0; i < 40; ++i)
    {
        now = RoundTrip(a, b, now, 40);
    }
    BOOST_TEST(a.GetResendTimer().Srtt() == 40);
    BOOST_TEST(a.GetResendTimer().Rttvar() == 0);
    // RFC 6298 would give 40 + 1 ms here, so the first queue on the path
    // would make every packet time out; the margin is at least SRTT.
    BOOST_TEST(a.GetResendTimer().Rto() == 80);
}

// Karn's rule: the answer to a retransmitted packet gives no sample.
BOOST_AUTO_TEST_CASE(karn_no_sample_from_a_retransmitted_packet)
{
    ByteEndpoint a(Adaptive(100));
    BOOST_TEST_REQUIRE(a.Send(0, false, B("x")).Ok());
    DrainTransmit(a);
    a.Tick(100);
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    a.ReceiveAck(130, 0);
    BOOST_TEST(a.GetResendTimer().Samples() == 0u);
    BOOST_TEST(a.GetResendTimer().Rto() == 100);
}

// RFC 6298 5.5: a timeout backs off the timer of the whole endpoint, not
// only of the packet that timed out: a packet sent after it starts at the
// doubled timeout. An answer that comes sooner than SRTT/2 after the copy
// answers the first transmission (the timeout was spurious: the path got
// slower), so the backoff stays; a sample from a packet sent after the
// doubling ends it. (On the per-packet backoff this replaces, the fresh
// packet started at the RTO again and the 8-channel loss-sweep collapsed.)
BOOST_AUTO_TEST_CASE(one_backoff_for_the_whole_endpoint)
{
    ByteEndpoint a(Adaptive(250));
    ByteEndpoint b(MakeConfig(64));
    TimeMs now = Warm(a, b, 0);
    Seq slow = SendLost(a, now);
    BOOST_TEST(*a.NextTimer() == now + 80);
    now += 80;
    a.Tick(now);
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    BOOST_TEST(a.GetResendTimer().Backoff() == 1u);
    now += 5; // the first copy's ack, 85 ms after it was sent
    a.ReceiveAck(now, slow);
    DrainDeliveries(a);
    BOOST_TEST(a.GetResendTimer().Backoff() == 1u);
    BOOST_TEST(a.GetResendTimer().Samples() == 30u); // Karn: no sample
    SendLost(a, now);
    BOOST_TEST(*a.NextTimer() == now + 160);
    now = RoundTrip(a, b, now, 40); // sent after the doubling: a sample
    BOOST_TEST(a.GetResendTimer().Backoff() == 0u);
    BOOST_TEST(a.GetResendTimer().Samples() == 31u);
}

// A timeout doubles the timer of every packet in flight, the running ones
// included: of ten packets lost together, the first to expire is sent
// again and the other nine wait for the doubled timer (so a burst of
// losses is not answered by a burst of copies). Their timeouts within the
// doubled timer are the same event: one doubling, however many packets.
BOOST_AUTO_TEST_CASE(timeouts_of_one_event_double_once)
{
    ByteEndpoint a(Adaptive(250));
    ByteEndpoint b(MakeConfig(64));
    TimeMs now = Warm(a, b, 0);
    for (int i = 0; i < 10; ++i)
    {
        SendLost(a, now + i);
    }
    a.Tick(now + 89); // all ten expired (80 ms after each was sent)
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    BOOST_TEST(a.GetResendTimer().Backoff() == 1u);
    BOOST_TEST(*a.NextTimer() == now + 1 + 160);
    a.Tick(now + 9 + 159);
    BOOST_TEST(DrainTransmit(a).size() == 8u);
    a.Tick(now + 9 + 160);
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    BOOST_TEST(a.GetResendTimer().Backoff() == 1u);
    a.Tick(now + 89 + 160); // the first copy timed out under the doubled timer
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    BOOST_TEST(a.GetResendTimer().Backoff() == 2u);
}

// A packet lost again and again waits RTO, 2 RTO, 4 RTO, ... but never
// longer than the configured interval (the fixed mode's wait), unless the
// RTO itself is longer: under random loss such a packet would otherwise
// stall behind an exponential wait (loss-sweep at 20% loss: the last
// exchange of a run ended seconds after the others).
BOOST_AUTO_TEST_CASE(backoff_stops_at_the_configured_interval)
{
    ByteEndpoint a(Adaptive(250));
    ByteEndpoint b(MakeConfig(64));
    TimeMs now = Warm(a, b, 0);
    SendLost(a, now);
    for (TimeMs wait : {80, 160, 250, 250, 250, 250})
    {
        BOOST_TEST_REQUIRE(a.NextTimer().has_value());
        BOOST_TEST(*a.NextTimer() == now + wait);
        now += wait;
        a.Tick(now);
        BOOST_TEST(DrainTransmit(a).size() == 1u);
    }
    BOOST_TEST(a.GetResendTimer().Backoff() == 2u); // 80 << 2 = 320 >= 250: no further doubling
    // An RTO above the interval is used as it is.
    ByteEndpoint slow(Adaptive(100));
    slow.Send(0, false, B("x"));
    DrainTransmit(slow);
    slow.ReceiveAck(200, 0); // first sample 200: RTO 200 + 4 x 100 = 600
    DrainDeliveries(slow);
    SendLost(slow, 200);
    BOOST_TEST(*slow.NextTimer() == 200 + 600);
}

// An answer at least SRTT/2 after a copy sent under the doubled timer
// means that copy repaired a loss: the timer was not too short, and the
// backoff ends although Karn's rule takes no sample.
BOOST_AUTO_TEST_CASE(a_repaired_loss_ends_the_backoff)
{
    ByteEndpoint a(Adaptive(250));
    ByteEndpoint b(MakeConfig(64));
    TimeMs now = Warm(a, b, 0);
    Seq lost = SendLost(a, now);
    now += 80;
    a.Tick(now);
    BOOST_TEST(DrainTransmit(a).size() == 1u);
    BOOST_TEST(a.GetResendTimer().Backoff() == 1u);
    a.ReceiveAck(now + 40, lost); // the copy's round trip
    BOOST_TEST(a.GetResendTimer().Backoff() == 0u);
    BOOST_TEST(a.GetResendTimer().Samples() == 30u);
}

BOOST_AUTO_TEST_CASE(floor_and_ceiling_clamp_the_rto)
{
    ResendTimer low(Adaptive(250, 30, 500));
    low.OnSample(0, 1);
    for (int i = 0; i < 50; ++i)
    {
        low.OnSample(0, 1);
    }
    BOOST_TEST(low.Rto() == 30);
    ResendTimer high(Adaptive(250, 30, 500));
    high.OnSample(0, 400);
    BOOST_TEST(high.Rto() == 500); // 400 + 4 * 200, clamped
    ResendTimer start(Adaptive(5000, 30, 500));
    BOOST_TEST(start.Rto() == 500); // the start value is clamped too
}

// Think time: a late answer (the peer's application held the packet) is a
// sample of RTT plus think time. Clamped to twice SRTT, one such sample
// moves SRTT by at most SRTT/8; without the clamp it would jump to 90.
BOOST_AUTO_TEST_CASE(a_late_answer_does_not_inflate_the_timer)
{
    ResendTimer t(Adaptive());
    for (int i = 0; i < 30; ++i)
    {
        t.OnSample(0, 40);
    }
    TimeMs rtoBefore = t.Rto();
    t.OnSample(0, 40 + 400); // 400 ms of think time
    BOOST_TEST(t.Srtt() <= 40 + 40 / 8 + 1);
    // SRTT moves by at most SRTT/8, 4 RTTVAR by at most SRTT (the margin is
    // max(4 RTTVAR, SRTT)).
    BOOST_TEST(t.Rto() <= rtoBefore + 40 / 8 + 40 + 2);
    for (int i = 0; i < 10; ++i)
    {
        t.OnSample(0, 40);
    }
    BOOST_TEST(t.Srtt() <= 42);
}

// A real rise of the round trip is followed within a few samples: the clamp
// doubles what is fed at each step.
BOOST_AUTO_TEST_CASE(a_real_rise_of_the_round_trip_is_followed)
{
    ResendTimer t(Adaptive());
    for (int i = 0; i < 30; ++i)
    {
        t.OnSample(0, 40);
    }
    int samples = 0;
    while (t.Rto() < 200 && samples < 40)
    {
        t.OnSample(0, 200);
        ++samples;
    }
    BOOST_TEST(t.Rto() >= 200);
    BOOST_TEST(samples <= 12, samples);
}

// End to end under loss: adaptive mode completes everything, and a lost
// packet is repaired after about one RTO rather than the configured 250 ms.
BOOST_AUTO_TEST_CASE(adaptive_pair_under_loss_completes_and_repairs_sooner)
{
    Config c = Adaptive(250, 10);
    ByteScenario s(c);
    s.LoseAtRandom(3, 0.05);
    BOOST_TEST_REQUIRE(s.RunExchanges(300, [](int, int i) { return i % 5 == 0; }), s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    // The harness's round trip is 0 ms: every RTO falls to the floor.
    BOOST_TEST(s.a.GetResendTimer().Samples() > 100u);
    BOOST_TEST(s.a.GetResendTimer().Rto() == 10);
}

BOOST_AUTO_TEST_SUITE_END()
