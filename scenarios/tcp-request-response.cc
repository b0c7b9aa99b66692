// tcp-request-response: an independent check of the TCP baseline. Plain
// ns-3 sockets and helpers, no SEQEX code: a client sends fixed-size
// requests (Poisson arrivals, spread round-robin over N connections), the
// server answers each with a response of the same size after a think time,
// and the client measures each request from its write to the last byte of
// its response. Run it on the scenario link and compare its percentiles with
// seqex-scenario --transport=tcp on the same workload (doc/tcp-baseline.md).
//
//   tcp-request-response --connections=8 --rate=500 --loss=0.01 --seed=1
//
// Prints one JSON object: the parameters and the latency percentiles (ms).
// Exit status 0; 2 on a bad flag; 3 when a request did not complete.
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

struct Options
{
    uint32_t connections = 1;
    double rate = 500;        // requests per second, all connections together
    uint32_t size = 100;      // bytes of a request and of a response
    double loss = 0.01;       // per packet, both directions
    std::string bandwidth = "10Mbps";
    Time delay = MilliSeconds(20);
    Time duration = Seconds(20);
    Time heal = Seconds(10);
    Time think = MilliSeconds(1); // server time to answer
    Time minRto = MilliSeconds(200);
    uint32_t delAckCount = 1;
    uint32_t segmentSize = 1448;
    std::string variant = "ns3::TcpCubic";
    uint32_t seed = 1;
};

const uint16_t kPort = 9200;
const Time kTrafficStart = Seconds(1);

// Collects complete `size`-byte messages from a stream.
class Framer
{
  public:
    explicit Framer(uint32_t size)
        : m_size(size)
    {
    }

    // Reads everything the socket has; returns the number of whole messages.
    uint32_t Read(Ptr<Socket> socket)
    {
        uint32_t whole = 0;
        while (Ptr<Packet> p = socket->Recv())
        {
            m_pending += p->GetSize();
            whole += m_pending / m_size;
            m_pending %= m_size;
        }
        return whole;
    }

  private:
    uint32_t m_size;
    uint64_t m_pending = 0;
};

class Server
{
  public:
    Server(Ptr<Node> node, const Options& o)
        : m_o(o)
    {
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&Server::OnAccept, this));
    }

  private:
    void OnAccept(Ptr<Socket> s, const Address&)
    {
        m_framers.emplace_back(s, Framer(m_o.size));
        s->SetRecvCallback(MakeCallback(&Server::OnRecv, this));
    }

    void OnRecv(Ptr<Socket> s)
    {
        for (auto& [socket, framer] : m_framers)
        {
            if (socket == s)
            {
                for (uint32_t n = framer.Read(s); n > 0; --n)
                {
                    Simulator::Schedule(m_o.think, &Server::Answer, this, s);
                }
                return;
            }
        }
    }

    void Answer(Ptr<Socket> s)
    {
        int sent = s->Send(Create<Packet>(m_o.size));
        NS_ABORT_MSG_IF(sent != static_cast<int>(m_o.size), "tcp-request-response: server send buffer full");
    }

    const Options& m_o;
    Ptr<Socket> m_listener;
    std::vector<std::pair<Ptr<Socket>, Framer>> m_framers;
};

class Client
{
  public:
    Client(Ptr<Node> node, Ipv4Address server, const Options& o)
        : m_o(o),
          m_gap(CreateObject<ExponentialRandomVariable>())
    {
        m_gap->SetAttribute("Mean", DoubleValue(1.0 / o.rate));
        for (uint32_t i = 0; i < o.connections; ++i)
        {
            Conn c{Socket::CreateSocket(node, TcpSocketFactory::GetTypeId()), Framer(o.size), {}};
            c.socket->Bind();
            c.socket->SetRecvCallback(MakeCallback(&Client::OnRecv, this));
            m_conns.push_back(std::move(c));
        }
        // Once the simulation runs (the stack is initialized then).
        Simulator::ScheduleNow(&Client::Connect, this, server);
        Simulator::Schedule(kTrafficStart, &Client::Next, this);
    }

    uint64_t Sent() const
    {
        return m_sent;
    }

    std::vector<double>& LatenciesMs()
    {
        return m_latencies;
    }

  private:
    void Connect(Ipv4Address server)
    {
        for (Conn& c : m_conns)
        {
            c.socket->Connect(InetSocketAddress(server, kPort));
        }
    }

    struct Conn
    {
        Ptr<Socket> socket;
        Framer framer;
        std::deque<Time> outstanding; // request write times, in order
    };

    void Next()
    {
        if (Simulator::Now() >= kTrafficStart + m_o.duration)
        {
            return;
        }
        Conn& c = m_conns[m_sent % m_conns.size()];
        int sent = c.socket->Send(Create<Packet>(m_o.size));
        NS_ABORT_MSG_IF(sent != static_cast<int>(m_o.size), "tcp-request-response: client send buffer full");
        c.outstanding.push_back(Simulator::Now());
        ++m_sent;
        Simulator::Schedule(Seconds(m_gap->GetValue()), &Client::Next, this);
    }

    void OnRecv(Ptr<Socket> s)
    {
        for (Conn& c : m_conns)
        {
            if (c.socket == s)
            {
                for (uint32_t n = c.framer.Read(s); n > 0; --n)
                {
                    NS_ABORT_MSG_IF(c.outstanding.empty(), "tcp-request-response: response without request");
                    m_latencies.push_back((Simulator::Now() - c.outstanding.front()).GetSeconds() * 1e3);
                    c.outstanding.pop_front();
                }
                return;
            }
        }
    }

    const Options& m_o;
    Ptr<ExponentialRandomVariable> m_gap;
    std::vector<Conn> m_conns;
    uint64_t m_sent = 0;
    std::vector<double> m_latencies;
};

// Nearest-rank percentile of sorted values.
double
Percentile(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
    {
        return 0;
    }
    size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
    return sorted[std::max<size_t>(rank, 1) - 1];
}

// Created and cast, not IsChildOf: ns-3.37 registers TcpCubic's TypeId
// under TcpSocketBase.
bool
IsCongestionControl(TypeId tid)
{
    if (!tid.HasConstructor())
    {
        return false;
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return DynamicCast<TcpCongestionOps>(factory.Create()) != nullptr;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    CommandLine cmd(__FILE__);
    cmd.Usage("Independent TCP request/response latency on a lossy point-to-point link (plain ns-3 sockets).");
    cmd.AddValue("connections", "TCP connections the requests are spread over (round-robin)", o.connections);
    cmd.AddValue("rate", "Requests per second, Poisson, all connections together", o.rate);
    cmd.AddValue("size", "Bytes of each request and each response", o.size);
    cmd.AddValue("loss", "Per-packet loss probability, each direction", o.loss);
    cmd.AddValue("bandwidth", "Link rate, each direction", o.bandwidth);
    cmd.AddValue("delay", "One-way propagation delay", o.delay);
    cmd.AddValue("duration", "Traffic period (requests start during it)", o.duration);
    cmd.AddValue("heal", "Time after the traffic period for the last responses", o.heal);
    cmd.AddValue("think", "Server time to answer a request", o.think);
    cmd.AddValue("minRto", "TCP minimum RTO", o.minRto);
    cmd.AddValue("delAckCount", "TCP segments received before an ACK is sent (1: every segment)", o.delAckCount);
    cmd.AddValue("segmentSize", "TCP MSS, bytes", o.segmentSize);
    cmd.AddValue("variant", "TCP congestion control TypeId", o.variant);
    cmd.AddValue("seed", "Run number", o.seed);
    cmd.Parse(argc, argv);
    TypeId variant;
    std::string bad;
    if (o.connections == 0)
    {
        bad = "--connections: must be >= 1";
    }
    else if (!(o.rate > 0))
    {
        bad = "--rate: must be > 0";
    }
    else if (o.size == 0)
    {
        bad = "--size: must be >= 1";
    }
    else if (!(o.loss >= 0 && o.loss < 1))
    {
        bad = "--loss: must be in [0, 1)";
    }
    else if (o.delAckCount == 0)
    {
        bad = "--delAckCount: must be >= 1";
    }
    else if (o.segmentSize == 0)
    {
        bad = "--segmentSize: must be >= 1";
    }
    else if (!TypeId::LookupByNameFailSafe(o.variant, &variant) || !IsCongestionControl(variant))
    {
        bad = "--variant: not an ns-3 TCP congestion control TypeId (ns3::TcpCubic, ns3::TcpNewReno, ...): " +
              o.variant;
    }
    if (!bad.empty())
    {
        std::cerr << "tcp-request-response: error: " << bad << "\n";
        return 2;
    }

    RngSeedManager::SetRun(o.seed);
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(variant));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(o.segmentSize));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(o.delAckCount));
    Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(o.minRto));

    NodeContainer nodes(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(o.bandwidth));
    p2p.SetChannelAttribute("Delay", TimeValue(o.delay));
    NetDeviceContainer devices = p2p.Install(nodes);
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(o.loss);
        em->AssignStreams(10 + i);
        devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    Server server(nodes.Get(1), o);
    Client client(nodes.Get(0), interfaces.GetAddress(1), o);
    Simulator::Stop(kTrafficStart + o.duration + o.heal);
    Simulator::Run();
    Simulator::Destroy();

    std::vector<double>& lat = client.LatenciesMs();
    std::sort(lat.begin(), lat.end());
    double mean = 0;
    for (double v : lat)
    {
        mean += v / lat.size();
    }
    std::ostringstream json;
    json << "{\"connections\": " << o.connections << ", \"rate\": " << o.rate << ", \"size\": " << o.size
         << ", \"loss\": " << o.loss << ", \"bandwidth\": \"" << o.bandwidth << "\", \"delay_ms\": "
         << o.delay.GetMilliSeconds() << ", \"variant\": \"" << o.variant << "\", \"del_ack_count\": " << o.delAckCount
         << ", \"min_rto_ms\": " << o.minRto.GetMilliSeconds() << ", \"segment_size\": " << o.segmentSize
         << ", \"seed\": " << o.seed << ", \"requests\": " << client.Sent() << ", \"completed\": " << lat.size()
         << ", \"latency_ms\": {\"mean\": " << mean << ", \"p50\": " << Percentile(lat, 0.5)
         << ", \"p90\": " << Percentile(lat, 0.9) << ", \"p99\": " << Percentile(lat, 0.99)
         << ", \"max\": " << (lat.empty() ? 0 : lat.back()) << "}}";
    std::cout << json.str() << "\n";
    if (lat.size() != client.Sent())
    {
        std::cerr << "tcp-request-response: " << client.Sent() - lat.size() << " requests did not complete\n";
        return 3;
    }
    return 0;
}
