// SeqexWorkloadApplication: the request/reply exchange workload as the base
// of every application that runs it over some transport (in the manner of
// ns-3's SourceApplication): SeqexApplication over SEQEX, the scenarios'
// SeqexTcpExchangeApp over TCP. It owns the workload's attributes, random
// streams, generation schedule, answer rule and completion, and the
// ExchangeStart / ExchangeComplete traces; the derived class only moves
// nodes over its transport. The decisions themselves are ns-3-free
// (seqex::ExchangeWorkload), so both transports measure by one definition.
#ifndef SEQEX_WORKLOAD_APPLICATION_H
#define SEQEX_WORKLOAD_APPLICATION_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/seqex-exchange-workload.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <optional>

namespace ns3
{

/**
 * \ingroup seqex
 * \brief What the workload counts, whatever the transport.
 */
struct SeqexWorkloadCounters
{
    uint64_t exchangesGenerated = 0; //!< own exchanges the workload generated
    uint64_t exchangesStarted = 0;   //!< own exchanges whose payload was first sent
    uint64_t exchangesCompleted = 0; //!< own exchanges that ended (ExchangeComplete)
};

/**
 * \ingroup seqex
 * \brief Base of the applications that run the exchange workload.
 *
 * Generation: with a StartInterval, an open-loop originator generates an
 * exchange every drawn interval, the first one interval after
 * max(WorkloadStart, the application's start), and offers it to the
 * transport at once (OfferExchange); MaxExchanges bounds them, 0 meaning
 * unlimited. Without one, the originator is saturating: MaxExchanges
 * exchanges, each generated when the transport can take it at once (the
 * derived class calls GenerateNow while TakesSaturating()); 0 makes a pure
 * responder.
 *
 * Timestamps: an exchange is generated (the workload asked for it), then
 * first sent (its payload handed to the transport: ExchangeStart reports
 * the wait between), then ends (ExchangeComplete). Its latency runs from
 * generation.
 */
class SeqexWorkloadApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SeqexWorkloadApplication();
    ~SeqexWorkloadApplication() override;

    /**
     * \brief Fixes the workload's random streams (StartInterval,
     * ExchangeLength, AnswerDelay, the seq_cst draw, in this order; an
     * unset variable keeps its number).
     * \param stream the first stream number
     * \return the number of streams used (4)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return what the workload counted
    const SeqexWorkloadCounters& GetWorkloadCounters() const;

    /// \return own exchanges generated and not ended
    uint64_t GetOpenExchangeCount() const;

    /**
     * \brief ExchangeStart: an own exchange's payload was first handed to
     * the transport.
     * \param channel the channel (or connection) carrying it
     * \param exchangeId the exchange
     * \param backlogWait how long it waited since it was generated
     */
    typedef void (*ExchangeStartTracedCallback)(uint16_t channel, uint64_t exchangeId, Time backlogWait);

    /**
     * \brief ExchangeComplete: an own exchange ended.
     * \param channel the channel (or connection) that carried it
     * \param exchangeId the exchange
     * \param latency from its generation to its end
     * \param length the data nodes it took
     * \param generated when the workload generated it
     * \param firstSent when its payload was first handed to the transport
     */
    typedef void (*ExchangeCompleteTracedCallback)(uint16_t channel,
                                                   uint64_t exchangeId,
                                                   Time latency,
                                                   uint32_t length,
                                                   Time generated,
                                                   Time firstSent);

  protected:
    void DoDispose() override;

    /// Starts generating (call from StartApplication).
    void StartWorkload();
    /// Stops generating (call from StopApplication).
    void StopWorkload();

    /**
     * \brief An open-loop exchange was generated: send it now or queue it.
     * \param exchange the exchange; call NotifySent when its payload goes
     */
    virtual void OfferExchange(const seqex::PendingExchange& exchange) = 0;

    /// Saturating: the workload has started; pull with GenerateNow.
    virtual void SaturatingStarted() = 0;

    /// \return true while a saturating originator has exchanges to generate
    bool TakesSaturating() const;

    /// \return the next exchange, generated now (fatal on an invalid draw)
    seqex::PendingExchange GenerateNow();

    /**
     * \brief The exchange's payload was handed to the transport. The first
     * call fires ExchangeStart; later ones (restarts) change nothing.
     * \param channel the channel (or connection)
     * \param exchangeId the exchange
     */
    void NotifySent(uint16_t channel, uint64_t exchangeId);

    /**
     * \brief Own exchange `exchangeId` ended after `length` data nodes.
     * \param channel the channel (or connection)
     * \param exchangeId the exchange
     * \param length the data nodes it took
     * \return false when no such exchange is open (the peer's data is not
     *         this workload's)
     */
    bool NotifyEnded(uint16_t channel, uint64_t exchangeId, uint32_t length);

    /// \return a delay to answer a delivery after (fatal on a negative draw)
    Time DrawAnswerDelay();

    /// \return the workload's ns-3-free decisions
    const seqex::ExchangeWorkload& Workload() const;

    /**
     * \brief Logs and aborts naming the derived application.
     * \param what what went wrong
     */
    [[noreturn]] void WorkloadError(const std::string& what) const;

  private:
    /**
     * \brief Open loop: schedules the next start one drawn gap after `after`.
     * \param after the delay from now the gap is added to
     */
    void ScheduleNextGeneration(Time after);
    /// Open loop: generates an exchange, schedules the next, offers this one.
    void GenerateOpenLoop();
    /// Saturating: the workload starts (SaturatingStarted).
    void BeginSaturating();

    Time m_workloadStart;                      //!< WorkloadStart attribute
    uint64_t m_maxExchanges;                   //!< MaxExchanges attribute
    Ptr<RandomVariableStream> m_startInterval; //!< StartInterval attribute (null: saturating)
    Ptr<RandomVariableStream> m_exchangeLength; //!< ExchangeLength attribute
    Ptr<RandomVariableStream> m_answerDelay;   //!< AnswerDelay attribute
    uint32_t m_payloadSize;                    //!< PayloadSize attribute
    double m_seqCstFraction;                   //!< SeqCstFraction attribute
    Ptr<UniformRandomVariable> m_seqCstDraw;   //!< the seq_cst draw per exchange

    std::unique_ptr<seqex::ExchangeWorkload> m_workload; //!< the ns-3-free decisions (made at the start)
    bool m_saturating = false;                           //!< saturating and started
    EventId m_generateEvent;                             //!< the next generation (or saturating start)
    SeqexWorkloadCounters m_counters;                    //!< what the workload counted

    /// ExchangeStart trace source
    TracedCallback<uint16_t, uint64_t, Time> m_exchangeStartTrace;
    /// ExchangeComplete trace source
    TracedCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time> m_exchangeCompleteTrace;
};

} // namespace ns3

#endif
