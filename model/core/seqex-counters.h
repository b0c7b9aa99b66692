// Counters an endpoint keeps; read them at any time.
#ifndef SEQEX_COUNTERS_H
#define SEQEX_COUNTERS_H

#include <cstdint>

namespace seqex
{

struct Counters
{
    uint64_t sent = 0;              // data packets created (first transmissions)
    uint64_t retransmitted = 0;     // data packets sent again by Tick
    uint64_t acksSent = 0;          // Ack packets queued, re-acks of duplicates included
    uint64_t delivered = 0;         // payloads and replies handed to the application
    uint64_t resolvedByAck = 0;     // our packets resolved by an Ack
    uint64_t resolvedByReply = 0;   // our packets resolved by a reply
    uint64_t duplicatesDropped = 0; // data packets already received (R5)
    uint64_t tooEarlyDropped = 0;   // data packets beyond the receive window (R2)
    uint64_t ignoredAcks = 0;       // Acks naming nothing in flight (R7)
    uint64_t malformedDropped = 0;  // datagrams the codec rejected (counted by its caller)
    uint64_t windowFull = 0;        // sends refused for lack of room (S4)
};

} // namespace seqex

#endif
