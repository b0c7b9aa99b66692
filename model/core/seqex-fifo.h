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
    void Push(T v)
    {
        if (m_tail - m_head == m_items.size())
        {
            Grow(m_items.size() + 1);
        }
        m_items[m_tail++ & m_mask] = v;
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
        return m_items[m_head++ & m_mask];
    }

    void Reserve(size_t n)
    {
        if (n > m_items.size())
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
            grown[i] = m_items[(m_head + i) & m_mask];
        }
        m_items.swap(grown);
        m_mask = cap - 1;
        m_head = 0;
        m_tail = size;
    }

    std::vector<T> m_items;
    size_t m_mask = 0;
    size_t m_head = 0; // index of the oldest item, unbounded (masked on use)
    size_t m_tail = 0; // one past the newest
};

} // namespace seqex

#endif
