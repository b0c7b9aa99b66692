// Group `seq-cst`: seq_cst order and the seq_cst lock (SPEC R4), and plain packets
// that never wait for either (R3).
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddSeqCstCases(CaseRegistry& r)
{
    r.Add("R3.plain-at-once", "plain packets are delivered at once, in any order",
          "SPEC R3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 2 b2", {"deliver 2 0 b2"}, "ok");
              s.Expect("recv 1 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("recv 2 P 0 b0", {"deliver 0 0 b0"}, "ok");
          });

    r.Add("R4.waits-for-lower", "a seq_cst packet waits for every lower seq",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 2 b2", {}, "ok");
              s.Expect("recv 1 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("recv 2 P 0 b0", {"deliver 0 0 b0", "deliver 2 1 b2"}, "ok");
          });

    r.Add("R4.waits-for-seq-cst-and-lock", "a seq_cst packet waits for a lower seq_cst one and for its lock",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 1 b1", {}, "ok");
              s.Expect("recv 1 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("ack 2 0", {"tx A 0", "deliver 1 1 b1"}, "ok");
          });

    r.Add("R4.lock-holds-next", "the seq_cst lock holds the next seq_cst packet until the answer",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 1 PC 1 b1", {}, "ok");
              s.Expect("tick 2", {}, "ok *");
              s.Expect("ack 3 0", {"tx A 0", "deliver 1 1 b1"}, "ok");
          });

    r.Add("R4.reply-releases-lock", "a reply releases the seq_cst lock like an ack",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 1 PC 1 b1", {}, "ok");
              s.Expect("reply 2 0 0 c0", {"tx R 0 0 c0", "deliver 1 1 b1"}, "ok 0");
          });

    r.Add("R3.lock-spares-plain", "the seq_cst lock does not hold back plain packets",
          "SPEC R3, R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 1 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("recv 2 PC 2 b2", {}, "ok");
              s.Expect("recv 3 R 3 7 b3", {"deliver 3 0 b3"}, "ok");
              s.Expect("ack 4 0", {"tx A 0", "deliver 2 1 b2"}, "ok");
          });

    r.Add("R4.one-per-answer", "waiting seq_cst packets are released one answer at a time",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 1 PC 2 b2", {}, "ok");
              s.Expect("recv 2 PC 1 b1", {}, "ok");
              s.Expect("ack 3 0", {"tx A 0", "deliver 1 1 b1"}, "ok");
              s.Expect("reply 4 1 1 c1", {"tx RC 0 1 c1", "deliver 2 1 b2"}, "ok 0");
              s.Expect("ack 5 2", {"tx A 2"}, "ok");
          });

    r.Add("R4.seq-cst-reply", "a seq_cst reply obeys order and lock like a seq_cst payload",
          "SPEC R4, R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 2 RC 1 0 b1", {}, "ok");
              s.Expect("ack 3 0", {"tx A 0", "deliver 1 1 b1 re 0"}, "ok");
          });

    r.Add("R4.filler-first", "a seq_cst packet released by a filled gap comes after the packets that filled it",
          "SPEC R4",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 3 b3", {}, "ok");
              s.Expect("recv 1 P 2 b2", {"deliver 2 0 b2"}, "ok");
              s.Expect("recv 2 PC 1 b1", {}, "ok");
              s.Expect("recv 3 P 0 b0", {"deliver 0 0 b0", "deliver 1 1 b1"}, "ok");
              s.Expect("ack 4 1", {"tx A 1", "deliver 3 1 b3"}, "ok");
          });
}

} // namespace conformance
} // namespace seqex
