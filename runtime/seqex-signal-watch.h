// SIGINT and SIGTERM as events of an EventLoop (signalfd), so a program
// stops cleanly between two events instead of dying in the middle of one.
#ifndef SEQEX_SIGNAL_WATCH_H
#define SEQEX_SIGNAL_WATCH_H

#include "seqex-event-loop.h"

#include <functional>

namespace seqex
{
namespace udp
{

class SignalWatch
{
  public:
    // Blocks SIGINT and SIGTERM for this thread (call before starting other
    // threads) and calls `onSignal(signo)` from `loop` when one arrives.
    SignalWatch(EventLoop& loop, std::function<void(int)> onSignal);
    ~SignalWatch(); // unblocks them again
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

  private:
    EventLoop& m_loop;
    int m_fd = -1;
};

} // namespace udp
} // namespace seqex

#endif
