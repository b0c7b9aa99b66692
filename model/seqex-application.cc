#include "seqex-application.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/seqex-names.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexApplication");
NS_OBJECT_ENSURE_REGISTERED(SeqexApplication);

namespace
{

// After a transport reset the application probes the peer from its new
// socket with an empty Payload whose seq lies half the sequence space away
// from anything either side has in flight (both stay within a few windows of
// each other, see kSendSpanWindows). The peer's endpoint takes it for a
// duplicate of a long-finished packet and answers with Ack(seq) (R5); our
// endpoint ignores that Ack (R7). No protocol state changes, but the probe
// carries our new port, and the Ack proves the peer has it.
constexpr uint32_t kProbeOffset = 0x80000000u;

// The IP (an Ipv4Address or Ipv6Address) and port of a socket address of
// either family; false for any other kind of address.
bool
SplitSocketAddress(const Address& address, Address& ip, uint16_t& port)
{
    if (InetSocketAddress::IsMatchingType(address))
    {
        InetSocketAddress a = InetSocketAddress::ConvertFrom(address);
        ip = a.GetIpv4();
        port = a.GetPort();
        return true;
    }
    if (Inet6SocketAddress::IsMatchingType(address))
    {
        Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(address);
        ip = a.GetIpv6();
        port = a.GetPort();
        return true;
    }
    return false;
}

// Precondition: `ip` is an Ipv4Address or an Ipv6Address.
Address
JoinSocketAddress(const Address& ip, uint16_t port)
{
    if (Ipv4Address::IsMatchingType(ip))
    {
        return InetSocketAddress(Ipv4Address::ConvertFrom(ip), port);
    }
    return Inet6SocketAddress(Ipv6Address::ConvertFrom(ip), port);
}

} // namespace

TypeId
SeqexApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexApplication")
            .SetParent<SeqexWorkloadApplication>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexApplication>()
            .AddAttribute("RemoteAddress",
                          "The peer's IP address: an Ipv4Address or an Ipv6Address, or an "
                          "InetSocketAddress or Inet6SocketAddress whose port then replaces "
                          "RemotePort. The application binds a socket of the same family.",
                          AddressValue(),
                          MakeAddressAccessor(&SeqexApplication::m_remoteAddress),
                          MakeAddressChecker())
            .AddAttribute("RemotePort",
                          "The peer's UDP port (until the peer is seen on another one).",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&SeqexApplication::m_remotePort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("LocalPort",
                          "The UDP port to bind.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&SeqexApplication::m_localPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Channels",
                          "How many SEQEX instances share the socket (channel ids 0..n-1).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SeqexApplication::m_channelCount),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ResendInterval",
                          "How long an unresolved data packet waits before it is sent again "
                          "(whole milliseconds, >= 1 ms); may change at run time.",
                          TimeValue(MilliSeconds(250)),
                          MakeTimeAccessor(&SeqexApplication::SetResendInterval,
                                           &SeqexApplication::GetResendInterval),
                          MakeTimeChecker())
            .AddAttribute("InitialSeq",
                          "The first sequence number; must equal the peer's.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SeqexApplication::m_initialSeq),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Window",
                          "Window capacity W of every channel (2..65536).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&SeqexApplication::m_window),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("BacklogLimit",
                          "Exchange starts that may wait for window room; beyond it a start "
                          "is refused (BacklogOverflow).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&SeqexApplication::m_backlogLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Tx",
                            "A datagram handed to the socket (none while the transport is "
                            "down: those count in sendsWhileClosed).",
                            MakeTraceSourceAccessor(&SeqexApplication::m_txTrace),
                            "ns3::SeqexApplication::TxTracedCallback")
            .AddTraceSource("Rx",
                            "A valid datagram from the peer, before the channel processes it.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_rxTrace),
                            "ns3::SeqexApplication::RxTracedCallback")
            .AddTraceSource("Retransmit",
                            "A data packet sent again (S3).",
                            MakeTraceSourceAccessor(&SeqexApplication::m_retransmitTrace),
                            "ns3::SeqexApplication::RetransmitTracedCallback")
            .AddTraceSource("DataSent",
                            "A data packet was created (payload or reply; first transmission).",
                            MakeTraceSourceAccessor(&SeqexApplication::m_dataSentTrace),
                            "ns3::SeqexApplication::DataSentTracedCallback")
            .AddTraceSource("Deliver",
                            "A payload or reply was delivered to the application; re is set "
                            "when it was delivered as a reply to our packet.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_deliverTrace),
                            "ns3::SeqexApplication::DeliverTracedCallback")
            .AddTraceSource("AnswerAck",
                            "The application answered the peer's packet seq with an Ack.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_answerAckTrace),
                            "ns3::SeqexApplication::ChannelSeqTracedCallback")
            .AddTraceSource("ResolvedByAck",
                            "Our packet seq was resolved by the peer's Ack.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_resolvedByAckTrace),
                            "ns3::SeqexApplication::ChannelSeqTracedCallback")
            .AddTraceSource("WindowFull",
                            "An exchange start found no room and waits in the backlog.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_windowFullTrace),
                            "ns3::SeqexApplication::WindowFullTracedCallback")
            .AddTraceSource("BacklogOverflow",
                            "An exchange start was refused: the backlog was full.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_backlogOverflowTrace),
                            "ns3::SeqexApplication::BacklogOverflowTracedCallback")
            .AddTraceSource("MalformedDrop",
                            "A datagram was dropped: it does not parse, names a channel we do "
                            "not run, or comes from a stranger.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_malformedDropTrace),
                            "ns3::SeqexApplication::MalformedDropTracedCallback")
            .AddTraceSource("PeerAddressChange",
                            "The peer was seen on a new port; datagrams follow it.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_peerAddressChangeTrace),
                            "ns3::SeqexApplication::PeerAddressChangeTracedCallback")
            .AddTraceSource("Announce",
                            "An address probe sent after a transport reset (not a SEQEX "
                            "data packet: the peer acks it without delivering it).",
                            MakeTraceSourceAccessor(&SeqexApplication::m_announceTrace),
                            "ns3::SeqexApplication::TxTracedCallback")
            .AddTraceSource("TransportReset",
                            "Our socket was reopened (on a new port when they differ).",
                            MakeTraceSourceAccessor(&SeqexApplication::m_transportResetTrace),
                            "ns3::SeqexApplication::TransportResetTracedCallback");
    return tid;
}

SeqexApplication::SeqexApplication()
{
    NS_LOG_FUNCTION(this);
}

SeqexApplication::~SeqexApplication()
{
    NS_LOG_FUNCTION(this);
}

void
SeqexApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // Answer handles point into the endpoints: release them first.
    m_held.clear();
    m_channels.clear();
    m_socket = nullptr;
    SeqexWorkloadApplication::DoDispose();
}

// ---- lifecycle ---------------------------------------------------------------

void
SeqexApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_channels.empty(), "SeqexApplication: started twice");
    if (SplitSocketAddress(m_remoteAddress, m_peerIp, m_remotePort))
    {
        // the socket address's port replaces RemotePort
    }
    else if (Ipv4Address::IsMatchingType(m_remoteAddress) || Ipv6Address::IsMatchingType(m_remoteAddress))
    {
        m_peerIp = m_remoteAddress;
    }
    else
    {
        NS_FATAL_ERROR("SeqexApplication: RemoteAddress must be an IPv4 or IPv6 address (got "
                       << m_remoteAddress << ")");
    }
    m_peerPort = m_remotePort;

    seqex::Config config;
    config.resendIntervalMs = m_resendInterval.GetMilliSeconds();
    config.initialSeq = m_initialSeq;
    config.window = m_window;
    std::string problem = seqex::ValidateConfig(config);
    NS_ABORT_MSG_UNLESS(problem.empty(), "SeqexApplication: bad configuration: " << problem);
    for (uint16_t c = 0; c < m_channelCount; ++c)
    {
        m_channels.push_back(std::make_unique<Endpoint>(config));
    }

    m_running = true;
    OpenSocket(m_localPort);
    StartWorkload();
    Service();
}

void
SeqexApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_timerEvent.Cancel();
    StopWorkload();
    m_announceEvent.Cancel();
    for (auto& e : m_resetEvents)
    {
        e.Cancel();
    }
    for (auto& [key, held] : m_held)
    {
        held.event.Cancel(); // the handles stay, unanswered, for inspection
    }
    CloseSocket();
}

// ---- transport -----------------------------------------------------------------

void
SeqexApplication::OpenSocket(uint16_t port)
{
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    // The peer's family: an IPv6 socket of ns-3 does not take IPv4 traffic.
    Address any = Ipv4Address::IsMatchingType(m_peerIp) ? Address(Ipv4Address::GetAny())
                                                        : Address(Ipv6Address::GetAny());
    if (m_socket->Bind(JoinSocketAddress(any, port)) == -1)
    {
        NS_FATAL_ERROR("SeqexApplication: cannot bind UDP port " << port << " on node "
                                                                 << GetNode()->GetId());
    }
    Address local;
    Address localIp;
    m_socket->GetSockName(local);
    SplitSocketAddress(local, localIp, m_boundPort);
    m_socket->SetRecvCallback(MakeCallback(&SeqexApplication::HandleRead, this));
}

void
SeqexApplication::CloseSocket()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
SeqexApplication::ResetTransport(uint16_t newLocalPort)
{
    NS_LOG_FUNCTION(this << newLocalPort);
    NS_ABORT_MSG_UNLESS(m_running, "SeqexApplication::ResetTransport: the application is not running");
    CloseSocket();
    ReopenAfterDowntime(newLocalPort);
}

void
SeqexApplication::ScheduleTransportReset(Time delay, uint16_t newLocalPort, Time downtime)
{
    NS_LOG_FUNCTION(this << delay << newLocalPort << downtime);
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative() || downtime.IsStrictlyNegative(),
                    "SeqexApplication::ScheduleTransportReset: negative delay or downtime");
    // A member function, not a lambda: waf-era ns-3 schedules no lambdas.
    m_resetEvents.push_back(
        Simulator::Schedule(delay, &SeqexApplication::BeginTransportReset, this, newLocalPort, downtime));
}

void
SeqexApplication::BeginTransportReset(uint16_t newLocalPort, Time downtime)
{
    if (!m_running)
    {
        return;
    }
    CloseSocket();
    if (downtime.IsZero())
    {
        ReopenAfterDowntime(newLocalPort);
    }
    else
    {
        m_resetEvents.push_back(
            Simulator::Schedule(downtime, &SeqexApplication::ReopenAfterDowntime, this, newLocalPort));
    }
}

void
SeqexApplication::ReopenAfterDowntime(uint16_t port)
{
    if (!m_running)
    {
        return;
    }
    uint16_t oldPort = m_boundPort;
    OpenSocket(port == 0 ? oldPort : port);
    ++m_counters.transportResets;
    NS_LOG_INFO("transport reset: port " << oldPort << " -> " << m_boundPort);
    m_transportResetTrace(oldPort, m_boundPort);
    // The peer may have nothing to send us but retransmissions to our old
    // address: tell it where we are now, until it answers.
    Announce();
}

void
SeqexApplication::Announce()
{
    m_announceEvent.Cancel();
    if (!m_running)
    {
        return;
    }
    seqex::WireHeader h;
    h.kind = seqex::PacketKind::Payload;
    h.channel = 0;
    h.seq = m_channels[0]->NextSeq() + kProbeOffset;
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(SeqexHeader(h));
    ++m_counters.announcements;
    m_announceTrace(packet, SeqexHeader(h));
    SendDatagram(packet);
    // Until a datagram from the peer reaches the new socket.
    m_announceEvent = Simulator::Schedule(m_resendInterval, &SeqexApplication::Announce, this);
}

bool
SeqexApplication::SendDatagram(Ptr<Packet> packet)
{
    if (!m_socket)
    {
        ++m_counters.sendsWhileClosed;
        return false;
    }
    if (m_socket->SendTo(packet, 0, JoinSocketAddress(m_peerIp, m_peerPort)) < 0)
    {
        ++m_counters.sendFailures;
        return false;
    }
    ++m_counters.datagramsSent;
    return true;
}

void
SeqexApplication::Drop(Ptr<const Packet> packet, const Address& from, const std::string& reason)
{
    NS_LOG_LOGIC("drop datagram from " << from << ": " << reason);
    m_malformedDropTrace(packet, from, reason);
}

// Peer rule: the peer is its configured IP. A datagram from another address
// is a stranger's. A valid datagram for one of our channels from the peer's
// IP but a new port moves the peer there (NAT rebinding, peer reset).
void
SeqexApplication::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        Address fromIp;
        uint16_t port = 0;
        if (!SplitSocketAddress(from, fromIp, port) || fromIp != m_peerIp)
        {
            ++m_counters.strangers;
            Drop(packet, from, "stranger");
            continue;
        }
        uint32_t size = packet->GetSize();
        m_rxBuffer.resize(size);
        packet->CopyData(m_rxBuffer.data(), size);
        seqex::DecodedDatagram d = seqex::DecodeDatagram(m_rxBuffer.data(), size);
        if (d.error != seqex::DecodeError::None)
        {
            ++m_counters.malformed;
            Drop(packet, from, seqex::DecodeErrorName(d.error));
            continue;
        }
        uint16_t channel = d.header.channel;
        if (channel >= m_channels.size())
        {
            ++m_counters.unknownChannel;
            Drop(packet, from, "unknown channel " + std::to_string(channel));
            continue;
        }
        if (port != m_peerPort)
        {
            Address old = JoinSocketAddress(m_peerIp, m_peerPort);
            m_peerPort = port;
            ++m_counters.peerPortChanges;
            NS_LOG_INFO("peer moved to " << from);
            m_peerAddressChangeTrace(old, from);
        }
        m_announceEvent.Cancel(); // the peer reaches this socket
        ++m_counters.datagramsReceived;
        m_rxTrace(packet, from, SeqexHeader(d.header));
        Endpoint& ep = *m_channels[channel];
        if (d.header.kind == seqex::PacketKind::Ack)
        {
            ep.ReceiveAck(d.header.re);
        }
        else
        {
            ep.ReceiveData(d.header.kind,
                           d.header.seq,
                           d.header.re,
                           seqex::Bytes(d.data, d.data + d.dataLength));
        }
    }
    Service();
}

// ---- the core ------------------------------------------------------------------

seqex::TimeMs
SeqexApplication::NowMs() const
{
    return Simulator::Now().GetMilliSeconds();
}

void
SeqexApplication::Service()
{
    if (m_inService || !m_running)
    {
        return; // the outer call's loop picks up what this one would do
    }
    m_inService = true;
    bool moved = true;
    while (moved)
    {
        moved = false;
        for (uint16_t c = 0; c < m_channels.size(); ++c)
        {
            moved |= DrainDeliveries(c);
        }
        moved |= AdmitWaiting();
        for (uint16_t c = 0; c < m_channels.size(); ++c)
        {
            moved |= DrainTransmit(c);
        }
    }
    m_inService = false;
    RescheduleTimer();
}

bool
SeqexApplication::DrainTransmit(uint16_t channel)
{
    Endpoint& ep = *m_channels[channel];
    bool any = false;
    while (auto out = ep.PollTransmit())
    {
        any = true;
        seqex::WireHeader h;
        h.kind = out->kind;
        h.channel = channel;
        h.seq = out->seq;
        h.re = out->re;
        Ptr<Packet> packet;
        if (out->data != nullptr)
        {
            h.dataLength = static_cast<uint16_t>(out->data->size());
            packet = Create<Packet>(out->data->data(), static_cast<uint32_t>(out->data->size()));
        }
        else
        {
            packet = Create<Packet>();
        }
        SeqexHeader header(h);
        packet->AddHeader(header);
        if (out->retransmission)
        {
            m_retransmitTrace(channel, out->kind, out->seq);
        }
        // Tx means on the wire: nothing while the transport is down.
        if (SendDatagram(packet))
        {
            m_txTrace(packet, header);
        }
    }
    return any;
}

bool
SeqexApplication::DrainDeliveries(uint16_t channel)
{
    Endpoint& ep = *m_channels[channel];
    bool any = false;
    while (auto delivery = ep.PollDelivery())
    {
        any = true;
        switch (seqex::KindOf(*delivery))
        {
        case seqex::DeliveryKind::Payload: {
            auto& p = std::get<seqex::PayloadDelivery<seqex::Bytes, seqex::Bytes>>(*delivery);
            m_deliverTrace(channel, p.seq, p.seqCst, p.data, std::nullopt);
            OnDelivered(channel, p.seq, p.data, std::move(p.answer));
            break;
        }
        case seqex::DeliveryKind::Reply: {
            auto& r = std::get<seqex::ReplyDelivery<seqex::Bytes, seqex::Bytes>>(*delivery);
            m_deliverTrace(channel, r.seq, r.seqCst, r.data, r.re);
            OnDelivered(channel, r.seq, r.data, std::move(r.answer));
            break;
        }
        case seqex::DeliveryKind::Acked: {
            auto& a = std::get<seqex::AckedDelivery<seqex::Bytes>>(*delivery);
            m_resolvedByAckTrace(channel, a.re);
            OnAcked(channel, a.sent);
            break;
        }
        }
    }
    return any;
}

void
SeqexApplication::RescheduleTimer()
{
    std::optional<seqex::TimeMs> earliest;
    for (const auto& ep : m_channels)
    {
        auto t = ep->NextTimer();
        if (t && (!earliest || *t < *earliest))
        {
            earliest = t;
        }
    }
    if (!earliest)
    {
        m_timerEvent.Cancel();
        return;
    }
    if (m_timerEvent.IsRunning() && m_timerAt == *earliest)
    {
        return;
    }
    m_timerEvent.Cancel();
    m_timerAt = *earliest;
    Time delay = std::max(MilliSeconds(*earliest) - Simulator::Now(), Time(0));
    m_timerEvent = Simulator::Schedule(delay, &SeqexApplication::OnTimer, this);
}

void
SeqexApplication::OnTimer()
{
    seqex::TimeMs now = NowMs();
    for (auto& ep : m_channels)
    {
        ep->Tick(now);
    }
    Service();
}

// ---- workload ------------------------------------------------------------------

// An open-loop arrival: sent on its round-robin channel when that has room,
// otherwise queued behind earlier waiting starts (FIFO).
void
SeqexApplication::OfferExchange(const seqex::PendingExchange& exchange)
{
    uint16_t channel = m_nextChannel;
    m_nextChannel = static_cast<uint16_t>((channel + 1) % m_channels.size());
    if (m_backlog.empty() && m_channels[channel]->CanStartExchange())
    {
        StartExchange(channel, exchange);
    }
    else if (m_backlog.size() < m_backlogLimit)
    {
        ++m_counters.exchangesDeferred;
        NS_LOG_LOGIC("node " << GetNode()->GetId() << ": exchange " << exchange.id
                             << " waits for window room (backlog " << m_backlog.size() + 1 << ")");
        m_windowFullTrace(channel, exchange.id);
        m_backlog.push_back(exchange);
    }
    else
    {
        ++m_counters.backlogOverflows;
        NS_LOG_WARN("node " << GetNode()->GetId() << ": exchange " << exchange.id << " refused: backlog full");
        m_backlogOverflowTrace(exchange.id);
    }
    Service();
}

// Saturating: exchanges are generated as windows have room (AdmitWaiting).
void
SeqexApplication::SaturatingStarted()
{
    Service();
}

// Round-robin from the channel after the last one used, skipping full ones.
std::optional<uint16_t>
SeqexApplication::ChannelWithRoom()
{
    for (size_t k = 0; k < m_channels.size(); ++k)
    {
        uint16_t c = static_cast<uint16_t>((m_nextChannel + k) % m_channels.size());
        if (m_channels[c]->CanStartExchange())
        {
            m_nextChannel = static_cast<uint16_t>((c + 1) % m_channels.size());
            return c;
        }
    }
    return std::nullopt;
}

bool
SeqexApplication::AdmitWaiting()
{
    bool any = false;
    while (!m_backlog.empty())
    {
        auto channel = ChannelWithRoom();
        if (!channel)
        {
            return any;
        }
        StartExchange(*channel, m_backlog.front());
        m_backlog.pop_front();
        any = true;
    }
    while (TakesSaturating())
    {
        auto channel = ChannelWithRoom();
        if (!channel)
        {
            return any;
        }
        StartExchange(*channel, GenerateNow());
        any = true;
    }
    return any;
}

void
SeqexApplication::StartExchange(uint16_t channel, const seqex::PendingExchange& exchange)
{
    seqex::Bytes data = Workload().FirstNode(exchange);
    seqex::Bytes traced = m_dataSentTrace.IsEmpty() ? seqex::Bytes() : data;
    auto sent = m_channels[channel]->Send(NowMs(), exchange.seqCst, std::move(data));
    // Callers check CanStartExchange first, so a refusal here is a bug.
    NS_ABORT_MSG_UNLESS(sent.Ok(), "SeqexApplication: Send refused after CanStartExchange");
    m_dataSentTrace(channel, seqex::DataKind(false, exchange.seqCst), sent.seq, 0, traced);
    NotifySent(channel, exchange.id);
}

void
SeqexApplication::OnDelivered(uint16_t channel,
                              seqex::Seq seq,
                              const seqex::Bytes& data,
                              AnswerHandle answer)
{
    auto key = std::make_pair(channel, seq);
    HeldAnswer& held = m_held[key];
    held.answer = std::move(answer);
    held.decision = Workload().Decide(data);
    Time delay = DrawAnswerDelay();
    if (delay.IsZero())
    {
        AnswerHeld(channel, seq); // inside Service: its loop sends the answer
        return;
    }
    held.event = Simulator::Schedule(delay, &SeqexApplication::AnswerHeld, this, channel, seq);
}

// The workload's answer rule (seqex::ExchangeWorkload::Decide): reply with
// the next node unless this node is the exchange's last, which gets the Ack.
// Data we cannot read is acked.
void
SeqexApplication::AnswerHeld(uint16_t channel, seqex::Seq seq)
{
    auto it = m_held.find(std::make_pair(channel, seq));
    if (it == m_held.end() || !m_running)
    {
        return;
    }
    AnswerHandle answer = std::move(it->second.answer);
    seqex::AnswerDecision decision = it->second.decision;
    m_held.erase(it);

    if (decision.reply)
    {
        seqex::Bytes data = Workload().Encode(decision.next);
        seqex::Bytes traced = m_dataSentTrace.IsEmpty() ? seqex::Bytes() : data;
        seqex::ReplyResult r = answer.Reply(NowMs(), decision.next.seqCst, std::move(data));
        NS_ABORT_MSG_UNLESS(r.Ok(),
                            "SeqexApplication: reply to seq " << seq << " failed: "
                                                              << seqex::Label(r.status));
        m_dataSentTrace(channel, seqex::DataKind(true, decision.next.seqCst), r.seq, seq, traced);
    }
    else
    {
        seqex::AnswerStatus status = answer.Ack();
        NS_ABORT_MSG_UNLESS(status == seqex::AnswerStatus::Ok,
                            "SeqexApplication: ack of seq " << seq << " failed: "
                                                            << seqex::Label(status));
        m_answerAckTrace(channel, seq);
        if (!decision.readable)
        {
            ++m_counters.badAppData;
        }
        else if (decision.endsOwnExchange)
        {
            CompleteExchange(channel, decision.delivered.exchangeId, decision.delivered.index + 1u);
        }
    }
    Service();
}

void
SeqexApplication::OnAcked(uint16_t channel, const seqex::Bytes& sent)
{
    std::optional<SeqexExchangeNode> node = Workload().EndedByAck(sent);
    if (node)
    {
        CompleteExchange(channel, node->exchangeId, node->index + 1u);
    }
}

void
SeqexApplication::CompleteExchange(uint16_t channel, uint64_t exchangeId, uint32_t length)
{
    if (!NotifyEnded(channel, exchangeId, length))
    {
        // A node claiming to end an exchange we never started: the peer's
        // data is not our workload's.
        ++m_counters.badAppData;
    }
}

// ---- state -----------------------------------------------------------------------

uint16_t
SeqexApplication::GetChannelCount() const
{
    return static_cast<uint16_t>(m_channels.size());
}

const SeqexApplication::Endpoint&
SeqexApplication::GetEndpoint(uint16_t channel) const
{
    NS_ABORT_MSG_UNLESS(channel < m_channels.size(),
                        "SeqexApplication: no channel " << channel << " (running "
                                                        << m_channels.size() << ")");
    return *m_channels[channel];
}

const seqex::Counters&
SeqexApplication::GetCounters(uint16_t channel) const
{
    return GetEndpoint(channel).GetCounters();
}

seqex::Counters
SeqexApplication::GetTotalCounters() const
{
    seqex::Counters t;
    for (const auto& ep : m_channels)
    {
        t += ep->GetCounters();
    }
    return t;
}

SeqexAppCounters
SeqexApplication::GetAppCounters() const
{
    SeqexAppCounters c = m_counters;
    c.exchangesStarted = GetWorkloadCounters().exchangesStarted;
    c.exchangesCompleted = GetWorkloadCounters().exchangesCompleted;
    return c;
}

bool
SeqexApplication::IsIdle() const
{
    for (const auto& ep : m_channels)
    {
        if (!ep->Idle())
        {
            return false;
        }
    }
    return m_held.empty() && m_backlog.empty() && !TakesSaturating();
}

uint16_t
SeqexApplication::GetLocalPort() const
{
    return m_boundPort;
}

Address
SeqexApplication::GetPeerAddress() const
{
    return JoinSocketAddress(m_peerIp, m_peerPort);
}

uint32_t
SeqexApplication::GetBacklogSize() const
{
    return static_cast<uint32_t>(m_backlog.size());
}

uint32_t
SeqexApplication::GetHeldAnswerCount() const
{
    return static_cast<uint32_t>(m_held.size());
}

void
SeqexApplication::SetResendInterval(Time interval)
{
    NS_ABORT_MSG_IF(interval < MilliSeconds(1),
                    "SeqexApplication: ResendInterval must be >= 1 ms (got " << interval << ")");
    m_resendInterval = interval;
    for (auto& ep : m_channels)
    {
        ep->SetResendInterval(interval.GetMilliSeconds());
    }
    if (m_running)
    {
        RescheduleTimer();
    }
}

Time
SeqexApplication::GetResendInterval() const
{
    return m_resendInterval;
}

} // namespace ns3
