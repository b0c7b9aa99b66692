// The simulated link and its random source: seeded, so runs replay; each
// impairment does what it says and nothing else.
#include "seqex-sim-link.h"
#include "seqex-sim-random.h"

#include <boost/test/unit_test.hpp>

#include <utility>
#include <vector>

using namespace seqex;

namespace
{

// (arrival time, datagram) of everything the link hands out, in order.
std::vector<std::pair<TimeMs, int>>
Drain(SimLink<int>& link)
{
    std::vector<std::pair<TimeMs, int>> out;
    while (auto t = link.NextArrival())
    {
        auto d = link.Receive(*t);
        BOOST_TEST_REQUIRE(d.has_value());
        out.emplace_back(*t, *d);
    }
    return out;
}

void
SendMany(SimLink<int>& link, int count, TimeMs spacing = 1)
{
    for (int i = 0; i < count; ++i)
    {
        link.Send(i * spacing, i);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(sim_link)

BOOST_AUTO_TEST_CASE(random_is_the_standard_mt19937_64)
{
    // The standard fixes the 10000th output of a default-seeded mt19937_64.
    SimRandom r(5489u);
    uint64_t v = 0;
    for (int i = 0; i < 10000; ++i)
    {
        v = r.Next();
    }
    BOOST_TEST(v == 9981545732273789042ull);
}

BOOST_AUTO_TEST_CASE(random_ranges_are_inclusive_and_bounded)
{
    SimRandom r(1);
    bool sawLo = false;
    bool sawHi = false;
    for (int i = 0; i < 10000; ++i)
    {
        int64_t v = r.Between(-3, 3);
        BOOST_TEST_REQUIRE((v >= -3 && v <= 3));
        sawLo = sawLo || v == -3;
        sawHi = sawHi || v == 3;
        BOOST_TEST_REQUIRE(r.Below(7) < 7u);
        double u = r.Unit();
        BOOST_TEST_REQUIRE((u >= 0.0 && u < 1.0));
    }
    BOOST_TEST(sawLo);
    BOOST_TEST(sawHi);
    BOOST_TEST(r.Between(5, 5) == 5);
    BOOST_TEST(!r.Chance(0.0));
    BOOST_TEST(r.Chance(1.0));
}

BOOST_AUTO_TEST_CASE(clean_link_delivers_everything_in_order_after_the_delay)
{
    LinkImpairment m;
    m.minDelayMs = m.maxDelayMs = 7;
    SimLink<int> link(3, m);
    SendMany(link, 100);
    BOOST_TEST(!link.Receive(6).has_value()); // nothing before its time
    auto got = Drain(link);
    BOOST_TEST_REQUIRE(got.size() == 100u);
    for (int i = 0; i < 100; ++i)
    {
        BOOST_TEST(got[i].first == i + 7);
        BOOST_TEST(got[i].second == i);
    }
    BOOST_TEST(link.GetStats().dropped == 0u);
    BOOST_TEST(link.GetStats().delivered == 100u);
}

BOOST_AUTO_TEST_CASE(same_seed_same_fate)
{
    LinkImpairment m{0.3, 0.2, 0.3, 0, 40, 100};
    SimLink<int> a(42, m);
    SimLink<int> b(42, m);
    SimLink<int> c(43, m);
    SendMany(a, 500);
    SendMany(b, 500);
    SendMany(c, 500);
    auto fa = Drain(a);
    BOOST_TEST((fa == Drain(b)));
    BOOST_TEST((fa != Drain(c)));
}

BOOST_AUTO_TEST_CASE(rates_are_what_they_say)
{
    const int n = 20000;
    LinkImpairment drop{0.25, 0.0, 0.0, 1, 1, 0};
    SimLink<int> lossy(7, drop);
    SendMany(lossy, n);
    double lost = double(n - Drain(lossy).size()) / n;
    BOOST_TEST((lost > 0.23 && lost < 0.27), "drop rate 0.25 lost " << lost);

    LinkImpairment dup{0.0, 0.1, 0.0, 1, 1, 0};
    SimLink<int> doubling(7, dup);
    SendMany(doubling, n);
    double extra = double(Drain(doubling).size() - n) / n;
    BOOST_TEST((extra > 0.08 && extra < 0.12), "duplicate rate 0.1 gave " << extra);

    LinkImpairment all{1.0, 0.0, 0.0, 1, 1, 0};
    SimLink<int> dead(7, all);
    SendMany(dead, 100);
    BOOST_TEST(dead.InTransit() == 0u);
    BOOST_TEST(dead.GetStats().dropped == 100u);
}

BOOST_AUTO_TEST_CASE(duplicates_arrive_twice)
{
    LinkImpairment m{0.0, 1.0, 0.0, 0, 20, 0};
    SimLink<int> link(9, m);
    SendMany(link, 50);
    std::vector<int> seen(50, 0);
    for (const auto& [t, d] : Drain(link))
    {
        ++seen[d];
    }
    for (int i = 0; i < 50; ++i)
    {
        BOOST_TEST(seen[i] == 2);
    }
}

BOOST_AUTO_TEST_CASE(reordering_lets_later_datagrams_overtake)
{
    LinkImpairment m{0.0, 0.0, 0.3, 5, 5, 50};
    SimLink<int> link(11, m);
    SendMany(link, 200);
    auto got = Drain(link);
    BOOST_TEST_REQUIRE(got.size() == 200u);
    int overtaken = 0;
    for (size_t i = 1; i < got.size(); ++i)
    {
        overtaken += got[i].second < got[i - 1].second;
        BOOST_TEST(got[i].first >= got[i - 1].first); // handed out by arrival time
    }
    BOOST_TEST(overtaken > 10);
    BOOST_TEST(link.GetStats().reordered > 30u);
}

BOOST_AUTO_TEST_CASE(reset_loses_what_is_in_flight_and_healing_applies_to_new_sends)
{
    LinkImpairment lossy{0.5, 0.0, 0.0, 10, 10, 0};
    SimLink<int> link(5, lossy);
    SendMany(link, 100);
    size_t inFlight = link.InTransit();
    BOOST_TEST(inFlight > 0u);
    link.Reset();
    BOOST_TEST(link.InTransit() == 0u);
    BOOST_TEST(link.GetStats().lostInReset == inFlight);

    link.SetImpairment(LinkImpairment{0.0, 0.0, 0.0, 2, 2, 0});
    SendMany(link, 100);
    BOOST_TEST(Drain(link).size() == 100u);
}

BOOST_AUTO_TEST_CASE(bad_impairments_are_named)
{
    BOOST_TEST(ValidateImpairment(LinkImpairment{}).empty());
    BOOST_TEST(ValidateImpairment(LinkImpairment{1.5, 0, 0, 0, 0, 0}).find("dropRate") == 0u);
    BOOST_TEST(ValidateImpairment(LinkImpairment{0, -0.1, 0, 0, 0, 0}).find("duplicateRate") == 0u);
    BOOST_TEST(ValidateImpairment(LinkImpairment{0, 0, 2, 0, 0, 1}).find("reorderRate") == 0u);
    BOOST_TEST(ValidateImpairment(LinkImpairment{0, 0, 0, 5, 4, 0}).find("delay") == 0u);
    BOOST_TEST(ValidateImpairment(LinkImpairment{0, 0, 0, -1, 4, 0}).find("delay") == 0u);
    BOOST_TEST(ValidateImpairment(LinkImpairment{0, 0, 0.5, 0, 0, 0}).find("reorderDelayMs") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
