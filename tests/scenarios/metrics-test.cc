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

void
Add(SeqexExchangeLog& log, uint64_t id, uint32_t length, Time start, Time latency, uint32_t drops = 0)
{
    SeqexExchangeRecord& r = log.At({0, id});
    r.length = length;
    r.start = start;
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
    log.At({0, 3}).start = Seconds(4);                                          // never ended
    log.AddDeliveredBytes(5000);
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
    log.At({0, 0}).bytes = 1000;
    log.At({0, 1}).bytes = 3000;
    log.At({0, 2}).bytes = 50000;
    log.AddDeliveredBytes(54000);
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
    log.Started({1, 9}, 2, Seconds(1));
    log.Completed({1, 9}, Seconds(2));
    log.Completed({1, 9}, Seconds(3));
    BOOST_TEST(log.DoubleCompletions() == 1u);
    BOOST_TEST(log.Find({1, 9})->end == Seconds(2));
    BOOST_TEST(log.Find({0, 9}) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
