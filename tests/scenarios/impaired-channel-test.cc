// SeqexImpairedChannel and SeqexImpairedLinkHelper, on their own (no SEQEX):
// a UDP sender on node 0 numbers its datagrams, node 1 records what arrives
// and when, so each impairment can be measured.
#include "seqex-impaired-channel.h"
#include "seqex-impaired-link-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/packet.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <vector>

using namespace ns3;

namespace
{

struct Arrival
{
    uint32_t n;
    Time at;
};

struct ChannelRun
{
    std::vector<Arrival> arrivals;
    std::vector<uint32_t> dropped; // datagram numbers the channel dropped
    SeqexChannelCounters counters[2];
};

// Sends `count` datagrams from node 0 to node 1, one every `gap`, starting at
// 1 s; `setup` impairs the channel first.
template <typename Setup>
ChannelRun
Run(uint32_t count, Time gap, uint32_t seed, Setup setup, Time delay = MilliSeconds(10))
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    Ipv4AddressGenerator::Reset();
    ChannelRun out;
    {
        SeqexLinkShape shape;
        shape.bandwidth = DataRate("100Mbps");
        shape.delay = delay;
        shape.queuePackets = 100000;
        SeqexImpairedLink link = SeqexImpairedLinkHelper(shape).Install();
        link.channel->AssignStreams(10);
        setup(*link.channel);
        link.channel->TraceConnectWithoutContext(
            "Drop",
            MakeLambdaCallback<Ptr<const Packet>, uint32_t, SeqexDropReason>(
                [&out](Ptr<const Packet> p, uint32_t, SeqexDropReason) {
                    // PPP(2) + IPv4(20) + UDP(8), then our number
                    uint32_t n = 0;
                    uint8_t buf[34];
                    if (p->GetSize() >= sizeof buf)
                    {
                        p->CopyData(buf, sizeof buf);
                        std::memcpy(&n, buf + 30, 4);
                        out.dropped.push_back(n);
                    }
                }));

        Ptr<Socket> rx = Socket::CreateSocket(link.nodes.Get(1), UdpSocketFactory::GetTypeId());
        rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
        rx->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([&out](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                uint32_t n = 0;
                p->CopyData(reinterpret_cast<uint8_t*>(&n), 4);
                out.arrivals.push_back({n, Simulator::Now()});
            }
        }));
        Ptr<Socket> tx = Socket::CreateSocket(link.nodes.Get(0), UdpSocketFactory::GetTypeId());
        tx->Connect(InetSocketAddress(link.Address(1), 7000));
        for (uint32_t n = 0; n < count; ++n)
        {
            Simulator::Schedule(Seconds(1) + gap * int64_t(n), [tx, n]() {
                uint8_t payload[100] = {};
                std::memcpy(payload, &n, 4);
                tx->Send(Create<Packet>(payload, sizeof payload));
            });
        }
        Simulator::Stop(Seconds(1) + gap * int64_t(count) + Seconds(5));
        Simulator::Run();
        out.counters[0] = link.channel->GetCounters(0);
        out.counters[1] = link.channel->GetCounters(1);
        Simulator::Destroy();
    }
    return out;
}

std::vector<uint32_t>
Numbers(const ChannelRun& r)
{
    std::vector<uint32_t> v;
    for (const Arrival& a : r.arrivals)
    {
        v.push_back(a.n);
    }
    return v;
}

// Longest run of consecutive datagram numbers that were all dropped.
uint32_t
LongestDropRun(std::vector<uint32_t> dropped)
{
    std::sort(dropped.begin(), dropped.end());
    uint32_t best = 0;
    uint32_t run = 0;
    for (size_t i = 0; i < dropped.size(); ++i)
    {
        run = i > 0 && dropped[i] == dropped[i - 1] + 1 ? run + 1 : 1;
        best = std::max(best, run);
    }
    return best;
}

} // namespace

BOOST_AUTO_TEST_SUITE(impaired_channel)

BOOST_AUTO_TEST_CASE(clean_link_delivers_everything_in_order_after_the_delay)
{
    ChannelRun r = Run(200, MilliSeconds(1), 1, [](SeqexImpairedChannel&) {});
    BOOST_REQUIRE_EQUAL(r.arrivals.size(), 200u);
    for (uint32_t i = 0; i < 200; ++i)
    {
        BOOST_TEST(r.arrivals[i].n == i);
    }
    // 10 ms propagation plus 130 bytes at 100 Mb/s
    Time first = r.arrivals[0].at - Seconds(1);
    BOOST_TEST(first >= MilliSeconds(10));
    BOOST_TEST(first < MilliSeconds(11));
    BOOST_TEST(r.counters[0].txPackets == 200u);
    BOOST_TEST(r.counters[0].delivered == 200u);
}

BOOST_AUTO_TEST_CASE(bernoulli_loss_drops_about_its_probability)
{
    SeqexLinkImpairment imp;
    imp.loss = 0.1;
    ChannelRun r = Run(5000, MilliSeconds(1), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(imp); });
    double rate = double(r.counters[0].lost) / 5000.0;
    BOOST_TEST(rate > 0.085);
    BOOST_TEST(rate < 0.115);
    BOOST_TEST(r.arrivals.size() + r.counters[0].lost == 5000u);
    BOOST_TEST(r.dropped.size() == r.counters[0].lost);
}

BOOST_AUTO_TEST_CASE(gilbert_elliott_loses_in_bursts_at_its_mean_rate)
{
    // Mean burst 8 packets, long-run loss 4%: p = r * 0.04 / 0.96.
    SeqexLinkImpairment imp;
    imp.geR = 1.0 / 8;
    imp.geP = imp.geR * 0.04 / 0.96;
    ChannelRun burst = Run(20000, MicroSeconds(200), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(0, imp); });
    double rate = double(burst.counters[0].burstLost) / 20000.0;
    BOOST_TEST(rate > 0.025);
    BOOST_TEST(rate < 0.055);
    // The same mean loss, independent: bursts are far shorter.
    SeqexLinkImpairment flat;
    flat.loss = 0.04;
    ChannelRun bernoulli = Run(20000, MicroSeconds(200), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(0, flat); });
    BOOST_TEST(LongestDropRun(burst.dropped) >= 15u);
    BOOST_TEST(LongestDropRun(bernoulli.dropped) <= 5u);
}

BOOST_AUTO_TEST_CASE(duplication_delivers_copies)
{
    SeqexLinkImpairment imp;
    imp.duplicate = 0.2;
    ChannelRun r = Run(2000, MilliSeconds(1), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(imp); });
    BOOST_TEST(r.counters[0].duplicated > 300u);
    BOOST_TEST(r.counters[0].duplicated < 500u);
    BOOST_TEST(r.arrivals.size() == 2000u + r.counters[0].duplicated);
}

BOOST_AUTO_TEST_CASE(reordering_lets_later_packets_overtake)
{
    SeqexLinkImpairment imp;
    imp.reorder = 0.1;
    imp.reorderDelay = MilliSeconds(20);
    ChannelRun r = Run(1000, MilliSeconds(1), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(imp); });
    BOOST_REQUIRE_EQUAL(r.arrivals.size(), 1000u);
    uint32_t inversions = 0;
    for (size_t i = 1; i < r.arrivals.size(); ++i)
    {
        inversions += r.arrivals[i].n < r.arrivals[i - 1].n;
    }
    BOOST_TEST(r.counters[0].reordered > 60u);
    BOOST_TEST(inversions > 60u);
    std::vector<uint32_t> sorted = Numbers(r);
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end())); // nothing lost or doubled
}

BOOST_AUTO_TEST_CASE(jitter_delays_but_keeps_order)
{
    SeqexLinkImpairment imp;
    imp.jitter = MilliSeconds(30);
    ChannelRun r = Run(500, MilliSeconds(1), 1, [&](SeqexImpairedChannel& c) { c.SetImpairment(imp); });
    BOOST_REQUIRE_EQUAL(r.arrivals.size(), 500u);
    Time most = Seconds(0);
    for (uint32_t i = 0; i < 500; ++i)
    {
        BOOST_TEST(r.arrivals[i].n == i);
        most = std::max(most, r.arrivals[i].at - (Seconds(1) + MilliSeconds(int64_t(i))));
    }
    BOOST_TEST(most > MilliSeconds(30)); // jitter up to 30 ms on top of 10 ms
    BOOST_TEST(most < MilliSeconds(45));
}

BOOST_AUTO_TEST_CASE(blackhole_swallows_only_its_period_and_direction)
{
    ChannelRun r = Run(300, MilliSeconds(10), 1, [](SeqexImpairedChannel& c) {
        c.AddBlackhole(Seconds(2), Seconds(2.5), true, false);
    });
    // Datagrams 100 .. 149 are sent in [2 s, 2.5 s).
    BOOST_TEST(r.counters[0].blackholed == 50u);
    BOOST_TEST(r.arrivals.size() == 250u);
    for (uint32_t n : r.dropped)
    {
        BOOST_TEST((n >= 100 && n < 150));
    }
    ChannelRun reverse = Run(300, MilliSeconds(10), 1, [](SeqexImpairedChannel& c) {
        c.AddBlackhole(Seconds(2), Seconds(2.5), false, true);
    });
    BOOST_TEST(reverse.arrivals.size() == 300u);
}

BOOST_AUTO_TEST_CASE(link_down_loses_what_is_on_the_wire_too)
{
    // 50 ms propagation: datagrams sent in [1.95 s, 2 s) are on the wire
    // when the link goes down at 2 s, and are lost with those sent while down.
    ChannelRun r = Run(300, MilliSeconds(10), 1, [](SeqexImpairedChannel& c) {
        c.AddLinkDown(Seconds(2), Seconds(2.2));
    }, MilliSeconds(50));
    uint32_t sentWhileDown = 20;  // 100 .. 119
    uint32_t caughtOnWire = 5;    // 95 .. 99
    BOOST_TEST(r.counters[0].linkDownDropped == sentWhileDown + caughtOnWire);
    BOOST_TEST(r.arrivals.size() == 300u - sentWhileDown - caughtOnWire);
    BOOST_TEST(r.arrivals.back().n == 299u);
}

BOOST_AUTO_TEST_CASE(impairment_window_limits_stochastic_impairments)
{
    SeqexLinkImpairment imp;
    imp.loss = 1.0;
    ChannelRun r = Run(300, MilliSeconds(10), 1, [&](SeqexImpairedChannel& c) {
        c.SetImpairment(imp);
        c.SetImpairmentWindow(Seconds(2), Seconds(3));
    });
    BOOST_TEST(r.counters[0].lost == 100u);
    for (uint32_t n : r.dropped)
    {
        BOOST_TEST((n >= 100 && n < 200));
    }
}

BOOST_AUTO_TEST_CASE(same_seed_same_pattern_other_seed_other_pattern)
{
    SeqexLinkImpairment imp;
    imp.loss = 0.05;
    imp.duplicate = 0.05;
    imp.reorder = 0.05;
    imp.jitter = MilliSeconds(3);
    auto setup = [&](SeqexImpairedChannel& c) { c.SetImpairment(imp); };
    ChannelRun a = Run(2000, MilliSeconds(1), 7, setup);
    ChannelRun b = Run(2000, MilliSeconds(1), 7, setup);
    ChannelRun c = Run(2000, MilliSeconds(1), 8, setup);
    BOOST_TEST(Numbers(a) == Numbers(b));
    BOOST_TEST(a.dropped == b.dropped);
    BOOST_TEST(a.dropped != c.dropped);
}

BOOST_AUTO_TEST_CASE(validation_names_the_bad_field)
{
    SeqexLinkImpairment imp;
    BOOST_TEST(ValidateImpairment(imp).empty());
    imp.loss = 1.5;
    BOOST_TEST(ValidateImpairment(imp).find("loss") == 0u);
    imp = SeqexLinkImpairment();
    imp.duplicate = -0.1;
    BOOST_TEST(ValidateImpairment(imp).find("duplicate") == 0u);
    imp = SeqexLinkImpairment();
    imp.geP = 0.1;
    imp.geR = 0.0;
    BOOST_TEST(ValidateImpairment(imp).find("geR") == 0u);
    imp = SeqexLinkImpairment();
    imp.jitter = MilliSeconds(-1);
    BOOST_TEST(ValidateImpairment(imp).find("jitter") == 0u);
    imp = SeqexLinkImpairment();
    imp.reorder = std::nan("");
    BOOST_TEST(ValidateImpairment(imp).find("reorder") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
