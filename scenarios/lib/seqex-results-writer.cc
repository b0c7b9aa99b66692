#include "seqex-results-writer.h"

#include "seqex-json.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ns3
{

namespace
{

// Seconds with nanosecond precision: exact and identical across runs.
std::string
Seconds9(Time t)
{
    char buf[40];
    int64_t ns = t.GetNanoSeconds();
    std::snprintf(buf, sizeof buf, "%s%lld.%09lld", ns < 0 ? "-" : "", static_cast<long long>(std::llabs(ns) / 1000000000),
                  static_cast<long long>(std::llabs(ns) % 1000000000));
    return buf;
}

std::string
Ms(Time t)
{
    return seqex::JsonNumber(double(t.GetNanoSeconds()) / 1e6);
}

void
Distribution(std::ostream& os, const SeqexDistribution& d)
{
    os << "{\"count\": " << d.count << ", \"mean\": " << seqex::JsonNumber(d.mean) << ", \"p50\": " << seqex::JsonNumber(d.p50)
       << ", \"p90\": " << seqex::JsonNumber(d.p90) << ", \"p99\": " << seqex::JsonNumber(d.p99)
       << ", \"max\": " << seqex::JsonNumber(d.max) << "}";
}

void
LinkCounters(std::ostream& os, const SeqexChannelCounters& c)
{
    os << "{\"tx_packets\": " << c.txPackets << ", \"tx_bytes\": " << c.txBytes << ", \"delivered\": " << c.delivered
       << ", \"lost\": " << c.lost << ", \"burst_lost\": " << c.burstLost << ", \"blackholed\": " << c.blackholed
       << ", \"link_down_dropped\": " << c.linkDownDropped << ", \"duplicated\": " << c.duplicated
       << ", \"reordered\": " << c.reordered << "}";
}

void
Lines(std::ostream& os, const std::vector<std::string>& lines)
{
    os << "[";
    for (size_t i = 0; i < lines.size(); ++i)
    {
        os << (i ? ", " : "") << seqex::JsonString(lines[i]);
    }
    os << "]";
}

std::string
WriteAtomically(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        f.flush();
        if (!f)
        {
            return "cannot write " + tmp.string();
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec)
    {
        return "cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message();
    }
    return {};
}

std::filesystem::path
RunsDir(const SeqexScenarioConfig& c)
{
    return std::filesystem::path(c.RunFile("")).parent_path();
}

} // namespace

std::string
SeqexSummaryPath(const SeqexScenarioConfig& c, const std::string& runId)
{
    return (RunsDir(c) / (runId + ".json")).string();
}

std::string
SeqexSummaryJson(const SeqexScenarioConfig& c, const SeqexRunIdentity& id, const SeqexRunOutcome& o)
{
    const SeqexRunMetrics& m = o.metrics;
    std::ostringstream os;
    os << "{\"scenario\": " << seqex::JsonString(c.scenario) << ", \"run_id\": " << seqex::JsonString(id.runId)
       << ", \"transport\": " << seqex::JsonString(c.transport) << ", \"seed\": " << c.seed
       << ", \"status\": " << seqex::JsonString(o.Ok() ? "ok" : "violation") << ", \"command\": " << seqex::JsonString(id.command)
       << ", \"resets\": [";
    for (size_t i = 0; i < o.resetTimes.size(); ++i)
    {
        os << (i ? ", " : "") << Seconds9(o.resetTimes[i]);
    }
    os << "], \"params\": {";
    for (size_t i = 0; i < id.params.size(); ++i)
    {
        os << (i ? ", " : "") << seqex::JsonString(id.params[i].first) << ": " << seqex::JsonString(id.params[i].second);
    }
    os << "}, \"metrics\": {\"exchanges\": " << m.exchanges << ", \"expected_exchanges\": " << o.expectedExchanges
       << ", \"completed\": " << m.completed << ", \"hit_by_loss\": " << m.hit
       << ", \"delivered_bytes\": " << m.deliveredBytes << ", \"goodput_mbps\": " << seqex::JsonNumber(m.goodputMbps)
       << ", \"latency_ms\": ";
    Distribution(os, m.latency);
    os << ", \"hol_ms\": ";
    Distribution(os, m.hol);
    os << ", \"first_transmissions\": " << o.totals.firstTransmissions
       << ", \"retransmissions\": " << m.retransmissions << ", \"retx_overhead\": " << seqex::JsonNumber(m.retxOverhead)
       << ", \"wire_bytes\": " << o.totals.wireBytes
       << ", \"wire_bytes_per_delivered_byte\": " << seqex::JsonNumber(m.wireBytesPerDeliveredByte)
       << ", \"drain_ms\": " << Ms(o.drain) << ", \"resets\": " << o.resets << "}, \"link\": {\"forward\": ";
    LinkCounters(os, o.channel[0]);
    os << ", \"reverse\": ";
    LinkCounters(os, o.channel[1]);
    os << "}, \"transport_counters\": {";
    for (size_t i = 0; i < o.counters.size(); ++i)
    {
        os << (i ? ", " : "") << seqex::JsonString(o.counters[i].first) << ": " << o.counters[i].second;
    }
    os << "}, \"violations\": {\"safety\": ";
    Lines(os, o.safety);
    os << ", \"liveness\": ";
    Lines(os, o.liveness);
    os << "}}\n";
    return os.str();
}

std::string
SeqexExchangesCsv(const SeqexScenarioConfig& c, const SeqexRunOutcome& o)
{
    SeqexIdealPath ideal = c.IdealPath();
    std::ostringstream os;
    os << "originator,exchange,channel,length,seq_cst,start_s,end_s,completed,latency_ms,ideal_ms,hol_ms,"
          "retransmissions,drops,restarts,hit_by_loss,bytes\n";
    for (const SeqexExchangeRecord* r : o.log.Records())
    {
        Time idealLatency = ideal.Ideal(r->length);
        os << r->key.originator << ',' << r->key.id << ',' << r->channel << ',' << r->length << ','
           << (r->seqCst ? 1 : 0) << ',' << Seconds9(r->start) << ',' << (r->completed ? Seconds9(r->end) : "")
           << ',' << (r->completed ? 1 : 0) << ',' << (r->completed ? Ms(r->Latency()) : "") << ','
           << Ms(idealLatency) << ',' << (r->completed && !r->Hit() ? Ms(r->Latency() - idealLatency) : "") << ','
           << r->retransmissions << ',' << r->drops << ',' << r->restarts << ',' << (r->Hit() ? 1 : 0) << ','
           << r->bytes << '\n';
    }
    return os.str();
}

std::string
SeqexTimelineCsv(const SeqexRunOutcome& o)
{
    std::ostringstream os;
    os << "time_s,in_flight,delivered,retransmitted,sent\n";
    const std::vector<SeqexTimelineBin>& bins = o.timeline.Bins();
    for (size_t i = 0; i < bins.size(); ++i)
    {
        const SeqexTimelineBin& b = bins[i];
        os << Seconds9(o.timeline.Bin() * static_cast<int64_t>(i)) << ',' << b.inFlight << ',' << b.delivered << ','
           << b.retransmitted << ',' << b.sent << '\n';
    }
    return os.str();
}

std::string
WriteSeqexRunResults(const SeqexScenarioConfig& c, const SeqexRunIdentity& id, const SeqexRunOutcome& o)
{
    std::filesystem::path dir = RunsDir(c);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        return "--out: cannot create " + dir.string() + ": " + ec.message();
    }
    std::string error = WriteAtomically(dir / (id.runId + ".exchanges.csv"), SeqexExchangesCsv(c, o));
    if (error.empty() && o.timeline.Enabled())
    {
        error = WriteAtomically(dir / (id.runId + ".timeline.csv"), SeqexTimelineCsv(o));
    }
    if (error.empty())
    {
        error = WriteAtomically(dir / (id.runId + ".json"), SeqexSummaryJson(c, id, o));
    }
    return error;
}

} // namespace ns3
