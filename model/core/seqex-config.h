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

// Longest resend interval: one day. SPEC §3 names no bound, but an interval
// near the end of the clock would put every timer there; a day is longer
// than any useful interval and keeps every timer sum far from overflow.
constexpr TimeMs kMaxResendIntervalMs = 24 * 60 * 60 * 1000;

// Empty when `ms` is a usable resend interval (1 .. kMaxResendIntervalMs);
// otherwise says why, naming `field`.
inline std::string
ValidateResendInterval(TimeMs ms, const std::string& field = "resendIntervalMs")
{
    if (ms <= 0 || ms > kMaxResendIntervalMs)
    {
        return field + " must be in 1.." + std::to_string(kMaxResendIntervalMs) + " ms (got " +
               std::to_string(ms) + ")";
    }
    return {};
}

// How the resend timeout is chosen (seqex-resend-timer.h).
enum class ResendMode : uint8_t
{
    Fixed,    // resendIntervalMs, always (SPEC §3, the default)
    Adaptive, // RFC 6298 from measured round trips, starting at resendIntervalMs
};

constexpr const char*
ResendModeName(ResendMode m)
{
    return m == ResendMode::Adaptive ? "adaptive" : "fixed";
}

// Most doublings of one packet's adaptive timeout (2^16 times a day still
// fits a TimeMs).
constexpr uint32_t kMaxResendBackoffCap = 16;

struct Config
{
    // Run-time: Endpoint::SetResendInterval changes it at any moment. In
    // adaptive mode it is the start value (and the RTO until the next sample).
    TimeMs resendIntervalMs = 250;
    // Fixed at construction: Fixed or Adaptive, and the adaptive timeout's
    // bounds: floor and ceiling of the RTO, and how many times one packet's
    // timeout may double on repeated timeouts.
    ResendMode resendMode = ResendMode::Fixed;
    TimeMs resendFloorMs = 20;
    TimeMs resendCeilingMs = 60000;
    uint32_t resendBackoffCap = 6;
    // Fixed at construction: both peers must agree (no handshake).
    Seq initialSeq = 0;
    // Fixed at construction: send budget and receive acceptance window.
    uint32_t window = 64;
};

// Empty when the configuration is usable; otherwise names the bad field.
inline std::string
ValidateConfig(const Config& c)
{
    std::string interval = ValidateResendInterval(c.resendIntervalMs);
    if (!interval.empty())
    {
        return interval;
    }
    if (c.resendMode != ResendMode::Fixed && c.resendMode != ResendMode::Adaptive)
    {
        return "resendMode must be Fixed or Adaptive (got " + std::to_string(int(c.resendMode)) + ")";
    }
    std::string floor = ValidateResendInterval(c.resendFloorMs, "resendFloorMs");
    if (!floor.empty())
    {
        return floor;
    }
    if (c.resendCeilingMs < c.resendFloorMs || c.resendCeilingMs > kMaxResendIntervalMs)
    {
        return "resendCeilingMs must be in resendFloorMs.." + std::to_string(kMaxResendIntervalMs) + " (" +
               std::to_string(c.resendFloorMs) + ".., got " + std::to_string(c.resendCeilingMs) + ")";
    }
    if (c.resendBackoffCap > kMaxResendBackoffCap)
    {
        return "resendBackoffCap must be in 0.." + std::to_string(kMaxResendBackoffCap) + " (got " +
               std::to_string(c.resendBackoffCap) + ")";
    }
    if (c.window < 2 || c.window > kMaxWindow)
    {
        return "window must be in 2.." + std::to_string(kMaxWindow) + " (got " +
               std::to_string(c.window) + ")";
    }
    return {};
}

// S6: new exchanges may use at most this much of the budget. An exchange can
// hold a unit at both peers at once (a packet in flight at one, its reserved
// answer at the other, and so on down the chain), so if the two peers' own
// exchanges could together outnumber W, every unit of both could end up held
// by exchanges waiting on each other, and the next payload at the head of
// either receive order would wait for a unit forever, with seq_cst packets
// and the receive window (R2) stuck behind it. Keeping each side to W/2
// leaves every peer a unit for the other's next payload.
constexpr uint32_t
PayloadBudget(uint32_t window)
{
    return window / 2;
}

// An unresolved packet sent this many times again without an answer is
// presumed delivered and held by the peer's application, rather than lost
// that often: peerNext moves past it, so unrelated exchanges keep going
// while one answer is held (doc/core.md, "The peer's window").
constexpr uint8_t kPresumedHeldAfterResends = 3;

// A new payload leaves one unit of the peer's window per this many of our
// packets in flight for the answers to the replies they will draw: fewer
// of those replies wait for room (and are retransmitted meanwhile), at the
// price of fewer payloads while a loss pins peerNext (doc/core.md, "The
// peer's window", has the measured trade-off).
constexpr uint32_t kInFlightPerAnswerRoom = 4;

} // namespace seqex

#endif
