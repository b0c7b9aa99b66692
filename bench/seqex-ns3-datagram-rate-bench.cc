// How fast ns-3 simulates SEQEX, against how fast it simulates raw UDP on
// the same topology: simulated datagrams per wall-clock second.
//
// 1. SEQEX: two SeqexApplications on the scenarios' two-node link (100 Mb/s,
//    5 ms, no impairment); node 0 runs N exchanges of 2 data packets (plus
//    their acks) as fast as the windows allow. Every datagram either
//    application hands to its socket counts.
// 2. UDP: ns-3's UdpClient sends the same number of datagrams of the same
//    mean size to a UdpServer on an identical link, spread over the same
//    simulated time.
// Each is run `repeat` times in this process; the best wall time counts.
// The ratio SEQEX / UDP says what SEQEX's model costs beyond ns-3's own
// per-datagram cost (target: >= 0.8).
//
//   seqex-ns3-datagram-rate-bench [--exchanges=N] [--repeat=R]
#include "seqex-impaired-link-helper.h"

#include "ns3/command-line.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace ns3;

namespace
{

struct Measured
{
    uint64_t datagrams = 0;
    uint64_t bytes = 0; // UDP payload bytes
    Time simulated;
    double wallSeconds = 0;
};

SeqexImpairedLink
StandardLink()
{
    SeqexLinkShape shape;
    shape.bandwidth = DataRate("100Mbps");
    shape.delay = MilliSeconds(5);
    shape.queuePackets = 1000;
    return SeqexImpairedLinkHelper(shape).Install();
}

double
WallSecondsOfRun()
{
    auto begin = std::chrono::steady_clock::now();
    Simulator::Run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

Measured
RunSeqex(uint64_t exchanges)
{
    SeqexImpairedLink link = StandardLink();
    SeqexHelper helper(9000);
    helper.SetAttribute("PayloadSize", UintegerValue(200));
    helper.SetAttribute("ExchangeLength", StringValue("ns3::ConstantRandomVariable[Constant=2]"));
    helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(exchanges));
    ApplicationContainer apps = helper.Install(link.nodes.Get(0), link.nodes.Get(1), link.Address(0), link.Address(1));
    helper.AssignStreams(apps, 1);
    apps.Start(Seconds(0));

    Measured m;
    Time lastTx;
    for (uint32_t i = 0; i < 2; ++i)
    {
        apps.Get(i)->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>([&m, &lastTx](Ptr<const Packet> p, const SeqexHeader&) {
                ++m.datagrams;
                m.bytes += p->GetSize();
                lastTx = Simulator::Now();
            }));
    }
    m.wallSeconds = WallSecondsOfRun();
    m.simulated = lastTx;
    for (uint32_t i = 0; i < 2; ++i)
    {
        if (!DynamicCast<SeqexApplication>(apps.Get(i))->IsIdle())
        {
            std::fprintf(stderr, "error: SEQEX did not finish its %llu exchanges\n",
                         static_cast<unsigned long long>(exchanges));
            std::exit(1);
        }
    }
    Simulator::Destroy();
    return m;
}

Measured
RunUdp(uint64_t datagrams, uint32_t size, Time span)
{
    SeqexImpairedLink link = StandardLink();
    UdpServerHelper server(9000);
    ApplicationContainer serverApps = server.Install(link.nodes.Get(1));
    UdpClientHelper client(link.Address(1), 9000);
    client.SetAttribute("MaxPackets", UintegerValue(datagrams));
    client.SetAttribute("Interval", TimeValue(span / static_cast<int64_t>(datagrams)));
    client.SetAttribute("PacketSize", UintegerValue(size));
    ApplicationContainer clientApps = client.Install(link.nodes.Get(0));
    serverApps.Start(Seconds(0));
    clientApps.Start(Seconds(0));

    Measured m;
    m.wallSeconds = WallSecondsOfRun();
    m.datagrams = DynamicCast<UdpServer>(serverApps.Get(0))->GetReceived();
    m.bytes = m.datagrams * size;
    m.simulated = span;
    Simulator::Destroy();
    if (m.datagrams != datagrams)
    {
        std::fprintf(stderr, "error: UdpServer received %llu of %llu datagrams on a clean link\n",
                     static_cast<unsigned long long>(m.datagrams), static_cast<unsigned long long>(datagrams));
        std::exit(1);
    }
    return m;
}

void
Print(const char* name, const Measured& m)
{
    std::printf("%-26s %10llu datagrams  %8.3f s simulated  %7.3f s wall  %12.0f datagrams/s\n", name,
                static_cast<unsigned long long>(m.datagrams), m.simulated.GetSeconds(), m.wallSeconds,
                double(m.datagrams) / m.wallSeconds);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint64_t exchanges = 100000;
    uint32_t repeat = 3;
    CommandLine cmd(__FILE__);
    cmd.AddValue("exchanges", "SEQEX exchanges of 2 data packets (node 0 originates)", exchanges);
    cmd.AddValue("repeat", "Runs of each; the best wall time counts", repeat);
    cmd.Parse(argc, argv);
    if (exchanges == 0 || repeat == 0)
    {
        std::fprintf(stderr, "error: --exchanges and --repeat must be at least 1\n");
        return 2;
    }

    Measured seqex;
    Measured udp;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        Measured s = RunSeqex(exchanges);
        if (r == 0 || s.wallSeconds < seqex.wallSeconds)
        {
            seqex = s;
        }
        // The same datagram count, mean size and simulated span.
        Measured u = RunUdp(s.datagrams, static_cast<uint32_t>(s.bytes / s.datagrams), s.simulated);
        if (r == 0 || u.wallSeconds < udp.wallSeconds)
        {
            udp = u;
        }
    }
    std::printf("two nodes, 100 Mb/s, 5 ms; best of %u runs each\n", repeat);
    Print("SEQEX (SeqexApplication)", seqex);
    Print("UDP (UdpClient/Server)", udp);
    double ratio = (double(seqex.datagrams) / seqex.wallSeconds) / (double(udp.datagrams) / udp.wallSeconds);
    std::printf("ratio SEQEX / UDP: %.2f (target >= 0.80)\n", ratio);
    return 0;
}
