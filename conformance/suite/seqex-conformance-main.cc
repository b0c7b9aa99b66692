// seqex-conformance: the conformance suite for SEQEX implementations.
//
//   seqex-conformance --iut "COMMAND" [options]    test an implementation
//   seqex-conformance --matrix FILE [options]      the interop matrix
//   seqex-conformance --list                       list the cases
//   seqex-conformance --self-check                 test the suite itself
//
// Exit status (doc/conformance.md, "Exit status"): 0 the run passed, 1 it
// failed (not conformant, or --expect not met), 2 bad usage or input file
// (an unwritable report path included, checked before any case runs), 3 a
// report file could not be written at the end.
#include "seqex-expectations.h"
#include "seqex-html-report.h"
#include "seqex-matrix.h"
#include "seqex-report.h"
#include "seqex-suite-runner.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <limits.h>
#include <sstream>
#include <unistd.h>

using namespace seqex::conformance;

namespace
{

const char* kUsage = R"(usage: seqex-conformance --iut "COMMAND" [options]
       seqex-conformance --matrix FILE [options]
       seqex-conformance --list [--cases ...] [--group ...]
       seqex-conformance --self-check [--adapter "COMMAND"] [--faults a,b] [options]

Runs the SEQEX conformance suite against an implementation behind the
adapter protocol. COMMAND is run with /bin/sh -c, once per SEQEX instance.

  --iut COMMAND         the adapter of the implementation under test
  --peer COMMAND        network cases run the IUT against this adapter
                        (instead of the reference or a second IUT)
  --matrix FILE         the interop matrix: {"implementations": [{"name": ...,
                        "command": ...}, ...]}: the suite for each, the
                        network cases for each pair
  --cases LIST          case ids or rules, e.g. R5.dup-of-acked,S3,sec7
  --group LIST          groups by name, e.g. retransmission,duplicates
  --list                list the selected cases and exit
  --seed N              seed of every random choice (default 1)
  --short               fewer seeds and smaller workloads in network cases
  --timeout-ms N        per-command timeout (default 2000)
  --startup-timeout-ms N  timeout of an adapter's first answer, its start-up
                        included (default 10000)
  --shrink-runs N       reruns spent shrinking a failing network run (default 40, 0: off)
  --fail-fast           stop at the first failing case
  --strict              a failed SHOULD case fails the run too
  --expect FILE         known failures, one case id per line: the run fails
                        on a failure not listed and on a listed case that passes
  --report-text FILE    the summary (also printed on stdout)
  --report-json FILE    the full report as JSON
  --report-junit FILE   JUnit XML
  --report-html FILE    one self-contained HTML page (cases x implementations)
  --quiet               no progress lines on stderr
  --self-check          run the suite against the reference adapter and each
                        of its fault variants; every fault must be caught
  --adapter COMMAND     the reference adapter for --self-check (default: the
                        seqex-reference-adapter next to this program); each
                        fault variant runs the case aimed at it, and only if
                        that misses, the selection up to its first failed MUST
  --faults LIST         only these fault variants in --self-check
)";

int
UsageError(const std::string& message)
{
    std::cerr << "seqex-conformance: " << message << "\n\n" << kUsage;
    return 2; // kUsageStatus
}

std::vector<std::string>
SplitList(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

// A flag's value as the user typed it, for error messages.
std::string
Shown(const std::string& value)
{
    return value.empty() ? std::string("nothing") : "\"" + value + "\"";
}

bool
ParseNumber(const std::string& s, uint64_t max, uint64_t& value)
{
    std::string error;
    return ParseUnsigned(s, max, value, error);
}

std::string
DefaultAdapter()
{
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::string dir = ".";
    if (n > 0)
    {
        buf[n] = '\0';
        dir = buf;
        dir = dir.substr(0, dir.rfind('/'));
    }
    return ShellQuote(dir + "/seqex-reference-adapter");
}

// Exit statuses (doc/conformance.md).
constexpr int kPassed = 0;
constexpr int kFailed = 1;
constexpr int kUsageStatus = 2;
constexpr int kCannotWrite = 3;

bool
Write(const std::string& path, const std::string& text)
{
    std::string error;
    if (!path.empty() && !WriteFile(path, text, error))
    {
        std::cerr << "seqex-conformance: " << error << "\n";
        return false;
    }
    return true;
}

// Whether a report can be written at `path`, tried before any case runs
// (an existing file is left as it is; a new one is removed again).
std::string
CheckWritable(const std::string& option, const std::string& path)
{
    bool existed = ::access(path.c_str(), F_OK) == 0;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
    if (fd < 0)
    {
        return option + " " + path + ": cannot write: " + std::strerror(errno);
    }
    ::close(fd);
    if (!existed)
    {
        ::unlink(path.c_str());
    }
    return {};
}

} // namespace

int
main(int argc, char** argv)
{
    SuiteOptions options;
    std::vector<std::string> ids;
    std::vector<std::string> groups;
    std::vector<std::string> faultNames;
    std::string jsonPath;
    std::string junitPath;
    std::string textPath;
    std::string htmlPath;
    std::string expectPath;
    std::string matrixPath;
    std::string adapter;
    bool list = false;
    bool selfCheck = false;
    bool quiet = false;

    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string value;
        bool hasValue = false;
        size_t eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos)
        {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            hasValue = true;
        }
        auto next = [&]() -> bool {
            if (hasValue)
            {
                return true;
            }
            if (i + 1 >= argc)
            {
                return false;
            }
            value = argv[++i];
            return true;
        };
        auto number = [&](uint64_t max, uint64_t& out) {
            return next() && ParseNumber(value, max, out);
        };
        uint64_t n = 0;
        if (arg == "--help" || arg == "-h")
        {
            std::cout << kUsage;
            return 0;
        }
        else if (arg == "--list")
        {
            list = true;
        }
        else if (arg == "--short")
        {
            options.shortMode = true;
        }
        else if (arg == "--quiet")
        {
            quiet = true;
        }
        else if (arg == "--fail-fast")
        {
            options.failFast = true;
        }
        else if (arg == "--strict")
        {
            options.strict = true;
        }
        else if (arg == "--self-check")
        {
            selfCheck = true;
        }
        else if (arg == "--iut" || arg == "--adapter" || arg == "--cases" || arg == "--group" || arg == "--faults" ||
                 arg == "--report-json" || arg == "--report-junit" || arg == "--report-text" ||
                 arg == "--report-html" || arg == "--expect" || arg == "--matrix" || arg == "--peer")
        {
            if (!next() || value.empty())
            {
                return UsageError(arg + " needs a value");
            }
            if (arg == "--iut")
                options.iutCommand = value;
            else if (arg == "--adapter")
                adapter = value;
            else if (arg == "--cases")
                ids = SplitList(value);
            else if (arg == "--group")
                groups = SplitList(value);
            else if (arg == "--faults")
                faultNames = SplitList(value);
            else if (arg == "--report-json")
                jsonPath = value;
            else if (arg == "--report-junit")
                junitPath = value;
            else if (arg == "--report-html")
                htmlPath = value;
            else if (arg == "--expect")
                expectPath = value;
            else if (arg == "--matrix")
                matrixPath = value;
            else if (arg == "--peer")
                options.peerCommand = value;
            else
                textPath = value;
        }
        else if (arg == "--seed")
        {
            if (!number(UINT64_MAX, n))
                return UsageError("--seed needs an unsigned number, got " + Shown(value));
            options.seed = n;
        }
        else if (arg == "--timeout-ms")
        {
            if (!number(3600000, n) || n == 0)
                return UsageError("--timeout-ms needs a number of milliseconds in 1..3600000, got " + Shown(value));
            options.timeoutMs = int(n);
        }
        else if (arg == "--startup-timeout-ms")
        {
            if (!number(3600000, n) || n == 0)
                return UsageError("--startup-timeout-ms needs a number of milliseconds in 1..3600000, got " +
                                  Shown(value));
            options.startupTimeoutMs = int(n);
        }
        else if (arg == "--shrink-runs")
        {
            if (!number(100000, n))
                return UsageError("--shrink-runs needs a number in 0..100000, got " + Shown(value));
            options.shrinkRuns = int(n);
        }
        else
        {
            return UsageError("unknown option \"" + arg + "\"");
        }
    }

    for (const auto& [option, path] : {std::pair<const char*, const std::string&>{"--report-text", textPath},
                                       {"--report-json", jsonPath},
                                       {"--report-junit", junitPath}})
    {
        std::string problem = path.empty() || list ? "" : CheckWritable(option, path);
        if (!problem.empty())
        {
            std::cerr << "seqex-conformance: " << problem << "\n";
            return 2;
        }
    }

    std::string error;
    std::vector<const CaseInfo*> cases = SelectCases(ids, groups, error);
    if (!error.empty())
    {
        return UsageError(error);
    }
    if (list)
    {
        for (const CaseInfo* c : cases)
        {
            std::printf("%-32s %-6s %-15s %s  [%s]\n", c->id.c_str(), LevelName(c->level), c->groupName.c_str(),
                        c->title.c_str(), c->rule.c_str());
        }
        return 0;
    }

    Progress progress;
    if (!quiet)
    {
        progress = [](const CaseResult& r, size_t done, size_t total) {
            std::fprintf(stderr, "[%zu/%zu] %-32s %-5s %s\n", done, total, r.info->id.c_str(), OutcomeName(r.outcome),
                         r.info->title.c_str());
        };
    }

    if (selfCheck)
    {
        std::vector<FaultInfo> faults;
        for (const std::string& name : faultNames)
        {
            std::optional<Fault> f = FaultFromName(name);
            if (!f || *f == Fault::None)
            {
                return UsageError("unknown fault \"" + name + "\" (seqex-reference-adapter --list-faults)");
            }
            for (const FaultInfo& info : AllFaults())
            {
                if (info.fault == *f)
                {
                    faults.push_back(info);
                }
            }
        }
        SelfCheckResult r =
            RunSelfCheck(adapter.empty() ? DefaultAdapter() : adapter, options, cases, faults, progress);
        std::string text = SelfCheckReport(r);
        std::cout << text;
        bool written = Write(textPath, text) && Write(jsonPath, JsonReport(r.reference)) &&
                       Write(junitPath, JunitReport(r.reference)) &&
                       Write(htmlPath, HtmlReport(SingleRunMatrix(r.reference)));
        return !written ? kCannotWrite : r.Passed() ? kPassed : kFailed;
    }

    std::vector<std::string> expected;
    if (!expectPath.empty() && !ReadExpectations(expectPath, expected, error))
    {
        return UsageError(error);
    }

    if (!matrixPath.empty())
    {
        if (!options.iutCommand.empty() || !options.peerCommand.empty() || !expected.empty())
        {
            return UsageError("--matrix takes its implementations from the file: no --iut, --peer or --expect");
        }
        std::vector<Implementation> implementations;
        if (!ReadMatrix(matrixPath, implementations, error))
        {
            return UsageError(error);
        }
        MatrixResult m = RunMatrix(options, implementations, cases, progress);
        std::string text = MatrixTextReport(m);
        std::cout << text;
        bool written = Write(textPath, text) && Write(htmlPath, HtmlReport(m));
        if (!jsonPath.empty() || !junitPath.empty())
        {
            std::cerr << "seqex-conformance: --report-json and --report-junit are per run: replay a cell with "
                         "the command its details give\n";
        }
        return !written ? kCannotWrite : m.Passed() ? kPassed : kFailed;
    }

    if (options.iutCommand.empty())
    {
        return UsageError("--iut \"COMMAND\" is required (or --matrix, --list, --self-check)");
    }
    SuiteResult result = RunSuite(options, cases, progress);
    std::string text = TextReport(result);
    bool passed = result.Conformant();
    if (!expectPath.empty())
    {
        ExpectationCheck check = CheckExpectations(result, expected);
        text += ExpectationReport(check);
        passed = check.Passed();
    }
    std::cout << text;
    if (!result.cases.empty() && result.Count(Outcome::Error) == static_cast<int>(result.cases.size()))
    {
        // One line where the eye lands, for the usual cause: an --iut that
        // does not start (each case above says the same thing at length).
        std::cerr << "seqex-conformance: every case ended in an adapter error, so nothing of the "
                     "implementation was tested; the first: "
                  << result.cases.front().message << "\n";
    }
    bool written = Write(textPath, text) && Write(jsonPath, JsonReport(result)) &&
                   Write(junitPath, JunitReport(result)) && Write(htmlPath, HtmlReport(SingleRunMatrix(result)));
    return !written ? kCannotWrite : passed ? kPassed : kFailed;
}
