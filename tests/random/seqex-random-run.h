// One seeded randomized run: two Endpoint<Bytes, Bytes> peers joined by two
// impaired SimLinks, random exchange workloads on both sides, then the
// network heals and the run goes on until both endpoints are idle. Every
// event is recorded into an InvariantChecker; the run fails on any SPEC §7
// violation, on a stall after healing, or on a broken API promise.
#ifndef SEQEX_RANDOM_RUN_H
#define SEQEX_RANDOM_RUN_H

#include "seqex-config.h"
#include "seqex-counters.h"
#include "seqex-sim-link.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace seqex
{
namespace randomtest
{

struct RunParams
{
    uint64_t seed = 0;
    Config config; // both peers (SPEC §3: initial seq must agree)
    uint16_t channel = 0;

    LinkImpairment impaired; // both directions until healAt
    LinkImpairment healed;   // from healAt on: no loss, fixed delay
    TimeMs healAt = 0;
    std::optional<TimeMs> transportResetAt; // both links lose what is in flight (§6)
    std::optional<TimeMs> resendChangeAt;   // SetResendInterval(resendChangeTo) on both
    TimeMs resendChangeTo = 0;

    int exchanges[2] = {0, 0}; // payloads each peer starts
    TimeMs sendUntil = 0;      // they start at uniform times in [0, sendUntil]
    int maxNodes = 1;          // data packets per exchange, 1..maxNodes, then an Ack
    double seqCstRate = 0.0;   // for payloads and replies alike
    double deferRate = 0.0;    // answers the application holds for a while
    TimeMs maxHoldMs = 0;      // how long at most (from delivery)
    double longHoldRate = 0.0; // answers held much longer (before deferRate applies)
    TimeMs longHoldMs = 0;
    double dropHandleRate = 0.0; // acks given by dropping the Answer handle (R8)
    size_t maxDataSize = 0;
    double malformedRate = 0.0; // undecodable datagrams injected next to real ones

    std::ostream* trace = nullptr; // every event, one line each, when set
};

// The workload and network for one seed (std::mt19937_64, no other source).
RunParams DrawParams(uint64_t seed);

// One line per setting, for failure reports.
std::string Describe(const RunParams& params);

struct RunResult
{
    std::vector<std::string> failures; // empty when the run passed

    uint64_t exchanges = 0;        // completed: an Ack both sides saw
    Counters counters;             // both peers' endpoint counters, summed
    TimeMs endTime = 0;        // simulated time when both went idle
    TimeMs stallBound = 0;     // longest allowed time without progress after healing
    TimeMs longestStall = 0;   // longest observed after healing
};

RunResult Run(const RunParams& params);

} // namespace randomtest
} // namespace seqex

#endif
