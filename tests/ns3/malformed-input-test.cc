// SPEC §7.5 at the application: datagrams that do not parse, name a channel
// we do not run, or come from a stranger are dropped, counted and traced
// with their reason, and never touch SEQEX state, while every exchange
// still completes. Valid datagrams from the peer's IP on another port, or
// from another IP, never redirect the peer (issue 13.3: the peer moves only
// on evidence, SeqexTransport::HandleRead).
#include "seqex-test-network.h"

#include <boost/test/unit_test.hpp>

using namespace seqex_test;

namespace
{

struct Injection
{
    seqex::Bytes bytes;
    std::string reason; // what the receiver must report
};

void
SendRaw(Ptr<Socket> socket, Address to, seqex::Bytes bytes)
{
    socket->SendTo(Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size())), 0, to);
}

seqex::Bytes
ValidPayload(uint16_t channel, uint32_t seq)
{
    seqex::WireHeader h;
    h.kind = seqex::PacketKind::Payload;
    h.channel = channel;
    h.seq = seq;
    const uint8_t data[3] = {1, 2, 3};
    h.dataLength = sizeof data;
    seqex::Bytes out;
    seqex::EncodeDatagram(h, data, sizeof data, out);
    return out;
}

seqex::Bytes
ValidAck(uint16_t channel, uint32_t re)
{
    seqex::WireHeader h;
    h.kind = seqex::PacketKind::Ack;
    h.channel = channel;
    h.re = re;
    seqex::Bytes out;
    seqex::EncodeDatagram(h, nullptr, 0, out);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(malformed_input)

BOOST_AUTO_TEST_CASE(garbage_from_the_peer_address_and_from_a_stranger)
{
    const uint32_t n = 150;
    const int rounds = 40;
    NetworkConfig config;
    config.thirdNode = true;
    TestNetwork net(config);
    net.helper.SetAttribute("Channels", UintegerValue(2));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.002]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(n));
    net.Install();

    // From the peer's IP (node A), another port: every way of not parsing,
    // and a well-formed datagram for a channel B does not run.
    const std::vector<Injection> fromPeerIp = {
        {{}, "truncated"},
        {{1}, "truncated"},
        {{0x42, 1, 0, 0, 0, 0, 0, 0}, "unknown version"},
        {{1, 9, 0, 0, 0, 0, 0, 0}, "unknown packet kind"},
        {{1, 5, 0, 0, 0, 0, 0, 1, 0xff}, "trailing bytes"},
        {{1, 1, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2}, "truncated"}, // declares 10 data bytes, has 2
        {ValidAck(7, 0), "unknown channel 7"},
    };
    Ptr<Socket> rogue = Socket::CreateSocket(net.GetNode(0), UdpSocketFactory::GetTypeId());
    rogue->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7777));
    // From node C: well-formed Acks naming B's own packets (they would
    // resolve them wrongly if they reached the endpoint) and garbage.
    Ptr<Socket> stranger = Socket::CreateSocket(net.GetNode(2), UdpSocketFactory::GetTypeId());
    stranger->Bind();

    std::map<std::string, uint64_t> expected;
    for (int r = 0; r < rounds; ++r)
    {
        Time at = MilliSeconds(1 + 7 * r);
        for (const auto& inj : fromPeerIp)
        {
            Simulator::Schedule(at, &SendRaw, rogue, InetSocketAddress(net.AddressOfB(), 9000), inj.bytes);
            ++expected[inj.reason];
        }
        Simulator::Schedule(at, &SendRaw, stranger, InetSocketAddress(net.AddressOfBFacingC(), 9000), ValidAck(0, r));
        Simulator::Schedule(at, &SendRaw, stranger, InetSocketAddress(net.AddressOfBFacingC(), 9000),
                            seqex::Bytes{0xde, 0xad, 0xbe, 0xef});
        expected["stranger"] += 2;
    }
    net.Run(Seconds(30));

    const SeqexAppCounters b = net.App(1)->GetAppCounters();
    BOOST_TEST(b.transport.strangers == 2u * rounds);
    BOOST_TEST(b.transport.unknownChannel == uint64_t(rounds));
    BOOST_TEST(b.transport.malformed == 6u * rounds);
    BOOST_TEST(net.Counts(1).malformedDrop == 9u * rounds);
    for (const auto& [reason, count] : expected)
    {
        BOOST_TEST_CONTEXT("reason " << reason)
        {
            auto it = net.Counts(1).dropReasons.find(reason);
            BOOST_TEST((it == net.Counts(1).dropReasons.end() ? 0u : it->second) == count);
        }
    }
    BOOST_TEST(net.Counts(1).dropReasons.size() == expected.size());
    // The garbage from A's IP on another port did not move the peer.
    BOOST_TEST(b.transport.peerPortChanges == 0u);
    // No endpoint saw any of it.
    BOOST_TEST(net.App(1)->GetTotalCounters().ignoredAcks == 0u);
    BOOST_TEST(net.App(1)->GetTotalCounters().resolvedByAck == n); // only A's final Acks
    BOOST_TEST(net.Counts(0).malformedDrop == 0u);

    BOOST_TEST(net.Counts(0).exchangeComplete == n);
    BOOST_TEST(net.Counts(1).deliver == net.Counts(0).dataSent);
    BOOST_TEST(net.App(0)->IsIdle());
    BOOST_TEST(net.App(1)->IsIdle());
    BOOST_TEST(Violations(net) == "");
}

namespace
{

// A originates exchanges every 10 ms; B only answers. Valid SEQEX datagrams
// for B's channel 0 come from `from` (a socket on A, other port, or on C),
// `count` of them from `start` on, one every `every`: Acks naming packets
// nobody has in flight, payloads far ahead of B's window (too early) and
// far behind it (duplicates of long-finished packets).
struct HijackRun
{
    uint32_t n = 100;
    uint32_t injected = 0;
    SeqexAppCounters b;
};

HijackRun
RunHijack(bool fromPeerIp, uint32_t count, Time every)
{
    HijackRun out;
    NetworkConfig config;
    config.thirdNode = !fromPeerIp;
    TestNetwork net(config);
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.01]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(out.n));
    net.Install();
    Ptr<Socket> rogue = Socket::CreateSocket(net.GetNode(fromPeerIp ? 0 : 2), UdpSocketFactory::GetTypeId());
    rogue->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7777));
    Address b = InetSocketAddress(fromPeerIp ? net.AddressOfB() : net.AddressOfBFacingC(), 9000);
    for (uint32_t k = 0; k < count; ++k)
    {
        // 5 ms past a start: A's exchange in flight; the single one lands
        // while A has nothing in flight (exchanges end within ~10 ms).
        Time at = MilliSeconds(555) + every * k;
        seqex::Bytes d;
        switch (k % 3)
        {
        case 0:
            d = ValidAck(0, 0x40000000u + k); // names nothing in flight
            break;
        case 1:
            d = ValidPayload(0, 0x40000000u + k); // far beyond B's window: too early
            break;
        default:
            d = ValidPayload(0, 0xc0000000u + k); // long before it: a duplicate
            break;
        }
        Simulator::Schedule(at, &SendRaw, rogue, b, d);
        ++out.injected;
    }
    net.Run(Seconds(30));

    out.b = net.App(1)->GetAppCounters();
    BOOST_TEST(net.Counts(0).exchangeComplete == out.n);
    BOOST_TEST(out.b.transport.peerPortChanges == 0u);
    BOOST_TEST(net.Counts(1).peerAddressChange == 0u);
    BOOST_TEST(net.App(1)->GetPeerAddress() == Address(InetSocketAddress(net.AddressOfA(), 9000)));
    BOOST_TEST(net.App(0)->GetTotalCounters().retransmitted == 0u); // nothing went astray
    BOOST_TEST(net.Counts(1).deliver == net.Counts(0).dataSent);    // nothing forged was delivered
    BOOST_TEST(net.App(0)->IsIdle());
    BOOST_TEST(net.App(1)->IsIdle());
    BOOST_TEST(Violations(net) == "");
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(one_valid_datagram_from_the_peer_ip_on_another_port_does_not_move_the_peer)
{
    HijackRun r = RunHijack(true, 1, MilliSeconds(0));
    BOOST_TEST(r.b.transport.unprovenPort == 1u);
    BOOST_TEST(r.b.transport.strangers == 0u);
}

BOOST_AUTO_TEST_CASE(a_flood_of_valid_datagrams_from_the_peer_ip_on_another_port_does_not_move_the_peer)
{
    HijackRun r = RunHijack(true, 300, MilliSeconds(3));
    BOOST_TEST(r.b.transport.unprovenPort == r.injected);
}

BOOST_AUTO_TEST_CASE(one_valid_datagram_from_a_stranger_ip_is_dropped)
{
    HijackRun r = RunHijack(false, 1, MilliSeconds(0));
    BOOST_TEST(r.b.transport.strangers == 1u);
    BOOST_TEST(r.b.transport.unprovenPort == 0u);
}

BOOST_AUTO_TEST_CASE(a_flood_of_valid_datagrams_from_a_stranger_ip_is_dropped)
{
    HijackRun r = RunHijack(false, 300, MilliSeconds(3));
    BOOST_TEST(r.b.transport.strangers == r.injected);
    BOOST_TEST(r.b.transport.unprovenPort == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
