#include "seqex-emulated-path.h"

#include "seqex-run-transport.h"
#include "seqex-scenario-runner.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/mac48-address.h"
#include "ns3/pcap-file.h"
#include "ns3/trace-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/seqex-wire.h"

#include <stdexcept>

namespace ns3
{

namespace
{

// After the FdNetDevices start (time 0), before the programs do.
const Time kArpAt = MilliSeconds(100);

} // namespace

SeqexEmulatedPath::SeqexEmulatedPath(const SeqexScenarioConfig& c, int tapA, int tapB, Time start)
{
    SeqexLinkShape shape;
    shape.bandwidth = c.bandwidth;
    shape.delay = c.delay;
    shape.queuePackets = c.queue;
    m_link = SeqexImpairedLinkHelper(shape).Install();
    m_link.channel->AssignStreams(kSeqexChannelStreams);
    InternetStackHelper().AssignStreams(m_link.nodes, kSeqexStackStreams);
    // The scenario's impairment window and blackhole start at its traffic
    // start; the emulator starts its programs then too.
    NS_ABORT_MSG_UNLESS(start == SeqexScenarioConfig::TrafficStart(),
                        "the programs must start at the scenario's traffic start");
    SeqexConfigureImpairments(c, *m_link.channel);
    if (c.resetKind == "link")
    {
        for (Time at = start + c.resetEvery; at < c.TrafficStop(); at += c.resetEvery)
        {
            m_link.channel->AddLinkDown(at, at + c.resetDowntime);
        }
    }

    m_fd[0] = MakeFdDevice(m_link.nodes.Get(0), tapA, 0);
    m_fd[1] = MakeFdDevice(m_link.nodes.Get(1), tapB, 1);

    // Each router reaches the far namespace over the link.
    Ipv4StaticRoutingHelper routing;
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<Ipv4> ipv4 = m_link.nodes.Get(i)->GetObject<Ipv4>();
        Ptr<Ipv4StaticRouting> table = routing.GetStaticRouting(ipv4);
        uint32_t linkIf = ipv4->GetInterfaceForDevice(m_link.devices.Get(i));
        table->AddNetworkRouteTo(Ipv4Address(i == 0 ? "10.77.2.0" : "10.77.1.0"), Ipv4Mask("255.255.255.0"),
                                 m_link.Address(1 - i), linkIf);
    }

    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<PointToPointNetDevice> dev = DynamicCast<PointToPointNetDevice>(m_link.devices.Get(i));
        SeqexEmulatedDirection* d = &m_counts[i];
        dev->GetQueue()->TraceConnectWithoutContext(
            "Drop", MakeLambdaCallback<Ptr<const Packet>>([d](Ptr<const Packet>) { ++d->queueDrops; }));
    }
}

Ptr<FdNetDevice>
SeqexEmulatedPath::MakeFdDevice(Ptr<Node> node, int fd, uint32_t side)
{
    const char* address = side == 0 ? kRouterA : kRouterB;
    Ptr<FdNetDevice> dev = CreateObject<FdNetDevice>();
    dev->SetAddress(Mac48Address(side == 0 ? kRouterMacA : kRouterMacB));
    dev->SetEncapsulationMode(FdNetDevice::DIX); // IFF_NO_PI taps carry plain Ethernet frames
    dev->SetFileDescriptor(fd);
    node->AddDevice(dev);

    // The address is added by hand: Ipv4AddressHelper::Assign would also put
    // a traffic-control queue disc on a device that has no queue of its own.
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    uint32_t ifIndex = ipv4->AddInterface(dev);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask("255.255.255.0")));
    ipv4->SetForwarding(ifIndex, true);
    ipv4->SetUp(ifIndex);
    // The tap's MAC, permanently: no ARP request ever waits in (or
    // overflows, dropping packets) the router's pending queue. Added once
    // the device is up: the cache is flushed when the link comes up.
    Ptr<ArpCache> cache = DynamicCast<Ipv4L3Protocol>(ipv4)->GetInterface(ifIndex)->GetArpCache();
    Ipv4Address tapIp(side == 0 ? kTapA : kTapB);
    Mac48Address tapMac(side == 0 ? kTapMacA : kTapMacB);
    Simulator::Schedule(kArpAt, [cache, tapIp, tapMac]() {
        ArpCache::Entry* entry = cache->Lookup(tapIp);
        if (entry == nullptr)
        {
            entry = cache->Add(tapIp);
        }
        entry->SetMacAddress(tapMac);
        entry->MarkPermanent();
    });
    SeqexEmulatedDirection* counts = m_counts;
    // Packets for this side's tap that address resolution dropped.
    node->GetObject<ArpL3Protocol>()->TraceConnectWithoutContext(
        "Drop", MakeLambdaCallback<Ptr<const Packet>>([counts, side](Ptr<const Packet>) {
            ++counts[1 - side].routerDrops;
        }));
    ipv4->TraceConnectWithoutContext(
        "Drop",
        MakeLambdaCallback<const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason, Ptr<Ipv4>, uint32_t>(
            [counts](const Ipv4Header& h, Ptr<const Packet>, Ipv4L3Protocol::DropReason, Ptr<Ipv4>, uint32_t) {
                bool toB = Ipv4Mask("255.255.255.0").IsMatch(h.GetDestination(), Ipv4Address("10.77.2.0"));
                ++counts[toB ? 0 : 1].routerDrops;
            }));

    SeqexEmulatedDirection* out = &m_counts[side];    // frames this side's tap sends start direction `side`
    SeqexEmulatedDirection* in = &m_counts[1 - side]; // frames for this tap end the other direction
    dev->TraceConnectWithoutContext("MacRx", MakeLambdaCallback<Ptr<const Packet>>([out](Ptr<const Packet>) {
                                        ++out->framesFromTap;
                                    }));
    dev->TraceConnectWithoutContext("MacRxDrop", MakeLambdaCallback<Ptr<const Packet>>([out](Ptr<const Packet>) {
                                        ++out->tapReadDrops;
                                    }));
    dev->TraceConnectWithoutContext("MacTx", MakeLambdaCallback<Ptr<const Packet>>([in](Ptr<const Packet>) {
                                        ++in->framesToTap;
                                    }));
    dev->TraceConnectWithoutContext("MacTxDrop", MakeLambdaCallback<Ptr<const Packet>>([in](Ptr<const Packet>) {
                                        ++in->tapWriteDrops;
                                    }));
    return dev;
}

void
SeqexEmulatedPath::EnablePcap(const std::string& fileA, const std::string& fileB)
{
    PcapHelper helper;
    const std::string files[2] = {fileA, fileB};
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<PcapFileWrapper> file = helper.CreateFile(files[i], std::ios::out, PcapHelper::DLT_EN10MB);
        if (file->Fail())
        {
            throw std::runtime_error("cannot write the capture " + files[i]);
        }
        m_pcaps.push_back(file);
        PcapFileWrapper* raw = PeekPointer(file);
        m_fd[i]->TraceConnectWithoutContext("Sniffer", MakeLambdaCallback<Ptr<const Packet>>([raw](Ptr<const Packet> p) {
                                                raw->Write(Simulator::Now(), p);
                                            }));
    }
}

void
SeqexEmulatedPath::LogDrops(const std::string& file)
{
    m_drops = std::make_unique<std::ofstream>(file, std::ios::trunc);
    if (!*m_drops)
    {
        throw std::runtime_error("cannot write " + file);
    }
    std::ofstream* out = m_drops.get();
    m_link.channel->TraceConnectWithoutContext(
        "Drop",
        MakeLambdaCallback<Ptr<const Packet>, uint32_t, SeqexDropReason>(
            [out](Ptr<const Packet> frame, uint32_t direction, SeqexDropReason) {
                seqex::Bytes bytes;
                seqex::WireHeader h;
                if (!SeqexDatagramOfFrame(frame, bytes, h))
                {
                    return; // not SEQEX (or not decodable): nothing to charge
                }
                *out << direction << ' ' << static_cast<int>(h.kind) << ' ' << h.channel << ' ' << h.seq << ' '
                     << h.re << '\n';
                out->flush();
            }));
}

void
SeqexEmulatedPath::ClosePcap()
{
    m_pcaps.clear();
}

SeqexEmulatedDirection
SeqexEmulatedPath::Direction(uint32_t d) const
{
    SeqexEmulatedDirection out = m_counts[d];
    out.channel = m_link.channel->GetCounters(d);
    return out;
}

} // namespace ns3
