// An adapter that crashes, hangs, prints garbage, leaves the grammar or
// never runs fails the case it was in, with a message naming the command and
// the offending line; the suite goes on with the next case and exits 1.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace seqex::conformance_test;

namespace
{

// Cases S2.ack-resolves (init, then "send 0 0 a0") and tick.idle-none (init,
// then "tick 0"): the adapter breaks in the first; the second shows that the
// suite went on.
const char* kFirst = "S2.ack-resolves";
const char* kSecond = "tick.idle-none";

ToolRun
RunTwoCases(const std::string& iut)
{
    return RunConformance({"--iut", iut, "--cases", std::string(kFirst) + "," + kSecond, "--timeout-ms", "300",
                           "--quiet"});
}

// Both cases errored, each naming its command and `why`.
void
CheckBrokenTwice(const ToolRun& run, const std::string& iut, const std::string& why)
{
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    BOOST_TEST(Contains(run.out, "IUT:            " + iut));
    BOOST_TEST(Contains(CaseLine(run.out, kFirst), " error "));
    BOOST_TEST(Contains(CaseLine(run.out, kSecond), " error "));
    std::string first = CaseBlock(run.out, kFirst);
    std::string second = CaseBlock(run.out, kSecond);
    BOOST_TEST(Contains(first, "command \"send 0 0 a0\""));
    BOOST_TEST(Contains(first, why));
    BOOST_TEST(Contains(second, "command \"tick 0\""));
    BOOST_TEST(Contains(second, why));
    BOOST_TEST(Contains(run.out, "2 cases: 0 pass, 0 fail, 0 warn, 2 error, 0 skip"));
    BOOST_TEST(Contains(run.out, "NOT CONFORMANT"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(robustness)

BOOST_AUTO_TEST_CASE(crashing_adapter)
{
    std::string iut = MisbehavingAdapter("crash");
    ToolRun run = RunTwoCases(iut);
    CheckBrokenTwice(run, iut, "killed by signal 11");
    // Its last words on stderr are in the message and in the report.
    BOOST_TEST(Contains(CaseBlock(run.out, kFirst), "about to crash on: send 0 0 a0"));
    BOOST_TEST(Contains(run.err, "every case ended in an adapter error"));
    // With adapter.init-default (init only), which it passes, the suite did
    // test something: no such line.
    ToolRun some = RunConformance(
        {"--iut", iut, "--cases", std::string("adapter.init-default,") + kFirst, "--timeout-ms", "300", "--quiet"});
    BOOST_TEST(Contains(some.out, "1 pass"));
    BOOST_TEST(!Contains(some.err, "every case ended in an adapter error"));
}

BOOST_AUTO_TEST_CASE(hanging_adapter)
{
    std::string iut = MisbehavingAdapter("hang");
    CheckBrokenTwice(RunTwoCases(iut), iut,
                     "no terminator within 300 ms (the per-command timeout; --timeout-ms changes it)");
}

BOOST_AUTO_TEST_CASE(adapter_printing_garbage)
{
    std::string iut = MisbehavingAdapter("garbage");
    CheckBrokenTwice(RunTwoCases(iut), iut,
                     "printed \"Segmentation fault (core dumped), just kidding\", which is neither an event nor a "
                     "terminator");
}

BOOST_AUTO_TEST_CASE(adapter_leaving_the_grammar)
{
    std::string iut = MisbehavingAdapter("grammar");
    ToolRun run = RunTwoCases(iut);
    CheckBrokenTwice(run, iut, "printed \"tx P 0 XYZ\"");
    BOOST_TEST(Contains(CaseBlock(run.out, kFirst), "data"));
}

BOOST_AUTO_TEST_CASE(adapter_exiting_mid_answer)
{
    std::string iut = MisbehavingAdapter("exit");
    CheckBrokenTwice(RunTwoCases(iut), iut, "exited with status 3 before its terminator");
}

BOOST_AUTO_TEST_CASE(command_not_found)
{
    std::string iut = "seqex-no-such-adapter-command --flag";
    ToolRun run = RunConformance({"--iut", iut, "--cases", std::string("adapter.init-default,") + kFirst, "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    for (const char* id : {"adapter.init-default", kFirst})
    {
        std::string block = CaseBlock(run.out, id);
        BOOST_TEST(Contains(block, "command \"init 0 250 0 64\""));
        BOOST_TEST(Contains(block, "status 127: the shell found no such command"));
        BOOST_TEST(Contains(block, "seqex-no-such-adapter-command: not found"));
    }
    // Said once more in one line at the end, where the eye lands.
    BOOST_TEST_INFO("stderr:\n" << run.err);
    BOOST_TEST(Contains(run.err, "seqex-conformance: every case ended in an adapter error, so nothing of the "
                                 "implementation was tested; the first: iut: command \"init 0 250 0 64\""));
    BOOST_TEST(Contains(run.err, "status 127: the shell found no such command; check --iut"));
}

BOOST_AUTO_TEST_CASE(adapter_not_executable)
{
    TempDir dir;
    std::string path = dir.Path("adapter.sh");
    std::ofstream(path) << "#!/bin/sh\necho ok never-runs\n";
    BOOST_REQUIRE(::chmod(path.c_str(), 0644) == 0);
    std::string iut = ShellQuote(path);
    ToolRun run = RunConformance({"--iut", iut, "--cases", std::string("adapter.init-default,") + kFirst, "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    for (const char* id : {"adapter.init-default", kFirst})
    {
        std::string block = CaseBlock(run.out, id);
        BOOST_TEST(Contains(block, "command \"init 0 250 0 64\""));
        BOOST_TEST(Contains(block, "status 126: the shell could not execute the command"));
        BOOST_TEST(Contains(block, "Permission denied"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
