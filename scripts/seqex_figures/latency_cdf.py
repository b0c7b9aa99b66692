"""Exchange latency CDFs under 2% loss, per transport and channel count.

Drawn from head-of-line, the open-loop workload (100 exchanges/s): there
latency is waiting behind losses. loss-sweep saturates the sender, so its
latencies measure each transport's own queue (scenarios/README.md, Metrics)."""

from seqex_figures.style import new_figure, series_order, series_style
from seqex_results import MissingData, exchange_latencies_ms, series_label, summary_rows

SCENARIO = "head-of-line"
CHANNELS = (1, 8)


def latency_cdf(results, channels=CHANNELS):
    rows = summary_rows(results, SCENARIO, ("channels",))
    latencies, missing = {}, []
    for row in rows:
        if int(row["channels"]) not in channels:
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
        wanted = ", ".join(str(c) for c in channels)
        raise MissingData(f"no {SCENARIO} exchange records for channels {wanted}"
                          + (f" ({missing[0]})" if missing else ""))
    losses = sorted({row["loss"] for row in rows if isinstance(row.get("loss"), float)})
    at = f" at {losses[0] * 100:g}% loss" if len(losses) == 1 else ""
    fig, ax = new_figure(width=8.0)
    for label in sorted(latencies, key=series_order):
        values = latencies[label]
        n = len(values)
        ax.step(values, [(i + 1) / n for i in range(n)], where="post", linestyle=series_style(label)["linestyle"],
                label=f"{label} (n={n})")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.0)
    ax.set_title(f"Exchange latency CDF{at} (head-of-line, open loop, seeds pooled)")
    ax.set_xlabel("exchange latency, request sent to final Ack (ms, log)")
    ax.set_ylabel("fraction of completed exchanges")
    ax.legend(title="transport (seq_cst: in order)", loc="lower right", fontsize="small")
    return fig
