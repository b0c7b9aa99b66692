// Writes a run's results (formats in scenarios/README.md):
//   <out>/<scenario>/runs/<runId>.json            the summary row: every
//        parameter, the seed, the command that replays it, the metrics,
//        link and transport counters, and any invariant violation
//   <out>/<scenario>/runs/<runId>.exchanges.csv   one line per exchange
//   <out>/<scenario>/runs/<runId>.timeline.csv    per time bin (--timeline)
//   <out>/<scenario>/runs/<runId>.share.csv       per share bin (--bulkFlows)
// Both are written to a temporary name and renamed, the JSON last: a run
// whose JSON exists is complete (scripts/sweep.py skips it).
#ifndef SEQEX_RESULTS_WRITER_H
#define SEQEX_RESULTS_WRITER_H

#include "seqex-scenario-config.h"
#include "seqex-scenario-runner.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

struct SeqexRunIdentity
{
    std::string runId;
    std::string command; // replays the run exactly
    std::vector<std::pair<std::string, std::string>> params; // every flag, canonical
};

// The flags of `params` whose value differs from the scenario's defaults
// (out and runId aside), as the summary's "varied": the figures take a run
// as a point of their series only when nothing but their own axes is in it.
std::vector<std::pair<std::string, std::string>> SeqexVariedFlags(
    const std::string& scenario,
    const std::vector<std::pair<std::string, std::string>>& params);

// The summary row as one line of JSON.
std::string SeqexSummaryJson(const SeqexScenarioConfig& config,
                             const SeqexRunIdentity& id,
                             const SeqexRunOutcome& outcome);

// The per-exchange records as CSV, header first.
std::string SeqexExchangesCsv(const SeqexScenarioConfig& config, const SeqexRunOutcome& outcome);

// The timeline as CSV, header first: one row per bin, time_s its start.
std::string SeqexTimelineCsv(const SeqexRunOutcome& outcome);

// The bottleneck-share timeline (--bulkFlows) as CSV, header first:
// time_s (bin start), seqex_bytes, tcp<k>_bytes per bulk flow (frames
// node 1 received in the bin), seqex_share, jain_index.
std::string SeqexShareCsv(const SeqexRunOutcome& outcome);

// Writes the files; returns "" or what failed.
std::string WriteSeqexRunResults(const SeqexScenarioConfig& config,
                                 const SeqexRunIdentity& id,
                                 const SeqexRunOutcome& outcome);

// Where the summary row of a run goes.
std::string SeqexSummaryPath(const SeqexScenarioConfig& config, const std::string& runId);

} // namespace ns3

#endif
