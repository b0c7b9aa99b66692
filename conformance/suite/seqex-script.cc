#include "seqex-script.h"

#include <stdexcept>

namespace seqex
{
namespace conformance
{

namespace
{

Command
Parsed(const std::string& line)
{
    CommandParse p = ParseCommand(line);
    if (!p.command)
    {
        // A malformed script is a bug of the suite, not of the adapter.
        throw std::logic_error("script command \"" + line + "\" is malformed: " + p.error);
    }
    return *p.command;
}

std::string
Join(const std::vector<std::string>& lines)
{
    if (lines.empty())
    {
        return "(none)";
    }
    std::string s;
    for (const std::string& l : lines)
    {
        s += (s.empty() ? "" : ", ") + l;
    }
    return s;
}

bool
IsSeqCstDelivery(const std::string& line)
{
    Event e;
    std::string error;
    return ParseEvent(line, e, error) && e.kind == EventKind::Deliver && e.cst;
}

bool
IsDelivery(const std::string& line)
{
    return line.rfind("deliver ", 0) == 0;
}

} // namespace

Script::Script(Peer& peer)
    : m_peer(peer)
{
}

std::string
Script::Init(TimeMs t, TimeMs resendMs, Seq seq0, uint32_t window)
{
    Command c = InitCommand(t, resendMs, seq0, window);
    m_lastT = t;
    PeerAnswer a = m_peer.Run(c);
    std::string cmd = FormatCommand(c);
    if (!a.terminator.ok)
    {
        throw CaseSkipped("the implementation refused \"" + cmd + "\": " + a.terminator.text);
    }
    Require(a.events.empty(), "\"" + cmd + "\" must not produce events, got: " + Join(a.eventLines));
    return a.terminator.text.substr(3);
}

Command
Script::Checked(const std::string& command)
{
    Command c = Parsed(command);
    if (c.verb != Verb::Quit)
    {
        if (c.t < m_lastT)
        {
            throw std::logic_error("script command \"" + command + "\" goes back in time (from " +
                                   std::to_string(m_lastT) + ")");
        }
        m_lastT = c.t;
    }
    return c;
}

PeerAnswer
Script::Run(const std::string& command)
{
    return m_peer.Run(Checked(command));
}

PeerAnswer
Script::Expect(const std::string& command, const std::vector<std::string>& events, const std::string& terminator)
{
    PeerAnswer a = m_peer.Run(Checked(command));
    std::string diff = CompareEvents(events, a.eventLines);
    Require(diff.empty(), "\"" + command + "\": " + diff);
    Require(TerminatorMatches(terminator, a.terminator.text),
            "\"" + command + "\": expected the terminator \"" + terminator + "\", got \"" + a.terminator.text +
                "\"");
    return a;
}

bool
TerminatorMatches(const std::string& pattern, const std::string& term)
{
    std::vector<std::string_view> want;
    std::vector<std::string_view> got;
    std::string error;
    if (!SplitTokens(pattern, want, error) || !SplitTokens(term, got, error) || want.size() != got.size())
    {
        return false;
    }
    for (size_t i = 0; i < want.size(); ++i)
    {
        if (want[i] != "*" && want[i] != got[i])
        {
            return false;
        }
    }
    return true;
}

std::string
CompareEvents(const std::vector<std::string>& expected, const std::vector<std::string>& actual)
{
    // Multiset match; position[i] = where expected line i was found.
    std::vector<bool> used(actual.size(), false);
    std::vector<long> position(expected.size(), -1);
    std::vector<std::string> missing;
    for (size_t i = 0; i < expected.size(); ++i)
    {
        for (size_t j = 0; j < actual.size(); ++j)
        {
            if (!used[j] && actual[j] == expected[i])
            {
                used[j] = true;
                position[i] = long(j);
                break;
            }
        }
        if (position[i] < 0)
        {
            missing.push_back(expected[i]);
        }
    }
    std::vector<std::string> unexpected;
    for (size_t j = 0; j < actual.size(); ++j)
    {
        if (!used[j])
        {
            unexpected.push_back(actual[j]);
        }
    }
    if (!missing.empty() || !unexpected.empty())
    {
        std::string s = "expected the events [" + Join(expected) + "], got [" + Join(actual) + "]";
        if (!missing.empty())
        {
            s += "; missing: " + Join(missing);
        }
        if (!unexpected.empty())
        {
            s += "; unexpected: " + Join(unexpected);
        }
        return s;
    }
    // SPEC R4: a seq_cst delivery after every delivery listed before it.
    for (size_t j = 0; j < expected.size(); ++j)
    {
        if (!IsSeqCstDelivery(expected[j]))
        {
            continue;
        }
        for (size_t i = 0; i < j; ++i)
        {
            if (IsDelivery(expected[i]) && position[i] > position[j])
            {
                return "\"" + expected[j] + "\" (seq_cst) came before \"" + expected[i] +
                       "\"; a seq_cst packet is delivered after every lower seq (R4)";
            }
        }
    }
    return {};
}

std::string
Hex(const std::string& text)
{
    return ToHex(BytesOf(text));
}

} // namespace conformance
} // namespace seqex
