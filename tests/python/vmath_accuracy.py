"""Accuracy of raptors' vectorized math functions against a high-precision
reference: np.longdouble for float64 (x86-64's 64-bit significand; the
reference's own error is below 2^-11 ULP of a double), float64 for float32.

The bounds are data: the "reference" table of ufunc_ulp.json (max ULP per
function and dtype), which test_vmath.py reads and docs/ufuncs.md quotes.

    python tests/python/vmath_accuracy.py          # the CI sample (fixed seed)
    python tests/python/vmath_accuracy.py --full   # >= 1e6 inputs per row, for the docs
"""

from __future__ import annotations

import argparse
import json

import numpy as np

# The functions and dtypes raptors computes with its own kernels
# (src/kernels/vmath_*.c); the others call libm.
VMATH = {"exp": ("float32", "float64"), "log": ("float32", "float64"),
         "log2": ("float32", "float64"), "log10": ("float32", "float64"),
         "tanh": ("float32", "float64"), "sin": ("float32",), "cos": ("float32",),
         "exp2": ("float32", "float64"), "expm1": ("float32", "float64"),
         "log1p": ("float32", "float64"),
         "arctan": ("float32", "float64"), "arcsin": ("float32", "float64"),
         "arccos": ("float32", "float64"), "arctan2": ("float32", "float64"), "cbrt": ("float32", "float64"), "tan": ("float32", "float64"),
         "sinh": ("float32", "float64"), "cosh": ("float32", "float64"),
         "arcsinh": ("float32", "float64"), "arccosh": ("float32", "float64"),
         "arctanh": ("float32", "float64")}
BINARY = ("arctan2",)
CASES = [(name, dt) for name, dts in VMATH.items() for dt in dts]


def inputs(name: str, dt, n: int, seed: int = 0) -> np.ndarray:
    """n inputs over the function's whole domain, plus its hard regions."""
    rng = np.random.default_rng(seed)
    f64 = dt == np.float64
    m = max(n // 8, 1)
    if name == "exp":
        lo, hi = (-745.2, 709.79) if f64 else (-103.98, 88.73)
        dmin = -708.4 if f64 else -87.34  # below: subnormal results
        parts = [rng.uniform(lo, hi, n), rng.uniform(-1, 1, m), rng.uniform(lo, dmin, m),
                 rng.uniform(hi - 1, hi, m),
                 np.exp(rng.uniform(-700, 0, m)) * rng.choice([-1, 1], m)]  # tiny arguments
    elif name in ("log", "log2", "log10"):
        tiny = 1e-310 if f64 else 1e-39
        lim = 709 if f64 else 88
        parts = [np.exp(rng.uniform(-lim - 35, lim, n)), rng.uniform(0.5, 2, m),
                 np.ldexp(1.0, rng.integers(-140, 127, m)), 10.0 ** rng.integers(-30, 30, m),
                 1 + rng.uniform(-1e-3, 1e-3, m), 1 + rng.uniform(-1e-12, 1e-12, m),
                 rng.uniform(0, tiny, m)]
    elif name == "tanh":
        parts = [rng.uniform(-10, 10, n), rng.uniform(-1, 1, m), rng.uniform(-20, 20, m),
                 rng.uniform(-0.1, 0.1, m),  # float64's polynomial and its edge (1/16)
                 np.exp(rng.uniform(-100 if not f64 else -700, 0, m)) * rng.choice([-1, 1], m),
                 rng.uniform(-2**-10, 2**-10, m)]
    elif name in ("sinh", "cosh"):
        lim = 710.5 if f64 else 89.5  # past it: overflow
        parts = [rng.uniform(-lim, lim, n), rng.uniform(-1, 1, m), rng.uniform(-30, 30, m),
                 rng.uniform(lim - 3, lim, m) * rng.choice([-1, 1], m),
                 rng.uniform(0.45, 0.55, m) * rng.choice([-1, 1], m),  # sinh's two paths
                 np.exp(rng.uniform(-700 if f64 else -100, 0, m)) * rng.choice([-1, 1], m)]
    elif name == "arcsinh":
        big = 700 if f64 else 88
        parts = [rng.uniform(-30, 30, n), rng.uniform(-1, 1, m),
                 np.exp(rng.uniform(-big, big, m)) * rng.choice([-1, 1], m),
                 np.exp(rng.uniform(15, 25, m)) * rng.choice([-1, 1], m),  # past 2^28
                 np.exp(rng.uniform(big, 709.78, m)) * rng.choice([-1, 1], m) if f64 else []]
    elif name == "arccosh":
        big = 700 if f64 else 88
        parts = [rng.uniform(1, 100, n), 1 + np.exp(rng.uniform(-40 if f64 else -17, 0, m)),
                 np.exp(rng.uniform(0, big, m)), np.exp(rng.uniform(15, 25, m)),
                 rng.uniform(1, 3, m), np.exp(rng.uniform(big, 709.78 if f64 else 88.72, m))]
    elif name == "arctanh":
        parts = [rng.uniform(-1, 1, n), rng.uniform(-1e-3, 1e-3, m),
                 (1 - np.exp(rng.uniform(-36 if f64 else -16, -1, m))) * rng.choice([-1, 1], m),
                 np.exp(rng.uniform(-700 if f64 else -100, 0, m)) * rng.choice([-1, 1], m)]
    elif name in ("sin", "cos", "tan"):
        k = rng.integers(-400000, 400000, m)
        parts = [rng.uniform(-100, 100, n), rng.uniform(-1, 1, m),
                 k * (np.pi / 2) + rng.uniform(-1e-4, 1e-4, m),  # near multiples of pi/2
                 rng.uniform(-2e6, 2e6, m), np.exp(rng.uniform(10, 88, m)),  # large, huge
                 np.exp(rng.uniform(-100, -5, m)) * rng.choice([-1, 1], m)]
    elif name == "exp2":
        lo, hi = (-1075.0, 1024.0) if f64 else (-150.0, 128.0)
        parts = [rng.uniform(lo, hi, n), rng.uniform(-1, 1, m), rng.uniform(lo, lo + 28, m),
                 rng.uniform(hi - 4, hi, m), rng.integers(-140, 127, m) + rng.uniform(-1e-3, 1e-3, m),
                 np.exp(rng.uniform(-100, 0, m)) * rng.choice([-1, 1], m)]
    elif name == "expm1":
        hi = 709.78 if f64 else 88.72
        parts = [rng.uniform(-30, hi, n), rng.uniform(-1, 1, m), rng.uniform(-1e-3, 1e-3, m),
                 rng.uniform(hi - 1, hi, m), rng.uniform(10, 20, m),  # 2^k - 1 inexact
                 np.exp(rng.uniform(-100, 0, m)) * rng.choice([-1, 1], m)]
    elif name == "log1p":
        lim = 709 if f64 else 88
        parts = [np.exp(rng.uniform(-40, lim, n)), rng.uniform(-1, 2, m),
                 rng.uniform(-1e-3, 1e-3, m), -np.exp(rng.uniform(-40, 0, m)),  # near -1
                 np.exp(rng.uniform(-100, 0, m)) * rng.choice([-1, 1], m),
                 rng.uniform(2.0**23, 2.0**26, m)]
    elif name == "arctan":
        parts = [rng.uniform(-20, 20, n), rng.uniform(-1, 1, m), 1 + rng.uniform(-1e-3, 1e-3, m),
                 -1 + rng.uniform(-1e-3, 1e-3, m),
                 np.exp(rng.uniform(-100 if not f64 else -700, 80, m)) * rng.choice([-1, 1], m)]
    elif name in ("arcsin", "arccos"):
        parts = [rng.uniform(-1, 1, n), rng.uniform(-0.52, 0.52, m),  # the two intervals' edge
                 1 - np.exp(rng.uniform(-30, 0, m)), np.exp(rng.uniform(-30, 0, m)) - 1,
                 np.exp(rng.uniform(-100 if not f64 else -700, 0, m)) * rng.choice([-1, 1], m)]
    elif name == "cbrt":
        lim = 700 if f64 else 87
        parts = [rng.uniform(-100, 100, n), rng.uniform(-1, 1, m),
                 np.exp(rng.uniform(-lim - 16, lim, m)) * rng.choice([-1, 1], m),  # subnormals
                 np.ldexp(1.0, rng.integers(-149, 127, m)) * rng.choice([-1, 1], m),
                 rng.integers(-1000, 1000, m) ** 3.0]  # exact cubes
    elif name == "arctan2":
        # two rows (y, x): every octant, ratios near 1 and extreme, tiny and huge
        k = 4 * n + 4 * m
        y = np.concatenate([rng.uniform(-10, 10, n), rng.uniform(-1, 1, m)])
        x = np.concatenate([rng.uniform(-10, 10, n), rng.uniform(-1, 1, m)])
        x = np.concatenate([x, y * (1 + rng.uniform(-1e-3, 1e-3, n + m)) * rng.choice([-1, 1], n + m)])
        y = np.concatenate([y, y])
        mag = np.exp(rng.uniform(-80, 80, (2, k - len(x))))
        x = np.concatenate([x, mag[0] * rng.choice([-1, 1], k - len(x))])
        y = np.concatenate([y, mag[1] * rng.choice([-1, 1], k - len(y))])
        return np.stack([y, x]).astype(dt)
    else:
        raise KeyError(name)
    return np.concatenate(parts).astype(dt)


def ulp_error(got: np.ndarray, ref: np.ndarray, dt) -> np.ndarray:
    """|got - ref| in ULPs of the exact value's binade in dt (subnormals: the
    subnormal spacing); an infinite or NaN disagreement is inf."""
    fi = np.finfo(dt)
    with np.errstate(all="ignore"):
        ref = np.where(np.isinf(ref.astype(dt)), ref.astype(dt), ref)  # beyond dt's range
    a = np.abs(ref)
    fin = np.isfinite(ref) & np.isfinite(got)
    a = np.where(fin, a, 1)
    e = np.floor(np.log2(np.maximum(a, fi.smallest_normal).astype(np.float64)))
    ulp = np.ldexp(1.0, (e - fi.nmant).astype(int)).astype(ref.dtype)
    with np.errstate(all="ignore"):
        d = (np.abs(got.astype(ref.dtype) - ref) / ulp).astype(np.float64)
    same = (got.astype(ref.dtype) == ref) | (np.isnan(got) & np.isnan(ref))
    return np.where(fin, d, np.where(same, 0.0, np.inf))


def call(mod, name: str, x: np.ndarray):
    """mod.<name> on x (a binary function's two rows as its two arguments)."""
    fn = getattr(mod, name)
    return fn(x[0], x[1]) if name in BINARY else fn(x)


def reference(name: str, x: np.ndarray) -> np.ndarray:
    wide = np.longdouble if x.dtype == np.float64 else np.float64
    with np.errstate(all="ignore"):
        return call(np, name, x.astype(wide))


def measure(mod, name: str, dt, n: int, seed: int = 0) -> tuple[float, float]:
    """(max ULP error, the argument where it occurs) of mod.<name>."""
    x = inputs(name, dt, n, seed)
    with np.errstate(all="ignore"):
        got = np.asarray(call(mod, name, np.ascontiguousarray(x) if name not in BINARY
                              else [np.ascontiguousarray(r) for r in x]))
    d = ulp_error(got, reference(name, x), dt)
    at = x[..., d.argmax()]
    return float(d.max()), (float(at) if at.ndim == 0 else tuple(float(v) for v in at))


def main() -> None:
    import raptors as rp

    p = argparse.ArgumentParser()
    p.add_argument("--full", action="store_true", help="1e6 uniform inputs per row (not 50k)")
    n = 1_000_000 if p.parse_args().full else 50_000
    table = {}
    for name, dtn in CASES:
        dt = np.dtype(dtn).type
        if True:
            r, at = measure(rp, name, dt, n)
            w, _ = measure(np, name, dt, n)
            table.setdefault(name, {})[np.dtype(dt).name] = {"raptors": round(r, 3),
                                                               "numpy": round(w, 3), "at": at}
    print(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
