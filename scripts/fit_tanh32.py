"""Fit the table of float32 tanh (src/kernels/vmath_hyp.c, TANH_T).

Intervals of a = |x|: [0, 1/8), then two per binade from 1/8 to 8, and [8, 10].
In each, xc is a float (near the middle) whose tanh is within ~2^-11 ULP of
the float c0, and tanh(xc + t) = c0 + t Q(t) with Q of degree D - 1 fitted by
least squares weighted by 1/ULP on Chebyshev nodes (for [0, 1/8): xc = c0 = 0
and tanh a = a + a Q(a)). The coefficients are rounded to float and the
evaluation (t = a - xc exact, Horner in FMAs, the final FMA) is emulated on
random floats of each interval to print its max error in ULP (against
math.tanh in double); scripts/vmath_exhaustive.c measures the kernel itself.

    python scripts/fit_tanh32.py [D=7]
"""

import math
import sys

import numpy as np

D = int(sys.argv[1]) if len(sys.argv) > 1 else 7
E0 = -3  # the first binade of the two-per-binade intervals (1/8)
SUB = 2  # intervals per binade


def fl(x):
    return float(np.float32(x))


def ulp(y):
    e = np.floor(np.log2(abs(y)))
    return 2.0 ** (max(e, -126) - 23)


def fma32(a, b, c):
    return fl(a * b + c)  # the float product is exact in double


def near_exact_center(lo, hi):
    """A float x in [lo, hi] near the middle with tanh(x) close to a float."""
    best = None
    m = fl((lo + hi) / 2)
    cands = [m + k * ulp(m) for k in range(-2000, 2000)]
    c = fl(math.tanh(m))
    cands += [fl(math.atanh(c + k * ulp(c))) for k in range(-300, 300) if -1 < c + k * ulp(c) < 1]
    for x in cands:
        if not lo <= x <= hi:
            continue
        t = math.tanh(x)
        r = fl(t)
        err = abs(t - r) / ulp(r) + 0.01 * abs(x - (lo + hi) / 2) / (hi - lo)
        if best is None or err < best[0]:
            best = (err, x, r)
    return best[1], best[2]


def fit_interval(lo, hi, small):
    xc, c0 = (0.0, 0.0) if small else near_exact_center(lo, hi)
    n = 400
    ts = np.cos(np.pi * (np.arange(n) + 0.5) / n) * (hi - lo) / 2 + (hi + lo) / 2 - xc
    ts = ts[ts != 0]
    y = np.array([math.tanh(xc + t) for t in ts])
    tgt = y - (ts if small else c0)
    w = np.array([1 / ulp(v) for v in y])
    h = np.abs(ts).max()
    v = np.vander(ts / h, D + 1, increasing=True)[:, 1:]
    c, *_ = np.linalg.lstsq(v * w[:, None], tgt * w, rcond=None)
    return xc, c0, [fl(cv / h ** (k + 1)) for k, cv in enumerate(c)]


def evaluate(x, xc, c0, c, small):
    t = fl(x - xc)
    q = c[-1]
    for cv in reversed(c[:-1]):
        q = fma32(q, t, cv)
    return fma32(t, q, t if small else c0)


def main():
    ivs = [(0.0, 2.0**E0, True)]
    e = E0
    while 2.0**e < 8:
        for j in range(SUB):
            ivs.append((2.0**e * (1 + j / SUB), 2.0**e * (1 + (j + 1) / SUB), False))
        e += 1
    ivs.append((8.0, 10.0, False))
    rng = np.random.default_rng(1)
    tab, worst = [], 0.0
    for lo, hi, small in ivs:
        xc, c0, c = fit_interval(lo, hi, small)
        tab.append((xc, c0, c))
        xs = rng.uniform(max(lo, 2**-12), hi, 3000).astype(np.float32).astype(float)
        we = max(abs(evaluate(x, xc, c0, c, small) - math.tanh(x)) / ulp(fl(math.tanh(x))) for x in xs)
        worst = max(worst, we)
        print(f"/* [{lo:g}, {hi:g}): xc {xc!r}, max {we:.3f} ULP */")
    print(f"/* {len(ivs)} intervals, max {worst:.3f} ULP */")
    rows = [[t[0] for t in tab], [t[1] for t in tab]] + [[t[2][k] for t in tab] for k in range(D)]
    for row in rows:
        print("{" + ", ".join(float(np.float32(v)).hex() + "f" for v in row) + "},")


if __name__ == "__main__":
    main()
