// Checks the invariants of SPEC §7 over a record of what two peers of one
// SEQEX instance pair did. Everything that runs SEQEX (the randomized core
// test, the ns-3 scenarios, the conformance suite's network cases) records
// into this one checker, so each invariant is written once.
//
// Peers are 0 and 1. Seqs are the sender's; data is compared byte for byte.
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

  private:
    std::vector<std::string> m_violations;
    Seq m_initialSeq;

    struct SentPacket
    {
        PacketKind kind;
        Seq re;
        Bytes data;
        bool delivered = false;
        bool deliveredAsReply = false;
        Seq deliveredRe = 0;
        bool answeredByAck = false;  // the receiver answered it with an Ack
        bool answeredByReply = false; // the receiver answered it with a reply
        bool resolvedByAck = false;   // the sender saw that Ack
    };

    // m_sent[p][i]: packet of peer p with seq initialSeq + i.
    std::vector<SentPacket> m_sent[2];
    // Per receiving peer: how many of the other peer's packets, counted from
    // initialSeq, form a delivered prefix (for the seq_cst order check).
    uint64_t m_deliveredPrefix[2] = {0, 0};
    uint64_t m_completed = 0;

    SentPacket* Find(int peer, Seq seq);
    const SentPacket* Find(int peer, Seq seq) const;
    void Violation(const std::string& what);
};

} // namespace seqex

#endif
