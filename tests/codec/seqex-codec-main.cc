// seqex-codec-tests: the SEQEX wire format v1 (doc/wire-format.md).
#define BOOST_TEST_MODULE seqex-codec-tests
#include <boost/test/unit_test.hpp>
