#define BOOST_TEST_MODULE seqex_conformance_cli
#include <boost/test/unit_test.hpp>
