#include "seqex-tcp-exchange-app.h"

#include "seqex-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexTcpExchangeApp");
NS_OBJECT_ENSURE_REGISTERED(SeqexTcpExchangeApp);

namespace
{

// Stream framing: length(4, big-endian, of what follows) type(1) body.
//   Hello  connection(2) incarnation(4)   first message of every connection
//   Node   the exchange node's application bytes (EncodeExchangeNode)
//   Ack    exchange id(8) node index(2)   ends the exchange at that node
enum FrameType : uint8_t
{
    kHello = 1,
    kNode = 2,
    kAck = 3,
};

constexpr size_t kFramePrefix = 5;
constexpr size_t kHelloBody = 6;
constexpr size_t kAckBody = 10;
constexpr uint32_t kMaxFrameBody = 1u << 20;
const Time kConnectRetry = MilliSeconds(100);

void
PutBe(std::vector<uint8_t>& out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
    {
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

uint64_t
GetBe(const uint8_t* in, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
    {
        v = (v << 8) | in[i];
    }
    return v;
}

std::vector<uint8_t>
Frame(uint8_t type, const uint8_t* body, size_t size)
{
    std::vector<uint8_t> f;
    f.reserve(kFramePrefix + size);
    PutBe(f, size + 1, 4);
    f.push_back(type);
    f.insert(f.end(), body, body + size);
    return f;
}

// Node k of an exchange travels from its originator when k is even: seen
// from the node that sends it, the exchange is its own exactly then.
bool
SenderOriginated(uint16_t index)
{
    return index % 2 == 0;
}

} // namespace

TypeId
SeqexTcpExchangeApp::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexTcpExchangeApp")
            .SetParent<SeqexWorkloadApplication>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexTcpExchangeApp>()
            .AddAttribute("Remote",
                          "The peer's IPv4 address (the connecting side connects to it).",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&SeqexTcpExchangeApp::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "The TCP port the accepting side listens on.",
                          UintegerValue(9100),
                          MakeUintegerAccessor(&SeqexTcpExchangeApp::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Listen",
                          "True on the accepting side, false on the connecting side.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SeqexTcpExchangeApp::m_listen),
                          MakeBooleanChecker())
            .AddAttribute("Connections",
                          "TCP connections; exchange i runs on connection i mod Connections.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SeqexTcpExchangeApp::m_connectionCount),
                          MakeUintegerChecker<uint16_t>(1))
            .AddTraceSource("MessageSent",
                            "A data node was written: connection, incarnation, kind, seq, re, data.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_messageSentTrace),
                            "ns3::SeqexTcpExchangeApp::MessageSentTracedCallback")
            .AddTraceSource("MessageDelivered",
                            "A data node was read: connection, incarnation, seq, data, re.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_messageDeliveredTrace),
                            "ns3::SeqexTcpExchangeApp::MessageDeliveredTracedCallback")
            .AddTraceSource("AnswerAck",
                            "We answered the peer's node seq with the final Ack.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_answerAckTrace),
                            "ns3::SeqexTcpExchangeApp::MessageSeqTracedCallback")
            .AddTraceSource("ResolvedByAck",
                            "Our node seq was answered by the peer's final Ack.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_resolvedByAckTrace),
                            "ns3::SeqexTcpExchangeApp::MessageSeqTracedCallback")
            .AddTraceSource("ExchangeRestart",
                            "An own exchange was lost with its connection and will start again.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_exchangeRestartTrace),
                            "ns3::SeqexTcpExchangeApp::ExchangeRestartTracedCallback")
            .AddTraceSource("ExchangeRetransmit",
                            "TCP sent bytes of this exchange again (own?, exchange id).",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_exchangeRetransmitTrace),
                            "ns3::SeqexTcpExchangeApp::ExchangeRetransmitTracedCallback")
            .AddTraceSource("Segment",
                            "A data segment was sent (true: a retransmission).",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_segmentTrace),
                            "ns3::SeqexTcpExchangeApp::SegmentTracedCallback")
            .AddTraceSource("RtoArmed",
                            "A data segment on one of this node's connections armed TCP's "
                            "retransmission timer with this RTO.",
                            MakeTraceSourceAccessor(&SeqexTcpExchangeApp::m_rtoArmedTrace),
                            "ns3::SeqexTcpSocket::RtoArmedTracedCallback");
    return tid;
}

SeqexTcpExchangeApp::SeqexTcpExchangeApp() = default;

SeqexTcpExchangeApp::~SeqexTcpExchangeApp() = default;

void
SeqexTcpExchangeApp::DoDispose()
{
    m_conns.clear();
    m_unbound.clear();
    m_listener = nullptr;
    SeqexWorkloadApplication::DoDispose();
}

SeqexTcpCounters
SeqexTcpExchangeApp::GetCounters() const
{
    SeqexTcpCounters c = m_counters;
    c.exchangesStarted = GetWorkloadCounters().exchangesStarted;
    c.exchangesCompleted = GetWorkloadCounters().exchangesCompleted;
    return c;
}

uint16_t
SeqexTcpExchangeApp::GetConnectionCount() const
{
    return m_connectionCount;
}

uint64_t
SeqexTcpExchangeApp::GetUnackedSegments() const
{
    uint64_t segments = 0;
    for (const Connection& k : m_conns)
    {
        Ptr<TcpSocketBase> tcp = DynamicCast<TcpSocketBase>(k.socket);
        if (!tcp || !k.firstDataSeq)
        {
            continue;
        }
        uint64_t acked = static_cast<uint32_t>(tcp->GetTxBuffer()->HeadSequence().GetValue() - *k.firstDataSeq);
        if (k.highestSent > acked)
        {
            UintegerValue mss;
            tcp->GetAttribute("SegmentSize", mss);
            uint64_t size = std::max<uint64_t>(mss.Get(), 1);
            segments += (k.highestSent - acked + size - 1) / size;
        }
    }
    return segments;
}

bool
SeqexTcpExchangeApp::IsIdle() const
{
    if (!m_open.empty() || m_heldAnswers != 0 || TakesSaturating())
    {
        return false;
    }
    return std::all_of(m_conns.begin(), m_conns.end(), [](const Connection& k) { return k.tx.empty(); });
}

// ---- lifecycle --------------------------------------------------------------

void
SeqexTcpExchangeApp::StartApplication()
{
    m_running = true;
    m_conns.assign(m_connectionCount, Connection{});
    m_incarnations.assign(m_connectionCount, 0);
    if (m_listen)
    {
        m_listener = SeqexTcpSocket::Create(GetNode());
        NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1,
                        "SeqexTcpExchangeApp: cannot bind TCP port " << m_port);
        m_listener->Listen();
        m_listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            MakeLambdaCallback<Ptr<Socket>, const Address&>(
                [this](Ptr<Socket> s, const Address& from) { OnAccept(s, from); }));
    }
    else
    {
        for (uint16_t c = 0; c < m_connectionCount; ++c)
        {
            Connect(c);
        }
    }
    StartWorkload();
}

void
SeqexTcpExchangeApp::StopApplication()
{
    m_running = false;
    StopWorkload();
    for (auto& e : m_events)
    {
        e.Cancel();
    }
    for (uint16_t c = 0; c < m_conns.size(); ++c)
    {
        CloseConnection(c);
    }
    for (auto& [socket, bytes] : m_unbound)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_unbound.clear();
    if (m_listener)
    {
        m_listener->Close();
    }
}

// ---- connections ------------------------------------------------------------

void
SeqexTcpExchangeApp::Connect(uint16_t c)
{
    if (!m_running)
    {
        return;
    }
    Connection& k = m_conns[c];
    uint32_t incarnation = m_incarnations[c]++;
    std::deque<uint64_t> waiting = std::move(k.waitingStarts);
    k = Connection{};
    k.incarnation = incarnation;
    k.waitingStarts = std::move(waiting);
    k.socket = SeqexTcpSocket::Create(GetNode());
    k.socket->Bind();
    WatchSegments(k.socket, c, incarnation);
    k.socket->SetConnectCallback(
        MakeLambdaCallback<Ptr<Socket>>([this, c, incarnation](Ptr<Socket> s) { OnConnected(c, incarnation, s); }),
        MakeLambdaCallback<Ptr<Socket>>([this, c, incarnation](Ptr<Socket> s) { OnConnectFailed(c, incarnation, s); }));
    k.socket->Connect(InetSocketAddress(m_remote, m_port));
}

void
SeqexTcpExchangeApp::OnConnected(uint16_t c, uint32_t incarnation, Ptr<Socket> socket)
{
    Connection& k = m_conns[c];
    if (!m_running || k.incarnation != incarnation || k.socket != socket)
    {
        return;
    }
    ++m_counters.connectionsOpened;
    Address local;
    socket->GetSockName(local);
    k.localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    k.remotePort = m_port;
    uint8_t hello[kHelloBody];
    hello[0] = static_cast<uint8_t>(c >> 8);
    hello[1] = static_cast<uint8_t>(c);
    for (int i = 0; i < 4; ++i)
    {
        hello[2 + i] = static_cast<uint8_t>(incarnation >> (24 - 8 * i));
    }
    Attach(c, incarnation, socket);
    Write(c, Frame(kHello, hello, sizeof hello), std::nullopt);
    while (!k.waitingStarts.empty())
    {
        uint64_t id = k.waitingStarts.front();
        k.waitingStarts.pop_front();
        StartExchange(id);
    }
    PullSaturating();
}

void
SeqexTcpExchangeApp::OnConnectFailed(uint16_t c, uint32_t incarnation, Ptr<Socket> socket)
{
    Connection& k = m_conns[c];
    if (!m_running || k.incarnation != incarnation || k.socket != socket)
    {
        return;
    }
    ++m_counters.connectFailures;
    NS_LOG_INFO("connection " << c << " failed; retrying");
    m_events.push_back(Simulator::Schedule(kConnectRetry, &SeqexTcpExchangeApp::Connect, this, c));
}

void
SeqexTcpExchangeApp::OnAccept(Ptr<Socket> socket, const Address&)
{
    if (!m_running)
    {
        socket->Close();
        return;
    }
    WatchSegments(socket, 0, 0);
    m_unbound[socket];
    socket->SetRecvCallback(
        MakeLambdaCallback<Ptr<Socket>>([this](Ptr<Socket> s) { HandleUnboundRead(s); }));
    HandleUnboundRead(socket);
}

// An accepted connection is bound to its channel by its hello. A newer
// incarnation of a channel replaces the older one: the peer reset it.
void
SeqexTcpExchangeApp::HandleUnboundRead(Ptr<Socket> socket)
{
    auto it = m_unbound.find(socket);
    if (it == m_unbound.end())
    {
        return;
    }
    std::vector<uint8_t>& buf = it->second;
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        size_t old = buf.size();
        buf.resize(old + p->GetSize());
        p->CopyData(buf.data() + old, p->GetSize());
    }
    if (buf.size() < kFramePrefix + kHelloBody)
    {
        return;
    }
    uint64_t length = GetBe(buf.data(), 4);
    uint8_t type = buf[4];
    uint16_t c = static_cast<uint16_t>(GetBe(buf.data() + 5, 2));
    uint32_t incarnation = static_cast<uint32_t>(GetBe(buf.data() + 7, 4));
    std::vector<uint8_t> rest(buf.begin() + kFramePrefix + kHelloBody, buf.end());
    m_unbound.erase(it);
    if (length != kHelloBody + 1 || type != kHello || c >= m_connectionCount)
    {
        ++m_counters.badMessages;
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        return;
    }
    Connection& k = m_conns[c];
    if (k.socket && k.incarnation >= incarnation)
    {
        ++m_counters.badMessages; // an older incarnation showing up late
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        return;
    }
    if (k.socket)
    {
        ++m_counters.resets;
        CloseConnection(c);
    }
    std::deque<uint64_t> waiting = std::move(k.waitingStarts);
    k = Connection{};
    k.incarnation = incarnation;
    k.waitingStarts = std::move(waiting);
    k.socket = socket;
    Address local;
    Address peer;
    socket->GetSockName(local);
    socket->GetPeerName(peer);
    k.localPort = InetSocketAddress::ConvertFrom(local).GetPort();
    k.remotePort = InetSocketAddress::ConvertFrom(peer).GetPort();
    ++m_counters.connectionsOpened;
    Attach(c, incarnation, socket);
    k.rx = std::move(rest);
    while (!k.waitingStarts.empty())
    {
        uint64_t id = k.waitingStarts.front();
        k.waitingStarts.pop_front();
        StartExchange(id);
    }
    PullSaturating();
    HandleRead(socket); // frames that came with the hello
}

void
SeqexTcpExchangeApp::Attach(uint16_t c, uint32_t incarnation, Ptr<Socket> socket)
{
    Connection& k = m_conns[c];
    k.up = true;
    socket->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([this](Ptr<Socket> s) { HandleRead(s); }));
    socket->SetSendCallback(MakeLambdaCallback<Ptr<Socket>, uint32_t>([this, c, incarnation](Ptr<Socket>, uint32_t) {
        if (m_conns[c].incarnation == incarnation)
        {
            Flush(c);
            PullSaturating();
        }
    }));
}

void
SeqexTcpExchangeApp::CloseConnection(uint16_t c)
{
    Connection& k = m_conns[c];
    if (k.socket)
    {
        k.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        k.socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        k.socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
        k.socket->Close();
    }
    k.socket = nullptr;
    k.up = false;
    k.rx.clear();
    k.tx.clear();
    // Own exchanges still open on it start again on the next incarnation.
    for (auto& [id, open] : m_open)
    {
        if (open.connection == c && !open.restartPending &&
            std::find(k.waitingStarts.begin(), k.waitingStarts.end(), id) == k.waitingStarts.end())
        {
            open.restartPending = true;
            ++m_counters.restarts;
            m_exchangeRestartTrace(c, id);
            k.waitingStarts.push_back(id);
        }
    }
}

void
SeqexTcpExchangeApp::ScheduleReset(Time delay, Time downtime)
{
    NS_ABORT_MSG_IF(m_listen, "SeqexTcpExchangeApp: only the connecting side resets its connections");
    m_events.push_back(Simulator::Schedule(delay, &SeqexTcpExchangeApp::Reset, this, downtime));
}

void
SeqexTcpExchangeApp::Reset(Time downtime)
{
    if (!m_running)
    {
        return;
    }
    ++m_counters.resets;
    for (uint16_t c = 0; c < m_conns.size(); ++c)
    {
        CloseConnection(c);
        m_events.push_back(Simulator::Schedule(downtime, &SeqexTcpExchangeApp::Connect, this, c));
    }
}

// ---- segments: retransmissions and drop attribution ---------------------------

void
SeqexTcpExchangeApp::WatchSegments(Ptr<Socket> socket, uint16_t, uint32_t)
{
    Ptr<SeqexTcpSocket> tcp = DynamicCast<SeqexTcpSocket>(socket);
    NS_ABORT_MSG_UNLESS(tcp, "SeqexTcpExchangeApp: not a SeqexTcpSocket");
    bool hooked =
        tcp->TraceConnectWithoutContext("RtoArmed", MakeLambdaCallback<Time>([this](Time rto) { m_rtoArmedTrace(rto); }));
    NS_ABORT_MSG_UNLESS(hooked, "SeqexTcpExchangeApp: the socket has no RtoArmed trace source");
    tcp->TraceConnectWithoutContext(
        "Tx",
        MakeLambdaCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
            [this](Ptr<const Packet> p, const TcpHeader& h, Ptr<const TcpSocketBase> s) {
                for (uint16_t c = 0; c < m_conns.size(); ++c)
                {
                    if (PeekPointer(m_conns[c].socket) == PeekPointer(s))
                    {
                        OnSegment(c, m_conns[c].incarnation, p, h);
                        return;
                    }
                }
            }));
}

namespace
{

// Messages overlapping stream bytes [begin, end), each exchange once.
template <typename Messages>
std::vector<std::pair<bool, uint64_t>>
Overlapping(const Messages& messages, uint64_t begin, uint64_t end)
{
    std::vector<std::pair<bool, uint64_t>> out;
    auto it = std::upper_bound(messages.begin(), messages.end(), begin, [](uint64_t off, const auto& m) {
        return off < m.begin;
    });
    if (it != messages.begin())
    {
        --it;
    }
    for (; it != messages.end() && it->begin < end; ++it)
    {
        if (it->end > begin)
        {
            std::pair<bool, uint64_t> owner{it->own, it->exchangeId};
            if (std::find(out.begin(), out.end(), owner) == out.end())
            {
                out.push_back(owner);
            }
        }
    }
    return out;
}

} // namespace

void
SeqexTcpExchangeApp::OnSegment(uint16_t c, uint32_t, Ptr<const Packet> p, const TcpHeader& h)
{
    uint32_t size = p->GetSize();
    if (size == 0)
    {
        return;
    }
    Connection& k = m_conns[c];
    uint32_t seq = h.GetSequenceNumber().GetValue();
    if (!k.firstDataSeq)
    {
        k.firstDataSeq = seq; // TCP sends stream offset 0 first
    }
    uint64_t begin = static_cast<uint32_t>(seq - *k.firstDataSeq);
    uint64_t end = begin + size;
    m_segmentTrace(begin < k.highestSent);
    if (begin < k.highestSent)
    {
        ++m_counters.retransmittedSegments;
        for (const auto& [own, id] : Overlapping(k.messages, begin, std::min(end, k.highestSent)))
        {
            m_exchangeRetransmitTrace(own, id);
        }
    }
    else
    {
        ++m_counters.dataSegments;
    }
    k.highestSent = std::max(k.highestSent, end);
}

std::vector<std::pair<bool, uint64_t>>
SeqexTcpExchangeApp::OwnersOfSegment(uint16_t localPort, uint16_t remotePort, uint32_t seq, uint32_t size) const
{
    for (const Connection& k : m_conns)
    {
        if (k.socket && k.localPort == localPort && k.remotePort == remotePort && k.firstDataSeq)
        {
            uint64_t begin = static_cast<uint32_t>(seq - *k.firstDataSeq);
            return Overlapping(k.messages, begin, begin + size);
        }
    }
    return {};
}

// ---- framing ----------------------------------------------------------------

void
SeqexTcpExchangeApp::Write(uint16_t c, std::vector<uint8_t> frame, std::optional<std::pair<bool, uint64_t>> owner)
{
    Connection& k = m_conns[c];
    if (owner)
    {
        k.messages.push_back({k.written, k.written + frame.size(), owner->first, owner->second});
    }
    k.written += frame.size();
    k.tx.push_back(std::move(frame));
    Flush(c);
}

void
SeqexTcpExchangeApp::Flush(uint16_t c)
{
    Connection& k = m_conns[c];
    while (k.up && !k.tx.empty())
    {
        std::vector<uint8_t>& f = k.tx.front();
        if (k.socket->GetTxAvailable() < f.size())
        {
            return; // the send callback calls again when room frees
        }
        int sent = k.socket->Send(Create<Packet>(f.data(), f.size()));
        NS_ABORT_MSG_IF(sent != static_cast<int>(f.size()),
                        "SeqexTcpExchangeApp: TCP refused " << f.size() << " bytes it had room for");
        k.tx.pop_front();
    }
}

void
SeqexTcpExchangeApp::HandleRead(Ptr<Socket> socket)
{
    uint16_t c = 0;
    while (c < m_conns.size() && m_conns[c].socket != socket)
    {
        ++c;
    }
    if (c == m_conns.size())
    {
        return; // an abandoned incarnation
    }
    Connection& k = m_conns[c];
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        size_t old = k.rx.size();
        k.rx.resize(old + p->GetSize());
        p->CopyData(k.rx.data() + old, p->GetSize());
    }
    uint32_t incarnation = k.incarnation;
    size_t at = 0;
    while (k.rx.size() - at >= kFramePrefix)
    {
        uint64_t length = GetBe(k.rx.data() + at, 4);
        if (length < 1 || length > kMaxFrameBody)
        {
            ++m_counters.badMessages; // the stream is lost: drop the connection
            NS_LOG_WARN("connection " << c << ": bad frame length " << length);
            CloseConnection(c);
            return;
        }
        if (k.rx.size() - at < 4 + length)
        {
            break;
        }
        uint8_t type = k.rx[at + 4];
        std::vector<uint8_t> body(k.rx.begin() + at + kFramePrefix, k.rx.begin() + at + 4 + length);
        at += 4 + length;
        OnFrame(c, type, body.data(), body.size());
        if (m_conns[c].socket != socket || m_conns[c].incarnation != incarnation)
        {
            return; // the frame closed the connection
        }
    }
    k.rx.erase(k.rx.begin(), k.rx.begin() + at);
}

void
SeqexTcpExchangeApp::OnFrame(uint16_t c, uint8_t type, const uint8_t* body, size_t size)
{
    if (type == kNode)
    {
        seqex::Bytes data(body, body + size);
        std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
        if (!node)
        {
            ++m_counters.badMessages;
            return;
        }
        OnNode(c, *node, data);
    }
    else if (type == kAck && size == kAckBody)
    {
        OnAck(c, GetBe(body, 8), static_cast<uint16_t>(GetBe(body + 8, 2)));
    }
    else
    {
        ++m_counters.badMessages;
    }
}

// ---- workload ------------------------------------------------------------------

// Open loop: exchange i goes on connection i mod Connections, written at
// once (or when that connection is up again).
void
SeqexTcpExchangeApp::OfferExchange(const seqex::PendingExchange& exchange)
{
    uint16_t c = static_cast<uint16_t>(exchange.id % m_connectionCount);
    m_open[exchange.id] = OpenExchange{c, exchange.length, exchange.seqCst};
    StartExchange(exchange.id);
}

void
SeqexTcpExchangeApp::SaturatingStarted()
{
    PullSaturating();
}

// A connection takes an exchange at once when it is up, nothing of ours
// waits in front of TCP, and TCP's send buffer has room for the payload.
bool
SeqexTcpExchangeApp::CanTake(uint16_t c) const
{
    const Connection& k = m_conns[c];
    return k.up && k.tx.empty() && k.socket->GetTxAvailable() >= kFramePrefix + Workload().Settings().payloadSize;
}

void
SeqexTcpExchangeApp::PullSaturating()
{
    while (m_running && TakesSaturating())
    {
        std::optional<uint16_t> chosen;
        for (uint16_t k = 0; k < m_connectionCount && !chosen; ++k)
        {
            uint16_t c = static_cast<uint16_t>((m_nextConnection + k) % m_connectionCount);
            if (CanTake(c))
            {
                chosen = c;
            }
        }
        if (!chosen)
        {
            return; // a connection's send callback or connect calls again
        }
        m_nextConnection = static_cast<uint16_t>((*chosen + 1) % m_connectionCount);
        seqex::PendingExchange e = GenerateNow();
        m_open[e.id] = OpenExchange{*chosen, e.length, e.seqCst};
        StartExchange(e.id);
    }
}

void
SeqexTcpExchangeApp::StartExchange(uint64_t id)
{
    auto it = m_open.find(id);
    if (it == m_open.end())
    {
        return;
    }
    OpenExchange& e = it->second;
    Connection& k = m_conns[e.connection];
    if (!k.up)
    {
        k.waitingStarts.push_back(id);
        return;
    }
    e.restartPending = false;
    SendNode(e.connection, seqex::ExchangeNode{id, 0, e.length, e.seqCst}, std::nullopt);
    NotifySent(e.connection, id); // a restart's second send keeps the first time
}

void
SeqexTcpExchangeApp::SendNode(uint16_t c, const seqex::ExchangeNode& node, std::optional<uint32_t> re)
{
    Connection& k = m_conns[c];
    seqex::Bytes data = Workload().Encode(node);
    bool own = SenderOriginated(node.index);
    uint32_t seq = k.nextSeq++;
    k.lastSent[{own, node.exchangeId}] = seq;
    // TCP orders the whole stream and has no seq_cst lock: the checker sees
    // plain payloads and replies.
    seqex::PacketKind kind = seqex::DataKind(re.has_value(), false);
    m_messageSentTrace(c, k.incarnation, kind, seq, re.value_or(0), data);
    Write(c, Frame(kNode, data.data(), data.size()), std::make_pair(own, node.exchangeId));
}

void
SeqexTcpExchangeApp::OnNode(uint16_t c, const seqex::ExchangeNode& node, const seqex::Bytes& data)
{
    Connection& k = m_conns[c];
    bool own = !SenderOriginated(node.index); // the peer sent it: ours when odd
    uint32_t seq = k.rxSeq++;
    std::optional<uint32_t> re;
    if (node.index > 0)
    {
        auto it = k.lastSent.find({own, node.exchangeId});
        if (it != k.lastSent.end())
        {
            re = it->second;
        }
    }
    if (!m_delivered.insert({own, node.exchangeId, node.index}).second)
    {
        ++m_counters.duplicateDeliveries;
    }
    m_messageDeliveredTrace(c, k.incarnation, seq, data, re);
    Time delay = DrawAnswerDelay();
    ++m_heldAnswers;
    if (delay.IsZero())
    {
        Answer(c, k.incarnation, data, seq);
        return;
    }
    m_events.push_back(
        Simulator::Schedule(delay, &SeqexTcpExchangeApp::Answer, this, c, k.incarnation, data, seq));
}

// The workload's answer rule (seqex::ExchangeWorkload::Decide): reply with
// the next node, or end the exchange with the Ack after its last node.
void
SeqexTcpExchangeApp::Answer(uint16_t c, uint32_t incarnation, seqex::Bytes data, uint32_t seq)
{
    --m_heldAnswers;
    Connection& k = m_conns[c];
    if (!m_running || !k.up || k.incarnation != incarnation)
    {
        return; // lost with its connection; the originator starts it again
    }
    seqex::AnswerDecision decision = Workload().Decide(data);
    const seqex::ExchangeNode& node = decision.delivered; // OnNode passes only nodes
    if (decision.reply)
    {
        SendNode(c, decision.next, seq);
        return;
    }
    std::vector<uint8_t> body;
    PutBe(body, node.exchangeId, 8);
    PutBe(body, node.index, 2);
    bool own = !SenderOriginated(node.index);
    m_answerAckTrace(c, incarnation, seq);
    Write(c, Frame(kAck, body.data(), body.size()), std::make_pair(own, node.exchangeId));
    if (decision.endsOwnExchange)
    {
        Complete(c, node.exchangeId, node.index + 1u);
    }
}

void
SeqexTcpExchangeApp::OnAck(uint16_t c, uint64_t exchangeId, uint16_t index)
{
    Connection& k = m_conns[c];
    bool own = SenderOriginated(index); // we sent the acked node
    auto it = k.lastSent.find({own, exchangeId});
    if (it == k.lastSent.end())
    {
        ++m_counters.badMessages;
        return;
    }
    m_resolvedByAckTrace(c, k.incarnation, it->second);
    k.lastSent.erase(it);
    if (own)
    {
        Complete(c, exchangeId, index + 1u);
    }
}

void
SeqexTcpExchangeApp::Complete(uint16_t c, uint64_t exchangeId, uint32_t length)
{
    auto it = m_open.find(exchangeId);
    if (it == m_open.end() || !NotifyEnded(c, exchangeId, length))
    {
        ++m_counters.badMessages;
        return;
    }
    m_open.erase(it);
}

} // namespace ns3
