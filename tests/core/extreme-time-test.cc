// Time anywhere in int64 (SPEC §3: the caller's clock, any origin, not
// monotonic) and resend intervals up to their documented bound: timers
// never overflow (the sanitizer build runs this suite under UBSan), the
// next timer is never before the time that armed it, and a Tick at that
// time retransmits what is due.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

// Sends one payload at `sentAt`, drains its first transmission.
void
SendOne(ByteEndpoint& ep, TimeMs sentAt)
{
    BOOST_TEST_REQUIRE(ep.Send(sentAt, false, B("x")).Ok());
    BOOST_TEST_REQUIRE(DrainTransmit(ep).size() == 1u);
}

size_t
Retransmissions(ByteEndpoint& ep)
{
    size_t n = 0;
    for (auto& p : DrainTransmit(ep))
    {
        n += p.retransmission;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(extreme_time)

BOOST_AUTO_TEST_CASE(time_arithmetic_saturates)
{
    BOOST_TEST(TimeAdd(kTimeMax - 5, 10) == kTimeMax);
    BOOST_TEST(TimeAdd(kTimeMin + 5, -10) == kTimeMin);
    BOOST_TEST(TimeAdd(kTimeMin, kTimeMax) == -1);
    BOOST_TEST(TimeSince(kTimeMax, kTimeMin) == kTimeMax);
    BOOST_TEST(TimeSince(kTimeMin, kTimeMax) == kTimeMin);
    BOOST_TEST(TimeSince(kTimeMin, kTimeMin) == 0);
    BOOST_TEST(TimeSince(-3, -10) == 7);
    BOOST_TEST(TimeSince(10, 3) == 7);
}

// The bound is part of the configuration contract: at it is valid, past it
// is refused with the field and the limit named, at construction and at run
// time.
BOOST_AUTO_TEST_CASE(resend_interval_has_a_documented_upper_bound)
{
    Config c;
    c.resendIntervalMs = kMaxResendIntervalMs;
    BOOST_TEST(ValidateConfig(c).empty());
    for (TimeMs bad : {kMaxResendIntervalMs + 1, kTimeMax})
    {
        c.resendIntervalMs = bad;
        std::string message = ValidateConfig(c);
        BOOST_TEST(message.find("resendIntervalMs") != std::string::npos, message);
        BOOST_TEST(message.find(std::to_string(kMaxResendIntervalMs)) != std::string::npos, message);
        BOOST_TEST(message.find(std::to_string(bad)) != std::string::npos, message);
    }
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(ep.SetResendInterval(kMaxResendIntervalMs));
    BOOST_TEST(ep.GetResendInterval() == kMaxResendIntervalMs);
    BOOST_TEST(!ep.SetResendInterval(kMaxResendIntervalMs + 1));
    BOOST_TEST(!ep.SetResendInterval(kTimeMax));
    BOOST_TEST(ep.GetResendInterval() == kMaxResendIntervalMs);
}

// Near the end of the clock the timer saturates at kTimeMax: never in the
// past, and a Tick there retransmits.
BOOST_AUTO_TEST_CASE(clock_near_int64_max)
{
    for (TimeMs interval : {TimeMs(1), TimeMs(250), kMaxResendIntervalMs})
    {
        BOOST_TEST_CONTEXT("interval " << interval)
        {
            ByteEndpoint ep(MakeConfig(8, 0, interval));
            TimeMs sentAt = kTimeMax - 3;
            SendOne(ep, sentAt);
            auto timer = ep.NextTimer();
            BOOST_TEST_REQUIRE(timer.has_value());
            BOOST_TEST(*timer >= sentAt);
            BOOST_TEST(*timer == (interval <= 3 ? sentAt + interval : kTimeMax));
            ep.Tick(*timer - 1);
            BOOST_TEST(Retransmissions(ep) == 0u);
            ep.Tick(*timer);
            BOOST_TEST(Retransmissions(ep) == 1u);
            BOOST_TEST(*ep.NextTimer() >= *timer);
        }
    }
}

// At the start of the clock nothing underflows, and a jump from the start
// to the end of the clock (a difference beyond int64) retransmits once.
BOOST_AUTO_TEST_CASE(clock_near_int64_min_and_a_jump_across_the_whole_range)
{
    for (TimeMs interval : {TimeMs(1), TimeMs(250), kMaxResendIntervalMs})
    {
        BOOST_TEST_CONTEXT("interval " << interval)
        {
            ByteEndpoint ep(MakeConfig(8, 0, interval));
            SendOne(ep, kTimeMin);
            BOOST_TEST(*ep.NextTimer() == kTimeMin + interval);
            ep.Tick(kTimeMin + interval - 1);
            BOOST_TEST(Retransmissions(ep) == 0u);
            ep.Tick(kTimeMax);
            BOOST_TEST(Retransmissions(ep) == 1u);
            BOOST_TEST(*ep.NextTimer() == kTimeMax);
        }
    }
}

// A step back across the whole range re-bases the packet (doc/core.md,
// "Time"): no burst, and the timer follows the new clock.
BOOST_AUTO_TEST_CASE(clock_stepping_back_from_int64_max_to_int64_min)
{
    ByteEndpoint ep(MakeConfig(8, 0, kMaxResendIntervalMs));
    SendOne(ep, kTimeMax);
    BOOST_TEST(*ep.NextTimer() == kTimeMax);
    ep.Tick(kTimeMin);
    BOOST_TEST(Retransmissions(ep) == 0u);
    BOOST_TEST(*ep.NextTimer() == kTimeMin + kMaxResendIntervalMs);
    ep.Tick(kTimeMin + kMaxResendIntervalMs);
    BOOST_TEST(Retransmissions(ep) == 1u);
}

// A driver that sleeps until NextTimer and ticks (every adapter does) makes
// progress at every edge: each wake-up retransmits, and the next wake-up is
// never earlier than the last.
BOOST_AUTO_TEST_CASE(a_driver_following_next_timer_makes_progress)
{
    for (TimeMs start : {kTimeMin, TimeMs(-1), TimeMs(0), kTimeMax - 2 * kMaxResendIntervalMs, kTimeMax - 1})
    {
        BOOST_TEST_CONTEXT("start " << start)
        {
            ByteEndpoint ep(MakeConfig(8, 0, kMaxResendIntervalMs));
            SendOne(ep, start);
            TimeMs now = start;
            for (int wake = 0; wake < 4; ++wake)
            {
                auto timer = ep.NextTimer();
                BOOST_TEST_REQUIRE(timer.has_value());
                BOOST_TEST_REQUIRE(*timer >= now);
                now = *timer;
                ep.Tick(now);
                BOOST_TEST(Retransmissions(ep) == 1u);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
