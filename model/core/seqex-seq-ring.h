// Slots indexed by sequence number. The capacity is a power of two, so it
// divides 2^32 and `seq & mask` stays consistent across wraparound. It grows
// (rarely, never in steady state) when the tracked span outgrows it.
#ifndef SEQEX_SEQ_RING_H
#define SEQEX_SEQ_RING_H

#include "seqex-cold.h"
#include "seqex-seq.h"

#include <utility>
#include <vector>

namespace seqex
{

template <typename Slot>
class SeqRing
{
  public:
    explicit SeqRing(uint32_t minCapacity)
    {
        uint32_t cap = 1;
        while (cap < minCapacity)
        {
            cap <<= 1;
        }
        m_slots.resize(cap);
        m_mask = cap - 1;
    }

    Slot& At(Seq s)
    {
        return m_slots[s & m_mask];
    }

    const Slot& At(Seq s) const
    {
        return m_slots[s & m_mask];
    }

    uint32_t Capacity() const
    {
        return m_mask + 1;
    }

    // Makes room for every seq in [base, base + span]; the slots of
    // [base, base + old capacity) move to their new positions.
    void Cover(Seq base, uint32_t span)
    {
        if (span >= Capacity())
        {
            Grow(base, span);
        }
    }

  private:
    SEQEX_COLD void Grow(Seq base, uint32_t span)
    {
        uint32_t cap = Capacity();
        while (cap <= span)
        {
            cap <<= 1;
        }
        std::vector<Slot> grown(cap);
        for (uint32_t i = 0; i <= m_mask; ++i)
        {
            Seq s = base + i;
            grown[s & (cap - 1)] = std::move(At(s));
        }
        m_slots.swap(grown);
        m_mask = cap - 1;
    }

    std::vector<Slot> m_slots;
    uint32_t m_mask;
};

} // namespace seqex

#endif
