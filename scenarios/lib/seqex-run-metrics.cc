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
    std::vector<double> backlog;
    std::vector<double> hol;
    Time firstStart = Time::Max();
    for (const SeqexExchangeRecord* r : log.Records())
    {
        ++m.exchanges;
        firstStart = std::min(firstStart, r->start);
        if (r->started)
        {
            backlog.push_back(r->BacklogWait().GetSeconds() * 1e3);
        }
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
            hol.push_back((r->InTransport() - ideal.Ideal(r->length)).GetSeconds() * 1e3);
        }
    }
    m.latency = Summarize(std::move(latency));
    m.backlogWait = Summarize(std::move(backlog));
    m.hol = Summarize(std::move(hol));
    m.deliveredBytes = log.DeliveredBytes();
    Time goodputEnd = std::min(m.lastEnd, goodputUntil);
    uint64_t to[2] = {log.DeliveredBytesTo(0), log.DeliveredBytesTo(1)};
    if (goodputEnd < m.lastEnd)
    {
        to[0] = to[1] = 0;
        for (const SeqexExchangeRecord* r : log.Records())
        {
            if (r->completed && r->end <= goodputEnd)
            {
                to[0] += r->bytesTo[0];
                to[1] += r->bytesTo[1];
            }
        }
    }
    if (m.completed > 0 && goodputEnd > firstStart)
    {
        double seconds = (goodputEnd - firstStart).GetSeconds();
        m.goodputForwardMbps = double(to[1]) * 8.0 / seconds / 1e6;
        m.goodputReverseMbps = double(to[0]) * 8.0 / seconds / 1e6;
        m.goodputMbps = m.goodputForwardMbps + m.goodputReverseMbps;
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

SeqexBacklogTrend
BacklogTrend(const std::vector<uint64_t>& open)
{
    SeqexBacklogTrend t;
    size_t n = open.size();
    if (n < 4)
    {
        return t;
    }
    double sum[2] = {0, 0};
    size_t count[2] = {0, 0};
    for (size_t i = 0; i < n; ++i)
    {
        size_t quarter = 4 * i / n;
        if (quarter == 1 || quarter == 3)
        {
            sum[quarter / 2] += double(open[i]);
            ++count[quarter / 2];
        }
    }
    t.early = sum[0] / double(count[0]);
    t.late = sum[1] / double(count[1]);
    t.overload = t.late > SeqexBacklogTrend::kOverloadGrowth * t.early + SeqexBacklogTrend::kOverloadSlack;
    return t;
}

SeqexGoodputCeiling
GoodputCeiling(const std::string& transport,
               DataRate bandwidth,
               uint32_t size,
               uint32_t lenMin,
               uint32_t lenMax,
               bool bidirectional,
               uint32_t tcpSegment)
{
    constexpr double kPpp = 2;
    constexpr double kIpv4 = 20;
    constexpr double kUdp = 8;
    constexpr double kSeqexPayload = 10;
    constexpr double kSeqexReply = 14;
    constexpr double kTcpFraming = 5;
    constexpr double kTcpHeader = 32;
    // Mean data packets, and their wire bytes, from the originator (nodes
    // 0, 2, ...) and from the responder (1, 3, ...) per exchange, over the
    // uniform length.
    double fromOrig = 0;
    double fromResp = 0;
    double wireOrig = 0;
    double wireResp = 0;
    double lengths = double(lenMax - lenMin + 1);
    for (uint32_t len = lenMin; len <= lenMax; ++len)
    {
        for (uint32_t node = 0; node < len; ++node)
        {
            double wire;
            if (transport == "tcp")
            {
                double bytes = size + kTcpFraming;
                wire = bytes * (tcpSegment + kTcpHeader + kIpv4 + kPpp) / tcpSegment;
            }
            else
            {
                wire = size + (node == 0 ? kSeqexPayload : kSeqexReply) + kUdp + kIpv4 + kPpp;
            }
            (node % 2 == 0 ? fromOrig : fromResp) += 1.0 / lengths;
            (node % 2 == 0 ? wireOrig : wireResp) += wire / lengths;
        }
    }
    double fwd = fromOrig;
    double rev = fromResp;
    double wireFwd = wireOrig;
    double wireRev = wireResp;
    if (bidirectional) // node 1 originates as many: each direction carries both shares
    {
        fwd = rev = fromOrig + fromResp;
        wireFwd = wireRev = wireOrig + wireResp;
    }
    // Exchanges per second when the busier direction is full.
    double perSecond = double(bandwidth.GetBitRate()) / 8.0 / std::max(wireFwd, wireRev);
    SeqexGoodputCeiling c;
    c.forwardMbps = perSecond * fwd * size * 8.0 / 1e6;
    c.reverseMbps = perSecond * rev * size * 8.0 / 1e6;
    return c;
}

} // namespace ns3
