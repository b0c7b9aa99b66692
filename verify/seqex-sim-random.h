// A seeded random source for simulations and tests. It is built on
// std::mt19937_64, whose output the C++ standard fixes, and derives every
// draw itself (the std:: distributions differ between standard libraries),
// so a seed replays the same run with any compiler. Never seeded from a
// clock or std::random_device: a failure must replay.
#ifndef SEQEX_SIM_RANDOM_H
#define SEQEX_SIM_RANDOM_H

#include <cstdint>
#include <random>

namespace seqex
{

class SimRandom
{
  public:
    explicit SimRandom(uint64_t seed);

    uint64_t Next();

    // Uniform in [0, n); n > 0.
    uint64_t Below(uint64_t n);

    // Uniform in [lo, hi]; lo <= hi.
    int64_t Between(int64_t lo, int64_t hi);

    // Uniform in [0, 1).
    double Unit();

    // True with probability p (p <= 0: never, p >= 1: always).
    bool Chance(double p);

    // A seed for another generator, so independent streams (one per link,
    // one for the workload) come from one test seed.
    uint64_t Fork();

  private:
    std::mt19937_64 m_engine;
};

} // namespace seqex

#endif
