// SeqexApplication: SEQEX over one UDP socket to one remote peer, with a
// built-in request/reply workload. It is glue only: the protocol lives in the
// sans-IO core (seqex::Endpoint), one instance per channel; this class feeds
// it datagrams and Simulator::Now() in ms, drains what it wants sent and
// delivered, and keeps exactly one timer event at the earliest NextTimer()
// over all channels. doc/seqex.rst describes the attributes, traces, the
// application-level data layout and the peer-address rules.
#ifndef SEQEX_APPLICATION_H
#define SEQEX_APPLICATION_H

#include "ns3/address.h"
#include "ns3/seqex-workload-application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/seqex-endpoint.h"
#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-header.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class Socket;
class Packet;

// What the application counts besides the per-channel seqex::Counters.
struct SeqexAppCounters
{
    uint64_t exchangesStarted = 0;   // own exchanges whose payload was sent (the workload's count)
    uint64_t exchangesCompleted = 0; // own exchanges that ended (the workload's count)
    uint64_t exchangesDeferred = 0;  // starts that waited in the backlog (WindowFull)
    uint64_t backlogOverflows = 0;   // starts refused: the backlog was full (BacklogOverflow)
    uint64_t datagramsSent = 0;      // handed to the socket
    uint64_t sendFailures = 0;       // the socket refused them (counted as losses)
    uint64_t sendsWhileClosed = 0;   // discarded while the transport was down
    uint64_t datagramsReceived = 0;  // valid datagrams fed to a channel
    uint64_t malformed = 0;          // rejected by the codec (MalformedDrop)
    uint64_t unknownChannel = 0;     // naming a channel we do not run (MalformedDrop)
    uint64_t strangers = 0;          // from an address that is not the peer's (MalformedDrop)
    uint64_t badAppData = 0;         // deliveries whose data is no exchange node: acked
    uint64_t peerPortChanges = 0;    // the peer was followed to a new port
    uint64_t transportResets = 0;    // our socket was closed and reopened
    uint64_t announcements = 0;      // address probes sent after a reset
};

class SeqexApplication : public SeqexWorkloadApplication
{
  public:
    using Endpoint = seqex::Endpoint<seqex::Bytes, seqex::Bytes>;
    using AnswerHandle = seqex::Answer<seqex::Bytes, seqex::Bytes>;

    static TypeId GetTypeId();
    SeqexApplication();
    ~SeqexApplication() override;

    // Closes the socket and opens a new one at once, on `newLocalPort`
    // (0 keeps the current port). Every channel keeps its state; packets in
    // flight to the old socket are lost and retransmission recovers them.
    // Only while the application runs.
    void ResetTransport(uint16_t newLocalPort = 0);

    // Schedules a reset `delay` from now. With a `downtime`, the socket stays
    // closed that long (everything sent or arriving meanwhile is lost).
    void ScheduleTransportReset(Time delay, uint16_t newLocalPort = 0, Time downtime = Time(0));

    // Valid once the application has started (the channels exist from then).
    uint16_t GetChannelCount() const;
    const seqex::Counters& GetCounters(uint16_t channel) const;
    seqex::Counters GetTotalCounters() const;
    const Endpoint& GetEndpoint(uint16_t channel) const;

    SeqexAppCounters GetAppCounters() const;

    // Every channel idle (SPEC §7.4: windows drained), no answer held, no
    // exchange start waiting.
    bool IsIdle() const;

    uint16_t GetLocalPort() const;  // the port the current socket is bound to
    Address GetPeerAddress() const; // where datagrams go now (ip:port)
    uint32_t GetBacklogSize() const;
    uint32_t GetHeldAnswerCount() const;

    void SetResendInterval(Time interval); // applies at once (SPEC §3)
    Time GetResendInterval() const;

    // Trace signatures.
    typedef void (*TxTracedCallback)(Ptr<const Packet> packet, const SeqexHeader& header);
    typedef void (*RxTracedCallback)(Ptr<const Packet> packet,
                                     const Address& from,
                                     const SeqexHeader& header);
    typedef void (*RetransmitTracedCallback)(uint16_t channel, seqex::PacketKind kind, uint32_t seq);
    typedef void (*DataSentTracedCallback)(uint16_t channel,
                                           seqex::PacketKind kind,
                                           uint32_t seq,
                                           uint32_t re,
                                           const seqex::Bytes& data);
    typedef void (*DeliverTracedCallback)(uint16_t channel,
                                          uint32_t seq,
                                          bool seqCst,
                                          const seqex::Bytes& data,
                                          std::optional<uint32_t> re);
    typedef void (*ChannelSeqTracedCallback)(uint16_t channel, uint32_t seq);
    typedef void (*WindowFullTracedCallback)(uint16_t channel, uint64_t exchangeId);
    typedef void (*BacklogOverflowTracedCallback)(uint64_t exchangeId);
    typedef void (*MalformedDropTracedCallback)(Ptr<const Packet> packet,
                                                const Address& from,
                                                const std::string& reason);
    typedef void (*PeerAddressChangeTracedCallback)(const Address& oldPeer, const Address& newPeer);
    typedef void (*TransportResetTracedCallback)(uint16_t oldPort, uint16_t newPort);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // A delivery the application is still "thinking about" (AnswerDelay).
    // ns-3 events cannot carry the move-only handle, so it waits here.
    struct HeldAnswer
    {
        AnswerHandle answer;
        seqex::AnswerDecision decision;
        EventId event;
    };

    // ---- transport ----
    void OpenSocket(uint16_t port);
    void CloseSocket();
    void BeginTransportReset(uint16_t newLocalPort, Time downtime); // closes the socket
    void ReopenAfterDowntime(uint16_t port);
    void HandleRead(Ptr<Socket> socket);
    void Drop(Ptr<const Packet> packet, const Address& from, const std::string& reason);
    bool SendDatagram(Ptr<Packet> packet); // true when the socket took it
    void Announce();

    // ---- the core ----
    seqex::TimeMs NowMs() const;
    void Service(); // drains every channel until nothing moves, then re-arms the timer
    bool DrainTransmit(uint16_t channel);
    bool DrainDeliveries(uint16_t channel);
    void RescheduleTimer();
    void OnTimer();

    // ---- workload ----
    void OfferExchange(const seqex::PendingExchange& exchange) override;
    void SaturatingStarted() override;
    bool AdmitWaiting();
    std::optional<uint16_t> ChannelWithRoom();
    void StartExchange(uint16_t channel, const seqex::PendingExchange& exchange);
    void OnDelivered(uint16_t channel, seqex::Seq seq, const seqex::Bytes& data, AnswerHandle answer);
    void AnswerHeld(uint16_t channel, seqex::Seq seq);
    void OnAcked(uint16_t channel, const seqex::Bytes& sent);
    void CompleteExchange(uint16_t channel, uint64_t exchangeId, uint32_t length);

    // Attributes.
    Address m_remoteAddress;
    uint16_t m_remotePort;
    uint16_t m_localPort;
    uint16_t m_channelCount;
    Time m_resendInterval;
    uint32_t m_initialSeq;
    uint32_t m_window;
    uint32_t m_backlogLimit;

    // Transport.
    Ptr<Socket> m_socket;
    Address m_peerIp;          // an Ipv4Address or an Ipv6Address
    uint16_t m_peerPort = 0;   // follows the peer's source port
    uint16_t m_boundPort = 0;  // our current local port
    bool m_running = false;
    EventId m_announceEvent;
    std::vector<EventId> m_resetEvents;

    // One endpoint per channel; never moves (answer handles point to it).
    std::vector<std::unique_ptr<Endpoint>> m_channels;
    // Declared after m_channels: destroyed first, while the endpoints live.
    std::map<std::pair<uint16_t, seqex::Seq>, HeldAnswer> m_held;

    EventId m_timerEvent;
    seqex::TimeMs m_timerAt = 0;
    bool m_inService = false;

    // Workload.
    uint16_t m_nextChannel = 0;
    std::deque<seqex::PendingExchange> m_backlog;

    SeqexAppCounters m_counters;
    seqex::Bytes m_rxBuffer;

    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_txTrace;
    TracedCallback<Ptr<const Packet>, const Address&, const SeqexHeader&> m_rxTrace;
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t> m_retransmitTrace;
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&> m_dataSentTrace;
    TracedCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>> m_deliverTrace;
    TracedCallback<uint16_t, uint32_t> m_answerAckTrace;
    TracedCallback<uint16_t, uint32_t> m_resolvedByAckTrace;
    TracedCallback<uint16_t, uint64_t> m_windowFullTrace;
    TracedCallback<uint64_t> m_backlogOverflowTrace;
    TracedCallback<Ptr<const Packet>, const Address&, const std::string&> m_malformedDropTrace;
    TracedCallback<const Address&, const Address&> m_peerAddressChangeTrace;
    TracedCallback<uint16_t, uint16_t> m_transportResetTrace;
    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_announceTrace;
};

} // namespace ns3

#endif
