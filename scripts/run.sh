#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, runs the default
# scenario set (results under results/<scenario>/) and draws the figures
# (results/figures/). Options go to scripts/run-default.py, e.g.
#   scripts/run.sh --scenario loss-sweep     only one scenario
#   scripts/run.sh --resume                  keep the runs already done
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$SEQEX_ROOT/scripts/install-deps.sh"
"$SEQEX_ROOT/scripts/run-default.sh" "$@"
"$SEQEX_PYTHON" "$SEQEX_ROOT/scripts/plot_all.py" --results "$SEQEX_ROOT/results"
