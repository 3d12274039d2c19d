"""Integer floor_divide, remainder and fmod (src/kernels/intdiv.c: a
multiply-shift for a scalar divisor, float division with an exact correction
for an array divisor), differential against NumPy for every integer dtype:
values, dtypes, warnings and errstate, with NumPy scalar, Python int (NEP 50)
and array divisors, operators in place, strided and threaded sizes."""

from __future__ import annotations

import operator
import warnings

import numpy as np
import pytest

import raptors as rp

INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FUNCS = ["floor_divide", "remainder", "fmod"]


def divisors(dt):
    """Zero, +-1, powers of two, MIN, MAX, near them, and a fixed random draw."""
    ii = np.iinfo(dt)
    cand = [0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10, 641, ii.max, ii.min, ii.max - 1, ii.min + 1,
            ii.max // 2, ii.max // 2 + 1, -(ii.max // 2), 1 << (ii.bits - 2), 1 << (ii.bits // 2)]
    rng = np.random.default_rng(ii.bits + (ii.min < 0))
    cand += [int(x) for x in rng.integers(ii.min, ii.max, 12, dtype=dt, endpoint=True)]
    return sorted({c for c in cand if ii.min <= c <= ii.max})


def dividends(dt, n=1000, seed=0):
    ii = np.iinfo(dt)
    rng = np.random.default_rng(seed)
    a = rng.integers(ii.min, ii.max, n, dtype=dt, endpoint=True)
    a[: n // 4] = rng.integers(max(ii.min, -300), 300, n // 4).astype(dt)
    sp = [ii.min, ii.max, 0, 1, ii.min + 1, ii.max - 1, 7, 6, 8]
    if ii.min < 0:
        sp += [-1, -7, -6, -8]
    a[: len(sp)] = np.array(sp).astype(dt)
    return a


def run(fn, *args):
    """fn's result (or exception type and message) and its warnings."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = fn(*args)
        except Exception as e:  # noqa: BLE001  (the comparison is the point)
            r = (type(e), str(e))
    return r, [(x.category, str(x.message)) for x in w]


def same(got, want):
    if isinstance(want, tuple) and want and isinstance(want[0], type):
        assert got == want
        return
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, x in zip(got, want):
            same(g, x)
        return
    g = np.asarray(got)
    assert g.dtype == want.dtype, (g.dtype, want.dtype)
    np.testing.assert_array_equal(g, want, strict=True)


@pytest.mark.parametrize("dt", INTS)
@pytest.mark.parametrize("fname", FUNCS)
def test_scalar_divisor(dt, fname):
    a = dividends(dt)
    ra = rp.asarray(a)
    for d in divisors(dt):
        for scal in (np.dtype(dt).type(d), d):  # NumPy scalar, Python int (NEP 50)
            want, ww = run(getattr(np, fname), a, scal)
            got, gw = run(getattr(rp, fname), ra, scal)
            same(got, want)
            assert gw == ww, (d, gw, ww)


@pytest.mark.parametrize("dt", INTS)
@pytest.mark.parametrize("fname", FUNCS)
def test_array_divisor(dt, fname):
    a = dividends(dt, 3000, seed=1)
    b = dividends(dt, 3000, seed=2)[::-1].copy()
    b[::97] = 0
    if np.iinfo(dt).min < 0:
        b[1::89] = -1
    for x, y in ((a, b), (a, np.where(b == 0, 3, b).astype(dt))):
        want, ww = run(getattr(np, fname), x, y)
        got, gw = run(getattr(rp, fname), rp.asarray(x), rp.asarray(y))
        same(got, want)
        assert gw == ww


@pytest.mark.parametrize("dt", INTS)
def test_operators_and_in_place(dt):
    a = dividends(dt, 777, seed=3)
    b = dividends(dt, 777, seed=4)
    for d in (7, -3, 0, 1, b):
        if isinstance(d, int) and np.iinfo(dt).min == 0 and d < 0:
            continue
        rd = rp.asarray(d) if isinstance(d, np.ndarray) else d
        for op in (operator.floordiv, operator.mod, divmod):
            want, ww = run(op, a, d)
            got, gw = run(op, rp.asarray(a), rd)
            same(got, want)
            if op is not divmod:  # divmod warns per function (docs/fuzzing.md, 14)
                assert gw == ww
        for op in (operator.ifloordiv, operator.imod):
            x, rx = a.copy(), rp.asarray(a)
            want, ww = run(op, x, d)
            got, gw = run(op, rx, rd)
            assert gw == ww
            same(rx, x)
        # reflected: a scalar dividend over an array divisor
        want, ww = run(operator.floordiv, 100, b)
        got, gw = run(operator.floordiv, 100, rp.asarray(b))
        same(got, want)
        assert gw == ww


@pytest.mark.parametrize("dt", ["int8", "int64", "uint16", "int32"])
@pytest.mark.parametrize("fname", FUNCS)
def test_errstate_raise(dt, fname):
    ii = np.iinfo(dt)
    a = np.array([ii.min, 5, 3], dtype=dt)
    for b in (np.array([0, 1, 2], dtype=dt), np.dtype(dt).type(0),
              np.array([-1 if ii.min else 1, 1, 2], dtype=dt), -1 if ii.min else 1):
        with np.errstate(all="raise"):
            want = run(getattr(np, fname), a, b)
            got = run(getattr(rp, fname), rp.asarray(a), rp.asarray(b) if
                      isinstance(b, np.ndarray) else b)
        same(got[0], want[0])
        assert got[1] == want[1]


@pytest.mark.parametrize("dt", INTS)
def test_strided_and_threaded(dt):
    big = dividends(dt, 600_000, seed=5)  # past the thread cutoff
    bd = dividends(dt, 600_000, seed=6)
    rbig, rbd = rp.asarray(big), rp.asarray(bd)
    cases = [(big, rbig, 7, 7), (big, rbig, 12, 12), (big[::3], rbig[::3], 5, 5),
             (big[::-2], rbig[::-2], bd[::2], rbd[::2]), (big, rbig, bd, rbd)]
    for x, rx, y, ry in cases:
        for fname in FUNCS:
            want, ww = run(getattr(np, fname), x, y)
            got, gw = run(getattr(rp, fname), rx, ry)
            same(got, want)
            assert gw == ww


def test_bench_suite_rows():
    """The math suite's integer-division rows: a over the whole dtype, d an
    array without zeros, and each statement's result is NumPy's on both libraries."""
    from raptors.bench import suites

    rows = [r for r in suites.build_suite("math") if r.op in suites.INTDIV_OPS]
    assert {r.dtype for r in rows} >= {"int8", "int16", "int32", "int64", "uint64"}
    assert {r.shape for r in rows} == {(1 << 16,), (1 << 20,), (1 << 23,)}
    for row in rows:
        if row.shape != (1 << 16,):
            continue
        ops = row.make_inputs(0)
        a = ops["a"]
        assert a.dtype == row.dtype and a.shape == row.shape
        assert a.min() < np.iinfo(a.dtype).min // 2 or np.iinfo(a.dtype).min == 0
        assert a.max() > np.iinfo(a.dtype).max // 2
        env = dict(ops)
        if "d" in ops:
            assert (ops["d"] != 0).all()
            env["d"] = rp.asarray(ops["d"])
        env["a"] = rp.asarray(a)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            want = eval(row.statement, {}, ops)  # noqa: S307  (the row's own statement)
            got = eval(row.statement, {}, env)  # noqa: S307
        same(got, want)
