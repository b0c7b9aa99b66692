// Packet captures of a scenario run: every frame each node's device sent or
// received, one pcap file per node, so a run can be read packet by packet
// (Wireshark decodes SEQEX with tools/wireshark/seqex.lua).
#ifndef SEQEX_PCAP_H
#define SEQEX_PCAP_H

#include "seqex-impaired-link-helper.h"

#include <string>

namespace ns3
{

// Writes <prefix>.node0.pcap and <prefix>.node1.pcap (PPP link type, as
// ns-3's point-to-point captures) from now until the simulation ends.
// Returns "" or why the files cannot be written.
std::string EnableSeqexPcap(const SeqexImpairedLink& link, const std::string& prefix);

} // namespace ns3

#endif
