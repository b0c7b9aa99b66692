// The three report forms of a run that fails: the JSON parses and carries
// every case with its outcome and transcript, the JUnit XML is well formed
// with the failures marked, and the text report (stdout and --report-text)
// carries the failure's transcript. A faulty variant of the reference
// adapter provides the failure.
#include "seqex-conformance-test-util.h"

// Boost 1.74's JSON parser includes the old boost/bind.hpp.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>

using namespace seqex::conformance_test;
namespace pt = boost::property_tree;

namespace
{

// The duplicates group plus adapter.init-default against a variant that
// delivers a duplicate of a delivered packet again: adapter.init-default
// passes, R5.dup-of-unanswered fails (R1, a MUST).
struct FailingRun
{
    TempDir dir;
    std::string iut = ReferenceAdapter() + " --fault=duplicate-delivery";
    ToolRun run;

    FailingRun()
    {
        run = RunConformance({"--iut", iut, "--cases", "adapter.init-default", "--group", "duplicates", "--seed", "7", "--quiet", "--report-json",
                              dir.Path("report.json"), "--report-junit", dir.Path("report.xml"), "--report-text",
                              dir.Path("report.txt")});
    }
};

// Every case of the JSON report by id.
std::map<std::string, pt::ptree>
JsonCases(const pt::ptree& report)
{
    std::map<std::string, pt::ptree> cases;
    for (const auto& group : report.get_child("groups"))
    {
        for (const auto& c : group.second.get_child("cases"))
        {
            cases[c.second.get<std::string>("id")] = c.second;
        }
    }
    return cases;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(json_report_parses_with_the_expected_fields)
{
    FailingRun f;
    BOOST_TEST_INFO("report:\n" << f.run.out);
    BOOST_TEST(f.run.status == 1);
    pt::ptree report;
    std::istringstream in(ReadWholeFile(f.dir.Path("report.json")));
    BOOST_REQUIRE_NO_THROW(pt::read_json(in, report));

    BOOST_TEST(report.get<std::string>("suite") == "seqex-conformance");
    BOOST_TEST(report.get<std::string>("iut") == f.iut);
    BOOST_TEST(report.get<std::string>("implementation").find("seqex") != std::string::npos);
    BOOST_TEST(report.get<int>("seed") == 7);
    BOOST_TEST(report.get<bool>("conformant") == false);
    BOOST_TEST(report.get<int>("timeout_ms") == 2000);

    std::map<std::string, pt::ptree> cases = JsonCases(report);
    int total = report.get<int>("summary.cases");
    BOOST_TEST(total == int(cases.size()));
    BOOST_TEST(total > 2);
    BOOST_TEST(report.get<int>("summary.fail") >= 1);
    BOOST_TEST(report.get<int>("summary.error") == 0);
    int counted = 0;
    for (const char* outcome : {"pass", "fail", "warn", "error", "skip"})
    {
        counted += report.get<int>(std::string("summary.") + outcome);
    }
    BOOST_TEST(counted == total);

    // Every case names its rule, level and outcome.
    for (const auto& [id, c] : cases)
    {
        BOOST_TEST_CONTEXT("case " << id)
        {
            BOOST_TEST(!c.get<std::string>("rule").empty());
            std::string level = c.get<std::string>("level");
            BOOST_TEST((level == "MUST" || level == "SHOULD"));
            BOOST_TEST(!c.get<std::string>("title").empty());
            BOOST_TEST(c.get<double>("seconds") >= 0.0);
        }
    }
    BOOST_REQUIRE(cases.count("adapter.init-default") == 1);
    BOOST_TEST(cases["adapter.init-default"].get<std::string>("outcome") == "pass");

    BOOST_REQUIRE(cases.count("R5.dup-of-unanswered") == 1);
    const pt::ptree& failed = cases["R5.dup-of-unanswered"];
    BOOST_TEST(failed.get<std::string>("outcome") == "fail");
    BOOST_TEST(failed.get<std::string>("level") == "MUST");
    BOOST_TEST(failed.get<std::string>("rule").find("R1") != std::string::npos);
    BOOST_TEST(!failed.get<std::string>("message").empty());
    // The transcript is the whole exchange with the adapter, both directions
    // ("iut>" to it, "iut<" from it).
    std::vector<std::string> transcript;
    for (const auto& line : failed.get_child("transcript"))
    {
        transcript.push_back(line.second.get_value<std::string>());
    }
    BOOST_REQUIRE(transcript.size() >= 4);
    BOOST_TEST(transcript.front().rfind("iut> init ", 0) == 0);
    bool delivered = false;
    for (const std::string& l : transcript)
    {
        delivered = delivered || l.rfind("iut< deliver ", 0) == 0;
    }
    BOOST_TEST(delivered);
}

BOOST_AUTO_TEST_CASE(junit_report_is_well_formed_with_failures_marked)
{
    FailingRun f;
    BOOST_TEST(f.run.status == 1);
    pt::ptree xml;
    std::istringstream in(ReadWholeFile(f.dir.Path("report.xml")));
    BOOST_REQUIRE_NO_THROW(pt::read_xml(in, xml));

    const pt::ptree& suites = xml.get_child("testsuites");
    int failures = suites.get<int>("<xmlattr>.failures");
    int tests = suites.get<int>("<xmlattr>.tests");
    BOOST_TEST(failures >= 1);
    BOOST_TEST(suites.get<int>("<xmlattr>.errors") == 0);

    int testcases = 0;
    int failureElements = 0;
    bool failedCaseMarked = false;
    bool passedCaseClean = false;
    for (const auto& suite : suites)
    {
        if (suite.first != "testsuite")
        {
            continue;
        }
        int suiteFailures = 0;
        for (const auto& tc : suite.second)
        {
            if (tc.first != "testcase")
            {
                continue;
            }
            ++testcases;
            std::string name = tc.second.get<std::string>("<xmlattr>.name");
            boost::optional<const pt::ptree&> failure = tc.second.get_child_optional("failure");
            if (failure)
            {
                ++failureElements;
                ++suiteFailures;
                BOOST_TEST(failure->get<std::string>("<xmlattr>.type") == "MUST");
                BOOST_TEST(!failure->get<std::string>("<xmlattr>.message").empty());
                if (name.rfind("R5.dup-of-unanswered ", 0) == 0)
                {
                    // The body carries the transcript.
                    std::string body = failure->get_value<std::string>();
                    failedCaseMarked = Contains(body, "transcript:") && Contains(body, "iut> init ");
                }
            }
            if (name.rfind("adapter.init-default ", 0) == 0)
            {
                passedCaseClean = !failure && !tc.second.get_child_optional("error");
            }
        }
        BOOST_TEST(suite.second.get<int>("<xmlattr>.failures") == suiteFailures);
    }
    BOOST_TEST(testcases == tests);
    BOOST_TEST(failureElements == failures);
    BOOST_TEST(failedCaseMarked);
    BOOST_TEST(passedCaseClean);
}

BOOST_AUTO_TEST_CASE(text_report_carries_the_failure_transcript)
{
    FailingRun f;
    BOOST_TEST_INFO("report:\n" << f.run.out);
    BOOST_TEST(f.run.status == 1);
    // --report-text writes what stdout shows.
    BOOST_TEST(ReadWholeFile(f.dir.Path("report.txt")) == f.run.out);

    BOOST_TEST(Contains(f.run.out, "IUT:            " + f.iut));
    BOOST_TEST(Contains(f.run.out, "seed:           7"));
    BOOST_TEST(Contains(CaseLine(f.run.out, "adapter.init-default"), " pass "));
    BOOST_TEST(Contains(CaseLine(f.run.out, "R5.dup-of-unanswered"), " fail "));
    BOOST_TEST(Contains(CaseLine(f.run.out, "R5.dup-of-unanswered"), "MUST"));
    // Only cases that did not pass get a block.
    BOOST_TEST(CaseBlock(f.run.out, "adapter.init-default").empty());
    std::string block = CaseBlock(f.run.out, "R5.dup-of-unanswered");
    BOOST_TEST(Contains(block, "--- R5.dup-of-unanswered fail (MUST, SPEC R1"));
    BOOST_TEST(Contains(block, "transcript (> to the adapter, < from it):"));
    BOOST_TEST(Contains(block, "iut> init 0 "));
    BOOST_TEST(Contains(block, "iut< deliver 0 0 b0"));
    BOOST_TEST(Contains(f.run.out, "NOT CONFORMANT"));
}

BOOST_AUTO_TEST_CASE(unwritable_report_path_is_named)
{
    TempDir dir;
    std::string path = dir.Path("no-such-dir/report.json");
    ToolRun run = RunConformance({"--iut", ReferenceAdapter(), "--cases", "adapter.init-default", "--quiet", "--report-json", path});
    // Checked before any case runs: a usage error, no report.
    BOOST_TEST(run.status == 2);
    BOOST_TEST(Contains(run.err, "--report-json " + path + ": cannot write: No such file or directory"), run.err);
    BOOST_TEST(!Contains(run.out, "cases:"), run.out);
}

BOOST_AUTO_TEST_SUITE_END()
