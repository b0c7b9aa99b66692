# Shared by the project's shell entry points: which python and build dirs.
# Debian's own python3 has matplotlib/numpy/pybind11's libpython; an
# interpreter earlier on PATH may not, so it is never picked by default.
SEQEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEQEX_PYTHON="${SEQEX_PYTHON:-/usr/bin/python3}"
SEQEX_BUILD="${SEQEX_BUILD:-$SEQEX_ROOT/build}"
SEQEX_JOBS="${SEQEX_JOBS:-$(nproc)}"

seqex_configure_and_build() {
  local dir="$1"; shift
  cmake -S "$SEQEX_ROOT" -B "$dir" -G Ninja -DPython3_EXECUTABLE="$SEQEX_PYTHON" "$@"
  cmake --build "$dir" -j "$SEQEX_JOBS"
}
