"""Retransmission overhead vs random loss, per transport and channel count
(loss-sweep). Shown: data packets (SEQEX) or data segments (TCP) sent again
per first transmission, both directions summed, mean over ok runs with its
bootstrap 95% interval; the grey line is one resend per lost packet. Not
shown: why a resend happened (a loss, a queue drop, or a timer firing early:
see the queue-drop columns and the transport counters)."""

from seqex_figures.style import CI_NOTE, new_figure, plot_series
from seqex_results import point_estimates, select_runs, series_label, summary_rows

SCENARIO = "loss-sweep"
AXES = ("transport", "channels", "loss", "seed")


def retx_vs_loss(results):
    rows = select_runs(summary_rows(results, SCENARIO, ("loss", "retx_overhead", "channels")), AXES)
    rows = [dict(r, loss_pct=r["loss"] * 100.0, retx_pct=r["retx_overhead"] * 100.0) for r in rows]
    fig, ax = new_figure()
    plot_series(ax, point_estimates(rows, series_label, "loss_pct", "retx_pct"))
    ideal = sorted({r["loss_pct"] for r in rows})
    ax.plot(ideal, ideal, color="grey", linewidth=1, label="y = loss (one resend per lost packet)")
    ax.set_title(f"Retransmission overhead vs packet loss (loss-sweep; {CI_NOTE})", fontsize="medium")
    ax.set_xlabel("random packet loss per direction and packet (%)")
    ax.set_ylabel("resent / first transmissions, both directions (%)")
    ax.set_ylim(bottom=0)
    ax.legend(title="transport", fontsize="small")
    return fig
