// The move-only answer handle that comes with every delivered payload or
// reply (SPEC R8): answer once with Reply() or Ack(); dropping it unanswered
// acks by itself, so no delivery can be forgotten.
#ifndef SEQEX_ANSWER_H
#define SEQEX_ANSWER_H

#include "seqex-cold.h"
#include "seqex-seq.h"

#include <utility>

namespace seqex
{

template <typename S, typename R>
class Endpoint;

enum class AnswerStatus
{
    Ok,
    Unknown,         // the endpoint holds no unanswered delivery with that seq
    AlreadyAnswered, // this handle was answered, moved from, or never held one
};

struct ReplyResult
{
    AnswerStatus status;
    Seq seq; // the reply's own seq when status == Ok

    bool Ok() const
    {
        return status == AnswerStatus::Ok;
    }
};

template <typename S, typename R>
class Answer
{
  public:
    Answer() = default;
    Answer(const Answer&) = delete;
    Answer& operator=(const Answer&) = delete;

    Answer(Answer&& other) noexcept
        : m_endpoint(std::exchange(other.m_endpoint, nullptr)),
          m_seq(other.m_seq),
          m_holdsLock(std::exchange(other.m_holdsLock, false))
    {
    }

    Answer& operator=(Answer&& other) noexcept
    {
        if (this != &other)
        {
            Ack(); // the handle being overwritten must not be forgotten
            m_endpoint = std::exchange(other.m_endpoint, nullptr);
            m_seq = other.m_seq;
            m_holdsLock = std::exchange(other.m_holdsLock, false);
        }
        return *this;
    }

    ~Answer()
    {
        if (Pending()) // checked here so answered and moved-from handles cost no call
        {
            AckOnDrop();
        }
    }

    // Seq of the delivered packet this handle answers.
    Seq GetSeq() const
    {
        return m_seq;
    }

    // True while unanswered.
    bool Pending() const
    {
        return m_endpoint != nullptr;
    }

    // True when this delivery is seq_cst and holds the seq_cst lock (R4):
    // the next seq_cst packet waits until this handle is answered.
    bool HoldsSeqCstLock() const
    {
        return m_holdsLock;
    }

    AnswerStatus Ack()
    {
        if (m_endpoint == nullptr)
        {
            return AnswerStatus::AlreadyAnswered;
        }
        auto* ep = std::exchange(m_endpoint, nullptr);
        m_holdsLock = false;
        return ep->AnswerWithAck(m_seq);
    }

    // Sends a reply carrying `data`; never fails for lack of room (S5).
    ReplyResult Reply(TimeMs now, bool seqCst, S data)
    {
        if (m_endpoint == nullptr)
        {
            return {AnswerStatus::AlreadyAnswered, 0};
        }
        auto* ep = std::exchange(m_endpoint, nullptr);
        m_holdsLock = false;
        return ep->AnswerWithReply(now, m_seq, seqCst, std::move(data));
    }

  private:
    friend class Endpoint<S, R>;

    // Out of line: most handles are answered before they are dropped, and a
    // small destructor keeps every Delivery's destructor small enough to be
    // inlined where deliveries are polled.
    SEQEX_COLD void AckOnDrop()
    {
        Ack();
    }

    Answer(Endpoint<S, R>* endpoint, Seq seq, bool holdsLock)
        : m_endpoint(endpoint),
          m_seq(seq),
          m_holdsLock(holdsLock)
    {
    }

    Endpoint<S, R>* m_endpoint = nullptr;
    Seq m_seq = 0;
    bool m_holdsLock = false;
};

} // namespace seqex

#endif
