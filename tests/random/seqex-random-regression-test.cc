// Deterministic replays of what the randomized runs found, minimised to the
// few steps that matter, so each stays fixed whatever the random workload
// generator becomes.
#include "seqex-endpoint.h"
#include "seqex-invariant-checker.h"
#include "seqex-names.h"
#include "seqex-wire.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace seqex;

namespace
{

using ByteEndpoint = Endpoint<Bytes, Bytes>;
using ByteAnswer = Answer<Bytes, Bytes>;

Bytes
B(const std::string& text)
{
    return Bytes(text.begin(), text.end());
}

// Two endpoints and a lossless link under the test's control: packets move
// only when the test says so, and every event is recorded in the checker.
class Pair
{
  public:
    explicit Pair(const Config& config)
        : m_checker(config.initialSeq),
          m_ep{std::make_unique<ByteEndpoint>(config), std::make_unique<ByteEndpoint>(config)}
    {
    }

    ByteEndpoint& Ep(int p)
    {
        return *m_ep[p];
    }

    InvariantChecker& Checker()
    {
        return m_checker;
    }

    Seq Send(int p, bool seqCst, const std::string& text)
    {
        auto r = Ep(p).Send(m_now, seqCst, B(text));
        BOOST_TEST_REQUIRE(r.Ok());
        m_checker.OnSend(p, DataKind(false, seqCst), r.seq, 0, B(text));
        Collect(p);
        return r.seq;
    }

    // Moves everything peer p has put on the wire so far to the other peer,
    // one packet at a time; packets the other peer then sends stay queued.
    void Flush(int p)
    {
        std::vector<Bytes> wire;
        wire.swap(m_wire[p]);
        for (const Bytes& datagram : wire)
        {
            DecodedDatagram d = DecodeDatagram(datagram.data(), datagram.size());
            BOOST_TEST_REQUIRE((d.error == DecodeError::None), DecodeErrorName(d.error));
            ByteEndpoint& to = Ep(1 - p);
            if (d.header.kind == PacketKind::Ack)
            {
                to.ReceiveAck(m_now, d.header.re);
            }
            else
            {
                to.ReceiveData(m_now, d.header.kind, d.header.seq, d.header.re, Bytes(d.data, d.data + d.dataLength));
            }
            Collect(1 - p);
        }
    }

    // Drops whatever peer p has queued for the wire (the network lost it).
    void Lose(int p)
    {
        m_wire[p].clear();
    }

    // Retransmissions after `ms` have passed.
    void Advance(TimeMs ms)
    {
        m_now += ms;
        for (int p = 0; p < 2; ++p)
        {
            Ep(p).Tick(m_now);
            Collect(p);
        }
    }

    // Delivered packets peer p's application has not answered yet, by seq.
    std::vector<Seq> Unanswered(int p) const
    {
        std::vector<Seq> seqs;
        for (const auto& h : m_held[p])
        {
            seqs.push_back(h.GetSeq());
        }
        return seqs;
    }

    void Reply(int p, Seq seq, bool seqCst, const std::string& text)
    {
        ByteAnswer a = Take(p, seq);
        ReplyResult r = a.Reply(m_now, seqCst, B(text));
        BOOST_TEST_REQUIRE(r.Ok());
        m_checker.OnSend(p, DataKind(true, seqCst), r.seq, seq, B(text));
        Collect(p);
    }

    void Ack(int p, Seq seq)
    {
        ByteAnswer a = Take(p, seq);
        m_checker.OnAnswerAck(p, seq);
        AnswerStatus status = a.Ack();
        BOOST_TEST_REQUIRE((status == AnswerStatus::Ok), Label(status));
        Collect(p);
    }

    // The applications ack whatever they hold and the link carries
    // everything, retransmissions included, until both sides are idle.
    bool RunToIdle(int maxRounds)
    {
        for (int round = 0; round < maxRounds; ++round)
        {
            if (Ep(0).Idle() && Ep(1).Idle() && m_wire[0].empty() && m_wire[1].empty())
            {
                return true;
            }
            for (int p = 0; p < 2; ++p)
            {
                while (!m_held[p].empty())
                {
                    Ack(p, m_held[p].front().GetSeq());
                }
                Flush(p);
            }
            Advance(Ep(0).GetResendInterval());
        }
        return false;
    }

  private:
    TimeMs m_now = 0;
    InvariantChecker m_checker;
    std::unique_ptr<ByteEndpoint> m_ep[2];
    std::vector<Bytes> m_wire[2];
    std::vector<ByteAnswer> m_held[2]; // destroyed before the endpoints

    ByteAnswer Take(int p, Seq seq)
    {
        for (auto it = m_held[p].begin(); it != m_held[p].end(); ++it)
        {
            if (it->GetSeq() == seq)
            {
                ByteAnswer a = std::move(*it);
                m_held[p].erase(it);
                return a;
            }
        }
        BOOST_FAIL("peer " << p << " holds no delivery of seq " << seq);
        return {};
    }

    void Collect(int p)
    {
        ByteEndpoint& ep = Ep(p);
        while (auto out = ep.PollTransmit())
        {
            if (IsDataKind(out->kind))
            {
                m_checker.OnTransmit(p, out->kind, out->seq, out->re, *out->data);
            }
            Bytes datagram;
            BOOST_TEST_REQUIRE(EncodeOutgoing(0, *out, datagram));
            m_wire[p].push_back(std::move(datagram));
        }
        while (auto d = ep.PollDelivery())
        {
            switch (KindOf(*d))
            {
            case DeliveryKind::Payload: {
                auto& x = std::get<PayloadDelivery<Bytes, Bytes>>(*d);
                m_checker.OnDeliver(p, x.seq, x.seqCst, x.data, std::nullopt);
                m_held[p].push_back(std::move(x.answer));
                break;
            }
            case DeliveryKind::Reply: {
                auto& x = std::get<ReplyDelivery<Bytes, Bytes>>(*d);
                m_checker.OnDeliver(p, x.seq, x.seqCst, x.data, x.re);
                m_held[p].push_back(std::move(x.answer));
                break;
            }
            case DeliveryKind::Acked:
                m_checker.OnResolvedByAck(p, std::get<AckedDelivery<Bytes>>(*d).re);
                break;
            }
        }
    }
};

void
ExpectAllInvariants(InvariantChecker& c)
{
    auto safety = c.CheckSafety();
    BOOST_TEST(safety.empty(), (safety.empty() ? "" : safety.front()));
    auto liveness = c.CheckLiveness();
    BOOST_TEST(liveness.empty(), (liveness.empty() ? "" : liveness.front()));
}

} // namespace

BOOST_AUTO_TEST_SUITE(regressions)

// Found by random_exchanges seed 8 (W = 3, everything seq_cst, answers held),
// when each peer could start W - max(1, W/8) = 2 exchanges. Each peer sends
// two seq_cst payloads. Peer 0 delivers peer 1's first one and holds the
// answer; peer 1 replies at once to peer 0's first one; peer 0 then replies
// too. Each peer's budget is then full: its second payload in flight, its
// reply in flight, and the unit its first payload passed on to the peer's
// reply, which waits in seq_cst order behind the peer's second payload. That
// payload needs a unit to be delivered, and none ever frees. Since every
// exchange can hold a unit at both peers at once, the fix keeps each peer's
// own exchanges to W/2, so the next payload always finds a unit.
BOOST_AUTO_TEST_CASE(seq_cst_replies_behind_payloads_waiting_for_room_w3)
{
    Config config;
    config.window = 3;
    config.resendIntervalMs = 100;
    Pair pair(config);

    // Two payloads each, or as many as the budget admits.
    int admitted = 0;
    std::vector<Seq> a;
    std::vector<Seq> b;
    for (int i = 0; i < 2 && pair.Ep(0).CanStartExchange() && pair.Ep(1).CanStartExchange(); ++i)
    {
        a.push_back(pair.Send(0, true, "a" + std::to_string(i)));
        b.push_back(pair.Send(1, true, "b" + std::to_string(i)));
        ++admitted;
    }
    BOOST_TEST_REQUIRE(admitted >= 1);

    pair.Flush(1); // peer 0 delivers b0 and holds it; b1 waits for the lock
    BOOST_TEST_REQUIRE((pair.Unanswered(0) == std::vector<Seq>{b[0]}));
    pair.Flush(0); // peer 1 delivers a0 and replies at once
    BOOST_TEST_REQUIRE((pair.Unanswered(1) == std::vector<Seq>{a[0]}));
    pair.Reply(1, a[0], true, "re a0");
    pair.Flush(1); // the reply to a0 reaches peer 0
    pair.Reply(0, b[0], true, "re b0");
    pair.Flush(0); // the reply to b0 reaches peer 1

    BOOST_TEST(pair.RunToIdle(50));
    BOOST_TEST(pair.Checker().DeliveredCount(0) == uint64_t(admitted + 1));
    BOOST_TEST(pair.Checker().DeliveredCount(1) == uint64_t(admitted + 1));
    BOOST_TEST(pair.Checker().CompletedExchanges() == uint64_t(2 * admitted));
    ExpectAllInvariants(pair.Checker());
}

// What the fix rests on: when both peers fill their windows with new
// payloads, the exchanges they started never outnumber W, so each peer keeps
// a unit for the next payload of the other.
BOOST_AUTO_TEST_CASE(both_peers_full_of_payloads_never_start_more_than_w_exchanges)
{
    for (uint32_t w = 2; w <= 130; ++w)
    {
        Config config;
        config.window = w;
        Pair pair(config);
        uint32_t started = 0;
        for (int p = 0; p < 2; ++p)
        {
            while (pair.Ep(p).CanStartExchange())
            {
                pair.Send(p, false, "x");
                ++started;
            }
        }
        BOOST_TEST(started <= w, "W = " << w << ": " << started << " exchanges started");
        BOOST_TEST(started >= 2u, "W = " << w << ": each peer may start one");
        BOOST_TEST(pair.RunToIdle(10), "W = " << w);
        ExpectAllInvariants(pair.Checker());
    }
}

BOOST_AUTO_TEST_SUITE_END()
