"""Retransmission overhead vs random loss, per transport and channel count."""

from seqex_figures.style import new_figure, plot_series
from seqex_results import group_mean, series_label, summary_rows

SCENARIO = "loss-sweep"


def retx_vs_loss(results):
    rows = summary_rows(results, SCENARIO, ("loss", "retx_overhead", "channels"))
    rows = [dict(r, loss_pct=r["loss"] * 100.0, retx_pct=r["retx_overhead"] * 100.0) for r in rows]
    series = group_mean(rows, series_label, "loss_pct", "retx_pct")
    fig, ax = new_figure()
    plot_series(ax, series)
    ideal = sorted({r["loss_pct"] for r in rows})
    ax.plot(ideal, ideal, color="grey", linewidth=1, label="y = loss (one resend per lost packet)")
    ax.set_title("Retransmission overhead vs packet loss (loss-sweep)")
    ax.set_xlabel("random packet loss per direction (%)")
    ax.set_ylabel("retransmissions / first transmissions (%)")
    ax.set_ylim(bottom=0)
    ax.legend(title="transport")
    return fig
