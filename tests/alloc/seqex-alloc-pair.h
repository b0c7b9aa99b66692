// Two typed endpoints joined by an in-process network that can lose,
// duplicate and reorder datagrams, with applications that reply, ack or hold
// their answers. Everything lives in fixed-size arrays: the harness itself
// never allocates after construction, so any allocation counted while it runs
// comes from the core.
#ifndef SEQEX_ALLOC_PAIR_H
#define SEQEX_ALLOC_PAIR_H

#include "seqex-endpoint.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace seqex
{
namespace test
{

using TypedEndpoint = Endpoint<uint64_t, uint64_t>;
using TypedAnswer = Answer<uint64_t, uint64_t>;

struct Policy
{
    uint32_t lossPercent = 0;      // each datagram is lost with this chance
    uint32_t duplicatePercent = 0; // each datagram not lost arrives twice with this chance
    bool reorder = false;          // datagrams of one step arrive in random order
    uint32_t seqCstPercent = 0;    // share of payloads and replies sent seq_cst
    uint64_t replyDepth = 0;       // replies in each exchange before its final Ack
    uint32_t holdPercent = 0;      // answers the application keeps for later steps
    uint32_t sendsPerStep = 1;     // new payloads each side tries to send per step
};

// Data carried: a payload carries 0, each reply the depth of the packet it
// answers plus one, so both sides can check what comes back.
class Pair
{
  public:
    static constexpr TimeMs kStepMs = 10;

    Pair(const Config& config, const Policy& policy, uint32_t seed)
        : m_sides{Side(config), Side(config)},
          m_policy(policy),
          m_rng(seed)
    {
    }

    // One step: both sides send, their datagrams cross the network, both
    // applications handle what was delivered, time advances and timers run.
    void Step()
    {
        for (Side& s : m_sides)
        {
            for (uint32_t i = 0; i < m_policy.sendsPerStep; ++i)
            {
                s.ep.Send(m_now, Chance(m_policy.seqCstPercent), 0);
            }
        }
        Transmit(m_sides[0], m_sides[1]);
        Transmit(m_sides[1], m_sides[0]);
        for (Side& s : m_sides)
        {
            Receive(s);
            ReleaseHeld(s);
            HandleDeliveries(s);
        }
        m_now += kStepMs;
        for (Side& s : m_sides)
        {
            s.ep.Tick(m_now);
        }
    }

    // From now on each side holds the first answer it is asked for, of a
    // payload (the peer's packet stays unresolved) or of a reply (the peer's
    // reply stays unresolved, so the packet it answered is never finished),
    // while traffic goes on, until Release().
    void Pin(bool replies)
    {
        m_pinning = true;
        m_pinReplies = replies;
    }

    void Release()
    {
        m_pinning = false;
        for (Side& s : m_sides)
        {
            if (s.pinned.answer.Pending())
            {
                Respond(s.pinned.answer, s.pinned.depth);
            }
        }
    }

    // True while both sides hold their pinned answer.
    bool BothPinned() const
    {
        return m_sides[0].pinned.answer.Pending() && m_sides[1].pinned.answer.Pending();
    }

    // Runs without new sends, losses or held answers until both sides are
    // idle; false if that takes more than maxSteps.
    bool Drain(int maxSteps)
    {
        m_policy.sendsPerStep = 0;
        m_policy.lossPercent = 0;
        m_policy.holdPercent = 0;
        for (int i = 0; i < maxSteps; ++i)
        {
            if (m_sides[0].ep.Idle() && m_sides[1].ep.Idle() && m_sides[0].heldCount == 0 &&
                m_sides[1].heldCount == 0)
            {
                return true;
            }
            Step();
        }
        return false;
    }

    const TypedEndpoint& Ep(int i) const
    {
        return m_sides[i].ep;
    }

    // Exchanges that ended with an Ack delivered to side i.
    uint64_t Completed(int i) const
    {
        return m_sides[i].completed;
    }

    // Deliveries whose data did not match what the peer sent.
    uint64_t Mismatches() const
    {
        return m_sides[0].mismatches + m_sides[1].mismatches;
    }

  private:
    struct Datagram
    {
        PacketKind kind;
        Seq seq;
        Seq re;
        uint64_t data;
    };

    struct Held
    {
        TypedAnswer answer;
        uint64_t depth;
    };

    static constexpr size_t kInboxCapacity = 1024;
    static constexpr size_t kHeldCapacity = 16;

    struct Side
    {
        explicit Side(const Config& config)
            : ep(config)
        {
        }

        TypedEndpoint ep;
        std::array<Datagram, kInboxCapacity> inbox{};
        size_t inboxSize = 0;
        std::array<Held, kHeldCapacity> held{};
        size_t heldCount = 0;
        Held pinned{};
        uint64_t completed = 0;
        uint64_t mismatches = 0;
    };

    bool Chance(uint32_t percent)
    {
        return percent > 0 && m_rng() % 100 < percent;
    }

    void Transmit(Side& from, Side& to)
    {
        while (auto p = from.ep.PollTransmit())
        {
            if (Chance(m_policy.lossPercent))
            {
                continue;
            }
            Datagram d{p->kind, p->seq, p->re, p->data != nullptr ? *p->data : 0};
            int copies = Chance(m_policy.duplicatePercent) ? 2 : 1;
            for (int c = 0; c < copies && to.inboxSize < kInboxCapacity; ++c)
            {
                to.inbox[to.inboxSize++] = d; // a full inbox loses the datagram
            }
        }
    }

    void Receive(Side& s)
    {
        if (m_policy.reorder)
        {
            std::shuffle(s.inbox.begin(), s.inbox.begin() + s.inboxSize, m_rng);
        }
        for (size_t i = 0; i < s.inboxSize; ++i)
        {
            const Datagram& d = s.inbox[i];
            s.ep.ReceiveData(m_now, d.kind, d.seq, d.re, d.data); // an Ack is routed to ReceiveAck
        }
        s.inboxSize = 0;
    }

    // A reply while the exchange is shallower than replyDepth, else an Ack.
    void Respond(TypedAnswer& answer, uint64_t depth)
    {
        if (depth < m_policy.replyDepth)
        {
            answer.Reply(m_now, Chance(m_policy.seqCstPercent), depth + 1);
        }
        else
        {
            answer.Ack();
        }
    }

    void AnswerOrHold(Side& s, TypedAnswer& answer, uint64_t depth, bool isReply)
    {
        // Not one that holds the seq_cst lock: that would stop all seq_cst
        // traffic instead of stretching the span.
        if (m_pinning && isReply == m_pinReplies && !s.pinned.answer.Pending() && !answer.HoldsSeqCstLock())
        {
            s.pinned = Held{std::move(answer), depth};
            return;
        }
        if (s.heldCount < kHeldCapacity && Chance(m_policy.holdPercent))
        {
            s.held[s.heldCount++] = Held{std::move(answer), depth};
            return;
        }
        Respond(answer, depth);
    }

    void HandleDeliveries(Side& s)
    {
        while (auto d = s.ep.PollDelivery())
        {
            if (auto* p = std::get_if<PayloadDelivery<uint64_t, uint64_t>>(&*d))
            {
                s.mismatches += p->data != 0;
                AnswerOrHold(s, p->answer, p->data, false);
            }
            else if (auto* r = std::get_if<ReplyDelivery<uint64_t, uint64_t>>(&*d))
            {
                s.mismatches += r->data != r->sent + 1;
                AnswerOrHold(s, r->answer, r->data, true);
            }
            else
            {
                ++s.completed;
            }
        }
    }

    // Each held answer is answered with an even chance per step.
    void ReleaseHeld(Side& s)
    {
        size_t kept = 0;
        for (size_t i = 0; i < s.heldCount; ++i)
        {
            if (m_policy.holdPercent > 0 && Chance(50))
            {
                s.held[kept++] = std::move(s.held[i]);
                continue;
            }
            Respond(s.held[i].answer, s.held[i].depth);
        }
        s.heldCount = kept;
    }

    std::array<Side, 2> m_sides;
    Policy m_policy;
    std::mt19937 m_rng;
    TimeMs m_now = 0;
    bool m_pinning = false;
    bool m_pinReplies = false;
};

} // namespace test
} // namespace seqex

#endif
