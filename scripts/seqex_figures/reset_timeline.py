"""Packets in flight and deliveries over time around transport resets
(reset-storm): one row per reset kind, one column per transport, seed 1,
ok runs only. Shown: counts per bin around the first resets (units differ
by transport, see the title). Not shown: anything after the window, or a
comparison of the transports' units."""

import matplotlib.pyplot as plt

from seqex_results import MissingData, run_json, select_runs, summary_rows, timeline

SCENARIO = "reset-storm"
AXES = ("transport", "resetKind", "seed")
WINDOW_BEFORE_S = 1.0
WINDOW_AFTER_S = 3.0
# What a timeline counts differs by transport (scenarios/README.md).
UNITS = {"seqex": "SEQEX data packets", "tcp": "TCP: segments in flight, messages delivered"}


def _panel(ax, tl, resets):
    first = resets[0] if resets else tl["time_s"][0]
    lo, hi = first - WINDOW_BEFORE_S, first + WINDOW_AFTER_S
    keep = [i for i, t in enumerate(tl["time_s"]) if lo <= t <= hi]
    times = [tl["time_s"][i] for i in keep]
    ax.plot(times, [tl["in_flight"][i] for i in keep], label="in flight (at bin end)", color="tab:blue")
    ax.plot(times, [tl["delivered"][i] for i in keep], label="delivered in bin", color="tab:green")
    if "retransmitted" in tl:
        ax.plot(times, [tl["retransmitted"][i] for i in keep], label="retransmitted in bin", color="tab:orange",
                linewidth=1)
    for i, r in enumerate(x for x in resets if lo <= x <= hi):
        ax.axvline(r, color="tab:red", linestyle="--", linewidth=1, label="reset" if i == 0 else None)
    ax.set_xlim(lo, hi)
    ax.grid(True, alpha=0.35)


def reset_timeline(results):
    rows = select_runs(summary_rows(results, SCENARIO, ()), AXES)
    runs, reasons = {}, []
    for row in rows:
        if row.get("status", "ok") != "ok" or int(row.get("seed", 1)) != 1:
            reasons.append(f"{row['run_id']}: status {row.get('status')}, seed {row.get('seed')}")
            continue
        try:
            runs[(str(row.get("resetKind", "?")), str(row.get("transport", "?")))] = (
                timeline(results, SCENARIO, row["run_id"]),
                run_json(results, SCENARIO, row["run_id"]).get("resets", []))
        except MissingData as e:
            reasons.append(str(e))
    if not runs:
        raise MissingData("no reset-storm run has a timeline" + (f" ({reasons[0]})" if reasons else ""))
    kinds = sorted({k for k, _ in runs})
    transports = sorted({t for _, t in runs}, key=lambda t: (t != "seqex", t))
    fig, axes = plt.subplots(len(kinds), len(transports), figsize=(5.2 * len(transports), 2.3 * len(kinds) + 1.0),
                             sharex=True, squeeze=False, constrained_layout=True)
    bin_ms = 0.0
    for r, kind in enumerate(kinds):
        for c, transport in enumerate(transports):
            ax = axes[r, c]
            if (kind, transport) not in runs:
                ax.set_axis_off()
                continue
            tl, resets = runs[(kind, transport)]
            _panel(ax, tl, resets)
            if len(tl["time_s"]) > 1:
                bin_ms = (tl["time_s"][1] - tl["time_s"][0]) * 1000
            ax.set_title(f"{transport.upper()}, reset kind '{kind}'", fontsize="medium")
            if c == 0:
                ax.set_ylabel("count")
        axes[-1, 0].set_xlabel("simulation time (s)")
    for c, transport in enumerate(transports):
        axes[-1, c].set_xlabel(f"simulation time (s), counts per {bin_ms:g} ms bin")
    axes[0, 0].legend(fontsize="small", loc="upper right")
    units = "; ".join(f"{UNITS.get(t, t)}" for t in transports)
    fig.suptitle("Around transport resets: in flight and delivered over time (reset-storm, first resets)\n"
                 f"counted as {units}", fontsize="medium")
    return fig
