#include "seqex-event-loop.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace seqex
{
namespace udp
{

EventLoop::EventLoop() = default;

void
EventLoop::WatchReadable(int fd, std::function<void()> onReadable)
{
    m_watchers[fd] = std::move(onReadable);
}

void
EventLoop::Unwatch(int fd)
{
    m_watchers.erase(fd);
}

EventLoop::TimerId
EventLoop::At(Clock::time_point when, std::function<void()> fn)
{
    TimerId id = m_nextTimer++;
    m_timers.emplace(std::make_pair(when, id), std::move(fn));
    m_timerWhen.emplace(id, when);
    return id;
}

EventLoop::TimerId
EventLoop::After(std::chrono::nanoseconds delay, std::function<void()> fn)
{
    return At(Clock::now() + delay, std::move(fn));
}

void
EventLoop::Cancel(TimerId id)
{
    auto it = m_timerWhen.find(id);
    if (it == m_timerWhen.end())
    {
        return;
    }
    m_timers.erase({it->second, id});
    m_timerWhen.erase(it);
}

void
EventLoop::Post(std::function<void()> fn)
{
    m_posted.push_back(std::move(fn));
}

EventLoop::HookId
EventLoop::AddAfterDispatchHook(std::function<void()> fn)
{
    HookId id = m_nextHook++;
    m_hooks.emplace(id, std::move(fn));
    return id;
}

void
EventLoop::RemoveAfterDispatchHook(HookId id)
{
    m_hooks.erase(id);
}

void
EventLoop::AfterDispatch()
{
    // A hook may remove hooks (a peer closing): iterate over the ids.
    std::vector<HookId> ids;
    ids.reserve(m_hooks.size());
    for (const auto& [id, fn] : m_hooks)
    {
        ids.push_back(id);
    }
    for (HookId id : ids)
    {
        auto it = m_hooks.find(id);
        if (it != m_hooks.end())
        {
            it->second();
        }
    }
}

void
EventLoop::Run()
{
    m_stop = false;
    while (!m_stop && RunOnce(Clock::time_point::max()))
    {
    }
}

bool
EventLoop::RunUntil(const std::function<bool()>& done, std::chrono::nanoseconds timeout)
{
    m_stop = false;
    Clock::time_point deadline = Clock::now() + timeout;
    while (!m_stop && !done() && Clock::now() < deadline)
    {
        if (!RunOnce(deadline))
        {
            break;
        }
    }
    return done();
}

void
EventLoop::Stop()
{
    m_stop = true;
}

bool
EventLoop::RunOnce(Clock::time_point deadline)
{
    if (m_watchers.empty() && m_timers.empty() && m_posted.empty())
    {
        return false;
    }
    Clock::time_point wake = deadline;
    if (!m_timers.empty())
    {
        wake = std::min(wake, m_timers.begin()->first.first);
    }
    int timeoutMs = -1;
    if (!m_posted.empty())
    {
        timeoutMs = 0;
    }
    else if (wake != Clock::time_point::max())
    {
        auto left = wake - Clock::now();
        // Rounded up: waking a little late is harmless, waking early spins.
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        timeoutMs = static_cast<int>(std::clamp<int64_t>(ms, 0, 1 << 30));
    }

    std::vector<pollfd> fds;
    fds.reserve(m_watchers.size());
    for (const auto& [fd, fn] : m_watchers)
    {
        fds.push_back({fd, POLLIN, 0});
    }
    int n = ::poll(fds.data(), fds.size(), timeoutMs);
    if (n < 0)
    {
        if (errno == EINTR)
        {
            return true; // a signal: the caller's handler decides whether to stop
        }
        throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    }
    for (const pollfd& p : fds)
    {
        if (m_stop)
        {
            return true;
        }
        if ((p.revents & (POLLIN | POLLERR | POLLHUP)) == 0)
        {
            continue;
        }
        auto it = m_watchers.find(p.fd); // a callback may have unwatched it
        if (it != m_watchers.end())
        {
            std::function<void()> fn = it->second; // it may unwatch itself
            fn();
            AfterDispatch();
        }
    }
    Clock::time_point now = Clock::now();
    while (!m_stop && !m_timers.empty() && m_timers.begin()->first.first <= now)
    {
        auto it = m_timers.begin();
        std::function<void()> fn = std::move(it->second);
        m_timerWhen.erase(it->first.second);
        m_timers.erase(it);
        fn();
        AfterDispatch();
    }
    std::vector<std::function<void()>> posted;
    posted.swap(m_posted);
    for (size_t i = 0; i < posted.size(); ++i)
    {
        if (m_stop)
        {
            // Not lost: the rest runs when the loop runs again.
            m_posted.insert(m_posted.begin(), posted.begin() + i, posted.end());
            break;
        }
        posted[i]();
        AfterDispatch();
    }
    return true;
}

} // namespace udp
} // namespace seqex
