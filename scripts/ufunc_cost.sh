#!/bin/bash
# Instructions an element of each float function's AVX2 kernel (valgrind
# runs no AVX-512), single-threaded, under callgrind: the figures of the
# table in src/core/ufunc_cost.c (docs/performance.md, "Threads by cost").
#   bash scripts/ufunc_cost.sh [op ...]        (default: every float function)
#   DTYPES="complex64 complex128" bash scripts/ufunc_cost.sh divide   other dtypes
#   TIME=1 bash scripts/ufunc_cost.sh ...      also the AVX2 kernel's ns an element
#                                              (best of 200; RAPTORS_INSNS_PER_NS's source)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build/editable}
cc -O2 -Iinclude -Isrc/core -Isrc/kernels scripts/ufunc_cost.c "$build/librpcore.a" \
    -lm -lpthread -o build/ufunc_cost
ops=${*:-exp exp2 expm1 log log2 log10 log1p sin cos tan arcsin arccos arctan sinh cosh tanh
    arcsinh arccosh arctanh cbrt arctan2 hypot logaddexp logaddexp2 power fmod}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for op in $ops; do
    for dt in ${DTYPES:-float32 float64}; do
        valgrind --tool=callgrind --collect-atstart=no --toggle-collect=run_case \
            --callgrind-out-file="$tmp/out" build/ufunc_cost "$op" "$dt" count avx2 \
            >"$tmp/log" 2>&1 || { echo "$op $dt: failed"; continue; }
        ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$tmp/out")
        line=$(grep -m1 "n=" "$tmp/log")
        n=$(sed 's/.*n=\([0-9]*\) reps=\([0-9]*\).*/\1 * \2/' <<<"$line")
        per=$(python3 -c "print(round($ir / ($n)))")
        extra=""
        [ -n "${TIME:-}" ] && extra=" $(build/ufunc_cost "$op" "$dt" time avx2 | awk '{print $4, $5}')"
        printf '%-10s %-8s %6s insns/element%s\n' "$op" "$dt" "$per" "$extra"
    done
done
