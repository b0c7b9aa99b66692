// Counters an endpoint keeps; read them at any time. SEQEX_COUNTER_LIST is
// the one list of them: the struct, the name table (reports, the Python
// binding) and the sum over channels are all made from it, so a counter is
// added in one place.
#ifndef SEQEX_COUNTERS_H
#define SEQEX_COUNTERS_H

#include <cstddef>
#include <cstdint>

namespace seqex
{

// X(member, name, what it counts); names are snake_case.
#define SEQEX_COUNTER_LIST(X)                                                                      \
    X(sent, "sent", "data packets created (first transmissions)")                                  \
    X(retransmitted, "retransmitted", "data packets sent again by Tick")                           \
    X(acksSent, "acks_sent", "Ack packets queued, re-acks of duplicates included")                 \
    X(delivered, "delivered", "payloads and replies handed to the application")                    \
    X(resolvedByAck, "resolved_by_ack", "our packets resolved by an Ack")                          \
    X(resolvedByReply, "resolved_by_reply", "our packets resolved by a reply")                     \
    X(duplicatesDropped, "duplicates_dropped", "data packets already received (R5)")               \
    X(duplicatesWaiting, "duplicates_waiting", "of duplicates_dropped, copies of a packet waiting (R3, R4)") \
    X(tooEarlyDropped, "too_early_dropped", "data packets beyond the receive window (R2)")         \
    X(tooEarlyReplies, "too_early_replies", "of too_early_dropped, replies")                       \
    X(ignoredAcks, "ignored_acks", "Acks naming nothing in flight (R7)")                           \
    X(malformedDropped, "malformed_dropped", "datagrams the codec rejected (counted by its caller)") \
    X(windowFull, "window_full", "sends refused for lack of room (S4)")

struct Counters
{
#define SEQEX_COUNTER_MEMBER(member, name, meaning) uint64_t member = 0;
    SEQEX_COUNTER_LIST(SEQEX_COUNTER_MEMBER)
#undef SEQEX_COUNTER_MEMBER
};

struct CounterField
{
    const char* name;
    uint64_t Counters::*member;
    const char* meaning;
};

inline constexpr CounterField kCounterFields[] = {
#define SEQEX_COUNTER_FIELD(member, name, meaning) {name, &Counters::member, meaning},
    SEQEX_COUNTER_LIST(SEQEX_COUNTER_FIELD)
#undef SEQEX_COUNTER_FIELD
};

inline constexpr size_t kCounterCount = sizeof(kCounterFields) / sizeof(kCounterFields[0]);
static_assert(sizeof(Counters) == kCounterCount * sizeof(uint64_t), "every counter is in SEQEX_COUNTER_LIST");

// Sums counters (over channels, peers, runs), counter by counter.
inline Counters&
operator+=(Counters& total, const Counters& more)
{
    for (const CounterField& f : kCounterFields)
    {
        total.*(f.member) += more.*(f.member);
    }
    return total;
}

} // namespace seqex

#endif
