// The UDP runtime's coroutine API (C++20): the same service and client as
// seqex-udp-callback-example (protocol in seqex-example-service.h), written
// with co_await. Each client coroutine awaits its own request; replies
// arrive out of order (later requests wait less) and must each reach the
// coroutine that sent what they answer.
//   seqex-udp-coro-example serve   --local 127.0.0.1:0 --remote 127.0.0.1:0 --port-file p
//   seqex-udp-coro-example request --local 127.0.0.1:0 --remote 127.0.0.1:$(cat p) --count 200
#include "seqex-example-service.h"
#include "seqex-signal-watch.h"
#include "seqex-udp-coro.h"

#include <cstdio>
#include <exception>

using namespace seqex;
using namespace seqex::udp;
using namespace seqex::udp::example;

namespace
{

int
Serve(const ExampleOptions& o)
{
    EventLoop loop;
    SignalWatch signals(loop, [&loop](int) { loop.Stop(); });
    std::mt19937 rng(o.seed);
    Peer peer(loop, MakePeerOptions(o, rng));
    CoPeer co(loop, peer);
    uint64_t served = 0;
    co.Serve([&](const Incoming& in) -> Task<std::optional<Bytes>> {
        std::optional<ServiceRequest> r = DecodeRequest(in.data);
        if (!r)
        {
            co_return std::nullopt; // not ours: acked
        }
        co_await Sleep(loop, std::chrono::milliseconds(r->waitMs));
        ++served;
        if (r->wantsAck)
        {
            co_return std::nullopt;
        }
        co_return ExpectedReply(*r);
    });
    if (!WritePortFile(o.portFile, peer.LocalAddress().Port()))
    {
        return 1;
    }
    std::printf("serving on %s\n", peer.LocalAddress().ToString().c_str());
    std::fflush(stdout);
    loop.Run();
    std::printf("served %llu requests; datagrams sent %llu received %llu\n",
                static_cast<unsigned long long>(served),
                static_cast<unsigned long long>(peer.GetCounters().datagramsSent),
                static_cast<unsigned long long>(peer.GetCounters().datagramsReceived));
    return 0;
}

// One of `concurrency` workers: requests ids worker, worker + K, ...
Task<void>
Worker(CoPeer& co, const ExampleOptions& o, uint32_t worker, uint64_t& done, uint64_t& wrong)
{
    for (uint64_t i = worker; i < o.count; i += o.concurrency)
    {
        ServiceRequest r = NthRequest(i, o.count);
        Outcome out = co_await co.Request(static_cast<uint16_t>(i % o.channels), EncodeRequest(r));
        std::string problem = CheckOutcome(r, out);
        if (!problem.empty())
        {
            ++wrong;
            std::fprintf(stderr, "%s\n", problem.c_str());
        }
        ++done; // the reply's handle acks as `out` goes
    }
}

int
Request(const ExampleOptions& o)
{
    EventLoop loop;
    std::mt19937 rng(o.seed);
    Peer peer(loop, MakePeerOptions(o, rng));
    CoPeer co(loop, peer);
    uint64_t done = 0;
    uint64_t wrong = 0;
    for (uint32_t w = 0; w < o.concurrency; ++w)
    {
        Spawn(Worker(co, o, w, done, wrong));
    }
    bool finished = loop.RunUntil([&]() { return done == o.count && peer.Idle(); },
                                  std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::duration<double>(o.timeoutS)));
    std::printf("client: data packets %llu retransmitted %llu, injected drops %llu\n",
                static_cast<unsigned long long>(peer.TotalCounters().sent),
                static_cast<unsigned long long>(peer.TotalCounters().retransmitted),
                static_cast<unsigned long long>(peer.GetCounters().injectedDrops));
    if (!finished)
    {
        std::fprintf(stderr, "timed out after %.1f s: %llu of %llu requests done\n",
                     o.timeoutS,
                     static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(o.count));
        return 1;
    }
    std::printf("%llu requests, %llu wrong\n", static_cast<unsigned long long>(done),
                static_cast<unsigned long long>(wrong));
    return wrong == 0 ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
    std::optional<ExampleOptions> o = ParseExampleOptions(argc, argv, "seqex-udp-coro-example");
    if (!o)
    {
        return 2;
    }
    try
    {
        return o->mode == "serve" ? Serve(*o) : Request(*o);
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "seqex-udp-coro-example: %s\n", e.what());
        return 1;
    }
}
