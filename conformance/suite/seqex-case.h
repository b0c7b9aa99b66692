// Test cases of the conformance suite, grouped (like h2spec or Autobahn),
// each with a stable id keyed to the SPEC rule it checks ("R5.dup-of-acked":
// rule R5; h2spec names its cases by RFC section the same way) and its level.
// Ids never depend on a case's position: inserting a case renumbers
// nothing, and the fault table and per-case seeds are keyed on them. A MUST case
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
#include <optional>
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
    int startupTimeoutMs = 10000; // the first answer of an adapter, its start-up included
    uint64_t seed = 1;        // every random choice of the suite derives from it
    bool shortMode = false;   // fewer seeds and smaller workloads in network cases
    int shrinkRuns = 40;      // reruns spent shrinking a failing network run (0: none)
    bool failFast = false;    // stop at the first failed MUST case (or adapter error)
    bool strict = false;      // a failed SHOULD case fails the run too (like h2spec --strict)
    // Interop: when set, network runs put `iutCommand` against `peerCommand`
    // (both adapter processes, labelled `labels`) instead of the reference
    // or a second instance of the IUT.
    std::string peerCommand;
    std::string labels[2] = {"", ""};
};

class CaseContext;

// Lines of a transcript the text report shows per case.
constexpr size_t kExcerptLines = 60;

// At most `maxLines` of `lines`: all when they fit, else the start and the
// end with one line saying how many are left out (and where to find them).
std::vector<std::string> Excerpt(const std::vector<std::string>& lines, size_t maxLines = kExcerptLines);

struct CaseInfo
{
    std::string id;   // "<rule>.<name>", e.g. "S3.once-after-interval"
    int group = 0;    // position of its group, for ordering reports only
    std::string groupName;
    std::string title;
    std::string rule; // e.g. "SPEC S3", "SPEC R5", "adapter protocol"
    Level level = Level::Must;
    bool network = false; // a network run: the interop matrix runs it for each pair
    std::function<void(CaseContext&)> run;
};

struct GroupInfo
{
    int order = 0;    // position in the suite, for ordering reports only
    std::string name; // one word, for --group
    std::string title;
};

struct CaseResult
{
    const CaseInfo* info = nullptr;
    Outcome outcome = Outcome::Pass;
    std::string message;                 // why it failed, warned, errored or was skipped
    std::vector<std::string> notes;      // details (seeds, shrinking, figures)
    std::vector<std::string> transcript; // kept for every outcome but pass (the JSON has it all)
    uint64_t transcriptLines = 0;        // lines the case exchanged, kept or not
    std::vector<std::string> excerpt;    // the transcript as the text report shows it: at most
                                         // kExcerptLines, whole when it fits
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

    // The case's transcript is `lines` (a network run's own log) instead of
    // Log(), shown in the text report as `excerpt` (at most kExcerptLines).
    void UseTranscript(std::vector<std::string> lines, uint64_t total, std::vector<std::string> excerpt);

    // The k-th seed of this case, derived from the suite seed and the case id,
    // so that one case replays alone with the same --seed.
    uint64_t Seed(uint64_t k) const;

  private:
    const SuiteOptions& m_options;
    const CaseInfo& m_info;
    CaseResult& m_result;
    Transcript m_transcript;
    std::optional<std::vector<std::string>> m_ownTranscript; // UseTranscript
    uint64_t m_ownTotal = 0;
    std::vector<std::string> m_excerpt;
    std::vector<std::unique_ptr<Peer>> m_peers;
};

// The case library, built once by the group files in cases/.
class CaseRegistry
{
  public:
    // Starts a group; the cases added next belong to it.
    void Group(const std::string& name, const std::string& title);
    // `id` is "<rule>.<name>": the rule prefix is what --cases R5 selects.
    // A duplicate or malformed id is a suite bug: it aborts at start-up.
    void Add(const std::string& id, const std::string& title, const std::string& rule, Level level,
             std::function<void(CaseContext&)> run, bool network = false);

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
