#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, runs the default
# scenario set (results under results/<scenario>/) and draws the figures
# (results/figures/) and the tables over seeds (results/stats.md,
# results/<scenario>/stats.csv). Options go to scripts/run-default.py, e.g.
#   scripts/run.sh --scenario loss-sweep     only one scenario
#   scripts/run.sh --resume                  keep the runs already done
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$SEQEX_ROOT/scripts/install-deps.sh"
begin=$(date +%s)
status=0
"$SEQEX_ROOT/scripts/run-default.sh" "$@" || status=$?
echo "default set: $(( $(date +%s) - begin )) s wall"
# The tables and figures are drawn from whatever ran; a failed run is listed
# above, kept out of every mean, and the exit status says it failed.
"$SEQEX_PYTHON" "$SEQEX_ROOT/scripts/seqex_summary.py" --results "$SEQEX_ROOT/results"
"$SEQEX_PYTHON" "$SEQEX_ROOT/scripts/plot_all.py" --results "$SEQEX_ROOT/results"
exit "$status"
