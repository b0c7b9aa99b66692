#!/usr/bin/env bash
# Builds this project the way an ns-3 user does: as the contrib module "seqex"
# inside an ns-3 source tree (ns-3.37, the source of Debian's ns-3), through
# ns-3's own CMake (build_lib, build_lib_example); then runs the module's ns-3
# TestSuite with ns-3's test-runner and both examples. The standalone build
# (scripts/test.sh) cannot show that the build_lib call in CMakeLists.txt
# works; this does.
#   scripts/check-in-tree.sh [WORK_DIR]        (default: build-in-tree)
# The ns-3 source is Debian's source package of the installed libns3-dev,
# fetched with `apt-get source` from deb-src entries derived from this
# machine's own apt sources (a private apt state under WORK_DIR: the system's
# apt configuration is not touched). apt checks the files against the
# archive's signed index; the orig tarball is checked again against the .dsc
# and a pinned sha256. The tree is fetched and built once per WORK_DIR; later
# runs copy the project's files in again and rebuild what changed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

work="${1:-$SEQEX_ROOT/build-in-tree}"
version=3.37
debian_version=3.37-2
tarball="ns3_${version}.orig.tar.bz2"
sha256=dfa5ca1994ff3dbe1d4b23cef54e05e6079f5707a2ed6055f717bdd5b458c38d # from ns3_3.37-2.dsc
tree="$work/ns-$version"

say() { echo "check-in-tree: $*"; }
fail() { echo "check-in-tree: $*" >&2; exit 1; }

for tool in apt-get awk sha256sum tar bzip2 cmake ninja git; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/install-deps.sh installs what this needs)"
done
installed=$(dpkg-query -W -f='${source:Version}' libns3-dev 2>/dev/null) ||
  fail "libns3-dev is not installed (scripts/install-deps.sh installs it)"
[ "$installed" = "$debian_version" ] ||
  fail "the installed libns3-dev is from ns3 $installed; this check is for ns3 $debian_version (ns-$version)"
mkdir -p "$work"

# deb-src twins of the machine's enabled deb entries: one-line entries from
# sources.list and *.list, deb822 paragraphs from *.sources (Types: deb).
derive_deb_src() {
  local apt="$1" f
  mkdir -p "$apt/sources.list.d"
  : >"$apt/sources.list"
  : >"$apt/sources.list.d/derived.sources"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -nE 's/^[[:space:]]*deb([[:space:]]+)/deb-src\1/p' "$f" >>"$apt/sources.list"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
      {
        n = split($0, lines, "\n"); out = ""; deb = 0; enabled = 1
        for (i = 1; i <= n; i++) {
          line = lines[i]
          if (line ~ /^#/) continue
          if (tolower(line) ~ /^types:/) {
            if ((" " substr(line, 7) " ") ~ /[[:space:]]deb[[:space:]]/) deb = 1
            line = "Types: deb-src"
          }
          if (tolower(line) ~ /^enabled:[[:space:]]*no/) enabled = 0
          out = out line "\n"
        }
        if (deb && enabled) printf "%s", out ORS
      }' "$f" >>"$apt/sources.list.d/derived.sources"
  done
  [ -s "$apt/sources.list" ] || [ -s "$apt/sources.list.d/derived.sources" ] ||
    fail "no enabled deb entry in /etc/apt/sources.list or /etc/apt/sources.list.d/ to derive a deb-src entry from"
}

fetch_source() {
  local apt="$work/apt"
  rm -rf "$apt" && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/source"
  derive_deb_src "$apt"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
              -o "APT::Sandbox::User=$(id -un)" -o "Acquire::Languages=none")
  say "apt-get update (deb-src entries derived from the machine's apt sources; log: $work/apt.log)"
  apt-get "${opts[@]}" update >"$work/apt.log" 2>&1 ||
    fail "apt-get update with the derived deb-src entries failed: see $work/apt.log and $apt/sources.list.d/"
  say "apt-get source ns3=$debian_version"
  (cd "$apt/source" && apt-get "${opts[@]}" source --download-only "ns3=$debian_version") >>"$work/apt.log" 2>&1 ||
    fail "apt-get source ns3=$debian_version failed (is the source package in the archive of these entries?): see $work/apt.log"
  local dsc="$apt/source/ns3_${debian_version}.dsc"
  [ -f "$dsc" ] || fail "apt-get source left no $dsc"
  grep -Eq "^ $sha256 [0-9]+ $tarball\$" "$dsc" ||
    fail "$dsc does not list $tarball with the pinned sha256 $sha256"
  echo "$sha256  $apt/source/$tarball" | sha256sum -c --status ||
    fail "$apt/source/$tarball does not have the sha256 its .dsc lists ($sha256)"
  mv "$apt/source/$tarball" "$work/$tarball"
  rm -rf "$apt" "$tree"
}

if ! echo "$sha256  $work/$tarball" | sha256sum -c --status 2>/dev/null; then
  fetch_source
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
