#!/usr/bin/python3
"""Issue 11's adaptive-resend targets, measured and judged in one table.

  scripts/resend_targets.py --run      run the two scenarios into results/
                                       (scripts/run-default.py), then the table
  scripts/resend_targets.py            the table from the results already there
  --write results/resend-targets.md    also into that file (the committed copy)

The latency p99s are pooled from the runs' exchanges.csv files, which are
not committed (35 MB); the committed table is the copy written at the run.

The scenarios (scenarios/README.md): resend-latency (open-loop 2-packet
exchanges of 100 bytes, 10 Mbit/s, 20 ms one way, seeds 1-3, SEQEX fixed
and adaptive on 1 and 8 channels at W = 128, adaptive on 1 channel at
W = 64 too, TCP on 1 and 8 connections) and
resend-saturation (loss-sweep's saturating load, SEQEX fixed vs adaptive on
1 and 8 channels, seeds 1-10).

p99 is the 99th percentile of the latencies of every exchange of a point's
ok runs pooled, with a cluster-bootstrap 95% interval over the runs;
goodput is the mean over the ok runs with its bootstrap 95% interval
(seqex_stats). A run whose status is not ok (overload, not_drained,
violation) is never pooled or averaged: the row says how many were left
out, and a point with SEQEX runs left out does not meet its target. TCP
runs left out make TCP's figure lower (the unstable runs have the longest
tails), so the comparison is the harder for SEQEX.

Met means: the measured ratio (or goodput) meets the target at the point
estimate. The interval columns show whether that is beyond the seeds'
spread; "within the intervals" is said where it is not.
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from seqex_results import MissingData, exchange_values, summary_rows  # noqa: E402
from seqex_stats import mean_ci, pooled_percentile_ci  # noqa: E402

LATENCY = "resend-latency"
WINDOW = 128  # resend-latency's SEQEX window (the targets' rows)
SMALL_WINDOW = 64  # the model's default, measured beside it
SATURATION = "resend-saturation"


def _runs(rows, **want):
    out = []
    for r in rows:
        if all(_same(r.get(k), v) for k, v in want.items()):
            out.append(r)
    return out


def _same(cell, value):
    if isinstance(cell, float):
        return abs(cell - float(value)) < 1e-12
    return str(cell) == str(value)


class Side:
    """One transport at one load: its pooled p99 over the ok runs."""

    def __init__(self, results, rows, label):
        self.label = label
        self.runs = len(rows)
        self.ok = [r for r in rows if r.get("status") == "ok"]
        self.left_out = {}
        for r in rows:
            if r.get("status") != "ok":
                self.left_out[r["status"]] = self.left_out.get(r["status"], 0) + 1
        self.completed_all = all(
            r.get("status") == "ok" and r.get("exchanges_completed") == r.get("expected_exchanges") for r in rows)
        groups = [exchange_values(results, LATENCY, r["run_id"]) for r in self.ok]
        self.p99 = pooled_percentile_ci(groups, 0.99) if groups else None

    def text(self):
        if self.p99 is None:
            return f"{self.label}: no ok run ({self._left_out_text()})"
        e = self.p99
        s = f"{self.label} {e.value:.1f} ms [{e.lo:.1f}, {e.hi:.1f}]"
        if self.left_out:
            s += f" ({self._left_out_text()} left out)"
        return s

    def _left_out_text(self):
        return ", ".join(f"{n}/{self.runs} {status}" for status, n in sorted(self.left_out.items()))


def latency_rows(results):
    rows = summary_rows(results, LATENCY)

    def side(rate, loss, transport, channels, label, mode=None, window=WINDOW):
        want = dict(rate=rate, loss=loss, transport=transport, channels=channels)
        if mode:
            want["resendMode"] = mode
            want["window"] = window
        picked = _runs(rows, **want)
        if not picked:
            raise MissingData(f"{LATENCY}: no run at {want}")
        return Side(results, picked, label)

    out = []
    for rate, loss, seqexChannels, comparisons in (
            (500, 0.01, 1, ((1, 0.5), (8, 1.0))),
            (500, 0.05, 8, ((8, 0.5),)),
            (20, 0.01, 1, ((1, 1.0),))):
        seqex = side(rate, loss, "seqex", seqexChannels, f"SEQEX-{seqexChannels}", "adaptive")
        for tcpChannels, factor in comparisons:
            tcp = side(rate, loss, "tcp", tcpChannels, f"TCP-{tcpChannels}")
            target = (f"{rate}/s, {loss:.0%} loss: SEQEX adaptive on {seqexChannels} channel"
                      f"{'s' if seqexChannels > 1 else ''} p99 <= {factor:g} x TCP-{tcpChannels}")
            if seqexChannels == 8 and loss == 0.05:
                target += ", every exchange completed"
            if seqex.p99 is None or tcp.p99 is None:
                out.append((target, f"{seqex.text()}; {tcp.text()}", "not met (no ok runs)"))
                continue
            ratio = seqex.p99.value / tcp.p99.value
            met = ratio <= factor and not seqex.left_out
            if seqexChannels == 8 and loss == 0.05:
                met = met and seqex.completed_all
            beyond = seqex.p99.hi <= factor * tcp.p99.lo
            verdict = "met" if met else "not met"
            if met and not beyond:
                verdict += " (within the intervals)"
            if not seqex.completed_all:
                verdict += "; SEQEX left exchanges unfinished"
            measured = f"{seqex.text()}; {tcp.text()}; ratio {ratio:.2f}"
            out.append((target, measured, verdict))
    # Not a target: the same first point at the model's default window,
    # where the window rather than the resend timer limits the latency.
    for rate, loss in ((500, 0.01), (500, 0.05), (20, 0.01)):
        small = side(rate, loss, "seqex", 1, f"SEQEX-1 W={SMALL_WINDOW}", "adaptive", SMALL_WINDOW)
        wide = side(rate, loss, "seqex", 1, f"SEQEX-1 W={WINDOW}", "adaptive")
        out.append((f"{rate}/s, {loss:.0%} loss: SEQEX adaptive on 1 channel at W={SMALL_WINDOW} (not a target: "
                    f"window-limited, beside W={WINDOW})", f"{small.text()}; {wide.text()}", "shown"))
    return out


def saturation_rows(results):
    rows = summary_rows(results, SATURATION, needed=("goodput_mbps",))
    out = []
    losses = sorted({r["loss"] for r in rows})
    for channels in (1, 8):
        for loss in losses:
            cells = {}
            for mode in ("fixed", "adaptive"):
                picked = _runs(rows, channels=channels, loss=loss, resendMode=mode)
                ok = [r["goodput_mbps"] for r in picked if r.get("status") == "ok"]
                bad = len(picked) - len(ok)
                cells[mode] = (mean_ci(ok) if ok else None, bad, len(picked))
            fixed, adaptive = cells["fixed"], cells["adaptive"]
            target = f"loss-sweep load, {channels} channel{'s' if channels > 1 else ''}, {loss:g} loss: adaptive goodput (both directions summed) >= fixed-250"
            if adaptive[0] is None or fixed[0] is None:
                out.append((target, "no ok runs", "not met"))
                continue

            def text(name, cell):
                e, bad, n = cell
                s = f"{name} {e.value:.2f} Mbit/s [{e.lo:.2f}, {e.hi:.2f}] (n={e.n})"
                return s + (f", {bad}/{n} not ok" if bad else "")

            a, f = adaptive[0], fixed[0]
            met = a.value >= f.value and adaptive[1] == 0
            verdict = "met" if met else "not met"
            if met and a.lo < f.hi:
                verdict += " (within the intervals)"
            if not met and a.hi >= f.lo and adaptive[1] == 0:
                verdict += " (within the intervals)"
            out.append((target, f"{text('adaptive', adaptive)}; {text('fixed', fixed)}", verdict))
    return out


def markdown(rows):
    lines = ["| target | measured (95% interval over seeds) | verdict |", "|---|---|---|"]
    for target, measured, verdict in rows:
        lines.append(f"| {target} | {measured} | {verdict} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", action="store_true", help="run both scenarios first (scripts/run-default.py)")
    ap.add_argument("--results", default="results")
    ap.add_argument("--build", default="build")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--write", metavar="FILE", help="also write the table to FILE (results/resend-targets.md)")
    args = ap.parse_args(argv)
    if args.run:
        here = os.path.dirname(os.path.abspath(__file__))
        status = subprocess.call([sys.executable, os.path.join(here, "run-default.py"), "--build", args.build,
                                  "--out", args.results, "--jobs", args.jobs, "--scenario", LATENCY,
                                  "--scenario", SATURATION])
        if status not in (0, 1):  # 1: some run not ok, which the table shows
            return status
    try:
        rows = latency_rows(args.results) + saturation_rows(args.results)
    except MissingData as e:
        print(f"resend_targets: {e}", file=sys.stderr)
        return 2
    table = markdown(rows)
    print(table)
    if args.write:
        with open(args.write, "w") as f:
            f.write(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
