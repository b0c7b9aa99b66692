// SPEC S1 and §2 across the 2^32 wrap: seqs continue 0xFFFFFFFF -> 0, and
// delivery, duplicates, the receive window and seq_cst order all keep
// working across it.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

BOOST_AUTO_TEST_SUITE(wraparound)

// S1: consecutive seqs from an initial seq just below 2^32, wrapping to 0;
// packets on both sides of the wrap resolve in any order.
BOOST_AUTO_TEST_CASE(s1_seqs_wrap_across_2_32)
{
    const Seq initial = 0xFFFFFFF0u;
    ByteEndpoint ep(MakeConfig(64, initial));
    std::vector<Seq> seqs;
    for (int i = 0; i < 32; ++i)
    {
        auto r = ep.Send(0, i % 2 == 0, B("p" + std::to_string(i)));
        BOOST_TEST_REQUIRE(r.Ok());
        BOOST_TEST(r.seq == static_cast<Seq>(initial + i));
        seqs.push_back(r.seq);
    }
    BOOST_TEST(seqs[15] == 0xFFFFFFFFu);
    BOOST_TEST(seqs[16] == 0u);
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 32u);
    for (size_t i = 0; i < out.size(); ++i)
    {
        BOOST_TEST(out[i].seq == seqs[i]);
    }

    // Resolve from the newest back to the oldest, alternating around the wrap.
    for (int i = 31; i >= 0; --i)
    {
        Seq s = seqs[(i * 5) % 32];
        BOOST_TEST(ep.ReceiveAck(0, s) == ReceiveStatus::AckResolved);
        auto d = ep.PollDelivery();
        BOOST_TEST_REQUIRE(d.has_value());
        auto& acked = AsAcked(*d);
        BOOST_TEST(acked.re == s);
        BOOST_TEST(Text(acked.sent) == "p" + std::to_string((i * 5) % 32));
    }
    BOOST_TEST(ep.Idle());
    BOOST_TEST(ep.NextSeq() == 16u);
    BOOST_TEST(ep.Send(0, false, B("next")).seq == 16u);
}

// R2 across the wrap: the receive window [next, next + W) wraps too, and a
// duplicate from before the wrap is still recognised after it.
BOOST_AUTO_TEST_CASE(r2_receive_window_across_wrap)
{
    ByteEndpoint ep(MakeConfig(4, 0xFFFFFFFEu));
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 1, 0, B("one")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 2, 0, B("two")) == ReceiveStatus::TooEarly);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 0xFFFFFFFEu, 0, B("first")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.NextExpected() == 0xFFFFFFFFu);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 2, 0, B("two")) == ReceiveStatus::Accepted);
    auto ds = DrainDeliveries(ep);
    BOOST_TEST_REQUIRE(ds.size() == 3u);
    BOOST_TEST(AsPayload(ds[0]).seq == 1u);
    BOOST_TEST(AsPayload(ds[1]).seq == 0xFFFFFFFEu);
    BOOST_TEST(AsPayload(ds[2]).seq == 2u);
    ds.clear(); // all acked (R8)
    DrainTransmit(ep);

    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 0, 0, B("zero")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.NextExpected() == 0xFFFFFFFFu);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstPayload, 0xFFFFFFFFu, 0, B("last")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.NextExpected() == 3u);
    DrainDeliveries(ep);
    DrainTransmit(ep);
    BOOST_TEST(ep.ReceiveData(0, PacketKind::Payload, 0xFFFFFFFEu, 0, B("first")) == ReceiveStatus::Duplicate);
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Ack);
    BOOST_TEST(out[0].re == 0xFFFFFFFEu);
    BOOST_TEST(!ep.PollDelivery().has_value());
}

// S1 + R1 + R4 across the wrap, end to end: full exchanges (payload, reply,
// reply, ack) over a lossy link from several initial seqs near the edges of
// the seq space. Every delivery exactly once, seq_cst order kept.
BOOST_AUTO_TEST_CASE(s1_full_exchanges_across_the_wrap)
{
    for (Seq initial : {0xFFFFFFF0u, 0xFFFFFFFFu, 0x7FFFFFF8u})
    {
        BOOST_TEST_CONTEXT("initial seq " << initial)
        {
            ByteScenario s(MakeConfig(8, initial, 100));
            for (auto& app : s.app)
            {
                app.chainLength = 3;
                app.seqCstReplies = true;
            }
            s.LoseAtRandom(6, 0.2);
            bool finished = s.RunExchanges(30, [](int side, int i) { return (i + side) % 3 == 0; });
            BOOST_TEST_REQUIRE(finished, s.Describe());
            auto problems = s.Problems();
            BOOST_TEST(problems.empty(), First(problems));
            for (int side = 0; side < 2; ++side)
            {
                const auto& sent = s.link.FirstSends(side);
                BOOST_TEST(sent.size() > 40u); // well past the wrap (or the 2^31 mark)
                BOOST_TEST(s.app[1 - side].seen.size() == sent.size());
                BOOST_TEST(s.Ep(side).NextSeq() == static_cast<Seq>(initial + sent.size()));
            }
            BOOST_TEST(s.link.Dropped() > 0u);
        }
    }
}

// R4 across the wrap: with every packet seq_cst, the receiver delivers
// exactly initial, initial + 1, ..., through 0xFFFFFFFF and on from 0.
BOOST_AUTO_TEST_CASE(r4_seq_cst_order_across_the_wrap)
{
    const Seq initial = 0xFFFFFFF0u;
    ByteScenario s(MakeConfig(4, initial, 100));
    for (auto& app : s.app)
    {
        app.seqCstReplies = true;
    }
    s.LoseAtRandom(7, 0.3);
    bool finished = s.RunExchanges(20, [](int, int) { return true; });
    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    for (int side = 0; side < 2; ++side)
    {
        const auto& seen = s.app[side].seen;
        BOOST_TEST_REQUIRE(seen.size() > 16u);
        for (size_t i = 0; i < seen.size(); ++i)
        {
            BOOST_TEST(seen[i].seq == static_cast<Seq>(initial + i));
            BOOST_TEST(seen[i].seqCst);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
