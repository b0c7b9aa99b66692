#include "seqex-network.h"

#include "seqex-invariant-checker.h"
#include "seqex-sim-random.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace seqex
{
namespace conformance
{

namespace
{

// A run that needs more commands than this is not converging.
constexpr uint64_t kMaxCommands = 400000;
constexpr TimeMs kNever = std::numeric_limits<TimeMs>::max();
constexpr size_t kMaxReportedFailures = 12;

uint64_t
Mix(uint64_t a, uint64_t b)
{
    uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

Bytes
RandomData(SimRandom& rng, size_t maxSize)
{
    Bytes b(size_t(rng.Between(0, int64_t(maxSize))));
    for (uint8_t& x : b)
    {
        x = uint8_t(rng.Below(256));
    }
    return b;
}

LinkImpairment
Clean(TimeMs delay)
{
    LinkImpairment m;
    m.minDelayMs = delay;
    m.maxDelayMs = delay;
    return m;
}

std::string
DescribeImpairment(const LinkImpairment& m)
{
    std::ostringstream s;
    s << "delay " << m.minDelayMs << "-" << m.maxDelayMs;
    if (m.dropRate > 0)
    {
        s << " drop " << m.dropRate;
    }
    if (m.duplicateRate > 0)
    {
        s << " dup " << m.duplicateRate;
    }
    if (m.reorderRate > 0)
    {
        s << " reorder " << m.reorderRate << "/" << m.reorderDelayMs << "ms";
    }
    return s.str();
}

// Stops a run from anywhere inside it (a failure, the command cap).
struct StopRun
{
};

// "3, 5, 9" (at most 12, then how many in all).
template <typename Set>
std::string
SeqList(const Set& seqs)
{
    if (seqs.empty())
    {
        return "none";
    }
    std::string s = "seq" + std::string(seqs.size() == 1 ? " " : "s ");
    size_t k = 0;
    for (Seq q : seqs)
    {
        if (k++ == 12)
        {
            return s + ", ... (" + std::to_string(seqs.size()) + " in all)";
        }
        s += (k == 1 ? "" : ", ") + std::to_string(q);
    }
    return s;
}

// Lines of the excerpt given to the workload (the JSON report has it whole).
constexpr size_t kExcerptWorkload = 8;

class NetworkRun
{
  public:
    NetworkRun(const NetworkParams& params, const std::vector<SendItem>& workload, uint64_t seed, const PeerFactory& factory)
        : m_params(params),
          m_seed(seed),
          m_checker(params.seq0),
          m_links{SimLink<AdapterPacket>(Mix(seed, 1), Clean(params.healedDelayMs)),
                  SimLink<AdapterPacket>(Mix(seed, 2), Clean(params.healedDelayMs))}
    {
        for (int i = 0; i < 2; ++i)
        {
            m_nodes[i].peer = factory(i, &m_transcript);
        }
        // The run's start: the workload it replays (after shrinking, the
        // shrunk one), so a transcript is a complete bug report.
        m_transcript.Add("workload: " + std::to_string(workload.size()) + " payloads (peer, time, seq_cst, data)");
        for (const SendItem& s : workload)
        {
            m_nodes[s.node].sends.emplace(s.at, s);
            m_transcript.Add("workload: " + Name(s.node) + " sends at " + std::to_string(s.at) + " ms, cst " +
                             (s.cst ? "1" : "0") + ", data " + (s.data.empty() ? "-" : ToHex(s.data)));
        }
        m_workloadLines = m_transcript.Total();
    }

    NetworkOutcome Run()
    {
        try
        {
            Init();
            Loop();
        }
        catch (const StopRun&)
        {
        }
        catch (const AdapterBroken& e)
        {
            m_out.broken = e.what();
        }
        m_out.exchanges = m_checker.CompletedExchanges();
        m_out.dataPackets = m_checker.SentCount(0) + m_checker.SentCount(1);
        m_out.endTime = m_now;
        for (Node& n : m_nodes)
        {
            std::string how = n.peer->Stop();
            std::string err = n.peer->Stderr();
            if (!err.empty())
            {
                m_out.stderrText.push_back(n.peer->Label() + " (" + how + "):\n" + err);
            }
        }
        m_out.transcript = m_transcript.Lines();
        m_out.transcriptLines = m_transcript.Total();
        m_out.excerpt = BuildExcerpt();
        return std::move(m_out);
    }

  private:
    struct Node
    {
        std::unique_ptr<Peer> peer;
        std::optional<TimeMs> timer;
        // Own data packets it may still count against W: a reply or Ack naming
        // one may have resolved it on arrival (lenient, for the W check).
        std::set<Seq> unresolved;
        std::set<Seq> unreported;            // own data packets it never reported resolved (acked, deliver re)
        std::set<Seq> transmitted;           // own data packets transmitted at least once
        std::map<Seq, TimeMs> lastRetransmit; // own data packets: its last retransmission
        std::set<Seq> waiting;               // the peer's data packets that reached it, not delivered yet
        std::set<Seq> delivered;             // the peer's data packets it delivered
        std::map<Seq, int> depth;            // own data packets: position in their exchange (1 = payload)
        std::multimap<TimeMs, SendItem> sends; // payloads still to send
        std::multimap<TimeMs, Seq> answers;  // deliveries to answer, by due time
        uint64_t refusedSends = 0;
    };

    const std::string& Name(int i) const
    {
        return m_nodes[i].peer->Label();
    }

    [[noreturn]] void Fail(const std::string& what)
    {
        m_out.failures.push_back(what);
        throw StopRun{};
    }

    // Something moved: a delivery, a resolution, an accepted send or answer.
    void Progress()
    {
        m_lastProgressLine = m_transcript.Total();
        m_lastProgressTime = m_now;
        m_since = Idle{};
    }

    PeerAnswer Cmd(int i, const Command& c)
    {
        if (++m_out.commands > kMaxCommands)
        {
            m_stalled = true;
            Fail("liveness: the run needed more than " + std::to_string(kMaxCommands) +
                 " commands without finishing (last: \"" + FormatCommand(c) + "\" to " + Name(i) + ")");
        }
        return m_nodes[i].peer->Run(c);
    }

    void CheckSafety()
    {
        std::vector<std::string> v = m_checker.CheckSafety();
        if (!v.empty())
        {
            for (size_t k = 0; k < v.size() && k < kMaxReportedFailures; ++k)
            {
                m_out.failures.push_back(v[k] + " [peer 0 is " + Name(0) + ", peer 1 is " + Name(1) + "]");
            }
            throw StopRun{};
        }
    }

    void Init()
    {
        for (int i = 0; i < 2; ++i)
        {
            PeerAnswer a = Cmd(i, InitCommand(0, m_params.resendMs, m_params.seq0, m_params.window));
            if (!a.terminator.ok)
            {
                m_out.skipped = Name(i) + " refused \"" +
                                FormatCommand(InitCommand(0, m_params.resendMs, m_params.seq0, m_params.window)) +
                                "\": " + a.terminator.text;
                throw StopRun{};
            }
        }
    }

    // Records what peer i reported in one answer and puts its packets on the wire.
    void Absorb(int i, const PeerAnswer& a)
    {
        for (const Event& e : a.events)
        {
            switch (e.kind)
            {
            case EventKind::Tx:
                if (IsDataKind(e.packet.kind))
                {
                    m_checker.OnTransmit(i, e.packet.kind, e.packet.seq, e.packet.re, e.packet.data);
                    ++m_out.transmissions;
                    if (!m_nodes[i].transmitted.insert(e.packet.seq).second)
                    {
                        m_nodes[i].lastRetransmit[e.packet.seq] = m_now;
                        ++m_since.retransmissions;
                    }
                }
                m_links[i].Send(m_now, e.packet);
                break;
            case EventKind::Deliver:
                m_checker.OnDeliver(i, e.seq, e.cst, e.data, e.re);
                m_nodes[i].waiting.erase(e.seq);
                m_nodes[i].delivered.insert(e.seq);
                if (e.re)
                {
                    m_nodes[i].unreported.erase(*e.re);
                }
                ScheduleAnswer(i, e.seq);
                Progress();
                break;
            case EventKind::Acked:
                m_checker.OnResolvedByAck(i, e.seq);
                m_nodes[i].unreported.erase(e.seq);
                Progress();
                break;
            }
        }
        CheckSafety();
    }

    // A new data packet of peer i (answer `a` to `command` said ok <seq>).
    void NewDataPacket(int i, const std::string& command, const PeerAnswer& a, const AdapterPacket& packet, int depth)
    {
        Node& n = m_nodes[i];
        m_checker.OnSend(i, packet.kind, packet.seq, packet.re, packet.data);
        bool transmitted = false;
        for (const Event& e : a.events)
        {
            transmitted = transmitted || (e.kind == EventKind::Tx && e.packet == packet);
        }
        if (!transmitted)
        {
            Fail("adapter protocol (first tx): " + Name(i) + " answered \"" + a.terminator.text + "\" to \"" +
                 command + "\" without \"tx " + FormatPacket(packet) + "\" in that answer");
        }
        n.depth[packet.seq] = depth;
        n.unresolved.insert(packet.seq);
        n.unreported.insert(packet.seq);
        Progress();
        if (n.unresolved.size() > m_params.window)
        {
            Fail("window (SPEC 3, S4): " + Name(i) + " has " + std::to_string(n.unresolved.size()) +
                 " unresolved data packets in flight after \"" + command + "\", more than W = " +
                 std::to_string(m_params.window));
        }
        TimeMs due = m_now + m_params.resendMs;
        n.timer = n.timer ? std::min(*n.timer, due) : due;
        Absorb(i, a);
    }

    void Send(int i, SendItem item)
    {
        Command c = SendCommand(m_now, item.cst, item.data);
        PeerAnswer a = Cmd(i, c);
        if (!a.terminator.ok)
        {
            Node& n = m_nodes[i];
            if (n.unreported.empty() && n.answers.empty())
            {
                Fail("SPEC 3 (window): " + Name(i) + " accepted W = " + std::to_string(m_params.window) +
                     " at init, but answered \"" + a.terminator.text + "\" to \"" + FormatCommand(c) +
                     "\" while idle (nothing of its own unresolved, no answer owed): the accepted window never "
                     "let a payload go while idle; SPEC 3: an accepted W MUST let an idle instance start an "
                     "exchange, and a W it cannot serve it refuses at init");
            }
            // S4: refused cleanly; the application tries again a little later.
            ++m_nodes[i].refusedSends;
            ++m_since.refusedSends;
            Absorb(i, a);
            m_nodes[i].sends.emplace(m_now + std::max<TimeMs>(1, m_params.resendMs / 4), std::move(item));
            return;
        }
        Seq seq = Seq(*a.terminator.value);
        NewDataPacket(i, FormatCommand(c), a, PayloadPacket(seq, item.cst, item.data), 1);
    }

    void ScheduleAnswer(int i, Seq seq)
    {
        SimRandom rng(Mix(Mix(m_seed, 100 + uint64_t(i)), seq));
        TimeMs hold = rng.Chance(m_params.deferRate) ? rng.Between(1, std::max<TimeMs>(1, m_params.maxHoldMs)) : 0;
        m_nodes[i].answers.emplace(m_now + hold, seq);
    }

    void Answer(int i, Seq seq)
    {
        int other = 1 - i;
        auto d = m_nodes[other].depth.find(seq);
        int depth = d == m_nodes[other].depth.end() ? 1 : d->second;
        SimRandom rng(Mix(Mix(m_seed, 200 + uint64_t(i)), seq));
        bool reply = depth < m_params.maxNodes && rng.Chance(m_params.replyRate);
        if (reply)
        {
            bool cst = rng.Chance(m_params.seqCstRate);
            Bytes data = RandomData(rng, m_params.maxDataSize);
            Command c = ReplyCommand(m_now, seq, cst, data);
            PeerAnswer a = Cmd(i, c);
            if (!a.terminator.ok)
            {
                Fail("SPEC R8, S5: " + Name(i) + " answered \"" + a.terminator.text + "\" to \"" + FormatCommand(c) +
                     "\", but it delivered seq " + std::to_string(seq) + " and it was not answered yet");
            }
            NewDataPacket(i, FormatCommand(c), a, ReplyPacket(Seq(*a.terminator.value), seq, cst, data), depth + 1);
            return;
        }
        Command c = AckCommand(m_now, seq);
        PeerAnswer a = Cmd(i, c);
        if (!a.terminator.ok)
        {
            Fail("SPEC R8: " + Name(i) + " answered \"" + a.terminator.text + "\" to \"" + FormatCommand(c) +
                 "\", but it delivered seq " + std::to_string(seq) + " and it was not answered yet");
        }
        m_checker.OnAnswerAck(i, seq);
        Progress();
        Absorb(i, a);
    }

    // A packet from peer 1 - dst arrives at peer dst.
    void Feed(int dst, const AdapterPacket& p)
    {
        if (p.kind == PacketKind::Ack || IsReplyKind(p.kind))
        {
            m_nodes[dst].unresolved.erase(p.re); // from now on it may count it resolved
        }
        if (IsDataKind(p.kind) && m_nodes[dst].delivered.count(p.seq) == 0)
        {
            m_nodes[dst].waiting.insert(p.seq);
        }
        ++m_since.received;
        Absorb(dst, Cmd(dst, RecvCommand(m_now, p)));
    }

    void Tick(int i)
    {
        PeerAnswer a = Cmd(i, TickCommand(m_now));
        ++m_since.ticks;
        Absorb(i, a);
        if (a.terminator.value)
        {
            // A time not after now would have the driver tick forever.
            m_nodes[i].timer = std::max<TimeMs>(TimeMs(*a.terminator.value), m_now + 1);
        }
        else
        {
            m_nodes[i].timer.reset();
        }
    }

    // The next thing to do, or kNever when the run is quiet. A timer of a
    // peer with nothing of its own unresolved does not keep the run going:
    // CONFORMANCE-ADAPTER allows a timer still armed then, that fires and
    // sends nothing (it is ticked while anything else goes on).
    TimeMs NextEventTime() const
    {
        TimeMs next = kNever;
        TimeMs idleTimers = kNever;
        for (int i = 0; i < 2; ++i)
        {
            const Node& n = m_nodes[i];
            if (std::optional<TimeMs> a = m_links[i].NextArrival())
            {
                next = std::min(next, *a);
            }
            if (n.timer)
            {
                TimeMs& slot = n.unreported.empty() ? idleTimers : next;
                slot = std::min(slot, *n.timer);
            }
            if (!n.sends.empty())
            {
                next = std::min(next, n.sends.begin()->first);
            }
            if (!n.answers.empty())
            {
                next = std::min(next, n.answers.begin()->first);
            }
        }
        if (!m_healed)
        {
            next = std::min(next, m_params.healAt);
            if (m_phase < m_params.phases.size())
            {
                next = std::min(next, m_params.phases[m_phase].start);
            }
        }
        return next == kNever ? kNever : std::min(next, idleTimers);
    }

    void ApplyPhases()
    {
        while (!m_healed && m_phase < m_params.phases.size() && m_params.phases[m_phase].start <= m_now)
        {
            const NetworkPhase& p = m_params.phases[m_phase++];
            m_links[0].SetImpairment(p.ab);
            m_links[1].SetImpairment(p.ba);
            if (p.reset)
            {
                m_links[0].Reset();
                m_links[1].Reset();
            }
        }
        if (!m_healed && m_params.healAt <= m_now)
        {
            m_healed = true;
            m_links[0].SetImpairment(Clean(m_params.healedDelayMs));
            m_links[1].SetImpairment(Clean(m_params.healedDelayMs));
        }
    }

    // Own packets it retransmitted in the last two resend intervals: those it
    // has not resolved, by its own behaviour.
    std::set<Seq> StillRetransmitted(int i) const
    {
        std::set<Seq> out;
        for (const auto& [seq, at] : m_nodes[i].lastRetransmit)
        {
            if (at + 2 * m_params.resendMs >= m_now)
            {
                out.insert(seq);
            }
        }
        return out;
    }

    std::string NotQuietDetails() const
    {
        std::ostringstream s;
        for (int i = 0; i < 2; ++i)
        {
            const Node& n = m_nodes[i];
            s << (i ? "; " : "") << Name(i) << ": ";
            s << StillRetransmitted(i).size() << " packets still retransmitted in the last "
              << 2 * m_params.resendMs << " ms, " << n.unreported.size()
              << " never reported resolved, timer " << (n.timer ? std::to_string(*n.timer) : std::string("none"))
              << ", " << n.sends.size() << " payloads not accepted yet (" << n.refusedSends << " sends refused), "
              << n.answers.size() << " deliveries to answer, " << m_links[i].InTransit() << " packets on the wire";
        }
        return s.str();
    }

    // Where each side stands: what a deadlock report needs.
    std::vector<std::string> StateLines() const
    {
        std::vector<std::string> out;
        for (int i = 0; i < 2; ++i)
        {
            const Node& n = m_nodes[i];
            out.push_back("state of " + Name(i) + " at " + std::to_string(m_now) + " ms: in flight (still " +
                          "retransmitted): " + SeqList(StillRetransmitted(i)) + "; never reported resolved: " +
                          SeqList(n.unreported) + "; waiting (arrived, not delivered): " + SeqList(n.waiting) +
                          "; refused: " + std::to_string(n.refusedSends) + " sends, " +
                          std::to_string(n.sends.size()) + " payloads not accepted yet; deliveries to answer: " +
                          std::to_string(n.answers.size()));
        }
        return out;
    }

    // The text report's view of the run (at most kExcerptLines): the
    // workload, the commands up to where progress stopped (the whole end of
    // the run when it failed otherwise), what came after in one line, and
    // each side's state.
    std::vector<std::string> BuildExcerpt() const
    {
        std::vector<std::string> out;
        uint64_t workloadItems = m_workloadLines - 1;
        for (uint64_t k = 0; k < m_workloadLines && k <= kExcerptWorkload; ++k)
        {
            out.push_back(*m_transcript.At(k));
        }
        if (workloadItems > kExcerptWorkload)
        {
            out.push_back("workload: ... and " + std::to_string(workloadItems - kExcerptWorkload) +
                          " more payloads (the JSON report lists them all)");
        }
        bool stalled = m_stalled && m_lastProgressLine < m_transcript.Total();
        uint64_t end = stalled ? m_lastProgressLine : m_transcript.Total();
        std::vector<std::string> tail;
        if (stalled)
        {
            tail.push_back("[progress stopped at " + std::to_string(m_lastProgressTime) + " ms (the last delivery, "
                           "resolution or accepted send); " + std::to_string(m_transcript.Total() - end) +
                           " more lines up to " + std::to_string(m_now) + " ms brought none: " +
                           std::to_string(m_since.ticks) + " ticks, " + std::to_string(m_since.retransmissions) +
                           " retransmissions, " + std::to_string(m_since.received) + " packets received, " +
                           std::to_string(m_since.refusedSends) + " sends refused; the JSON report has them]");
            std::vector<std::string> state = StateLines();
            tail.insert(tail.end(), state.begin(), state.end());
        }
        size_t budget = kExcerptLines - out.size() - tail.size();
        uint64_t body = end - m_workloadLines;
        uint64_t from = m_workloadLines;
        if (body > budget)
        {
            // The start of the run (the inits) and the last commands before `end`.
            const uint64_t start = 4;
            for (uint64_t k = from; k < from + start; ++k)
            {
                const std::string* l = m_transcript.At(k);
                out.push_back(l ? *l : "[line not kept]");
            }
            uint64_t keep = budget - start - 1;
            out.push_back("[" + std::to_string(body - start - keep) +
                          " lines left out here; the JSON report has the whole transcript]");
            from = end - keep;
        }
        bool gap = false;
        for (uint64_t k = from; k < end; ++k)
        {
            const std::string* l = m_transcript.At(k);
            if (l == nullptr && !gap)
            {
                out.push_back("[lines not kept: the run was longer than the transcript keeps]");
            }
            gap = l == nullptr;
            if (l)
            {
                out.push_back(*l);
            }
        }
        out.insert(out.end(), tail.begin(), tail.end());
        return out;
    }

    void Loop()
    {
        const TimeMs deadline = std::max(m_params.healAt, m_params.sendUntil) + m_params.settleMs;
        for (;;)
        {
            TimeMs next = NextEventTime();
            if (next == kNever)
            {
                break; // quiet
            }
            if (next > deadline)
            {
                m_stalled = true;
                m_out.failures.push_back("liveness (SPEC 7.4): not finished " + std::to_string(m_params.settleMs) +
                                         " ms after the network healed and the workload ended (" +
                                         NotQuietDetails() + ")");
                AddLiveness();
                return;
            }
            m_now = std::max(m_now, next);
            ApplyPhases();
            for (int dir = 0; dir < 2; ++dir)
            {
                while (std::optional<AdapterPacket> p = m_links[dir].Receive(m_now))
                {
                    Feed(1 - dir, *p);
                }
            }
            for (int i = 0; i < 2; ++i)
            {
                if (m_nodes[i].timer && *m_nodes[i].timer <= m_now)
                {
                    Tick(i);
                }
            }
            for (int i = 0; i < 2; ++i)
            {
                auto& sends = m_nodes[i].sends;
                while (!sends.empty() && sends.begin()->first <= m_now)
                {
                    SendItem item = std::move(sends.begin()->second);
                    sends.erase(sends.begin());
                    Send(i, std::move(item));
                }
            }
            for (int i = 0; i < 2; ++i)
            {
                auto& answers = m_nodes[i].answers;
                while (!answers.empty() && answers.begin()->first <= m_now)
                {
                    Seq seq = answers.begin()->second;
                    answers.erase(answers.begin());
                    Answer(i, seq);
                }
            }
        }
        AddLiveness();
    }

    void AddLiveness()
    {
        std::vector<std::string> v = m_checker.CheckLiveness();
        m_stalled = m_stalled || !v.empty();
        for (size_t k = 0; k < v.size() && k < kMaxReportedFailures; ++k)
        {
            m_out.failures.push_back(v[k] + " [peer 0 is " + Name(0) + ", peer 1 is " + Name(1) + "]");
        }
        if (v.size() > kMaxReportedFailures)
        {
            m_out.failures.push_back("... and " + std::to_string(v.size() - kMaxReportedFailures) + " more");
        }
    }

    const NetworkParams& m_params;
    uint64_t m_seed;
    InvariantChecker m_checker;
    std::array<SimLink<AdapterPacket>, 2> m_links; // [0]: peer 0 -> peer 1
    Transcript m_transcript; // before the peers that log into it
    std::array<Node, 2> m_nodes;
    NetworkOutcome m_out;
    uint64_t m_workloadLines = 0; // the workload's lines at the start of the transcript
    // Since the last progress: what the run did without any.
    struct Idle
    {
        uint64_t ticks = 0;
        uint64_t retransmissions = 0;
        uint64_t received = 0;
        uint64_t refusedSends = 0;
    };
    uint64_t m_lastProgressLine = 0;
    TimeMs m_lastProgressTime = 0;
    Idle m_since;
    bool m_stalled = false; // ended by the liveness deadline
    TimeMs m_now = 0;
    size_t m_phase = 0;
    bool m_healed = false;
};

} // namespace

std::string
Describe(const NetworkParams& p)
{
    std::ostringstream s;
    s << p.name << ": W " << p.window << ", resend " << p.resendMs << " ms, seq0 " << p.seq0 << ", payloads "
      << p.exchanges[0] << "+" << p.exchanges[1]
      << (p.sendAllAtZero ? " all at t=0" : " over " + std::to_string(p.sendUntil) + " ms") << ", up to "
      << p.maxNodes << " data packets per exchange, seq_cst " << p.seqCstRate << ", deferred answers "
      << p.deferRate << " (up to " << p.maxHoldMs << " ms)";
    for (const NetworkPhase& ph : p.phases)
    {
        s << "; from " << ph.start << " ms" << (ph.reset ? " (transport reset)" : "") << ": 0->1 "
          << DescribeImpairment(ph.ab) << ", 1->0 " << DescribeImpairment(ph.ba);
    }
    s << "; healed at " << p.healAt << " ms";
    return s.str();
}

std::vector<SendItem>
DrawWorkload(const NetworkParams& params, uint64_t seed)
{
    SimRandom rng(Mix(seed, 3));
    std::vector<SendItem> items;
    for (int node = 0; node < 2; ++node)
    {
        for (int k = 0; k < params.exchanges[node]; ++k)
        {
            SendItem s;
            s.node = node;
            s.at = params.sendAllAtZero ? 0 : rng.Between(0, params.sendUntil);
            s.cst = rng.Chance(params.seqCstRate);
            s.data = RandomData(rng, params.maxDataSize);
            items.push_back(std::move(s));
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const SendItem& a, const SendItem& b) { return a.at < b.at; });
    return items;
}

std::string
NetworkOutcome::FailureClass() const
{
    if (!broken.empty())
    {
        return "adapter";
    }
    if (failures.empty())
    {
        return {};
    }
    const std::string& f = failures.front();
    return f.substr(0, f.find(':'));
}

NetworkOutcome
RunNetwork(const NetworkParams& params, const std::vector<SendItem>& workload, uint64_t seed, const PeerFactory& factory)
{
    for (const NetworkPhase& p : params.phases)
    {
        std::string bad = ValidateImpairment(p.ab) + ValidateImpairment(p.ba);
        if (!bad.empty())
        {
            NetworkOutcome o;
            o.failures.push_back("suite error: bad impairment in " + params.name + ": " + bad);
            return o;
        }
    }
    return NetworkRun(params, workload, seed, factory).Run();
}

} // namespace conformance
} // namespace seqex
