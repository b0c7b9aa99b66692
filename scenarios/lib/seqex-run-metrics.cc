#include "seqex-run-metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ns3
{

Time
SeqexIdealPath::Ideal(uint32_t length) const
{
    Time serialization = bandwidth.CalculateBytesTxTime(dataSize);
    int64_t crossings = length % 2 == 1 ? length + 1 : length;
    return (delay + meanJitter) * crossings + (serialization + answerDelay) * int64_t(length);
}

SeqexDistribution
Summarize(std::vector<double> ms)
{
    SeqexDistribution d;
    if (ms.empty())
    {
        return d;
    }
    std::sort(ms.begin(), ms.end());
    auto rank = [&ms](double p) {
        size_t n = ms.size();
        size_t r = static_cast<size_t>(std::ceil(p * double(n)));
        return ms[std::clamp<size_t>(r, 1, n) - 1];
    };
    d.count = ms.size();
    d.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size());
    d.p50 = rank(0.50);
    d.p90 = rank(0.90);
    d.p99 = rank(0.99);
    d.max = ms.back();
    return d;
}

SeqexRunMetrics
ComputeMetrics(const SeqexExchangeLog& log,
               const SeqexTransportTotals& totals,
               const SeqexIdealPath& ideal,
               Time goodputUntil)
{
    SeqexRunMetrics m;
    std::vector<double> latency;
    std::vector<double> hol;
    Time firstStart = Time::Max();
    for (const SeqexExchangeRecord* r : log.Records())
    {
        ++m.exchanges;
        firstStart = std::min(firstStart, r->start);
        if (!r->completed)
        {
            continue;
        }
        ++m.completed;
        m.lastEnd = std::max(m.lastEnd, r->end);
        latency.push_back(r->Latency().GetSeconds() * 1e3);
        if (r->Hit())
        {
            ++m.hit;
        }
        else
        {
            hol.push_back((r->Latency() - ideal.Ideal(r->length)).GetSeconds() * 1e3);
        }
    }
    m.latency = Summarize(std::move(latency));
    m.hol = Summarize(std::move(hol));
    m.deliveredBytes = log.DeliveredBytes();
    Time goodputEnd = std::min(m.lastEnd, goodputUntil);
    uint64_t goodputBytes = m.deliveredBytes;
    if (goodputEnd < m.lastEnd)
    {
        goodputBytes = 0;
        for (const SeqexExchangeRecord* r : log.Records())
        {
            goodputBytes += (r->completed && r->end <= goodputEnd) ? r->bytes : 0;
        }
    }
    if (m.completed > 0 && goodputEnd > firstStart)
    {
        m.goodputMbps = double(goodputBytes) * 8.0 / (goodputEnd - firstStart).GetSeconds() / 1e6;
    }
    m.retransmissions = totals.retransmissions;
    if (totals.firstTransmissions > 0)
    {
        m.retxOverhead = double(totals.retransmissions) / double(totals.firstTransmissions);
    }
    if (m.deliveredBytes > 0)
    {
        m.wireBytesPerDeliveredByte = double(totals.wireBytes) / double(m.deliveredBytes);
    }
    return m;
}

} // namespace ns3
