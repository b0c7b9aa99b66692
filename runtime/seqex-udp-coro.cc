#include "seqex-udp-coro.h"

#include <cstdio>

namespace seqex
{
namespace udp
{

namespace
{

// The frame of a spawned task's driver: starts at once, frees itself at
// the end (suspend_never both ways).
struct Detached
{
    struct promise_type
    {
        Detached get_return_object() noexcept
        {
            return {};
        }
        std::suspend_never initial_suspend() noexcept
        {
            return {};
        }
        std::suspend_never final_suspend() noexcept
        {
            return {};
        }
        void return_void() noexcept
        {
        }
        void unhandled_exception() noexcept
        {
            std::terminate(); // Drive catches everything; nothing can get here
        }
    };
};

void
ReportError(std::exception_ptr e)
{
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        std::fprintf(stderr, "seqex: a coroutine failed: %s\n", ex.what());
    }
    catch (...)
    {
        std::fprintf(stderr, "seqex: a coroutine failed with a non-standard exception\n");
    }
}

Detached
Drive(Task<void> task, std::function<void(std::exception_ptr)> onError)
{
    try
    {
        co_await std::move(task);
    }
    catch (...)
    {
        if (onError)
        {
            onError(std::current_exception());
        }
        else
        {
            ReportError(std::current_exception());
        }
    }
}

} // namespace

void
Spawn(Task<void> task, std::function<void(std::exception_ptr)> onError)
{
    Drive(std::move(task), std::move(onError));
}

void
CoPeer::Serve(Handler handler)
{
    m_handler = std::move(handler);
    m_peer.SetPayloadHandler([this](Incoming&& in) { Spawn(Answer(std::move(in))); });
}

Task<void>
CoPeer::Answer(Incoming in)
{
    // If the handler throws, `in` is destroyed with this frame and its
    // answer handle acks: the peer's exchange still ends.
    std::optional<Bytes> reply = co_await m_handler(in);
    if (reply)
    {
        m_peer.Reply(in.channel, in.answer, std::move(*reply));
    }
    else
    {
        m_peer.Ack(in.answer);
    }
}

} // namespace udp
} // namespace seqex
