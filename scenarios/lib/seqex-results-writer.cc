#include "seqex-results-writer.h"

#include "seqex-build-info.h"
#include "seqex-json.h"
#include "seqex-scenario-catalog.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace ns3
{

// The one JSON writer (util/seqex-json.h) is ns-3-free, in namespace seqex.
using seqex::JsonNumber;
using seqex::JsonString;

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
    return JsonNumber(double(t.GetNanoSeconds()) / 1e6);
}

void
Distribution(std::ostream& os, const SeqexDistribution& d)
{
    os << "{\"count\": " << d.count << ", \"mean\": " << JsonNumber(d.mean) << ", \"p50\": " << JsonNumber(d.p50)
       << ", \"p90\": " << JsonNumber(d.p90) << ", \"p99\": " << JsonNumber(d.p99)
       << ", \"max\": " << JsonNumber(d.max) << "}";
}

void
LinkCounters(std::ostream& os, const SeqexChannelCounters& c, uint64_t queueDropped)
{
    os << "{\"queue_dropped\": " << queueDropped << ", \"tx_packets\": " << c.txPackets << ", \"tx_bytes\": " << c.txBytes << ", \"delivered\": " << c.delivered
       << ", \"lost\": " << c.lost << ", \"burst_lost\": " << c.burstLost << ", \"blackholed\": " << c.blackholed
       << ", \"link_down_dropped\": " << c.linkDownDropped << ", \"duplicated\": " << c.duplicated
       << ", \"reordered\": " << c.reordered << "}";
}

void
Pairs(std::ostream& os, const std::vector<std::pair<std::string, std::string>>& pairs)
{
    os << "{";
    for (size_t i = 0; i < pairs.size(); ++i)
    {
        os << (i ? ", " : "") << JsonString(pairs[i].first) << ": " << JsonString(pairs[i].second);
    }
    os << "}";
}

void
Lines(std::ostream& os, const std::vector<std::string>& lines)
{
    os << "[";
    for (size_t i = 0; i < lines.size(); ++i)
    {
        os << (i ? ", " : "") << JsonString(lines[i]);
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

std::vector<std::pair<std::string, std::string>>
SeqexVariedFlags(const std::string& scenario, const std::vector<std::pair<std::string, std::string>>& params)
{
    SeqexScenarioConfig defaults;
    SeqexConfigure(scenario, {}, defaults);
    SeqexFlagTable table;
    BindScenarioFlags(table, defaults, SeqexScenarioNames());
    std::map<std::string, std::string> base;
    for (const auto& [name, value] : table.Values())
    {
        base[name] = value;
    }
    std::vector<std::pair<std::string, std::string>> varied;
    for (const auto& [name, value] : params)
    {
        if (name != "out" && name != "runId" && base.count(name) && base[name] != value)
        {
            varied.emplace_back(name, value);
        }
    }
    return varied;
}

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
    os << "{\"scenario\": " << JsonString(c.scenario) << ", \"run_id\": " << JsonString(id.runId)
       << ", \"transport\": " << JsonString(c.transport) << ", \"seed\": " << c.seed
       << ", \"status\": " << JsonString(SeqexRunStatusName(o.Status()))
       << ", \"command\": " << JsonString(id.command) << ", \"build\": {\"commit\": "
       << JsonString(SeqexProjectCommit()) << ", \"ns3\": " << JsonString(SeqexNs3Version()) << "}, \"resets\": [";
    for (size_t i = 0; i < o.resetTimes.size(); ++i)
    {
        os << (i ? ", " : "") << Seconds9(o.resetTimes[i]);
    }
    os << "], \"varied\": ";
    Pairs(os, SeqexVariedFlags(c.scenario, id.params));
    os << ", \"params\": ";
    Pairs(os, id.params);
    os << ", \"metrics\": {\"exchanges\": " << m.exchanges << ", \"expected_exchanges\": " << o.expectedExchanges
       << ", \"completed\": " << m.completed << ", \"hit_by_loss\": " << m.hit
       << ", \"delivered_bytes\": " << m.deliveredBytes << ", \"goodput_mbps\": " << JsonNumber(m.goodputMbps)
       << ", \"goodput_forward_mbps\": " << JsonNumber(m.goodputForwardMbps)
       << ", \"goodput_reverse_mbps\": " << JsonNumber(m.goodputReverseMbps)
       << ", \"goodput_ceiling_mbps\": " << JsonNumber(o.ceiling.Sum())
       << ", \"goodput_ceiling_forward_mbps\": " << JsonNumber(o.ceiling.forwardMbps)
       << ", \"goodput_ceiling_reverse_mbps\": " << JsonNumber(o.ceiling.reverseMbps)
       << ", \"buffer_packets\": " << c.BufferPackets() << ", \"bdp_packets\": " << JsonNumber(c.BdpPackets())
       << ", \"buffer_bdp\": " << JsonNumber(c.BdpPackets() > 0 ? double(c.BufferPackets()) / c.BdpPackets() : 0)
       << ", \"backlog_early\": " << JsonNumber(o.backlog.early)
       << ", \"backlog_late\": " << JsonNumber(o.backlog.late);
    if (o.share.enabled)
    {
        os << ", \"seqex_share\": " << JsonNumber(o.share.seqexShareTotal)
           << ", \"jain_index\": " << JsonNumber(o.share.jainTotal);
    }
    os << ", \"latency_ms\": ";
    Distribution(os, m.latency);
    os << ", \"backlog_wait_ms\": ";
    Distribution(os, m.backlogWait);
    os << ", \"hol_ms\": ";
    Distribution(os, m.hol);
    os << ", \"first_transmissions\": " << o.totals.firstTransmissions
       << ", \"retransmissions\": " << m.retransmissions << ", \"retx_overhead\": " << JsonNumber(m.retxOverhead)
       << ", \"wire_bytes\": " << o.totals.wireBytes
       << ", \"wire_bytes_per_delivered_byte\": " << JsonNumber(m.wireBytesPerDeliveredByte)
       << ", \"drain_ms\": " << Ms(o.drain) << ", \"resets\": " << o.resets << "}, \"link\": {\"forward\": ";
    LinkCounters(os, o.channel[0], o.queueDropped[0]);
    os << ", \"reverse\": ";
    LinkCounters(os, o.channel[1], o.queueDropped[1]);
    os << "}, \"transport_attributes\": {";
    for (size_t i = 0; i < o.attributes.size(); ++i)
    {
        os << (i ? ", " : "") << JsonString(o.attributes[i].first) << ": " << JsonString(o.attributes[i].second);
    }
    os << "}, \"transport_counters\": {";
    for (size_t i = 0; i < o.counters.size(); ++i)
    {
        os << (i ? ", " : "") << JsonString(o.counters[i].first) << ": " << o.counters[i].second;
    }
    os << "}, \"violations\": ";
    Lines(os, o.safety);
    os << ", \"not_drained\": ";
    Lines(os, o.liveness);
    os << "}\n";
    return os.str();
}

std::string
SeqexExchangesCsv(const SeqexScenarioConfig& c, const SeqexRunOutcome& o)
{
    SeqexIdealPath ideal = c.IdealPath();
    std::ostringstream os;
    os << "originator,exchange,channel,length,seq_cst,start_s,first_sent_s,end_s,completed,latency_ms,"
          "backlog_wait_ms,ideal_ms,hol_ms,retransmissions,drops,restarts,hit_by_loss,bytes\n";
    for (const SeqexExchangeRecord* r : o.log.Records())
    {
        Time idealLatency = ideal.Ideal(r->length);
        os << r->key.originator << ',' << r->key.id << ',' << r->channel << ',' << r->length << ','
           << (r->seqCst ? 1 : 0) << ',' << Seconds9(r->start) << ',' << (r->started ? Seconds9(r->firstSent) : "")
           << ',' << (r->completed ? Seconds9(r->end) : "") << ',' << (r->completed ? 1 : 0) << ','
           << (r->completed ? Ms(r->Latency()) : "") << ',' << (r->started ? Ms(r->BacklogWait()) : "") << ','
           << Ms(idealLatency) << ',' << (r->completed && !r->Hit() ? Ms(r->InTransport() - idealLatency) : "")
           << ',' 
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
SeqexShareCsv(const SeqexRunOutcome& o)
{
    const SeqexShareOutcome& s = o.share;
    std::ostringstream os;
    os << "time_s,seqex_bytes";
    for (uint32_t k = 0; k < s.flows; ++k)
    {
        os << ",tcp" << k << "_bytes";
    }
    os << ",seqex_share,jain_index\n";
    for (size_t i = 0; i < s.bins.size(); ++i)
    {
        os << Seconds9(s.start + s.bin * static_cast<int64_t>(i)) << ',' << s.bins[i].seqexBytes;
        for (uint64_t b : s.bins[i].tcpBytes)
        {
            os << ',' << b;
        }
        os << ',' << JsonNumber(s.seqexShare[i]) << ',' << JsonNumber(s.jain[i]) << '\n';
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
    if (error.empty() && o.share.enabled)
    {
        error = WriteAtomically(dir / (id.runId + ".share.csv"), SeqexShareCsv(o));
    }
    if (error.empty())
    {
        error = WriteAtomically(dir / (id.runId + ".json"), SeqexSummaryJson(c, id, o));
    }
    return error;
}

} // namespace ns3
