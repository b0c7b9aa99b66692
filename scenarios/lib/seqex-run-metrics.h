// What users compare transports by, computed from an exchange log the same
// way for SEQEX and TCP (definitions in scenarios/README.md):
//   goodput        application bytes delivered (each node once) per second,
//                  per direction (forward: delivered at node 1, sent by
//                  node 0; reverse: delivered at node 0) and their sum, from
//                  the first exchange's generation to the last exchange's
//                  end, or to `goodputUntil` if that is earlier (then only
//                  the bytes of exchanges ended by then)
//   latency        generated to the Ack reaching the sender of the last
//                  node: p50, p90, p99, max
//   backlog wait   generated to its first transmission (waiting for window
//                  room or for the socket)
//   HOL delay      for exchanges not hit by loss: first transmission to end,
//                  minus the ideal latency of the same exchange on the
//                  unimpaired link
//   retx overhead  data packets (SEQEX) or data segments (TCP) sent again,
//                  per first transmission
//   wire bytes     bytes the devices put on the link (both directions, all
//                  headers, retransmissions, acks) per application byte delivered
//   overload       open-loop runs: the backlog of open exchanges (generated,
//                  not ended) grew through the traffic period
#ifndef SEQEX_RUN_METRICS_H
#define SEQEX_RUN_METRICS_H

#include "seqex-exchange-log.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

// The unimpaired path and the workload's fixed costs, for the ideal latency.
struct SeqexIdealPath
{
    Time delay;               // one-way propagation delay
    Time meanJitter;          // mean extra delay per crossing (jitter / 2)
    DataRate bandwidth;
    uint32_t dataSize = 0;    // application bytes per data node
    Time answerDelay;         // mean time an application waits before answering

    // Ideal completion time of an exchange of `length` data nodes, ending
    // when its originator learns it ended (as SeqexApplication reports it):
    // each node crosses the link once and is serialized once (application
    // bytes only) and waits the mean jitter, each answer waits the mean
    // answer delay, and when the originator sent the last node (odd length)
    // the final Ack crosses back. What is left of an exchange's latency
    // beyond this is queueing and waiting behind other packets.
    Time Ideal(uint32_t length) const;
};

// Counted by the transport during the run.
struct SeqexTransportTotals
{
    uint64_t firstTransmissions = 0; // data packets / data segments, first time
    uint64_t retransmissions = 0;    // sent again
    uint64_t wireBytes = 0;          // put on the link by both devices
};

struct SeqexDistribution
{
    uint64_t count = 0;
    double mean = 0; // ms
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;
};

// Nearest-rank percentiles, in ms; all zero when `ms` is empty.
SeqexDistribution Summarize(std::vector<double> ms);

// The backlog of open exchanges (generated, not yet ended) over the traffic
// period of an open-loop run, and whether it kept growing: its mean over the
// last quarter exceeds kOverloadGrowth times its mean over the second quarter
// plus kOverloadSlack exchanges. A stable queue fluctuates around one level;
// a load the transport cannot carry leaves a backlog that grows with time
// (the first quarter is left out as the warm-up).
struct SeqexBacklogTrend
{
    static constexpr double kOverloadGrowth = 1.5;
    static constexpr double kOverloadSlack = 10;
    double early = 0; // mean open exchanges, second quarter of the traffic period
    double late = 0;  // mean open exchanges, last quarter
    bool overload = false;
};

// `open`: the number of open exchanges sampled at even steps over the
// traffic period (the runner takes kBacklogSamples).
constexpr int kBacklogSamples = 400;
SeqexBacklogTrend BacklogTrend(const std::vector<uint64_t>& open);

// The physical ceiling of a workload on the link: the goodput each direction
// carries when the busier direction's link is busy all the time with data
// packets of this workload, their headers included (PPP 2 + IPv4 20 bytes,
// then SEQEX: UDP 8 + SEQEX header 10 for a payload, 14 for a reply, one
// datagram per data packet; TCP: 5 bytes of message framing, in full
// segments of `tcpSegment` bytes each with TCP 32 bytes (timestamps on)).
// Acks, retransmissions and handshakes are left out: no run reaches it.
struct SeqexGoodputCeiling
{
    double forwardMbps = 0;
    double reverseMbps = 0;
    double Sum() const
    {
        return forwardMbps + reverseMbps;
    }
};

SeqexGoodputCeiling GoodputCeiling(const std::string& transport,
                                   DataRate bandwidth,
                                   uint32_t size,
                                   uint32_t lenMin,
                                   uint32_t lenMax,
                                   bool bidirectional,
                                   uint32_t tcpSegment = 1448);

struct SeqexRunMetrics
{
    uint64_t exchanges = 0;  // recorded (started)
    uint64_t completed = 0;
    uint64_t hit = 0;        // completed and hit by loss
    uint64_t deliveredBytes = 0;
    double goodputMbps = 0;        // both directions summed
    double goodputForwardMbps = 0; // delivered at node 1
    double goodputReverseMbps = 0; // delivered at node 0
    SeqexDistribution latency; // completed exchanges, from generation
    SeqexDistribution backlogWait; // started exchanges: generated to first transmission
    SeqexDistribution hol;     // completed exchanges not hit by loss, from first transmission
    uint64_t retransmissions = 0;
    double retxOverhead = 0;
    double wireBytesPerDeliveredByte = 0;
    Time lastEnd;              // when the last exchange ended
};

// `goodputUntil` bounds the goodput window: a saturating run passes the end
// of its traffic period, so that goodput is measured while the backlog and
// the impairments last, not over a clean tail.
SeqexRunMetrics ComputeMetrics(const SeqexExchangeLog& log,
                               const SeqexTransportTotals& totals,
                               const SeqexIdealPath& ideal,
                               Time goodputUntil = Time::Max());

} // namespace ns3

#endif
