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

import csv
import datetime
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

try:  # inside the seqex Python package (build/bindings/seqex/)
    from . import seqex_point
except ImportError:  # scripts/
    import seqex_point


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


def load_flags(program):
    """{flag: description} from `seqex-scenario --flags`: kind, default, range."""
    out = subprocess.run([program, "--flags"], check=True, capture_output=True, text=True).stdout
    return {f["name"]: f for f in json.loads(out)}


# Canonical units of seqex-scenario's durations and rates (the flag table
# prints values in these).
DURATION_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
RATE_UNITS = {"bps": 1, "kbps": 1000, "Kbps": 1000, "Mbps": 10**6, "Gbps": 10**9}


def _split_unit(text, units):
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit):
            return float(text[: -len(unit)]), units[unit]
    if text in ("0", "0.0"):
        return 0.0, 1
    raise ValueError(f"no unit of {', '.join(units)} in '{text}'")


def typed_value(kind, text):
    """A flag's canonical text as a Python value by its kind (seqex-scenario
    --flags): number -> float, whole -> int, bool -> bool, duration ->
    seconds (float), rate -> bits per second (int), others -> str."""
    if not isinstance(text, str):
        return text
    if kind == "number":
        return float(text)
    if kind == "whole":
        return int(text)
    if kind == "bool":
        return text in ("true", "1")
    if kind == "duration":
        number, scale = _split_unit(text, DURATION_UNITS)
        return number * scale
    if kind == "rate":
        number, scale = _split_unit(text, RATE_UNITS)
        return int(round(number * scale))
    return text


def typed_row(flat, flags):
    """A flattened summary row with every flag's value typed (typed_value)."""
    return {k: typed_value(flags[k]["kind"], v) if k in flags else v for k, v in flat.items()}


def flag_text(kind, value):
    """A Python value as the text --name=value carries: durations may be
    seconds (int or float) or datetime.timedelta, booleans true/false,
    floats their shortest round-trip form. Raises TypeError for values no
    flag takes."""
    if isinstance(value, bool):
        if kind in ("duration", "rate"):
            raise TypeError(f"a {kind} is not a bool")
        return "true" if value else "false"
    if kind == "duration":
        if isinstance(value, datetime.timedelta):
            whole = value // datetime.timedelta(microseconds=1)
            return f"{whole}us"
        if isinstance(value, (int, float)):
            return f"{value!r}s" if isinstance(value, float) else f"{value}s"
    if kind == "rate" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise TypeError(f"a rate in bits per second is a whole number, not {value!r}")
        return f"{int(value)}bps"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (str, int)):
        return str(value)
    raise TypeError(f"a scenario parameter is a str, int, float, bool or (durations) datetime.timedelta, "
                    f"not {type(value).__name__}")


def grid_points(axes):
    """The cartesian product of a sweep's axes; each axis value is a dict of
    flag assignments."""
    for combo in itertools.product(*axes):
        point = {}
        for part in combo:
            point.update(part)
        yield point


class Point:
    """One run of a sweep: a scenario and flag assignments. Its run id (the
    name of its files) is what seqex-scenario derives: validate_points
    sets it."""

    def __init__(self, scenario, assignments, out_dir):
        self.scenario = scenario
        self.assignments = dict(assignments)
        self.run_id = None
        self.out_dir = out_dir

    @property
    def summary_path(self):
        return os.path.join(self.out_dir, self.scenario, "runs", self.run_id + ".json")

    def args(self, program):
        return ([program, f"--scenario={self.scenario}", f"--out={self.out_dir}", f"--runId={self.run_id}"]
                + [f"--{k}={v}" for k, v in sorted(self.assignments.items())])

    def label(self):
        return f"{self.scenario} {' '.join(f'{k}={v}' for k, v in sorted(self.assignments.items()))}"


class ProgressBar:
    """A bar redrawn in place on a terminal (points that are not ok are
    printed above it as they end); a line per point otherwise. On stderr,
    so stdout keeps the sweep's summary."""

    WIDTH = 24

    def __init__(self, total, stream=None, enabled=True):
        self.enabled = enabled
        self.total = total
        self.done = 0
        self.not_ok = 0
        self.start = time.monotonic()
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.lock = threading.Lock()

    def _bar(self):
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else 0
        filled = self.WIDTH * self.done // max(1, self.total)
        return (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} "
                f"{100 * self.done // max(1, self.total):3d}%  {self.done - self.not_ok} ok, {self.not_ok} not ok  "
                f"{elapsed:.0f} s elapsed, ~{left:.0f} s left")

    def finished(self, point, status, wall):
        with self.lock:
            self.done += 1
            self.not_ok += status != "ok"
            if not self.enabled:
                return
            line = f"{status:11s} {point.label()} ({wall:.1f} s)"
            if self.tty:
                if status != "ok":
                    self.stream.write("\r\033[K" + line + "\n")
                width = max(20, shutil.get_terminal_size().columns - 1)
                self.stream.write("\r" + self._bar()[:width] + "\033[K")
            else:
                self.stream.write(f"[{self.done}/{self.total}] {line}\n")
            self.stream.flush()

    def close(self):
        if self.enabled and self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()


# Exit statuses of seqex-scenario for a finished run, and the signals an
# interrupted one dies of (Ctrl-C reaches the whole process group).
INTERRUPT_RETURNCODES = (-signal.SIGINT, -signal.SIGTERM, 128 + signal.SIGINT, 128 + signal.SIGTERM)


class SweepOutcome:
    """What a sweep came to: {point: (status, detail)} for the points it ran,
    `earlier` {point: status} for results found from an earlier sweep, and
    whether it was interrupted. Statuses: the run's own (ok, violation,
    overload, not_drained, ...: the "status" of its JSON), error (the
    program failed and left no result), interrupted (stopped, no result:
    not done)."""

    def __init__(self):
        self.results = {}
        self.earlier = {}
        self.interrupted = False

    def not_ok(self):
        """(point, status, detail) of every point whose result is not ok,
        this sweep's and earlier ones', interrupted points excluded."""
        out = [(p, s, d) for p, (s, d) in self.results.items() if s not in ("ok", "interrupted")]
        out.extend((p, s, "result of an earlier sweep (--rerun-failed runs it again)")
                   for p, s in self.earlier.items() if s != "ok")
        return out

    def counts(self):
        counted = {}
        for status, _ in self.results.values():
            counted[status] = counted.get(status, 0) + 1
        return counted


def result_status(path):
    """The status in a run's summary JSON, or None when it has none."""
    try:
        with open(path) as f:
            return json.load(f).get("status", "unknown")
    except (OSError, ValueError):
        return None


def write_point_files(point, files):
    """Writes a run's files into the sweep's results folder, each atomically
    and the summary JSON last (a point counts as done once its JSON exists)."""
    runs = os.path.dirname(point.summary_path)
    os.makedirs(runs, exist_ok=True)
    summary = point.run_id + ".json"
    for name in sorted(files, key=lambda n: n == summary):
        tmp = os.path.join(runs, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(files[name])
        os.replace(tmp, os.path.join(runs, name))


def classify(point, result):
    """(status, detail) of a run_point result."""
    if result["problem"]:
        return "error", result["problem"]
    summary = result["files"].get(point.run_id + ".json")
    if summary is not None:
        try:
            return json.loads(summary).get("status", "unknown"), result["output"]
        except ValueError:
            return "error", f"unreadable {point.run_id}.json\n{result['output']}"
    if result["returncode"] in INTERRUPT_RETURNCODES:
        return "interrupted", result["output"]
    return "error", f"exit status {result['returncode']} on {result['host']}, no result\n{result['output']}"


def run_points(program, points, engine, resume=True, rerun_failed=False, progress=True):
    """Runs the points on `engine` (seqex_engines). With `resume`, a point
    whose result is ok is not run again, nor (without `rerun_failed`) one
    whose result is not ok: runs are deterministic, so it would end the
    same; it is reported instead. Ctrl-C stops the sweep: points not
    finished are interrupted (no result: not done). `progress`: the bar on
    stderr. Returns a SweepOutcome."""
    outcome = SweepOutcome()
    todo = []
    for p in points:
        status = result_status(p.summary_path) if resume else None
        if status is None or (status != "ok" and rerun_failed):
            todo.append(p)
        else:
            outcome.earlier[p] = status
    if outcome.earlier:
        failed = sum(1 for s in outcome.earlier.values() if s != "ok")
        print(f"{len(outcome.earlier)} of {len(points)} points already have results"
              + (f" ({failed} not ok: not rerun, --rerun-failed runs them)" if failed else "")
              + f"; running the other {len(todo)}")
    if not todo:
        engine.close()
        return outcome

    path = os.path.abspath(program)
    digest = seqex_point.program_digest(path)
    bar = ProgressBar(len(todo), enabled=progress)
    main_thread = threading.current_thread() is threading.main_thread()
    futures = {}
    try:
        engine.check(path, digest)
        print(f"running {len(todo)} point{'s' if len(todo) != 1 else ''} on {engine.description}", flush=True)
        for p in todo:
            spec = {"program": program, "program_path": path, "digest": digest, "args": p.args(program)[1:],
                    "out": p.out_dir, "scenario": p.scenario, "run_id": p.run_id}
            futures[engine.submit(spec)] = p
        for future in engine.as_completed(list(futures)):
            point = futures[future]
            result = future.result()
            status, detail = classify(point, result)
            if status != "interrupted" and result["files"]:
                write_point_files(point, result["files"])
            outcome.results[point] = (status, detail)
            bar.finished(point, status, result["wall"])
    except KeyboardInterrupt:
        outcome.interrupted = True
        # A second Ctrl-C must not break the clean-up (signals can only be
        # handled in the main thread; restored afterwards, for seqex.sweep).
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
        try:
            engine.stop([f for f, p in futures.items() if p not in outcome.results])
            bar.close()
            engine.close()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
    except BaseException:
        bar.close()
        engine.close()
        raise
    else:
        bar.close()
        engine.close()
    for p in todo:
        outcome.results.setdefault(p, ("interrupted", ""))
    return outcome


def report(outcome, measured=()):
    """Prints the points that are not ok (their output holds the seed and
    the replay command) and, after Ctrl-C, what was left undone; returns
    the exit status: 0 all ok, 1 some result not ok, 130 interrupted.
    Statuses in `measured` (e.g. "overload" for the default set, whose
    points include regimes known to be unstable) are outcomes the run
    measured, not failures: they are listed as such and do not set 1."""
    flagged = [(p, s) for p, s, _ in outcome.not_ok() if s in measured]
    for point, status in flagged:
        print(f"flagged {status}: {point.label()} (kept apart from the ok runs in tables and figures)")
    for point, status, detail in outcome.not_ok():
        if status in measured:
            continue
        print(f"\n*** {status.upper()}: {point.label()} ***\n{shortened(detail)}\n", file=sys.stderr)
    counts = outcome.counts()
    ran = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    if outcome.interrupted:
        undone = counts.get("interrupted", 0)
        print(f"sweep interrupted: {ran}; the {undone} interrupted point{'s' if undone != 1 else ''} "
              f"left no result and run when the same command is given again")
        return 130
    not_ok = len(outcome.not_ok()) - len(flagged)
    if not_ok:
        print(f"sweep: {not_ok} point{'s' if not_ok != 1 else ''} not ok (listed above on stderr)"
              + (f"; this sweep: {ran}" if ran else ""))
        return 1
    return 0


def shortened(text, head=20):
    """A run's output cut to its first lines and its replay command."""
    lines = text.splitlines()
    if len(lines) <= head + 5:
        return text
    replay = [l for l in lines[head:] if l.startswith("replay:")]
    return "\n".join(lines[:head] + [f"  ... {len(lines) - head - len(replay)} more lines"] + replay)


def validate_points(program, points):
    """Every point checked by the program itself (seqex-scenario
    --validate: its flags, ranges and cross-flag rules) before anything
    runs; each valid point gets the run id the program derives for it.
    Returns [(point, error)] for the points it refuses."""
    lines = []
    for p in points:
        for k in p.assignments:
            if k in ("scenario", "out", "runId"):
                return [(p, f"--{k}: the sweep sets it; it cannot be a grid axis")]
        items = [f"scenario={p.scenario}"] + [f"{k}={v}" for k, v in sorted(p.assignments.items())]
        if any("\t" in i or "\n" in i for i in items):
            return [(p, "a flag or value holds a tab or a line break")]
        lines.append("\t".join(items))
    proc = subprocess.run([program, "--validate"], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True)
    answers = proc.stdout.splitlines()
    if proc.returncode != 0 or len(answers) != len(points):
        sys.exit(f"error: {program} --validate failed (exit {proc.returncode}): {proc.stderr.strip()}")
    problems = []
    for p, answer in zip(points, answers):
        if answer.startswith("ok "):
            p.run_id = answer[3:]
        else:
            problems.append((p, answer))
    return problems


def unwritable(folder):
    """Why results cannot be written into `folder` (created if missing), or None."""
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check."):
            pass
    except OSError as e:
        return f"cannot write there: {e.strerror or e}"
    return None


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
