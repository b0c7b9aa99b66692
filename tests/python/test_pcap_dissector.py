"""Packet captures of scenario runs (--pcap) read back through the Wireshark
dissector tools/wireshark/seqex.lua with tshark: every frame is there (the
link's counters), every datagram decodes as SEQEX with the fields the
transport counted, and malformed datagrams are named as the codec names
them."""
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

import seqex

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DISSECTOR = os.path.join(ROOT, "tools", "wireshark", "seqex.lua")
TSHARK = shutil.which("tshark")
NODE = ("10.1.1.1", "10.1.1.2")
# A light load (no device queue drops), so every datagram the transport sent
# is on the wire; 5% loss each way, so retransmissions and re-acks appear.
RUN = {"seed": 2, "loss": 0.05, "rate": 50, "exchanges": 100, "duration": "2s", "heal": "3s"}


def tshark(capture, *args):
    if TSHARK is None:
        raise AssertionError("tshark is not installed: run scripts/install-deps.sh")
    p = subprocess.run([TSHARK, "-n", "-X", "lua_script:" + DISSECTOR, "-r", capture, *args],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"tshark failed ({p.returncode}): {p.stderr}")
    return p.stdout


FIELDS = ["ip.src", "ip.dst", "udp.length", "seqex.kind", "seqex.channel", "seqex.seq", "seqex.re",
          "seqex.length", "_ws.expert.message"]


def frames(capture):
    """One dict per frame, keyed by field name: addresses, UDP length, SEQEX."""
    args = ["-T", "fields", "-E", "separator=|"]
    for name in FIELDS:
        args += ["-e", name]
    return [dict(zip(FIELDS, line.split("|"))) for line in tshark(capture, *args).splitlines()]


def ipv4_udp_frame(payload, port):
    """A PPP frame as ns-3 captures it (2-byte protocol, IPv4) around UDP."""
    udp = struct.pack("!HHHH", port, port, 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                         bytes([10, 1, 1, 1]), bytes([10, 1, 1, 2]))
    words = struct.unpack("!10H", header)
    total = sum(words)
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    header = header[:10] + struct.pack("!H", ~total & 0xFFFF) + header[12:]
    return struct.pack("!H", 0x0021) + header + udp


def write_pcap(path, frames_):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 9))  # link type 9: PPP
        for i, frame in enumerate(frames_):
            f.write(struct.pack("<IIII", 1, i, len(frame), len(frame)) + frame)


@unittest.skipUnless(getattr(seqex, "HAS_SCENARIOS", False), "module built without the ns-3 model")
class CapturedSeqexRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.result = seqex.run_scenario("loss-sweep", out=cls.tmp.name, runId="cap", pcap=True, **RUN)
        runs = os.path.join(cls.tmp.name, "loss-sweep", "runs")
        cls.frames = [frames(os.path.join(runs, f"cap.node{n}.pcap")) for n in (0, 1)]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_frame_the_link_carried_is_captured(self):
        s = self.result.summary
        self.assertTrue(self.result.ok, self.result.violations)
        for node, direction, back in ((0, "forward", "reverse"), (1, "reverse", "forward")):
            sent = [f for f in self.frames[node] if f["ip.src"] == NODE[node]]
            received = [f for f in self.frames[node] if f["ip.dst"] == NODE[node]]
            self.assertEqual(len(sent), s[f"link_{direction}_tx_packets"], f"node {node} sent")
            self.assertEqual(len(received), s[f"link_{back}_delivered"], f"node {node} received")
        self.assertGreater(s["link_forward_lost"] + s["link_reverse_lost"], 0)

    def test_every_datagram_decodes_as_seqex_with_consistent_lengths(self):
        for node in (0, 1):
            self.assertGreater(len(self.frames[node]), 0)
            for f in self.frames[node]:
                self.assertEqual(f["_ws.expert.message"], "", f)
                self.assertIn(f["seqex.kind"], {"1", "2", "3", "4", "5"}, f)
                self.assertEqual(f["seqex.channel"], "0")
                header = {"5": 8, "3": 14, "4": 14}.get(f["seqex.kind"], 10)
                data = 0 if f["seqex.kind"] == "5" else int(f["seqex.length"])
                self.assertEqual(int(f["udp.length"]) - 8, header + data, f)

    def test_kinds_match_what_the_transport_counted(self):
        s = self.result.summary
        sent = [f for n in (0, 1) for f in self.frames[n] if f["ip.src"] == NODE[n]]
        data = [f for f in sent if f["seqex.kind"] != "5"]
        acks = [f for f in sent if f["seqex.kind"] == "5"]
        # sent counts new data packets; each retransmission is one more datagram.
        self.assertEqual(len(data), s["transport_sent"] + s["retransmissions"])
        self.assertEqual(len(acks), s["transport_acks_sent"])
        # Loss costs retransmissions: the same seq leaves node 0 more than once.
        seqs = [f["seqex.seq"] for f in data if f["ip.src"] == NODE[0]]
        self.assertGreater(len(seqs), len(set(seqs)))

    def test_acks_and_replies_name_packets_the_peer_sent(self):
        sent_by = {0: set(), 1: set()}
        for f in self.frames[0]:  # node 0 sees both directions, in time order
            node = NODE.index(f["ip.src"])
            if f["seqex.kind"] != "5":
                sent_by[node].add(int(f["seqex.seq"]))
            if f["seqex.kind"] in ("3", "4", "5"):
                self.assertIn(int(f["seqex.re"]), sent_by[1 - node], f)


@unittest.skipUnless(getattr(seqex, "HAS_SCENARIOS", False), "module built without the ns-3 model")
class CapturedTcpRun(unittest.TestCase):
    def test_tcp_baseline_is_captured_too(self):
        with tempfile.TemporaryDirectory() as out:
            r = seqex.run_scenario("loss-sweep", out=out, runId="tcp", pcap=True, transport="tcp", **RUN)
            self.assertTrue(r.ok, r.violations)
            capture = os.path.join(out, "loss-sweep", "runs", "tcp.node0.pcap")
            tcp = tshark(capture, "-Y", "tcp", "-T", "fields", "-e", "frame.number").split()
            seqex_frames = tshark(capture, "-Y", "seqex", "-T", "fields", "-e", "frame.number").split()
            self.assertEqual(len(tcp), r.summary["link_forward_tx_packets"] + r.summary["link_reverse_delivered"])
            self.assertEqual(seqex_frames, [])

    def test_pcap_without_an_output_directory_is_refused(self):
        with self.assertRaisesRegex(ValueError, "--pcap"):
            seqex.run_scenario("loss-sweep", pcap=True, **RUN)


class MalformedDatagrams(unittest.TestCase):
    """Crafted frames: the dissector names what DecodeDatagram rejects, and
    off port 9000 its heuristic takes only what parses exactly."""

    def test_faults_are_named_and_the_heuristic_is_strict(self):
        reply = bytes([1, 3, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 0, 2, 0xDE, 0xAD])  # doc/wire-format.md example
        cases = [
            (bytes([1, 5, 0]), 9000, "truncated: 3 bytes, the common header has 4"),
            (bytes([2, 5, 0, 0, 0, 0, 0, 1]), 9000, "unknown version 2"),
            (bytes([1, 9, 0, 0, 0, 0, 0, 1]), 9000, "unknown packet kind 9"),
            (bytes([1, 5, 0, 0, 0, 0, 0, 1, 0]), 9000, "trailing bytes: 9 bytes, the header announces 8"),
            (reply[:-1], 9000, "truncated: 15 bytes, the header announces 16"),
            (reply, 9000, ""),
            (reply, 4242, ""),
            (b"GET / HTTP/1.1", 4242, None),  # not SEQEX: left to others
        ]
        with tempfile.TemporaryDirectory() as tmp:
            capture = os.path.join(tmp, "crafted.pcap")
            write_pcap(capture, [ipv4_udp_frame(payload, port) for payload, port, _ in cases])
            rows = frames(capture)
        self.assertEqual(len(rows), len(cases))
        for row, (payload, port, expected) in zip(rows, cases):
            if expected is None:
                self.assertEqual(row["seqex.kind"], "", row)
            else:
                self.assertEqual(row["_ws.expert.message"], expected, (payload, port))
        # The well-formed Reply, on the SEQEX port and found by the heuristic.
        for row in rows[5:7]:
            self.assertEqual((row["seqex.kind"], row["seqex.channel"], row["seqex.seq"], row["seqex.re"],
                              row["seqex.length"]), ("3", "7", str(0x01020304), str(0x05060708), "2"))
