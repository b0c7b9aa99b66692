// The test module of seqex-core-tests; the suites live in the *-test.cc files.
#define BOOST_TEST_MODULE seqex-core-tests
#include <boost/test/unit_test.hpp>
