// SPEC §3 configuration: the defaults, and ValidateConfig naming the bad
// field (bad input gets a clear error, never a crash).
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <limits>

using namespace seqex;
using namespace seqex::test;

namespace
{

bool
Mentions(const std::string& message, const std::string& word)
{
    return message.find(word) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(config)

// SPEC §3 defaults: resend 250 ms, initial seq 0, W 64; valid.
BOOST_AUTO_TEST_CASE(defaults_match_the_spec_and_are_valid)
{
    Config c;
    BOOST_TEST(c.resendIntervalMs == 250);
    BOOST_TEST(c.initialSeq == 0u);
    BOOST_TEST(c.window == 64u);
    BOOST_TEST(ValidateConfig(c).empty());
}

BOOST_AUTO_TEST_CASE(bad_resend_interval_is_named)
{
    for (TimeMs bad : {TimeMs(0), TimeMs(-1), std::numeric_limits<TimeMs>::min()})
    {
        BOOST_TEST_CONTEXT("resendIntervalMs = " << bad)
        {
            Config c;
            c.resendIntervalMs = bad;
            std::string message = ValidateConfig(c);
            BOOST_TEST(Mentions(message, "resendIntervalMs"), message);
            BOOST_TEST(Mentions(message, std::to_string(bad)), message);
            BOOST_TEST(!Mentions(message, "window"), message);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_window_is_named)
{
    for (uint32_t bad : {0u, 1u, kMaxWindow + 1, std::numeric_limits<uint32_t>::max()})
    {
        BOOST_TEST_CONTEXT("window = " << bad)
        {
            Config c;
            c.window = bad;
            std::string message = ValidateConfig(c);
            BOOST_TEST(Mentions(message, "window"), message);
            BOOST_TEST(Mentions(message, std::to_string(bad)), message);
            BOOST_TEST(!Mentions(message, "resendIntervalMs"), message);
        }
    }
}

// The limits themselves are usable: an endpoint pair with W = 2 and with
// W = kMaxWindow, with any initial seq, completes exchanges.
BOOST_AUTO_TEST_CASE(boundary_values_are_valid_and_work)
{
    for (uint32_t w : {2u, kMaxWindow})
    {
        for (Seq initial : {Seq(0), Seq(0xFFFFFFFFu)})
        {
            BOOST_TEST_CONTEXT("W = " << w << ", initial seq " << initial)
            {
                Config c = MakeConfig(w, initial, 1);
                BOOST_TEST_REQUIRE(ValidateConfig(c).empty());
                ByteScenario s(c);
                bool finished = s.RunExchanges(5, [](int, int i) { return i % 2 == 1; });
                BOOST_TEST_REQUIRE(finished, s.Describe());
                auto problems = s.Problems();
                BOOST_TEST(problems.empty(), First(problems));
            }
        }
    }
}

// S6: the payload budget always leaves room for answers, and admits at
// least one new exchange, for every valid W.
BOOST_AUTO_TEST_CASE(payload_budget_keeps_room_for_answers)
{
    for (uint32_t w = 2; w <= kMaxWindow; ++w)
    {
        uint32_t budget = PayloadBudget(w);
        if (budget < 1 || budget >= w)
        {
            BOOST_ERROR("PayloadBudget(" << w << ") = " << budget);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
