// Counts calls of the global operator new and delete in this test program
// (seqex-alloc-counter.cc replaces them), between StartCounting and
// StopCounting. Boost.Test allocates freely, so nothing of it may run while
// counting.
#ifndef SEQEX_ALLOC_COUNTER_H
#define SEQEX_ALLOC_COUNTER_H

#include <cstdint>

namespace seqex
{
namespace test
{

struct AllocCount
{
    uint64_t allocations = 0;
    uint64_t deallocations = 0;
    uint64_t peakLiveBytes = 0; // most heap bytes held at once by what was allocated while counting
};

void StartCounting();
AllocCount StopCounting();

// Runs f() and returns what it allocated and freed.
template <typename F>
AllocCount
CountAllocations(F&& f)
{
    StartCounting();
    f();
    return StopCounting();
}

} // namespace test
} // namespace seqex

#endif
