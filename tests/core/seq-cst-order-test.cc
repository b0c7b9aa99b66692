// SPEC R4: a seq_cst packet is delivered only after every lower seq; and the
// seq_cst lock: while a delivered seq_cst packet is unanswered the next
// seq_cst packet waits, and answering releases it at once.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

ReceiveStatus
FeedPayload(ByteEndpoint& ep, Seq seq, bool seqCst)
{
    return ep.ReceiveData(0, seqCst ? PacketKind::SeqCstPayload : PacketKind::Payload, seq, 0,
                          B("p" + std::to_string(seq)));
}

PayloadDelivery<Bytes, Bytes>&
P(ByteDelivery& d)
{
    return AsPayload(d);
}

std::vector<Seq>
Seqs(const std::vector<ByteDelivery>& ds)
{
    std::vector<Seq> out;
    for (auto& d : ds)
    {
        out.push_back(AsPayload(d).seq);
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(seq_cst_order)

// R4: seq_cst 2 waits for 0 and 1, while non-seq_cst 1 goes at once.
BOOST_AUTO_TEST_CASE(r4_seq_cst_waits_for_every_lower_seq)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(FeedPayload(ep, 2, true) == ReceiveStatus::Accepted);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(FeedPayload(ep, 1, false) == ReceiveStatus::Accepted);
    auto first = DrainDeliveries(ep);
    BOOST_TEST(Seqs(first) == std::vector<Seq>{1}, boost::test_tools::per_element());
    BOOST_TEST(ep.Waiting() == 1u);

    BOOST_TEST(FeedPayload(ep, 0, false) == ReceiveStatus::Accepted);
    auto rest = DrainDeliveries(ep);
    BOOST_TEST(Seqs(rest) == (std::vector<Seq>{0, 2}), boost::test_tools::per_element());
    BOOST_TEST(P(rest[1]).seqCst);
    BOOST_TEST(Text(P(rest[1]).data) == "p2");
    BOOST_TEST(ep.Waiting() == 0u);
}

// R4: a seq_cst packet also waits for a lower packet that is itself waiting
// for room (R3), and then for room of its own.
BOOST_AUTO_TEST_CASE(r4_seq_cst_waits_for_lower_packet_waiting_for_room)
{
    const uint32_t w = 16;
    ByteEndpoint ep(MakeConfig(w));
    std::vector<Seq> mine;
    while (ep.CanStartExchange())
    {
        mine.push_back(ep.Send(0, false, B("mine")).seq);
    }
    BOOST_TEST_REQUIRE(mine.size() >= 3u);
    DrainTransmit(ep); // only what went out can be answered

    // Seq 0 is missing; 1, 2, ... are delivered out of order (R3) and held,
    // until one (x) has no room left and waits.
    std::vector<ByteDelivery> held;
    Seq x = 1;
    for (;; ++x)
    {
        BOOST_TEST_REQUIRE(x < w - 1);
        BOOST_TEST_REQUIRE(FeedPayload(ep, x, false) == ReceiveStatus::Accepted);
        auto d = ep.PollDelivery();
        if (!d)
        {
            break;
        }
        held.push_back(std::move(*d));
    }
    BOOST_TEST(FeedPayload(ep, 0, false) == ReceiveStatus::Accepted);    // no room: waits
    BOOST_TEST(FeedPayload(ep, x + 1, true) == ReceiveStatus::Accepted); // waits for 0 and x
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.Waiting() == 3u);

    // One unit of room at a time (the oldest of ours resolved frees room in
    // the peer's window too): 0 first (lowest), then x, then x + 1.
    for (Seq expected : {Seq(0), x, x + 1})
    {
        BOOST_TEST_CONTEXT("expecting seq " << expected)
        {
            BOOST_TEST(ep.ReceiveAck(0, mine.front()) == ReceiveStatus::AckResolved);
            mine.erase(mine.begin());
            auto ds = DrainDeliveries(ep);
            BOOST_TEST_REQUIRE(ds.size() == 2u); // the Acked one, then the payload
            BOOST_TEST_REQUIRE(KindOf(ds[1]) == DeliveryKind::Payload);
            BOOST_TEST(AsPayload(ds[1]).seq == expected);
            BOOST_TEST(AsPayload(ds[1]).seqCst == (expected == x + 1));
            held.push_back(std::move(ds[1]));
        }
    }
    BOOST_TEST(ep.Waiting() == 0u);
}

// R4: the seq_cst lock. The handle holding it says so; the next seq_cst
// packet waits (non-seq_cst ones do not) until the holder answers, by reply
// or by ack, and then goes at once.
BOOST_AUTO_TEST_CASE(r4_seq_cst_lock_blocks_next_until_answered)
{
    ByteEndpoint ep(MakeConfig(8));
    BOOST_TEST(FeedPayload(ep, 0, true) == ReceiveStatus::Accepted);
    auto d0 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d0.has_value());
    BOOST_TEST(P(*d0).answer.HoldsSeqCstLock());
    BOOST_TEST(ep.SeqCstLockHeld());

    BOOST_TEST(FeedPayload(ep, 1, true) == ReceiveStatus::Accepted);
    BOOST_TEST(!ep.PollDelivery().has_value()); // all lower seqs delivered, but locked
    BOOST_TEST(FeedPayload(ep, 2, false) == ReceiveStatus::Accepted);
    auto d2 = ep.PollDelivery(); // not seq_cst: the lock does not apply
    BOOST_TEST_REQUIRE(d2.has_value());
    BOOST_TEST(P(*d2).seq == 2u);
    BOOST_TEST(!P(*d2).answer.HoldsSeqCstLock());
    BOOST_TEST(FeedPayload(ep, 3, true) == ReceiveStatus::Accepted);
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(ep.Waiting() == 2u);

    // Answer by reply: 1 goes at once and takes the lock; 3 still waits.
    BOOST_TEST(P(*d0).answer.Reply(0, false, B("r0")).Ok());
    BOOST_TEST(!P(*d0).answer.HoldsSeqCstLock());
    auto d1 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d1.has_value());
    BOOST_TEST(P(*d1).seq == 1u);
    BOOST_TEST(P(*d1).answer.HoldsSeqCstLock());
    BOOST_TEST(!ep.PollDelivery().has_value());

    // Answer by ack: 3 goes at once.
    BOOST_TEST(P(*d1).answer.Ack() == AnswerStatus::Ok);
    auto d3 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d3.has_value());
    BOOST_TEST(P(*d3).seq == 3u);
    BOOST_TEST(P(*d3).answer.HoldsSeqCstLock());
    BOOST_TEST(ep.Waiting() == 0u);

    // Dropping the holder (R8) releases the lock too.
    d3.reset();
    BOOST_TEST(!ep.SeqCstLockHeld());
    BOOST_TEST(FeedPayload(ep, 4, true) == ReceiveStatus::Accepted);
    auto d4 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d4.has_value());
    BOOST_TEST(P(*d4).answer.HoldsSeqCstLock());
}

// R4: the lock travels with the handle when it is moved.
BOOST_AUTO_TEST_CASE(r4_seq_cst_lock_moves_with_the_handle)
{
    ByteEndpoint ep(MakeConfig(8));
    FeedPayload(ep, 0, true);
    FeedPayload(ep, 1, true);
    auto d0 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d0.has_value());
    Answer<Bytes, Bytes> holder = std::move(P(*d0).answer);
    BOOST_TEST(holder.HoldsSeqCstLock());
    BOOST_TEST(!P(*d0).answer.HoldsSeqCstLock());
    BOOST_TEST(!ep.PollDelivery().has_value());
    BOOST_TEST(holder.Ack() == AnswerStatus::Ok);
    auto d1 = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d1.has_value());
    BOOST_TEST(P(*d1).seq == 1u);
}

// R4: a burst of seq_cst packets arriving in reverse order comes out in
// seq order, one at a time, each after the previous one was answered.
BOOST_AUTO_TEST_CASE(r4_reverse_burst_delivered_in_order_one_at_a_time)
{
    const uint32_t w = 16;
    ByteEndpoint ep(MakeConfig(w));
    for (Seq s = w; s-- > 0;)
    {
        BOOST_TEST(FeedPayload(ep, s, true) == ReceiveStatus::Accepted);
    }
    for (Seq expected = 0; expected < w; ++expected)
    {
        auto d = ep.PollDelivery();
        BOOST_TEST_REQUIRE(d.has_value());
        BOOST_TEST(P(*d).seq == expected);
        BOOST_TEST(!ep.PollDelivery().has_value());
        // d dies here: acked, lock released, the next one delivered
    }
    BOOST_TEST(ep.Waiting() == 0u);
    BOOST_TEST(ep.GetCounters().delivered == w);
}

BOOST_AUTO_TEST_SUITE_END()
