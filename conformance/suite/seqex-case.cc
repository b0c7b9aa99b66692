#include "seqex-case.h"

#include "cases/seqex-cases.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace seqex
{
namespace conformance
{

const char*
LevelName(Level l)
{
    return l == Level::Must ? "MUST" : "SHOULD";
}

const char*
OutcomeName(Outcome o)
{
    switch (o)
    {
    case Outcome::Pass:
        return "pass";
    case Outcome::Fail:
        return "fail";
    case Outcome::Warn:
        return "warn";
    case Outcome::Error:
        return "error";
    case Outcome::Skip:
        return "skip";
    }
    return "?";
}

void
Require(bool condition, const std::string& message)
{
    if (!condition)
    {
        throw CaseFailed(message);
    }
}

// ---- CaseContext ------------------------------------------------------------------

CaseContext::CaseContext(const SuiteOptions& options, const CaseInfo& info, CaseResult& result)
    : m_options(options),
      m_info(info),
      m_result(result)
{
}

CaseContext::~CaseContext()
{
    StopPeers();
}

ProcessPeer&
CaseContext::SpawnIut(const std::string& label)
{
    auto peer = std::make_unique<ProcessPeer>(label, &m_transcript, m_options.iutCommand, m_options.timeoutMs,
                                              m_options.startupTimeoutMs);
    ProcessPeer& ref = *peer;
    m_peers.push_back(std::move(peer));
    return ref;
}

ReferencePeer&
CaseContext::SpawnReference(const std::string& label)
{
    auto peer = std::make_unique<ReferencePeer>(label, &m_transcript);
    ReferencePeer& ref = *peer;
    m_peers.push_back(std::move(peer));
    return ref;
}

void
CaseContext::StopPeers()
{
    for (auto& p : m_peers)
    {
        std::string how = p->Stop();
        std::string err = p->Stderr();
        if (!err.empty())
        {
            m_result.stderrText.push_back(p->Label() + " (" + how + "):\n" + err);
        }
    }
    m_peers.clear();
    m_result.transcript = m_ownTranscript ? *m_ownTranscript : m_transcript.Lines();
    m_result.transcriptLines = m_ownTranscript ? m_ownTotal : m_transcript.Total();
    m_result.excerpt = m_excerpt.empty() ? Excerpt(m_result.transcript) : m_excerpt;
}

void
CaseContext::UseTranscript(std::vector<std::string> lines, uint64_t total, std::vector<std::string> excerpt)
{
    m_ownTranscript = std::move(lines);
    m_ownTotal = total;
    m_excerpt = Excerpt(excerpt);
}

std::vector<std::string>
Excerpt(const std::vector<std::string>& lines, size_t maxLines)
{
    if (lines.size() <= maxLines)
    {
        return lines;
    }
    // The start (init, the workload) and the end (where it failed).
    size_t head = maxLines / 3;
    size_t tail = maxLines - head - 1;
    std::vector<std::string> out(lines.begin(), lines.begin() + long(head));
    out.push_back("[" + std::to_string(lines.size() - head - tail) +
                  " lines left out here; the JSON report has the whole transcript]");
    out.insert(out.end(), lines.end() - long(tail), lines.end());
    return out;
}

void
CaseContext::Note(const std::string& note)
{
    m_result.notes.push_back(note);
}

void
CaseContext::AddStderr(const std::string& text)
{
    m_result.stderrText.push_back(text);
}

uint64_t
CaseContext::Seed(uint64_t k) const
{
    // FNV-1a over the case id, mixed with the suite seed and k (splitmix64).
    uint64_t h = 1469598103934665603ull;
    for (char c : m_info.id)
    {
        h = (h ^ uint8_t(c)) * 1099511628211ull;
    }
    uint64_t z = h ^ (m_options.seed * 0x9e3779b97f4a7c15ull) ^ (k + 1) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// ---- CaseRegistry -------------------------------------------------------------------

void
CaseRegistry::Group(const std::string& name, const std::string& title)
{
    m_groups.push_back(GroupInfo{int(m_groups.size()) + 1, name, title});
}

void
CaseRegistry::Add(const std::string& id, const std::string& title, const std::string& rule, Level level,
                  std::function<void(CaseContext&)> run, bool network)
{
    const GroupInfo& g = m_groups.back();
    bool wellFormed = id.find('.') != std::string::npos && id.find('.') > 0 && id.back() != '.';
    for (char ch : id)
    {
        wellFormed = wellFormed && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-');
    }
    for (const CaseInfo& c : m_cases)
    {
        wellFormed = wellFormed && c.id != id;
    }
    if (!wellFormed)
    {
        std::fprintf(stderr, "seqex-conformance: suite bug: case id \"%s\" is malformed or not unique\n", id.c_str());
        std::abort();
    }
    CaseInfo info;
    info.id = id;
    info.group = g.order;
    info.groupName = g.name;
    info.title = title;
    info.rule = rule;
    info.level = level;
    info.network = network;
    info.run = std::move(run);
    m_cases.push_back(std::move(info));
}

const CaseRegistry&
AllCases()
{
    static const CaseRegistry registry = [] {
        CaseRegistry r;
        AddAllCaseGroups(r);
        return r;
    }();
    return registry;
}

// ---- RunCase ------------------------------------------------------------------------

CaseResult
RunCase(const CaseInfo& info, const SuiteOptions& options)
{
    CaseResult result;
    result.info = &info;
    auto start = std::chrono::steady_clock::now();
    {
        CaseContext context(options, info, result);
        try
        {
            info.run(context);
            result.outcome = Outcome::Pass;
        }
        catch (const CaseFailed& e)
        {
            result.outcome = info.level == Level::Must ? Outcome::Fail : Outcome::Warn;
            result.message = e.what();
        }
        catch (const AdapterBroken& e)
        {
            result.outcome = Outcome::Error;
            result.message = e.what();
        }
        catch (const CaseSkipped& e)
        {
            result.outcome = Outcome::Skip;
            result.message = e.what();
        }
        catch (const std::exception& e)
        {
            result.outcome = Outcome::Error;
            result.message = std::string("suite error: ") + e.what();
        }
    } // the context stops every peer and hands over the transcript here
    if (result.outcome == Outcome::Pass)
    {
        result.transcript.clear();
        result.transcriptLines = 0;
        result.excerpt.clear();
        result.stderrText.clear();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace conformance
} // namespace seqex
