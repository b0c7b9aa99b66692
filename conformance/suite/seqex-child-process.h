// An adapter child process: `/bin/sh -c COMMAND` in its own process group
// with its stdin, stdout and stderr on pipes. Every read and write has a
// deadline, so an adapter that hangs, dies or floods its output can never
// hang the suite; stopping it kills its whole process group (grandchildren
// the shell started included) and reaps it.
//
// A process that leaves the group (setsid, a daemon's double fork) cannot be
// reached by the group kill: the suite is therefore the child subreaper
// (prctl PR_SET_CHILD_SUBREAPER) of everything its adapters start, so such
// orphans become its children, and when the last adapter process stops,
// every remaining child of the suite is killed and reaped (EndOrphans).
//
// The suite ignores SIGPIPE process-wide (Start does it once): a write to a
// dead adapter is an error result, not the death of the suite.
#ifndef SEQEX_CHILD_PROCESS_H
#define SEQEX_CHILD_PROCESS_H

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace seqex
{
namespace conformance
{

class ChildProcess
{
  public:
    // Longest line read from the adapter before it counts as garbage.
    static constexpr size_t kMaxLineLength = 1 << 20;
    // stderr kept for the report; the rest is counted.
    static constexpr size_t kMaxStderr = 16 << 10;

    // nullptr (and `error`) when the process could not be started.
    static std::unique_ptr<ChildProcess> Start(const std::string& command, std::string& error);

    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Writes all of `text` before the deadline; false with `error` when the
    // adapter closed its stdin, died or stopped reading.
    bool Write(std::string_view text, int timeoutMs, std::string& error);

    enum class ReadResult
    {
        Line,    // `line` holds one line without its newline
        Timeout, // no complete line before the deadline
        Closed,  // stdout closed (the adapter exited or closed it)
        TooLong, // a line longer than kMaxLineLength (its start is in `line`)
    };

    ReadResult ReadLine(std::string& line, int timeoutMs);

    // Output the adapter wrote without being asked (checked between
    // commands): a complete or partial line already waiting on stdout.
    std::optional<std::string> UnsolicitedOutput();

    // What is left of an unterminated last line when stdout closed.
    const std::string& PendingPartialLine() const
    {
        return m_outBuffer;
    }

    // "exited with status 3", "killed by signal 11 (Segmentation fault)",
    // or "still running" when it has not exited within `timeoutMs`; does
    // not reap (Stop does).
    std::string WaitForExit(int timeoutMs);

    // Closes stdin, gives the adapter `graceMs` to exit by itself, kills its
    // process group, reaps it. Safe to call more than once.
    std::string Stop(int graceMs);

    // stderr so far (bounded), with a note when some was dropped.
    std::string Stderr();

    pid_t Pid() const
    {
        return m_pid;
    }

    // Kills and reaps every child of this process that no live ChildProcess
    // owns: what adapters left behind (reparented here by the subreaper).
    // Returns how many there were. Stop calls it when the last one stops.
    static int EndOrphans();

  private:
    ChildProcess() = default;

    // Waits for output on stdout (and drains stderr meanwhile); false on
    // timeout. Reads what is there into m_outBuffer; sets m_outClosed.
    bool Pump(int timeoutMs);
    void DrainStderr();
    std::optional<int> ExitStatus(); // wait status without reaping

    pid_t m_pid = -1;
    int m_in = -1;
    int m_out = -1;
    int m_err = -1;
    bool m_outClosed = false;
    bool m_reaped = false;
    std::string m_exitDescription;
    std::string m_outBuffer;
    std::string m_stderr;
    size_t m_stderrDropped = 0;
};

} // namespace conformance
} // namespace seqex

#endif
