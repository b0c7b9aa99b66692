// Checks the invariants of SPEC §7 over a record of what two peers of one
// SEQEX instance pair did. Everything that runs SEQEX (the randomized core
// test, the ns-3 scenarios, the conformance suite's network cases) records
// into this one checker, so each invariant is written once.
//
// Peers are 0 and 1. Seqs are the sender's; data is compared byte for byte.
// Record events in the order they happened (each peer's own events in its
// order; an event that needs a packet from the other peer after that
// packet's OnSend). A violation is one line naming the invariant, the peer
// and the seq, for example
//   "invariant 1 (exactly-once): peer 1 delivered seq 7 of peer 0 twice".
//
// What is checked when:
//   at once    1 exactly-once: a delivery names a packet that was sent, is the
//                first one of that packet, and carries its kind and data;
//                every transmission (OnTransmit) repeats the packet unchanged
//              2 topology: a reply is delivered as a reply to the packet its
//                sender answered; an answer names a delivered packet and is
//                the only answer to it; a packet is resolved once, and never
//                by an Ack when its receiver answered with a reply
//              3 order: a seq_cst packet is delivered after every lower seq
//                of its sender (counted from initialSeq, wrapping), and not
//                while an earlier seq_cst delivery is unanswered (R4 lock);
//                seqs are consecutive (S1)
//   CheckLiveness
//              4 every packet sent was delivered, answered and resolved
//              2 every Ack answer was seen by the sender, and vice versa
#ifndef SEQEX_INVARIANT_CHECKER_H
#define SEQEX_INVARIANT_CHECKER_H

#include "seqex-packet.h"
#include "seqex-wire.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace seqex
{

class InvariantChecker
{
  public:
    // Both peers start from `initialSeq` (SPEC §3).
    explicit InvariantChecker(Seq initialSeq);

    // Peer `from` created data packet `seq` (first transmission). For a reply,
    // `re` names the peer's packet it answers (so it also records that `from`
    // answered `re` with a reply).
    void OnSend(int from, PacketKind kind, Seq seq, Seq re, const Bytes& data);

    // Peer `from` put data packet `seq` on the wire (first time or again).
    // Optional: it checks that a transmission repeats the packet unchanged
    // (S3, what invariant 1's "data unchanged" rests on) and that no packet is
    // sent again after its sender saw it resolved (S3).
    void OnTransmit(int from, PacketKind kind, Seq seq, Seq re, const Bytes& data);

    // Peer `at` delivered the other peer's packet `seq` to its application.
    // `re` is set when it was delivered as a reply to `at`'s own packet.
    void OnDeliver(int at, Seq seq, bool seqCst, const Bytes& data, std::optional<Seq> re);

    // Peer `at` answered the other peer's packet `seq` with an Ack.
    void OnAnswerAck(int at, Seq seq);

    // Peer `at` learned that its own packet `mine` was resolved by an Ack.
    void OnResolvedByAck(int at, Seq mine);

    // Violations of invariants 1-3 found so far, each one line naming the
    // invariant, the peer and the seq. Empty when all hold.
    std::vector<std::string> CheckSafety() const;

    // Invariant 4 (call once the network has healed and both peers went
    // quiet): every data packet was delivered and resolved, every delivery
    // answered, every Ack seen by both sides.
    std::vector<std::string> CheckLiveness() const;

    // Number of exchanges that ended (an Ack both sides saw).
    uint64_t CompletedExchanges() const;

    // Data packets peer `peer` sent (OnSend), and of those, how many the
    // other peer delivered.
    uint64_t SentCount(int peer) const;
    uint64_t DeliveredCount(int peer) const;

  private:
    enum class Answered : uint8_t
    {
        No,
        ByAck,
        ByReply,
    };

    enum class Resolved : uint8_t
    {
        No,
        ByAck,
        ByReply,
    };

    struct SentPacket
    {
        bool sent = false; // false: a placeholder for a skipped seq
        PacketKind kind = PacketKind::Payload;
        Seq re = 0;
        Bytes data;
        bool delivered = false;
        Answered answered = Answered::No; // by the receiver
        Seq answerSeq = 0;                // the receiver's reply, when ByReply
        Resolved resolved = Resolved::No; // as the sender saw it
        Seq resolvedBy = 0;               // the reply that resolved it, when ByReply
    };

    Seq m_initialSeq;
    // m_sent[p][i]: packet of peer p with seq initialSeq + i (mod 2^32).
    std::vector<SentPacket> m_sent[2];
    // Per receiving peer: how many of the other peer's packets, counted from
    // initialSeq, form a delivered prefix (for the seq_cst order check).
    uint64_t m_deliveredPrefix[2] = {0, 0};
    // Per receiving peer: the delivered seq_cst packet not yet answered (R4).
    std::optional<Seq> m_lock[2];
    uint64_t m_sentCount[2] = {0, 0};
    uint64_t m_deliveredCount[2] = {0, 0};
    uint64_t m_completed = 0;

    std::vector<std::string> m_violations;
    uint64_t m_suppressed = 0; // violations beyond the kept ones

    SentPacket* Find(int peer, Seq seq);
    const SentPacket* Find(int peer, Seq seq) const;
    bool ValidPeer(int peer, const char* event);
    void RecordAnswer(int at, Seq seq, SentPacket& p, Answered how, Seq replySeq);
    void Violation(const std::string& what);
};

} // namespace seqex

#endif
