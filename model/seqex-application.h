// SeqexApplication: the built-in request/reply workload
// (SeqexWorkloadApplication) over a SeqexTransport, as one user of the
// transport's message API. The application exposes every attribute and
// trace source of its transport under the same name (RemoteAddress,
// Channels, Window, Tx, Deliver, ...), so it is configured and traced as
// one object; GetTransport() gives the transport itself. doc/seqex.rst
// describes the attributes, traces, the application-level data layout and
// the peer-address rules.
#ifndef SEQEX_APPLICATION_H
#define SEQEX_APPLICATION_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-transport.h"
#include "ns3/seqex-workload-application.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <optional>

namespace ns3
{

/**
 * \ingroup seqex
 * \brief What the application and its transport count besides the
 * per-channel seqex::Counters.
 */
struct SeqexAppCounters
{
    uint64_t exchangesStarted = 0;   //!< own exchanges whose payload was sent (the workload's count)
    uint64_t exchangesCompleted = 0; //!< own exchanges that ended (the workload's count)
    uint64_t exchangesDeferred = 0;  //!< starts that waited in the backlog (WindowFull)
    uint64_t backlogOverflows = 0;   //!< starts refused: the backlog was full (BacklogOverflow)
    uint64_t badAppData = 0;         //!< deliveries whose data is no exchange node: acked
    SeqexTransportCounters transport; //!< the transport's (datagrams, drops, peer moves, resets)
};

/**
 * \ingroup seqex
 * \brief The built-in request/reply exchange workload over SEQEX.
 *
 * One user of SeqexTransport's message API: open-loop starts go out on the
 * channels in turn, wait in a bounded backlog (BacklogLimit) while the
 * window is full and are refused beyond it; deliveries are answered by the
 * workload's rule (the next node, or the Ack for an exchange's last node),
 * after an AnswerDelay draw. The application exposes every attribute and
 * trace source of its transport under the same name, so it is configured
 * and traced as one object; GetTransport() gives the transport itself.
 */
class SeqexApplication : public SeqexWorkloadApplication
{
  public:
    /// The core's endpoint, one per channel.
    using Endpoint = SeqexTransport::Endpoint;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SeqexApplication();
    ~SeqexApplication() override;

    /**
     * \brief The transport the workload runs over.
     * \return the transport
     */
    Ptr<SeqexTransport> GetTransport() const;

    /**
     * \brief See SeqexTransport::ResetTransport.
     * \param newLocalPort the new port (0 keeps the current one)
     */
    void ResetTransport(uint16_t newLocalPort = 0);
    /**
     * \brief See SeqexTransport::ScheduleTransportReset.
     * \param delay from now
     * \param newLocalPort the new port (0 keeps the current one)
     * \param downtime how long the socket stays closed
     */
    void ScheduleTransportReset(Time delay, uint16_t newLocalPort = 0, Time downtime = Time(0));

    /**
     * \brief The number of channels (valid once started, as the getters
     * below).
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
     * \brief What the application and its transport counted.
     * \return the counters
     */
    SeqexAppCounters GetAppCounters() const;

    /**
     * \brief Whether nothing is left to do.
     * \return true when the transport is idle (SPEC §7.4), no answer is
     *         held and no exchange start waits
     */
    bool IsIdle() const;

    /**
     * \brief The local port.
     * \return the port the current socket is bound to
     */
    uint16_t GetLocalPort() const;
    /**
     * \brief Where datagrams go now.
     * \return the peer's ip:port
     */
    Address GetPeerAddress() const;
    /**
     * \brief Exchange starts waiting for window room.
     * \return the backlog's length
     */
    uint32_t GetBacklogSize() const;
    /**
     * \brief Deliveries waiting for their AnswerDelay.
     * \return their number
     */
    uint32_t GetHeldAnswerCount() const;

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
     * \brief WindowFull: an exchange start found no room and waits in the
     * backlog.
     * \param channel the channel it was offered to
     * \param exchangeId the exchange
     */
    typedef void (*WindowFullTracedCallback)(uint16_t channel, uint64_t exchangeId);
    /**
     * \brief BacklogOverflow: an exchange start was refused, the backlog
     * being full.
     * \param exchangeId the exchange
     */
    typedef void (*BacklogOverflowTracedCallback)(uint64_t exchangeId);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // ---- workload over the message API ----
    void OfferExchange(const seqex::PendingExchange& exchange) override;
    void SaturatingStarted() override;
    /**
     * \brief The transport's send callback: starts the waiting exchanges,
     * then (saturating) new ones, while a channel has room.
     * \param transport the transport
     */
    void AdmitWaiting(Ptr<SeqexTransport> transport);
    /**
     * \brief The next channel with window room, round-robin from the one
     * after the last used.
     * \return the channel, or nothing when every window is full
     */
    std::optional<uint16_t> ChannelWithRoom();
    /**
     * \brief Sends an exchange's payload (the caller checked CanSend).
     * \param channel the channel
     * \param exchange the exchange
     */
    void StartExchange(uint16_t channel, const seqex::PendingExchange& exchange);
    /**
     * \brief The transport's receive callback: answers now, or holds the
     * message for an AnswerDelay draw.
     * \param message the delivery
     */
    void OnMessage(Ptr<SeqexMessage> message);
    /**
     * \brief Answers a delivery by the workload's rule.
     * \param message the delivery
     */
    void Answer(Ptr<SeqexMessage> message);
    /**
     * \brief A held delivery's AnswerDelay is over.
     * \param channel its channel
     * \param seq its seq
     */
    void AnswerHeld(uint16_t channel, uint32_t seq);
    /**
     * \brief The transport's acked callback: an Ack ended one of our
     * exchanges when it resolved an originator's node.
     * \param channel the channel
     * \param seq our packet's seq
     * \param sent the data we sent in it
     */
    void OnAcked(uint16_t channel, uint32_t seq, const seqex::Bytes& sent);
    /**
     * \brief An own exchange ended (counted as bad data when it is not ours).
     * \param channel the channel
     * \param exchangeId the exchange
     * \param length the data nodes it took
     */
    void CompleteExchange(uint16_t channel, uint64_t exchangeId, uint32_t length);

    uint32_t m_backlogLimit;         //!< BacklogLimit attribute
    Ptr<SeqexTransport> m_transport; //!< the transport the workload runs over

    /// A delivery the application is still "thinking about" (AnswerDelay).
    struct HeldAnswer
    {
        Ptr<SeqexMessage> message; //!< the delivery
        EventId event;             //!< when it is answered
    };
    /// Held deliveries by (channel, seq).
    std::map<std::pair<uint16_t, uint32_t>, HeldAnswer> m_held;

    uint16_t m_nextChannel = 0;                   //!< where the next exchange start goes
    std::deque<seqex::PendingExchange> m_backlog; //!< exchange starts waiting for window room
    SeqexAppCounters m_counters;                  //!< what the application counted

    TracedCallback<uint16_t, uint64_t> m_windowFullTrace;  //!< WindowFull trace source
    TracedCallback<uint64_t> m_backlogOverflowTrace;       //!< BacklogOverflow trace source
};

} // namespace ns3

#endif
