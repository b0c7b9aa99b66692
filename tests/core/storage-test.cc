// The storage under the endpoint (seqex-fifo.h, seqex-seq-slots.h): queue
// order survives growth when the items wrap the ring; seq slots stay
// findable across wraparound and when a live one is parked.
#include "seqex-fifo.h"
#include "seqex-seq-slots.h"

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

namespace
{

struct TestSlot
{
    Seq seq = 0;
    int state = 0; // 0 free, 1 live, 2 finished (known, reusable)
    int value = 0;

    bool Known() const
    {
        return state != 0;
    }
    bool Live() const
    {
        return state == 1;
    }
};

} // namespace

// A slot still live when a seq one ring later needs its position is parked
// and stays findable; a finished one is simply reused; nothing allocates
// (the parked list uses the capacity reserved for it).
BOOST_AUTO_TEST_CASE(seq_slots_park_live_slots_and_reuse_finished_ones)
{
    SeqSlots<TestSlot> slots(4, 2);
    BOOST_TEST(slots.RingCapacity() == 4u);
    const Seq base = 0xfffffffeu; // spans 2^32
    for (uint32_t i = 0; i < 4; ++i)
    {
        TestSlot& s = slots.Claim(base + i);
        s.state = i == 0 ? 1 : 2;
        s.value = int(100 + i);
    }
    for (uint32_t i = 4; i < 8; ++i)
    {
        TestSlot& s = slots.Claim(base + i);
        s.state = 1;
        s.value = int(100 + i);
    }
    BOOST_TEST(slots.Parked() == 4u - 3u); // only base was live
    TestSlot* held = slots.Find(base);
    BOOST_TEST_REQUIRE(held != nullptr);
    BOOST_TEST(held->value == 100);
    BOOST_TEST(slots.Find(base + 1) == nullptr); // finished, then reused
    for (uint32_t i = 4; i < 8; ++i)
    {
        BOOST_TEST_REQUIRE(slots.Find(base + i) != nullptr);
        BOOST_TEST(slots.Find(base + i)->value == int(100 + i));
    }
    BOOST_TEST(slots.DropIfParked(held));
    BOOST_TEST(slots.Parked() == 0u);
    BOOST_TEST(slots.Find(base) == nullptr);
    BOOST_TEST(!slots.DropIfParked(slots.Find(base + 4))); // a ring slot is freed by its state
}

BOOST_AUTO_TEST_SUITE_END()
