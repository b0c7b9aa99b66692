"""The asyncio front (seqex_asyncio) on loopback: each awaited request gets
its own reply whatever the order, acks end requests, loss is repaired, the
address rules hold, refusals are named."""
import asyncio
import random
import socket
import unittest

import seqex
import seqex_asyncio


async def pair(handler, channels=2, resend_interval_ms=30, send_filter=None, window=64):
    service = await seqex_asyncio.open_peer(("127.0.0.1", 0), ("127.0.0.1", 0), channels=channels,
                                            resend_interval_ms=resend_interval_ms, handler=handler,
                                            send_filter=send_filter, window=window)
    client = await seqex_asyncio.open_peer(("127.0.0.1", 0), service.local_address, channels=channels,
                                           resend_interval_ms=resend_interval_ms, send_filter=send_filter,
                                           window=window)
    return service, client


class AsyncioFront(unittest.TestCase):
    def test_replies_reach_their_own_awaiters_out_of_order(self):
        n = 40

        async def handler(data, _channel):
            i = int(data)
            await asyncio.sleep((n - i) * 0.002)  # later requests answered first
            return None if i % 4 == 3 else b"reply to " + data

        async def run():
            service, client = await pair(handler, resend_interval_ms=500)
            order = []

            async def ask(i):
                r = await client.request(str(i).encode(), channel=i % 2)
                order.append(i)
                return r

            got = await asyncio.wait_for(asyncio.gather(*(ask(i) for i in range(n))), 10)
            await client.wait_idle(5)
            await service.wait_idle(5)
            client.close()
            service.close()
            return got, order, client

        got, order, client = asyncio.run(run())
        for i, r in enumerate(got):
            self.assertEqual(r, None if i % 4 == 3 else b"reply to %d" % i)
        self.assertGreater(order[0], order[-1])  # they did come back out of order
        self.assertEqual(sum(e.counters["retransmitted"] for e in client.endpoints), 0)

    def test_loss_is_repaired_exactly_once(self):
        seen = {}

        async def handler(data, _channel):
            seen[data] = seen.get(data, 0) + 1
            return data.upper()

        rng = random.Random(5)

        async def run():
            service, client = await pair(handler, resend_interval_ms=20,
                                         send_filter=lambda _dg: rng.random() >= 0.2)
            got = await asyncio.wait_for(
                asyncio.gather(*(client.request(b"x%d" % i, channel=i % 2) for i in range(100))), 20)
            await client.wait_idle(10)
            client.close()
            service.close()
            return got, client, service

        got, client, service = asyncio.run(run())
        self.assertEqual(got, [b"X%d" % i for i in range(100)])
        self.assertEqual(set(seen.values()), {1})
        self.assertGreater(client.counters["injected_drops"], 0)
        self.assertGreater(sum(e.counters["retransmitted"] for e in client.endpoints), 0)

    def test_strangers_malformed_unknown_channel_dropped(self):
        async def handler(data, _channel):
            return b"ok"

        async def run():
            service, client = await pair(handler)
            self.assertEqual(await client.request(b"hello"), b"ok")
            port = service.local_address[1]
            stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            stranger.bind(("127.0.0.2", 0))
            valid = bytes([1, 1, 0, 0, 0, 0, 0, 5, 0, 0])  # Payload seq 5, channel 0, no data
            stranger.sendto(valid, ("127.0.0.1", port))
            same_host = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            same_host.bind(("127.0.0.1", 0))
            same_host.sendto(b"\x01\x09garbage", ("127.0.0.1", port))
            same_host.sendto(bytes([1, 1, 0, 9, 0, 0, 0, 5, 0, 0]), ("127.0.0.1", port))  # channel 9
            for _ in range(200):
                if service.counters["unknown_channel"]:
                    break
                await asyncio.sleep(0.005)
            stranger.close()
            same_host.close()
            client.close()
            service.close()
            return service, client

        service, client = asyncio.run(run())
        self.assertEqual(service.counters["strangers"], 1)
        self.assertEqual(service.counters["malformed"], 1)
        self.assertEqual(service.counters["unknown_channel"], 1)
        self.assertEqual(service.endpoints[0].counters["malformed_dropped"], 1)
        self.assertEqual(service.peer_address, client.local_address)  # not moved by any of them

    def test_refusals_are_named(self):
        async def run():
            service, client = await pair(None, window=4)
            with self.assertRaisesRegex(seqex_asyncio.RequestFailed, "one datagram carries at most"):
                await client.request(bytes(seqex.MAX_DATA_SIZE + 1))
            with self.assertRaisesRegex(ValueError, "channel 5 is not run by this peer"):
                client.request(b"x", channel=5)
            self.assertIsNone(await client.request(b"no handler: acked"))
            client.close()
            service.close()
            with self.assertRaisesRegex(seqex_asyncio.RequestFailed, "peer closed"):
                await client.request(b"late")

        asyncio.run(run())

    def test_datagram_channel(self):
        self.assertEqual(seqex.datagram_channel(bytes([1, 5, 0x01, 0x02, 0, 0, 0, 7])), 0x0102)
        with self.assertRaisesRegex(seqex.MalformedDatagram, "malformed datagram"):
            seqex.datagram_channel(b"\x02\x05")


if __name__ == "__main__":
    unittest.main()
