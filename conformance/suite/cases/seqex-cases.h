// The case library, one file per group, each file named by the rules its
// cases check. The groups and their order are fixed here; every case's id
// names its rule ("R5.dup-of-acked") and never depends on its position.
#ifndef SEQEX_CASES_H
#define SEQEX_CASES_H

#include "seqex-case.h"
#include "seqex-script.h"

namespace seqex
{
namespace conformance
{

void AddAllCaseGroups(CaseRegistry& r);

void AddAdapterCases(CaseRegistry& r);        // adapter-protocol.cc   adapter protocol basics
void AddSendingCases(CaseRegistry& r);        // s1-sending.cc         S1, data
void AddRetransmissionCases(CaseRegistry& r); // s3-retransmission.cc  S3
void AddResolutionCases(CaseRegistry& r);     // s2-r7-resolution.cc   S2, R7
void AddDuplicateCases(CaseRegistry& r);      // r1-r5-duplicates.cc   R1, R5
void AddReplyCases(CaseRegistry& r);          // r6-replies.cc         R6
void AddAnswerCases(CaseRegistry& r);         // r8-answers.cc         R8, answer handles
void AddSeqCstCases(CaseRegistry& r);         // r3-r4-seq-cst.cc      R3, R4
void AddWindowCases(CaseRegistry& r);         // r2-s4-s6-window.cc    R2, S4, S5, S6, SPEC 3
void AddWraparoundCases(CaseRegistry& r);     // sec2-wraparound.cc    SPEC 2 across 2^32
void AddTimerCases(CaseRegistry& r);          // adapter-tick.cc       the tick answer
void AddNetworkCases(CaseRegistry& r);        // sec7-network.cc       SPEC 6, 7 through impaired links
void AddExtensionCases(CaseRegistry& r);      // ext-address-probe.cc  extension commands (may be refused)

// A fresh IUT instance after "init 0 resend seq0 window".
Script StartIut(CaseContext& c, TimeMs resendMs = 250, Seq seq0 = 0, uint32_t window = 64,
                const std::string& label = "iut");

} // namespace conformance
} // namespace seqex

#endif
