#include "seqex-report.h"

#include "seqex-json.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace seqex
{
namespace conformance
{

const char* const kSuiteVersion = "seqex-conformance 2 (adapter protocol v1, SPEC v1.1)";

namespace
{

std::string
Seconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

std::string
Verdict(const SuiteResult& r)
{
    int fail = r.Count(Outcome::Fail);
    int error = r.Count(Outcome::Error);
    int warn = r.options.strict ? r.Count(Outcome::Warn) : 0;
    if (r.Conformant())
    {
        return r.options.strict ? "CONFORMANT (every MUST and SHOULD case passed; strict)"
                                : "CONFORMANT (every MUST case passed)";
    }
    return "NOT CONFORMANT (" + std::to_string(fail) + " MUST case" + (fail == 1 ? "" : "s") + " failed, " +
           (r.options.strict ? std::to_string(warn) + " SHOULD case" + (warn == 1 ? "" : "s") + " failed (strict), "
                             : std::string()) +
           std::to_string(error) + " adapter error" + (error == 1 ? "" : "s") + ")";
}

size_t
IdWidth(const SuiteResult& r)
{
    size_t w = 6;
    for (const CaseResult& c : r.cases)
    {
        w = std::max(w, c.info->id.size());
    }
    return w;
}

std::string
Totals(const SuiteResult& r)
{
    std::ostringstream s;
    s << r.cases.size() << " cases: " << r.Count(Outcome::Pass) << " pass, " << r.Count(Outcome::Fail) << " fail, "
      << r.Count(Outcome::Warn) << " warn, " << r.Count(Outcome::Error) << " error, " << r.Count(Outcome::Skip)
      << " skip";
    return s.str();
}

const GroupInfo*
GroupOf(const CaseInfo& c)
{
    for (const GroupInfo& g : AllCases().Groups())
    {
        if (g.order == c.group)
        {
            return &g;
        }
    }
    return nullptr;
}

void
Indent(std::ostringstream& s, const std::string& text, const char* prefix)
{
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        s << prefix << line << "\n";
    }
}

} // namespace

std::string
TextReport(const SuiteResult& r)
{
    std::ostringstream s;
    s << "SEQEX conformance suite (" << kSuiteVersion << ")\n";
    s << "  IUT:            " << r.options.iutCommand << "\n";
    if (!r.options.peerCommand.empty())
    {
        s << "  against:        " << r.options.peerCommand << " (network cases, peer 1)\n";
    }
    if (!r.implementation.empty())
    {
        s << "  implementation: " << r.implementation << "\n";
    }
    s << "  seed:           " << r.options.seed << (r.options.shortMode ? " (short network runs)" : "") << "\n";
    s << "  timeout:        " << r.options.timeoutMs << " ms per command, " << r.options.startupTimeoutMs
      << " ms for the first (start-up)\n";
    if (r.options.strict)
    {
        s << "  strict:         a failed SHOULD case fails the run\n";
    }
    s << "\n";

    int group = -1;
    const size_t width = IdWidth(r);
    for (const CaseResult& c : r.cases)
    {
        if (c.info->group != group)
        {
            group = c.info->group;
            const GroupInfo* g = GroupOf(*c.info);
            s << c.info->groupName << ": " << (g ? g->title : "") << "\n";
        }
        std::string id = c.info->id;
        id.resize(width, ' ');
        char line[64];
        std::snprintf(line, sizeof line, " %-6s %-5s ", LevelName(c.info->level), OutcomeName(c.outcome));
        s << "  " << id << line << c.info->title << "  [" << c.info->rule << "]\n";
    }

    for (const CaseResult& c : r.cases)
    {
        if (c.outcome == Outcome::Pass)
        {
            continue;
        }
        s << "\n--- " << c.info->id << " " << OutcomeName(c.outcome) << " (" << LevelName(c.info->level) << ", "
          << c.info->rule << "): " << c.info->title << "\n";
        Indent(s, c.message, "    ");
        for (const std::string& n : c.notes)
        {
            Indent(s, n, "    note: ");
        }
        if (!c.excerpt.empty() && c.outcome != Outcome::Skip)
        {
            s << "    transcript (> to the adapter, < from it):\n";
            for (const std::string& l : c.excerpt)
            {
                s << "      " << l << "\n";
            }
        }
        for (const std::string& e : c.stderrText)
        {
            s << "    stderr of ";
            Indent(s, e, "      ");
        }
    }
    s << "\n" << Totals(r) << " in " << Seconds(r.seconds) << " s\n" << Verdict(r) << "\n";
    return s.str();
}

std::string
XmlText(const std::string& text)
{
    std::string s;
    for (char ch : text)
    {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (c)
        {
        case '&':
            s += "&amp;";
            break;
        case '<':
            s += "&lt;";
            break;
        case '>':
            s += "&gt;";
            break;
        case '"':
            s += "&quot;";
            break;
        case '\'':
            s += "&apos;";
            break;
        default:
            if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f)
            {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c); // XML 1.0 forbids most control bytes
                s += buf;
            }
            else
            {
                s.push_back(ch);
            }
        }
    }
    return s;
}

std::string
JsonReport(const SuiteResult& r)
{
    auto list = [](const std::vector<std::string>& v) {
        std::string s = "[";
        for (size_t i = 0; i < v.size(); ++i)
        {
            s += (i ? ", " : "") + JsonString(v[i]);
        }
        return s + "]";
    };
    std::ostringstream s;
    s << "{\n";
    s << "  \"suite\": \"seqex-conformance\",\n";
    s << "  \"version\": " << JsonString(kSuiteVersion) << ",\n";
    s << "  \"iut\": " << JsonString(r.options.iutCommand) << ",\n";
    if (!r.options.peerCommand.empty())
    {
        s << "  \"peer\": " << JsonString(r.options.peerCommand) << ",\n";
    }
    s << "  \"implementation\": " << JsonString(r.implementation) << ",\n";
    s << "  \"seed\": " << r.options.seed << ",\n";
    s << "  \"short\": " << (r.options.shortMode ? "true" : "false") << ",\n";
    s << "  \"timeout_ms\": " << r.options.timeoutMs << ",\n";
    s << "  \"startup_timeout_ms\": " << r.options.startupTimeoutMs << ",\n";
    s << "  \"strict\": " << (r.options.strict ? "true" : "false") << ",\n";
    s << "  \"seconds\": " << Seconds(r.seconds) << ",\n";
    s << "  \"conformant\": " << (r.Conformant() ? "true" : "false") << ",\n";
    s << "  \"summary\": {\"cases\": " << r.cases.size() << ", \"pass\": " << r.Count(Outcome::Pass)
      << ", \"fail\": " << r.Count(Outcome::Fail) << ", \"warn\": " << r.Count(Outcome::Warn)
      << ", \"error\": " << r.Count(Outcome::Error) << ", \"skip\": " << r.Count(Outcome::Skip) << "},\n";
    s << "  \"groups\": [";
    int group = -1;
    bool firstCase = true;
    for (const CaseResult& c : r.cases)
    {
        if (c.info->group != group)
        {
            s << (group < 0 ? "\n" : "\n    ]},\n");
            group = c.info->group;
            const GroupInfo* g = GroupOf(*c.info);
            s << "    {\"name\": " << JsonString(c.info->groupName)
              << ", \"title\": " << JsonString(g ? g->title : "") << ", \"cases\": [";
            firstCase = true;
        }
        s << (firstCase ? "\n" : ",\n");
        firstCase = false;
        s << "      {\"id\": " << JsonString(c.info->id) << ", \"title\": " << JsonString(c.info->title)
          << ", \"rule\": " << JsonString(c.info->rule) << ", \"level\": " << JsonString(LevelName(c.info->level))
          << ", \"outcome\": " << JsonString(OutcomeName(c.outcome))
          << ", \"failing\": " << (r.Failing(c) ? "true" : "false") << ", \"seconds\": " << Seconds(c.seconds)
          << ",\n       \"message\": " << JsonString(c.message) << ", \"notes\": " << list(c.notes)
          << ",\n       \"transcript_lines\": " << c.transcriptLines << ", \"transcript\": " << list(c.transcript) << ", \"stderr\": " << list(c.stderrText) << "}";
    }
    s << (group < 0 ? "]\n" : "\n    ]}\n  ]\n");
    s << "}\n";
    return s.str();
}

std::string
JunitReport(const SuiteResult& r)
{
    std::map<int, std::vector<const CaseResult*>> byGroup;
    for (const CaseResult& c : r.cases)
    {
        byGroup[c.info->group].push_back(&c);
    }
    std::ostringstream s;
    s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s << "<testsuites name=\"seqex-conformance\" tests=\"" << r.cases.size() << "\" failures=\""
      << r.Count(Outcome::Fail) + (r.options.strict ? r.Count(Outcome::Warn) : 0) << "\" errors=\"" << r.Count(Outcome::Error) << "\" skipped=\""
      << r.Count(Outcome::Skip) << "\" time=\"" << Seconds(r.seconds) << "\">\n";
    for (const auto& [number, cases] : byGroup)
    {
        int fail = 0;
        int error = 0;
        int skip = 0;
        double time = 0;
        for (const CaseResult* c : cases)
        {
            fail += c->outcome == Outcome::Fail || (r.options.strict && c->outcome == Outcome::Warn);
            error += c->outcome == Outcome::Error;
            skip += c->outcome == Outcome::Skip;
            time += c->seconds;
        }
        (void)number;
        s << "  <testsuite name=\"" << XmlText(cases.front()->info->groupName) << "\" tests=\""
          << cases.size() << "\" failures=\"" << fail << "\" errors=\"" << error << "\" skipped=\"" << skip
          << "\" time=\"" << Seconds(time) << "\">\n";
        for (const CaseResult* c : cases)
        {
            std::string details = c->message;
            for (const std::string& n : c->notes)
            {
                details += "\nnote: " + n;
            }
            if (!c->transcript.empty())
            {
                details += "\ntranscript:";
                for (const std::string& l : c->transcript)
                {
                    details += "\n  " + l;
                }
            }
            for (const std::string& e : c->stderrText)
            {
                details += "\nstderr of " + e;
            }
            s << "    <testcase classname=\"seqex-conformance." << XmlText(c->info->groupName) << "\" name=\""
              << XmlText(c->info->id + " " + c->info->title) << "\" time=\"" << Seconds(c->seconds) << "\">";
            std::string first = c->message.substr(0, c->message.find('\n'));
            switch (c->outcome)
            {
            case Outcome::Pass:
                break;
            case Outcome::Fail:
                s << "\n      <failure type=\"MUST\" message=\"" << XmlText(first) << "\">" << XmlText(details)
                  << "</failure>\n    ";
                break;
            case Outcome::Error:
                s << "\n      <error type=\"adapter\" message=\"" << XmlText(first) << "\">" << XmlText(details)
                  << "</error>\n    ";
                break;
            case Outcome::Skip:
                s << "\n      <skipped message=\"" << XmlText(first) << "\"/>\n    ";
                break;
            case Outcome::Warn:
                if (r.options.strict)
                {
                    s << "\n      <failure type=\"SHOULD\" message=\"" << XmlText(first) << "\">" << XmlText(details)
                      << "</failure>\n    ";
                    break;
                }
                s << "\n      <system-out>WARNING (SHOULD, " << XmlText(c->info->rule) << "): " << XmlText(details)
                  << "</system-out>\n    ";
                break;
            }
            s << "</testcase>\n";
        }
        s << "  </testsuite>\n";
    }
    s << "</testsuites>\n";
    return s.str();
}

std::string
SelfCheckReport(const SelfCheckResult& r)
{
    std::ostringstream s;
    const SuiteResult& ref = r.reference;
    s << "self-check: the reference adapter: " << Totals(ref) << " -> "
      << (ref.Count(Outcome::Pass) == int(ref.cases.size()) ? "clean" : "NOT CLEAN") << "\n";
    for (const CaseResult& c : ref.cases)
    {
        if (c.outcome != Outcome::Pass)
        {
            s << "  reference " << c.info->id << " " << OutcomeName(c.outcome) << ": " << c.message << "\n";
        }
    }
    size_t width = 0;
    for (const FaultCheck& f : r.faults)
    {
        width = std::max(width, std::strlen(f.fault.name));
    }
    for (const FaultCheck& f : r.faults)
    {
        std::string name = f.fault.name;
        name.resize(width + 1, ' ');
        s << "  fault " << name << (f.Caught() ? "caught by " : "NOT CAUGHT (no case failed)");
        std::vector<std::string> ids = f.result.FailedCases();
        for (size_t i = 0; i < ids.size(); ++i)
        {
            s << (i ? "," : "") << ids[i];
        }
        s << "; aimed at " << f.fault.aimedAt << ": "
          << (!f.AimedRan() ? "not selected" : f.AimedCaught() ? "caught" : "NOT CAUGHT") << "\n";
    }
    int aimedCaught = 0;
    for (const FaultCheck& f : r.faults)
    {
        aimedCaught += f.AimedCaught() ? 1 : 0;
    }
    s << "caught " << r.CaughtCount() << "/" << r.faults.size() << " faults (catch rate "
      << (r.faults.empty() ? 100 : 100 * r.CaughtCount() / int(r.faults.size())) << "%); " << aimedCaught << "/"
      << r.faults.size() << " by the case aimed at them\n";
    s << (r.Passed() ? "SELF-CHECK PASSED" : "SELF-CHECK FAILED") << "\n";
    return s.str();
}

bool
WriteFile(const std::string& path, const std::string& text, std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        error = "cannot open \"" + path + "\" for writing: " + std::strerror(errno);
        return false;
    }
    out << text;
    out.close();
    if (!out)
    {
        error = "cannot write \"" + path + "\"";
        return false;
    }
    return true;
}

} // namespace conformance
} // namespace seqex
