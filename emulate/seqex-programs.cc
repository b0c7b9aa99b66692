#include "seqex-programs.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace seqex
{
namespace emulate
{

std::string
Expand(const std::string& text, const std::map<std::string, std::string>& vars)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '{')
        {
            out += text[i];
            continue;
        }
        size_t close = text.find('}', i);
        if (close == std::string::npos)
        {
            throw std::invalid_argument("unclosed '{' in command '" + text + "'");
        }
        std::string name = text.substr(i + 1, close - i - 1);
        auto it = vars.find(name);
        if (it == vars.end())
        {
            std::string known;
            for (const auto& [k, v] : vars)
            {
                known += (known.empty() ? "" : ", ") + ("{" + k + "}");
            }
            throw std::invalid_argument("unknown placeholder {" + name + "} in command '" + text + "' (known: " +
                                        known + ")");
        }
        out += it->second;
        i = close;
    }
    return out;
}

void
StartProgram(Program& p, const std::string& netns)
{
    std::string nsPath = "/var/run/netns/" + netns;
    int nsFd = open(nsPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (nsFd < 0)
    {
        throw std::runtime_error("cannot open namespace " + nsPath + ": " + std::strerror(errno));
    }
    int logFd = open(p.logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (logFd < 0)
    {
        close(nsFd);
        throw std::runtime_error("cannot write " + p.logFile + ": " + std::strerror(errno));
    }
    pid_t pid = fork();
    if (pid < 0)
    {
        close(nsFd);
        close(logFd);
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        // The child of a threaded process: system calls only until exec.
        setpgid(0, 0); // its own group: stopped as a whole, not hit by the terminal's Ctrl-C
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (setns(nsFd, CLONE_NEWNET) != 0)
        {
            const char msg[] = "seqex-emulate: setns failed\n";
            (void)!write(logFd, msg, sizeof(msg) - 1);
            _exit(126);
        }
        dup2(logFd, 1);
        dup2(logFd, 2);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
        {
            dup2(devnull, 0);
        }
        execl("/bin/sh", "sh", "-c", p.command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    setpgid(pid, pid); // also here: no race with the child's own call
    close(nsFd);
    close(logFd);
    p.pid = pid;
}

void
StopProgram(Program& p, int graceMs)
{
    if (p.pid <= 0 || p.exited)
    {
        return;
    }
    kill(-p.pid, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    for (;;)
    {
        int status = 0;
        pid_t r = waitpid(p.pid, &status, WNOHANG);
        if (r == p.pid)
        {
            p.exited = true;
            p.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        if (r < 0 && errno == ECHILD)
        {
            p.exited = true; // reaped elsewhere
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline)
        {
            kill(-p.pid, SIGKILL);
            waitpid(p.pid, &status, 0);
            p.exited = true;
            p.status = 128 + SIGKILL;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(-p.pid, SIGKILL); // anything the program left behind in its group
}

std::string
DescribeStatus(int status)
{
    if (status > 128)
    {
        const char* name = sigabbrev_np(status - 128);
        return std::string("killed by SIG") + (name ? name : std::to_string(status - 128).c_str());
    }
    return "exited " + std::to_string(status);
}

} // namespace emulate
} // namespace seqex
