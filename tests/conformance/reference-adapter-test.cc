// The reference adapter's answers to lines the suite may send, called in
// process (ReferenceAdapter::Handle): settings it cannot honour get a clear
// error, and every timer it reports is sane.
#include "seqex-reference-adapter.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace seqex;
using namespace seqex::conformance;

namespace
{

std::string
Last(const std::vector<std::string>& lines)
{
    return lines.empty() ? std::string() : lines.back();
}

} // namespace

BOOST_AUTO_TEST_SUITE(reference_adapter)

// Issue 11, defect 1: a resend interval of INT64_MAX used to be accepted and
// then reported a next timer in the past; it is refused at init, naming the
// bound.
BOOST_AUTO_TEST_CASE(a_resend_interval_beyond_the_bound_is_refused_at_init)
{
    ReferenceAdapter adapter;
    std::string answer = Last(adapter.Handle("init 0 9223372036854775807 0 64"));
    BOOST_TEST(answer.rfind("err unsupported resendIntervalMs must be in 1..86400000 ms", 0) == 0u, answer);
}

// At the bound and at the end of the clock, tick reports a timer no earlier
// than now, and a tick at that timer retransmits.
BOOST_AUTO_TEST_CASE(timers_at_the_end_of_the_clock_are_never_in_the_past)
{
    ReferenceAdapter adapter;
    BOOST_TEST_REQUIRE(Last(adapter.Handle("init 0 86400000 0 64")).rfind("ok ", 0) == 0u);
    const std::string end = "9223372036854775807";
    BOOST_TEST(Last(adapter.Handle("send 9223372036854775000 0 aa")) == "ok 0");
    std::vector<std::string> tick = adapter.Handle("tick 9223372036854775001");
    BOOST_TEST(Last(tick) == "ok " + end);
    tick = adapter.Handle("tick " + end);
    BOOST_TEST_REQUIRE(tick.size() == 2u);
    BOOST_TEST(tick[0] == "tx P 0 aa");
    BOOST_TEST(tick[1] == "ok " + end);
}

// The `probe` extension: the core's address probe, next seq - 2^30 (mod
// 2^32), across the wrap as well; it needs an instance and a time.
BOOST_AUTO_TEST_CASE(probe_transmits_the_address_probe_and_changes_nothing)
{
    ReferenceAdapter adapter;
    BOOST_TEST(Last(adapter.Handle("probe 0")) == "err no instance: probe before init");
    BOOST_TEST_REQUIRE(Last(adapter.Handle("init 0 250 1073741823 64")).rfind("ok ", 0) == 0u);
    BOOST_TEST(Last(adapter.Handle("probe")) == "err bad probe: expected 1 argument (probe <t>), got 0");
    std::vector<std::string> probe = adapter.Handle("probe 1");
    BOOST_TEST_REQUIRE(probe.size() == 2u);
    BOOST_TEST(probe[0] == "tx P 4294967295 -"); // 2^30 - 1 - 2^30 wraps
    BOOST_TEST(probe[1] == "ok");
    BOOST_TEST(Last(adapter.Handle("send 2 0 aa")) == "ok 1073741823");
    BOOST_TEST(adapter.Handle("probe 3").front() == "tx P 0 -");
    BOOST_TEST(Last(adapter.Handle("tick 3")) == "ok 252");
}

BOOST_AUTO_TEST_SUITE_END()
