// seqex-random-tests: the InvariantChecker, the simulated link, and the
// seeded randomized runs of two endpoints over an impaired network.
#define BOOST_TEST_MODULE seqex-random-tests
#include <boost/test/unit_test.hpp>
