#include "seqex-scenario-runner.h"

#include "seqex-impaired-link-helper.h"
#include "seqex-pcap.h"
#include "seqex-run-transport.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/seqex-workload-application.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <map>

namespace ns3
{

namespace
{

// Liveness lines beyond this are counted, not listed.
constexpr size_t kMaxListed = 20;

// Resets at every multiple of resetEvery inside the traffic period; returns
// their times.
std::vector<Time>
ScheduleResets(const SeqexScenarioConfig& c, SeqexImpairedChannel& channel, SeqexRunTransport& transport)
{
    std::vector<Time> times;
    if (c.resetKind == "none")
    {
        return times;
    }
    for (Time at = SeqexScenarioConfig::TrafficStart() + c.resetEvery; at < c.TrafficStop(); at += c.resetEvery)
    {
        if (c.resetKind == "link")
        {
            channel.AddLinkDown(at, at + c.resetDowntime);
        }
        else
        {
            transport.ScheduleReset(at, c.resetKind == "nat", c.resetDowntime);
        }
        times.push_back(at);
    }
    return times;
}

// Open exchanges (generated, not ended) of every workload on the nodes.
void
SampleOpen(NodeContainer nodes, std::vector<uint64_t>* out)
{
    uint64_t open = 0;
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        for (uint32_t a = 0; a < nodes.Get(n)->GetNApplications(); ++a)
        {
            if (Ptr<SeqexWorkloadApplication> w = DynamicCast<SeqexWorkloadApplication>(nodes.Get(n)->GetApplication(a)))
            {
                open += w->GetOpenExchangeCount();
            }
        }
    }
    out->push_back(open);
}

} // namespace

void
SeqexConfigureImpairments(const SeqexScenarioConfig& c, SeqexImpairedChannel& channel)
{
    bool forward = c.impairDir != "reverse";
    bool reverse = c.impairDir != "forward";
    if (forward)
    {
        channel.SetImpairment(0, c.impairment);
    }
    if (reverse)
    {
        channel.SetImpairment(1, c.impairment);
    }
    Time start = SeqexScenarioConfig::TrafficStart();
    channel.SetImpairmentWindow(start, c.TrafficStop());
    if (c.blackholeDuration.IsStrictlyPositive())
    {
        channel.AddBlackhole(start + c.blackholeStart,
                             start + c.blackholeStart + c.blackholeDuration,
                             c.blackholeDir != "reverse",
                             c.blackholeDir != "forward");
    }
}

// Every exchange the workload asked for started and ended (liveness), and
// none ended twice (safety: topology).
void
SeqexCheckExchangesEnded(const SeqexScenarioConfig& c,
                         const SeqexExchangeLog& log,
                         std::vector<std::string>& out,
                         std::vector<std::string>& safety)
{
    std::map<uint32_t, uint64_t> started;
    uint64_t unfinished = 0;
    for (const SeqexExchangeRecord* r : log.Records())
    {
        ++started[r->key.originator];
        if (!r->completed)
        {
            if (++unfinished <= kMaxListed)
            {
                out.push_back("invariant 4 (liveness): exchange " + std::to_string(r->key.id) + " of node " +
                              std::to_string(r->key.originator) + " (channel " + std::to_string(r->channel) +
                              ", started " + std::to_string(r->start.GetSeconds()) + " s) never ended");
            }
        }
    }
    if (unfinished > kMaxListed)
    {
        out.push_back("invariant 4 (liveness): ... " + std::to_string(unfinished - kMaxListed) +
                      " more exchanges never ended");
    }
    for (uint32_t node = 0; node < 2; ++node)
    {
        uint64_t expected = node == 0 || c.bidirectional ? c.ExchangesPerOriginator() : 0;
        if (started[node] != expected)
        {
            out.push_back("invariant 4 (liveness): node " + std::to_string(node) + " started " +
                          std::to_string(started[node]) + " exchanges of the " + std::to_string(expected) +
                          " its workload asked for");
        }
    }
    if (log.DoubleCompletions() > 0)
    {
        safety.push_back("invariant 2 (topology): " + std::to_string(log.DoubleCompletions()) +
                      " exchanges ended twice at their originator");
    }
}

namespace
{

// Calls the progress observer every kSeqexProgressIntervalMs of simulated time.
class ProgressTicker
{
  public:
    ProgressTicker(const SeqexProgressObserver& observer, Time end, const SeqexExchangeLog& log)
        : m_observer(observer),
          m_end(end),
          m_log(log)
    {
    }

    void Tick()
    {
        m_observer(Simulator::Now(), m_end, m_log);
        Simulator::Schedule(MilliSeconds(kSeqexProgressIntervalMs), &ProgressTicker::Tick, this);
    }

  private:
    const SeqexProgressObserver& m_observer;
    Time m_end;
    const SeqexExchangeLog& m_log;
};

} // namespace

const char*
SeqexRunStatusName(SeqexRunStatus s)
{
    switch (s)
    {
    case SeqexRunStatus::Ok:
        return "ok";
    case SeqexRunStatus::Overload:
        return "overload";
    case SeqexRunStatus::NotDrained:
        return "not_drained";
    case SeqexRunStatus::Violation:
        return "violation";
    }
    return "?";
}

SeqexRunOutcome
RunSeqexScenario(const SeqexScenarioConfig& c, const SeqexProgressObserver& progress)
{
    // A process may run several points: start each from the same state.
    // Every random variable that shapes a run gets a fixed stream, so the
    // automatic stream counter (which ns-3 cannot reset) does not matter.
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(c.seed);
    Ipv4AddressGenerator::Reset();

    SeqexRunOutcome outcome;
    {
        SeqexLinkShape shape;
        shape.bandwidth = c.bandwidth;
        shape.delay = c.delay;
        shape.queuePackets = c.queue;
        shape.qdisc = c.qdisc;
        shape.qdiscLimit = c.qdiscLimit;
        SeqexImpairedLink link = SeqexImpairedLinkHelper(shape).Install();
        if (c.pcap)
        {
            outcome.setupError = EnableSeqexPcap(link, c.RunFile(""));
            if (!outcome.setupError.empty())
            {
                Simulator::Destroy();
                return outcome;
            }
        }
        link.channel->AssignStreams(kSeqexChannelStreams);
        InternetStackHelper().AssignStreams(link.nodes, kSeqexStackStreams);
        SeqexConfigureImpairments(c, *link.channel);

        std::unique_ptr<SeqexRunTransport> transport =
            c.Bulk() ? InstallTcpBulkTransport(c, link, outcome.log)
                     : c.transport == "tcp" ? InstallTcpTransport(c, link, outcome.log)
                                            : InstallSeqexTransport(c, link, outcome.log);
        SeqexRunTransport* t = transport.get();
        link.channel->TraceConnectWithoutContext(
            "Drop",
            MakeLambdaCallback<Ptr<const Packet>, uint32_t, SeqexDropReason>(
                [t](Ptr<const Packet> p, uint32_t direction, SeqexDropReason) { t->OnChannelDrop(p, direction); }));
        // A packet the bottleneck buffer dropped is lost like one the
        // channel dropped: counted per direction, charged to its exchange.
        uint64_t* queueDropped = outcome.queueDropped;
        link.OnQueueDrop([t, queueDropped](Ptr<const Packet> p, uint32_t direction) {
            ++queueDropped[direction];
            t->OnChannelDrop(p, direction);
        });
        std::unique_ptr<SeqexBottleneckShare> share;
        if (c.bulkFlows > 0)
        {
            share = std::make_unique<SeqexBottleneckShare>(link, c.bulkFlows, c.bulkVariant,
                                                           SeqexScenarioConfig::TrafficStart(), c.TrafficStop(),
                                                           c.shareBin);
        }
        outcome.resetTimes = ScheduleResets(c, *link.channel, *transport);
        outcome.resets = outcome.resetTimes.size();
        if (c.timeline)
        {
            transport->RecordTimeline(outcome.timeline, c.timelineBin, c.End());
        }
        outcome.expectedExchanges = c.Bulk() ? 0 : c.ExchangesPerOriginator() * (c.bidirectional ? 2 : 1);

        // The open exchanges, sampled for the backlog trend.
        std::vector<uint64_t> open;
        if (!c.Saturating())
        {
            Time step = (c.TrafficStop() - SeqexScenarioConfig::TrafficStart()) / kBacklogSamples;
            for (int i = 0; i < kBacklogSamples; ++i)
            {
                Simulator::Schedule(SeqexScenarioConfig::TrafficStart() + step * int64_t(i), &SampleOpen, link.nodes,
                                    &open);
            }
        }

        ProgressTicker ticker(progress, c.End(), outcome.log);
        if (progress)
        {
            Simulator::Schedule(MilliSeconds(kSeqexProgressIntervalMs), &ProgressTicker::Tick, &ticker);
        }
        Simulator::Stop(c.End());
        Simulator::Run();

        outcome.safety = transport->CheckSafety();
        outcome.liveness = transport->CheckLiveness();
        if (!c.Bulk())
        {
            SeqexCheckExchangesEnded(c, outcome.log, outcome.liveness, outcome.safety);
        }
        if (share)
        {
            SeqexShareOutcome& o = outcome.share;
            o.enabled = true;
            o.flows = share->Flows();
            o.start = share->Start();
            o.bin = share->Bin();
            o.bins = share->Bins();
            for (size_t i = 0; i < o.bins.size(); ++i)
            {
                o.seqexShare.push_back(share->SeqexShare(int(i)));
                o.jain.push_back(share->Jain(int(i)));
            }
            o.seqexShareTotal = share->SeqexShare();
            o.jainTotal = share->Jain();
        }
        outcome.totals = transport->Totals();
        outcome.counters = transport->Counters();
        outcome.attributes = transport->Attributes();
        for (uint32_t d = 0; d < 2; ++d)
        {
            outcome.channel[d] = link.channel->GetCounters(d);
            outcome.totals.wireBytes += outcome.channel[d].txBytes;
        }
        Simulator::Destroy();
        if (!c.Saturating())
        {
            outcome.backlog = BacklogTrend(open);
        }
    }

    outcome.metrics = ComputeMetrics(outcome.log,
                                     outcome.totals,
                                     c.IdealPath(),
                                     c.Saturating() ? c.TrafficStop() : Time::Max());
    if (c.Bulk())
    {
        // No exchanges: what node 1 read during the traffic period.
        outcome.metrics.goodputMbps = double(outcome.log.DeliveredBytes()) * 8.0 / c.duration.GetSeconds() / 1e6;
    }
    outcome.drain = std::max(outcome.metrics.lastEnd - c.TrafficStop(), Time(0));
    outcome.ceiling = GoodputCeiling(c.transport, c.bandwidth, c.size, c.lenMin, c.lenMax, c.bidirectional);
    return outcome;
}

} // namespace ns3
