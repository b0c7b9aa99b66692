// Extension "address probe" (doc/core.md, seqex-address-probe.h): the probe
// is before the peer's next expected seq by SPEC §2's own rule, so the peer
// answers Ack(probe) (R5), our endpoint ignores it (R7), and nothing else
// changes, whether or not anything of ours is outstanding.
#include "seqex-address-probe.h"
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

BOOST_AUTO_TEST_SUITE(address_probe)

BOOST_AUTO_TEST_CASE(the_peer_acks_it_and_no_state_changes)
{
    for (Seq initial : {Seq(0), Seq(0x7fffffffu), Seq(0xfffffff0u)})
    {
        for (int outstanding : {0, 1, 40})
        {
            BOOST_TEST_CONTEXT("initial seq " << initial << ", outstanding " << outstanding)
            {
                ByteScenario s(MakeConfig(64, initial));
                BOOST_TEST_REQUIRE(s.RunExchanges(20, [](int, int) { return false; }), s.Describe());
                for (int i = 0; i < outstanding && s.a.CanStartExchange(); ++i)
                {
                    s.SendPayload(0, false, "unsent"); // not yet delivered: the peer is behind
                }
                auto probe = AddressProbe(s.a);
                BOOST_TEST(probe.kind == PacketKind::Payload);
                BOOST_TEST(probe.data == nullptr);
                BOOST_TEST(SeqBefore(probe.seq, s.b.NextExpected())); // SPEC §2, literally
                Counters before = s.b.GetCounters();
                BOOST_TEST(s.b.ReceiveData(s.now, probe.kind, probe.seq, probe.re, Bytes{}) ==
                           ReceiveStatus::Duplicate);
                auto answer = DrainTransmit(s.b);
                BOOST_TEST_REQUIRE(answer.size() == 1u);
                BOOST_TEST(answer[0].kind == PacketKind::Ack);
                BOOST_TEST(answer[0].re == probe.seq);
                BOOST_TEST(s.b.GetCounters().delivered == before.delivered);
                BOOST_TEST(!s.b.PollDelivery().has_value());
                uint32_t inFlight = s.a.InFlight();
                BOOST_TEST(s.a.ReceiveAck(s.now, answer[0].re) == ReceiveStatus::AckIgnored);
                BOOST_TEST(s.a.InFlight() == inFlight);
                BOOST_TEST(!s.a.PollDelivery().has_value());
                BOOST_TEST_REQUIRE(s.RunUntilQuiet(), s.Describe());
                auto problems = s.Problems();
                BOOST_TEST(problems.empty(), First(problems));
            }
        }
    }
}

// SPEC §2: exactly 2^31 apart is neither before nor after. The core drops
// such a packet as out of window and answers nothing (the old half-space
// probe relied on the opposite, undocumented choice).
BOOST_AUTO_TEST_CASE(a_seq_exactly_half_the_space_away_is_neither_before_nor_after)
{
    ByteEndpoint b(MakeConfig(64, 5));
    BOOST_TEST(!SeqBefore(5 + 0x80000000u, 5));
    BOOST_TEST(!SeqBefore(5, 5 + 0x80000000u));
    BOOST_TEST(b.ReceiveData(0, PacketKind::Payload, 5 + 0x80000000u, 0, B("x")) == ReceiveStatus::TooEarly);
    BOOST_TEST(DrainTransmit(b).empty());
    BOOST_TEST(b.GetCounters().duplicatesDropped == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
