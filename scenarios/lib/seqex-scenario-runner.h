// Runs one scenario point: builds the impaired two-node link, installs the
// transport, schedules the timed impairments, simulates, then checks SPEC §7
// (safety on everything recorded, liveness after the heal period) and
// computes the metrics. Deterministic: the same configuration gives the same
// outcome, in one process or across processes.
#ifndef SEQEX_SCENARIO_RUNNER_H
#define SEQEX_SCENARIO_RUNNER_H

#include "seqex-bottleneck-share.h"
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

// What a run came to, in the order the status is decided:
//   violation    a SPEC §7 safety invariant (1-3) broke: exactly-once,
//                topology agreement, seq_cst order
//   overload     open loop, and the backlog of open exchanges kept growing
//                through the traffic period: the offered load exceeds what
//                the transport carries, so its latencies grow with the run's
//                length and are no property of the transport
//   not_drained  no safety violation, but not everything ended within --heal
//                (invariant 4 could not be confirmed): a longer --heal tells
//                a slow recovery (e.g. TCP's RTO backoff) from a stall
//   ok           everything held and ended
enum class SeqexRunStatus
{
    Ok,
    Overload,
    NotDrained,
    Violation,
};

const char* SeqexRunStatusName(SeqexRunStatus s);

// With --bulkFlows: the bottleneck's share (seqex-bottleneck-share.h).
struct SeqexShareOutcome
{
    bool enabled = false;
    uint32_t flows = 0;
    Time start;                       // of the first bin
    Time bin;
    std::vector<SeqexShareBin> bins;
    std::vector<double> seqexShare;   // per bin
    std::vector<double> jain;         // per bin
    double seqexShareTotal = 0;       // over the traffic period
    double jainTotal = 0;
};

struct SeqexRunOutcome
{
    SeqexExchangeLog log;
    SeqexRunMetrics metrics;
    SeqexTransportTotals totals;
    std::vector<std::string> safety;   // invariants 1-3 (and exchanges that ended twice)
    std::vector<std::string> liveness; // invariant 4: what had not ended or drained at the end
    SeqexChannelCounters channel[2];   // per direction
    uint64_t queueDropped[2] = {0, 0}; // per direction: dropped by node d's queue (device, queue disc)
    SeqexBacklogTrend backlog;         // open-loop runs: the backlog of open exchanges
    SeqexGoodputCeiling ceiling;       // the workload's physical goodput ceiling on this link
    SeqexShareOutcome share;           // with competing bulk TCP flows
    std::vector<std::pair<std::string, uint64_t>> counters; // the transport's
    std::vector<std::pair<std::string, std::string>> attributes; // the transport's ns-3 configuration
    uint64_t expectedExchanges = 0;
    uint64_t resets = 0;               // transport resets scheduled
    std::vector<Time> resetTimes;      // when (absolute simulation time)
    SeqexTimeline timeline;            // when config.timeline (SEQEX only)
    Time drain;                        // last exchange end after the traffic period (0 if before)
    std::string setupError;            // the run could not start (nothing else is set)

    SeqexRunStatus Status() const
    {
        if (!safety.empty())
        {
            return SeqexRunStatus::Violation;
        }
        if (backlog.overload)
        {
            return SeqexRunStatus::Overload;
        }
        return liveness.empty() ? SeqexRunStatus::Ok : SeqexRunStatus::NotDrained;
    }

    bool Ok() const
    {
        return Status() == SeqexRunStatus::Ok;
    }
};

// The stochastic impairments (per --impairDir) during the traffic period and
// the blackhole, as every run of `c` has them; seqex-emulate applies them to
// its emulated link too.
void SeqexConfigureImpairments(const SeqexScenarioConfig& c, SeqexImpairedChannel& channel);

// Invariant 4 as the workload sees it: every exchange started ended, each
// originator started as many as `c` asks for (one line per problem, a long
// list cut short, to `out`); none ended twice (to `safety`: topology).
void SeqexCheckExchangesEnded(const SeqexScenarioConfig& c,
                              const SeqexExchangeLog& log,
                              std::vector<std::string>& out,
                              std::vector<std::string>& safety);

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
