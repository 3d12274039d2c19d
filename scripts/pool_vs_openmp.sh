#!/usr/bin/env bash
# Build and run benchmarks/c/pool_vs_openmp.c: raptors' pthread pool against
# an OpenMP loop on the same blocks, and the serial loop (docs/performance.md,
# "Why a pthread pool"). One process per method (spinning workers of one
# would steal the CPUs of the other), three rounds in turn; each cell is the
# best of the three medians. Needs gcc with OpenMP (libgomp).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/raptors-pool-vs-openmp
${CC:-gcc} -std=c11 -O2 -fopenmp -D_GNU_SOURCE -Iinclude -Isrc/core \
    benchmarks/c/pool_vs_openmp.c src/core/pool.c src/core/alloc.c -o "$out" -lpthread
for round in 1 2 3; do
    for method in serial pool openmp; do "$out" "$method"; done
done | awk '
    { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      b = $1 SUBSEP key
      if (!(b in back) || $3 < back[b]) back[b] = $3
      if (!(b in gap) || $4 < gap[b]) gap[b] = $4 }
    END {
      printf "median us per call, best of 3 runs; 2 threads\n"
      printf "%9s | %8s %8s %8s | %8s %8s %8s\n", "array", "serial", "pool", "openmp", "serial", "pool", "openmp"
      printf "%9s | %26s | %26s\n", "", "back to back", "after a 2 ms pause"
      for (i = 1; i <= n; i++) { k = order[i]
        printf "%5s KiB | %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f\n", k,
          back["serial" SUBSEP k], back["pool" SUBSEP k], back["openmp" SUBSEP k],
          gap["serial" SUBSEP k], gap["pool" SUBSEP k], gap["openmp" SUBSEP k] } }'
