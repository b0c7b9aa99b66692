#include "seqex-peer.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace seqex
{
namespace conformance
{

namespace
{

// An answer with more event lines than this is runaway output.
constexpr size_t kMaxEventLines = 100000;

// A received line as the transcript shows it: printable, one line, bounded.
std::string
Printable(const std::string& line)
{
    bool plain = line.size() <= 400;
    for (char c : line)
    {
        unsigned char u = static_cast<unsigned char>(c);
        plain = plain && u >= 0x20 && u <= 0x7e;
    }
    if (plain)
    {
        return line;
    }
    std::string q = Quote(line, 400);
    return q.substr(1, q.size() - 2);
}

} // namespace

// ---- Transcript ---------------------------------------------------------------

void
Transcript::Add(std::string line)
{
    ++m_total;
    if (m_head.size() < m_headMax)
    {
        m_head.push_back(std::move(line));
        return;
    }
    m_tail.push_back(std::move(line));
    if (m_tail.size() > m_tailMax)
    {
        m_tail.pop_front();
    }
}

std::string
DroppedLinesMarker(uint64_t n)
{
    return "[" + std::to_string(n) + " line" + (n == 1 ? "" : "s") + " not kept here]";
}

std::vector<std::string>
Transcript::Lines() const
{
    std::vector<std::string> out(m_head.begin(), m_head.end());
    uint64_t dropped = m_total - m_head.size() - m_tail.size();
    if (dropped > 0)
    {
        out.push_back(DroppedLinesMarker(dropped));
    }
    out.insert(out.end(), m_tail.begin(), m_tail.end());
    return out;
}

const std::string*
Transcript::At(uint64_t n) const
{
    if (n < m_head.size())
    {
        return &m_head[size_t(n)];
    }
    uint64_t tailStart = m_total - m_tail.size();
    if (n >= tailStart && n < m_total)
    {
        return &m_tail[size_t(n - tailStart)];
    }
    return nullptr;
}

void
Transcript::Clear()
{
    m_head.clear();
    m_tail.clear();
    m_total = 0;
}

// ---- Peer ---------------------------------------------------------------------

Peer::Peer(std::string label, Transcript* transcript)
    : m_label(std::move(label)),
      m_transcript(transcript)
{
}

void
Peer::Broken(const std::string& command, const std::string& problem)
{
    throw AdapterBroken(m_label + ": command \"" + command + "\": " + problem);
}

PeerAnswer
Peer::Run(const Command& command)
{
    return Exchange(FormatCommand(command), &command.verb);
}

PeerAnswer
Peer::RunRaw(const std::string& line)
{
    return Exchange(line, nullptr);
}

PeerAnswer
Peer::Exchange(const std::string& line, const Verb* verb)
{
    if (m_transcript)
    {
        m_transcript->Add(m_label + "> " + line);
    }
    WriteLine(line, line);
    PeerAnswer answer;
    for (;;)
    {
        std::string l = ReadLine(line);
        if (m_transcript)
        {
            m_transcript->Add(m_label + "< " + Printable(l));
        }
        std::string error;
        if (IsTerminatorLine(l))
        {
            bool good = false;
            if (verb)
            {
                good = ParseTerminator(*verb, l, answer.terminator, error);
            }
            else
            {
                std::vector<std::string_view> tokens;
                good = SplitTokens(l, tokens, error);
                answer.terminator.ok = tokens.size() > 0 && tokens[0] == "ok";
                answer.terminator.text = l;
            }
            if (!good)
            {
                Broken(line, "answered " + Quote(l, 200) + ": " + error);
            }
            return answer;
        }
        Event e;
        if (!ParseEvent(l, e, error))
        {
            Broken(line, "printed " + Quote(l, 200) + ", which is neither an event nor a terminator: " + error);
        }
        if (answer.events.size() >= kMaxEventLines)
        {
            Broken(line, "printed more than " + std::to_string(kMaxEventLines) + " event lines without a terminator");
        }
        answer.eventLines.push_back(l);
        answer.events.push_back(std::move(e));
    }
}

// ---- ProcessPeer ----------------------------------------------------------------

namespace
{

// /bin/sh's own statuses: the adapter never ran.
std::string
ShellHint(const std::string& how)
{
    if (how == "exited with status 127")
    {
        return " (status 127: the shell found no such command; check --iut)";
    }
    if (how == "exited with status 126")
    {
        return " (status 126: the shell could not execute the command; is it executable?)";
    }
    // The shell that ran the adapter reports a child killed by signal N as 128 + N.
    const std::string prefix = "exited with status ";
    if (how.rfind(prefix, 0) == 0)
    {
        int status = std::atoi(how.c_str() + prefix.size());
        if (status > 128 && status < 128 + 65)
        {
            int sig = status - 128;
            return " (status " + std::to_string(status) + ": the shell's child was killed by signal " +
                   std::to_string(sig) + " (" + ::strsignal(sig) + "))";
        }
    }
    return "";
}

// The last line the adapter wrote on stderr, usually why it died.
std::string
StderrTail(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    {
        text.pop_back();
    }
    if (text.empty())
    {
        return "";
    }
    size_t nl = text.rfind('\n');
    return "; its stderr ends " + Quote(nl == std::string::npos ? text : text.substr(nl + 1), 200);
}

} // namespace

ProcessPeer::ProcessPeer(std::string label, Transcript* transcript, const std::string& command, int timeoutMs,
                         int startupTimeoutMs)
    : Peer(std::move(label), transcript),
      m_timeoutMs(timeoutMs),
      m_startupTimeoutMs(startupTimeoutMs)
{
    std::string error;
    m_child = ChildProcess::Start(command, error);
    if (!m_child)
    {
        throw AdapterBroken(Label() + ": " + error);
    }
}

ProcessPeer::~ProcessPeer()
{
    Stop();
}

std::string
ProcessPeer::Stop()
{
    if (m_stopped.empty())
    {
        // A little grace: an adapter that exits on end of input cleans up.
        m_stopped = m_child->Stop(50);
    }
    return m_stopped;
}

std::string
ProcessPeer::Stderr()
{
    return m_child->Stderr();
}

std::string
ProcessPeer::WaitForExit()
{
    return m_child->WaitForExit(m_timeoutMs);
}

std::string
ProcessPeer::CloseAndWait()
{
    m_stopped = m_child->Stop(m_timeoutMs);
    return m_stopped;
}

void
ProcessPeer::WriteLine(const std::string& command, const std::string& line)
{
    if (std::optional<std::string> extra = m_child->UnsolicitedOutput())
    {
        std::string after = m_lastCommand.empty() ? "before the first command"
                                                  : "after the terminator of \"" + m_lastCommand + "\"";
        Broken(command, "printed " + Quote(*extra, 200) + " " + after + ", before this command was sent");
    }
    m_lastCommand = command;
    int timeout = m_firstCommand ? m_startupTimeoutMs : m_timeoutMs;
    m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
    std::string error;
    if (!m_child->Write(line + "\n", timeout, error))
    {
        // A fast-dying adapter (no such command) closes its input before
        // the first write: say why it died, as a closed output would.
        std::string how = m_child->WaitForExit(200);
        Broken(command, "could not send the command (" + error + "): the adapter " + how + ShellHint(how) +
                            StderrTail(m_child->Stderr()));
    }
}

std::string
ProcessPeer::ReadLine(const std::string& command)
{
    // The timeout bounds the whole answer, not each line: an answer that
    // trickles in forever is a hang too.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - std::chrono::steady_clock::now());
    std::string line;
    switch (m_child->ReadLine(line, left.count() > 0 ? int(left.count()) : 0))
    {
    case ChildProcess::ReadResult::Line:
        if (IsTerminatorLine(line))
        {
            m_firstCommand = false;
        }
        return line;
    case ChildProcess::ReadResult::Timeout: {
        std::string partial = m_child->PendingPartialLine();
        std::string which = m_firstCommand
                                ? std::to_string(m_startupTimeoutMs) +
                                      " ms (the start-up timeout, which bounds the first answer and the adapter's "
                                      "start-up; --startup-timeout-ms changes it)"
                                : std::to_string(m_timeoutMs) + " ms (the per-command timeout; --timeout-ms changes it)";
        std::string how = m_child->WaitForExit(0);
        if (how != "still running")
        {
            // Its stdout is still open: something it started holds it.
            Broken(command, "the adapter " + how + ShellHint(how) +
                                " without a terminator, and a process it started still holds its stdout, so no "
                                "end of output came within " +
                                which + StderrTail(m_child->Stderr()));
        }
        Broken(command, "no terminator within " + which +
                            (partial.empty() ? "" : " (unterminated output " + Quote(partial, 200) + ")"));
    }
    case ChildProcess::ReadResult::Closed: {
        std::string partial = m_child->PendingPartialLine();
        std::string how = m_child->WaitForExit(200);
        Broken(command, "the adapter " + how + " before its terminator" + ShellHint(how) +
                            (partial.empty() ? "" : " (last output without newline: " + Quote(partial, 200) + ")") +
                            StderrTail(m_child->Stderr()));
    }
    case ChildProcess::ReadResult::TooLong:
        Broken(command, "printed a line longer than " + std::to_string(ChildProcess::kMaxLineLength) +
                            " bytes starting " + Quote(line, 80));
    }
    Broken(command, "unreadable output");
}

// ---- ReferencePeer --------------------------------------------------------------

ReferencePeer::ReferencePeer(std::string label, Transcript* transcript, Fault fault)
    : Peer(std::move(label), transcript),
      m_adapter(fault)
{
}

std::string
ReferencePeer::Stop()
{
    return "in-process";
}

void
ReferencePeer::WriteLine(const std::string& /*command*/, const std::string& line)
{
    std::vector<std::string> lines = m_adapter.Handle(line);
    m_pending.insert(m_pending.end(), lines.begin(), lines.end());
}

std::string
ReferencePeer::ReadLine(const std::string& command)
{
    if (m_pending.empty())
    {
        Broken(command, "the reference adapter gave no terminator");
    }
    std::string l = std::move(m_pending.front());
    m_pending.pop_front();
    return l;
}

} // namespace conformance
} // namespace seqex
