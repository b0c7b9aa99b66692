// Group `resolution`: resolution of our packets by Acks (SPEC S2) and Acks that name
// nothing (R7).
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddResolutionCases(CaseRegistry& r)
{
    r.Add("S2.ack-resolves", "an Ack resolves our packet and is reported as acked",
          "SPEC S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 10 A 0", {"acked 0"}, "ok");
          });

    r.Add("S2.acks-any-order", "Acks resolve packets in any order",
          "SPEC S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 1 a1", {"tx PC 1 a1"}, "ok 1");
              s.Expect("send 0 0 a2", {"tx P 2 a2"}, "ok 2");
              s.Expect("recv 10 A 2", {"acked 2"}, "ok");
              s.Expect("recv 20 A 0", {"acked 0"}, "ok");
              s.Expect("tick 250", {"tx PC 1 a1"}, "ok *");
              s.Expect("recv 260 A 1", {"acked 1"}, "ok");
          });

    r.Add("R7.ack-of-nothing", "an Ack naming nothing ever sent is ignored",
          "SPEC R7",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 A 7", {}, "ok");
              s.Expect("send 1 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 2 A 4000000000", {}, "ok");
              s.Expect("recv 3 A 0", {"acked 0"}, "ok");
          });

    r.Add("R7.second-ack", "a second Ack of a resolved packet is ignored",
          "SPEC R7",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 10 A 0", {"acked 0"}, "ok");
              s.Expect("recv 20 A 0", {}, "ok");
              s.Expect("tick 250", {}, "ok *");
          });

    r.Add("R7.ack-after-reply", "an Ack of a packet already resolved by a reply is ignored",
          "SPEC R7",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 10 R 0 0 b0", {"deliver 0 0 b0 re 0"}, "ok");
              s.Expect("recv 20 A 0", {}, "ok");
          });

    r.Add("R7.ack-of-unused-seq", "an Ack naming a seq not yet used resolves nothing, then or later",
          "SPEC R7",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 10 A 1", {}, "ok");
              s.Expect("send 20 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("tick 270", {"tx P 0 a0", "tx P 1 a1"}, "ok *");
          });

    r.Add("S2.ack-of-our-reply", "the peer's Ack of our reply is reported as acked",
          "SPEC S2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 2 0 0 c0", {"tx R 1 0 c0"}, "ok 1");
              s.Expect("recv 3 A 1", {"acked 1"}, "ok");
              s.Expect("recv 4 A 0", {"acked 0"}, "ok");
          });
}

} // namespace conformance
} // namespace seqex
