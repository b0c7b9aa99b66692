// One transport installed on the scenario link with everything recorded:
// SEQEX (two SeqexApplications) or the TCP baseline (two
// SeqexTcpExchangeApps). The runner drives either through this interface,
// so every scenario runs unchanged over both.
#ifndef SEQEX_RUN_TRANSPORT_H
#define SEQEX_RUN_TRANSPORT_H

#include "seqex-exchange-log.h"
#include "seqex-impaired-link-helper.h"
#include "seqex-run-metrics.h"
#include "seqex-scenario-config.h"
#include "seqex-timeline.h"

#include "ns3/packet.h"
#include "ns3/seqex-wire.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class SeqexRunTransport
{
  public:
    virtual ~SeqexRunTransport() = default;

    // A reset of node 0's transport at absolute time `at`: its socket(s)
    // close and reopen `downtime` later, on a new port when `newPort`.
    virtual void ScheduleReset(Time at, bool newPort, Time downtime) = 0;

    // The channel dropped `p` (a PPP frame) sent by node `direction`:
    // charge the drop to the exchanges that own it.
    virtual void OnChannelDrop(Ptr<const Packet> p, uint32_t direction) = 0;

    // SPEC §7 invariants 1-3; each line names channel, invariant, peer, seq.
    virtual std::vector<std::string> CheckSafety() const = 0;
    // Invariant 4 as the transport sees it (windows drained, nothing held).
    virtual std::vector<std::string> CheckLiveness() const = 0;

    // Feeds `timeline` from bin 0 to `end` (call before the run), in the
    // transport's own units (SEQEX: data packets; TCP: data segments sent,
    // retransmitted and unacked, messages delivered).
    virtual void RecordTimeline(SeqexTimeline& timeline, Time bin, Time end) = 0;

    virtual SeqexTransportTotals Totals() const = 0;
    // Named transport counters for the summary row.
    virtual std::vector<std::pair<std::string, uint64_t>> Counters() const = 0;
    // The ns-3 attributes the transport was configured with (name, value),
    // for the run's results; none by default.
    virtual std::vector<std::pair<std::string, std::string>> Attributes() const
    {
        return {};
    }
};

// Installs the transport the configuration names on `link`, recording into
// `log`. Both must outlive the returned object and the simulation.
std::unique_ptr<SeqexRunTransport> InstallSeqexTransport(const SeqexScenarioConfig& config,
                                                         const SeqexImpairedLink& link,
                                                         SeqexExchangeLog& log);
std::unique_ptr<SeqexRunTransport> InstallTcpTransport(const SeqexScenarioConfig& config,
                                                       const SeqexImpairedLink& link,
                                                       SeqexExchangeLog& log);
// The bulk workload (config.Bulk()): node 0 streams bytes to node 1 over
// TCP; nothing goes into `log` but the delivered bytes.
std::unique_ptr<SeqexRunTransport> InstallTcpBulkTransport(const SeqexScenarioConfig& config,
                                                           const SeqexImpairedLink& link,
                                                           SeqexExchangeLog& log);

// Random stream numbers: fixed per part, so adding a part never shifts
// another's draws (the two transports draw the workload from the same ones).
constexpr int64_t kSeqexChannelStreams = 100;
constexpr int64_t kSeqexStackStreams = 200;
constexpr int64_t kSeqexWorkloadStreams = 1000;

// The IP payload of a PPP frame the channel carried, and its protocol
// (17 UDP, 6 TCP); false for anything else or a non-first fragment.
bool SeqexStripToTransport(Ptr<const Packet> frame, Ptr<Packet>& payload, uint8_t& protocol);

// The SEQEX datagram a PPP frame carried over UDP, its bytes and decoded
// header; false for anything else (TCP, a fragment, bytes that do not
// decode), which the caller has no SEQEX packet to charge a drop to.
bool SeqexDatagramOfFrame(Ptr<const Packet> frame, seqex::Bytes& datagram, seqex::WireHeader& header);

} // namespace ns3

#endif
