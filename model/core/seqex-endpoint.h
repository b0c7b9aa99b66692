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
//   peer window   every data packet goes out below peerNext + W, where
//                 peerNext is the oldest of our packets the peer may not
//                 have delivered yet (a lower bound of the peer's rxNext): a
//                 packet is delivered only when a reply to it would still
//                 fit (S5, else it waits, R3, until it fits or its sender
//                 sends it again), and a new payload leaves room for the
//                 answers the replies to our packets may need. Replies are
//                 never refused (S5) and go out at once (the adapter
//                 protocol's first tx) (doc/core.md, "The peer's window").
// Both sides store slots in fixed memory indexed by seq (SeqSlots): a packet
// held for long is parked, so it never pins the rings, and nothing allocates
// after construction. An endpoint must outlive its Answer handles and never
// moves.
//
// Endpoint is the facade over its parts (internal headers), each with one
// job; the facade routes every event between them:
//   SendWindow       our packets by seq, the transmit cursor, peerNext
//   ReceiveWindow    the peer's packets by seq, rxNext, R2, R5, waiting
//   DeliveryPump     R3/R4: when a packet may go, the seq_cst lock, deliveries
//   AnswerRoom       the budget reserved for answers (S5) and for payloads (S6)
//   RetransmitTimers S3: resend timeouts, Karn samples, the next timer
#ifndef SEQEX_ENDPOINT_H
#define SEQEX_ENDPOINT_H

#include "seqex-answer-room.h"
#include "seqex-answer.h"
#include "seqex-config.h"
#include "seqex-counters.h"
#include "seqex-delivery-pump.h"
#include "seqex-delivery.h"
#include "seqex-fifo.h"
#include "seqex-packet.h"
#include "seqex-receive-window.h"
#include "seqex-resend-timer.h"
#include "seqex-retransmit-timers.h"
#include "seqex-send-window.h"

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

template <typename S, typename R>
class Endpoint
{
  public:
    // Precondition: ValidateConfig(config) is empty.
    explicit Endpoint(const Config& config)
        : m_tx(config),
          m_rx(config),
          m_pump(config.window),
          m_room(config.window),
          m_timers(config)
    {
        m_outbox.Reserve(2 * config.window);
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
        return m_room.MayStartExchange(Load());
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
        switch (m_rx.Classify(seq))
        {
        case RxArrival::Duplicate:
            return OnDuplicate(seq);
        case RxArrival::TooEarly:
            ++m_counters.tooEarlyDropped;
            if (IsReplyKind(kind))
            {
                ++m_counters.tooEarlyReplies;
            }
            return ReceiveStatus::TooEarly;
        case RxArrival::New:
            break;
        }
        RxSlot& slot = m_rx.Claim(seq);
        slot.kind = kind;
        slot.re = re;
        slot.data = std::move(data);
        slot.overdue = false;
        Seq peerNextBefore = m_tx.PeerNext();
        slot.linked = IsReplyKind(kind) && ResolveByReply(re);
        slot.funded = slot.linked; // the resolved packet's budget passes to its reply
        m_pump.OnArrival(m_rx, seq, slot, m_room, Load(), m_counters);
        if (slot.linked && m_tx.PeerNext() != peerNextBefore)
        {
            Pump(); // resolving our oldest packet freed room in the peer's window
        }
        return ReceiveStatus::Accepted;
    }

    // An Ack from the peer: resolves our packet `re` (S2) or is ignored (R7).
    ReceiveStatus ReceiveAck(TimeMs now, Seq re)
    {
        m_now = now;
        TxSlot* resolved = m_tx.InFlightSlot(re);
        if (resolved == nullptr)
        {
            ++m_counters.ignoredAcks;
            return ReceiveStatus::AckIgnored;
        }
        ++m_counters.resolvedByAck;
        Resolve(*resolved, TxState::ResolvedByAck);
        m_pump.QueueAcked(re);
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
            if (const TxSlot* slot = m_tx.InFlightSlot(e.seq)) // S3: a packet resolved meanwhile is not sent
            {
                return Transmission(*slot, true);
            }
        }
        if (const TxSlot* slot = m_tx.NextUntransmitted())
        {
            m_timers.Invalidate();
            return Transmission(*slot, false);
        }
        return std::nullopt;
    }

    std::optional<Delivery<S, R>> PollDelivery()
    {
        if (m_pump.Empty())
        {
            return std::nullopt;
        }
        // Each alternative is built straight into the returned object: a
        // Delivery holds an Answer, whose moves and destructors are not free.
        using Out = std::optional<Delivery<S, R>>;
        DeliveryRecord rec = m_pump.Pop();
        if (rec.kind == DeliveryKind::Acked)
        {
            return Out{std::in_place, std::in_place_index<2>, AckedDelivery<S>{rec.seq, m_tx.HandBack(rec.seq)}};
        }
        RxSlot& slot = m_rx.At(rec.seq); // delivered, unanswered: found
        bool seqCst = IsSeqCstKind(slot.kind);
        bool holdsLock = m_pump.HoldsLock(rec.seq);
        if (rec.kind == DeliveryKind::Reply)
        {
            return Out{std::in_place,
                       std::in_place_index<1>,
                       ReplyDelivery<S, R>{rec.seq,
                                           seqCst,
                                           slot.re,
                                           std::move(slot.data),
                                           m_tx.HandBack(slot.re),
                                           Answer<S, R>(this, rec.seq, holdsLock)}};
        }
        return Out{std::in_place,
                   std::in_place_index<0>,
                   PayloadDelivery<S, R>{rec.seq, seqCst, std::move(slot.data), Answer<S, R>(this, rec.seq, holdsLock)}};
    }

    // ---- timers ----------------------------------------------------------

    // Queues a retransmission of every unresolved packet whose interval has
    // passed (S3), then delivers what room in the peer's window a packet now
    // presumed held frees (PollDelivery afterwards).
    void Tick(TimeMs now)
    {
        m_now = now;
        m_timers.Tick(m_tx, now, [this](const TxSlot& slot) {
            m_outbox.Push({slot.seq, false});
            ++m_counters.retransmitted;
        });
        Seq peerNextBefore = m_tx.PeerNext();
        m_tx.AdvancePeerNext(); // a packet at peerNext may now be presumed held
        if (m_tx.PeerNext() != peerNextBefore)
        {
            Pump();
        }
    }

    // When Tick next has work, or nullopt when nothing is in flight.
    std::optional<TimeMs> NextTimer() const
    {
        return m_timers.NextTimer(const_cast<SendWindow<S>&>(m_tx));
    }

    // Run-time change (SPEC §3); applies to every unresolved packet at once
    // (adaptive mode: the RTO until the next sample). False (and no change)
    // outside 1 .. kMaxResendIntervalMs.
    bool SetResendInterval(TimeMs interval)
    {
        return m_timers.SetInterval(interval);
    }

    TimeMs GetResendInterval() const
    {
        return m_timers.Resend().Interval();
    }

    // The resend timeout's state: mode, RTO, SRTT, RTTVAR, samples.
    const ResendTimer& GetResendTimer() const
    {
        return m_timers.Resend();
    }

    // ---- state -------------------------------------------------------------

    const Counters& GetCounters() const
    {
        return m_counters;
    }

    uint32_t GetWindow() const
    {
        return m_room.Window();
    }

    uint32_t InFlight() const
    {
        return m_tx.InFlight();
    }

    // Budget held for answers: delivered-unanswered packets and waiting
    // replies that inherited the budget of the packet they resolved.
    uint32_t Reserved() const
    {
        return m_room.Reserved();
    }

    // Received packets not yet delivered (R3/R4).
    uint32_t Waiting() const
    {
        return m_rx.Waiting();
    }

    bool SeqCstLockHeld() const
    {
        return m_pump.LockHeld();
    }

    Seq NextSeq() const
    {
        return m_tx.NextSeq();
    }

    Seq NextExpected() const
    {
        return m_rx.Next();
    }

    // Nothing in flight, waiting, unanswered or queued for the caller.
    bool Idle() const
    {
        return m_tx.InFlight() == 0 && m_room.Reserved() == 0 && m_rx.Waiting() == 0 && m_outbox.Empty() &&
               m_pump.Empty() && m_tx.Held() == 0;
    }

    // Our oldest packet the peer may not have delivered (see "peer window").
    Seq PeerNextExpected() const
    {
        return m_tx.PeerNext();
    }

    // Slots moved out of the rings by long-held packets (send, receive).
    size_t ParkedSlots() const
    {
        return m_tx.Parked() + m_rx.Parked();
    }

  private:
    friend class Answer<S, R>;

    using TxSlot = typename SendWindow<S>::Slot;
    using TxState = typename SendWindow<S>::State;
    using RxSlot = typename ReceiveWindow<R>::Slot;
    using RxState = typename ReceiveWindow<R>::State;
    using RxArrival = typename ReceiveWindow<R>::Arrival;

    // An Ack to send, or a retransmission of our packet `seq`.
    struct OutboxEntry
    {
        Seq seq;
        bool ack;
    };

    static OutgoingPacket<S> Transmission(const TxSlot& slot, bool retransmission)
    {
        return {slot.kind, slot.seq, slot.re, &slot.data, retransmission};
    }

    Seq NewDataPacket(TimeMs now, PacketKind kind, Seq re, bool answersDelivered, S data)
    {
        Seq seq = m_tx.Add(now, kind, re, answersDelivered, std::move(data));
        ++m_counters.sent; // PollTransmit hands it out from the transmit cursor
        m_timers.Invalidate();
        return seq;
    }

    // Our in-flight packet is answered (by an Ack or by a reply): it leaves
    // the timers, and a reply of ours it carried makes that answer final.
    void Resolve(TxSlot& slot, TxState how)
    {
        m_timers.Sample(slot, m_now); // and invalidates the next timer
        bool answersDelivered = slot.answersDelivered;
        Seq answered = slot.re;
        m_tx.Resolve(slot, how);
        if (answersDelivered)
        {
            m_rx.Finish(answered);
        }
    }

    // R6: a reply naming our in-flight packet resolves it on arrival.
    bool ResolveByReply(Seq re)
    {
        TxSlot* resolved = m_tx.InFlightSlot(re);
        if (resolved == nullptr)
        {
            return false;
        }
        m_room.Reserve();
        ++m_counters.resolvedByReply;
        Resolve(*resolved, TxState::ResolvedByReply);
        return true;
    }

    // R5: silent while the answer is pending or a reply of ours will resolve
    // it; otherwise the sender missed our Ack and needs it again. A copy of
    // a waiting packet makes it overdue (DeliveryPump::OnDuplicateOfWaiting).
    ReceiveStatus OnDuplicate(Seq seq)
    {
        ++m_counters.duplicatesDropped;
        if (RxSlot* waiting = m_rx.FindWaiting(seq))
        {
            m_pump.OnDuplicateOfWaiting(m_rx, *waiting, m_room, Load(), m_counters);
        }
        else if (m_rx.DuplicateNeedsAck(seq))
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

    SendLoad Load() const
    {
        return {m_tx.InFlight(), m_tx.PeerRoom()};
    }

    // Most calls find nothing waiting: the load is not even computed then.
    void Pump()
    {
        if (m_rx.Waiting() > 0)
        {
            m_pump.Pump(m_rx, m_room, Load(), m_counters);
        }
    }

    // Checks that `s` is a delivered, unanswered packet and takes its
    // answer; returns its slot, or null.
    RxSlot* TakeAnswer(Seq s)
    {
        RxSlot* slot = m_rx.FindDelivered(s);
        if (slot == nullptr)
        {
            return nullptr;
        }
        m_room.Release();
        m_pump.ReleaseLock(s); // R4: answering releases the lock
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
        m_rx.Finish(*slot);
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

    TimeMs m_now = 0; // the time of the latest call that gave one
    SendWindow<S> m_tx;
    ReceiveWindow<R> m_rx;
    DeliveryPump<R> m_pump;
    AnswerRoom m_room;
    RetransmitTimers m_timers;
    Fifo<OutboxEntry> m_outbox; // Acks and retransmissions, before new packets
    Counters m_counters;
};

} // namespace seqex

#endif
