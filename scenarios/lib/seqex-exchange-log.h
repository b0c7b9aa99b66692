// Per-exchange records of one run, whatever the transport: when each
// exchange started and ended, how long it was, which channel (or TCP
// connection) carried it, how often its packets were sent again, and whether
// the network dropped any of them. Both the SEQEX and the TCP runs fill one,
// so their metrics are computed by the same code (seqex-run-metrics.h).
#ifndef SEQEX_EXCHANGE_LOG_H
#define SEQEX_EXCHANGE_LOG_H

#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

// An exchange is named by the node that originated it and that node's id
// for it (ids are unique per originator only).
struct SeqexExchangeKey
{
    uint32_t originator = 0;
    uint64_t id = 0;

    bool operator<(const SeqexExchangeKey& o) const
    {
        return originator != o.originator ? originator < o.originator : id < o.id;
    }
};

struct SeqexExchangeRecord
{
    SeqexExchangeKey key;
    uint32_t channel = 0;
    uint32_t length = 0; // data nodes (payload + replies); the Ack is not counted
    bool seqCst = false;
    Time start;          // generated: when the workload asked for it (any wait for room counts)
    Time firstSent;      // its first packet's first transmission (SEQEX: the window took it;
                         // TCP: its first message was written to the socket)
    bool started = false; // firstSent is set
    Time end;            // when its originator learned it ended: it sent the final Ack
                         // (the peer sent the last node) or received it
    bool completed = false;
    uint64_t bytes = 0;  // application bytes of its nodes delivered (first deliveries)
    uint64_t bytesTo[2] = {0, 0}; // of those, delivered at node 0 (reverse) and node 1 (forward)
    uint32_t retransmissions = 0; // its data packets (SEQEX) or segments (TCP) sent again
    uint32_t drops = 0;  // its packets the network dropped (any impairment)
    uint32_t restarts = 0; // TCP only: started again on a new connection after a reset

    // Generated to end: what the user of the workload waits.
    Time Latency() const
    {
        return end - start;
    }

    // Generated to first transmission: the wait for window room (SEQEX) or
    // for the socket (TCP), before the transport carried anything of it.
    Time BacklogWait() const
    {
        return firstSent - start;
    }

    // First transmission to end: what the transport took once it carried it.
    Time InTransport() const
    {
        return end - firstSent;
    }

    // "Hit by loss": the network dropped one of its own packets, or (TCP) a
    // reset forced it to start again. Exchanges not hit measure head-of-line
    // delay: whatever they waited for, it was someone else's loss.
    bool Hit() const
    {
        return drops > 0 || restarts > 0;
    }
};

class SeqexExchangeLog
{
  public:
    // The first call for a key creates its record; later calls update it.
    SeqexExchangeRecord& At(const SeqexExchangeKey& key);
    // nullptr when unknown.
    SeqexExchangeRecord* Find(const SeqexExchangeKey& key);

    // The exchange's first packet went out at `firstSent`; the workload had
    // generated it at `generated`. A restart (TCP, after a reset) keeps the
    // first transmission time.
    void Started(const SeqexExchangeKey& key, uint32_t channel, Time generated, Time firstSent);
    // The first completion counts; a second is counted as an anomaly.
    void Completed(const SeqexExchangeKey& key, Time end);

    // `n` application bytes delivered (first delivery) at node `receiver`,
    // of exchange `key` when known.
    void AddDeliveredBytes(const SeqexExchangeKey* key, uint32_t receiver, uint64_t n);

    // Application bytes delivered, all exchanges, both directions.
    uint64_t DeliveredBytes() const
    {
        return m_deliveredTo[0] + m_deliveredTo[1];
    }

    // Delivered at node `receiver`: 1 is the forward direction (sent by node 0).
    uint64_t DeliveredBytesTo(uint32_t receiver) const
    {
        return m_deliveredTo[receiver];
    }

    uint64_t DoubleCompletions() const
    {
        return m_doubleCompletions;
    }

    // Records ordered by (originator, id).
    std::vector<const SeqexExchangeRecord*> Records() const;

  private:
    std::map<SeqexExchangeKey, SeqexExchangeRecord> m_records;
    uint64_t m_deliveredTo[2] = {0, 0};
    uint64_t m_doubleCompletions = 0;
};

} // namespace ns3

#endif
