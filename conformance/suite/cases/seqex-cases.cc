#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddAllCaseGroups(CaseRegistry& r)
{
    r.Group("adapter", "Adapter protocol basics");
    AddAdapterCases(r);
    r.Group("sending", "Sending: sequence numbers and data (S1)");
    AddSendingCases(r);
    r.Group("retransmission", "Retransmission (S3)");
    AddRetransmissionCases(r);
    r.Group("resolution", "Resolution and acks (S2, R7)");
    AddResolutionCases(r);
    r.Group("duplicates", "Exactly-once under duplicates (R1, R5)");
    AddDuplicateCases(r);
    r.Group("replies", "Replies and their linkage (R6)");
    AddReplyCases(r);
    r.Group("answers", "Answering deliveries (R8)");
    AddAnswerCases(r);
    r.Group("seq-cst", "seq_cst order and lock (R3, R4)");
    AddSeqCstCases(r);
    r.Group("window", "Windows (R2, S4, S5, S6, SPEC 3)");
    AddWindowCases(r);
    r.Group("wraparound", "Sequence numbers across 2^32 (SPEC 2)");
    AddWraparoundCases(r);
    r.Group("timers", "The tick answer: next timer");
    AddTimerCases(r);
    r.Group("network", "Impaired networks, SPEC 7 invariants");
    AddNetworkCases(r);
    r.Group("extensions", "Extensions beyond the v1 adapter contract (skipped when refused)");
    AddExtensionCases(r);
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
