#include "seqex-signal-watch.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace seqex
{
namespace udp
{

namespace
{

sigset_t
StopSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

} // namespace

SignalWatch::SignalWatch(EventLoop& loop, std::function<void(int)> onSignal)
    : m_loop(loop)
{
    sigset_t set = StopSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    m_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (m_fd < 0)
    {
        throw std::runtime_error(std::string("signalfd failed: ") + std::strerror(errno));
    }
    m_loop.WatchReadable(m_fd, [fd = m_fd, onSignal = std::move(onSignal)]() {
        signalfd_siginfo info;
        while (::read(fd, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info)))
        {
            onSignal(static_cast<int>(info.ssi_signo));
        }
    });
}

SignalWatch::~SignalWatch()
{
    m_loop.Unwatch(m_fd);
    ::close(m_fd);
    sigset_t set = StopSignals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace udp
} // namespace seqex
