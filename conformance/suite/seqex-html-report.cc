#include "seqex-html-report.h"

#include "seqex-report.h"

#include <map>
#include <sstream>

namespace seqex
{
namespace conformance
{

namespace
{

// A whole transcript goes into the page up to this many lines; longer ones
// are in the JSON report of the replay.
constexpr size_t kPageTranscriptLines = 3000;

std::string
Html(const std::string& text)
{
    return XmlText(text);
}

struct Column
{
    std::string title;
    std::string command; // what it runs (both, for a pair)
    const SuiteResult* result = nullptr;
    bool pair = false;
};

const CaseResult*
Find(const SuiteResult& r, const std::string& id)
{
    for (const CaseResult& c : r.cases)
    {
        if (c.info->id == id)
        {
            return &c;
        }
    }
    return nullptr;
}

// "R5" of "R5.dup-of-acked".
std::string
RuleOf(const std::string& id)
{
    return id.substr(0, id.find('.'));
}

const char* kStyle = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; font-size: 0.9em; }
tr.group th { background: #eee; }
td.cell { text-align: center; min-width: 4em; }
td.cell a { display: block; text-decoration: none; color: inherit; }
td.pass { background: #d8f0d8; } td.fail { background: #f4b6b6; font-weight: bold; }
td.warn { background: #f8e3a8; } td.error { background: #e0b0e8; font-weight: bold; }
td.skip { background: #e4e4e4; } td.na { color: #aaa; }
details.cell-details { border: 2px solid #888; margin: 1em 0; padding: 0.5em; }
details.cell-details:not([open]) { display: none; }
details.cell-details[open] { display: block; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 0.85em; }
code.replay { background: #f0f0f0; padding: 1px 4px; }
)";

// Opens the details a cell links to (on click, and for a #fragment in the
// address, so a link to one cell opens it).
const char* kScript = R"(
function openFromHash() {
  var id = decodeURIComponent(location.hash.slice(1));
  var el = id ? document.getElementById(id) : null;
  if (!el || el.tagName !== 'DETAILS') return;
  document.querySelectorAll('details.cell-details[open]').forEach(function (d) { if (d !== el) d.open = false; });
  el.open = true;
  el.scrollIntoView();
}
window.addEventListener('hashchange', openFromHash);
window.addEventListener('DOMContentLoaded', openFromHash);
)";

void
Details(std::ostringstream& s, const std::string& anchor, const Column& col, const CaseInfo& info,
        const CaseResult& c, const SuiteOptions& options)
{
    s << "<details class=\"cell-details\" id=\"" << Html(anchor) << "\">\n<summary>" << Html(col.title) << ": "
      << Html(info.id) << " " << OutcomeName(c.outcome) << " (" << LevelName(info.level) << ", "
      << Html(info.rule) << ")</summary>\n";
    s << "<p class=\"title\">" << Html(info.title) << "</p>\n";
    if (!c.message.empty())
    {
        s << "<pre class=\"message\">" << Html(c.message) << "</pre>\n";
    }
    for (const std::string& n : c.notes)
    {
        s << "<p class=\"note\">note: " << Html(n) << "</p>\n";
    }
    if (!c.excerpt.empty())
    {
        s << "<p>transcript (&gt; to the adapter, &lt; from it):</p>\n<pre class=\"transcript\">";
        for (const std::string& l : c.excerpt)
        {
            s << Html(l) << "\n";
        }
        s << "</pre>\n";
        if (c.transcript.size() > c.excerpt.size())
        {
            if (c.transcript.size() <= kPageTranscriptLines)
            {
                s << "<details class=\"whole\"><summary>the whole transcript (" << c.transcript.size()
                  << " lines)</summary><pre>";
                for (const std::string& l : c.transcript)
                {
                    s << Html(l) << "\n";
                }
                s << "</pre></details>\n";
            }
            else
            {
                s << "<p>The whole transcript (" << c.transcript.size()
                  << " lines) is in the JSON report: add --report-json FILE to the replay.</p>\n";
            }
        }
    }
    else if (c.outcome == Outcome::Pass)
    {
        s << "<p>Passed; transcripts are kept for cases that did not pass: replay it to see one.</p>\n";
    }
    for (const std::string& e : c.stderrText)
    {
        s << "<p>stderr of</p><pre class=\"stderr\">" << Html(e) << "</pre>\n";
    }
    s << "<p>replay: <code class=\"replay\">" << Html(ReplayCommand(options, info.id)) << "</code></p>\n";
    s << "</details>\n";
}

} // namespace

std::string
HtmlReport(const MatrixResult& m)
{
    std::vector<Column> columns;
    for (size_t k = 0; k < m.implementations.size(); ++k)
    {
        columns.push_back({m.implementations[k].name, m.implementations[k].command, &m.alone[k], false});
    }
    for (const MatrixResult::Pair& p : m.pairs)
    {
        columns.push_back({m.implementations[p.a].name + " vs " + m.implementations[p.b].name,
                           m.implementations[p.a].command + " / " + m.implementations[p.b].command, &p.result,
                           true});
    }
    // The cases in suite order: those any column ran.
    std::vector<const CaseInfo*> rows;
    for (const CaseInfo& info : AllCases().Cases())
    {
        for (const Column& col : columns)
        {
            if (Find(*col.result, info.id) != nullptr)
            {
                rows.push_back(&info);
                break;
            }
        }
    }

    std::ostringstream s;
    s << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>SEQEX conformance: interop matrix</title>\n<style>" << kStyle << "</style>\n<script>" << kScript
      << "</script>\n</head>\n<body>\n";
    s << "<h1>SEQEX conformance: interop matrix</h1>\n";
    s << "<p id=\"run\">suite <span id=\"version\">" << Html(kSuiteVersion) << "</span>, seed <span id=\"seed\">"
      << m.options.seed << "</span>" << (m.options.shortMode ? ", short network runs" : "")
      << (m.options.strict ? ", strict (a failed SHOULD case fails)" : "") << "; verdict: <b id=\"verdict\">"
      << (m.Passed() ? "every run passed" : "some runs failed") << "</b></p>\n";

    s << "<h2>Implementations</h2>\n<table id=\"implementations\">\n<thead><tr><th>column</th><th>command</th>"
         "<th>verdict</th><th>pass</th><th>fail</th><th>warn</th><th>error</th><th>skip</th>"
         "<th>failing rules</th></tr></thead>\n<tbody>\n";
    for (const Column& col : columns)
    {
        const SuiteResult& r = *col.result;
        std::map<std::string, std::vector<std::string>> byRule;
        for (const CaseResult& c : r.cases)
        {
            if (r.Failing(c) || c.outcome == Outcome::Warn)
            {
                byRule[RuleOf(c.info->id)].push_back(c.info->id + (r.Failing(c) ? "" : " (warn)"));
            }
        }
        s << "<tr class=\"impl\"><th>" << Html(col.title) << "</th><td><code>" << Html(col.command)
          << "</code></td><td>" << (r.Conformant() ? "pass" : "FAIL") << "</td><td>" << r.Count(Outcome::Pass)
          << "</td><td>" << r.Count(Outcome::Fail) << "</td><td>" << r.Count(Outcome::Warn) << "</td><td>"
          << r.Count(Outcome::Error) << "</td><td>" << r.Count(Outcome::Skip) << "</td><td class=\"rules\">";
        bool first = true;
        for (const auto& [rule, ids] : byRule)
        {
            s << (first ? "" : "; ") << "<b>" << Html(rule) << "</b>:";
            for (const std::string& id : ids)
            {
                s << " " << Html(id);
            }
            first = false;
        }
        s << (byRule.empty() ? "none" : "") << "</td></tr>\n";
    }
    s << "</tbody>\n</table>\n";

    s << "<h2>Cases</h2>\n<p>Click a cell for its transcript and replay command.</p>\n<table id=\"matrix\">\n"
         "<thead><tr><th>case</th><th>level</th>";
    for (const Column& col : columns)
    {
        s << "<th class=\"" << (col.pair ? "pair" : "impl") << "\">" << Html(col.title) << "</th>";
    }
    s << "</tr></thead>\n<tbody>\n";
    int group = -1;
    std::ostringstream details;
    for (const CaseInfo* info : rows)
    {
        if (info->group != group)
        {
            group = info->group;
            std::string title;
            for (const GroupInfo& g : AllCases().Groups())
            {
                title = g.order == group ? g.title : title;
            }
            s << "<tr class=\"group\"><th colspan=\"" << columns.size() + 2 << "\">" << Html(info->groupName)
              << ": " << Html(title) << "</th></tr>\n";
        }
        s << "<tr class=\"case\" id=\"case-" << Html(info->id) << "\"><th title=\"" << Html(info->title) << "\">"
          << Html(info->id) << "</th><td>" << LevelName(info->level) << "</td>";
        for (size_t k = 0; k < columns.size(); ++k)
        {
            const CaseResult* c = Find(*columns[k].result, info->id);
            if (c == nullptr)
            {
                s << "<td class=\"cell na\">&mdash;</td>";
                continue;
            }
            std::string anchor = "d" + std::to_string(k) + "-" + info->id;
            std::string first = c->message.substr(0, c->message.find('\n'));
            s << "<td class=\"cell " << OutcomeName(c->outcome) << "\"><a href=\"#" << Html(anchor) << "\" title=\""
              << Html(first) << "\">" << OutcomeName(c->outcome) << "</a></td>";
            Details(details, anchor, columns[k], *info, *c, columns[k].result->options);
        }
        s << "</tr>\n";
    }
    s << "</tbody>\n</table>\n<h2>Details</h2>\n<div id=\"details\">\n" << details.str() << "</div>\n";
    s << "</body>\n</html>\n";
    return s.str();
}

} // namespace conformance
} // namespace seqex
