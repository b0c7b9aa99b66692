// Runs one scenario point: builds the impaired two-node link, installs the
// transport, schedules the timed impairments, simulates, then checks SPEC §7
// (safety on everything recorded, liveness after the heal period) and
// computes the metrics. Deterministic: the same configuration gives the same
// outcome, in one process or across processes.
#ifndef SEQEX_SCENARIO_RUNNER_H
#define SEQEX_SCENARIO_RUNNER_H

#include "seqex-exchange-log.h"
#include "seqex-impaired-channel.h"
#include "seqex-run-metrics.h"
#include "seqex-scenario-config.h"
#include "seqex-timeline.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

struct SeqexRunOutcome
{
    SeqexExchangeLog log;
    SeqexRunMetrics metrics;
    SeqexTransportTotals totals;
    std::vector<std::string> safety;   // invariants 1-3
    std::vector<std::string> liveness; // invariant 4, and exchanges that never ended
    SeqexChannelCounters channel[2];   // per direction
    std::vector<std::pair<std::string, uint64_t>> counters; // the transport's
    uint64_t expectedExchanges = 0;
    uint64_t resets = 0;               // transport resets scheduled
    std::vector<Time> resetTimes;      // when (absolute simulation time)
    SeqexTimeline timeline;            // when config.timeline (SEQEX only)
    Time drain;                        // last exchange end after the traffic period (0 if before)
    std::string setupError;            // the run could not start (nothing else is set)

    bool Ok() const
    {
        return safety.empty() && liveness.empty();
    }
};

// Called while a run simulates, every kSeqexProgressInterval of simulated
// time: the simulation clock, the run's end and the exchange log so far.
// It only reads, so a run with an observer gives the same outcome as one
// without.
using SeqexProgressObserver = std::function<void(Time now, Time end, const SeqexExchangeLog& log)>;
constexpr int64_t kSeqexProgressIntervalMs = 100;

// Precondition: ValidateScenarioConfig(config) is empty.
SeqexRunOutcome RunSeqexScenario(const SeqexScenarioConfig& config, const SeqexProgressObserver& progress = {});

} // namespace ns3

#endif
