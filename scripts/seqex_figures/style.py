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


def plot_series(ax, series):
    """series: {label: [(x, mean, lo, hi), ...]}: lines with min-max error bars over seeds."""
    for label in sorted(series, key=series_order):
        pts = series[label]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        err = [[p[1] - p[2] for p in pts], [p[3] - p[1] for p in pts]]
        ax.errorbar(xs, ys, yerr=err, label=label, capsize=3, **series_style(label))


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
