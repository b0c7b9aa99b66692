#include "seqex-udp-peer.h"

#include "seqex-address-probe.h"

#include <stdexcept>
#include <utility>

namespace seqex
{
namespace udp
{

namespace
{

// Datagrams read per readable event before timers and other descriptors get
// their turn.
constexpr int kReceiveBatch = 256;

} // namespace

Peer::Peer(EventLoop& loop, PeerOptions options)
    : m_loop(loop),
      m_options(std::move(options)),
      m_epoch(Clock::now())
{
    if (m_options.channels == 0)
    {
        throw std::invalid_argument("channels must be at least 1");
    }
    std::string problem = ValidateConfig(m_options.config);
    if (!problem.empty())
    {
        throw std::invalid_argument(problem);
    }
    if (m_options.remote.empty())
    {
        throw std::invalid_argument("no remote address given (ip:port of the peer)");
    }
    SocketAddress local = SocketAddress::Parse(m_options.local);
    m_remote = SocketAddress::Parse(m_options.remote);
    if (local.Family() != m_remote.Family())
    {
        throw std::invalid_argument("local " + m_options.local + " and remote " + m_options.remote +
                                    " are not of one address family");
    }
    for (uint16_t c = 0; c < m_options.channels; ++c)
    {
        m_channels.push_back(std::make_unique<Channel>(m_options.config));
    }
    m_rxBuffer.resize(65536);
    m_socket = UdpSocket::Bind(local);
    m_loop.WatchReadable(m_socket.Fd(), [this]() { OnReadable(); });
    m_hook = m_loop.AddAfterDispatchHook([this]() { Flush(); });
}

Peer::~Peer()
{
    // Pending callbacks are dropped, not called: what they capture may be
    // gone by now. Close() first to have them called with Failed.
    Shutdown();
}

void
Peer::Shutdown()
{
    if (m_closed)
    {
        return;
    }
    m_closed = true;
    m_loop.RemoveAfterDispatchHook(m_hook);
    m_loop.Unwatch(m_socket.Fd());
    m_socket.Close();
    if (m_timer)
    {
        m_loop.Cancel(*m_timer);
        m_timer.reset();
    }
    if (m_announceTimer)
    {
        m_loop.Cancel(*m_announceTimer);
        m_announceTimer.reset();
    }
}

void
Peer::Close()
{
    Shutdown();
    std::vector<std::pair<uint16_t, OutcomeCallback>> pending;
    for (uint16_t c = 0; c < m_channels.size(); ++c)
    {
        Channel& ch = *m_channels[c];
        for (auto& [seq, cb] : ch.awaiting)
        {
            pending.emplace_back(c, std::move(cb));
        }
        ch.awaiting.clear();
        for (auto& start : ch.backlog)
        {
            pending.emplace_back(c, std::move(start.done));
        }
        ch.backlog.clear();
    }
    for (auto& [channel, cb] : pending)
    {
        if (cb)
        {
            Outcome o;
            o.channel = channel;
            o.error = "peer closed before the exchange ended";
            cb(std::move(o));
        }
    }
}

TimeMs
Peer::NowMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_epoch).count();
}

void
Peer::Request(uint16_t channel, Bytes data, OutcomeCallback done, bool seqCst)
{
    if (channel >= m_channels.size())
    {
        throw std::invalid_argument("channel " + std::to_string(channel) + " is not run by this peer (it has " +
                                    std::to_string(m_channels.size()) + ")");
    }
    auto fail = [this, &done, channel](std::string why) {
        Outcome o;
        o.channel = channel;
        o.error = std::move(why);
        // Later, not from inside the caller: an awaiter is not suspended yet.
        auto held = std::make_shared<Outcome>(std::move(o)); // std::function needs a copyable closure
        m_loop.Post([done = std::move(done), held]() {
            if (done)
            {
                done(std::move(*held));
            }
        });
    };
    if (m_closed)
    {
        fail("peer closed");
        return;
    }
    if (data.size() > kMaxDataSize)
    {
        fail("data is " + std::to_string(data.size()) + " bytes; one datagram carries at most " +
             std::to_string(kMaxDataSize));
        return;
    }
    Channel& ch = *m_channels[channel];
    if (ch.backlog.size() >= m_options.backlogLimit)
    {
        ++m_counters.backlogOverflows;
        fail("backlog of channel " + std::to_string(channel) + " is full (" +
             std::to_string(m_options.backlogLimit) + " starts waiting for the window)");
        return;
    }
    ch.backlog.push_back({std::move(data), seqCst, std::move(done)});
    StartFromBacklog(channel);
    Flush();
}

void
Peer::StartFromBacklog(uint16_t channel)
{
    Channel& ch = *m_channels[channel];
    while (!ch.backlog.empty() && ch.endpoint->CanStartExchange())
    {
        Start s = std::move(ch.backlog.front());
        ch.backlog.pop_front();
        SendResult<Bytes> r = ch.endpoint->Send(NowMs(), s.seqCst, std::move(s.data));
        // CanStartExchange held, so the send was taken.
        ch.awaiting[r.seq] = std::move(s.done);
    }
}

bool
Peer::Reply(uint16_t channel, ByteAnswer& answer, Bytes data, OutcomeCallback done, bool seqCst)
{
    if (channel >= m_channels.size())
    {
        throw std::invalid_argument("channel " + std::to_string(channel) + " is not run by this peer");
    }
    if (data.size() > kMaxDataSize)
    {
        throw std::invalid_argument("reply data is " + std::to_string(data.size()) +
                                    " bytes; one datagram carries at most " + std::to_string(kMaxDataSize));
    }
    ReplyResult r = answer.Reply(NowMs(), seqCst, std::move(data));
    if (!r.Ok())
    {
        return false;
    }
    if (done)
    {
        m_channels[channel]->awaiting[r.seq] = std::move(done);
    }
    Flush();
    return true;
}

bool
Peer::Ack(ByteAnswer& answer)
{
    bool ok = answer.Ack() == AnswerStatus::Ok;
    Flush();
    return ok;
}

void
Peer::OnReadable()
{
    for (int i = 0; i < kReceiveBatch && m_socket.IsOpen(); ++i)
    {
        SocketAddress from;
        bool truncated = false;
        std::optional<size_t> n = m_socket.ReceiveFrom(m_rxBuffer.data(), m_rxBuffer.size(), from, truncated);
        if (!n)
        {
            break;
        }
        ++m_counters.datagramsReceived;
        m_counters.bytesReceived += *n;
        if (!from.SameHost(m_remote))
        {
            ++m_counters.strangers;
            continue;
        }
        if (truncated)
        {
            ++m_counters.truncated;
            ++m_counters.malformed;
            m_channels[0]->endpoint->CountMalformed();
            continue;
        }
        HandleDatagram(m_rxBuffer.data(), *n, from);
    }
    Flush();
}

void
Peer::HandleDatagram(const uint8_t* data, size_t size, const SocketAddress& from)
{
    if (onDatagramReceived)
    {
        onDatagramReceived(data, size);
    }
    DecodedDatagram d = DecodeDatagram(data, size);
    if (d.error != DecodeError::None)
    {
        ++m_counters.malformed;
        m_channels[0]->endpoint->CountMalformed();
        return;
    }
    uint16_t channel = d.header.channel;
    if (channel >= m_channels.size())
    {
        ++m_counters.unknownChannel;
        return;
    }
    if (from.Port() != m_remote.Port())
    {
        if (m_remote.Port() != 0) // else the port is learnt, not changed
        {
            ++m_counters.peerPortChanges;
        }
        m_remote = from; // the peer moved (NAT rebinding, a reset on its side)
    }
    if (m_announceTimer) // the peer's traffic reaches the new socket
    {
        m_loop.Cancel(*m_announceTimer);
        m_announceTimer.reset();
    }
    m_channels[channel]->endpoint->ReceiveData(NowMs(), d.header.kind, d.header.seq, d.header.re,
                                               Bytes(d.data, d.data + d.dataLength));
    DrainDeliveries(channel);
    StartFromBacklog(channel);
}

bool
Peer::DrainDeliveries(uint16_t channel)
{
    Channel& ch = *m_channels[channel];
    bool any = false;
    for (;;)
    {
        // What the last callback sent (a reply, an Ack) leaves before the
        // next delivery is taken: that delivery may exist only because the
        // answer released the seq_cst lock or freed budget, so the wire and
        // any log of it show cause before effect.
        TransmitPending(channel);
        std::optional<Delivery<Bytes, Bytes>> d = ch.endpoint->PollDelivery();
        if (!d)
        {
            break;
        }
        any = true;
        switch (KindOf(*d))
        {
        case DeliveryKind::Payload: {
            auto& p = std::get<0>(*d);
            Incoming in{channel, p.seq, p.seqCst, std::move(p.data), std::move(p.answer)};
            if (m_onPayload)
            {
                m_onPayload(std::move(in));
            }
            break; // unhandled: `in` acks as it goes
        }
        case DeliveryKind::Reply: {
            auto& r = std::get<1>(*d);
            auto it = ch.awaiting.find(r.re);
            if (it == ch.awaiting.end())
            {
                break; // a reply to a reply nobody awaits: acked as it goes
            }
            OutcomeCallback cb = std::move(it->second);
            ch.awaiting.erase(it);
            Outcome o;
            o.kind = OutcomeKind::Reply;
            o.channel = channel;
            o.re = r.re;
            o.seq = r.seq;
            o.seqCst = r.seqCst;
            o.data = std::move(r.data);
            o.sent = std::move(r.sent);
            o.answer = std::move(r.answer);
            if (cb)
            {
                cb(std::move(o));
            }
            break;
        }
        case DeliveryKind::Acked: {
            auto& a = std::get<2>(*d);
            auto it = ch.awaiting.find(a.re);
            if (it == ch.awaiting.end())
            {
                break;
            }
            OutcomeCallback cb = std::move(it->second);
            ch.awaiting.erase(it);
            Outcome o;
            o.kind = OutcomeKind::Acked;
            o.channel = channel;
            o.re = a.re;
            o.sent = std::move(a.sent);
            if (cb)
            {
                cb(std::move(o));
            }
            break;
        }
        }
    }
    return any;
}

void
Peer::Send(const Bytes& datagram)
{
    if (m_closed)
    {
        return;
    }
    if (m_options.sendFilter && !m_options.sendFilter(datagram.data(), datagram.size()))
    {
        ++m_counters.injectedDrops;
        return;
    }
    if (m_remote.Port() == 0)
    {
        ++m_counters.noPeerPort; // the peer has not shown its port yet
        return;
    }
    if (onDatagramSent)
    {
        onDatagramSent(datagram.data(), datagram.size());
    }
    if (int err = m_socket.SendTo(datagram.data(), datagram.size(), m_remote); err != 0)
    {
        ++m_counters.sendErrors;
        return;
    }
    ++m_counters.datagramsSent;
    m_counters.bytesSent += datagram.size();
}

void
Peer::TransmitPending(uint16_t channel)
{
    ByteEndpoint& ep = *m_channels[channel]->endpoint;
    while (std::optional<OutgoingPacket<Bytes>> p = ep.PollTransmit())
    {
        if (EncodeOutgoing(channel, *p, m_txBuffer)) // sizes were checked on the way in
        {
            Send(m_txBuffer);
        }
    }
}

void
Peer::Flush()
{
    if (m_flushing)
    {
        return;
    }
    m_flushing = true;
    // Until nothing moves: a callback run here may start or answer an
    // exchange on a channel already passed.
    bool moved = true;
    while (moved)
    {
        moved = false;
        for (uint16_t c = 0; c < m_channels.size(); ++c)
        {
            // Answers given straight on a handle may have freed budget.
            moved |= DrainDeliveries(c);
            uint64_t before = m_counters.datagramsSent + m_counters.sendErrors + m_counters.injectedDrops +
                              m_counters.noPeerPort;
            StartFromBacklog(c);
            TransmitPending(c);
            moved |= m_counters.datagramsSent + m_counters.sendErrors + m_counters.injectedDrops +
                         m_counters.noPeerPort !=
                     before;
        }
    }
    m_flushing = false;
    ArmTimer();
}

void
Peer::ArmTimer()
{
    std::optional<TimeMs> next;
    for (const auto& ch : m_channels)
    {
        std::optional<TimeMs> t = ch->endpoint->NextTimer();
        if (t && (!next || *t < *next))
        {
            next = t;
        }
    }
    if (next == m_timerAt && m_timer)
    {
        return;
    }
    if (m_timer)
    {
        m_loop.Cancel(*m_timer);
        m_timer.reset();
    }
    m_timerAt = next;
    if (next)
    {
        m_timer = m_loop.At(m_epoch + std::chrono::milliseconds(*next), [this]() { OnTimer(); });
    }
}

void
Peer::OnTimer()
{
    m_timer.reset();
    m_timerAt.reset();
    TimeMs now = NowMs();
    for (auto& ch : m_channels)
    {
        ch->endpoint->Tick(now);
    }
    Flush();
}

void
Peer::ResetTransport(uint16_t newLocalPort)
{
    if (m_closed)
    {
        throw std::logic_error("ResetTransport on a closed peer");
    }
    SocketAddress local = m_socket.Local();
    if (newLocalPort != 0 && newLocalPort != local.Port())
    {
        // Bound before the old one closes: if the port is taken, Bind
        // throws and the peer carries on, unchanged, on its old socket.
        UdpSocket fresh = UdpSocket::Bind(local.WithPort(newLocalPort));
        m_loop.Unwatch(m_socket.Fd());
        m_socket = std::move(fresh);
    }
    else
    {
        m_loop.Unwatch(m_socket.Fd());
        m_socket.Close();
        m_socket = UdpSocket::Bind(local); // the same port, just released
    }
    m_loop.WatchReadable(m_socket.Fd(), [this]() { OnReadable(); });
    ++m_counters.transportResets;
    Announce();
    Flush();
}

void
Peer::Announce()
{
    if (m_announceTimer)
    {
        m_loop.Cancel(*m_announceTimer);
    }
    WireHeader h;
    h.kind = PacketKind::Payload;
    h.channel = 0;
    h.seq = AddressProbe(*m_channels[0]->endpoint).seq; // the core's extension (doc/core.md)
    Bytes probe;
    EncodeDatagram(h, nullptr, 0, probe);
    Send(probe);
    ++m_counters.announcements;
    m_announceTimer = m_loop.After(std::chrono::milliseconds(m_channels[0]->endpoint->GetResendInterval()),
                                   [this]() {
                                       m_announceTimer.reset();
                                       Announce();
                                   });
}

Counters
Peer::TotalCounters() const
{
    Counters t;
    for (const auto& ch : m_channels)
    {
        t += ch->endpoint->GetCounters(); // every counter of SEQEX_COUNTER_LIST
    }
    return t;
}

size_t
Peer::PendingRequests() const
{
    size_t n = 0;
    for (const auto& ch : m_channels)
    {
        n += ch->awaiting.size() + ch->backlog.size();
    }
    return n;
}

bool
Peer::Idle() const
{
    for (const auto& ch : m_channels)
    {
        if (!ch->endpoint->Idle() || !ch->awaiting.empty() || !ch->backlog.empty())
        {
            return false;
        }
    }
    return true;
}

} // namespace udp
} // namespace seqex
