// The TCP the baseline runs, from the scenario's --tcp* flags
// (doc/tcp-baseline.md says why each default).
#ifndef SEQEX_TCP_CONFIG_H
#define SEQEX_TCP_CONFIG_H

#include "seqex-scenario-config.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

// Sets the ns-3 defaults every TCP socket created afterwards takes (all of
// them, every run: a process may run several points). Returns each ns-3
// attribute set and its value, for the run's results.
std::vector<std::pair<std::string, std::string>> ConfigureSeqexTcp(const SeqexScenarioConfig& c);

} // namespace ns3

#endif
