#include "seqex-helper.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/seqex-application.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexHelper");

namespace
{

enum class Family
{
    None,
    V4,
    V6,
};

Family
FamilyOf(const Address& a)
{
    if (Ipv4Address::IsMatchingType(a) || InetSocketAddress::IsMatchingType(a))
    {
        return Family::V4;
    }
    if (Ipv6Address::IsMatchingType(a) || Inet6SocketAddress::IsMatchingType(a))
    {
        return Family::V6;
    }
    return Family::None;
}

// An address as a user wrote it (ns-3 prints an Address as raw bytes).
std::string
Describe(const Address& a)
{
    std::ostringstream os;
    if (Ipv4Address::IsMatchingType(a))
    {
        os << Ipv4Address::ConvertFrom(a);
    }
    else if (InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress s = InetSocketAddress::ConvertFrom(a);
        os << s.GetIpv4() << ":" << s.GetPort();
    }
    else if (Ipv6Address::IsMatchingType(a))
    {
        os << Ipv6Address::ConvertFrom(a);
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        Inet6SocketAddress s = Inet6SocketAddress::ConvertFrom(a);
        os << "[" << s.GetIpv6() << "]:" << s.GetPort();
    }
    else if (a.IsInvalid())
    {
        os << "an empty Address";
    }
    else
    {
        os << "an Address that is neither IPv4 nor IPv6 (" << unsigned(a.GetLength()) << " bytes)";
    }
    return os.str();
}

// The port a socket address carries, if it is one.
bool
PortOf(const Address& a, uint16_t& port)
{
    if (InetSocketAddress::IsMatchingType(a))
    {
        port = InetSocketAddress::ConvertFrom(a).GetPort();
        return true;
    }
    if (Inet6SocketAddress::IsMatchingType(a))
    {
        port = Inet6SocketAddress::ConvertFrom(a).GetPort();
        return true;
    }
    return false;
}

} // namespace

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

std::string
SeqexHelper::CheckPeers() const
{
    Ptr<SeqexApplication> apps[2] = {m_factory[0].Create<SeqexApplication>(),
                                     m_factory[1].Create<SeqexApplication>()};
    std::string problems;
    for (const char* name : {"InitialSeq", "Window", "Channels"})
    {
        UintegerValue v[2];
        for (int p = 0; p < 2; ++p)
        {
            apps[p]->GetAttribute(name, v[p]);
        }
        if (v[0].Get() != v[1].Get())
        {
            problems += std::string(problems.empty() ? "" : "; ") + name + " differs between the peers (" +
                        std::to_string(v[0].Get()) + " on the first, " + std::to_string(v[1].Get()) +
                        " on the second): they could not understand each other";
        }
    }
    for (auto& app : apps)
    {
        app->Dispose();
    }
    return problems;
}

ApplicationContainer
SeqexHelper::Install(Ptr<Node> nodeA, Ptr<Node> nodeB, const Address& addressA, const Address& addressB) const
{
    NS_ABORT_MSG_UNLESS(nodeA && nodeB, "SeqexHelper::Install: null node");
    Family family = FamilyOf(addressA);
    NS_ABORT_MSG_UNLESS(family != Family::None && family == FamilyOf(addressB),
                        "SeqexHelper::Install: the addresses must be both IPv4 or both IPv6 (an Ipv4Address, "
                        "Ipv6Address, InetSocketAddress or Inet6SocketAddress); got "
                            << Describe(addressA) << " and " << Describe(addressB));
    std::string problem = CheckPeers();
    NS_ABORT_MSG_UNLESS(problem.empty(), "SeqexHelper::Install: " << problem);
    Ptr<Node> nodes[2] = {nodeA, nodeB};
    Address own[2] = {addressA, addressB};
    ApplicationContainer apps;
    for (int p = 0; p < 2; ++p)
    {
        Ptr<SeqexApplication> app = m_factory[p].Create<SeqexApplication>();
        app->SetAttribute("RemoteAddress", AddressValue(own[1 - p])); // a socket address also sets RemotePort
        uint16_t port = 0;
        if (PortOf(own[p], port))
        {
            app->SetAttribute("LocalPort", UintegerValue(port)); // where the peer will send
        }
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

int64_t
SeqexHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    ApplicationContainer apps;
    for (auto n = nodes.Begin(); n != nodes.End(); ++n)
    {
        for (uint32_t i = 0; i < (*n)->GetNApplications(); ++i)
        {
            apps.Add((*n)->GetApplication(i));
        }
    }
    return AssignStreams(apps, stream);
}

} // namespace ns3
