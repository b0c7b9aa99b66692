// SeqexHelper: installs pairs of SeqexApplications configured toward each
// other, in the style of UdpEchoHelper / BulkSendHelper.
//
//   SeqexHelper seqex(9000);
//   seqex.SetAttribute("Channels", UintegerValue(4));          // both peers
//   seqex.SetPeerAttribute(0, "MaxExchanges", UintegerValue(100)); // A starts exchanges
//   ApplicationContainer apps = seqex.Install(nodeA, nodeB, addrA, addrB);
//   apps.Start(Seconds(0)); apps.Stop(Seconds(10));
#ifndef SEQEX_HELPER_H
#define SEQEX_HELPER_H

#include "ns3/application-container.h"
#include "ns3/address.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class SeqexHelper
{
  public:
    // Both peers bind `port` and send to the other's `port` unless
    // LocalPort / RemotePort are set otherwise.
    explicit SeqexHelper(uint16_t port = 9000);

    // An attribute of both peers' applications.
    void SetAttribute(const std::string& name, const AttributeValue& value);

    // An attribute of one peer only: 0 is the first node given to Install,
    // 1 the second. It overrides SetAttribute for that peer.
    void SetPeerAttribute(uint32_t peer, const std::string& name, const AttributeValue& value);

    // One application on each node, each with the other's address as its
    // remote: both Ipv4Address or both Ipv6Address. The container holds A's
    // application first, then B's.
    ApplicationContainer Install(Ptr<Node> nodeA,
                                 Ptr<Node> nodeB,
                                 const Address& addressA,
                                 const Address& addressB) const;

    // Fixes the random streams of every SeqexApplication in `apps`; returns
    // the number of streams used.
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream) const;

  private:
    ObjectFactory m_factory[2];
};

} // namespace ns3

#endif
