"""SEQEX over UDP for asyncio, on the `seqex` binding's sans-IO Endpoint.

    peer = await seqex_asyncio.open_peer(local=("127.0.0.1", 0),
                                         remote=("127.0.0.1", 9000))
    reply = await peer.request(b"...")   # the reply's bytes, or None: acked

    async def handler(data, channel):    # a service: answers each payload
        return b"reply"                  # or None to ack

    service = await seqex_asyncio.open_peer(local=..., remote=(client_ip, 0),
                                            handler=handler)

The same rules as the C++ runtime (runtime/seqex-udp-peer.h and
doc/real-networks.md): one socket, channels 0 .. channels-1 each with its own
Endpoint, wire format v1; datagrams from another IP are strangers, those
that do not decode are malformed, those naming a channel not run are
dropped; the peer's port is followed (remote port 0: learnt from its first
valid datagram). Each request has its own future, so a reply resolves the
request it answers whatever the order. Starts the window cannot take wait
in a bounded backlog per channel. A request's reply is acked for the
caller once it is returned.
"""
import asyncio
import collections
import logging

import seqex

__all__ = ["open_peer", "Peer", "RequestFailed"]

log = logging.getLogger("seqex_asyncio")


class RequestFailed(Exception):
    """The request was never sent (backlog full, data too large) or the peer closed."""


class Peer(asyncio.DatagramProtocol):
    """One SEQEX peer over one UDP socket; create it with open_peer()."""

    def __init__(self, remote, channels, resend_interval_ms, window, handler,
                 backlog_limit, send_filter):
        if channels < 1:
            raise ValueError(f"channels must be at least 1 (got {channels})")
        self._remote = remote
        self._remote_ip = remote[0]
        self._endpoints = [seqex.Endpoint(resend_interval_ms=resend_interval_ms, window=window)
                           for _ in range(channels)]
        self._handler = handler
        self._backlog_limit = backlog_limit
        self._send_filter = send_filter
        self._backlogs = [collections.deque() for _ in range(channels)]
        self._awaiting = [{} for _ in range(channels)]  # seq -> future
        self._tasks = set()
        self._loop = asyncio.get_running_loop()
        self._epoch = self._loop.time()
        self._transport = None
        self._timer = None
        self._timer_at = None
        self._closed = False
        self.counters = collections.Counter()

    # ---- asyncio.DatagramProtocol -------------------------------------

    def connection_made(self, transport):
        self._transport = transport

    def datagram_received(self, data, addr):
        self.counters["datagrams_received"] += 1
        if addr[0] != self._remote_ip:
            self.counters["strangers"] += 1
            return
        try:
            channel = seqex.datagram_channel(data)
        except seqex.MalformedDatagram:
            self.counters["malformed"] += 1
            try:
                self._endpoints[0].receive_datagram(self._now(), data)  # counts it as the C++ runtime does
            except seqex.MalformedDatagram:
                pass
            return
        if channel >= len(self._endpoints):
            self.counters["unknown_channel"] += 1
            return
        if addr[1] != self._remote[1]:
            if self._remote[1] != 0:
                self.counters["peer_port_changes"] += 1
            self._remote = (addr[0], addr[1])
        self._endpoints[channel].receive_datagram(self._now(), data)  # decoded once more: it cannot fail now
        self._drain(channel)
        self._flush()

    def error_received(self, exc):
        self.counters["socket_errors"] += 1  # ICMP reports of earlier sends: nothing was received

    # ---- the API -------------------------------------------------------

    @property
    def local_address(self):
        return self._transport.get_extra_info("sockname")[:2]

    @property
    def peer_address(self):
        return self._remote

    @property
    def endpoints(self):
        return tuple(self._endpoints)

    @property
    def idle(self):
        return (all(e.idle for e in self._endpoints) and not any(self._backlogs)
                and not any(self._awaiting) and not self._tasks)

    def request(self, data, channel=0, seq_cst=False):
        """Starts an exchange; the awaitable gives the reply's bytes, or None
        when the peer acked. Raises RequestFailed when it cannot be sent."""
        if not 0 <= channel < len(self._endpoints):
            raise ValueError(f"channel {channel} is not run by this peer (it has {len(self._endpoints)})")
        fut = self._loop.create_future()
        if self._closed:
            fut.set_exception(RequestFailed("peer closed"))
            return fut
        if len(data) > seqex.MAX_DATA_SIZE:
            fut.set_exception(RequestFailed(
                f"data is {len(data)} bytes; one datagram carries at most {seqex.MAX_DATA_SIZE}"))
            return fut
        backlog = self._backlogs[channel]
        if len(backlog) >= self._backlog_limit:
            self.counters["backlog_overflows"] += 1
            fut.set_exception(RequestFailed(
                f"backlog of channel {channel} is full ({self._backlog_limit} starts waiting for the window)"))
            return fut
        backlog.append((bytes(data), seq_cst, fut))
        self._start_from_backlog(channel)
        self._flush()
        return fut

    async def wait_idle(self, timeout=None):
        """Returns when nothing is in flight, waiting, unanswered or awaited."""
        async def idle():
            while not self.idle:
                await asyncio.sleep(0.005)
        await asyncio.wait_for(idle(), timeout)

    def close(self):
        """Closes the socket; awaited requests fail with RequestFailed."""
        if self._closed:
            return
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
        for task in list(self._tasks):
            task.cancel()
        for ch, waiting in enumerate(self._awaiting):
            for fut in waiting.values():
                if not fut.done():
                    fut.set_exception(RequestFailed("peer closed before the exchange ended"))
            waiting.clear()
            for _, _, fut in self._backlogs[ch]:
                if not fut.done():
                    fut.set_exception(RequestFailed("peer closed before the exchange started"))
            self._backlogs[ch].clear()
        if self._transport is not None:
            self._transport.close()

    # ---- inside --------------------------------------------------------

    def _now(self):
        return int((self._loop.time() - self._epoch) * 1000)

    def _start_from_backlog(self, channel):
        ep, backlog = self._endpoints[channel], self._backlogs[channel]
        while backlog:
            data, seq_cst, fut = backlog[0]
            if fut.cancelled():
                backlog.popleft()
                continue
            try:
                seq = ep.send(self._now(), data, seq_cst)
            except seqex.WindowFull:
                return  # waits for a resolution
            backlog.popleft()
            self._awaiting[channel][seq] = fut

    def _drain(self, channel):
        ep = self._endpoints[channel]
        while (d := ep.poll_delivery()) is not None:
            if isinstance(d, seqex.Payload):
                self._serve(channel, d)
            elif isinstance(d, seqex.Reply):
                fut = self._awaiting[channel].pop(d.re, None)
                if fut is not None and not fut.done():
                    fut.set_result(d.data)
                d.answer.ack()  # a reply nobody awaits is acked too
            else:  # Acked
                fut = self._awaiting[channel].pop(d.re, None)
                if fut is not None and not fut.done():
                    fut.set_result(None)
        self._start_from_backlog(channel)

    def _serve(self, channel, payload):
        if self._handler is None:
            payload.answer.ack()
            return

        async def answer():
            try:
                reply = await self._handler(payload.data, channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("seqex_asyncio: the payload handler failed; the payload is acked")
                reply = None
            if self._closed:
                return
            if reply is None:
                payload.answer.ack()
            else:
                payload.answer.reply(self._now(), bytes(reply))
            self._drain(channel)
            self._flush()

        task = self._loop.create_task(answer())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _flush(self):
        if self._closed:
            return
        for ch, ep in enumerate(self._endpoints):
            while (dg := ep.poll_datagram(ch)) is not None:
                self._send(dg)
        self._arm_timer()

    def _send(self, dg):
        if self._send_filter is not None and not self._send_filter(dg):
            self.counters["injected_drops"] += 1
            return
        if self._remote[1] == 0:
            self.counters["no_peer_port"] += 1  # the peer has not shown its port yet
            return
        self._transport.sendto(dg, self._remote)
        self.counters["datagrams_sent"] += 1

    def _arm_timer(self):
        timers = [t for t in (ep.next_timer() for ep in self._endpoints) if t is not None]
        nxt = min(timers) if timers else None
        if nxt == self._timer_at and self._timer is not None:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._timer_at = nxt
        if nxt is not None:
            self._timer = self._loop.call_at(self._epoch + nxt / 1000.0, self._on_timer)

    def _on_timer(self):
        self._timer = None
        self._timer_at = None
        now = self._now()
        for ep in self._endpoints:
            ep.tick(now)
        self._flush()


async def open_peer(local, remote, channels=1, resend_interval_ms=250, window=64, handler=None,
                    backlog_limit=4096, send_filter=None):
    """Binds a UDP socket at `local` (host, port) and returns a Peer talking to
    `remote` (host, port; port 0: learnt from the peer's first datagram).

    `handler(data, channel)` is a coroutine function answering incoming
    payloads (bytes for a reply, None for an Ack); without one every payload
    is acked. `send_filter(datagram)` returning False drops a datagram before
    it is sent (fault injection, counted "injected_drops").
    """
    loop = asyncio.get_running_loop()
    _, peer = await loop.create_datagram_endpoint(
        lambda: Peer(tuple(remote), channels, resend_interval_ms, window, handler, backlog_limit, send_filter),
        local_addr=tuple(local))
    return peer
