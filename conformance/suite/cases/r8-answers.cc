// Group `answers`: answering deliveries (SPEC R8): every delivered packet is answered
// exactly once, and answers naming anything else are refused.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddAnswerCases(CaseRegistry& r)
{
    r.Add("R8.ack-sends-ack", "ack of a delivered packet sends Ack(seq)",
          "SPEC R8; adapter protocol: ack",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 0 PC 1 b1", {"deliver 1 1 b1"}, "ok");
              s.Expect("ack 1 1", {"tx A 1"}, "ok");
              s.Expect("ack 1 0", {"tx A 0"}, "ok");
          });

    r.Add("R8.answer-to-nothing", "answers naming nothing delivered are refused with err unknown",
          "SPEC R8; adapter protocol: reply, ack",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("ack 0 0", {}, "err unknown");
              s.Expect("reply 0 3 0 c0", {}, "err unknown");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("ack 2 1", {}, "err unknown");
              s.Expect("reply 2 4294967295 0 c0", {}, "err unknown");
              s.Expect("ack 3 0", {"tx A 0"}, "ok");
          });

    r.Add("R8.answer-twice", "a delivery answered once cannot be answered again",
          "SPEC R8",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 0 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("ack 1 0", {"tx A 0"}, "ok");
              s.Expect("ack 2 0", {}, "err unknown");
              s.Expect("reply 3 0 0 c0", {}, "err unknown");
              s.Expect("reply 4 1 0 c1", {"tx R 0 1 c1"}, "ok 0");
              s.Expect("reply 5 1 0 c2", {}, "err unknown");
              s.Expect("ack 6 1", {}, "err unknown");
          });

    r.Add("R8.answer-before-delivery", "a packet received but not yet delivered cannot be answered",
          "SPEC R8, R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 1 b1", {}, "ok");
              s.Expect("ack 1 1", {}, "err unknown");
              s.Expect("reply 2 1 0 c1", {}, "err unknown");
              s.Expect("recv 3 P 0 b0", {"deliver 0 0 b0", "deliver 1 1 b1"}, "ok");
              s.Expect("ack 4 1", {"tx A 1"}, "ok");
          });

    r.Add("R8.answer-own-seq", "our own packet's seq names no delivery",
          "SPEC R8",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("ack 1 0", {}, "err unknown");
              s.Expect("reply 1 0 0 c0", {}, "err unknown");
              s.Expect("tick 250", {"tx P 0 a0"}, "ok *");
          });
}

} // namespace conformance
} // namespace seqex
