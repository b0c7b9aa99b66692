// Group `retransmission`: retransmission (SPEC S3): not early, on time, unchanged, every
// interval, and never after resolution. Ticks land exactly on due times, so
// no case depends on how an implementation schedules a late tick.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddRetransmissionCases(CaseRegistry& r)
{
    r.Add("S3.not-before-interval", "no retransmission before the resend interval has passed",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("tick 0", {}, "ok *");
              s.Expect("tick 100", {}, "ok *");
              s.Expect("tick 249", {}, "ok *");
          });

    r.Add("S3.once-after-interval", "an unresolved packet is retransmitted once when its interval has passed",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("tick 250", {"tx P 0 a0"}, "ok *");
          });

    r.Add("S3.unchanged-every-kind", "retransmissions are unchanged for every kind (P, PC, R, RC)",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 10 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("recv 10 PC 1 b1", {"deliver 1 1 b1"}, "ok");
              s.Expect("reply 10 1 1 c1", {"tx RC 1 1 c1"}, "ok 1");
              s.Expect("send 10 1 a2", {"tx PC 2 a2"}, "ok 2");
              s.Expect("send 10 0 -", {"tx P 3 -"}, "ok 3");
              s.Expect("tick 260", {"tx R 0 0 c0", "tx RC 1 1 c1", "tx PC 2 a2", "tx P 3 -"}, "ok *");
          });

    r.Add("S3.every-interval", "an unresolved packet is retransmitted every interval",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 1 a0", {"tx PC 0 a0"}, "ok 0");
              s.Expect("tick 250", {"tx PC 0 a0"}, "ok *");
              s.Expect("tick 499", {}, "ok *");
              // For as long as it stays unresolved: 20 intervals, well past
              // any "give up after a few tries" an implementation may have.
              for (int k = 2; k <= 20; ++k)
              {
                  s.Expect("tick " + std::to_string(250 * k), {"tx PC 0 a0"}, "ok *");
              }
          });

    r.Add("S3.second-tick-same-time", "a second tick at the same time does not retransmit again",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("tick 250", {"tx P 0 a0"}, "ok *");
              s.Expect("tick 250", {}, "ok *");
              s.Expect("tick 300", {}, "ok *");
          });

    r.Add("S3.own-timer-per-packet", "each packet keeps its own timer",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 100 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("tick 250", {"tx P 0 a0"}, "ok *");
              s.Expect("tick 349", {}, "ok *");
              s.Expect("tick 350", {"tx P 1 a1"}, "ok *");
              s.Expect("tick 500", {"tx P 0 a0"}, "ok *");
          });

    r.Add("S3.init-resend-interval", "the resend interval of init is the one used",
          "SPEC S3, 3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 40);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("tick 39", {}, "ok *");
              s.Expect("tick 40", {"tx P 0 a0"}, "ok *");
              s.Expect("tick 80", {"tx P 0 a0"}, "ok *");
          });

    r.Add("S3.not-after-ack", "a packet resolved by an Ack is never retransmitted",
          "SPEC S3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("tick 250", {"tx P 0 a0", "tx P 1 a1"}, "ok *");
              s.Expect("recv 300 A 0", {"acked 0"}, "ok");
              s.Expect("tick 500", {"tx P 1 a1"}, "ok *");
              s.Expect("recv 600 A 1", {"acked 1"}, "ok");
              s.Expect("tick 750", {}, "ok *");
              s.Expect("tick 5000", {}, "ok *");
          });

    r.Add("S3.not-after-reply", "a packet resolved by a reply is never retransmitted",
          "SPEC S3, S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 100 R 0 0 b0", {"deliver 0 0 b0 re 0"}, "ok");
              s.Expect("tick 250", {}, "ok *");
              s.Expect("tick 5000", {}, "ok *");
          });

    r.Add("S3.reply-until-acked", "a reply is retransmitted until the peer's Ack resolves it",
          "SPEC S3, S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 0 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("tick 250", {"tx R 0 0 c0"}, "ok *");
              s.Expect("recv 260 A 0", {"acked 0"}, "ok");
              s.Expect("tick 500", {}, "ok *");
          });

    r.Add("S3.reply-answered-by-reply", "a reply answered by a further reply is not retransmitted",
          "SPEC S3, S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 0 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("recv 100 R 1 0 b1", {"deliver 1 0 b1 re 0"}, "ok");
              s.Expect("tick 250", {}, "ok *");
          });

    r.Add("R6.waiting-reply-resolves", "a reply that must wait still resolves its packet on arrival",
          "SPEC R6",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              // The peer's seq 1 answers our 0, but seq_cst waits for its seq 0.
              s.Expect("recv 100 RC 1 0 b1", {}, "ok");
              s.Expect("tick 250", {}, "ok *");
              s.Expect("recv 300 P 0 b0", {"deliver 0 0 b0", "deliver 1 1 b1 re 0"}, "ok");
          });
}

} // namespace conformance
} // namespace seqex
