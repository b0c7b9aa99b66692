// Packet-level scripts in the style of packetdrill: at virtual time t send
// this command, expect exactly these event lines and this terminator.
//
//   Script s(ctx.SpawnIut());
//   s.Init();                                          // init 0 250 0 64
//   s.Expect("send 0 0 6869", {"tx P 0 6869"}, "ok 0");
//   s.Expect("tick 249", {}, "ok *");                  // "*" is any one token
//
// Events match as a multiset: the adapter protocol fixes no order among the
// lines of one answer, except the one SPEC R4 fixes: a seq_cst delivery comes
// after every delivery listed before it in `events` (list them in seq order).
#ifndef SEQEX_SCRIPT_H
#define SEQEX_SCRIPT_H

#include "seqex-case.h"

#include <string>
#include <vector>

namespace seqex
{
namespace conformance
{

class Script
{
  public:
    explicit Script(Peer& peer);

    // "init t resend seq0 window": ok, or the case is skipped on
    // "err unsupported". Returns the implementation's name.
    std::string Init(TimeMs t = 0, TimeMs resendMs = 250, Seq seq0 = 0, uint32_t window = 64);

    // Runs `command` (a well-formed command line) and requires exactly
    // `events` and a terminator matching `terminator`.
    PeerAnswer Expect(const std::string& command, const std::vector<std::string>& events, const std::string& terminator);

    // Runs `command` with no expectation beyond the grammar.
    PeerAnswer Run(const std::string& command);

    Peer& GetPeer()
    {
        return m_peer;
    }

  private:
    // Checks the script itself: t never decreases (a suite bug otherwise).
    Command Checked(const std::string& command);

    Peer& m_peer;
    TimeMs m_lastT = 0;
};

// Matches `term` against a pattern whose "*" tokens match any one token.
bool TerminatorMatches(const std::string& pattern, const std::string& term);

// Checks an answer against expected event lines (the rule above); empty
// when they match, otherwise what differs.
std::string CompareEvents(const std::vector<std::string>& expected, const std::vector<std::string>& actual);

// Lowercase hex of text ("hi" -> "6869").
std::string Hex(const std::string& text);

} // namespace conformance
} // namespace seqex

#endif
