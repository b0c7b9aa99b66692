"""Shared look of the figures: one colour and marker per series, saving."""

import os

import matplotlib

matplotlib.use("Agg")
# Byte-identical SVGs from identical data: fixed ids, no date stamp, so a
# rerun of the default set leaves the committed figures unchanged.
matplotlib.rcParams["svg.hashsalt"] = "seqex"
import matplotlib.pyplot as plt  # noqa: E402


def new_figure(width=7.0, height=4.5):
    fig, ax = plt.subplots(figsize=(width, height), constrained_layout=True)
    ax.grid(True, which="major", alpha=0.35)
    return fig, ax


def series_style(label):
    """TCP dashed, SEQEX solid; seq_cst variants dotted."""
    if label.startswith("TCP"):
        return {"linestyle": "--", "marker": "s"}
    if "seq_cst" in label:
        return {"linestyle": ":", "marker": "^"}
    return {"linestyle": "-", "marker": "o"}


def series_order(label):
    """SEQEX before TCP, then by channel count, so legends read the same everywhere."""
    parts = label.split()
    return (parts[0] != "SEQEX", int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0, label)


CI_NOTE = "mean over seeds (ok runs), bars: bootstrap 95% CI"
FLAG_LABEL = "run(s) not ok at this point: overload / not drained (not averaged)"


def plot_series(ax, series, scale=1.0):
    """series: {label: [seqex_results.Point, ...]}: ordinary points as lines
    with their 95% intervals; a point with a run not ok is no point of the
    line: a cross at the top of the axes in the series' colour, annotated
    with its statuses. Returns the flagged points as (label, Point)."""
    flagged = []
    flag_legend = False
    for label in sorted(series, key=series_order):
        pts = series[label]
        ordinary = [p for p in pts if p.ordinary]
        style = series_style(label)
        if ordinary:
            xs = [p.x for p in ordinary]
            ys = [p.estimate.value * scale for p in ordinary]
            err = [[(p.estimate.value - p.estimate.lo) * scale for p in ordinary],
                   [(p.estimate.hi - p.estimate.value) * scale for p in ordinary]]
            bars = ax.errorbar(xs, ys, yerr=err, label=label, capsize=3, **style)
            colour = bars.lines[0].get_color()
        else:
            colour = ax.plot([], [], label=f"{label} (no ok point)", **style)[0].get_color()
        for p in pts:
            if p.ordinary:
                continue
            flagged.append((label, p))
            ax.plot([p.x], [0.97], marker="X", markersize=9, linestyle="none", color=colour,
                    transform=ax.get_xaxis_transform(), clip_on=False,
                    label=None if flag_legend else FLAG_LABEL)
            flag_legend = True
            ax.annotate(p.flag_text(), (p.x, 0.97), xycoords=ax.get_xaxis_transform(), xytext=(4, -10),
                        textcoords="offset points", fontsize="x-small", color=colour)
    return flagged


def save(fig, out_dir, name):
    """Writes <name>.png and <name>.svg; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for ext in ("png", "svg"):
        path = os.path.join(out_dir, f"{name}.{ext}")
        metadata = {"Date": None} if ext == "svg" else {"Software": None}
        fig.savefig(path, dpi=150 if ext == "png" else None, metadata=metadata)
        paths.append(path)
    plt.close(fig)
    return paths
