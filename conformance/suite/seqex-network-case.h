// A network case: seeded network runs of the IUT against the reference or
// against a second instance of itself. The first failing seed is shrunk and
// its transcript becomes the case's; the notes say how to replay it.
#ifndef SEQEX_NETWORK_CASE_H
#define SEQEX_NETWORK_CASE_H

#include "seqex-case.h"
#include "seqex-network.h"

namespace seqex
{
namespace conformance
{

enum class Opponent
{
    Reference, // peer 0 is the IUT, peer 1 the in-process reference
    Itself,    // two IUT processes
};

// Runs `seeds` seeds (derived from the suite seed and the case id).
void RunNetworkCase(CaseContext& c, const NetworkParams& params, Opponent opponent, int seeds);

// Building blocks for the parameters of network cases.
LinkImpairment Impairment(double drop, double duplicate, double reorder, TimeMs minDelay, TimeMs maxDelay,
                          TimeMs reorderDelay = 0);
NetworkPhase Phase(TimeMs start, const LinkImpairment& both, bool reset = false);

} // namespace conformance
} // namespace seqex

#endif
