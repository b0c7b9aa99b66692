// NS_LOG of the model (issue 13.5): in a lossy run with garbage injected,
// SeqexTransport logs every datagram sent, received (with how its channel
// judged it), dropped (with why) and retransmitted, and every delivery and
// answer, each naming the node and the channel: the log lines are counted
// against the trace sources that fire for the same events.
#include "seqex-test-network.h"

#include <boost/test/unit_test.hpp>

#include <regex>

using namespace seqex_test;

namespace
{

void
SendRaw(Ptr<Socket> socket, Address to, std::vector<uint8_t> bytes)
{
    socket->SendTo(Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size())), 0, to);
}

// Lines of `log` matching `pattern`.
uint64_t
Count(const std::string& log, const std::string& pattern)
{
    std::regex re(pattern);
    uint64_t n = 0;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
    {
        n += std::regex_search(line, re);
    }
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(every_datagram_delivery_and_answer_is_logged_with_node_and_channel)
{
    NetworkConfig config;
    config.loss = 0.2;
    TestNetwork net(config);
    net.helper.SetAttribute("Channels", UintegerValue(2));
    net.helper.SetAttribute("ExchangeLength", StringValue("ns3::ConstantRandomVariable[Constant=3]"));
    net.helper.SetPeerAttribute(0, "StartInterval", StringValue("ns3::ConstantRandomVariable[Constant=0.01]"));
    net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(40));
    net.Install();
    Ptr<Socket> rogue = Socket::CreateSocket(net.GetNode(0), UdpSocketFactory::GetTypeId());
    rogue->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7777));
    for (int k = 0; k < 5; ++k)
    {
        Simulator::Schedule(MilliSeconds(50 + k), &SendRaw, rogue, InetSocketAddress(net.AddressOfB(), 9000),
                            std::vector<uint8_t>{0x42, 1, 0, 0, 0, 0, 0, 0}); // unknown version
    }

    std::ostringstream captured;
    std::streambuf* old = std::clog.rdbuf(captured.rdbuf());
    LogComponentEnable("SeqexTransport", LOG_LEVEL_LOGIC);
    net.Run(Seconds(30));
    LogComponentDisable("SeqexTransport", LOG_LEVEL_ALL);
    std::clog.rdbuf(old);
    std::string log = captured.str();

    uint64_t tx = 0, rx = 0, retransmit = 0, drops = 0, deliver = 0, answerAck = 0, dataSent = 0, closed = 0;
    for (int p = 0; p < 2; ++p)
    {
        const TraceCounts& c = net.Counts(p);
        tx += c.tx;
        rx += c.rx;
        retransmit += c.retransmit;
        drops += c.malformedDrop;
        deliver += c.deliver;
        answerAck += c.answerAck;
        dataSent += c.dataSent;
        closed += net.App(p)->GetAppCounters().transport.sendsWhileClosed;
    }
    BOOST_REQUIRE(retransmit > 0u); // the loss did act
    BOOST_REQUIRE(drops == 5u);
    const std::string where = "^node [01] ch [01]: ";
    BOOST_TEST(Count(log, where + "tx SEQEX") == tx + closed);
    BOOST_TEST(Count(log, where + "tx SEQEX .*\\(retransmission\\)") == retransmit);
    BOOST_TEST(Count(log, where + "rx SEQEX .* from .*: ") == rx);
    BOOST_TEST(Count(log, "^node 1: drop datagram of 8 bytes from .*: unknown version") == drops);
    BOOST_TEST(Count(log, where + "deliver (payload|reply) seq") == deliver);
    BOOST_TEST(Count(log, where + "answer seq [0-9]+ with an Ack") == answerAck);
    BOOST_TEST(Count(log, where + "answer seq [0-9]+ with reply seq") + Count(log, where + "send payload seq") ==
               dataSent);
    BOOST_TEST(Count(log, where + "our seq [0-9]+ acked by the peer") ==
               net.App(0)->GetTotalCounters().resolvedByAck + net.App(1)->GetTotalCounters().resolvedByAck);
    BOOST_TEST(Violations(net) == "");
}

BOOST_AUTO_TEST_SUITE_END()
