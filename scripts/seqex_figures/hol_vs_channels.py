"""Head-of-line delay vs number of channels: SEQEX (seq_cst off/on) against
TCP connections (head-of-line: open loop, 2% loss).

HOL delay of an exchange not hit by loss: from its first transmission to its
end, minus its ideal latency on the clean link, i.e. the time it waited
behind other exchanges' losses. The wait for window room before the first
transmission is not in it (backlog_wait, in the tables). Left: mean of the
runs' means with its bootstrap 95% interval; right: p99 of all exchanges
pooled over the seeds with a cluster-bootstrap 95% interval. A point with a
run whose backlog kept growing (overload) is a cross at the top: its delay
grows with the run's length, so no number is drawn for it."""

import csv
import os

import matplotlib.pyplot as plt

from seqex_figures.style import plot_series
from seqex_results import MissingData, Point, point_estimates, select_runs, summary_rows
from seqex_stats import Estimate

SCENARIO = "head-of-line"
AXES = ("transport", "channels", "seqCst", "seed")


def _kind(row):
    """One line per transport mode; the channel count is the x axis."""
    if row.get("transport") == "tcp":
        return "TCP"
    return "SEQEX seq_cst" if row.get("seqCst") == 1.0 else "SEQEX unordered"


def pooled_p99(results):
    """{kind: [Point]} of the pooled p99 HOL delay, from the tables
    scripts/seqex_summary.py computed from every run's exchanges (the
    committed tree keeps only a few runs' exchange records)."""
    path = os.path.join(results, SCENARIO, "stats.csv")
    if not os.path.isfile(path):
        raise MissingData(f"{path} not found (scripts/seqex_summary.py --results {results} makes it)")
    with open(path, newline="") as f:
        lines = list(csv.DictReader(f))
    series = {}
    for line in lines:
        point = dict(part.split("=", 1) for part in line["point"].split())
        row = {"transport": point.get("transport"), "seqCst": float(point.get("seqCst", 0))}
        flagged = {}
        for part in filter(None, line.get("not_ok", "").split("; ")):
            n, status = part.split(" ", 1)
            flagged[status] = int(n)
        estimate = None
        if not flagged and line.get("hol_pooled_p99_ms"):
            estimate = Estimate(float(line["hol_pooled_p99_ms"]), float(line["hol_pooled_p99_ms_lo"]),
                                float(line["hol_pooled_p99_ms_hi"]), int(line["ok"]))
        series.setdefault(_kind(row), []).append(Point(float(point["channels"]), estimate, flagged,
                                                       int(line["runs"])))
    if not series:
        raise MissingData(f"{path} has no points")
    return {k: sorted(v, key=lambda p: p.x) for k, v in series.items()}


def hol_vs_channels(results):
    rows = select_runs(summary_rows(results, SCENARIO, ("channels", "hol_mean_ms")), AXES)
    fig, axes = plt.subplots(1, 2, figsize=(13.0, 4.8), constrained_layout=True, sharey=True)
    panels = ((point_estimates(rows, _kind, "channels", "hol_mean_ms"), "mean (mean of the runs' means)"),
              (pooled_p99(results), "p99 (exchanges pooled over seeds)"))
    channels = sorted({int(r["channels"]) for r in rows})
    for ax, (series, what) in zip(axes, panels):
        ax.grid(True, which="major", alpha=0.35)
        plot_series(ax, series)
        ax.set_xscale("log", base=2)
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_xticks(channels)
        ax.set_xticklabels([str(c) for c in channels])
        ax.set_title(f"HOL delay, {what}", fontsize="medium")
        ax.set_xlabel("channels (SEQEX) / parallel connections (TCP)")

    axes[0].set_ylim(bottom=0)  # shared: after both panels; an interval reaching below 0 is cut at 0
    axes[1].legend(title="transport", fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes[0].set_ylabel("HOL delay, first transmission to end minus ideal (ms, symlog)")
    loss = sorted({r["loss"] for r in rows if isinstance(r.get("loss"), float)})
    rate = sorted({r["rate"] for r in rows if isinstance(r.get("rate"), float)})
    if len(loss) != 1 or len(rate) != 1:
        raise MissingData(f"{SCENARIO}: runs at more than one loss or rate ({loss}, {rate})")
    fig.suptitle(f"Head-of-line delay vs channels (head-of-line, {rate[0]:g} exchanges/s open loop, "
                 f"{loss[0] * 100:g}% loss; bars: bootstrap 95% CI)", fontsize="medium")
    return fig
