// Group `network`: seeded network runs through impaired links (SPEC 7: exactly-
// once, topology, order, liveness), against the reference and against a
// second instance of the IUT. --short runs fewer seeds and payloads.
#include "seqex-cases.h"
#include "seqex-network-case.h"

namespace seqex
{
namespace conformance
{

namespace
{

// The workload every network case starts from.
NetworkParams
Base(const std::string& name, bool shortMode)
{
    NetworkParams p;
    p.name = name;
    p.window = 16;
    p.resendMs = 100;
    p.exchanges[0] = p.exchanges[1] = shortMode ? 12 : 40;
    p.sendUntil = shortMode ? 1000 : 3000;
    p.healAt = p.sendUntil + 500;
    p.maxNodes = 3;
    p.seqCstRate = 0.3;
    p.deferRate = 0.3;
    p.maxHoldMs = 300;
    p.settleMs = 10000;
    return p;
}

int
Seeds(const CaseContext& c)
{
    return c.Options().shortMode ? 2 : 6;
}

// Alternating good and bad periods until healAt.
void
AddBursts(NetworkParams& p, TimeMs period, const LinkImpairment& good, const LinkImpairment& bad)
{
    bool isBad = false;
    for (TimeMs t = 0; t < p.healAt; t += period, isBad = !isBad)
    {
        p.phases.push_back(Phase(t, isBad ? bad : good));
    }
}

// Everything at once: loss, duplication, reordering, jitter, a reset.
NetworkParams
Mixed(const std::string& name, bool shortMode)
{
    NetworkParams p = Base(name, shortMode);
    p.seqCstRate = 0.6;
    p.deferRate = 0.5;
    p.maxHoldMs = 400;
    p.maxNodes = 5;
    LinkImpairment rough = Impairment(0.1, 0.1, 0.2, 2, 60, 100);
    p.phases.push_back(Phase(0, rough));
    p.phases.push_back(Phase(p.sendUntil / 2, Impairment(1.0, 0, 0, 2, 60), true));
    p.phases.push_back(Phase(p.sendUntil / 2 + 150, rough));
    return p;
}

void
Add(CaseRegistry& r, const std::string& id, const std::string& title, Opponent opponent,
    std::function<NetworkParams(bool shortMode)> params)
{
    // The transport-reset case checks SPEC 6 through the same invariants.
    std::string rule = id.rfind("sec6.", 0) == 0 ? "SPEC 6, 7 (invariants 1-4)" : "SPEC 7 (invariants 1-4)";
    r.Add(id, title, rule, Level::Must, [opponent, params](CaseContext& c) {
        RunNetworkCase(c, params(c.Options().shortMode), opponent, Seeds(c));
    }, true);
}

} // namespace

void
AddNetworkCases(CaseRegistry& r)
{
    Add(r, "sec7.net-clean", "against the reference over a clean network", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("clean", s);
        p.phases.push_back(Phase(0, Impairment(0, 0, 0, 1, 10)));
        return p;
    });

    Add(r, "sec7.net-random-loss", "against the reference with 20% random loss", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("random loss", s);
        p.phases.push_back(Phase(0, Impairment(0.2, 0, 0, 5, 20)));
        return p;
    });

    Add(r, "sec7.net-burst-loss", "against the reference with burst loss", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("burst loss", s);
        AddBursts(p, 150, Impairment(0.02, 0, 0, 5, 20), Impairment(0.8, 0, 0, 5, 20));
        return p;
    });

    Add(r, "sec7.net-reordering", "against the reference with reordering and jitter", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("reordering", s);
        p.phases.push_back(Phase(0, Impairment(0, 0, 0.3, 5, 30, 200)));
        return p;
    });

    Add(r, "sec7.net-duplication", "against the reference with duplication", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("duplication", s);
        p.phases.push_back(Phase(0, Impairment(0, 0.4, 0.1, 5, 30, 50)));
        return p;
    });

    Add(r, "sec7.net-long-delays", "against the reference with delays beyond the resend interval", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("long delays", s);
        p.phases.push_back(Phase(0, Impairment(0, 0, 0, 50, 400)));
        return p;
    });

    Add(r, "sec6.net-transport-resets", "against the reference across transport resets (SPEC 6)", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("transport resets", s);
        LinkImpairment normal = Impairment(0.05, 0, 0, 5, 20);
        LinkImpairment down = Impairment(1.0, 0, 0, 5, 20);
        for (TimeMs t = 0; t < p.healAt; t += 500)
        {
            p.phases.push_back(Phase(t, normal));
            p.phases.push_back(Phase(t + 300, down, true)); // reset, then 120 ms of nothing
            p.phases.push_back(Phase(t + 420, normal));
        }
        return p;
    });

    Add(r, "sec7.net-blackhole", "against the reference with one direction blackholed for a while", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("blackhole", s);
        NetworkPhase open = Phase(0, Impairment(0, 0, 0, 5, 20));
        NetworkPhase hole = open;
        hole.start = 200;
        hole.ab = Impairment(1.0, 0, 0, 5, 20);
        NetworkPhase back = open;
        back.start = p.sendUntil * 3 / 4;
        p.phases = {open, hole, back};
        return p;
    });

    Add(r, "sec7.net-everything", "against the reference with everything at once, seq_cst heavy, long exchanges", Opponent::Reference,
        [](bool s) { return Mixed("everything at once", s); });

    Add(r, "sec7.self-everything", "against itself with everything at once", Opponent::Itself,
        [](bool s) { return Mixed("everything at once, IUT vs IUT", s); });

    Add(r, "sec7.self-across-wrap", "against itself across 2^32", Opponent::Itself, [](bool s) {
        NetworkParams p = Mixed("across 2^32, IUT vs IUT", s);
        p.seq0 = 4294967295u - 20;
        return p;
    });

    Add(r, "sec7.net-small-window", "against the reference with a small window under load", Opponent::Reference, [](bool s) {
        NetworkParams p = Base("small window", s);
        p.window = 4;
        p.sendUntil = s ? 400 : 1200;
        p.healAt = p.sendUntil + 500;
        p.deferRate = 0.5;
        p.phases.push_back(Phase(0, Impairment(0.1, 0.05, 0.1, 5, 30, 60)));
        return p;
    });
}

} // namespace conformance
} // namespace seqex
