"""Reads the scenario results tree that scripts/run-default.sh writes.

Layout (scenarios/README.md):
  <results>/<scenario>/summary.csv              one row per run
  <results>/<scenario>/runs/<run_id>.json       the run's parameters, status, "resets"
  <results>/<scenario>/runs/<run_id>.exchanges.csv   one row per exchange
  <results>/<scenario>/runs/<run_id>.timeline.csv    time_s,in_flight,delivered,...

Every reader raises MissingData with a sentence naming the missing file or
column, so the figure scripts can report a skip instead of a traceback.

A figure takes a run as a point of a series only if it is one of that
figure's exact parameter points: every flag the run changed from its
scenario's defaults (the `varied` column) is one of the figure's axes
(select_runs). Of those runs, only status "ok" enter a mean; a point with an
overloaded, not drained or violating run is drawn as such, never as an
ordinary point (point_estimates, style.plot_series).
"""

import csv
import json
import math
import os

from seqex_stats import mean_ci


class MissingData(Exception):
    """The data a figure needs is absent or unusable; the message says which."""


def _number(text):
    """A float for a numeric cell, None for an empty or non-numeric one."""
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_csv(path, what):
    if not os.path.isfile(path):
        raise MissingData(f"{what}: {path} not found")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise MissingData(f"{what}: {path} has no rows")
    return rows


def summary_rows(results, scenario, needed=()):
    """The rows of <results>/<scenario>/summary.csv that carry every column
    in `needed` as a number; the numeric columns are converted to float."""
    path = os.path.join(results, scenario, "summary.csv")
    rows = _read_csv(path, f"scenario {scenario}")
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise MissingData(f"{path} lacks column(s) {', '.join(missing)}")
    out = []
    for row in rows:
        parsed = dict(row)
        for key, text in row.items():
            value = _number(text)
            if value is not None:
                parsed[key] = value
        if all(isinstance(parsed.get(c), float) for c in needed):
            out.append(parsed)
    if not out:
        raise MissingData(f"{path}: no run has numeric {', '.join(needed)}")
    return out


def select_runs(rows, axes, path="summary.csv"):
    """The rows whose varied flags are all among `axes` (a run with any other
    flag changed, e.g. a 200-exchange capture run, is no point of the
    figure). Raises MissingData when none is left."""
    axes = set(axes)
    if rows and "varied" not in rows[0]:
        raise MissingData(f"{path} lacks column varied (results from before the runs recorded it)")
    out = [r for r in rows if set(str(r.get("varied", "")).split()) <= axes]
    if not out:
        raise MissingData(f"{path}: no run at the figure's parameter points (varying only {', '.join(sorted(axes))})")
    return out


class Point:
    """One x of a series: the estimate over its ok runs, or why it has none.
    `flagged` counts the runs whose status is not ok, by status."""

    def __init__(self, x, estimate, flagged, runs):
        self.x, self.estimate, self.flagged, self.runs = x, estimate, flagged, runs

    @property
    def ordinary(self):
        return not self.flagged and self.estimate is not None

    def flag_text(self):
        return ", ".join(f"{n}/{self.runs} {status}" for status, n in sorted(self.flagged.items()))


def point_estimates(rows, key, x, y):
    """{key(row): [Point, ...] sorted by x}: the mean of y over each point's
    ok runs with its bootstrap 95% interval (seqex_stats.mean_ci). A point
    with any run not ok is flagged: its ok runs are not averaged either,
    since the point as a whole is not a stable regime."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), {}).setdefault(row[x], []).append(row)
    series = {}
    for label, by_x in groups.items():
        points = []
        for vx, runs in sorted(by_x.items()):
            flagged = {}
            for r in runs:
                if r.get("status", "ok") != "ok":
                    flagged[r.get("status")] = flagged.get(r.get("status"), 0) + 1
            values = [r[y] for r in runs if r.get("status", "ok") == "ok" and isinstance(r.get(y), float)]
            estimate = mean_ci(values) if values and not flagged else None
            points.append(Point(vx, estimate, flagged, len(runs)))
        series[label] = points
    return series


def series_label(row):
    """'SEQEX 8 ch', 'SEQEX 8 ch seq_cst', 'TCP 1 conn': a run's line in a legend."""
    transport = str(row.get("transport", "?"))
    channels = int(row.get("channels", 1))
    if transport == "tcp":
        return f"TCP {channels} conn" + ("s" if channels != 1 else "")
    label = f"SEQEX {channels} ch"
    if row.get("seqCst") == 1.0:
        label += " seq_cst"
    return label


def run_file(results, scenario, run_id, suffix):
    return os.path.join(results, scenario, "runs", f"{run_id}{suffix}")


def exchange_values(results, scenario, run_id, column="latency_ms"):
    """`column` (ms) of the run's completed exchanges that have it (hol_ms is
    empty for exchanges hit by loss)."""
    path = run_file(results, scenario, run_id, ".exchanges.csv")
    rows = _read_csv(path, f"run {run_id}")
    if column not in rows[0]:
        raise MissingData(f"{path} lacks column {column}")
    values = []
    for row in rows:
        if row.get("completed", "1") not in ("1", "true"):
            continue
        value = _number(row[column])
        if value is not None:
            values.append(value)
    return values


def exchange_latencies_ms(results, scenario, run_id):
    """Latencies (ms) of the run's completed exchanges."""
    return exchange_values(results, scenario, run_id, "latency_ms")


def timeline(results, scenario, run_id):
    """{column: [values]} of the run's timeline.csv."""
    path = run_file(results, scenario, run_id, ".timeline.csv")
    rows = _read_csv(path, f"run {run_id}")
    needed = ("time_s", "in_flight", "delivered")
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise MissingData(f"{path} lacks column(s) {', '.join(missing)}")
    return {c: [_number(r[c]) or 0.0 for r in rows] for c in rows[0]}


def run_json(results, scenario, run_id):
    path = run_file(results, scenario, run_id, ".json")
    if not os.path.isfile(path):
        raise MissingData(f"run {run_id}: {path} not found")
    with open(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise MissingData(f"{path} is not valid JSON ({e})") from None
