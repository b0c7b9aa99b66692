// Every named scenario in a short form over both transports, with the SPEC
// §7 invariants checked and the scenario's impairment seen to act; the same
// seed giving the same results; the same workload over SEQEX and TCP; and a
// violation failing loudly with a replay command that replays it.
#include "seqex-program.h"

#include "seqex-json.h"
#include "seqex-results-writer.h"
#include "seqex-scenario-catalog.h"
#include "seqex-scenario-runner.h"
#include "seqex-tcp-config.h"
#include "seqex-tcp-socket.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

using namespace ns3;

namespace
{

// A scenario point shortened for the test suite: 4 s of traffic, 6 s to heal.
SeqexScenarioConfig
Short(const std::string& scenario, SeqexAssignments point)
{
    point.push_back({"duration", "4s"});
    point.push_back({"heal", "6s"});
    if (scenario == "loss-sweep")
    {
        point.push_back({"exchanges", "600"}); // what every transport ends within 10 s
    }
    if (scenario == "shared-bottleneck")
    {
        point.push_back({"exchanges", "4000"}); // more than 4 s carry, what 10 s of heal drain
        point.push_back({"heal", "10s"});
    }
    if (scenario == "blackhole-heal")
    {
        point.push_back({"blackholeStart", "1s"});
        point.push_back({"blackholeDuration", "2s"});
    }
    SeqexScenarioConfig c;
    std::string error = SeqexConfigure(scenario, point, c);
    BOOST_REQUIRE_MESSAGE(error.empty(), error);
    return c;
}

uint64_t
Counter(const SeqexRunOutcome& o, const std::string& name)
{
    for (const auto& [n, v] : o.counters)
    {
        if (n == name)
        {
            return v;
        }
    }
    BOOST_FAIL("no counter " + name);
    return 0;
}

SeqexChannelCounters
Both(const SeqexRunOutcome& o)
{
    SeqexChannelCounters s = o.channel[0];
    const SeqexChannelCounters& r = o.channel[1];
    s.lost += r.lost;
    s.burstLost += r.burstLost;
    s.blackholed += r.blackholed;
    s.linkDownDropped += r.linkDownDropped;
    s.duplicated += r.duplicated;
    s.reordered += r.reordered;
    return s;
}

// Runs every default point of `scenario` in short form: all invariants
// hold, every exchange ends, and `acted` confirms the impairment was there.
template <typename Check>
void
RunShortForms(const std::string& scenario, Check acted)
{
    const SeqexScenario* s = FindSeqexScenario(scenario);
    BOOST_REQUIRE(s != nullptr);
    for (const SeqexAssignments& point : s->defaultPoints)
    {
        // Points repeated over seeds 2 and 3 run the same code as seed 1:
        // the suite runs seed 1 (reproducibility covers other seeds).
        if (std::find(point.begin(), point.end(), std::make_pair(std::string("seed"), std::string("1"))) ==
                point.end() &&
            std::any_of(point.begin(), point.end(), [](const auto& a) { return a.first == "seed"; }))
        {
            continue;
        }
        SeqexScenarioConfig c = Short(scenario, point);
        BOOST_TEST_CONTEXT(scenario << " " << c.transport << " point " << &point - &s->defaultPoints[0])
        {
            SeqexRunOutcome o = RunSeqexScenario(c);
            for (const std::string& v : o.safety)
            {
                BOOST_ERROR(v);
            }
            for (const std::string& v : o.liveness)
            {
                BOOST_ERROR(v);
            }
            BOOST_TEST(o.expectedExchanges > 0u);
            BOOST_TEST(o.metrics.completed == o.expectedExchanges);
            BOOST_TEST(o.metrics.deliveredBytes > 0u);
            acted(c, o);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(scenario_short_forms)

BOOST_AUTO_TEST_CASE(loss_sweep)
{
    std::map<std::string, double> goodput;
    RunShortForms("loss-sweep", [&goodput](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        BOOST_TEST(c.Saturating());
        if (c.impairment.loss > 0)
        {
            BOOST_TEST(Both(o).lost > 0u);
            BOOST_TEST(o.metrics.hit > 0u);
            BOOST_TEST(o.metrics.retransmissions > 0u);
        }
        else
        {
            BOOST_TEST(Both(o).lost == 0u);
            // Without loss on the link only the bottleneck buffer drops.
            if (o.queueDropped[0] + o.queueDropped[1] == 0)
            {
                BOOST_TEST(o.metrics.hit == 0u);
            }
        }
        goodput[c.transport + "/" + std::to_string(c.channels) + "/" + seqex::FormatDouble(c.impairment.loss)] =
            o.metrics.goodputMbps;
    });
    // Loss costs goodput; 8 SEQEX channels recover in parallel what one
    // channel's window waits for; one TCP connection stalls its whole byte
    // stream on every loss, so 8 SEQEX channels outrun it under loss.
    BOOST_TEST(goodput.at("seqex/1/0.05") < goodput.at("seqex/1/0"));
    BOOST_TEST(goodput.at("tcp/1/0.05") < goodput.at("tcp/1/0"));
    BOOST_TEST(goodput.at("seqex/8/0.05") > 2 * goodput.at("seqex/1/0.05"));
    BOOST_TEST(goodput.at("seqex/8/0.1") > 2 * goodput.at("tcp/1/0.1"));
}

BOOST_AUTO_TEST_CASE(bandwidth_bounds_saturated_goodput)
{
    // The link's bit rate is the bottleneck of a saturated clean run: goodput
    // stays below it and follows it. goodput_mbps sums both directions, each
    // of which carries at most the link's rate.
    std::map<std::string, double> goodput;
    for (const char* bandwidth : {"2Mbps", "10Mbps"})
    {
        SeqexScenarioConfig c =
            Short("loss-sweep", {{"transport", "tcp"}, {"channels", "8"}, {"loss", "0"}, {"bandwidth", bandwidth}});
        SeqexRunOutcome o = RunSeqexScenario(c);
        BOOST_TEST(o.Ok());
        BOOST_TEST(o.metrics.completed == o.expectedExchanges);
        goodput[bandwidth] = o.metrics.goodputForwardMbps;
        BOOST_TEST(o.metrics.goodputForwardMbps < o.ceiling.forwardMbps);
        BOOST_TEST(o.metrics.goodputReverseMbps < o.ceiling.reverseMbps);
    }
    // One direction's goodput stays below that direction's bit rate (the
    // sum of both directions need not).
    BOOST_TEST(goodput.at("2Mbps") < 2.0);
    BOOST_TEST(goodput.at("2Mbps") > 1.0);
    BOOST_TEST(goodput.at("10Mbps") > 3 * goodput.at("2Mbps"));
}

// The bottleneck buffer is explicit and every packet it drops is counted,
// per direction: what SEQEX sent is what crossed the link plus what the
// queue dropped (a hidden queue disc dropping uncounted breaks the sum), and
// an exchange whose packet the queue dropped counts as hit by loss.
BOOST_AUTO_TEST_CASE(queue_drops_are_counted_per_direction)
{
    for (const char* qdisc : {"none", "pfifo", "fq-codel"})
    {
        BOOST_TEST_CONTEXT("qdisc " << qdisc)
        {
            SeqexScenarioConfig c = Short("loss-sweep", {{"channels", "8"}, {"loss", "0"}, {"qdisc", qdisc},
                                                         {"qdiscLimit", "50"}, {"queue", "20"}});
            SeqexRunOutcome o = RunSeqexScenario(c);
            BOOST_TEST(o.Ok());
            uint64_t sent = Counter(o, "sent") + o.totals.retransmissions + Counter(o, "acks_sent");
            uint64_t crossed = o.channel[0].txPackets + o.channel[1].txPackets;
            BOOST_TEST(o.queueDropped[0] > 0u); // 8 x 64 packets in flight on a 40 ms, 10 Mb/s path
            BOOST_TEST(sent == crossed + o.queueDropped[0] + o.queueDropped[1]);
            BOOST_TEST(Both(o).lost == 0u);
            BOOST_TEST(o.metrics.hit > 0u);
            BOOST_TEST(c.BufferPackets() == (std::string(qdisc) == "none" ? 20u : 70u));
        }
    }
    SeqexScenarioConfig c = Short("loss-sweep", {});
    BOOST_TEST(c.qdisc == "none"); // by default the device queue is the only buffer
    BOOST_TEST(c.BdpPackets() == 10e6 * 0.040 / 12000, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(burst_loss)
{
    RunShortForms("burst-loss", [](const SeqexScenarioConfig&, const SeqexRunOutcome& o) {
        BOOST_TEST(Both(o).burstLost > 0u);
        BOOST_TEST(o.metrics.hit > 0u);
    });
}

BOOST_AUTO_TEST_CASE(reorder_sweep)
{
    RunShortForms("reorder-sweep", [](const SeqexScenarioConfig&, const SeqexRunOutcome& o) {
        BOOST_TEST(Both(o).reordered > 0u);
    });
}

BOOST_AUTO_TEST_CASE(duplication)
{
    RunShortForms("duplication", [](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        BOOST_TEST(Both(o).duplicated > 0u);
        if (c.transport == "seqex")
        {
            BOOST_TEST(Counter(o, "duplicates_dropped") > 0u); // and exactly-once held
        }
    });
}

BOOST_AUTO_TEST_CASE(latency_sweep)
{
    RunShortForms("latency-sweep", [](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        BOOST_TEST(o.metrics.latency.p50 >= 2 * c.delay.GetSeconds() * 1e3);
    });
}

BOOST_AUTO_TEST_CASE(reset_storm)
{
    RunShortForms("reset-storm", [](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        BOOST_TEST(o.resets == 3u);
        BOOST_TEST(o.resetTimes.size() == 3u);
        {
            // The timeline saw every first transmission (SEQEX: data
            // packets; TCP: data segments) and every retransmission, and
            // packets in flight at some point, none at the end.
            BOOST_TEST_REQUIRE(o.timeline.Enabled());
            BOOST_TEST(o.timeline.Bins().size() == size_t(c.End().GetNanoSeconds() / c.timelineBin.GetNanoSeconds()));
            uint64_t sent = 0;
            uint64_t retransmitted = 0;
            uint64_t peak = 0;
            for (const SeqexTimelineBin& b : o.timeline.Bins())
            {
                sent += b.sent;
                retransmitted += b.retransmitted;
                peak = std::max(peak, b.inFlight);
            }
            BOOST_TEST(sent == Counter(o, c.transport == "seqex" ? "sent" : "data_segments"));
            BOOST_TEST(retransmitted == o.totals.retransmissions);
            BOOST_TEST(peak > 0u);
            BOOST_TEST(o.timeline.Bins().back().inFlight == 0u); // drained
        }
        if (c.resetKind == "link")
        {
            BOOST_TEST(Both(o).linkDownDropped > 0u);
        }
        else if (c.transport == "seqex")
        {
            BOOST_TEST(Counter(o, "transport_resets") == 3u);
            if (c.resetKind == "nat")
            {
                BOOST_TEST(Counter(o, "peer_port_changes") >= 3u); // the peer followed each new port
            }
        }
        else
        {
            BOOST_TEST(Counter(o, "connections_opened") == 2u * 4u); // both ends, 1 + 3 resets
        }
    });
}

BOOST_AUTO_TEST_CASE(blackhole_heal)
{
    RunShortForms("blackhole-heal", [](const SeqexScenarioConfig&, const SeqexRunOutcome& o) {
        BOOST_TEST(Both(o).blackholed > 0u);
        BOOST_TEST(o.metrics.latency.max > 1000.0); // someone waited out the hole
    });
}

// resend-latency (issue 11, adaptive resend): the flag reaches the core. At
// 5% loss one channel with the fixed 250 ms interval repairs a loss after
// 250 ms; adaptive resend after about one RTO of a 40 ms round trip, so its
// p99 is far lower; both complete every exchange. (Seed 1, 4 s of the 500/s
// point only: the whole default set is a results run, not a test.)
BOOST_AUTO_TEST_CASE(resend_latency)
{
    std::map<std::string, SeqexRunOutcome> runs;
    for (const char* mode : {"fixed", "adaptive"})
    {
        SeqexScenarioConfig c = Short("resend-latency", {{"transport", "seqex"},
                                                         {"channels", "1"},
                                                         {"resendMode", mode},
                                                         {"loss", "0.05"},
                                                         {"seed", "1"}});
        BOOST_TEST(c.resendMode == mode);
        SeqexRunOutcome o = RunSeqexScenario(c);
        BOOST_TEST(o.safety.empty());
        BOOST_TEST(o.liveness.empty());
        BOOST_TEST(o.metrics.completed == o.expectedExchanges);
        BOOST_TEST(o.totals.retransmissions > 0u);
        runs[mode] = o;
    }
    double fixedP99 = runs.at("fixed").metrics.latency.p99;
    double adaptiveP99 = runs.at("adaptive").metrics.latency.p99;
    BOOST_TEST_MESSAGE("p99 fixed " << fixedP99 << " ms, adaptive " << adaptiveP99 << " ms");
    BOOST_TEST(fixedP99 > 250.0);
    BOOST_TEST(adaptiveP99 < 0.6 * fixedP99);
}

BOOST_AUTO_TEST_CASE(head_of_line)
{
    std::map<std::string, SeqexRunOutcome> runs;
    RunShortForms("head-of-line", [&runs](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        BOOST_TEST(Both(o).lost > 0u);
        std::string key = c.transport + "/" + std::to_string(c.channels) + "/" + seqex::FormatDouble(c.seqCst);
        runs[key] = o;
    });
    // seq_cst order makes exchanges wait for others' losses; plain packets
    // and more channels much less (plain packets only when a loss stalls
    // the receive window, and then only that channel's).
    double seqCst1 = runs.at("seqex/1/1").metrics.hol.mean;
    BOOST_TEST(seqCst1 > 4 * runs.at("seqex/1/0").metrics.hol.mean);
    BOOST_TEST(seqCst1 > 4 * runs.at("seqex/8/1").metrics.hol.mean);
    BOOST_TEST(runs.at("seqex/8/0").metrics.hol.mean < runs.at("seqex/1/0").metrics.hol.mean);
    // One TCP connection delivers in byte order: even the typical exchange
    // not hit by loss waits behind others (median), SEQEX plain's does not.
    // (TCP's fast retransmit repairs a loss in about a round trip, SEQEX's
    // timer in a resend interval, so the tails are not compared here.)
    BOOST_TEST(runs.at("tcp/1/0").metrics.hol.p50 > 10 * runs.at("seqex/1/0").metrics.hol.p50);
}

// SEQEX saturating next to two bulk TCP flows: the share and Jain's index
// follow from the bytes counted at the bottleneck's output, the bottleneck
// is full, and eight channels (eight windows) take more than one.
BOOST_AUTO_TEST_CASE(shared_bottleneck)
{
    BOOST_TEST(JainIndex({1, 1, 1}) == 1.0);
    BOOST_TEST(JainIndex({1, 0, 0}) == 1.0 / 3, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(JainIndex({2, 1}) == 0.9, boost::test_tools::tolerance(1e-12));
    std::map<std::string, double> share;
    RunShortForms("shared-bottleneck", [&share](const SeqexScenarioConfig& c, const SeqexRunOutcome& o) {
        const SeqexShareOutcome& s = o.share;
        BOOST_REQUIRE(s.enabled);
        BOOST_TEST(s.flows == 2u);
        BOOST_TEST(s.bins.size() == size_t(c.duration.GetNanoSeconds() / c.shareBin.GetNanoSeconds()));
        uint64_t seqex = 0;
        std::vector<double> flow(3, 0.0);
        for (const SeqexShareBin& b : s.bins)
        {
            seqex += b.seqexBytes;
            flow[0] += double(b.seqexBytes);
            flow[1] += double(b.tcpBytes[0]);
            flow[2] += double(b.tcpBytes[1]);
        }
        double all = flow[0] + flow[1] + flow[2];
        BOOST_TEST(s.seqexShareTotal == double(seqex) / all, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(s.jainTotal == JainIndex(flow), boost::test_tools::tolerance(1e-12));
        BOOST_TEST(s.jainTotal >= 1.0 / 3 - 1e-12);
        BOOST_TEST(s.jainTotal <= 1.0);
        // The bottleneck is busy: at least 90% of the link's bytes in the
        // traffic period left it.
        BOOST_TEST(all >= 0.9 * double(c.bandwidth.GetBitRate()) / 8 * c.duration.GetSeconds());
        BOOST_TEST(o.queueDropped[0] > 0u);
        share[c.bulkVariant + "/" + std::to_string(c.channels)] = s.seqexShareTotal;
    });
    BOOST_TEST(share.at("cubic/8") > share.at("cubic/1"));
    BOOST_TEST(share.at("newreno/8") > share.at("newreno/1"));
    // One channel's window leaves the TCP flows their share.
    BOOST_TEST(share.at("cubic/1") < 0.5);
}

// tcp-validation's default points, seed 1, shortened to 4 s of traffic
// (SEQEX points queue 4/10 of their exchanges): every run ends cleanly,
// bulk TCP records the TCP it ran and loses goodput as loss grows, SEQEX's
// goodput doubles with its window until the link caps it. The comparison
// with the models is tests/python/test_tcp_validation.py.
BOOST_AUTO_TEST_CASE(tcp_validation)
{
    const SeqexScenario* s = FindSeqexScenario("tcp-validation");
    BOOST_REQUIRE(s != nullptr);
    std::map<std::string, std::map<double, double>> bulk; // variant -> loss -> goodput
    std::map<uint32_t, double> windowed;                  // W -> goodput
    for (SeqexAssignments point : s->defaultPoints)
    {
        if (std::find(point.begin(), point.end(), std::make_pair(std::string("seed"), std::string("1"))) ==
                point.end() &&
            std::any_of(point.begin(), point.end(), [](const auto& a) { return a.first == "seed"; }))
        {
            continue;
        }
        for (auto& [flag, value] : point)
        {
            if (flag == "exchanges")
            {
                value = std::to_string(std::stoul(value) * 4 / 10);
            }
        }
        point.push_back({"duration", "4s"});
        point.push_back({"heal", "10s"});
        SeqexScenarioConfig c;
        std::string error = SeqexConfigure("tcp-validation", point, c);
        BOOST_REQUIRE_MESSAGE(error.empty(), error);
        BOOST_TEST_CONTEXT("tcp-validation " << c.transport << " point " << &point - &s->defaultPoints[0])
        {
            SeqexRunOutcome o = RunSeqexScenario(c);
            BOOST_TEST(o.Ok());
            BOOST_TEST(o.metrics.goodputMbps > 0);
            if (c.Bulk())
            {
                BOOST_TEST(o.expectedExchanges == 0u);
                BOOST_TEST(Counter(o, "bulk_bytes_in_period") == o.metrics.deliveredBytes);
                BOOST_TEST(Counter(o, "srtt_mean_us") > 40000u); // the propagation round trip, at least
                BOOST_TEST(o.channel[1].lost == 0u);             // the loss is on the data direction only
                bool variantRecorded = false;
                for (const auto& [name, value] : o.attributes)
                {
                    variantRecorded |= name == "ns3::TcpL4Protocol::SocketType" &&
                                       value == SeqexTcpVariants()[c.tcpVariant == "cubic" ? 0 : 1].second;
                }
                BOOST_TEST(variantRecorded);
                bulk[c.tcpVariant][c.impairment.loss] = o.metrics.goodputMbps;
            }
            else
            {
                BOOST_TEST(o.metrics.completed == o.expectedExchanges);
                windowed[c.window] = o.metrics.goodputMbps;
            }
        }
    }
    for (const auto& [variant, byLoss] : bulk)
    {
        BOOST_TEST_CONTEXT(variant)
        {
            BOOST_TEST(byLoss.size() == 5u);
            BOOST_TEST(byLoss.begin()->second > 3 * byLoss.rbegin()->second); // 0.5% vs 10% loss
        }
    }
    BOOST_TEST(bulk.size() == 2u);
    BOOST_TEST(windowed.size() == 7u);
    for (auto it = windowed.begin(); std::next(it) != windowed.end(); ++it)
    {
        double ratio = std::next(it)->second / it->second;
        BOOST_TEST_CONTEXT("W " << it->first << " -> " << std::next(it)->first)
        {
            BOOST_TEST(ratio > (std::next(it)->first <= 64 ? 1.9 : 1.2)); // then the 10 Mbit/s link
            BOOST_TEST(ratio < 2.1);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reproducibility)

BOOST_AUTO_TEST_CASE(same_seed_same_results_other_seed_other_results)
{
    for (std::string transport : {"seqex", "tcp"})
    {
        BOOST_TEST_CONTEXT(transport)
        {
            SeqexScenarioConfig c = Short("head-of-line", {{"transport", transport}, {"loss", "0.05"}, {"seqCst", "0.5"}});
            SeqexRunIdentity id{"t", "cmd", {}};
            SeqexRunOutcome a = RunSeqexScenario(c);
            SeqexRunOutcome b = RunSeqexScenario(c);
            BOOST_TEST(SeqexSummaryJson(c, id, a) == SeqexSummaryJson(c, id, b));
            BOOST_TEST(SeqexExchangesCsv(c, a) == SeqexExchangesCsv(c, b));
            c.seed = 2;
            SeqexRunOutcome other = RunSeqexScenario(c);
            BOOST_TEST(SeqexExchangesCsv(c, a) != SeqexExchangesCsv(c, other));
        }
    }
}

BOOST_AUTO_TEST_CASE(same_command_same_files_across_processes)
{
    std::string out = TempDir("repro");
    std::string args = "--scenario=reorder-sweep --transport=tcp --duration=3s --heal=5s --seed=4 --out=" + out;
    std::string json = out + "/reorder-sweep/runs/duration=3s_heal=5s_seed=4_transport=tcp.json";
    std::string csv = out + "/reorder-sweep/runs/duration=3s_heal=5s_seed=4_transport=tcp.exchanges.csv";
    ProgramResult first = RunProgram(args);
    BOOST_REQUIRE_MESSAGE(first.status == 0, first.output);
    std::string json1 = ReadFile(json);
    std::string csv1 = ReadFile(csv);
    BOOST_REQUIRE(!json1.empty());
    BOOST_TEST(json1.find("\"status\": \"ok\"") != std::string::npos);
    BOOST_TEST(json1.find("\"seed\": 4") != std::string::npos);
    ProgramResult second = RunProgram(args);
    BOOST_REQUIRE(second.status == 0);
    BOOST_TEST(ReadFile(json) == json1);
    BOOST_TEST(ReadFile(csv) == csv1);
}

BOOST_AUTO_TEST_CASE(both_transports_run_the_same_workload)
{
    // Same seed: the same exchanges start at the same times with the same
    // lengths and flags over SEQEX and TCP, whatever their packets do.
    for (std::string loss : {"0", "0.05"})
    {
        BOOST_TEST_CONTEXT("loss " << loss)
        {
            SeqexAssignments p = {{"loss", loss}, {"bidirectional", "true"}, {"seqCst", "0.3"}, {"channels", "3"}};
            SeqexAssignments q = p;
            p.push_back({"transport", "seqex"});
            q.push_back({"transport", "tcp"});
            SeqexRunOutcome s = RunSeqexScenario(Short("head-of-line", p));
            SeqexRunOutcome t = RunSeqexScenario(Short("head-of-line", q));
            auto workload = [](const SeqexRunOutcome& o) {
                std::vector<std::tuple<uint32_t, uint64_t, int64_t, uint32_t, bool>> w;
                for (const SeqexExchangeRecord* r : o.log.Records())
                {
                    w.emplace_back(r->key.originator, r->key.id, r->start.GetNanoSeconds(), r->length, r->seqCst);
                }
                return w;
            };
            BOOST_TEST(workload(s).size() == s.expectedExchanges);
            BOOST_TEST((workload(s) == workload(t)));
        }
    }
}

BOOST_AUTO_TEST_CASE(both_transports_time_an_exchange_the_same_way)
{
    // Open loop with small windows: exchanges wait before their first
    // transmission; the record keeps generation (start) and first send
    // apart, and latency runs from generation over either transport.
    // Saturating: an exchange is generated when its transport can take it,
    // so it never waits (over TCP they used to be queued all at once).
    for (std::string transport : {"seqex", "tcp"})
    {
        BOOST_TEST_CONTEXT(transport)
        {
            SeqexRunOutcome open =
                RunSeqexScenario(Short("head-of-line", {{"transport", transport}, {"window", "16"}, {"loss", "0.05"}}));
            BOOST_TEST(open.metrics.completed == open.expectedExchanges);
            Time longestWait;
            for (const SeqexExchangeRecord* r : open.log.Records())
            {
                BOOST_TEST(r->firstSent >= r->start);
                BOOST_TEST(r->end > r->firstSent);
                longestWait = std::max(longestWait, r->firstSent - r->start);
            }
            if (transport == "seqex")
            {
                BOOST_TEST(longestWait > MilliSeconds(10)); // some waited for window room
            }
            SeqexRunOutcome saturating = RunSeqexScenario(Short("loss-sweep", {{"transport", transport}}));
            BOOST_TEST(saturating.metrics.completed == saturating.expectedExchanges);
            Time last;
            for (const SeqexExchangeRecord* r : saturating.log.Records())
            {
                BOOST_TEST(r->firstSent == r->start);
                last = std::max(last, r->start);
            }
            // 600 exchanges of 1000 bytes do not fit one window or one send
            // buffer: later ones are generated later.
            BOOST_TEST(last > SeqexScenarioConfig::TrafficStart() + MilliSeconds(100));
        }
    }
}

BOOST_AUTO_TEST_CASE(not_draining_in_time_is_named_as_such_and_its_command_replays_it)
{
    // A heal period shorter than one resend interval: exchanges hit by loss
    // cannot end in time. No invariant broke: the run did not drain.
    std::string out = TempDir("not-drained");
    ProgramResult r = RunProgram("--scenario=loss-sweep --loss=0.3 --resendInterval=60s --exchanges=100 "
                                 "--duration=1s --heal=1s --seed=5 --out=" + out);
    BOOST_TEST(r.status == 5, r.output);
    BOOST_TEST(r.output.find("VIOLATION") == std::string::npos, r.output);
    BOOST_TEST(r.output.find("not drained: SEQEX did not drain within --heal=1s") != std::string::npos, r.output);
    BOOST_TEST(r.output.find("rerun with a longer --heal") != std::string::npos);
    BOOST_TEST(r.output.find("never ended") != std::string::npos);
    size_t at = r.output.find("replay: ");
    BOOST_REQUIRE(at != std::string::npos);
    std::string replay = r.output.substr(at + 8, r.output.find('\n', at) - at - 8);
    BOOST_TEST(replay.find("--seed=5") != std::string::npos);
    BOOST_TEST(replay.find("--resendInterval=60s") != std::string::npos);
    // The replay command is complete: run as is, it ends the same way.
    std::string json = ReadFile(out + "/loss-sweep/runs/duration=1s_exchanges=100_heal=1s_loss=0.3_resendInterval=60s_seed=5.json");
    BOOST_TEST(json.find("\"status\": \"not_drained\"") != std::string::npos);
    std::string again = replay.substr(replay.find(' ') + 1);
    ProgramResult second = RunProgram(again);
    BOOST_TEST(second.status == 5);
    BOOST_TEST(ReadFile(out + "/loss-sweep/runs/duration=1s_exchanges=100_heal=1s_loss=0.3_resendInterval=60s_seed=5.json") == json);
}

// TCP's retransmission backoff outlasting --heal (the README's sweep at
// 30% loss) is not a SEQEX invariant violation.
BOOST_AUTO_TEST_CASE(tcp_backoff_beyond_heal_is_not_drained_not_a_violation)
{
    std::string out = TempDir("tcp-not-drained");
    ProgramResult r = RunProgram("--scenario=loss-sweep --transport=tcp --loss=0.3 --exchanges=500 --duration=2s "
                                 "--heal=1s --out=" + out);
    BOOST_TEST(r.status == 5, r.output);
    BOOST_TEST(r.output.find("INVARIANT VIOLATION") == std::string::npos, r.output);
    BOOST_TEST(r.output.find("not drained: TCP did not drain within --heal=1s") != std::string::npos, r.output);
}

// An open-loop rate far above what the link carries: the backlog grows all
// through the run, which gets its own status and exit code, not numbers.
BOOST_AUTO_TEST_CASE(a_growing_backlog_is_reported_as_overload)
{
    std::string out = TempDir("overload");
    ProgramResult r = RunProgram("--scenario=head-of-line --rate=1000 --bandwidth=1Mbps --duration=4s --heal=1s "
                                 "--out=" + out);
    BOOST_TEST(r.status == 6, r.output);
    BOOST_TEST(r.output.find("overload: SEQEX did not keep up") != std::string::npos, r.output);
    BOOST_TEST(r.output.find("VIOLATION") == std::string::npos);
    std::string json = ReadFile(out + "/head-of-line/runs/bandwidth=1Mbps_duration=4s_heal=1s_rate=1000.json");
    BOOST_TEST(json.find("\"status\": \"overload\"") != std::string::npos);
}

// Only a broken safety invariant is a violation; the status order is
// violation, overload, not drained, ok.
BOOST_AUTO_TEST_CASE(the_status_names_what_happened)
{
    SeqexRunOutcome o;
    BOOST_TEST(std::string(SeqexRunStatusName(o.Status())) == "ok");
    o.liveness.push_back("invariant 4 (liveness): exchange 3 of node 0 never ended");
    BOOST_TEST(std::string(SeqexRunStatusName(o.Status())) == "not_drained");
    o.backlog.overload = true;
    BOOST_TEST(std::string(SeqexRunStatusName(o.Status())) == "overload");
    o.safety.push_back("invariant 1 (exactly-once): seq 5 delivered twice");
    BOOST_TEST(std::string(SeqexRunStatusName(o.Status())) == "violation");
}

// Captures that cannot be written stop the run before it starts, with the
// write-error status and the path, rather than an abort inside ns-3: they
// go to the run's results folder, which is checked before the run.
BOOST_AUTO_TEST_CASE(pcap_to_an_unwritable_place_is_a_clear_error)
{
    std::string blocker = TempDir("pcap-blocked") + "/file";
    std::ofstream(blocker) << "a file where the results directory would go";
    ProgramResult r = RunProgram("--scenario=loss-sweep --exchanges=10 --duration=1s --heal=1s --pcap=true --out=" +
                                 blocker);
    BOOST_TEST(r.status == 4, r.output);
    BOOST_TEST(r.output.find("--out: cannot create " + blocker) != std::string::npos, r.output);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tcp_baseline)

// Sparse request/reply (20 exchanges/s over 8 connections, 10 s) on the
// default link: 40 ms round trip, so a sound RTO is SRTT + max(4 RTTVAR,
// MinRto) ~ 240 ms, doubled after a timeout. ns-3.37 freezes the echoed
// timestamp when every ACK rides on data (seqex-tcp-socket.h) and the RTO
// then grows with the connection's age, to seconds.
SeqexScenarioConfig
SparseTcp(const std::string& loss)
{
    SeqexScenarioConfig c;
    std::string error = SeqexConfigure("head-of-line", {{"transport", "tcp"}, {"rate", "20"}, {"channels", "8"},
                                                        {"loss", loss}, {"duration", "10s"}, {"heal", "10s"}},
                                       c);
    BOOST_REQUIRE_MESSAGE(error.empty(), error);
    return c;
}

BOOST_AUTO_TEST_CASE(rto_stays_a_few_round_trips_under_sparse_loss)
{
    SeqexScenarioConfig c = SparseTcp("0.02");
    SeqexRunOutcome o = RunSeqexScenario(c);
    BOOST_TEST_REQUIRE(o.Ok());
    BOOST_TEST(Both(o).lost > 0u);
    double rtt = 2 * c.delay.GetSeconds() * 1e6; // us
    double sound = c.tcpMinRto.GetMicroSeconds() + 4 * rtt;
    for (std::string side : {"connecting", "accepting"})
    {
        BOOST_TEST_CONTEXT(side)
        {
            BOOST_TEST(Counter(o, "rto_armed_" + side) > 100u);
            BOOST_TEST(Counter(o, "rto_armed_" + side + "_p50_us") < sound);
            BOOST_TEST(Counter(o, "rto_armed_" + side + "_p99_us") < 2 * sound + 1e5); // one backoff
            BOOST_TEST(Counter(o, "rto_armed_" + side + "_p50_us") > c.tcpMinRto.GetMicroSeconds());
        }
    }
}

// Without loss nothing is retransmitted: the RTO (>= SRTT + MinRto) always
// outlasts a delayed ACK (40 ms) plus the round trip. With ns-3's defaults
// (RTO = max(SRTT + 4 RTTVAR, MinRto) = 200 ms, delayed ACK 200 ms) the timer
// fired before every delayed ACK arrived.
// Every --tcp* flag reaches the sockets the baseline creates, and the run
// records each ns-3 attribute it set.
BOOST_AUTO_TEST_CASE(tcp_flags_reach_the_socket)
{
    SeqexScenarioConfig c;
    std::string error = SeqexConfigure("loss-sweep", {{"transport", "tcp"}, {"tcpVariant", "newreno"},
                                                      {"tcpRecovery", "classic"}, {"tcpSack", "false"},
                                                      {"tcpTimestamps", "false"}, {"tcpSegmentSize", "536"},
                                                      {"tcpDelAckCount", "1"}, {"tcpDelAckTimeout", "100ms"},
                                                      {"tcpMinRto", "300ms"}, {"tcpInitialCwnd", "4"},
                                                      {"tcpSndBuf", "65536"}, {"tcpRcvBuf", "32768"}},
                                       c);
    BOOST_REQUIRE_MESSAGE(error.empty(), error);
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper().Install(node);
    std::vector<std::pair<std::string, std::string>> set = ConfigureSeqexTcp(c);
    Ptr<SeqexTcpSocket> socket = SeqexTcpSocket::Create(node);
    BOOST_TEST(socket->GetCongestionControlName() == "TcpNewReno");
    BOOST_TEST(socket->GetRecoveryName() == "TcpClassicRecovery");
    auto attribute = [&socket](const std::string& name) {
        StringValue v;
        socket->GetAttribute(name, v); // aborts on an unknown name
        return v.Get();
    };
    // The attributes as ns-3 prints them (times in its own units).
    BOOST_TEST(attribute("Sack") == "false");
    BOOST_TEST(attribute("Timestamp") == "false");
    BOOST_TEST(attribute("SegmentSize") == "536");
    BOOST_TEST(attribute("DelAckCount") == "1");
    BOOST_TEST(attribute("InitialCwnd") == "4");
    BOOST_TEST(attribute("SndBufSize") == "65536");
    BOOST_TEST(attribute("RcvBufSize") == "32768");
    TimeValue t;
    socket->GetAttribute("DelAckTimeout", t);
    BOOST_TEST(t.Get() == MilliSeconds(100));
    socket->GetAttribute("MinRto", t);
    BOOST_TEST(t.Get() == MilliSeconds(300));
    socket->GetAttribute("ClockGranularity", t);
    BOOST_TEST(t.Get() == MilliSeconds(300));
    std::map<std::string, std::string> recorded(set.begin(), set.end());
    BOOST_TEST(recorded.at("ns3::TcpL4Protocol::SocketType") == "ns3::TcpNewReno");
    BOOST_TEST(recorded.at("ns3::TcpSocket::SegmentSize") == "536");
    BOOST_TEST(recorded.at("ns3::TcpSocketBase::MinRto") == "300ms");
    Simulator::Destroy();
}

// Every --tcpVariant runs a bulk transfer under 1% loss to its end and is
// the congestion control that ran (the variants' goodputs differ). The heal
// is long: ns-3.37's TcpBbr takes 30-60 s to deliver its last bytes after
// losses near the end (doc/tcp-baseline.md).
BOOST_AUTO_TEST_CASE(every_variant_carries_a_bulk_transfer)
{
    std::set<uint64_t> bytes;
    for (const auto& [variant, typeId] : SeqexTcpVariants())
    {
        BOOST_TEST_CONTEXT(variant)
        {
            SeqexScenarioConfig c;
            std::string error = SeqexConfigure("loss-sweep", {{"transport", "tcp"}, {"workload", "bulk"},
                                                              {"impairDir", "forward"}, {"loss", "0.01"},
                                                              {"tcpVariant", variant}, {"duration", "3s"},
                                                              {"heal", "90s"}},
                                               c);
            BOOST_REQUIRE_MESSAGE(error.empty(), error);
            SeqexRunOutcome o = RunSeqexScenario(c);
            BOOST_TEST(o.Ok());
            BOOST_TEST(o.metrics.goodputMbps > 0.1);
            std::map<std::string, std::string> set(o.attributes.begin(), o.attributes.end());
            BOOST_TEST(set.at("ns3::TcpL4Protocol::SocketType") == typeId);
            bytes.insert(o.metrics.deliveredBytes);
        }
    }
    BOOST_TEST(bytes.size() > SeqexTcpVariants().size() / 2);
}

BOOST_AUTO_TEST_CASE(no_retransmission_without_loss)
{
    SeqexRunOutcome o = RunSeqexScenario(SparseTcp("0"));
    BOOST_TEST_REQUIRE(o.Ok());
    BOOST_TEST(o.metrics.completed == o.expectedExchanges);
    BOOST_TEST(o.totals.retransmissions == 0u);
}

BOOST_AUTO_TEST_CASE(resets_restart_open_exchanges_on_new_connections)
{
    SeqexScenarioConfig c = Short("reset-storm", {{"transport", "tcp"}, {"resetKind", "socket"}, {"channels", "2"},
                                                  {"bidirectional", "true"}, {"lenMin", "2"}, {"lenMax", "5"}});
    SeqexRunOutcome o = RunSeqexScenario(c);
    BOOST_TEST(o.Ok());
    BOOST_TEST(Counter(o, "restarts") > 0u);
    BOOST_TEST(Counter(o, "connections_opened") == 2u * 2u * 4u); // both ends, 2 connections, 1 + 3 resets
    uint64_t restarted = 0;
    for (const SeqexExchangeRecord* r : o.log.Records())
    {
        restarted += r->restarts > 0;
        BOOST_TEST(r->completed);
        if (r->restarts > 0)
        {
            BOOST_TEST(r->Hit()); // a restart is its own loss, never HOL delay
        }
    }
    BOOST_TEST(restarted > 0u);
    BOOST_TEST(o.metrics.completed == o.expectedExchanges);
}

BOOST_AUTO_TEST_SUITE_END()
