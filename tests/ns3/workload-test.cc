// The built-in workload: round-robin channel choice, the backlog behind full
// windows (WindowFull), its bound (BacklogOverflow), run-time resend interval.
#include "seqex-test-network.h"

#include <boost/test/unit_test.hpp>

using namespace seqex_test;

BOOST_AUTO_TEST_SUITE(workload)

BOOST_AUTO_TEST_CASE(new_exchanges_go_round_robin_over_channels)
{
    TestNetwork net;
    net.helper.SetAttribute("Channels", UintegerValue(3));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(30));
    net.Install();
    net.Run(Seconds(10));

    const auto& perChannel = net.Counts(0).payloadsPerChannel;
    BOOST_TEST(perChannel.size() == 3u);
    for (uint16_t c = 0; c < 3; ++c)
    {
        BOOST_TEST(perChannel.at(c) == 10u);
        BOOST_TEST(net.App(0)->GetCounters(c).sent == 10u);
    }
    BOOST_TEST(net.Counts(0).exchangeComplete == 30u);
}

// An offered load above what small windows carry: starts wait in the
// backlog (WindowFull, never lost) and all complete.
BOOST_AUTO_TEST_CASE(full_windows_defer_starts_to_the_backlog)
{
    const uint32_t n = 200;
    TestNetwork net;
    net.helper.SetAttribute("Channels", UintegerValue(2));
    net.helper.SetAttribute("Window", UintegerValue(4));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.001]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(n));
    net.Install();
    net.Run(Seconds(30));

    const SeqexAppCounters& a = net.App(0)->GetAppCounters();
    BOOST_TEST(net.Counts(0).windowFull > 0u);
    BOOST_TEST(net.Counts(0).windowFull == a.exchangesDeferred);
    BOOST_TEST(net.Counts(0).maxBacklogWait > MilliSeconds(10));
    BOOST_TEST(a.backlogOverflows == 0u);
    BOOST_TEST(net.Counts(0).exchangeComplete == n);
    BOOST_TEST(net.App(0)->GetBacklogSize() == 0u);
    BOOST_TEST(Violations(net) == "");
}

// 100 starts at one instant, a window of 8 and a backlog of 5: the window
// takes some (how many is the core's choice, SPEC §3), five wait, and every
// other start is refused, counted and traced; none is lost silently.
BOOST_AUTO_TEST_CASE(backlog_is_bounded_and_refusals_are_counted)
{
    TestNetwork net;
    net.helper.SetAttribute("Window", UintegerValue(8));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(100));
    net.helper.SetPeerAttribute(0, "BacklogLimit", UintegerValue(5));
    net.Install();
    net.Run(Seconds(10));

    const SeqexAppCounters& a = net.App(0)->GetAppCounters();
    BOOST_TEST(a.exchangesDeferred == 5u);
    BOOST_TEST(a.exchangesStarted >= 1u + 5u);
    BOOST_TEST(a.exchangesStarted <= 8u + 5u);
    BOOST_TEST(a.exchangesStarted + a.backlogOverflows == 100u);
    BOOST_TEST(net.Counts(0).windowFull == 5u);
    BOOST_TEST(net.Counts(0).backlogOverflow == a.backlogOverflows);
    BOOST_TEST(net.Counts(0).exchangeStart == a.exchangesStarted);
    BOOST_TEST(net.Counts(0).exchangeComplete == a.exchangesStarted);
    BOOST_TEST(Violations(net) == "");
}

// ResendInterval changes at run time and applies to every channel at once.
BOOST_AUTO_TEST_CASE(resend_interval_changes_at_run_time)
{
    NetworkConfig config;
    config.loss = 0.2;
    TestNetwork net(config);
    net.helper.SetAttribute("Channels", UintegerValue(2));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.01]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(100));
    net.Install();
    Simulator::Schedule(MilliSeconds(300), [&net]() {
        net.App(0)->SetAttribute("ResendInterval", TimeValue(MilliSeconds(30)));
    });
    net.Run(Seconds(30));

    TimeValue interval;
    net.App(0)->GetAttribute("ResendInterval", interval);
    BOOST_TEST(interval.Get() == MilliSeconds(30));
    BOOST_TEST(net.App(0)->GetEndpoint(0).GetResendInterval() == 30);
    BOOST_TEST(net.App(0)->GetEndpoint(1).GetResendInterval() == 30);
    BOOST_TEST(net.App(1)->GetEndpoint(0).GetResendInterval() == 100);
    BOOST_TEST(net.Counts(0).exchangeComplete == 100u);
    BOOST_TEST(Violations(net) == "");
}

BOOST_AUTO_TEST_SUITE_END()
