// SPEC R8: every delivery is answered exactly once, by one reply or one ack;
// the move-only Answer handle acks when dropped, so none is forgotten.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

using ByteAnswer = Answer<Bytes, Bytes>;

// Delivers the peer's payload `seq` and returns its handle.
ByteAnswer
Deliver(ByteEndpoint& ep, Seq seq)
{
    BOOST_TEST_REQUIRE(ep.ReceiveData(0, PacketKind::Payload, seq, 0, B("peer")) == ReceiveStatus::Accepted);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    return std::move(AsPayload(*d).answer);
}

void
ExpectOneAck(ByteEndpoint& ep, Seq re)
{
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Ack);
    BOOST_TEST(out[0].re == re);
}

} // namespace

BOOST_AUTO_TEST_SUITE(answer_handle)

// R8: a handle dropped unanswered sends Ack(seq), once.
BOOST_AUTO_TEST_CASE(r8_dropping_the_handle_acks)
{
    ByteEndpoint ep(MakeConfig(8));
    {
        ByteAnswer h = Deliver(ep, 0);
        BOOST_TEST(h.Pending());
        BOOST_TEST(h.GetSeq() == 0u);
        BOOST_TEST(DrainTransmit(ep).empty());
    }
    ExpectOneAck(ep, 0);
    BOOST_TEST(ep.Reserved() == 0u);

    // The same when the whole delivery is dropped without a look.
    ep.ReceiveData(0, PacketKind::Payload, 1, 0, B("ignored"));
    ep.PollDelivery();
    ExpectOneAck(ep, 1);
    BOOST_TEST(ep.GetCounters().acksSent == 2u);
    BOOST_TEST(ep.Idle());
}

// R8: once answered, a handle refuses another answer, and dropping it later
// sends nothing more.
BOOST_AUTO_TEST_CASE(r8_used_handle_returns_already_answered)
{
    ByteEndpoint ep(MakeConfig(8));
    {
        ByteAnswer h = Deliver(ep, 0);
        auto r = h.Reply(0, false, B("reply"));
        BOOST_TEST(r.Ok());
        BOOST_TEST(!h.Pending());
        BOOST_TEST(h.Ack() == AnswerStatus::AlreadyAnswered);
        auto again = h.Reply(0, false, B("again"));
        BOOST_TEST(again.status == AnswerStatus::AlreadyAnswered);
        BOOST_TEST(!again.Ok());
    }
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Reply);
    BOOST_TEST(Text(*out[0].data) == "reply");

    {
        ByteAnswer h = Deliver(ep, 1);
        BOOST_TEST(h.Ack() == AnswerStatus::Ok);
        BOOST_TEST(h.Ack() == AnswerStatus::AlreadyAnswered);
        BOOST_TEST(h.Reply(0, false, B("late")).status == AnswerStatus::AlreadyAnswered);
    }
    ExpectOneAck(ep, 1);
    BOOST_TEST(ep.GetCounters().sent == 1u);
    BOOST_TEST(ep.GetCounters().acksSent == 1u);
}

// R8: a moved-from handle (and a default-constructed one) answers nothing.
BOOST_AUTO_TEST_CASE(r8_moved_from_handle_returns_already_answered)
{
    ByteEndpoint ep(MakeConfig(8));
    ByteAnswer h = Deliver(ep, 0);
    ByteAnswer taken = std::move(h);
    BOOST_TEST(!h.Pending());
    BOOST_TEST(taken.Pending());
    BOOST_TEST(taken.GetSeq() == 0u);
    BOOST_TEST(h.Ack() == AnswerStatus::AlreadyAnswered);
    BOOST_TEST(h.Reply(0, false, B("x")).status == AnswerStatus::AlreadyAnswered);
    BOOST_TEST(DrainTransmit(ep).empty());

    BOOST_TEST(taken.Reply(0, true, B("real")).Ok());
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::SeqCstReply);
    BOOST_TEST(out[0].re == 0u);

    ByteAnswer empty;
    BOOST_TEST(!empty.Pending());
    BOOST_TEST(!empty.HoldsSeqCstLock());
    BOOST_TEST(empty.Ack() == AnswerStatus::AlreadyAnswered);
}

// R8: move-assigning over a pending handle acks the overwritten delivery;
// self-assignment changes nothing.
BOOST_AUTO_TEST_CASE(r8_move_assignment_over_pending_handle_acks_it)
{
    ByteEndpoint ep(MakeConfig(8));
    ByteAnswer first = Deliver(ep, 0);
    ByteAnswer second = Deliver(ep, 1);
    first = std::move(second);
    ExpectOneAck(ep, 0);
    BOOST_TEST(first.Pending());
    BOOST_TEST(first.GetSeq() == 1u);
    BOOST_TEST(!second.Pending());

    ByteAnswer& alias = first;
    first = std::move(alias);
    BOOST_TEST(first.Pending());
    BOOST_TEST(DrainTransmit(ep).empty());

    auto r = first.Reply(0, false, B("to one"));
    BOOST_TEST(r.Ok());
    auto out = DrainTransmit(ep);
    BOOST_TEST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].kind == PacketKind::Reply);
    BOOST_TEST(out[0].re == 1u);

    // Assigning over an answered handle sends nothing for it.
    ByteAnswer third = Deliver(ep, 2);
    first = std::move(third);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(first.GetSeq() == 2u);
}

// R8: a handle may outlive its delivery and be answered later; until then
// the delivery holds its reserved answer budget.
BOOST_AUTO_TEST_CASE(r8_handle_answered_after_the_delivery_is_gone)
{
    ByteEndpoint ep(MakeConfig(8));
    ByteAnswer h = Deliver(ep, 0);
    BOOST_TEST(ep.Reserved() == 1u);
    BOOST_TEST(!ep.Idle());
    ep.Tick(100000);
    BOOST_TEST(DrainTransmit(ep).empty());
    BOOST_TEST(h.Ack() == AnswerStatus::Ok);
    BOOST_TEST(ep.Reserved() == 0u);
    ExpectOneAck(ep, 0);
    BOOST_TEST(ep.Idle());
}

BOOST_AUTO_TEST_SUITE_END()
