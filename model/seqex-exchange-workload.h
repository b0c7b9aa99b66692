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

using ExchangeNode = ns3::SeqexExchangeNode;

/// The workload's settings (the attributes of ns3::SeqexWorkloadApplication).
struct WorkloadSettings
{
    /// Exchanges to originate. Open loop: 0 means unlimited. Saturating
    /// (no start interval): this many, and 0 makes a pure responder.
    uint64_t maxExchanges = 0;
    bool openLoop = false;       //!< starts come at drawn intervals
    double seqCstFraction = 0.0; //!< probability an exchange is seq_cst
    uint32_t payloadSize = 64;   //!< bytes of every node (>= kSeqexExchangeNodeSize)
};

/// Empty when `s` is usable, else what is wrong with it.
std::string ValidateWorkloadSettings(const WorkloadSettings& s);

/// The random draws of one exchange, made in the order the workload asks.
class ExchangeDraws
{
  public:
    virtual ~ExchangeDraws() = default;
    virtual double Length() = 0;        //!< data nodes, truncated to an integer
    virtual double SeqCstUniform() = 0; //!< uniform in [0, 1)
};

/// An exchange the workload generated and no transport has sent yet.
struct PendingExchange
{
    uint64_t id = 0;
    uint16_t length = 1; //!< data nodes (payload + replies)
    bool seqCst = false;
    int64_t generatedNs = 0;
};

/// An own exchange that ended.
struct CompletedExchange
{
    uint64_t id = 0;
    uint32_t length = 0; //!< data nodes it took
    bool seqCst = false;
    int64_t generatedNs = 0; //!< the workload generated it
    int64_t firstSentNs = 0; //!< its payload was first handed to the transport
    int64_t endedNs = 0;     //!< its originator learned it ended

    /// The exchange latency: from generation, so any wait for the
    /// transport (window room, a connection) counts.
    int64_t LatencyNs() const
    {
        return endedNs - generatedNs;
    }

    /// The wait between generation and first transmission (backlog wait).
    int64_t BacklogWaitNs() const
    {
        return firstSentNs - generatedNs;
    }
};

/// How to answer a delivered node (the responder's rule).
struct AnswerDecision
{
    bool reply = false;         //!< reply with `next`; else answer with the Ack
    ExchangeNode next;          //!< the reply's node, when reply
    bool readable = false;      //!< the delivered data was an exchange node
    ExchangeNode delivered;     //!< that node, when readable
    /// The Ack ends one of our own exchanges (we answer the peer's last
    /// node of an exchange we originated).
    bool endsOwnExchange = false;
};

class ExchangeWorkload
{
  public:
    explicit ExchangeWorkload(const WorkloadSettings& settings);

    const WorkloadSettings& Settings() const
    {
        return m_settings;
    }

    /// True while the originator still has exchanges to generate.
    bool MoreToGenerate() const;

    /// Generates the next exchange from `draws` at `nowNs`. Empty `error`
    /// on success; otherwise names the draw that was out of range.
    struct Generated
    {
        PendingExchange exchange;
        std::string error;
    };
    Generated Generate(ExchangeDraws& draws, int64_t nowNs);

    /// Empty when `gapSeconds` / `delaySeconds` is a usable draw.
    static std::string CheckStartGap(double gapSeconds);
    static std::string CheckAnswerDelay(double delaySeconds);

    /// The payload of an exchange (its node 0).
    Bytes FirstNode(const PendingExchange& e) const;

    /// The exchange's payload was handed to the transport at `nowNs`. On
    /// its first transmission, returns when it was generated; a later call
    /// (a restart) keeps the first time and returns nothing, as does a call
    /// for an exchange not open.
    std::optional<int64_t> Sent(uint64_t id, int64_t nowNs);

    /// The responder's rule for delivered `data`.
    AnswerDecision Decide(const Bytes& data) const;

    /// The application bytes of `node`.
    Bytes Encode(const ExchangeNode& node) const;

    /// Our packet carrying `sentData` was resolved by the peer's Ack: the
    /// exchange it ends when that packet was an originator's node.
    std::optional<ExchangeNode> EndedByAck(const Bytes& sentData) const;

    /// Own exchange `id` ended after `length` data nodes at `nowNs`; empty
    /// when no such exchange is open here (the peer's data is not ours).
    std::optional<CompletedExchange> Complete(uint64_t id, uint32_t length, int64_t nowNs);

    uint64_t GeneratedCount() const
    {
        return m_generated;
    }

    /// Own exchanges generated and not ended (sent or not).
    size_t OpenCount() const
    {
        return m_open.size();
    }

  private:
    struct Open
    {
        bool seqCst;
        int64_t generatedNs;
        std::optional<int64_t> firstSentNs;
    };

    WorkloadSettings m_settings;
    uint64_t m_generated = 0;
    std::map<uint64_t, Open> m_open;
};

} // namespace seqex

#endif
