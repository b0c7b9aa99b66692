// The test module of seqex-scenario-tests; the suites live in the *-test.cc
// files. A global fixture removes the results the tests wrote.
#define BOOST_TEST_MODULE seqex-scenario-tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace
{

struct RemoveTempResults
{
    ~RemoveTempResults()
    {
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                        ("seqex-scenario-tests-" + std::to_string(getpid())),
                                    ec);
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(RemoveTempResults);
