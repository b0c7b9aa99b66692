// A run's activity over time, in fixed bins: data packets in flight at each
// bin's end, and data packets sent, retransmitted and delivered within it.
// What the reset timeline figure draws (<runId>.timeline.csv).
#ifndef SEQEX_TIMELINE_H
#define SEQEX_TIMELINE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{

struct SeqexTimelineBin
{
    uint64_t inFlight = 0;      // sent and not yet resolved, at the bin's end
    uint64_t sent = 0;          // first transmissions
    uint64_t retransmitted = 0;
    uint64_t delivered = 0;     // data packets handed to the application
};

class SeqexTimeline
{
  public:
    // Bins of `bin` from time 0 to `end`; `inFlight` is sampled at every
    // bin's end (by scheduled events: call before Simulator::Run).
    void Start(Time bin, Time end, std::function<uint64_t()> inFlight);

    void CountSent();
    void CountRetransmitted();
    void CountDelivered();

    bool Enabled() const
    {
        return m_bin.IsStrictlyPositive();
    }

    Time Bin() const
    {
        return m_bin;
    }

    const std::vector<SeqexTimelineBin>& Bins() const
    {
        return m_bins;
    }

  private:
    SeqexTimelineBin& Current();
    void Sample(size_t index, std::function<uint64_t()> inFlight);

    Time m_bin;
    std::vector<SeqexTimelineBin> m_bins;
};

} // namespace ns3

#endif
