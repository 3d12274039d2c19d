"""Measure where a second thread starts to pay: 1 vs 2 threads, same process.

Runs float64 `a * c`, `a + b`, `a.sum()`, `m.mean(axis=0)` and `m.mean(axis=1)`
over a range of sizes with the thread cutoffs at 0 (set the environment before
the import, as below), switching the pool between 1 and 2 threads round by
round, and prints the best time of each (us) and their ratio. The cutoffs in
include/raptors/ufunc.h and src/core/reduce.c were chosen from its output.

    RAPTORS_UFUNC_PAR_BYTES=0 RAPTORS_REDUCE_PAR_BYTES=0 \\
        python scripts/sweep_threads.py [N,N,...] [scale,add,sum,axis0,axis1]
"""

import sys
import time

import numpy as np

import raptors as rp
from raptors import _raptors

DEFAULT_SIZES = [2**k for k in range(14, 22)]
ROUNDS = 30


def cases(n, rng):
    a, b = rp.asarray(rng.random(n)), rp.asarray(rng.random(n))
    side = int(n**0.5)
    m = rp.asarray(rng.random((side, n // side)))
    return {
        "scale": lambda: a * 1.0009765625,
        "add": lambda: a + b,
        "sum": lambda: a.sum(),
        "axis0": lambda: m.mean(axis=0),
        "axis1": lambda: m.mean(axis=1),
    }


def best_times(f, n):
    calls = max(1, 400_000 // n)
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(ROUNDS):
        for threads in best:
            _raptors._set_threads(threads)
            f()
            t0 = time.perf_counter()
            for _ in range(calls):
                f()
            best[threads] = min(best[threads], (time.perf_counter() - t0) / calls)
    return best[1], best[2]


def main(argv):
    sizes = [int(x) for x in argv[1].split(",")] if len(argv) > 1 else DEFAULT_SIZES
    names = argv[2].split(",") if len(argv) > 2 else ["scale", "add", "sum", "axis0", "axis1"]
    rng = np.random.default_rng(0)
    old = _raptors._set_threads(2)
    try:
        for n in sizes:
            fs = cases(n, rng)
            parts = []
            for name in names:
                t1, t2 = best_times(fs[name], n)
                parts.append(f"{name} {t1 * 1e6:8.1f} {t2 * 1e6:8.1f} {t1 / t2:5.2f}")
            print(f"n={n:>8} {n * 8 >> 10:>6} KiB |", " | ".join(parts), flush=True)
    finally:
        _raptors._set_threads(old)


if __name__ == "__main__":
    main(sys.argv)
