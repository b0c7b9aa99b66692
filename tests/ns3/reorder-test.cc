// Reordering on the link (a fraction of the packets overtaken by later ones)
// with and without loss: every exchange still completes exactly once, in
// seq_cst order where asked for.
#include "seqex-test-network.h"

#include <boost/test/unit_test.hpp>

using namespace seqex_test;

BOOST_AUTO_TEST_SUITE(reorder)

BOOST_AUTO_TEST_CASE(reordered_and_lossy_link)
{
    const uint32_t n = 200;
    for (double loss : {0.0, 0.1})
    {
        BOOST_TEST_CONTEXT("loss " << loss)
        {
            NetworkConfig config;
            config.loss = loss;
            config.reorder = 0.3;
            config.holdBack = MilliSeconds(30); // six one-way delays: real overtaking
            TestNetwork net(config);
            net.helper.SetAttribute("Channels", UintegerValue(2));
            net.helper.SetAttribute("ExchangeLength", StringValue("ns3::UniformRandomVariable[Min=1|Max=5]"));
            net.helper.SetAttribute("SeqCstFraction", DoubleValue(0.5));
            net.helper.SetPeerAttribute(0, "MaxExchanges", UintegerValue(n));
            net.Install();
            net.Run(Seconds(60));

            BOOST_TEST(net.Impairment(0).Reordered() > 20u);
            BOOST_TEST(net.Impairment(1).Reordered() > 20u);
            BOOST_TEST(net.Counts(0).exchangeComplete == n);
            BOOST_TEST(net.Counts(0).completedIds.size() == n);
            BOOST_TEST(net.Counts(1).deliver == net.Counts(0).dataSent);
            BOOST_TEST(net.Counts(0).deliver == net.Counts(1).dataSent);
            BOOST_TEST(net.App(0)->IsIdle());
            BOOST_TEST(net.App(1)->IsIdle());
            BOOST_TEST(Violations(net) == "");
            BOOST_TEST(net.Recorder().CompletedExchanges() == n);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
