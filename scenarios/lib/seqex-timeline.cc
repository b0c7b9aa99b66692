#include "seqex-timeline.h"

#include "ns3/simulator.h"

namespace ns3
{

void
SeqexTimeline::Start(Time bin, Time end, std::function<uint64_t()> inFlight)
{
    m_bin = bin;
    // Whole bins only, so that every bin's sample is taken before the end.
    size_t count = static_cast<size_t>(end.GetNanoSeconds() / bin.GetNanoSeconds());
    m_bins.assign(count, SeqexTimelineBin{});
    if (count > 0)
    {
        // The sample of bin i is taken just before bin i + 1 begins.
        Simulator::Schedule(bin - NanoSeconds(1), &SeqexTimeline::Sample, this, 0, std::move(inFlight));
    }
}

void
SeqexTimeline::Sample(size_t index, std::function<uint64_t()> inFlight)
{
    m_bins[index].inFlight = inFlight();
    if (index + 1 < m_bins.size())
    {
        Simulator::Schedule(m_bin, &SeqexTimeline::Sample, this, index + 1, std::move(inFlight));
    }
}

// Anything after the last whole bin counts into it.
SeqexTimelineBin&
SeqexTimeline::Current()
{
    size_t index = static_cast<size_t>(Simulator::Now().GetNanoSeconds() / m_bin.GetNanoSeconds());
    return m_bins[std::min(index, m_bins.size() - 1)];
}

void
SeqexTimeline::CountSent()
{
    ++Current().sent;
}

void
SeqexTimeline::CountRetransmitted()
{
    ++Current().retransmitted;
}

void
SeqexTimeline::CountDelivered()
{
    ++Current().delivered;
}

} // namespace ns3
