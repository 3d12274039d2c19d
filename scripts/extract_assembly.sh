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
. "$ROOT/scripts/lib/choose_python.sh"
exec "$PY" "$ROOT/raptors/profile/__main__.py" asm --python "$PY" "$@"
