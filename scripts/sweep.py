#!/usr/bin/python3
"""Parameter sweeps: each scenario's grid (from `seqex-scenario --list`), or
a grid given on the command line, run on local processes or on the workers
of a Dask cluster (doc/sweeps.md). Resumable: a point whose result exists
is not run again, so an interrupted sweep continues where it stopped.

  scripts/sweep.py loss-sweep head-of-line          the scenarios' own grids
  scripts/sweep.py all                              every scenario's grid
  scripts/sweep.py loss-sweep --grid loss=0,0.3 --grid transport=seqex,tcp --grid seed=1,2
                                                    your own grid (replaces the scenario's)
  scripts/sweep.py loss-sweep --scheduler tcp://HOST:8786
                                                    on a Dask cluster's workers
  options: --build build --out sweeps --jobs 2 --dry-run --rerun --rerun-failed

Results go to sweeps/ by default, not results/: the figures and the
committed data come from the default set only (scripts/run-default.sh).

Every point is checked by seqex-scenario itself (flags, ranges, cross-flag
rules) before anything runs. A point whose result is not ok (violation,
overload, not_drained, ...) is not rerun on resume (same build and seed,
same result) but reported; --rerun-failed runs those again.

Exit status: 0 every point ok; 1 some point not ok or failed (listed);
2 a bad grid, flag or output folder (nothing ran); 130 interrupted (Ctrl-C:
the points not finished left no result and run on the next resume).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seqex_engines  # noqa: E402
import seqex_scenarios as sx  # noqa: E402


def parse_axis(text, parser):
    name, sep, values = text.partition("=")
    if not sep or not name or not values:
        parser.error(f"--grid: expected flag=v1,v2,..., got '{text}'")
    return [{name: v} for v in values.split(",")]


def bad_grid(problems, total):
    """One line per distinct problem, with a point that has it."""
    print(f"sweep: {len(problems)} of {total} points refused by seqex-scenario; nothing ran:", file=sys.stderr)
    seen = {}
    for point, error in problems:
        seen.setdefault(error, []).append(point)
    for error, points in seen.items():
        more = f" (and {len(points) - 1} more points)" if len(points) > 1 else ""
        print(f"  {points[0].label()}: {error}{more}", file=sys.stderr)
    return 2


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="+", help="scenario names, or 'all'")
    parser.add_argument("--grid", action="append", default=[], metavar="FLAG=V1,V2",
                        help="an axis of your own grid (repeatable)")
    parser.add_argument("--build", default=os.environ.get("SEQEX_BUILD", os.path.join(root, "build")))
    parser.add_argument("--out", default=os.path.join(root, "sweeps"),
                        help="results directory (default sweeps/; results/ is the default set's)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="local processes")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="run the points on this Dask cluster's workers instead of local processes")
    parser.add_argument("--dry-run", action="store_true", help="list the points, run nothing")
    parser.add_argument("--rerun", action="store_true", help="run every point again, results or not")
    parser.add_argument("--rerun-failed", action="store_true", help="run points whose result is not ok again")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be >= 1")

    args.out = sx.local_path(args.out)
    program = sx.local_path(sx.find_program(args.build))
    catalog = sx.load_catalog(program)
    names = list(catalog) if args.scenarios == ["all"] else args.scenarios
    unknown = [n for n in names if n not in catalog]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)} (known: {', '.join(catalog)}, all)")
    own_axes = [parse_axis(g, parser) for g in args.grid]

    points = []
    for name in names:
        axes = own_axes or catalog[name]["sweep_axes"]
        points.extend(sx.Point(name, p, args.out) for p in sx.grid_points(axes))
    problems = sx.validate_points(program, points)
    if problems:
        return bad_grid(problems, len(points))
    if args.dry_run:
        for p in points:
            status = sx.result_status(p.summary_path)
            print(f"{'todo' if status is None else status:11s} {p.label()}")
        print(f"{len(points)} points")
        return 0
    problem = sx.unwritable(args.out)
    if problem:
        print(f"sweep: --out {args.out}: {problem}", file=sys.stderr)
        return 2

    try:
        engine = (seqex_engines.DaskEngine(args.scheduler) if args.scheduler
                  else seqex_engines.LocalEngine(args.jobs))
    except seqex_engines.EngineError as e:
        print(f"sweep: {e}", file=sys.stderr)
        return 2
    print(f"sweep: {len(points)} points of {len(names)} scenario{'s' if len(names) != 1 else ''} -> {args.out}")
    try:
        outcome = sx.run_points(program, points, engine, resume=not args.rerun, rerun_failed=args.rerun_failed)
    except seqex_engines.EngineError as e:
        print(f"sweep: {e}", file=sys.stderr)
        return 2
    for name in names:
        rows = sx.collate(args.out, name)
        print(f"{name}: {len(rows)} runs in {os.path.join(args.out, name, 'summary.csv')}")
    return sx.report(outcome)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before any point ran (a running sweep reports itself)
        print("sweep: interrupted; nothing ran", file=sys.stderr)
        sys.exit(130)
