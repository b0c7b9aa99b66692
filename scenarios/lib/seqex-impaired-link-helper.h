// Builds the two-node topology every scenario runs on: two nodes joined by a
// SeqexImpairedChannel, with point-to-point devices, the Internet stack and
// IPv4 addresses. PointToPointHelper cannot be used because it always
// creates its own channel type.
#ifndef SEQEX_IMPAIRED_LINK_HELPER_H
#define SEQEX_IMPAIRED_LINK_HELPER_H

#include "seqex-impaired-channel.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

namespace ns3
{

struct SeqexLinkShape
{
    DataRate bandwidth{"10Mbps"};
    Time delay = MilliSeconds(20); // one-way propagation delay
    uint32_t queuePackets = 100;   // DropTail device queue, per device
};

// What the builder made. Node 0 / device 0 / address 0 is the side whose
// transmissions go on channel direction 0.
struct SeqexImpairedLink
{
    NodeContainer nodes;
    NetDeviceContainer devices;
    Ptr<SeqexImpairedChannel> channel;
    Ipv4InterfaceContainer interfaces;

    Ipv4Address Address(uint32_t node) const
    {
        return interfaces.GetAddress(node);
    }
};

class SeqexImpairedLinkHelper
{
  public:
    explicit SeqexImpairedLinkHelper(const SeqexLinkShape& shape);

    // Two new nodes, linked, with the Internet stack and addresses in
    // 10.1.1.0/24. The channel's impairments are left unset (none).
    SeqexImpairedLink Install() const;

  private:
    SeqexLinkShape m_shape;
};

} // namespace ns3

#endif
