// One direction of an in-process impaired datagram link, for tests: each
// datagram is dropped, duplicated, delayed or held back (so later ones
// overtake it) at seeded random, and comes out when its arrival time has
// come. The caller owns time (milliseconds, as in the core). It knows
// nothing of SEQEX or ns-3: T is whatever a datagram is to the caller
// (bytes, a decoded packet, a line of text).
//
//   SimLink<Bytes> ab(seed, impairment);
//   ab.Send(now, datagram);
//   while (auto d = ab.Receive(now)) { ... }
//   std::optional<TimeMs> next = ab.NextArrival();
//   ab.SetImpairment(LinkImpairment{});   // the network heals
//   ab.Reset();                           // transport reset: in flight is lost
#ifndef SEQEX_SIM_LINK_H
#define SEQEX_SIM_LINK_H

#include "seqex-seq.h"
#include "seqex-sim-random.h"

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace seqex
{

struct LinkImpairment
{
    double dropRate = 0.0;      // probability a datagram is lost
    double duplicateRate = 0.0; // probability it arrives twice (each copy its own delay)
    double reorderRate = 0.0;   // probability it is held back by an extra delay
    TimeMs minDelayMs = 0;      // one-way delay, uniform in [min, max]
    TimeMs maxDelayMs = 0;
    TimeMs reorderDelayMs = 0;  // the extra hold-back, uniform in [1, reorderDelayMs]
};

// Empty when usable; otherwise names the bad field and its value.
std::string ValidateImpairment(const LinkImpairment& impairment);

struct LinkStats
{
    uint64_t sent = 0;       // datagrams handed to Send
    uint64_t dropped = 0;    // lost by the impairment
    uint64_t duplicated = 0; // extra copies scheduled
    uint64_t reordered = 0;  // copies held back by the reorder delay
    uint64_t delivered = 0;  // copies handed out by Receive
    uint64_t lostInReset = 0; // copies in flight when Reset was called
};

// Decides the fate of each datagram: the non-template half of SimLink.
class LinkFate
{
  public:
    // Precondition: ValidateImpairment(impairment) is empty.
    LinkFate(uint64_t seed, const LinkImpairment& impairment);

    void SetImpairment(const LinkImpairment& impairment);
    const LinkImpairment& GetImpairment() const;

    // Arrival times of the copies of one datagram sent at `now` (0, 1 or 2
    // of them) written to `arrivals`; returns how many.
    int Decide(TimeMs now, TimeMs arrivals[2], LinkStats& stats);

  private:
    SimRandom m_random;
    LinkImpairment m_impairment;
};

template <typename T>
class SimLink
{
  public:
    // Precondition: ValidateImpairment(impairment) is empty.
    SimLink(uint64_t seed, const LinkImpairment& impairment)
        : m_fate(seed, impairment)
    {
    }

    // Applies to datagrams sent from now on; those in flight keep their fate.
    void SetImpairment(const LinkImpairment& impairment)
    {
        m_fate.SetImpairment(impairment);
    }

    const LinkImpairment& GetImpairment() const
    {
        return m_fate.GetImpairment();
    }

    void Send(TimeMs now, const T& datagram)
    {
        TimeMs arrivals[2];
        int copies = m_fate.Decide(now, arrivals, m_stats);
        for (int c = 0; c < copies; ++c)
        {
            m_inFlight.push(InFlight{arrivals[c], m_order++, datagram});
        }
    }

    // The earliest datagram whose arrival time is <= now (ties: send order).
    std::optional<T> Receive(TimeMs now)
    {
        if (m_inFlight.empty() || m_inFlight.top().arrival > now)
        {
            return std::nullopt;
        }
        // priority_queue::top is const; the element is popped right after.
        T datagram = std::move(const_cast<InFlight&>(m_inFlight.top()).datagram);
        m_inFlight.pop();
        ++m_stats.delivered;
        return datagram;
    }

    std::optional<TimeMs> NextArrival() const
    {
        if (m_inFlight.empty())
        {
            return std::nullopt;
        }
        return m_inFlight.top().arrival;
    }

    size_t InTransit() const
    {
        return m_inFlight.size();
    }

    // A transport reset (SPEC §6): everything in flight is lost.
    void Reset()
    {
        m_stats.lostInReset += m_inFlight.size();
        m_inFlight = {};
    }

    const LinkStats& GetStats() const
    {
        return m_stats;
    }

  private:
    struct InFlight
    {
        TimeMs arrival;
        uint64_t order;
        T datagram;
    };

    struct Later
    {
        bool operator()(const InFlight& a, const InFlight& b) const
        {
            return a.arrival != b.arrival ? a.arrival > b.arrival : a.order > b.order;
        }
    };

    LinkFate m_fate;
    LinkStats m_stats;
    uint64_t m_order = 0;
    std::priority_queue<InFlight, std::vector<InFlight>, Later> m_inFlight;
};

} // namespace seqex

#endif
