// The UDP runtime's callback API: a request/response service and its client
// (protocol in seqex-example-service.h).
//   seqex-udp-callback-example serve   --local 127.0.0.1:0 --remote 127.0.0.1:0 --port-file p
//   seqex-udp-callback-example request --local 127.0.0.1:0 --remote 127.0.0.1:$(cat p) --count 200
// The client exits 0 only when every request got the outcome it is due.
#include "seqex-example-service.h"
#include "seqex-signal-watch.h"

#include <cstdio>
#include <exception>
#include <memory>
#include <set>

using namespace seqex;
using namespace seqex::udp;
using namespace seqex::udp::example;

namespace
{

void
PrintCounters(const char* who, const Peer& peer)
{
    const PeerCounters& p = peer.GetCounters();
    Counters c = peer.TotalCounters();
    std::printf("%s: datagrams sent %llu received %llu, data packets %llu retransmitted %llu, "
                "malformed %llu strangers %llu injected drops %llu\n",
                who,
                static_cast<unsigned long long>(p.datagramsSent),
                static_cast<unsigned long long>(p.datagramsReceived),
                static_cast<unsigned long long>(c.sent),
                static_cast<unsigned long long>(c.retransmitted),
                static_cast<unsigned long long>(p.malformed),
                static_cast<unsigned long long>(p.strangers),
                static_cast<unsigned long long>(p.injectedDrops));
}

int
Serve(const ExampleOptions& o)
{
    EventLoop loop;
    SignalWatch signals(loop, [&loop](int) { loop.Stop(); });
    std::mt19937 rng(o.seed);
    Peer peer(loop, MakePeerOptions(o, rng));
    uint64_t served = 0;
    uint64_t refused = 0;
    // Requests whose answer is due later; answered (acked) on exit, while
    // the peer their handles point into still exists.
    std::set<std::shared_ptr<Incoming>> waiting;
    peer.SetPayloadHandler([&](Incoming&& in) {
        std::optional<ServiceRequest> r = DecodeRequest(in.data);
        if (!r)
        {
            ++refused; // not ours: acked, so the sender's exchange still ends
            return;
        }
        // Answered later from a timer: the handle moves into it.
        auto held = std::make_shared<Incoming>(std::move(in));
        waiting.insert(held);
        loop.After(std::chrono::milliseconds(r->waitMs), [&peer, &served, &waiting, held, r]() {
            waiting.erase(held);
            ++served;
            if (r->wantsAck)
            {
                peer.Ack(held->answer);
            }
            else
            {
                peer.Reply(held->channel, held->answer, ExpectedReply(*r));
            }
        });
    });
    if (!WritePortFile(o.portFile, peer.LocalAddress().Port()))
    {
        return 1;
    }
    std::printf("serving on %s\n", peer.LocalAddress().ToString().c_str());
    std::fflush(stdout);
    loop.Run(); // until SIGINT / SIGTERM
    for (const auto& held : waiting)
    {
        held->answer.Ack();
    }
    std::printf("served %llu requests, acked %llu foreign payloads\n",
                static_cast<unsigned long long>(served),
                static_cast<unsigned long long>(refused));
    PrintCounters("service", peer);
    return 0;
}

int
Request(const ExampleOptions& o)
{
    EventLoop loop;
    std::mt19937 rng(o.seed);
    Peer peer(loop, MakePeerOptions(o, rng));
    uint64_t next = 0;
    uint64_t done = 0;
    uint64_t wrong = 0;
    // Keeps `concurrency` requests outstanding, spread over the channels.
    std::function<void()> startOne = [&]() {
        if (next >= o.count)
        {
            return;
        }
        ServiceRequest r = NthRequest(next, o.count);
        uint16_t channel = static_cast<uint16_t>(next % o.channels);
        ++next;
        peer.Request(channel, EncodeRequest(r), [&, r](Outcome&& out) {
            std::string problem = CheckOutcome(r, out);
            if (!problem.empty())
            {
                ++wrong;
                std::fprintf(stderr, "%s\n", problem.c_str());
            }
            ++done; // a Reply's answer handle acks as `out` goes
            startOne();
        });
    };
    for (uint32_t i = 0; i < o.concurrency; ++i)
    {
        startOne();
    }
    bool finished = loop.RunUntil([&]() { return done == o.count && peer.Idle(); },
                                  std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::duration<double>(o.timeoutS)));
    PrintCounters("client", peer);
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
    std::optional<ExampleOptions> o = ParseExampleOptions(argc, argv, "seqex-udp-callback-example");
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
        std::fprintf(stderr, "seqex-udp-callback-example: %s\n", e.what());
        return 1;
    }
}
