#!/usr/bin/env bash
# Installs the Debian packages the testbed needs, only when some are missing.
# Debian 12: ns-3.37 (ns3 libns3-dev libgsl-dev; libns3-dev's CMake config
# needs the other two), Boost.Test, Google Benchmark, pybind11, matplotlib,
# tshark, chromium (headless, for the conformance report page's test),
# doxygen (the ns-3 model's documentation check); Dask distributed (cluster
# sweeps) and pandas (seqex.sweep data frames).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  ns3 libns3-dev libgsl-dev
  libboost-test-dev libbenchmark-dev
  pybind11-dev python3-dev python3-matplotlib python3-numpy
  python3-distributed python3-pandas
  tshark
  bzip2 # scripts/check-in-tree.sh: unpacks the ns-3 source package (apt-get source)
  chromium   # tests/conformance: the interop matrix page checked in a real browser, headless
  valgrind   # bench/: instruction counts (callgrind)
  doxygen    # tests/ns3: the ns-3 model's public headers checked for ns-3-style Doxygen
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
