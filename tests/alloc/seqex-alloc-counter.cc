// Replaces every form of the global operator new and delete (C++17) with
// malloc/free plus a count. ASan replaces them too, which is why this program
// is never built with SEQEX_SANITIZE.
#include "seqex-alloc-counter.h"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace
{

std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_allocations{0};
std::atomic<uint64_t> g_deallocations{0};
// Heap bytes allocated while counting and not yet freed (a block freed while
// counting that was allocated before counting started lowers it below 0),
// and the highest value it reached.
std::atomic<int64_t> g_liveBytes{0};
std::atomic<int64_t> g_peakLiveBytes{0};

void*
Allocate(std::size_t size, std::size_t alignment, bool nothrow)
{
    if (g_counting.load(std::memory_order_relaxed))
    {
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    }
    if (size == 0)
    {
        size = 1;
    }
    void* p = nullptr;
    if (alignment <= alignof(std::max_align_t))
    {
        p = std::malloc(size);
    }
    else
    {
        // aligned_alloc wants a size that is a multiple of the alignment.
        p = std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
    }
    if (p == nullptr && !nothrow)
    {
        throw std::bad_alloc();
    }
    if (p != nullptr && g_counting.load(std::memory_order_relaxed))
    {
        int64_t live = g_liveBytes.fetch_add(int64_t(malloc_usable_size(p)), std::memory_order_relaxed) +
                       int64_t(malloc_usable_size(p));
        if (live > g_peakLiveBytes.load(std::memory_order_relaxed))
        {
            g_peakLiveBytes.store(live, std::memory_order_relaxed);
        }
    }
    return p;
}

void
Free(void* p)
{
    if (p == nullptr)
    {
        return;
    }
    if (g_counting.load(std::memory_order_relaxed))
    {
        g_deallocations.fetch_add(1, std::memory_order_relaxed);
        g_liveBytes.fetch_sub(int64_t(malloc_usable_size(p)), std::memory_order_relaxed);
    }
    std::free(p);
}

constexpr std::size_t kDefault = alignof(std::max_align_t);

} // namespace

namespace seqex
{
namespace test
{

void
StartCounting()
{
    g_allocations = 0;
    g_deallocations = 0;
    g_liveBytes = 0;
    g_peakLiveBytes = 0;
    g_counting = true;
}

AllocCount
StopCounting()
{
    g_counting = false;
    return {g_allocations.load(), g_deallocations.load(), uint64_t(g_peakLiveBytes.load())};
}

} // namespace test
} // namespace seqex

// clang-format off
void* operator new(std::size_t n) { return Allocate(n, kDefault, false); }
void* operator new[](std::size_t n) { return Allocate(n, kDefault, false); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n, kDefault, true); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n, kDefault, true); }
void* operator new(std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a), false); }
void* operator new[](std::size_t n, std::align_val_t a) { return Allocate(n, static_cast<std::size_t>(a), false); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return Allocate(n, static_cast<std::size_t>(a), true); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return Allocate(n, static_cast<std::size_t>(a), true); }

void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, std::size_t) noexcept { Free(p); }
void operator delete[](void* p, std::size_t) noexcept { Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete(void* p, std::align_val_t) noexcept { Free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { Free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { Free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { Free(p); }
// clang-format on
