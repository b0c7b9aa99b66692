// SeqexTransport: SEQEX over one UDP socket to one remote peer, for any
// application on a node. It is glue only: the protocol lives in the
// sans-IO core (seqex::Endpoint), one instance per channel; this object
// feeds it datagrams and Simulator::Now() in ms, drains what it wants sent
// and delivered, and keeps exactly one timer event at the earliest
// NextTimer() over all channels. Its user sends payloads with Send(), gets
// payloads and replies with their answer handles through the receive
// callback (SeqexMessage) and learns of Acks to its own packets through the
// acked callback. doc/seqex.rst describes the API, the peer-address rule,
// transport resets and the logging.
#ifndef SEQEX_TRANSPORT_H
#define SEQEX_TRANSPORT_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/seqex-endpoint.h"
#include "ns3/seqex-header.h"
#include "ns3/seqex-message.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class Socket;

/// What the transport counts besides the per-channel seqex::Counters.
struct SeqexTransportCounters
{
    uint64_t datagramsSent = 0;     //!< handed to the socket
    uint64_t sendFailures = 0;      //!< the socket refused them (counted as losses)
    uint64_t sendsWhileClosed = 0;  //!< discarded while the transport was down
    uint64_t datagramsReceived = 0; //!< valid datagrams fed to a channel
    uint64_t malformed = 0;         //!< rejected by the codec (MalformedDrop)
    uint64_t unknownChannel = 0;    //!< naming a channel we do not run (MalformedDrop)
    uint64_t strangers = 0;         //!< from an IP that is not the peer's (MalformedDrop)
    uint64_t unprovenPort = 0;      //!< from the peer's IP on another port, not proof of the peer
    uint64_t candidateCopies = 0;   //!< acks and retransmissions copied to an unproven port
    uint64_t peerPortChanges = 0;   //!< the peer was followed to a new port
    uint64_t transportResets = 0;   //!< our socket was closed and reopened
    uint64_t announcements = 0;     //!< address probes sent after a reset
    uint64_t sendsRefused = 0;      //!< Send() calls refused (window full, too large, ...)
};

/// Why Send() refused (or Ok).
enum class SeqexSendStatus
{
    Ok,
    WindowFull, //!< no window room on that channel (S4): try again when the send callback fires
    TooLarge,   //!< more than seqex::kMaxDataSize bytes
    NoChannel,  //!< no such channel
    NotRunning, //!< the transport is not started (or stopped)
};

/// \return a name for `s`
const char* SeqexSendStatusName(SeqexSendStatus s);

/// The outcome of Send(): the payload's seq when Ok.
struct SeqexSendResult
{
    SeqexSendStatus status = SeqexSendStatus::NotRunning;
    uint32_t seq = 0;

    bool Ok() const
    {
        return status == SeqexSendStatus::Ok;
    }
};

/**
 * \brief SEQEX over UDP to one peer: channels, peer following, transport
 * resets, and a message API.
 */
class SeqexTransport : public Object
{
  public:
    using Endpoint = seqex::Endpoint<seqex::Bytes, seqex::Bytes>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SeqexTransport();
    ~SeqexTransport() override;

    /**
     * \brief Opens the socket on `node` and creates the channels.
     * \param node the node whose UDP stack carries the datagrams
     */
    void Start(Ptr<Node> node);
    /// Closes the socket; channels and unanswered messages stay for inspection.
    void Stop();
    /// \return true between Start and Stop
    bool IsRunning() const;

    // ---- the message API ----

    /**
     * \brief Starts an exchange with a payload.
     * \param channel the channel (0 .. Channels-1)
     * \param data the payload's bytes (at most seqex::kMaxDataSize)
     * \param seqCst whether it is seq_cst (delivered in order with the
     *        peer's other seq_cst packets of this channel)
     * \return Ok and its seq, or why it was refused (nothing is sent then)
     */
    SeqexSendResult Send(uint16_t channel, const seqex::Bytes& data, bool seqCst = false);
    /// \copydoc Send(uint16_t,const seqex::Bytes&,bool)
    SeqexSendResult Send(uint16_t channel, Ptr<const Packet> data, bool seqCst = false);
    /**
     * \param channel a channel
     * \return true when Send on it would be accepted now
     */
    bool CanSend(uint16_t channel) const;

    /**
     * \brief Where payloads and replies from the peer go. The message holds
     * the answer handle: answer it now or keep the Ptr and answer later;
     * dropping the last Ptr unanswered acks it. Without a callback every
     * delivery is acked.
     * \param cb the receive callback
     */
    void SetRecvCallback(Callback<void, Ptr<SeqexMessage>> cb);
    /**
     * \brief Our packet `seq` on `channel` was answered by the peer's Ack
     * (its exchange ended there); `sent` is the data we sent in it.
     * \param cb the acked callback
     */
    void SetAckedCallback(Callback<void, uint16_t, uint32_t, const seqex::Bytes&> cb);
    /**
     * \brief Called while the transport works off an event (a datagram,
     * its timer, an answer), after deliveries are handed over, when a channel
     * may have window room again (as ns-3's Socket::SetSendCallback): the
     * place to send what waited for room. Never from inside Send().
     * \param cb the send callback
     */
    void SetSendCallback(Callback<void, Ptr<SeqexTransport>> cb);

    /**
     * \brief Runs a service pass now: delivers what is due, calls the send
     * callback, then sends what the channels have, channel by channel. A
     * user that sends a batch from the send callback this way hands SEQEX
     * the whole batch at once (Send outside a pass goes out at once).
     */
    void ServiceNow();

    // ---- transport resets ----

    /**
     * \brief Closes the socket and opens a new one at once. Every channel
     * keeps its state; packets in flight to the old socket are lost and
     * retransmission recovers them. Only while running.
     * \param newLocalPort the new port (0 keeps the current one)
     */
    void ResetTransport(uint16_t newLocalPort = 0);
    /**
     * \brief Schedules a reset.
     * \param delay from now
     * \param newLocalPort the new port (0 keeps the current one)
     * \param downtime how long the socket stays closed (all sent or arriving meanwhile is lost)
     */
    void ScheduleTransportReset(Time delay, uint16_t newLocalPort = 0, Time downtime = Time(0));

    // ---- state (valid once started) ----

    /// \return the number of channels
    uint16_t GetChannelCount() const;
    /// \param channel a channel \return its core counters
    const seqex::Counters& GetCounters(uint16_t channel) const;
    /// \return the core counters summed over the channels
    seqex::Counters GetTotalCounters() const;
    /// \param channel a channel \return its endpoint
    const Endpoint& GetEndpoint(uint16_t channel) const;
    /// \return what the transport counted
    const SeqexTransportCounters& GetTransportCounters() const;
    /// \return true when every channel is idle (SPEC §7.4) and no message is unanswered
    bool IsIdle() const;
    /// \return messages delivered and not answered yet
    uint32_t GetUnansweredCount() const;
    /// \return the port the current socket is bound to
    uint16_t GetLocalPort() const;
    /// \return where datagrams go now (ip:port)
    Address GetPeerAddress() const;
    /// \param interval the resend interval, applies at once (SPEC §3)
    void SetResendInterval(Time interval);
    /// \return the resend interval
    Time GetResendInterval() const;

    // Trace signatures.
    typedef void (*TxTracedCallback)(Ptr<const Packet> packet, const SeqexHeader& header);
    typedef void (*RxTracedCallback)(Ptr<const Packet> packet, const Address& from, const SeqexHeader& header);
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
    typedef void (*MalformedDropTracedCallback)(Ptr<const Packet> packet,
                                                const Address& from,
                                                const std::string& reason);
    typedef void (*PeerAddressChangeTracedCallback)(const Address& oldPeer, const Address& newPeer);
    typedef void (*TransportResetTracedCallback)(uint16_t oldPort, uint16_t newPort);

  protected:
    void DoDispose() override;

  private:
    friend class SeqexMessage;

    // ---- socket ----
    void OpenSocket(uint16_t port);
    void CloseSocket();
    void BeginTransportReset(uint16_t newLocalPort, Time downtime);
    void ReopenAfterDowntime(uint16_t port);
    void HandleRead(Ptr<Socket> socket);
    void Drop(Ptr<const Packet> packet, const Address& from, const std::string& reason);
    // True when the socket took it; `mirror`: also to the candidate port.
    bool SendDatagram(Ptr<Packet> packet, uint16_t channel, bool mirror);
    void Announce();

    // ---- the core ----
    seqex::TimeMs NowMs() const;
    // Drains every channel until nothing moves, then re-arms the timer;
    // calls the send callback in each pass unless a Send() started it.
    void Service(bool notifySend = true);
    bool DrainTransmit(uint16_t channel);
    bool DrainDeliveries(uint16_t channel);
    void RescheduleTimer();
    void OnTimer();

    // ---- messages ----
    void Replied(SeqexMessage* message, uint32_t replySeq, bool seqCst, const seqex::Bytes& data);
    void Acked(SeqexMessage* message);
    void Forget(SeqexMessage* message);

    std::string Where(uint16_t channel) const; // "node N ch C" for the log

    // Attributes.
    Address m_remoteAddress;
    uint16_t m_remotePort;
    uint16_t m_localPort;
    uint16_t m_channelCount;
    Time m_resendInterval;
    int m_resendMode; // a seqex::ResendMode (EnumValue holds an int)
    uint32_t m_initialSeq;
    uint32_t m_window;

    Ptr<Node> m_node;
    Ptr<Socket> m_socket;
    Address m_peerIp;         // an Ipv4Address or an Ipv6Address
    uint16_t m_peerPort = 0;  // follows the peer on evidence (see HandleRead)
    std::optional<uint16_t> m_candidatePort; // where the peer may have moved, unproven
    uint16_t m_boundPort = 0; // our current local port
    bool m_running = false;
    EventId m_announceEvent;
    std::vector<EventId> m_resetEvents;

    // One endpoint per channel; never moves (answer handles point to it).
    std::vector<std::unique_ptr<Endpoint>> m_channels;
    std::set<SeqexMessage*> m_unanswered; // detached (acked) before the endpoints go

    EventId m_timerEvent;
    seqex::TimeMs m_timerAt = 0;
    bool m_inService = false;

    Callback<void, Ptr<SeqexMessage>> m_recvCallback;
    Callback<void, uint16_t, uint32_t, const seqex::Bytes&> m_ackedCallback;
    Callback<void, Ptr<SeqexTransport>> m_sendCallback;

    SeqexTransportCounters m_counters;
    seqex::Bytes m_rxBuffer;

    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_txTrace;
    TracedCallback<Ptr<const Packet>, const Address&, const SeqexHeader&> m_rxTrace;
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t> m_retransmitTrace;
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&> m_dataSentTrace;
    TracedCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>> m_deliverTrace;
    TracedCallback<uint16_t, uint32_t> m_answerAckTrace;
    TracedCallback<uint16_t, uint32_t> m_resolvedByAckTrace;
    TracedCallback<Ptr<const Packet>, const Address&, const std::string&> m_malformedDropTrace;
    TracedCallback<const Address&, const Address&> m_peerAddressChangeTrace;
    TracedCallback<uint16_t, uint16_t> m_transportResetTrace;
    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_announceTrace;
};

} // namespace ns3

#endif
