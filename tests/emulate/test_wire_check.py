"""seqex-wire-check on crafted captures (each rule caught, each legal case
passed) and on a simulated run's captures (PPP, both nodes).

Environment: SEQEX_WIRE_CHECK, SEQEX_SCENARIO.
"""
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

WIRE_CHECK = os.environ.get("SEQEX_WIRE_CHECK", "seqex-wire-check")
SCENARIO = os.environ.get("SEQEX_SCENARIO", "seqex-scenario")
A, B = "10.0.0.1", "10.0.0.2"
P, R, ACK = 1, 3, 5


def seqex(kind, seq=0, re=0, data=b"", channel=0):
    if kind == ACK:
        return struct.pack(">BBHI", 1, kind, channel, re)
    if kind in (1, 2):
        return struct.pack(">BBHIH", 1, kind, channel, seq, len(data)) + data
    return struct.pack(">BBHIIH", 1, kind, channel, seq, re, len(data)) + data


def frame(src, dst, payload, port=9000):
    udp = struct.pack(">HHHH", port, port, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + ip + udp


def write_pcap(path, records):
    """records: (time_ms, src, dst, seqex payload)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for t_ms, src, dst, payload in records:
            fr = frame(src, dst, payload)
            us = int(t_ms * 1000)
            f.write(struct.pack("<IIII", us // 1000000, us % 1000000, len(fr), len(fr)) + fr)


class CraftedCaptures(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="seqex-wire-check-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def check(self, at_a, at_b):
        """at_a/at_b: what each host's capture shows, (time_ms, 'A>B' or 'B>A', payload)."""
        ends = {"A>B": (A, B), "B>A": (B, A)}
        pa, pb = os.path.join(self.dir, "a.pcap"), os.path.join(self.dir, "b.pcap")
        write_pcap(pa, [(t, *ends[d], p) for t, d, p in at_a])
        write_pcap(pb, [(t, *ends[d], p) for t, d, p in at_b])
        return subprocess.run([WIRE_CHECK, f"{pa}:{A}", f"{pb}:{B}"], capture_output=True, text=True)

    def exchange(self):
        """A's payload 0 (sent twice: a retransmission before the answer is legal), B's reply, A's Ack."""
        at_a = [(0, "A>B", seqex(P, 0)), (250, "A>B", seqex(P, 0)), (300, "B>A", seqex(R, 0, 0, b"r")),
                (301, "A>B", seqex(ACK, re=0))]
        at_b = [(10, "A>B", seqex(P, 0)), (290, "B>A", seqex(R, 0, 0, b"r")), (311, "A>B", seqex(ACK, re=0))]
        return at_a, at_b

    def test_a_clean_exchange_passes(self):
        r = self.check(*self.exchange())
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("10.0.0.1: 3 datagrams, 1 data packets, 1 retransmissions, 1 acks", r.stdout)

    def test_malformed_is_caught(self):
        at_a, at_b = self.exchange()
        at_a.append((400, "A>B", b"\x01\x09garbage"))
        r = self.check(at_a, at_b)
        self.assertEqual(r.returncode, 1)
        self.assertIn("host 10.0.0.1 sent a malformed datagram", r.stdout)
        self.assertIn("(unknown packet kind, 9 bytes)", r.stdout)

    def test_an_unanswered_packet_is_caught(self):
        at_a, at_b = self.exchange()
        at_a.append((500, "A>B", seqex(P, 1)))
        r = self.check(at_a, at_b)
        self.assertEqual(r.returncode, 1)
        self.assertIn("host 10.0.0.1 channel 0: payload seq 1 (first sent at", r.stdout)
        self.assertIn("was never answered", r.stdout)

    def test_a_send_after_an_ack_is_caught_but_a_race_is_not(self):
        at_a, at_b = self.exchange()
        # B's reply 0 is resolved by A's Ack (arrives at B at 311 ms); B sends it again 2 ms later
        # (within the 50 ms grace: a race) and 100 ms later (a violation).
        at_b += [(313, "B>A", seqex(R, 0, 0, b"r")), (411, "B>A", seqex(R, 0, 0, b"r"))]
        r = self.check(at_a, at_b)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("host 10.0.0.2 channel 0: reply seq 0 was sent again at", r.stdout)
        self.assertIn("100.000 ms after an Ack naming it reached it", r.stdout)
        self.assertIn("(races within grace 1)", r.stdout)

    def test_a_reply_resolves_only_once_it_was_answered(self):
        at_a, at_b = self.exchange()
        # A sends payload 0 again after B's reply arrived (300 ms) but before A answered
        # that reply (301 ms): A may have dropped it as beyond its window, so no proof.
        at_a.insert(3, (300.5, "A>B", seqex(P, 0)))
        self.assertEqual(self.check(at_a, at_b).returncode, 0)
        # After A answered the reply (its Ack at 301 ms), a send is a violation.
        at_a.append((400, "A>B", seqex(P, 0)))
        r = self.check(at_a, at_b)
        self.assertEqual(r.returncode, 1)
        self.assertIn("after it answered a Reply naming it", r.stdout)

    def test_bad_usage_is_named(self):
        r = subprocess.run([WIRE_CHECK, "only-one.pcap:1.2.3.4"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("two captures are needed", r.stderr)
        missing = os.path.join(self.dir, "missing.pcap")
        r = subprocess.run([WIRE_CHECK, f"{missing}:{A}", f"{missing}:{B}"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read the capture", r.stdout)


class SimulatedCaptures(unittest.TestCase):
    def test_a_lossy_simulated_run_passes(self):
        out = tempfile.mkdtemp(prefix="seqex-wire-check-sim-")
        try:
            subprocess.run([SCENARIO, f"--out={out}", "--runId=w", "--pcap=true", "--loss=0.05",
                            "--exchanges=300", "--duration=3s", "--heal=3s"], check=True, capture_output=True)
            runs = os.path.join(out, "loss-sweep", "runs")
            r = subprocess.run([WIRE_CHECK, os.path.join(runs, "w.node0.pcap") + ":10.1.1.1",
                                os.path.join(runs, "w.node1.pcap") + ":10.1.1.2"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertRegex(r.stdout, r"10\.1\.1\.1: \d+ datagrams, \d+ data packets, [1-9]\d* retransmissions")
        finally:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
