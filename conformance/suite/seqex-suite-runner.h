// Selecting and running cases, and the self-check: the suite against the
// reference adapter (every case must pass) and against each of its fault
// variants (each must fail at least one MUST case).
#ifndef SEQEX_SUITE_RUNNER_H
#define SEQEX_SUITE_RUNNER_H

#include "seqex-adapter-faults.h"
#include "seqex-case.h"

#include <functional>
#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

struct SuiteResult
{
    SuiteOptions options;
    std::string implementation; // what init answered, when case 1.1 ran
    std::vector<CaseResult> cases;
    double seconds = 0;

    int Count(Outcome o) const;
    // A case that makes the run fail: a failed MUST case, an adapter error,
    // and with --strict a failed SHOULD case (warn).
    bool Failing(const CaseResult& c) const;
    // No case failing: no MUST case failed, the adapter never broke the
    // protocol, and with --strict no SHOULD case failed.
    bool Conformant() const;
    // Ids of the failing cases, in run order.
    std::vector<std::string> FailedCases() const;
};

// Cases named by `ids` ("S3.once-after-interval" a case, "S3" every case of
// that rule) and `groups` (group
// names); every case when both are empty. Empty with `error` set when a
// name matches nothing.
std::vector<const CaseInfo*> SelectCases(const std::vector<std::string>& ids,
                                         const std::vector<std::string>& groups,
                                         std::string& error);

using Progress = std::function<void(const CaseResult&, size_t done, size_t total)>;

SuiteResult RunSuite(const SuiteOptions& options, const std::vector<const CaseInfo*>& cases,
                     const Progress& progress = {});

struct FaultCheck
{
    FaultInfo fault;
    SuiteResult result; // the aimed case when it caught the fault, else the selected
                        // cases up to the first failed MUST case
    SuiteResult aimed;  // the case aimed at the fault, when it is selected
    bool Caught() const
    {
        return !result.Conformant();
    }
    bool AimedRan() const
    {
        return !aimed.cases.empty();
    }
    bool AimedCaught() const
    {
        return AimedRan() && !aimed.Conformant();
    }
};

struct SelfCheckResult
{
    SuiteResult reference;
    std::vector<FaultCheck> faults;

    int CaughtCount() const;
    // The reference passes every case (no fail, warn, error or skip), every
    // fault is caught, and by the case aimed at it when that case ran.
    bool Passed() const;
};

// `adapterCommand` runs the reference adapter; fault variants add
// "--fault=NAME" and run strict (a warning counts, for faults against a
// SHOULD): the case aimed at the fault first, and only when it misses, the
// selection up to its first failing case. `faults` empty means all of them.
SelfCheckResult RunSelfCheck(const std::string& adapterCommand,
                             const SuiteOptions& options,
                             const std::vector<const CaseInfo*>& cases,
                             const std::vector<FaultInfo>& faults,
                             const Progress& progress = {});

// Quotes a path for /bin/sh.
std::string ShellQuote(const std::string& s);

// The flags that rerun case `id` alone as it ran with `options`
// ("--cases ID --seed N", plus --short, --strict, --peer as they were).
std::string ReplayArgs(const SuiteOptions& options, const std::string& id);

// The whole command line: "seqex-conformance --iut '...' " + ReplayArgs.
std::string ReplayCommand(const SuiteOptions& options, const std::string& id);

} // namespace conformance
} // namespace seqex

#endif
