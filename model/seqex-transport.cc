#include "seqex-transport.h"

#include "ns3/seqex-address-probe.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/seqex-names.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexTransport");
NS_OBJECT_ENSURE_REGISTERED(SeqexTransport);

namespace
{

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

const char*
SeqexSendStatusName(SeqexSendStatus s)
{
    switch (s)
    {
    case SeqexSendStatus::Ok:
        return "ok";
    case SeqexSendStatus::WindowFull:
        return "window full";
    case SeqexSendStatus::TooLarge:
        return "too large";
    case SeqexSendStatus::NoChannel:
        return "no such channel";
    case SeqexSendStatus::NotRunning:
        return "not running";
    }
    return "?";
}

TypeId
SeqexTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexTransport")
            .SetParent<Object>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexTransport>()
            .AddAttribute("RemoteAddress",
                          "The peer's IP address: an Ipv4Address or an Ipv6Address, or an "
                          "InetSocketAddress or Inet6SocketAddress whose port then replaces "
                          "RemotePort. The transport binds a socket of the same family.",
                          AddressValue(),
                          MakeAddressAccessor(&SeqexTransport::m_remoteAddress),
                          MakeAddressChecker())
            .AddAttribute("RemotePort",
                          "The peer's UDP port (until the peer is proven on another one).",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&SeqexTransport::m_remotePort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("LocalPort",
                          "The UDP port to bind.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&SeqexTransport::m_localPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Channels",
                          "How many SEQEX instances share the socket (channel ids 0..n-1); "
                          "must equal the peer's.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SeqexTransport::m_channelCount),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ResendInterval",
                          "How long an unresolved data packet waits before it is sent again "
                          "(whole milliseconds, >= 1 ms); may change at run time.",
                          TimeValue(MilliSeconds(250)),
                          MakeTimeAccessor(&SeqexTransport::SetResendInterval, &SeqexTransport::GetResendInterval),
                          MakeTimeChecker())
            .AddAttribute("ResendMode",
                          "fixed: every unresolved packet waits ResendInterval (SPEC §3); adaptive: "
                          "an RFC 6298 timeout from measured round trips, starting at ResendInterval, "
                          "with one backoff per channel, never beyond ResendInterval (doc/core.md, \"Adaptive resend\").",
                          EnumValue(int(seqex::ResendMode::Fixed)),
                          MakeEnumAccessor(&SeqexTransport::m_resendMode),
                          MakeEnumChecker(int(seqex::ResendMode::Fixed),
                                          seqex::ResendModeName(seqex::ResendMode::Fixed),
                                          int(seqex::ResendMode::Adaptive),
                                          seqex::ResendModeName(seqex::ResendMode::Adaptive)))
            .AddAttribute("InitialSeq",
                          "The first sequence number; must equal the peer's.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SeqexTransport::m_initialSeq),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Window",
                          "Window capacity W of every channel (2..65536); must equal the peer's.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&SeqexTransport::m_window),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Tx",
                            "A datagram handed to the socket (none while the transport is "
                            "down: those count in sendsWhileClosed).",
                            MakeTraceSourceAccessor(&SeqexTransport::m_txTrace),
                            "ns3::SeqexTransport::TxTracedCallback")
            .AddTraceSource("Rx",
                            "A valid datagram from the peer's IP, before the channel judges it.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_rxTrace),
                            "ns3::SeqexTransport::RxTracedCallback")
            .AddTraceSource("Retransmit",
                            "A data packet sent again (S3).",
                            MakeTraceSourceAccessor(&SeqexTransport::m_retransmitTrace),
                            "ns3::SeqexTransport::RetransmitTracedCallback")
            .AddTraceSource("DataSent",
                            "A data packet was created (payload or reply; first transmission).",
                            MakeTraceSourceAccessor(&SeqexTransport::m_dataSentTrace),
                            "ns3::SeqexTransport::DataSentTracedCallback")
            .AddTraceSource("Deliver",
                            "A payload or reply was delivered to the user; re is set when it was "
                            "delivered as a reply to our packet.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_deliverTrace),
                            "ns3::SeqexTransport::DeliverTracedCallback")
            .AddTraceSource("AnswerAck",
                            "The user answered the peer's packet seq with an Ack.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_answerAckTrace),
                            "ns3::SeqexTransport::ChannelSeqTracedCallback")
            .AddTraceSource("ResolvedByAck",
                            "Our packet seq was resolved by the peer's Ack.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_resolvedByAckTrace),
                            "ns3::SeqexTransport::ChannelSeqTracedCallback")
            .AddTraceSource("MalformedDrop",
                            "A datagram was dropped: it does not parse, names a channel we do "
                            "not run, or comes from a stranger.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_malformedDropTrace),
                            "ns3::SeqexTransport::MalformedDropTracedCallback")
            .AddTraceSource("PeerAddressChange",
                            "The peer was proven on a new port; datagrams follow it.",
                            MakeTraceSourceAccessor(&SeqexTransport::m_peerAddressChangeTrace),
                            "ns3::SeqexTransport::PeerAddressChangeTracedCallback")
            .AddTraceSource("Announce",
                            "An address probe sent after a transport reset (not a SEQEX "
                            "data packet: the peer acks it without delivering it).",
                            MakeTraceSourceAccessor(&SeqexTransport::m_announceTrace),
                            "ns3::SeqexTransport::TxTracedCallback")
            .AddTraceSource("TransportReset",
                            "Our socket was reopened (on a new port when they differ).",
                            MakeTraceSourceAccessor(&SeqexTransport::m_transportResetTrace),
                            "ns3::SeqexTransport::TransportResetTracedCallback");
    return tid;
}

SeqexTransport::SeqexTransport()
{
    NS_LOG_FUNCTION(this);
}

SeqexTransport::~SeqexTransport()
{
    NS_LOG_FUNCTION(this);
    for (SeqexMessage* m : m_unanswered) // not disposed: messages must not outlive the endpoints
    {
        m->Detach();
    }
}

void
SeqexTransport::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_timerEvent.Cancel();
    m_announceEvent.Cancel();
    // Messages point into the endpoints: ack and detach them first.
    std::set<SeqexMessage*> unanswered;
    unanswered.swap(m_unanswered);
    for (SeqexMessage* m : unanswered)
    {
        m->Detach();
    }
    m_channels.clear();
    CloseSocket();
    m_node = nullptr;
    m_recvCallback = MakeNullCallback<void, Ptr<SeqexMessage>>();
    m_ackedCallback = MakeNullCallback<void, uint16_t, uint32_t, const seqex::Bytes&>();
    m_sendCallback = MakeNullCallback<void, Ptr<SeqexTransport>>();
    Object::DoDispose();
}

std::string
SeqexTransport::Where(uint16_t channel) const
{
    return "node " + std::to_string(m_node ? m_node->GetId() : 0) + " ch " + std::to_string(channel);
}

// ---- lifecycle -------------------------------------------------------------------

void
SeqexTransport::Start(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_UNLESS(node, "SeqexTransport::Start: null node");
    NS_ABORT_MSG_IF(!m_channels.empty(), "SeqexTransport: started twice");
    m_node = node;
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
        NS_FATAL_ERROR("SeqexTransport: RemoteAddress must be an IPv4 or IPv6 address (got " << m_remoteAddress
                                                                                             << ")");
    }
    m_peerPort = m_remotePort;

    seqex::Config config;
    config.resendIntervalMs = m_resendInterval.GetMilliSeconds();
    config.resendMode = seqex::ResendMode(m_resendMode);
    config.initialSeq = m_initialSeq;
    config.window = m_window;
    std::string problem = seqex::ValidateConfig(config);
    NS_ABORT_MSG_UNLESS(problem.empty(), "SeqexTransport: bad configuration: " << problem);
    for (uint16_t c = 0; c < m_channelCount; ++c)
    {
        m_channels.push_back(std::make_unique<Endpoint>(config));
    }
    m_running = true;
    OpenSocket(m_localPort);
    NS_LOG_INFO("node " << m_node->GetId() << ": " << m_channelCount << " channels on port " << m_boundPort
                        << " to " << GetPeerAddress());
}

void
SeqexTransport::Stop()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_timerEvent.Cancel();
    m_announceEvent.Cancel();
    for (auto& e : m_resetEvents)
    {
        e.Cancel();
    }
    CloseSocket();
}

bool
SeqexTransport::IsRunning() const
{
    return m_running;
}

// ---- the message API ----------------------------------------------------------

SeqexSendResult
SeqexTransport::Send(uint16_t channel, const seqex::Bytes& data, bool seqCst)
{
    SeqexSendResult result;
    if (!m_running)
    {
        result.status = SeqexSendStatus::NotRunning;
    }
    else if (channel >= m_channels.size())
    {
        result.status = SeqexSendStatus::NoChannel;
    }
    else if (data.size() > seqex::kMaxDataSize)
    {
        result.status = SeqexSendStatus::TooLarge;
    }
    else
    {
        auto sent = m_channels[channel]->Send(NowMs(), seqCst, data);
        if (sent.Ok())
        {
            result.status = SeqexSendStatus::Ok;
            result.seq = sent.seq;
            NS_LOG_DEBUG(Where(channel) << ": send payload seq " << sent.seq << ", " << data.size() << " bytes"
                                        << (seqCst ? ", seq_cst" : ""));
            m_dataSentTrace(channel, seqex::DataKind(false, seqCst), sent.seq, 0, data);
            Service(false); // not the send callback: its user is sending now
            return result;
        }
        result.status = SeqexSendStatus::WindowFull;
    }
    ++m_counters.sendsRefused;
    NS_LOG_DEBUG(Where(channel) << ": send refused: " << SeqexSendStatusName(result.status));
    return result;
}

SeqexSendResult
SeqexTransport::Send(uint16_t channel, Ptr<const Packet> data, bool seqCst)
{
    NS_ABORT_MSG_UNLESS(data, "SeqexTransport::Send: null packet");
    seqex::Bytes bytes(data->GetSize());
    data->CopyData(bytes.data(), bytes.size());
    return Send(channel, bytes, seqCst);
}

bool
SeqexTransport::CanSend(uint16_t channel) const
{
    return m_running && channel < m_channels.size() && m_channels[channel]->CanStartExchange();
}

void
SeqexTransport::SetRecvCallback(Callback<void, Ptr<SeqexMessage>> cb)
{
    m_recvCallback = cb;
}

void
SeqexTransport::SetAckedCallback(Callback<void, uint16_t, uint32_t, const seqex::Bytes&> cb)
{
    m_ackedCallback = cb;
}

void
SeqexTransport::SetSendCallback(Callback<void, Ptr<SeqexTransport>> cb)
{
    m_sendCallback = cb;
}

void
SeqexTransport::ServiceNow()
{
    Service(true);
}

void
SeqexTransport::Replied(SeqexMessage* message, uint32_t replySeq, bool seqCst, const seqex::Bytes& data)
{
    uint16_t channel = message->GetChannel();
    NS_LOG_DEBUG(Where(channel) << ": answer seq " << message->GetSeq() << " with reply seq " << replySeq << ", "
                                << data.size() << " bytes" << (seqCst ? ", seq_cst" : ""));
    m_dataSentTrace(channel, seqex::DataKind(true, seqCst), replySeq, message->GetSeq(), data);
    Forget(message);
    Service(); // inside a service pass its loop sends the answer
}

void
SeqexTransport::Acked(SeqexMessage* message)
{
    uint16_t channel = message->GetChannel();
    NS_LOG_DEBUG(Where(channel) << ": answer seq " << message->GetSeq() << " with an Ack");
    m_answerAckTrace(channel, message->GetSeq());
    Forget(message);
    Service();
}

void
SeqexTransport::Forget(SeqexMessage* message)
{
    m_unanswered.erase(message);
}

// ---- transport resets ----------------------------------------------------------

void
SeqexTransport::OpenSocket(uint16_t port)
{
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    // The peer's family: an IPv6 socket of ns-3 does not take IPv4 traffic.
    Address any =
        Ipv4Address::IsMatchingType(m_peerIp) ? Address(Ipv4Address::GetAny()) : Address(Ipv6Address::GetAny());
    if (m_socket->Bind(JoinSocketAddress(any, port)) == -1)
    {
        NS_FATAL_ERROR("SeqexTransport: cannot bind UDP port " << port << " on node " << m_node->GetId());
    }
    Address local;
    Address localIp;
    m_socket->GetSockName(local);
    SplitSocketAddress(local, localIp, m_boundPort);
    m_socket->SetRecvCallback(MakeCallback(&SeqexTransport::HandleRead, this));
}

void
SeqexTransport::CloseSocket()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
SeqexTransport::ResetTransport(uint16_t newLocalPort)
{
    NS_LOG_FUNCTION(this << newLocalPort);
    NS_ABORT_MSG_UNLESS(m_running, "SeqexTransport::ResetTransport: the transport is not running");
    CloseSocket();
    ReopenAfterDowntime(newLocalPort);
}

void
SeqexTransport::ScheduleTransportReset(Time delay, uint16_t newLocalPort, Time downtime)
{
    NS_LOG_FUNCTION(this << delay << newLocalPort << downtime);
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative() || downtime.IsStrictlyNegative(),
                    "SeqexTransport::ScheduleTransportReset: negative delay or downtime");
    // A member function, not a lambda: waf-era ns-3 schedules no lambdas.
    m_resetEvents.push_back(
        Simulator::Schedule(delay, &SeqexTransport::BeginTransportReset, this, newLocalPort, downtime));
}

void
SeqexTransport::BeginTransportReset(uint16_t newLocalPort, Time downtime)
{
    if (!m_running)
    {
        return;
    }
    NS_LOG_INFO("node " << m_node->GetId() << ": transport down for " << downtime.As(Time::MS));
    CloseSocket();
    if (downtime.IsZero())
    {
        ReopenAfterDowntime(newLocalPort);
    }
    else
    {
        m_resetEvents.push_back(
            Simulator::Schedule(downtime, &SeqexTransport::ReopenAfterDowntime, this, newLocalPort));
    }
}

void
SeqexTransport::ReopenAfterDowntime(uint16_t port)
{
    if (!m_running)
    {
        return;
    }
    uint16_t oldPort = m_boundPort;
    OpenSocket(port == 0 ? oldPort : port);
    ++m_counters.transportResets;
    NS_LOG_INFO("node " << m_node->GetId() << ": transport reset, port " << oldPort << " -> " << m_boundPort);
    m_transportResetTrace(oldPort, m_boundPort);
    // The peer may have nothing to send us but retransmissions to our old
    // address: tell it where we are now, until it answers.
    Announce();
}

void
SeqexTransport::Announce()
{
    m_announceEvent.Cancel();
    if (!m_running)
    {
        return;
    }
    seqex::WireHeader h;
    h.kind = seqex::PacketKind::Payload;
    h.channel = 0;
    h.seq = seqex::AddressProbe(*m_channels[0]).seq; // the core's extension (doc/core.md)
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(SeqexHeader(h));
    ++m_counters.announcements;
    NS_LOG_LOGIC(Where(0) << ": tx address probe seq " << h.seq << " to " << GetPeerAddress());
    m_announceTrace(packet, SeqexHeader(h));
    SendDatagram(packet, 0, false);
    // Until a datagram from the peer reaches the new socket.
    m_announceEvent = Simulator::Schedule(m_resendInterval, &SeqexTransport::Announce, this);
}

bool
SeqexTransport::SendDatagram(Ptr<Packet> packet, uint16_t channel, bool mirror)
{
    if (!m_socket)
    {
        ++m_counters.sendsWhileClosed;
        NS_LOG_LOGIC(Where(channel) << ": not sent, the transport is down");
        return false;
    }
    if (m_socket->SendTo(packet, 0, JoinSocketAddress(m_peerIp, m_peerPort)) < 0)
    {
        ++m_counters.sendFailures;
        NS_LOG_LOGIC(Where(channel) << ": not sent, the socket refused it (errno " << m_socket->GetErrno() << ")");
        return false;
    }
    ++m_counters.datagramsSent;
    if (mirror && m_candidatePort)
    {
        // A copy to where the peer may have moved (see HandleRead).
        Address to = JoinSocketAddress(m_peerIp, *m_candidatePort);
        NS_LOG_LOGIC(Where(channel) << ": tx copy to unproven " << to);
        if (m_socket->SendTo(packet->Copy(), 0, to) >= 0)
        {
            ++m_counters.datagramsSent;
            ++m_counters.candidateCopies;
        }
        else
        {
            ++m_counters.sendFailures;
        }
    }
    return true;
}

void
SeqexTransport::Drop(Ptr<const Packet> packet, const Address& from, const std::string& reason)
{
    NS_LOG_LOGIC("node " << m_node->GetId() << ": drop datagram of " << packet->GetSize() << " bytes from " << from
                         << ": " << reason);
    m_malformedDropTrace(packet, from, reason);
}

// Peer rule: the peer is its configured IP; a datagram from another IP is a
// stranger's and dropped. A valid datagram from the peer's IP on another
// port is judged by its channel like any other (a duplicate is re-acked, an
// Ack naming nothing is ignored), but the peer moves to that port only on
// evidence that the sender is the peer: the endpoint accepted it as new
// data, or it resolved one of our packets (both need a seq of the live
// exchange, which an off-path stranger must guess). Anything else from
// there (a reset peer's address probe, a retransmission we already have, a
// forged Ack) is counted (unprovenPort) and only makes that port a
// candidate: until evidence comes from the peer's port or the candidate,
// Acks and retransmissions also go to the candidate, so a peer that really
// moved receives them and answers with evidence, and a stranger gains only
// copies of those. The peer is never redirected by one forged datagram.
void
SeqexTransport::HandleRead(Ptr<Socket> socket)
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
        ++m_counters.datagramsReceived;
        SeqexHeader header(d.header);
        m_rxTrace(packet, from, header);
        Endpoint& ep = *m_channels[channel];
        seqex::ReceiveStatus status;
        if (d.header.kind == seqex::PacketKind::Ack)
        {
            status = ep.ReceiveAck(Simulator::Now().GetMilliSeconds(), d.header.re);
        }
        else
        {
            status = ep.ReceiveData(Simulator::Now().GetMilliSeconds(),
                                    d.header.kind,
                                    d.header.seq,
                                    d.header.re,
                                    seqex::Bytes(d.data, d.data + d.dataLength));
        }
        NS_LOG_LOGIC(Where(channel) << ": rx " << header << " from " << from << ": " << seqex::Label(status));
        bool evidence =
            status == seqex::ReceiveStatus::Accepted || status == seqex::ReceiveStatus::AckResolved;
        if (port == m_peerPort)
        {
            m_announceEvent.Cancel(); // the peer reaches this socket
            if (evidence)
            {
                m_candidatePort.reset(); // the peer is alive where it was
            }
        }
        else if (evidence)
        {
            Address old = JoinSocketAddress(m_peerIp, m_peerPort);
            m_peerPort = port;
            m_candidatePort.reset();
            ++m_counters.peerPortChanges;
            m_announceEvent.Cancel();
            NS_LOG_INFO("node " << m_node->GetId() << ": peer moved from " << old << " to " << from);
            m_peerAddressChangeTrace(old, from);
        }
        else
        {
            ++m_counters.unprovenPort;
            m_candidatePort = port;
            NS_LOG_LOGIC(Where(channel) << ": " << from << " is not proven to be the peer (" << GetPeerAddress()
                                        << "): the peer stays, acks and retransmissions are copied there");
        }
    }
    Service();
}

// ---- the core ------------------------------------------------------------------

seqex::TimeMs
SeqexTransport::NowMs() const
{
    return Simulator::Now().GetMilliSeconds();
}

void
SeqexTransport::Service(bool notifySend)
{
    if (m_inService || !m_running)
    {
        return; // the outer call's loop picks up what this one would do
    }
    m_inService = true;
    Ptr<SeqexTransport> self(this); // a callback may drop its user's last reference
    bool moved = true;
    while (moved)
    {
        moved = false;
        for (uint16_t c = 0; c < m_channels.size(); ++c)
        {
            moved |= DrainDeliveries(c);
        }
        if (notifySend && !m_sendCallback.IsNull())
        {
            m_sendCallback(this); // what it sends shows up in DrainTransmit
        }
        for (uint16_t c = 0; c < m_channels.size(); ++c)
        {
            moved |= DrainTransmit(c);
        }
    }
    m_inService = false;
    RescheduleTimer();
}

bool
SeqexTransport::DrainTransmit(uint16_t channel)
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
        NS_LOG_LOGIC(Where(channel) << ": tx " << header << (out->retransmission ? " (retransmission)" : "")
                                    << " to " << GetPeerAddress());
        // Tx means on the wire: nothing while the transport is down.
        bool mirror = out->retransmission || out->kind == seqex::PacketKind::Ack;
        if (SendDatagram(packet, channel, mirror))
        {
            m_txTrace(packet, header);
        }
    }
    return any;
}

bool
SeqexTransport::DrainDeliveries(uint16_t channel)
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
            NS_LOG_DEBUG(Where(channel) << ": deliver payload seq " << p.seq << ", " << p.data.size() << " bytes"
                                        << (p.seqCst ? ", seq_cst" : ""));
            m_deliverTrace(channel, p.seq, p.seqCst, p.data, std::nullopt);
            Ptr<SeqexMessage> m(
                new SeqexMessage(this, channel, p.seqCst, std::nullopt, std::move(p.data), std::move(p.answer)),
                false);
            m_unanswered.insert(PeekPointer(m));
            if (!m_recvCallback.IsNull())
            {
                m_recvCallback(m);
            }
            break; // dropping m unanswered acks it (R8)
        }
        case seqex::DeliveryKind::Reply: {
            auto& r = std::get<seqex::ReplyDelivery<seqex::Bytes, seqex::Bytes>>(*delivery);
            NS_LOG_DEBUG(Where(channel) << ": deliver reply seq " << r.seq << " to our seq " << r.re << ", "
                                        << r.data.size() << " bytes" << (r.seqCst ? ", seq_cst" : ""));
            m_deliverTrace(channel, r.seq, r.seqCst, r.data, r.re);
            Ptr<SeqexMessage> m(new SeqexMessage(this, channel, r.seqCst, r.re, std::move(r.data), std::move(r.answer)),
                                false);
            m_unanswered.insert(PeekPointer(m));
            if (!m_recvCallback.IsNull())
            {
                m_recvCallback(m);
            }
            break;
        }
        case seqex::DeliveryKind::Acked: {
            auto& a = std::get<seqex::AckedDelivery<seqex::Bytes>>(*delivery);
            NS_LOG_DEBUG(Where(channel) << ": our seq " << a.re << " acked by the peer");
            m_resolvedByAckTrace(channel, a.re);
            if (!m_ackedCallback.IsNull())
            {
                m_ackedCallback(channel, a.re, a.sent);
            }
            break;
        }
        }
    }
    return any;
}

void
SeqexTransport::RescheduleTimer()
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
    m_timerEvent = Simulator::Schedule(delay, &SeqexTransport::OnTimer, this);
}

void
SeqexTransport::OnTimer()
{
    seqex::TimeMs now = NowMs();
    for (auto& ep : m_channels)
    {
        ep->Tick(now);
    }
    Service();
}

// ---- state -----------------------------------------------------------------------

uint16_t
SeqexTransport::GetChannelCount() const
{
    return static_cast<uint16_t>(m_channels.size());
}

const SeqexTransport::Endpoint&
SeqexTransport::GetEndpoint(uint16_t channel) const
{
    NS_ABORT_MSG_UNLESS(channel < m_channels.size(),
                        "SeqexTransport: no channel " << channel << " (running " << m_channels.size() << ")");
    return *m_channels[channel];
}

const seqex::Counters&
SeqexTransport::GetCounters(uint16_t channel) const
{
    return GetEndpoint(channel).GetCounters();
}

seqex::Counters
SeqexTransport::GetTotalCounters() const
{
    seqex::Counters t;
    for (const auto& ep : m_channels)
    {
        t += ep->GetCounters();
    }
    return t;
}

const SeqexTransportCounters&
SeqexTransport::GetTransportCounters() const
{
    return m_counters;
}

bool
SeqexTransport::IsIdle() const
{
    for (const auto& ep : m_channels)
    {
        if (!ep->Idle())
        {
            return false;
        }
    }
    return m_unanswered.empty();
}

uint32_t
SeqexTransport::GetUnansweredCount() const
{
    return static_cast<uint32_t>(m_unanswered.size());
}

uint16_t
SeqexTransport::GetLocalPort() const
{
    return m_boundPort;
}

Address
SeqexTransport::GetPeerAddress() const
{
    return JoinSocketAddress(m_peerIp, m_peerPort);
}

void
SeqexTransport::SetResendInterval(Time interval)
{
    NS_ABORT_MSG_IF(interval < MilliSeconds(1),
                    "SeqexTransport: ResendInterval must be >= 1 ms (got " << interval << ")");
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
SeqexTransport::GetResendInterval() const
{
    return m_resendInterval;
}

} // namespace ns3
