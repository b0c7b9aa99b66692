// The ns-3 side of seqex-emulate: the scenario link (SeqexImpairedLinkHelper,
// the same SeqexImpairedChannel a scenario run uses) between two routers,
// each with an FdNetDevice on a tap descriptor:
//
//   ns A: tap 10.77.1.2 --- FdNetDevice 10.77.1.1 [node 0] 10.1.1.1
//                                                   | impaired point-to-point link
//   ns B: tap 10.77.2.2 --- FdNetDevice 10.77.2.1 [node 1] 10.1.1.2
//
// Frames the kernel writes into tap A are read by node 0's FdNetDevice,
// routed over the link, and written by node 1's FdNetDevice into tap B; and
// back. The FdNetDevices have no channel, so the impairments act on the
// point-to-point hop between the routers. Direction 0 is A -> B.
#ifndef SEQEX_EMULATED_PATH_H
#define SEQEX_EMULATED_PATH_H

#include "seqex-impaired-link-helper.h"
#include "seqex-scenario-config.h"

#include "ns3/fd-net-device.h"
#include "ns3/pcap-file-wrapper.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

// Per direction (0: A -> B, 1: B -> A), what each stage saw.
struct SeqexEmulatedDirection
{
    uint64_t framesFromTap = 0;     // read from the sending side's tap (any frame: ARP too)
    uint64_t tapReadDrops = 0;      // read but not taken by the router (MacRxDrop)
    uint64_t queueDrops = 0;        // dropped by the link device's queue (full)
    SeqexChannelCounters channel;   // the impaired link (SeqexImpairedChannel, this direction)
    uint64_t framesToTap = 0;       // handed to the receiving side's FdNetDevice for its tap
    uint64_t tapWriteDrops = 0;     // the FdNetDevice could not write them (MacTxDrop)
    uint64_t routerDrops = 0;       // dropped by a router: IP layer (no route, TTL; by destination) or ARP
};

class SeqexEmulatedPath
{
  public:
    // Addresses of the two namespaces' taps and of the routers facing them.
    static constexpr const char* kTapA = "10.77.1.2";
    static constexpr const char* kTapB = "10.77.2.2";
    static constexpr const char* kRouterA = "10.77.1.1";
    static constexpr const char* kRouterB = "10.77.2.1";
    // Fixed, locally administered MACs: each side knows the other's without ARP.
    static constexpr const char* kTapMacA = "02:00:0a:4d:01:02";
    static constexpr const char* kTapMacB = "02:00:0a:4d:02:02";
    static constexpr const char* kRouterMacA = "02:00:0a:4d:01:01";
    static constexpr const char* kRouterMacB = "02:00:0a:4d:02:01";

    // Builds the topology on the two tap descriptors with the link shape
    // and impairments of `config` (the scenario flags): stochastic
    // impairments from `start` for config.duration, blackhole and link
    // resets relative to `start`. Call after the simulator implementation
    // is chosen, before Simulator::Run.
    SeqexEmulatedPath(const SeqexScenarioConfig& config, int tapA, int tapB, Time start);

    // Writes every frame each FdNetDevice exchanged with its tap (Ethernet).
    void EnablePcap(const std::string& fileA, const std::string& fileB);
    // Closes the captures (their last frames are buffered until then); call
    // after Simulator::Destroy, when no frame can arrive any more.
    void ClosePcap();

    // Writes one line per SEQEX datagram the link drops (any impairment):
    // "direction kind channel seq re" (seqex-real-results.h), so the results
    // can charge drops to exchanges as a simulated run does.
    void LogDrops(const std::string& file);

    SeqexEmulatedDirection Direction(uint32_t d) const;

  private:
    Ptr<FdNetDevice> MakeFdDevice(Ptr<Node> node, int fd, uint32_t side);

    SeqexImpairedLink m_link;
    Ptr<FdNetDevice> m_fd[2];
    SeqexEmulatedDirection m_counts[2];
    std::vector<Ptr<PcapFileWrapper>> m_pcaps;
    std::unique_ptr<std::ofstream> m_drops;
};

} // namespace ns3

#endif
