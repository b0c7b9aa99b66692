"""Reads the scenario results tree that scripts/run-default.sh writes.

Layout (scenarios/README.md):
  <results>/<scenario>/summary.csv              one row per run
  <results>/<scenario>/runs/<run_id>.json       the run's parameters, status, "resets"
  <results>/<scenario>/runs/<run_id>.exchanges.csv   one row per exchange
  <results>/<scenario>/runs/<run_id>.timeline.csv    time_s,in_flight,delivered,...

Every reader raises MissingData with a sentence naming the missing file or
column, so the figure scripts can report a skip instead of a traceback.
"""

import csv
import json
import math
import os
import statistics


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


def group_mean(rows, key, x, y):
    """{key(row): [(x, mean y, min y, max y), ...] sorted by x}: seeds of
    one point are averaged, their spread kept for error bars."""
    points = {}
    for row in rows:
        points.setdefault(key(row), {}).setdefault(row[x], []).append(row[y])
    series = {}
    for label, by_x in points.items():
        series[label] = [(vx, statistics.fmean(vs), min(vs), max(vs)) for vx, vs in sorted(by_x.items())]
    return series


def run_file(results, scenario, run_id, suffix):
    return os.path.join(results, scenario, "runs", f"{run_id}{suffix}")


def exchange_latencies_ms(results, scenario, run_id):
    """Latencies (ms) of the run's completed exchanges."""
    path = run_file(results, scenario, run_id, ".exchanges.csv")
    rows = _read_csv(path, f"run {run_id}")
    if "latency_ms" not in rows[0]:
        raise MissingData(f"{path} lacks column latency_ms")
    values = []
    for row in rows:
        if row.get("completed", "1") not in ("1", "true"):
            continue
        value = _number(row["latency_ms"])
        if value is not None:
            values.append(value)
    return values


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
