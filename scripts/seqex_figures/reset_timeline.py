"""Packets in flight and deliveries over time around transport resets (reset-storm)."""

import matplotlib.pyplot as plt

from seqex_results import MissingData, run_json, summary_rows, timeline

SCENARIO = "reset-storm"
WINDOW_BEFORE_S = 1.0
WINDOW_AFTER_S = 3.0


def reset_timeline(results):
    rows = summary_rows(results, SCENARIO, ())
    runs, reasons = [], []
    for row in sorted(rows, key=lambda r: str(r.get("resetKind", ""))):
        try:
            runs.append((row, timeline(results, SCENARIO, row["run_id"]),
                         run_json(results, SCENARIO, row["run_id"]).get("resets", [])))
        except MissingData as e:
            reasons.append(str(e))
    if not runs:
        raise MissingData("no reset-storm run has a timeline" + (f" ({reasons[0]})" if reasons else ""))
    fig, axes = plt.subplots(len(runs), 1, figsize=(7.5, 2.4 * len(runs) + 0.8), sharex=True,
                             squeeze=False, constrained_layout=True)
    for ax, (row, tl, resets) in zip(axes[:, 0], runs):
        first = resets[0] if resets else tl["time_s"][0]
        lo, hi = first - WINDOW_BEFORE_S, first + WINDOW_AFTER_S
        keep = [i for i, t in enumerate(tl["time_s"]) if lo <= t <= hi]
        times = [tl["time_s"][i] for i in keep]
        ax.plot(times, [tl["in_flight"][i] for i in keep], label="in flight (at bin end)", color="tab:blue")
        ax.plot(times, [tl["delivered"][i] for i in keep], label="delivered in bin", color="tab:green")
        if "retransmitted" in tl:
            ax.plot(times, [tl["retransmitted"][i] for i in keep], label="retransmitted in bin",
                    color="tab:orange", linewidth=1)
        for i, r in enumerate(x for x in resets if lo <= x <= hi):
            ax.axvline(r, color="tab:red", linestyle="--", linewidth=1, label="reset" if i == 0 else None)
        kind = row.get("resetKind", "?")
        ax.set_title(f"{str(row.get('transport', '')).upper()}, reset kind '{kind}'", fontsize="medium")
        ax.set_ylabel("data packets")
        ax.set_xlim(lo, hi)
        ax.grid(True, alpha=0.35)
    axes[0, 0].legend(fontsize="small", loc="upper right", ncol=2)
    bin_ms = (tl["time_s"][1] - tl["time_s"][0]) * 1000 if len(tl["time_s"]) > 1 else 0
    axes[-1, 0].set_xlabel(f"simulation time (s); counts per {bin_ms:g} ms bin")
    fig.suptitle("Around transport resets: packets in flight and deliveries (reset-storm)")
    return fig
