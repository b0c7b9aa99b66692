// Group `timers`: the answer to tick, "ok <next-timer-time>" or "ok none", which
// a driver uses to know when to tick next. CONFORMANCE-ADAPTER: once nothing
// is unresolved an implementation SHOULD answer "none"; a timer still armed
// then, that fires and sends nothing, is allowed. So "none" is a SHOULD
// (idle-none, none-when-resolved), and what a MUST backs is that no timer
// is missing while a packet is unresolved (S3 through the tick answer) and
// that a leftover timer sends nothing (S3: a resolved packet MUST NOT be
// retransmitted).
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

namespace
{

// The time a tick answered, or nullopt for "ok none".
std::optional<uint64_t>
TickAnswer(Script& s, TimeMs t, const std::vector<std::string>& events)
{
    return s.Expect("tick " + std::to_string(t), events, "ok *").terminator.value;
}

void
RequireTimer(std::optional<uint64_t> next, TimeMs t, TimeMs due)
{
    std::string at = "tick " + std::to_string(t);
    Require(next.has_value(), "\"" + at + "\": a packet is unresolved (due at " + std::to_string(due) +
                                  "), so tick must answer a time, not \"ok none\"");
    Require(TimeMs(*next) > t && TimeMs(*next) <= due,
            "\"" + at + "\": answered " + std::to_string(*next) + "; the next timer must be after " +
                std::to_string(t) + " and no later than the due retransmission at " + std::to_string(due));
}

} // namespace

void
AddTimerCases(CaseRegistry& r)
{
    r.Add("tick.idle-none", "an idle instance answers tick with \"ok none\"",
          "adapter protocol: tick (SHOULD)",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("tick 0", {}, "ok none");
              s.Expect("tick 1000", {}, "ok none");
          });

    r.Add("tick.no-later-than-due", "while a packet is unresolved, tick answers a time after t and no later than it is due",
          "adapter protocol: tick; SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              RequireTimer(TickAnswer(s, 10, {}), 10, 250);
              RequireTimer(TickAnswer(s, 250, {"tx P 0 a0"}), 250, 500);
              s.Expect("send 300 0 a1", {"tx P 1 a1"}, "ok 1");
              RequireTimer(TickAnswer(s, 310, {}), 310, 500);
              // Our payload resolved, our reply to the peer's packet not yet:
              // the reply's timer must still be there.
              s.Expect("recv 320 A 0", {"acked 0"}, "ok");
              s.Expect("recv 330 A 1", {"acked 1"}, "ok");
              s.Expect("recv 340 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 350 0 0 c0", {"tx R 2 0 c0"}, "ok 2");
              RequireTimer(TickAnswer(s, 360, {}), 360, 600);
          });

    r.Add("tick.exact-next", "tick answers exactly the time of the next retransmission",
          "adapter protocol: tick",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 100 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("tick 110", {}, "ok 250");
              s.Expect("tick 250", {"tx P 0 a0"}, "ok 350");
              s.Expect("tick 350", {"tx P 1 a1"}, "ok 500");
              s.Expect("recv 360 A 0", {"acked 0"}, "ok");
              s.Expect("tick 400", {}, "ok 600");
          });

    r.Add("tick.none-when-resolved", "once everything is resolved, tick answers \"ok none\"",
          "adapter protocol: tick (SHOULD)",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 2 0 0 c0", {"tx R 1 0 c0"}, "ok 1");
              s.Expect("recv 3 A 0", {"acked 0"}, "ok");
              s.Expect("tick 4", {}, "ok *"); // our reply's timer, still needed
              s.Expect("recv 5 A 1", {"acked 1"}, "ok");
              s.Expect("tick 6", {}, "ok none");
          });

    r.Add("S3.leftover-timer-silent", "a timer still armed once everything is resolved fires and sends nothing",
          "SPEC S3; adapter protocol: tick",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 2 0 0 c0", {"tx R 1 0 c0"}, "ok 1");
              s.Expect("recv 3 A 0", {"acked 0"}, "ok");
              s.Expect("tick 4", {}, "ok *");
              s.Expect("recv 5 A 1", {"acked 1"}, "ok");
              // Follow whatever timer it still answers, for a few firings.
              TimeMs t = 6;
              for (int k = 0; k < 4; ++k)
              {
                  std::optional<uint64_t> next = TickAnswer(s, t, {});
                  if (!next)
                  {
                      return;
                  }
                  Require(TimeMs(*next) > t, "\"tick " + std::to_string(t) + "\": answered " +
                                                 std::to_string(*next) + ", not a time after t");
                  t = TimeMs(*next);
              }
          });

    r.Add("tick.waiting-deliveries-no-timer", "deliveries waiting for an answer set no timer",
          "adapter protocol: tick",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 0 PC 2 b2", {}, "ok");
              s.Expect("tick 1", {}, "ok none");
          });
}

} // namespace conformance
} // namespace seqex
