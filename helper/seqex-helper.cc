#include "seqex-helper.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/seqex-application.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexHelper");

SeqexHelper::SeqexHelper(uint16_t port)
{
    for (auto& factory : m_factory)
    {
        factory.SetTypeId(SeqexApplication::GetTypeId());
        factory.Set("LocalPort", UintegerValue(port));
        factory.Set("RemotePort", UintegerValue(port));
    }
}

void
SeqexHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    for (auto& factory : m_factory)
    {
        factory.Set(name, value);
    }
}

void
SeqexHelper::SetPeerAttribute(uint32_t peer, const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_UNLESS(peer < 2, "SeqexHelper::SetPeerAttribute: peer must be 0 or 1 (got " << peer << ")");
    m_factory[peer].Set(name, value);
}

ApplicationContainer
SeqexHelper::Install(Ptr<Node> nodeA, Ptr<Node> nodeB, const Address& addressA, const Address& addressB) const
{
    NS_ABORT_MSG_UNLESS(nodeA && nodeB, "SeqexHelper::Install: null node");
    NS_ABORT_MSG_UNLESS((Ipv4Address::IsMatchingType(addressA) && Ipv4Address::IsMatchingType(addressB)) ||
                            (Ipv6Address::IsMatchingType(addressA) && Ipv6Address::IsMatchingType(addressB)),
                        "SeqexHelper::Install: the addresses must be both IPv4 or both IPv6 (got "
                            << addressA << " and " << addressB << ")");
    Ptr<Node> nodes[2] = {nodeA, nodeB};
    Address remotes[2] = {addressB, addressA};
    ApplicationContainer apps;
    for (int p = 0; p < 2; ++p)
    {
        Ptr<SeqexApplication> app = m_factory[p].Create<SeqexApplication>();
        app->SetAttribute("RemoteAddress", AddressValue(remotes[p]));
        nodes[p]->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

int64_t
SeqexHelper::AssignStreams(ApplicationContainer apps, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (Ptr<SeqexApplication> app = DynamicCast<SeqexApplication>(*it))
        {
            current += app->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
