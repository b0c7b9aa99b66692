// SPEC S6: no window state deadlocks. Both peers fill their send windows
// with new payloads at the same moment, before hearing from each other; the
// applications answer every delivery; every exchange must still complete.
#include "seqex-core-test-helpers.h"

#include <boost/test/unit_test.hpp>

using namespace seqex;
using namespace seqex::test;

namespace
{

struct Shape
{
    uint8_t chainLength;   // data packets per exchange (then an Ack)
    bool seqCstPayloads;
    bool seqCstReplies;
    bool loseFirstSends;   // every data packet's first transmission is lost
};

// Fills both windows at time 0, then runs the pair until quiet and checks
// that every exchange completed.
void
FillBothThenRun(uint32_t w, const Shape& shape)
{
    ByteScenario s(MakeConfig(w, 0, 100));
    for (auto& app : s.app)
    {
        app.chainLength = shape.chainLength;
        app.seqCstReplies = shape.seqCstReplies;
    }
    if (shape.loseFirstSends)
    {
        s.link.drop = [](int, PacketKind kind, Seq, Seq, bool resend) {
            return kind != PacketKind::Ack && !resend;
        };
    }
    int sent[2] = {0, 0};
    for (int side = 0; side < 2; ++side)
    {
        while (s.SendPayload(side, shape.seqCstPayloads, "x" + std::to_string(sent[side])).Ok())
        {
            ++sent[side];
        }
        BOOST_TEST(sent[side] >= 1);
        BOOST_TEST(sent[side] <= static_cast<int>(w));
        BOOST_TEST(!s.Ep(side).CanStartExchange());
    }

    bool finished = s.RunUntilQuiet();

    BOOST_TEST_REQUIRE(finished, s.Describe());
    auto problems = s.Problems();
    BOOST_TEST(problems.empty(), First(problems));
    // Every exchange ran its full length: chainLength data packets each,
    // all resolved at their sender (Problems checks the resolutions).
    BOOST_TEST(s.link.FirstSends(0).size() + s.link.FirstSends(1).size() ==
               size_t(sent[0] + sent[1]) * shape.chainLength);
    for (int side = 0; side < 2; ++side)
    {
        BOOST_TEST(s.peakInFlight[side] <= w);
        BOOST_TEST(s.peakUsed[side] <= w);
    }
}

const uint32_t kWindows[] = {2, 3, 4, 5, 8, 16, 64};

} // namespace

BOOST_AUTO_TEST_SUITE(deadlock_freedom)

// S6: payload, reply, ack.
BOOST_AUTO_TEST_CASE(s6_both_fill_windows_at_once_reply_then_ack)
{
    for (uint32_t w : kWindows)
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            FillBothThenRun(w, {2, false, false, false});
        }
    }
}

// S6: a payload acked straight away.
BOOST_AUTO_TEST_CASE(s6_both_fill_windows_at_once_ack_only)
{
    for (uint32_t w : kWindows)
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            FillBothThenRun(w, {1, false, false, false});
        }
    }
}

// S6: long request/reply chains, where every reply needs room for its own
// answer.
BOOST_AUTO_TEST_CASE(s6_both_fill_windows_at_once_long_chains)
{
    for (uint32_t w : kWindows)
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            FillBothThenRun(w, {6, false, false, false});
        }
    }
}

// S6 with R4: every packet seq_cst, so each delivery also waits for order
// and for the seq_cst lock.
BOOST_AUTO_TEST_CASE(s6_both_fill_windows_at_once_all_seq_cst)
{
    for (uint32_t w : kWindows)
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            FillBothThenRun(w, {3, true, true, false});
        }
    }
}

// S6 with S3: the first transmission of every data packet is lost as well.
BOOST_AUTO_TEST_CASE(s6_both_fill_windows_at_once_first_sends_lost)
{
    for (uint32_t w : kWindows)
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            FillBothThenRun(w, {3, false, true, true});
        }
    }
}

// S6 sustained: both peers keep their windows full (a new payload whenever
// room allows) for many exchanges.
BOOST_AUTO_TEST_CASE(s6_both_keep_windows_full)
{
    for (uint32_t w : {2u, 3u, 8u})
    {
        BOOST_TEST_CONTEXT("W = " << w)
        {
            ByteScenario s(MakeConfig(w, 0, 100));
            for (auto& app : s.app)
            {
                app.chainLength = 3;
            }
            s.LoseAtRandom(3, 0.1);
            bool finished = s.RunExchanges(150, [](int side, int i) { return (i * 7 + side) % 5 == 0; });
            BOOST_TEST_REQUIRE(finished, s.Describe());
            auto problems = s.Problems();
            BOOST_TEST(problems.empty(), First(problems));
            BOOST_TEST(s.app[0].resolved.size() + s.app[1].resolved.size() == 2u * 150u * 3u);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
