#!/usr/bin/python3
"""Tables over seeds for every scenario of a results tree, from the per-run
rows (summary.csv) and the per-exchange records:

  <results>/<scenario>/stats.csv   one row per point (the run's varied flags
                                   but the seed): runs, ok runs, the others
                                   by status, then per metric its mean over
                                   the ok runs and the bootstrap 95% interval
                                   (<metric>, <metric>_lo, <metric>_hi), and
                                   for head-of-line the pooled percentiles
  <results>/stats.md               the same, the main columns, as Markdown

  /usr/bin/python3 scripts/seqex_summary.py --results results

A point with a run that is not ok gets no numbers (its statuses are listed):
an overloaded or undrained run is not averaged with the others
(scripts/seqex_stats.py has the definitions and the fixed bootstrap seed).
"""

import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if __name__ == "__main__":
    from seqex_interpreter import require

    require("seqex_summary", modules=("numpy",))

from seqex_results import MissingData, exchange_values, summary_rows  # noqa: E402
from seqex_stats import BOOTSTRAP_SEED, mean_ci, pooled_percentile_ci  # noqa: E402

METRICS = ["goodput_forward_mbps", "goodput_reverse_mbps", "goodput_mbps", "latency_mean_ms", "latency_p99_ms",
           "backlog_wait_mean_ms", "hol_mean_ms", "hol_p99_ms", "retx_overhead", "retx_per_lost", "wire_per_byte",
           "link_forward_queue_dropped", "link_reverse_queue_dropped", "hit_by_loss", "seqex_share", "jain_index"]
# Percentiles of all exchanges pooled over a point's ok runs: (column of
# exchanges.csv, quantile, stats.csv name).
POOLED = {"head-of-line": [("latency_ms", 0.50, "latency_pooled_p50_ms"), ("latency_ms", 0.99, "latency_pooled_p99_ms"),
                           ("hol_ms", 0.50, "hol_pooled_p50_ms"), ("hol_ms", 0.99, "hol_pooled_p99_ms")]}
# The columns stats.md shows per scenario.
SHOWN = {
    "loss-sweep": ["goodput_forward_mbps", "goodput_mbps", "retx_overhead", "retx_per_lost", "wire_per_byte",
                   "link_forward_queue_dropped"],
    "head-of-line": ["hol_mean_ms", "hol_pooled_p99_ms", "latency_pooled_p99_ms", "backlog_wait_mean_ms"],
    "shared-bottleneck": ["seqex_share", "jain_index", "goodput_forward_mbps", "link_forward_queue_dropped"],
}
DEFAULT_SHOWN = ["goodput_forward_mbps", "latency_mean_ms", "latency_p99_ms", "hol_mean_ms", "retx_overhead"]


# Every way the link drops a packet, per direction (summary.csv columns
# link_<direction>_<kind>): what "lost" means in retx_per_lost.
LINK_DROPS = ("lost", "burst_lost", "blackholed", "link_down_dropped", "queue_dropped")


def lost_packets(row):
    """Packets the link dropped in a run, data and acks (segments and ACKs
    for TCP), both directions, every kind of drop; None when a column is
    missing."""
    values = [row.get(f"link_{d}_{k}") for d in ("forward", "reverse") for k in LINK_DROPS]
    if not all(isinstance(v, float) for v in values):
        return None
    return sum(values)


def derive(row):
    """Metrics computed from a run's columns: retx_per_lost, the
    retransmissions (data packets or segments sent again, both directions)
    per packet the link dropped; absent when nothing was dropped."""
    lost = lost_packets(row)
    if lost and isinstance(row.get("retransmissions"), float):
        row["retx_per_lost"] = row["retransmissions"] / lost
    return row


def point_of(row, axes):
    """The point a run belongs to: its values of the scenario's axes (every
    flag some run of it varied) but the seed, 'transport' first."""
    names = sorted((n for n in axes if n != "seed"), key=lambda n: (n != "transport", n))
    return " ".join(f"{n}={_text(row.get(n))}" for n in names) or "(defaults)"


def _order(point):
    """Points in numeric order of their values ('channels=2' before 'channels=16')."""
    key = []
    for part in point.split():
        name, _, value = part.partition("=")
        try:
            key.append((name, 0, float(value), ""))
        except ValueError:
            key.append((name, 1, 0.0, value))
    return key


def _text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scenario_stats(results, scenario):
    rows = [derive(r) for r in summary_rows(results, scenario, ())]
    if "varied" not in rows[0]:
        raise MissingData(f"scenario {scenario}: summary.csv lacks column varied")
    axes = set()
    for row in rows:
        axes.update(str(row.get("varied", "")).split())
    points = {}
    for row in rows:
        points.setdefault(point_of(row, axes), []).append(row)
    out = []
    for point, runs in sorted(points.items(), key=lambda item: _order(item[0])):
        ok = [r for r in runs if r.get("status") == "ok"]
        others = {}
        for r in runs:
            if r.get("status") != "ok":
                others[r.get("status")] = others.get(r.get("status"), 0) + 1
        line = {"scenario": scenario, "point": point, "runs": len(runs), "ok": len(ok),
                "not_ok": "; ".join(f"{n} {s}" for s, n in sorted(others.items())),
                "seeds": " ".join(sorted({_text(r.get("seed")) for r in runs}, key=lambda s: int(float(s))))}
        if not others:
            for metric in METRICS:
                values = [r[metric] for r in ok if isinstance(r.get(metric), float)]
                if values:
                    e = mean_ci(values)
                    line.update({metric: e.value, f"{metric}_lo": e.lo, f"{metric}_hi": e.hi})
            for column, q, name in POOLED.get(scenario, []):
                groups = [exchange_values(results, scenario, r["run_id"], column) for r in ok]
                if any(groups):
                    e = pooled_percentile_ci(groups, q)
                    line.update({name: e.value, f"{name}_lo": e.lo, f"{name}_hi": e.hi})
        out.append(line)
    return out


def write_csv(path, lines):
    columns = []
    for line in lines:
        columns.extend(c for c in line if c not in columns)
    with open(path + ".tmp", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(lines)
    os.replace(path + ".tmp", path)


def _cell(line, metric):
    if metric not in line:
        return ""
    v, lo, hi = line[metric], line[f"{metric}_lo"], line[f"{metric}_hi"]
    digits = 3 if abs(v) < 10 else 1
    if line["ok"] == 1:
        return f"{v:.{digits}f}"
    return f"{v:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def markdown(by_scenario):
    text = ["# Tables over seeds", "",
            "Generated by scripts/seqex_summary.py from the per-run rows (summary.csv) and exchange records. "
            "Each cell: mean over the point's ok runs [bootstrap 95% interval] (expanded percentile bootstrap, "
            f"seed {BOOTSTRAP_SEED}); *pooled* columns: that percentile of all exchanges of the ok runs, "
            "cluster-bootstrap interval over runs. A point with a run not ok has no numbers: its statuses are "
            "listed. With one run there is no interval.", ""]
    for scenario, lines in by_scenario.items():
        shown = SHOWN.get(scenario, DEFAULT_SHOWN)
        shown = [m for m in shown if any(m in line for line in lines)]
        text += [f"## {scenario}", "", "| point | runs (ok) | " + " | ".join(shown) + " |",
                 "|---|---|" + "---|" * len(shown)]
        for line in lines:
            status = f"{line['runs']} ({line['ok']})" + (f", {line['not_ok']}" if line["not_ok"] else "")
            text.append(f"| {line['point']} | {status} | " + " | ".join(_cell(line, m) for m in shown) + " |")
        text.append("")
    return "\n".join(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="results directory")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.results):
        print(f"seqex_summary: results directory {args.results} not found", file=sys.stderr)
        return 1
    by_scenario = {}
    for scenario in sorted(os.listdir(args.results)):
        if not os.path.isfile(os.path.join(args.results, scenario, "summary.csv")):
            continue
        try:
            lines = scenario_stats(args.results, scenario)
        except MissingData as e:
            print(f"skipped {scenario}: {e}")
            continue
        write_csv(os.path.join(args.results, scenario, "stats.csv"), lines)
        by_scenario[scenario] = lines
        print(f"wrote {os.path.join(args.results, scenario, 'stats.csv')} ({len(lines)} points)")
    if not by_scenario:
        print("seqex_summary: no scenario with results", file=sys.stderr)
        return 1
    with open(os.path.join(args.results, "stats.md"), "w") as f:
        f.write(markdown(by_scenario) + "\n")
    print(f"wrote {os.path.join(args.results, 'stats.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
