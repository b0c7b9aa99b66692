// SeqexHelper: installs pairs of SeqexApplications configured toward each
// other, in the style of UdpEchoHelper / BulkSendHelper.
//
//   SeqexHelper seqex(9000);
//   seqex.SetAttribute("Channels", UintegerValue(4));          // both peers
//   seqex.SetPeerAttribute(0, "MaxExchanges", UintegerValue(100)); // A starts exchanges
//   ApplicationContainer apps = seqex.Install(nodeA, nodeB, addrA, addrB);
//   seqex.AssignStreams(NodeContainer(nodeA, nodeB), 100);
//   apps.Start(Seconds(0)); apps.Stop(Seconds(10));
#ifndef SEQEX_HELPER_H
#define SEQEX_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup seqex
 * \brief Installs two SeqexApplications that talk to each other.
 *
 * Attributes set on the helper go to both peers, SetPeerAttribute to one;
 * Install refuses peers that could not talk (CheckPeers).
 */
class SeqexHelper
{
  public:
    /**
     * \brief A helper for two peers on one port.
     * \param port both peers bind `port` and send to the other's `port`
     *        unless LocalPort / RemotePort or the addresses given to
     *        Install say otherwise
     */
    explicit SeqexHelper(uint16_t port = 9000);

    /**
     * \brief An attribute of both peers' applications.
     * \param name the attribute
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief An attribute of one peer only; it overrides SetAttribute for it.
     * \param peer 0 for the first node given to Install, 1 for the second
     * \param name the attribute
     * \param value its value
     */
    void SetPeerAttribute(uint32_t peer, const std::string& name, const AttributeValue& value);

    /**
     * \brief What would make the two peers unable to talk: InitialSeq,
     * Window or Channels differing between them (SPEC: both ends must agree).
     * \return empty when they agree, else what differs
     */
    std::string CheckPeers() const;

    /**
     * \brief One application on each node, each with the other's address as
     * its remote. Install refuses (aborts with the reason) peers that
     * CheckPeers rejects.
     * \param nodeA the first node
     * \param nodeB the second node
     * \param addressA where A is reached: an Ipv4Address or Ipv6Address, or an
     *        InetSocketAddress or Inet6SocketAddress whose port A then binds
     * \param addressB where B is reached, of the same family
     * \return A's application, then B's
     */
    ApplicationContainer Install(Ptr<Node> nodeA,
                                 Ptr<Node> nodeB,
                                 const Address& addressA,
                                 const Address& addressB) const;

    /**
     * \brief Fixes the random streams of every SeqexApplication in `apps`.
     * \param apps the applications
     * \param stream the first stream number
     * \return the number of streams used
     */
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream) const;

    /**
     * \brief Fixes the random streams of every SeqexApplication on `nodes`
     * (in node order, then application order), as ns-3's helpers do.
     * \param nodes the nodes
     * \param stream the first stream number
     * \return the number of streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_factory[2]; //!< one factory per peer (index as in SetPeerAttribute)
};

} // namespace ns3

#endif
