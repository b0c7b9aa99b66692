#!/usr/bin/env bash
# The default scenario set (the README's main job): builds what is missing,
# then runs every named scenario at its default points over SEQEX and TCP
# in parallel, with a progress line, and prints a short table.
# Results go to results/ (scenarios/README.md); options are passed on to
# scripts/run-default.py (--jobs N, --resume, --scenario NAME, --out DIR).
set -euo pipefail
source "$(dirname "$0")/common.sh"

mkdir -p "$SEQEX_BUILD"
log="$SEQEX_BUILD/seqex-build.log"
echo "building into $SEQEX_BUILD (log: $log) ..."
seqex_configure_and_build "$SEQEX_BUILD" > "$log" 2>&1 || {
  tail -n 40 "$log"; echo "build failed (full log: $log)" >&2; exit 1; }
cd "$SEQEX_ROOT"
exec "$SEQEX_PYTHON" "$SEQEX_ROOT/scripts/run-default.py" --build "$SEQEX_BUILD" \
  --out "$SEQEX_ROOT/results" --jobs "$SEQEX_JOBS" "$@"
