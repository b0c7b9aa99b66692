// Test fixture: two nodes A and B on one point-to-point link (optionally a
// third node C linked to B), each link direction impaired by loss and
// reordering, a SeqexApplication pair from SeqexHelper, an invariant
// recorder, and a count plus a serialisation of every trace event.
#ifndef SEQEX_TEST_NETWORK_H
#define SEQEX_TEST_NETWORK_H

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/seqex-application.h"
#include "ns3/seqex-helper.h"
#include "seqex-invariant-recorder.h"

#include <map>
#include <memory>
#include <set>
#include <vector>
#include <sstream>
#include <string>

namespace seqex_test
{

using namespace ns3;

// Drops a fraction of the packets a device receives and holds another
// fraction back for `holdBack`, so that later packets overtake them.
class ImpairedReceiveModel : public ErrorModel
{
  public:
    static TypeId GetTypeId();
    void Setup(Ptr<PointToPointNetDevice> device, double loss, double reorder, Time holdBack, int64_t stream);
    uint64_t Dropped() const { return m_dropped; }
    uint64_t Reordered() const { return m_reordered; }

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override {}

    Ptr<PointToPointNetDevice> m_device;
    Ptr<UniformRandomVariable> m_rng;
    double m_loss = 0;
    double m_reorder = 0;
    Time m_holdBack;
    std::set<uint64_t> m_released; // uids of held packets being delivered now
    uint64_t m_dropped = 0;
    uint64_t m_reordered = 0;
};

struct NetworkConfig
{
    uint32_t run = 1;        // ns-3 RNG run number (the seed stays fixed)
    double loss = 0;         // per direction
    double reorder = 0;      // per direction
    Time holdBack = MilliSeconds(25);
    Time delay = MilliSeconds(5);
    std::string rate = "10Mbps";
    bool thirdNode = false;  // C, linked to B
    bool ipv6 = false;       // the applications talk over IPv6 (A-B link only)
};

// Per application: how often each trace source fired.
struct TraceCounts
{
    uint64_t tx = 0, rx = 0, retransmit = 0, dataSent = 0, deliver = 0, answerAck = 0;
    uint64_t resolvedByAck = 0, exchangeStart = 0, exchangeComplete = 0, windowFull = 0;
    uint64_t backlogOverflow = 0, malformedDrop = 0, peerAddressChange = 0, transportReset = 0;
    uint64_t announce = 0;
    std::map<std::string, uint64_t> dropReasons;
    std::multiset<uint64_t> completedIds;
    std::map<uint16_t, uint64_t> payloadsPerChannel;
    Time maxBacklogWait;
    struct Completion
    {
        Time latency, generated, firstSent, end;
    };
    std::vector<Completion> completions; // ExchangeComplete, in order
};

class TestNetwork
{
  public:
    explicit TestNetwork(const NetworkConfig& config = NetworkConfig());
    ~TestNetwork(); // Simulator::Destroy

    // Configure before Install (it installs with these attributes).
    SeqexHelper helper;

    void Install();
    void Run(Time limit); // apps stop at `limit`

    Ptr<SeqexApplication> App(int peer) const;
    Ptr<Node> GetNode(int i) const; // 0 = A, 1 = B, 2 = C
    Ipv4Address AddressOfA() const;
    Ipv4Address AddressOfB() const;
    Ipv4Address AddressOfBFacingC() const;
    SeqexInvariantRecorder& Recorder() const;
    const TraceCounts& Counts(int peer) const;
    const std::string& EventLog() const; // every trace event, one per line
    ImpairedReceiveModel& Impairment(int peer) const;

  private:
    void ConnectTraces(int peer);
    void Log(int peer, const std::string& line);

    NodeContainer m_nodes;
    Ipv4InterfaceContainer m_ab;
    Ipv6InterfaceContainer m_ab6; // with NetworkConfig::ipv6
    Ipv4InterfaceContainer m_cb;
    Ptr<ImpairedReceiveModel> m_impairment[2];
    ApplicationContainer m_apps;
    std::unique_ptr<SeqexInvariantRecorder> m_recorder;
    TraceCounts m_counts[2];
    std::ostringstream m_log;
    std::string m_logText;
};

// Messages of the recorder's safety and liveness checks, as one string for
// BOOST_TEST (empty when every invariant holds).
std::string Violations(const TestNetwork& net);

} // namespace seqex_test

#endif
