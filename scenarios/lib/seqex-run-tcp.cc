// The TCP baseline on the scenario link: two SeqexTcpExchangeApps running
// the SEQEX workload, their messages recorded into one InvariantChecker per
// connection incarnation and into the exchange log. The TCP is
// ConfigureSeqexTcp's (seqex-tcp-config.h) over SeqexTcpSocket
// (seqex-tcp-socket.h): doc/tcp-baseline.md.
#include "seqex-run-transport.h"
#include "seqex-tcp-config.h"
#include "seqex-tcp-exchange-app.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "seqex-invariant-checker.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace ns3
{

namespace
{

const uint16_t kTcpPort = 9100;

// The value at quantile q (0..1, nearest rank) of `v`, in microseconds; 0
// when empty.
uint64_t
QuantileUs(std::vector<Time> v, double q)
{
    if (v.empty())
    {
        return 0;
    }
    size_t k = static_cast<size_t>(q * (v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + k, v.end());
    return static_cast<uint64_t>(v[k].GetMicroSeconds());
}

class SeqexRunTcp : public SeqexRunTransport
{
  public:
    SeqexRunTcp(const SeqexScenarioConfig& c, const SeqexImpairedLink& link, SeqexExchangeLog& log)
        : m_log(log),
          m_attributes(ConfigureSeqexTcp(c))
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<SeqexTcpExchangeApp> app = CreateObject<SeqexTcpExchangeApp>();
            app->SetAttribute("Remote", Ipv4AddressValue(link.Address(1 - i)));
            app->SetAttribute("Port", UintegerValue(kTcpPort));
            app->SetAttribute("Listen", BooleanValue(i == 1));
            app->SetAttribute("Connections", UintegerValue(c.channels));
            app->SetAttribute("PayloadSize", UintegerValue(c.size));
            app->SetAttribute("SeqCstFraction", DoubleValue(c.seqCst));
            app->SetAttribute("ExchangeLength", StringValue(c.LengthVariable()));
            app->SetAttribute("AnswerDelay", StringValue(c.AnswerDelayVariable()));
            app->SetAttribute("WorkloadStart", TimeValue(SeqexScenarioConfig::TrafficStart()));
            if (i == 0 || c.bidirectional)
            {
                app->SetAttribute("MaxExchanges", UintegerValue(c.ExchangesPerOriginator()));
                if (!c.Saturating()) // saturating: generated as connections have room
                {
                    app->SetAttribute("StartInterval", StringValue(c.StartIntervalVariable()));
                }
            }
            // The same streams SeqexHelper::AssignStreams gives the SEQEX apps.
            app->AssignStreams(kSeqexWorkloadStreams + 4 * i);
            link.nodes.Get(i)->AddApplication(app);
            // The listener first, so the first connection finds it.
            app->SetStartTime(i == 1 ? Seconds(0) : MilliSeconds(1));
            m_app[i] = app;
            Record(i);
            app->TraceConnectWithoutContext("RtoArmed",
                                            MakeLambdaCallback<Time>([this, i](Time rto) { m_rtoArmed[i].push_back(rto); }));
        }
    }

    void ScheduleReset(Time at, bool, Time downtime) override
    {
        // A new TCP connection always has a new port: socket reset and NAT
        // rebinding both cost the connection.
        m_app[0]->ScheduleReset(at - Simulator::Now(), downtime);
    }

    void OnChannelDrop(Ptr<const Packet> frame, uint32_t direction) override
    {
        Ptr<Packet> p;
        uint8_t protocol = 0;
        if (!SeqexStripToTransport(frame, p, protocol) || protocol != 6)
        {
            return;
        }
        TcpHeader tcp;
        p->RemoveHeader(tcp);
        if (p->GetSize() == 0)
        {
            return; // a pure ACK: no exchange's bytes
        }
        for (const auto& [own, id] : m_app[direction]->OwnersOfSegment(tcp.GetSourcePort(),
                                                                        tcp.GetDestinationPort(),
                                                                        tcp.GetSequenceNumber().GetValue(),
                                                                        p->GetSize()))
        {
            if (SeqexExchangeRecord* r = m_log.Find({own ? direction : 1 - direction, id}))
            {
                ++r->drops;
            }
        }
    }

    std::vector<std::string> CheckSafety() const override
    {
        std::vector<std::string> out;
        for (const auto& [key, checker] : m_checkers)
        {
            for (const std::string& v : checker.CheckSafety())
            {
                out.push_back(Prefix(key) + v);
            }
        }
        return out;
    }

    // Invariant 4 on each connection's newest incarnation; older ones were
    // abandoned by a reset, and their exchanges started again on a newer one
    // (the log checks that every exchange ended).
    std::vector<std::string> CheckLiveness() const override
    {
        std::vector<std::string> out;
        std::map<uint16_t, uint32_t> newest;
        for (const auto& [key, checker] : m_checkers)
        {
            newest[key.first] = std::max(newest[key.first], key.second);
        }
        for (const auto& [key, checker] : m_checkers)
        {
            if (key.second != newest[key.first])
            {
                continue;
            }
            for (const std::string& v : checker.CheckLiveness())
            {
                out.push_back(Prefix(key) + v);
            }
        }
        for (uint32_t i = 0; i < 2; ++i)
        {
            if (!m_app[i]->IsIdle())
            {
                out.push_back("invariant 4 (liveness): node " + std::to_string(i) +
                              " is not idle at the end (an exchange open, an answer held or bytes unsent)");
            }
        }
        return out;
    }

    // The same bins as SEQEX's, counted in TCP's units: segments sent and
    // retransmitted, unacked segments in flight, messages (data packets)
    // delivered to the application.
    void RecordTimeline(SeqexTimeline& timeline, Time bin, Time end) override
    {
        timeline.Start(bin, end, [this]() { return m_app[0]->GetUnackedSegments() + m_app[1]->GetUnackedSegments(); });
        SeqexTimeline* t = &timeline;
        for (uint32_t i = 0; i < 2; ++i)
        {
            m_app[i]->TraceConnectWithoutContext("Segment", MakeLambdaCallback<bool>([t](bool retransmission) {
                                                     retransmission ? t->CountRetransmitted() : t->CountSent();
                                                 }));
            m_app[i]->TraceConnectWithoutContext(
                "MessageDelivered",
                MakeLambdaCallback<uint16_t, uint32_t, uint32_t, const seqex::Bytes&, std::optional<uint32_t>>(
                    [t](uint16_t, uint32_t, uint32_t, const seqex::Bytes&, std::optional<uint32_t>) {
                        t->CountDelivered();
                    }));
        }
    }

    SeqexTransportTotals Totals() const override
    {
        SeqexTransportTotals t;
        for (uint32_t i = 0; i < 2; ++i)
        {
            t.firstTransmissions += m_app[i]->GetCounters().dataSegments;
            t.retransmissions += m_app[i]->GetCounters().retransmittedSegments;
        }
        return t;
    }

    std::vector<std::pair<std::string, uint64_t>> Counters() const override
    {
        const SeqexTcpCounters& a = m_app[0]->GetCounters();
        const SeqexTcpCounters& b = m_app[1]->GetCounters();
        return {
            {"data_segments", a.dataSegments + b.dataSegments},
            {"restarts", a.restarts + b.restarts},
            {"duplicate_deliveries", a.duplicateDeliveries + b.duplicateDeliveries},
            {"connections_opened", a.connectionsOpened + b.connectionsOpened},
            {"connect_failures", a.connectFailures + b.connectFailures},
            {"resets", a.resets},
            {"bad_messages", a.badMessages + b.badMessages},
            // The RTO each data segment that found no retransmission timer
            // running armed it with, per side (node 0 connects, node 1
            // accepts): median and 99th percentile, in microseconds.
            {"rto_armed_connecting", m_rtoArmed[0].size()},
            {"rto_armed_connecting_p50_us", QuantileUs(m_rtoArmed[0], 0.5)},
            {"rto_armed_connecting_p99_us", QuantileUs(m_rtoArmed[0], 0.99)},
            {"rto_armed_accepting", m_rtoArmed[1].size()},
            {"rto_armed_accepting_p50_us", QuantileUs(m_rtoArmed[1], 0.5)},
            {"rto_armed_accepting_p99_us", QuantileUs(m_rtoArmed[1], 0.99)},
        };
    }

    std::vector<std::pair<std::string, std::string>> Attributes() const override
    {
        return m_attributes;
    }

  private:
    using Incarnation = std::pair<uint16_t, uint32_t>; // (connection, incarnation)

    static std::string Prefix(const Incarnation& k)
    {
        return "connection " + std::to_string(k.first) + " incarnation " + std::to_string(k.second) + ": ";
    }

    seqex::InvariantChecker& Checker(uint16_t connection, uint32_t incarnation)
    {
        return m_checkers.try_emplace({connection, incarnation}, seqex::Seq(0)).first->second;
    }

    // Node k of an exchange was sent by its originator when k is even.
    static std::optional<SeqexExchangeKey> KeyOf(uint32_t sender, const seqex::Bytes& data)
    {
        std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
        if (!node)
        {
            return std::nullopt;
        }
        return SeqexExchangeKey{node->FromOriginator() ? sender : 1 - sender, node->exchangeId};
    }

    void Record(uint32_t i)
    {
        Ptr<SeqexTcpExchangeApp> app = m_app[i];
        int peer = static_cast<int>(i);
        app->TraceConnectWithoutContext(
            "MessageSent",
            MakeLambdaCallback<uint16_t, uint32_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&>(
                [this, i, peer](uint16_t c, uint32_t inc, seqex::PacketKind kind, uint32_t seq, uint32_t re,
                                const seqex::Bytes& data) {
                    Checker(c, inc).OnSend(peer, kind, seq, re, data);
                    if (std::optional<SeqexExchangeKey> key = KeyOf(i, data))
                    {
                        std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
                        SeqexExchangeRecord& r = m_log.At(*key);
                        r.channel = c;
                        r.length = node->plannedLength;
                        r.seqCst = node->seqCst;
                    }
                }));
        app->TraceConnectWithoutContext(
            "MessageDelivered",
            MakeLambdaCallback<uint16_t, uint32_t, uint32_t, const seqex::Bytes&, std::optional<uint32_t>>(
                [this, i, peer](uint16_t c, uint32_t inc, uint32_t seq, const seqex::Bytes& data,
                                std::optional<uint32_t> re) {
                    Checker(c, inc).OnDeliver(peer, seq, false, data, re);
                    std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
                    std::optional<SeqexExchangeKey> key = KeyOf(1 - i, data);
                    // A restarted exchange may deliver a node twice: its
                    // bytes count once, as goodput.
                    if (key && m_delivered.insert({key->originator, key->id, node->index}).second)
                    {
                        m_log.AddDeliveredBytes(&*key, i, data.size());
                    }
                }));
        app->TraceConnectWithoutContext(
            "AnswerAck",
            MakeLambdaCallback<uint16_t, uint32_t, uint32_t>([this, peer](uint16_t c, uint32_t inc, uint32_t seq) {
                Checker(c, inc).OnAnswerAck(peer, seq);
            }));
        app->TraceConnectWithoutContext(
            "ResolvedByAck",
            MakeLambdaCallback<uint16_t, uint32_t, uint32_t>([this, peer](uint16_t c, uint32_t inc, uint32_t seq) {
                Checker(c, inc).OnResolvedByAck(peer, seq);
            }));
        app->TraceConnectWithoutContext(
            "ExchangeStart",
            MakeLambdaCallback<uint16_t, uint64_t, Time>([this, i](uint16_t c, uint64_t id, Time wait) {
                m_log.Started({i, id}, c, Simulator::Now() - wait, Simulator::Now());
            }));
        app->TraceConnectWithoutContext(
            "ExchangeComplete",
            MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
                [this, i](uint16_t, uint64_t id, Time, uint32_t, Time, Time) {
                m_log.Completed({i, id}, Simulator::Now());
            }));
        app->TraceConnectWithoutContext("ExchangeRestart",
                                        MakeLambdaCallback<uint16_t, uint64_t>([this, i](uint16_t, uint64_t id) {
                                            ++m_log.At({i, id}).restarts;
                                        }));
        app->TraceConnectWithoutContext("ExchangeRetransmit",
                                        MakeLambdaCallback<bool, uint64_t>([this, i](bool own, uint64_t id) {
                                            if (SeqexExchangeRecord* r = m_log.Find({own ? i : 1 - i, id}))
                                            {
                                                ++r->retransmissions;
                                            }
                                        }));
    }

    SeqexExchangeLog& m_log;
    std::vector<std::pair<std::string, std::string>> m_attributes; // the TCP configuration
    Ptr<SeqexTcpExchangeApp> m_app[2];
    std::map<Incarnation, seqex::InvariantChecker> m_checkers;
    std::set<std::tuple<uint32_t, uint64_t, uint16_t>> m_delivered;
    std::vector<Time> m_rtoArmed[2]; // per node
};

} // namespace

std::unique_ptr<SeqexRunTransport>
InstallTcpTransport(const SeqexScenarioConfig& config, const SeqexImpairedLink& link, SeqexExchangeLog& log)
{
    return std::make_unique<SeqexRunTcp>(config, link, log);
}

} // namespace ns3
