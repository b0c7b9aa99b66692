// Per-instance configuration (SPEC §3).
#ifndef SEQEX_CONFIG_H
#define SEQEX_CONFIG_H

#include "seqex-seq.h"

#include <cstdint>
#include <string>

namespace seqex
{

// Largest window an instance accepts. The rings are sized in powers of two
// that must divide 2^32 for seq-indexed slots to survive wraparound.
constexpr uint32_t kMaxWindow = 1u << 16;

struct Config
{
    // Run-time: Endpoint::SetResendInterval changes it at any moment.
    TimeMs resendIntervalMs = 250;
    // Fixed at construction: both peers must agree (no handshake).
    Seq initialSeq = 0;
    // Fixed at construction: send budget and receive acceptance window.
    uint32_t window = 64;
};

// Empty when the configuration is usable; otherwise names the bad field.
inline std::string
ValidateConfig(const Config& c)
{
    if (c.resendIntervalMs <= 0)
    {
        return "resendIntervalMs must be > 0 (got " + std::to_string(c.resendIntervalMs) + ")";
    }
    if (c.window < 2 || c.window > kMaxWindow)
    {
        return "window must be in 2.." + std::to_string(kMaxWindow) + " (got " +
               std::to_string(c.window) + ")";
    }
    return {};
}

// S6: new exchanges may use at most this much of the budget; the rest is kept
// for answers, so that two peers starting exchanges at once never deadlock.
constexpr uint32_t
PayloadBudget(uint32_t window)
{
    uint32_t keep = window / 8 > 1 ? window / 8 : 1;
    return window - keep;
}

} // namespace seqex

#endif
