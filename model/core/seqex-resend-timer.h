// How long an unresolved data packet waits before it is sent again (S3).
// Every packet keeps its own timer (its last transmission); this object
// says how long that timer runs.
//
// Fixed (the default, SPEC §3): every packet waits the configured interval,
// every time.
//
// Adaptive (opt-in, doc/core.md "Adaptive resend"): the timeout follows the
// measured round trip as TCP's does (RFC 6298), with three changes that
// doc/core.md measures and explains:
// - RTO = SRTT + max(1 ms, 4 RTTVAR, SRTT), clamped to [floor, ceiling]:
//   at least twice SRTT. Until the first sample the configured interval is
//   the RTO. On a steady link RTTVAR falls to 0 and RFC 6298 leaves the
//   timer 1 ms above the round trip; the first queue then makes every
//   packet time out, and Karn's rule starves the estimator of exactly the
//   longer samples that would correct it. A margin of SRTT covers a queue
//   that doubles the round trip.
// - Samples only from packets resolved without retransmission (Karn's
//   rule; SEQEX has no timestamps), each clamped to at most 2 x SRTT before
//   it is fed (think time: an answer the peer's application held).
// - One backoff for the whole endpoint (RFC 6298 5.5, 5.7): a timeout
//   doubles the timeout of every packet, at most once per backed-off
//   timeout (the packets that expire together are one event), and the
//   doubled value is kept until the round trip has been measured again: a
//   sample from a packet first sent after the doubling, or an answer that
//   came at least SRTT/2 after a copy sent after the doubling (that copy
//   repaired a loss, so the timer was not too short). An answer sooner
//   than that answers an earlier copy: the timeout was spurious, the
//   backoff stays. The backed-off timeout never exceeds the configured
//   interval (unless the RTO itself does): adaptive mode never waits longer
//   than fixed mode would, so a packet lost several times in a row under
//   random loss does not stall behind an exponential wait.
#ifndef SEQEX_RESEND_TIMER_H
#define SEQEX_RESEND_TIMER_H

#include "seqex-config.h"
#include "seqex-time.h"

#include <algorithm>
#include <cstdint>

namespace seqex
{

class ResendTimer
{
  public:
    explicit ResendTimer(const Config& c)
        : m_mode(c.resendMode),
          m_interval(c.resendIntervalMs),
          m_floor(c.resendFloorMs),
          m_ceiling(c.resendCeilingMs),
          m_backoffCap(c.resendBackoffCap),
          m_rto(Clamp(c.resendIntervalMs))
    {
    }

    ResendMode Mode() const
    {
        return m_mode;
    }

    // The configured interval: the fixed timeout, or the adaptive start
    // value and the backoff's limit.
    TimeMs Interval() const
    {
        return m_interval;
    }

    // Fixed: the new timeout at once. Adaptive: the RTO until the next
    // sample; the backoff is dropped.
    void SetInterval(TimeMs interval)
    {
        m_interval = interval;
        m_rto = Clamp(interval);
        m_backoff = 0;
        m_backoffAt = kTimeMin;
        m_backedOff = false;
    }

    // How long every unresolved packet waits after its last transmission.
    TimeMs Timeout() const
    {
        if (m_mode == ResendMode::Fixed)
        {
            return m_interval;
        }
        // m_rto <= one day and m_backoff <= 16: no overflow.
        return std::min(m_ceiling, std::max(m_rto, std::min(m_rto << m_backoff, m_interval)));
    }

    // A packet's timer expired at `now` and it is sent again.
    void OnTimeout(TimeMs now)
    {
        if (m_mode == ResendMode::Fixed || m_backoff >= m_backoffCap)
        {
            return;
        }
        if (m_backedOff && now < TimeAdd(m_backoffAt, Timeout()))
        {
            return; // a packet sent before the last doubling: the same event
        }
        if ((m_rto << m_backoff) >= std::min(m_ceiling, std::max(m_rto, m_interval)))
        {
            return; // at the limit: a further doubling would change nothing
        }
        ++m_backoff;
        m_backoffAt = now;
        m_backedOff = true;
    }

    // A packet sent once at `sentAt` and resolved at `now` without having
    // been retransmitted (the caller applies Karn's rule).
    void OnSample(TimeMs sentAt, TimeMs now)
    {
        if (m_mode == ResendMode::Fixed || now < sentAt)
        {
            return; // a clock that stepped back measures nothing
        }
        TimeMs r = std::min(TimeSince(now, sentAt), kMaxResendIntervalMs);
        if (m_samples == 0)
        {
            m_srtt = r; // RFC 6298 (2.2)
            m_rttvar = r / 2;
        }
        else
        {
            r = std::min(r, 2 * m_srtt + 1); // think time (see above)
            TimeMs err = r > m_srtt ? r - m_srtt : m_srtt - r;
            m_rttvar = (3 * m_rttvar + err) / 4; // RFC 6298 (2.3), beta = 1/4
            m_srtt = (7 * m_srtt + r) / 8;       // alpha = 1/8
        }
        ++m_samples;
        m_rto = Clamp(m_srtt + std::max({TimeMs(1), 4 * m_rttvar, m_srtt}));
        if (sentAt >= m_backoffAt)
        {
            m_backoff = 0; // measured under the backed-off timer (or none)
        }
    }

    // A retransmitted packet, last sent at `lastSent`, resolved at `now`
    // (no sample: Karn's rule).
    void OnRetransmissionAnswered(TimeMs lastSent, TimeMs now)
    {
        if (m_mode == ResendMode::Adaptive && m_backedOff && lastSent >= m_backoffAt && now >= lastSent &&
            TimeSince(now, lastSent) >= m_srtt / 2)
        {
            m_backoff = 0; // that copy repaired a loss: the timer was long enough
        }
    }

    // The RTO before the backoff (Timeout() applies it).
    TimeMs Rto() const
    {
        return m_rto;
    }

    // Doublings in effect (0 .. resendBackoffCap).
    uint32_t Backoff() const
    {
        return m_backoff;
    }

    TimeMs Srtt() const
    {
        return m_srtt;
    }

    TimeMs Rttvar() const
    {
        return m_rttvar;
    }

    uint64_t Samples() const
    {
        return m_samples;
    }

  private:
    TimeMs Clamp(TimeMs t) const
    {
        return std::clamp(t, m_floor, m_ceiling);
    }

    ResendMode m_mode;
    TimeMs m_interval;
    TimeMs m_floor;
    TimeMs m_ceiling;
    uint32_t m_backoffCap;
    TimeMs m_rto;
    TimeMs m_srtt = 0;
    TimeMs m_rttvar = 0;
    uint64_t m_samples = 0;
    uint32_t m_backoff = 0;
    TimeMs m_backoffAt = kTimeMin; // when the last doubling happened
    bool m_backedOff = false;      // a doubling has happened since the last reset of the interval
};

} // namespace seqex

#endif
