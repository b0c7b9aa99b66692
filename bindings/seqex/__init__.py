"""SEQEX from Python.

The reference core: Endpoint (sans-IO, over bytes), its deliveries
(Payload, Reply, Acked), answer handles (Answer), packets (Packet) and the
wire codec (Endpoint.receive_datagram / poll_datagram).

When built with the ns-3 model (HAS_SCENARIOS), the scenario runner:
  scenarios()      the named scenarios, as `seqex-scenario --list` gives them
  flags()          every flag: kind, global default, range (`--flags`)
  run_scenario()   one run in this process -> ScenarioResult
  sweep()          a grid of runs on local processes or a Dask cluster
                   -> pandas DataFrame, one summary row per point

Values are typed the same way everywhere: numbers as int or float,
booleans as bool, durations in seconds (float), rates in bits per second
(int). Parameters may be given that way too (a duration as seconds or as a
datetime.timedelta), or as the text seqex-scenario takes ("250ms").
"""

import json
import os
import shutil
import tempfile

from . import _build
from ._seqex import *  # noqa: F401,F403  (Endpoint, ..., ScenarioResult, InvariantViolation, NotDrained)
from ._seqex import HAS_SCENARIOS

__version__ = _build.VERSION


class SweepError(RuntimeError):
    """seqex.sweep could not run its points: the engine is unavailable (no
    Dask scheduler at the address, no workers, a worker without this build)
    or the seqex-scenario program is missing. The message says which."""


if HAS_SCENARIOS:
    from . import _seqex
    from . import seqex_engines as _engines
    from . import seqex_scenarios as _sx

    _flags_cache = []

    def flags():
        """{flag: description} of every seqex-scenario flag: kind (number,
        whole, bool, duration, rate, choice, text), default (global, canonical
        text), min and max (kinds with a range), choices, help."""
        if not _flags_cache:
            _flags_cache.append({f["name"]: f for f in json.loads(_seqex._flags_json())})
        return _flags_cache[0]

    def scenarios():
        """The named scenarios, a list of dicts keyed as `seqex-scenario
        --list` keys them: name, summary, varies, defaults (flag -> value
        where it differs from the global defaults), default_points (the
        default set: a list of flag -> value dicts) and sweep_axes (the
        sweep grid: a list of axes, each a list of flag -> value dicts)."""
        return json.loads(_seqex._catalog_json())["scenarios"]

    def _texts(params):
        kinds = flags()
        return {k: _sx.flag_text(kinds[k]["kind"] if k in kinds else None, v) for k, v in params.items()}

    def _typed_summary(result, out):
        row = _sx.typed_row(_sx.flatten(json.loads(result.summary_json)), flags())
        if out is None:
            row["out"] = None  # nothing was written
        result.summary = row
        return result

    def run_scenario(name, seed=1, out=None, check=True, **params):
        """run_scenario(name, seed=1, out=None, check=True, **params) -> ScenarioResult

        Runs one point of a named scenario in this process; params are the
        seqex-scenario flags (loss=0.05, transport='tcp', channels=8,
        duration=2.5 or datetime.timedelta(seconds=2.5) or '2500ms', ...).
        With `out` the run's files are written under out/<scenario>/runs/ as
        seqex-scenario writes them (the folder is checked before the run);
        without, nothing is written and result.command names no --out.

        A bad scenario name, flag or value raises ValueError naming the flag;
        a value of a type no flag takes raises TypeError. A broken invariant
        raises seqex.InvariantViolation and a run that only had not ended
        within its heal period raises seqex.NotDrained (each with the seed
        and the replay command) unless check=False, which returns the
        result with ok False (result.status names which).
        Runs are deterministic and may be repeated in one process (one at a
        time: ns-3's simulator is process-wide)."""
        texts = _texts(params)
        try:
            result = _seqex._run_scenario(name, seed=_sx.flag_text("whole", seed), out=out, check=check, **texts)
        except (InvariantViolation, NotDrained) as e:  # noqa: F405
            _typed_summary(e.result, out)
            raise
        return _typed_summary(result, out)

    def _program():
        program = os.environ.get("SEQEX_SCENARIO_PROGRAM") or _build.SCENARIO_PROGRAM
        if not program or not os.access(program, os.X_OK):
            raise SweepError(f"seqex-scenario not found at {program} (build the seqex-scenario target, or set "
                             "SEQEX_SCENARIO_PROGRAM)")
        return program

    def sweep(scenario, grid, seeds=(1, 2, 3), scheduler=None, out=None, jobs=None, progress=True):
        """sweep(scenario, grid, seeds=(1, 2, 3), scheduler=None, out=None, jobs=None, progress=True) -> DataFrame

        Runs every point of a grid of one scenario, each as one
        seqex-scenario process, and returns their summary rows as a pandas
        DataFrame (one row per point, columns as in summary.csv, typed as
        run_scenario's summary: durations in seconds, rates in bits/s).

        grid: {flag: value or list of values}; the points are the cartesian
        product, times `seeds`. Every point is checked before anything runs
        (ValueError naming the flag and value). scheduler: None runs on
        `jobs` local processes (default: one per CPU); 'tcp://HOST:PORT' on
        that Dask cluster's workers, which need this build at the same path
        (doc/sweeps.md). Results are the same either way.

        out: None keeps nothing (the rows are read from a temporary folder,
        out is None in them); a folder keeps the result files there, as
        scripts/sweep.py writes them, and resumes: points with a result are
        not run again. A point that failed without a result has status
        'error' and no metrics; its row is there all the same. Ctrl-C stops
        the running points and raises KeyboardInterrupt."""
        try:
            import pandas
        except ImportError as e:
            raise SweepError(f"seqex.sweep returns a pandas DataFrame: {e}; install python3-pandas "
                             "(scripts/install-deps.sh does)") from None
        program = _program()
        names = [s["name"] for s in scenarios()]
        if scenario not in names:
            raise ValueError(f"--scenario: no scenario named '{scenario}' (scenarios: {', '.join(names)})")
        if "seed" in grid:
            raise ValueError("give the seeds as seeds=..., not in the grid")
        axes = []
        kinds = flags()
        for flag, values in grid.items():
            values = list(values) if isinstance(values, (list, tuple, range)) else [values]
            if not values:
                raise ValueError(f"--{flag}: the grid gives it no value")
            kind = kinds[flag]["kind"] if flag in kinds else None
            axes.append([{flag: _sx.flag_text(kind, v)} for v in values])
        axes.append([{"seed": _sx.flag_text("whole", s)} for s in seeds])

        scratch = tempfile.mkdtemp(prefix="seqex-sweep-") if out is None else None
        out_dir = scratch if out is None else os.fspath(out)
        try:
            points = [_sx.Point(scenario, a, out_dir) for a in _sx.grid_points(axes)]
            problems = _sx.validate_points(program, points)
            if problems:
                raise ValueError("; ".join(f"{p.label()}: {e}" for p, e in problems))
            problem = _sx.unwritable(out_dir)
            if problem:
                raise ValueError(f"out: {out_dir}: {problem}")
            try:
                engine = (_engines.DaskEngine(scheduler) if scheduler
                          else _engines.LocalEngine(jobs or os.cpu_count() or 1))
                outcome = _sx.run_points(program, points, engine, resume=out is not None, progress=progress)
            except _engines.EngineError as e:
                raise SweepError(str(e)) from None
            if outcome.interrupted:
                raise KeyboardInterrupt
            rows = []
            for p in points:
                status = outcome.results.get(p, (outcome.earlier.get(p),))[0]
                if os.path.exists(p.summary_path) and status not in ("error", "interrupted"):
                    with open(p.summary_path) as f:
                        row = _sx.typed_row(_sx.flatten(json.load(f)), kinds)
                else:
                    row = _sx.typed_row({"scenario": p.scenario, "run_id": p.run_id, "status": status,
                                         **p.assignments}, kinds)
                if out is None:
                    row["out"] = None
                rows.append(row)
            return pandas.DataFrame(rows)
        finally:
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
