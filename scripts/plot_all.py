#!/usr/bin/python3
"""Makes every figure the results tree has data for, as PNG and SVG.

  /usr/bin/python3 scripts/plot_all.py --results results [--out results/figures]

Prints each figure written and each one skipped with the reason. Exit status:
0 if at least one figure was written, 1 if none (the reasons are printed),
2 if the --out folder cannot be written (checked before any figure is made).
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if __name__ == "__main__":
    from seqex_interpreter import require

    require("plot_all")  # before matplotlib is imported: an interpreter without it is swapped or named

from seqex_figures import FIGURES  # noqa: E402
from seqex_figures.style import save  # noqa: E402
from seqex_results import MissingData  # noqa: E402


def plot_all(results, out, names=None):
    """Returns (written paths, {name: reason skipped})."""
    written, skipped = [], {}
    for name, make in FIGURES.items():
        if names and name not in names:
            continue
        try:
            fig = make(results)
        except MissingData as e:
            skipped[name] = str(e)
            continue
        written.extend(save(fig, out, name))
    return written, skipped


def unwritable(folder):
    """Why figures cannot be written into `folder` (created if missing), or
    None; tried before any figure is made."""
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check."):
            pass
    except OSError as e:
        return f"cannot write there: {e.strerror or e}"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="results directory (scripts/run-default.sh writes results/)")
    parser.add_argument("--out", help="where the figures go (default: RESULTS/figures)")
    parser.add_argument("--only", action="append", choices=list(FIGURES), help="make only this figure (repeatable)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.results):
        print(f"plot_all: results directory {args.results} not found", file=sys.stderr)
        return 1
    out = args.out or os.path.join(args.results, "figures")
    problem = unwritable(out)
    if problem:
        print(f"plot_all: --out {out}: {problem}", file=sys.stderr)
        return 2
    written, skipped = plot_all(args.results, out, args.only)
    for path in written:
        print(f"wrote {path}")
    for name, reason in skipped.items():
        print(f"skipped {name}: {reason}")
    if not written:
        print("plot_all: no figure written (see the reasons above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
