// Seeded randomized runs: for each seed, a random network, window, initial
// seq and workload (seqex-random-run.h), every SPEC §7 invariant checked.
//
//   seqex-random-tests --run_test=random_exchanges                  seeds 1..1000
//   seqex-random-tests --run_test=random_exchanges -- --seed=N --trace
//   SEQEX_RANDOM_SEED=N ctest -R random_exchanges                  one seed
//   ... -- --first-seed=N --seeds=COUNT                               a range
#include "seqex-random-run.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

using namespace seqex;
using namespace seqex::randomtest;

namespace
{

constexpr uint64_t kDefaultFirstSeed = 1;
constexpr uint64_t kDefaultSeeds = 1000;
constexpr int kMaxReportedSeeds = 5;

struct SeedRange
{
    uint64_t first = kDefaultFirstSeed;
    uint64_t count = kDefaultSeeds;
    bool trace = false;
    std::string error; // a bad argument, named
};

bool
ParseNumber(const std::string& text, uint64_t& out)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
    {
        return false;
    }
    out = std::stoull(text);
    return true;
}

SeedRange
ParseArguments()
{
    SeedRange range;
    auto& suite = boost::unit_test::framework::master_test_suite();
    if (const char* env = std::getenv("SEQEX_RANDOM_SEED"); env != nullptr && *env != '\0')
    {
        if (!ParseNumber(env, range.first))
        {
            range.error = std::string("SEQEX_RANDOM_SEED must be a number, got '") + env + "'";
        }
        range.count = 1;
    }
    for (int i = 1; i < suite.argc; ++i)
    {
        std::string arg = suite.argv[i];
        auto value = [&](const char* prefix, uint64_t& out) {
            std::string p = prefix;
            if (arg.compare(0, p.size(), p) != 0)
            {
                return false;
            }
            if (!ParseNumber(arg.substr(p.size()), out))
            {
                range.error = "bad number in '" + arg + "'";
            }
            return true;
        };
        if (value("--seed=", range.first))
        {
            range.count = 1;
        }
        else if (value("--first-seed=", range.first) || value("--seeds=", range.count))
        {
        }
        else if (arg == "--trace")
        {
            range.trace = true;
        }
        else
        {
            range.error = "unknown argument '" + arg + "' (use --seed=N, --first-seed=N, --seeds=N, --trace)";
        }
    }
    return range;
}

std::string
ReplayCommand(uint64_t seed)
{
    auto& suite = boost::unit_test::framework::master_test_suite();
    std::string program = suite.argc > 0 ? suite.argv[0] : "seqex-random-tests";
    return program + " --run_test=random_exchanges -- --seed=" + std::to_string(seed) + " --trace";
}

} // namespace

BOOST_AUTO_TEST_SUITE(random_exchanges)

BOOST_AUTO_TEST_CASE(every_invariant_holds_for_every_seed)
{
    SeedRange range = ParseArguments();
    BOOST_TEST_REQUIRE(range.error.empty(), range.error);
    BOOST_TEST_REQUIRE(range.count > 0u, "--seeds must be at least 1");

    auto started = std::chrono::steady_clock::now();
    RunResult total;
    uint64_t failedSeeds = 0;
    TimeMs simulated = 0;
    for (uint64_t seed = range.first; seed != range.first + range.count; ++seed)
    {
        RunParams params = DrawParams(seed);
        if (range.trace)
        {
            params.trace = &std::cout;
            std::cout << Describe(params) << "\n";
        }
        RunResult r = Run(params);
        total.exchanges += r.exchanges;
        total.counters += r.counters;
        simulated += r.endTime;
        if (r.failures.empty())
        {
            continue;
        }
        if (++failedSeeds > kMaxReportedSeeds)
        {
            continue;
        }
        std::ostringstream report;
        report << "seed " << seed << " failed:\n";
        for (const auto& f : r.failures)
        {
            report << "  " << f << "\n";
        }
        report << Describe(params) << "\n"
               << "replay: " << ReplayCommand(seed) << "\n"
               << "    or: SEQEX_RANDOM_SEED=" << seed << " ctest -R random_exchanges --output-on-failure";
        BOOST_ERROR(report.str());
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::ostringstream counters;
    for (const CounterField& f : kCounterFields)
    {
        counters << ", " << f.name << " " << total.counters.*(f.member);
    }
    BOOST_TEST_MESSAGE(range.count << " seeds from " << range.first << " in " << seconds << " s: "
                                   << total.exchanges << " exchanges" << counters.str() << ", "
                                   << simulated / 1000 << " s simulated");
    BOOST_TEST(failedSeeds == 0u, failedSeeds << " of " << range.count << " seeds failed");
}

BOOST_AUTO_TEST_SUITE_END()
