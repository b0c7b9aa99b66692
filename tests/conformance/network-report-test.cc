// A failing network run (SPEC 7) is shrunk to a short transcript, and the
// replay the report gives (--cases ID --seed N) fails the same way.
#include "seqex-conformance-test-util.h"

// Boost 1.74's JSON parser includes the old boost/bind.hpp.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace seqex::conformance_test;
namespace pt = boost::property_tree;

namespace
{

// The transcript lines of a text report block (indented under "transcript").
std::vector<std::string>
TextTranscript(const std::string& block)
{
    std::vector<std::string> out;
    std::istringstream in(block);
    std::string line;
    bool inside = false;
    while (std::getline(in, line))
    {
        if (inside && line.rfind("      ", 0) != 0)
        {
            break;
        }
        if (inside)
        {
            out.push_back(line.substr(6));
        }
        inside = inside || Contains(line, "transcript (> to the adapter, < from it):");
    }
    return out;
}

// The one case of a JSON report.
pt::ptree
OnlyCase(const std::string& json)
{
    pt::ptree report;
    std::istringstream in(json);
    pt::read_json(in, report);
    return report.get_child("groups").front().second.get_child("cases").front().second;
}

std::vector<std::string>
Strings(const pt::ptree& list)
{
    std::vector<std::string> out;
    for (const auto& l : list)
    {
        out.push_back(l.second.get_value<std::string>());
    }
    return out;
}

// The number in "[N ...]" after `prefix` in `line`, or -1.
long
NumberAfter(const std::string& line, const std::string& prefix)
{
    size_t at = line.find(prefix);
    return at == std::string::npos ? -1 : std::stol(line.substr(at + prefix.size()));
}

} // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(failing_network_run_is_shrunk_and_replays)
{
    // Without retransmissions 20% loss loses packets for good: liveness fails.
    std::vector<std::string> args = {"--iut", ReferenceAdapter() + " --fault=no-retransmission", "--cases",
                                     "sec7.net-random-loss", "--seed", "1", "--quiet"};
    ToolRun first = RunConformance(args);
    BOOST_TEST_INFO("report:\n" << first.out);
    BOOST_TEST(first.status == 1);
    std::string block = CaseBlock(first.out, "sec7.net-random-loss");
    BOOST_TEST(Contains(block, "--- sec7.net-random-loss fail (MUST"));
    BOOST_TEST(Contains(block, "invariant 4 (liveness)"));
    BOOST_TEST(Contains(block, "note: shrunk in "));
    // Shrunk: far fewer payloads than the 80 of the run that failed.
    size_t at = block.find("payloads to ");
    BOOST_REQUIRE(at != std::string::npos);
    BOOST_TEST(std::stoi(block.substr(at + 12)) <= 10);
    BOOST_TEST(Contains(block, "note: replay: --cases sec7.net-random-loss --seed 1"));
    BOOST_TEST(Contains(block, "transcript (> to the adapter, < from it):"));
    BOOST_TEST(Contains(block, "iut> "));
    BOOST_TEST(Contains(block, "ref> "));

    // Deterministic: the replay reports the same failure, word for word.
    ToolRun again = RunConformance(args);
    BOOST_TEST(again.status == 1);
    auto withoutTimes = [](std::string text) {
        // Only the run time differs ("in 0.412 s").
        return text.substr(0, text.rfind(" cases: "));
    };
    BOOST_TEST(withoutTimes(CaseBlock(again.out, "sec7.net-random-loss")) == withoutTimes(block));
}

BOOST_AUTO_TEST_CASE(a_long_transcript_says_exactly_what_it_left_out)
{
    // Replies dropped, unshrunk: both sides retransmit for the 10 s after the
    // heal, far more lines than a transcript keeps.
    TempDir dir;
    ToolRun run = RunConformance({"--iut", ReferenceAdapter() + " --fault=replies-dropped", "--cases",
                                  "sec7.net-random-loss", "--shrink-runs", "0", "--quiet", "--report-json",
                                  dir.Path("r.json")});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    pt::ptree c = OnlyCase(ReadWholeFile(dir.Path("r.json")));
    std::vector<std::string> json = Strings(c.get_child("transcript"));
    uint64_t total = c.get<uint64_t>("transcript_lines");
    // The run's start is kept: its workload (80 payloads), then the inits.
    BOOST_REQUIRE(json.size() > 90);
    BOOST_TEST(json[0] == "workload: 80 payloads (peer, time, seq_cst, data)");
    for (size_t k = 1; k <= 80; ++k)
    {
        BOOST_TEST(json[k].rfind("workload: ", 0) == 0, json[k]);
    }
    BOOST_TEST(json[81].rfind("iut> init ", 0) == 0);
    // One marker, and its count is exact: kept + dropped == every line.
    size_t markers = 0;
    long dropped = 0;
    size_t markerAt = 0;
    for (size_t k = 0; k < json.size(); ++k)
    {
        std::smatch m;
        if (std::regex_match(json[k], m, std::regex(R"(\[([0-9]+) lines not kept here\])")))
        {
            ++markers;
            dropped = std::stol(m[1].str());
            markerAt = k;
        }
    }
    BOOST_TEST(markers == 1u);
    BOOST_TEST(dropped > 0);
    BOOST_TEST(json.size() - 1 + uint64_t(dropped) == total);

    // The text report: at most 60 lines, the workload's start, the inits,
    // where progress stopped with an exact count of what followed.
    std::vector<std::string> text = TextTranscript(CaseBlock(run.out, "sec7.net-random-loss"));
    BOOST_TEST(text.size() <= 60u);
    BOOST_REQUIRE(text.size() > 20u);
    BOOST_TEST(text[0] == json[0]);
    BOOST_TEST(Contains(run.out, "workload: ... and 72 more payloads (the JSON report lists them all)"));
    // The last transcript line shown before the progress line, found in the
    // JSON: what the progress line says followed is exact.
    size_t progress = 0;
    for (size_t k = 0; k < text.size(); ++k)
    {
        progress = text[k].rfind("[progress stopped at ", 0) == 0 ? k : progress;
    }
    BOOST_REQUIRE(progress > 0);
    BOOST_TEST(text[progress + 1].rfind("state of iut at ", 0) == 0);
    BOOST_TEST(text[progress + 2].rfind("state of ref at ", 0) == 0);
    // Locate the block of lines before it (unique with their timestamps).
    std::vector<std::string> before(text.begin() + long(progress) - 8, text.begin() + long(progress));
    size_t found = 0;
    int matches = 0;
    for (size_t k = 0; k + before.size() <= json.size(); ++k)
    {
        if (std::equal(before.begin(), before.end(), json.begin() + long(k)))
        {
            found = k + before.size(); // the first line after them
            ++matches;
        }
    }
    BOOST_REQUIRE(matches == 1);
    uint64_t global = found > markerAt ? found - 1 + uint64_t(dropped) : found;
    BOOST_TEST(NumberAfter(text[progress], "or accepted send); ") == long(total - global));
    // And the lines left out between the inits and that block are counted
    // exactly too.
    for (size_t k = 0; k < progress; ++k)
    {
        long n = NumberAfter(text[k], "[");
        if (Contains(text[k], " lines left out here"))
        {
            size_t shownAfter = progress - k - 1; // lines shown from the marker to the progress line
            uint64_t firstShown = global - shownAfter;
            uint64_t lastBefore = 81 + 4; // workload, header, then the 4 init lines shown
            BOOST_TEST(uint64_t(n) == firstShown - lastBefore);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_deadlock_report_is_paste_ready)
{
    // Replies dropped: a reply names the packet, yet it is never resolved
    // and keeps being retransmitted, on both sides.
    ToolRun run = RunConformance({"--iut", ReferenceAdapter() + " --fault=replies-dropped", "--cases",
                                  "sec7.net-clean", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    std::string block = CaseBlock(run.out, "sec7.net-clean");
    // The summary counts what the implementation has not resolved, from its
    // behaviour (still retransmitting), not "a reply naming it arrived".
    std::smatch m;
    BOOST_REQUIRE(std::regex_search(block, m, std::regex(R"(\(iut: ([0-9]+) packets still retransmitted in the last 200 ms, ([0-9]+) never reported resolved)")));
    BOOST_TEST(std::stoi(m[1].str()) >= 1);
    BOOST_TEST(std::stoi(m[2].str()) >= 1);
    // Shrunk workload, the commands up to where progress stopped, each
    // side's state: in at most 60 lines.
    BOOST_TEST(Contains(block, "note: shrunk in "));
    std::vector<std::string> text = TextTranscript(block);
    BOOST_TEST(text.size() <= 60u);
    BOOST_REQUIRE(!text.empty());
    BOOST_TEST(text[0].rfind("workload: ", 0) == 0);
    BOOST_TEST(!Contains(block, "and 0 more payloads"));
    bool stopped = false;
    bool iutState = false;
    for (const std::string& l : text)
    {
        stopped = stopped || l.rfind("[progress stopped at ", 0) == 0;
        iutState = iutState || (l.rfind("state of iut at ", 0) == 0 && Contains(l, "in flight (still retransmitted): seq") &&
                                Contains(l, "waiting (arrived, not delivered): ") && Contains(l, "refused: "));
    }
    BOOST_TEST(stopped);
    BOOST_TEST(iutState);
}

BOOST_AUTO_TEST_CASE(a_window_that_never_serves_an_idle_instance_is_named_by_spec_3)
{
    // W = 2 accepted at init, every send refused: the first refusal while
    // idle is the failure, cited by SPEC 3, not 1,700 lines of err full.
    ToolRun run = RunConformance({"--iut", ReferenceAdapter() + " --fault=small-window-unserved", "--cases",
                                  "S6.smallest-window", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    std::string block = CaseBlock(run.out, "S6.smallest-window");
    BOOST_TEST(Contains(block, "SPEC 3 (window): iut"));
    BOOST_TEST(Contains(block, "accepted W = 2 at init, but answered \"err full\""));
    BOOST_TEST(Contains(block, "the accepted window never let a payload go while idle"));
    std::vector<std::string> text = TextTranscript(block);
    BOOST_TEST(text.size() <= 12u);
    BOOST_TEST(text.back() == "iut1< err full");
}

BOOST_AUTO_TEST_SUITE_END()
