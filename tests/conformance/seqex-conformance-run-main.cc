#define BOOST_TEST_MODULE seqex_conformance_runs
#include <boost/test/unit_test.hpp>
