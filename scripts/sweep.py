#!/usr/bin/python3
"""Parameter sweeps: each scenario's grid (from `seqex-scenario --list`), or
a grid given on the command line, run across processes. Resumable: a point
whose summary row exists is not run again, so an interrupted sweep
continues where it stopped.

  scripts/sweep.py loss-sweep head-of-line          the scenarios' own grids
  scripts/sweep.py all                              every scenario's grid
  scripts/sweep.py loss-sweep --grid loss=0,0.3 --grid transport=seqex,tcp --grid seed=1,2
                                                    your own grid (replaces the scenario's)
  options: --build build --out sweeps --jobs 2 --dry-run --rerun

Results go to sweeps/ by default, not results/: the figures and the
committed data come from the default set only (scripts/run-default.sh).

Exit status 1 when any run violated an invariant or failed.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seqex_scenarios as sx  # noqa: E402


def parse_axis(text, parser):
    name, sep, values = text.partition("=")
    if not sep or not name or not values:
        parser.error(f"--grid: expected flag=v1,v2,..., got '{text}'")
    return [{name: v} for v in values.split(",")]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="+", help="scenario names, or 'all'")
    parser.add_argument("--grid", action="append", default=[], metavar="FLAG=V1,V2",
                        help="an axis of your own grid (repeatable)")
    parser.add_argument("--build", default=os.environ.get("SEQEX_BUILD", os.path.join(root, "build")))
    parser.add_argument("--out", default=os.path.join(root, "sweeps"),
                        help="results directory (default sweeps/; results/ is the default set's)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--dry-run", action="store_true", help="list the points, run nothing")
    parser.add_argument("--rerun", action="store_true", help="run points that already have results too")
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
    if args.dry_run:
        for p in points:
            done = "done" if os.path.exists(p.summary_path) else "todo"
            print(f"{done}  {p.label()}")
        print(f"{len(points)} points")
        return 0

    print(f"sweep: {len(points)} points of {len(names)} scenarios on {args.jobs} processes -> {args.out}")
    results = sx.run_points(program, points, args.jobs, resume=not args.rerun)
    for name in names:
        rows = sx.collate(args.out, name)
        print(f"{name}: {len(rows)} runs in {os.path.join(args.out, name, 'summary.csv')}")
    return 1 if sx.report_failures(results) else 0


if __name__ == "__main__":
    sys.exit(main())
