// Marks a function that the packet path rarely takes (duplicates, growth):
// kept out of line so the hot callers stay small enough to be inlined.
#ifndef SEQEX_COLD_H
#define SEQEX_COLD_H

#if defined(__GNUC__) || defined(__clang__)
#define SEQEX_COLD __attribute__((cold, noinline))
#elif defined(_MSC_VER)
#define SEQEX_COLD __declspec(noinline)
#else
#define SEQEX_COLD
#endif

#endif
