// An ns-3-free program on the installed core (seqex::core): two endpoints
// exchange `n` request/reply/ack exchanges over a lossless in-memory "wire"
// through the byte codec. Exits 0 when every exchange ended with an Ack.
#include "seqex-endpoint.h"
#include "seqex-names.h"
#include "seqex-wire.h"

#include <cstdio>
#include <deque>
#include <variant>

using namespace seqex;
using ByteEndpoint = Endpoint<Bytes, Bytes>;

int
main()
{
    Config config;
    ByteEndpoint peer[2] = {ByteEndpoint(config), ByteEndpoint(config)};
    std::deque<Bytes> wire[2]; // wire[i]: datagrams towards peer i
    const int n = 20;
    int started = 0;
    int completed = 0;
    for (TimeMs now = 0; now < 10000 && completed < n; now += 10)
    {
        if (started < n && peer[0].Send(now, false, Bytes{uint8_t(started)}).Ok())
        {
            ++started;
        }
        for (int i = 0; i < 2; ++i)
        {
            peer[i].Tick(now);
            while (auto p = peer[i].PollTransmit())
            {
                Bytes datagram;
                if (!EncodeOutgoing(0, *p, datagram))
                {
                    std::fprintf(stderr, "cannot encode a %s\n", Label(p->kind));
                    return 1;
                }
                wire[1 - i].push_back(std::move(datagram));
            }
        }
        for (int i = 0; i < 2; ++i)
        {
            for (; !wire[i].empty(); wire[i].pop_front())
            {
                DecodedDatagram d = DecodeDatagram(wire[i].front().data(), wire[i].front().size());
                if (d.error != DecodeError::None)
                {
                    std::fprintf(stderr, "undecodable datagram: %s\n", DecodeErrorName(d.error));
                    return 1;
                }
                peer[i].ReceiveData(now, d.header.kind, d.header.seq, d.header.re, Bytes(d.data, d.data + d.dataLength));
            }
            while (auto delivery = peer[i].PollDelivery())
            {
                if (auto* payload = std::get_if<PayloadDelivery<Bytes, Bytes>>(&*delivery))
                {
                    payload->answer.Reply(now, false, payload->data); // echo
                }
                else if (auto* reply = std::get_if<ReplyDelivery<Bytes, Bytes>>(&*delivery))
                {
                    completed += reply->data == reply->sent; // our request echoed back
                    reply->answer.Ack();
                }
            }
        }
    }
    Counters total = peer[0].GetCounters();
    total += peer[1].GetCounters();
    std::printf("seqex core: %d of %d exchanges completed, %llu data packets sent\n", completed, n,
                static_cast<unsigned long long>(total.sent));
    return completed == n ? 0 : 1;
}
