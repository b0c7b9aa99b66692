// SPEC §7.5 at the application: datagrams that do not parse, name a channel
// we do not run, or come from a stranger are dropped, counted and traced
// with their reason, and never touch SEQEX state, while every exchange
// still completes.
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

BOOST_AUTO_TEST_SUITE_END()
