// How long an unresolved data packet waits before it is sent again (S3).
//
// Fixed (the default, SPEC §3): every packet waits the configured interval,
// every time.
//
// Adaptive (opt-in, doc/core.md "Adaptive resend"): the timeout follows the
// measured round trip as TCP's does (RFC 6298): SRTT and RTTVAR from RTT
// samples, RTO = SRTT + max(1 ms, 4 RTTVAR), clamped to [floor, ceiling];
// until the first sample the configured interval is the RTO. SEQEX has no
// timestamps, so a sample is only taken from a packet resolved without
// having been retransmitted (Karn's rule): an answer to a retransmitted
// packet cannot tell which copy it answers. A packet that times out again
// and again doubles its own timeout each time (up to backoffCap doublings,
// never beyond the ceiling): per packet, so one unlucky packet does not slow
// the others. A sample includes the time the peer's application held the
// packet before answering (think time): each sample is clamped to at most
// twice SRTT before it is fed, so one late answer moves SRTT by at most
// SRTT/8 and RTTVAR by at most SRTT/4, while a real rise of the path's RTT
// is followed within a few samples (each may double what is fed).
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

    // The configured interval: the fixed timeout, or the adaptive start value.
    TimeMs Interval() const
    {
        return m_interval;
    }

    // Fixed: the new timeout at once. Adaptive: the RTO until the next sample.
    void SetInterval(TimeMs interval)
    {
        m_interval = interval;
        m_rto = Clamp(interval);
    }

    // The timeout of a packet already sent again `resends` times.
    TimeMs Timeout(uint8_t resends) const
    {
        if (m_mode == ResendMode::Fixed)
        {
            return m_interval;
        }
        uint32_t shift = std::min<uint32_t>(resends, m_backoffCap);
        // m_rto <= one day and shift <= 16: no overflow.
        return std::min(m_ceiling, m_rto << shift);
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
        m_rto = Clamp(m_srtt + std::max<TimeMs>(1, 4 * m_rttvar));
    }

    TimeMs Rto() const
    {
        return m_rto;
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
};

} // namespace seqex

#endif
