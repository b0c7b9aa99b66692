// The UDP runtime's callback API on loopback: exchanges over real sockets,
// loss repaired, the address rules (strangers, malformed, unknown channel,
// the peer followed after a reset), the backlog, bad options.
#define BOOST_TEST_MODULE seqex_runtime_tests
#include "seqex-udp-peer.h"

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

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

// A service peer and a client peer on 127.0.0.1 in one loop. The service
// answers "x" with "re:x" after `delayMs(x)`, or acks payloads starting "ack".
struct Pair
{
    explicit Pair(uint16_t channels = 1, uint32_t window = 64, TimeMs resendMs = 30)
    {
        PeerOptions so;
        so.local = "127.0.0.1:0";
        so.remote = "127.0.0.1:0"; // learnt from the client's first datagram
        so.channels = channels;
        so.config.window = window;
        so.config.resendIntervalMs = resendMs;
        service = std::make_unique<Peer>(loop, so);
        PeerOptions co = so;
        co.remote = service->LocalAddress().ToString();
        client = std::make_unique<Peer>(loop, co);
        service->SetPayloadHandler([this](Incoming&& in) {
            ++handled[S(in.data)];
            if (S(in.data).rfind("ack", 0) == 0)
            {
                return; // dropping the handle acks
            }
            auto held = std::make_shared<Incoming>(std::move(in));
            loop.After(std::chrono::milliseconds(delayMs(S(held->data))), [this, held]() {
                service->Reply(held->channel, held->answer, B("re:" + S(held->data)));
            });
        });
    }

    // Sends n requests "c<ch>-<i>" spread over the channels; records outcomes.
    void RequestMany(int n)
    {
        for (int i = 0; i < n; ++i)
        {
            uint16_t ch = static_cast<uint16_t>(i % client->ChannelCount());
            std::string text = "c" + std::to_string(ch) + "-" + std::to_string(i);
            client->Request(ch, B(text), [this, text](Outcome&& o) {
                outcomes[text] = o.kind == OutcomeKind::Reply ? S(o.data) : o.kind == OutcomeKind::Acked ? "<ack>"
                                                                                                        : "<failed:" + o.error + ">";
            });
        }
    }

    bool RunToIdle(int n, double seconds = 20)
    {
        return loop.RunUntil([&]() { return outcomes.size() == static_cast<size_t>(n) && client->Idle() && service->Idle(); },
                             std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
    }

    EventLoop loop;
    std::unique_ptr<Peer> service;
    std::unique_ptr<Peer> client;
    std::function<uint32_t(const std::string&)> delayMs = [](const std::string&) { return 0; };
    std::map<std::string, int> handled;
    std::map<std::string, std::string> outcomes;
};

void
CheckAllReplied(const Pair& p, int n)
{
    BOOST_REQUIRE_EQUAL(p.outcomes.size(), static_cast<size_t>(n));
    for (const auto& [text, got] : p.outcomes)
    {
        BOOST_TEST(got == "re:" + text, text << " got " << got);
        BOOST_TEST(p.handled.at(text) == 1, text << " handled " << p.handled.at(text) << " times");
    }
}

// A raw UDP socket for crafted datagrams.
UdpSocket
RawSocket(const std::string& ip)
{
    return UdpSocket::Bind(SocketAddress::Parse(ip + ":0"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_exchanges)

BOOST_AUTO_TEST_CASE(replies_reach_their_requests_out_of_order_on_many_channels)
{
    Pair p(3, 64, 500); // no answer waits long enough to be sent again
    // Later requests are answered sooner: replies come back reversed.
    p.delayMs = [](const std::string& t) { return static_cast<uint32_t>(60 - std::stoi(t.substr(t.find('-') + 1)) / 5); };
    p.RequestMany(300);
    BOOST_REQUIRE(p.RunToIdle(300));
    CheckAllReplied(p, 300);
    for (uint16_t ch = 0; ch < 3; ++ch)
    {
        BOOST_TEST(p.client->GetEndpoint(ch).GetCounters().sent == 100u); // one socket, three instances
    }
    BOOST_TEST(p.client->TotalCounters().retransmitted == 0u); // no loss on loopback, none needed
}

BOOST_AUTO_TEST_CASE(an_ack_ends_a_request_without_reply)
{
    Pair p;
    p.client->Request(0, B("ack me"), [&](Outcome&& o) { p.outcomes["ack me"] = o.kind == OutcomeKind::Acked ? "<ack>" : "?"; });
    BOOST_REQUIRE(p.RunToIdle(1));
    BOOST_TEST(p.outcomes["ack me"] == "<ack>");
}

BOOST_AUTO_TEST_CASE(loss_both_ways_is_repaired_exactly_once)
{
    Pair p(2);
    std::mt19937 rng(7);
    auto lossy = [&rng](const uint8_t*, size_t) { return std::uniform_real_distribution<double>(0, 1)(rng) >= 0.2; };
    // Rebuilt with a filter: options are fixed at construction.
    PeerOptions so;
    so.local = "127.0.0.1:0";
    so.remote = "127.0.0.1:0";
    so.channels = 2;
    so.config.resendIntervalMs = 20;
    so.sendFilter = lossy;
    p.client.reset();
    p.service.reset();
    p.service = std::make_unique<Peer>(p.loop, so);
    so.remote = p.service->LocalAddress().ToString();
    p.client = std::make_unique<Peer>(p.loop, so);
    p.service->SetPayloadHandler([&](Incoming&& in) {
        ++p.handled[S(in.data)];
        p.service->Reply(in.channel, in.answer, B("re:" + S(in.data)));
    });
    p.RequestMany(200);
    BOOST_REQUIRE(p.RunToIdle(200));
    CheckAllReplied(p, 200);
    BOOST_TEST(p.client->GetCounters().injectedDrops > 0u);
    BOOST_TEST(p.service->GetCounters().injectedDrops > 0u);
    BOOST_TEST(p.client->TotalCounters().retransmitted > 0u);
}

BOOST_AUTO_TEST_CASE(backlog_waits_for_the_window_and_refuses_past_its_limit)
{
    Pair p(1, 4); // payload budget 2
    p.RequestMany(40);
    BOOST_REQUIRE(p.RunToIdle(40));
    CheckAllReplied(p, 40);
    BOOST_TEST(p.client->TotalCounters().windowFull == 0u); // the runtime never pushes past the window
}

BOOST_AUTO_TEST_CASE(backlog_limit_fails_the_extra_requests_by_name)
{
    EventLoop loop;
    PeerOptions o;
    o.local = "127.0.0.1:0";
    o.remote = "127.0.0.1:9"; // nobody answers: nothing resolves
    o.config.window = 4;
    o.backlogLimit = 5;
    Peer peer(loop, o);
    int failed = 0;
    std::string error;
    for (int i = 0; i < 20; ++i)
    {
        peer.Request(0, B("x"), [&](Outcome&& out) {
            if (out.kind == OutcomeKind::Failed)
            {
                ++failed;
                error = out.error;
            }
        });
    }
    loop.RunUntil([&]() { return failed == 13; }, std::chrono::seconds(2));
    BOOST_TEST(failed == 13); // 2 in flight, 5 waiting
    BOOST_TEST(error.find("backlog of channel 0 is full") != std::string::npos);
    BOOST_TEST(peer.GetCounters().backlogOverflows == 13u);
    BOOST_TEST(peer.PendingRequests() == 7u);
}

BOOST_AUTO_TEST_CASE(close_fails_pending_requests_by_name)
{
    EventLoop loop;
    PeerOptions o;
    o.local = "127.0.0.1:0";
    o.remote = "127.0.0.1:9"; // nobody answers
    o.config.window = 4;
    std::vector<std::string> errors;
    Peer peer(loop, o);
    for (int i = 0; i < 5; ++i) // 2 in flight, 3 backlogged
    {
        peer.Request(0, B("x"), [&](Outcome&& out) { errors.push_back(out.error); });
    }
    peer.Close();
    BOOST_TEST(errors.size() == 5u);
    for (const std::string& e : errors)
    {
        BOOST_TEST(e == "peer closed before the exchange ended");
    }
    peer.Request(0, B("late"), [&](Outcome&& out) { errors.push_back(out.error); });
    loop.RunUntil([&]() { return errors.size() == 6; }, std::chrono::seconds(1));
    BOOST_TEST(errors.back() == "peer closed");
    BOOST_TEST(peer.PendingRequests() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(udp_addresses)

BOOST_AUTO_TEST_CASE(reset_to_a_new_port_is_followed_and_loses_nothing)
{
    Pair p(2);
    p.delayMs = [](const std::string&) { return 5; };
    p.RequestMany(100);
    uint16_t before = p.client->LocalAddress().Port();
    p.loop.RunUntil([&]() { return p.outcomes.size() >= 30; }, std::chrono::seconds(10));
    UdpSocket probe = RawSocket("127.0.0.1"); // a free port to move to
    uint16_t newPort = probe.Local().Port();
    probe.Close();
    p.client->ResetTransport(newPort);
    BOOST_REQUIRE(p.RunToIdle(100));
    CheckAllReplied(p, 100);
    BOOST_TEST(p.client->LocalAddress().Port() == newPort);
    BOOST_TEST(newPort != before);
    BOOST_TEST(p.client->GetCounters().transportResets == 1u);
    BOOST_TEST(p.client->GetCounters().announcements >= 1u);
    BOOST_TEST(p.service->GetCounters().peerPortChanges == 1u);
    BOOST_TEST(p.service->PeerAddress().Port() == newPort);
}

BOOST_AUTO_TEST_CASE(a_reset_to_a_taken_port_fails_by_name_and_keeps_the_old_socket)
{
    Pair p;
    UdpSocket squatter = RawSocket("127.0.0.1");
    uint16_t before = p.client->LocalAddress().Port();
    try
    {
        p.client->ResetTransport(squatter.Local().Port());
        BOOST_FAIL("a reset to a taken port succeeded");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find("cannot bind UDP 127.0.0.1:" + std::to_string(squatter.Local().Port())) !=
                   std::string::npos);
    }
    BOOST_TEST(p.client->LocalAddress().Port() == before);
    BOOST_TEST(p.client->GetCounters().transportResets == 0u);
    p.RequestMany(10); // still works on the old socket
    BOOST_REQUIRE(p.RunToIdle(10));
    CheckAllReplied(p, 10);
}

BOOST_AUTO_TEST_CASE(strangers_malformed_and_unknown_channels_are_dropped_and_counted)
{
    Pair p(2);
    p.RequestMany(2);
    BOOST_REQUIRE(p.RunToIdle(2));
    uint16_t clientPort = p.client->LocalAddress().Port();
    const SocketAddress& service = p.service->LocalAddress();

    Bytes valid;
    WireHeader h;
    h.kind = PacketKind::Payload;
    h.seq = 2;
    EncodeDatagram(h, reinterpret_cast<const uint8_t*>("zz"), 2, valid);
    UdpSocket stranger = RawSocket("127.0.0.2"); // another IP on loopback
    BOOST_REQUIRE_EQUAL(stranger.SendTo(valid.data(), valid.size(), service), 0);

    UdpSocket sameHost = RawSocket("127.0.0.1"); // the peer's IP, another port
    Bytes garbage = {1, 9, 0, 0, 0, 0, 0, 0};   // kind 9 does not exist
    BOOST_REQUIRE_EQUAL(sameHost.SendTo(garbage.data(), garbage.size(), service), 0);
    Bytes otherChannel;
    h.channel = 7;
    EncodeDatagram(h, nullptr, 0, otherChannel);
    BOOST_REQUIRE_EQUAL(sameHost.SendTo(otherChannel.data(), otherChannel.size(), service), 0);

    p.loop.RunUntil([&]() { return p.service->GetCounters().unknownChannel == 1; }, std::chrono::seconds(2));
    const PeerCounters& c = p.service->GetCounters();
    BOOST_TEST(c.strangers == 1u);
    BOOST_TEST(c.malformed == 1u);
    BOOST_TEST(c.unknownChannel == 1u);
    BOOST_TEST(p.service->GetEndpoint(0).GetCounters().malformedDropped == 1u);
    BOOST_TEST(p.handled.size() == 2u); // nothing delivered
    // Invalid datagrams never move the peer.
    BOOST_TEST(p.service->PeerAddress().Port() == clientPort);
    BOOST_TEST(c.peerPortChanges == 0u);
}

BOOST_AUTO_TEST_CASE(bad_options_are_named)
{
    EventLoop loop;
    auto error = [&](PeerOptions o) -> std::string {
        try
        {
            Peer peer(loop, o);
        }
        catch (const std::exception& e)
        {
            return e.what();
        }
        return "";
    };
    PeerOptions o;
    o.local = "127.0.0.1:0";
    o.remote = "127.0.0.1:9000";
    PeerOptions bad = o;
    bad.remote = "localhost:9000";
    BOOST_TEST(error(bad).find("'localhost' is not a numeric IPv4 address") != std::string::npos);
    bad = o;
    bad.remote = "127.0.0.1:70000";
    BOOST_TEST(error(bad).find("port 70000 is above 65535") != std::string::npos);
    bad = o;
    bad.remote = "[::1]:9000";
    BOOST_TEST(error(bad).find("are not of one address family") != std::string::npos);
    bad = o;
    bad.config.window = 1;
    BOOST_TEST(error(bad).find("window must be in") != std::string::npos);
    bad = o;
    bad.remote = "";
    BOOST_TEST(error(bad).find("no remote address") != std::string::npos);
    bad = o;
    bad.local = "192.0.2.1:0"; // not an address of this host
    BOOST_TEST(error(bad).find("cannot bind UDP 192.0.2.1:0") != std::string::npos);
    Peer peer(loop, o);
    BOOST_CHECK_THROW(peer.Request(1, B("x"), {}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(ipv6_loopback)
{
    EventLoop loop;
    PeerOptions so;
    so.local = "[::1]:0";
    so.remote = "[::1]:0";
    Peer service(loop, so);
    service.SetPayloadHandler([&](Incoming&& in) { service.Reply(in.channel, in.answer, B("v6")); });
    PeerOptions co = so;
    co.remote = service.LocalAddress().ToString();
    Peer client(loop, co);
    std::string got;
    client.Request(0, B("hi"), [&](Outcome&& o) { got = S(o.data); });
    BOOST_REQUIRE(loop.RunUntil([&]() { return client.Idle() && service.Idle() && !got.empty(); }, std::chrono::seconds(5)));
    BOOST_TEST(got == "v6");
}

BOOST_AUTO_TEST_SUITE_END()
