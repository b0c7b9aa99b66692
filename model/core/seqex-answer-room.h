// The answer room of an Endpoint (internal, SPEC S5/S6): the send budget
// reserved for answers. A reservation is taken when a packet is delivered
// (or passes from our packet to the reply that resolved it), so the answer
// never fails for lack of room; it becomes the reply's in-flight budget or
// is released by an Ack. New payloads may use PayloadBudget(W) of the
// budget, deliveries all of W.
#ifndef SEQEX_ANSWER_ROOM_H
#define SEQEX_ANSWER_ROOM_H

#include "seqex-config.h"

#include <cstdint>

namespace seqex
{

class AnswerRoom
{
  public:
    explicit AnswerRoom(uint32_t window)
        : m_window(window),
          m_payloadBudget(PayloadBudget(window))
    {
    }

    // S6: room for a new payload beside `inFlight` packets.
    bool MayStartExchange(uint32_t inFlight) const
    {
        return inFlight + m_reserved < m_payloadBudget;
    }

    // S5: room to reserve an answer for one more delivery.
    bool HasRoomToDeliver(uint32_t inFlight) const
    {
        return inFlight + m_reserved < m_window;
    }

    void Reserve()
    {
        ++m_reserved;
    }

    void Release()
    {
        --m_reserved;
    }

    uint32_t Reserved() const
    {
        return m_reserved;
    }

    uint32_t Window() const
    {
        return m_window;
    }

  private:
    const uint32_t m_window;
    const uint32_t m_payloadBudget; // PayloadBudget(m_window)
    uint32_t m_reserved = 0;
};

} // namespace seqex

#endif
