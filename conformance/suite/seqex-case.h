// Test cases of the conformance suite: numbered and grouped (like h2spec or
// Autobahn), each naming the SPEC rule it checks and its level. A MUST case
// that fails means the implementation does not conform; a SHOULD case that
// fails is a warning.
//
// A case is a function of a CaseContext. It starts peers through the
// context, and ends by returning (pass) or by throwing:
//   CaseFailed     a check of the SPEC failed (fail for MUST, warn for SHOULD)
//   AdapterBroken  the adapter broke the adapter protocol (error)
//   CaseSkipped    the implementation refused the premise with
//                  "err unsupported" (skip)
#ifndef SEQEX_CASE_H
#define SEQEX_CASE_H

#include "seqex-peer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

enum class Level
{
    Must,
    Should,
};

enum class Outcome
{
    Pass,
    Fail,  // a MUST case failed
    Warn,  // a SHOULD case failed
    Error, // the adapter broke the adapter protocol
    Skip,  // the implementation refused the case's premise
};

const char* LevelName(Level l);     // "MUST", "SHOULD"
const char* OutcomeName(Outcome o); // "pass", "fail", "warn", "error", "skip"

class CaseFailed : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

class CaseSkipped : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

// Throws CaseFailed with `message` unless `condition` holds.
void Require(bool condition, const std::string& message);

struct SuiteOptions
{
    std::string iutCommand;   // run with /bin/sh -c, once per IUT instance
    int timeoutMs = 2000;     // per command
    uint64_t seed = 1;        // every random choice of the suite derives from it
    bool shortMode = false;   // fewer seeds and smaller workloads in network cases
    int shrinkRuns = 40;      // reruns spent shrinking a failing network run (0: none)
    bool failFast = false;    // stop at the first failed MUST case (or adapter error)
};

class CaseContext;

struct CaseInfo
{
    std::string id; // "<group>.<index>", e.g. "3.2"
    int group = 0;
    int index = 0;
    std::string groupName;
    std::string title;
    std::string rule; // e.g. "SPEC S3", "SPEC R5", "adapter protocol"
    Level level = Level::Must;
    std::function<void(CaseContext&)> run;
};

struct GroupInfo
{
    int number = 0;
    std::string name; // one word, for --group
    std::string title;
};

struct CaseResult
{
    const CaseInfo* info = nullptr;
    Outcome outcome = Outcome::Pass;
    std::string message;                 // why it failed, warned, errored or was skipped
    std::vector<std::string> notes;      // details (seeds, shrinking, figures)
    std::vector<std::string> transcript; // kept for every outcome but pass
    std::vector<std::string> stderrText; // per adapter process: "label: text"
    double seconds = 0;
};

class CaseContext
{
  public:
    CaseContext(const SuiteOptions& options, const CaseInfo& info, CaseResult& result);
    ~CaseContext();

    CaseContext(const CaseContext&) = delete;
    CaseContext& operator=(const CaseContext&) = delete;

    const SuiteOptions& Options() const
    {
        return m_options;
    }

    const CaseInfo& Info() const
    {
        return m_info;
    }

    // A new instance of the implementation under test (an adapter process).
    ProcessPeer& SpawnIut(const std::string& label = "iut");

    // A new instance of the reference implementation, in-process.
    ReferencePeer& SpawnReference(const std::string& label = "ref");

    // Stops every peer started so far; their stderr goes to the result.
    void StopPeers();

    Transcript& Log()
    {
        return m_transcript;
    }

    void Note(const std::string& note);

    // stderr of an adapter the case ran outside SpawnIut (network runs).
    void AddStderr(const std::string& text);

    // The k-th seed of this case, derived from the suite seed and the case id,
    // so that one case replays alone with the same --seed.
    uint64_t Seed(uint64_t k) const;

  private:
    const SuiteOptions& m_options;
    const CaseInfo& m_info;
    CaseResult& m_result;
    Transcript m_transcript;
    std::vector<std::unique_ptr<Peer>> m_peers;
};

// The case library, built once by the group files in cases/.
class CaseRegistry
{
  public:
    // Starts group `number`; the cases added next belong to it, numbered 1, 2, ...
    void Group(int number, const std::string& name, const std::string& title);
    void Add(const std::string& title, const std::string& rule, Level level, std::function<void(CaseContext&)> run);

    const std::vector<CaseInfo>& Cases() const
    {
        return m_cases;
    }

    const std::vector<GroupInfo>& Groups() const
    {
        return m_groups;
    }

  private:
    std::vector<CaseInfo> m_cases;
    std::vector<GroupInfo> m_groups;
};

const CaseRegistry& AllCases();

// Runs one case: never throws, whatever the adapter does.
CaseResult RunCase(const CaseInfo& info, const SuiteOptions& options);

} // namespace conformance
} // namespace seqex

#endif
