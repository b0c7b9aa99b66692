#!/usr/bin/python3
"""Cross-check: the same points run in pure simulation (seqex-scenario) and
emulated (seqex-emulate: real seqex-udp-peer processes in two namespaces,
ns-3 in real time between them), same flags and seeds. Writes

  <out>/summary.csv       one row per run (mode sim | emulated)
  <out>/sim-vs-real.png   latency p50/p99, goodput, retransmissions per point

  scripts/sim_vs_real.py [--build build] [--out results/sim-vs-real] [--seeds 1,2,3]
  scripts/sim_vs_real.py --plot-only        redraw from summary.csv

Needs root (the emulator). Emulated runs are real time: run nothing else
meanwhile if the numbers matter (each row records the real-time
simulator's scheduling lateness, which says how loaded the machine was).
"""
import argparse
import csv
import glob
import json
import math
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (label, scenario, flags): shortened so that a point takes seconds.
POINTS = [
    ("loss-sweep loss=0.01", "loss-sweep", {"loss": "0.01"}),
    ("loss-sweep loss=0.05", "loss-sweep", {"loss": "0.05"}),
    ("loss-sweep loss=0.10", "loss-sweep", {"loss": "0.1"}),
    ("head-of-line 1 ch", "head-of-line", {"channels": "1"}),
    ("head-of-line 8 ch", "head-of-line", {"channels": "8"}),
]
COMMON = {
    "loss-sweep": {"exchanges": "600", "duration": "4s", "heal": "3s"},
    "head-of-line": {"rate": "100", "duration": "4s", "heal": "3s"},
}
FIELDS = ["point", "scenario", "mode", "seed", "status", "completed", "expected", "goodput_mbps",
          "latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "hol_p50_ms", "hol_p99_ms",
          "retx_overhead", "retransmissions", "frac_over_250ms", "lost_forward", "lost_reverse", "lateness_p50_us",
          "lateness_p99_us", "lateness_max_us", "run_json"]


def run_point(build, out, label, scenario, flags, seed):
    args = [f"--scenario={scenario}", f"--seed={seed}", f"--out={out}/runs"]
    args += [f"--{k}={v}" for k, v in {**COMMON[scenario], **flags}.items()]
    run_id = "_".join(f"{k}={v}" for k, v in sorted({**COMMON[scenario], **flags, "seed": str(seed)}.items()))
    args.append(f"--runId={run_id}")
    rows = []
    for mode, program in (("sim", "scenarios/seqex-scenario"), ("emulated", "emulate/seqex-emulate")):
        cmd = [os.path.join(build, program)] + args
        r = subprocess.run(cmd, capture_output=True, text=True)
        sub = "emulated/" if mode == "emulated" else ""
        summary = os.path.join(out, "runs", sub + scenario, "runs", run_id + ".json")
        row = {"point": label, "scenario": scenario, "mode": mode, "seed": seed}
        if not os.path.exists(summary):
            print(f"{mode} {label} seed {seed}: no results (exit {r.returncode}):\n{r.stdout}{r.stderr}",
                  file=sys.stderr)
            row["status"] = f"failed (exit {r.returncode})"
            rows.append(row)
            continue
        with open(summary) as f:
            s = json.load(f)
        m = s["metrics"]
        row.update(status=s["status"] if r.returncode == 0 else f"{s['status']} (exit {r.returncode})",
                   completed=m["completed"], expected=m["expected_exchanges"], goodput_mbps=m["goodput_mbps"],
                   latency_p50_ms=m["latency_ms"]["p50"], latency_p90_ms=m["latency_ms"]["p90"],
                   latency_p99_ms=m["latency_ms"]["p99"], hol_p50_ms=m["hol_ms"]["p50"],
                   hol_p99_ms=m["hol_ms"]["p99"], retx_overhead=m["retx_overhead"],
                   retransmissions=m["retransmissions"], lost_forward=s["link"]["forward"]["lost"],
                   lost_reverse=s["link"]["reverse"]["lost"], run_json=os.path.relpath(summary, out))
        # The latency distribution is bimodal (no resend / one 250 ms resend):
        # where half the exchanges sit near the boundary, p50 jumps between
        # the modes, so the share above one resend interval is reported too.
        with open(summary.replace(".json", ".exchanges.csv")) as f:
            lat = [float(x["latency_ms"]) for x in csv.DictReader(f) if x["completed"] == "1"]
        row["frac_over_250ms"] = sum(v > 250 for v in lat) / len(lat) if lat else ""
        if mode == "emulated":
            with open(summary.replace(".json", ".emulate.json")) as f:
                late = json.load(f)["scheduling_lateness_us"]
            row.update(lateness_p50_us=late["p50"], lateness_p99_us=late["p99"], lateness_max_us=late["max"])
        print(f"{mode:8s} {label:22s} seed {seed}: {row['status']}, p50 {row['latency_p50_ms']:.1f} ms, "
              f"p99 {row['latency_p99_ms']:.1f} ms, goodput {row['goodput_mbps']:.2f}, "
              f"retx {row['retx_overhead']:.3f}", flush=True)
        rows.append(row)
    return rows


def scrub_paths(out, build):
    """Run files name the programs and files by absolute path: make them
    relative to the source tree, so committed results name no machine."""
    for path in glob.glob(os.path.join(out, "runs", "**", "*.json"), recursive=True):
        with open(path) as f:
            text = f.read()
        text = text.replace(os.path.abspath(build), "build").replace(
            os.path.abspath(out), os.path.relpath(os.path.abspath(out), ROOT))
        with open(path, "w") as f:
            f.write(text)


def mean_ci(values):
    """Mean and 95% half-width (Student t) over seeds."""
    values = [float(v) for v in values if v not in ("", None)]
    if not values:
        return float("nan"), float("nan")
    if len(values) == 1:
        return values[0], float("nan")
    t = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78}.get(len(values), 2.0)
    return statistics.mean(values), t * statistics.stdev(values) / math.sqrt(len(values))


def plot(out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(os.path.join(out, "summary.csv")) as f:
        rows = list(csv.DictReader(f))
    labels = [p[0] for p in POINTS]
    metrics = [("latency_p50_ms", "latency p50 (ms)"), ("latency_p99_ms", "latency p99 (ms)"),
               ("frac_over_250ms", "share of exchanges > 250 ms"), ("hol_p50_ms", "HOL delay p50 (ms)"),
               ("goodput_mbps", "goodput (Mbit/s)"),
               ("retx_overhead", "retransmissions per first send")]
    fig, axes = plt.subplots(1, len(metrics), figsize=(22, 4.4))
    for ax, (key, title) in zip(axes, metrics):
        for i, (mode, color) in enumerate((("sim", "tab:blue"), ("emulated", "tab:orange"))):
            means, cis = [], []
            for label in labels:
                vals = [r[key] for r in rows if r["point"] == label and r["mode"] == mode
                        and r["status"].startswith("ok")]
                m, ci = mean_ci(vals)
                means.append(m)
                cis.append(0 if math.isnan(ci) else ci)
            xs = [j + (i - 0.5) * 0.38 for j in range(len(labels))]
            ax.bar(xs, means, 0.38, yerr=cis, capsize=3, color=color, label=mode)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
        ax.set_title(title, fontsize=10)
        if key.startswith(("latency", "hol")):
            ax.set_yscale("log")
    axes[0].legend()
    fig.suptitle("SEQEX simulated vs emulated (real UDP through ns-3 in real time); mean over seeds, 95% CI")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "sim-vs-real.png"), dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "sim-vs-real"))
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--plot-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if not args.plot_only:
        rows = []
        for seed in [int(s) for s in args.seeds.split(",")]:
            for label, scenario, flags in POINTS:
                rows += run_point(args.build, args.out, label, scenario, flags, seed)
        with open(os.path.join(args.out, "summary.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, FIELDS)
            w.writeheader()
            for r in rows:
                w.writerow(r)
        scrub_paths(args.out, args.build)
        bad = [r for r in rows if not str(r.get("status", "")).startswith("ok")]
        if bad:
            print(f"{len(bad)} runs did not end ok", file=sys.stderr)
    plot(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
