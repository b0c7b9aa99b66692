#!/usr/bin/env bash
# The two instruction counters agree on BM_Cycle's cycle: the fixed-N program
# (count-cycle-instructions.sh, difference of two runs) and the per-benchmark
# counter (count-bench-instructions.py, the measured call of the Google
# Benchmark loop). They count the same cycle in different harnesses, which
# the compiler inlines differently (400 vs 401 and 426 vs 436 seen), so a
# gap beyond 5% means one of them counts something else.
#   bench/check-instruction-counts.sh BUILD_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?usage: check-instruction-counts.sh BUILD_DIR}"
cycle=$("$here/count-cycle-instructions.sh" "$build" | sed -n 's/^instructions per cycle: \([0-9]*\).*/\1/p')
bench=$(/usr/bin/python3 "$here/count-bench-instructions.py" --build "$build" --filter '^BM_Cycle$' |
        sed -n 's/^| `BM_Cycle` | [0-9]* | 1 | \([0-9]*\) |$/\1/p')
[ -n "$cycle" ] && [ -n "$bench" ] || { echo "check-instruction-counts: a counter printed no figure (cycle '$cycle', bench '$bench')" >&2; exit 1; }
echo "BM_Cycle: $cycle instructions (fixed-N program), $bench (benchmark loop)"
if [ $(( (cycle > bench ? cycle - bench : bench - cycle) * 20 )) -gt "$cycle" ]; then
  echo "check-instruction-counts: the counts differ by more than 5%" >&2
  exit 1
fi
