// SEQEX over a real UDP socket: the sans-IO core (Endpoint<Bytes, Bytes>) per
// channel, many channels on one socket, wire format v1 (seqex-wire.h), timers
// on the event loop's monotonic clock. Callback API; the coroutine API
// (seqex-udp-coro.h) is built on it.
//
// A received datagram is handled like the ns-3 model does (doc/real-networks.md):
//   1. from an IP other than the peer's           -> dropped, counted `strangers`
//   2. does not decode                            -> dropped, counted `malformed`
//   3. names a channel this peer does not run     -> dropped, `unknownChannel`
//   4. otherwise the peer's; from a new port, the peer moved: we follow it.
// Transport reset (SPEC §6): ResetTransport closes the socket and opens a
// new one (same or another local port); the endpoints keep their state and
// the new socket probes the peer until the peer's traffic reaches it.
//
// Exchanges: Request starts one and calls its callback once, with the reply
// (the exchange goes on if the callback answers the reply's handle with
// Reply; dropping the handle acks) or with the Ack that ended it. Starts the
// window cannot take now wait in a bounded per-channel backlog, in order.
// Incoming payloads go to the payload handler with their answer handle:
// answer them now or later (Peer::Reply / Ack, or the handle itself from any
// callback of the same loop).
#ifndef SEQEX_UDP_PEER_H
#define SEQEX_UDP_PEER_H

#include "seqex-event-loop.h"
#include "seqex-udp-socket.h"

#include "seqex-endpoint.h"
#include "seqex-wire.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace seqex
{
namespace udp
{

using ByteEndpoint = Endpoint<Bytes, Bytes>;
using ByteAnswer = Answer<Bytes, Bytes>;

struct PeerOptions
{
    std::string local = "0.0.0.0:0"; // where to bind ("ip:port", "[ip6]:port")
    std::string remote;              // the peer; its port is followed when it moves. Port 0:
                                     // learnt from the peer's first valid datagram (a service
                                     // that knows its client's IP, not its port)
    uint16_t channels = 1;           // channels 0 .. channels-1, each its own SEQEX instance
    Config config;                   // per channel; both peers must agree (SPEC §3)
    size_t backlogLimit = 4096;      // per channel: starts waiting for room
    // Fault injection for tests and experiments: called for every datagram
    // before it is sent; returning false drops it (counted `injectedDrops`).
    std::function<bool(const uint8_t* data, size_t size)> sendFilter;
};

// Per peer, all channels; the endpoints' own counters are per channel.
struct PeerCounters
{
    uint64_t datagramsSent = 0;
    uint64_t bytesSent = 0;       // UDP payload bytes
    uint64_t datagramsReceived = 0;
    uint64_t bytesReceived = 0;
    uint64_t strangers = 0;       // from an IP that is not the peer's
    uint64_t malformed = 0;       // did not decode (also counted on channel 0's endpoint)
    uint64_t unknownChannel = 0;
    uint64_t truncated = 0;       // larger than the receive buffer (counted malformed too)
    uint64_t sendErrors = 0;      // sendto failed (buffer full, no route): lost, repaired by retransmission
    uint64_t injectedDrops = 0;   // dropped by PeerOptions::sendFilter
    uint64_t noPeerPort = 0;      // not sent: the peer's port is not known yet (remote port 0)
    uint64_t peerPortChanges = 0; // the peer was followed to a new port
    uint64_t transportResets = 0;
    uint64_t announcements = 0;   // address probes sent after a reset
    uint64_t backlogOverflows = 0; // Request refused: backlog full
};

enum class OutcomeKind
{
    Reply,  // the peer replied; `answer` continues or ends the exchange
    Acked,  // the peer acked: the exchange ended
    Failed, // never sent: `error` says why (backlog full, data too large, peer closed)
};

struct Outcome
{
    OutcomeKind kind = OutcomeKind::Failed;
    uint16_t channel = 0;
    Seq re = 0;          // our packet this answers
    Seq seq = 0;         // the reply's seq (Reply)
    bool seqCst = false; // the reply is seq_cst
    Bytes data;          // the reply's data (Reply)
    Bytes sent;          // what we sent
    ByteAnswer answer;   // the reply's handle (Reply); acks when dropped
    std::string error;   // Failed
};

struct Incoming
{
    uint16_t channel = 0;
    Seq seq = 0;
    bool seqCst = false;
    Bytes data;
    ByteAnswer answer; // acks when dropped
};

class Peer
{
  public:
    using OutcomeCallback = std::function<void(Outcome&&)>;
    using PayloadHandler = std::function<void(Incoming&&)>;

    // Binds the socket. Throws std::invalid_argument (bad options, naming
    // which) or std::runtime_error (the socket).
    Peer(EventLoop& loop, PeerOptions options);
    // Closes without calling pending callbacks (their captures may be gone).
    ~Peer();
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    // Starts an exchange on `channel` with a payload; `done` is called once.
    void Request(uint16_t channel, Bytes data, OutcomeCallback done, bool seqCst = false);
    // Answers a delivery with a reply; `done` (optional) gets the peer's
    // answer to that reply. Returns false when the handle was answered.
    bool Reply(uint16_t channel, ByteAnswer& answer, Bytes data, OutcomeCallback done = {}, bool seqCst = false);
    bool Ack(ByteAnswer& answer);

    // Without a handler every payload is acked.
    void SetPayloadHandler(PayloadHandler handler)
    {
        m_onPayload = std::move(handler);
    }

    // Closes the socket and opens a new one on `newLocalPort` (0: the same
    // port); nothing is lost, retransmission covers the gap. A new port that
    // is taken throws std::runtime_error and leaves the old socket in use.
    void ResetTransport(uint16_t newLocalPort = 0);

    // Closes the socket and calls every pending callback (awaited and
    // backlogged requests) with Failed("peer closed ..."); later Requests
    // fail the same way. Call it while those callbacks' captures live, e.g.
    // to resume coroutines still awaiting a request.
    void Close();

    // Milliseconds on the monotonic clock since this peer started: the
    // endpoints' time.
    TimeMs NowMs() const;

    const SocketAddress& LocalAddress() const
    {
        return m_socket.Local();
    }
    const SocketAddress& PeerAddress() const
    {
        return m_remote;
    }
    uint16_t ChannelCount() const
    {
        return static_cast<uint16_t>(m_channels.size());
    }
    const ByteEndpoint& GetEndpoint(uint16_t channel) const
    {
        return *m_channels.at(channel)->endpoint;
    }
    const PeerCounters& GetCounters() const
    {
        return m_counters;
    }
    // Endpoint counters summed over channels.
    Counters TotalCounters() const;
    // Nothing in flight, waiting, unanswered, backlogged or awaited.
    bool Idle() const;
    size_t PendingRequests() const;

    // Called for every datagram sent / received (after the stranger check)
    // with the channel-independent bytes: for logs and captures.
    std::function<void(const uint8_t*, size_t)> onDatagramSent;
    std::function<void(const uint8_t*, size_t)> onDatagramReceived;

  private:
    struct Start
    {
        Bytes data;
        bool seqCst;
        OutcomeCallback done;
    };

    struct Channel
    {
        explicit Channel(const Config& c)
            : endpoint(std::make_unique<ByteEndpoint>(c))
        {
        }

        std::unique_ptr<ByteEndpoint> endpoint;
        // Our data packets whose answer someone awaits, by seq.
        std::unordered_map<Seq, OutcomeCallback> awaiting;
        std::deque<Start> backlog;
    };

    void OnReadable();
    void HandleDatagram(const uint8_t* data, size_t size, const SocketAddress& from);
    void StartFromBacklog(uint16_t channel);
    bool DrainDeliveries(uint16_t channel); // true when it delivered something
    void TransmitPending(uint16_t channel);
    void Flush();
    void ArmTimer();
    void OnTimer();
    void Announce();
    void Send(const Bytes& datagram);
    void Shutdown(); // socket, watcher, hook and timers gone

    EventLoop& m_loop;
    PeerOptions m_options;
    SocketAddress m_remote;
    UdpSocket m_socket;
    std::vector<std::unique_ptr<Channel>> m_channels;
    PeerCounters m_counters;
    PayloadHandler m_onPayload;
    Clock::time_point m_epoch;
    EventLoop::HookId m_hook = 0;
    std::optional<EventLoop::TimerId> m_timer;
    std::optional<TimeMs> m_timerAt;
    std::optional<EventLoop::TimerId> m_announceTimer;
    Bytes m_rxBuffer;
    Bytes m_txBuffer;
    bool m_flushing = false;
    bool m_closed = false;
};

} // namespace udp
} // namespace seqex

#endif
