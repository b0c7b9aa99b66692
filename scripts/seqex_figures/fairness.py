"""SEQEX next to bulk TCP through one bottleneck (shared-bottleneck).

Left and middle: SEQEX's share of the bytes leaving the bottleneck, and
Jain's index over the flows (SEQEX one flow, each TCP flow one), per bin
over the traffic period, seed 1. Right: both over the whole traffic period,
mean over seeds (ok runs) with bootstrap 95% intervals. The dashed lines
are the fair share (1 / flows) and perfect fairness (1). Counted: frames of
the forward direction, headers and retransmissions included, so a share is
of link capacity, not of goodput. Not shown: the reverse direction, and
what a congestion-controlled SEQEX would do."""

import csv

import matplotlib.pyplot as plt

from seqex_results import MissingData, point_estimates, run_file, select_runs, summary_rows

SCENARIO = "shared-bottleneck"
AXES = ("bulkVariant", "channels", "seed")


def _label(row):
    variant = {"cubic": "CUBIC", "newreno": "NewReno"}.get(row.get("bulkVariant"), row.get("bulkVariant"))
    return f"SEQEX {int(row['channels'])} ch vs {int(row['bulkFlows'])} \u00d7 TCP {variant}"


def _timeline(results, run_id):
    path = run_file(results, SCENARIO, run_id, ".share.csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise MissingData(f"run {run_id}: {path} not found") from None
    if not rows:
        raise MissingData(f"{path} has no rows")
    return ([float(r["time_s"]) for r in rows], [float(r["seqex_share"]) for r in rows],
            [float(r["jain_index"]) for r in rows])


def fairness(results):
    rows = select_runs(summary_rows(results, SCENARIO, ("seqex_share", "jain_index", "channels", "bulkFlows")), AXES)
    fig, axes = plt.subplots(1, 3, figsize=(15.0, 4.6), constrained_layout=True,
                             gridspec_kw={"width_ratios": [2, 2, 1.4]})
    labels = sorted({_label(r) for r in rows})
    flows = sorted({int(r["bulkFlows"]) for r in rows})
    for row in sorted(rows, key=_label):
        if int(row["seed"]) != 1 or row.get("status") != "ok":
            continue
        t, share, jain = _timeline(results, row["run_id"])
        axes[0].plot(t, share, label=_label(row), linewidth=1)
        axes[1].plot(t, jain, label=_label(row), linewidth=1)
    for f in flows:
        axes[0].axhline(1.0 / (f + 1), color="grey", linestyle="--", linewidth=1, label=f"fair share (1/{f + 1})")
    axes[1].axhline(1.0, color="grey", linestyle="--", linewidth=1, label="perfectly fair")
    axes[0].set_ylabel("SEQEX's share of the bottleneck's bytes")
    axes[1].set_ylabel("Jain's fairness index")
    for ax, what in ((axes[0], "SEQEX share"), (axes[1], "Jain's index")):
        ax.set_ylim(0, 1.05)
        ax.set_xlabel(f"simulation time (s), {row_bin(rows)} bins")
        ax.set_title(f"{what} over time (seed 1)", fontsize="medium")
        ax.grid(True, alpha=0.35)
    axes[0].legend(fontsize="x-small", loc="center right")
    ax = axes[2]
    width = 0.38
    for k, (metric, name) in enumerate((("seqex_share", "SEQEX share"), ("jain_index", "Jain's index"))):
        by_label = {}
        for r in rows:
            by_label.setdefault(_label(r), []).append(r)
        xs, ys, lo, hi, notes = [], [], [], [], []
        for i, label in enumerate(labels):
            pts = point_estimates([dict(r, one=0.0) for r in by_label[label]], lambda r: label, "one", metric)[label]
            p = pts[0]
            if p.ordinary:
                xs.append(i + (k - 0.5) * width)
                ys.append(p.estimate.value)
                lo.append(p.estimate.value - p.estimate.lo)
                hi.append(p.estimate.hi - p.estimate.value)
            else:
                notes.append((i, p.flag_text()))
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, label=name, alpha=0.8)
        for i, text in notes:
            ax.text(i, 0.5, f"not drawn: {text}", rotation=90, fontsize="x-small", ha="center")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([lbl.replace("SEQEX ", "").replace(" vs ", "\nvs\n").replace(" \u00d7 TCP ", "\u00d7")
                        for lbl in labels], fontsize="x-small")
    ax.set_ylim(0, 1.05)
    ax.set_title("over the traffic period (mean over seeds, 95% CI)", fontsize="medium")
    ax.legend(fontsize="x-small")
    ax.grid(True, axis="y", alpha=0.35)
    fig.suptitle("SEQEX (no congestion control) and bulk TCP through one drop-tail bottleneck (shared-bottleneck)",
                 fontsize="medium")
    return fig


def row_bin(rows):
    values = sorted({str(r.get("shareBin", "?")) for r in rows})
    return "/".join(values)
