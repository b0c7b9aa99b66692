#include "seqex-case.h"

#include "cases/seqex-cases.h"

#include <chrono>

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
    auto peer = std::make_unique<ProcessPeer>(label, &m_transcript, m_options.iutCommand, m_options.timeoutMs);
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
    m_result.transcript = m_transcript.Lines();
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
CaseRegistry::Group(int number, const std::string& name, const std::string& title)
{
    m_groups.push_back(GroupInfo{number, name, title});
}

void
CaseRegistry::Add(const std::string& title, const std::string& rule, Level level, std::function<void(CaseContext&)> run)
{
    const GroupInfo& g = m_groups.back();
    int index = 1;
    for (const CaseInfo& c : m_cases)
    {
        index += c.group == g.number ? 1 : 0;
    }
    CaseInfo info;
    info.id = std::to_string(g.number) + "." + std::to_string(index);
    info.group = g.number;
    info.index = index;
    info.groupName = g.name;
    info.title = title;
    info.rule = rule;
    info.level = level;
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
        result.stderrText.clear();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace conformance
} // namespace seqex
