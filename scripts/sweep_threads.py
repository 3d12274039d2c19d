"""Measure where a second thread starts to pay: 1 vs 2 threads, same process.

Runs float64 `a * c`, `a + b`, `a.sum()`, `m.mean(axis=0)` and `m.mean(axis=1)`
over a range of sizes with the thread cutoffs at 0 (set the environment before
the import, as below), switching the pool between 1 and 2 threads round by
round, and prints the best time of each (us) and their ratio. The cutoffs in
include/raptors/ufunc.h and src/core/reduce.c were chosen from its output.

    RAPTORS_UFUNC_PAR_BYTES=0 RAPTORS_REDUCE_PAR_BYTES=0 \\
        python scripts/sweep_threads.py [N,N,...] [scale,add,sum,axis0,axis1]

The math cases (threads by cost, src/core/ufunc_cost.c) are named
<function>_<f32|f64>: exp, sin, tanh, power (by 2.5), arctan2, hypot, e.g.

    RAPTORS_UFUNC_PAR_BYTES=0 python scripts/sweep_threads.py \\
        16384,32768,65536,131072,262144 exp_f32,exp_f64,sin_f64,tanh_f32,hypot_f64

The size where the ratio (1-thread time / 2-thread time) passes 1 is a
function's break-even; its 1-thread time there, over its size, is the serial
work a thread needs (PAR_NS), and the 1-thread time per element checks the
table's cost (instructions / INSNS_PER_NS; halved for vector kernels on
AVX-512).
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
    fs = {
        "scale": lambda: a * 1.0009765625,
        "add": lambda: a + b,
        "sum": lambda: a.sum(),
        "axis0": lambda: m.mean(axis=0),
        "axis1": lambda: m.mean(axis=1),
    }
    for sfx, dt in (("f32", "float32"), ("f64", "float64")):
        x = rp.asarray(rng.uniform(-10, 10, n).astype(dt))
        y = rp.asarray(rng.uniform(0.5, 10, n).astype(dt))
        o = rp.empty(n, dtype=dt)
        for name in MATH:
            fn = getattr(rp, name)
            if name in ("arctan2", "hypot"):
                fs[f"{name}_{sfx}"] = lambda fn=fn, x=x, y=y, o=o: fn(x, y, out=o)
            elif name == "power":
                fs[f"{name}_{sfx}"] = lambda fn=fn, y=y, o=o: fn(y, 2.5, out=o)
            else:
                fs[f"{name}_{sfx}"] = lambda fn=fn, x=x, o=o: fn(x, out=o)
    return fs


MATH = ["exp", "sin", "tanh", "power", "arctan2", "hypot"]


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
