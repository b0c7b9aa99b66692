// CI gating: --strict makes a failed SHOULD case fail the run; --expect
// FILE lists known failures by case id, and the run fails on a failure not
// listed and on a listed case that now passes; the exit statuses are the
// documented ones.
#include "seqex-conformance-test-util.h"

// Boost 1.74's JSON parser includes the old boost/bind.hpp.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace seqex::conformance_test;
namespace pt = boost::property_tree;

namespace
{

// A leftover timer: allowed (CONFORMANCE-ADAPTER), but "none" is a SHOULD.
const char* kShouldCases = "adapter.init-default,tick.none-when-resolved";

// Delivers a duplicate of an out-of-order delivery again: fails
// R5.dup-of-out-of-order (a MUST) and no other case of R5.
std::string
FaultyR5()
{
    return ReferenceAdapter() + " --fault=out-of-order-redelivery";
}

ToolRun
RunR5(const std::vector<std::string>& extra)
{
    std::vector<std::string> args = {"--iut", FaultyR5(), "--cases", "R5", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunConformance(args);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gating)

BOOST_AUTO_TEST_CASE(strict_makes_a_should_failure_fail_the_run)
{
    std::string iut = ReferenceAdapter() + " --fault=stale-timer";
    ToolRun lenient = RunConformance({"--iut", iut, "--cases", kShouldCases, "--quiet"});
    BOOST_TEST_INFO("report:\n" << lenient.out);
    BOOST_TEST(lenient.status == 0);
    BOOST_TEST(Contains(CaseLine(lenient.out, "tick.none-when-resolved"), " SHOULD warn "));
    BOOST_TEST(Contains(lenient.out, "CONFORMANT (every MUST case passed)"));

    TempDir dir;
    ToolRun strict = RunConformance({"--iut", iut, "--cases", kShouldCases, "--quiet", "--strict", "--report-junit",
                                     dir.Path("j.xml")});
    BOOST_TEST_INFO("report:\n" << strict.out);
    BOOST_TEST(strict.status == 1);
    BOOST_TEST(Contains(strict.out, "strict:         a failed SHOULD case fails the run"));
    BOOST_TEST(Contains(strict.out, "NOT CONFORMANT (0 MUST cases failed, 1 SHOULD case failed (strict), 0 adapter "
                                    "errors)"));
    // JUnit marks it a failure of type SHOULD, so CI shows it red.
    pt::ptree xml;
    std::istringstream in(ReadWholeFile(dir.Path("j.xml")));
    pt::read_xml(in, xml);
    BOOST_TEST(xml.get<int>("testsuites.<xmlattr>.failures") == 1);
    bool should = false;
    for (const auto& suite : xml.get_child("testsuites"))
    {
        for (const auto& tc : suite.second)
        {
            boost::optional<const pt::ptree&> f = tc.second.get_child_optional("failure");
            should = should || (f && f->get<std::string>("<xmlattr>.type") == "SHOULD");
        }
    }
    BOOST_TEST(should);

    // A clean implementation passes strict too.
    ToolRun clean = RunConformance({"--iut", ReferenceAdapter(), "--cases", kShouldCases, "--quiet", "--strict"});
    BOOST_TEST(clean.status == 0);
    BOOST_TEST(Contains(clean.out, "CONFORMANT (every MUST and SHOULD case passed; strict)"));
}

BOOST_AUTO_TEST_CASE(expect_lists_known_failures_and_only_shrinks)
{
    TempDir dir;
    auto expectFile = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir.Path(name)) << text;
        return dir.Path(name);
    };
    // Listed: the run passes, and says so.
    ToolRun known = RunR5({"--expect", expectFile("known", "# our known bugs\nR5.dup-of-out-of-order  # issue 7\n\n")});
    BOOST_TEST_INFO("report:\n" << known.out);
    BOOST_TEST(known.status == 0);
    BOOST_TEST(Contains(known.out, "listed, still failing (1): R5.dup-of-out-of-order"));
    BOOST_TEST(Contains(known.out, "EXPECTATIONS MET"));

    // Not listed: a new failure fails the run.
    ToolRun fresh = RunR5({"--expect", expectFile("empty", "# nothing known\n")});
    BOOST_TEST_INFO("report:\n" << fresh.out);
    BOOST_TEST(fresh.status == 1);
    BOOST_TEST(Contains(fresh.out, "failing, not listed (1): R5.dup-of-out-of-order"));
    BOOST_TEST(Contains(fresh.out, "EXPECTATIONS NOT MET"));

    // Listed but passing now: fails too, so the list shrinks.
    ToolRun fixed = RunR5({"--expect", expectFile("stale", "R5.dup-of-out-of-order\nR5.dup-of-acked\n")});
    BOOST_TEST_INFO("report:\n" << fixed.out);
    BOOST_TEST(fixed.status == 1);
    BOOST_TEST(Contains(fixed.out, "listed, now passing: take them off the list (1): R5.dup-of-acked"));

    // Listed, not selected: not judged, not failing.
    ToolRun other = RunR5({"--expect", expectFile("other", "R5.dup-of-out-of-order\nS3.once-after-interval\n")});
    BOOST_TEST(other.status == 0);
    BOOST_TEST(Contains(other.out, "listed, not judged in this run (not selected, skipped, or a warning without "
                                   "--strict) (1): S3.once-after-interval"));

    // A typo in the file is an error naming the line, not a silent pass.
    std::string typo = expectFile("typo", "\nR5.dup-of-out-of-ordr\n");
    ToolRun bad = RunR5({"--expect", typo});
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(Contains(bad.err, "--expect file \"" + typo + "\", line 2: no case with the id "
                                 "\"R5.dup-of-out-of-ordr\" (see --list)"));
    ToolRun missing = RunR5({"--expect", dir.Path("no-such-file")});
    BOOST_TEST(missing.status == 2);
    BOOST_TEST(Contains(missing.err, "cannot read the --expect file"));
}

BOOST_AUTO_TEST_CASE(exit_statuses_are_the_documented_ones)
{
    // doc/conformance.md's table "| status | meaning |" under "Exit status".
    std::string doc = ReadWholeFile(SEQEX_CONFORMANCE_DOC);
    size_t at = doc.find("\n### Exit status\n");
    BOOST_REQUIRE(at != std::string::npos);
    std::string section = doc.substr(at, doc.find("\n#", at + 1) - at);
    std::set<int> documented;
    std::regex row(R"(\n\| \*\*([0-9])\*\* \|)");
    for (auto it = std::sregex_iterator(section.begin(), section.end(), row); it != std::sregex_iterator(); ++it)
    {
        documented.insert(std::stoi((*it)[1].str()));
    }
    BOOST_TEST((documented == std::set<int>{0, 1, 2, 3}));

    TempDir dir;
    std::set<int> seen;
    seen.insert(RunConformance({"--iut", ReferenceAdapter(), "--cases", "R5", "--quiet"}).status);
    seen.insert(RunR5({}).status);
    seen.insert(RunConformance({"--iut", ReferenceAdapter(), "--bogus"}).status);
    // An unwritable path is refused up front (2); a write that fails at the
    // end (a full disk, as /dev/full is) is 3.
    seen.insert(RunConformance({"--iut", ReferenceAdapter(), "--cases", "adapter.init-default", "--quiet",
                                "--report-text", "/dev/full"})
                    .status);
    BOOST_TEST((seen == documented), "seen " << seen.size() << ": " << *seen.begin() << ".." << *seen.rbegin());
}

BOOST_AUTO_TEST_SUITE_END()
