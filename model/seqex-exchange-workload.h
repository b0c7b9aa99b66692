// The request/reply exchange workload's decisions, with no ns-3 in them, so
// every transport that runs it (SEQEX and TCP in ns-3, a real-UDP peer
// outside) measures by the same definitions:
//   - generation: how many exchanges an originator starts (MaxExchanges),
//     the per-exchange draws in a fixed order (length, then the seq_cst
//     draw, the latter only when SeqCstFraction > 0);
//   - the answer rule: a node is answered with the exchange's next node,
//     the last node with the Ack; data that is no exchange node is acked;
//   - completion: the originator's exchange ends when it sends the final
//     Ack or receives it; an exchange records when the workload generated
//     it and when its first node was first handed to the transport.
// The random draws and the clock come from the caller (ExchangeDraws, times
// in nanoseconds since any fixed origin).
#ifndef SEQEX_EXCHANGE_WORKLOAD_H
#define SEQEX_EXCHANGE_WORKLOAD_H

#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-wire.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace seqex
{

/**
 * \ingroup seqex
 * \brief The workload's settings (the attributes of
 * ns3::SeqexWorkloadApplication).
 */
struct WorkloadSettings
{
    /// Exchanges to originate. Open loop: 0 means unlimited. Saturating
    /// (no start interval): this many, and 0 makes a pure responder.
    uint64_t maxExchanges = 0;
    bool openLoop = false;       //!< starts come at drawn intervals
    double seqCstFraction = 0.0; //!< probability an exchange is seq_cst
    uint32_t payloadSize = 64;   //!< bytes of every node (>= kExchangeNodeSize)
};

/**
 * \ingroup seqex
 * \brief Checks settings before a workload runs with them.
 * \param s the settings
 * \return empty when `s` is usable, else what is wrong with it
 */
std::string ValidateWorkloadSettings(const WorkloadSettings& s);

/**
 * \ingroup seqex
 * \brief The random draws of one exchange, made in the order the workload
 * asks (the caller owns the random streams).
 */
class ExchangeDraws
{
  public:
    virtual ~ExchangeDraws() = default;
    /**
     * \brief Draws the exchange's length.
     * \return data nodes, truncated to an integer (must be 1..65535)
     */
    virtual double Length() = 0;
    /**
     * \brief Draws whether the exchange is seq_cst (asked only when
     * SeqCstFraction > 0).
     * \return a value uniform in [0, 1)
     */
    virtual double SeqCstUniform() = 0;
};

/**
 * \ingroup seqex
 * \brief An exchange the workload generated and no transport has sent yet.
 */
struct PendingExchange
{
    uint64_t id = 0;         //!< unique per originating workload, from 0
    uint16_t length = 1;     //!< data nodes (payload + replies)
    bool seqCst = false;     //!< its packets are seq_cst
    int64_t generatedNs = 0; //!< when the workload generated it
};

/**
 * \ingroup seqex
 * \brief An own exchange that ended.
 */
struct CompletedExchange
{
    uint64_t id = 0;         //!< the exchange
    uint32_t length = 0;     //!< data nodes it took
    bool seqCst = false;     //!< its packets were seq_cst
    int64_t generatedNs = 0; //!< the workload generated it
    int64_t firstSentNs = 0; //!< its payload was first handed to the transport
    int64_t endedNs = 0;     //!< its originator learned it ended

    /**
     * \brief The exchange latency: from generation, so any wait for the
     * transport (window room, a connection) counts.
     * \return endedNs - generatedNs
     */
    int64_t LatencyNs() const
    {
        return endedNs - generatedNs;
    }

    /**
     * \brief The wait between generation and first transmission (backlog
     * wait).
     * \return firstSentNs - generatedNs
     */
    int64_t BacklogWaitNs() const
    {
        return firstSentNs - generatedNs;
    }
};

/**
 * \ingroup seqex
 * \brief How to answer a delivered node (the responder's rule).
 */
struct AnswerDecision
{
    bool reply = false;     //!< reply with `next`; else answer with the Ack
    ExchangeNode next;      //!< the reply's node, when reply
    bool readable = false;  //!< the delivered data was an exchange node
    ExchangeNode delivered; //!< that node, when readable
    /// The Ack ends one of our own exchanges (we answer the peer's last
    /// node of an exchange we originated).
    bool endsOwnExchange = false;
};

/**
 * \ingroup seqex
 * \brief The request/reply exchange workload's decisions: generation, the
 * answer rule and completion, with no clock and no transport in them.
 *
 * The caller gives the random draws (ExchangeDraws) and the time (in
 * nanoseconds since any fixed origin); SeqexWorkloadApplication in ns-3 and
 * the real-UDP peer outside it run the same object, so both transports
 * measure by one definition.
 */
class ExchangeWorkload
{
  public:
    /**
     * \brief A workload with the given settings (ValidateWorkloadSettings
     * accepted them).
     * \param settings the settings
     */
    explicit ExchangeWorkload(const WorkloadSettings& settings);

    /**
     * \brief The settings it runs with.
     * \return the settings
     */
    const WorkloadSettings& Settings() const
    {
        return m_settings;
    }

    /**
     * \brief Whether the originator still has exchanges to generate.
     * \return true while MaxExchanges is not reached (always, open loop
     *         without a limit)
     */
    bool MoreToGenerate() const;

    /// The outcome of Generate.
    struct Generated
    {
        PendingExchange exchange; //!< the new exchange, when error is empty
        std::string error;        //!< names the draw that was out of range
    };

    /**
     * \brief Generates the next exchange.
     * \param draws the random draws, asked for the length, then (when
     *        SeqCstFraction > 0) for the seq_cst draw
     * \param nowNs the time
     * \return the exchange; on an out-of-range draw only the error (and
     *         nothing is generated)
     */
    Generated Generate(ExchangeDraws& draws, int64_t nowNs);

    /**
     * \brief Checks a drawn gap between open-loop starts.
     * \param gapSeconds the draw
     * \return empty when usable, else why not
     */
    static std::string CheckStartGap(double gapSeconds);
    /**
     * \brief Checks a drawn delay before answering a delivery.
     * \param delaySeconds the draw
     * \return empty when usable, else why not
     */
    static std::string CheckAnswerDelay(double delaySeconds);

    /**
     * \brief The payload of an exchange (its node 0).
     * \param e the exchange
     * \return its application bytes, PayloadSize long
     */
    Bytes FirstNode(const PendingExchange& e) const;

    /**
     * \brief The exchange's payload was handed to the transport.
     * \param id the exchange
     * \param nowNs the time
     * \return on its first transmission, when it was generated; nothing on a
     *         later call (a restart keeps the first time) or for an exchange
     *         not open
     */
    std::optional<int64_t> Sent(uint64_t id, int64_t nowNs);

    /**
     * \brief The responder's rule.
     * \param data the delivered data
     * \return whether to reply (and with which node) or to ack
     */
    AnswerDecision Decide(const Bytes& data) const;

    /**
     * \brief The application bytes of a node.
     * \param node the node
     * \return its encoding, PayloadSize long
     */
    Bytes Encode(const ExchangeNode& node) const;

    /**
     * \brief Our packet was resolved by the peer's Ack.
     * \param sentData the data we sent in that packet
     * \return the node it carried when it was an originator's node (its
     *         exchange ended there), else nothing
     */
    std::optional<ExchangeNode> EndedByAck(const Bytes& sentData) const;

    /**
     * \brief Own exchange `id` ended.
     * \param id the exchange
     * \param length the data nodes it took
     * \param nowNs the time
     * \return the completed exchange; empty when no such exchange is open
     *         here (the peer's data is not ours)
     */
    std::optional<CompletedExchange> Complete(uint64_t id, uint32_t length, int64_t nowNs);

    /**
     * \brief How many exchanges were generated.
     * \return the count
     */
    uint64_t GeneratedCount() const
    {
        return m_generated;
    }

    /**
     * \brief Own exchanges generated and not ended (sent or not).
     * \return the count
     */
    size_t OpenCount() const
    {
        return m_open.size();
    }

  private:
    /// An own exchange not ended yet.
    struct Open
    {
        bool seqCst;                        //!< its packets are seq_cst
        int64_t generatedNs;                //!< when it was generated
        std::optional<int64_t> firstSentNs; //!< when its payload was first sent
    };

    WorkloadSettings m_settings;        //!< the settings
    uint64_t m_generated = 0;           //!< exchanges generated (the next id)
    std::map<uint64_t, Open> m_open;    //!< own exchanges not ended, by id
};

} // namespace seqex

#endif
