#include "seqex-network-case.h"

#include "seqex-network-shrink.h"
#include "seqex-suite-runner.h"

namespace seqex
{
namespace conformance
{

LinkImpairment
Impairment(double drop, double duplicate, double reorder, TimeMs minDelay, TimeMs maxDelay, TimeMs reorderDelay)
{
    LinkImpairment m;
    m.dropRate = drop;
    m.duplicateRate = duplicate;
    m.reorderRate = reorder;
    m.minDelayMs = minDelay;
    m.maxDelayMs = maxDelay;
    m.reorderDelayMs = reorderDelay;
    return m;
}

NetworkPhase
Phase(TimeMs start, const LinkImpairment& both, bool reset)
{
    NetworkPhase p;
    p.start = start;
    p.ab = both;
    p.ba = both;
    p.reset = reset;
    return p;
}

void
RunNetworkCase(CaseContext& c, const NetworkParams& params, Opponent opponent, int seeds)
{
    const SuiteOptions& options = c.Options();
    PeerFactory factory = [&](int node, Transcript* t) -> std::unique_ptr<Peer> {
        if (!options.peerCommand.empty())
        {
            // Interop: two implementations, whatever the case's opponent.
            return std::make_unique<ProcessPeer>(options.labels[node], t,
                                                 node == 0 ? options.iutCommand : options.peerCommand,
                                                 options.timeoutMs, options.startupTimeoutMs);
        }
        if (opponent == Opponent::Reference)
        {
            if (node == 0)
            {
                return std::make_unique<ProcessPeer>("iut", t, options.iutCommand, options.timeoutMs,
                                                     options.startupTimeoutMs);
            }
            return std::make_unique<ReferencePeer>("ref", t);
        }
        return std::make_unique<ProcessPeer>(node == 0 ? "iut0" : "iut1", t, options.iutCommand, options.timeoutMs,
                                             options.startupTimeoutMs);
    };

    uint64_t exchanges = 0;
    uint64_t packets = 0;
    uint64_t transmissions = 0;
    uint64_t commands = 0;
    for (int k = 0; k < seeds; ++k)
    {
        uint64_t seed = c.Seed(uint64_t(k));
        std::vector<SendItem> workload = DrawWorkload(params, seed);
        NetworkOutcome o = RunNetwork(params, workload, seed, factory);
        if (!o.skipped.empty())
        {
            throw CaseSkipped(o.skipped);
        }
        if (!o.Failed())
        {
            exchanges += o.exchanges;
            packets += o.dataPackets;
            transmissions += o.transmissions;
            commands += o.commands;
            continue;
        }
        c.Note("run " + std::to_string(k + 1) + " of " + std::to_string(seeds) + " failed (run seed " +
               std::to_string(seed) + "): " + Describe(params));
        // Shrink only what the implementation did wrong: when the adapter
        // itself broke (hung, crashed, left the grammar), every rerun would
        // break the same way and cost a timeout each.
        bool protocolFailure = o.broken.empty() && o.failures.front().rfind("suite error", 0) != 0;
        if (options.shrinkRuns > 0 && protocolFailure)
        {
            size_t before = workload.size();
            ShrinkResult s = ShrinkNetworkRun(params, workload, seed, factory, std::move(o), options.shrinkRuns);
            c.Note("shrunk in " + std::to_string(s.runs) + " reruns from " + std::to_string(before) + " payloads to " +
                   std::to_string(s.workload.size()) +
                   (s.params.phases.size() < params.phases.size()
                        ? ", " + std::to_string(s.params.phases.size()) + " of " +
                              std::to_string(params.phases.size()) + " impairment phases"
                        : std::string()));
            o = std::move(s.outcome);
            if (s.params.phases.size() < params.phases.size())
            {
                c.Note("shrunk run: " + Describe(s.params));
            }
        }
        else if (!protocolFailure)
        {
            c.Note("not shrunk: the adapter broke the adapter protocol, which is not a SEQEX failure to narrow down");
        }
        c.Note("replay: " + ReplayArgs(options, c.Info().id));
        c.UseTranscript(o.transcript, o.transcriptLines, o.excerpt);
        for (const std::string& e : o.stderrText)
        {
            c.AddStderr(e);
        }
        if (!o.broken.empty())
        {
            throw AdapterBroken(o.broken);
        }
        std::string message;
        for (const std::string& f : o.failures)
        {
            message += (message.empty() ? "" : "\n") + f;
        }
        throw CaseFailed(message);
    }
    c.Note(std::to_string(seeds) + " seeded runs: " + std::to_string(exchanges) + " exchanges completed, " +
           std::to_string(packets) + " data packets, " + std::to_string(transmissions) + " transmissions, " +
           std::to_string(commands) + " commands");
}

} // namespace conformance
} // namespace seqex
