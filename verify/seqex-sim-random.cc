#include "seqex-sim-random.h"

namespace seqex
{

SimRandom::SimRandom(uint64_t seed)
    : m_engine(seed)
{
}

uint64_t
SimRandom::Next()
{
    return m_engine();
}

uint64_t
SimRandom::Below(uint64_t n)
{
    // Rejects the top partial range so that every value is equally likely.
    uint64_t threshold = (0 - n) % n;
    for (;;)
    {
        uint64_t r = Next();
        if (r >= threshold)
        {
            return r % n;
        }
    }
}

int64_t
SimRandom::Between(int64_t lo, int64_t hi)
{
    uint64_t span = uint64_t(hi) - uint64_t(lo);
    if (span == UINT64_MAX)
    {
        return int64_t(Next());
    }
    return int64_t(uint64_t(lo) + Below(span + 1));
}

double
SimRandom::Unit()
{
    return double(Next() >> 11) * 0x1.0p-53;
}

bool
SimRandom::Chance(double p)
{
    return Unit() < p;
}

uint64_t
SimRandom::Fork()
{
    // splitmix64 finaliser: nearby outputs give unrelated seeds.
    uint64_t z = Next() + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

} // namespace seqex
