// A FIFO of small trivially copyable items in a ring that keeps its capacity:
// once it has grown to the steady-state peak, pushing and popping never
// allocate. Items go in and out by value, so the hot path moves them in
// registers rather than through temporaries in memory.
#ifndef SEQEX_FIFO_H
#define SEQEX_FIFO_H

#include <cstddef>
#include <type_traits>
#include <vector>

namespace seqex
{

template <typename T>
class Fifo
{
    static_assert(std::is_trivially_copyable_v<T>, "Fifo items are copied by value");

  public:
    Fifo() = default;
    Fifo(const Fifo&) = delete; // m_ring points into m_items
    Fifo& operator=(const Fifo&) = delete;

    void Push(T v)
    {
        if (m_tail - m_head == m_capacity)
        {
            Grow(m_capacity + 1);
        }
        m_ring[m_tail++ & m_mask] = v;
    }

    bool Empty() const
    {
        return m_head == m_tail;
    }

    size_t Size() const
    {
        return m_tail - m_head;
    }

    // Precondition: !Empty().
    T Pop()
    {
        return m_ring[m_head++ & m_mask];
    }

    void Reserve(size_t n)
    {
        if (n > m_capacity)
        {
            Grow(n);
        }
    }

  private:
    // To the next power of two >= n (a mask then wraps the indices), keeping
    // the queued items in order.
    void Grow(size_t n)
    {
        size_t cap = 8;
        while (cap < n)
        {
            cap <<= 1;
        }
        std::vector<T> grown(cap);
        size_t size = Size();
        for (size_t i = 0; i < size; ++i)
        {
            grown[i] = m_ring[(m_head + i) & m_mask];
        }
        m_items.swap(grown);
        m_ring = m_items.data();
        m_capacity = cap;
        m_mask = cap - 1;
        m_head = 0;
        m_tail = size;
    }

    std::vector<T> m_items;
    T* m_ring = nullptr; // m_items.data(), m_capacity items
    size_t m_capacity = 0;
    size_t m_mask = 0;
    size_t m_head = 0; // index of the oldest item, unbounded (masked on use)
    size_t m_tail = 0; // one past the newest
};

} // namespace seqex

#endif
