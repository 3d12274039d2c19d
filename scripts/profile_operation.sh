#!/usr/bin/env bash
# Profile one benchmark-suite op for raptors and/or NumPy: perf stat counters,
# py-spy and perf flamegraphs, callgrind instruction counts per call, the hot
# kernels' instruction mix, and summary.md/summary.json side by side.
#
#   scripts/profile_operation.sh OP SHAPE DTYPE [--lib raptors|numpy|both] [--out DIR]
#                                [--seconds S] [--calls N1,N2] [--skip perf,pyspy,...]
#   e.g. scripts/profile_operation.sh scale 256x256 float32 --lib both
#
# OP: sum mean mean_axis0 mean_axis1 broadcast_add scale; SHAPE: 256x256 or 4096;
# DTYPE: float64 float32 int64 int32. Output: benchmarks/profiles/<time>-<op>-<shape>-<dtype>/
# Interpreter: $RAPTORS_PYTHON, else $RAPTORS_VENV/bin/python (default .venv), else python3.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
    -h|--help) usage; exit 0 ;;
esac
if [ $# -lt 3 ]; then
    usage >&2
    exit 2
fi
. "$ROOT/scripts/lib/choose_python.sh"
# Run the tool from the checkout by path: it must work while `import raptors`
# does not (extension not built yet), and it must be this checkout's version.
exec "$PY" "$ROOT/raptors/profile/__main__.py" profile --python "$PY" "$@"
