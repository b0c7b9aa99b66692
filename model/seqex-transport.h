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

/**
 * \ingroup seqex
 * \brief What the transport counts besides the per-channel seqex::Counters.
 */
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

/**
 * \ingroup seqex
 * \brief Why SeqexTransport::Send refused (or Ok).
 */
enum class SeqexSendStatus
{
    Ok,         //!< sent: the payload has a seq and its exchange is open
    WindowFull, //!< no window room on that channel (S4): try again when the send callback fires
    TooLarge,   //!< more than seqex::kMaxDataSize bytes
    NoChannel,  //!< no such channel
    NotRunning, //!< the transport is not started (or stopped)
};

/**
 * \ingroup seqex
 * \brief Names a send status for logs and errors.
 * \param s the status
 * \return its name ("ok", "window full", ...)
 */
const char* SeqexSendStatusName(SeqexSendStatus s);

/**
 * \ingroup seqex
 * \brief The outcome of SeqexTransport::Send: the payload's seq when Ok.
 */
struct SeqexSendResult
{
    SeqexSendStatus status = SeqexSendStatus::NotRunning; //!< Ok, or why it was refused
    uint32_t seq = 0;                                     //!< the payload's seq, when Ok

    /**
     * \brief Whether the payload was sent.
     * \return true when status is Ok
     */
    bool Ok() const
    {
        return status == SeqexSendStatus::Ok;
    }
};

/**
 * \ingroup seqex
 * \brief SEQEX over UDP to one peer: channels, peer following, transport
 * resets, and a message API.
 *
 * One sans-IO seqex::Endpoint per channel does the protocol; this object
 * owns the UDP socket, feeds the endpoints datagrams and the simulation
 * time, sends what they want sent, hands deliveries to its user as
 * SeqexMessage and keeps one timer event at the earliest deadline of all
 * channels. Its user sends payloads with Send(), answers deliveries
 * through the SeqexMessage handed to the receive callback, and learns of
 * the Acks ending its own exchanges through the acked callback. Attributes
 * (RemoteAddress, RemotePort, LocalPort, Channels, ResendInterval,
 * ResendMode, InitialSeq, Window) and trace sources are listed in
 * doc/seqex.rst.
 */
class SeqexTransport : public Object
{
  public:
    /// The core's endpoint, one per channel.
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
    /**
     * \brief Closes the socket; channels and unanswered messages stay for
     * inspection.
     */
    void Stop();
    /**
     * \brief Whether the transport runs.
     * \return true between Start and Stop
     */
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
    /**
     * \brief Starts an exchange with a payload taken from a packet's bytes.
     * \param channel the channel (0 .. Channels-1)
     * \param data the payload (at most seqex::kMaxDataSize bytes)
     * \param seqCst whether it is seq_cst
     * \return Ok and its seq, or why it was refused (nothing is sent then)
     */
    SeqexSendResult Send(uint16_t channel, Ptr<const Packet> data, bool seqCst = false);
    /**
     * \brief Whether a channel takes a payload now.
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

    /**
     * \brief The number of channels.
     * \return the Channels attribute's value
     */
    uint16_t GetChannelCount() const;
    /**
     * \brief One channel's core counters.
     * \param channel a channel
     * \return its counters
     */
    const seqex::Counters& GetCounters(uint16_t channel) const;
    /**
     * \brief The core counters summed over the channels.
     * \return the sums
     */
    seqex::Counters GetTotalCounters() const;
    /**
     * \brief One channel's endpoint, for inspection.
     * \param channel a channel
     * \return its endpoint
     */
    const Endpoint& GetEndpoint(uint16_t channel) const;
    /**
     * \brief What the transport counted.
     * \return the counters
     */
    const SeqexTransportCounters& GetTransportCounters() const;
    /**
     * \brief Whether nothing is left to do.
     * \return true when every channel is idle (SPEC §7.4) and no message is
     *         unanswered
     */
    bool IsIdle() const;
    /**
     * \brief Messages delivered and not answered yet.
     * \return their number
     */
    uint32_t GetUnansweredCount() const;
    /**
     * \brief The local port.
     * \return the port the current socket is bound to
     */
    uint16_t GetLocalPort() const;
    /**
     * \brief Where datagrams go now (the peer's port follows the peer).
     * \return the peer's ip:port
     */
    Address GetPeerAddress() const;
    /**
     * \brief Changes the resend interval of every channel.
     * \param interval the new interval; applies at once (SPEC §3)
     */
    void SetResendInterval(Time interval);
    /**
     * \brief The resend interval.
     * \return the ResendInterval attribute's value
     */
    Time GetResendInterval() const;

    /**
     * \brief Tx and Announce: a datagram handed to the socket.
     * \param packet the datagram, header included
     * \param header its SEQEX header
     */
    typedef void (*TxTracedCallback)(Ptr<const Packet> packet, const SeqexHeader& header);
    /**
     * \brief Rx: a valid datagram from the peer's IP, before its channel
     * judges it.
     * \param packet the datagram, header included
     * \param from its source address (ip:port)
     * \param header its SEQEX header
     */
    typedef void (*RxTracedCallback)(Ptr<const Packet> packet, const Address& from, const SeqexHeader& header);
    /**
     * \brief Retransmit: a data packet sent again (S3).
     * \param channel its channel
     * \param kind its kind
     * \param seq its seq
     */
    typedef void (*RetransmitTracedCallback)(uint16_t channel, seqex::PacketKind kind, uint32_t seq);
    /**
     * \brief DataSent: a payload or reply of ours was created (its first
     * transmission).
     * \param channel the channel
     * \param kind payload or reply, seq_cst or not
     * \param seq its seq
     * \param re for a reply, the peer's packet it answers
     * \param data its application bytes
     */
    typedef void (*DataSentTracedCallback)(uint16_t channel,
                                           seqex::PacketKind kind,
                                           uint32_t seq,
                                           uint32_t re,
                                           const seqex::Bytes& data);
    /**
     * \brief Deliver: a payload or reply from the peer handed to the user.
     * \param channel the channel
     * \param seq its seq (the peer's)
     * \param seqCst whether it is seq_cst
     * \param data its application bytes
     * \param re for a reply, our packet it answers
     */
    typedef void (*DeliverTracedCallback)(uint16_t channel,
                                          uint32_t seq,
                                          bool seqCst,
                                          const seqex::Bytes& data,
                                          std::optional<uint32_t> re);
    /**
     * \brief AnswerAck and ResolvedByAck: a packet's exchange ended with an
     * Ack (ours, or the peer's to our packet).
     * \param channel the channel
     * \param seq the packet the Ack names
     */
    typedef void (*ChannelSeqTracedCallback)(uint16_t channel, uint32_t seq);
    /**
     * \brief MalformedDrop: a datagram dropped before any channel saw it.
     * \param packet the datagram
     * \param from its source address (ip:port)
     * \param reason why (a decode error, an unknown channel, a stranger)
     */
    typedef void (*MalformedDropTracedCallback)(Ptr<const Packet> packet,
                                                const Address& from,
                                                const std::string& reason);
    /**
     * \brief PeerAddressChange: the peer was followed to a new port.
     * \param oldPeer where datagrams went before (ip:port)
     * \param newPeer where they go now
     */
    typedef void (*PeerAddressChangeTracedCallback)(const Address& oldPeer, const Address& newPeer);
    /**
     * \brief TransportReset: our socket was closed and reopened.
     * \param oldPort the port before
     * \param newPort the port after
     */
    typedef void (*TransportResetTracedCallback)(uint16_t oldPort, uint16_t newPort);

  protected:
    void DoDispose() override;

  private:
    friend class SeqexMessage;

    // ---- socket ----
    /**
     * \brief Opens and binds the socket (aborts naming the port when the
     * bind fails).
     * \param port the local port (0: any)
     */
    void OpenSocket(uint16_t port);
    /// Closes the socket, if open.
    void CloseSocket();
    /**
     * \brief A scheduled reset begins: close now, reopen after the downtime.
     * \param newLocalPort the new port (0 keeps the current one)
     * \param downtime how long the socket stays closed
     */
    void BeginTransportReset(uint16_t newLocalPort, Time downtime);
    /**
     * \brief Reopens the socket after a reset and announces the new address.
     * \param port the new port (0 keeps the old one)
     */
    void ReopenAfterDowntime(uint16_t port);
    /**
     * \brief Reads every datagram waiting on the socket, applies the peer
     * rule (doc/seqex.rst) and feeds the valid ones to their channels.
     * \param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Logs and traces (MalformedDrop) a datagram no channel sees.
     * \param packet the datagram
     * \param from its source address
     * \param reason why it is dropped
     */
    void Drop(Ptr<const Packet> packet, const Address& from, const std::string& reason);
    /**
     * \brief Hands a datagram to the socket, toward the peer.
     * \param packet the datagram
     * \param channel its channel (for the log)
     * \param mirror also send a copy to the candidate port, if any
     * \return true when the socket took it
     */
    bool SendDatagram(Ptr<Packet> packet, uint16_t channel, bool mirror);
    /// Sends an address probe after a reset, again every resend interval
    /// until the peer reaches the new socket.
    void Announce();

    // ---- the core ----
    /**
     * \brief The time the core works in.
     * \return Simulator::Now() in milliseconds
     */
    seqex::TimeMs NowMs() const;
    /**
     * \brief Drains every channel until nothing moves, then re-arms the
     * timer.
     * \param notifySend call the send callback in each pass (false when a
     *        Send() started the pass)
     */
    void Service(bool notifySend = true);
    /**
     * \brief Sends what a channel wants sent.
     * \param channel the channel
     * \return true when it sent anything
     */
    bool DrainTransmit(uint16_t channel);
    /**
     * \brief Hands a channel's deliveries to the user.
     * \param channel the channel
     * \return true when it delivered anything
     */
    bool DrainDeliveries(uint16_t channel);
    /// Keeps the one timer event at the earliest deadline of all channels.
    void RescheduleTimer();
    /// The timer fired: tick every channel, then service.
    void OnTimer();

    // ---- messages ----
    /**
     * \brief A message was answered with a reply.
     * \param message the message
     * \param replySeq the reply's seq
     * \param seqCst whether the reply is seq_cst
     * \param data the reply's bytes
     */
    void Replied(SeqexMessage* message, uint32_t replySeq, bool seqCst, const seqex::Bytes& data);
    /**
     * \brief A message was answered with the Ack.
     * \param message the message
     */
    void Acked(SeqexMessage* message);
    /**
     * \brief A message is no longer unanswered.
     * \param message the message
     */
    void Forget(SeqexMessage* message);

    /**
     * \brief Where an event happens, for the log.
     * \param channel the channel
     * \return "node N ch C"
     */
    std::string Where(uint16_t channel) const;

    Address m_remoteAddress;  //!< RemoteAddress attribute: the peer's IP (or ip:port)
    uint16_t m_remotePort;    //!< RemotePort attribute
    uint16_t m_localPort;     //!< LocalPort attribute
    uint16_t m_channelCount;  //!< Channels attribute
    Time m_resendInterval;    //!< ResendInterval attribute
    int m_resendMode;         //!< ResendMode attribute: a seqex::ResendMode (EnumValue holds an int)
    uint32_t m_initialSeq;    //!< InitialSeq attribute
    uint32_t m_window;        //!< Window attribute

    Ptr<Node> m_node;                        //!< the node whose UDP stack carries the datagrams
    Ptr<Socket> m_socket;                    //!< the socket; null while the transport is down
    Address m_peerIp;                        //!< the peer's IP: an Ipv4Address or an Ipv6Address
    uint16_t m_peerPort = 0;                 //!< the peer's port; follows the peer on evidence (HandleRead)
    std::optional<uint16_t> m_candidatePort; //!< where the peer may have moved, unproven
    uint16_t m_boundPort = 0;                //!< our current local port
    bool m_running = false;                  //!< between Start and Stop
    EventId m_announceEvent;                 //!< the next address probe after a reset
    std::vector<EventId> m_resetEvents;      //!< scheduled resets and reopenings

    /// One endpoint per channel; never moves (answer handles point to it).
    std::vector<std::unique_ptr<Endpoint>> m_channels;
    /// Messages delivered and unanswered: acked and detached before the
    /// endpoints go.
    std::set<SeqexMessage*> m_unanswered;

    EventId m_timerEvent;         //!< the one timer event of all channels
    seqex::TimeMs m_timerAt = 0;  //!< when m_timerEvent fires (ms)
    bool m_inService = false;     //!< inside Service(): nested calls return at once

    Callback<void, Ptr<SeqexMessage>> m_recvCallback;                         //!< SetRecvCallback
    Callback<void, uint16_t, uint32_t, const seqex::Bytes&> m_ackedCallback; //!< SetAckedCallback
    Callback<void, Ptr<SeqexTransport>> m_sendCallback;                       //!< SetSendCallback

    SeqexTransportCounters m_counters; //!< what the transport counted
    seqex::Bytes m_rxBuffer;           //!< a received datagram's bytes, reused

    /// Tx trace source
    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_txTrace;
    /// Rx trace source
    TracedCallback<Ptr<const Packet>, const Address&, const SeqexHeader&> m_rxTrace;
    /// Retransmit trace source
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t> m_retransmitTrace;
    /// DataSent trace source
    TracedCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&> m_dataSentTrace;
    /// Deliver trace source
    TracedCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>> m_deliverTrace;
    /// AnswerAck trace source
    TracedCallback<uint16_t, uint32_t> m_answerAckTrace;
    /// ResolvedByAck trace source
    TracedCallback<uint16_t, uint32_t> m_resolvedByAckTrace;
    /// MalformedDrop trace source
    TracedCallback<Ptr<const Packet>, const Address&, const std::string&> m_malformedDropTrace;
    /// PeerAddressChange trace source
    TracedCallback<const Address&, const Address&> m_peerAddressChangeTrace;
    /// TransportReset trace source
    TracedCallback<uint16_t, uint16_t> m_transportResetTrace;
    /// Announce trace source
    TracedCallback<Ptr<const Packet>, const SeqexHeader&> m_announceTrace;
};

} // namespace ns3

#endif
