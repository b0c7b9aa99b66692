// Which waiting packets go when (R3 room, R4 order and lock, R6 funded
// replies): the delivery pump follows the head of the receive order and only
// scans the window for unordered packets that waited for room, so these cases
// pin down that every waiting packet still goes at the right moment, lowest
// seq first.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace seqex;
using namespace seqex::test;

namespace
{

// The seq of every queued delivery, in order; answers are kept in `held`
// (acked payloads and replies would otherwise free budget at once).
std::vector<Seq>
TakeDeliveries(ByteEndpoint& ep, std::vector<Answer<Bytes, Bytes>>& held, std::vector<Seq>* acked = nullptr)
{
    std::vector<Seq> seqs;
    while (auto d = ep.PollDelivery())
    {
        switch (KindOf(*d))
        {
        case DeliveryKind::Payload:
            seqs.push_back(AsPayload(*d).seq);
            held.push_back(std::move(AsPayload(*d).answer));
            break;
        case DeliveryKind::Reply:
            seqs.push_back(AsReply(*d).seq);
            held.push_back(std::move(AsReply(*d).answer));
            break;
        case DeliveryKind::Acked:
            if (acked != nullptr)
            {
                acked->push_back(AsAcked(*d).re);
            }
            break;
        }
    }
    return seqs;
}

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_pump)

// R6: a reply to our in-flight packet inherits that packet's unit, so it goes
// at once even when the budget is full and it is not the head of the
// receive order.
BOOST_AUTO_TEST_CASE(funded_reply_behind_a_gap_goes_at_once_with_a_full_budget)
{
    ByteEndpoint ep(MakeConfig(4));
    auto first = ep.Send(0, false, B("first"));
    BOOST_TEST_REQUIRE(ep.Send(0, false, B("second")).Ok());
    DrainTransmit(ep);
    std::vector<Answer<Bytes, Bytes>> held;
    ep.ReceiveData(0, PacketKind::Payload, 1, 0, B("p1"));
    ep.ReceiveData(0, PacketKind::Payload, 2, 0, B("p2"));
    BOOST_TEST((TakeDeliveries(ep, held) == std::vector<Seq>{1, 2}));
    BOOST_TEST_REQUIRE(ep.InFlight() + ep.Reserved() == 4u); // full; seq 0 is missing

    BOOST_TEST(ep.ReceiveData(0, PacketKind::Reply, 3, first.seq, B("answer")) == ReceiveStatus::Accepted);
    BOOST_TEST(ep.Waiting() == 0u);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST_REQUIRE(KindOf(*d) == DeliveryKind::Reply);
    BOOST_TEST(AsReply(*d).seq == 3u);
    BOOST_TEST(Text(AsReply(*d).sent) == "first");
    BOOST_TEST(ep.InFlight() + ep.Reserved() == 4u);
}

// R3/R4: when units free one at a time, the waiting packets go lowest seq
// first: unordered ones beyond the head as soon as there is room, the head
// (here a seq_cst packet after a late unordered one) when it is its turn.
BOOST_AUTO_TEST_CASE(waiting_packets_go_lowest_seq_first_as_units_free)
{
    ByteEndpoint ep(MakeConfig(8));
    std::vector<Seq> mine;
    for (int i = 0; i < 4; ++i)
    {
        auto r = ep.Send(0, false, B("mine"));
        BOOST_TEST_REQUIRE(r.Ok());
        mine.push_back(r.seq);
    }
    DrainTransmit(ep);
    std::vector<Answer<Bytes, Bytes>> held;
    for (Seq s = 1; s <= 4; ++s)
    {
        ep.ReceiveData(0, PacketKind::Payload, s, 0, B("p"));
    }
    BOOST_TEST((TakeDeliveries(ep, held) == std::vector<Seq>{1, 2, 3, 4}));
    BOOST_TEST_REQUIRE(ep.InFlight() + ep.Reserved() == 8u);

    // No room: these wait (R3), the seq_cst one also for seq 0 (R4).
    ep.ReceiveData(0, PacketKind::Payload, 6, 0, B("p6"));
    ep.ReceiveData(0, PacketKind::Payload, 5, 0, B("p5"));
    ep.ReceiveData(0, PacketKind::SeqCstPayload, 7, 0, B("c7"));
    BOOST_TEST(ep.Waiting() == 3u);
    BOOST_TEST(TakeDeliveries(ep, held).empty());

    // Each ack frees one unit: the lowest waiting unordered packet takes it.
    std::vector<Seq> acked;
    ep.ReceiveAck(0, mine[0]);
    BOOST_TEST((TakeDeliveries(ep, held, &acked) == std::vector<Seq>{5}));
    ep.ReceiveAck(0, mine[1]);
    BOOST_TEST((TakeDeliveries(ep, held, &acked) == std::vector<Seq>{6}));
    BOOST_TEST((acked == std::vector<Seq>{mine[0], mine[1]}));

    // The head arrives with no room: it waits, then goes first when a unit
    // frees; the seq_cst packet behind it needs the next unit.
    ep.ReceiveData(0, PacketKind::Payload, 0, 0, B("p0"));
    BOOST_TEST(TakeDeliveries(ep, held).empty());
    BOOST_TEST(held.front().Ack() == AnswerStatus::Ok);
    BOOST_TEST((TakeDeliveries(ep, held) == std::vector<Seq>{0}));
    BOOST_TEST(ep.NextExpected() == 7u);
    BOOST_TEST(held[1].Ack() == AnswerStatus::Ok);
    BOOST_TEST((TakeDeliveries(ep, held) == std::vector<Seq>{7}));
    BOOST_TEST(held.back().HoldsSeqCstLock());
    BOOST_TEST(ep.Waiting() == 0u);
}

// R4: a whole window of seq_cst packets arriving in reverse waits for the
// first; then each answer releases the lock and delivers exactly the next.
BOOST_AUTO_TEST_CASE(reversed_seq_cst_window_goes_one_answer_at_a_time)
{
    const uint32_t w = 16;
    ByteEndpoint ep(MakeConfig(w));
    for (Seq s = w; s-- > 1;)
    {
        BOOST_TEST(ep.ReceiveData(0, PacketKind::SeqCstPayload, s, 0, B("c")) == ReceiveStatus::Accepted);
    }
    BOOST_TEST(ep.Waiting() == w - 1);
    BOOST_TEST(!ep.PollDelivery().has_value());

    ep.ReceiveData(0, PacketKind::SeqCstPayload, 0, 0, B("c"));
    for (Seq s = 0; s < w; ++s)
    {
        std::vector<Answer<Bytes, Bytes>> held;
        BOOST_TEST_REQUIRE((TakeDeliveries(ep, held) == std::vector<Seq>{s}));
        BOOST_TEST(held[0].HoldsSeqCstLock());
        BOOST_TEST(held[0].Ack() == AnswerStatus::Ok);
    }
    BOOST_TEST(ep.Waiting() == 0u);
    BOOST_TEST(!ep.PollDelivery().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
