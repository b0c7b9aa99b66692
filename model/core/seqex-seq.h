// Sequence-number arithmetic (SPEC §2): unsigned 32-bit, wrapping.
#ifndef SEQEX_SEQ_H
#define SEQEX_SEQ_H

#include "seqex-time.h"

#include <cstdint>

namespace seqex
{

using Seq = uint32_t;

// Distance from a forward to b, modulo 2^32.
constexpr uint32_t
SeqDistance(Seq a, Seq b)
{
    return b - a;
}

// SPEC §2: a is before b when (b - a) mod 2^32 is in 1 .. 2^31 - 1.
constexpr bool
SeqBefore(Seq a, Seq b)
{
    uint32_t d = b - a;
    return d >= 1 && d <= 0x7fffffffu;
}

} // namespace seqex

#endif
