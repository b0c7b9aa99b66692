"""Goodput vs random loss: SEQEX on 1 and N channels against TCP on 1 and N connections."""

from seqex_figures.style import new_figure, plot_series
from seqex_results import group_mean, series_label, summary_rows

SCENARIO = "loss-sweep"


def goodput_vs_loss(results):
    rows = summary_rows(results, SCENARIO, ("loss", "goodput_mbps", "channels"))
    rows = [dict(r, loss_pct=r["loss"] * 100.0) for r in rows]
    series = group_mean(rows, series_label, "loss_pct", "goodput_mbps")
    fig, ax = new_figure()
    plot_series(ax, series)
    ax.set_title("Goodput vs packet loss (loss-sweep; mean over seeds, bars: min-max)")
    ax.set_xlabel("random packet loss per direction (%)")
    ax.set_ylabel("goodput (Mbit/s, application bytes)")
    ax.set_ylim(bottom=0)
    ax.legend(title="transport")
    return fig
