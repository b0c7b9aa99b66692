#include "seqex-exchange-workload.h"

#include <cmath>
#include <limits>

namespace seqex
{

std::string
ValidateWorkloadSettings(const WorkloadSettings& s)
{
    if (s.payloadSize < kExchangeNodeSize || s.payloadSize > kMaxDataSize)
    {
        return "PayloadSize " + std::to_string(s.payloadSize) + " is outside " +
               std::to_string(kExchangeNodeSize) + ".." + std::to_string(kMaxDataSize);
    }
    if (!(s.seqCstFraction >= 0.0 && s.seqCstFraction <= 1.0))
    {
        return "SeqCstFraction " + std::to_string(s.seqCstFraction) + " is outside 0..1";
    }
    return "";
}

ExchangeWorkload::ExchangeWorkload(const WorkloadSettings& settings)
    : m_settings(settings)
{
}

bool
ExchangeWorkload::MoreToGenerate() const
{
    if (m_settings.openLoop && m_settings.maxExchanges == 0)
    {
        return true; // open loop without a limit
    }
    return m_generated < m_settings.maxExchanges;
}

ExchangeWorkload::Generated
ExchangeWorkload::Generate(ExchangeDraws& draws, int64_t nowNs)
{
    Generated out;
    double drawn = draws.Length();
    if (!(drawn >= 1.0 && drawn < std::numeric_limits<uint16_t>::max() + 1.0))
    {
        out.error = "ExchangeLength drew " + std::to_string(drawn) + " (must be 1..65535)";
        return out;
    }
    bool seqCst = m_settings.seqCstFraction > 0 && draws.SeqCstUniform() < m_settings.seqCstFraction;
    out.exchange = PendingExchange{m_generated, static_cast<uint16_t>(drawn), seqCst, nowNs};
    ++m_generated;
    m_open[out.exchange.id] = Open{seqCst, nowNs, std::nullopt};
    return out;
}

std::string
ExchangeWorkload::CheckStartGap(double gapSeconds)
{
    return gapSeconds >= 0 ? "" : "StartInterval drew a negative gap (" + std::to_string(gapSeconds) + " s)";
}

std::string
ExchangeWorkload::CheckAnswerDelay(double delaySeconds)
{
    return delaySeconds >= 0 ? "" : "AnswerDelay drew a negative delay (" + std::to_string(delaySeconds) + " s)";
}

Bytes
ExchangeWorkload::FirstNode(const PendingExchange& e) const
{
    return Encode(ExchangeNode{e.id, 0, e.length, e.seqCst});
}

Bytes
ExchangeWorkload::Encode(const ExchangeNode& node) const
{
    return EncodeExchangeNode(node, m_settings.payloadSize);
}

std::optional<int64_t>
ExchangeWorkload::Sent(uint64_t id, int64_t nowNs)
{
    auto it = m_open.find(id);
    if (it == m_open.end() || it->second.firstSentNs)
    {
        return std::nullopt;
    }
    it->second.firstSentNs = nowNs;
    return it->second.generatedNs;
}

AnswerDecision
ExchangeWorkload::Decide(const Bytes& data) const
{
    AnswerDecision d;
    std::optional<ExchangeNode> node = DecodeExchangeNode(data);
    if (!node)
    {
        return d; // not ours to read: acked
    }
    d.readable = true;
    d.delivered = *node;
    if (!node->IsLast())
    {
        d.reply = true;
        d.next = ExchangeNode{node->exchangeId, static_cast<uint16_t>(node->index + 1), node->plannedLength, node->seqCst};
        return d;
    }
    // The last node came from the peer; it is ours when the peer responded.
    d.endsOwnExchange = !node->FromOriginator();
    return d;
}

std::optional<ExchangeNode>
ExchangeWorkload::EndedByAck(const Bytes& sentData) const
{
    std::optional<ExchangeNode> node = DecodeExchangeNode(sentData);
    if (node && node->FromOriginator())
    {
        return node;
    }
    return std::nullopt;
}

std::optional<CompletedExchange>
ExchangeWorkload::Complete(uint64_t id, uint32_t length, int64_t nowNs)
{
    auto it = m_open.find(id);
    if (it == m_open.end())
    {
        return std::nullopt;
    }
    CompletedExchange c;
    c.id = id;
    c.length = length;
    c.seqCst = it->second.seqCst;
    c.generatedNs = it->second.generatedNs;
    // An exchange ends only after its payload was sent; keep the record
    // consistent even for a caller that never reported the send.
    c.firstSentNs = it->second.firstSentNs.value_or(it->second.generatedNs);
    c.endedNs = nowNs;
    m_open.erase(it);
    return c;
}

} // namespace seqex
