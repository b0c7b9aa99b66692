// Shrinking a failing network run to a short transcript: delta debugging
// (ddmin) over the workload's payloads, then dropping impairment phases,
// keeping every change after which the run still fails the same way (same
// FailureClass). Runs replay exactly: the seed fixes links and application.
#ifndef SEQEX_NETWORK_SHRINK_H
#define SEQEX_NETWORK_SHRINK_H

#include "seqex-network.h"

namespace seqex
{
namespace conformance
{

struct ShrinkResult
{
    NetworkParams params;            // phases possibly fewer
    std::vector<SendItem> workload;  // the smallest that still fails
    NetworkOutcome outcome;          // of that run
    int runs = 0;                    // reruns spent
};

// `failing` is the outcome of (params, workload, seed); at most maxRuns reruns.
ShrinkResult ShrinkNetworkRun(const NetworkParams& params,
                              const std::vector<SendItem>& workload,
                              uint64_t seed,
                              const PeerFactory& factory,
                              NetworkOutcome failing,
                              int maxRuns);

} // namespace conformance
} // namespace seqex

#endif
