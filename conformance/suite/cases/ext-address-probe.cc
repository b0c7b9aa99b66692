// Group `extensions`: commands beyond the v1 adapter contract. An adapter may
// refuse them with "err unsupported <verb>"; the case is then skipped, never
// failed. Extensions are SHOULD at most: no MUST of the contract asks for them.
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

namespace
{

// Runs an extension command; skips the case when the IUT does not have it.
PeerAnswer RunExtension(Script& s, const std::string& command)
{
    PeerAnswer a = s.Run(command);
    if (!a.terminator.ok)
    {
        throw CaseSkipped("the implementation does not offer the extension: \"" + command + "\" answered " +
                          a.terminator.text);
    }
    return a;
}

} // namespace

void
AddExtensionCases(CaseRegistry& r)
{
    r.Add("ext.address-probe", "the address probe is an empty Payload 2^30 behind the next seq and changes nothing",
          "extension: address probe (doc/core.md); SPEC 2, R7",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("send 0 0 a0", {"tx P 0 a0"}, "ok 0");
              s.Expect("send 0 0 a1", {"tx P 1 a1"}, "ok 1");
              s.Expect("recv 1 A 0", {"acked 0"}, "ok");
              // Next seq 2: the probe's seq is 2 - 2^30 mod 2^32.
              PeerAnswer a = RunExtension(s, "probe 2");
              std::string differs = CompareEvents({"tx P 3221225474 -"}, a.eventLines);
              Require(differs.empty(), "\"probe 2\" after seqs 0 and 1: " + differs);
              // The probe took no seq, holds no window slot and sets no timer.
              s.Expect("send 3 0 a2", {"tx P 2 a2"}, "ok 2");
              s.Expect("recv 4 A 3221225474", {}, "ok");
              s.Expect("tick 250", {"tx P 1 a1"}, "ok *");
              s.Expect("tick 253", {"tx P 2 a2"}, "ok *");
          });
}

} // namespace conformance
} // namespace seqex
