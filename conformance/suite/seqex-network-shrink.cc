#include "seqex-network-shrink.h"

namespace seqex
{
namespace conformance
{

ShrinkResult
ShrinkNetworkRun(const NetworkParams& params,
                 const std::vector<SendItem>& workload,
                 uint64_t seed,
                 const PeerFactory& factory,
                 NetworkOutcome failing,
                 int maxRuns)
{
    ShrinkResult best{params, workload, std::move(failing), 0};
    const std::string wanted = best.outcome.FailureClass();

    // True (and `best` updated) when the candidate still fails the same way.
    auto tryRun = [&](const NetworkParams& p, const std::vector<SendItem>& w) {
        if (best.runs >= maxRuns)
        {
            return false;
        }
        ++best.runs;
        NetworkOutcome o = RunNetwork(p, w, seed, factory);
        if (!o.Failed() || o.FailureClass() != wanted)
        {
            return false;
        }
        best.params = p;
        best.workload = w;
        best.outcome = std::move(o);
        return true;
    };

    // ddmin over the payloads: remove chunks while the failure stays.
    size_t n = 2;
    while (best.workload.size() >= 2 && best.runs < maxRuns)
    {
        const std::vector<SendItem> current = best.workload;
        size_t size = current.size();
        size_t chunk = (size + n - 1) / n;
        bool reduced = false;
        for (size_t start = 0; start < size && !reduced; start += chunk)
        {
            std::vector<SendItem> candidate;
            for (size_t k = 0; k < size; ++k)
            {
                if (k < start || k >= start + chunk)
                {
                    candidate.push_back(current[k]);
                }
            }
            reduced = !candidate.empty() && tryRun(best.params, candidate);
        }
        if (reduced)
        {
            n = std::max<size_t>(n - 1, 2);
        }
        else if (n >= size)
        {
            break;
        }
        else
        {
            n = std::min(size, 2 * n);
        }
    }

    // Then impairment phases, one at a time.
    for (size_t k = best.params.phases.size(); k-- > 0 && best.runs < maxRuns;)
    {
        NetworkParams p = best.params;
        p.phases.erase(p.phases.begin() + long(k));
        tryRun(p, best.workload);
    }
    return best;
}

} // namespace conformance
} // namespace seqex
