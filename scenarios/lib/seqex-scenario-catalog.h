// The named scenarios: what each shows, its defaults (flag values that
// differ from the global defaults), the points of the default set, and its
// sweep grid. The runner applies a scenario's defaults before parsing the
// command line; scripts/run-default.py and scripts/sweep.py read the points
// and grids from `seqex-scenario --list`, so they live only here.
#ifndef SEQEX_SCENARIO_CATALOG_H
#define SEQEX_SCENARIO_CATALOG_H

#include "seqex-scenario-config.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

// Flag assignments, e.g. {{"loss", "0.05"}, {"transport", "tcp"}}.
using SeqexAssignments = std::vector<std::pair<std::string, std::string>>;

struct SeqexScenario
{
    std::string name;
    std::string summary; // one line: what it shows
    std::string varies;  // the parameter(s) it sweeps
    SeqexAssignments defaults;
    // The default set: each point is run by scripts/run-default.py.
    std::vector<SeqexAssignments> defaultPoints;
    // The sweep grid: the cartesian product of the axes; an axis value may
    // set several flags at once (e.g. a burst length at a fixed mean loss).
    std::vector<std::vector<SeqexAssignments>> sweepAxes;
};

const std::vector<SeqexScenario>& SeqexScenarios();

// nullptr when no scenario has that name.
const SeqexScenario* FindSeqexScenario(const std::string& name);

std::vector<std::string> SeqexScenarioNames();

// `config` for one point: the scenario's defaults, then `flags` (as
// --name=value would set them). Returns "" or "--flag: what is wrong".
std::string SeqexConfigure(const std::string& scenario, const SeqexAssignments& flags, SeqexScenarioConfig& config);

// The catalog as one JSON document (for the scripts).
std::string SeqexCatalogJson();

} // namespace ns3

#endif
