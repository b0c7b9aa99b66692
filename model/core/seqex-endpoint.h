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
// Both sides store slots in rings indexed by seq, so steady state allocates
// nothing. An endpoint must outlive its Answer handles and never moves.
#ifndef SEQEX_ENDPOINT_H
#define SEQEX_ENDPOINT_H

#include "seqex-answer.h"
#include "seqex-cold.h"
#include "seqex-config.h"
#include "seqex-counters.h"
#include "seqex-delivery.h"
#include "seqex-fifo.h"
#include "seqex-packet.h"
#include "seqex-seq-ring.h"

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

// Sends of new payloads are refused once the span from the oldest unresolved
// packet to the next seq reaches this many windows: it bounds memory when
// the peer holds one answer for a long time.
constexpr uint32_t kSendSpanWindows = 16;

template <typename S, typename R>
class Endpoint
{
  public:
    // Precondition: ValidateConfig(config) is empty.
    explicit Endpoint(const Config& config)
        : m_window(config.window),
          m_payloadBudget(PayloadBudget(config.window)),
          m_sendSpanLimit(kSendSpanWindows * config.window),
          m_resendInterval(config.resendIntervalMs),
          m_tx(2 * config.window),
          m_txBase(config.initialSeq),
          m_nextSeq(config.initialSeq),
          m_txCursor(config.initialSeq),
          m_rx(2 * config.window),
          m_rxTrackBase(config.initialSeq),
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
        return m_inFlight + m_reserved < m_payloadBudget && m_nextSeq - m_txBase < m_sendSpanLimit;
    }

    // ---- network side ----------------------------------------------------

    // A data packet (Payload, SeqCstPayload, Reply, SeqCstReply) from the peer.
    ReceiveStatus ReceiveData(PacketKind kind, Seq seq, Seq re, R data)
    {
        if (!IsDataKind(kind))
        {
            return ReceiveAck(re);
        }
        uint32_t ahead = seq - m_rxNext;
        if (ahead >= 0x80000000u)
        {
            return OnDuplicate(seq); // before rxNext: delivered already
        }
        if (ahead >= m_window)
        {
            ++m_counters.tooEarlyDropped;
            return ReceiveStatus::TooEarly;
        }
        m_rx.Cover(m_rxTrackBase, seq - m_rxTrackBase);
        RxSlot& slot = m_rx.At(seq);
        if (slot.state != RxState::Empty)
        {
            return OnDuplicate(seq);
        }
        slot.seq = seq;
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
    ReceiveStatus ReceiveAck(Seq re)
    {
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
        if (slot.answersDelivered)
        {
            FinishReceived(slot.re);
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
            if (const TxSlot* slot = InFlightSlot(s))
            {
                return Transmission(s, *slot, false);
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
        RxSlot& slot = m_rx.At(rec.seq);
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
        for (Seq s = m_txBase; s != m_nextSeq; ++s)
        {
            TxSlot& slot = m_tx.At(s);
            if (slot.state != TxState::InFlight)
            {
                continue;
            }
            if (now < slot.lastSent)
            {
                slot.lastSent = now;
            }
            else if (now >= TimeAdd(slot.lastSent, m_resendInterval))
            {
                slot.lastSent = now;
                m_outbox.Push({s, false});
                ++m_counters.retransmitted;
            }
        }
        m_timerValid = false;
    }

    // When Tick next has work, or nullopt when nothing is in flight.
    std::optional<TimeMs> NextTimer() const
    {
        if (!m_timerValid)
        {
            m_timer.reset();
            for (Seq s = m_txBase; s != m_nextSeq; ++s)
            {
                const TxSlot& slot = m_tx.At(s);
                TimeMs due = TimeAdd(slot.lastSent, m_resendInterval);
                if (slot.state == TxState::InFlight && (!m_timer || due < *m_timer))
                {
                    m_timer = due;
                }
            }
            m_timerValid = true;
        }
        return m_timer;
    }

    // Run-time change (SPEC §3); applies to every unresolved packet at once.
    // False (and no change) outside 1 .. kMaxResendIntervalMs.
    bool SetResendInterval(TimeMs interval)
    {
        if (!ValidateResendInterval(interval).empty())
        {
            return false;
        }
        m_resendInterval = interval;
        m_timerValid = false;
        return true;
    }

    TimeMs GetResendInterval() const
    {
        return m_resendInterval;
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
               m_deliveries.Empty() && m_txBase == m_nextSeq;
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
        Seq seq = 0;
        Seq re = 0;
        TimeMs lastSent = 0;
        S data{};
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

    // The slot of our packet `s` while it is in flight, else null. A slot
    // names its seq, so a seq outside [m_txBase, m_nextSeq) that shares a
    // slot with one inside it is told apart in one comparison.
    TxSlot* InFlightSlot(Seq s)
    {
        TxSlot& slot = m_tx.At(s);
        return slot.seq == s && slot.state == TxState::InFlight ? &slot : nullptr;
    }

    // S1: consecutive seqs from initialSeq, wrapping.
    Seq NewDataPacket(TimeMs now, PacketKind kind, Seq re, bool answersDelivered, S data)
    {
        Seq seq = m_nextSeq;
        m_tx.Cover(m_txBase, seq - m_txBase);
        TxSlot& slot = m_tx.At(seq);
        slot.state = TxState::InFlight;
        slot.seq = seq;
        slot.kind = kind;
        slot.re = re;
        slot.answersDelivered = answersDelivered;
        slot.lastSent = now;
        slot.data = std::move(data);
        ++m_nextSeq;
        ++m_inFlight;
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
        if (slot.answersDelivered)
        {
            FinishReceived(slot.re);
        }
        return true;
    }

    // Moves the stored send-side data of our resolved packet out (S2).
    S HandBack(Seq s)
    {
        TxSlot& slot = m_tx.At(s);
        S data = std::move(slot.data);
        slot.state = TxState::Free;
        // Only freeing the base moves it (the base is never left free).
        if (s == m_txBase)
        {
            do
            {
                ++m_txBase;
            } while (m_txBase != m_nextSeq && m_tx.At(m_txBase).state == TxState::Free);
        }
        return data;
    }

    // R5: silent while the answer is pending or a reply of ours will resolve
    // it; otherwise the sender missed our Ack and needs it again.
    ReceiveStatus OnDuplicate(Seq seq)
    {
        ++m_counters.duplicatesDropped;
        bool finished = !Tracked(seq) || m_rx.At(seq).state == RxState::Finished;
        if (finished)
        {
            QueueAck(seq);
        }
        return ReceiveStatus::Duplicate;
    }

    // Is `s` in [m_rxTrackBase, m_rxNext + W), where the ring holds its state?
    // Before that range every packet is finished; after it, nothing arrived.
    bool Tracked(Seq s) const
    {
        uint32_t d = s - m_rxTrackBase;
        return d < m_rx.Capacity() && d < (m_rxNext + m_window) - m_rxTrackBase;
    }

    void QueueAck(Seq re)
    {
        m_outbox.Push({re, true});
        ++m_counters.acksSent;
    }

    // The peer's packet `s` needs no more tracking: its answer is final.
    void FinishReceived(Seq s)
    {
        FinishReceived(s, m_rx.At(s));
    }

    void FinishReceived(Seq s, RxSlot& slot)
    {
        slot.state = RxState::Finished;
        // Only finishing the base moves it (below m_rxNext the base is never
        // left finished). A slot left behind is only marked empty: arrival
        // writes every field, and its data was moved out on delivery.
        if (s == m_rxTrackBase)
        {
            do
            {
                m_rx.At(m_rxTrackBase).state = RxState::Empty;
                ++m_rxTrackBase;
            } while (m_rxTrackBase != m_rxNext && m_rx.At(m_rxTrackBase).state == RxState::Finished);
        }
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
            RxSlot& head = m_rx.At(m_rxNext);
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
            RxSlot& slot = m_rx.At(s);
            if (slot.state != RxState::Waiting || IsSeqCstKind(slot.kind))
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
        const RxSlot& slot = m_rx.At(s);
        return slot.seq == s && slot.state >= RxState::Delivered;
    }

    // Checks that `s` is a delivered, unanswered packet and takes its
    // answer; returns its slot, or null.
    RxSlot* TakeAnswer(Seq s)
    {
        RxSlot& slot = m_rx.At(s);
        if (slot.seq != s || slot.state != RxState::Delivered)
        {
            return nullptr;
        }
        --m_reserved;
        if (m_lockHeld && m_lockSeq == s)
        {
            m_lockHeld = false; // R4: answering releases the lock
        }
        return &slot;
    }

    AnswerStatus AnswerWithAck(Seq s)
    {
        RxSlot* slot = TakeAnswer(s);
        if (slot == nullptr)
        {
            return AnswerStatus::Unknown;
        }
        QueueAck(s);
        FinishReceived(s, *slot);
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
        // The reservation taken at delivery becomes the reply's budget (S5).
        Seq seq = NewDataPacket(now, DataKind(true, seqCst), s, true, std::move(data));
        Pump();
        return {AnswerStatus::Ok, seq};
    }

    const uint32_t m_window;
    const uint32_t m_payloadBudget; // PayloadBudget(m_window)
    const uint32_t m_sendSpanLimit; // kSendSpanWindows * m_window
    TimeMs m_resendInterval;

    // Send side: [m_txBase, m_nextSeq) holds every packet not yet handed back.
    SeqRing<TxSlot> m_tx;
    Seq m_txBase;
    Seq m_nextSeq;
    Seq m_txCursor; // [m_txCursor, m_nextSeq): new packets not yet transmitted
    uint32_t m_inFlight = 0;

    // Receive side: [m_rxTrackBase, m_rxNext + W) holds every packet whose
    // answer is not final; everything before m_rxNext was delivered.
    SeqRing<RxSlot> m_rx;
    Seq m_rxTrackBase;
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
