#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds once, runs every
# test with ctest, then the core and codec tests again under ASan + UBSan,
# then the module built inside an ns-3 source tree.
# Rerun one test:  ctest --test-dir build -R <name>   (see README)
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$SEQEX_ROOT/scripts/install-deps.sh"

seqex_configure_and_build "$SEQEX_BUILD"
ctest --test-dir "$SEQEX_BUILD" --output-on-failure -j "$SEQEX_JOBS"

# Untrusted-input paths under sanitizers: the core alone, no ns-3.
sanitize_dir="${SEQEX_BUILD}-sanitize"
seqex_configure_and_build "$sanitize_dir" -DSEQEX_SANITIZE=ON -DSEQEX_WITH_NS3=OFF \
  -DSEQEX_WITH_BENCH=OFF -DSEQEX_WITH_PYTHON=OFF -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir "$sanitize_dir" --output-on-failure -j "$SEQEX_JOBS" -L sanitize

# The module inside a real ns-3 source tree (contrib/seqex, ns-3's own CMake):
# its TestSuite under ns-3's test-runner, both examples.
"$SEQEX_ROOT/scripts/check-in-tree.sh" "${SEQEX_BUILD}-in-tree"
