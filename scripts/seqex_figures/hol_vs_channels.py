"""Head-of-line delay vs number of channels: SEQEX (seq_cst off/on) against TCP connections."""

from seqex_figures.style import new_figure, plot_series
from seqex_results import group_mean, summary_rows

SCENARIO = "head-of-line"


def _kind(row):
    """One line per transport mode; the channel count is the x axis."""
    if row.get("transport") == "tcp":
        return "TCP"
    return "SEQEX seq_cst" if row.get("seqCst") == 1.0 else "SEQEX unordered"


def hol_vs_channels(results):
    rows = summary_rows(results, SCENARIO, ("channels", "hol_mean_ms", "hol_p99_ms"))
    fig, ax = new_figure(width=9.0)
    for metric, suffix in (("hol_mean_ms", "mean"), ("hol_p99_ms", "p99")):
        series = group_mean(rows, lambda r: f"{_kind(r)} ({suffix})", "channels", metric)
        for label in list(series):
            # A log axis cannot show 0 ms; those points are no delay at all.
            series[label] = [p for p in series[label] if p[1] > 0]
        plot_series(ax, {k: v for k, v in series.items() if v})
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    channels = sorted({int(r["channels"]) for r in rows})
    ax.set_xticks(channels)
    ax.set_xticklabels([str(c) for c in channels])
    ax.set_title("Head-of-line delay vs channels (head-of-line scenario)")
    ax.set_xlabel("channels (SEQEX) / parallel connections (TCP)")
    ax.set_ylabel("delay behind earlier packets (ms, log)")
    # Outside the axes: the lines cross the whole plot.
    ax.legend(title="transport (statistic)", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
