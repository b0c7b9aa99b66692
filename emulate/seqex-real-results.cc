#include "seqex-real-results.h"

#include "seqex-results-writer.h"

#include "ns3/seqex-exchange-data.h"
#include "seqex-invariant-checker.h"

#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace ns3
{

namespace
{

int64_t
MonotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

const char kHex[] = "0123456789abcdef";

struct Event
{
    int64_t t = 0;
    std::string ev;
    uint16_t channel = 0;
    int kind = 0;
    uint64_t seq = 0;
    int64_t re = -1;
    int flag = 0;
    seqex::Bytes data;
};

bool
ParseHex(const std::string& hex, seqex::Bytes& out)
{
    if (hex == "-")
    {
        out.clear();
        return true;
    }
    if (hex.size() % 2 != 0)
    {
        return false;
    }
    out.resize(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i)
    {
        auto nib = [](char c) -> int {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        };
        int hi = nib(hex[2 * i]);
        int lo = nib(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
        {
            return false;
        }
        out[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    return true;
}

// Reads one event log; "" or what is wrong (file and line).
std::string
ReadEvents(const std::string& path, std::vector<Event>& out)
{
    std::ifstream in(path);
    if (!in)
    {
        return "cannot read " + path + " (did the program write its event log?)";
    }
    std::string line;
    size_t n = 0;
    while (std::getline(in, line))
    {
        ++n;
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        std::istringstream fields(line);
        Event e;
        std::string hex;
        unsigned channel = 0;
        if (!(fields >> e.t >> e.ev >> channel >> e.kind >> e.seq >> e.re >> e.flag >> hex) || channel > 65535 ||
            !ParseHex(hex, e.data))
        {
            return path + ":" + std::to_string(n) + ": not an event line: '" + line + "'";
        }
        e.channel = static_cast<uint16_t>(channel);
        out.push_back(std::move(e));
    }
    return "";
}

struct Drop
{
    uint32_t direction;
    int kind;
    uint16_t channel;
    uint64_t seq;
    uint64_t re;
};

std::vector<Drop>
ReadDrops(const std::string& path)
{
    std::vector<Drop> out;
    std::ifstream in(path);
    Drop d{};
    unsigned channel = 0;
    while (in >> d.direction >> d.kind >> channel >> d.seq >> d.re)
    {
        d.channel = static_cast<uint16_t>(channel);
        out.push_back(d);
    }
    return out;
}

// Whose exchange a data node sent by `sender` belongs to.
std::optional<SeqexExchangeKey>
KeyOf(uint32_t sender, const seqex::Bytes& data)
{
    std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
    if (!node)
    {
        return std::nullopt;
    }
    return SeqexExchangeKey{node->FromOriginator() ? sender : 1 - sender, node->exchangeId};
}

} // namespace

SeqexEventLogWriter::SeqexEventLogWriter(const std::string& path, uint32_t node)
    : m_out(path, std::ios::trunc)
{
    if (!m_out)
    {
        throw std::runtime_error("cannot write the event log " + path);
    }
    m_out << "# seqex-udp-peer events v1 node=" << node << "\n# t_ns\tev\tchannel\tkind\tseq\tre\tflag\tdata_hex\n";
}

void
SeqexEventLogWriter::Line(const char* ev, uint16_t channel, int kind, uint64_t seq, int64_t re, int flag,
                          const uint8_t* data, size_t size)
{
    m_out << MonotonicNs() << '\t' << ev << '\t' << channel << '\t' << kind << '\t' << seq << '\t' << re << '\t'
          << flag << '\t';
    if (size == 0)
    {
        m_out << '-';
    }
    for (size_t i = 0; i < size; ++i)
    {
        m_out << kHex[data[i] >> 4] << kHex[data[i] & 15];
    }
    m_out << '\n';
}

void
SeqexEventLogWriter::Transmit(const uint8_t* datagram, size_t size)
{
    seqex::DecodedDatagram d = seqex::DecodeDatagram(datagram, size);
    if (d.error != seqex::DecodeError::None)
    {
        return;
    }
    const seqex::WireHeader& h = d.header;
    bool data = seqex::IsDataKind(h.kind);
    Line("tx", h.channel, static_cast<int>(h.kind), data ? h.seq : 0,
         seqex::IsReplyKind(h.kind) || !data ? static_cast<int64_t>(h.re) : -1, 0, d.data, d.dataLength);
}

void
SeqexEventLogWriter::Deliver(uint16_t channel, seqex::Seq seq, std::optional<seqex::Seq> re, bool seqCst,
                             const seqex::Bytes& data)
{
    Line("dl", channel, 0, seq, re ? static_cast<int64_t>(*re) : -1, seqCst ? 1 : 0, data.data(), data.size());
}

void
SeqexEventLogWriter::AnswerAck(uint16_t channel, seqex::Seq seq)
{
    Line("aa", channel, 0, seq, -1, 0, nullptr, 0);
}

void
SeqexEventLogWriter::ResolvedByAck(uint16_t channel, seqex::Seq seq)
{
    Line("ra", channel, 0, seq, -1, 0, nullptr, 0);
}

void
SeqexEventLogWriter::ExchangeStart(uint16_t channel, uint64_t id)
{
    Line("xs", channel, 0, id, -1, 0, nullptr, 0);
}

void
SeqexEventLogWriter::ExchangeComplete(uint16_t channel, uint64_t id)
{
    Line("xc", channel, 0, id, -1, 0, nullptr, 0);
}

void
SeqexEventLogWriter::Flush()
{
    m_out.flush();
}

SeqexRealRun
CheckRealRun(const SeqexScenarioConfig& c, const std::string& prefix, const SeqexChannelCounters* channel)
{
    SeqexRealRun run;
    std::vector<Event> events[2];
    for (uint32_t n = 0; n < 2; ++n)
    {
        run.readError = ReadEvents(prefix + "node" + std::to_string(n) + ".events.tsv", events[n]);
        if (!run.readError.empty())
        {
            return run;
        }
    }
    int64_t t0 = std::numeric_limits<int64_t>::max();
    for (const auto& list : events)
    {
        if (!list.empty())
        {
            t0 = std::min(t0, list.front().t);
        }
    }
    // Times as in a scenario run: the traffic starts at TrafficStart.
    auto at = [&](int64_t t) { return SeqexScenarioConfig::TrafficStart() + NanoSeconds(t - t0); };

    std::vector<seqex::InvariantChecker> checkers;
    for (uint32_t ch = 0; ch < c.channels; ++ch)
    {
        checkers.emplace_back(0);
    }
    SeqexExchangeLog& log = run.outcome.log;
    SeqexTransportTotals& totals = run.outcome.totals;
    using PacketId = std::tuple<uint32_t, uint16_t, uint64_t>; // sender, channel, seq
    std::map<PacketId, SeqexExchangeKey> packets;
    std::set<PacketId> sent;          // OnSend fed
    std::set<PacketId> ackedByPeer;   // (answering node, channel, peer's seq) OnAnswerAck fed
    uint64_t acks = 0;
    uint64_t outOfRange = 0;
    size_t next[2] = {0, 0};

    auto ready = [&](uint32_t n, const Event& e) {
        if (e.ev == "dl")
        {
            return sent.count({1 - n, e.channel, e.seq}) > 0;
        }
        if (e.ev == "ra")
        {
            return ackedByPeer.count({1 - n, e.channel, e.seq}) > 0;
        }
        return true;
    };
    auto feed = [&](uint32_t n, const Event& e) {
        if (e.channel >= checkers.size())
        {
            ++outOfRange;
            return;
        }
        seqex::InvariantChecker& ck = checkers[e.channel];
        int peer = static_cast<int>(n);
        auto seq = static_cast<seqex::Seq>(e.seq);
        if (e.ev == "tx")
        {
            auto kind = static_cast<seqex::PacketKind>(e.kind);
            if (!seqex::IsDataKind(kind))
            {
                ++acks;
                return;
            }
            auto re = static_cast<seqex::Seq>(e.re < 0 ? 0 : e.re);
            PacketId id{n, e.channel, e.seq};
            if (sent.insert(id).second)
            {
                ck.OnSend(peer, kind, seq, re, e.data);
                ++totals.firstTransmissions;
                if (std::optional<SeqexExchangeKey> key = KeyOf(n, e.data))
                {
                    packets[id] = *key;
                    std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(e.data);
                    SeqexExchangeRecord& r = log.At(*key);
                    r.channel = e.channel;
                    r.length = node->plannedLength;
                    r.seqCst = node->seqCst;
                }
            }
            else
            {
                ++totals.retransmissions;
                auto it = packets.find(id);
                if (it != packets.end())
                {
                    ++log.At(it->second).retransmissions;
                }
            }
            ck.OnTransmit(peer, kind, seq, re, e.data);
        }
        else if (e.ev == "dl")
        {
            std::optional<seqex::Seq> re;
            if (e.re >= 0)
            {
                re = static_cast<seqex::Seq>(e.re);
            }
            ck.OnDeliver(peer, seq, e.flag != 0, e.data, re);
            std::optional<SeqexExchangeKey> key = KeyOf(1 - n, e.data);
            log.AddDeliveredBytes(key ? &*key : nullptr, n, e.data.size()); // node n received it
        }
        else if (e.ev == "aa")
        {
            ck.OnAnswerAck(peer, seq);
            ackedByPeer.insert({n, e.channel, e.seq});
        }
        else if (e.ev == "ra")
        {
            ck.OnResolvedByAck(peer, seq);
        }
        else if (e.ev == "xs")
        {
            // The peer's log has one start time per exchange, taken when its
            // runtime sent the first packet: generation and first
            // transmission coincide (no backlog wait is measured here).
            log.Started({n, e.seq}, e.channel, at(e.t), at(e.t));
        }
        else if (e.ev == "xc")
        {
            log.Completed({n, e.seq}, at(e.t));
        }
    };

    // Each node's events in its own order; the other node's are interleaved
    // wherever an event needs one of them first.
    while (next[0] < events[0].size() || next[1] < events[1].size())
    {
        bool progressed = false;
        for (uint32_t n = 0; n < 2; ++n)
        {
            while (next[n] < events[n].size() && ready(n, events[n][next[n]]))
            {
                feed(n, events[n][next[n]++]);
                progressed = true;
            }
        }
        if (!progressed)
        {
            // Neither can go on: an event depends on one that never
            // happened. Fed anyway, so the checker names it.
            uint32_t n = next[0] < events[0].size() ? 0 : 1;
            feed(n, events[n][next[n]++]);
        }
    }

    for (const Drop& d : ReadDrops(prefix + "drops.tsv"))
    {
        auto kind = static_cast<seqex::PacketKind>(d.kind);
        PacketId id = seqex::IsDataKind(kind) ? PacketId{d.direction, d.channel, d.seq}
                                              : PacketId{1 - d.direction, d.channel, d.re};
        auto it = packets.find(id);
        if (it != packets.end())
        {
            if (SeqexExchangeRecord* r = log.Find(it->second))
            {
                ++r->drops;
            }
        }
    }

    for (uint32_t ch = 0; ch < checkers.size(); ++ch)
    {
        for (const std::string& v : checkers[ch].CheckSafety())
        {
            run.outcome.safety.push_back("channel " + std::to_string(ch) + ": " + v);
        }
        for (const std::string& v : checkers[ch].CheckLiveness())
        {
            run.outcome.liveness.push_back("channel " + std::to_string(ch) + ": " + v);
        }
    }
    if (outOfRange > 0)
    {
        run.outcome.safety.push_back(std::to_string(outOfRange) + " logged events name a channel beyond --channels");
    }
    SeqexCheckExchangesEnded(c, log, run.outcome.liveness, run.outcome.safety);
    run.outcome.expectedExchanges = c.ExchangesPerOriginator() * (c.bidirectional ? 2 : 1);
    if (channel != nullptr)
    {
        for (uint32_t d = 0; d < 2; ++d)
        {
            run.channel[d] = channel[d];
            run.outcome.channel[d] = channel[d];
            totals.wireBytes += channel[d].txBytes;
        }
    }
    run.outcome.counters = {{"data_packets", totals.firstTransmissions},
                            {"acks_sent", acks},
                            {"retransmitted", totals.retransmissions}};
    run.outcome.metrics = ComputeMetrics(log, totals, c.IdealPath(), c.Saturating() ? c.TrafficStop() : Time::Max());
    run.outcome.drain = std::max(run.outcome.metrics.lastEnd - c.TrafficStop(), Time(0));
    return run;
}

std::string
SeqexPeerFlags(const SeqexFlagTable& table)
{
    std::string out;
    for (const auto& [name, value] : table.Values())
    {
        std::string quoted;
        for (char ch : value)
        {
            quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        }
        out += (out.empty() ? "" : " ") + ("'--" + name + "=" + quoted + "'");
    }
    return out;
}

std::string
WriteRealRun(const SeqexScenarioConfig& c, const SeqexFlagTable& table, const SeqexRealRun& run)
{
    if (!run.readError.empty())
    {
        return run.readError;
    }
    SeqexRunIdentity id;
    id.runId = c.runId;
    id.params = table.Values();
    id.command = "seqex-emulate " + SeqexPeerFlags(table);
    return WriteSeqexRunResults(c, id, run.outcome);
}

std::string
DescribeRealRun(const SeqexScenarioConfig& c, const SeqexRealRun& run)
{
    if (!run.readError.empty())
    {
        return "results: " + run.readError + "\n";
    }
    const SeqexRunOutcome& o = run.outcome;
    const SeqexRunMetrics& m = o.metrics;
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s over real UDP: %s, %llu/%llu exchanges, goodput %.3f Mb/s, latency p50 %.1f p99 %.1f ms, "
                  "HOL p50 %.1f p99 %.1f ms, retx %.3f\n",
                  c.scenario.c_str(), o.Ok() ? "invariants held" : "VIOLATION",
                  static_cast<unsigned long long>(m.completed), static_cast<unsigned long long>(o.expectedExchanges),
                  m.goodputMbps, m.latency.p50, m.latency.p99, m.hol.p50, m.hol.p99, m.retxOverhead);
    std::string out = buf;
    for (const std::string& v : o.safety)
    {
        out += "  " + v + "\n";
    }
    for (const std::string& v : o.liveness)
    {
        out += "  " + v + "\n";
    }
    return out;
}

} // namespace ns3
