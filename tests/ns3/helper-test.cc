// SeqexHelper and the attributes users set through it (issue 13.4): peers
// that disagree on InitialSeq / Window / Channels are named, socket
// addresses are accepted as RemoteAddress is, streams are assigned per
// NodeContainer as ns-3's helpers do, StartInterval takes a random variable
// as a string. The fatal paths (a wrong-typed StartInterval, a mismatch at
// Install, a bad address) run in seqex-helper-misuse under ctest.
#include "seqex-test-network.h"

#include "ns3/seqex-lambda-callback.h"

#include <boost/test/unit_test.hpp>

using namespace seqex_test;

namespace
{

// Two nodes on a clean link; A originates `n` exchanges every 10 ms.
struct Pair
{
    NodeContainer nodes;
    Ipv4InterfaceContainer interfaces;

    Pair()
    {
        nodes.Create(2);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        link.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer devices = link.Install(nodes);
        InternetStackHelper().Install(nodes);
        interfaces = Ipv4AddressHelper("10.9.0.0", "255.255.255.0").Assign(devices);
    }

    ~Pair()
    {
        Simulator::Destroy();
    }
};

void
Originate(SeqexHelper& helper, uint32_t n)
{
    helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(n));
    helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.01]"));
}

uint64_t
Completed(const ApplicationContainer& apps)
{
    return DynamicCast<SeqexApplication>(apps.Get(0))->GetAppCounters().exchangesCompleted;
}

} // namespace

BOOST_AUTO_TEST_SUITE(helper)

BOOST_AUTO_TEST_CASE(check_peers_names_what_differs)
{
    SeqexHelper same;
    same.SetAttribute("Window", UintegerValue(16));
    BOOST_TEST(same.CheckPeers() == "");

    SeqexHelper seq;
    seq.SetPeerAttribute(1, "InitialSeq", UintegerValue(5));
    BOOST_TEST(seq.CheckPeers().find("InitialSeq differs between the peers (0 on the first, 5 on the second)") !=
               std::string::npos);

    SeqexHelper window;
    window.SetPeerAttribute(0, "Window", UintegerValue(8));
    window.SetPeerAttribute(1, "Channels", UintegerValue(2));
    std::string both = window.CheckPeers();
    BOOST_TEST(both.find("Window differs") != std::string::npos);
    BOOST_TEST(both.find("Channels differs") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(install_takes_socket_addresses)
{
    Pair net;
    SeqexHelper helper;
    Originate(helper, 20);
    ApplicationContainer apps = helper.Install(net.nodes.Get(0),
                                               net.nodes.Get(1),
                                               InetSocketAddress(net.interfaces.GetAddress(0), 9100),
                                               InetSocketAddress(net.interfaces.GetAddress(1), 9200));
    apps.Stop(Seconds(5));
    Simulator::Run();
    auto a = DynamicCast<SeqexApplication>(apps.Get(0));
    auto b = DynamicCast<SeqexApplication>(apps.Get(1));
    BOOST_TEST(a->GetLocalPort() == 9100);
    BOOST_TEST(b->GetLocalPort() == 9200);
    BOOST_TEST(a->GetPeerAddress() == Address(InetSocketAddress(net.interfaces.GetAddress(1), 9200)));
    BOOST_TEST(b->GetPeerAddress() == Address(InetSocketAddress(net.interfaces.GetAddress(0), 9100)));
    BOOST_TEST(Completed(apps) == 20u);
}

// The same streams whether given per application or per node.
BOOST_AUTO_TEST_CASE(assign_streams_per_node_container)
{
    std::vector<Time> ends[2];
    for (int form = 0; form < 2; ++form)
    {
        Pair net;
        SeqexHelper helper;
        helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(30));
        helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ExponentialRandomVariable[Mean=0.01]"));
        helper.SetAttribute("ExchangeLength", StringValue("ns3::UniformRandomVariable[Min=1|Max=5]"));
        ApplicationContainer apps =
            helper.Install(net.nodes.Get(0), net.nodes.Get(1), net.interfaces.GetAddress(0), net.interfaces.GetAddress(1));
        int64_t used = form == 0 ? helper.AssignStreams(apps, 50) : helper.AssignStreams(net.nodes, 50);
        BOOST_TEST(used == 8); // 4 per application
        apps.Get(0)->TraceConnectWithoutContext(
            "ExchangeComplete",
            MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
                [&ends, form](uint16_t, uint64_t, Time, uint32_t, Time, Time) { ends[form].push_back(Simulator::Now()); }));
        apps.Stop(Seconds(5));
        Simulator::Run();
    }
    BOOST_TEST(ends[0].size() == 30u);
    BOOST_TEST((ends[0] == ends[1]));
}

BOOST_AUTO_TEST_CASE(start_interval_takes_a_random_variable_string)
{
    Pair net;
    SeqexHelper helper;
    helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(0)); // unlimited open loop
    helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.1]"));
    ApplicationContainer apps =
        helper.Install(net.nodes.Get(0), net.nodes.Get(1), net.interfaces.GetAddress(0), net.interfaces.GetAddress(1));
    apps.Stop(Seconds(1.05));
    Simulator::Run();
    BOOST_TEST(Completed(apps) >= 9u);
}

BOOST_AUTO_TEST_SUITE_END()
