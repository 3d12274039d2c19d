#!/usr/bin/env bash
# Disassemble the hot kernels of suite ops in raptors' extension and NumPy's
# _multiarray_umath (wherever the interpreter imports them from), and write a
# side-by-side histogram of instruction classes (scalar / SSE / AVX / AVX-512 /
# NEON; loads, stores, adds, multiplies, FMAs, shuffles, prefetches, NT stores).
#
#   scripts/extract_assembly.sh [OP ...] [--shape 256x256] [--dtype float32]
#                               [--from PROFILE_DIR] [--out DIR] [--lib both]
#
# raptors' kernels are found by symbol name (see KERNEL_WORDS in
# raptors/profile/asm.py) and, like NumPy's, by the hottest functions of a
# callgrind run of the op (its own run, or PROFILE_DIR's). No OP: every op.
# Output: benchmarks/profiles/<time>-asm-<op>-<shape>-<dtype>/asm-histogram.{md,json}
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
# Sourced by the profiling scripts: choose the interpreter that runs the op.
# $RAPTORS_PYTHON wins; then the bench venv made by setup_bench_env.sh
# ($RAPTORS_VENV, default <repo>/.venv); then python3 on PATH. The real
# executable is resolved (pyenv's python3 is a shell shim, which valgrind
# would profile instead of Python).
if [ -n "${RAPTORS_PYTHON:-}" ]; then
    PY="$RAPTORS_PYTHON"
elif [ -x "${RAPTORS_VENV:-$ROOT/.venv}/bin/python" ]; then
    PY="${RAPTORS_VENV:-$ROOT/.venv}/bin/python"
else
    PY=$(command -v python3)
fi
PY=$("$PY" -c 'import sys; print(sys.executable)')
export RAPTORS_PROFILE_ROOT="$ROOT"
exec "$PY" "$ROOT/raptors/profile/__main__.py" asm --python "$PY" "$@"
