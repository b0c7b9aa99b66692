// A SEQEX instance the suite talks to through the adapter protocol: an
// adapter child process (the implementation under test) or the reference
// adapter in-process (the reference peer of the network cases).
//
// Run() writes one command, reads the answer up to its terminator and
// checks every line against the grammar as it arrives. Anything else (a
// crash, a timeout, a line outside the grammar, a terminator the command
// does not allow, output nobody asked for) throws AdapterBroken with a
// message naming the command and the line. Every command and line goes to
// the case's transcript.
#ifndef SEQEX_PEER_H
#define SEQEX_PEER_H

#include "seqex-adapter-grammar.h"
#include "seqex-child-process.h"
#include "seqex-reference-adapter.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

// The adapter broke the adapter protocol (not a SEQEX rule).
class AdapterBroken : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

// What a case did, line by line ("A> send 0 0 6869", "A< tx P 0 6869"),
// bounded: past the limit it keeps the first `headLines` (the start of the
// run: init, the workload) and the newest `tailLines`, and one marker in
// between says exactly how many lines were not kept. Lines are numbered
// from 0 in the order added, kept or not.
class Transcript
{
  public:
    explicit Transcript(size_t headLines = 2000, size_t tailLines = 20000)
        : m_headMax(headLines),
          m_tailMax(tailLines)
    {
    }

    void Add(std::string line);
    // Every kept line, with the marker where lines were dropped.
    std::vector<std::string> Lines() const;
    // Lines added so far, kept or not.
    uint64_t Total() const
    {
        return m_total;
    }
    // Line `n` (0-based, of Total()), or nullptr when it was not kept.
    const std::string* At(uint64_t n) const;
    void Clear();

  private:
    size_t m_headMax;
    size_t m_tailMax;
    std::vector<std::string> m_head;
    std::deque<std::string> m_tail;
    uint64_t m_total = 0;
};

// The marker Transcript::Lines puts where `n` lines were not kept.
std::string DroppedLinesMarker(uint64_t n);

struct PeerAnswer
{
    std::vector<std::string> eventLines; // as received
    std::vector<Event> events;           // parsed, same order
    Terminator terminator;
};

class Peer
{
  public:
    Peer(std::string label, Transcript* transcript);
    virtual ~Peer() = default;

    const std::string& Label() const
    {
        return m_label;
    }

    // Sends `command`; its terminator must be one its verb allows.
    PeerAnswer Run(const Command& command);

    // Sends a raw line (for commands outside the protocol); the terminator
    // may be any "ok ..." or "err ...".
    PeerAnswer RunRaw(const std::string& line);

    // Stops the peer (process: closes stdin, kills, reaps). Returns how it ended.
    virtual std::string Stop() = 0;

    // stderr of an adapter process; empty in-process.
    virtual std::string Stderr()
    {
        return {};
    }

  protected:
    // Writes one line (a newline is added). Throws AdapterBroken.
    virtual void WriteLine(const std::string& command, const std::string& line) = 0;
    // The next line of the answer to `command`. Throws AdapterBroken.
    virtual std::string ReadLine(const std::string& command) = 0;

    [[noreturn]] void Broken(const std::string& command, const std::string& problem);

  private:
    PeerAnswer Exchange(const std::string& line, const Verb* verb);

    std::string m_label;
    Transcript* m_transcript;
};

// An adapter child process started with /bin/sh -c.
class ProcessPeer : public Peer
{
  public:
    // Throws AdapterBroken when the process cannot be started. The answer to
    // the first command has `startupTimeoutMs` (the adapter's start-up counts
    // in it: an interpreter may take a second to start under load); every
    // later answer has `timeoutMs`.
    ProcessPeer(std::string label, Transcript* transcript, const std::string& command, int timeoutMs,
                int startupTimeoutMs);
    ~ProcessPeer() override;

    std::string Stop() override;
    std::string Stderr() override;

    // Waits up to the command timeout for the adapter to exit by itself
    // (after quit); its exit description, or "still running".
    std::string WaitForExit();

    // Closes stdin and waits up to the command timeout for the adapter to
    // exit; its exit description ("killed by signal 9" when it had to be).
    std::string CloseAndWait();

  protected:
    void WriteLine(const std::string& command, const std::string& line) override;
    std::string ReadLine(const std::string& command) override;

  private:
    std::unique_ptr<ChildProcess> m_child;
    int m_timeoutMs;
    int m_startupTimeoutMs;
    bool m_firstCommand = true; // the one the start-up timeout bounds
    std::string m_lastCommand;
    std::chrono::steady_clock::time_point m_deadline;
    std::string m_stopped;
};

// The reference adapter, in-process.
class ReferencePeer : public Peer
{
  public:
    ReferencePeer(std::string label, Transcript* transcript, Fault fault = Fault::None);

    std::string Stop() override;

  protected:
    void WriteLine(const std::string& command, const std::string& line) override;
    std::string ReadLine(const std::string& command) override;

  private:
    ReferenceAdapter m_adapter;
    std::deque<std::string> m_pending;
};

} // namespace conformance
} // namespace seqex

#endif
