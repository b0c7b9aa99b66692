// Group `wraparound`: sequence numbers across 2^32 (SPEC 2): both peers start two
// seqs below the wrap, so every rule is exercised on both sides of it.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

namespace
{

constexpr Seq kSeq0 = 4294967294u; // 2^32 - 2
const std::string kM2 = "4294967294";
const std::string kM1 = "4294967295";

Script
StartNearWrap(CaseContext& c)
{
    return StartIut(c, 250, kSeq0, 8);
}

} // namespace

void
AddWraparoundCases(CaseRegistry& r)
{
    r.Add("sec2.consecutive-across-wrap", "sends take consecutive seqs across 2^32",
          "SPEC S1, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("send 0 0 a0", {"tx P " + kM2 + " a0"}, "ok " + kM2);
              s.Expect("send 0 1 a1", {"tx PC " + kM1 + " a1"}, "ok " + kM1);
              s.Expect("send 0 0 a2", {"tx P 0 a2"}, "ok 0");
              s.Expect("send 0 1 a3", {"tx PC 1 a3"}, "ok 1");
          });

    r.Add("sec2.delivery-across-wrap", "packets across 2^32 are delivered, in and out of order",
          "SPEC R2, R3, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("recv 0 P " + kM2 + " b0", {"deliver " + kM2 + " 0 b0"}, "ok");
              s.Expect("recv 1 P 0 b2", {"deliver 0 0 b2"}, "ok");
              s.Expect("recv 2 P " + kM1 + " b1", {"deliver " + kM1 + " 0 b1"}, "ok");
              s.Expect("recv 3 P 1 b3", {"deliver 1 0 b3"}, "ok");
          });

    r.Add("sec2.seq-cst-across-wrap", "seq_cst order holds across 2^32",
          "SPEC R4, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("recv 0 PC 0 b2", {}, "ok");
              s.Expect("recv 1 P " + kM1 + " b1", {"deliver " + kM1 + " 0 b1"}, "ok");
              s.Expect("recv 2 P " + kM2 + " b0", {"deliver " + kM2 + " 0 b0", "deliver 0 1 b2"}, "ok");
          });

    r.Add("sec2.resolution-across-wrap", "acks and replies resolve packets across 2^32",
          "SPEC S2, R6, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("send 0 0 a0", {"tx P " + kM2 + " a0"}, "ok " + kM2);
              s.Expect("send 0 0 a1", {"tx P " + kM1 + " a1"}, "ok " + kM1);
              s.Expect("send 0 0 a2", {"tx P 0 a2"}, "ok 0");
              s.Expect("recv 1 A 0", {"acked 0"}, "ok");
              s.Expect("recv 2 R " + kM2 + " " + kM1 + " b0", {"deliver " + kM2 + " 0 b0 re " + kM1}, "ok");
              s.Expect("tick 250", {"tx P " + kM2 + " a0"}, "ok *");
              s.Expect("reply 251 " + kM2 + " 0 c0", {"tx R 1 " + kM2 + " c0"}, "ok 1");
          });

    r.Add("sec2.dup-across-wrap", "duplicates from before 2^32 are acked again after it",
          "SPEC R5, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("recv 0 P " + kM2 + " b0", {"deliver " + kM2 + " 0 b0"}, "ok");
              s.Expect("ack 1 " + kM2, {"tx A " + kM2}, "ok");
              s.Expect("recv 2 P " + kM1 + " b1", {"deliver " + kM1 + " 0 b1"}, "ok");
              s.Expect("ack 3 " + kM1, {"tx A " + kM1}, "ok");
              s.Expect("recv 4 P 0 b2", {"deliver 0 0 b2"}, "ok");
              s.Expect("ack 5 0", {"tx A 0"}, "ok");
              s.Expect("recv 6 P " + kM1 + " b1", {"tx A " + kM1}, "ok");
              s.Expect("recv 7 P " + kM2 + " b0", {"tx A " + kM2}, "ok");
              s.Expect("recv 8 P 0 b2", {"tx A 0"}, "ok");
          });

    r.Add("sec2.window-across-wrap", "packets a window or more ahead across 2^32 are dropped, and delivered once in range",
          "SPEC R2, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("recv 0 P 6 b8", {}, "ok"); // 8 ahead of 2^32 - 2
              s.Expect("recv 1 P 100 b9", {}, "ok");
              s.Expect("recv 2 P " + kM2 + " b0", {"deliver " + kM2 + " 0 b0"}, "ok");
              s.Expect("recv 3 P " + kM1 + " b1", {"deliver " + kM1 + " 0 b1"}, "ok");
              s.Expect("recv 4 P 0 b2", {"deliver 0 0 b2"}, "ok");
              s.Expect("recv 5 P 1 b3", {"deliver 1 0 b3"}, "ok");
              s.Expect("recv 6 P 6 b8", {"deliver 6 0 b8"}, "ok");
          });

    r.Add("sec2.retransmit-across-wrap", "retransmissions carry their seqs across 2^32",
          "SPEC S3, 2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartNearWrap(c);
              s.Expect("send 0 0 a0", {"tx P " + kM2 + " a0"}, "ok " + kM2);
              s.Expect("send 0 1 a1", {"tx PC " + kM1 + " a1"}, "ok " + kM1);
              s.Expect("send 0 0 a2", {"tx P 0 a2"}, "ok 0");
              s.Expect("tick 250", {"tx P " + kM2 + " a0", "tx PC " + kM1 + " a1", "tx P 0 a2"}, "ok *");
          });
}

} // namespace conformance
} // namespace seqex
