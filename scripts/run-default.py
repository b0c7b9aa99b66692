#!/usr/bin/python3
"""The default scenario set: every named scenario at its default points,
over SEQEX and TCP, in parallel, with a progress line; then a short table.

  scripts/run-default.py [--build build] [--out results] [--jobs 2] [--resume]
                         [--scenario NAME ...]

Results: <out>/<scenario>/runs/<run_id>.{json,exchanges.csv} per point and
<out>/<scenario>/summary.{csv,jsonl} per scenario (scenarios/README.md).
Exit status 1 when any run's result is not ok (an `overload` run is
flagged, not counted: the set measures unstable regimes on purpose) or it
failed; 130 when
interrupted (Ctrl-C; --resume continues).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seqex_engines  # noqa: E402
import seqex_scenarios as sx  # noqa: E402


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.environ.get("SEQEX_BUILD", os.path.join(root, "build")),
                        help="build directory holding scenarios/seqex-scenario")
    parser.add_argument("--out", default=os.path.join(root, "results"), help="results directory")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel runs")
    parser.add_argument("--resume", action="store_true", help="skip points that already have results")
    parser.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be >= 1")

    # Paths inside the working directory are given relative, so that the
    # replay commands in committed results name no machine's directories.
    args.out = sx.local_path(args.out)
    program = sx.local_path(sx.find_program(args.build))
    catalog = sx.load_catalog(program)
    names = args.scenario or list(catalog)
    unknown = [n for n in names if n not in catalog]
    if unknown:
        parser.error(f"--scenario: unknown {', '.join(unknown)} (known: {', '.join(catalog)})")

    points = [sx.Point(name, p, args.out) for name in names for p in catalog[name]["default_points"]]
    problems = sx.validate_points(program, points)
    if problems:
        sys.exit(f"error: the catalog's default points are refused: {problems[0][0].label()}: {problems[0][1]}")
    print(f"default set: {len(points)} runs of {len(names)} scenarios on {args.jobs} processes -> {args.out}")
    begin = time.monotonic()
    outcome = sx.run_points(program, points, seqex_engines.LocalEngine(args.jobs), resume=args.resume)
    wall = time.monotonic() - begin
    for name in names:
        sx.collate(args.out, name)
    print()
    sx.print_table(points)
    print(f"\ndefault set: {len(outcome.results)} runs in {wall:.0f} s wall on {args.jobs} processes")
    # An overloaded point is a regime the set measures on purpose (seq_cst on
    # one channel at the head-of-line point): flagged, not a failed job.
    return sx.report(outcome, measured=("overload",))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before any run started (a running set reports itself)
        print("run-default: interrupted; nothing ran", file=sys.stderr)
        sys.exit(130)
