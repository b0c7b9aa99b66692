// Group `replies`: replies and the linkage both peers must agree on (SPEC R6, 7.2).
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddReplyCases(CaseRegistry& r)
{
    r.Add("R6.reply-linked", "a reply to our packet is delivered with re naming it",
          "SPEC R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("recv 1 R 0 1 b0", {"deliver 0 0 b0 re 1"}, "ok");
              s.Expect("recv 2 R 1 0 b1", {"deliver 1 0 b1 re 0"}, "ok");
          });

    r.Add("R6.seq-cst-reply-linked", "a seq_cst reply to our packet is delivered as seq_cst with re",
          "SPEC R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 1 a0", {"tx PC 0 a0"}, "ok 0");
              s.Expect("recv 1 RC 0 0 b0", {"deliver 0 1 b0 re 0"}, "ok");
          });

    r.Add("R6.reply-to-nothing", "a reply naming nothing we sent is delivered like a payload",
          "SPEC R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 R 0 5 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 1 RC 1 9 b1", {"deliver 1 1 b1"}, "ok");
          });

    r.Add("R6.reply-to-acked", "a reply naming a packet already resolved by an Ack is delivered like a payload",
          "SPEC R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 A 0", {"acked 0"}, "ok");
              s.Expect("recv 2 R 0 0 b0", {"deliver 0 0 b0"}, "ok");
          });

    r.Add("R6.second-reply-same-re", "a second reply naming the same packet is delivered like a payload",
          "SPEC R6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 R 0 0 b0", {"deliver 0 0 b0 re 0"}, "ok");
              s.Expect("recv 2 R 1 0 b1", {"deliver 1 0 b1"}, "ok");
          });

    r.Add("R6.our-reply-names-re", "our reply names the delivered packet it answers",
          "SPEC R6, 7.2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("recv 1 P 1 b1", {"deliver 1 0 b1"}, "ok");
              s.Expect("reply 2 1 0 c1", {"tx R 2 1 c1"}, "ok 2");
              s.Expect("reply 3 0 1 c0", {"tx RC 3 0 c0"}, "ok 3");
          });

    r.Add("R6.reply-chain", "an exchange of several replies keeps its linkage and ends with an Ack",
          "SPEC R6, 7.2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 R 0 0 b0", {"deliver 0 0 b0 re 0"}, "ok");
              s.Expect("reply 2 0 0 a1", {"tx R 1 0 a1"}, "ok 1");
              s.Expect("recv 3 RC 1 1 b1", {"deliver 1 1 b1 re 1"}, "ok");
              s.Expect("reply 4 1 1 a2", {"tx RC 2 1 a2"}, "ok 2");
              s.Expect("recv 5 R 2 2 b2", {"deliver 2 0 b2 re 2"}, "ok");
              s.Expect("ack 6 2", {"tx A 2"}, "ok");
              s.Expect("tick 1000", {}, "ok *");
          });
}

} // namespace conformance
} // namespace seqex
