// What users compare transports by, computed from an exchange log the same
// way for SEQEX and TCP (definitions in scenarios/README.md):
//   goodput        application bytes delivered (both directions, each node
//                  once) per second, from the first exchange's start to the
//                  last exchange's end, or to `goodputUntil` if that is
//                  earlier (then only the bytes of exchanges ended by then)
//   latency        exchange completion time, start to the Ack reaching the
//                  sender of the last node: p50, p90, p99, max
//   HOL delay      for exchanges not hit by loss: latency minus the ideal
//                  latency of the same exchange on the unimpaired link
//   retx overhead  data packets (SEQEX) or data segments (TCP) sent again,
//                  per first transmission
//   wire bytes     bytes the devices put on the link (both directions, all
//                  headers, retransmissions, acks) per application byte delivered
#ifndef SEQEX_RUN_METRICS_H
#define SEQEX_RUN_METRICS_H

#include "seqex-exchange-log.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
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

struct SeqexRunMetrics
{
    uint64_t exchanges = 0;  // recorded (started)
    uint64_t completed = 0;
    uint64_t hit = 0;        // completed and hit by loss
    uint64_t deliveredBytes = 0;
    double goodputMbps = 0;
    SeqexDistribution latency; // completed exchanges
    SeqexDistribution hol;     // completed exchanges not hit by loss
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
