#include "seqex-expectations.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace seqex
{
namespace conformance
{

bool
ReadExpectations(const std::string& path, std::vector<std::string>& ids, std::string& error)
{
    std::ifstream in(path);
    if (!in)
    {
        error = "cannot read the --expect file \"" + path + "\"";
        return false;
    }
    std::string line;
    int number = 0;
    while (std::getline(in, line))
    {
        ++number;
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string id;
        std::string extra;
        if (!(words >> id))
        {
            continue;
        }
        std::string where = "--expect file \"" + path + "\", line " + std::to_string(number) + ": ";
        if (words >> extra)
        {
            error = where + "one case id per line, got \"" + line + "\"";
            return false;
        }
        const auto& all = AllCases().Cases();
        bool known = std::any_of(all.begin(), all.end(), [&](const CaseInfo& c) { return c.id == id; });
        if (!known)
        {
            error = where + "no case with the id \"" + id + "\" (see --list)";
            return false;
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
        {
            ids.push_back(id);
        }
    }
    return true;
}

ExpectationCheck
CheckExpectations(const SuiteResult& result, const std::vector<std::string>& expected)
{
    ExpectationCheck check;
    auto listed = [&](const std::string& id) { return std::find(expected.begin(), expected.end(), id) != expected.end(); };
    for (const CaseResult& c : result.cases)
    {
        const std::string& id = c.info->id;
        if (result.Failing(c))
        {
            (listed(id) ? check.stillFailing : check.unexpected).push_back(id);
        }
        else if (listed(id))
        {
            (c.outcome == Outcome::Pass ? check.nowPassing : check.notJudged).push_back(id);
        }
    }
    for (const std::string& id : expected)
    {
        bool ran = std::any_of(result.cases.begin(), result.cases.end(),
                               [&](const CaseResult& c) { return c.info->id == id; });
        if (!ran)
        {
            check.notJudged.push_back(id);
        }
    }
    return check;
}

std::string
ExpectationReport(const ExpectationCheck& check)
{
    std::ostringstream s;
    auto list = [&](const char* what, const std::vector<std::string>& ids) {
        s << "  " << what << " (" << ids.size() << ")" << (ids.empty() ? "" : ":");
        for (const std::string& id : ids)
        {
            s << " " << id;
        }
        s << "\n";
    };
    s << "\nknown failures (--expect):\n";
    list("failing, not listed", check.unexpected);
    list("listed, now passing: take them off the list", check.nowPassing);
    list("listed, still failing", check.stillFailing);
    list("listed, not judged in this run (not selected, skipped, or a warning without --strict)", check.notJudged);
    s << (check.Passed() ? "EXPECTATIONS MET" : "EXPECTATIONS NOT MET") << "\n";
    return s.str();
}

} // namespace conformance
} // namespace seqex
