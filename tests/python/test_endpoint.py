"""The seqex module's core API: exchanges round-trip, refusals raise."""
import gc
import unittest

import seqex


def pump(src, dst, channel=0, now=0):
    """Moves every queued datagram of src into dst at time now; returns how many."""
    n = 0
    while (dg := src.poll_datagram(channel)) is not None:
        dst.receive_datagram(now, dg)
        n += 1
    return n


class ExchangeRoundTrip(unittest.TestCase):
    def test_payload_reply_ack(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        self.assertEqual(a.send(0, b"ping"), 0)
        pump(a, b)
        d = b.poll_delivery()
        self.assertIsInstance(d, seqex.Payload)
        self.assertEqual((d.seq, d.data, d.seq_cst), (0, b"ping", False))
        self.assertEqual(d.answer.reply(1, b"pong"), 0)
        pump(b, a)
        r = a.poll_delivery()
        self.assertIsInstance(r, seqex.Reply)
        self.assertEqual((r.re, r.data, r.sent), (0, b"pong", b"ping"))
        r.answer.ack()
        pump(a, b)
        acked = b.poll_delivery()
        self.assertIsInstance(acked, seqex.Acked)
        self.assertEqual((acked.re, acked.sent), (0, b"pong"))
        self.assertTrue(a.idle and b.idle)

    def test_dropped_handle_acks(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        a.send(0, b"x")
        pump(a, b)
        b.poll_delivery()  # handle never kept: acked on collection (SPEC R8)
        gc.collect()
        pump(b, a)
        self.assertIsInstance(a.poll_delivery(), seqex.Acked)

    def test_retransmission_until_resolved(self):
        a = seqex.Endpoint(resend_interval_ms=100)
        a.send(0, b"x")
        self.assertEqual(a.poll_transmit().kind, "P")
        self.assertEqual(a.next_timer(), 100)
        a.tick(99)
        self.assertIsNone(a.poll_transmit())
        a.tick(100)
        p = a.poll_transmit()
        self.assertTrue(p.retransmission)
        self.assertEqual((p.kind, p.seq, p.data), ("P", 0, b"x"))
        a.receive(100, "A", 0, 0)
        self.assertIsNone(a.next_timer())
        self.assertEqual(a.counters["retransmitted"], 1)

    def test_seq_cst_lock_visible(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        a.send(0, b"1", seq_cst=True)
        a.send(0, b"2", seq_cst=True)
        pump(a, b)
        first = b.poll_delivery()
        self.assertTrue(first.answer.holds_seq_cst_lock)
        self.assertIsNone(b.poll_delivery())  # the lock holds the second back
        first.answer.ack()
        self.assertEqual(b.poll_delivery().data, b"2")


class Refusals(unittest.TestCase):
    def test_window_full(self):
        a = seqex.Endpoint(window=4)
        with self.assertRaises(seqex.WindowFull):
            for i in range(10):
                a.send(0, b"x")
        self.assertGreater(a.counters["window_full"], 0)

    def test_answer_twice(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        a.send(0, b"x")
        pump(a, b)
        d = b.poll_delivery()
        d.answer.ack()
        with self.assertRaisesRegex(seqex.AnswerError, "already_answered"):
            d.answer.reply(0, b"late")

    def test_malformed_datagram(self):
        b = seqex.Endpoint()
        for bad, reason in [(b"", "truncated"), (b"\x02\x01", "version"), (b"\x01\x07\x00\x00", "kind")]:
            with self.assertRaisesRegex(seqex.MalformedDatagram, reason):
                b.receive_datagram(0, bad)
        self.assertEqual(b.counters["malformed_dropped"], 3)

    def test_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "window"):
            seqex.Endpoint(window=0)
        with self.assertRaisesRegex(ValueError, "resendIntervalMs"):
            seqex.Endpoint(resend_interval_ms=0)
        # Issue 11, defect 1: beyond the documented bound (one day) is refused,
        # at construction and at run time, instead of a timer in the past.
        with self.assertRaisesRegex(ValueError, r"resendIntervalMs must be in 1\.\.86400000"):
            seqex.Endpoint(resend_interval_ms=2**63 - 1)
        with self.assertRaisesRegex(ValueError, "resend interval must be in 1..86400000"):
            seqex.Endpoint().set_resend_interval(86400001)
        e = seqex.Endpoint(resend_interval_ms=86400000)
        e.send(2**63 - 10, b"x")
        e.poll_transmit()  # a packet's timer runs from its first transmission
        self.assertGreaterEqual(e.next_timer(), 2**63 - 10)
        with self.assertRaisesRegex(ValueError, "packet kind"):
            seqex.Endpoint().receive(0, "Q", 0)
        with self.assertRaisesRegex(ValueError, "at most"):
            seqex.Endpoint().send(0, b"x" * 70000)
        with self.assertRaises(TypeError):
            seqex.Endpoint().send(0, "not bytes")

    def test_negative_time_refused(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        with self.assertRaisesRegex(ValueError, r"now .* must be >= 0 \(got -1\)"):
            a.send(-1, b"x")
        self.assertEqual(a.counters["sent"], 0)  # refused before the core saw it
        self.assertTrue(a.idle)
        with self.assertRaisesRegex(ValueError, "must be >= 0"):
            a.tick(-5)
        a.send(0, b"x")
        pump(a, b)
        d = b.poll_delivery()
        with self.assertRaisesRegex(ValueError, "must be >= 0"):
            d.answer.reply(-1, b"y")
        self.assertTrue(d.answer.pending)


class AddressProbe(unittest.TestCase):
    """The address-probe extension (doc/core.md): acked by the peer, no state change."""

    def test_probe_is_acked_and_ignored(self):
        a, b = seqex.Endpoint(), seqex.Endpoint()
        a.send(0, b"x")
        pump(a, b)
        b.poll_delivery().answer.ack()
        pump(b, a)
        a.poll_delivery()
        self.assertEqual(b.receive_datagram(1, a.address_probe_datagram()), "duplicate")
        ack = b.poll_transmit()
        self.assertEqual((ack.kind, ack.re), ("A", (1 - 2**30) % 2**32))
        self.assertEqual(a.receive(2, "A", 0, ack.re), "ack_ignored")
        self.assertTrue(a.idle and b.idle)
        self.assertEqual(b.counters["delivered"], 1)


class AdaptiveResend(unittest.TestCase):
    """resend_mode="adaptive" (doc/core.md, "Adaptive resend")."""

    def test_fixed_is_the_default(self):
        self.assertEqual(seqex.Endpoint().resend_mode, "fixed")
        with self.assertRaisesRegex(ValueError, "resend_mode"):
            seqex.Endpoint(resend_mode="fast")
        with self.assertRaisesRegex(ValueError, "resendCeilingMs"):
            seqex.Endpoint(resend_mode="adaptive", resend_floor_ms=100, resend_ceiling_ms=50)

    def test_timer_follows_the_round_trip(self):
        a = seqex.Endpoint(resend_mode="adaptive", resend_interval_ms=250, resend_floor_ms=10)
        b = seqex.Endpoint()
        self.assertEqual(a.rto_ms, 250)  # the configured interval until a sample
        now = 0
        for _ in range(20):
            a.send(now, b"q")
            pump(a, b, now=now)
            b.poll_delivery().answer.ack()
            now += 40  # a 40 ms round trip
            pump(b, a, now=now)
            self.assertIsInstance(a.poll_delivery(), seqex.Acked)
        self.assertEqual(a.rtt_samples, 20)
        self.assertEqual(a.srtt_ms, 40)
        self.assertEqual(a.rto_ms, 80)  # 40 + SRTT (the margin's floor)
        # A lost packet is retransmitted after the RTO, then after twice it.
        a.send(now, b"lost")
        a.poll_transmit()
        first = a.next_timer()
        self.assertEqual(first, now + a.rto_ms)
        a.tick(first)
        self.assertTrue(a.poll_transmit().retransmission)
        self.assertEqual(a.next_timer(), first + 2 * a.rto_ms)


if __name__ == "__main__":
    unittest.main()
