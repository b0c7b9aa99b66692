// A FIFO over a vector that keeps its capacity: once it has grown to the
// steady-state peak, pushing and popping never allocate.
#ifndef SEQEX_FIFO_H
#define SEQEX_FIFO_H

#include <cstddef>
#include <vector>

namespace seqex
{

template <typename T>
class Fifo
{
  public:
    void Push(const T& v)
    {
        m_items.push_back(v);
    }

    bool Empty() const
    {
        return m_head == m_items.size();
    }

    size_t Size() const
    {
        return m_items.size() - m_head;
    }

    // Precondition: !Empty().
    T Pop()
    {
        T v = m_items[m_head++];
        if (m_head == m_items.size())
        {
            m_items.clear();
            m_head = 0;
        }
        return v;
    }

    void Reserve(size_t n)
    {
        m_items.reserve(n);
    }

  private:
    std::vector<T> m_items;
    size_t m_head = 0;
};

} // namespace seqex

#endif
