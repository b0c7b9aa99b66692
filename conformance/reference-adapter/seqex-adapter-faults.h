// Deliberately faulty variants of the reference adapter, so the conformance
// suite can prove it catches real mistakes (its self-check). Every fault is a
// transformation of the core's inputs and outputs in the adapter layer: the
// core in model/core/ stays correct and knows nothing of them.
//
// The adapter calls the hooks of FaultLayer at fixed points; with
// Fault::None every hook is the identity.
#ifndef SEQEX_ADAPTER_FAULTS_H
#define SEQEX_ADAPTER_FAULTS_H

#include "seqex-adapter-grammar.h"
#include "seqex-config.h"
#include "seqex-endpoint.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace seqex
{
namespace conformance
{

enum class Fault
{
    None,
    DuplicateDelivery,     // R1: a duplicate of a delivered packet is delivered again
    NoReackOfDuplicates,   // R5: duplicates of finished packets are not acked again
    AckPendingDuplicates,  // R5: duplicates of unanswered packets are acked at once
    UnorderedSeqCst,       // R4: seq_cst packets are delivered like plain ones
    LockIgnored,           // R4: in order, but the seq_cst lock is not honoured
    NoRetransmission,      // S3: unresolved packets are never sent again
    EarlyRetransmission,   // S3: packets are sent again after half the interval
    ChangedRetransmission, // S3: a retransmission carries different data
    RetransmitResolved,    // S3: a resolved packet is sent once more
    NaiveWraparound,       // §2: seqs compared as plain integers across 2^32
    ReplyWrongRe,          // R6: replies name the packet after the one answered
    ReplyAsPayload,        // R6: replies to our packets are delivered without re
    AckNeverSent,          // R5/R8: no Ack ever leaves the instance
    PhantomAcked,          // R7: an Ack naming nothing is reported as acked
    WindowIgnored,         // S4/R2: the instance uses four times the window
    DropWhenFull,          // S4: a send to a full window says ok and drops the data
    ReplyRefusedWhenFull,  // S5: a reply is refused while own payloads fill the window
    LazyDelivery,          // adapter: packets freed by ack/reply wait for the next recv
    TickNone,              // adapter: tick always answers "ok none"
    OutOfOrderRedelivery,  // R1: a duplicate of a packet delivered ahead of a gap is delivered again
    UnknownAnswerAccepted, // R8: ack/reply naming no delivery answer ok
    ReplyToResolvedLinked, // R6: a reply naming our already resolved packet is delivered with re
    InitialSeqIgnored,     // S1: the first seq is 0 whatever init says
    ResendIntervalIgnored, // S3: the default 250 ms is used whatever init says
    FarAheadAcked,         // R2: a packet a window or more ahead is taken for an old duplicate and acked
    SeqCstBeforeFiller,    // R4: a seq_cst packet released by a filled gap is delivered before the filler
    LockBlocksPlain,       // R3: plain packets wait while the seq_cst lock is held
    DoubleAnswerAccepted,  // R8: a delivery already answered can be answered again
    StaleTimer,            // adapter: tick keeps answering a timer once everything is resolved
    RetransmissionGivesUp, // S3: a packet is retransmitted at most 4 times, then abandoned
    WaitingDuplicateQueued, // R1: a duplicate of a waiting packet is queued too, delivered twice
    ReackUnderPendingReply, // R5: a duplicate of a packet answered by an unresolved reply is acked
    HighBitStripped,        // §7.1: delivered data loses the top bit of every byte
    AnswerBeforeDelivery,   // R8: a packet received but not yet delivered can be answered
    SharedTimer,            // S3: one timer for all: when one packet is due, every unresolved one is sent
    ReplyKeepsLock,         // R4: only an ack releases the seq_cst lock, a reply does not
    NaiveSeqCstOrder,       // R4/§2: seq_cst order compares seqs as plain integers across 2^32
    NaiveInFlightRange,     // R7/R6/§2: "sent yet?" compares with the next seq as plain integers
    SmallWindowUnserved,    // §3: a window of 2 or less is accepted at init, yet every send is refused
    RepliesDropped,         // R3/R6: every reply from the peer is dropped, as if there were never room
};

struct FaultInfo
{
    Fault fault;
    const char* name;
    const char* description;
    const char* aimedAt; // the case id written to catch it
};

// Every fault but None, in a fixed order.
const std::vector<FaultInfo>& AllFaults();

std::optional<Fault> FaultFromName(std::string_view name);
const char* FaultName(Fault fault); // "none" for Fault::None

using ByteEndpoint = Endpoint<Bytes, Bytes>;

class FaultLayer
{
  public:
    explicit FaultLayer(Fault fault);

    // The instance the hooks may look at (set once, right after init).
    void Attach(const ByteEndpoint& ep)
    {
        m_ep = &ep;
    }

    Fault Which() const
    {
        return m_fault;
    }

    // At init: the configuration the core is really built with.
    void AdjustConfig(Config& config) const;

    // Before the core sees a data packet from the peer. May rewrite it; returns
    // false when the fault swallows it, answering with `lines` instead.
    bool BeforeReceiveData(AdapterPacket& packet, const ByteEndpoint& ep, std::vector<std::string>& lines);

    // After the core took a data packet (before the answer is drained).
    void AfterReceiveData(const AdapterPacket& packet, ReceiveStatus status, std::vector<std::string>& lines);

    // True when the fault takes our packet `re` for one not sent yet, so an
    // Ack or a reply naming it resolves nothing (the caller skips the core).
    bool NaiveUnsent(Seq re, const ByteEndpoint& ep) const
    {
        return m_fault == Fault::NaiveInFlightRange && re >= ep.NextSeq();
    }

    // After the core took an Ack.
    void AfterReceiveAck(Seq re, ReceiveStatus status, std::vector<std::string>& lines);

    // A packet the core hands out for transmission during command `verb`:
    // nullopt drops it.
    std::optional<AdapterPacket> OnTransmit(Verb verb, AdapterPacket packet, bool retransmission, TimeMs now);

    // A delivery line about to be printed during command `verb`. Returns
    // false when the fault holds it back (it comes out later via Flush).
    bool OnDeliver(Verb verb, Event& event);

    // Called at the end of every drain: held-back lines that are due now.
    void Flush(Verb verb, std::vector<std::string>& lines);

    // A send the core refused: true when the fault claims success instead,
    // with `lines` holding the answer.
    bool OnWindowFull(const ByteEndpoint& ep, std::vector<std::string>& lines) const;

    // Before a send reaches the core: true when the fault refuses it (`lines`).
    bool RefuseSend(const ByteEndpoint& ep, std::vector<std::string>& lines) const;

    // Before a reply is made: true when the fault refuses it (`lines`).
    bool RefuseReply(const ByteEndpoint& ep, std::vector<std::string>& lines) const;

    // An ack/reply command naming no delivery (never delivered, or already
    // answered): true when the fault accepts it anyway (`lines` holding the
    // answer) instead of "err unknown".
    bool OnUnknownAnswer(const Command& c, const ByteEndpoint& ep, std::vector<std::string>& lines) const;

    // At tick, after the core's retransmissions: extra transmissions.
    void OnTick(TimeMs now, TimeMs resendMs, std::vector<std::string>& lines);

    // The timer tick answers, given the core's next timer (nullopt: "none").
    std::optional<TimeMs> ShownTimer(std::optional<TimeMs> next, TimeMs now);

  private:
    struct Sent
    {
        AdapterPacket packet;
        TimeMs lastSent = 0;
        bool resolved = false;
    };

    void NoteResolved(Seq mine);

    Fault m_fault;
    std::map<Seq, std::string> m_deliveredLines; // DuplicateDelivery
    std::set<Seq> m_printAsSeqCst;               // UnorderedSeqCst, LockIgnored
    bool m_inDuplicate = false;                  // NoReack, AckPending: this recv was a duplicate
    std::optional<Seq> m_duplicateSeq;
    bool m_duplicateAcked = false;
    std::vector<std::string> m_heldDeliveries; // LazyDelivery
    std::map<Seq, Sent> m_sent;                // RetransmitResolved
    bool m_aheadOfGap = false;                 // OutOfOrderRedelivery: this recv's seq
    std::map<Seq, Seq> m_replyRe;              // ReplyToResolvedLinked: reply seq -> re
    std::set<Seq> m_resolvedMine;              // ReplyToResolvedLinked
    const ByteEndpoint* m_ep = nullptr;
    std::vector<std::string> m_heldPlain; // SeqCstBeforeFiller, LockBlocksPlain
    std::set<Seq> m_everDelivered; // DoubleAnswerAccepted, WaitingDuplicateQueued, AnswerBeforeDelivery
    std::set<Seq> m_duplicateWaiting;     // WaitingDuplicateQueued
    std::set<Seq> m_received;             // AnswerBeforeDelivery
    std::vector<std::string> m_repeated;  // WaitingDuplicateQueued
    std::map<Seq, Seq> m_pendingReplies;  // ReackUnderPendingReply: our reply seq -> the seq it answers
    bool m_hadTimer = false;              // StaleTimer
    std::map<Seq, int> m_retransmissions; // RetransmissionGivesUp
    std::set<Seq> m_dueThisTick;          // SharedTimer: what the core retransmitted in this tick
    std::vector<std::string> m_heldSeqCst; // ReplyKeepsLock: seq_cst deliveries until the next ack
};

} // namespace conformance
} // namespace seqex

#endif
