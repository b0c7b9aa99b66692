// SeqexTcpExchangeApp: the TCP baseline. It runs SeqexApplication's
// request/reply workload over ns-3 TCP, so the two transports can be
// compared on the identical impaired link: both derive from
// SeqexWorkloadApplication, which owns the workload's attributes, streams,
// draws, answer rule, completion and ExchangeStart / ExchangeComplete
// traces, so with the same seed both start the same exchanges at the same
// times with the same lengths and measure them by the same definitions.
// Open loop, exchange i goes on connection i mod Connections; saturating,
// an exchange is generated when a connection is up with room for its
// payload in TCP's send buffer (the next such connection round-robin).
// Messages are length-prefixed on the stream (see the .cc). TCP orders every
// connection, so seq_cst needs nothing more; the flag is carried along.
//
// One side connects (Listen=false), the other accepts (Listen=true); both may
// originate exchanges. ScheduleReset closes every connection of the
// connecting side and opens new ones after a downtime: the exchanges that
// were open on them start again from their first node on the new connection
// (what an application over TCP must do; the peer may then see a request
// twice, counted as a duplicate delivery).
//
// Every message carries a per-connection pseudo sequence number (message
// count, per direction, per connection incarnation), and the trace sources
// report sends, deliveries and answers in the vocabulary of SPEC §7, so the
// same InvariantChecker checks the baseline's exchange topology.
#ifndef SEQEX_TCP_EXCHANGE_APP_H
#define SEQEX_TCP_EXCHANGE_APP_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-packet.h"
#include "ns3/seqex-workload-application.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace ns3
{

class Socket;
class Packet;
class TcpHeader;
class TcpSocketBase;

struct SeqexTcpCounters
{
    uint64_t exchangesStarted = 0;   // the workload's count
    uint64_t exchangesCompleted = 0; // the workload's count
    uint64_t restarts = 0;            // own exchanges started again after a reset
    uint64_t duplicateDeliveries = 0; // nodes delivered a second time (after a restart)
    uint64_t dataSegments = 0;        // TCP segments carrying new bytes
    uint64_t retransmittedSegments = 0; // TCP segments carrying bytes sent before
    uint64_t connectionsOpened = 0;
    uint64_t connectFailures = 0;
    uint64_t resets = 0;
    uint64_t badMessages = 0;         // framing or node data that does not parse
};

class SeqexTcpExchangeApp : public SeqexWorkloadApplication
{
  public:
    static TypeId GetTypeId();
    SeqexTcpExchangeApp();
    ~SeqexTcpExchangeApp() override;

    // Connecting side only: `delay` from now, closes every connection and,
    // `downtime` later, opens new ones.
    void ScheduleReset(Time delay, Time downtime);

    // Which exchanges own the stream bytes [seq, seq + size) that this node
    // sent on the connection (localPort, remotePort): (true, id) for an
    // exchange this node originated, (false, id) for the peer's.
    std::vector<std::pair<bool, uint64_t>> OwnersOfSegment(uint16_t localPort,
                                                           uint16_t remotePort,
                                                           uint32_t seq,
                                                           uint32_t size) const;

    // No own exchange open, no answer held, nothing waiting to be written.
    bool IsIdle() const;
    SeqexTcpCounters GetCounters() const;
    uint16_t GetConnectionCount() const;
    // Data segments sent on this node's live connections and not yet
    // acknowledged (unacked stream bytes over the segment size, rounded up).
    uint64_t GetUnackedSegments() const;

    // (connection, incarnation, kind, seq, re, data): a data node was sent.
    typedef void (*MessageSentTracedCallback)(uint16_t, uint32_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&);
    // (connection, incarnation, seq, data, re): a data node was delivered; re
    // is set when it answers one of our nodes.
    typedef void (*MessageDeliveredTracedCallback)(uint16_t, uint32_t, uint32_t, const seqex::Bytes&, std::optional<uint32_t>);
    // (connection, incarnation, seq): AnswerAck / ResolvedByAck.
    typedef void (*MessageSeqTracedCallback)(uint16_t, uint32_t, uint32_t);
    typedef void (*ExchangeRestartTracedCallback)(uint16_t connection, uint64_t exchangeId);
    // (own, exchangeId): stream bytes of that exchange were sent again.
    typedef void (*ExchangeRetransmitTracedCallback)(bool own, uint64_t exchangeId);
    // A data segment was sent: true when it carries bytes sent before.
    typedef void (*SegmentTracedCallback)(bool retransmission);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // A message written into a connection's stream, for retransmission and
    // drop attribution.
    struct StreamMessage
    {
        uint64_t begin; // stream offset
        uint64_t end;
        bool own;
        uint64_t exchangeId;
    };

    struct Connection
    {
        Ptr<Socket> socket;
        uint32_t incarnation = 0;
        bool up = false;
        uint16_t localPort = 0;
        uint16_t remotePort = 0;
        std::vector<uint8_t> rx;           // bytes not yet framed
        std::deque<std::vector<uint8_t>> tx; // frames the socket has no room for yet
        uint64_t written = 0;              // stream bytes handed to the socket
        std::vector<StreamMessage> messages;
        std::optional<uint32_t> firstDataSeq; // TCP seq of stream offset 0
        uint64_t highestSent = 0;             // stream offset one past the highest byte sent
        uint32_t nextSeq = 0;                 // our next message pseudo-seq
        uint32_t rxSeq = 0;                   // the peer's next message pseudo-seq
        // Our last node per exchange (own?, id) -> its pseudo-seq.
        std::map<std::pair<bool, uint64_t>, uint32_t> lastSent;
        std::deque<uint64_t> waitingStarts; // own exchanges to (re)start once up
    };

    // An own exchange not yet ended.
    struct OpenExchange
    {
        uint16_t connection;
        uint16_t length;
        bool seqCst;
        bool restartPending = false;
    };

    // ---- connections ----
    void Connect(uint16_t c);
    void OnConnected(uint16_t c, uint32_t incarnation, Ptr<Socket> socket);
    void OnConnectFailed(uint16_t c, uint32_t incarnation, Ptr<Socket> socket);
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void Attach(uint16_t c, uint32_t incarnation, Ptr<Socket> socket);
    void CloseConnection(uint16_t c);
    void Reset(Time downtime);
    void WatchSegments(Ptr<Socket> socket, uint16_t c, uint32_t incarnation);
    void OnSegment(uint16_t c, uint32_t incarnation, Ptr<const Packet> p, const TcpHeader& h);
    // ---- framing ----
    void HandleRead(Ptr<Socket> socket);
    void HandleUnboundRead(Ptr<Socket> socket);
    void Flush(uint16_t c);
    void Write(uint16_t c, std::vector<uint8_t> frame, std::optional<std::pair<bool, uint64_t>> owner);
    void OnFrame(uint16_t c, uint8_t type, const uint8_t* body, size_t size);
    // ---- workload ----
    void OfferExchange(const seqex::PendingExchange& exchange) override;
    void SaturatingStarted() override;
    void PullSaturating(); // saturating: generate while a connection can take one
    bool CanTake(uint16_t c) const;
    void StartExchange(uint64_t id);
    void SendNode(uint16_t c, const seqex::ExchangeNode& node, std::optional<uint32_t> re);
    void OnNode(uint16_t c, const seqex::ExchangeNode& node, const seqex::Bytes& data);
    void Answer(uint16_t c, uint32_t incarnation, seqex::Bytes data, uint32_t seq);
    void OnAck(uint16_t c, uint64_t exchangeId, uint16_t index);
    void Complete(uint16_t c, uint64_t exchangeId, uint32_t length);

    // Attributes.
    Ipv4Address m_remote;
    uint16_t m_port;
    bool m_listen;
    uint16_t m_connectionCount;

    bool m_running = false;
    Ptr<Socket> m_listener;
    std::vector<Connection> m_conns;
    std::vector<uint32_t> m_incarnations; // connecting side: next incarnation per connection
    std::map<Ptr<Socket>, std::vector<uint8_t>> m_unbound; // accepted, hello not yet read
    std::vector<EventId> m_events;
    uint16_t m_nextConnection = 0; // saturating round-robin
    std::map<uint64_t, OpenExchange> m_open;
    uint64_t m_heldAnswers = 0;
    // Nodes delivered here: (own exchange?, id, index), to count duplicates.
    std::set<std::tuple<bool, uint64_t, uint16_t>> m_delivered;
    SeqexTcpCounters m_counters;

    TracedCallback<uint16_t, uint32_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&> m_messageSentTrace;
    TracedCallback<uint16_t, uint32_t, uint32_t, const seqex::Bytes&, std::optional<uint32_t>> m_messageDeliveredTrace;
    TracedCallback<uint16_t, uint32_t, uint32_t> m_answerAckTrace;
    TracedCallback<uint16_t, uint32_t, uint32_t> m_resolvedByAckTrace;
    TracedCallback<uint16_t, uint64_t> m_exchangeRestartTrace;
    TracedCallback<bool, uint64_t> m_exchangeRetransmitTrace;
    TracedCallback<bool> m_segmentTrace;
    TracedCallback<Time> m_rtoArmedTrace;
};

} // namespace ns3

#endif
