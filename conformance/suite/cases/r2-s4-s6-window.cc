// Group `window`: windows. The receive window (R2), a full send window (S4), replies
// that never fail for lack of room (S5), and two instances filling their
// windows at once (S6). SPEC 3: W is an upper bound, so no case requires an
// exact count of accepted sends, only "never more than W in flight" and
// "a full window refuses cleanly".
#include "seqex-cases.h"
#include "seqex-network-case.h"

#include <map>
#include <set>

namespace seqex
{
namespace conformance
{

namespace
{

// Follows one IUT instance through answers whose exact lines the SPEC leaves
// open: which packets it delivered (once each), which of its own data
// packets are unresolved (never more than W).
class WindowTracker
{
  public:
    WindowTracker(Script& s, uint32_t window)
        : m_s(s),
          m_window(window)
    {
    }

    // A packet the peer will send: seq -> data.
    void Expect(Seq seq, const std::string& hex)
    {
        m_peer[seq] = hex;
    }

    PeerAnswer Run(const std::string& command)
    {
        PeerAnswer a = m_s.Run(command);
        for (const Event& e : a.events)
        {
            if (e.kind == EventKind::Deliver)
            {
                auto it = m_peer.find(e.seq);
                Require(it != m_peer.end() && ToHex(e.data) == it->second,
                        "\"" + command + "\": delivered \"" + FormatEvent(e) + "\", which the peer never sent");
                Require(m_delivered.insert(e.seq).second,
                        "\"" + command + "\": delivered seq " + std::to_string(e.seq) + " a second time (R1)");
                m_toAnswer.push_back(e.seq);
                if (e.re)
                {
                    m_unresolved.erase(*e.re);
                }
            }
            if (e.kind == EventKind::Acked)
            {
                m_unresolved.erase(e.seq);
            }
        }
        return a;
    }

    // Runs a send or reply that must succeed (or, with mayBeFull, may be
    // refused with err full); returns its seq.
    std::optional<Seq> RunNew(const std::string& command, const std::string& txLine, bool mayBeFull)
    {
        PeerAnswer a = Run(command);
        if (!a.terminator.ok)
        {
            Require(mayBeFull, "\"" + command + "\" was refused with \"" + a.terminator.text +
                                   "\"; a reply to a delivered packet never fails for lack of room (S5)");
            Require(a.events.empty(), "\"" + command + "\": a refused send must transmit nothing");
            return std::nullopt;
        }
        Seq seq = Seq(*a.terminator.value);
        std::string tx = "tx " + txLine;
        size_t at = tx.find("#");
        tx.replace(at, 1, std::to_string(seq));
        bool found = false;
        for (const std::string& l : a.eventLines)
        {
            found = found || l == tx;
        }
        Require(found, "\"" + command + "\" answered ok " + std::to_string(seq) + " without \"" + tx + "\"");
        m_unresolved.insert(seq);
        Require(m_unresolved.size() <= m_window,
                "after \"" + command + "\" " + std::to_string(m_unresolved.size()) +
                    " of its data packets are unresolved, more than W = " + std::to_string(m_window) + " (SPEC 3)");
        return seq;
    }

    // Fills the send window with payloads until err full; returns how many
    // were accepted (at least 1, at most W).
    uint32_t Fill(TimeMs t)
    {
        uint32_t accepted = 0;
        for (uint32_t i = 0; i <= m_window; ++i)
        {
            std::string hex = ToHex(Bytes{0xa0, uint8_t(i)});
            if (!RunNew("send " + std::to_string(t) + " 0 " + hex, "P # " + hex, true))
            {
                Require(accepted >= 1, "\"" + std::string("send ") + std::to_string(t) +
                                           "\": the first send of an idle instance was refused; SPEC 3: an "
                                           "accepted W MUST let an idle instance start an exchange");
                return accepted;
            }
            ++accepted;
        }
        Require(false, std::to_string(accepted) + " sends accepted with W = " + std::to_string(m_window) +
                           "; a full window must refuse with err full (S4)");
        return accepted;
    }

    std::set<Seq> Unresolved() const
    {
        return m_unresolved;
    }

    bool Delivered(Seq s) const
    {
        return m_delivered.count(s) > 0;
    }

    // Deliveries not answered yet, oldest first; the caller answers them.
    std::vector<Seq> TakeToAnswer()
    {
        std::vector<Seq> v;
        v.swap(m_toAnswer);
        return v;
    }

  private:
    Script& m_s;
    uint32_t m_window;
    std::map<Seq, std::string> m_peer;
    std::set<Seq> m_delivered;
    std::set<Seq> m_unresolved;
    std::vector<Seq> m_toAnswer;
};

NetworkParams
WindowFill(const std::string& name, uint32_t window, int maxNodes, bool shortMode)
{
    NetworkParams p;
    p.name = name;
    p.window = window;
    p.resendMs = 100;
    p.exchanges[0] = p.exchanges[1] = int(window) * (shortMode ? 2 : 4);
    p.sendAllAtZero = true;
    p.maxNodes = maxNodes;
    p.replyRate = maxNodes > 1 ? 0.9 : 0.0;
    p.seqCstRate = 0.4;
    p.deferRate = 0.0;
    p.healAt = 0;
    p.healedDelayMs = 5;
    p.settleMs = 20000;
    return p;
}

} // namespace

void
AddWindowCases(CaseRegistry& r)
{
    r.Add("R2.window-ahead-dropped", "packets a window or more ahead are dropped, and delivered once they come again in range",
          "SPEC R2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              s.Expect("recv 0 P 4 b4", {}, "ok");
              s.Expect("recv 1 PC 5 b5", {}, "ok");
              for (int i = 0; i < 4; ++i)
              {
                  std::string k = std::to_string(i);
                  std::string t = std::to_string(2 + i);
                  s.Expect("recv " + t + " P " + k + " b" + k, {"deliver " + k + " 0 b" + k}, "ok");
                  s.Expect("ack " + t + " " + k, {"tx A " + k}, "ok");
              }
              s.Expect("recv 10 P 4 b4", {"deliver 4 0 b4"}, "ok");
              s.Expect("recv 11 PC 5 b5", {"deliver 5 1 b5"}, "ok");
          });

    r.Add("R2.far-ahead-silent", "packets far ahead are dropped without any answer",
          "SPEC R2",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c);
              s.Expect("recv 0 P 2147483647 b0", {}, "ok");
              s.Expect("recv 1 P 1000 b1", {}, "ok");
              s.Expect("recv 2 PC 64 b2", {}, "ok");
              s.Expect("recv 3 P 0 b3", {"deliver 0 0 b3"}, "ok");
          });

    r.Add("R2.accept-w-minus-1", "packets up to W - 1 ahead of the next expected seq are accepted",
          "SPEC R2",
          Level::Should,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              s.Expect("recv 0 P 3 b3", {"deliver 3 0 b3"}, "ok");
          });

    r.Add("S4.full-refuses", "a full window refuses sends cleanly and takes no seq for them",
          "SPEC S4, S1, 3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              WindowTracker w(s, 4);
              uint32_t accepted = w.Fill(1);
              c.Note(std::to_string(accepted) + " payloads accepted with W = 4");
              s.Expect("send 2 1 b0", {}, "err full");
              for (uint32_t k = 0; k < accepted; ++k)
              {
                  s.Expect("recv 3 A " + std::to_string(k), {"acked " + std::to_string(k)}, "ok");
              }
              std::string next = std::to_string(accepted);
              s.Expect("send 4 0 c0", {"tx P " + next + " c0"}, "ok " + next);
          });

    r.Add("S5.w-counts-replies", "never more than W data packets in flight, replies included, and nothing lost",
          "SPEC 3, S5, R3",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              WindowTracker w(s, 4);
              w.Fill(1);
              for (Seq i = 0; i < 4; ++i)
              {
                  w.Expect(i, ToHex(Bytes{0xb0, uint8_t(i)}));
              }
              for (Seq i = 0; i < 4; ++i)
              {
                  w.Run("recv 2 P " + std::to_string(i) + " " + ToHex(Bytes{0xb0, uint8_t(i)}));
              }
              for (Seq d : w.TakeToAnswer())
              {
                  w.RunNew("reply 3 " + std::to_string(d) + " 0 c0", "R # " + std::to_string(d) + " c0", false);
              }
              // The peer resolves all our packets; what gets room now is delivered and acked.
              for (int round = 0; round < 3; ++round)
              {
                  for (Seq mine : w.Unresolved())
                  {
                      w.Run("recv 4 A " + std::to_string(mine));
                  }
                  for (Seq d : w.TakeToAnswer())
                  {
                      w.Run("ack 5 " + std::to_string(d));
                  }
                  // The peer sends again what was not delivered (it was waiting or dropped).
                  for (Seq i = 0; i < 4; ++i)
                  {
                      if (!w.Delivered(i))
                      {
                          w.Run("recv 6 P " + std::to_string(i) + " " + ToHex(Bytes{0xb0, uint8_t(i)}));
                      }
                  }
                  for (Seq d : w.TakeToAnswer())
                  {
                      w.Run("ack 7 " + std::to_string(d));
                  }
              }
              for (Seq i = 0; i < 4; ++i)
              {
                  Require(w.Delivered(i), "the peer's seq " + std::to_string(i) +
                                              " was never delivered, though it came again after our window "
                                              "drained (R3: it waits or is dropped and comes again, never lost)");
              }
              Require(w.Unresolved().empty(), "every packet was acked by the peer, yet some stay unresolved");
          });

    r.Add("S5.reply-never-refused", "a reply is never refused for lack of room, even with our payloads filling the window",
          "SPEC S5, S6",
          Level::Must,
          [](CaseContext& c) {
              Script s = StartIut(c, 250, 0, 4);
              WindowTracker w(s, 4);
              w.Fill(1);
              w.Expect(0, "b0");
              w.Expect(1, "b1");
              w.Expect(2, "b2");
              w.Run("recv 2 P 0 b0");
              Require(w.Delivered(0), "with its own payloads filling the window, the instance must still deliver "
                                      "the peer's packet: room is kept for answers (S6)");
              w.TakeToAnswer();
              Seq r1 = *w.RunNew("reply 3 0 0 c0", "R # 0 c0", false);
              w.Run("recv 4 R 1 " + std::to_string(r1) + " b1");
              Require(w.Delivered(1), "the peer's reply to our reply must be delivered");
              w.TakeToAnswer();
              Seq r2 = *w.RunNew("reply 5 1 1 c1", "RC # 1 c1", false);
              w.Run("recv 6 R 2 " + std::to_string(r2) + " b2");
              Require(w.Delivered(2), "the peer's reply to our reply must be delivered");
              w.TakeToAnswer();
              s.Expect("ack 7 2", {"tx A 2"}, "ok");
          });

    r.Add("S6.simultaneous-fill-acks", "two instances filling their windows at once finish every exchange (answers by Ack)",
          "SPEC S6",
          Level::Must,
          [](CaseContext& c) {
              RunNetworkCase(c, WindowFill("simultaneous fill, W 8, acks", 8, 1, c.Options().shortMode),
                             Opponent::Itself, 1);
          },
          true);

    r.Add("S6.simultaneous-fill-replies", "two instances filling their windows at once finish every exchange (reply chains)",
          "SPEC S6, S5",
          Level::Must,
          [](CaseContext& c) {
              RunNetworkCase(c, WindowFill("simultaneous fill, W 8, replies", 8, 4, c.Options().shortMode),
                             Opponent::Itself, 1);
          },
          true);

    r.Add("S6.smallest-window", "two instances with the smallest window they accept finish every exchange",
          "SPEC 3, S6, S5",
          Level::Must,
          [](CaseContext& c) {
              NetworkParams p = WindowFill("simultaneous fill, W 2, replies", 2, 3, c.Options().shortMode);
              p.exchanges[0] = p.exchanges[1] = 8;
              RunNetworkCase(c, p, Opponent::Itself, 1);
          },
          true);
}

} // namespace conformance
} // namespace seqex
