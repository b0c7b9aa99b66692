#!/usr/bin/env python3
"""A complete SEQEX instance in Python (standard library only, python >= 3.9),
behind the conformance adapter protocol.

It is the worked example of doc/conformance.md: a third party writing an
adapter for their own implementation reads it top to bottom. The protocol
rules are those of SEQEX-SPEC.md (S1-S6, R1-R8); the line protocol is the
conformance adapter protocol (CONFORMANCE-ADAPTER.md). Run it with

    seqex-conformance --iut "python3 conformance/example-adapters/python/seqex_adapter.py"

The file has two halves:
  * class Seqex: the protocol, sans-IO. It never reads a clock (every call
    gets the time) and returns what happened as "events": packets to
    transmit, deliveries, resolutions.
  * class Adapter / main(): one command line in, event lines and one
    terminator line out.
"""

import sys

MOD = 1 << 32   # sequence numbers are unsigned 32-bit and wrap (SPEC 2)
HALF = 1 << 31


def after(a, b):
    """Distance from a forward to b, modulo 2^32 (SPEC 2)."""
    return (b - a) % MOD


def is_before(a, b):
    """True when seq a is before seq b in SEQEX's wrapping order."""
    return 1 <= after(a, b) < HALF


# --------------------------------------------------------------------------
# Packets, in the adapter protocol's abstract form:
#   ("P", seq, data) ("PC", seq, data) ("R", seq, re, data) ("RC", seq, re, data)
#   ("A", re)
# data is bytes.
# --------------------------------------------------------------------------

def hex_of(data):
    return data.hex() if data else "-"


def format_packet(kind, seq, re, data):
    if kind == "A":
        return "A %d" % re
    if kind in ("P", "PC"):
        return "%s %d %s" % (kind, seq, hex_of(data))
    return "%s %d %d %s" % (kind, seq, re, hex_of(data))


class Outgoing:
    """One of our data packets, unresolved: it stays until an Ack or a reply
    names it (S2) and is sent again, unchanged, every resend interval (S3)."""

    def __init__(self, kind, seq, re, data, now):
        self.kind, self.seq, self.re, self.data = kind, seq, re, data
        self.last_sent = now

    def line(self):
        return format_packet(self.kind, self.seq, self.re, self.data)


class Incoming:
    """A data packet from the peer, accepted into the receive window."""

    def __init__(self, kind, seq, re, data):
        self.kind, self.seq, self.re, self.data = kind, seq, re, data
        self.seq_cst = kind in ("PC", "RC")
        # Set when this packet is a reply that resolved one of ours (R6):
        # the number of our packet, whose unit of room it inherits.
        self.answers_mine = None


class Seqex:
    """One SEQEX instance.

    Room (S4, S5, S6, R3): the window W is a budget of units. Each of our
    unresolved data packets holds one; each delivered packet holds one for
    its future answer from the moment it is delivered, so replying never
    fails (S5). New exchanges (send) may only start while fewer than W/2
    units are used: the other half is kept for answers, so two peers that
    fill their windows at the same moment still finish (S6). A reply that
    resolves one of our packets takes over that packet's unit, so it never
    waits for room.
    """

    def __init__(self, resend_ms, seq0, window):
        self.resend_ms = resend_ms
        self.window = window
        self.units_used = 0

        # Send side.
        self.next_seq = seq0
        self.unresolved = {}        # seq -> Outgoing

        # Receive side.
        self.next_expected = seq0   # lowest seq not delivered yet (R2)
        self.waiting = {}           # seq -> Incoming, accepted, not delivered
        self.delivered_ahead = set()  # delivered seqs >= next_expected
        # Delivered packets whose answer is not final yet (R5): seq ->
        # "unanswered" or ("replied", our reply's seq).
        self.open_answers = {}
        self.answered_by_reply = {}  # our reply's seq -> the seq it answers
        self.cst_lock = None        # delivered seq_cst packet not answered (R4)

        self.events = []            # output of the current call

    # ---- helpers -------------------------------------------------------

    def _tx(self, line):
        self.events.append("tx " + line)

    def _new_data_packet(self, kind, re, data, now):
        seq = self.next_seq                 # S1: consecutive, wrapping
        self.next_seq = (seq + 1) % MOD
        packet = Outgoing(kind, seq, re, data, now)
        self.unresolved[seq] = packet
        self._tx(packet.line())
        return seq

    def _resolve(self, mine):
        """Our packet `mine` got its answer (S2): stop retransmitting it. If it
        was a reply, the packet it answered is finished: later duplicates of
        that packet must be acked again (R5)."""
        del self.unresolved[mine]
        theirs = self.answered_by_reply.pop(mine, None)
        if theirs is not None:
            self.open_answers.pop(theirs, None)

    # ---- application side ------------------------------------------------

    def send(self, now, seq_cst, data):
        """Start an exchange. Returns the seq, or None when the window is full (S4)."""
        if self.units_used >= self.window // 2:
            return None
        self.units_used += 1
        return self._new_data_packet("PC" if seq_cst else "P", 0, data, now)

    def reply(self, now, re, seq_cst, data):
        """Answer delivered packet `re` with a reply; None if there is none to answer."""
        if self.open_answers.get(re) != "unanswered":
            return None
        # The unit reserved at delivery now carries the reply (S5).
        seq = self._new_data_packet("RC" if seq_cst else "R", re, data, now)
        self.open_answers[re] = ("replied", seq)
        self.answered_by_reply[seq] = re
        self._answered(re)
        return seq

    def ack(self, now, re):
        """Answer delivered packet `re` with an Ack; False if there is none to answer."""
        if self.open_answers.get(re) != "unanswered":
            return False
        del self.open_answers[re]
        self.units_used -= 1       # the reserved unit is free again
        self._tx("A %d" % re)
        self._answered(re)
        return True

    def _answered(self, re):
        if self.cst_lock == re:
            self.cst_lock = None    # R4: the answer releases the lock
        self._pump()

    # ---- network side ----------------------------------------------------

    def receive(self, now, kind, seq, re, data):
        if kind == "A":
            # R7: an Ack naming nothing in our window is ignored.
            if re in self.unresolved:
                self._resolve(re)
                self.units_used -= 1
                self.events.append("acked %d" % re)
                self._pump()
            return

        ahead = after(self.next_expected, seq)
        if ahead >= self.window:
            if is_before(seq, self.next_expected):
                self._duplicate(seq)   # delivered long ago
            # Otherwise too early (R2): drop it; the sender will send it again.
            return
        if seq in self.waiting:
            return                     # R5: duplicate of a waiting packet
        if seq in self.delivered_ahead:
            self._duplicate(seq)       # delivered out of order already
            return

        packet = Incoming(kind, seq, re, data)
        if kind in ("R", "RC") and re in self.unresolved:
            # R6: resolve our packet on arrival, even if this reply has to
            # wait for order or for the lock; it inherits the packet's unit.
            self._resolve(re)
            packet.answers_mine = re
        self.waiting[seq] = packet
        self._pump()

    def _duplicate(self, seq):
        """R5: a duplicate of a delivered packet. Silent while its answer is
        pending (none yet, or a reply still unresolved); otherwise ack again."""
        if seq not in self.open_answers:
            self._tx("A %d" % seq)

    def _pump(self):
        """Deliver everything that can go now, lowest seq first (R3, R4)."""
        progress = True
        while progress:
            progress = False
            for seq in sorted(self.waiting, key=lambda s: after(self.next_expected, s)):
                packet = self.waiting[seq]
                if packet.seq_cst and (seq != self.next_expected or self.cst_lock is not None):
                    continue           # R4: order, then the lock
                if packet.answers_mine is None:
                    if self.units_used >= self.window:
                        continue       # R3: no room to answer it yet: it waits
                    self.units_used += 1
                self._deliver(packet)
                progress = True
                break                  # next_expected may have moved: rescan

    def _deliver(self, packet):
        del self.waiting[packet.seq]
        self.open_answers[packet.seq] = "unanswered"
        if packet.seq_cst:
            self.cst_lock = packet.seq
        line = "deliver %d %d %s" % (packet.seq, 1 if packet.seq_cst else 0, hex_of(packet.data))
        if packet.answers_mine is not None:
            line += " re %d" % packet.answers_mine
        self.events.append(line)
        self.delivered_ahead.add(packet.seq)
        while self.next_expected in self.delivered_ahead:
            self.delivered_ahead.remove(self.next_expected)
            self.next_expected = (self.next_expected + 1) % MOD

    # ---- timers ----------------------------------------------------------

    def tick(self, now):
        """Retransmit every packet that is due (S3); return the next due time or None."""
        for packet in sorted(self.unresolved.values(), key=lambda p: after(self.next_seq, p.seq)):
            if now >= packet.last_sent + self.resend_ms:
                packet.last_sent = now
                self._tx(packet.line())
        if not self.unresolved:
            return None
        return min(p.last_sent for p in self.unresolved.values()) + self.resend_ms

    def take_events(self):
        events, self.events = self.events, []
        return events


# --------------------------------------------------------------------------
# The adapter protocol: parsing commands, printing answers.
# --------------------------------------------------------------------------

class BadCommand(Exception):
    """A malformed command: answered with "err <reason>"."""


class Unsupported(Exception):
    """A verb this adapter does not know: "err unsupported <verb>"."""


def number(token, what, limit=None):
    if not token.isdigit() or not token.isascii():
        raise BadCommand("bad %s: %r is not an unsigned decimal number" % (what, token))
    value = int(token)
    if limit is not None and value >= limit:
        raise BadCommand("bad %s: %s is out of range" % (what, token))
    return value


def data_of(token):
    if token == "-":
        return b""
    if len(token) % 2 or any(c not in "0123456789abcdef" for c in token):
        raise BadCommand("bad data: %r is not lowercase hex of whole bytes or -" % token)
    return bytes.fromhex(token)


def parse_packet(tokens):
    """tokens after "recv t": returns (kind, seq, re, data)."""
    shapes = {"P": 3, "PC": 3, "R": 4, "RC": 4, "A": 2}
    if not tokens or tokens[0] not in shapes:
        raise BadCommand("bad packet kind: %r" % (tokens[0] if tokens else ""))
    kind = tokens[0]
    if len(tokens) != shapes[kind]:
        raise BadCommand("bad packet: %s takes %d fields" % (kind, shapes[kind] - 1))
    if kind == "A":
        return kind, 0, number(tokens[1], "re", MOD), b""
    seq = number(tokens[1], "seq", MOD)
    if kind in ("P", "PC"):
        return kind, seq, 0, data_of(tokens[2])
    return kind, seq, number(tokens[2], "re", MOD), data_of(tokens[3])


def cst_flag(token):
    if token not in ("0", "1"):
        raise BadCommand("bad cst: %r (0 or 1)" % token)
    return token == "1"


class Adapter:
    ARITY = {"init": 5, "send": 4, "recv": None, "reply": 5, "ack": 3, "tick": 2, "quit": 1}

    def __init__(self):
        self.seqex = None
        self.last_t = 0

    def handle(self, line):
        """One command line -> (event lines, terminator line)."""
        tokens = line.split(" ")
        verb = tokens[0]
        if verb not in self.ARITY:
            raise Unsupported(verb)
        arity = self.ARITY[verb]
        if arity is not None and len(tokens) != arity:
            raise BadCommand("bad %s: takes %d arguments" % (verb, arity - 1))
        if verb == "quit":
            return [], "ok"
        t = number(tokens[1], "t")
        if verb == "init":
            return self.init(t, tokens[2:])
        if self.seqex is None:
            raise BadCommand("no instance: %s before init" % verb)
        if t < self.last_t:
            raise BadCommand("bad t: %d is before the previous command's %d" % (t, self.last_t))
        self.last_t = t
        s = self.seqex
        if verb == "send":
            seq = s.send(t, cst_flag(tokens[2]), data_of(tokens[3]))
            term = "err full" if seq is None else "ok %d" % seq
        elif verb == "recv":
            if len(tokens) < 3:
                raise BadCommand("bad recv: needs a packet")
            s.receive(t, *parse_packet(tokens[2:]))
            term = "ok"
        elif verb == "reply":
            seq = s.reply(t, number(tokens[2], "re", MOD), cst_flag(tokens[3]), data_of(tokens[4]))
            term = "err unknown" if seq is None else "ok %d" % seq
        elif verb == "ack":
            term = "ok" if s.ack(t, number(tokens[2], "re", MOD)) else "err unknown"
        else:  # tick
            due = s.tick(t)
            term = "ok none" if due is None else "ok %d" % due
        return s.take_events(), term

    def init(self, t, args):
        if self.seqex is not None:
            raise BadCommand("bad init: already initialized (one instance per process)")
        resend_ms = number(args[0], "resend_ms")
        seq0 = number(args[1], "seq0", MOD)
        window = number(args[2], "window")
        if resend_ms == 0:
            raise BadCommand("bad init: resend_ms must be > 0")
        if window < 2:
            # W/2 units for new exchanges must be at least one.
            return [], "err unsupported window %d: this implementation needs at least 2" % window
        self.seqex = Seqex(resend_ms, seq0, window)
        self.last_t = t
        return [], "ok python-seqex-example"


def main():
    adapter = Adapter()
    out = sys.stdout
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        try:
            events, term = adapter.handle(line)
        except Unsupported as e:
            events, term = [], "err unsupported %s" % (e.args[0] or "-")
        except BadCommand as e:
            events, term = [], "err %s" % e.args[0]
        for event in events:
            out.write(event + "\n")
        out.write(term + "\n")
        out.flush()            # the suite waits for the terminator
        if line == "quit":
            return 0
    return 0                   # end of input ends the instance


if __name__ == "__main__":
    sys.exit(main())
