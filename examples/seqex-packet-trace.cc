// What SEQEX does, event by event: node 0 starts a few exchanges over a lossy
// link, node 0's transport is reset in the middle (socket reopened on a new
// port, link down for a while), and every trace source of both applications
// prints one line. Shows how to hook SeqexApplication's trace sources.
//
//   seqex-packet-trace                                  # 4 exchanges, 3 packets each, 20% loss
//   seqex-packet-trace --exchanges=2 --loss=0 --resetAt=0
//
// Reading it: a "tx" with no "rx" on the other node was lost on the link; it
// comes back as "retransmit" one resend interval later (S3). Each exchange
// ends with "answer-ack" on one node and "resolved-by-ack" on the other.
// While node 0 has no socket its retransmissions go nowhere (no "tx");
// "transport-reset" is printed when the socket reopens, then node 0
// announces its new port and node 1 follows it ("peer-moved").
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/seqex-names.h"

#include <cstdio>
#include <string>

using namespace ns3;

namespace
{

void
Line(uint32_t node, const std::string& event, const std::string& what)
{
    std::printf("%9.3f s  node%u  %-15s %s\n", Simulator::Now().GetSeconds(), node, event.c_str(), what.c_str());
}

std::string
Describe(const SeqexHeader& h)
{
    std::string kind = seqex::Label(h.GetKind());
    std::string s = kind + " ch" + std::to_string(h.GetChannel());
    if (h.GetKind() != seqex::PacketKind::Ack)
    {
        s += " seq=" + std::to_string(h.GetSeq());
    }
    if (h.GetKind() != seqex::PacketKind::Payload && h.GetKind() != seqex::PacketKind::SeqCstPayload)
    {
        s += " re=" + std::to_string(h.GetRe());
    }
    return s;
}

// Every trace source of `app` prints a line naming `node`.
void
TraceEverything(Ptr<SeqexApplication> app, uint32_t node)
{
    app->TraceConnectWithoutContext(
        "Tx",
        MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>(
            [node](Ptr<const Packet>, const SeqexHeader& h) { Line(node, "tx", Describe(h)); }));
    app->TraceConnectWithoutContext(
        "Rx",
        MakeLambdaCallback<Ptr<const Packet>, const Address&, const SeqexHeader&>(
            [node](Ptr<const Packet>, const Address&, const SeqexHeader& h) { Line(node, "rx", Describe(h)); }));
    app->TraceConnectWithoutContext(
        "Retransmit",
        MakeLambdaCallback<uint16_t, seqex::PacketKind, uint32_t>([node](uint16_t ch, seqex::PacketKind kind, uint32_t seq) {
            Line(node,
                 "retransmit",
                 std::string(seqex::Label(kind)) + " ch" + std::to_string(ch) + " seq=" + std::to_string(seq));
        }));
    app->TraceConnectWithoutContext(
        "Deliver",
        MakeLambdaCallback<uint16_t, uint32_t, bool, const seqex::Bytes&, std::optional<uint32_t>>(
            [node](uint16_t ch, uint32_t seq, bool seqCst, const seqex::Bytes& data, std::optional<uint32_t> re) {
                Line(node,
                     "deliver",
                     "ch" + std::to_string(ch) + " seq=" + std::to_string(seq) + (seqCst ? " seq_cst" : "") +
                         (re ? " as reply to our " + std::to_string(*re) : " as payload") + ", " +
                         std::to_string(data.size()) + " bytes");
            }));
    app->TraceConnectWithoutContext(
        "AnswerAck",
        MakeLambdaCallback<uint16_t, uint32_t>([node](uint16_t ch, uint32_t seq) {
            Line(node, "answer-ack", "ch" + std::to_string(ch) + " seq=" + std::to_string(seq) + " (ends its exchange)");
        }));
    app->TraceConnectWithoutContext(
        "ResolvedByAck",
        MakeLambdaCallback<uint16_t, uint32_t>([node](uint16_t ch, uint32_t seq) {
            Line(node, "resolved-by-ack", "ch" + std::to_string(ch) + " our seq=" + std::to_string(seq));
        }));
    app->TraceConnectWithoutContext(
        "ExchangeComplete",
        MakeLambdaCallback<uint16_t, uint64_t, Time, uint32_t, Time, Time>(
            [node](uint16_t, uint64_t id, Time latency, uint32_t length, Time, Time) {
            Line(node,
                 "exchange-done",
                 "exchange " + std::to_string(id) + ": " + std::to_string(length) + " packets in " +
                     std::to_string(latency.GetMilliSeconds()) + " ms");
        }));
    app->TraceConnectWithoutContext(
        "TransportReset",
        MakeLambdaCallback<uint16_t, uint16_t>([node](uint16_t oldPort, uint16_t newPort) {
            Line(node, "transport-reset", "port " + std::to_string(oldPort) + " -> " + std::to_string(newPort));
        }));
    app->TraceConnectWithoutContext(
        "Announce",
        MakeLambdaCallback<Ptr<const Packet>, const SeqexHeader&>([node](Ptr<const Packet>, const SeqexHeader& h) {
            Line(node, "announce", Describe(h) + " (address probe far beyond the window: acked, never delivered)");
        }));
    app->TraceConnectWithoutContext(
        "PeerAddressChange",
        MakeLambdaCallback<const Address&, const Address&>([node](const Address& from, const Address& to) {
            Line(node,
                 "peer-moved",
                 "port " + std::to_string(InetSocketAddress::ConvertFrom(from).GetPort()) + " -> " +
                     std::to_string(InetSocketAddress::ConvertFrom(to).GetPort()));
        }));
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t exchanges = 4;
    uint32_t length = 3;
    double loss = 0.2;
    double resetAt = 0.25;
    double downtime = 0.2;
    uint32_t seed = 3;

    CommandLine cmd(__FILE__);
    cmd.AddValue("exchanges", "Exchanges node 0 starts", exchanges);
    cmd.AddValue("length", "Data packets per exchange (payload + replies)", length);
    cmd.AddValue("loss", "Packet loss rate on each direction of the link", loss);
    cmd.AddValue("resetAt", "When node 0's transport is reset, in seconds (0: never)", resetAt);
    cmd.AddValue("downtime", "How long node 0 stays without a socket after the reset, in seconds", downtime);
    cmd.AddValue("seed", "Run number of the random streams (loss, exchange timing)", seed);
    cmd.Parse(argc, argv);
    if (loss < 0 || loss >= 1 || resetAt < 0 || downtime < 0 || exchanges == 0 || length == 0)
    {
        std::fprintf(stderr,
                     "seqex-packet-trace: need 0 <= loss < 1, resetAt >= 0, downtime >= 0, exchanges >= 1, "
                     "length >= 1\n");
        return 2;
    }
    RngSeedManager::SetRun(seed);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("10ms"));
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
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    SeqexHelper seqex(9000);
    seqex.SetAttribute("ResendInterval", TimeValue(MilliSeconds(100)));
    seqex.SetAttribute("ExchangeLength",
                       StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(length) + "]"));
    seqex.SetPeerAttribute(0, "MaxExchanges", UintegerValue(exchanges));
    // One exchange start every 100 ms, so the reset falls among them.
    seqex.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.1]"));
    ApplicationContainer apps =
        seqex.Install(nodes.Get(0), nodes.Get(1), interfaces.GetAddress(0), interfaces.GetAddress(1));
    apps.Start(Seconds(0));

    Ptr<SeqexApplication> a = DynamicCast<SeqexApplication>(apps.Get(0));
    Ptr<SeqexApplication> b = DynamicCast<SeqexApplication>(apps.Get(1));
    TraceEverything(a, 0);
    TraceEverything(b, 1);
    if (resetAt > 0)
    {
        a->ScheduleTransportReset(Seconds(resetAt), 9100, Seconds(downtime));
    }

    Simulator::Stop(Seconds(60)); // far beyond what a few exchanges need on a working link
    Simulator::Run();
    uint64_t completed = a->GetAppCounters().exchangesCompleted;
    std::printf("exchanges completed: %llu of %u; retransmissions: node0 %llu, node1 %llu\n",
                static_cast<unsigned long long>(completed),
                exchanges,
                static_cast<unsigned long long>(a->GetTotalCounters().retransmitted),
                static_cast<unsigned long long>(b->GetTotalCounters().retransmitted));
    Simulator::Destroy();
    return completed == exchanges ? 0 : 1;
}
