// The caller's clock (milliseconds, any origin, not necessarily monotonic)
// and the only arithmetic the core does on it. Times may lie anywhere in
// int64, so sums and differences saturate instead of overflowing: a timer
// that would fall beyond the end of the clock is due at its last value.
#ifndef SEQEX_TIME_H
#define SEQEX_TIME_H

#include <cstdint>
#include <limits>

namespace seqex
{

using TimeMs = int64_t; // the caller's clock; the core never reads one

constexpr TimeMs kTimeMax = std::numeric_limits<TimeMs>::max();
constexpr TimeMs kTimeMin = std::numeric_limits<TimeMs>::min();

// t + d, clamped to [kTimeMin, kTimeMax].
constexpr TimeMs
TimeAdd(TimeMs t, TimeMs d)
{
    if (d >= 0)
    {
        return t > kTimeMax - d ? kTimeMax : t + d;
    }
    return t < kTimeMin - d ? kTimeMin : t + d;
}

// later - earlier, clamped to [kTimeMin, kTimeMax].
constexpr TimeMs
TimeSince(TimeMs later, TimeMs earlier)
{
    if (earlier >= 0)
    {
        return TimeAdd(later, -earlier); // -earlier cannot overflow
    }
    // -earlier may not fit: later - earlier = later + |earlier|.
    TimeMs half = TimeAdd(later, -(earlier / 2));
    return TimeAdd(half, -(earlier - earlier / 2));
}

} // namespace seqex

#endif
