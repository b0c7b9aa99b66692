// The delivery pump of an Endpoint (internal, SPEC R3/R4): decides when a
// received packet may be handed to the application, holds the seq_cst lock
// and the queue of deliveries PollDelivery hands out. A delivery reserves
// its answer's budget (S5) in the AnswerRoom unless the packet arrived
// funded (a reply inheriting the budget of the packet it resolved), and
// waits until that answer fits the peer's window, or the packet is overdue
// (AnswerRoom::MayDeliver).
#ifndef SEQEX_DELIVERY_PUMP_H
#define SEQEX_DELIVERY_PUMP_H

#include "seqex-answer-room.h"
#include "seqex-counters.h"
#include "seqex-delivery.h"
#include "seqex-fifo.h"
#include "seqex-receive-window.h"

namespace seqex
{

struct DeliveryRecord
{
    Seq seq; // ours for Acked, the peer's otherwise
    DeliveryKind kind;
};

template <typename R>
class DeliveryPump
{
  public:
    using Rx = ReceiveWindow<R>;
    using Slot = typename Rx::Slot;

    explicit DeliveryPump(uint32_t window)
    {
        m_queue.Reserve(2 * window);
    }

    DeliveryPump(const DeliveryPump&) = delete;
    DeliveryPump& operator=(const DeliveryPump&) = delete;

    // A new packet `seq` was stored in `slot`. Nothing that waited before
    // could go, and an arrival frees no budget and releases no lock: only it
    // may go now, then the head after it.
    void OnArrival(Rx& rx, Seq seq, Slot& slot, AnswerRoom& room, SendLoad load, Counters& counters)
    {
        if (MayDeliver(rx, seq, slot, room, load))
        {
            Deliver(rx, seq, slot, room, counters);
            PumpHead(rx, room, load, counters);
        }
        else
        {
            rx.MarkWaiting(slot);
        }
    }

    // After budget frees or the seq_cst lock is released: delivers, lowest
    // seq first, every waiting packet that may go now. Inline: most calls
    // find nothing waiting.
    void Pump(Rx& rx, AnswerRoom& room, SendLoad load, Counters& counters)
    {
        if (rx.Waiting() > 0)
        {
            PumpWaiting(rx, room, load, counters);
        }
    }

    // A copy of the waiting packet `slot` arrived (R5): its sender has
    // waited a resend interval for an answer. It stops waiting for room in
    // the peer's window, so a wait for room never lasts longer than that
    // (SPEC 7 liveness; doc/core.md, "The peer's window").
    void OnDuplicateOfWaiting(Rx& rx, Slot& slot, AnswerRoom& room, SendLoad load, Counters& counters)
    {
        ++counters.duplicatesWaiting;
        if (!slot.overdue)
        {
            rx.MarkOverdue(slot);
            PumpWaiting(rx, room, load, counters);
        }
    }

    // Our packet `seq` ended its exchange with an Ack.
    void QueueAcked(Seq seq)
    {
        m_queue.Push({seq, DeliveryKind::Acked});
    }

    bool Empty() const
    {
        return m_queue.Empty();
    }

    // Precondition: !Empty().
    DeliveryRecord Pop()
    {
        return m_queue.Pop();
    }

    bool LockHeld() const
    {
        return m_lockHeld;
    }

    bool HoldsLock(Seq s) const
    {
        return m_lockHeld && m_lockSeq == s;
    }

    // R4: answering `s` releases the lock if `s` holds it.
    void ReleaseLock(Seq s)
    {
        if (HoldsLock(s))
        {
            m_lockHeld = false;
        }
    }

  private:
    // R3, R4: may the waiting packet `s` be delivered now?
    bool MayDeliver(const Rx& rx, Seq s, const Slot& slot, const AnswerRoom& room, SendLoad load) const
    {
        if (IsSeqCstKind(slot.kind) && (s != rx.Next() || m_lockHeld))
        {
            return false;
        }
        return room.MayDeliver(slot.funded, slot.overdue, load);
    }

    // Delivers the head of the receive order (rxNext) for as long as it may
    // go. Only the head can be a deliverable seq_cst packet (R4), and
    // delivering the head is what moves it.
    void PumpHead(Rx& rx, AnswerRoom& room, SendLoad load, Counters& counters)
    {
        while (rx.Waiting() > 0)
        {
            Slot& head = rx.HeadSlot();
            if (head.state != Rx::State::Waiting || !MayDeliver(rx, rx.Next(), head, room, load))
            {
                return;
            }
            DeliverWaiting(rx, rx.Next(), head, room, counters);
        }
    }

    // Beyond the head only unordered packets can go, and they only wait for
    // room (budget, or the peer's window, which a funded one may wait for
    // too), so the window is scanned only when one of them may go.
    void PumpWaiting(Rx& rx, AnswerRoom& room, SendLoad load, Counters& counters)
    {
        PumpHead(rx, room, load, counters);
        if (rx.WaitingUnordered() == 0 ||
            !room.AnyMayDeliver(rx.WaitingUnorderedFunded(), rx.WaitingUnorderedOverdue(), load))
        {
            return;
        }
        rx.ForEachWaitingUnordered([&](Seq s, Slot& slot) {
            if (MayDeliver(rx, s, slot, room, load))
            {
                DeliverWaiting(rx, s, slot, room, counters);
            }
        });
    }

    void DeliverWaiting(Rx& rx, Seq s, Slot& slot, AnswerRoom& room, Counters& counters)
    {
        rx.TakeWaiting(slot);
        Deliver(rx, s, slot, room, counters);
    }

    // Hands `s` to the application (queued for PollDelivery), whether it
    // waited or goes on arrival.
    void Deliver(Rx& rx, Seq s, Slot& slot, AnswerRoom& room, Counters& counters)
    {
        if (!slot.funded)
        {
            room.Reserve(); // the budget its answer will need (S5)
        }
        ++counters.delivered;
        if (IsSeqCstKind(slot.kind))
        {
            m_lockHeld = true;
            m_lockSeq = s;
        }
        m_queue.Push({s, slot.linked ? DeliveryKind::Reply : DeliveryKind::Payload});
        rx.MarkDelivered(s, slot);
    }

    bool m_lockHeld = false;
    Seq m_lockSeq = 0;
    Fifo<DeliveryRecord> m_queue;
};

} // namespace seqex

#endif
