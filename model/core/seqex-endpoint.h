// The sans-IO SEQEX endpoint: one instance talking to one remote instance.
//
// The caller passes packets and time in and takes packets and deliveries out:
//   Send / Answer::Reply / Answer::Ack   -> the application's side
//   ReceiveData / ReceiveAck             -> packets from the peer (decoded)
//   PollTransmit                         -> packets to put on the wire
//   PollDelivery                         -> payloads, replies, acks for the app
//   Tick / NextTimer                     -> retransmission timers
// No clock, socket, thread or ns-3 type lives here. S is the type of the data
// this side sends, R the type it receives; the encoding is the caller's.
//
// Windows (SPEC §3, §4, §5):
//   send budget   in-flight packets + reserved answers <= W. A reservation is
//                 taken when a packet is delivered, so its reply never fails
//                 (S5); new payloads may only use PayloadBudget(W) of it (S6).
//   receive       accepts [rxNext, rxNext + W) where rxNext is the lowest seq
//                 not yet delivered (R2).
//   peer window   a new payload is accepted only when the peer accepts it:
//                 its seq is below peerNext + W, where peerNext is the oldest
//                 of our packets the peer may not have delivered yet (a lower
//                 bound of the peer's rxNext). Replies are never refused (S5)
//                 and go out at once (the adapter protocol's first tx), so
//                 only a reply can still reach the peer too early
//                 (doc/core.md, "The peer's window").
// Both sides store slots in fixed memory indexed by seq (SeqSlots): a packet
// held for long is parked, so it never pins the rings, and nothing allocates
// after construction. An endpoint must outlive its Answer handles and never
// moves.
#ifndef SEQEX_ENDPOINT_H
#define SEQEX_ENDPOINT_H

#include "seqex-answer.h"
#include "seqex-cold.h"
#include "seqex-config.h"
#include "seqex-counters.h"
#include "seqex-delivery.h"
#include "seqex-fifo.h"
#include "seqex-packet.h"
#include "seqex-resend-timer.h"
#include "seqex-seq-slots.h"

#include <optional>
#include <utility>

namespace seqex
{

enum class SendStatus
{
    Sent,
    WindowFull, // S4: the data is handed back in SendResult::refused
};

template <typename S>
struct SendResult
{
    SendStatus status;
    Seq seq;                   // valid when Sent
    std::optional<S> refused; // the caller's data back when WindowFull

    bool Ok() const
    {
        return status == SendStatus::Sent;
    }
};

enum class ReceiveStatus
{
    Accepted,    // new data packet (delivered now or waiting)
    Duplicate,   // R5: already received; re-acked when that is due
    TooEarly,    // R2: beyond the receive window, dropped
    AckResolved, // an Ack resolved one of our packets
    AckIgnored,  // R7: an Ack naming nothing in flight
};

// An unresolved packet sent this many times again without an answer is
// presumed delivered and held by the peer's application, rather than lost
// that often: peerNext moves past it, so unrelated exchanges keep going
// while one answer is held (doc/core.md, "The peer's window").
constexpr uint8_t kPresumedHeldAfterResends = 3;

template <typename S, typename R>
class Endpoint
{
  public:
    // Precondition: ValidateConfig(config) is empty.
    explicit Endpoint(const Config& config)
        : m_window(config.window),
          m_payloadBudget(PayloadBudget(config.window)),
          m_resend(config),
          m_tx(4 * config.window, 2 * config.window),
          m_nextSeq(config.initialSeq),
          m_txCursor(config.initialSeq),
          m_txLow(config.initialSeq),
          m_peerNext(config.initialSeq),
          m_rx(2 * config.window, config.window),
          m_rxNext(config.initialSeq)
    {
        m_outbox.Reserve(2 * config.window);
        m_deliveries.Reserve(2 * config.window);
    }

    Endpoint(const Endpoint&) = delete;
    Endpoint& operator=(const Endpoint&) = delete;
    Endpoint(Endpoint&&) = delete;
    Endpoint& operator=(Endpoint&&) = delete;

    // ---- application side ----------------------------------------------

    // Starts an exchange with a payload (seq_cst when seqCst).
    SendResult<S> Send(TimeMs now, bool seqCst, S data)
    {
        m_now = now;
        if (!CanStartExchange())
        {
            ++m_counters.windowFull;
            return {SendStatus::WindowFull, 0, std::move(data)};
        }
        Seq seq = NewDataPacket(now, DataKind(false, seqCst), 0, false, std::move(data));
        return {SendStatus::Sent, seq, std::nullopt};
    }

    // True when Send would be accepted now.
    bool CanStartExchange() const
    {
        // The second test: a payload the peer could not accept (R2) is
        // refused rather than queued behind the peer's window.
        return m_inFlight + m_reserved < m_payloadBudget && SeqDistance(m_peerNext, m_nextSeq) < m_window;
    }

    // ---- network side ----------------------------------------------------

    // A data packet (Payload, SeqCstPayload, Reply, SeqCstReply) from the peer.
    ReceiveStatus ReceiveData(TimeMs now, PacketKind kind, Seq seq, Seq re, R data)
    {
        if (!IsDataKind(kind))
        {
            return ReceiveAck(now, re);
        }
        m_now = now;
        if (SeqBefore(seq, m_rxNext))
        {
            return OnDuplicate(seq); // delivered already
        }
        // At or after rxNext, or exactly 2^31 away (neither before nor
        // after it, SPEC §2): outside the window unless within W.
        if (SeqDistance(m_rxNext, seq) >= m_window)
        {
            ++m_counters.tooEarlyDropped;
            return ReceiveStatus::TooEarly;
        }
        if (m_rx.RingAt(seq).seq == seq && m_rx.RingAt(seq).Known())
        {
            return OnDuplicate(seq); // waiting, or delivered out of order
        }
        RxSlot& slot = m_rx.Claim(seq);
        slot.kind = kind;
        slot.re = re;
        slot.data = std::move(data);
        slot.linked = IsReplyKind(kind) && ResolveByReply(re);
        slot.funded = slot.linked; // the resolved packet's budget passes to its reply
        // Nothing that waited before could go, and an arrival frees no budget
        // and releases no lock: only it may go now, then the head after it.
        if (MayDeliver(seq, slot))
        {
            Deliver(seq, slot);
            PumpHead();
        }
        else
        {
            slot.state = RxState::Waiting;
            ++m_waiting;
            if (!IsSeqCstKind(kind))
            {
                ++m_waitingUnordered;
            }
        }
        return ReceiveStatus::Accepted;
    }

    // An Ack from the peer: resolves our packet `re` (S2) or is ignored (R7).
    ReceiveStatus ReceiveAck(TimeMs now, Seq re)
    {
        m_now = now;
        TxSlot* resolved = InFlightSlot(re);
        if (resolved == nullptr)
        {
            ++m_counters.ignoredAcks;
            return ReceiveStatus::AckIgnored;
        }
        TxSlot& slot = *resolved;
        slot.state = TxState::ResolvedByAck;
        --m_inFlight;
        ++m_counters.resolvedByAck;
        m_timerValid = false;
        Sample(slot);
        bool answersDelivered = slot.answersDelivered;
        Seq answered = slot.re;
        PeerDelivered(re, IsSeqCstKind(slot.kind));
        if (answersDelivered)
        {
            FinishReceived(answered);
        }
        m_deliveries.Push({re, DeliveryKind::Acked});
        Pump(); // the freed budget may let a waiting packet go
        return ReceiveStatus::AckResolved;
    }

    // The caller's codec rejected a datagram meant for this instance.
    void CountMalformed()
    {
        ++m_counters.malformedDropped;
    }

    // ---- outputs ---------------------------------------------------------

    // Acks and retransmissions first, in the order they were queued, then
    // new data packets in seq order. The order of datagrams carries no
    // meaning (the network may reorder them anyway); this one answers the
    // peer's packets and repairs losses before it adds to the traffic.
    std::optional<OutgoingPacket<S>> PollTransmit()
    {
        while (!m_outbox.Empty())
        {
            OutboxEntry e = m_outbox.Pop();
            if (e.ack)
            {
                return OutgoingPacket<S>{PacketKind::Ack, 0, e.seq, nullptr, false};
            }
            if (const TxSlot* slot = InFlightSlot(e.seq)) // S3: a packet resolved meanwhile is not sent
            {
                return Transmission(e.seq, *slot, true);
            }
        }
        while (m_txCursor != m_nextSeq)
        {
            Seq s = m_txCursor++;
            TxSlot& slot = m_tx.RingAt(s); // untransmitted: never parked
            if (slot.seq == s && slot.state == TxState::InFlight)
            {
                slot.transmitted = true;
                m_timerValid = false;
                return Transmission(s, slot, false);
            }
        }
        return std::nullopt;
    }

    std::optional<Delivery<S, R>> PollDelivery()
    {
        if (m_deliveries.Empty())
        {
            return std::nullopt;
        }
        // Each alternative is built straight into the returned object: a
        // Delivery holds an Answer, whose moves and destructors are not free.
        using Out = std::optional<Delivery<S, R>>;
        DeliveryRecord rec = m_deliveries.Pop();
        if (rec.kind == DeliveryKind::Acked)
        {
            return Out{std::in_place, std::in_place_index<2>, AckedDelivery<S>{rec.seq, HandBack(rec.seq)}};
        }
        RxSlot& slot = *m_rx.Find(rec.seq); // delivered, unanswered: found
        bool seqCst = IsSeqCstKind(slot.kind);
        bool holdsLock = m_lockHeld && m_lockSeq == rec.seq;
        if (rec.kind == DeliveryKind::Reply)
        {
            return Out{std::in_place,
                       std::in_place_index<1>,
                       ReplyDelivery<S, R>{rec.seq,
                                           seqCst,
                                           slot.re,
                                           std::move(slot.data),
                                           HandBack(slot.re),
                                           Answer<S, R>(this, rec.seq, holdsLock)}};
        }
        return Out{std::in_place,
                   std::in_place_index<0>,
                   PayloadDelivery<S, R>{rec.seq, seqCst, std::move(slot.data), Answer<S, R>(this, rec.seq, holdsLock)}};
    }

    // ---- timers ----------------------------------------------------------

    // Queues a retransmission of every unresolved packet whose interval has
    // passed (S3). Time may go backwards: a packet last sent "in the future"
    // is re-based to now rather than waiting for the clock to catch up.
    void Tick(TimeMs now)
    {
        m_now = now;
        ForEachInFlight([this, now](TxSlot& slot) {
            if (now < slot.lastSent)
            {
                slot.lastSent = now;
            }
            else if (now >= TimeAdd(slot.lastSent, m_resend.Timeout()))
            {
                slot.lastSent = now;
                if (slot.resends < 255)
                {
                    ++slot.resends;
                }
                m_outbox.Push({slot.seq, false});
                ++m_counters.retransmitted;
                m_resend.OnTimeout(now);
            }
        });
        AdvancePeerNext(); // a packet at peerNext may now be presumed held
        m_timerValid = false;
    }

    // When Tick next has work, or nullopt when nothing is in flight.
    std::optional<TimeMs> NextTimer() const
    {
        if (!m_timerValid)
        {
            m_timer.reset();
            const_cast<Endpoint*>(this)->ForEachInFlight([this](const TxSlot& slot) {
                TimeMs due = TimeAdd(slot.lastSent, m_resend.Timeout());
                if (!m_timer || due < *m_timer)
                {
                    m_timer = due;
                }
            });
            m_timerValid = true;
        }
        return m_timer;
    }

    // Run-time change (SPEC §3); applies to every unresolved packet at once
    // (adaptive mode: the RTO until the next sample). False (and no change)
    // outside 1 .. kMaxResendIntervalMs.
    bool SetResendInterval(TimeMs interval)
    {
        if (!ValidateResendInterval(interval).empty())
        {
            return false;
        }
        m_resend.SetInterval(interval);
        m_timerValid = false;
        return true;
    }

    TimeMs GetResendInterval() const
    {
        return m_resend.Interval();
    }

    // The resend timeout's state: mode, RTO, SRTT, RTTVAR, samples.
    const ResendTimer& GetResendTimer() const
    {
        return m_resend;
    }

    // ---- state -------------------------------------------------------------

    const Counters& GetCounters() const
    {
        return m_counters;
    }

    uint32_t GetWindow() const
    {
        return m_window;
    }

    uint32_t InFlight() const
    {
        return m_inFlight;
    }

    // Budget held for answers: delivered-unanswered packets and waiting
    // replies that inherited the budget of the packet they resolved.
    uint32_t Reserved() const
    {
        return m_reserved;
    }

    // Received packets not yet delivered (R3/R4).
    uint32_t Waiting() const
    {
        return m_waiting;
    }

    bool SeqCstLockHeld() const
    {
        return m_lockHeld;
    }

    Seq NextSeq() const
    {
        return m_nextSeq;
    }

    Seq NextExpected() const
    {
        return m_rxNext;
    }

    // Nothing in flight, waiting, unanswered or queued for the caller.
    bool Idle() const
    {
        return m_inFlight == 0 && m_reserved == 0 && m_waiting == 0 && m_outbox.Empty() &&
               m_deliveries.Empty() && m_txHeld == 0;
    }

    // Our oldest packet the peer may not have delivered (see "peer window").
    Seq PeerNextExpected() const
    {
        return m_peerNext;
    }

    // Slots moved out of the rings by long-held packets (send, receive).
    size_t ParkedSlots() const
    {
        return m_tx.Parked() + m_rx.Parked();
    }

  private:
    friend class Answer<S, R>;

    enum class TxState : uint8_t
    {
        Free,
        InFlight,
        ResolvedByAck,   // data waits for its AckedDelivery
        ResolvedByReply, // data waits for the ReplyDelivery of its reply
    };

    enum class RxState : uint8_t // in this order: WasDelivered compares
    {
        Empty,
        Waiting,   // received, not yet delivered
        Delivered, // handed out (or queued), not yet answered
        Replied,   // answered with a reply that is still unresolved
        Finished,  // answered by ack, or by a reply that was resolved
    };

    struct TxSlot
    {
        TxState state = TxState::Free;
        PacketKind kind = PacketKind::Payload;
        bool answersDelivered = false; // a reply to the peer's packet `re`
        bool transmitted = false;      // handed out by PollTransmit at least once
        uint8_t resends = 0;           // retransmissions so far, saturating
        Seq seq = 0;
        Seq re = 0;
        TimeMs lastSent = 0;
        S data{};

        bool Known() const
        {
            return state != TxState::Free;
        }
        bool Live() const
        {
            return state != TxState::Free; // resolved slots wait for their hand-back
        }
    };

    struct RxSlot
    {
        RxState state = RxState::Empty;
        PacketKind kind = PacketKind::Payload;
        bool linked = false; // a reply that resolved our packet `re`
        bool funded = false; // waiting with budget already reserved
        Seq seq = 0;         // valid unless Empty
        Seq re = 0;
        R data{};

        bool Known() const
        {
            return state != RxState::Empty;
        }
        bool Live() const // a finished slot may be reused: older seqs are finished
        {
            return state != RxState::Empty && state != RxState::Finished;
        }
    };

    // An Ack to send, or a retransmission of our packet `seq`.
    struct OutboxEntry
    {
        Seq seq;
        bool ack;
    };

    struct DeliveryRecord
    {
        Seq seq; // ours for Acked, the peer's otherwise
        DeliveryKind kind;
    };

    static OutgoingPacket<S> Transmission(Seq s, const TxSlot& slot, bool retransmission)
    {
        return {slot.kind, s, slot.re, &slot.data, retransmission};
    }

    // The slot of our packet `s` while it is in flight, else null.
    TxSlot* InFlightSlot(Seq s)
    {
        TxSlot* slot = m_tx.Find(s);
        return slot != nullptr && slot->state == TxState::InFlight ? slot : nullptr;
    }

    // Every in-flight, transmitted packet: the recent ones in the ring from
    // the oldest still held there (m_txLow, at most a ring behind), then the
    // parked ones. O(W): the ring holds 4W slots, at most W are parked.
    template <typename F>
    void ForEachInFlight(F&& f)
    {
        if (SeqDistance(m_txLow, m_nextSeq) > m_tx.RingCapacity())
        {
            m_txLow = m_nextSeq - m_tx.RingCapacity();
        }
        while (m_txLow != m_nextSeq && !(m_tx.RingAt(m_txLow).seq == m_txLow && m_tx.RingAt(m_txLow).Live()))
        {
            ++m_txLow;
        }
        for (Seq s = m_txLow; s != m_txCursor; ++s)
        {
            TxSlot& slot = m_tx.RingAt(s);
            if (slot.seq == s && slot.state == TxState::InFlight)
            {
                f(slot);
            }
        }
        m_tx.ForEachParked([&f](TxSlot& slot) {
            if (slot.state == TxState::InFlight)
            {
                f(slot);
            }
        });
    }

    // Karn's rule: only a packet transmitted once measures the round trip;
    // the answer to a copy may still end the backoff (seqex-resend-timer.h).
    void Sample(const TxSlot& slot)
    {
        if (slot.transmitted && slot.resends == 0)
        {
            m_resend.OnSample(slot.lastSent, m_now);
        }
        else if (slot.transmitted)
        {
            m_resend.OnRetransmissionAnswered(slot.lastSent, m_now);
        }
    }

    // The peer has delivered our packet `s` (it answered it); a seq_cst one
    // also proves every earlier packet delivered (R4).
    void PeerDelivered(Seq s, bool seqCst)
    {
        if (seqCst && SeqDistance(m_peerNext, s) < SeqDistance(m_peerNext, m_txCursor))
        {
            m_peerNext = s + 1;
        }
        if (s == m_peerNext || seqCst)
        {
            AdvancePeerNext();
        }
    }

    // Moves peerNext past every packet that is resolved or presumed held.
    // Everything in [peerNext, txCursor) is in the ring: at most W are in
    // flight beyond peerNext, the ring holds 4W.
    void AdvancePeerNext()
    {
        while (m_peerNext != m_txCursor)
        {
            const TxSlot& slot = m_tx.RingAt(m_peerNext);
            if (slot.seq == m_peerNext && slot.state == TxState::InFlight &&
                slot.resends < kPresumedHeldAfterResends)
            {
                return;
            }
            ++m_peerNext;
        }
    }

    // S1: consecutive seqs from initialSeq, wrapping.
    Seq NewDataPacket(TimeMs now, PacketKind kind, Seq re, bool answersDelivered, S data)
    {
        Seq seq = m_nextSeq;
        TxSlot& slot = m_tx.Claim(seq);
        slot.state = TxState::InFlight;
        slot.kind = kind;
        slot.re = re;
        slot.answersDelivered = answersDelivered;
        slot.transmitted = false;
        slot.resends = 0;
        slot.lastSent = now;
        slot.data = std::move(data);
        ++m_nextSeq;
        ++m_inFlight;
        ++m_txHeld;
        ++m_counters.sent; // PollTransmit hands it out from m_txCursor
        m_timerValid = false;
        return seq;
    }

    // R6: a reply naming our in-flight packet resolves it on arrival.
    bool ResolveByReply(Seq re)
    {
        TxSlot* resolved = InFlightSlot(re);
        if (resolved == nullptr)
        {
            return false;
        }
        TxSlot& slot = *resolved;
        slot.state = TxState::ResolvedByReply;
        --m_inFlight;
        ++m_reserved;
        ++m_counters.resolvedByReply;
        m_timerValid = false;
        Sample(slot);
        bool answersDelivered = slot.answersDelivered;
        Seq answered = slot.re;
        PeerDelivered(re, IsSeqCstKind(slot.kind));
        if (answersDelivered)
        {
            FinishReceived(answered);
        }
        return true;
    }

    // Moves the stored send-side data of our resolved packet out (S2).
    S HandBack(Seq s)
    {
        TxSlot* slot = m_tx.Find(s); // resolved, not yet handed back: found
        S data = std::move(slot->data);
        slot->state = TxState::Free;
        m_tx.DropIfParked(slot);
        --m_txHeld;
        return data;
    }

    // R5: silent while the answer is pending or a reply of ours will resolve
    // it; otherwise the sender missed our Ack and needs it again.
    ReceiveStatus OnDuplicate(Seq seq)
    {
        ++m_counters.duplicatesDropped;
        // A packet before rxNext that no slot describes was finished: its
        // slot was reused, and only a live slot is parked.
        const RxSlot* slot = m_rx.Find(seq);
        if (slot == nullptr || slot->state == RxState::Finished)
        {
            QueueAck(seq);
        }
        return ReceiveStatus::Duplicate;
    }

    void QueueAck(Seq re)
    {
        m_outbox.Push({re, true});
        ++m_counters.acksSent;
    }

    // The peer's packet `s` needs no more tracking: its answer is final.
    void FinishReceived(Seq s)
    {
        if (RxSlot* slot = m_rx.Find(s))
        {
            FinishReceived(*slot);
        }
    }

    // The slot stays in the ring as Finished (a duplicate is re-acked) until
    // a later seq reuses it; a parked one is forgotten, which means the same.
    void FinishReceived(RxSlot& slot)
    {
        slot.state = RxState::Finished;
        m_rx.DropIfParked(&slot);
    }

    bool HasRoomToDeliver() const
    {
        return m_inFlight + m_reserved < m_window;
    }

    // R3, R4: may the waiting packet `s` be delivered now?
    bool MayDeliver(Seq s, const RxSlot& slot) const
    {
        if (IsSeqCstKind(slot.kind) && (s != m_rxNext || m_lockHeld))
        {
            return false;
        }
        return slot.funded || HasRoomToDeliver();
    }

    // Delivers the head of the receive order (m_rxNext) for as long as it may
    // go. Only the head can be a deliverable seq_cst packet (R4), and
    // delivering the head is what moves it.
    void PumpHead()
    {
        while (m_waiting > 0)
        {
            RxSlot& head = m_rx.RingAt(m_rxNext);
            if (head.state != RxState::Waiting || !MayDeliver(m_rxNext, head))
            {
                return;
            }
            DeliverWaiting(m_rxNext, head);
        }
    }

    // After budget frees or the seq_cst lock is released: delivers, lowest
    // seq first, every waiting packet that may go now. Inline: most calls
    // find nothing waiting.
    void Pump()
    {
        if (m_waiting > 0)
        {
            PumpWaiting();
        }
    }

    // Beyond the head only unordered packets can go, and they only wait for
    // room (a funded one goes on arrival), so the window is scanned only when
    // both exist.
    void PumpWaiting()
    {
        PumpHead();
        if (m_waitingUnordered == 0 || !HasRoomToDeliver())
        {
            return;
        }
        Seq end = m_rxNext + m_window;
        uint32_t remaining = m_waitingUnordered;
        for (Seq s = m_rxNext; remaining > 0 && s != end; ++s)
        {
            RxSlot& slot = m_rx.RingAt(s);
            if (slot.seq != s || slot.state != RxState::Waiting || IsSeqCstKind(slot.kind))
            {
                continue;
            }
            --remaining;
            if (MayDeliver(s, slot))
            {
                DeliverWaiting(s, slot);
            }
        }
    }

    void DeliverWaiting(Seq s, RxSlot& slot)
    {
        --m_waiting;
        if (!IsSeqCstKind(slot.kind))
        {
            --m_waitingUnordered;
        }
        Deliver(s, slot);
    }

    // Hands `s` to the application (queued for PollDelivery), whether it
    // waited or goes on arrival.
    void Deliver(Seq s, RxSlot& slot)
    {
        if (!slot.funded)
        {
            ++m_reserved; // the budget its answer will need (S5)
        }
        slot.state = RxState::Delivered;
        slot.funded = false;
        ++m_counters.delivered;
        if (IsSeqCstKind(slot.kind))
        {
            m_lockHeld = true;
            m_lockSeq = s;
        }
        m_deliveries.Push({s, slot.linked ? DeliveryKind::Reply : DeliveryKind::Payload});
        // Only delivering the head moves it: past it, and past the packets
        // after it that were delivered out of order.
        if (s == m_rxNext)
        {
            do
            {
                ++m_rxNext;
            } while (WasDelivered(m_rxNext));
        }
    }

    // The slot names its seq: a slot of another seq, or an empty one, means
    // `s` has not arrived.
    bool WasDelivered(Seq s) const
    {
        const RxSlot& slot = m_rx.RingAt(s); // at or after rxNext: in the ring
        return slot.seq == s && slot.state >= RxState::Delivered;
    }

    // Checks that `s` is a delivered, unanswered packet and takes its
    // answer; returns its slot, or null.
    RxSlot* TakeAnswer(Seq s)
    {
        RxSlot* slot = m_rx.Find(s);
        if (slot == nullptr || slot->state != RxState::Delivered)
        {
            return nullptr;
        }
        --m_reserved;
        if (m_lockHeld && m_lockSeq == s)
        {
            m_lockHeld = false; // R4: answering releases the lock
        }
        return slot;
    }

    AnswerStatus AnswerWithAck(Seq s)
    {
        RxSlot* slot = TakeAnswer(s);
        if (slot == nullptr)
        {
            return AnswerStatus::Unknown;
        }
        QueueAck(s);
        FinishReceived(*slot);
        Pump();
        return AnswerStatus::Ok;
    }

    ReplyResult AnswerWithReply(TimeMs now, Seq s, bool seqCst, S data)
    {
        RxSlot* slot = TakeAnswer(s);
        if (slot == nullptr)
        {
            return {AnswerStatus::Unknown, 0};
        }
        slot->state = RxState::Replied;
        m_now = now;
        // The reservation taken at delivery becomes the reply's budget (S5).
        Seq seq = NewDataPacket(now, DataKind(true, seqCst), s, true, std::move(data));
        Pump();
        return {AnswerStatus::Ok, seq};
    }

    const uint32_t m_window;
    const uint32_t m_payloadBudget; // PayloadBudget(m_window)
    ResendTimer m_resend;
    TimeMs m_now = 0; // the time of the latest call that gave one

    // Send side: every packet not yet handed back, by seq.
    SeqSlots<TxSlot> m_tx;
    Seq m_nextSeq;
    Seq m_txCursor; // [m_txCursor, m_nextSeq): new packets not yet transmitted
    Seq m_txLow;    // no live ring slot before it (timers start here)
    Seq m_peerNext; // our oldest packet the peer may not have delivered
    uint32_t m_inFlight = 0;
    uint32_t m_txHeld = 0; // slots not yet handed back

    // Receive side: every packet whose answer is not final, by seq;
    // everything before m_rxNext was delivered.
    SeqSlots<RxSlot> m_rx;
    Seq m_rxNext;
    uint32_t m_waiting = 0;
    uint32_t m_waitingUnordered = 0; // of m_waiting, the non-seq_cst ones

    uint32_t m_reserved = 0;
    bool m_lockHeld = false;
    Seq m_lockSeq = 0;

    Fifo<OutboxEntry> m_outbox;
    Fifo<DeliveryRecord> m_deliveries;
    Counters m_counters;

    mutable std::optional<TimeMs> m_timer;
    mutable bool m_timerValid = false;
};

} // namespace seqex

#endif
