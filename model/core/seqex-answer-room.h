// The answer room of an Endpoint (internal, SPEC S5/S6): the send budget
// reserved for answers. A reservation is taken when a packet is delivered
// (or passes from our packet to the reply that resolved it), so the answer
// never fails for lack of room; it becomes the reply's in-flight budget or
// is released by an Ack. New payloads may use PayloadBudget(W) of the
// budget, deliveries all of W. Both also need room in the peer's window
// (SendLoad::peerRoom, R2 seen from the sender): a reply given to a
// delivery must land inside it (doc/core.md, "The peer's window").
#ifndef SEQEX_ANSWER_ROOM_H
#define SEQEX_ANSWER_ROOM_H

#include "seqex-config.h"

#include <cstdint>

namespace seqex
{

// What the room's decisions need of our send side, at the moment asked.
struct SendLoad
{
    uint32_t inFlight; // our packets unresolved
    uint32_t peerRoom; // seqs left below peerNext + W (SendWindow::PeerRoom)
};

class AnswerRoom
{
  public:
    explicit AnswerRoom(uint32_t window)
        : m_window(window),
          m_payloadBudget(PayloadBudget(window))
    {
    }

    // S6: room for a new payload beside `load.inFlight` packets. In the
    // peer's window it needs room for itself, its own answer, every answer
    // reserved, and one unit per kInFlightPerAnswerRoom packets in flight
    // for the answers the replies to them will need; a payload that would
    // not fit is refused (S4), not queued behind the peer's window.
    bool MayStartExchange(SendLoad load) const
    {
        return load.inFlight + m_reserved < m_payloadBudget &&
               load.inFlight / kInFlightPerAnswerRoom + m_reserved + 2 <= load.peerRoom;
    }

    // S5: budget to reserve an answer for one more delivery.
    bool HasRoomToDeliver(uint32_t inFlight) const
    {
        return inFlight + m_reserved < m_window;
    }

    // S5 and R2: may a packet be delivered now? Its answer needs a unit of
    // budget (already reserved when `funded`) and, unless the packet is
    // overdue (its sender sent it again while it waited), room in the
    // peer's window for that answer beside every answer reserved.
    bool MayDeliver(bool funded, bool overdue, SendLoad load) const
    {
        uint32_t answers = m_reserved + (funded ? 0u : 1u);
        return (funded || HasRoomToDeliver(load.inFlight)) && (overdue || answers <= load.peerRoom);
    }

    // False when no waiting unordered packet may go now (MayDeliver), of
    // which `funded` are funded and `overdue` overdue; lets the pump skip
    // its scan of the window.
    bool AnyMayDeliver(uint32_t funded, uint32_t overdue, SendLoad load) const
    {
        bool budget = HasRoomToDeliver(load.inFlight);
        return (overdue > 0 && (budget || funded > 0)) ||
               ((funded > 0 || budget) && m_reserved + (funded > 0 ? 0u : 1u) <= load.peerRoom);
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
