// Flags: typed parsing with errors that name the flag, scenario defaults,
// cross-flag checks, and the seqex-scenario program's answers to bad
// command lines.
#include "seqex-program.h"

#include "seqex-flag-table.h"
#include "seqex-json.h"
#include "seqex-scenario-catalog.h"
#include "seqex-scenario-config.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace ns3;

namespace
{

// Applies one --name=value to a fresh default configuration of `scenario`.
std::string
ErrorOf(const SeqexAssignments& flags, const std::string& scenario = "loss-sweep")
{
    SeqexScenarioConfig c;
    return SeqexConfigure(scenario, flags, c);
}

bool
Names(const std::string& error, const std::string& flag)
{
    return error.find("--" + flag + ":") == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(flags)

BOOST_AUTO_TEST_CASE(times_rates_and_numbers_parse_and_print_canonically)
{
    Time t;
    BOOST_TEST(SeqexFlagTable::ParseTime("250ms", t).empty());
    BOOST_TEST(t == MilliSeconds(250));
    BOOST_TEST(SeqexFlagTable::ParseTime("1.5s", t).empty());
    BOOST_TEST(SeqexFlagTable::FormatTime(t) == "1500ms");
    BOOST_TEST(SeqexFlagTable::ParseTime("0", t).empty());
    BOOST_TEST(t.IsZero());
    BOOST_TEST(!SeqexFlagTable::ParseTime("20", t).empty()); // a unit is required
    BOOST_TEST(!SeqexFlagTable::ParseTime("abc", t).empty());
    BOOST_TEST(!SeqexFlagTable::ParseTime("5 parsecs", t).empty());
    DataRate r;
    BOOST_TEST(SeqexFlagTable::ParseRate("10Mbps", r).empty());
    BOOST_TEST(r.GetBitRate() == 10000000u);
    BOOST_TEST(SeqexFlagTable::FormatRate(DataRate(1500000)) == "1500kbps");
    BOOST_TEST(!SeqexFlagTable::ParseRate("0Mbps", r).empty());
    BOOST_TEST(!SeqexFlagTable::ParseRate("fast", r).empty());
    BOOST_TEST(seqex::FormatDouble(100) == "100");
    BOOST_TEST(seqex::FormatDouble(0.1) == "0.1");
    BOOST_TEST(seqex::FormatDouble(1.0 / 3) == "0.3333333333333333");
    BOOST_TEST(seqex::FormatDouble(1e-7) == "1e-07");
    // The one JSON writer (util/seqex-json.h), shared with the conformance
    // reports: any bytes give valid JSON; numbers read back exactly.
    BOOST_TEST(seqex::JsonString("a\"b\\\n\r\t") == "\"a\\\"b\\\\\\n\\r\\t\"");
    BOOST_TEST(seqex::JsonString("\x01\x7f\xc3\xa9") == "\"\\u0001\\u007f\\u00c3\\u00a9\"");
    BOOST_TEST(seqex::JsonNumber(0.1) == "0.1");
    BOOST_TEST(seqex::JsonNumber(std::nan("")) == "null");
    BOOST_TEST(seqex::JsonNumber(HUGE_VAL) == "null");
}

// The run id is a results file name that the CLI, the Python binding and the
// drivers must agree on: given flags only, sorted, canonical values.
BOOST_AUTO_TEST_CASE(run_id_names_the_given_flags_sorted_and_canonical)
{
    double loss = 0;
    Time delay = MilliSeconds(20);
    std::string note = "plain";
    std::string out = "results";
    SeqexFlagTable table;
    table.AddDouble("loss", "", loss, 0, 1);
    table.AddTime("delay", "", delay, Time(0), Seconds(10));
    table.AddText("note", "", note);
    table.AddText("out", "", out);
    BOOST_TEST(table.RunId({}) == "defaults");
    BOOST_TEST(table.RunId({"out"}) == "defaults"); // where results go is not what a run is
    BOOST_TEST(table.SetDefault("delay", "1.5s").empty());
    BOOST_TEST(table.SetDefault("loss", "0.10").empty());
    BOOST_TEST(table.RunId({"loss", "delay", "out"}) == "delay=1500ms_loss=0.1");
    BOOST_TEST(table.SetDefault("note", "a/b c").empty());
    BOOST_TEST(table.RunId({"note"}) == "note=a-b-c"); // stays one file name
}

BOOST_AUTO_TEST_CASE(bad_values_are_errors_naming_the_flag)
{
    BOOST_TEST(ErrorOf({}).empty());
    BOOST_TEST(Names(ErrorOf({{"loss", "1.5"}}), "loss"));
    BOOST_TEST(Names(ErrorOf({{"loss", "-0.1"}}), "loss"));
    BOOST_TEST(Names(ErrorOf({{"loss", "lots"}}), "loss"));
    BOOST_TEST(Names(ErrorOf({{"channels", "0"}}), "channels"));
    BOOST_TEST(Names(ErrorOf({{"channels", "-1"}}), "channels")); // not 4294967295
    BOOST_TEST(Names(ErrorOf({{"delay", "abc"}}), "delay"));
    BOOST_TEST(Names(ErrorOf({{"bandwidth", "0bps"}}), "bandwidth"));
    BOOST_TEST(Names(ErrorOf({{"transport", "quic"}}), "transport"));
    BOOST_TEST(Names(ErrorOf({{"size", "5"}}), "size"));
    BOOST_TEST(Names(ErrorOf({{"window", "1"}}), "window"));
    BOOST_TEST(Names(ErrorOf({{"bidirectional", "maybe"}}), "bidirectional"));
    BOOST_TEST(Names(ErrorOf({{"runId", "a/b"}}), "runId"));
    BOOST_TEST(Names(ErrorOf({{"nosuchflag", "1"}}), "nosuchflag"));
}

BOOST_AUTO_TEST_CASE(impossible_combinations_name_the_flag)
{
    BOOST_TEST(Names(ErrorOf({{"lenMin", "5"}, {"lenMax", "2"}}), "lenMin"));
    BOOST_TEST(Names(ErrorOf({{"geP", "0.1"}, {"geR", "0"}}), "geR"));
    BOOST_TEST(Names(ErrorOf({{"duration", "5s"}, {"blackholeStart", "4s"}, {"blackholeDuration", "2s"}}),
                     "blackholeDuration"));
    BOOST_TEST(Names(ErrorOf({{"resetKind", "nat"}, {"resetEvery", "1s"}, {"resetDowntime", "1s"}}),
                     "resetDowntime"));
    BOOST_TEST(Names(ErrorOf({{"resendInterval", "1500us"}}), "resendInterval"));
    BOOST_TEST(Names(ErrorOf({{"workload", "bulk"}}), "workload")); // SEQEX carries exchanges
    BOOST_TEST(Names(ErrorOf({{"transport", "tcp"}, {"workload", "bulk"}, {"resetKind", "nat"}}), "resetKind"));
    BOOST_TEST(Names(ErrorOf({{"transport", "tcp"}, {"workload", "bulk"}, {"timeline", "true"}}), "timeline"));
}

BOOST_AUTO_TEST_CASE(scenario_defaults_apply_and_flags_override_them)
{
    SeqexScenarioConfig c;
    BOOST_REQUIRE(SeqexConfigure("loss-sweep", {}, c).empty());
    BOOST_TEST(c.impairment.loss == 0.02);
    SeqexScenarioConfig d;
    BOOST_REQUIRE(SeqexConfigure("loss-sweep", {{"loss", "0.3"}}, d).empty());
    BOOST_TEST(d.impairment.loss == 0.3);
    SeqexScenarioConfig e;
    BOOST_REQUIRE(SeqexConfigure("reset-storm", {}, e).empty());
    BOOST_TEST(e.resetKind == "nat");
    BOOST_TEST(Names(ErrorOf({}, "no-such-scenario"), "scenario"));
}

BOOST_AUTO_TEST_CASE(every_catalog_point_is_a_valid_configuration)
{
    for (const SeqexScenario& s : SeqexScenarios())
    {
        BOOST_TEST_CONTEXT(s.name)
        {
            BOOST_TEST(ErrorOf({}, s.name).empty());
            for (const SeqexAssignments& p : s.defaultPoints)
            {
                BOOST_TEST(ErrorOf(p, s.name).empty());
            }
            BOOST_TEST(!s.sweepAxes.empty());
            for (const auto& axis : s.sweepAxes)
            {
                for (const SeqexAssignments& v : axis)
                {
                    BOOST_TEST(ErrorOf(v, s.name).empty());
                }
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(bad_flags_exit_with_an_error_naming_the_flag)
{
    struct Case
    {
        std::string args;
        std::string named;
    };
    for (const Case& k : {Case{"--loss=1.5", "--loss"},
                          Case{"--channels=0", "--channels"},
                          Case{"--delay=abc", "--delay"},
                          Case{"--lenMin=5 --lenMax=2", "--lenMin"},
                          Case{"--scenario=bogus", "--scenario"},
                          Case{"--duration=5s --blackholeStart=4s --blackholeDuration=2s", "--blackholeDuration"},
                          Case{"--nope=1", "--nope"},
                          Case{"--transport=tcp --tcpVariant=dctcp", "--tcpVariant"},
                          Case{"--transport=tcp --tcpRecovery=fast", "--tcpRecovery"},
                          Case{"--transport=tcp --tcpDelAckCount=0", "--tcpDelAckCount"},
                          Case{"stray", "stray"}})
    {
        BOOST_TEST_CONTEXT(k.args)
        {
            ProgramResult r = RunProgram(k.args + " --out=" + TempDir("bad-flags"));
            BOOST_TEST(r.status != 0);
            BOOST_TEST(r.status != 3); // not mistaken for a violation
            BOOST_TEST(r.output.find(k.named) != std::string::npos, r.output);
        }
    }
}

// What ns-3's CommandLine would answer with its whole help and exit 1 gets
// one line naming the slip and exit 2 (scenarios/README.md).
BOOST_AUTO_TEST_CASE(slips_get_one_line_and_exit_2)
{
    struct Case
    {
        std::string args;
        std::string message;
    };
    for (const Case& k :
         {Case{"--bogus=1", "unknown flag --bogus;"},
          Case{"--lossy=0.1", "unknown flag --lossy (did you mean --loss?)"},
          Case{"--loss=", "--loss: empty value: write --loss=VALUE"},
          Case{"--loss", "--loss: no value: write --loss=VALUE"},
          Case{"--scenario head-of-line", "--scenario: no value: write --scenario=head-of-line"},
          Case{"--flags=1", "--flags takes no value"},
          Case{"stray", "unexpected argument 'stray' (flags are --name=value)"}})
    {
        BOOST_TEST_CONTEXT(k.args)
        {
            ProgramResult r = RunProgram(k.args);
            BOOST_TEST(r.status == 2);
            BOOST_TEST(r.output.rfind("seqex-scenario: error: ", 0) == 0, r.output);
            BOOST_TEST(r.output.find(k.message) != std::string::npos, r.output);
            BOOST_TEST(std::count(r.output.begin(), r.output.end(), '\n') == 1, r.output);
        }
    }
}

// An unwritable results folder stops the run before it simulates: no
// report line (which is printed after the simulation), exit 4.
BOOST_AUTO_TEST_CASE(unwritable_out_is_refused_before_the_run)
{
    ProgramResult r = RunProgram("--out=/proc/nope --duration=10ms --heal=1s");
    BOOST_TEST(r.status == 4);
    BOOST_TEST(r.output == "seqex-scenario: error: --out: cannot create /proc/nope/loss-sweep/runs: "
                           "No such file or directory\n",
               r.output);
}

// --validate answers every point the way a run would stop, running none.
BOOST_AUTO_TEST_CASE(validate_checks_points_from_stdin)
{
    std::string dir = TempDir("validate");
    std::string input = dir + "/points";
    std::FILE* f = std::fopen(input.c_str(), "w");
    std::fputs("scenario=head-of-line\tchannels=4\tloss=0.10\tduration=1000ms\n"
               "scenario=loss-sweep\twindow=0\n"
               "lossy=0.1\n"
               "scenario=nope\n"
               "lenMin=4\tlenMax=3\n",
               f);
    std::fclose(f);
    ProgramResult r = RunProgram("--validate < " + input);
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.output == "ok channels=4_duration=1s_loss=0.1\n"
                           "--window: must be in [2, 65536], got 0\n"
                           "unknown flag --lossy (did you mean --loss?); --help lists the flags\n"
                           "--scenario: no scenario named 'nope'\n"
                           "--lenMin: must be <= --lenMax (4 > 3)\n",
               r.output);
}

// --flags describes every flag of the table, with kinds and ranges.
BOOST_AUTO_TEST_CASE(flags_describes_kinds_and_ranges)
{
    ProgramResult r = RunProgram("--flags");
    BOOST_TEST(r.status == 0);
    for (const char* entry : {"{\"name\": \"loss\", \"kind\": \"number\", \"default\": \"0\", \"min\": \"0\", "
                              "\"max\": \"1\"",
                              "{\"name\": \"duration\", \"kind\": \"duration\", \"default\": \"20s\", \"min\": "
                              "\"10ms\", \"max\": \"3600s\"",
                              "{\"name\": \"window\", \"kind\": \"whole\", \"default\": \"64\", \"min\": \"2\"",
                              "{\"name\": \"transport\", \"kind\": \"choice\", \"default\": \"seqex\", "
                              "\"choices\": [\"seqex\", \"tcp\"]",
                              "{\"name\": \"bandwidth\", \"kind\": \"rate\"",
                              "{\"name\": \"pcap\", \"kind\": \"bool\""})
    {
        BOOST_TEST(r.output.find(entry) != std::string::npos, entry);
    }
}

BOOST_AUTO_TEST_CASE(list_prints_every_scenario)
{
    ProgramResult r = RunProgram("--list");
    BOOST_TEST(r.status == 0);
    for (const std::string& name : SeqexScenarioNames())
    {
        BOOST_TEST(r.output.find("\"name\": \"" + name + "\"") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
