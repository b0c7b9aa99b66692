// Whole-suite runs: the reference adapter passes every case, the self-check
// catches every fault variant by the case aimed at it, and the Python example
// adapter (standard library only) passes every case.
#include "seqex-adapter-faults.h"
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>

using namespace seqex::conformance_test;

namespace
{

int
CaseCount()
{
    ToolRun list = RunConformance({"--list"});
    int n = 0;
    for (char c : list.out)
    {
        n += c == '\n' ? 1 : 0;
    }
    return n;
}

// Every case passes: no fail, warn, error or skip.
void
CheckPassesEverything(const ToolRun& run)
{
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 0);
    int n = CaseCount();
    BOOST_TEST(n >= 90);
    std::string totals = std::to_string(n) + " cases: " + std::to_string(n) + " pass, 0 fail, 0 warn, 0 error, 0 skip";
    BOOST_TEST(Contains(run.out, totals));
    BOOST_TEST(Contains(run.out, "CONFORMANT (every MUST case passed)"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(reference)

BOOST_AUTO_TEST_CASE(reference_adapter_passes_every_case)
{
    CheckPassesEverything(RunConformance({"--iut", ReferenceAdapter(), "--quiet"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(self_check)

BOOST_AUTO_TEST_CASE(every_fault_is_caught_by_the_case_aimed_at_it)
{
    ToolRun run = RunConformance({"--self-check", "--adapter", ReferenceAdapter(), "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 0);
    BOOST_TEST(Contains(run.out, "-> clean"));
    // One line per fault, each caught, by its aimed case too.
    std::regex faultLine(R"(^  fault (\S+) +caught by ([A-Za-z0-9.-]+); aimed at ([A-Za-z0-9.-]+): caught$)");
    std::istringstream lines(run.out);
    std::string line;
    int caught = 0;
    int faultLines = 0;
    while (std::getline(lines, line))
    {
        if (line.rfind("  fault ", 0) == 0)
        {
            ++faultLines;
            std::smatch m;
            bool matched = std::regex_match(line, m, faultLine);
            BOOST_TEST(matched, line);
            // The aimed case runs first and settles it: caught by that case.
            BOOST_TEST((matched && m[2].str() == m[3].str()), line);
            caught += matched ? 1 : 0;
        }
    }
    // Every fault variant the reference adapter has, none left out.
    BOOST_TEST(faultLines == static_cast<int>(seqex::conformance::AllFaults().size()));
    BOOST_TEST(caught == faultLines);
    std::string n = std::to_string(faultLines);
    BOOST_TEST(Contains(run.out, "caught " + n + "/" + n + " faults (catch rate 100%); " + n + "/" + n +
                                     " by the case aimed at them"));
    BOOST_TEST(Contains(run.out, "SELF-CHECK PASSED"));
}

BOOST_AUTO_TEST_CASE(a_fault_the_selection_misses_fails_the_self_check)
{
    // tick.idle-none cannot see missing retransmissions: the self-check must say so.
    ToolRun run = RunConformance({"--self-check", "--adapter", ReferenceAdapter(), "--faults", "no-retransmission",
                                  "--cases", "tick.idle-none", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    BOOST_TEST(Contains(run.out, "NOT CAUGHT"));
    BOOST_TEST(Contains(run.out, "caught 0/1 faults (catch rate 0%)"));
    BOOST_TEST(Contains(run.out, "SELF-CHECK FAILED"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(python_example)

BOOST_AUTO_TEST_CASE(python_adapter_passes_every_case)
{
    // The full suite, not --short: about 20 s, most of it in the network
    // group's longer workloads, and that is where an implementation breaks.
    CheckPassesEverything(RunConformance({"--iut", PythonAdapter(), "--quiet"}));
}

BOOST_AUTO_TEST_SUITE_END()
