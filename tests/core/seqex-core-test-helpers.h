// Shared helpers of the deterministic core tests: copies of transmitted
// packets, a tiny in-memory link that moves one endpoint's PollTransmit
// output into the other's ReceiveData / ReceiveAck, and a two-peer scenario
// whose applications answer every delivery. Nothing here decides protocol
// behaviour: that is the core's job, the tests only observe it.
#ifndef SEQEX_CORE_TEST_HELPERS_H
#define SEQEX_CORE_TEST_HELPERS_H

#include "seqex-endpoint.h"
#include "seqex-invariant-checker.h"
#include "seqex-names.h"
#include "seqex-sim-random.h"
#include "seqex-wire.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace seqex
{

// Readable Boost.Test failure messages (found by argument-dependent lookup).
inline std::ostream&
operator<<(std::ostream& os, ResendMode m)
{
    return os << ResendModeName(m);
}

inline std::ostream&
operator<<(std::ostream& os, DecodeError e)
{
    return os << DecodeErrorName(e);
}

// The enums of the core's name table (seqex-names.h).
template <typename E, typename = decltype(Label(E{}))>
std::ostream&
operator<<(std::ostream& os, E value)
{
    return os << Label(value);
}

namespace test
{

using ByteEndpoint = Endpoint<Bytes, Bytes>;
using ByteDelivery = Delivery<Bytes, Bytes>;

inline Bytes
B(const std::string& text)
{
    return Bytes(text.begin(), text.end());
}

inline std::string
Text(const Bytes& bytes)
{
    return std::string(bytes.begin(), bytes.end());
}

inline Config
MakeConfig(uint32_t window, Seq initialSeq = 0, TimeMs resendMs = 100)
{
    Config c;
    c.window = window;
    c.initialSeq = initialSeq;
    c.resendIntervalMs = resendMs;
    return c;
}

// A packet an endpoint handed out, with its data copied: the pointer in
// OutgoingPacket is only valid until the endpoint changes.
template <typename S>
struct Captured
{
    PacketKind kind;
    Seq seq;
    Seq re;
    std::optional<S> data; // empty for an Ack
    bool retransmission;

    // Same packet on the wire (S3: a retransmission is unchanged).
    bool SameAs(const Captured& o) const
    {
        return kind == o.kind && re == o.re && data == o.data && (kind == PacketKind::Ack || seq == o.seq);
    }
};

template <typename S, typename R>
std::vector<Captured<S>>
DrainTransmit(Endpoint<S, R>& ep)
{
    std::vector<Captured<S>> out;
    while (auto p = ep.PollTransmit())
    {
        std::optional<S> data;
        if (p->data != nullptr)
        {
            data = *p->data;
        }
        out.push_back({p->kind, p->seq, p->re, std::move(data), p->retransmission});
    }
    return out;
}

// Every queued delivery. The Answer handles inside ack when the returned
// vector dies, so tests that care keep it alive.
template <typename S, typename R>
std::vector<Delivery<S, R>>
DrainDeliveries(Endpoint<S, R>& ep)
{
    std::vector<Delivery<S, R>> out;
    while (auto d = ep.PollDelivery())
    {
        out.push_back(std::move(*d));
    }
    return out;
}

// The alternatives of a delivery (std::get: a wrong kind throws, which
// fails the test).
template <typename S, typename R>
PayloadDelivery<S, R>&
AsPayload(Delivery<S, R>& d)
{
    return std::get<PayloadDelivery<S, R>>(d);
}

template <typename S, typename R>
ReplyDelivery<S, R>&
AsReply(Delivery<S, R>& d)
{
    return std::get<ReplyDelivery<S, R>>(d);
}

template <typename S, typename R>
AckedDelivery<S>&
AsAcked(Delivery<S, R>& d)
{
    return std::get<AckedDelivery<S>>(d);
}

template <typename S, typename R>
const PayloadDelivery<S, R>&
AsPayload(const Delivery<S, R>& d)
{
    return std::get<PayloadDelivery<S, R>>(d);
}

// Hands `to` a packet its peer sent (the peer's S is `to`'s R), at `now`.
template <typename S, typename R>
ReceiveStatus
Feed(Endpoint<S, R>& to, const Captured<R>& p, TimeMs now = 0)
{
    if (p.kind == PacketKind::Ack)
    {
        return to.ReceiveAck(now, p.re);
    }
    return to.ReceiveData(now, p.kind, p.seq, p.re, *p.data);
}

// Two endpoints joined by an in-memory wire: side 0 is Endpoint<X, Y>, side 1
// Endpoint<Y, X>. Lossless and in order unless `drop` says otherwise;
// `duplicate` delivers every packet twice.
template <typename X, typename Y>
class Link
{
  public:
    // from: 0 or 1; the packet's kind, seq, re and whether it is a resend.
    using DropRule = std::function<bool(int from, PacketKind kind, Seq seq, Seq re, bool retransmission)>;

    Link(Endpoint<X, Y>& a, Endpoint<Y, X>& b)
        : m_a(a),
          m_b(b)
    {
    }

    DropRule drop;
    bool duplicate = false;
    const TimeMs* clock = nullptr; // the time packets arrive at (0 without one)
    // Called with every packet as it leaves side 0 / side 1, lost or not.
    std::function<void(const Captured<X>&)> onTransmitA;
    std::function<void(const Captured<Y>&)> onTransmitB;

    // Moves packets both ways until neither endpoint has any queued.
    // Returns how many packets left the endpoints (lost ones included).
    size_t Flush()
    {
        size_t total = 0;
        for (;;)
        {
            size_t moved = Move(0, m_a, m_b, onTransmitA) + Move(1, m_b, m_a, onTransmitB);
            if (moved == 0)
            {
                return total;
            }
            total += moved;
        }
    }

    // First transmissions of data packets, per sending side, in send order.
    const std::vector<Seq>& FirstSends(int side) const
    {
        return m_firstSends[side];
    }

    uint64_t Dropped() const
    {
        return m_dropped;
    }

  private:
    template <typename From, typename To, typename Observer>
    size_t Move(int from, From& src, To& dst, const Observer& observe)
    {
        size_t moved = 0;
        for (auto& p : DrainTransmit(src))
        {
            ++moved;
            if (p.kind != PacketKind::Ack && !p.retransmission)
            {
                m_firstSends[from].push_back(p.seq);
            }
            if (observe)
            {
                observe(p);
            }
            if (drop && drop(from, p.kind, p.seq, p.re, p.retransmission))
            {
                ++m_dropped;
                continue;
            }
            TimeMs now = clock != nullptr ? *clock : 0;
            Feed(dst, p, now);
            if (duplicate)
            {
                Feed(dst, p, now);
            }
        }
        return moved;
    }

    Endpoint<X, Y>& m_a;
    Endpoint<Y, X>& m_b;
    std::vector<Seq> m_firstSends[2];
    uint64_t m_dropped = 0;
};

using ByteLink = Link<Bytes, Bytes>;

// ---- two-peer scenarios over byte endpoints --------------------------------
//
// Data of a scenario packet: byte 0 is its hop in the exchange (0 for the
// payload, 1 for the reply to it, ...), the rest names the exchange.

inline Bytes
HopData(uint8_t hop, const std::string& exchange)
{
    Bytes b(1 + exchange.size());
    b[0] = hop;
    std::copy(exchange.begin(), exchange.end(), b.begin() + 1);
    return b;
}

// A delivery of the peer's packet, as the application saw it.
struct Seen
{
    Seq seq;
    bool seqCst;
    bool asReply; // delivered as a reply to one of our packets
    Seq re;       // when asReply
    Bytes data;
};

// One of our packets resolved (S2), with its data handed back.
struct Resolved
{
    Seq seq;
    bool byAck;
    Bytes sent;
};

// An application that answers every delivery at once: it replies while the
// exchange has fewer than `chainLength` data packets, then acks. It records
// what it saw, and reports it to the SPEC §7 checker as peer `side`.
struct ScenarioApp
{
    int side = 0;
    InvariantChecker* checker = nullptr;
    uint8_t chainLength = 2;
    bool seqCstReplies = false;
    std::vector<Seen> seen;
    std::vector<Resolved> resolved;
    std::map<Seq, Bytes> sentData; // our data packets, by seq
    uint64_t replyFailures = 0;    // S5: must stay 0

    // Records a data packet this side just created (payload or reply).
    void Created(PacketKind kind, Seq seq, Seq re, const Bytes& data)
    {
        checker->OnSend(side, kind, seq, re, data);
        sentData[seq] = data;
    }

    // Returns how many deliveries it handled.
    size_t Serve(ByteEndpoint& ep, TimeMs now)
    {
        size_t handled = 0;
        while (auto d = ep.PollDelivery())
        {
            ++handled;
            switch (KindOf(*d))
            {
            case DeliveryKind::Payload: {
                auto& p = AsPayload(*d);
                seen.push_back({p.seq, p.seqCst, false, 0, p.data});
                checker->OnDeliver(side, p.seq, p.seqCst, p.data, std::nullopt);
                Respond(p.answer, p.data, now);
                break;
            }
            case DeliveryKind::Reply: {
                auto& r = AsReply(*d);
                seen.push_back({r.seq, r.seqCst, true, r.re, r.data});
                resolved.push_back({r.re, false, r.sent});
                checker->OnDeliver(side, r.seq, r.seqCst, r.data, r.re);
                Respond(r.answer, r.data, now);
                break;
            }
            case DeliveryKind::Acked: {
                auto& a = AsAcked(*d);
                resolved.push_back({a.re, true, a.sent});
                checker->OnResolvedByAck(side, a.re);
                break;
            }
            }
        }
        return handled;
    }

  private:
    void Respond(Answer<Bytes, Bytes>& answer, const Bytes& data, TimeMs now)
    {
        uint8_t hop = data.empty() ? 0 : data[0];
        if (hop + 1 < chainLength)
        {
            Bytes next = data;
            next[0] = static_cast<uint8_t>(hop + 1);
            Seq re = answer.GetSeq();
            auto r = answer.Reply(now, seqCstReplies, next);
            if (r.Ok())
            {
                // Recorded at once: the answer releases the seq_cst lock now.
                Created(seqCstReplies ? PacketKind::SeqCstReply : PacketKind::Reply, r.seq, re, next);
            }
            else
            {
                ++replyFailures;
            }
        }
        else
        {
            Seq seq = answer.GetSeq();
            if (answer.Ack() == AnswerStatus::Ok)
            {
                checker->OnAnswerAck(side, seq);
            }
        }
    }
};

// Two byte endpoints with the same configuration, a link, two apps, and the
// project's SPEC §7 InvariantChecker fed with everything that happens.
// Never moved: the link, the apps and the handles point into it.
class ByteScenario
{
  public:
    explicit ByteScenario(const Config& config)
        : window(config.window),
          initialSeq(config.initialSeq),
          a(config),
          b(config),
          link(a, b),
          checker(config.initialSeq)
    {
        link.clock = &now;
        link.onTransmitA = [this](const Captured<Bytes>& p) { Record(0, p); };
        link.onTransmitB = [this](const Captured<Bytes>& p) { Record(1, p); };
        for (int side = 0; side < 2; ++side)
        {
            app[side].side = side;
            app[side].checker = &checker;
        }
    }

    ByteScenario(const ByteScenario&) = delete;
    ByteScenario& operator=(const ByteScenario&) = delete;

    const uint32_t window;
    const Seq initialSeq;
    ByteEndpoint a;
    ByteEndpoint b;
    ByteLink link;
    InvariantChecker checker;
    ScenarioApp app[2];
    TimeMs now = 0;
    uint32_t peakUsed[2] = {0, 0};     // highest InFlight() + Reserved()
    uint32_t peakInFlight[2] = {0, 0}; // highest InFlight()

    ByteEndpoint& Ep(int side)
    {
        return side == 0 ? a : b;
    }

    const ByteEndpoint& Ep(int side) const
    {
        return side == 0 ? a : b;
    }

    SendResult<Bytes> SendPayload(int side, bool seqCst, const std::string& exchange)
    {
        Bytes data = HopData(0, exchange);
        auto r = Ep(side).Send(now, seqCst, data);
        if (r.Ok())
        {
            app[side].Created(seqCst ? PacketKind::SeqCstPayload : PacketKind::Payload, r.seq, 0, data);
        }
        Observe();
        return r;
    }

    // Loses packets (data and Acks, both ways) at random with probability
    // `rate` from a fixed seed, until `healAt`; from then on the network
    // delivers everything (SPEC §7.4: liveness once the network delivers).
    void LoseAtRandom(uint64_t seed, double rate, TimeMs healAt = 20000)
    {
        m_random.emplace(seed);
        link.drop = [this, rate, healAt](int, PacketKind, Seq, Seq, bool) {
            return now < healAt && m_random->Chance(rate);
        };
    }

    // Moves packets and serves both apps once; false when nothing happened.
    bool Step()
    {
        size_t moved = link.Flush();
        Observe();
        size_t served = app[0].Serve(a, now) + app[1].Serve(b, now);
        Observe();
        return moved + served > 0;
    }

    // Jumps to the earliest retransmission timer and ticks both endpoints;
    // false when neither has one.
    bool AdvanceToNextTimer()
    {
        auto ta = a.NextTimer();
        auto tb = b.NextTimer();
        if (!ta && !tb)
        {
            return false;
        }
        TimeMs next = ta && tb ? std::min(*ta, *tb) : (ta ? *ta : *tb);
        now = std::max(now, next);
        a.Tick(now);
        b.Tick(now);
        return true;
    }

    bool Quiet() const
    {
        return a.Idle() && b.Idle();
    }

    // Steps (and lets timers fire) until both endpoints are idle. False when
    // the pair stops making progress with work left (a deadlock) or after
    // `maxSteps`.
    bool RunUntilQuiet(int maxSteps = 100000)
    {
        for (int i = 0; i < maxSteps; ++i)
        {
            if (Step())
            {
                continue;
            }
            if (Quiet())
            {
                return true;
            }
            if (!AdvanceToNextTimer())
            {
                return false;
            }
        }
        return false;
    }

    // Starts `perSide` exchanges from each side as fast as the windows let
    // it (seq_cst when seqCst(side, i)), moving packets and firing timers
    // meanwhile, then runs until quiet. False on a stall.
    bool RunExchanges(int perSide, const std::function<bool(int side, int i)>& seqCst, int maxSteps = 100000)
    {
        int started[2] = {0, 0};
        for (int step = 0; step < maxSteps; ++step)
        {
            bool sentAny = false;
            for (int side = 0; side < 2; ++side)
            {
                while (started[side] < perSide && Ep(side).CanStartExchange())
                {
                    std::string name = std::to_string(side) + "-" + std::to_string(started[side]);
                    if (!SendPayload(side, seqCst(side, started[side]), name).Ok())
                    {
                        return false; // CanStartExchange promised room
                    }
                    ++started[side];
                    sentAny = true;
                }
            }
            if (started[0] == perSide && started[1] == perSide)
            {
                return RunUntilQuiet(maxSteps);
            }
            if (!Step() && !sentAny && !AdvanceToNextTimer())
            {
                return false;
            }
        }
        return false;
    }

    // Everything wrong with a finished run, one line each: the checker's
    // SPEC §7 safety and liveness verdicts (S1, S3, R1, R2, R4, R6 ...),
    // plus what only the apps see: S2 (each packet resolved once, with the
    // data it was sent with handed back), S5 (no reply refused), and both
    // endpoints idle.
    std::vector<std::string> Problems() const
    {
        std::vector<std::string> out = checker.CheckSafety();
        for (auto& p : checker.CheckLiveness())
        {
            out.push_back(p);
        }
        for (int side = 0; side < 2; ++side)
        {
            const std::string who = "side " + std::to_string(side) + ": ";
            std::map<Seq, int> count;
            for (const Resolved& r : app[side].resolved)
            {
                ++count[r.seq];
                auto it = app[side].sentData.find(r.seq);
                if (it == app[side].sentData.end() || it->second != r.sent)
                {
                    out.push_back(who + "seq " + std::to_string(r.seq) + " handed back other data than it sent");
                }
            }
            for (auto& [seq, data] : app[side].sentData)
            {
                if (count[seq] != 1)
                {
                    out.push_back(who + "seq " + std::to_string(seq) + " resolved " + std::to_string(count[seq]) +
                                  " times");
                }
            }
            if (app[side].replyFailures != 0)
            {
                out.push_back(who + std::to_string(app[side].replyFailures) + " replies refused");
            }
            if (!Ep(side).Idle())
            {
                out.push_back(who + "not idle");
            }
        }
        return out;
    }

    // Both endpoints' state, for failure messages.
    std::string Describe() const
    {
        std::string out = "now " + std::to_string(now);
        for (int side = 0; side < 2; ++side)
        {
            const ByteEndpoint& ep = Ep(side);
            auto timer = ep.NextTimer();
            out += "; side " + std::to_string(side) + ": inFlight " + std::to_string(ep.InFlight()) +
                   " reserved " + std::to_string(ep.Reserved()) + " waiting " + std::to_string(ep.Waiting()) +
                   " nextSeq " + std::to_string(ep.NextSeq()) + " nextExpected " +
                   std::to_string(ep.NextExpected()) + (ep.SeqCstLockHeld() ? " locked" : "") + " timer " +
                   (timer ? std::to_string(*timer) : "none") + (ep.Idle() ? " idle" : "") + " sent " +
                   std::to_string(link.FirstSends(side).size()) + " seen " + std::to_string(app[side].seen.size()) +
                   " resolved " + std::to_string(app[side].resolved.size());
        }
        return out;
    }

  private:
    void Record(int from, const Captured<Bytes>& p)
    {
        if (p.kind != PacketKind::Ack)
        {
            checker.OnTransmit(from, p.kind, p.seq, p.re, *p.data);
        }
    }

    void Observe()
    {
        for (int side = 0; side < 2; ++side)
        {
            const ByteEndpoint& ep = Ep(side);
            peakUsed[side] = std::max(peakUsed[side], ep.InFlight() + ep.Reserved());
            peakInFlight[side] = std::max(peakInFlight[side], ep.InFlight());
        }
    }

    std::optional<SimRandom> m_random;
};

// The first problem, or "" (for BOOST_TEST messages).
inline std::string
First(const std::vector<std::string>& problems)
{
    return problems.empty() ? std::string() : problems.front();
}

} // namespace test
} // namespace seqex

#endif
