"""raptors' vectorized math kernels (src/kernels/vmath_*.c) against NumPy:
accuracy against a high-precision reference within the bounds of
ufunc_ulp.json, special values and floating-point warnings exactly as
NumPy's, and the same bits whatever the layout."""

from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest
from vmath_accuracy import BINARY, CASES, measure

import raptors as rp

with open(os.path.join(os.path.dirname(__file__), "ufunc_ulp.json")) as _f:
    REF_ULP = json.load(_f)["reference"]

DTYPES = ["float32", "float64"]

# Per function: the inputs whose results or warnings are special.
EDGES = {
    "exp": [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 5e-324, -5e-324, 1e-45, 1e-8, -1e-8,
            np.inf, -np.inf, np.nan, -np.nan, 1000.0, -1000.0, 709.78, 709.79, 710.0,
            -708.39, -708.4, -720.0, -745.1, -745.2, -746.0, 88.72, 88.73, 89.0, -87.33,
            -87.34, -100.0, -103.9, -104.0, 0.5, 2.0, 20.0, -20.0,
            # float64's fast path ends (|x| < 708; |x| < 2^-54 runs as 0) and the rare
            # lanes' subnormal results
            708.0, -708.0, 707.9999999999999, -707.9999999999999, 2.0**-54, -2.0**-54,
            2.0**-55, -744.44007192138122, -745.1332191019411, -745.1332191019412,
            709.782712893384, 709.7827128933841],
    "log": [0.0, -0.0, 1.0, -1.0, -1e-300, np.inf, -np.inf, np.nan, -np.nan, 5e-324,
            2.2250738585072014e-308, 1e-310, 1e-45, 1e-39, 1.1754943508222875e-38, 0.5, 2.0,
            1.0000001, 0.9999999, 1 + 2**-52, 1 - 2**-53, 1.7976931348623157e308, 3.4e38,
            np.e, 10.0, 1e300,
            # float64's subinterval with c = 1 (1 - 2^-7 .. 1 + 2^-6) and its neighbours
            1.00015, 0.99985, 1.015625, 1.0156250000000002, 0.9921875, 0.9921874999999999],
    "log2": [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-45, 1e-39, 0.5, 2.0, 8.0,
             2.0**-149, 2.0**127, 3.4e38, 10.0, 1000.0, 0.1,
             # float64: subnormals (scaled by 2^52), the normal edges, near 1
             5e-324, 1e-310, 2.2250738585072014e-308, 2.225073858507201e-308,
             1.7976931348623157e308, 1 + 2**-52, 1 - 2**-53, 1.015625, 0.9921875],
    "log10": [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-45, 1e-39, 0.5, 2.0, 10.0,
              100.0, 1000.0, 1e10, 1e-10, 1e30, 3.4e38, 0.1,
              5e-324, 1e-310, 2.2250738585072014e-308, 1.7976931348623157e308, 1e300, 1e-300,
              1e22, 1e23, 1 + 2**-52, 1 - 2**-53],
    "sin": [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-30, 2.655742e-19, -2.655742e-19, 2.6557422e-19,
            -2.6557422e-19, 1e-10, 2**-12, 2**-13, 0.5, 1.0, np.pi / 2, np.pi, 100.0, 1e6,
            2.0**20, 2.0**20 - 0.5, 1e7, 1e30, 3.4e38, -3.4e38, np.inf, -np.inf, np.nan,
            -np.nan],
    "exp2": [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-30, 0.5, -0.5, 1.0, -1.0, 0.4999999, 124.9,
             -124.9, 125.0, -125.0, 125.5, -125.5, 127.5, 127.9, 128.0, 130.0, -126.0,
             -151.0, -200.0, np.inf, -np.inf, np.nan, -np.nan, 20.5, -20.5,
             # float64: the fast path's ends (|x| < 1022), subnormal results, overflow
             1021.99, 1022.0, -1021.99, -1022.0, -1022.5, -1074.0, -1075.0, -1076.0, 1023.5,
             1023.99, 1024.0, 1e300, -1e300, 5e-324, 2.0**-54, 2.0**-55],
    # (no argument in (-150, -126): NumPy's float32 exp2 reports underflow there where its
    # own intermediate rounds inexactly, e.g. for the exact 2^-149 but not for 2^-126.5;
    # raptors calls libm's exp2f there, which follows IEEE: inexact subnormal results)
    "expm1": [0.0, -0.0, 1e-45, -1e-45, 1e-39, -1e-39, 1e-38, 2e-38, 2.0**-25, -(2.0**-25),
              2.0**-26, 1e-8, -1e-8, 0.3465, 0.3466, -0.3466, 0.5, -0.5, 1.0, -1.0, 17.0, 17.33,
              -17.0, -17.4, -20.0, -24.9, -25.0, -25.1, -100.0, 87.9, 88.0, 88.72, 88.73, 89.0,
              1000.0, np.inf, -np.inf, np.nan, -np.nan,
              # float64: the fast path's ends (|x| < 2^-54 is x, |x| < 1/8 the direct
              # polynomial, |x| < 708), subnormals, overflow
              5e-324, -5e-324, 1e-310, 2.0**-54, -(2.0**-54), 2.0**-55, 0.125, -0.125,
              0.12499999999999999, 0.0217, -0.0217, 707.99, 708.0, -708.0, -707.99, 709.78, 709.79,
              710.0, -745.2, -1000.0],
    "log1p": [0.0, -0.0, 1e-45, -1e-45, 1e-39, -1e-39, 1e-38, 2.0**-25, -(2.0**-25), 2.0**-26,
              1e-8, -1e-8, 0.5, -0.5, 1.0, -0.99999994, -0.9999999, -1.0, -1.0000001, -2.0,
              2.0**24, 2.0**24 + 2, 2.0**25, 1e30, 3.4e38, np.inf, -np.inf, np.nan, -np.nan,
              0.41, -0.29, 1e-4,
              5e-324, -5e-324, 1e-310, 2.0**-54, -(2.0**-54), 2.0**-55, 2.0**53, 2.0**53 + 2,
              1e300, 1.7976931348623157e308, -0.9999999999999999, -1 + 2**-30, 1 + 2**-52,
              -0.5, 1.0 - 2**-53],
    "sinh": [0.0, -0.0, 5e-324, -5e-324, 1e-310, 1e-300, -1e-300, 1e-45, 1e-39, 2**-27,
             2**-28, -2**-27, 1e-8, 0.4999999999999999, 0.5, -0.5, 1.0, -2.0, 20.0, 88.72,
             89.41, 89.42, -89.5, 90.0, 707.9999999999999, 708.0, -708.0, 710.4758600739439,
             710.475860073944, -710.4758600739439, -710.475860073944, 711.0, 720.0, 721.0,
             1000.0, -1e300, 3e38, np.inf, -np.inf, np.nan, -np.nan],
    "tanh": [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-38, 5e-324, 1e-300, 2**-12, -2**-12, 2**-13,
             2**-27, 2**-28, 1e-4, 0.0625, 0.06249999999999999, -0.0625, 0.3466, 0.5, -0.5,
             1.0, 9.0, 9.1, 10.0, -10.0, 19.0, 20.0, 21.999999999999996, 22.0, -22.0, 100.0,
             1e30, -3e38, 1e300, np.inf, -np.inf, np.nan, -np.nan],
    "arcsinh": [0.0, -0.0, 5e-324, -5e-324, 1e-310, 1e-300, 1e-45, -1e-39, 2**-27, 2**-28,
                -2**-27, 1e-8, 0.5, -1.0, 2.0, 2.0**28, 2.0**28 - 1, -2.0**28, 1e10, 1e20,
                3.4e38, -3.4e38, 1e154, 1e155, 1e300, 1.7976931348623157e308,
                -1.7976931348623157e308, np.inf, -np.inf, np.nan, -np.nan],
    "arccosh": [0.0, -0.0, 5e-324, 1e-300, 0.5, 0.9999999999999999, 0.99999994, 1.0,
                1.0000000000000002, 1.0000001, 1.5, 2.0, -1.0, -2.0, 2.0**28, 2.0**28 - 1, 1e10,
                3.4e38, 1e154, 1e155, 1e300, 1.7976931348623157e308, -1e300, np.inf, -np.inf,
                np.nan, -np.nan],
    "arctanh": [0.0, -0.0, 5e-324, -5e-324, 1e-310, 1e-300, 1e-45, -1e-39, 2**-27, 2**-28,
                1e-8, 0.5, -0.5, 0.9, 0.99999994, -0.99999994, 0.9999999999999999,
                -0.9999999999999999, 1.0, -1.0, 1.0000000000000002, 1.0000001, -1.0000001, 2.0,
                -2.0, 1e300, np.inf, -np.inf, np.nan, -np.nan],
}
EDGES["cos"] = EDGES["sin"]
# float32's fast paths: arctan's ends (2^-12, 1, 2^26), arcsin's and arccos's
# (2^-27, the 1/2 between the two intervals, +-1 and just beyond)
EDGES["arctan"] = [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-38, 2**-12, -2**-12, 2**-13, 0.5, 1.0,
                   -1.0, 1.0000001, 0.99999994, 2.0, 1e7, 2.0**26, 2.0**26 + 8, 1e30, 3.4e38,
                   -3.4e38, np.inf, -np.inf, np.nan, -np.nan,
                   # float64's: x below 2^-27, 2^54 and beyond, the intervals' ends
                   5e-324, -5e-324, 1e-310, 2.0**-27, 2.0**-28, 2.0**-27 * (1 - 2**-53), 2.0**54,
                   2.0**54 * (1 + 2**-52), 0.1875, 0.4375, 0.6875, 16 / 3, 16 / 7, 16 / 11,
                   1 + 2**-52, 1 - 2**-53, 1e300, 1.7976931348623157e308]
EDGES["arcsin"] = [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-38, 2**-27, -2**-27, 2**-28, 2**-12,
                   0.5, -0.5, 0.50000006, -0.50000006, 0.49999997, 0.99999994, -0.99999994,
                   1.0, -1.0, 1.0000001, -1.0000001, 2.0, 1e30, np.inf, -np.inf, np.nan, -np.nan,
                   # float64's: below 2^-60, the 1/2 between the intervals, +-1 and beyond
                   5e-324, -5e-324, 1e-310, 2.0**-60, -(2.0**-61), 2.0**-55, 0.5 + 2**-53,
                   -0.5 - 2**-53, 0.5 - 2**-54, 1 - 2**-53, -1 + 2**-53, 1 + 2**-52, -1 - 2**-52,
                   1e300]
EDGES["arccos"] = EDGES["arcsin"]
# tan: the fast path's ends (2^-12, 2^17), multiples of pi/2, huge (tanf)
EDGES["tan"] = [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1e-30, 2**-12, -2**-12, 2**-13, 0.5, 1.0,
                np.pi / 4, np.pi / 2, -np.pi / 2, np.pi, 100.0, 1e5, 2.0**17, 2.0**17 - 0.0078125,
                1e7, 1e30, 3.4e38, -3.4e38, np.inf, -np.inf, np.nan, -np.nan,
                # float64's: below 2^-27, the reduction's end (2^20), near multiples of pi/2
                5e-324, -5e-324, 1e-310, 2.0**-27, 2.0**-28, 2.0**20, 2.0**20 * (1 - 2**-53),
                -(2.0**20), 1.5707963267948966, -1.5707963267948966, 3.141592653589793,
                4.71238898038469, 1e300, 1.7976931348623157e308, 6381956970095103.0 * 2.0**797]
# cbrt: zeros, subnormals (libm) and the smallest normals, exact cubes, the ends
EDGES["cbrt"] = [0.0, -0.0, 1e-45, -1e-45, 1e-39, 2.0**-126, -2.0**-126, 2.0**-125, 1e-38, 0.125,
                 1.0, -1.0, 8.0, -27.0, 2.0, 1e30, 3.4e38, -3.4e38, np.inf, -np.inf, np.nan,
                 -np.nan, 5e-324, 1e-310, 2.2250738585072014e-308, -2.2250738585072014e-308,
                 1e300, 1.7976931348623157e308, -1.7976931348623157e308]
EDGES["cosh"] = EDGES["sinh"]


@pytest.mark.parametrize(("name", "dt"), CASES)
def test_ulp_against_reference(name, dt):
    err, at = measure(rp, name, np.dtype(dt).type, 20_000, seed=5)
    assert err <= REF_ULP[name][dt], (name, dt, err, at)


def _edges(name, dt):
    with np.errstate(all="ignore"):
        return np.array(EDGES[name], dtype=np.float64).astype(dt)


UNARY_CASES = [(n, dt) for n, dt in CASES if n not in BINARY]


@pytest.mark.parametrize(("name", "dt"), UNARY_CASES)
def test_special_values(name, dt):
    x = _edges(name, dt)
    with np.errstate(all="ignore"):
        got = np.asarray(getattr(rp, name)(x))
        want = getattr(np, name)(x)
    # NaN where NumPy has NaN, infinities and zeros (with their sign) exactly;
    # the rest is checked against the reference (NumPy's float32 log(e) is 1.0,
    # 1.2 ULP away; raptors' 0.99999994 is the correctly rounded result).
    assert (np.isnan(got) == np.isnan(want)).all(), (x, got, want)
    exact = np.isinf(want) | (want == 0) | np.isinf(got) | (got == 0)
    np.testing.assert_array_equal(got[exact], want[exact])
    assert (np.signbit(got) == np.signbit(want))[~np.isnan(want)].all(), (x, got, want)


def _outcome(fn, x, mode):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all=mode):
            try:
                fn(x)
            except FloatingPointError as e:
                return ("raise", str(e))
    return ("ok", sorted({(type(m.message).__name__, str(m.message)) for m in w}))


@pytest.mark.parametrize("mode", ["raise", "warn"])
@pytest.mark.parametrize(("name", "dt"), UNARY_CASES)
def test_fp_warnings_each_value(name, dt, mode):
    """Each special input alone raises or warns exactly as in NumPy
    (overflow, underflow, divide by zero, invalid, and nothing for NaN)."""
    for v in _edges(name, dt):
        x = np.array([v, v], dtype=dt)
        n, r = _outcome(getattr(np, name), x, mode), _outcome(getattr(rp, name), x, mode)
        assert n == r, (name, dt, v, n, r)


@pytest.mark.parametrize(("name", "dt"), UNARY_CASES)
def test_fp_warnings_mixed_array(name, dt):
    """A whole array of special values reports the union of NumPy's flags."""
    x = np.tile(_edges(name, dt), 40)
    for mode in ("raise", "warn"):
        n, r = _outcome(getattr(np, name), x, mode), _outcome(getattr(rp, name), x, mode)
        if mode == "raise":  # which of several flags comes first is the loop's order
            assert n[0] == r[0]
        else:
            assert n == r, (name, dt, n, r)


@pytest.mark.parametrize(("name", "dt"), UNARY_CASES)
def test_layouts_give_the_same_bits(name, dt):
    """Strided, reversed, broadcast and in-place calls give the contiguous bits."""
    rng = np.random.default_rng(2)
    x = np.concatenate([_edges(name, dt), rng.uniform(-30, 30, 3000).astype(dt),
                        np.exp(rng.uniform(-80, 80, 3000)).astype(dt)])
    fn = getattr(rp, name)
    with np.errstate(all="ignore"):
        base = np.asarray(fn(x))
        for sl in (slice(None, None, 3), slice(None, None, -1), slice(1, None, 7)):
            xs = x[sl].copy()
            np.testing.assert_array_equal(np.asarray(fn(rp.asarray(x)[sl])).view(f"u{xs.itemsize}"),
                                          base[sl].view(f"u{xs.itemsize}"))
        r = rp.asarray(x.copy())
        fn(r, out=r)
        np.testing.assert_array_equal(np.asarray(r).view(f"u{x.itemsize}"),
                                      base.view(f"u{x.itemsize}"))
        b = np.asarray(fn(rp.asarray(x[5:6]).reshape(1, 1) + rp.zeros((3, 4), dtype=dt)))
        assert (b.view(f"u{x.itemsize}") == base[5:6].view(f"u{x.itemsize}")).all()


# arctan2's special pairs: zeros and infinities of both signs, NaN, subnormals,
# and the fast path's ends (exponents 23 apart and 24 apart).
ATAN2_VALUES = [0.0, -0.0, 1e-45, -1e-45, 1e-39, 1.0, -1.0, 2.0**-23, 2.0**-24, 2.0**23, 2.0**24,
                0.5, -3.0, 1e30, -1e30, 3.4e38, np.inf, -np.inf, np.nan,
                # float64's fast path ends: exponents 60 and 61 apart, operands at
                # 2^-962 and 2^1021, subnormals, the intervals' ratios
                2.0**-60, 2.0**-61, 2.0**60, -(2.0**61), 2.0**-962, 2.0**-963, 2.0**1021,
                -(2.0**1020), 1.7976931348623157e308, 5e-324, 1e-310, 0.1875, 0.4375, 0.6875]


def _atan2_grid(dt):
    v = np.array(ATAN2_VALUES, dtype=np.float64).astype(dt)
    return np.repeat(v, len(v)), np.tile(v, len(v))


@pytest.mark.parametrize("dt", [dt for n, dt in CASES if n == "arctan2"])
def test_arctan2_special_pairs(dt):
    """Every pair of special values: NaN, infinities and zeros (with their
    sign) exactly as NumPy, the rest within the reference bound, and no
    floating-point warning where NumPy gives none (the pairs whose quotient
    underflows are left out: libm's atan2f, which raptors calls there as it
    did before, reports that underflow, NumPy does not)."""
    y, x = _atan2_grid(dt)
    with np.errstate(all="ignore"):
        got = np.asarray(rp.arctan2(y, x))
        want = np.arctan2(y, x)
    assert (np.isnan(got) == np.isnan(want)).all()
    exact = np.isinf(want) | (want == 0) | np.isinf(got) | (got == 0)
    np.testing.assert_array_equal(got[exact], want[exact])
    assert (np.signbit(got) == np.signbit(want))[~np.isnan(want)].all()
    with np.errstate(all="ignore"):
        quot = np.abs(y.astype(np.float64) / x.astype(np.float64))
    keep = ~((quot > 0) & (quot < np.finfo(dt).smallest_normal))
    for mode in ("raise", "warn"):
        n = _outcome(lambda a: np.arctan2(a[0], a[1]), (y[keep], x[keep]), mode)
        r = _outcome(lambda a: rp.arctan2(a[0], a[1]), (y[keep], x[keep]), mode)
        assert n == r, (mode, n, r)


@pytest.mark.parametrize("dt", [dt for n, dt in CASES if n == "arctan2"])
def test_arctan2_layouts_give_the_same_bits(dt):
    """Strided, reversed, broadcast-scalar and in-place calls give the
    contiguous bits."""
    rng = np.random.default_rng(4)
    y = np.concatenate([_atan2_grid(dt)[0], rng.uniform(-30, 30, 3000).astype(dt)])
    x = np.concatenate([_atan2_grid(dt)[1], rng.uniform(-30, 30, 3000).astype(dt)])
    u = f"u{y.itemsize}"
    with np.errstate(all="ignore"):
        base = np.asarray(rp.arctan2(y, x))
        for sl in (slice(None, None, 3), slice(None, None, -1), slice(1, None, 7)):
            got = np.asarray(rp.arctan2(rp.asarray(y)[sl], rp.asarray(x)[sl]))
            np.testing.assert_array_equal(got.view(u), base[sl].view(u))
        r = rp.asarray(y.copy())
        rp.arctan2(r, rp.asarray(x), out=r)
        np.testing.assert_array_equal(np.asarray(r).view(u), base.view(u))
        s = np.asarray(rp.arctan2(y[7:8], rp.asarray(x)))
        np.testing.assert_array_equal(s.view(u), np.asarray(rp.arctan2(np.full_like(x, y[7]), x)).view(u))


@pytest.mark.parametrize("dt", DTYPES)
def test_math_bench_suite_rows_run(dt):
    """Every row of the `math` bench suite evaluates on both sides, giving
    NumPy's dtype and values close to NumPy's (its domains avoid overflow
    and invalid values)."""
    from raptors.bench import runner, suites

    names = sorted({row.op for row in suites.build_suite("math") if row.dtype == dt})
    assert {"exp", "log", "tanh", "arctan2", "power_2.5", "power_0.5"} <= set(names)
    for name in names:
        row = suites.Row("math", name, (64,), dt)
        ops = row.make_inputs(0)
        rp_ops = runner.RaptorsBackend(rp).convert(ops)
        with np.errstate(all="raise", under="ignore"):  # logaddexp's exp(-50)
            want = eval(row.statement, {}, dict(ops))
            got = np.asarray(eval(row.statement, {}, dict(rp_ops)))
        assert got.dtype == want.dtype, name
        np.testing.assert_allclose(got, want, rtol=1e-5 if dt == "float32" else 1e-13,
                                   err_msg=name)


def test_math_functions_thread_from_a_smaller_size():
    """A function that costs what a libm call does (float64 sin, 8 ns an
    element) reaches the pool at the 16 Ki-element floor, a multiply of the
    same size stays serial (threads by cost: docs/performance.md); the bits
    do not depend on the thread count."""
    import subprocess
    import sys

    code = (
        "import raptors as rp, numpy as np, hashlib\n"
        "x = np.random.default_rng(0).uniform(-700, 700, 20000)\n"
        "a = rp.asarray(x)\n"
        "h = [hashlib.sha256(np.asarray(f(a)).tobytes()).hexdigest()[:16]\n"
        "     for f in (rp.exp, lambda v: rp.log(rp.abs(v)), lambda v: v * 3.0,\n"
        "               lambda v: [rp.sin(v) for _ in range(3)][-1])]\n"
        "c = rp.threading_info()['counters']\n"
        "print(*h, int(c['sin']['threaded_simd'] > 0), c['multiply']['threaded_simd'])\n"
    )
    outs = {}
    for threads in ("1", "2"):
        env = dict(os.environ, RAPTORS_THREADS=threads)
        env.pop("RAPTORS_UFUNC_PAR_BYTES", None)
        p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stderr
        outs[threads] = p.stdout.split()
    assert outs["1"][:4] == outs["2"][:4]
    assert outs["2"][4:] == ["1", "0"] and outs["1"][4:] == ["0", "0"]
