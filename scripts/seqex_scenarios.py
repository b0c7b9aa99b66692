"""Runs seqex-scenario points in parallel and collates their results.

Shared by scripts/run-default.py (the default set) and scripts/sweep.py
(parameter grids). No simulation happens here: every point is one run of
the C++ program `seqex-scenario`, whose `--list` output is the only source
of scenario names, defaults, default points and grids. Standard library
only; run with Debian's /usr/bin/python3.

Result layout (scenarios/README.md):
  <out>/<scenario>/runs/<run_id>.json            summary row of one run
  <out>/<scenario>/runs/<run_id>.exchanges.csv   its per-exchange records
  <out>/<scenario>/summary.csv, summary.jsonl    every run's row, collated
"""

import concurrent.futures
import csv
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time

# seqex-scenario's exit status -> the run's status (scenarios/README.md).
EXIT_STATUS = {0: "ok", 3: "violation", 5: "not_drained", 6: "overload"}
# Statuses that fail a sweep: a broken invariant, a run that did not end in
# time, a program error. An overloaded run is a result (the figures show it
# as such), not a failure.
FAILED = ("violation", "not_drained", "ERROR")


def find_program(build_dir):
    """The seqex-scenario executable of a build directory."""
    path = os.path.join(build_dir, "scenarios", "seqex-scenario")
    if not os.access(path, os.X_OK):
        sys.exit(f"error: {path} not found; build first (scripts/run-default.sh builds it)")
    return path


def local_path(path):
    """`path` relative to the working directory when it lies inside it."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else os.path.abspath(path)


def load_catalog(program):
    out = subprocess.run([program, "--list"], check=True, capture_output=True, text=True).stdout
    return {s["name"]: s for s in json.loads(out)["scenarios"]}


def run_id(assignments):
    """The run id seqex-scenario derives from the flags given: name=value
    pairs sorted by name, joined by '_' (characters unfit for file names
    become '-')."""
    text = "_".join(f"{k}={v}" for k, v in sorted(assignments.items()))
    return re.sub(r"[^A-Za-z0-9.=_+-]", "-", text) or "defaults"


def grid_points(axes):
    """The cartesian product of a sweep's axes; each axis value is a dict of
    flag assignments."""
    for combo in itertools.product(*axes):
        point = {}
        for part in combo:
            point.update(part)
        yield point


class Point:
    def __init__(self, scenario, assignments, out_dir):
        self.scenario = scenario
        self.assignments = dict(assignments)
        self.run_id = run_id(self.assignments)
        self.out_dir = out_dir

    @property
    def summary_path(self):
        return os.path.join(self.out_dir, self.scenario, "runs", self.run_id + ".json")

    def args(self, program):
        return ([program, f"--scenario={self.scenario}", f"--out={self.out_dir}", f"--runId={self.run_id}"]
                + [f"--{k}={v}" for k, v in sorted(self.assignments.items())])

    def label(self):
        return f"{self.scenario} {' '.join(f'{k}={v}' for k, v in sorted(self.assignments.items()))}"


class Progress:
    """One status line, redrawn in place on a terminal; plain lines otherwise."""

    def __init__(self, total):
        self.total = total
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.tty = sys.stdout.isatty()
        self.lock = threading.Lock()

    def finished(self, point, status, wall):
        with self.lock:
            self.done += 1
            if status in FAILED:
                self.failed += 1
            elapsed = time.monotonic() - self.start
            eta = elapsed / self.done * (self.total - self.done)
            line = (f"[{self.done}/{self.total}] {100 * self.done // self.total:3d}%  "
                    f"{elapsed:5.0f}s elapsed, ~{eta:3.0f}s left  "
                    f"{status:9s} {point.label()} ({wall:.1f}s)")
            if self.tty:
                width = os.get_terminal_size().columns - 1
                sys.stdout.write("\r" + line[:width].ljust(width))
                if self.done == self.total:
                    sys.stdout.write("\n")
            else:
                sys.stdout.write(line + "\n")
            sys.stdout.flush()


def run_points(program, points, jobs, resume):
    """Runs the points on `jobs` processes. With `resume`, a point whose
    summary row exists is not run again. Returns {point: (status, detail)}."""
    todo = [p for p in points if not (resume and os.path.exists(p.summary_path))]
    skipped = len(points) - len(todo)
    if skipped:
        print(f"{skipped} of {len(points)} points already have results; running the other {len(todo)}")
    results = {}
    if not todo:
        return results
    progress = Progress(len(todo))

    def one(point):
        begin = time.monotonic()
        proc = subprocess.run(point.args(program), capture_output=True, text=True)
        wall = time.monotonic() - begin
        status = EXIT_STATUS.get(proc.returncode, "ERROR")
        progress.finished(point, status, wall)
        return point, status, (proc.stdout + proc.stderr).strip()

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for point, status, detail in pool.map(one, todo):
            results[point] = (status, detail)
    return results


def report_failures(results):
    """Prints every failed run loudly, by its status (its output holds the
    seed and the replay command), and lists overloaded runs; returns how
    many failed."""
    failed = [(p, s, d) for p, (s, d) in results.items() if s in FAILED]
    for point, status, detail in failed:
        print(f"\n*** FAILED ({status}): {point.label()} ***\n{detail}\n", file=sys.stderr)
    overloaded = [p for p, (s, _) in results.items() if s == "overload"]
    if overloaded:
        print(f"\n{len(overloaded)} run(s) overloaded (status overload: kept out of the means, marked in the "
              "figures):")
        for point in overloaded:
            print(f"  {point.label()}")
    return len(failed)


# summary.csv names for metrics whose JSON name is longer or nested
# (scenarios/README.md lists every column).
CSV_NAMES = {"completed": "exchanges_completed", "wire_bytes_per_delivered_byte": "wire_per_byte"}


def flatten(row):
    """One run's summary JSON -> the flat summary.csv row: identity, every
    parameter, the metrics (distributions as <name>_<stat>_ms, e.g.
    latency_p99_ms), then link and transport counters prefixed by their
    group. Lists become '; '-joined text."""
    flat = {k: row[k] for k in ("scenario", "run_id", "transport", "seed", "status") if k in row}
    # The flags the run changed from its scenario's defaults: a figure takes
    # a run only when these are all among its axes.
    flat["varied"] = " ".join(sorted(row.get("varied", {})))
    build = row.get("build", {})
    flat["build_commit"] = build.get("commit", "")
    flat["ns3_version"] = build.get("ns3", "")
    flat.update(row.get("params", {}))
    for key, value in row.get("metrics", {}).items():
        if isinstance(value, dict) and key.endswith("_ms"):
            base = key[:-3]
            for stat, v in value.items():
                flat[f"{base}_{stat}" if stat == "count" else f"{base}_{stat}_ms"] = v
        elif isinstance(value, list):
            flat[key] = "; ".join(str(v) for v in value)
        else:
            flat[CSV_NAMES.get(key, key)] = value
    for direction, counters in row.get("link", {}).items():
        for k, v in counters.items():
            flat[f"link_{direction}_{k}"] = v
    for k, v in row.get("transport_counters", {}).items():
        flat[f"transport_{k}"] = v
    flat["violations"] = len(row.get("violations", []))
    flat["not_drained"] = len(row.get("not_drained", []))
    return flat


def collate(out_dir, scenario):
    """Writes <out>/<scenario>/summary.csv and summary.jsonl from every run's
    row; returns the rows."""
    runs = os.path.join(out_dir, scenario, "runs")
    if not os.path.isdir(runs):
        return []
    rows = []
    for name in sorted(os.listdir(runs)):
        if name.endswith(".json"):
            with open(os.path.join(runs, name)) as f:
                rows.append(json.load(f))
    base = os.path.join(out_dir, scenario)
    with open(os.path.join(base, "summary.jsonl.tmp"), "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    os.replace(os.path.join(base, "summary.jsonl.tmp"), os.path.join(base, "summary.jsonl"))
    flat = [flatten(r) for r in rows]
    columns = []
    for r in flat:
        columns.extend(c for c in r if c not in columns)
    with open(os.path.join(base, "summary.csv.tmp"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(flat)
    os.replace(os.path.join(base, "summary.csv.tmp"), os.path.join(base, "summary.csv"))
    return rows


def print_table(points):
    """A short table of what the points found, from their summary rows."""
    header = ["scenario", "point", "status", "goodput fwd", "lat p50", "lat p99", "HOL p50", "HOL p99", "retx", "wire/B"]
    lines = []
    for p in points:
        if not os.path.exists(p.summary_path):
            lines.append([p.scenario, describe(p), "no result", "", "", "", "", "", "", ""])
            continue
        with open(p.summary_path) as f:
            row = json.load(f)
        m = row["metrics"]
        lines.append([p.scenario, describe(p), row["status"],
                      f"{m['goodput_forward_mbps']:.3f}",
                      f"{m['latency_ms']['p50']:.1f}", f"{m['latency_ms']['p99']:.1f}",
                      f"{m['hol_ms']['p50']:.1f}", f"{m['hol_ms']['p99']:.1f}",
                      f"{m['retx_overhead']:.3f}", f"{m['wire_bytes_per_delivered_byte']:.2f}"])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    fmt = "  ".join(f"{{:<{w}}}" if i < 3 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(fmt.format(*header))
    print("  ".join("-" * w for w in widths))
    previous = None
    for line in lines:
        if previous is not None and line[0] != previous:
            print()
        print(fmt.format(*line))
        previous = line[0]
    print("\ngoodput fwd: node 0 -> node 1 only, Mb/s; latency and HOL delay in ms (HOL: exchanges not hit by loss, beyond the ideal "
          "on the clean link); retx: retransmissions per first transmission; wire/B: link bytes per "
          "delivered application byte")


def describe(point):
    """The point's assignments, transport first, for the table."""
    a = dict(point.assignments)
    transport = a.pop("transport", "seqex")
    rest = " ".join(f"{k}={v}" for k, v in sorted(a.items()))
    return f"{transport} {rest}".strip()
