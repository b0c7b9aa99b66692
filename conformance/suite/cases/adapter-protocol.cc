// Group `adapter`: the adapter protocol itself (init, unknown commands, quit, end
// of input, virtual time).
#include "seqex-cases.h"

namespace seqex
{
namespace conformance
{

void
AddAdapterCases(CaseRegistry& r)
{
    r.Add("adapter.init-default", "init with the default settings answers ok with the implementation's name",
          "adapter protocol: init",
          Level::Must,
          [](CaseContext& c) {
              Script s(c.SpawnIut());
              std::string name = s.Init(0, 250, 0, 64);
              Require(!name.empty(), "init must answer \"ok <name-of-implementation>\"");
              c.Note("implementation: " + name);
          });

    r.Add("adapter.unknown-command", "an unknown command gets \"err unsupported <verb>\" and changes nothing",
          "adapter protocol: commands",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              PeerAnswer a = s.GetPeer().RunRaw("frobnicate 0 1");
              Require(a.events.empty(), "\"frobnicate 0 1\" must produce no events");
              Require(a.terminator.text == "err unsupported frobnicate" ||
                          a.terminator.text.rfind("err unsupported frobnicate ", 0) == 0,
                      "\"frobnicate 0 1\": expected \"err unsupported frobnicate\", got \"" + a.terminator.text +
                          "\"");
              s.Expect("send 0 0 6869", {"tx P 0 6869"}, "ok 0");
          });

    r.Add("adapter.quit", "quit answers ok and the adapter exits with status 0",
          "adapter protocol: quit",
          Level::Must,
          [](CaseContext& c) {
              ProcessPeer& p = c.SpawnIut();
              Script s(p);
              s.Init();
              s.Expect("quit", {}, "ok");
              std::string how = p.WaitForExit();
              Require(how == "exited with status 0", "after \"quit\" the adapter must exit with status 0; it " + how);
          });

    r.Add("adapter.end-of-input", "end of input ends the adapter with status 0",
          "adapter protocol: one instance from init to quit or end of input",
          Level::Should,
          [](CaseContext& c) {
              ProcessPeer& p = c.SpawnIut();
              Script s(p);
              s.Init();
              s.Expect("send 0 0 6869", {"tx P 0 6869"}, "ok 0");
              std::string how = p.CloseAndWait();
              Require(how == "exited with status 0",
                      "when its stdin closes the adapter should exit with status 0; it " + how);
          });

    r.Add("adapter.virtual-time", "time is virtual: t near 10^12 ms works and no real clock drives timers",
          "adapter protocol: virtual time; SPEC 3",
          Level::Must,
          [](CaseContext& c) {
              Script s(c.SpawnIut());
              const TimeMs t0 = 1000000000000;
              auto at = [&](TimeMs dt) { return std::to_string(t0 + dt); };
              s.Init(t0, 250, 0, 64);
              s.Expect("send " + at(0) + " 0 6869", {"tx P 0 6869"}, "ok 0");
              s.Expect("tick " + at(249), {}, "ok *");
              // Virtual 250 ms pass at once: an adapter reading a real clock misses this.
              s.Expect("tick " + at(250), {"tx P 0 6869"}, "ok *");
              s.Expect("recv " + at(251) + " A 0", {"acked 0"}, "ok");
              s.Expect("tick " + at(1000), {}, "ok *");
          });
}

} // namespace conformance
} // namespace seqex
