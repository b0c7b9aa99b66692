#include "seqex-child-process.h"

#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <sys/prctl.h>
#include <vector>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace seqex
{
namespace conformance
{

namespace
{

using Clock = std::chrono::steady_clock;

int
MsLeft(Clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? int(left) : 0;
}

void
CloseFd(int& fd)
{
    if (fd >= 0)
    {
        ::close(fd);
        fd = -1;
    }
}

bool
SetNonBlocking(int fd)
{
    int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

std::string
Describe(int status)
{
    if (WIFEXITED(status))
    {
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status))
    {
        int sig = WTERMSIG(status);
        return "killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
    }
    return "stopped";
}

// ChildProcess objects not stopped yet: while there are none, every child
// of the suite is an orphan some adapter left behind.
int g_live = 0;

// Children of `parent` from /proc (the ppid is the 4th field of stat, after
// the command name in parentheses, which may itself hold spaces or ')').
std::vector<pid_t>
ChildrenOf(pid_t parent)
{
    std::vector<pid_t> out;
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr)
    {
        return out;
    }
    while (dirent* e = ::readdir(proc))
    {
        char* end = nullptr;
        long pid = std::strtol(e->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
        {
            continue;
        }
        // POSIX reads: the process may vanish meanwhile (a read then fails
        // with ESRCH, which an ifstream would turn into an exception).
        int fd = ::open((std::string("/proc/") + e->d_name + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
        {
            continue;
        }
        char buf[1024];
        ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0)
        {
            continue;
        }
        std::string stat(buf, size_t(n));
        size_t close = stat.rfind(')');
        if (close == std::string::npos)
        {
            continue;
        }
        char state = 0;
        long ppid = 0;
        if (std::sscanf(stat.c_str() + close + 1, " %c %ld", &state, &ppid) == 2 && ppid == parent)
        {
            out.push_back(pid_t(pid));
        }
    }
    ::closedir(proc);
    return out;
}

} // namespace

int
ChildProcess::EndOrphans()
{
    int ended = 0;
    // Killing one may orphan its own children, reparented here: repeat
    // (bounded, so a fork bomb cannot keep the suite here).
    for (int round = 0; round < 64; ++round)
    {
        std::vector<pid_t> orphans = ChildrenOf(::getpid());
        if (orphans.empty())
        {
            break;
        }
        for (pid_t p : orphans)
        {
            ::kill(p, SIGKILL);
        }
        for (pid_t p : orphans)
        {
            while (::waitpid(p, nullptr, 0) < 0 && errno == EINTR)
            {
            }
            ++ended;
        }
    }
    return ended;
}

std::unique_ptr<ChildProcess>
ChildProcess::Start(const std::string& command, std::string& error)
{
    static const bool processSetUp = [] {
        std::signal(SIGPIPE, SIG_IGN);
        // Orphans of adapters become our children (see the header). Without
        // it (an old kernel) only the process-group kill remains.
        ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        return true;
    }();
    (void)processSetUp;

    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
    auto closeAll = [&] {
        for (int* p : {in, out, err})
        {
            CloseFd(p[0]);
            CloseFd(p[1]);
        }
    };
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    {
        error = std::string("cannot create pipes: ") + std::strerror(errno);
        closeAll();
        return nullptr;
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    // Its own process group, so Stop can kill everything it started; default
    // SIGPIPE (ignored here, and ignored dispositions survive exec).
    sigset_t none;
    sigset_t pipe;
    sigemptyset(&none);
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setsigdefault(&attr, &pipe);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::string sh = "/bin/sh";
    std::string dashC = "-c";
    std::string cmd = command;
    char* argv[] = {sh.data(), dashC.data(), cmd.data(), nullptr};
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
    {
        error = std::string("cannot start /bin/sh: ") + std::strerror(rc);
        closeAll();
        return nullptr;
    }

    std::unique_ptr<ChildProcess> child(new ChildProcess());
    ++g_live;
    child->m_pid = pid;
    child->m_in = in[1];
    child->m_out = out[0];
    child->m_err = err[0];
    CloseFd(in[0]);
    CloseFd(out[1]);
    CloseFd(err[1]);
    SetNonBlocking(child->m_in);
    SetNonBlocking(child->m_out);
    SetNonBlocking(child->m_err);
    return child;
}

ChildProcess::~ChildProcess()
{
    Stop(0);
}

bool
ChildProcess::Write(std::string_view text, int timeoutMs, std::string& error)
{
    if (m_in < 0)
    {
        error = "its stdin is closed";
        return false;
    }
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    size_t done = 0;
    while (done < text.size())
    {
        ssize_t n = ::write(m_in, text.data() + done, text.size() - done);
        if (n > 0)
        {
            done += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0 && errno == EAGAIN)
        {
            DrainStderr();
            pollfd p{m_in, POLLOUT, 0};
            int left = MsLeft(deadline);
            if (left == 0)
            {
                error = "it stopped reading its stdin (write timed out after " + std::to_string(timeoutMs) +
                        " ms)";
                return false;
            }
            ::poll(&p, 1, left > 10 ? 10 : left);
            continue;
        }
        error = errno == EPIPE ? "it closed its stdin" : std::string("write failed: ") + std::strerror(errno);
        return false;
    }
    return true;
}

void
ChildProcess::DrainStderr()
{
    if (m_err < 0)
    {
        return;
    }
    char buf[4096];
    for (;;)
    {
        ssize_t n = ::read(m_err, buf, sizeof buf);
        if (n > 0)
        {
            size_t keep = m_stderr.size() < kMaxStderr ? std::min(size_t(n), kMaxStderr - m_stderr.size()) : 0;
            m_stderr.append(buf, keep);
            m_stderrDropped += size_t(n) - keep;
            continue;
        }
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n == 0)
        {
            CloseFd(m_err);
        }
        return;
    }
}

bool
ChildProcess::Pump(int timeoutMs)
{
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;)
    {
        pollfd p[2] = {{m_out, POLLIN, 0}, {m_err, POLLIN, 0}};
        int n = ::poll(p, m_err >= 0 ? 2 : 1, MsLeft(deadline));
        if (n < 0 && errno != EINTR)
        {
            return false;
        }
        if (m_err >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
        {
            DrainStderr();
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
            char buf[8192];
            ssize_t r = ::read(m_out, buf, sizeof buf);
            if (r > 0)
            {
                m_outBuffer.append(buf, size_t(r));
                return true;
            }
            if (r == 0)
            {
                m_outClosed = true;
                return true;
            }
            if (errno != EAGAIN && errno != EINTR)
            {
                m_outClosed = true;
                return true;
            }
        }
        if (MsLeft(deadline) == 0)
        {
            return false;
        }
    }
}

ChildProcess::ReadResult
ChildProcess::ReadLine(std::string& line, int timeoutMs)
{
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;)
    {
        size_t nl = m_outBuffer.find('\n');
        if (nl != std::string::npos)
        {
            line.assign(m_outBuffer, 0, nl);
            m_outBuffer.erase(0, nl + 1);
            return ReadResult::Line;
        }
        if (m_outBuffer.size() > kMaxLineLength)
        {
            line.assign(m_outBuffer, 0, 200);
            m_outBuffer.clear();
            return ReadResult::TooLong;
        }
        if (m_outClosed || m_out < 0)
        {
            return ReadResult::Closed;
        }
        if (!Pump(MsLeft(deadline)))
        {
            return ReadResult::Timeout;
        }
    }
}

std::optional<std::string>
ChildProcess::UnsolicitedOutput()
{
    if (!m_outClosed && m_out >= 0)
    {
        Pump(0);
    }
    if (m_outBuffer.empty())
    {
        return std::nullopt;
    }
    size_t nl = m_outBuffer.find('\n');
    std::string first = m_outBuffer.substr(0, nl == std::string::npos ? m_outBuffer.size() : nl);
    return first;
}

std::optional<int>
ChildProcess::ExitStatus()
{
    if (m_reaped)
    {
        return std::nullopt;
    }
    siginfo_t info{};
    // WNOWAIT: the zombie keeps the pid (and so the process group id)
    // reserved until Stop has killed the group.
    if (::waitid(P_PID, id_t(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
    {
        return std::nullopt;
    }
    if (info.si_code == CLD_EXITED)
    {
        return W_EXITCODE(info.si_status, 0);
    }
    return info.si_status & 0x7f; // killed: a termination status
}

std::string
ChildProcess::WaitForExit(int timeoutMs)
{
    if (m_reaped)
    {
        return m_exitDescription;
    }
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;)
    {
        if (std::optional<int> status = ExitStatus())
        {
            return Describe(*status);
        }
        if (MsLeft(deadline) == 0)
        {
            return "still running";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

std::string
ChildProcess::Stop(int graceMs)
{
    if (m_reaped)
    {
        return m_exitDescription;
    }
    CloseFd(m_in);
    Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(graceMs);
    while (!ExitStatus() && MsLeft(deadline) > 0)
    {
        if (m_out >= 0 && !m_outClosed)
        {
            Pump(std::min(MsLeft(deadline), 5)); // keep its pipes flowing while it exits
            if (m_outBuffer.size() > kMaxLineLength)
            {
                m_outBuffer.clear();
            }
        }
        else
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ::kill(-m_pid, SIGKILL); // the whole group; the leader is not reaped yet
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    m_reaped = true;
    m_exitDescription = Describe(status);
    DrainStderr();
    CloseFd(m_out);
    CloseFd(m_err);
    if (--g_live == 0)
    {
        EndOrphans();
    }
    return m_exitDescription;
}

std::string
ChildProcess::Stderr()
{
    DrainStderr();
    if (m_stderrDropped == 0)
    {
        return m_stderr;
    }
    return m_stderr + "\n[" + std::to_string(m_stderrDropped) + " more bytes of stderr dropped]";
}

} // namespace conformance
} // namespace seqex
