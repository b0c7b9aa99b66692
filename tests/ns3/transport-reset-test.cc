// SPEC §6: a transport reset (socket closed and reopened, possibly on a new
// port, packets in flight lost) loses and duplicates nothing; the peer
// follows the new port; a side with nothing of its own to send announces
// its new port so the other side's retransmissions reach it.
#include "seqex-test-network.h"

#include <boost/test/unit_test.hpp>

using namespace seqex_test;

namespace
{

// A originates n exchanges of `length`; the caller schedules resets.
void
Configure(TestNetwork& net, uint32_t n, uint32_t length)
{
    net.helper.SetAttribute("Channels", UintegerValue(2));
    net.helper.SetAttribute("ExchangeLength",
                            StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(length) + "]"));
    // An open-loop load, so exchanges are in flight when the reset comes.
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.002]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(n));
    net.Install();
}

void
CheckAllComplete(TestNetwork& net, uint32_t n)
{
    BOOST_TEST(net.Counts(0).exchangeComplete == n);
    BOOST_TEST(net.Counts(0).completedIds.size() == n);
    BOOST_TEST(net.Counts(1).deliver == net.Counts(0).dataSent);
    BOOST_TEST(net.Counts(0).deliver == net.Counts(1).dataSent);
    BOOST_TEST(net.App(0)->IsIdle());
    BOOST_TEST(net.App(1)->IsIdle());
    BOOST_TEST(Violations(net) == "");
    BOOST_TEST(net.Recorder().CompletedExchanges() == n);
}

} // namespace

BOOST_AUTO_TEST_SUITE(transport_reset)

BOOST_AUTO_TEST_CASE(reset_keeping_the_port)
{
    const uint32_t n = 100;
    TestNetwork net;
    Configure(net, n, 3);
    net.App(0)->ScheduleTransportReset(MilliSeconds(100)); // mid-run: exchanges 0..49 started
    net.Run(Seconds(30));

    BOOST_TEST(net.Counts(0).transportReset == 1u);
    BOOST_TEST(net.App(0)->GetAppCounters().transport.transportResets == 1u);
    BOOST_TEST(net.App(0)->GetLocalPort() == 9000);
    BOOST_TEST(net.Counts(1).peerAddressChange == 0u);
    CheckAllComplete(net, n);
}

// NAT rebinding: A comes back on another port after 300 ms of silence; B
// follows it there. Everything lost meanwhile is retransmitted.
BOOST_AUTO_TEST_CASE(nat_rebinding_to_a_new_port)
{
    const uint32_t n = 100;
    NetworkConfig config;
    config.loss = 0.1;
    TestNetwork net(config);
    Configure(net, n, 4);
    net.App(0)->ScheduleTransportReset(MilliSeconds(100), 40000, MilliSeconds(300));
    net.Run(Seconds(30));

    BOOST_TEST(net.Counts(0).transportReset == 1u);
    BOOST_TEST(net.App(0)->GetLocalPort() == 40000);
    BOOST_TEST(net.App(0)->GetAppCounters().transport.sendsWhileClosed > 0u);
    BOOST_TEST(net.Counts(1).peerAddressChange == 1u);
    BOOST_TEST(InetSocketAddress::ConvertFrom(net.App(1)->GetPeerAddress()).GetPort() == 40000);
    BOOST_TEST(net.Counts(0).retransmit > 0u);
    CheckAllComplete(net, n);
}

// The responder moves while the originator has payloads in flight, and it
// has nothing of its own in flight (exchanges of one packet: it only acks).
// Only its announcement can tell the originator where it went.
BOOST_AUTO_TEST_CASE(silent_responder_announces_its_new_port)
{
    const uint32_t n = 100;
    TestNetwork net;
    Configure(net, n, 1);
    net.App(1)->ScheduleTransportReset(MilliSeconds(101), 40001);
    net.Run(Seconds(30));

    BOOST_TEST(net.App(1)->GetLocalPort() == 40001);
    BOOST_TEST(net.Counts(1).announce >= 1u);
    BOOST_TEST(net.Counts(0).peerAddressChange == 1u);
    // The announcement touched no state: A's endpoint acked it as an old
    // duplicate and B's ignored that Ack.
    BOOST_TEST(net.App(1)->GetTotalCounters().ignoredAcks >= 1u);
    BOOST_TEST(net.Counts(1).dataSent == 0u);
    // B's probe is no proof (anyone could send it): it made B's new port a
    // candidate, A's retransmissions were copied there, and B's Acks that
    // resolved them moved A (the peer rule, SeqexTransport::HandleRead).
    BOOST_TEST(net.App(0)->GetAppCounters().transport.unprovenPort >= 1u);
    BOOST_TEST(net.App(0)->GetAppCounters().transport.candidateCopies >= 1u);
    CheckAllComplete(net, n);
}

// Both sides reset at the same instant (keeping their ports), twice.
BOOST_AUTO_TEST_CASE(both_sides_reset_repeatedly)
{
    const uint32_t n = 150;
    NetworkConfig config;
    config.loss = 0.05;
    TestNetwork net(config);
    Configure(net, n, 2);
    for (Time at : {MilliSeconds(60), MilliSeconds(200)})
    {
        net.App(0)->ScheduleTransportReset(at, 0, MilliSeconds(50));
        net.App(1)->ScheduleTransportReset(at, 0, MilliSeconds(50));
    }
    net.Run(Seconds(30));

    BOOST_TEST(net.Counts(0).transportReset == 2u);
    BOOST_TEST(net.Counts(1).transportReset == 2u);
    CheckAllComplete(net, n);
}

BOOST_AUTO_TEST_SUITE_END()
