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

/// What the application and its transport count besides the per-channel
/// seqex::Counters.
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
 * \brief The exchange workload over SEQEX.
 */
class SeqexApplication : public SeqexWorkloadApplication
{
  public:
    using Endpoint = SeqexTransport::Endpoint;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SeqexApplication();
    ~SeqexApplication() override;

    /// \return the transport the workload runs over
    Ptr<SeqexTransport> GetTransport() const;

    /// See SeqexTransport::ResetTransport.
    void ResetTransport(uint16_t newLocalPort = 0);
    /// See SeqexTransport::ScheduleTransportReset.
    void ScheduleTransportReset(Time delay, uint16_t newLocalPort = 0, Time downtime = Time(0));

    // Valid once the application has started (the channels exist from then).
    uint16_t GetChannelCount() const;
    const seqex::Counters& GetCounters(uint16_t channel) const;
    seqex::Counters GetTotalCounters() const;
    const Endpoint& GetEndpoint(uint16_t channel) const;
    SeqexAppCounters GetAppCounters() const;

    /// \return true when the transport is idle (SPEC §7.4), no answer is
    ///         held and no exchange start waits
    bool IsIdle() const;

    uint16_t GetLocalPort() const;  //!< the port the current socket is bound to
    Address GetPeerAddress() const; //!< where datagrams go now (ip:port)
    uint32_t GetBacklogSize() const;
    uint32_t GetHeldAnswerCount() const;

    void SetResendInterval(Time interval); //!< applies at once (SPEC §3)
    Time GetResendInterval() const;

    typedef void (*WindowFullTracedCallback)(uint16_t channel, uint64_t exchangeId);
    typedef void (*BacklogOverflowTracedCallback)(uint64_t exchangeId);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // ---- workload over the message API ----
    void OfferExchange(const seqex::PendingExchange& exchange) override;
    void SaturatingStarted() override;
    void AdmitWaiting(Ptr<SeqexTransport> transport); // the transport's send callback
    std::optional<uint16_t> ChannelWithRoom();
    void StartExchange(uint16_t channel, const seqex::PendingExchange& exchange);
    void OnMessage(Ptr<SeqexMessage> message);
    void Answer(Ptr<SeqexMessage> message);
    void AnswerHeld(uint16_t channel, uint32_t seq);
    void OnAcked(uint16_t channel, uint32_t seq, const seqex::Bytes& sent);
    void CompleteExchange(uint16_t channel, uint64_t exchangeId, uint32_t length);

    uint32_t m_backlogLimit;
    Ptr<SeqexTransport> m_transport;

    // A delivery the application is still "thinking about" (AnswerDelay).
    struct HeldAnswer
    {
        Ptr<SeqexMessage> message;
        EventId event;
    };
    std::map<std::pair<uint16_t, uint32_t>, HeldAnswer> m_held;

    uint16_t m_nextChannel = 0;
    std::deque<seqex::PendingExchange> m_backlog;
    SeqexAppCounters m_counters;

    TracedCallback<uint16_t, uint64_t> m_windowFullTrace;
    TracedCallback<uint64_t> m_backlogOverflowTrace;
};

} // namespace ns3

#endif
