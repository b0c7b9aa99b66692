// The line grammar of the conformance adapter protocol (v1): commands the
// suite writes, events and terminators the adapter answers with. The
// reference adapter parses commands with it and the suite parses answers
// with it, so both sides read the protocol from this one place.
//
// Parsing is strict: tokens are separated by single spaces, numbers are
// canonical unsigned decimal (no sign, no leading zeros), data is lowercase
// hex with "-" for empty data. Every parse error is a short sentence that
// names the offending token.
#ifndef SEQEX_ADAPTER_GRAMMAR_H
#define SEQEX_ADAPTER_GRAMMAR_H

#include "seqex-names.h"
#include "seqex-packet.h"
#include "seqex-seq.h"
#include "seqex-wire.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seqex
{
namespace conformance
{

// A packet as the adapter protocol writes it: "P 3 6869", "R 4 2 -", "A 7".
struct AdapterPacket
{
    PacketKind kind = PacketKind::Payload;
    Seq seq = 0; // data packets
    Seq re = 0;  // replies and acks
    Bytes data;  // data packets

    // Fields a kind does not have stay zero / empty (see MakePacket), so
    // equality is plain memberwise equality.
    bool operator==(const AdapterPacket& o) const
    {
        return kind == o.kind && seq == o.seq && re == o.re && data == o.data;
    }
};

// Builds a packet keeping the fields its kind lacks at zero / empty.
AdapterPacket MakePacket(PacketKind kind, Seq seq, Seq re, Bytes data);
AdapterPacket PayloadPacket(Seq seq, bool cst, Bytes data);
AdapterPacket ReplyPacket(Seq seq, Seq re, bool cst, Bytes data);
AdapterPacket AckPacket(Seq re);

std::string FormatPacket(const AdapterPacket& p);

// ---- tokens and values ------------------------------------------------------

// Splits a line into tokens separated by single spaces. Fails on an empty
// line, leading, trailing or doubled spaces, and any byte outside printable
// ASCII (tabs and carriage returns included).
bool SplitTokens(std::string_view line, std::vector<std::string_view>& tokens, std::string& error);

// Canonical unsigned decimal: "0" or a digit 1-9 followed by digits.
bool ParseUnsigned(std::string_view token, uint64_t max, uint64_t& value, std::string& error);

// Lowercase hex, two digits a byte; "-" is empty data.
std::string ToHex(const Bytes& data);
bool ParseHex(std::string_view token, Bytes& data, std::string& error);
Bytes BytesOf(std::string_view text);

// Quotes a piece of untrusted text for a message: non-printable bytes become
// \xNN and long text is cut, so a message always stays one short line.
std::string Quote(std::string_view text, size_t maxChars = 60);

// ---- commands (suite -> adapter) --------------------------------------------

enum class Verb
{
    Init,
    Send,
    Recv,
    Reply,
    Ack,
    Tick,
    // Extension (not in the v1 contract; an adapter may answer
    // "err unsupported probe"): "probe <t>" transmits the core's address
    // probe (doc/core.md), "tx P <seq> -", and answers "ok".
    Probe,
    Quit,
};

const char* VerbName(Verb v);

struct Command
{
    Verb verb = Verb::Quit;
    TimeMs t = 0;          // every verb but quit
    TimeMs resendMs = 0;   // init
    Seq seq0 = 0;          // init
    uint32_t window = 0;   // init
    bool cst = false;      // send, reply
    Bytes data;            // send, reply
    Seq re = 0;            // reply, ack
    AdapterPacket packet;  // recv
};

std::string FormatCommand(const Command& c);

struct CommandParse
{
    std::optional<Command> command;
    // Set when the first token is not a verb of this protocol: the adapter
    // answers "err unsupported <verb>".
    std::optional<std::string> unsupportedVerb;
    // Set when the line is malformed: the adapter answers "err <error>".
    std::string error;
};

CommandParse ParseCommand(std::string_view line);

// Builders for the suite's scripts.
Command InitCommand(TimeMs t, TimeMs resendMs, Seq seq0, uint32_t window);
Command SendCommand(TimeMs t, bool cst, Bytes data);
Command RecvCommand(TimeMs t, AdapterPacket packet);
Command ReplyCommand(TimeMs t, Seq re, bool cst, Bytes data);
Command AckCommand(TimeMs t, Seq re);
Command TickCommand(TimeMs t);
Command ProbeCommand(TimeMs t);
Command QuitCommand();

// ---- answers (adapter -> suite) ---------------------------------------------

enum class EventKind
{
    Tx,      // tx <packet>
    Deliver, // deliver <seq> <cst> <data> [re <mine>]
    Acked,   // acked <mine>
};

struct Event
{
    EventKind kind = EventKind::Tx;
    AdapterPacket packet;  // Tx
    Seq seq = 0;           // Deliver: the peer's seq; Acked: ours
    bool cst = false;      // Deliver
    Bytes data;            // Deliver
    std::optional<Seq> re; // Deliver: a reply to our packet *re
};

std::string FormatEvent(const Event& e);
Event TxEvent(AdapterPacket p);
Event DeliverEvent(Seq seq, bool cst, Bytes data, std::optional<Seq> re = std::nullopt);
Event AckedEvent(Seq mine);

bool IsTerminatorLine(std::string_view line); // first token "ok" or "err"
bool ParseEvent(std::string_view line, Event& event, std::string& error);

// The terminator a command may end with, parsed.
struct Terminator
{
    bool ok = false;
    // ok <seq> of send and reply; ok <time> of tick (nullopt for "ok none").
    std::optional<uint64_t> value;
    std::string text; // the whole line
};

// Checks `line` against the terminators `verb` allows:
//   init  ok <name...> | err unsupported <reason...>
//   send  ok <seq> | err full          recv  ok
//   reply ok <seq> | err unknown       ack   ok | err unknown
//   tick  ok <t> | ok none             quit  ok
//   probe ok | err unsupported probe   (extension)
bool ParseTerminator(Verb verb, std::string_view line, Terminator& term, std::string& error);

// What `verb` may answer, for messages ("ok <seq> or err full").
const char* AllowedTerminators(Verb verb);

} // namespace conformance
} // namespace seqex

#endif
