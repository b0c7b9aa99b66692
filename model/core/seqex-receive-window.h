// The receive window of an Endpoint (internal): every packet of the peer's
// whose answer is not final, by seq; rxNext, the lowest seq not yet
// delivered, below which everything was delivered; acceptance (R2),
// duplicates (R5) and the counts of packets waiting for delivery (R3/R4).
// When a waiting packet may go is the delivery pump's decision.
#ifndef SEQEX_RECEIVE_WINDOW_H
#define SEQEX_RECEIVE_WINDOW_H

#include "seqex-config.h"
#include "seqex-packet.h"
#include "seqex-seq-slots.h"

namespace seqex
{

template <typename R>
class ReceiveWindow
{
  public:
    enum class State : uint8_t // in this order: WasDelivered compares
    {
        Empty,
        Waiting,   // received, not yet delivered
        Delivered, // handed out (or queued), not yet answered
        Replied,   // answered with a reply that is still unresolved
        Finished,  // answered by ack, or by a reply that was resolved
    };

    struct Slot
    {
        State state = State::Empty;
        PacketKind kind = PacketKind::Payload;
        bool linked = false; // a reply that resolved our packet `re`
        bool funded = false; // waiting with budget already reserved
        bool overdue = false; // waiting, and its sender sent it again meanwhile
        Seq seq = 0;         // valid unless Empty
        Seq re = 0;
        R data{};

        bool Known() const
        {
            return state != State::Empty;
        }
        bool Live() const // a finished slot may be reused: older seqs are finished
        {
            return state != State::Empty && state != State::Finished;
        }
    };

    enum class Arrival
    {
        New,
        Duplicate, // R5
        TooEarly,  // R2
    };

    explicit ReceiveWindow(const Config& config)
        : m_window(config.window),
          m_rx(2 * config.window, config.window),
          m_rxNext(config.initialSeq)
    {
    }

    ReceiveWindow(const ReceiveWindow&) = delete;
    ReceiveWindow& operator=(const ReceiveWindow&) = delete;

    // R2: accepts [rxNext, rxNext + W); R5: a seq seen before is a duplicate.
    Arrival Classify(Seq seq) const
    {
        if (SeqBefore(seq, m_rxNext))
        {
            return Arrival::Duplicate; // delivered already
        }
        // At or after rxNext, or exactly 2^31 away (neither before nor
        // after it, SPEC §2): outside the window unless within W.
        if (SeqDistance(m_rxNext, seq) >= m_window)
        {
            return Arrival::TooEarly;
        }
        const Slot& slot = m_rx.RingAt(seq);
        if (slot.seq == seq && slot.Known())
        {
            return Arrival::Duplicate; // waiting, or delivered out of order
        }
        return Arrival::New;
    }

    // The slot of a new arrival; the caller writes every field.
    Slot& Claim(Seq seq)
    {
        return m_rx.Claim(seq);
    }

    // R5: a duplicate is re-acked once its answer was an Ack (or a reply
    // that was resolved). A packet before rxNext that no slot describes was
    // finished: its slot was reused, and only a live slot is parked.
    bool DuplicateNeedsAck(Seq seq)
    {
        const Slot* slot = m_rx.Find(seq);
        return slot == nullptr || slot->state == State::Finished;
    }

    void MarkWaiting(Slot& slot)
    {
        slot.state = State::Waiting;
        ++m_waiting;
        if (!IsSeqCstKind(slot.kind))
        {
            ++m_waitingUnordered;
            m_waitingUnorderedFunded += slot.funded ? 1 : 0;
            m_waitingUnorderedOverdue += slot.overdue ? 1 : 0;
        }
    }

    // The waiting packet `s`, or null.
    Slot* FindWaiting(Seq s)
    {
        Slot* slot = m_rx.Find(s);
        return slot != nullptr && slot->state == State::Waiting ? slot : nullptr;
    }

    // A copy of the waiting packet in `slot` arrived: its sender has not
    // heard an answer for a resend interval.
    void MarkOverdue(Slot& slot)
    {
        if (!slot.overdue)
        {
            slot.overdue = true;
            m_waitingUnorderedOverdue += IsSeqCstKind(slot.kind) ? 0 : 1;
        }
    }

    // A waiting packet leaves the wait (it is about to be delivered).
    void TakeWaiting(const Slot& slot)
    {
        --m_waiting;
        if (!IsSeqCstKind(slot.kind))
        {
            --m_waitingUnordered;
            m_waitingUnorderedFunded -= slot.funded ? 1 : 0;
            m_waitingUnorderedOverdue -= slot.overdue ? 1 : 0;
        }
    }

    // `s` is handed to the application. Only delivering the head moves it:
    // past it, and past the packets after it that were delivered out of
    // order.
    void MarkDelivered(Seq s, Slot& slot)
    {
        slot.state = State::Delivered;
        slot.funded = false;
        slot.overdue = false;
        if (s == m_rxNext)
        {
            do
            {
                ++m_rxNext;
            } while (WasDelivered(m_rxNext));
        }
    }

    // The slot of the delivered, unanswered packet `s`, or null.
    Slot* FindDelivered(Seq s)
    {
        Slot* slot = m_rx.Find(s);
        return slot != nullptr && slot->state == State::Delivered ? slot : nullptr;
    }

    // The slot describing `s`; precondition: there is one.
    Slot& At(Seq s)
    {
        return *m_rx.Find(s);
    }

    // The peer's packet `s` needs no more tracking: its answer is final.
    void Finish(Seq s)
    {
        if (Slot* slot = m_rx.Find(s))
        {
            Finish(*slot);
        }
    }

    // The slot stays in the ring as Finished (a duplicate is re-acked) until
    // a later seq reuses it; a parked one is forgotten, which means the same.
    void Finish(Slot& slot)
    {
        slot.state = State::Finished;
        m_rx.DropIfParked(&slot);
    }

    // The slot at the head of the receive order, whatever it describes.
    Slot& HeadSlot()
    {
        return m_rx.RingAt(m_rxNext);
    }

    // Every waiting non-seq_cst packet, lowest seq first; f may deliver it.
    template <typename F>
    void ForEachWaitingUnordered(F&& f)
    {
        Seq end = m_rxNext + m_window;
        uint32_t remaining = m_waitingUnordered;
        for (Seq s = m_rxNext; remaining > 0 && s != end; ++s)
        {
            Slot& slot = m_rx.RingAt(s);
            if (slot.seq != s || slot.state != State::Waiting || IsSeqCstKind(slot.kind))
            {
                continue;
            }
            --remaining;
            f(s, slot);
        }
    }

    Seq Next() const
    {
        return m_rxNext;
    }

    uint32_t Waiting() const
    {
        return m_waiting;
    }

    uint32_t WaitingUnordered() const
    {
        return m_waitingUnordered;
    }

    // Of WaitingUnordered(), those funded, those overdue.
    uint32_t WaitingUnorderedFunded() const
    {
        return m_waitingUnorderedFunded;
    }

    uint32_t WaitingUnorderedOverdue() const
    {
        return m_waitingUnorderedOverdue;
    }

    size_t Parked() const
    {
        return m_rx.Parked();
    }

  private:
    // The slot names its seq: a slot of another seq, or an empty one, means
    // `s` has not arrived.
    bool WasDelivered(Seq s) const
    {
        const Slot& slot = m_rx.RingAt(s); // at or after rxNext: in the ring
        return slot.seq == s && slot.state >= State::Delivered;
    }

    const uint32_t m_window;
    SeqSlots<Slot> m_rx;
    Seq m_rxNext;
    uint32_t m_waiting = 0;
    uint32_t m_waitingUnordered = 0; // of m_waiting, the non-seq_cst ones
    uint32_t m_waitingUnorderedFunded = 0;  // of those, funded
    uint32_t m_waitingUnorderedOverdue = 0; // of those, overdue
};

} // namespace seqex

#endif
