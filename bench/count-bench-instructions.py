#!/usr/bin/python3
"""Instructions per item of every benchmark of seqex-core-bench, counted by
callgrind: the figures that do not move with a shared machine's load.

  bench/count-bench-instructions.py [--build BUILD_DIR] [--filter REGEX]

Each benchmark runs alone under callgrind, which dumps its counts after every
call of the benchmark function (Google Benchmark calls it with growing
iteration counts, then once for the measured run). The last call's
instructions over its iterations is the cost of one iteration; divided by
the items one iteration processes (the benchmark's items_per_second x its
CPU time per iteration, the pair Google Benchmark derives the rate from) it
is the cost of one item (a packet, a cycle). The set-up inside the benchmark function (two endpoints) is in that
call too: about 20,000 instructions over 10^5 and more iterations, under 0.2
instructions per iteration.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIME_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def fail(message):
    sys.exit("count-bench-instructions: " + message)


def summary_of(dump):
    with open(dump) as f:
        for line in f:
            if line.startswith("summary:"):
                return int(line.split()[1])
    fail("no summary line in callgrind dump " + dump)


def count(program, name, work):
    """(instructions per iteration, items per iteration) of benchmark `name`."""
    for old in glob.glob(os.path.join(work, "callgrind.out*")):
        os.remove(old)
    function = name.split("/")[0]
    report = os.path.join(work, "bench.json")
    command = ["valgrind", "--tool=callgrind", "--dump-after=*::%s(*" % function,
               "--callgrind-out-file=" + os.path.join(work, "callgrind.out"), program,
               "--benchmark_filter=^%s$" % re.escape(name), "--benchmark_min_time=0.2",
               "--benchmark_format=json", "--benchmark_out=" + report]
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        fail("%s failed under valgrind:\n%s" % (name, run.stderr[-2000:]))
    with open(report) as f:
        results = [b for b in json.load(f)["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
    if len(results) != 1:
        fail("%s: expected one result, got %d" % (name, len(results)))
    result = results[0]
    dumps = sorted(glob.glob(os.path.join(work, "callgrind.out.*")), key=lambda p: int(p.rsplit(".", 1)[1]))
    if not dumps:
        fail("%s: callgrind wrote no dump after %s (is the function named so?)" % (name, function))
    per_iteration = summary_of(dumps[-1]) / result["iterations"]
    items = 1.0
    if "items_per_second" in result:
        items = result["items_per_second"] * result["cpu_time"] * TIME_UNIT_SECONDS[result["time_unit"]]
        items = max(1.0, round(items))
    return per_iteration, items


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(root, "build"), help="build directory (default: build)")
    parser.add_argument("--filter", default=".", help="only benchmarks whose name matches this regex")
    args = parser.parse_args()
    program = os.path.join(args.build, "bench", "seqex-core-bench")
    if not os.access(program, os.X_OK):
        fail(program + " not found: build first (scripts/test.sh)")
    if shutil.which("valgrind") is None:
        fail("valgrind not found (apt-get install valgrind)")
    listed = subprocess.run([program, "--benchmark_list_tests"], capture_output=True, text=True, check=True)
    names = [n for n in listed.stdout.split() if re.search(args.filter, n)]
    if not names:
        fail("no benchmark matches --filter " + args.filter)
    print("| benchmark | instructions per iteration | items per iteration | instructions per item |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            per_iteration, items = count(program, name, work)
            print("| `%s` | %.0f | %d | %.0f |" % (name, per_iteration, items, per_iteration / items), flush=True)


if __name__ == "__main__":
    main()
