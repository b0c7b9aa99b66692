// The module's ns-3 TestSuite ("seqex"), in the module's test/ folder where
// ns-3 keeps a module's tests: ns-3's test.py / test-runner run it when the
// project sits in an ns-3 source tree (TEST_SOURCES of the build_lib call in
// CMakeLists.txt, module_test in wscript); the standalone build runs it
// through seqex-test-runner (ctest seqex-ns3-test-suite.seqex).
#include "ns3/core-module.h"
#include "ns3/header-serialization-test.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-header.h"
#include "ns3/seqex-helper.h"
#include "seqex-invariant-recorder.h"

using namespace ns3;

namespace
{

// Serialize -> Deserialize -> Serialize gives the same bytes, every kind.
class SeqexHeaderTestCase : public HeaderSerializationTestCase
{
  public:
    SeqexHeaderTestCase()
        : HeaderSerializationTestCase("SeqexHeader round trip")
    {
    }

  private:
    void DoRun() override
    {
        for (auto kind : {seqex::PacketKind::Payload,
                          seqex::PacketKind::SeqCstPayload,
                          seqex::PacketKind::Reply,
                          seqex::PacketKind::SeqCstReply,
                          seqex::PacketKind::Ack})
        {
            seqex::WireHeader wire;
            wire.kind = kind;
            wire.channel = 3;
            wire.seq = seqex::IsDataKind(kind) ? 0xFFFFFFFFu : 0;
            wire.re = (kind == seqex::PacketKind::Ack || seqex::IsReplyKind(kind)) ? 77 : 0;
            wire.dataLength = seqex::IsDataKind(kind) ? 100 : 0;
            TestHeaderSerialization(SeqexHeader(wire));
        }
    }
};

// Two nodes, 10% loss each way: every exchange completes once and the
// SPEC §7 invariants hold.
class SeqexTwoNodesTestCase : public TestCase
{
  public:
    SeqexTwoNodesTestCase()
        : TestCase("two nodes, lossy link: every exchange completes once")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper link;
        NetDeviceContainer devices = link.Install(nodes);
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RateErrorModel> errors = CreateObject<RateErrorModel>();
            errors->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            errors->SetAttribute("ErrorRate", DoubleValue(0.1));
            errors->AssignStreams(100 + i);
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(errors));
        }
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper ipv4("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer addresses = ipv4.Assign(devices);

        SeqexHelper seqex(9000);
        seqex.SetAttribute("Channels", UintegerValue(2));
        seqex.SetAttribute("ExchangeLength", StringValue("ns3::ConstantRandomVariable[Constant=3]"));
        seqex.SetPeerAttribute(0, "MaxExchanges", UintegerValue(50));
        ApplicationContainer apps =
            seqex.Install(nodes.Get(0), nodes.Get(1), addresses.GetAddress(0), addresses.GetAddress(1));
        seqex.AssignStreams(apps, 10);
        Ptr<SeqexApplication> a = DynamicCast<SeqexApplication>(apps.Get(0));
        Ptr<SeqexApplication> b = DynamicCast<SeqexApplication>(apps.Get(1));
        SeqexInvariantRecorder recorder(a, b);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(60));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(a->GetAppCounters().exchangesCompleted, 50, "exchanges completed");
        NS_TEST_ASSERT_MSG_EQ(a->IsIdle(), true, "A idle");
        NS_TEST_ASSERT_MSG_EQ(b->IsIdle(), true, "B idle");
        NS_TEST_ASSERT_MSG_EQ(recorder.CheckSafety().size(), 0, "safety violations");
        NS_TEST_ASSERT_MSG_EQ(recorder.CheckLiveness().size(), 0, "liveness violations");
        NS_TEST_ASSERT_MSG_EQ(recorder.CompletedExchanges(), 50, "checker's completed exchanges");
        Simulator::Destroy();
    }
};

class SeqexTestSuite : public TestSuite
{
  public:
    SeqexTestSuite()
        : TestSuite("seqex", UNIT)
    {
        AddTestCase(new SeqexHeaderTestCase, TestCase::QUICK);
        AddTestCase(new SeqexTwoNodesTestCase, TestCase::QUICK);
    }
};

SeqexTestSuite g_seqexTestSuite;

} // namespace
