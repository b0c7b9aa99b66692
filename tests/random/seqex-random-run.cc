#include "seqex-random-run.h"

#include "seqex-endpoint.h"
#include "seqex-invariant-checker.h"
#include "seqex-names.h"
#include "seqex-sim-random.h"
#include "seqex-wire.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <sstream>

namespace seqex
{
namespace randomtest
{

namespace
{

using ByteEndpoint = Endpoint<Bytes, Bytes>;
using ByteAnswer = Answer<Bytes, Bytes>;
using ByteDelivery = Delivery<Bytes, Bytes>;

// The first data byte tells how many more data packets the exchange has;
// the receiving application follows it (reply while > 0, then ack), so both
// peers play one plan without sharing state. Empty data means 0.
constexpr int kMaxNodes = 6;

// A safety net against an implementation that loops without time moving.
constexpr uint64_t kMaxSteps = 20'000'000;

struct Datagram
{
    Bytes bytes;
    bool garbage; // injected undecodable copy: the receiver must drop and count it
};

struct PlannedSend
{
    TimeMs at;
    bool seqCst;
    Bytes data;
};

struct HeldAnswer
{
    TimeMs due;
    Seq seq; // the peer's packet it answers
    int remaining;
    ByteAnswer answer;
};

struct Peer
{
    Peer(int id, const Config& config)
        : id(id),
          endpoint(config)
    {
    }

    int id;
    ByteEndpoint endpoint;
    std::vector<HeldAnswer> held; // after endpoint: handles die first
    std::deque<PlannedSend> sends;
    std::vector<Bytes> mine;         // own data by seq - initialSeq, for hand-back checks
    std::vector<bool> seenResolved;  // own packets the application saw resolved
    uint64_t garbageReceived = 0;    // injected copies that reached this peer
};

int
RemainingOf(const Bytes& data)
{
    return data.empty() ? 0 : std::min<int>(data[0], kMaxNodes - 1);
}

std::string
Hex(const Bytes& data)
{
    static const char* digits = "0123456789abcdef";
    if (data.empty())
    {
        return "-";
    }
    std::string s;
    for (size_t i = 0; i < data.size() && i < 8; ++i)
    {
        s += digits[data[i] >> 4];
        s += digits[data[i] & 15];
    }
    if (data.size() > 8)
    {
        s += "..(" + std::to_string(data.size()) + ")";
    }
    return s;
}

class Simulation
{
  public:
    explicit Simulation(const RunParams& params)
        : m_params(params),
          m_random(params.seed ^ 0x5eec5eec5eec5eecull),
          m_checker(params.config.initialSeq),
          m_peers{std::make_unique<Peer>(0, params.config), std::make_unique<Peer>(1, params.config)},
          m_links{SimLink<Datagram>(m_random.Fork(), params.impaired),
                  SimLink<Datagram>(m_random.Fork(), params.impaired)}
    {
        TimeMs resendMax = params.config.resendIntervalMs;
        if (params.resendChangeAt)
        {
            resendMax = std::max(resendMax, params.resendChangeTo);
        }
        // After healing, something must happen at least this often: a packet
        // is sent again within one interval and arrives within one delay; its
        // answer is given within maxHold and arrives within another delay.
        m_stallBound = std::max(params.maxHoldMs, params.longHoldMs) + resendMax + 2 * params.healed.maxDelayMs + 1;
        for (int p = 0; p < 2; ++p)
        {
            PlanSends(*m_peers[p], params.exchanges[p]);
        }
    }

    RunResult Run();

  private:
    const RunParams& m_params;
    SimRandom m_random; // the applications' choices
    InvariantChecker m_checker;
    std::unique_ptr<Peer> m_peers[2];
    SimLink<Datagram> m_links[2]; // m_links[p]: from peer p to the other
    bool m_healed = false;
    bool m_resetDone = false;
    bool m_resendChanged = false;
    TimeMs m_stallBound = 0;
    TimeMs m_lastProgress = 0;
    TimeMs m_longestStall = 0;
    std::vector<std::string> m_failures;

    void Fail(TimeMs now, const std::string& what)
    {
        if (m_failures.size() < 20)
        {
            m_failures.push_back("t=" + std::to_string(now) + ": " + what);
        }
    }

    template <typename... Parts>
    void Trace(TimeMs now, int peer, const Parts&... parts)
    {
        if (m_params.trace != nullptr)
        {
            *m_params.trace << "t=" << now << " p" << peer << " ";
            (*m_params.trace << ... << parts) << "\n";
        }
    }

    void Progress(TimeMs now)
    {
        m_lastProgress = std::max(m_lastProgress, now);
    }

    Bytes MakeData(int remaining)
    {
        size_t size = size_t(m_random.Between(0, int64_t(m_params.maxDataSize)));
        if (remaining > 0 && size == 0)
        {
            size = 1;
        }
        Bytes data(size);
        for (auto& b : data)
        {
            b = uint8_t(m_random.Next());
        }
        if (size > 0)
        {
            data[0] = uint8_t(remaining);
        }
        return data;
    }

    void PlanSends(Peer& peer, int count)
    {
        std::vector<TimeMs> times;
        for (int i = 0; i < count; ++i)
        {
            times.push_back(m_random.Between(0, m_params.sendUntil));
        }
        std::sort(times.begin(), times.end());
        for (TimeMs at : times)
        {
            int nodes = int(m_random.Between(1, m_params.maxNodes));
            bool seqCst = m_random.Chance(m_params.seqCstRate);
            peer.sends.push_back({at, seqCst, MakeData(nodes - 1)});
        }
    }

    uint32_t Index(Seq seq) const
    {
        return seq - m_params.config.initialSeq;
    }

    void RecordMine(Peer& peer, Seq seq, const Bytes& data)
    {
        uint32_t i = Index(seq);
        if (i >= peer.mine.size())
        {
            peer.mine.resize(size_t(i) + 1);
            peer.seenResolved.resize(size_t(i) + 1);
        }
        peer.mine[i] = data;
    }

    // S2: resolution hands back exactly what this peer sent as `mine`.
    void CheckHandBack(TimeMs now, Peer& peer, Seq mine, const Bytes& handedBack)
    {
        uint32_t i = Index(mine);
        if (i >= peer.mine.size() || peer.mine[i] != handedBack)
        {
            std::ostringstream s;
            s << "S2: peer " << peer.id << "'s seq " << mine << " was handed back with data "
              << Hex(handedBack) << ", not what it sent";
            Fail(now, s.str());
            return;
        }
        peer.mine[i].clear();
        peer.mine[i].shrink_to_fit();
    }

    // ---- the applications ---------------------------------------------------

    void TrySends(TimeMs now, Peer& peer)
    {
        while (!peer.sends.empty() && peer.sends.front().at <= now)
        {
            PlannedSend& next = peer.sends.front();
            Bytes copy = next.data;
            auto sent = peer.endpoint.Send(now, next.seqCst, std::move(next.data));
            if (!sent.Ok())
            {
                // S4: refused, and the data comes back unchanged.
                if (!sent.refused || *sent.refused != copy)
                {
                    Fail(now, "S4: peer " + std::to_string(peer.id) +
                                  "'s refused send did not hand its data back unchanged");
                    peer.sends.pop_front();
                    return;
                }
                next.data = std::move(*sent.refused);
                return;
            }
            Trace(now, peer.id, "send ", next.seqCst ? "PC " : "P ", sent.seq, " ", Hex(copy));
            m_checker.OnSend(peer.id, DataKind(false, next.seqCst), sent.seq, 0, copy);
            RecordMine(peer, sent.seq, copy);
            Progress(now);
            peer.sends.pop_front();
        }
    }

    void OnDelivery(TimeMs now, Peer& peer, ByteDelivery& delivery)
    {
        switch (KindOf(delivery))
        {
        case DeliveryKind::Payload: {
            auto& d = std::get<PayloadDelivery<Bytes, Bytes>>(delivery);
            Trace(now, peer.id, "deliver ", d.seq, d.seqCst ? " cst " : " ", Hex(d.data));
            m_checker.OnDeliver(peer.id, d.seq, d.seqCst, d.data, std::nullopt);
            Progress(now);
            CheckLockFlag(now, peer, d.seq, d.seqCst, d.answer);
            Decide(now, peer, d.seq, RemainingOf(d.data), std::move(d.answer));
            break;
        }
        case DeliveryKind::Reply: {
            auto& d = std::get<ReplyDelivery<Bytes, Bytes>>(delivery);
            Trace(now, peer.id, "deliver ", d.seq, d.seqCst ? " cst " : " ", Hex(d.data), " re ", d.re);
            CheckHandBack(now, peer, d.re, d.sent);
            MarkResolved(peer, d.re);
            m_checker.OnDeliver(peer.id, d.seq, d.seqCst, d.data, d.re);
            Progress(now);
            CheckLockFlag(now, peer, d.seq, d.seqCst, d.answer);
            Decide(now, peer, d.seq, RemainingOf(d.data), std::move(d.answer));
            break;
        }
        case DeliveryKind::Acked: {
            auto& d = std::get<AckedDelivery<Bytes>>(delivery);
            Trace(now, peer.id, "acked ", d.re);
            CheckHandBack(now, peer, d.re, d.sent);
            MarkResolved(peer, d.re);
            m_checker.OnResolvedByAck(peer.id, d.re);
            Progress(now);
            break;
        }
        }
    }

    void MarkResolved(Peer& peer, Seq mine)
    {
        uint32_t i = Index(mine);
        if (i < peer.seenResolved.size())
        {
            peer.seenResolved[i] = true;
        }
    }

    // R4: the handle of a seq_cst delivery holds the lock; others never do.
    void CheckLockFlag(TimeMs now, Peer& peer, Seq seq, bool seqCst, const ByteAnswer& answer)
    {
        if (answer.HoldsSeqCstLock() != seqCst || !answer.Pending() || answer.GetSeq() != seq)
        {
            std::ostringstream s;
            s << "R4/R8: peer " << peer.id << "'s answer handle for seq " << seq
              << " is wrong (pending " << answer.Pending() << ", seq " << answer.GetSeq()
              << ", holds lock " << answer.HoldsSeqCstLock() << ", seq_cst " << seqCst << ")";
            Fail(now, s.str());
        }
    }

    void Decide(TimeMs now, Peer& peer, Seq seq, int remaining, ByteAnswer answer)
    {
        if (m_params.longHoldMs > 0 && m_random.Chance(m_params.longHoldRate))
        {
            TimeMs due = now + m_random.Between(1, m_params.longHoldMs);
            peer.held.push_back({due, seq, remaining, std::move(answer)});
            return;
        }
        if (m_params.maxHoldMs > 0 && m_random.Chance(m_params.deferRate))
        {
            TimeMs due = now + m_random.Between(1, m_params.maxHoldMs);
            peer.held.push_back({due, seq, remaining, std::move(answer)});
            return;
        }
        AnswerNow(now, peer, seq, remaining, answer);
    }

    void AnswerNow(TimeMs now, Peer& peer, Seq seq, int remaining, ByteAnswer& answer)
    {
        if (remaining > 0)
        {
            bool seqCst = m_random.Chance(m_params.seqCstRate);
            Bytes data = MakeData(remaining - 1);
            Bytes copy = data;
            ReplyResult r = answer.Reply(now, seqCst, std::move(data));
            if (!r.Ok())
            {
                // S5: replying to a delivered packet never fails for lack of room.
                Fail(now, "S5: peer " + std::to_string(peer.id) + "'s reply to seq " + std::to_string(seq) +
                              " failed: " + Label(r.status));
                return;
            }
            Trace(now, peer.id, "reply ", seqCst ? "RC " : "R ", r.seq, " re ", seq, " ", Hex(copy));
            m_checker.OnSend(peer.id, DataKind(true, seqCst), r.seq, seq, copy);
            RecordMine(peer, r.seq, copy);
            Progress(now);
            return;
        }
        m_checker.OnAnswerAck(peer.id, seq);
        Progress(now);
        if (m_random.Chance(m_params.dropHandleRate))
        {
            Trace(now, peer.id, "ack ", seq, " (handle dropped)");
            ByteAnswer dropped = std::move(answer); // R8: its destructor acks
            return;
        }
        Trace(now, peer.id, "ack ", seq);
        AnswerStatus status = answer.Ack();
        if (status != AnswerStatus::Ok)
        {
            Fail(now, "R8: peer " + std::to_string(peer.id) + "'s ack of seq " + std::to_string(seq) +
                          " failed: " + Label(status));
        }
    }

    void AnswerDue(TimeMs now, Peer& peer)
    {
        for (;;)
        {
            auto due = std::min_element(peer.held.begin(), peer.held.end(),
                                        [](const HeldAnswer& a, const HeldAnswer& b) { return a.due < b.due; });
            if (due == peer.held.end() || due->due > now)
            {
                return;
            }
            HeldAnswer h = std::move(*due);
            peer.held.erase(due);
            AnswerNow(now, peer, h.seq, h.remaining, h.answer);
            Pump(now, peer);
        }
    }

    // ---- the network side ------------------------------------------------------

    void Transmit(TimeMs now, Peer& peer, const OutgoingPacket<Bytes>& out)
    {
        if (IsDataKind(out.kind))
        {
            m_checker.OnTransmit(peer.id, out.kind, out.seq, out.re, *out.data);
            uint32_t i = Index(out.seq);
            if (i < peer.seenResolved.size() && peer.seenResolved[i])
            {
                Fail(now, "S3: peer " + std::to_string(peer.id) + " sent seq " + std::to_string(out.seq) +
                              " again after its application saw it resolved");
            }
        }
        Trace(now, peer.id, "tx ", Label(out.kind), " ", IsDataKind(out.kind) ? out.seq : out.re,
              IsReplyKind(out.kind) ? " re " + std::to_string(out.re) : std::string(),
              out.retransmission ? " (again)" : "");
        Datagram d{{}, false};
        if (!EncodeOutgoing(m_params.channel, out, d.bytes))
        {
            Fail(now, "peer " + std::to_string(peer.id) + ": EncodeOutgoing refused a packet it sent");
            return;
        }
        if (m_random.Chance(m_params.malformedRate))
        {
            m_links[peer.id].Send(now, Datagram{Corrupt(d.bytes), true});
        }
        m_links[peer.id].Send(now, d);
    }

    // A copy no strict v1 parser accepts: cut short, or a bad version or kind.
    Bytes Corrupt(const Bytes& wire)
    {
        Bytes bad = wire;
        switch (m_random.Below(3))
        {
        case 0:
            bad.resize(m_random.Below(wire.size()));
            break;
        case 1:
            bad[0] = uint8_t(kWireVersion + 1 + m_random.Below(255)); // never kWireVersion
            break;
        default:
            bad[1] = m_random.Chance(0.5) ? 0 : uint8_t(6 + m_random.Below(250));
            break;
        }
        return bad;
    }

    void Receive(TimeMs now, Peer& peer, const Datagram& datagram)
    {
        DecodedDatagram d = DecodeDatagram(datagram.bytes.data(), datagram.bytes.size());
        if (d.error != DecodeError::None)
        {
            if (!datagram.garbage)
            {
                Fail(now, std::string("peer ") + std::to_string(peer.id) +
                              ": a datagram the peer encoded did not decode: " + DecodeErrorName(d.error));
            }
            Trace(now, peer.id, "rx malformed: ", DecodeErrorName(d.error));
            ++peer.garbageReceived;
            peer.endpoint.CountMalformed();
            return;
        }
        if (datagram.garbage)
        {
            Fail(now, "a corrupted datagram decoded");
            return;
        }
        if (d.header.channel != m_params.channel)
        {
            Fail(now, "channel changed on the wire: " + std::to_string(d.header.channel));
            return;
        }
        if (d.header.kind == PacketKind::Ack)
        {
            Trace(now, peer.id, "rx A ", d.header.re);
            peer.endpoint.ReceiveAck(now, d.header.re);
        }
        else
        {
            Trace(now, peer.id, "rx ", Label(d.header.kind), " ", d.header.seq,
                  IsReplyKind(d.header.kind) ? " re " + std::to_string(d.header.re) : std::string());
            peer.endpoint.ReceiveData(now, d.header.kind, d.header.seq, d.header.re,
                                      Bytes(d.data, d.data + d.dataLength));
        }
        Pump(now, peer);
    }

    // Takes everything out of the endpoint until it has nothing more to say.
    void Pump(TimeMs now, Peer& peer)
    {
        for (;;)
        {
            bool any = false;
            while (auto out = peer.endpoint.PollTransmit())
            {
                any = true;
                Transmit(now, peer, *out);
            }
            while (auto delivery = peer.endpoint.PollDelivery())
            {
                any = true;
                OnDelivery(now, peer, *delivery);
            }
            if (!any)
            {
                break;
            }
        }
        if (peer.endpoint.InFlight() > peer.endpoint.GetWindow())
        {
            Fail(now, "§3: peer " + std::to_string(peer.id) + " has " +
                          std::to_string(peer.endpoint.InFlight()) + " packets in flight, window " +
                          std::to_string(peer.endpoint.GetWindow()));
        }
    }

    // ---- the clock ------------------------------------------------------------------

    void Step(TimeMs now)
    {
        if (!m_healed && now >= m_params.healAt)
        {
            m_healed = true;
            for (auto& link : m_links)
            {
                link.SetImpairment(m_params.healed);
            }
            m_lastProgress = std::max(m_lastProgress, m_params.healAt);
            Trace(now, 0, "network healed");
        }
        if (!m_resetDone && m_params.transportResetAt && now >= *m_params.transportResetAt)
        {
            m_resetDone = true;
            for (auto& link : m_links)
            {
                link.Reset();
            }
            Trace(now, 0, "transport reset");
        }
        if (!m_resendChanged && m_params.resendChangeAt && now >= *m_params.resendChangeAt)
        {
            m_resendChanged = true;
            for (auto& peer : m_peers)
            {
                peer->endpoint.SetResendInterval(m_params.resendChangeTo);
            }
        }
        for (int p = 0; p < 2; ++p)
        {
            Peer& to = *m_peers[1 - p];
            while (auto d = m_links[p].Receive(now))
            {
                Receive(now, to, *d);
            }
        }
        for (auto& peer : m_peers)
        {
            auto timer = peer->endpoint.NextTimer();
            if (timer && *timer <= now)
            {
                peer->endpoint.Tick(now);
                Pump(now, *peer);
            }
            AnswerDue(now, *peer);
            TrySends(now, *peer);
            Pump(now, *peer);
        }
    }

    std::optional<TimeMs> NextEvent(TimeMs now) const
    {
        std::optional<TimeMs> next;
        auto consider = [&](std::optional<TimeMs> t) {
            if (t && (!next || *t < *next))
            {
                next = std::max(*t, now);
            }
        };
        for (const auto& link : m_links)
        {
            consider(link.NextArrival());
        }
        for (const auto& peer : m_peers)
        {
            consider(peer->endpoint.NextTimer());
            for (const auto& h : peer->held)
            {
                consider(h.due);
            }
            if (!peer->sends.empty())
            {
                const PlannedSend& s = peer->sends.front();
                // A send refused for lack of room is retried when room frees.
                if (s.at > now || peer->endpoint.CanStartExchange())
                {
                    consider(s.at);
                }
            }
        }
        if (!m_healed)
        {
            consider(m_params.healAt);
        }
        if (!m_resetDone && m_params.transportResetAt)
        {
            consider(*m_params.transportResetAt);
        }
        if (!m_resendChanged && m_params.resendChangeAt)
        {
            consider(*m_params.resendChangeAt);
        }
        return next;
    }

    bool BothIdle() const
    {
        return m_peers[0]->endpoint.Idle() && m_peers[1]->endpoint.Idle();
    }

    bool Finished() const
    {
        for (const auto& peer : m_peers)
        {
            if (!peer->sends.empty() || !peer->held.empty())
            {
                return false;
            }
        }
        return m_healed && BothIdle() && m_links[0].InTransit() == 0 && m_links[1].InTransit() == 0;
    }

    std::string State() const
    {
        std::ostringstream s;
        for (const auto& peer : m_peers)
        {
            const auto& ep = peer->endpoint;
            s << " [peer " << peer->id << ": inFlight " << ep.InFlight() << " reserved " << ep.Reserved()
              << " waiting " << ep.Waiting() << " lock " << ep.SeqCstLockHeld() << " nextSeq " << ep.NextSeq()
              << " nextExpected " << ep.NextExpected() << " held " << peer->held.size() << " unsent "
              << peer->sends.size() << "]";
        }
        return s.str();
    }
};

RunResult
Simulation::Run()
{
    RunResult result;
    result.stallBound = m_stallBound;
    TimeMs now = 0;
    for (uint64_t step = 0;; ++step)
    {
        Step(now);
        if (!m_failures.empty() || Finished())
        {
            break;
        }
        auto next = NextEvent(now);
        if (!next)
        {
            Fail(now, "invariant 4 (liveness): nothing left to happen, but not idle:" + State());
            break;
        }
        if (*next >= m_params.healAt && !BothIdle())
        {
            TimeMs quiet = *next - std::max(m_lastProgress, m_params.healAt);
            m_longestStall = std::max(m_longestStall, quiet);
            if (quiet > m_stallBound)
            {
                Fail(now, "invariant 4 (liveness): no progress for " + std::to_string(quiet) +
                              " ms after healing (bound " + std::to_string(m_stallBound) + " ms):" + State());
                break;
            }
        }
        if (step >= kMaxSteps)
        {
            Fail(now, "more than " + std::to_string(kMaxSteps) + " steps:" + State());
            break;
        }
        now = *next;
    }
    result.endTime = now;
    result.longestStall = m_longestStall;

    for (const auto& v : m_checker.CheckSafety())
    {
        m_failures.push_back(v);
    }
    if (m_failures.empty())
    {
        for (const auto& v : m_checker.CheckLiveness())
        {
            m_failures.push_back(v);
        }
        uint64_t started = uint64_t(m_params.exchanges[0]) + uint64_t(m_params.exchanges[1]);
        if (m_checker.CompletedExchanges() != started)
        {
            m_failures.push_back("invariant 4 (liveness): " + std::to_string(started) + " exchanges started, " +
                                 std::to_string(m_checker.CompletedExchanges()) + " ended in an ack");
        }
        for (int p = 0; p < 2; ++p)
        {
            uint64_t counted = m_peers[p]->endpoint.GetCounters().malformedDropped;
            if (counted != m_peers[p]->garbageReceived)
            {
                m_failures.push_back("invariant 5: peer " + std::to_string(p) + " counted " +
                                     std::to_string(counted) + " malformed datagrams, " +
                                     std::to_string(m_peers[p]->garbageReceived) + " reached it");
            }
        }
    }

    result.exchanges = m_checker.CompletedExchanges();
    for (const auto& peer : m_peers)
    {
        result.counters += peer->endpoint.GetCounters();
    }
    result.failures = std::move(m_failures);
    return result;
}

template <typename T, size_t N>
T
Pick(SimRandom& r, const T (&choices)[N])
{
    return choices[r.Below(N)];
}

} // namespace

RunParams
DrawParams(uint64_t seed)
{
    SimRandom r(seed);
    RunParams p;
    p.seed = seed;

    const uint32_t windows[] = {12, 16, 32, 64};
    p.config.window = r.Chance(0.5) ? uint32_t(r.Between(2, 8)) : Pick(r, windows);
    p.config.resendIntervalMs = r.Between(20, 300);
    switch (r.Below(10))
    {
    case 0:
    case 1:
    case 2:
    case 3: // just below the wrap, so the run crosses 2^32
        p.config.initialSeq = Seq(0) - Seq(r.Between(1, 3 * p.config.window + 40));
        break;
    case 4:
        p.config.initialSeq = 0;
        break;
    case 5: // just below 2^31, where "before" changes sign
        p.config.initialSeq = 0x80000000u - Seq(r.Between(1, 3 * p.config.window + 40));
        break;
    default:
        p.config.initialSeq = Seq(r.Next());
        break;
    }
    p.channel = uint16_t(r.Below(65536));

    if (r.Chance(0.1))
    {
        p.impaired = LinkImpairment{}; // a clean network, delays only
        p.impaired.maxDelayMs = r.Between(0, 50);
    }
    else
    {
        p.impaired.dropRate = r.Unit() * 0.4;
        p.impaired.duplicateRate = r.Unit() * 0.3;
        p.impaired.reorderRate = r.Unit() * 0.4;
        p.impaired.minDelayMs = r.Between(0, 30);
        p.impaired.maxDelayMs = p.impaired.minDelayMs + r.Between(0, 150);
        p.impaired.reorderDelayMs = r.Between(1, 300);
    }
    p.healed.minDelayMs = p.healed.maxDelayMs = r.Between(1, 20);

    for (int& n : p.exchanges)
    {
        n = int(r.Between(0, 80));
    }
    if (r.Chance(0.1))
    {
        p.exchanges[r.Below(2)] = 0; // one-way traffic
    }
    // Sometimes both peers start everything at once (S6).
    p.sendUntil = r.Chance(0.15) ? 0 : r.Between(0, 5000);
    p.healAt = r.Between(0, p.sendUntil + 3000);
    if (r.Chance(0.2))
    {
        p.transportResetAt = r.Between(0, p.healAt);
    }
    if (r.Chance(0.2))
    {
        p.resendChangeAt = r.Between(0, p.healAt + 500);
        p.resendChangeTo = r.Between(20, 300);
    }

    p.maxNodes = int(r.Between(1, kMaxNodes));
    const double seqCstRates[] = {0.0, 0.1, 0.5, 1.0};
    p.seqCstRate = Pick(r, seqCstRates);
    const double deferRates[] = {0.0, 0.3, 0.8};
    p.deferRate = Pick(r, deferRates);
    p.maxHoldMs = r.Between(1, 3 * p.config.resendIntervalMs);
    if (r.Chance(0.2))
    {
        // Now and then an answer held for long: the receive rings grow and
        // new payloads meet the send-span limit.
        p.longHoldRate = 0.03;
        p.longHoldMs = r.Between(10, 40) * p.config.resendIntervalMs;
    }
    p.dropHandleRate = 0.3;
    const size_t dataSizes[] = {0, 4, 32, 300};
    p.maxDataSize = Pick(r, dataSizes);
    const double malformedRates[] = {0.0, 0.0, 0.05};
    p.malformedRate = Pick(r, malformedRates);
    return p;
}

std::string
Describe(const RunParams& p)
{
    std::ostringstream s;
    s << "seed " << p.seed << ": window " << p.config.window << ", initial seq " << p.config.initialSeq
      << ", resend " << p.config.resendIntervalMs << " ms, channel " << p.channel << "\n"
      << "  impaired until " << p.healAt << " ms: drop " << p.impaired.dropRate << ", duplicate "
      << p.impaired.duplicateRate << ", reorder " << p.impaired.reorderRate << " (+1.."
      << p.impaired.reorderDelayMs << " ms), delay " << p.impaired.minDelayMs << ".." << p.impaired.maxDelayMs
      << " ms; healed delay " << p.healed.maxDelayMs << " ms\n";
    if (p.transportResetAt)
    {
        s << "  transport reset at " << *p.transportResetAt << " ms\n";
    }
    if (p.resendChangeAt)
    {
        s << "  resend interval set to " << p.resendChangeTo << " ms at " << *p.resendChangeAt << " ms\n";
    }
    s << "  exchanges " << p.exchanges[0] << " + " << p.exchanges[1] << " started in 0.." << p.sendUntil
      << " ms, 1.." << p.maxNodes << " data packets each, seq_cst rate " << p.seqCstRate << "\n"
      << "  answers held at rate " << p.deferRate << " for up to " << p.maxHoldMs << " ms, at rate "
      << p.longHoldRate << " for up to " << p.longHoldMs << " ms, data up to "
      << p.maxDataSize << " bytes, malformed rate " << p.malformedRate;
    return s.str();
}

RunResult
Run(const RunParams& params)
{
    Simulation sim(params);
    return sim.Run();
}

} // namespace randomtest
} // namespace seqex
