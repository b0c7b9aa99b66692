// MakeLambdaCallback (helper/seqex-lambda-callback.h): a lambda as a trace
// sink that connects, fires with its arguments and disconnects alone, on the
// installed ns-3; and the identity-compared functor that waf-era ns-3 gets.
#include "ns3/seqex-lambda-callback.h"
#include "ns3/traced-callback.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;

BOOST_AUTO_TEST_SUITE(lambda_callback)

BOOST_AUTO_TEST_CASE(fires_with_its_arguments_and_disconnects_alone)
{
    uint32_t sumA = 0;
    uint32_t sumB = 0;
    auto a = MakeLambdaCallback<uint16_t, uint32_t>([&sumA](uint16_t ch, uint32_t seq) { sumA += ch + seq; });
    auto b = MakeLambdaCallback<uint16_t, uint32_t>([&sumB](uint16_t ch, uint32_t seq) { sumB += ch * seq; });
    TracedCallback<uint16_t, uint32_t> trace;
    trace.ConnectWithoutContext(a);
    trace.ConnectWithoutContext(b);
    trace(3, 5);
    BOOST_TEST(sumA == 8u);
    BOOST_TEST(sumB == 15u);
    trace.DisconnectWithoutContext(a); // only `a`: b must still fire
    trace(2, 7);
    BOOST_TEST(sumA == 8u);
    BOOST_TEST(sumB == 29u);
}

BOOST_AUTO_TEST_CASE(identity_compared_functor_copies_are_equal_and_two_never_are)
{
    int calls = 0;
    auto count = [&calls](int n) { calls += n; };
    seqex_detail::IdentityComparedFunctor<decltype(count)> one(count);
    seqex_detail::IdentityComparedFunctor<decltype(count)> two(count);
    auto copy = one;
    BOOST_TEST((copy == one));
    BOOST_TEST(!(copy != one));
    BOOST_TEST((one != two));
    one(2);
    copy(3);
    two(4);
    BOOST_TEST(calls == 9);
}

BOOST_AUTO_TEST_SUITE_END()
