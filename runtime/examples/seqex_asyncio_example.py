#!/usr/bin/env python3
"""The asyncio front (bindings/seqex_asyncio.py): the request/response
service and client of the C++ examples (protocol in seqex-example-service.h),
so either side may be C++ and the other Python.

  seqex_asyncio_example.py serve   --local 127.0.0.1:0 --remote 127.0.0.1:0 --port-file p
  seqex_asyncio_example.py request --local 127.0.0.1:0 --remote 127.0.0.1:PORT --count 200

Needs the `seqex` module and seqex_asyncio on PYTHONPATH (the build's
bindings/ folder). The client exits 0 only when every request got the
outcome it is due.
"""
import argparse
import asyncio
import os
import random
import signal
import sys

import seqex_asyncio


def nth_request(i, count):
    """(request bytes, expected reply or None for an Ack), as NthRequest in C++."""
    wait = ((count - i) % 7) * 3
    ack = i % 5 == 4
    text = f"req {i} wait {wait}" + (" ack" if ack else "")
    return text.encode(), None if ack else f"rep {i}".encode()


def parse_request(data):
    parts = data.decode(errors="replace").split()
    if len(parts) not in (4, 5) or parts[0] != "req" or parts[2] != "wait" or \
            (len(parts) == 5 and parts[4] != "ack"):
        return None
    try:
        return int(parts[1]), int(parts[3]), len(parts) == 5
    except ValueError:
        return None


def address(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not ip:port")
    return host.strip("[]"), int(port)


def loss_filter(loss, seed):
    if loss <= 0:
        return None
    rng = random.Random(seed)
    return lambda _dg: rng.random() >= loss


async def serve(args):
    async def handler(data, _channel):
        req = parse_request(data)
        if req is None:
            return None  # not ours: acked
        ident, wait, ack = req
        await asyncio.sleep(wait / 1000)
        return None if ack else f"rep {ident}".encode()

    peer = await seqex_asyncio.open_peer(args.local, args.remote, channels=args.channels,
                                         resend_interval_ms=args.resend_ms, handler=handler,
                                         send_filter=loss_filter(args.loss, args.seed))
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{peer.local_address[1]}\n")
        os.replace(tmp, args.port_file)
    print(f"serving on {peer.local_address}", flush=True)
    stop = asyncio.Event()
    for s in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(s, stop.set)
    await stop.wait()
    print(f"service: {dict(peer.counters)}")
    peer.close()
    return 0


async def request(args):
    peer = await seqex_asyncio.open_peer(args.local, args.remote, channels=args.channels,
                                         resend_interval_ms=args.resend_ms,
                                         send_filter=loss_filter(args.loss, args.seed))
    wrong = 0
    sem = asyncio.Semaphore(args.concurrency)

    async def one(i):
        nonlocal wrong
        data, expected = nth_request(i, args.count)
        async with sem:
            try:
                reply = await peer.request(data, channel=i % args.channels)
            except seqex_asyncio.RequestFailed as e:
                print(f"request {i} failed: {e}", file=sys.stderr)
                wrong += 1
                return
        if reply != expected:
            print(f"request {i}: got {reply!r}, expected {expected!r}", file=sys.stderr)
            wrong += 1

    try:
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(args.count))), args.timeout)
        await peer.wait_idle(args.timeout)
    except asyncio.TimeoutError:
        print(f"timed out after {args.timeout} s", file=sys.stderr)
        return 1
    finally:
        print(f"client: {dict(peer.counters)}")
        peer.close()
    print(f"{args.count} requests, {wrong} wrong")
    return 0 if wrong == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["serve", "request"])
    ap.add_argument("--local", type=address, required=True)
    ap.add_argument("--remote", type=address, required=True)
    ap.add_argument("--port-file")
    ap.add_argument("--channels", type=int, default=2)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--loss", type=float, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--resend-ms", type=int, default=50)
    args = ap.parse_args()
    if not 0 <= args.loss < 1:
        ap.error(f"--loss must be in [0, 1) (got {args.loss})")
    return asyncio.run(serve(args) if args.mode == "serve" else request(args))


if __name__ == "__main__":
    sys.exit(main())
