// An adapter that crashes, hangs, prints garbage, leaves the grammar or
// never runs fails the case it was in, with a message naming the command and
// the offending line; the suite goes on with the next case and exits 1.
#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

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

namespace
{

// Pids of processes running "sleep SECONDS" (SECONDS unique to one test).
std::vector<pid_t>
SleepersOf(const std::string& seconds)
{
    std::vector<pid_t> out;
    const std::string wanted = std::string("sleep") + '\0' + seconds + '\0';
    DIR* proc = ::opendir("/proc");
    BOOST_REQUIRE(proc != nullptr);
    while (dirent* e = ::readdir(proc))
    {
        char* end = nullptr;
        long pid = std::strtol(e->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
        {
            continue;
        }
        if (ReadWholeFile(std::string("/proc/") + e->d_name + "/cmdline") == wanted)
        {
            out.push_back(pid_t(pid));
        }
    }
    ::closedir(proc);
    return out;
}

// A sleep length no other test or run uses, so its processes can be found.
std::string
UniqueSleep()
{
    return std::to_string(90000 + ::getpid() % 5000) + "." + std::to_string(100000 + std::rand() % 900000);
}

void
WaitUntilGone(const std::string& seconds, int ms)
{
    for (int k = 0; k < ms / 10 && !SleepersOf(seconds).empty(); ++k)
    {
        ::usleep(10000);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(robustness)

BOOST_AUTO_TEST_CASE(processes_that_leave_the_process_group_are_ended_with_their_case)
{
    std::srand(unsigned(::getpid()));
    std::string seconds = UniqueSleep();
    std::string iut = MisbehavingAdapter("orphan " + seconds + " " + ReferenceAdapter());
    // The adapter really leaves an orphan a process-group kill cannot reach:
    // started outside the suite, its sleep outlives it.
    BOOST_REQUIRE(std::system(("/bin/sh -c " + ShellQuote(iut + " </dev/null >/dev/null")).c_str()) == 0);
    std::vector<pid_t> escaped;
    for (int k = 0; k < 300 && escaped.empty(); ++k) // it starts in the background
    {
        ::usleep(10000);
        escaped = SleepersOf(seconds);
    }
    BOOST_REQUIRE_MESSAGE(escaped.size() == 1, "the orphan adapter left " << escaped.size() << " sleepers");
    for (pid_t p : escaped)
    {
        ::kill(p, SIGKILL); // ours: the test just started it
    }
    WaitUntilGone(seconds, 2000);
    BOOST_REQUIRE(SleepersOf(seconds).empty());

    // Under the suite: scripted cases and a network case with two adapter
    // processes, every one of which leaves such a sleeper behind.
    ToolRun run = RunConformance({"--iut", iut, "--cases", "adapter.init-default,R5,S6.simultaneous-fill-acks",
                                  "--short", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 0);
    BOOST_TEST(Contains(run.out, "cases: 13 pass, 0 fail"));
    // The suite is their subreaper: it ended them with their case (and the
    // suite has exited, so nothing of it could still be waiting to).
    std::vector<pid_t> left = SleepersOf(seconds);
    BOOST_TEST(left.empty(), left.size() << " orphans left behind");
    for (pid_t p : left)
    {
        ::kill(p, SIGKILL);
    }
}

BOOST_AUTO_TEST_CASE(start_up_has_its_own_longer_timeout_named_in_the_message)
{
    // An adapter that takes 1 s to start (an interpreter under load) with a
    // per-command timeout of 300 ms: the start-up timeout (default 10 s)
    // covers its first answer.
    std::string iut = MisbehavingAdapter("slow-start 1 " + ReferenceAdapter());
    ToolRun slow = RunConformance({"--iut", iut, "--cases", "adapter.init-default,S2.ack-resolves", "--timeout-ms",
                                   "300", "--quiet"});
    BOOST_TEST_INFO("report:\n" << slow.out);
    BOOST_TEST(slow.status == 0);
    BOOST_TEST(Contains(slow.out, "2 cases: 2 pass"));
    BOOST_TEST(Contains(slow.out, "300 ms per command, 10000 ms for the first (start-up)"));

    // A start-up timeout shorter than the start-up: the message says which
    // timeout ran out and the flag that changes it.
    ToolRun cut = RunConformance({"--iut", iut, "--cases", "adapter.init-default", "--timeout-ms", "300",
                                  "--startup-timeout-ms", "400", "--quiet"});
    BOOST_TEST_INFO("report:\n" << cut.out);
    BOOST_TEST(cut.status == 1);
    std::string block = CaseBlock(cut.out, "adapter.init-default");
    BOOST_TEST(Contains(block, "command \"init 0 250 0 64\": no terminator within 400 ms (the start-up timeout, "
                               "which bounds the first answer and the adapter's start-up; --startup-timeout-ms "
                               "changes it)"));
}

BOOST_AUTO_TEST_CASE(an_adapter_that_exited_is_said_to_have_exited)
{
    // It exits without answering, but a process it started keeps its stdout
    // open: no end of output, so the timeout runs out; the message says the
    // adapter exited, with its status, not only that nothing came.
    std::string iut = MisbehavingAdapter("exit-holding-stdout");
    ToolRun run = RunConformance({"--iut", iut, "--cases", "S2.ack-resolves", "--timeout-ms", "300", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    BOOST_TEST(Contains(CaseBlock(run.out, "S2.ack-resolves"),
                        "command \"send 0 0 a0\": the adapter exited with status 0 without a terminator, and a "
                        "process it started still holds its stdout, so no end of output came within 300 ms (the "
                        "per-command timeout; --timeout-ms changes it)"));
}

BOOST_AUTO_TEST_CASE(adapter_breakage_is_not_shrunk)
{
    // A hanging adapter in a network case: every rerun would hang the same
    // way, so it is reported at once, not shrunk for 40 reruns.
    ToolRun run = RunConformance(
        {"--iut", MisbehavingAdapter("hang"), "--cases", "sec7.net-clean", "--timeout-ms", "300", "--quiet"});
    BOOST_TEST_INFO("report:\n" << run.out);
    BOOST_TEST(run.status == 1);
    std::string block = CaseBlock(run.out, "sec7.net-clean");
    BOOST_TEST(Contains(block, "--- sec7.net-clean error"));
    BOOST_TEST(Contains(block, "no terminator within 300 ms"));
    BOOST_TEST(Contains(block, "note: not shrunk: the adapter broke the adapter protocol"));
    BOOST_TEST(!Contains(block, "shrunk in "));
    // A protocol failure still is (the reports suite shows the shrinking).
}

BOOST_AUTO_TEST_SUITE_END()
