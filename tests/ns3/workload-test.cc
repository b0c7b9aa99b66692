// The built-in workload: round-robin channel choice, the backlog behind full
// windows (WindowFull), its bound (BacklogOverflow), run-time resend
// interval; the shared workload's definitions (seqex::ExchangeWorkload): what
// MaxExchanges means, the answer rule, completion and its timestamps.
#include "seqex-test-network.h"

#include "ns3/seqex-exchange-workload.h"

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

    const SeqexAppCounters a = net.App(0)->GetAppCounters();
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

    const SeqexAppCounters a = net.App(0)->GetAppCounters();
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

// ExchangeComplete's latency runs from generation: with windows too small
// for the offered load, starts wait, and that wait is in the latency and is
// given apart as firstSent - generated (ExchangeStart's backlogWait).
BOOST_AUTO_TEST_CASE(latency_runs_from_generation_and_first_send_is_given_apart)
{
    TestNetwork net;
    net.helper.SetAttribute("Window", UintegerValue(2));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.001]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(50));
    net.Install();
    net.Run(Seconds(30));

    const auto& done = net.Counts(0).completions;
    BOOST_REQUIRE(done.size() == 50u);
    Time maxWait;
    for (const auto& c : done)
    {
        BOOST_TEST(c.latency == c.end - c.generated);
        BOOST_TEST(c.firstSent >= c.generated);
        BOOST_TEST(c.firstSent < c.end);
        maxWait = std::max(maxWait, c.firstSent - c.generated);
    }
    BOOST_TEST(maxWait > MilliSeconds(10)); // starts did wait for room
    BOOST_TEST(maxWait == net.Counts(0).maxBacklogWait);
}

// MaxExchanges = 0 with a StartInterval: an unlimited open loop (it used to
// mean "none" over TCP and "unlimited" over SEQEX).
BOOST_AUTO_TEST_CASE(max_exchanges_zero_with_a_start_interval_is_unlimited)
{
    TestNetwork net;
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.1]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(0));
    net.Install();
    net.Run(Seconds(3)); // stops the applications at 3 s
    BOOST_TEST(net.Counts(0).exchangeStart >= 25u);
    BOOST_TEST(net.Counts(1).exchangeStart == 0u); // no StartInterval, 0: a pure responder
}

namespace
{

class FixedDraws : public seqex::ExchangeDraws
{
  public:
    double length = 2;
    double uniform = 0.5;
    int lengthDraws = 0;
    int uniformDraws = 0;

    double Length() override
    {
        ++lengthDraws;
        return length;
    }

    double SeqCstUniform() override
    {
        ++uniformDraws;
        return uniform;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(shared_workload_generation_rules)
{
    seqex::WorkloadSettings open;
    open.openLoop = true;
    BOOST_TEST(seqex::ExchangeWorkload(open).MoreToGenerate()); // 0: unlimited
    seqex::WorkloadSettings responder;
    BOOST_TEST(!seqex::ExchangeWorkload(responder).MoreToGenerate()); // saturating, 0: none

    seqex::WorkloadSettings two;
    two.maxExchanges = 2;
    two.seqCstFraction = 0.6;
    seqex::ExchangeWorkload w(two);
    FixedDraws d;
    auto a = w.Generate(d, 100);
    BOOST_TEST(a.error.empty());
    BOOST_TEST(a.exchange.id == 0u);
    BOOST_TEST(a.exchange.length == 2u);
    BOOST_TEST(a.exchange.seqCst); // 0.5 < 0.6
    d.length = 3.9;                // truncated
    auto b = w.Generate(d, 200);
    BOOST_TEST(b.exchange.id == 1u);
    BOOST_TEST(b.exchange.length == 3u);
    BOOST_TEST(!w.MoreToGenerate());
    BOOST_TEST(d.uniformDraws == 2);

    seqex::WorkloadSettings noSeqCst;
    noSeqCst.maxExchanges = 1;
    seqex::ExchangeWorkload plain(noSeqCst);
    FixedDraws e;
    plain.Generate(e, 0);
    BOOST_TEST(e.uniformDraws == 0); // drawn only when SeqCstFraction > 0

    seqex::ExchangeWorkload bad(two);
    FixedDraws f;
    f.length = 0.5;
    BOOST_TEST(bad.Generate(f, 0).error.find("ExchangeLength") != std::string::npos);
    BOOST_TEST(!seqex::ExchangeWorkload::CheckStartGap(-1).empty());
    BOOST_TEST(!seqex::ExchangeWorkload::CheckAnswerDelay(-1).empty());
    two.payloadSize = 3;
    BOOST_TEST(seqex::ValidateWorkloadSettings(two).find("PayloadSize") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(shared_workload_answer_and_completion_rules)
{
    seqex::WorkloadSettings s;
    s.maxExchanges = 1;
    s.payloadSize = 40;
    seqex::ExchangeWorkload w(s);
    FixedDraws d;
    d.length = 3;
    auto g = w.Generate(d, 1000);
    seqex::Bytes payload = w.FirstNode(g.exchange);
    BOOST_TEST(payload.size() == 40u);

    // The responder replies to node 0 with node 1.
    seqex::AnswerDecision r = w.Decide(payload);
    BOOST_TEST(r.readable);
    BOOST_TEST(r.reply);
    BOOST_TEST(r.next.index == 1u);
    // Node 2 of 3 is the last: the Ack, which ends the exchange for the
    // originator only when the responder sent that node (odd index).
    seqex::Bytes last = w.Encode({g.exchange.id, 2, 3, false});
    seqex::AnswerDecision a = w.Decide(last);
    BOOST_TEST(!a.reply);
    BOOST_TEST(!a.endsOwnExchange);
    seqex::AnswerDecision own = w.Decide(w.Encode({g.exchange.id, 1, 2, false}));
    BOOST_TEST(own.endsOwnExchange);
    BOOST_TEST(!w.Decide(seqex::Bytes{1, 2, 3}).readable);
    BOOST_TEST(w.EndedByAck(last).has_value()); // our node 2 acked: ours ended
    BOOST_TEST(!w.EndedByAck(w.Encode({g.exchange.id, 1, 2, false})).has_value());

    BOOST_TEST(*w.Sent(g.exchange.id, 1500) == 1000); // first send: returns generation
    BOOST_TEST(!w.Sent(g.exchange.id, 1700).has_value()); // a restart keeps the first
    BOOST_TEST(!w.Sent(99, 1700).has_value());
    auto c = w.Complete(g.exchange.id, 3, 4000);
    BOOST_REQUIRE(c.has_value());
    BOOST_TEST(c->LatencyNs() == 3000);
    BOOST_TEST(c->BacklogWaitNs() == 500);
    BOOST_TEST(!w.Complete(g.exchange.id, 3, 5000).has_value()); // once
    BOOST_TEST(w.OpenCount() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
