// The send window of an Endpoint (internal): every packet of ours not yet
// handed back, by seq (SPEC S1-S3), the cursor of packets not yet
// transmitted, and peerNext, the oldest of our packets the peer may not have
// delivered yet (the peer's window, doc/core.md). Counters and timers are
// the Endpoint's: this part only keeps the slots and the seqs consistent.
#ifndef SEQEX_SEND_WINDOW_H
#define SEQEX_SEND_WINDOW_H

#include "seqex-config.h"
#include "seqex-packet.h"
#include "seqex-seq-slots.h"
#include "seqex-time.h"

#include <utility>

namespace seqex
{

template <typename S>
class SendWindow
{
  public:
    enum class State : uint8_t
    {
        Free,
        InFlight,
        ResolvedByAck,   // data waits for its AckedDelivery
        ResolvedByReply, // data waits for the ReplyDelivery of its reply
    };

    struct Slot
    {
        State state = State::Free;
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
            return state != State::Free;
        }
        bool Live() const
        {
            return state != State::Free; // resolved slots wait for their hand-back
        }
    };

    explicit SendWindow(const Config& config)
        : m_window(config.window),
          m_tx(4 * config.window, 2 * config.window),
          m_nextSeq(config.initialSeq),
          m_txCursor(config.initialSeq),
          m_txLow(config.initialSeq),
          m_peerNext(config.initialSeq)
    {
    }

    SendWindow(const SendWindow&) = delete;
    SendWindow& operator=(const SendWindow&) = delete;

    // Seqs left before the end of the peer's window, peerNext + W: every
    // seq below it is inside the peer's receive window (R2). Only a packet
    // delivered overdue (doc/core.md) may draw a reply beyond it, so the
    // clamp at 0 is needed.
    uint32_t PeerRoom() const
    {
        uint32_t span = SeqDistance(m_peerNext, m_nextSeq);
        return span < m_window ? m_window - span : 0;
    }

    // S1: consecutive seqs from initialSeq, wrapping.
    Seq Add(TimeMs now, PacketKind kind, Seq re, bool answersDelivered, S data)
    {
        Seq seq = m_nextSeq;
        Slot& slot = m_tx.Claim(seq);
        slot.state = State::InFlight;
        slot.kind = kind;
        slot.re = re;
        slot.answersDelivered = answersDelivered;
        slot.transmitted = false;
        slot.resends = 0;
        slot.lastSent = now;
        slot.data = std::move(data);
        ++m_nextSeq;
        ++m_inFlight;
        ++m_held;
        return seq;
    }

    // The slot of our packet `s` while it is in flight, else null.
    Slot* InFlightSlot(Seq s)
    {
        Slot* slot = m_tx.Find(s);
        return slot != nullptr && slot->state == State::InFlight ? slot : nullptr;
    }

    // The next new packet to transmit (marked transmitted), in seq order, or
    // null; packets resolved before their first transmission are skipped.
    Slot* NextUntransmitted()
    {
        while (m_txCursor != m_nextSeq)
        {
            Seq s = m_txCursor++;
            Slot& slot = m_tx.RingAt(s); // untransmitted: never parked
            if (slot.seq == s && slot.state == State::InFlight)
            {
                slot.transmitted = true;
                return &slot;
            }
        }
        return nullptr;
    }

    // Our in-flight packet is resolved (`how`: by an Ack or by a reply): the
    // peer has delivered it.
    void Resolve(Slot& slot, State how)
    {
        slot.state = how;
        --m_inFlight;
        PeerDelivered(slot.seq, IsSeqCstKind(slot.kind));
    }

    // Moves the stored data of our resolved packet out (S2).
    S HandBack(Seq s)
    {
        Slot* slot = m_tx.Find(s); // resolved, not yet handed back: found
        S data = std::move(slot->data);
        slot->state = State::Free;
        m_tx.DropIfParked(slot);
        --m_held;
        return data;
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
            Slot& slot = m_tx.RingAt(s);
            if (slot.seq == s && slot.state == State::InFlight)
            {
                f(slot);
            }
        }
        m_tx.ForEachParked([&f](Slot& slot) {
            if (slot.state == State::InFlight)
            {
                f(slot);
            }
        });
    }

    // Moves peerNext past every packet that is resolved or presumed held.
    // Everything in [peerNext, txCursor) is in the ring: at most W are in
    // flight beyond peerNext, the ring holds 4W.
    void AdvancePeerNext()
    {
        while (m_peerNext != m_txCursor)
        {
            const Slot& slot = m_tx.RingAt(m_peerNext);
            if (slot.seq == m_peerNext && slot.state == State::InFlight && slot.resends < kPresumedHeldAfterResends)
            {
                return;
            }
            ++m_peerNext;
        }
    }

    uint32_t InFlight() const
    {
        return m_inFlight;
    }

    // Slots not yet handed back.
    uint32_t Held() const
    {
        return m_held;
    }

    Seq NextSeq() const
    {
        return m_nextSeq;
    }

    Seq PeerNext() const
    {
        return m_peerNext;
    }

    size_t Parked() const
    {
        return m_tx.Parked();
    }

  private:
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

    const uint32_t m_window;
    SeqSlots<Slot> m_tx;
    Seq m_nextSeq;
    Seq m_txCursor; // [m_txCursor, m_nextSeq): new packets not yet transmitted
    Seq m_txLow;    // no live ring slot before it (timers start here)
    Seq m_peerNext; // our oldest packet the peer may not have delivered
    uint32_t m_inFlight = 0;
    uint32_t m_held = 0;
};

} // namespace seqex

#endif
