// The coroutine API (C++20) on loopback: each co_await Request resumes with
// the outcome of its own request, whatever order the replies come in; a
// handler's reply or nullopt answers the payload; a throwing handler acks.
#define BOOST_TEST_MODULE seqex_runtime_coro_tests
#include "seqex-udp-coro.h"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

using namespace seqex;
using namespace seqex::udp;

namespace
{

Bytes
B(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

std::string
S(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

struct CoPair
{
    CoPair()
    {
        PeerOptions so;
        so.local = "127.0.0.1:0";
        so.remote = "127.0.0.1:0";
        so.channels = 2;
        so.config.resendIntervalMs = 30;
        servicePeer = std::make_unique<Peer>(loop, so);
        so.remote = servicePeer->LocalAddress().ToString();
        clientPeer = std::make_unique<Peer>(loop, so);
        service = std::make_unique<CoPeer>(loop, *servicePeer);
        client = std::make_unique<CoPeer>(loop, *clientPeer);
    }

    EventLoop loop;
    std::unique_ptr<Peer> servicePeer;
    std::unique_ptr<Peer> clientPeer;
    std::unique_ptr<CoPeer> service;
    std::unique_ptr<CoPeer> client;
};

Task<void>
AskOne(CoPeer& client, int i, std::map<int, std::string>& got, std::vector<int>& order)
{
    Outcome o = co_await client.Request(static_cast<uint16_t>(i % 2), B(std::to_string(i)));
    got[i] = o.kind == OutcomeKind::Reply ? S(o.data) : o.kind == OutcomeKind::Acked ? "<ack>" : "<failed>";
    order.push_back(i);
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_coroutines)

BOOST_AUTO_TEST_CASE(each_reply_resumes_its_own_awaiter)
{
    CoPair p;
    const int n = 40;
    // Request i is answered after (n - i) ms: replies come back reversed.
    p.service->Serve([&](const Incoming& in) -> Task<std::optional<Bytes>> {
        int i = std::stoi(S(in.data));
        co_await Sleep(p.loop, std::chrono::milliseconds(3 * (n - i)));
        if (i % 4 == 3)
        {
            co_return std::nullopt; // acked
        }
        co_return B("reply to " + S(in.data));
    });
    std::map<int, std::string> got;
    std::vector<int> order;
    for (int i = 0; i < n; ++i)
    {
        Spawn(AskOne(*p.client, i, got, order));
    }
    BOOST_REQUIRE(p.loop.RunUntil([&]() { return got.size() == n && p.clientPeer->Idle() && p.servicePeer->Idle(); },
                                  std::chrono::seconds(10)));
    for (int i = 0; i < n; ++i)
    {
        BOOST_TEST(got[i] == (i % 4 == 3 ? std::string("<ack>") : "reply to " + std::to_string(i)));
    }
    // They really completed out of order (so the matching was exercised).
    BOOST_TEST(order.front() > order.back());
}

BOOST_AUTO_TEST_CASE(a_coroutine_continues_the_exchange_with_the_replys_handle)
{
    CoPair p;
    std::string finalAnswer;
    // Service: replies; the client replies to that reply; the service's
    // handler does not see it (it is a reply, not a payload), its callback does.
    p.service->Serve([&](const Incoming&) -> Task<std::optional<Bytes>> { co_return B("first"); });
    bool done = false;
    auto run = [&]() -> Task<void> {
        Outcome o = co_await p.client->Request(0, B("start"));
        BOOST_TEST(S(o.data) == "first");
        // Length-3 exchange: answer the reply with a reply; the peer acks it.
        p.clientPeer->Reply(o.channel, o.answer, B("third"), [&](Outcome&& last) {
            finalAnswer = last.kind == OutcomeKind::Acked ? "acked" : "?";
            done = true;
        });
    };
    Spawn(run());
    BOOST_REQUIRE(p.loop.RunUntil([&]() { return done && p.clientPeer->Idle() && p.servicePeer->Idle(); },
                                  std::chrono::seconds(5)));
    BOOST_TEST(finalAnswer == "acked");
    BOOST_TEST(p.clientPeer->TotalCounters().sent == 2u); // the payload and the third node
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_acks_and_reports)
{
    CoPair p;
    p.service->Serve([&](const Incoming&) -> Task<std::optional<Bytes>> {
        throw std::runtime_error("handler broke");
        co_return std::nullopt;
    });
    std::string got;
    auto run = [&]() -> Task<void> {
        Outcome o = co_await p.client->Request(1, B("x"));
        got = o.kind == OutcomeKind::Acked ? "acked" : "other";
    };
    Spawn(run());
    BOOST_REQUIRE(p.loop.RunUntil([&]() { return !got.empty() && p.servicePeer->Idle(); }, std::chrono::seconds(5)));
    BOOST_TEST(got == "acked");
}

BOOST_AUTO_TEST_CASE(a_failed_request_resumes_with_the_reason)
{
    CoPair p;
    std::string error;
    auto run = [&]() -> Task<void> {
        Outcome o = co_await p.client->Request(0, Bytes(kMaxDataSize + 1));
        error = o.kind == OutcomeKind::Failed ? o.error : "not failed";
    };
    Spawn(run());
    BOOST_REQUIRE(p.loop.RunUntil([&]() { return !error.empty(); }, std::chrono::seconds(2)));
    BOOST_TEST(error.find("one datagram carries at most") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
