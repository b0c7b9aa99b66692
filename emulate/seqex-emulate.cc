// seqex-emulate: ns-3 in real time between two real programs. Two network
// namespaces, each with a tap device whose descriptor this process holds;
// ns-3's RealtimeSimulatorImpl (checksums on) routes frames between the taps
// over the scenario link with its impairments (seqex-emulated-path.h). One
// program runs in each namespace, by default seqex-udp-peer with the
// scenario's workload, or any command (--programA / --programB) that speaks
// wire format v1 over UDP.
//
//   seqex-emulate --scenario=loss-sweep --loss=0.02 --exchanges=200 --duration=2s --heal=2s
//   seqex-emulate --programA='my-impl --peer {ipB}:9000' --programB='...' --until=a
//
// Root is required; the namespaces and taps are removed on every exit path
// (normal end, failure, SIGINT/SIGTERM/SIGHUP), and ones left by an
// emulator that was killed outright are swept at the next start.
// Exit status: 0 programs exited 0 (and, for seqex-udp-peer, every SPEC §7
// invariant held); 1 a program failed or the run timed out; 2 bad flags;
// 3 an invariant was violated; 5 not root / no /dev/net/tun / setup failed.
#include "seqex-emulated-path.h"
#include "seqex-host-setup.h"
#include "seqex-programs.h"
#include "seqex-real-results.h"
#include "seqex-wire-check.h"

#include "seqex-flag-table.h"
#include "seqex-json.h"
#include "seqex-scenario-catalog.h"
#include "seqex-scenario-config.h"

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/global-value.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

using namespace ns3;
using namespace seqex::emulate;
using seqex::JsonNumber;
using seqex::JsonString;

namespace
{

constexpr int kExitFailed = 1;
constexpr int kExitBadFlag = 2;
constexpr int kExitViolation = 3;
constexpr int kExitSetup = 5;

// How long before the traffic start the programs are launched.
const Time kLaunchLead = MilliSeconds(500);

std::atomic<bool> g_stopRequested{false};
std::atomic<int> g_stopSignal{0};
std::atomic<bool> g_simRunning{false};

void
StopSimulation()
{
    Simulator::Stop();
}

// Thread-safe with the real-time simulator: an event `after` from now.
void
RequestStop(Time after = Seconds(0))
{
    if (g_simRunning)
    {
        Simulator::ScheduleWithContext(Simulator::NO_CONTEXT, after, &StopSimulation);
    }
}

// Waits for SIGINT, SIGTERM, SIGHUP (blocked in every other thread).
void
SignalThread(sigset_t set)
{
    for (;;)
    {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
        {
            continue;
        }
        g_stopSignal = sig;
        g_stopRequested = true;
        RequestStop();
    }
}

// Directory of this executable: seqex-udp-peer is built beside it.
std::string
OwnDirectory()
{
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : self.parent_path().string();
}

// How late the real-time simulator runs its events on this machine: a probe
// event every millisecond records wall-clock time minus simulation time.
class SchedulingProbe
{
  public:
    void Start(Time period, Time until)
    {
        m_period = period;
        m_until = until;
        Simulator::Schedule(Seconds(0), &SchedulingProbe::Tick, this);
    }

    // Lateness of each probe, in microseconds, relative to the least late one
    // (the wall and simulation clocks' offset is not known otherwise).
    std::vector<double> Lateness() const
    {
        std::vector<double> out;
        if (m_offsets.empty())
        {
            return out;
        }
        double least = *std::min_element(m_offsets.begin(), m_offsets.end());
        for (double o : m_offsets)
        {
            out.push_back(o - least);
        }
        return out;
    }

  private:
    void Tick()
    {
        double wall = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch())
                          .count();
        m_offsets.push_back(wall - Simulator::Now().GetMicroSeconds());
        if (Simulator::Now() + m_period < m_until)
        {
            Simulator::Schedule(m_period, &SchedulingProbe::Tick, this);
        }
    }

    Time m_period;
    Time m_until;
    std::vector<double> m_offsets;
};

std::string
DirectionJson(const SeqexEmulatedDirection& d)
{
    const SeqexChannelCounters& c = d.channel;
    std::ostringstream os;
    os << "{\"frames_from_tap\": " << d.framesFromTap << ", \"tap_read_drops\": " << d.tapReadDrops
       << ", \"queue_drops\": " << d.queueDrops << ", \"link_tx_packets\": " << c.txPackets
       << ", \"link_tx_bytes\": " << c.txBytes << ", \"link_delivered\": " << c.delivered << ", \"lost\": " << c.lost
       << ", \"burst_lost\": " << c.burstLost << ", \"blackholed\": " << c.blackholed
       << ", \"link_down_dropped\": " << c.linkDownDropped << ", \"duplicated\": " << c.duplicated
       << ", \"reordered\": " << c.reordered << ", \"frames_to_tap\": " << d.framesToTap
       << ", \"tap_write_drops\": " << d.tapWriteDrops << ", \"router_drops\": " << d.routerDrops << "}";
    return os.str();
}

int
Fail(int code, const std::string& what)
{
    std::cerr << "seqex-emulate: error: " << what << "\n";
    return code;
}

} // namespace

int
main(int argc, char** argv)
{
    // Before any thread exists, so that every thread inherits the mask and
    // only SignalThread sees them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::thread(SignalThread, stopSignals).detach();

    std::vector<std::string> names = SeqexScenarioNames();
    SeqexScenarioConfig config;
    std::string scenario = SeqexFlagTable::Given(argc, argv, "scenario").value_or(config.scenario);
    const SeqexScenario* spec = FindSeqexScenario(scenario);
    if (spec == nullptr)
    {
        return Fail(kExitBadFlag, "--scenario: no scenario named '" + scenario + "'");
    }
    SeqexFlagTable table;
    BindScenarioFlags(table, config, names);
    table.SetDefault("scenario", spec->name);
    for (const auto& [flag, value] : spec->defaults)
    {
        table.SetDefault(flag, value);
    }
    std::string programA;
    std::string programB;
    std::string until = "both";
    double timeoutS = 0;
    std::string udpPeer = OwnDirectory() + "/seqex-udp-peer";
    uint32_t wirePort = 9000;
    uint32_t wireGraceMs = 100;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs two real programs in two network namespaces joined by ns-3 in real time over the "
              "scenario link (same flags as seqex-scenario). Needs root.");
    cmd.AddValue("programA", "Command run in namespace A (default: seqex-udp-peer as node 0); "
                 "placeholders {ipA} {ipB} {out} {peerFlags} {startAt}", programA);
    cmd.AddValue("programB", "Command run in namespace B (default: seqex-udp-peer as node 1)", programB);
    cmd.AddValue("until", "Stop when both programs exited, or when a (or b) exited (the other gets SIGTERM)",
                 until);
    cmd.AddValue("timeout", "Give up after this many seconds of wall time (0: duration + heal + 30 s)", timeoutS);
    cmd.AddValue("udpPeer", "The seqex-udp-peer program of the default commands", udpPeer);
    cmd.AddValue("wirePort", "With --pcap: the UDP port whose datagrams the wire check decodes", wirePort);
    cmd.AddValue("wireGraceMs", "With --pcap: a resend this soon after its answer reached the tap is a race, "
                 "not a violation (the program may not have read the answer yet)", wireGraceMs);
    table.Register(cmd);
    // CommandLine reads a string value up to its first space; the commands
    // are taken from argv whole, and only the rest goes to CommandLine.
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--programA=", 0) == 0)
        {
            programA = arg.substr(11);
        }
        else if (arg.rfind("--programB=", 0) == 0)
        {
            programB = arg.substr(11);
        }
        else
        {
            rest.push_back(argv[i]);
        }
    }
    std::string givenA = programA;
    std::string givenB = programB;
    cmd.Parse(static_cast<int>(rest.size()), rest.data());
    programA = givenA;
    programB = givenB;
    std::string error = table.Apply();
    if (error.empty())
    {
        error = ValidateScenarioConfig(config);
    }
    if (error.empty() && config.transport != "seqex")
    {
        error = "--transport: only seqex runs emulated (the TCP baseline is simulated only)";
    }
    if (error.empty() && (config.resetKind == "socket" || config.resetKind == "nat"))
    {
        error = "--resetKind: only 'link' (the emulated link goes down and up) is emulated; a socket or NAT "
                "reset would have to happen inside the programs";
    }
    if (error.empty() && until != "both" && until != "a" && until != "b")
    {
        error = "--until: must be both, a or b (got '" + until + "')";
    }
    if (!error.empty())
    {
        return Fail(kExitBadFlag, error);
    }
    bool defaultPrograms = programA.empty() && programB.empty();
    if (programA.empty() != programB.empty())
    {
        return Fail(kExitBadFlag, "--programA and --programB go together (or neither, for seqex-udp-peer)");
    }
    if (defaultPrograms && access(udpPeer.c_str(), X_OK) != 0)
    {
        return Fail(kExitBadFlag, "--udpPeer: " + udpPeer + " is not an executable");
    }
    std::string privileges = CheckPrivileges();
    if (!privileges.empty())
    {
        return Fail(kExitSetup, privileges);
    }

    config.runId = config.runId.empty() ? table.RunId(table.GivenNames(argc, argv)) : config.runId;
    table.SetDefault("runId", config.runId);
    // Emulated runs go beside simulated ones, never over them.
    config.out = (std::filesystem::path(config.out) / "emulated").string();
    std::filesystem::path runDir = std::filesystem::path(config.RunFile("")).parent_path();
    std::error_code ec;
    std::filesystem::create_directories(runDir, ec);
    if (ec)
    {
        return Fail(kExitSetup, "cannot create " + runDir.string() + ": " + ec.message());
    }
    std::string prefix = config.RunFile(".");

    for (const std::string& n : SweepStaleNamespaces())
    {
        std::cerr << "seqex-emulate: removed namespace " << n << " left by an emulator that is gone\n";
    }

    std::map<std::string, std::string> vars = {
        {"ipA", SeqexEmulatedPath::kTapA},
        {"ipB", SeqexEmulatedPath::kTapB},
        {"out", prefix},
        {"peerFlags", SeqexPeerFlags(table)},
    };
    if (defaultPrograms)
    {
        programA = "'" + udpPeer +
                   "' --node=0 --local={ipA}:9000 --remote={ipB}:9000 --prefix='{out}' --startAt={startAt} {peerFlags}";
        programB = "'" + udpPeer +
                   "' --node=1 --local={ipB}:9000 --remote={ipA}:9000 --prefix='{out}' --startAt={startAt} {peerFlags}";
    }
    vars["startAt"] = "0";
    try
    {
        Expand(programA, vars); // a bad placeholder is found before anything is made
        Expand(programB, vars);
    }
    catch (const std::invalid_argument& e)
    {
        return Fail(kExitBadFlag, std::string("--programA/--programB: ") + e.what());
    }
    int exitCode = 0;
    HostSetup host(getpid());
    Program programs[2];
    try
    {
        std::string nsA = host.MakeNamespace("a");
        std::string nsB = host.MakeNamespace("b");
        int tapA = host.MakeTap(host.TapName("a"), nsA, std::string(SeqexEmulatedPath::kTapA) + "/24",
                                SeqexEmulatedPath::kRouterA, SeqexEmulatedPath::kTapMacA,
                                SeqexEmulatedPath::kRouterMacA);
        int tapB = host.MakeTap(host.TapName("b"), nsB, std::string(SeqexEmulatedPath::kTapB) + "/24",
                                SeqexEmulatedPath::kRouterB, SeqexEmulatedPath::kTapMacB,
                                SeqexEmulatedPath::kRouterMacB);
        if (g_stopRequested)
        {
            throw std::runtime_error("stopped by a signal during setup");
        }

        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(config.seed);
        Time start = SeqexScenarioConfig::TrafficStart();
        SeqexEmulatedPath path(config, tapA, tapB, start);
        if (config.pcap)
        {
            path.EnablePcap(prefix + "a.pcap", prefix + "b.pcap");
        }
        path.LogDrops(prefix + "drops.tsv");

        programs[0] = {"a", "", prefix + "a.log"};
        programs[1] = {"b", "", prefix + "b.log"};

        double limit = timeoutS > 0 ? timeoutS : (config.duration + config.heal).GetSeconds() + 30;
        bool timedOut = false;
        SchedulingProbe probe;
        probe.Start(MilliSeconds(1), start + config.duration + config.heal);
        // The programs start kLaunchLead before the traffic start and are
        // told to begin their workload at the wall-clock moment the
        // simulation reaches it ({startAt}, CLOCK_MONOTONIC): both are bound
        // and ready by then, as two simulated applications are at once.
        Simulator::Schedule(start - kLaunchLead, [&]() {
            auto at = std::chrono::steady_clock::now() + std::chrono::nanoseconds(kLaunchLead.GetNanoSeconds());
            vars["startAt"] = std::to_string(
                std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count());
            programs[0].command = Expand(programA, vars);
            programs[1].command = Expand(programB, vars);
            StartProgram(programs[0], nsA);
            StartProgram(programs[1], nsB);
        });
        Simulator::Schedule(start + Seconds(limit), [&]() {
            timedOut = true;
            Simulator::Stop();
        });

        Time drain = 2 * config.delay + config.impairment.jitter + config.impairment.reorderDelay + MilliSeconds(200);
        // Reaps the programs; stops the simulation when --until is met.
        std::atomic<bool> watching{true};
        std::thread watcher([&]() {
            while (watching)
            {
                for (Program& p : programs)
                {
                    int status = 0;
                    if (p.pid > 0 && !p.exited && waitpid(p.pid, &status, WNOHANG) == p.pid)
                    {
                        p.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                        p.exited = true;
                    }
                }
                bool done = until == "both"  ? programs[0].exited && programs[1].exited
                            : until == "a" ? programs[0].exited
                                           : programs[1].exited;
                if (done)
                {
                    // What is still on the link reaches its tap first, so
                    // the counters at the end balance.
                    RequestStop(drain);
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });

        // Joined on every way out of this block, exceptions included.
        struct JoinOnExit
        {
            std::atomic<bool>& flag;
            std::thread& thread;
            ~JoinOnExit()
            {
                flag = false;
                if (thread.joinable())
                {
                    thread.join();
                }
            }
        } joinWatcher{watching, watcher};

        g_simRunning = true;
        if (g_stopRequested)
        {
            Simulator::Stop();
        }
        auto wallStart = std::chrono::steady_clock::now();
        Simulator::Run();
        g_simRunning = false;
        double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
        watching = false;
        watcher.join();
        for (Program& p : programs)
        {
            StopProgram(p, 2000);
        }

        SeqexEmulatedDirection dir[2] = {path.Direction(0), path.Direction(1)};
        std::vector<double> late = probe.Lateness();
        SeqexDistribution lateness = Summarize(late); // "ms" fields carry microseconds here
        Simulator::Destroy();
        path.ClosePcap();

        std::ostringstream report;
        report << "{\"run_id\": " << JsonString(config.runId) << ", \"scenario\": " << JsonString(config.scenario)
               << ", \"seed\": " << config.seed << ", \"wall_s\": " << JsonNumber(wall)
               << ", \"timed_out\": " << (timedOut ? "true" : "false")
               << ", \"stopped_by_signal\": " << g_stopSignal.load() << ", \"namespaces\": [" << JsonString(nsA)
               << ", " << JsonString(nsB) << "], \"programs\": [";
        for (int i = 0; i < 2; ++i)
        {
            report << (i ? ", " : "") << "{\"name\": " << JsonString(programs[i].name)
                   << ", \"command\": " << JsonString(programs[i].command)
                   << ", \"status\": " << JsonString(programs[i].exited ? DescribeStatus(programs[i].status) : "not run")
                   << ", \"log\": " << JsonString(programs[i].logFile) << "}";
        }
        report << "], \"directions\": {\"a_to_b\": " << DirectionJson(dir[0]) << ", \"b_to_a\": "
               << DirectionJson(dir[1]) << "}, \"scheduling_lateness_us\": {\"count\": " << lateness.count
               << ", \"p50\": " << JsonNumber(lateness.p50) << ", \"p90\": " << JsonNumber(lateness.p90)
               << ", \"p99\": " << JsonNumber(lateness.p99) << ", \"max\": " << JsonNumber(lateness.max) << "}}\n";
        std::string reportPath = prefix + "emulate.json";
        std::ofstream(reportPath) << report.str();

        std::printf("emulated %s [%s] in %.2f s wall: a %s, b %s\n", config.scenario.c_str(), config.runId.c_str(),
                    wall, programs[0].exited ? DescribeStatus(programs[0].status).c_str() : "not run",
                    programs[1].exited ? DescribeStatus(programs[1].status).c_str() : "not run");
        for (int d = 0; d < 2; ++d)
        {
            const SeqexEmulatedDirection& x = dir[d];
            std::printf("  %s: %llu frames from tap, %llu on the link, lost %llu+%llu burst, blackholed %llu, "
                        "link down %llu, duplicated %llu, reordered %llu, queue drops %llu, router drops %llu, %llu frames to tap\n",
                        d == 0 ? "a->b" : "b->a", (unsigned long long)x.framesFromTap,
                        (unsigned long long)x.channel.txPackets, (unsigned long long)x.channel.lost,
                        (unsigned long long)x.channel.burstLost, (unsigned long long)x.channel.blackholed,
                        (unsigned long long)x.channel.linkDownDropped, (unsigned long long)x.channel.duplicated,
                        (unsigned long long)x.channel.reordered, (unsigned long long)x.queueDrops,
                        (unsigned long long)x.routerDrops, (unsigned long long)x.framesToTap);
        }
        std::printf("  real-time scheduling lateness (us): p50 %.0f p99 %.0f max %.0f over %llu probes\n",
                    lateness.p50, lateness.p99, lateness.max, (unsigned long long)lateness.count);
        std::printf("  report: %s\n", reportPath.c_str());

        if (g_stopRequested)
        {
            exitCode = Fail(kExitFailed, "stopped by signal " + std::to_string(g_stopSignal.load()));
        }
        else if (timedOut)
        {
            exitCode = Fail(kExitFailed, "timed out after " + std::to_string(limit) + " s (see the programs' logs)");
        }
        else
        {
            for (Program& p : programs)
            {
                bool mustSucceed = until == "both" || until == p.name;
                if (mustSucceed && p.status != 0)
                {
                    exitCode = Fail(kExitFailed, "program " + p.name + " " + DescribeStatus(p.status) + " (log " +
                                                     p.logFile + ")");
                }
            }
        }
        if (config.pcap && !timedOut && !g_stopRequested)
        {
            // What the wire shows, whoever the programs are.
            seqex::wire::CheckOptions wo;
            wo.port = static_cast<uint16_t>(wirePort);
            wo.graceNs = int64_t(wireGraceMs) * 1000000;
            seqex::wire::CheckReport wire = seqex::wire::CheckCaptures(
                {{prefix + "a.pcap", SeqexEmulatedPath::kTapA}, {prefix + "b.pcap", SeqexEmulatedPath::kTapB}}, wo);
            std::ofstream(prefix + "wire-check.json") << seqex::wire::ReportJson(wire) << "\n";
            std::printf("%s", seqex::wire::DescribeReport(wire).c_str());
            if (exitCode == 0 && !wire.Ok())
            {
                exitCode = kExitViolation;
            }
        }
        if (exitCode == 0 && defaultPrograms)
        {
            // Both seqex-udp-peers wrote their event logs: check SPEC §7
            // over them and write the run's results as a scenario run.
            SeqexChannelCounters link[2] = {dir[0].channel, dir[1].channel};
            SeqexRealRun run = CheckRealRun(config, prefix, link);
            std::string written = WriteRealRun(config, table, run);
            std::printf("%s", DescribeRealRun(config, run).c_str());
            if (!written.empty())
            {
                exitCode = Fail(kExitFailed, written);
            }
            else if (!run.outcome.Ok())
            {
                exitCode = kExitViolation;
            }
        }
    }
    catch (const std::exception& e)
    {
        g_simRunning = false;
        for (Program& p : programs)
        {
            StopProgram(p, 1000);
        }
        Simulator::Destroy(); // stops the FdNetDevices' reader threads before their taps go
        exitCode = Fail(kExitSetup, e.what());
    }
    for (const std::string& e : host.Cleanup())
    {
        std::cerr << "seqex-emulate: cleanup: " << e << "\n";
        exitCode = exitCode == 0 ? kExitSetup : exitCode;
    }
    return exitCode;
}
