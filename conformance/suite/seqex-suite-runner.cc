#include "seqex-suite-runner.h"

#include <chrono>

namespace seqex
{
namespace conformance
{

int
SuiteResult::Count(Outcome o) const
{
    int n = 0;
    for (const CaseResult& c : cases)
    {
        n += c.outcome == o ? 1 : 0;
    }
    return n;
}

bool
SuiteResult::Conformant() const
{
    return FailedCases().empty();
}

bool
SuiteResult::Failing(const CaseResult& c) const
{
    return c.outcome == Outcome::Fail || c.outcome == Outcome::Error || (options.strict && c.outcome == Outcome::Warn);
}

std::vector<std::string>
SuiteResult::FailedCases() const
{
    std::vector<std::string> ids;
    for (const CaseResult& c : cases)
    {
        if (Failing(c))
        {
            ids.push_back(c.info->id);
        }
    }
    return ids;
}

std::vector<const CaseInfo*>
SelectCases(const std::vector<std::string>& ids, const std::vector<std::string>& groups, std::string& error)
{
    const CaseRegistry& all = AllCases();
    std::vector<bool> chosen(all.Cases().size(), ids.empty() && groups.empty());
    auto mark = [&](auto match) {
        bool any = false;
        for (size_t i = 0; i < all.Cases().size(); ++i)
        {
            if (match(all.Cases()[i]))
            {
                chosen[i] = true;
                any = true;
            }
        }
        return any;
    };
    for (const std::string& id : ids)
    {
        // A whole id, or a rule: "R5" selects every "R5.*" case.
        bool any = mark([&](const CaseInfo& c) { return c.id == id || c.id.rfind(id + ".", 0) == 0; });
        if (!any)
        {
            error = "no case id or rule \"" + id + "\" (see --list)";
            return {};
        }
    }
    for (const std::string& g : groups)
    {
        bool any = mark([&](const CaseInfo& c) { return c.groupName == g; });
        if (!any)
        {
            error = "no group named \"" + g + "\" (see --list)";
            return {};
        }
    }
    std::vector<const CaseInfo*> out;
    for (size_t i = 0; i < all.Cases().size(); ++i)
    {
        if (chosen[i])
        {
            out.push_back(&all.Cases()[i]);
        }
    }
    return out;
}

SuiteResult
RunSuite(const SuiteOptions& options, const std::vector<const CaseInfo*>& cases, const Progress& progress)
{
    SuiteResult result;
    result.options = options;
    auto start = std::chrono::steady_clock::now();
    for (const CaseInfo* info : cases)
    {
        result.cases.push_back(RunCase(*info, options));
        const CaseResult& r = result.cases.back();
        for (const std::string& note : r.notes)
        {
            if (note.rfind("implementation: ", 0) == 0)
            {
                result.implementation = note.substr(16);
            }
        }
        if (progress)
        {
            progress(r, result.cases.size(), cases.size());
        }
        if (options.failFast && !result.Conformant())
        {
            break;
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

int
SelfCheckResult::CaughtCount() const
{
    int n = 0;
    for (const FaultCheck& f : faults)
    {
        n += f.Caught() ? 1 : 0;
    }
    return n;
}

bool
SelfCheckResult::Passed() const
{
    bool clean = reference.Count(Outcome::Pass) == int(reference.cases.size());
    for (const FaultCheck& f : faults)
    {
        if (f.AimedRan() && !f.AimedCaught())
        {
            return false;
        }
    }
    return clean && CaughtCount() == int(faults.size());
}

SelfCheckResult
RunSelfCheck(const std::string& adapterCommand,
             const SuiteOptions& options,
             const std::vector<const CaseInfo*>& cases,
             const std::vector<FaultInfo>& faults,
             const Progress& progress)
{
    SelfCheckResult out;
    SuiteOptions o = options;
    o.iutCommand = adapterCommand;
    out.reference = RunSuite(o, cases, progress);
    // A fault is caught by its first failed case: no need to go on. Strict,
    // so that a fault against a SHOULD is caught by the warning of its case.
    o.failFast = true;
    o.strict = true;
    for (const FaultInfo& f : faults.empty() ? AllFaults() : faults)
    {
        o.iutCommand = adapterCommand + " --fault=" + f.name;
        FaultCheck check{f, {}, {}};
        // The case written for this fault must catch it, not only some other
        // case that happens to trip over it. It runs first: when it catches
        // the fault, that settles it without running the rest (most faults
        // aim at a late group, and every case costs an adapter process).
        std::vector<const CaseInfo*> aimed;
        for (const CaseInfo* c : cases)
        {
            if (c->id == f.aimedAt)
            {
                aimed.push_back(c);
            }
        }
        if (!aimed.empty())
        {
            check.aimed = RunSuite(o, aimed, progress);
        }
        check.result = check.AimedCaught() ? check.aimed : RunSuite(o, cases, progress);
        out.faults.push_back(std::move(check));
    }
    return out;
}

std::string
ShellQuote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
    {
        if (c == '\'')
        {
            q += "'\\''";
        }
        else
        {
            q.push_back(c);
        }
    }
    return q + "'";
}

std::string
ReplayArgs(const SuiteOptions& options, const std::string& id)
{
    std::string args = "--cases " + id + " --seed " + std::to_string(options.seed);
    if (options.shortMode)
    {
        args += " --short";
    }
    if (options.strict)
    {
        args += " --strict";
    }
    if (!options.peerCommand.empty())
    {
        args += " --peer " + ShellQuote(options.peerCommand);
    }
    return args;
}

std::string
ReplayCommand(const SuiteOptions& options, const std::string& id)
{
    return "seqex-conformance --iut " + ShellQuote(options.iutCommand) + " " + ReplayArgs(options, id);
}

} // namespace conformance
} // namespace seqex
