// Network runs: two SEQEX instances (the IUT and the reference, or two IUT
// instances) joined by two impaired SimLinks, driven in virtual time by the
// suite: packets that arrive become `recv`, due timers become `tick`, the
// seeded workload becomes `send`, and a seeded application answers every
// delivery with `reply` or `ack`, at once or after holding it a while.
//
// Every event is recorded into seqex::InvariantChecker (SPEC 7); the run
// also checks what only the adapter protocol shows: a new packet's first tx
// comes in the answer that created it, never more than W data packets of a
// peer are unresolved, answers to delivered packets are never refused (S5),
// and a peer with nothing of its own unresolved and no answer owed accepts
// a new exchange (SPEC 3: an accepted W lets an idle instance start one).
// After the network heals the run goes on until both peers are quiet
// (nothing in flight, no timer, nothing to answer) and then checks liveness.
#ifndef SEQEX_NETWORK_H
#define SEQEX_NETWORK_H

#include "seqex-case.h"
#include "seqex-peer.h"
#include "seqex-sim-link.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

// From `start` on (until the next phase or healAt): the impairment of each
// direction; ab carries peer 0's packets to peer 1.
struct NetworkPhase
{
    TimeMs start = 0;
    LinkImpairment ab;
    LinkImpairment ba;
    bool reset = false; // both links lose everything in flight at `start` (SPEC 6)
};

struct NetworkParams
{
    std::string name; // for reports
    Seq seq0 = 0;
    uint32_t window = 16;
    TimeMs resendMs = 100;

    int exchanges[2] = {10, 10}; // payloads each peer starts
    TimeMs sendUntil = 1500;     // at uniform times in [0, sendUntil]
    bool sendAllAtZero = false;  // S6: every payload at t = 0, before anything arrives
    int maxNodes = 3;            // data packets per exchange (then an Ack)
    double replyRate = 0.5;      // a delivery below maxNodes is answered by a reply
    double seqCstRate = 0.3;     // payloads and replies
    double deferRate = 0.3;      // answers held back for a while
    TimeMs maxHoldMs = 300;
    size_t maxDataSize = 24;

    std::vector<NetworkPhase> phases; // sorted by start; before the first: clean
    TimeMs healAt = 2000;             // from then on no loss, healedDelayMs each way
    TimeMs healedDelayMs = 5;
    TimeMs settleMs = 8000; // after max(healAt, sendUntil): time to finish everything
};

// One line describing the parameters, for reports.
std::string Describe(const NetworkParams& params);

struct SendItem
{
    int node = 0;
    TimeMs at = 0;
    bool cst = false;
    Bytes data;
};

std::vector<SendItem> DrawWorkload(const NetworkParams& params, uint64_t seed);

struct NetworkOutcome
{
    std::vector<std::string> failures; // SPEC violations; empty when the run passed
    std::string broken;                // set when an adapter broke the adapter protocol
    std::string skipped;               // set when a peer refused init (err unsupported)
    std::vector<std::string> transcript; // the workload, then every command and answer (bounded)
    uint64_t transcriptLines = 0;        // lines of the run, kept or not
    std::vector<std::string> excerpt;    // at most kExcerptLines, for the text report: the
                                         // workload, the commands up to where progress stopped,
                                         // then each side's state when the run was not live
    std::vector<std::string> stderrText;

    uint64_t exchanges = 0; // completed (an Ack both sides saw)
    uint64_t dataPackets = 0;
    uint64_t transmissions = 0; // tx lines of data packets, first ones included
    uint64_t commands = 0;
    TimeMs endTime = 0;

    bool Failed() const
    {
        return !failures.empty() || !broken.empty();
    }

    // What kind of failure: the text before the first ':' of the first one
    // ("invariant 1 (exactly-once)", "adapter", ...). Shrinking keeps it.
    std::string FailureClass() const;
};

// Makes peer `node` (0 or 1) of a run, logging into `transcript`.
using PeerFactory = std::function<std::unique_ptr<Peer>(int node, Transcript* transcript)>;

NetworkOutcome RunNetwork(const NetworkParams& params,
                          const std::vector<SendItem>& workload,
                          uint64_t seed,
                          const PeerFactory& factory);

} // namespace conformance
} // namespace seqex

#endif
