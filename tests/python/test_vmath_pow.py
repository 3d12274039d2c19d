"""power's float kernels (src/kernels/vmath_pow.c) against NumPy: the scalar
exponents NumPy's loop special-cases (-1, 0, 0.5, 1, 2) with their exact
values and warnings, float32's general power within the ULP bound of
ufunc_ulp.json against float64, special operands and their warnings as
NumPy's, and the same bits whatever the layout."""

from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest
from vmath_accuracy import ulp_error

import raptors as rp

with open(os.path.join(os.path.dirname(__file__), "ufunc_ulp.json")) as _f:
    REF_ULP = json.load(_f)["reference"]

DTYPES = ["float32", "float64"]
SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, 2.5, -2.5, 1e-45, -1e-45,
           1e-40, 1e-320, 3e38, -3e38, 1e300, np.inf, -np.inf, np.nan, -np.nan, 1e10, 1e-10,
           0.9999999, 1.0000001, 100.0, -100.0, 2.0**24, 2.0**24 + 2, 2.0**23 + 1, -(2.0**23 + 1),
           2.0**60, 88.0, -88.0, 150.0, -150.0]
FAST_EXPONENTS = [1, 0, 2, -1, 0.5, 1.0, 0.0, 2.0, -1.0]


def _arr(vals, dt):
    with np.errstate(all="ignore"):
        return np.array(vals, dtype=np.float64).astype(dt)


def _outcome(fn, mode="warn"):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all=mode):
            try:
                r = np.asarray(fn())
            except FloatingPointError as e:
                return None, ("raise", str(e))
    return r, ("ok", sorted({(type(m.message).__name__, str(m.message)) for m in w}))


def _same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and (
        a.view(f"u{a.itemsize}") == b.view(f"u{b.itemsize}")).all()


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("e", FAST_EXPONENTS + [np.float32(1.0), np.float64(0.5)])
def test_fast_exponents_match_numpy_bits_and_warnings(dt, e):
    """NumPy's loop turns these scalar exponents into 1/x, 1, sqrt(x), x and
    x*x (sqrt(-0) is -0, x ** 1 of a subnormal does not underflow); the
    operator and the function agree, value by value and for the whole array."""
    x = _arr(SPECIAL, dt)
    for v in list(x) + [None]:
        xs = x if v is None else np.array([v, v], dtype=dt)
        for fn in (lambda m, a: m.power(a, e), lambda m, a: a ** e):
            want, wn = _outcome(lambda: fn(np, xs))
            got, wr = _outcome(lambda: fn(rp, rp.asarray(xs)))
            assert wn == wr, (dt, e, v, wn, wr)
            assert _same_bits(got, want), (dt, e, v, got, want)


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("mode", ["raise", "warn"])
def test_special_operands_match_numpy(dt, mode):
    """Every pair of special operands: NaN where NumPy has NaN, the exact
    values (0, inf, 1, and finite ones within the ULP bound), and NumPy's
    warnings for each pair alone."""
    x = _arr(SPECIAL, dt)
    xs, ys = np.meshgrid(x, x)
    xs, ys = xs.ravel(), ys.ravel()
    with np.errstate(all="ignore"):
        want = np.power(xs, ys)
        got = np.asarray(rp.power(rp.asarray(xs), rp.asarray(ys)))
    assert (np.isnan(got) == np.isnan(want)).all()
    # exact where an operand is special (the rest rounds, within the bound:
    # 0.5 ** 150 is half the least subnormal, which NumPy rounds to 0)
    special = ~np.isfinite(xs) | ~np.isfinite(ys) | (xs == 0) | (ys == 0) | (np.abs(xs) == 1)
    np.testing.assert_array_equal(got[special], want[special])
    assert (np.signbit(got) == np.signbit(want))[~np.isnan(want)].all()
    if dt == "float32":
        with np.errstate(all="ignore"):
            ref = np.power(xs.astype(np.float64), ys.astype(np.float64))
        rest = ~special & ~np.isnan(want)
        assert ulp_error(got[rest], ref[rest], np.float32).max() <= REF_ULP["power"][dt]
    for a, b in zip(xs, ys):
        if abs(a) >= (1e300 if dt == "float64" else 3e38) and b == np.inf:
            continue  # NumPy's AVX-512 kernel (SVML) alone flags this inf as an overflow
        pa, pb = np.array([a, a], dtype=dt), np.array([b, b], dtype=dt)
        _, n = _outcome(lambda: np.power(pa, pb), mode)
        _, r = _outcome(lambda: rp.power(rp.asarray(pa), rp.asarray(pb)), mode)
        assert n == r, (dt, a, b, n, r)


def _pow_inputs(n, seed):
    rng = np.random.default_rng(seed)
    m = n // 6
    xs = [rng.uniform(0, 3, n), np.exp(rng.uniform(-100, 88, m)), 1 + rng.uniform(-1e-3, 1e-3, m),
          -rng.uniform(0, 3, m), rng.uniform(0, 1e-38, m)]
    ys = [rng.uniform(-30, 30, n), rng.uniform(-2, 2, m), rng.uniform(-8e4, 8e4, m),
          rng.integers(-60, 60, m).astype(np.float64), rng.uniform(-1.2, 1.2, m)]
    return (np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.float32))


def test_float32_power_within_the_reference_bound():
    """float32 power against float64's, including results near float's
    overflow and underflow (subnormal results) and large exponents near 1."""
    x, y = _pow_inputs(60_000, 3)
    with np.errstate(all="ignore"):
        got = np.asarray(rp.power(rp.asarray(x), rp.asarray(y)))
        ref = np.power(x.astype(np.float64), y.astype(np.float64))
        for e in (2.5, -1.7, 0.3, 10.5):  # a scalar exponent (a stride-0 operand)
            g = np.asarray(rp.asarray(np.abs(x)) ** e)
            r = np.power(np.abs(x).astype(np.float64), np.float64(np.float32(e)))
            assert ulp_error(g, r, np.float32).max() <= REF_ULP["power"]["float32"], e
    d = ulp_error(got, ref, np.float32)
    assert d.max() <= REF_ULP["power"]["float32"], (d.max(), x[d.argmax()], y[d.argmax()])


def _pow64_inputs(n, seed):
    """float64 pairs over the finite range: moderate x and y, x over the whole
    exponent range, x near 1 with y large enough that y log x nears 709 (where
    the log's error is multiplied most), negative x with integer y, and y at
    the fast path's edges (2^-60, 2^62, 2^52, 2^53)."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.uniform(0, 100, n), np.exp(rng.uniform(-700, 700, n)),
                        1 + rng.uniform(-0.02, 0.02, n), 1 + rng.uniform(-1e-6, 1e-6, n),
                        -rng.uniform(0, 10, n), rng.uniform(0.5, 2, n)])
    y = np.concatenate([rng.uniform(-30, 30, n), rng.uniform(-1, 1, n),
                        rng.uniform(-40000, 40000, n), rng.uniform(-6e8, 6e8, n),
                        rng.integers(-50, 50, n).astype(np.float64),
                        rng.choice([2.0**-60, 2.0**-61, 2.0**62 * (1 - 2**-53), 2.0**52 + 1,
                                    2.0**53 + 2, 3.0, -1e-300], n)])
    with np.errstate(all="ignore"):
        lim = 709.0 / np.abs(np.log(np.abs(x)))
    return x, np.clip(y, -lim, lim)


def test_float64_power_within_the_reference_bound():
    """float64 power against long double's (x86-64: 11 more bits), where the
    result is finite and nonzero; NumPy's own error on these inputs is above
    raptors' (docs/ufuncs.md)."""
    x, y = _pow64_inputs(40_000, 5)
    with np.errstate(all="ignore"):
        got = np.asarray(rp.power(rp.asarray(x), rp.asarray(y)))
        ref = np.power(x.astype(np.longdouble), y.astype(np.longdouble))
        g = np.asarray(rp.asarray(np.abs(x)) ** 2.5)  # a scalar exponent
        r = np.power(np.abs(x).astype(np.longdouble), 2.5)
    assert ulp_error(g, r, np.float64).max() <= REF_ULP["power"]["float64"]
    d = ulp_error(got, ref, np.float64)
    d = d[np.isfinite(d)]
    assert d.max() <= REF_ULP["power"]["float64"], d.max()


@pytest.mark.parametrize("dt", DTYPES)
def test_layouts_give_the_same_bits(dt):
    """Strided, reversed, broadcast and in-place operands give the
    contiguous call's bits."""
    x, y = _pow_inputs(3000, 4)
    x = np.concatenate([_arr(SPECIAL, dt), x.astype(dt)])
    y = np.concatenate([_arr(SPECIAL[::-1], dt), y.astype(dt)])
    with np.errstate(all="ignore"):
        base = np.asarray(rp.power(rp.asarray(x), rp.asarray(y)))
        for sl in (slice(None, None, 3), slice(None, None, -1), slice(1, None, 7)):
            got = np.asarray(rp.power(rp.asarray(x)[sl], rp.asarray(y)[sl]))
            assert _same_bits(got, base[sl])
        r = rp.asarray(x.copy())
        rp.power(r, rp.asarray(y), out=r)
        assert _same_bits(np.asarray(r), base)
        b = np.asarray(rp.power(rp.asarray(x[7:8]).reshape(1, 1) + rp.zeros((3, 4), dtype=dt),
                                rp.asarray(y[7:8])))
        assert (b.view(f"u{x.itemsize}") == base[7:8].view(f"u{x.itemsize}")).all()
