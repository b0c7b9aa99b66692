// The command line: bad flags get a clear error naming the flag (exit 2),
// case selection and listing.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>
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
    CheckUsageError({"--iut", ReferenceAdapter(), "--startup-timeout-ms", "soon"},
                    "--startup-timeout-ms needs a number of milliseconds in 1..3600000, got \"soon\"");
    // Positional ids are gone: ids and rules only.
    CheckUsageError({"--iut", ReferenceAdapter(), "--cases", "5.7"}, "no case id or rule \"5.7\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--cases", "R5.no-such-case"}, "no case id or rule \"R5.no-such-case\"");
    CheckUsageError({"--iut", ReferenceAdapter(), "--group", "nosuch"}, "no group named \"nosuch\"");
    CheckUsageError({"--cases", "adapter.init-default"}, "--iut \"COMMAND\" is required");
    CheckUsageError({"--iut"}, "--iut needs a value");
    CheckUsageError({"--iut", ReferenceAdapter(), "--frobnicate"}, "unknown option \"--frobnicate\"");
    CheckUsageError({"--self-check", "--faults", "no-such-fault"}, "unknown fault \"no-such-fault\"");
}

BOOST_AUTO_TEST_CASE(list_shows_every_case_with_level_and_rule)
{
    ToolRun all = RunConformance({"--list"});
    BOOST_TEST(all.status == 0);
    BOOST_TEST(CountLines(all.out) >= 90);
    BOOST_TEST(Contains(all.out, "R5.dup-of-out-of-order           MUST   duplicates"));
    BOOST_TEST(Contains(all.out, "[SPEC R1, R5]"));
    BOOST_TEST(Contains(all.out, "SHOULD"));
    // A rule selects every case of it; an id one case; --group adds a group.
    ToolRun some = RunConformance({"--list", "--cases", "S3,R5.dup-of-out-of-order", "--group", "timers"});
    BOOST_TEST(some.status == 0);
    std::istringstream lines(some.out);
    std::string line;
    int s3 = 0;
    while (std::getline(lines, line))
    {
        bool timers = Contains(line, " timers ");
        bool selected = line.rfind("S3.", 0) == 0 || line.rfind("R5.dup-of-out-of-order ", 0) == 0 || timers;
        BOOST_TEST(selected, line);
        s3 += line.rfind("S3.", 0) == 0 && !timers ? 1 : 0;
    }
    BOOST_TEST(s3 >= 10);
    BOOST_TEST(Contains(some.out, "R5.dup-of-out-of-order "));
    BOOST_TEST(Contains(some.out, "tick.idle-none "));
}

BOOST_AUTO_TEST_CASE(case_ids_are_stable_and_keyed_to_their_rule)
{
    // "<rule>.<name>": the rule prefix names a rule the case cites (R5 in
    // "SPEC R1, R5", sec7 for "SPEC 7", tick/adapter for the adapter
    // protocol), so an id says what it checks and never moves when a case
    // is inserted.
    ToolRun list = RunConformance({"--list"});
    std::regex row(R"(^(\S+)\s+(MUST|SHOULD)\s+(\S+)\s+(.*)  \[(.*)\]$)");
    std::istringstream lines(list.out);
    std::string line;
    std::set<std::string> ids;
    while (std::getline(lines, line))
    {
        std::smatch m;
        BOOST_REQUIRE(std::regex_match(line, m, row));
        std::string id = m[1].str();
        std::string rule = m[5].str();
        BOOST_TEST(ids.insert(id).second, "id used twice: " << id);
        std::smatch parts;
        BOOST_REQUIRE_MESSAGE(std::regex_match(id, parts, std::regex(R"(([A-Za-z0-9]+)\.([a-z0-9-]+))")),
                              "id not <rule>.<name>: " << id);
        std::string prefix = parts[1].str();
        bool keyed = false;
        if (std::regex_match(prefix, std::regex("[SR][0-9]")))
        {
            keyed = std::regex_search(rule, std::regex("\\b" + prefix + "\\b"));
        }
        else if (prefix.rfind("sec", 0) == 0)
        {
            keyed = std::regex_search(rule, std::regex("(SPEC |, )" + prefix.substr(3) + "\\b"));
        }
        else if (prefix == "adapter" || prefix == "tick")
        {
            keyed = Contains(rule, "adapter protocol");
        }
        else if (prefix == "ext")
        {
            keyed = rule.rfind("extension: ", 0) == 0;
        }
        BOOST_TEST(keyed, "id " << id << " is not keyed to its rule [" << rule << "]");
    }
    // Ids that reports, seeds, the fault table and users' --expect files
    // name: they must never change.
    for (const char* stable : {"R5.dup-of-out-of-order", "S3.once-after-interval", "S6.smallest-window",
                               "sec7.net-clean", "tick.none-when-resolved", "adapter.init-default"})
    {
        BOOST_TEST(ids.count(stable) == 1, stable);
    }
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
    std::regex docRow(R"(\n\| [A-Za-z0-9]+\.[a-z0-9-]+ \| (MUST|SHOULD) \|)");
    int documented = int(std::distance(std::sregex_iterator(doc.begin(), doc.end(), docRow), std::sregex_iterator()));
    BOOST_TEST(documented == listed);
}

BOOST_AUTO_TEST_CASE(selected_cases_run_and_pass_against_the_reference)
{
    ToolRun run = RunConformance(
        {"--iut", ReferenceAdapter(), "--group", "duplicates", "--cases", "R4.lock-holds-next", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 0);
    BOOST_TEST(Contains(run.out, "12 cases: 12 pass, 0 fail"));
    BOOST_TEST(Contains(run.out, "CONFORMANT (every MUST case passed)"));
}

BOOST_AUTO_TEST_SUITE_END()
