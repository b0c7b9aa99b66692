#include "seqex-sim-link.h"

namespace seqex
{

namespace
{

bool
IsProbability(double p)
{
    return p >= 0.0 && p <= 1.0; // false for NaN too
}

} // namespace

std::string
ValidateImpairment(const LinkImpairment& m)
{
    if (!IsProbability(m.dropRate))
    {
        return "dropRate must be in [0, 1] (got " + std::to_string(m.dropRate) + ")";
    }
    if (!IsProbability(m.duplicateRate))
    {
        return "duplicateRate must be in [0, 1] (got " + std::to_string(m.duplicateRate) + ")";
    }
    if (!IsProbability(m.reorderRate))
    {
        return "reorderRate must be in [0, 1] (got " + std::to_string(m.reorderRate) + ")";
    }
    if (m.minDelayMs < 0 || m.maxDelayMs < m.minDelayMs)
    {
        return "delay must satisfy 0 <= minDelayMs <= maxDelayMs (got " + std::to_string(m.minDelayMs) +
               ", " + std::to_string(m.maxDelayMs) + ")";
    }
    if (m.reorderDelayMs < 0 || (m.reorderRate > 0.0 && m.reorderDelayMs < 1))
    {
        return "reorderDelayMs must be >= 1 when reorderRate > 0 (got " +
               std::to_string(m.reorderDelayMs) + ")";
    }
    return {};
}

LinkFate::LinkFate(uint64_t seed, const LinkImpairment& impairment)
    : m_random(seed),
      m_impairment(impairment)
{
}

void
LinkFate::SetImpairment(const LinkImpairment& impairment)
{
    m_impairment = impairment;
}

const LinkImpairment&
LinkFate::GetImpairment() const
{
    return m_impairment;
}

int
LinkFate::Decide(TimeMs now, TimeMs arrivals[2], LinkStats& stats)
{
    ++stats.sent;
    // Every draw is made whatever the rates, so changing one rate does not
    // shift the random stream of the others.
    bool drop = m_random.Chance(m_impairment.dropRate);
    bool duplicate = m_random.Chance(m_impairment.duplicateRate);
    int copies = duplicate ? 2 : 1;
    if (duplicate)
    {
        ++stats.duplicated;
    }
    int kept = 0;
    for (int c = 0; c < copies; ++c)
    {
        TimeMs delay = m_random.Between(m_impairment.minDelayMs, m_impairment.maxDelayMs);
        bool holdBack = m_random.Chance(m_impairment.reorderRate);
        TimeMs extra = m_impairment.reorderDelayMs > 0 ? m_random.Between(1, m_impairment.reorderDelayMs) : 0;
        // A drop loses the original; a duplicate copy survives it (the
        // network copied the datagram before losing one of them).
        if (c == 0 && drop)
        {
            ++stats.dropped;
            continue;
        }
        if (holdBack)
        {
            ++stats.reordered;
            delay += extra;
        }
        arrivals[kept++] = now + delay;
    }
    return kept;
}

} // namespace seqex
