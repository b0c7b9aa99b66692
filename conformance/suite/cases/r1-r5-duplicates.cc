// Group `duplicates`: exactly-once delivery under duplicates (SPEC R1) and the Ack a
// duplicate calls for (R5), in every state the duplicated packet can be in.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddDuplicateCases(CaseRegistry& r)
{
    r.Add("R5.dup-of-waiting", "a duplicate of a packet still waiting for delivery is dropped silently",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 1 b1", {}, "ok");
              s.Expect("recv 1 PC 1 b1", {}, "ok");
              s.Expect("recv 2 P 0 b0", {"deliver 0 0 b0", "deliver 1 1 b1"}, "ok");
              s.Expect("recv 3 PC 1 b1", {}, "ok");
          });

    r.Add("R5.dup-of-unanswered", "a duplicate of a delivered, unanswered packet is dropped silently",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 1 P 0 b0", {}, "ok");
              s.Expect("recv 2 P 0 b0", {}, "ok");
              s.Expect("ack 3 0", {"tx A 0"}, "ok");
          });

    r.Add("R5.dup-under-pending-reply", "a duplicate of a packet answered by a still unresolved reply is dropped silently",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 1 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("recv 2 P 0 b0", {}, "ok");
          });

    r.Add("R5.dup-of-acked", "a duplicate of a packet answered by Ack is acked again, every time",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("ack 1 0", {"tx A 0"}, "ok");
              s.Expect("recv 2 P 0 b0", {"tx A 0"}, "ok");
              s.Expect("recv 3 P 0 b0", {"tx A 0"}, "ok");
          });

    r.Add("R5.dup-of-reply-acked", "a duplicate of a packet whose reply was resolved by an Ack is acked again",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 1 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("recv 2 A 0", {"acked 0"}, "ok");
              s.Expect("recv 3 P 0 b0", {"tx A 0"}, "ok");
          });

    r.Add("R5.dup-of-reply-answered", "a duplicate of a packet whose reply was answered by a reply is acked again",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 1 0 0 c0", {"tx R 0 0 c0"}, "ok 0");
              s.Expect("recv 2 R 1 0 b1", {"deliver 1 0 b1 re 0"}, "ok");
              s.Expect("recv 3 P 0 b0", {"tx A 0"}, "ok");
              s.Expect("recv 4 R 1 0 b1", {}, "ok");
          });

    r.Add("R5.dup-of-out-of-order", "a packet delivered out of order is never delivered again, before or after the gap fills",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("recv 1 P 1 b1", {}, "ok");
              s.Expect("ack 2 1", {"tx A 1"}, "ok");
              s.Expect("recv 3 P 1 b1", {"tx A 1"}, "ok");
              s.Expect("recv 4 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 5 P 1 b1", {"tx A 1"}, "ok");
              s.Expect("recv 6 P 0 b0", {}, "ok");
          });

    r.Add("R5.old-dup-far-behind", "an old duplicate far behind the receive window is acked again",
          "SPEC R1, R2, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              for (int i = 0; i < 10; ++i)
              {
                  std::string seq = std::to_string(i);
                  s.Expect("recv " + seq + " P " + seq + " b0", {"deliver " + seq + " 0 b0"}, "ok");
                  s.Expect("ack " + seq + " " + seq, {"tx A " + seq}, "ok");
              }
              s.Expect("recv 20 P 0 b0", {"tx A 0"}, "ok");
              s.Expect("recv 21 P 5 b0", {"tx A 5"}, "ok");
          });

    // The address probe (an extension, doc/core.md) relies on this: a
    // payload 2^30 behind next_expected is "before" it by SPEC 2, hence a
    // duplicate (R2), and no state can hold it back, so R5 calls for an Ack.
    r.Add("R5.old-dup-quarter-space-behind", "a payload a quarter of the sequence space behind next_expected is acked",
          "SPEC 2, R2, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 3221225472 -", {"tx A 3221225472"}, "ok");
              for (int i = 0; i < 3; ++i)
              {
                  std::string seq = std::to_string(i);
                  s.Expect("recv 1 P " + seq + " b0", {"deliver " + seq + " 0 b0"}, "ok");
                  s.Expect("ack 1 " + seq, {"tx A " + seq}, "ok");
              }
              s.Expect("recv 2 P 3221225475 -", {"tx A 3221225475"}, "ok");
              s.Expect("recv 3 P 3 b3", {"deliver 3 0 b3"}, "ok");
          });

    r.Add("R5.dup-reply", "a duplicate reply is delivered once and resolves nothing twice",
          "SPEC R1, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 R 0 0 b0", {"deliver 0 0 b0 re 0"}, "ok");
              s.Expect("recv 2 R 0 0 b0", {}, "ok");
              s.Expect("ack 3 0", {"tx A 0"}, "ok");
              s.Expect("recv 4 R 0 0 b0", {"tx A 0"}, "ok");
          });

    r.Add("R5.dup-of-locked-seq-cst", "a duplicate of a seq_cst packet held by the lock is dropped silently",
          "SPEC R1, R4, R5",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 PC 0 b0", {"deliver 0 1 b0"}, "ok");
              s.Expect("recv 1 PC 1 b1", {}, "ok");
              s.Expect("recv 2 PC 1 b1", {}, "ok");
              s.Expect("ack 3 0", {"tx A 0", "deliver 1 1 b1"}, "ok");
              s.Expect("recv 4 PC 1 b1", {}, "ok");
              s.Expect("recv 5 PC 0 b0", {"tx A 0"}, "ok");
          });
}

} // namespace conformance
} // namespace seqex
