#include "seqex-test-network.h"

#include "ns3/seqex-lambda-callback.h"
#include "ns3/seqex-names.h"

namespace seqex_test
{

NS_OBJECT_ENSURE_REGISTERED(ImpairedReceiveModel);

TypeId
ImpairedReceiveModel::GetTypeId()
{
    static TypeId tid = TypeId("seqex_test::ImpairedReceiveModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("Seqex")
                            .AddConstructor<ImpairedReceiveModel>();
    return tid;
}

void
ImpairedReceiveModel::Setup(Ptr<PointToPointNetDevice> device,
                            double loss,
                            double reorder,
                            Time holdBack,
                            int64_t stream)
{
    m_device = device;
    m_loss = loss;
    m_reorder = reorder;
    m_holdBack = holdBack;
    m_rng = CreateObject<UniformRandomVariable>();
    m_rng->SetStream(stream);
    device->SetReceiveErrorModel(this);
}

bool
ImpairedReceiveModel::DoCorrupt(Ptr<Packet> p)
{
    if (m_released.erase(p->GetUid()) > 0)
    {
        return false; // a held packet, delivered late
    }
    double draw = m_rng->GetValue();
    if (draw < m_loss)
    {
        ++m_dropped;
        return true;
    }
    if (draw < m_loss + m_reorder)
    {
        ++m_reordered;
        Ptr<Packet> held = p->Copy(); // keeps the uid
        m_released.insert(held->GetUid());
        Simulator::Schedule(m_holdBack, &PointToPointNetDevice::Receive, m_device, held);
        return true; // not now: later
    }
    return false;
}

TestNetwork::TestNetwork(const NetworkConfig& config)
{
    RngSeedManager::SetSeed(12345);
    RngSeedManager::SetRun(config.run);
    m_nodes.Create(config.thirdNode ? 3 : 2);

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(config.rate));
    link.SetChannelAttribute("Delay", TimeValue(config.delay));
    NetDeviceContainer ab = link.Install(m_nodes.Get(0), m_nodes.Get(1));
    for (int i = 0; i < 2; ++i)
    {
        m_impairment[i] = CreateObject<ImpairedReceiveModel>();
        m_impairment[i]->Setup(DynamicCast<PointToPointNetDevice>(ab.Get(i)),
                               config.loss,
                               config.reorder,
                               config.holdBack,
                               100 + i);
    }
    InternetStackHelper internet;
    internet.Install(m_nodes);
    internet.AssignStreams(m_nodes, 200);
    Ipv4AddressHelper ipv4("10.1.1.0", "255.255.255.0");
    m_ab = ipv4.Assign(ab);
    if (config.ipv6)
    {
        Ipv6AddressHelper ipv6;
        ipv6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        m_ab6 = ipv6.Assign(ab);
    }
    if (config.thirdNode)
    {
        NetDeviceContainer cb = link.Install(m_nodes.Get(2), m_nodes.Get(1));
        ipv4.SetBase("10.1.2.0", "255.255.255.0");
        m_cb = ipv4.Assign(cb);
    }
    helper.SetAttribute("ResendInterval", TimeValue(MilliSeconds(100)));
}

TestNetwork::~TestNetwork()
{
    m_recorder.reset();
    Simulator::Destroy();
}

void
TestNetwork::Install()
{
    if (m_ab6.GetN() > 0)
    {
        // Index 1: the global address (index 0 is the link-local one).
        m_apps = helper.Install(m_nodes.Get(0), m_nodes.Get(1), m_ab6.GetAddress(0, 1), m_ab6.GetAddress(1, 1));
    }
    else
    {
        m_apps = helper.Install(m_nodes.Get(0), m_nodes.Get(1), m_ab.GetAddress(0), m_ab.GetAddress(1));
    }
    helper.AssignStreams(m_apps, 10);
    m_recorder = std::make_unique<SeqexInvariantRecorder>(App(0), App(1));
    ConnectTraces(0);
    ConnectTraces(1);
    m_apps.Start(Seconds(0));
}

void
TestNetwork::Run(Time limit)
{
    m_apps.Stop(limit);
    Simulator::Stop(limit + Seconds(1));
    Simulator::Run();
    m_logText = m_log.str();
}

void
TestNetwork::Log(int peer, const std::string& line)
{
    m_log << Simulator::Now().GetNanoSeconds() << ' ' << (peer == 0 ? 'A' : 'B') << ' ' << line << '\n';
}

namespace
{

std::string
Describe(Ptr<const Packet> p, const SeqexHeader& h)
{
    std::ostringstream os;
    h.Print(os);
    os << " size=" << p->GetSize();
    return os.str();
}

// "ip:port" or "[ip]:port"; traces hand out socket addresses of either family.
std::string
SocketAddressText(const Address& a)
{
    std::ostringstream os;
    if (InetSocketAddress::IsMatchingType(a))
    {
        os << InetSocketAddress::ConvertFrom(a).GetIpv4() << ':' << InetSocketAddress::ConvertFrom(a).GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        os << '[' << Inet6SocketAddress::ConvertFrom(a).GetIpv6() << "]:" << Inet6SocketAddress::ConvertFrom(a).GetPort();
    }
    else
    {
        os << a;
    }
    return os.str();
}

std::string
Hex(const seqex::Bytes& data)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (uint8_t b : data)
    {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

} // namespace

void
TestNetwork::ConnectTraces(int peer)
{
    Ptr<SeqexApplication> app = App(peer);
    TraceCounts& c = m_counts[peer];
    app->TraceConnectWithoutContext(
        "Tx",
        MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>(
            [this, peer, &c](Ptr<const Packet> p, const SeqexHeader& h) {
                ++c.tx;
                Log(peer, "Tx " + Describe(p, h));
            }));
    app->TraceConnectWithoutContext(
        "Rx",
        MakeLambdaCallback<Ptr<const Packet>, const Address&, const SeqexHeader&>(
            [this, peer, &c](Ptr<const Packet> p, const Address& from, const SeqexHeader& h) {
                ++c.rx;
                std::ostringstream os;
                os << "Rx " << Describe(p, h) << " from " << SocketAddressText(from);
                Log(peer, os.str());
            }));
    app->TraceConnectWithoutContext(
        "Retransmit",
        MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t>(
            [this, peer, &c](uint16_t ch, seqex::PacketKind kind, uint32_t seq) {
                ++c.retransmit;
                Log(peer,
                    "Retransmit ch=" + std::to_string(ch) + " " + seqex::Label(kind) + " " +
                        std::to_string(seq));
            }));
    app->TraceConnectWithoutContext(
        "DataSent",
        MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&>(
            [this, peer, &c](uint16_t ch, seqex::PacketKind kind, uint32_t seq, uint32_t re, const seqex::Bytes& d) {
                ++c.dataSent;
                if (!seqex::IsReplyKind(kind))
                {
                    ++c.payloadsPerChannel[ch];
                }
                Log(peer,
                    "DataSent ch=" + std::to_string(ch) + " " + seqex::Label(kind) + " seq=" +
                        std::to_string(seq) + " re=" + std::to_string(re) + " " + Hex(d));
            }));
    app->TraceConnectWithoutContext(
        "Deliver",
        MakeLambdaCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>>(
            [this, peer, &c](uint16_t ch, uint32_t seq, bool seqCst, const seqex::Bytes& d, std::optional<uint32_t> re) {
                ++c.deliver;
                Log(peer,
                    "Deliver ch=" + std::to_string(ch) + " seq=" + std::to_string(seq) +
                        (seqCst ? " sc" : "") + (re ? " re=" + std::to_string(*re) : "") + " " + Hex(d));
            }));
    app->TraceConnectWithoutContext("AnswerAck",
                                    MakeLambdaCallback<uint16_t, uint32_t>([this, peer, &c](uint16_t ch, uint32_t seq) {
                                        ++c.answerAck;
                                        Log(peer, "AnswerAck ch=" + std::to_string(ch) + " " + std::to_string(seq));
                                    }));
    app->TraceConnectWithoutContext("ResolvedByAck",
                                    MakeLambdaCallback<uint16_t, uint32_t>([this, peer, &c](uint16_t ch, uint32_t seq) {
                                        ++c.resolvedByAck;
                                        Log(peer, "ResolvedByAck ch=" + std::to_string(ch) + " " + std::to_string(seq));
                                    }));
    app->TraceConnectWithoutContext(
        "ExchangeStart",
        MakeLambdaCallback<uint16_t, uint64_t, Time>([this, peer, &c](uint16_t ch, uint64_t id, Time wait) {
            ++c.exchangeStart;
            c.maxBacklogWait = std::max(c.maxBacklogWait, wait);
            Log(peer,
                "ExchangeStart ch=" + std::to_string(ch) + " id=" + std::to_string(id) +
                    " wait=" + std::to_string(wait.GetNanoSeconds()));
        }));
    app->TraceConnectWithoutContext(
        "ExchangeComplete",
        MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
            [this, peer, &c](uint16_t ch, uint64_t id, Time latency, uint32_t length, Time generated, Time firstSent) {
                ++c.exchangeComplete;
                c.completedIds.insert(id);
                c.completions.push_back({latency, generated, firstSent, Simulator::Now()});
                Log(peer,
                    "ExchangeComplete ch=" + std::to_string(ch) + " id=" + std::to_string(id) + " latency=" +
                        std::to_string(latency.GetNanoSeconds()) + " length=" + std::to_string(length) +
                        " generated=" + std::to_string(generated.GetNanoSeconds()) +
                        " firstSent=" + std::to_string(firstSent.GetNanoSeconds()));
            }));
    app->TraceConnectWithoutContext("WindowFull",
                                    MakeLambdaCallback<uint16_t, uint64_t>([this, peer, &c](uint16_t ch, uint64_t id) {
                                        ++c.windowFull;
                                        Log(peer, "WindowFull ch=" + std::to_string(ch) + " id=" + std::to_string(id));
                                    }));
    app->TraceConnectWithoutContext("BacklogOverflow", MakeLambdaCallback<uint64_t>([this, peer, &c](uint64_t id) {
                                        ++c.backlogOverflow;
                                        Log(peer, "BacklogOverflow id=" + std::to_string(id));
                                    }));
    app->TraceConnectWithoutContext(
        "MalformedDrop",
        MakeLambdaCallback<Ptr<const Packet>, const Address&, const std::string&>(
            [this, peer, &c](Ptr<const Packet> p, const Address&, const std::string& reason) {
                ++c.malformedDrop;
                ++c.dropReasons[reason];
                Log(peer, "MalformedDrop size=" + std::to_string(p->GetSize()) + " " + reason);
            }));
    app->TraceConnectWithoutContext(
        "PeerAddressChange",
        MakeLambdaCallback<const Address&, const Address&>([this, peer, &c](const Address&, const Address& to) {
            ++c.peerAddressChange;
            Log(peer, "PeerAddressChange to=" + SocketAddressText(to));
        }));
    app->TraceConnectWithoutContext("TransportReset",
                                    MakeLambdaCallback<uint16_t, uint16_t>([this, peer, &c](uint16_t from, uint16_t to) {
                                        ++c.transportReset;
                                        Log(peer, "TransportReset " + std::to_string(from) + "->" + std::to_string(to));
                                    }));
    app->TraceConnectWithoutContext(
        "Announce",
        MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>([this, peer, &c](Ptr<const Packet> p, const SeqexHeader& h) {
            ++c.announce;
            Log(peer, "Announce " + Describe(p, h));
        }));
}

Ptr<SeqexApplication>
TestNetwork::App(int peer) const
{
    return DynamicCast<SeqexApplication>(m_apps.Get(peer));
}

Ptr<Node>
TestNetwork::GetNode(int i) const
{
    return m_nodes.Get(i);
}

Ipv4Address
TestNetwork::AddressOfA() const
{
    return m_ab.GetAddress(0);
}

Ipv4Address
TestNetwork::AddressOfB() const
{
    return m_ab.GetAddress(1);
}

Ipv4Address
TestNetwork::AddressOfBFacingC() const
{
    return m_cb.GetAddress(1);
}

SeqexInvariantRecorder&
TestNetwork::Recorder() const
{
    return *m_recorder;
}

const TraceCounts&
TestNetwork::Counts(int peer) const
{
    return m_counts[peer];
}

const std::string&
TestNetwork::EventLog() const
{
    return m_logText;
}

ImpairedReceiveModel&
TestNetwork::Impairment(int peer) const
{
    return *m_impairment[peer];
}

std::string
Violations(const TestNetwork& net)
{
    std::string out;
    for (const auto& line : net.Recorder().CheckSafety())
    {
        out += line + "\n";
    }
    for (const auto& line : net.Recorder().CheckLiveness())
    {
        out += line + "\n";
    }
    return out;
}

} // namespace seqex_test
