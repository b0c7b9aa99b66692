// Group `sending`: sending (SPEC S1) and data passing through unchanged.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

namespace
{

std::string
AllByteValues()
{
    Bytes b;
    for (int i = 0; i < 256; ++i)
    {
        b.push_back(uint8_t(i));
    }
    return ToHex(b);
}

} // namespace

void
AddSendingCases(CaseRegistry& r)
{
    r.Add("S1.first-seq-in-send-answer", "the first send takes seq0 and is transmitted in the answer to send",
          "SPEC S1; adapter protocol: first tx",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 68656c6c6f", {"tx P 0 68656c6c6f"}, "ok 0");
          });

    r.Add("S1.consecutive-seqs", "sends take consecutive seqs; seq_cst sends go out as PC",
          "SPEC S1",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 1 a1", {"tx PC 1 a1"}, "ok 1");
              s.Expect("send 5 1 a2", {"tx PC 2 a2"}, "ok 2");
              s.Expect("send 9 0 a3", {"tx P 3 a3"}, "ok 3");
          });

    r.Add("S1.initial-seq", "seqs start at the initial seq of init",
          "SPEC S1, 3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 1000);
              s.Expect("send 0 0 a0", {"tx P 1000 a0"}, "ok 1000");
              s.Expect("send 0 1 a1", {"tx PC 1001 a1"}, "ok 1001");
              s.Expect("recv 1 P 1000 b0", {"deliver 1000 0 b0"}, "ok");
          });

    r.Add("S1.replies-share-seqs", "replies take their seq from the same sequence as payloads",
          "SPEC S1",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("recv 1 P 0 b0", {"deliver 0 0 b0"}, "ok");
              s.Expect("reply 2 0 0 c0", {"tx R 1 0 c0"}, "ok 1");
              s.Expect("send 3 0 a1", {"tx P 2 a1"}, "ok 2");
          });

    r.Add("sec7.empty-data", "empty data is sent and delivered as \"-\"",
          "SPEC 7.1 (data unchanged); adapter protocol: data",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 -", {"tx P 0 -"}, "ok 0");
              s.Expect("recv 1 P 0 -", {"deliver 0 0 -"}, "ok");
              s.Expect("reply 2 0 1 -", {"tx RC 1 0 -"}, "ok 1");
          });

    r.Add("sec7.every-byte-value", "every byte value passes unchanged, both ways",
          "SPEC 7.1 (data unchanged)",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              std::string all = AllByteValues();
              std::string big;
              for (int i = 0; i < 6; ++i)
              {
                  big += all; // 1536 bytes
              }
              s.Expect("send 0 0 " + all, {"tx P 0 " + all}, "ok 0");
              s.Expect("send 0 1 " + big, {"tx PC 1 " + big}, "ok 1");
              s.Expect("recv 1 P 0 " + big, {"deliver 0 0 " + big}, "ok");
              s.Expect("recv 1 R 1 0 " + all, {"deliver 1 0 " + all + " re 0"}, "ok");
          });
}

} // namespace conformance
} // namespace seqex
