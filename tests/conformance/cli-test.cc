// The command line: bad flags get a clear error naming the flag (exit 2),
// case selection and listing.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>

using namespace seqex::conformance_test;

namespace
{

void
CheckUsageError(const std::vector<std::string>& args, const std::string& message)
{
    ToolRun run = RunConformance(args);
    BOOST_TEST_INFO("stderr:\n" << run.err);
    BOOST_TEST(run.status == 2);
    BOOST_TEST(run.out.empty());
    BOOST_TEST(Contains(run.err, "seqex-conformance: " + message));
    BOOST_TEST(Contains(run.err, "usage: seqex-conformance"));
}

int
CountLines(const std::string& text)
{
    int n = 0;
    for (char c : text)
    {
        n += c == '\n' ? 1 : 0;
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(bad_flags_name_the_flag)
{
    CheckUsageError({"--iut", ReferenceAdapter(), "--timeout-ms=abc"},
                    "--timeout-ms needs a number of milliseconds in 1..3600000, got \"abc\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--timeout-ms", "0"}, "--timeout-ms needs");
    CheckUsageError({"--iut", ReferenceAdapter(), "--seed", "-3"}, "--seed needs an unsigned number, got \"-3\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--shrink-runs"}, "--shrink-runs needs a number in 0..100000, got nothing");
    CheckUsageError({"--iut", ReferenceAdapter(), "--cases", "99.1"}, "no case or group numbered \"99.1\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--cases", "3.99"}, "no case or group numbered \"3.99\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--group", "nosuch"}, "no group named \"nosuch\"");
    CheckUsageError({"--cases", "1.1"}, "--iut \"COMMAND\" is required");
    CheckUsageError({"--iut"}, "--iut needs a value");
    CheckUsageError({"--iut", ReferenceAdapter(), "--frobnicate"}, "unknown option \"--frobnicate\"");
    CheckUsageError({"--self-check", "--faults", "no-such-fault"}, "unknown fault \"no-such-fault\"");
}

BOOST_AUTO_TEST_CASE(list_shows_every_case_with_level_and_rule)
{
    ToolRun all = RunConformance({"--list"});
    BOOST_TEST(all.status == 0);
    BOOST_TEST(CountLines(all.out) >= 90);
    BOOST_TEST(Contains(all.out, "5.7    MUST   duplicates"));
    BOOST_TEST(Contains(all.out, "[SPEC R1, R5]"));
    BOOST_TEST(Contains(all.out, "SHOULD"));
    ToolRun some = RunConformance({"--list", "--cases", "3,5.7", "--group", "timers"});
    BOOST_TEST(some.status == 0);
    std::istringstream lines(some.out);
    std::string line;
    while (std::getline(lines, line))
    {
        bool selected = line.rfind("3.", 0) == 0 || line.rfind("5.7 ", 0) == 0 || line.rfind("11.", 0) == 0;
        BOOST_TEST(selected, line);
    }
    BOOST_TEST(Contains(some.out, "5.7 "));
    BOOST_TEST(Contains(some.out, "11.1 "));
}

BOOST_AUTO_TEST_CASE(the_documented_case_table_matches_the_program)
{
    // doc/conformance.md lists every case as "| id | level | title | rule |".
    std::string doc = ReadWholeFile(SEQEX_CONFORMANCE_DOC);
    BOOST_REQUIRE(!doc.empty());
    ToolRun list = RunConformance({"--list"});
    std::regex row(R"(^(\S+)\s+(MUST|SHOULD)\s+(\S+)\s+(.*)  \[(.*)\]$)");
    std::istringstream lines(list.out);
    std::string line;
    int listed = 0;
    while (std::getline(lines, line))
    {
        std::smatch m;
        BOOST_REQUIRE_MESSAGE(std::regex_match(line, m, row), "unexpected --list line: " << line);
        ++listed;
        std::string title = std::regex_replace(m[4].str(), std::regex(R"(\|)"), "\\|");
        std::string want = "| " + m[1].str() + " | " + m[2].str() + " | " + title + " | " + m[5].str() + " |";
        BOOST_TEST(Contains(doc, "\n" + want + "\n"), "doc/conformance.md lacks the row " << want);
    }
    std::regex docRow(R"(\n\| [0-9]+\.[0-9]+ \|)");
    int documented = int(std::distance(std::sregex_iterator(doc.begin(), doc.end(), docRow), std::sregex_iterator()));
    BOOST_TEST(documented == listed);
}

BOOST_AUTO_TEST_CASE(selected_cases_run_and_pass_against_the_reference)
{
    ToolRun run = RunConformance({"--iut", ReferenceAdapter(), "--group", "duplicates", "--cases", "8.4", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 0);
    BOOST_TEST(Contains(run.out, "11 cases: 11 pass, 0 fail"));
    BOOST_TEST(Contains(run.out, "CONFORMANT (every MUST case passed)"));
}

BOOST_AUTO_TEST_SUITE_END()
