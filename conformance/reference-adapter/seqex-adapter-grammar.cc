#include "seqex-adapter-grammar.h"

#include <cstdio>
#include <limits>

namespace seqex
{
namespace conformance
{

namespace
{

constexpr uint64_t kMaxSeq = 0xffffffffu;
constexpr uint64_t kMaxTime = uint64_t(std::numeric_limits<TimeMs>::max());

// "<what> <quoted>: <reason>" helpers keep every message in one shape.
bool
Number(std::string_view token, const char* what, uint64_t max, uint64_t& value, std::string& error)
{
    std::string why;
    if (!ParseUnsigned(token, max, value, why))
    {
        error = std::string(what) + " " + Quote(token) + " " + why;
        return false;
    }
    return true;
}

bool
Flag(std::string_view token, const char* what, bool& value, std::string& error)
{
    if (token == "0" || token == "1")
    {
        value = token == "1";
        return true;
    }
    error = std::string(what) + " must be 0 or 1, got " + Quote(token);
    return false;
}

bool
Data(std::string_view token, Bytes& data, std::string& error)
{
    std::string why;
    if (!ParseHex(token, data, why))
    {
        error = "data " + Quote(token) + " " + why;
        return false;
    }
    return true;
}

bool
Time(std::string_view token, TimeMs& t, std::string& error)
{
    uint64_t v = 0;
    if (!Number(token, "t", kMaxTime, v, error))
    {
        return false;
    }
    t = TimeMs(v);
    return true;
}

bool
SeqToken(std::string_view token, const char* what, Seq& s, std::string& error)
{
    uint64_t v = 0;
    if (!Number(token, what, kMaxSeq, v, error))
    {
        return false;
    }
    s = Seq(v);
    return true;
}

// Parses tokens[first..] as exactly one packet.
bool
PacketTokens(const std::vector<std::string_view>& tok, size_t first, AdapterPacket& p, std::string& error)
{
    if (first >= tok.size())
    {
        error = "missing packet (P <seq> <data>, PC <seq> <data>, R <seq> <re> <data>, "
                "RC <seq> <re> <data> or A <re>)";
        return false;
    }
    std::optional<PacketKind> kind = PacketKindFromToken(tok[first]);
    if (!kind)
    {
        error = "unknown packet kind " + Quote(tok[first]) + " (P, PC, R, RC or A)";
        return false;
    }
    size_t want = *kind == PacketKind::Ack ? 1 : IsReplyKind(*kind) ? 3 : 2;
    const char* shape = *kind == PacketKind::Ack ? "A <re>"
                        : IsReplyKind(*kind)     ? "<kind> <seq> <re> <data>"
                                                 : "<kind> <seq> <data>";
    size_t have = tok.size() - first - 1;
    if (have != want)
    {
        error = std::string("packet ") + Token(*kind) + " takes " + std::to_string(want) + " field" +
                (want == 1 ? "" : "s") + " (" + shape + "), got " + std::to_string(have);
        return false;
    }
    Seq seq = 0;
    Seq re = 0;
    Bytes data;
    if (*kind == PacketKind::Ack)
    {
        if (!SeqToken(tok[first + 1], "re", re, error))
        {
            return false;
        }
    }
    else if (IsReplyKind(*kind))
    {
        if (!SeqToken(tok[first + 1], "seq", seq, error) || !SeqToken(tok[first + 2], "re", re, error) ||
            !Data(tok[first + 3], data, error))
        {
            return false;
        }
    }
    else if (!SeqToken(tok[first + 1], "seq", seq, error) || !Data(tok[first + 2], data, error))
    {
        return false;
    }
    p = MakePacket(*kind, seq, re, std::move(data));
    return true;
}

bool
ArgCount(const std::vector<std::string_view>& tok, size_t want, const char* usage, std::string& error)
{
    size_t have = tok.size() - 1;
    if (have != want)
    {
        error = std::string("expected ") + std::to_string(want) + " argument" + (want == 1 ? "" : "s") + " (" +
                usage + "), got " + std::to_string(have);
        return false;
    }
    return true;
}

} // namespace

// ---- packets ----------------------------------------------------------------

AdapterPacket
MakePacket(PacketKind kind, Seq seq, Seq re, Bytes data)
{
    AdapterPacket p;
    p.kind = kind;
    if (IsDataKind(kind))
    {
        p.seq = seq;
        p.data = std::move(data);
    }
    if (IsReplyKind(kind) || kind == PacketKind::Ack)
    {
        p.re = re;
    }
    return p;
}

AdapterPacket
PayloadPacket(Seq seq, bool cst, Bytes data)
{
    return MakePacket(DataKind(false, cst), seq, 0, std::move(data));
}

AdapterPacket
ReplyPacket(Seq seq, Seq re, bool cst, Bytes data)
{
    return MakePacket(DataKind(true, cst), seq, re, std::move(data));
}

AdapterPacket
AckPacket(Seq re)
{
    return MakePacket(PacketKind::Ack, 0, re, {});
}

std::string
FormatPacket(const AdapterPacket& p)
{
    std::string s = Token(p.kind);
    if (p.kind == PacketKind::Ack)
    {
        return s + " " + std::to_string(p.re);
    }
    s += " " + std::to_string(p.seq);
    if (IsReplyKind(p.kind))
    {
        s += " " + std::to_string(p.re);
    }
    return s + " " + ToHex(p.data);
}

// ---- tokens and values ------------------------------------------------------

bool
SplitTokens(std::string_view line, std::vector<std::string_view>& tokens, std::string& error)
{
    tokens.clear();
    if (line.empty())
    {
        error = "empty line";
        return false;
    }
    for (size_t i = 0; i < line.size(); ++i)
    {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c != ' ' && (c < 0x21 || c > 0x7e))
        {
            char buf[64];
            std::snprintf(buf, sizeof buf, "byte 0x%02x at column %zu is not printable ASCII", c, i + 1);
            error = buf;
            return false;
        }
    }
    if (line.front() == ' ')
    {
        error = "line starts with a space";
        return false;
    }
    if (line.back() == ' ')
    {
        error = "line ends with a space";
        return false;
    }
    size_t start = 0;
    while (start <= line.size())
    {
        size_t end = line.find(' ', start);
        if (end == std::string_view::npos)
        {
            end = line.size();
        }
        if (end == start)
        {
            error = "two spaces at column " + std::to_string(start) + " (tokens are separated by one space)";
            return false;
        }
        tokens.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    return true;
}

bool
ParseUnsigned(std::string_view token, uint64_t max, uint64_t& value, std::string& error)
{
    if (token.empty())
    {
        error = "is empty";
        return false;
    }
    for (char c : token)
    {
        if (c < '0' || c > '9')
        {
            error = "is not an unsigned decimal number";
            return false;
        }
    }
    if (token.size() > 1 && token[0] == '0')
    {
        error = "has a leading zero";
        return false;
    }
    uint64_t v = 0;
    for (char c : token)
    {
        uint64_t d = uint64_t(c - '0');
        if (v > (max - d) / 10)
        {
            error = "is larger than " + std::to_string(max);
            return false;
        }
        v = v * 10 + d;
    }
    value = v;
    return true;
}

std::string
ToHex(const Bytes& data)
{
    if (data.empty())
    {
        return "-";
    }
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(2 * data.size());
    for (uint8_t b : data)
    {
        s.push_back(digits[b >> 4]);
        s.push_back(digits[b & 15]);
    }
    return s;
}

bool
ParseHex(std::string_view token, Bytes& data, std::string& error)
{
    data.clear();
    if (token == "-")
    {
        return true;
    }
    if (token.empty())
    {
        error = "is empty (empty data is \"-\")";
        return false;
    }
    if (token.size() % 2 != 0)
    {
        error = "has an odd number of hex digits";
        return false;
    }
    data.reserve(token.size() / 2);
    for (size_t i = 0; i < token.size(); i += 2)
    {
        int hi = -1;
        int lo = -1;
        for (size_t j = 0; j < 2; ++j)
        {
            char c = token[i + j];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0)
            {
                error = "has " + Quote(std::string_view(&token[i + j], 1)) + " at position " +
                        std::to_string(i + j + 1) + " (data is lowercase hex, empty data is \"-\")";
                data.clear();
                return false;
            }
            (j == 0 ? hi : lo) = v;
        }
        data.push_back(uint8_t(hi << 4 | lo));
    }
    return true;
}

Bytes
BytesOf(std::string_view text)
{
    return Bytes(text.begin(), text.end());
}

std::string
Quote(std::string_view text, size_t maxChars)
{
    std::string s = "\"";
    size_t n = 0;
    for (char ch : text)
    {
        if (n >= maxChars)
        {
            s += "...";
            break;
        }
        unsigned char c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')
        {
            s.push_back(ch);
        }
        else
        {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            s += buf;
        }
        ++n;
    }
    return s + "\"";
}

// ---- commands ---------------------------------------------------------------

const char*
VerbName(Verb v)
{
    switch (v)
    {
    case Verb::Init:
        return "init";
    case Verb::Send:
        return "send";
    case Verb::Recv:
        return "recv";
    case Verb::Reply:
        return "reply";
    case Verb::Ack:
        return "ack";
    case Verb::Tick:
        return "tick";
    case Verb::Probe:
        return "probe";
    case Verb::Quit:
        return "quit";
    }
    return "?";
}

std::string
FormatCommand(const Command& c)
{
    std::string s = VerbName(c.verb);
    if (c.verb == Verb::Quit)
    {
        return s;
    }
    s += " " + std::to_string(c.t);
    switch (c.verb)
    {
    case Verb::Init:
        return s + " " + std::to_string(c.resendMs) + " " + std::to_string(c.seq0) + " " +
               std::to_string(c.window);
    case Verb::Send:
        return s + " " + (c.cst ? "1" : "0") + " " + ToHex(c.data);
    case Verb::Recv:
        return s + " " + FormatPacket(c.packet);
    case Verb::Reply:
        return s + " " + std::to_string(c.re) + " " + (c.cst ? "1" : "0") + " " + ToHex(c.data);
    case Verb::Ack:
        return s + " " + std::to_string(c.re);
    case Verb::Tick:
    case Verb::Probe:
    case Verb::Quit:
        return s;
    }
    return s;
}

CommandParse
ParseCommand(std::string_view line)
{
    CommandParse r;
    std::vector<std::string_view> tok;
    std::string error;
    if (!SplitTokens(line, tok, error))
    {
        r.error = "bad line: " + error;
        return r;
    }
    Command c;
    std::string_view verb = tok[0];
    bool ok = false;
    if (verb == "quit")
    {
        c.verb = Verb::Quit;
        ok = ArgCount(tok, 0, "quit", error);
    }
    else if (verb == "init")
    {
        c.verb = Verb::Init;
        uint64_t resend = 0;
        uint64_t seq0 = 0;
        uint64_t window = 0;
        ok = ArgCount(tok, 4, "init <t> <resend_ms> <seq0> <window>", error) && Time(tok[1], c.t, error) &&
             Number(tok[2], "resend_ms", kMaxTime, resend, error) &&
             Number(tok[3], "seq0", kMaxSeq, seq0, error) && Number(tok[4], "window", kMaxSeq, window, error);
        c.resendMs = TimeMs(resend);
        c.seq0 = Seq(seq0);
        c.window = uint32_t(window);
    }
    else if (verb == "send")
    {
        c.verb = Verb::Send;
        ok = ArgCount(tok, 3, "send <t> <cst> <data>", error) && Time(tok[1], c.t, error) &&
             Flag(tok[2], "cst", c.cst, error) && Data(tok[3], c.data, error);
    }
    else if (verb == "recv")
    {
        c.verb = Verb::Recv;
        if (tok.size() < 3)
        {
            error = "expected a time and a packet (recv <t> <packet>)";
        }
        else
        {
            ok = Time(tok[1], c.t, error) && PacketTokens(tok, 2, c.packet, error);
        }
    }
    else if (verb == "reply")
    {
        c.verb = Verb::Reply;
        ok = ArgCount(tok, 4, "reply <t> <re> <cst> <data>", error) && Time(tok[1], c.t, error) &&
             SeqToken(tok[2], "re", c.re, error) && Flag(tok[3], "cst", c.cst, error) &&
             Data(tok[4], c.data, error);
    }
    else if (verb == "ack")
    {
        c.verb = Verb::Ack;
        ok = ArgCount(tok, 2, "ack <t> <re>", error) && Time(tok[1], c.t, error) &&
             SeqToken(tok[2], "re", c.re, error);
    }
    else if (verb == "tick")
    {
        c.verb = Verb::Tick;
        ok = ArgCount(tok, 1, "tick <t>", error) && Time(tok[1], c.t, error);
    }
    else if (verb == "probe")
    {
        c.verb = Verb::Probe;
        ok = ArgCount(tok, 1, "probe <t>", error) && Time(tok[1], c.t, error);
    }
    else
    {
        r.unsupportedVerb = std::string(verb);
        return r;
    }
    if (!ok)
    {
        r.error = "bad " + std::string(verb) + ": " + error;
        return r;
    }
    r.command = std::move(c);
    return r;
}

Command
InitCommand(TimeMs t, TimeMs resendMs, Seq seq0, uint32_t window)
{
    Command c;
    c.verb = Verb::Init;
    c.t = t;
    c.resendMs = resendMs;
    c.seq0 = seq0;
    c.window = window;
    return c;
}

Command
SendCommand(TimeMs t, bool cst, Bytes data)
{
    Command c;
    c.verb = Verb::Send;
    c.t = t;
    c.cst = cst;
    c.data = std::move(data);
    return c;
}

Command
RecvCommand(TimeMs t, AdapterPacket packet)
{
    Command c;
    c.verb = Verb::Recv;
    c.t = t;
    c.packet = std::move(packet);
    return c;
}

Command
ReplyCommand(TimeMs t, Seq re, bool cst, Bytes data)
{
    Command c;
    c.verb = Verb::Reply;
    c.t = t;
    c.re = re;
    c.cst = cst;
    c.data = std::move(data);
    return c;
}

Command
AckCommand(TimeMs t, Seq re)
{
    Command c;
    c.verb = Verb::Ack;
    c.t = t;
    c.re = re;
    return c;
}

Command
TickCommand(TimeMs t)
{
    Command c;
    c.verb = Verb::Tick;
    c.t = t;
    return c;
}

Command
ProbeCommand(TimeMs t)
{
    Command c;
    c.verb = Verb::Probe;
    c.t = t;
    return c;
}

Command
QuitCommand()
{
    return Command{};
}

// ---- answers ----------------------------------------------------------------

std::string
FormatEvent(const Event& e)
{
    switch (e.kind)
    {
    case EventKind::Tx:
        return "tx " + FormatPacket(e.packet);
    case EventKind::Deliver: {
        std::string s = "deliver " + std::to_string(e.seq) + " " + (e.cst ? "1" : "0") + " " + ToHex(e.data);
        if (e.re)
        {
            s += " re " + std::to_string(*e.re);
        }
        return s;
    }
    case EventKind::Acked:
        return "acked " + std::to_string(e.seq);
    }
    return "?";
}

Event
TxEvent(AdapterPacket p)
{
    Event e;
    e.kind = EventKind::Tx;
    e.packet = std::move(p);
    return e;
}

Event
DeliverEvent(Seq seq, bool cst, Bytes data, std::optional<Seq> re)
{
    Event e;
    e.kind = EventKind::Deliver;
    e.seq = seq;
    e.cst = cst;
    e.data = std::move(data);
    e.re = re;
    return e;
}

Event
AckedEvent(Seq mine)
{
    Event e;
    e.kind = EventKind::Acked;
    e.seq = mine;
    return e;
}

bool
IsTerminatorLine(std::string_view line)
{
    std::string_view first = line.substr(0, line.find(' '));
    return first == "ok" || first == "err";
}

bool
ParseEvent(std::string_view line, Event& e, std::string& error)
{
    std::vector<std::string_view> tok;
    if (!SplitTokens(line, tok, error))
    {
        return false;
    }
    e = Event{};
    if (tok[0] == "tx")
    {
        e.kind = EventKind::Tx;
        return PacketTokens(tok, 1, e.packet, error);
    }
    if (tok[0] == "acked")
    {
        e.kind = EventKind::Acked;
        if (tok.size() != 2)
        {
            error = "acked takes one field (acked <mine>), got " + std::to_string(tok.size() - 1);
            return false;
        }
        return SeqToken(tok[1], "mine", e.seq, error);
    }
    if (tok[0] == "deliver")
    {
        e.kind = EventKind::Deliver;
        if (tok.size() != 4 && tok.size() != 6)
        {
            error = "deliver takes 3 or 5 fields (deliver <seq> <cst> <data> [re <mine>]), got " +
                    std::to_string(tok.size() - 1);
            return false;
        }
        if (!SeqToken(tok[1], "seq", e.seq, error) || !Flag(tok[2], "cst", e.cst, error) ||
            !Data(tok[3], e.data, error))
        {
            return false;
        }
        if (tok.size() == 6)
        {
            if (tok[4] != "re")
            {
                error = "expected \"re\" after the data of deliver, got " + Quote(tok[4]);
                return false;
            }
            Seq mine = 0;
            if (!SeqToken(tok[5], "mine", mine, error))
            {
                return false;
            }
            e.re = mine;
        }
        return true;
    }
    error = "unknown event " + Quote(tok[0]) + " (tx, deliver or acked)";
    return false;
}

const char*
AllowedTerminators(Verb verb)
{
    switch (verb)
    {
    case Verb::Init:
        return "ok <name> or err unsupported <reason>";
    case Verb::Send:
        return "ok <seq> or err full";
    case Verb::Recv:
        return "ok";
    case Verb::Reply:
        return "ok <seq> or err unknown";
    case Verb::Ack:
        return "ok or err unknown";
    case Verb::Tick:
        return "ok <next-timer-time> or ok none";
    case Verb::Probe:
        return "ok or err unsupported probe";
    case Verb::Quit:
        return "ok";
    }
    return "?";
}

bool
ParseTerminator(Verb verb, std::string_view line, Terminator& term, std::string& error)
{
    std::vector<std::string_view> tok;
    if (!SplitTokens(line, tok, error))
    {
        return false;
    }
    term = Terminator{};
    term.text = std::string(line);
    term.ok = tok[0] == "ok";
    if (!term.ok && tok[0] != "err")
    {
        error = "not a terminator (ok ... or err ...)";
        return false;
    }
    auto is = [&](std::initializer_list<std::string_view> want) {
        if (tok.size() != want.size())
        {
            return false;
        }
        size_t i = 0;
        for (std::string_view w : want)
        {
            if (tok[i++] != w)
            {
                return false;
            }
        }
        return true;
    };
    auto number = [&](uint64_t max, const char* what) {
        if (tok.size() != 2 || !term.ok)
        {
            return false;
        }
        uint64_t v = 0;
        std::string why;
        if (!ParseUnsigned(tok[1], max, v, why))
        {
            error = std::string(what) + " " + Quote(tok[1]) + " " + why;
            return false;
        }
        term.value = v;
        return true;
    };
    bool good = false;
    switch (verb)
    {
    case Verb::Init:
        good = (term.ok && tok.size() >= 2) || (!term.ok && tok.size() >= 2 && tok[1] == "unsupported");
        break;
    case Verb::Send:
        good = number(kMaxSeq, "seq") || is({"err", "full"});
        break;
    case Verb::Reply:
        good = number(kMaxSeq, "seq") || is({"err", "unknown"});
        break;
    case Verb::Recv:
    case Verb::Quit:
        good = is({"ok"});
        break;
    case Verb::Ack:
        good = is({"ok"}) || is({"err", "unknown"});
        break;
    case Verb::Tick:
        good = is({"ok", "none"}) || number(kMaxTime, "next-timer-time");
        break;
    case Verb::Probe:
        good = is({"ok"}) || is({"err", "unsupported", "probe"});
        break;
    }
    if (!good)
    {
        if (error.empty())
        {
            error = std::string("a ") + VerbName(verb) + " answers " + AllowedTerminators(verb);
        }
        else
        {
            error += std::string(" (a ") + VerbName(verb) + " answers " + AllowedTerminators(verb) + ")";
        }
        return false;
    }
    return true;
}

} // namespace conformance
} // namespace seqex
