// seqex-scenario: runs one point of a named scenario over SEQEX or TCP on
// the impaired two-node link, checks SPEC §7, and writes its results.
//
//   seqex-scenario --scenario=loss-sweep --transport=tcp --loss=0.05 --seed=2
//   seqex-scenario --list          the scenarios, defaults, default set, grids (JSON)
//   seqex-scenario --flags         every flag: kind, global default, range (JSON)
//   seqex-scenario --validate      checks points read from stdin, runs nothing
//   seqex-scenario --help          every flag with its default
//   --progress                     progress on stderr (default: when it is a terminal)
//
// Exit status (the run's status is also in its JSON, scenarios/README.md):
//   0 ok; 2 a bad flag or impossible parameter (one line names the flag);
//   3 a SEQEX invariant was violated (the seed and the replay command are
//   printed); 4 results not writable (checked before the run); 5 not drained: something had not ended
//   within --heal (no invariant broke; the message names the transport and
//   suggests a longer --heal); 6 overload: the backlog of open exchanges kept
//   growing (the offered load exceeds what the transport carries).
#include "seqex-flag-table.h"
#include "seqex-output-check.h"
#include "seqex-results-writer.h"
#include "seqex-scenario-catalog.h"
#include "seqex-scenario-config.h"
#include "seqex-scenario-runner.h"

#include "ns3/command-line.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr int kExitBadFlag = 2;
constexpr int kExitViolation = 3;
constexpr int kExitWrite = 4;
constexpr int kExitNotDrained = 5;
constexpr int kExitOverload = 6;

int
Fail(const std::string& what)
{
    std::cerr << "seqex-scenario: error: " << what << "\n";
    return kExitBadFlag;
}

std::string
ReplayCommand(const std::string& program, const SeqexFlagTable& table)
{
    std::string cmd = program;
    for (const auto& [name, value] : table.Values())
    {
        bool quote = value.find_first_of(" \t'\"$\\") != std::string::npos;
        cmd += " --" + name + "=" + (quote ? "'" + value + "'" : value);
    }
    return cmd;
}

void
PrintReport(const SeqexScenarioConfig& c, const SeqexRunIdentity& id, const SeqexRunOutcome& o, double wall)
{
    const SeqexRunMetrics& m = o.metrics;
    std::printf("%s %s [%s]: %s, %llu/%llu exchanges, goodput %.3f Mb/s, latency p50 %.1f p99 %.1f ms, "
                "HOL p50 %.1f p99 %.1f ms, retx %.3f, wire/byte %.2f (%.2f s wall)\n",
                c.scenario.c_str(), c.transport.c_str(), id.runId.c_str(), SeqexRunStatusName(o.Status()),
                static_cast<unsigned long long>(m.completed), static_cast<unsigned long long>(o.expectedExchanges),
                m.goodputMbps, m.latency.p50, m.latency.p99, m.hol.p50, m.hol.p99, m.retxOverhead,
                m.wireBytesPerDeliveredByte, wall);
}

std::string
Transport(const SeqexScenarioConfig& c)
{
    return c.transport == "tcp" ? "TCP" : "SEQEX";
}

// Only a broken invariant is called a violation; a run that had not ended in
// time or was overloaded says so, and what to do.
void
PrintStatus(const SeqexScenarioConfig& c, const SeqexRunIdentity& id, const SeqexRunOutcome& o)
{
    switch (o.Status())
    {
    case SeqexRunStatus::Ok:
        return;
    case SeqexRunStatus::Violation:
        std::cerr << "\n*** SEQEX INVARIANT VIOLATION: scenario " << c.scenario << ", transport " << c.transport
                  << ", seed " << c.seed << " ***\n";
        for (const std::string& v : o.safety)
        {
            std::cerr << "  " << v << "\n";
        }
        break;
    case SeqexRunStatus::Overload:
        std::cerr << "\noverload: " << Transport(c) << " did not keep up with the offered load: the backlog of open "
                  << "exchanges grew from " << o.backlog.early << " (mean, second quarter of the traffic period) to "
                  << o.backlog.late << " (last quarter); its latencies grow with the run's length. No invariant "
                  << "broke; lower --rate or add --channels / --window.\n";
        break;
    case SeqexRunStatus::NotDrained:
        std::cerr << "\nnot drained: " << Transport(c) << " did not drain within --heal="
                  << SeqexFlagTable::FormatTime(c.heal) << " (no invariant broke; what had not ended:)\n";
        break;
    }
    for (const std::string& v : o.liveness)
    {
        std::cerr << "  " << v << "\n";
    }
    if (o.Status() == SeqexRunStatus::NotDrained)
    {
        std::cerr << "rerun with a longer --heal (e.g. --heal=" << SeqexFlagTable::FormatTime(c.heal * 6)
                  << ") to tell a slow recovery from a stall\n";
    }
    std::cerr << "replay: " << id.command << "\n\n";
}

int
ExitStatus(SeqexRunStatus s)
{
    switch (s)
    {
    case SeqexRunStatus::Ok:
        return 0;
    case SeqexRunStatus::Overload:
        return kExitOverload;
    case SeqexRunStatus::NotDrained:
        return kExitNotDrained;
    case SeqexRunStatus::Violation:
        return kExitViolation;
    }
    return kExitViolation;
}

// --validate: every line of stdin is one point, its flags as name=value
// separated by tabs (scenario=NAME among them; loss-sweep when absent).
// Prints one line per point, "ok RUNID" (the run id a run of it gets) or
// the error seqex-scenario would stop with, so a sweep can check a whole
// grid before it runs anything.
int
Validate(const std::vector<std::string>& names)
{
    std::string line;
    while (std::getline(std::cin, line))
    {
        std::vector<std::string> args = {"seqex-scenario"};
        SeqexAssignments flags;
        std::string scenario = SeqexScenarioConfig().scenario;
        std::istringstream items(line);
        std::string item;
        while (std::getline(items, item, '\t'))
        {
            args.push_back("--" + item);
            size_t equals = item.find('=');
            if (equals == std::string::npos)
            {
                continue; // CheckCommandLine names it
            }
            std::string name = item.substr(0, equals);
            std::string value = item.substr(equals + 1);
            if (name == "scenario")
            {
                scenario = value;
            }
            else
            {
                flags.emplace_back(name, value);
            }
        }
        SeqexScenarioConfig unused;
        SeqexFlagTable table;
        BindScenarioFlags(table, unused, names);
        std::vector<char*> argv;
        for (std::string& a : args)
        {
            argv.push_back(a.data());
        }
        std::string error = table.CheckCommandLine(static_cast<int>(argv.size()), argv.data(), {});
        if (error.empty() && FindSeqexScenario(scenario) == nullptr)
        {
            error = "--scenario: no scenario named '" + scenario + "'";
        }
        std::string runId;
        if (error.empty())
        {
            SeqexScenarioConfig config;
            error = SeqexConfigure(scenario, flags, config);
            // The run id the program derives for these flags, canonical
            // values (loss=0.10 -> loss=0.1), so a sweep names files as a
            // run started by hand does.
            SeqexFlagTable canonical;
            BindScenarioFlags(canonical, config, names);
            std::set<std::string> given;
            for (const auto& flag : flags)
            {
                given.insert(flag.first);
            }
            runId = config.runId.empty() ? canonical.RunId(given) : config.runId;
        }
        std::cout << (error.empty() ? "ok " + runId : error) << "\n";
    }
    return 0;
}

// Progress on stderr while a run simulates: simulated time, exchanges
// done, wall time left at the rate so far. On a terminal one line redrawn in
// place, from a few seconds into the run (shorter runs stay quiet); asked
// for (--progress) from the start, and elsewhere a line every few seconds
// and a last one at the end.
class ProgressLine
{
  public:
    ProgressLine(bool asked, uint64_t expected)
        : m_tty(::isatty(2) != 0),
          m_asked(asked),
          m_expected(expected),
          m_begin(std::chrono::steady_clock::now()),
          m_firstAfter(asked ? 0 : 2.0),
          m_every(m_tty ? 0.5 : 5.0)
    {
    }

    void Update(Time now, Time end, const SeqexExchangeLog& log)
    {
        double wall = Elapsed();
        if (wall < m_firstAfter || wall < m_last + m_every)
        {
            return;
        }
        m_last = wall;
        Print(now, end, log, wall);
    }

    // Clears the line on a terminal, so the report that follows starts
    // clean; elsewhere, when asked, the state at the end.
    void Done(Time end, const SeqexExchangeLog& log)
    {
        if (m_tty && m_shown)
        {
            std::fprintf(stderr, "\r\033[K");
        }
        else if (!m_tty && m_asked)
        {
            Print(end, end, log, Elapsed());
        }
    }

  private:
    void Print(Time now, Time end, const SeqexExchangeLog& log, double wall)
    {
        uint64_t done = 0;
        for (const SeqexExchangeRecord* r : log.Records())
        {
            done += r->completed ? 1 : 0;
        }
        double simulated = now.GetSeconds();
        double left = simulated > 0 ? wall * (end.GetSeconds() - simulated) / simulated : 0;
        std::fprintf(stderr, "%sseqex-scenario: %.1f/%.1f s simulated, %llu/%llu exchanges done, ~%.0f s left%s",
                     m_tty ? "\r" : "", simulated, end.GetSeconds(), static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(m_expected), left, m_tty ? "\033[K" : "\n");
        std::fflush(stderr);
        m_shown = true;
    }

    double Elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_begin).count();
    }

    bool m_tty;
    bool m_asked;
    uint64_t m_expected;
    std::chrono::steady_clock::time_point m_begin;
    double m_firstAfter;
    double m_every;
    double m_last = -1e9;
    bool m_shown = false;
};

} // namespace

int
main(int argc, char** argv)
{
    std::vector<std::string> names = SeqexScenarioNames();
    SeqexScenarioConfig config;
    SeqexFlagTable table;
    BindScenarioFlags(table, config, names);

    // Slips ns-3's CommandLine would answer with its whole help: one line.
    std::string shape = table.CheckCommandLine(argc, argv, {"list", "flags", "validate", "progress"});
    if (!shape.empty())
    {
        return Fail(shape);
    }
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        for (const char* action : {"--flags", "--validate"})
        {
            if (arg.rfind(std::string(action) + "=", 0) == 0)
            {
                return Fail(std::string(action) + " takes no value");
            }
        }
        if (arg == "--flags")
        {
            std::cout << table.DescribeJson();
            return 0;
        }
        if (arg == "--validate")
        {
            return Validate(names);
        }
    }

    // The scenario's defaults apply before the command line, so --help
    // shows them and every other flag overrides them.
    std::string scenario = SeqexFlagTable::Given(argc, argv, "scenario").value_or(config.scenario);
    const SeqexScenario* spec = FindSeqexScenario(scenario);
    if (spec == nullptr)
    {
        std::string list;
        for (const std::string& n : names)
        {
            list += (list.empty() ? "" : ", ") + n;
        }
        return Fail("--scenario: no scenario named '" + scenario + "' (scenarios: " + list + ")");
    }
    table.SetDefault("scenario", spec->name);
    for (const auto& [flag, value] : spec->defaults)
    {
        std::string error = table.SetDefault(flag, value);
        NS_ABORT_MSG_UNLESS(error.empty(), "scenario " << spec->name << ": bad default: " << error);
    }

    bool list = false;
    bool progress = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs one point of a named SEQEX scenario (or its TCP baseline) on an impaired two-node "
              "link, checks the SPEC §7 invariants and writes results under <out>/<scenario>/runs/. "
              "--list prints the scenarios with their defaults, default set and sweep grids.");
    cmd.AddValue("list", "Print the scenario catalog as JSON and exit", list);
    cmd.AddValue("progress", "Show progress on stderr (default: when stderr is a terminal)", progress);
    bool handledAbove = false; // --flags and --validate: listed here for --help
    cmd.AddValue("flags", "Print every flag (kind, global default, range) as JSON and exit", handledAbove);
    cmd.AddValue("validate", "Check points read from stdin (tab-separated name=value per line), run nothing",
                 handledAbove);
    table.Register(cmd);
    cmd.Parse(argc, argv);
    if (cmd.GetNExtraNonOptions() > 0)
    {
        return Fail("unexpected argument '" + cmd.GetExtraNonOption(0) + "' (flags are --name=value)");
    }
    if (list)
    {
        std::cout << SeqexCatalogJson();
        return 0;
    }
    std::string error = table.Apply();
    if (error.empty())
    {
        error = ValidateScenarioConfig(config);
    }
    if (!error.empty())
    {
        return Fail(error);
    }

    SeqexRunIdentity id;
    id.runId = config.runId.empty() ? table.RunId(table.GivenNames(argc, argv)) : config.runId;
    id.params = table.Values();
    for (auto& [name, value] : id.params)
    {
        if (name == "runId")
        {
            value = id.runId;
        }
    }
    config.runId = id.runId;
    table.SetDefault("runId", id.runId);
    id.command = ReplayCommand(argv[0], table);

    // Before the run: a results folder that cannot be written stops it now.
    std::string writable = CheckSeqexResultsWritable(config);
    if (!writable.empty())
    {
        std::cerr << "seqex-scenario: error: " << writable << "\n";
        return kExitWrite;
    }

    auto begin = std::chrono::steady_clock::now();
    SeqexRunOutcome outcome;
    if (progress || ::isatty(2))
    {
        ProgressLine line(progress, config.ExchangesPerOriginator() * (config.bidirectional ? 2 : 1));
        outcome = RunSeqexScenario(config, [&line](Time now, Time end, const SeqexExchangeLog& log) {
            line.Update(now, end, log);
        });
        line.Done(config.End(), outcome.log);
    }
    else
    {
        outcome = RunSeqexScenario(config);
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    if (!outcome.setupError.empty())
    {
        std::cerr << "seqex-scenario: error: " << outcome.setupError << "\n";
        return kExitWrite;
    }

    std::string written = WriteSeqexRunResults(config, id, outcome);
    PrintReport(config, id, outcome, wall);
    PrintStatus(config, id, outcome);
    if (!written.empty())
    {
        std::cerr << "seqex-scenario: error: " << written << "\n";
        return kExitWrite;
    }
    return ExitStatus(outcome.Status());
}
