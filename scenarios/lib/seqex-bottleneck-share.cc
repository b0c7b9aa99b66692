#include "seqex-bottleneck-share.h"

#include "seqex-run-transport.h"

#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/simulator.h"
#include "ns3/tcp-cubic.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{

const uint16_t kBulkBasePort = 5000;

} // namespace

double
JainIndex(const std::vector<double>& x)
{
    double sum = 0;
    double squares = 0;
    for (double v : x)
    {
        sum += v;
        squares += v * v;
    }
    return squares > 0 ? sum * sum / (double(x.size()) * squares) : 1.0;
}

SeqexBottleneckShare::SeqexBottleneckShare(const SeqexImpairedLink& link,
                                           uint32_t flows,
                                           const std::string& variant,
                                           Time start,
                                           Time stop,
                                           Time bin)
    : m_flows(flows),
      m_start(start),
      m_stop(stop),
      m_bin(bin),
      m_basePort(kBulkBasePort)
{
    TypeId tid = variant == "newreno" ? TypeId::LookupByName("ns3::TcpNewReno") : TcpCubic::GetTypeId();
    for (uint32_t n = 0; n < 2; ++n)
    {
        // Per node, not Config::SetDefault: a process may run other points.
        link.nodes.Get(n)->GetObject<TcpL4Protocol>()->SetAttribute("SocketType", TypeIdValue(tid));
    }
    // The bulk flows' segment size: full 1500-byte frames, as the TCP
    // baseline's (seqex-run-tcp.cc sets the same default).
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    for (uint32_t k = 0; k < flows; ++k)
    {
        uint16_t port = static_cast<uint16_t>(m_basePort + k);
        PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer s = sink.Install(link.nodes.Get(1));
        s.Start(Seconds(0));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(link.Address(1), port));
        bulk.SetAttribute("MaxBytes", UintegerValue(0)); // unlimited
        bulk.SetAttribute("SendSize", UintegerValue(1448));
        ApplicationContainer b = bulk.Install(link.nodes.Get(0));
        b.Start(start);
        b.Stop(stop);
        m_apps.Add(s);
        m_apps.Add(b);
    }
    size_t bins = static_cast<size_t>((stop - start).GetNanoSeconds() / bin.GetNanoSeconds());
    m_bins.assign(std::max<size_t>(bins, 1), SeqexShareBin{0, std::vector<uint64_t>(flows, 0)});
    link.devices.Get(1)->TraceConnectWithoutContext("MacRx",
                                                   MakeCallback(&SeqexBottleneckShare::OnReceive, this));
}

void
SeqexBottleneckShare::OnReceive(Ptr<const Packet> frame)
{
    Time now = Simulator::Now();
    if (now < m_start || now >= m_stop)
    {
        return;
    }
    size_t index = static_cast<size_t>((now - m_start).GetNanoSeconds() / m_bin.GetNanoSeconds());
    if (index >= m_bins.size())
    {
        return; // the last, partial bin
    }
    Ptr<Packet> p;
    uint8_t protocol = 0;
    if (!SeqexStripToTransport(frame, p, protocol))
    {
        return;
    }
    SeqexShareBin& b = m_bins[index];
    if (protocol == 17)
    {
        b.seqexBytes += frame->GetSize();
    }
    else if (protocol == 6)
    {
        TcpHeader tcp;
        p->PeekHeader(tcp);
        uint32_t k = tcp.GetDestinationPort() - m_basePort;
        if (tcp.GetDestinationPort() >= m_basePort && k < m_flows)
        {
            b.tcpBytes[k] += frame->GetSize();
        }
    }
}

SeqexShareBin
SeqexBottleneckShare::Total() const
{
    SeqexShareBin t{0, std::vector<uint64_t>(m_flows, 0)};
    for (const SeqexShareBin& b : m_bins)
    {
        t.seqexBytes += b.seqexBytes;
        for (uint32_t k = 0; k < m_flows; ++k)
        {
            t.tcpBytes[k] += b.tcpBytes[k];
        }
    }
    return t;
}

double
SeqexBottleneckShare::SeqexShare(int index) const
{
    SeqexShareBin b = index < 0 ? Total() : m_bins[size_t(index)];
    uint64_t all = b.seqexBytes;
    for (uint64_t t : b.tcpBytes)
    {
        all += t;
    }
    return all > 0 ? double(b.seqexBytes) / double(all) : 0.0;
}

double
SeqexBottleneckShare::Jain(int index) const
{
    SeqexShareBin b = index < 0 ? Total() : m_bins[size_t(index)];
    std::vector<double> x = {double(b.seqexBytes)};
    for (uint64_t t : b.tcpBytes)
    {
        x.push_back(double(t));
    }
    return JainIndex(x);
}

} // namespace ns3
