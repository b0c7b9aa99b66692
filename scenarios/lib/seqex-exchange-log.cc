#include "seqex-exchange-log.h"

namespace ns3
{

SeqexExchangeRecord&
SeqexExchangeLog::At(const SeqexExchangeKey& key)
{
    auto [it, inserted] = m_records.try_emplace(key);
    if (inserted)
    {
        it->second.key = key;
    }
    return it->second;
}

SeqexExchangeRecord*
SeqexExchangeLog::Find(const SeqexExchangeKey& key)
{
    auto it = m_records.find(key);
    return it == m_records.end() ? nullptr : &it->second;
}

void
SeqexExchangeLog::Started(const SeqexExchangeKey& key, uint32_t channel, Time generated, Time firstSent)
{
    SeqexExchangeRecord& r = At(key);
    r.channel = channel;
    r.start = generated;
    if (!r.started)
    {
        r.started = true;
        r.firstSent = firstSent;
    }
}

void
SeqexExchangeLog::AddDeliveredBytes(const SeqexExchangeKey* key, uint32_t receiver, uint64_t n)
{
    m_deliveredTo[receiver] += n;
    if (key != nullptr)
    {
        SeqexExchangeRecord& r = At(*key);
        r.bytes += n;
        r.bytesTo[receiver] += n;
    }
}

void
SeqexExchangeLog::Completed(const SeqexExchangeKey& key, Time end)
{
    SeqexExchangeRecord& r = At(key);
    if (r.completed)
    {
        ++m_doubleCompletions;
        return;
    }
    r.completed = true;
    r.end = end;
}

std::vector<const SeqexExchangeRecord*>
SeqexExchangeLog::Records() const
{
    std::vector<const SeqexExchangeRecord*> out;
    out.reserve(m_records.size());
    for (const auto& [key, r] : m_records)
    {
        out.push_back(&r);
    }
    return out;
}

} // namespace ns3
