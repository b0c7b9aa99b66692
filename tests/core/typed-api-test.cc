// The template API with user types: Endpoint<S, R> where S is what a side
// sends and R what it receives, here an order struct one way and a quote
// string the other, plus a move-only S.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

#include <memory>

using namespace seqex;
using namespace seqex::test;

namespace
{

struct Order
{
    uint64_t id = 0;
    std::string item;

    bool operator==(const Order& o) const
    {
        return id == o.id && item == o.item;
    }
};

using Client = Endpoint<Order, std::string>; // sends orders, receives quotes
using Server = Endpoint<std::string, Order>; // sends quotes, receives orders

template <typename... F>
struct Overloaded : F...
{
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

} // namespace

BOOST_AUTO_TEST_SUITE(typed_api)

// S2, R6, R8 with user types: order -> quote -> ack, and each side gets its
// own value back when its packet resolves.
BOOST_AUTO_TEST_CASE(order_and_quote_exchange)
{
    Client client(MakeConfig(8));
    Server server(MakeConfig(8));
    Link<Order, std::string> link(client, server);

    auto sent = client.Send(0, true, Order{7, "apples"});
    BOOST_TEST_REQUIRE(sent.Ok());
    link.Flush();

    int served = 0;
    while (auto d = server.PollDelivery())
    {
        std::visit(Overloaded{
                       [&](PayloadDelivery<std::string, Order>& p) {
                           BOOST_TEST(p.seqCst);
                           BOOST_TEST(p.data.id == 7u);
                           BOOST_TEST(p.data.item == "apples");
                           BOOST_TEST(p.answer.Reply(0, false, "quote for " + p.data.item).Ok());
                           ++served;
                       },
                       [&](ReplyDelivery<std::string, Order>&) { BOOST_ERROR("server got a reply"); },
                       [&](AckedDelivery<std::string>&) { BOOST_ERROR("server got an ack"); },
                   },
                   *d);
    }
    BOOST_TEST(served == 1);
    link.Flush();

    auto reply = client.PollDelivery();
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST_REQUIRE(KindOf(*reply) == DeliveryKind::Reply);
    auto& r = std::get<ReplyDelivery<Order, std::string>>(*reply);
    BOOST_TEST(r.re == sent.seq);
    BOOST_TEST((r.sent == Order{7, "apples"}));
    BOOST_TEST(r.data == "quote for apples");
    BOOST_TEST(r.answer.Ack() == AnswerStatus::Ok);
    link.Flush();

    auto acked = server.PollDelivery();
    BOOST_TEST_REQUIRE(acked.has_value());
    BOOST_TEST_REQUIRE(KindOf(*acked) == DeliveryKind::Acked);
    BOOST_TEST(std::get<AckedDelivery<std::string>>(*acked).sent == "quote for apples");
    BOOST_TEST(client.Idle());
    BOOST_TEST(server.Idle());
}

// S4 with a user type: the refused order comes back intact.
BOOST_AUTO_TEST_CASE(window_full_hands_the_user_value_back)
{
    Client client(MakeConfig(2));
    BOOST_TEST_REQUIRE(client.Send(0, false, Order{1, "first"}).Ok());
    auto refused = client.Send(0, false, Order{2, "second"});
    BOOST_TEST(refused.status == SendStatus::WindowFull);
    BOOST_TEST_REQUIRE(refused.refused.has_value());
    BOOST_TEST((*refused.refused == Order{2, "second"}));
}

// S2 with a move-only S: the very object sent is handed back on
// resolution, and a refused one comes back too.
BOOST_AUTO_TEST_CASE(move_only_send_data_is_handed_back)
{
    Endpoint<std::unique_ptr<Order>, std::string> ep(MakeConfig(2));
    auto order = std::make_unique<Order>(Order{3, "pears"});
    const Order* address = order.get();
    auto sent = ep.Send(0, false, std::move(order));
    BOOST_TEST_REQUIRE(sent.Ok());
    auto out = ep.PollTransmit();
    BOOST_TEST_REQUIRE(out.has_value());
    BOOST_TEST(out->data->get() == address);

    auto refused = ep.Send(0, false, std::make_unique<Order>(Order{4, "plums"}));
    BOOST_TEST_REQUIRE(refused.refused.has_value());
    BOOST_TEST((*refused.refused)->item == "plums");

    BOOST_TEST(ep.ReceiveAck(0, sent.seq) == ReceiveStatus::AckResolved);
    auto d = ep.PollDelivery();
    BOOST_TEST_REQUIRE(d.has_value());
    auto& acked = std::get<AckedDelivery<std::unique_ptr<Order>>>(*d);
    BOOST_TEST(acked.sent.get() == address);
    BOOST_TEST(acked.sent->item == "pears");
}

BOOST_AUTO_TEST_SUITE_END()
