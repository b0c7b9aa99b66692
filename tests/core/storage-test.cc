// The storage under the endpoint (seqex-fifo.h, seqex-seq-ring.h): order and
// contents survive growth, including when the queued items wrap the ring.
#include "seqex-fifo.h"
#include "seqex-seq-ring.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>

using namespace seqex;

BOOST_AUTO_TEST_SUITE(storage)

BOOST_AUTO_TEST_CASE(fifo_keeps_order_across_growth_with_wrapped_items)
{
    Fifo<uint32_t> f;
    f.Reserve(8);
    uint32_t pushed = 0;
    uint32_t popped = 0;
    // Move the head around the ring so the queued items wrap, then outgrow it.
    for (int round = 0; round < 5; ++round)
    {
        for (int i = 0; i < 6; ++i)
        {
            f.Push(pushed++);
        }
        for (int i = 0; i < 5; ++i)
        {
            BOOST_TEST_REQUIRE(f.Pop() == popped++);
        }
    }
    BOOST_TEST(f.Size() == 5u); // grew from 8 while wrapped
    for (int i = 0; i < 40; ++i)
    {
        f.Push(pushed++);
    }
    while (!f.Empty())
    {
        BOOST_TEST_REQUIRE(f.Pop() == popped++);
    }
    BOOST_TEST(popped == pushed);
}

BOOST_AUTO_TEST_CASE(seq_ring_cover_keeps_slots_across_wraparound)
{
    SeqRing<uint32_t> ring(4);
    const Seq base = 0xfffffffeu; // spans 2^32
    for (uint32_t i = 0; i < 4; ++i)
    {
        ring.At(base + i) = 100 + i;
    }
    ring.Cover(base, 9);
    BOOST_TEST(ring.Capacity() == 16u);
    for (uint32_t i = 0; i < 4; ++i)
    {
        BOOST_TEST(ring.At(base + i) == 100 + i);
    }
}

BOOST_AUTO_TEST_SUITE_END()
