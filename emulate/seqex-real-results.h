// Results of a run over real UDP (seqex-udp-peer, alone or under
// seqex-emulate), in the same form as a scenario run.
//
// Each seqex-udp-peer writes an event log, <prefix>node<N>.events.tsv: one
// line per event, tab-separated, times on its monotonic clock (ns):
//   t_ns  ev  channel  kind  seq  re  flag  data_hex
//   ev: tx  a datagram sent (data packet or Ack; retransmissions too)
//       dl  a payload or reply delivered (re -1 for a payload; flag: seq_cst)
//       aa  the node answered the peer's packet `seq` with an Ack
//       ra  our packet `seq` was resolved by an Ack
//       xs  exchange `seq` (its id) started on `channel` (generated then)
//       xc  exchange `seq` ended at its originator
// seqex-emulate adds <prefix>drops.tsv: datagrams its link dropped
//   direction  kind  channel  seq  re        (direction 0: sent by node 0)
//
// CheckRealRun merges the two logs by causality, not by time (a delivery
// after the send it delivers, a resolution after the peer's Ack), so it
// needs no common clock, and feeds them to one InvariantChecker per channel
// (SPEC §7); it rebuilds the exchange log from the logged data (the
// seqex::ExchangeNode bytes every packet carries) and computes the scenario
// metrics. Latency is measured on the originator's own clock; goodput's
// window (first start to last end) mixes both nodes' clocks, which is exact
// only when they share one (the emulator's two namespaces on one host).
#ifndef SEQEX_REAL_RESULTS_H
#define SEQEX_REAL_RESULTS_H

#include "seqex-flag-table.h"
#include "seqex-scenario-config.h"
#include "seqex-scenario-runner.h"

#include "ns3/seqex-wire.h"

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

namespace ns3
{

// Writes one node's event log.
class SeqexEventLogWriter
{
  public:
    // Throws std::runtime_error when `path` cannot be written.
    SeqexEventLogWriter(const std::string& path, uint32_t node);

    void Transmit(const uint8_t* datagram, size_t size); // decodes it; malformed ones are not logged
    void Deliver(uint16_t channel, seqex::Seq seq, std::optional<seqex::Seq> re, bool seqCst,
                 const seqex::Bytes& data);
    void AnswerAck(uint16_t channel, seqex::Seq seq);
    void ResolvedByAck(uint16_t channel, seqex::Seq seq);
    void ExchangeStart(uint16_t channel, uint64_t id);
    void ExchangeComplete(uint16_t channel, uint64_t id);
    void Flush();

  private:
    void Line(const char* ev, uint16_t channel, int kind, uint64_t seq, int64_t re, int flag, const uint8_t* data,
              size_t size);

    std::ofstream m_out;
};

struct SeqexRealRun
{
    SeqexRunOutcome outcome;         // log, metrics, totals, violations, link counters
    SeqexChannelCounters channel[2]; // the emulated link's (zero outside the emulator)
    std::string readError;           // a log was missing or unreadable (then nothing else is set)
};

// Reads <prefix>node0.events.tsv, <prefix>node1.events.tsv and, if present,
// <prefix>drops.tsv. `channel` carries the link counters when the caller
// has them (wire bytes come from them).
SeqexRealRun CheckRealRun(const SeqexScenarioConfig& config, const std::string& prefix,
                          const SeqexChannelCounters* channel = nullptr);

// Writes the scenario-format results (<runId>.json, <runId>.exchanges.csv)
// into config's run directory; returns "" or what failed.
std::string WriteRealRun(const SeqexScenarioConfig& config, const SeqexFlagTable& table, const SeqexRealRun& run);

// The one-paragraph report printed after a run.
std::string DescribeRealRun(const SeqexScenarioConfig& config, const SeqexRealRun& run);

// Every flag of `table` as --name=value, shell-quoted: hands a point's
// parameters to seqex-udp-peer unchanged.
std::string SeqexPeerFlags(const SeqexFlagTable& table);

} // namespace ns3

#endif
