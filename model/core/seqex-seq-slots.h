// Slots indexed by sequence number, in fixed memory whatever the peer does.
//
// Recent seqs live in a ring (capacity a power of two, so it divides 2^32
// and `seq & mask` stays consistent across wraparound). A seq whose slot is
// needed again for a seq one capacity later while it is still live (a packet
// held for long: unresolved, or delivered and unanswered) moves to a small
// side list, the parked slots; it stays findable there until it is dropped.
// The caller bounds how many slots can be live at once (the window W), so
// the side list never outgrows the capacity reserved for it, and nothing
// allocates after construction: one long-held packet cannot pin the ring.
//
// Slot needs members `seq` and `state` and two predicates: Known() (the slot
// describes `seq`) and Live() (it must not be overwritten by another seq).
#ifndef SEQEX_SEQ_SLOTS_H
#define SEQEX_SEQ_SLOTS_H

#include "seqex-cold.h"
#include "seqex-seq.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace seqex
{

template <typename Slot>
class SeqSlots
{
  public:
    // A ring of at least ringCapacity slots and room for maxParked parked ones.
    SeqSlots(uint32_t ringCapacity, uint32_t maxParked)
    {
        uint32_t cap = 1;
        while (cap < ringCapacity)
        {
            cap <<= 1;
        }
        m_ring.resize(cap);
        m_mask = cap - 1;
        m_parked.reserve(maxParked);
    }

    SeqSlots(const SeqSlots&) = delete;
    SeqSlots& operator=(const SeqSlots&) = delete;

    uint32_t RingCapacity() const
    {
        return m_mask + 1;
    }

    // The ring slot `s` maps to, whatever seq it describes now.
    Slot& RingAt(Seq s)
    {
        return m_ring[s & m_mask];
    }

    const Slot& RingAt(Seq s) const
    {
        return m_ring[s & m_mask];
    }

    // The slot describing `s`, in the ring or parked; null if none does.
    Slot* Find(Seq s)
    {
        Slot& r = RingAt(s);
        if (r.seq == s && r.Known())
        {
            return &r;
        }
        return m_parkedCount == 0 ? nullptr : FindParked(s);
    }

    // Makes the ring slot of `s` describe `s`: an older seq still live in it
    // is parked first. The caller then writes every field of the slot.
    Slot& Claim(Seq s)
    {
        Slot& r = RingAt(s);
        if (r.seq != s && r.Live())
        {
            Park(r);
        }
        r.seq = s;
        return r;
    }

    // Forgets a parked slot (a ring slot is freed by its state instead).
    // True if `slot` was parked. Invalidates pointers to parked slots.
    bool DropIfParked(Slot* slot)
    {
        if (m_parkedCount == 0 || slot < m_parked.data() || slot >= m_parked.data() + m_parkedCount)
        {
            return false;
        }
        if (slot != &m_parked.back())
        {
            *slot = std::move(m_parked.back());
        }
        m_parked.pop_back();
        --m_parkedCount;
        return true;
    }

    size_t Parked() const
    {
        return m_parked.size();
    }

    // Every parked slot (timers walk them as well as the ring).
    template <typename F>
    void ForEachParked(F&& f)
    {
        for (Slot& p : m_parked)
        {
            f(p);
        }
    }

    template <typename F>
    void ForEachParked(F&& f) const
    {
        for (const Slot& p : m_parked)
        {
            f(p);
        }
    }

  private:
    SEQEX_COLD Slot* FindParked(Seq s)
    {
        for (Slot& p : m_parked)
        {
            if (p.seq == s)
            {
                return &p;
            }
        }
        return nullptr;
    }

    SEQEX_COLD void Park(Slot& r)
    {
        m_parked.push_back(std::move(r));
        ++m_parkedCount;
    }

    std::vector<Slot> m_ring;
    uint32_t m_mask;
    std::vector<Slot> m_parked; // capacity reserved at construction
    uint32_t m_parkedCount = 0; // m_parked.size(), one load on the hot path
};

} // namespace seqex

#endif
