// Whether a run's results can be written, checked before the run starts:
// a results folder that cannot be created or written into is an error
// naming it at once, not after the whole simulation.
#ifndef SEQEX_OUTPUT_CHECK_H
#define SEQEX_OUTPUT_CHECK_H

#include "seqex-scenario-config.h"

#include <string>

namespace ns3
{

// Creates the folder `config` writes into (<out>/<scenario>/runs) and
// creates and removes a file in it. Returns "" or "--out: what is wrong".
std::string CheckSeqexResultsWritable(const SeqexScenarioConfig& config);

} // namespace ns3

#endif
