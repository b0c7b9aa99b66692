#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddAllCaseGroups(CaseRegistry& r)
{
    r.Group(1, "adapter", "Adapter protocol basics");
    AddAdapterCases(r);
    r.Group(2, "sending", "Sending: sequence numbers and data (S1)");
    AddSendingCases(r);
    r.Group(3, "retransmission", "Retransmission (S3)");
    AddRetransmissionCases(r);
    r.Group(4, "resolution", "Resolution and acks (S2, R7)");
    AddResolutionCases(r);
    r.Group(5, "duplicates", "Exactly-once under duplicates (R1, R5)");
    AddDuplicateCases(r);
    r.Group(6, "replies", "Replies and their linkage (R6)");
    AddReplyCases(r);
    r.Group(7, "answers", "Answering deliveries (R8)");
    AddAnswerCases(r);
    r.Group(8, "seq-cst", "seq_cst order and lock (R3, R4)");
    AddSeqCstCases(r);
    r.Group(9, "window", "Windows (R2, S4, S5, S6)");
    AddWindowCases(r);
    r.Group(10, "wraparound", "Sequence numbers across 2^32 (SPEC 2)");
    AddWraparoundCases(r);
    r.Group(11, "timers", "The tick answer: next timer");
    AddTimerCases(r);
    r.Group(12, "network", "Impaired networks, SPEC 7 invariants");
    AddNetworkCases(r);
}

Script
StartIut(CaseContext& c, TimeMs resendMs, Seq seq0, uint32_t window, const std::string& label)
{
    Script s(c.SpawnIut(label));
    s.Init(0, resendMs, seq0, window);
    return s;
}

} // namespace conformance
} // namespace seqex
