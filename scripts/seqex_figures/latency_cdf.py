"""Exchange latency CDFs at one loss rate, per transport and channel count."""

from seqex_figures.style import new_figure, series_order, series_style
from seqex_results import MissingData, exchange_latencies_ms, series_label, summary_rows

SCENARIO = "loss-sweep"
PREFERRED_LOSS = 0.02


def latency_cdf(results, loss=PREFERRED_LOSS):
    rows = summary_rows(results, SCENARIO, ("loss", "channels"))
    losses = sorted({r["loss"] for r in rows})
    chosen = min(losses, key=lambda x: abs(x - loss))
    latencies, missing = {}, []
    for row in rows:
        if row["loss"] != chosen:
            continue
        try:
            values = exchange_latencies_ms(results, SCENARIO, row["run_id"])
        except MissingData as e:
            missing.append(str(e))
            continue
        latencies.setdefault(series_label(row), []).extend(values)
    latencies = {k: sorted(v for v in vs if v > 0) for k, vs in latencies.items()}
    latencies = {k: v for k, v in latencies.items() if v}
    if not latencies:
        raise MissingData(f"no exchange records for loss {chosen:g}" + (f" ({missing[0]})" if missing else ""))
    fig, ax = new_figure()
    for label in sorted(latencies, key=series_order):
        values = latencies[label]
        n = len(values)
        style = series_style(label)
        ax.step(values, [(i + 1) / n for i in range(n)], where="post", linestyle=style["linestyle"],
                label=f"{label} (n={n})")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.0)
    ax.set_title(f"Exchange latency CDF at {chosen * 100:g}% loss (loss-sweep, seeds pooled)")
    ax.set_xlabel("exchange latency, request sent to final Ack (ms, log)")
    ax.set_ylabel("fraction of completed exchanges")
    ax.legend(title="transport", loc="lower right")
    return fig
