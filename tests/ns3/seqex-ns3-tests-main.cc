// The test module of seqex-ns3-tests; the suites live in the *-test.cc files.
#define BOOST_TEST_MODULE seqex-ns3-tests
#include <boost/test/unit_test.hpp>
