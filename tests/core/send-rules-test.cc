// SPEC S1, S2, S4, S5: which seqs a sender uses, how its packets leave the
// send window, and what a full window does. (S1 across 2^32: wraparound;
// S3: retransmission; S6: deadlock_freedom.)
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

BOOST_AUTO_TEST_SUITE(send_rules)

// S1: payloads and replies take consecutive seqs from initialSeq.
BOOST_AUTO_TEST_CASE(s1_consecutive_seqs_from_initial_seq)
{
    ByteEndpoint ep(MakeConfig(64, 1000));
    BOOST_TEST(ep.NextSeq() == 1000u);
    for (Seq i = 0; i < 5; ++i)
    {
        auto r = ep.Send(0, i % 2 == 1, B("p" + std::to_string(i)));
        BOOST_TEST_REQUIRE(r.Ok());
        BOOST_TEST(r.seq == 1000 + i);
    }
    // A reply draws from the same sequence.
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 1000, 0, B("peer")) == ReceiveStatus::Accepted);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    auto& p = AsPayload(*d);
    auto reply = p.answer.Reply(0, false, B("r"));
    BOOST_TEST_REQUIRE(reply.Ok());
    BOOST_TEST(reply.seq == 1005u);
    BOOST_TEST(ep.Send(0, false, B("p5")).seq == 1006u);

    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 7u);
    for (size_t i = 0; i < out.size(); ++i)
    {
        BOOST_TEST(out[i].seq == 1000 + i);
        BOOST_TEST(!out[i].retransmission);
    }
    BOOST_TEST(out[0].kind == PacketKind::Payload);
    BOOST_TEST(out[1].kind == PacketKind::SeqCstPayload);
    BOOST_TEST(out[5].kind == PacketKind::Reply);
    BOOST_TEST(out[5].re == 1000u);
    BOOST_TEST(Text(*out[3].data) == "p3");
    BOOST_TEST(ep.NextSeq() == 1007u);
}

// S2: an unresolved packet stays in the send window; an Ack resolves it and
// hands its data back.
BOOST_AUTO_TEST_CASE(s2_ack_resolves_and_hands_data_back)
{
    ByteEndpoint ep(MakeConfig(8));
    auto sent = ep.Send(0, false, B("order"));
    BOOST_TEST_REQUIRE(sent.Ok());
    DrainTransmit(ep);
    ep.Tick(100000);
    BOOST_TEST(DrainTransmit(ep).size() == 1u); // resent (S3), still ours
    BOOST_TEST(ep.InFlight() == 1u);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(!ep.Idle());

    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.InFlight() == 0u);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(KindOf(*d) == DeliveryKind::Acked);
    auto& acked = AsAcked(*d);
    BOOST_TEST(acked.re == sent.seq);
    BOOST_TEST(Text(acked.sent) == "order");
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.GetCounters().resolvedByAck == 1u);
    BOOST_TEST(ep.Idle());
}

// S2: a reply naming the packet resolves it; the reply comes with our data.
BOOST_AUTO_TEST_CASE(s2_reply_resolves_and_hands_data_back)
{
    ByteEndpoint ep(MakeConfig(8));
    auto sent = ep.Send(0, false, B("question"));
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 0, sent.seq, B("answer")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.InFlight() == 0u);
    BOOST_TEST(ep.GetCounters().resolvedByReply == 1u);

    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(KindOf(*d) == DeliveryKind::Reply);
    auto& reply = AsReply(*d);
    BOOST_TEST(reply.seq == 0u);
    BOOST_TEST(reply.re == sent.seq);
    BOOST_TEST(!reply.seqCst);
    BOOST_TEST(Text(reply.data) == "answer");
    BOOST_TEST(Text(reply.sent) == "question");
    BOOST_TEST(reply.answer.Ack() == AnswerStatus::Ok);

    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Ack);
    BOOST_TEST(out[0].re == 0u);
    ep.Tick(100000);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(ep.Idle());
}

// S4: a full window refuses, hands the data back and counts it; the refused
// data never reaches the wire; in flight never exceeds W.
BOOST_AUTO_TEST_CASE(s4_window_full_hands_data_back_and_counts)
{
    const uint32_t w = 8;
    ByteEndpoint ep(MakeConfig(w));
    uint32_t accepted = 0;
    for (int i = 0; i < 20; ++i)
    {
        std::string data = "p" + std::to_string(i);
        auto r = ep.Send(0, i % 3 == 0, B(data));
        BOOST_TEST(ep.InFlight() <= w);
        if (r.Ok())
        {
            BOOST_TEST(accepted == static_cast<uint32_t>(i)); // refusals only once full
            BOOST_TEST(!r.refused.has_value());
            ++accepted;
            continue;
        }
        BOOST_TEST(r.status == SendStatus::WindowFull);
        BOOST_TEST_REQUIRE(r.refused.has_value());
        BOOST_TEST(Text(*r.refused) == data);
    }
    BOOST_TEST(accepted >= 1u);
    BOOST_TEST(accepted <= w);
    BOOST_TEST(!ep.CanStartExchange());
    BOOST_TEST(ep.GetCounters().windowFull == 20u - accepted);
    BOOST_TEST(ep.GetCounters().sent == accepted);
    BOOST_TEST(DrainTransmit(ep).size() == accepted);
    BOOST_TEST(ep.NextSeq() == accepted);

    // Room comes back when a packet resolves; the seq sequence has no gap.
    BOOST_TEST(ep.ReceiveAck(0, 0) == ReceiveStatus::AckResolved);
    BOOST_TEST(ep.CanStartExchange());
    auto again = ep.Send(0, false, B("later"));
    BOOST_TEST(again.Ok());
    BOOST_TEST(again.seq == accepted);
}

// S4: in flight (and in flight plus reserved answers) never exceeds W, with
// both peers sending as fast as their windows let them and long exchanges.
BOOST_AUTO_TEST_CASE(s4_in_flight_never_exceeds_window)
{
    for (uint32_t w : {2u, 4u, 9u})
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            ByteScenario s(MakeConfig(w));
            for (auto& app : s.app)
            {
                app.chainLength = 4;
            }
            // Losses put retransmissions in the mix.
            s.LoseAtRandom(5, 0.15);
            bool finished = s.RunExchanges(40, [](int, int i) { return i % 4 == 1; });
            BOOST_TEST_REQUIRE(finished, s.Describe());
            for (int side = 0; side < 2; ++side)
            {
                BOOST_TEST(s.peakInFlight[side] <= w);
                BOOST_TEST(s.peakUsed[side] <= w);
                BOOST_TEST(s.Ep(side).GetCounters().windowFull == 0u); // only sent when CanStartExchange
            }
            auto problems = s.Problems();
            BOOST_TEST(problems.empty(), First(problems));
        }
    }
}

// S5: replying to a delivered packet never fails for lack of room, even with
// the window full of our own payloads; waiting packets get their turn as
// room frees, and their replies succeed too. Room is also room in the
// peer's window (R2 seen from the sender): a packet is delivered only when
// the reply it may get would land inside it, so while the peer answers
// nothing, a reply to our reply resolves our packet at once (R6) but waits
// (R3) until the peer's answers make room.
BOOST_AUTO_TEST_CASE(s5_reply_never_fails_when_window_full_of_payloads)
{
    const uint32_t w = 8;
    ByteEndpoint ep(MakeConfig(w));
    std::vector<Seq> mine;
    while (ep.CanStartExchange())
    {
        auto r = ep.Send(0, false, B("mine"));
        BOOST_TEST_REQUIRE(r.Ok());
        mine.push_back(r.seq);
    }
    BOOST_TEST(!ep.Send(0, false, B("refused")).Ok());

    // The peer sends W payloads of its own at the same time.
    for (Seq s = 0; s < w; ++s)
    {
        BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, s, 0, B("peer")) == ReceiveStatus::Accepted);
    }
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() >= 1u);
    uint32_t deliveredPeer = 0;
    std::vector<Seq> ours; // our replies, oldest first
    for (auto& d : ds)
    {
        auto& p = AsPayload(d);
        auto r = p.answer.Reply(0, false, B("re"));
        BOOST_TEST(r.status == AnswerStatus::Ok);
        ours.push_back(r.seq);
        ++deliveredPeer;
    }
    BOOST_TEST(ep.InFlight() + ep.Reserved() == w); // truly full now
    BOOST_TEST(ep.NextSeq() - ep.PeerNextExpected() == w); // and the peer's window used to its end

    // The peer replies to our last reply: that resolves it on arrival (R6),
    // and the reply waits for room in the peer's window.
    const uint32_t inFlight = ep.InFlight();
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, w, ours.back(), B("rr")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.InFlight() == inFlight - 1);
    ours.pop_back();
    BOOST_TEST(!ep.PollDelivery().has_value());

    // The peer's answers resolve our packets one by one, oldest first; each
    // frees room for one waiting packet, whose reply succeeds (S5).
    bool chainedAnswered = false;
    auto serve = [&] {
        while (auto d = ep.PollDelivery())
        {
            if (KindOf(*d) == DeliveryKind::Payload)
            {
                auto r = AsPayload(*d).answer.Reply(0, false, B("re"));
                BOOST_TEST(r.Ok());
                ours.push_back(r.seq);
                ++deliveredPeer;
            }
            else if (KindOf(*d) == DeliveryKind::Reply)
            {
                BOOST_TEST(!chainedAnswered);
                auto r = AsReply(*d).answer.Reply(0, true, B("rrr"));
                BOOST_TEST(r.Ok());
                ours.push_back(r.seq);
                chainedAnswered = true;
            }
            BOOST_TEST(ep.InFlight() <= w);
            BOOST_TEST(ep.NextSeq() - ep.PeerNextExpected() <= w);
        }
    };
    for (Seq m : mine)
    {
        DrainTransmit(ep); // only what went out can be answered
        BOOST_TEST(ep.ReceiveAck(0, m) == ReceiveStatus::AckResolved);
        serve();
    }
    BOOST_TEST(chainedAnswered);
    for (size_t i = 0; i < ours.size(); ++i) // grows while served
    {
        DrainTransmit(ep);
        BOOST_TEST(ep.ReceiveAck(0, ours[i]) == ReceiveStatus::AckResolved);
        serve();
    }
    BOOST_TEST(deliveredPeer == w);
    BOOST_TEST(ep.Waiting() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
