"""Exchange latency CDFs under 2% loss, per transport and channel count
(head-of-line, open loop, 100 exchanges/s; exchanges of the ok runs of
seeds 1-3 pooled). Latency runs from the workload generating the exchange to its
final Ack, so it includes any wait for window room. A series with a run not
ok (overload: a backlog that kept growing) is not drawn; the title names
it. loss-sweep is not used: it saturates the sender, so its latencies
measure each transport's own queue."""

from seqex_figures.style import new_figure, series_order, series_style
from seqex_results import MissingData, exchange_latencies_ms, select_runs, series_label, summary_rows

SCENARIO = "head-of-line"
AXES = ("transport", "channels", "seqCst", "seed")
CHANNELS = (1, 8)
# The committed tree keeps these runs' exchange records (results/.gitignore).
SEEDS = (1, 2, 3)


def latency_cdf(results, channels=CHANNELS):
    rows = select_runs(summary_rows(results, SCENARIO, ("channels",)), AXES)
    rows = [r for r in rows if int(r["channels"]) in channels and int(r["seed"]) in SEEDS]
    latencies, missing, excluded = {}, [], {}
    for row in rows:
        label = series_label(row)
        if row.get("status", "ok") != "ok":
            excluded.setdefault(label, set()).add(row["status"])
            continue
        try:
            values = exchange_latencies_ms(results, SCENARIO, row["run_id"])
        except MissingData as e:
            missing.append(str(e))
            continue
        latencies.setdefault(label, []).extend(values)
    latencies = {k: sorted(v for v in vs if v > 0) for k, vs in latencies.items() if k not in excluded}
    latencies = {k: v for k, v in latencies.items() if v}
    if not latencies:
        wanted = ", ".join(str(c) for c in channels)
        raise MissingData(f"no ok {SCENARIO} exchange records for channels {wanted}"
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
    seeds = f"{min(SEEDS)}\u2013{max(SEEDS)}"
    title = f"Exchange latency CDF{at} (head-of-line, open loop, ok runs' exchanges pooled over seeds {seeds})"
    if excluded:
        title += "\nnot drawn: " + ", ".join(f"{k} ({'/'.join(sorted(v))})" for k, v in sorted(excluded.items()))
    ax.set_title(title, fontsize="medium")
    ax.set_xlabel("exchange latency, generated to final Ack (ms, log)")
    ax.set_ylabel("fraction of completed exchanges")
    ax.legend(title="transport (seq_cst: in order)", loc="lower right", fontsize="small")
    return fig
