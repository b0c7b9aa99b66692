// Known failures for CI gating (--expect FILE): the case ids an
// implementation is known to fail. The run then fails on a failing case
// that is not listed, and on a listed case that now passes, so the list can
// only shrink: it is a ratchet, not a way to hide regressions.
//
// The file: one case id per line; "#" starts a comment; blank lines are
// ignored. An id the suite does not know is an error (a typo would
// otherwise silently expect nothing).
#ifndef SEQEX_EXPECTATIONS_H
#define SEQEX_EXPECTATIONS_H

#include "seqex-suite-runner.h"

#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

// False with `error` naming the file, the line and what is wrong.
bool ReadExpectations(const std::string& path, std::vector<std::string>& ids, std::string& error);

struct ExpectationCheck
{
    std::vector<std::string> unexpected;   // failing, not listed
    std::vector<std::string> nowPassing;   // listed, passed: take them off the list
    std::vector<std::string> stillFailing; // listed and failing, as expected
    std::vector<std::string> notJudged;    // listed, but not selected, skipped, or a
                                           // SHOULD warning without --strict
    bool Passed() const
    {
        return unexpected.empty() && nowPassing.empty();
    }
};

ExpectationCheck CheckExpectations(const SuiteResult& result, const std::vector<std::string>& expected);

// The report's section about it, ending in "EXPECTATIONS MET" or "... NOT MET".
std::string ExpectationReport(const ExpectationCheck& check);

} // namespace conformance
} // namespace seqex

#endif
