// C++20 coroutine API over the UDP runtime's callback API (seqex-udp-peer.h).
//
//   Outcome o = co_await peer.Request(channel, data);   // the reply, or the Ack
//   peer.Serve([](const Incoming& in) -> Task<std::optional<Bytes>> {
//       co_return reply;          // a reply; std::nullopt acks
//   });
//
// Each Request has its own awaiter: the peer keeps one callback per seq in
// flight, so a reply resumes exactly the coroutine that sent what it
// answers, whatever order replies arrive in. Coroutines resume from the
// event loop (posted, never from inside the peer's own dispatch), on the
// loop's thread. Task is lazy: it runs when awaited or given to Spawn.
#ifndef SEQEX_UDP_CORO_H
#define SEQEX_UDP_CORO_H

#include "seqex-udp-peer.h"

#include <chrono>
#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace seqex
{
namespace udp
{

template <typename T>
class Task;

namespace detail
{

struct PromiseBase
{
    std::coroutine_handle<> continuation;
    std::exception_ptr error;

    std::suspend_always initial_suspend() noexcept
    {
        return {};
    }

    struct FinalAwaiter
    {
        bool await_ready() noexcept
        {
            return false;
        }
        template <typename P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept
        {
            std::coroutine_handle<> c = h.promise().continuation;
            return c ? c : std::noop_coroutine();
        }
        void await_resume() noexcept
        {
        }
    };

    FinalAwaiter final_suspend() noexcept
    {
        return {};
    }

    void unhandled_exception()
    {
        error = std::current_exception();
    }
};

template <typename T>
struct Promise : PromiseBase
{
    std::optional<T> value;

    Task<T> get_return_object();
    void return_value(T v)
    {
        value = std::move(v);
    }
    T Take()
    {
        if (error)
        {
            std::rethrow_exception(error);
        }
        return std::move(*value);
    }
};

template <>
struct Promise<void> : PromiseBase
{
    Task<void> get_return_object();
    void return_void()
    {
    }
    void Take()
    {
        if (error)
        {
            std::rethrow_exception(error);
        }
    }
};

} // namespace detail

template <typename T = void>
class [[nodiscard]] Task
{
  public:
    using promise_type = detail::Promise<T>;
    using Handle = std::coroutine_handle<promise_type>;

    explicit Task(Handle h)
        : m_handle(h)
    {
    }
    Task(Task&& o) noexcept
        : m_handle(std::exchange(o.m_handle, {}))
    {
    }
    Task& operator=(Task&& o) noexcept
    {
        if (this != &o)
        {
            if (m_handle)
            {
                m_handle.destroy();
            }
            m_handle = std::exchange(o.m_handle, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    ~Task()
    {
        if (m_handle)
        {
            m_handle.destroy();
        }
    }

    bool await_ready() const noexcept
    {
        return false;
    }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept
    {
        m_handle.promise().continuation = awaiting;
        return m_handle; // symmetric transfer: start the task now
    }
    T await_resume()
    {
        return m_handle.promise().Take();
    }

  private:
    Handle m_handle;
};

namespace detail
{

template <typename T>
Task<T>
Promise<T>::get_return_object()
{
    return Task<T>{std::coroutine_handle<Promise<T>>::from_promise(*this)};
}

inline Task<void>
Promise<void>::get_return_object()
{
    return Task<void>{std::coroutine_handle<Promise<void>>::from_promise(*this)};
}

} // namespace detail

// Runs `task` to its end without anyone awaiting it; its frame frees itself.
// An exception escaping it goes to `onError` (default: printed on stderr),
// never out of the event loop.
void Spawn(Task<void> task, std::function<void(std::exception_ptr)> onError = {});

// co_await Sleep(loop, 5ms): resumes from the loop after the delay.
class SleepAwaiter
{
  public:
    SleepAwaiter(EventLoop& loop, std::chrono::nanoseconds delay)
        : m_loop(loop),
          m_delay(delay)
    {
    }
    bool await_ready() const noexcept
    {
        return m_delay.count() <= 0;
    }
    void await_suspend(std::coroutine_handle<> h)
    {
        m_loop.After(m_delay, [h]() { h.resume(); });
    }
    void await_resume() const noexcept
    {
    }

  private:
    EventLoop& m_loop;
    std::chrono::nanoseconds m_delay;
};

inline SleepAwaiter
Sleep(EventLoop& loop, std::chrono::nanoseconds delay)
{
    return {loop, delay};
}

class CoPeer
{
  public:
    using Handler = std::function<Task<std::optional<Bytes>>(const Incoming&)>;

    CoPeer(EventLoop& loop, Peer& peer)
        : m_loop(loop),
          m_peer(peer)
    {
    }

    class RequestAwaiter
    {
      public:
        RequestAwaiter(CoPeer& owner, uint16_t channel, Bytes data, bool seqCst)
            : m_owner(owner),
              m_channel(channel),
              m_data(std::move(data)),
              m_seqCst(seqCst)
        {
        }
        bool await_ready() const noexcept
        {
            return false;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            EventLoop* loop = &m_owner.m_loop;
            m_owner.m_peer.Request(
                m_channel,
                std::move(m_data),
                [this, h, loop](Outcome&& o) {
                    m_outcome = std::move(o);
                    loop->Post([h]() { h.resume(); });
                },
                m_seqCst);
        }
        Outcome await_resume()
        {
            return std::move(m_outcome);
        }

      private:
        CoPeer& m_owner;
        uint16_t m_channel;
        Bytes m_data;
        bool m_seqCst;
        Outcome m_outcome;
    };

    // co_await: an Outcome of kind Reply (its answer acks when dropped, or
    // continue the exchange with Peer::Reply), Acked, or Failed.
    RequestAwaiter Request(uint16_t channel, Bytes data, bool seqCst = false)
    {
        return RequestAwaiter(*this, channel, std::move(data), seqCst);
    }

    // Every incoming payload runs `handler` in its own coroutine; what it
    // returns answers the payload (a reply, or nullopt for an Ack). Should it
    // throw, the payload is acked and the error reported on stderr.
    void Serve(Handler handler);

    Peer& GetPeer()
    {
        return m_peer;
    }
    EventLoop& GetLoop()
    {
        return m_loop;
    }

  private:
    Task<void> Answer(Incoming in);

    EventLoop& m_loop;
    Peer& m_peer;
    Handler m_handler;
};

} // namespace udp
} // namespace seqex

#endif
