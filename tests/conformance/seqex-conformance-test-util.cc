#include "seqex-conformance-test-util.h"

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace seqex
{
namespace conformance_test
{

ToolRun
RunConformance(const std::vector<std::string>& args)
{
    TempDir dir;
    std::string outPath = dir.Path("stdout");
    std::string errPath = dir.Path("stderr");
    std::vector<std::string> all = {SEQEX_CONFORMANCE};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
    {
        throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    ToolRun run;
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadWholeFile(outPath);
    run.err = ReadWholeFile(errPath);
    BOOST_TEST_MESSAGE("seqex-conformance exit " << run.status);
    return run;
}

TempDir::TempDir()
{
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/seqex-conformance-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr)
    {
        throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
    }
    m_dir = buf.data();
}

TempDir::~TempDir()
{
    std::string command = "rm -rf " + ShellQuote(m_dir);
    if (std::system(command.c_str()) != 0)
    {
        std::fprintf(stderr, "could not remove %s\n", m_dir.c_str());
    }
}

std::string
ReadWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::string
CaseBlock(const std::string& report, const std::string& id)
{
    size_t at = report.find("\n--- " + id + " ");
    if (at == std::string::npos)
    {
        return "";
    }
    size_t end = report.find("\n--- ", at + 1);
    size_t totals = report.find(" cases: ", at + 1);
    end = std::min(end, totals == std::string::npos ? report.size() : report.rfind('\n', totals));
    return report.substr(at + 1, end - at - 1);
}

std::string
CaseLine(const std::string& report, const std::string& id)
{
    std::istringstream in(report);
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream words(line);
        std::string first;
        words >> first;
        if (first == id && line.rfind("  ", 0) == 0)
        {
            return line;
        }
    }
    return "";
}

std::string
ShellQuote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
    {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

std::string
ReferenceAdapter()
{
    return ShellQuote(SEQEX_REFERENCE_ADAPTER);
}

std::string
MisbehavingAdapter(const std::string& mode)
{
    return "/bin/sh " + ShellQuote(SEQEX_MISBEHAVING_ADAPTER) + " " + mode;
}

std::string
PythonAdapter()
{
    return ShellQuote(SEQEX_PYTHON) + " " + ShellQuote(SEQEX_PYTHON_ADAPTER);
}

} // namespace conformance_test
} // namespace seqex
