// Competing bulk TCP on the scenario link (shared-bottleneck): `bulkFlows`
// BulkSendApplications from node 0 to PacketSinks on node 1, sending as
// fast as their congestion control lets them during the traffic period,
// through the same bottleneck buffer as the transport under test.
//
// What it measures, on the bottleneck's output (every frame node 1's device
// receives from the link, headers and retransmissions included, in
// `shareBin` bins over the traffic period):
//   seqex_share  SEQEX's bytes / all bytes: its share of the bottleneck
//   jain_index   Jain's fairness index over the flows' byte counts,
//                (sum x)^2 / (n sum x^2), with SEQEX one flow (all its
//                channels: one application) and each TCP flow one: 1 when
//                all get the same, 1/n when one takes everything
// per bin, and over the whole traffic period from the totals.
#ifndef SEQEX_BOTTLENECK_SHARE_H
#define SEQEX_BOTTLENECK_SHARE_H

#include "seqex-impaired-link-helper.h"

#include "ns3/application-container.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

struct SeqexShareBin
{
    uint64_t seqexBytes = 0;
    std::vector<uint64_t> tcpBytes; // per bulk flow
};

// Jain's index of `x` (1 when all are zero).
double JainIndex(const std::vector<double>& x);

class SeqexBottleneckShare
{
  public:
    // Installs the flows and the counting on `link` (call before the run).
    // `variant`: cubic | newreno, set on both nodes' TCP.
    SeqexBottleneckShare(const SeqexImpairedLink& link,
                         uint32_t flows,
                         const std::string& variant,
                         Time start,
                         Time stop,
                         Time bin);

    const std::vector<SeqexShareBin>& Bins() const
    {
        return m_bins;
    }

    Time Bin() const
    {
        return m_bin;
    }

    Time Start() const
    {
        return m_start;
    }

    uint32_t Flows() const
    {
        return m_flows;
    }

    // Of one bin, or (index < 0) of the whole traffic period.
    double SeqexShare(int index = -1) const;
    double Jain(int index = -1) const;

  private:
    void OnReceive(Ptr<const Packet> frame);
    SeqexShareBin Total() const;

    uint32_t m_flows;
    Time m_start;
    Time m_stop;
    Time m_bin;
    uint16_t m_basePort;
    std::vector<SeqexShareBin> m_bins;
    ApplicationContainer m_apps;
};

} // namespace ns3

#endif
