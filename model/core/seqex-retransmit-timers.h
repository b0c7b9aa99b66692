// The retransmission timers of an Endpoint (internal, SPEC S3): the resend
// timeout (fixed or adaptive, ResendTimer), its round-trip samples (Karn's
// rule), which in-flight packets are due, and the earliest due time, cached
// until the send window changes.
#ifndef SEQEX_RETRANSMIT_TIMERS_H
#define SEQEX_RETRANSMIT_TIMERS_H

#include "seqex-config.h"
#include "seqex-resend-timer.h"
#include "seqex-send-window.h"
#include "seqex-time.h"

#include <optional>

namespace seqex
{

class RetransmitTimers
{
  public:
    explicit RetransmitTimers(const Config& config)
        : m_resend(config)
    {
    }

    // The send window changed: the cached next timer is stale.
    void Invalidate()
    {
        m_valid = false;
    }

    // Karn's rule: only a packet transmitted once measures the round trip;
    // the answer to a copy may still end the backoff (seqex-resend-timer.h).
    template <typename Slot>
    void Sample(const Slot& slot, TimeMs now)
    {
        m_valid = false; // the packet left the timers (and the backoff may have ended)
        if (m_resend.Mode() == ResendMode::Fixed)
        {
            return; // a fixed timeout learns nothing from samples
        }
        if (slot.transmitted && slot.resends == 0)
        {
            m_resend.OnSample(slot.lastSent, now);
        }
        else if (slot.transmitted)
        {
            m_resend.OnRetransmissionAnswered(slot.lastSent, now);
        }
    }

    // Calls onDue(slot) for every unresolved packet whose interval has
    // passed, counting a resend for it. Time may go backwards: a packet last
    // sent "in the future" is re-based to now rather than waiting for the
    // clock to catch up.
    template <typename S, typename F>
    void Tick(SendWindow<S>& tx, TimeMs now, F&& onDue)
    {
        tx.ForEachInFlight([this, now, &onDue](typename SendWindow<S>::Slot& slot) {
            if (now < slot.lastSent)
            {
                slot.lastSent = now;
            }
            else if (now >= TimeAdd(slot.lastSent, m_resend.Timeout()))
            {
                slot.lastSent = now;
                if (slot.resends < 255)
                {
                    ++slot.resends;
                }
                m_resend.OnTimeout(now); // doubles every packet's timeout, this Tick's included
                onDue(slot);
            }
        });
        m_valid = false;
    }

    // When Tick next has work, or nullopt when nothing is in flight. Takes
    // the window non-const: walking it moves its low mark, not its state.
    template <typename S>
    std::optional<TimeMs> NextTimer(SendWindow<S>& tx) const
    {
        if (!m_valid)
        {
            m_timer.reset();
            tx.ForEachInFlight([this](const typename SendWindow<S>::Slot& slot) {
                TimeMs due = TimeAdd(slot.lastSent, m_resend.Timeout());
                if (!m_timer || due < *m_timer)
                {
                    m_timer = due;
                }
            });
            m_valid = true;
        }
        return m_timer;
    }

    // False (and no change) outside 1 .. kMaxResendIntervalMs.
    bool SetInterval(TimeMs interval)
    {
        if (!ValidateResendInterval(interval).empty())
        {
            return false;
        }
        m_resend.SetInterval(interval);
        m_valid = false;
        return true;
    }

    const ResendTimer& Resend() const
    {
        return m_resend;
    }

  private:
    ResendTimer m_resend;
    mutable std::optional<TimeMs> m_timer;
    mutable bool m_valid = false;
};

} // namespace seqex

#endif
