// Two nodes on one point-to-point link: node 0 starts SEQEX exchanges, node 1
// answers them. Prints how many completed and their latency.
//
//   seqex-two-nodes --exchanges=200 --length=3 --loss=0.1 --channels=2
//   seqex-two-nodes --ipv6
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"
#include "ns3/seqex-lambda-callback.h"

#include <algorithm>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t exchanges = 100;
    uint32_t length = 2;
    uint32_t channels = 1;
    double loss = 0.0;
    std::string rate = "10Mbps";
    std::string delay = "10ms";
    bool ipv6 = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("exchanges", "Exchanges node 0 starts", exchanges);
    cmd.AddValue("length", "Data packets per exchange (payload + replies)", length);
    cmd.AddValue("channels", "SEQEX channels sharing the socket", channels);
    cmd.AddValue("loss", "Packet loss rate on each direction of the link", loss);
    cmd.AddValue("rate", "Link data rate", rate);
    cmd.AddValue("delay", "Link one-way delay", delay);
    cmd.AddValue("ipv6", "Talk over IPv6 instead of IPv4", ipv6);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(rate));
    link.SetChannelAttribute("Delay", StringValue(delay));
    NetDeviceContainer devices = link.Install(nodes);
    for (uint32_t i = 0; i < devices.GetN() && loss > 0; ++i)
    {
        Ptr<RateErrorModel> errors = CreateObject<RateErrorModel>();
        errors->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        errors->SetAttribute("ErrorRate", DoubleValue(loss));
        devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(errors));
    }
    InternetStackHelper internet;
    internet.Install(nodes);
    Address addressA;
    Address addressB;
    if (ipv6)
    {
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces = addresses.Assign(devices);
        addressA = interfaces.GetAddress(0, 1); // 1: the global address, 0 is link-local
        addressB = interfaces.GetAddress(1, 1);
    }
    else
    {
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        addressA = interfaces.GetAddress(0);
        addressB = interfaces.GetAddress(1);
    }

    SeqexHelper seqex(9000);
    seqex.SetAttribute("Channels", UintegerValue(channels));
    seqex.SetAttribute("ExchangeLength",
                       StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(length) + "]"));
    seqex.SetPeerAttribute(0, "MaxExchanges", UintegerValue(exchanges));
    ApplicationContainer apps = seqex.Install(nodes.Get(0), nodes.Get(1), addressA, addressB);
    apps.Start(Seconds(0));

    uint32_t completed = 0;
    Time total;
    Time worst;
    apps.Get(0)->TraceConnectWithoutContext(
        "ExchangeComplete",
        MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
            [&](uint16_t, uint64_t, Time latency, uint32_t, Time, Time) {
                total += latency;
                worst = std::max(worst, latency);
                if (++completed == exchanges)
                {
                    Simulator::Stop(); // every exchange ended
                }
            }));

    Simulator::Stop(Seconds(600)); // a safety net, never reached on a working link
    Simulator::Run();

    Ptr<SeqexApplication> a = DynamicCast<SeqexApplication>(apps.Get(0));
    std::cout << "exchanges completed: " << completed << " of " << exchanges << " at t="
              << Simulator::Now().As(Time::S) << "\n";
    if (completed > 0)
    {
        std::cout << "latency: mean " << (total / completed).As(Time::MS) << ", max "
                  << worst.As(Time::MS) << "\n";
    }
    std::cout << "retransmissions: " << a->GetTotalCounters().retransmitted << "\n";
    Simulator::Destroy();
    return completed == exchanges ? 0 : 1;
}
