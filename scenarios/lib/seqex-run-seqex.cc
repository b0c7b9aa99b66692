// SEQEX on the scenario link: two SeqexApplications, their events recorded
// into the model's SeqexInvariantRecorder (one InvariantChecker per channel)
// and into the exchange log.
#include "seqex-run-transport.h"

#include "ns3/double.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"
#include "seqex-invariant-recorder.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <map>
#include <tuple>

namespace ns3
{

namespace
{

const uint16_t kSeqexPort = 9000;
const uint16_t kRebindPortBase = 20000;

class SeqexRunSeqex : public SeqexRunTransport
{
  public:
    SeqexRunSeqex(const SeqexScenarioConfig& c, const SeqexImpairedLink& link, SeqexExchangeLog& log)
        : m_log(log)
    {
        SeqexHelper helper(kSeqexPort);
        helper.SetAttribute("Channels", UintegerValue(c.channels));
        helper.SetAttribute("ResendInterval", TimeValue(c.resendInterval));
        helper.SetAttribute("ResendMode", StringValue(c.resendMode));
        helper.SetAttribute("Window", UintegerValue(c.window));
        helper.SetAttribute("PayloadSize", UintegerValue(c.size));
        helper.SetAttribute("SeqCstFraction", DoubleValue(c.seqCst));
        helper.SetAttribute("ExchangeLength", StringValue(c.LengthVariable()));
        helper.SetAttribute("AnswerDelay", StringValue(c.AnswerDelayVariable()));
        // Every start must happen: a refused start would be a workload
        // artefact, not a transport property.
        helper.SetAttribute("BacklogLimit", UintegerValue(1u << 30));
        for (uint32_t peer = 0; peer < 2; ++peer)
        {
            if (peer == 0 || c.bidirectional)
            {
                helper.SetPeerAttribute(peer, "MaxExchanges", UintegerValue(c.ExchangesPerOriginator()));
                if (!c.Saturating()) // without a StartInterval they start as windows have room
                {
                    helper.SetPeerAttribute(peer, "StartInterval", StringValue(c.StartIntervalVariable()));
                }
            }
        }
        m_apps = helper.Install(link.nodes.Get(0), link.nodes.Get(1), link.Address(0), link.Address(1));
        helper.AssignStreams(m_apps, kSeqexWorkloadStreams);
        m_apps.Start(SeqexScenarioConfig::TrafficStart());
        for (uint32_t i = 0; i < 2; ++i)
        {
            m_app[i] = DynamicCast<SeqexApplication>(m_apps.Get(i));
            Record(i);
        }
        m_recorder = std::make_unique<SeqexInvariantRecorder>(m_app[0], m_app[1]);
    }

    void ScheduleReset(Time at, bool newPort, Time downtime) override
    {
        uint16_t port = newPort ? static_cast<uint16_t>(kRebindPortBase + m_rebinds++) : 0;
        m_app[0]->ScheduleTransportReset(at - Simulator::Now(), port, downtime);
    }

    void OnChannelDrop(Ptr<const Packet> frame, uint32_t direction) override
    {
        seqex::Bytes bytes;
        seqex::WireHeader h;
        if (!SeqexDatagramOfFrame(frame, bytes, h))
        {
            return;
        }
        std::optional<SeqexExchangeKey> key;
        if (seqex::IsDataKind(h.kind))
        {
            key = KeyOf(direction, bytes, seqex::HeaderSize(h.kind));
        }
        else
        {
            // An Ack names the other node's packet.
            auto it = m_packets.find({1 - direction, h.channel, h.re});
            if (it != m_packets.end())
            {
                key = it->second;
            }
        }
        if (key)
        {
            if (SeqexExchangeRecord* r = m_log.Find(*key))
            {
                ++r->drops;
            }
        }
    }

    std::vector<std::string> CheckSafety() const override
    {
        return m_recorder->CheckSafety();
    }

    std::vector<std::string> CheckLiveness() const override
    {
        std::vector<std::string> out = m_recorder->CheckLiveness();
        for (uint32_t i = 0; i < 2; ++i)
        {
            if (!m_app[i]->IsIdle())
            {
                out.push_back("invariant 4 (liveness): node " + std::to_string(i) +
                              " is not idle at the end (backlog " + std::to_string(m_app[i]->GetBacklogSize()) +
                              ", answers held " + std::to_string(m_app[i]->GetHeldAnswerCount()) +
                              ", or a send window not drained)");
            }
        }
        return out;
    }

    void RecordTimeline(SeqexTimeline& timeline, Time bin, Time end) override
    {
        timeline.Start(bin, end, [this]() {
            uint64_t inFlight = 0;
            for (uint32_t i = 0; i < 2; ++i)
            {
                for (uint16_t ch = 0; ch < m_app[i]->GetChannelCount(); ++ch)
                {
                    inFlight += m_app[i]->GetEndpoint(ch).InFlight();
                }
            }
            return inFlight;
        });
        SeqexTimeline* t = &timeline;
        for (uint32_t i = 0; i < 2; ++i)
        {
            m_app[i]->TraceConnectWithoutContext(
                "DataSent",
                MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&>(
                    [t](uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&) { t->CountSent(); }));
            m_app[i]->TraceConnectWithoutContext(
                "Retransmit",
                MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t>(
                    [t](uint16_t, seqex::PacketKind, uint32_t) { t->CountRetransmitted(); }));
            m_app[i]->TraceConnectWithoutContext(
                "Deliver",
                MakeLambdaCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>>(
                    [t](uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>) {
                        t->CountDelivered();
                    }));
        }
    }

    SeqexTransportTotals Totals() const override
    {
        SeqexTransportTotals t;
        for (uint32_t i = 0; i < 2; ++i)
        {
            seqex::Counters c = m_app[i]->GetTotalCounters();
            t.firstTransmissions += c.sent;
            t.retransmissions += c.retransmitted;
        }
        return t;
    }

    std::vector<std::pair<std::string, uint64_t>> Counters() const override
    {
        // Every endpoint counter (seqex::kCounterFields), summed over both
        // peers and every channel, then the applications' own.
        seqex::Counters c = m_app[0]->GetTotalCounters();
        c += m_app[1]->GetTotalCounters();
        std::vector<std::pair<std::string, uint64_t>> counters;
        for (const seqex::CounterField& f : seqex::kCounterFields)
        {
            counters.emplace_back(f.name, c.*(f.member));
        }
        const SeqexAppCounters a0 = m_app[0]->GetAppCounters();
        const SeqexAppCounters a1 = m_app[1]->GetAppCounters();
        counters.insert(counters.end(), {
            {"exchanges_deferred", a0.exchangesDeferred + a1.exchangesDeferred},
            {"backlog_overflows", a0.backlogOverflows + a1.backlogOverflows},
            {"malformed", a0.transport.malformed + a1.transport.malformed},
            {"peer_port_changes", a0.transport.peerPortChanges + a1.transport.peerPortChanges},
            {"transport_resets", a0.transport.transportResets + a1.transport.transportResets},
            {"sends_while_closed", a0.transport.sendsWhileClosed + a1.transport.sendsWhileClosed},
        });
        return counters;
    }

  private:
    // Node `sender` sent a data packet whose application bytes start at
    // bytes[offset]: the exchange it belongs to. Only the node header is
    // read, so a first IP fragment is enough.
    static std::optional<SeqexExchangeKey> KeyOf(uint32_t sender, const seqex::Bytes& bytes, size_t offset)
    {
        if (bytes.size() < offset + seqex::kExchangeNodeSize)
        {
            return std::nullopt;
        }
        auto begin = bytes.begin() + static_cast<std::ptrdiff_t>(offset);
        std::optional<seqex::ExchangeNode> node =
            seqex::DecodeExchangeNode(seqex::Bytes(begin, begin + seqex::kExchangeNodeSize));
        if (!node)
        {
            return std::nullopt;
        }
        return SeqexExchangeKey{node->FromOriginator() ? sender : 1 - sender, node->exchangeId};
    }

    void Record(uint32_t i)
    {
        Ptr<SeqexApplication> app = m_app[i];
        app->TraceConnectWithoutContext(
            "DataSent",
            MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t, uint32_t, const seqex::Bytes&>(
                [this, i](uint16_t ch, seqex::PacketKind, uint32_t seq, uint32_t, const seqex::Bytes& data) {
                    std::optional<SeqexExchangeKey> key = KeyOf(i, data, 0);
                    if (!key)
                    {
                        return;
                    }
                    m_packets[{i, ch, seq}] = *key;
                    std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(data);
                    SeqexExchangeRecord& r = m_log.At(*key);
                    r.channel = ch;
                    r.length = node->plannedLength;
                    r.seqCst = node->seqCst;
                }));
        app->TraceConnectWithoutContext(
            "Retransmit",
            MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t>([this, i](uint16_t ch, seqex::PacketKind, uint32_t seq) {
                auto it = m_packets.find({i, ch, seq});
                if (it != m_packets.end())
                {
                    ++m_log.At(it->second).retransmissions;
                }
            }));
        app->TraceConnectWithoutContext(
            "Deliver",
            MakeLambdaCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>>(
                [this, i](uint16_t, uint32_t, bool, const seqex::Bytes& data, std::optional<uint32_t>) {
                    std::optional<SeqexExchangeKey> key = KeyOf(1 - i, data, 0);
                    m_log.AddDeliveredBytes(key ? &*key : nullptr, i, data.size());
                }));
        app->TraceConnectWithoutContext(
            "ExchangeStart",
            MakeLambdaCallback<uint16_t, uint64_t, Time>([this, i](uint16_t ch, uint64_t id, Time wait) {
                m_log.Started({i, id}, ch, Simulator::Now() - wait, Simulator::Now());
            }));
        app->TraceConnectWithoutContext(
            "ExchangeComplete",
            MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
                [this, i](uint16_t, uint64_t id, Time, uint32_t, Time, Time) {
                m_log.Completed({i, id}, Simulator::Now());
            }));
    }

    SeqexExchangeLog& m_log;
    ApplicationContainer m_apps;
    Ptr<SeqexApplication> m_app[2];
    std::unique_ptr<SeqexInvariantRecorder> m_recorder;
    // (sender, channel, seq) of every data packet -> its exchange.
    std::map<std::tuple<uint32_t, uint16_t, uint32_t>, SeqexExchangeKey> m_packets;
    uint32_t m_rebinds = 0;
};

} // namespace

std::unique_ptr<SeqexRunTransport>
InstallSeqexTransport(const SeqexScenarioConfig& config, const SeqexImpairedLink& link, SeqexExchangeLog& log)
{
    return std::make_unique<SeqexRunSeqex>(config, link, log);
}

} // namespace ns3
