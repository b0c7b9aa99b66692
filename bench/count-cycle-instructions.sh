#!/usr/bin/env bash
# Instructions of one send -> deliver -> ack -> resolve cycle (BM_Cycle's
# cycle), counted by callgrind: the figure that does not move with a shared
# machine's load, unlike the timings of seqex-core-bench.
#   bench/count-cycle-instructions.sh [BUILD_DIR]      (default: build)
# Two runs of seqex-cycle-count with N and 2N cycles; their difference over N
# is the cost of one cycle without start-up and tear-down.
set -euo pipefail
build="${1:-$(cd "$(dirname "$0")/.." && pwd)/build}"
program="$build/bench/seqex-cycle-count"
[ -x "$program" ] || { echo "count-cycle-instructions: $program not found: build first (scripts/test.sh)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "count-cycle-instructions: valgrind not found (apt-get install valgrind)" >&2; exit 1; }

count() { # total instructions of a run of $1 cycles
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$program" "$1" 2>&1) ||
    { echo "count-cycle-instructions: $program $1 failed under valgrind:" >&2; echo "$out" >&2; exit 1; }
  echo "$out" | sed -n 's/.*I *refs: *//p' | tr -d ,
}

n=200000
one=$(count "$n")
two=$(count $((2 * n)))
[ -n "$one" ] && [ -n "$two" ] || { echo "count-cycle-instructions: no instruction count in valgrind's output" >&2; exit 1; }
echo "instructions per cycle: $(( (two - one) / n ))   (callgrind, $program)"
