// What produced a run: the project's commit (from git at build time) and
// the ns-3 version the program was built against. Every run records both.
#ifndef SEQEX_BUILD_INFO_H
#define SEQEX_BUILD_INFO_H

#include <string>

namespace ns3
{

// The source's commit at build time ("-dirty": tracked files outside
// results/ changed), or "unknown".
const char* SeqexProjectCommit();

// "3.37.0" (the headers' version-defines.h), or "unknown".
std::string SeqexNs3Version();

} // namespace ns3

#endif
