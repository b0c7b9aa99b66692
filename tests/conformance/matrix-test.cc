// The interop matrix: --matrix FILE runs the suite for each implementation
// and the network cases for each pair; --report-html writes one static,
// self-contained page (its look in a browser: report-page-test.py). A bad
// matrix file is an error naming what is wrong in it.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>

using namespace seqex::conformance_test;

namespace
{

std::string
Matrix(const TempDir& dir, const std::string& text)
{
    std::ofstream(dir.Path("matrix.json")) << text;
    return dir.Path("matrix.json");
}

// {"name": NAME, "command": COMMAND} as JSON.
std::string
Entry(const std::string& name, const std::string& command)
{
    std::string quoted;
    for (char c : command)
    {
        quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    }
    return "{\"name\": \"" + name + "\", \"command\": \"" + quoted + "\"}";
}

} // namespace

BOOST_AUTO_TEST_SUITE(matrix)

BOOST_AUTO_TEST_CASE(bad_matrix_files_are_named)
{
    TempDir dir;
    auto check = [&](const std::string& text, const std::string& message) {
        std::string path = Matrix(dir, text);
        ToolRun run = RunConformance({"--matrix", path, "--quiet"});
        BOOST_TEST_INFO("text: " << text << "\nstderr:\n" << run.err);
        BOOST_TEST(run.status == 2);
        BOOST_TEST(Contains(run.err, "seqex-conformance: --matrix file \"" + path + "\": " + message));
    };
    check("{\"implementations\": [\n  {\"name\": \"a\" \"command\": \"x\"}]}",
          "not JSON: line 2, column 16: expected ',' or '}'");
    check("[1, 2]", "expected {\"implementations\": [{\"name\": ..., \"command\": ...}, ...]}");
    check("{\"implementations\": []}", "\"implementations\" is empty");
    check("{\"implementations\": [{\"name\": \"a\"}]}", "implementations[0]: \"command\" must be a non-empty string");
    check("{\"implementations\": [" + Entry("a", "x") + ", " + Entry("a", "y") + "]}",
          "implementations[1]: the name \"a\" is used twice");
    ToolRun both = RunConformance({"--matrix", Matrix(dir, "{}"), "--iut", ReferenceAdapter()});
    BOOST_TEST(both.status == 2);
    BOOST_TEST(Contains(both.err, "--matrix takes its implementations from the file"));
}

BOOST_AUTO_TEST_CASE(matrix_runs_each_implementation_and_each_pair)
{
    TempDir dir;
    std::string path = Matrix(dir, "{\"implementations\": [" + Entry("reference", ReferenceAdapter()) + ", " +
                                       Entry("faulty", ReferenceAdapter() + " --fault=out-of-order-redelivery") +
                                       "]}");
    std::string page = dir.Path("page.html");
    ToolRun run = RunConformance({"--matrix", path, "--cases", "R5.dup-of-out-of-order,R5.dup-of-acked,sec7.net-random-loss",
                                  "--short", "--seed", "1", "--quiet", "--report-html", page});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    BOOST_TEST(Contains(run.out, "  reference (" + ReferenceAdapter() + "): 3 cases, 3 pass, 0 fail"));
    BOOST_TEST(Contains(run.out, "  faulty (" + ReferenceAdapter() +
                                     " --fault=out-of-order-redelivery): 3 cases, 1 pass, 2 fail, 0 warn, 0 error, 0 "
                                     "skip -> FAIL: R5.dup-of-out-of-order, sec7.net-random-loss"));
    // The pair runs only the network case, the faulty one as peer 1.
    BOOST_TEST(Contains(run.out, "  reference x faulty (network cases): 1 cases, 0 pass, 1 fail"));
    BOOST_TEST(Contains(run.out, "MATRIX FAILED"));

    std::string html = ReadWholeFile(page);
    BOOST_REQUIRE(!html.empty());
    // Self-contained: nothing is fetched.
    BOOST_TEST(!Contains(html, "src="));
    BOOST_TEST(!Contains(html, "<link"));
    BOOST_TEST(Contains(html, "seed <span id=\"seed\">1</span>"));
    BOOST_TEST(Contains(html, "seqex-conformance 2 (adapter protocol v1, SPEC v1.1)"));
    // Rows per case, a column per implementation and per pair.
    for (const char* id : {"R5.dup-of-out-of-order", "R5.dup-of-acked", "sec7.net-random-loss"})
    {
        BOOST_TEST(Contains(html, std::string("<tr class=\"case\" id=\"case-") + id + "\">"), id);
    }
    BOOST_TEST(Contains(html, "<th class=\"pair\">reference vs faulty</th>"));
    // Failing rules per implementation.
    BOOST_TEST(Contains(html, "<b>R5</b>: R5.dup-of-out-of-order; <b>sec7</b>: sec7.net-random-loss"));
    // The failing cell links to its details, which carry the transcript and
    // the command replaying that cell alone (with --peer for a pair).
    BOOST_TEST(Contains(html, "<td class=\"cell fail\"><a href=\"#d1-R5.dup-of-out-of-order\""));
    std::smatch m;
    std::string details = html.substr(html.find("<details class=\"cell-details\" id=\"d1-R5.dup-of-out-of-order\">"));
    details = details.substr(0, details.find("</details>"));
    BOOST_TEST(Contains(details, "iut&gt; init 0 250 0 64"));
    BOOST_TEST(Contains(details, "replay: <code class=\"replay\">seqex-conformance --iut "));
    BOOST_TEST(Contains(details, "--cases R5.dup-of-out-of-order --seed 1 --short</code>"));
    BOOST_TEST(Contains(html, "--cases sec7.net-random-loss --seed 1 --short --peer "));
}

BOOST_AUTO_TEST_CASE(a_single_run_writes_the_page_too)
{
    TempDir dir;
    ToolRun run = RunConformance({"--iut", ReferenceAdapter() + " --fault=out-of-order-redelivery", "--cases",
                                  "adapter.init-default,R5", "--quiet", "--report-html", dir.Path("one.html")});
    BOOST_TEST(run.status == 1);
    std::string html = ReadWholeFile(dir.Path("one.html"));
    BOOST_TEST(Contains(html, "<th class=\"impl\">seqex-reference-core/1+out-of-order-redelivery</th>"));
    BOOST_TEST(Contains(html, "<td class=\"cell fail\"><a href=\"#d0-R5.dup-of-out-of-order\""));
    BOOST_TEST(Contains(html, "<td class=\"cell pass\"><a href=\"#d0-R5.dup-of-acked\""));
}

BOOST_AUTO_TEST_SUITE_END()
