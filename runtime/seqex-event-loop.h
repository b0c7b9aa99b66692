// A single-threaded event loop for the UDP runtime: descriptors watched with
// poll(2), one-shot timers on the monotonic clock, deferred calls. Nothing in
// it knows SEQEX; the runtime's peers register their sockets and timers here,
// and an application may add its own descriptors and timers to the same loop.
//
// Every callback runs on the thread that calls Run. After each dispatched
// event the loop calls its after-dispatch hooks: a peer flushes there what the
// application queued on its endpoints from any callback (an answer given
// from a timer, say), so no send waits for the next event.
#ifndef SEQEX_EVENT_LOOP_H
#define SEQEX_EVENT_LOOP_H

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace seqex
{
namespace udp
{

using Clock = std::chrono::steady_clock; // monotonic: never jumps with the wall clock

class EventLoop
{
  public:
    using TimerId = uint64_t;
    using HookId = uint64_t;

    EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Calls `onReadable` whenever `fd` has data (level-triggered). One
    // watcher per descriptor; watching it again replaces the callback.
    void WatchReadable(int fd, std::function<void()> onReadable);
    void Unwatch(int fd);

    // Calls `fn` once at `when` (or as soon as possible if that has passed).
    TimerId At(Clock::time_point when, std::function<void()> fn);
    TimerId After(std::chrono::nanoseconds delay, std::function<void()> fn);
    // Cancelling a timer that fired or was cancelled is a no-op.
    void Cancel(TimerId id);

    // Calls `fn` on the next iteration, after the current callback returns.
    void Post(std::function<void()> fn);

    HookId AddAfterDispatchHook(std::function<void()> fn);
    void RemoveAfterDispatchHook(HookId id);

    // Runs until Stop() is called, or until nothing is left to wait for (no
    // descriptor, timer or deferred call).
    void Run();
    // Runs until `done()` holds (checked after every event) or `timeout`
    // passes; returns done().
    bool RunUntil(const std::function<bool()>& done, std::chrono::nanoseconds timeout);
    // Makes Run / RunUntil return after the current callback.
    void Stop();

    Clock::time_point Now() const
    {
        return Clock::now();
    }

  private:
    // One poll(2) round: waits at most until `deadline`, dispatches what is
    // ready. Returns false when there was nothing to wait for.
    bool RunOnce(Clock::time_point deadline);
    void AfterDispatch();

    std::map<int, std::function<void()>> m_watchers;
    // (when, id): ids break ties, so timers due together fire in creation order.
    std::map<std::pair<Clock::time_point, TimerId>, std::function<void()>> m_timers;
    std::map<TimerId, Clock::time_point> m_timerWhen;
    std::vector<std::function<void()>> m_posted;
    std::map<HookId, std::function<void()>> m_hooks;
    TimerId m_nextTimer = 1;
    HookId m_nextHook = 1;
    bool m_stop = false;
};

} // namespace udp
} // namespace seqex

#endif
