// A failing network run (SPEC 7) is shrunk to a short transcript, and the
// replay the report gives (--cases ID --seed N) fails the same way.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace seqex::conformance_test;

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

BOOST_AUTO_TEST_SUITE_END()
