// Runs exactly N cycles of seqex-cycle-steps.h (the cycle BM_Cycle times)
// and prints the wall time per cycle. Its point is a fixed amount of work:
// under callgrind (bench/count-cycle-instructions.sh) two runs of different
// N give the instructions of one cycle, a figure that, unlike a timing, does
// not move with the load on a shared machine.
#include "seqex-cycle-steps.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int
main(int argc, char** argv)
{
    using namespace seqex;
    char* end = nullptr;
    long long n = argc == 2 ? std::strtoll(argv[1], &end, 10) : 0;
    if (argc != 2 || end == argv[1] || *end != '\0' || n < 2 || n > 1000000000000LL)
    {
        std::fprintf(stderr,
                     "usage: %s CYCLES   (CYCLES: an integer in 2 .. 10^12, got %s)\n",
                     argv[0],
                     argc >= 2 ? argv[1] : "nothing");
        return 2;
    }
    Config cfg;
    bench::CycleEndpoint a(cfg);
    bench::CycleEndpoint b(cfg);
    uint64_t sum = 0;
    bool ok = true;
    auto start = std::chrono::steady_clock::now();
    for (uint64_t value = 0; value < static_cast<uint64_t>(n); ++value)
    {
        ok &= bench::RunCycle(a, b, value, sum);
    }
    auto stop = std::chrono::steady_clock::now();
    if (!ok || !bench::CyclesCompleted(a, b, n, sum))
    {
        std::fprintf(stderr, "seqex-cycle-count: the cycles did not complete every exchange\n");
        return 1;
    }
    double ns = std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(n);
    std::printf("cycles=%lld ns_per_cycle=%.2f cycles_per_second=%.1fM\n", n, ns, 1e3 / ns);
    return 0;
}
