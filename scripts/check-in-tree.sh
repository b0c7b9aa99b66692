#!/usr/bin/env bash
# Builds this project the way an ns-3 user does: as the contrib module "seqex"
# inside an ns-3 source tree (ns-3.37, the source of Debian's ns-3, from
# Debian's archive), through ns-3's own CMake (build_lib, build_lib_example);
# then runs the module's ns-3 TestSuite with ns-3's test-runner and both
# examples. The standalone build (scripts/test.sh) cannot show that
# cmake/seqex-in-tree.cmake works; this does.
#   scripts/check-in-tree.sh [WORK_DIR]        (default: build-in-tree)
# The ns-3 tree is downloaded and built once per WORK_DIR; later runs copy the
# project's files in again and rebuild what changed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

work="${1:-$SEQEX_ROOT/build-in-tree}"
version=3.37
tarball="ns3_${version}.orig.tar.bz2"
url="http://deb.debian.org/debian/pool/main/n/ns3/$tarball"
sha256=dfa5ca1994ff3dbe1d4b23cef54e05e6079f5707a2ed6055f717bdd5b458c38d # from ns3_3.37-2.dsc
tree="$work/ns-$version"

say() { echo "check-in-tree: $*"; }
fail() { echo "check-in-tree: $*" >&2; exit 1; }

for tool in curl sha256sum tar cmake ninja git; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/install-deps.sh installs what this needs)"
done
mkdir -p "$work"

if ! echo "$sha256  $work/$tarball" | sha256sum -c --status 2>/dev/null; then
  say "downloading $url"
  curl -fsS -o "$work/$tarball.part" "$url" || fail "cannot download $url"
  echo "$sha256  $work/$tarball.part" | sha256sum -c --status ||
    fail "$url does not have the sha256 of Debian's ns3_3.37-2.dsc ($sha256)"
  mv "$work/$tarball.part" "$work/$tarball"
  rm -rf "$tree"
fi
if [ ! -f "$tree/CMakeLists.txt" ]; then
  say "unpacking ns-$version"
  rm -rf "$tree" && mkdir -p "$tree"
  tar -xjf "$work/$tarball" -C "$tree" --strip-components=2 "ns-allinone-$version/ns-$version" ||
    fail "cannot unpack $work/$tarball"
fi

# The module is the project's tracked files as they are in the working tree
# (results/ is data, not code). Copied afresh, so a removed file goes too.
module="$tree/contrib/seqex"
rm -rf "$module" && mkdir -p "$module"
git -C "$SEQEX_ROOT" ls-files -z -- . ':!results' | (cd "$SEQEX_ROOT" && tar --null -T - -cf -) | tar -xf - -C "$module"

# seqex and what its examples use; csma because ns-3's own test library
# (linked into test-runner) needs it. ns-3 adds every dependency.
cmake -S "$tree" -B "$tree/cmake-cache" -G Ninja -DCMAKE_BUILD_TYPE=release \
  -DNS3_ENABLED_MODULES="seqex;point-to-point;csma" -DNS3_TESTS=ON -DNS3_EXAMPLES=ON \
  -DNS3_PYTHON_BINDINGS=OFF -DNS3_WARNINGS_AS_ERRORS=OFF >"$work/configure.log" 2>&1 ||
  fail "ns-3's configure failed with contrib/seqex: see $work/configure.log"
grep -q "Processing contrib/seqex" "$work/configure.log" || fail "ns-3 did not pick up contrib/seqex: see $work/configure.log"
say "building the module, its examples and ns-3's test-runner (log: $work/build.log)"
cmake --build "$tree/cmake-cache" -j "$SEQEX_JOBS" --target libseqex seqex-two-nodes seqex-packet-trace test-runner \
  >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; fail "the in-tree build failed: see $work/build.log"; }

bin="$tree/build"
export LD_LIBRARY_PATH="$bin/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
say "ns-3 test-runner --suite=seqex"
"$bin/utils/ns$version-test-runner" --suite=seqex --verbose || fail "the seqex TestSuite failed under ns-3's test-runner"
say "examples"
"$bin/contrib/seqex/examples/ns$version-seqex-two-nodes" --exchanges=50 --loss=0.1 ||
  fail "seqex-two-nodes did not complete every exchange in-tree"
"$bin/contrib/seqex/examples/ns$version-seqex-packet-trace" >"$work/packet-trace.txt" ||
  fail "seqex-packet-trace did not complete every exchange in-tree: see $work/packet-trace.txt"
tail -1 "$work/packet-trace.txt"
say "ok: contrib/seqex builds in ns-$version, its TestSuite passes, both examples complete"
