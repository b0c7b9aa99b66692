// The metrics' definitions on hand-made exchange logs.
#include "seqex-exchange-log.h"
#include "seqex-run-metrics.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;

namespace
{

SeqexIdealPath
Path()
{
    SeqexIdealPath p;
    p.delay = MilliSeconds(10);
    p.bandwidth = DataRate("8Mbps"); // 1000 bytes: 1 ms
    p.dataSize = 1000;
    p.answerDelay = MilliSeconds(2);
    return p;
}

// An exchange generated at `start`, first sent `backlog` later, ended
// `latency` after `start`.
void
Add(SeqexExchangeLog& log,
    uint64_t id,
    uint32_t length,
    Time start,
    Time latency,
    uint32_t drops = 0,
    Time backlog = Time(0))
{
    log.Started({0, id}, 0, start, start + backlog);
    SeqexExchangeRecord& r = log.At({0, id});
    r.length = length;
    r.drops = drops;
    log.Completed({0, id}, start + latency);
}

} // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(nearest_rank_percentiles)
{
    std::vector<double> v;
    for (int i = 1; i <= 100; ++i)
    {
        v.push_back(101 - i); // unsorted on purpose
    }
    SeqexDistribution d = Summarize(v);
    BOOST_TEST(d.count == 100u);
    BOOST_TEST(d.p50 == 50);
    BOOST_TEST(d.p90 == 90);
    BOOST_TEST(d.p99 == 99);
    BOOST_TEST(d.max == 100);
    BOOST_TEST(d.mean == 50.5);
    SeqexDistribution one = Summarize({7});
    BOOST_TEST(one.p50 == 7);
    BOOST_TEST(one.p99 == 7);
    BOOST_TEST(Summarize({}).count == 0u);
}

BOOST_AUTO_TEST_CASE(ideal_latency_follows_who_ends_the_exchange)
{
    SeqexIdealPath p = Path();
    // Length 1: payload over, Ack back: 2 crossings, 1 serialization, 1 answer.
    BOOST_TEST(p.Ideal(1) == MilliSeconds(2 * 10 + 1 + 2));
    // Length 2: the originator ends it by sending the Ack: 2 crossings.
    BOOST_TEST(p.Ideal(2) == MilliSeconds(2 * 10 + 2 * (1 + 2)));
    // Length 3: the Ack crosses back to the originator: 4 crossings.
    BOOST_TEST(p.Ideal(3) == MilliSeconds(4 * 10 + 3 * (1 + 2)));
    p.meanJitter = MilliSeconds(5);
    BOOST_TEST(p.Ideal(1) == MilliSeconds(2 * 15 + 1 + 2));
}

BOOST_AUTO_TEST_CASE(hol_delay_counts_only_exchanges_not_hit_by_loss)
{
    SeqexExchangeLog log;
    SeqexIdealPath p = Path();
    Add(log, 0, 1, Seconds(1), p.Ideal(1) + MilliSeconds(5));                    // waited 5 ms behind others
    Add(log, 1, 3, Seconds(2), p.Ideal(3));                                     // ideal
    Add(log, 2, 1, Seconds(3), p.Ideal(1) + MilliSeconds(250), /*drops=*/1);    // its own loss
    log.Started({0, 3}, 0, Seconds(4), Seconds(4));                              // never ended
    log.AddDeliveredBytes(nullptr, 1, 5000);
    SeqexTransportTotals totals;
    totals.firstTransmissions = 10;
    totals.retransmissions = 2;
    totals.wireBytes = 7500;
    SeqexRunMetrics m = ComputeMetrics(log, totals, p);
    BOOST_TEST(m.exchanges == 4u);
    BOOST_TEST(m.completed == 3u);
    BOOST_TEST(m.hit == 1u);
    BOOST_TEST(m.hol.count == 2u);
    BOOST_TEST(m.hol.max == 5.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.hol.p50 == 0.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.latency.count == 3u);
    BOOST_TEST(m.latency.max == (p.Ideal(1) + MilliSeconds(250)).GetSeconds() * 1e3, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.retxOverhead == 0.2);
    BOOST_TEST(m.wireBytesPerDeliveredByte == 1.5);
    // 5000 bytes from the first start (1 s) to the last end.
    double span = (Seconds(3) + p.Ideal(1) + MilliSeconds(250) - Seconds(1)).GetSeconds();
    BOOST_TEST(m.goodputMbps == 5000 * 8 / span / 1e6, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_bounded_goodput_window_counts_only_exchanges_ended_within_it)
{
    SeqexExchangeLog log;
    SeqexIdealPath p = Path();
    Add(log, 0, 1, Seconds(0), Seconds(1));
    Add(log, 1, 1, Seconds(0), Seconds(2));
    Add(log, 2, 1, Seconds(0), Seconds(9)); // ends after the window: not counted
    SeqexExchangeKey k[3] = {{0, 0}, {0, 1}, {0, 2}};
    log.AddDeliveredBytes(&k[0], 1, 1000);
    log.AddDeliveredBytes(&k[1], 1, 3000);
    log.AddDeliveredBytes(&k[2], 1, 50000);
    SeqexRunMetrics bounded = ComputeMetrics(log, SeqexTransportTotals{}, p, Seconds(4));
    BOOST_TEST(bounded.goodputMbps == 4000 * 8 / 4.0 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(bounded.deliveredBytes == 54000u); // the totals stay whole-run
    SeqexRunMetrics whole = ComputeMetrics(log, SeqexTransportTotals{}, p);
    BOOST_TEST(whole.goodputMbps == 54000 * 8 / 9.0 / 1e6, boost::test_tools::tolerance(1e-9));
    // A window past the last end changes nothing.
    BOOST_TEST(ComputeMetrics(log, SeqexTransportTotals{}, p, Seconds(30)).goodputMbps == whole.goodputMbps);
}

BOOST_AUTO_TEST_CASE(a_second_completion_is_counted_not_taken)
{
    SeqexExchangeLog log;
    log.Started({1, 9}, 2, Seconds(1), Seconds(1));
    log.Completed({1, 9}, Seconds(2));
    log.Completed({1, 9}, Seconds(3));
    BOOST_TEST(log.DoubleCompletions() == 1u);
    BOOST_TEST(log.Find({1, 9})->end == Seconds(2));
    BOOST_TEST(log.Find({0, 9}) == nullptr);
}

BOOST_AUTO_TEST_CASE(hol_runs_from_the_first_transmission_and_the_backlog_wait_is_apart)
{
    SeqexExchangeLog log;
    SeqexIdealPath p = Path();
    // Waited 400 ms for window room, then 5 ms behind others' losses.
    Add(log, 0, 1, Seconds(1), MilliSeconds(400) + p.Ideal(1) + MilliSeconds(5), 0, MilliSeconds(400));
    // Sent at once, ideal.
    Add(log, 1, 1, Seconds(2), p.Ideal(1));
    SeqexRunMetrics m = ComputeMetrics(log, SeqexTransportTotals{}, p);
    BOOST_TEST(m.hol.max == 5.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.backlogWait.count == 2u);
    BOOST_TEST(m.backlogWait.max == 400.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.backlogWait.p50 == 0.0, boost::test_tools::tolerance(1e-9));
    // Latency still runs from generation: what the workload's user waits.
    BOOST_TEST(m.latency.max == (MilliSeconds(405) + p.Ideal(1)).GetSeconds() * 1e3,
               boost::test_tools::tolerance(1e-9));
    // A restart (TCP, new connection) keeps the first transmission.
    log.Started({0, 0}, 1, Seconds(1), Seconds(3));
    BOOST_TEST(log.Find({0, 0})->firstSent == Seconds(1) + MilliSeconds(400));
}

BOOST_AUTO_TEST_CASE(goodput_per_direction_sums_to_the_total)
{
    SeqexExchangeLog log;
    SeqexIdealPath p = Path();
    Add(log, 0, 3, Seconds(0), Seconds(1));
    Add(log, 1, 2, Seconds(0), Seconds(2));
    SeqexExchangeKey k0{0, 0};
    SeqexExchangeKey k1{0, 1};
    log.AddDeliveredBytes(&k0, 1, 2000); // nodes 0 and 2: to node 1, forward
    log.AddDeliveredBytes(&k0, 0, 1000); // node 1: reverse
    log.AddDeliveredBytes(&k1, 1, 1000);
    log.AddDeliveredBytes(&k1, 0, 1000);
    SeqexRunMetrics m = ComputeMetrics(log, SeqexTransportTotals{}, p);
    BOOST_TEST(m.goodputForwardMbps == 3000 * 8 / 2.0 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.goodputReverseMbps == 2000 * 8 / 2.0 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.goodputMbps == m.goodputForwardMbps + m.goodputReverseMbps, boost::test_tools::tolerance(1e-12));
    // A bounded window splits the counted exchanges' bytes the same way.
    SeqexRunMetrics b = ComputeMetrics(log, SeqexTransportTotals{}, p, MilliSeconds(1500));
    BOOST_TEST(b.goodputForwardMbps == 2000 * 8 / 1.5 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(b.goodputReverseMbps == 1000 * 8 / 1.5 / 1e6, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(the_goodput_ceiling_counts_every_header_of_the_busier_direction)
{
    // loss-sweep's workload: lengths 1-3, 1000 bytes, 10 Mb/s. Per exchange
    // the originator sends 4/3 data packets on average (1, 1, 2) and the
    // responder 2/3; the forward link is the busier one.
    SeqexGoodputCeiling seqex = GoodputCeiling("seqex", DataRate("10Mbps"), 1000, 1, 3, false);
    // Forward wire bytes per exchange: lengths 1, 2 send one payload
    // (1000 + 10 + 8 + 20 + 2), length 3 also a reply (1000 + 14 + 30).
    double wireFwd = (1040.0 + 1040.0 + 1040.0 + 1044.0) / 3;
    double perSecond = 10e6 / 8 / wireFwd;
    BOOST_TEST(seqex.forwardMbps == perSecond * 4.0 / 3 * 8000 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(seqex.reverseMbps == perSecond * 2.0 / 3 * 8000 / 1e6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(seqex.forwardMbps < 10.0);
    BOOST_TEST(seqex.Sum() > 10.0); // the sum of both directions exceeds one direction's rate
    // TCP: framing and full segments: more goodput per link byte.
    SeqexGoodputCeiling tcp = GoodputCeiling("tcp", DataRate("10Mbps"), 1000, 1, 3, false);
    BOOST_TEST(tcp.forwardMbps == 10.0 * 1000 / (1005 * 1502.0 / 1448), boost::test_tools::tolerance(1e-9));
    // Both directions originate: each carries the same.
    SeqexGoodputCeiling both = GoodputCeiling("seqex", DataRate("10Mbps"), 1000, 2, 2, true);
    BOOST_TEST(both.forwardMbps == both.reverseMbps);
}

BOOST_AUTO_TEST_CASE(a_growing_backlog_is_overload_a_stable_one_is_not)
{
    // Stable: open exchanges fluctuate around 5. Growing: 50 more per
    // second over 20 s. Marginal growth within the slack is not overload.
    std::vector<uint64_t> stable;
    std::vector<uint64_t> growing;
    std::vector<uint64_t> slight;
    for (int i = 0; i < kBacklogSamples; ++i)
    {
        stable.push_back(i % 3 == 0 ? 4 : 6);
        growing.push_back(5 + uint64_t(50 * 20 * i / kBacklogSamples));
        slight.push_back(20 + uint64_t(10 * i / kBacklogSamples));
    }
    SeqexBacklogTrend s = BacklogTrend(stable);
    BOOST_TEST(!s.overload);
    BOOST_TEST(s.early == 16.0 / 3, boost::test_tools::tolerance(0.01));
    BOOST_TEST(s.late == 16.0 / 3, boost::test_tools::tolerance(0.01));
    SeqexBacklogTrend g = BacklogTrend(growing);
    BOOST_TEST(g.overload);
    BOOST_TEST(g.late > 2 * g.early);
    BOOST_TEST(!BacklogTrend(slight).overload);
    BOOST_TEST(!BacklogTrend({}).overload);
}

BOOST_AUTO_TEST_SUITE_END()
