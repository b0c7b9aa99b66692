// The case library, one file per group. The group numbers and names are
// fixed here; a group file adds its cases in order, and a case's id is
// "<group>.<position in its group>".
#ifndef SEQEX_CASES_H
#define SEQEX_CASES_H

#include "seqex-case.h"
#include "seqex-script.h"

namespace seqex
{
namespace conformance
{

void AddAllCaseGroups(CaseRegistry& r);

void AddAdapterCases(CaseRegistry& r);        // 1  adapter protocol basics
void AddSendingCases(CaseRegistry& r);        // 2  S1, data
void AddRetransmissionCases(CaseRegistry& r); // 3  S3
void AddResolutionCases(CaseRegistry& r);     // 4  S2, R7
void AddDuplicateCases(CaseRegistry& r);      // 5  R1, R5
void AddReplyCases(CaseRegistry& r);          // 6  R6
void AddAnswerCases(CaseRegistry& r);         // 7  R8, answer handles
void AddSeqCstCases(CaseRegistry& r);         // 8  R3, R4
void AddWindowCases(CaseRegistry& r);         // 9  R2, S4, S5, S6
void AddWraparoundCases(CaseRegistry& r);     // 10 §2 across 2^32
void AddTimerCases(CaseRegistry& r);          // 11 the tick answer
void AddNetworkCases(CaseRegistry& r);        // 12 §7 through impaired links

// A fresh IUT instance after "init 0 resend seq0 window".
Script StartIut(CaseContext& c, TimeMs resendMs = 250, Seq seq0 = 0, uint32_t window = 64,
                const std::string& label = "iut");

} // namespace conformance
} // namespace seqex

#endif
