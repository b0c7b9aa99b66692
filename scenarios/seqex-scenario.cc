// seqex-scenario: runs one point of a named scenario over SEQEX or TCP on
// the impaired two-node link, checks SPEC §7, and writes its results.
//
//   seqex-scenario --scenario=loss-sweep --transport=tcp --loss=0.05 --seed=2
//   seqex-scenario --list          the scenarios, defaults, default set, grids (JSON)
//   seqex-scenario --help          every flag with its default
//
// Exit status (the run's status is also in its JSON, scenarios/README.md):
//   0 ok; 2 a bad flag or impossible parameter (the message names the flag);
//   3 a SEQEX invariant was violated (the seed and the replay command are
//   printed); 4 results not writable; 5 not drained: something had not ended
//   within --heal (no invariant broke; the message names the transport and
//   suggests a longer --heal); 6 overload: the backlog of open exchanges kept
//   growing (the offered load exceeds what the transport carries).
#include "seqex-flag-table.h"
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
#include <string>

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

// The value of --name=value in argv, if given (the last one wins, as in
// CommandLine).
std::optional<std::string>
Given(int argc, char** argv, const std::string& name)
{
    std::optional<std::string> value;
    std::string prefix = "--" + name + "=";
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind(prefix, 0) == 0)
        {
            value = arg.substr(prefix.size());
        }
    }
    return value;
}

// Names of the table's flags given on the command line.
std::set<std::string>
GivenNames(int argc, char** argv, const SeqexFlagTable& table)
{
    std::set<std::string> names;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
        {
            continue;
        }
        std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
        if (table.Has(name))
        {
            names.insert(name);
        }
    }
    return names;
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

} // namespace

int
main(int argc, char** argv)
{
    std::vector<std::string> names = SeqexScenarioNames();
    SeqexScenarioConfig config;

    // The scenario's defaults apply before the command line, so --help
    // shows them and every other flag overrides them.
    std::string scenario = Given(argc, argv, "scenario").value_or(config.scenario);
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
    SeqexFlagTable table;
    BindScenarioFlags(table, config, names);
    table.SetDefault("scenario", spec->name);
    for (const auto& [flag, value] : spec->defaults)
    {
        std::string error = table.SetDefault(flag, value);
        NS_ABORT_MSG_UNLESS(error.empty(), "scenario " << spec->name << ": bad default: " << error);
    }

    // The scenario's own values: a run records the flags it changed.
    std::vector<std::pair<std::string, std::string>> scenarioValues = table.Values();

    bool list = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs one point of a named SEQEX scenario (or its TCP baseline) on an impaired two-node "
              "link, checks the SPEC §7 invariants and writes results under <out>/<scenario>/runs/. "
              "--list prints the scenarios with their defaults, default set and sweep grids.");
    cmd.AddValue("list", "Print the scenario catalog as JSON and exit", list);
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
    id.runId = config.runId.empty() ? table.RunId(GivenNames(argc, argv, table)) : config.runId;
    id.params = table.Values();
    for (auto& [name, value] : id.params)
    {
        if (name == "runId")
        {
            value = id.runId;
        }
    }
    for (size_t i = 0; i < id.params.size(); ++i)
    {
        const auto& [name, value] = id.params[i];
        if (name != "out" && name != "runId" && value != scenarioValues[i].second)
        {
            id.varied.push_back(id.params[i]);
        }
    }
    config.runId = id.runId;
    table.SetDefault("runId", id.runId);
    id.command = ReplayCommand(argv[0], table);

    auto begin = std::chrono::steady_clock::now();
    SeqexRunOutcome outcome = RunSeqexScenario(config);
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
