// Every parameter of a scenario run, with its --flag, default and range.
// One run is one point of this space; its summary row records all of them,
// so the row replays exactly. scenarios/README.md lists the flags.
#ifndef SEQEX_SCENARIO_CONFIG_H
#define SEQEX_SCENARIO_CONFIG_H

#include "seqex-flag-table.h"
#include "seqex-impaired-channel.h"
#include "seqex-run-metrics.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

struct SeqexScenarioConfig
{
    // ---- the run ----
    std::string scenario = "loss-sweep";
    std::string transport = "seqex"; // seqex | tcp
    uint32_t seed = 1;               // ns-3 RngRun
    std::string out = "adhoc-results"; // results go to <out>/<scenario>/runs/ (the default set: results/)
    std::string runId;               // file name of the run's results; derived when empty
    Time duration = Seconds(20);     // the impaired traffic period
    Time heal = Seconds(10);         // then: no impairment, no new exchange, drain

    // ---- workload (both transports) ----
    double rate = 100;          // exchange starts per second per originating node (Poisson);
                                // 0: saturating, each exchange generated when the transport takes it
    uint32_t exchanges = 0;     // exchanges per originating node; 0: rate x duration
    bool bidirectional = false; // node 1 originates exchanges too
    uint32_t lenMin = 1;        // data nodes per exchange, uniform
    uint32_t lenMax = 3;
    uint32_t size = 200;        // application bytes per data node
    Time answerDelay = MilliSeconds(1);
    double seqCst = 0;          // fraction of exchanges that are seq_cst
    uint32_t channels = 1;      // SEQEX channels, or TCP connections
    std::string workload = "exchanges"; // exchanges | bulk (TCP only: node 0 streams bytes to node 1)

    // ---- SEQEX ----
    uint32_t window = 64;
    Time resendInterval = MilliSeconds(250);
    std::string resendMode = "fixed"; // or "adaptive" (SeqexApplication::ResendMode)

    // ---- TCP (doc/tcp-baseline.md says why each default) ----
    std::string tcpVariant = "cubic";  // congestion control, SeqexTcpVariants()
    std::string tcpRecovery = "prr";   // prr | classic
    bool tcpSack = true;
    bool tcpTimestamps = true;
    uint32_t tcpSegmentSize = 1448;    // MSS, bytes
    uint32_t tcpDelAckCount = 2;       // segments per delayed ACK
    Time tcpDelAckTimeout = MilliSeconds(40);
    Time tcpMinRto = MilliSeconds(200); // also the floor of the RTO's variance term (Linux)
    uint32_t tcpInitialCwnd = 10;      // segments
    uint32_t tcpSndBuf = 131072;       // bytes
    uint32_t tcpRcvBuf = 131072;       // bytes

    // ---- output ----
    bool timeline = false;              // also write <runId>.timeline.csv (SEQEX runs)
    Time timelineBin = MilliSeconds(50);
    bool pcap = false;                  // also write <runId>.node0.pcap and <runId>.node1.pcap

    // ---- link ----
    DataRate bandwidth{"10Mbps"};
    Time delay = MilliSeconds(20);
    uint32_t queue = 100;              // device queue (drop-tail), packets
    std::string qdisc = "none";        // none | pfifo | fq-codel: a queue disc in front of it
    uint32_t qdiscLimit = 1000;        // its limit, packets

    // ---- competing bulk TCP (shared-bottleneck) ----
    uint32_t bulkFlows = 0;            // TCP bulk flows node 0 -> node 1 during the traffic period
    std::string bulkVariant = "cubic"; // their congestion control: cubic | newreno
    Time shareBin = MilliSeconds(500); // bin of the bottleneck-share timeline

    // Packets the bottleneck (node 0's outgoing buffer) holds: the device
    // queue, plus the queue disc's limit when there is one.
    uint32_t BufferPackets() const;
    // The bandwidth-delay product (bandwidth x 2 x delay) in 1500-byte frames.
    double BdpPackets() const;

    // ---- stochastic impairments (during the traffic period) ----
    SeqexLinkImpairment impairment;
    std::string impairDir = "both"; // both | forward (node 0 -> 1) | reverse

    // ---- timed impairments (times relative to the traffic start) ----
    Time blackholeStart = Seconds(3);
    Time blackholeDuration = Seconds(0); // 0: no blackhole
    std::string blackholeDir = "both";
    std::string resetKind = "none"; // none | socket | nat | link
    Time resetEvery = Seconds(1);   // resets at every multiple within the traffic period
    Time resetDowntime = MilliSeconds(100);

    // When the workload starts: the TCP handshakes are done by then.
    static Time TrafficStart()
    {
        return Seconds(1);
    }

    Time TrafficStop() const
    {
        return TrafficStart() + duration;
    }

    // <out>/<scenario>/runs/<runId><suffix>: where this run's files go.
    std::string RunFile(const std::string& suffix) const;

    Time End() const
    {
        return TrafficStop() + heal;
    }

    // Exchanges each originating node starts: `exchanges`, or rate x
    // duration (at least 1).
    uint64_t ExchangesPerOriginator() const;

    // Saturating workload (rate 0): each transport carries the queued
    // exchanges as fast as it can, so goodput measures the transport.
    bool Saturating() const
    {
        return rate == 0;
    }

    // Bulk transfer (TCP only): no exchanges; node 0 writes bytes into
    // `channels` connections for the whole traffic period.
    bool Bulk() const
    {
        return workload == "bulk";
    }

    // The unimpaired path the HOL delay is measured against.
    SeqexIdealPath IdealPath() const;

    // The workload's random variables, as attribute strings both
    // transports' applications take (so they draw the same values).
    std::string StartIntervalVariable() const;
    std::string LengthVariable() const;
    std::string AnswerDelayVariable() const;
};

// --tcpVariant's values and the ns-3.37 congestion control each names:
// ("cubic", "ns3::TcpCubic"), ...
const std::vector<std::pair<std::string, std::string>>& SeqexTcpVariants();

// Binds every field to a flag of `table` (their current values are the
// defaults). `scenarioNames` are the valid --scenario values.
void BindScenarioFlags(SeqexFlagTable& table,
                       SeqexScenarioConfig& config,
                       const std::vector<std::string>& scenarioNames);

// Checks what single flags cannot: relations between them. Returns "" or
// "--flag: what is wrong".
std::string ValidateScenarioConfig(const SeqexScenarioConfig& config);

} // namespace ns3

#endif
