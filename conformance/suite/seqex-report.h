// Reports of a suite run: a readable summary (per group and case, with the
// transcript, notes and adapter stderr of every case that did not pass),
// JSON for tools, and JUnit XML for CI systems. SHOULD failures are
// warnings: in JUnit they pass with a WARNING in system-out.
#ifndef SEQEX_REPORT_H
#define SEQEX_REPORT_H

#include "seqex-suite-runner.h"

#include <string>

namespace seqex
{
namespace conformance
{

// The suite's version, in every report (and the HTML page).
extern const char* const kSuiteVersion;

std::string TextReport(const SuiteResult& result);
std::string JsonReport(const SuiteResult& result);
std::string JunitReport(const SuiteResult& result);

// The self-check summary: the reference's result and, per fault, the MUST
// cases that caught it; ends with "caught N/M faults".
std::string SelfCheckReport(const SelfCheckResult& result);

// Escaping for untrusted text (adapter output can be any bytes); JSON's is
// seqex::JsonString (util/seqex-json.h).
std::string XmlText(const std::string& s);

bool WriteFile(const std::string& path, const std::string& text, std::string& error);

} // namespace conformance
} // namespace seqex

#endif
