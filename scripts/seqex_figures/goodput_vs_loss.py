"""Goodput vs random loss: SEQEX on 1 and 8 channels against TCP on 1 and 8
connections (loss-sweep), per direction, with the workload's ceiling.

Left: the forward direction alone (application bytes node 0 delivered to
node 1: payloads and the originator's replies); right: both directions
summed. The dotted lines are the physical ceiling of this workload on the
link for each transport's framing, headers included (the busier, forward
link full of data packets; no acks, no retransmissions): no run can reach
it. Shown: the mean over the ok runs of each point with its bootstrap 95%
interval. Not shown: runs not ok (crosses at the top), latency (a
saturating workload queues by design)."""

import matplotlib.pyplot as plt

from seqex_figures.style import CI_NOTE, plot_series
from seqex_results import MissingData, point_estimates, select_runs, series_label, summary_rows

SCENARIO = "loss-sweep"
AXES = ("transport", "channels", "loss", "seed")
PANELS = (("goodput_forward_mbps", "goodput_ceiling_forward_mbps", "forward only (node 0 \u2192 node 1)"),
          ("goodput_mbps", "goodput_ceiling_mbps", "both directions summed"))


def _ceilings(rows, column):
    by_transport = {}
    for r in rows:
        by_transport.setdefault(r["transport"], set()).add(round(r[column], 6))
    for transport, values in by_transport.items():
        if len(values) != 1:
            raise MissingData(f"{SCENARIO}: {transport} runs disagree on {column} ({sorted(values)})")
    return {t: v.pop() for t, v in by_transport.items()}


def goodput_vs_loss(results):
    needed = ("loss", "channels") + tuple(c for panel in PANELS for c in panel[:2])
    rows = select_runs(summary_rows(results, SCENARIO, needed), AXES)
    rows = [dict(r, loss_pct=r["loss"] * 100.0) for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(13.0, 4.8), constrained_layout=True)
    for ax, (metric, ceiling, what) in zip(axes, PANELS):
        ax.grid(True, which="major", alpha=0.35)
        plot_series(ax, point_estimates(rows, series_label, "loss_pct", metric))
        # Each panel's own ceiling, written on its line (the legend is shared).
        ceilings = _ceilings(rows, ceiling)
        for k, (transport, value) in enumerate(sorted(ceilings.items())):
            ax.axhline(value, color="grey", linestyle=":" if transport == "seqex" else "-.", linewidth=1)
            ax.annotate(f"ceiling, {transport.upper()} framing: {value:.2f}", (0.3, value),
                        xycoords=("axes fraction", "data"), xytext=(0, 3 if k == 0 else -9),
                        textcoords="offset points", fontsize="x-small", color="dimgrey")
        ax.set_title(f"goodput, {what}", fontsize="medium")
        ax.set_xlabel("random packet loss per direction and packet (%)")
        ax.set_ylim(0, 1.1 * max(ceilings.values()))
        ax.set_ylabel("goodput (Mbit/s of application bytes)")
    # Both panels have the same series; one legend, outside the lines.
    axes[1].legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    link = rows[0].get("bandwidth", "?")
    fig.suptitle(f"Goodput vs packet loss (loss-sweep, saturating, {link} each way; {CI_NOTE})", fontsize="medium")
    return fig
