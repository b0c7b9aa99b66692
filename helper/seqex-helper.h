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

/**
 * \ingroup seqex
 * \brief Installs pairs of SeqexApplications configured toward each other.
 *
 * Peer 0 (A) is the first node given to Install, peer 1 (B) the second; each
 * application's RemoteAddress is the other's address.
 */
class SeqexHelper
{
  public:
    /**
     * \brief A helper whose applications bind and send to one port.
     * \param port the LocalPort and RemotePort of both peers, unless set
     *        otherwise with SetAttribute or SetPeerAttribute
     */
    explicit SeqexHelper(uint16_t port = 9000);

    /**
     * \brief Sets an attribute of both peers' applications.
     * \param name the attribute's name (a SeqexApplication attribute)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Sets an attribute of one peer's application only; it overrides
     * SetAttribute for that peer.
     * \param peer 0 for the first node given to Install, 1 for the second
     * \param name the attribute's name (a SeqexApplication attribute)
     * \param value its value
     */
    void SetPeerAttribute(uint32_t peer, const std::string& name, const AttributeValue& value);

    /**
     * \brief Installs one application on each node, each with the other's
     * address as its remote.
     * \param nodeA the node of peer 0
     * \param nodeB the node of peer 1
     * \param addressA peer 0's address
     * \param addressB peer 1's address, of the same family as addressA (both
     *        Ipv4Address or both Ipv6Address)
     * \return A's application, then B's
     */
    ApplicationContainer Install(Ptr<Node> nodeA,
                                 Ptr<Node> nodeB,
                                 const Address& addressA,
                                 const Address& addressB) const;

    /**
     * \brief Fixes the random streams of every SeqexApplication in apps.
     * \param apps the applications (others in it are left alone)
     * \param stream the first stream index to use
     * \return the number of streams used
     */
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream) const;

  private:
    ObjectFactory m_factory[2]; //!< the applications of peer 0 and peer 1
};

} // namespace ns3

#endif
