"""float16 nansum/nanmean/nanmin/nanmax, fmin/fmax.reduce, mean with a float
dtype=, and the Python-number conversions of size-1 arrays, differential
against NumPy 2.4, bit for bit with the warnings.

NumPy's nansum is sum over a copy with NaN replaced by +0.0 (so its float16
rounding is sum's: per reduced run, or per element along a kept inner axis);
nanmean divides that sum by the non-NaN count; nanmin/nanmax are
fmin/fmax.reduce, whose float16 loop keeps the accumulator when the next
element is NaN, so a NaN first element is replaced by the first number.
"""

import numpy as np
import pytest
from test_float16_reductions import check, layouts, numpy_order_known
from test_float16_reductions import halves as _halves

import raptors as rp

RNG = np.random.default_rng(20261208)


def halves(shape, scale=3.0, specials=True):
    return _halves(shape, scale, specials, rng=RNG)
SHAPE = (6, 7, 5)
AXES = [None, 0, 1, 2, -1, (0, 2), (1, 2)]


@pytest.mark.parametrize("fn", ["nansum", "nanmean", "nanmin", "nanmax"])
@pytest.mark.parametrize("specials", [False, True])
def test_nan_reductions_every_axis_and_layout(fn, specials):
    base = halves(SHAPE, 30.0, specials)
    if specials:
        base[2, :, 3] = np.nan  # all-NaN slices along axis 1
    for label, x in layouts(base):
        for axis in AXES:
            if fn in ("nansum", "nanmean") and numpy_order_known(label, axis):
                # sum's known orders: e.g. NumPy 2.4 buffers two reduced axes
                # that do not merge (a negative stride) and sums each
                # output's 35 elements as one run; raptors rounds per row
                continue
            check(lambda: getattr(rp, fn)(rp.asarray(x), axis=axis),
                  lambda: getattr(np, fn)(x, axis=axis))
        check(lambda: getattr(rp, fn)(rp.asarray(x), axis=2, keepdims=True),
              lambda: getattr(np, fn)(x, axis=2, keepdims=True))


@pytest.mark.parametrize("n", [1, 7, 8, 9, 127, 128, 129, 1000, 9000, 70000])
def test_nansum_long_runs_round_once(n):
    # values of a few hundred: a float16 running sum would overflow or stall;
    # NumPy's pairwise float sum rounds once per run
    x = halves(n, 300.0, False)
    x[RNG.integers(0, n, max(1, n // 10))] = np.nan
    for v in (x, x[::-1], x[::3]):
        check(lambda: rp.nansum(rp.asarray(v)), lambda: np.nansum(v))
        check(lambda: rp.nanmean(rp.asarray(v)), lambda: np.nanmean(v))
    m = x[: n - n % 4].reshape(-1, 4) if n >= 4 else x.reshape(1, -1)
    for axis in (0, 1):
        check(lambda: rp.nansum(rp.asarray(m), axis=axis), lambda: np.nansum(m, axis=axis))


def test_nan_reductions_specials_and_empty():
    cases = [[np.nan, 1.0, 2.0], [np.nan, np.nan], [1.0, np.nan, -np.inf], [np.inf, -np.inf],
             [-0.0, np.nan, -0.0], [0.0, -0.0], [-0.0, 0.0], [60000, 60000, np.nan],
             [np.nan, -0.0], [6e-8, 6e-8, np.nan]]
    for vals in cases:
        x = np.array(vals, np.float16)
        for fn in ("nansum", "nanmean", "nanmin", "nanmax", "nanprod"):
            check(lambda: getattr(rp, fn)(rp.asarray(x)), lambda: getattr(np, fn)(x))
    e = np.zeros((0, 3), np.float16)
    for fn in ("nansum", "nanmean", "nanmin", "nanmax"):
        for axis in (None, 0, 1):
            check(lambda: getattr(rp, fn)(rp.asarray(e), axis=axis),
                  lambda: getattr(np, fn)(e, axis=axis))


@pytest.mark.parametrize("ufunc", ["fmin", "fmax", "minimum", "maximum"])
def test_fmin_fmax_reduce_nan_first(ufunc):
    rows = np.array([[np.nan, 1, 2, -3], [np.nan, np.nan, 5, np.nan], [4, np.nan, -0.0, 0.0],
                     [np.nan, np.nan, np.nan, np.nan], [0.0, -0.0, np.nan, 1]], np.float16)
    for x in (rows, rows.T, rows[::-1, ::-1], np.asfortranarray(rows)):
        for axis in (None, 0, 1):
            check(lambda: getattr(rp, ufunc).reduce(rp.asarray(x), axis=axis),
                  lambda: getattr(np, ufunc).reduce(x, axis=axis))
        check(lambda: getattr(rp, ufunc).reduce(rp.asarray(x), axis=1, initial=0.5),
              lambda: getattr(np, ufunc).reduce(x, axis=1, initial=0.5))


@pytest.mark.parametrize("fn", ["nanmin", "nanmax"])
def test_nanextreme_initial_out_where(fn):
    x = halves((9, 11), 10.0, True)
    check(lambda: getattr(rp, fn)(rp.asarray(x), initial=3.0),
          lambda: getattr(np, fn)(x, initial=3.0))
    check(lambda: getattr(rp, fn)(rp.asarray(x), axis=0, initial=-1.0),
          lambda: getattr(np, fn)(x, axis=0, initial=-1.0))
    w = RNG.random((9, 11)) < 0.6
    check(lambda: getattr(rp, fn)(rp.asarray(x), axis=1, where=w, initial=0.0),
          lambda: getattr(np, fn)(x, axis=1, where=w, initial=0.0))
    for odt in (np.float16, np.float32, np.float64):
        o_rp, o_np = rp.zeros(11, dtype=odt), np.zeros(11, odt)
        check(lambda: getattr(rp, fn)(rp.asarray(x), axis=0, out=o_rp),
              lambda: getattr(np, fn)(x, axis=0, out=o_np))
        assert np.array_equal(np.asarray(o_rp), o_np, equal_nan=True)


def test_nansum_nanmean_dtype_and_out():
    x = halves((12, 10), 20.0, True)
    # a float32/float64 accumulation sums in raptors' order (as for float32
    # input): within an ULP of NumPy's
    for dt, rtol in ((np.float16, 0), (np.float32, 1e-6), (np.float64, 1e-14)):
        for fn in ("nansum", "nanmean"):
            check(lambda: getattr(rp, fn)(rp.asarray(x), axis=1, dtype=dt),
                  lambda: getattr(np, fn)(x, axis=1, dtype=dt), rtol=rtol)
    for odt in (np.float16, np.float32):
        o_rp, o_np = rp.zeros(10, dtype=odt), np.zeros(10, odt)
        check(lambda: rp.nansum(rp.asarray(x), axis=0, out=o_rp),
              lambda: np.nansum(x, axis=0, out=o_np))
        check(lambda: rp.nanmean(rp.asarray(x), axis=0, out=o_rp),
              lambda: np.nanmean(x, axis=0, out=o_np))
    check(lambda: rp.nansum(rp.asarray(x), initial=2.5), lambda: np.nansum(x, initial=2.5))
    check(lambda: rp.nansum(rp.asarray(x), axis=0, keepdims=True),
          lambda: np.nansum(x, axis=0, keepdims=True))


def test_mean_with_float_dtype():
    x = halves((40, 30), 50.0, False)
    for dt, rtol in ((np.float32, 1e-6), (np.float64, 1e-14)):
        for axis in (None, 0, 1):
            check(lambda: rp.mean(rp.asarray(x), axis=axis, dtype=dt),
                  lambda: np.mean(x, axis=axis, dtype=dt), rtol=rtol)
    # small sums are exact in float32: bit for bit
    s = halves(50, 4.0, False)
    for dt in (np.float32, np.float64):
        check(lambda: rp.mean(rp.asarray(s), dtype=dt), lambda: np.mean(s, dtype=dt))
        check(lambda: rp.asarray(s).mean(dtype=dt), lambda: s.mean(dtype=dt))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.int32, np.bool_, np.complex64])
@pytest.mark.parametrize("shape", [(), (1,), (1, 1), (0,), (2,)])
def test_python_number_conversions(dtype, shape):
    # NumPy 2.4: only 0-d arrays convert (a size-1 array of ndim > 0 is a
    # TypeError, no longer the deprecation warning of 2.0 to 2.3)
    from test_float16_ops import outcome

    x = np.full(shape, 3, dtype)
    for conv in (float, int, complex, bool):
        got, gw = outcome(lambda: conv(rp.asarray(x)))
        want, ww = outcome(lambda: conv(x))
        assert type(got) is type(want) and got == want and gw == ww, (conv, got, want, gw, ww)
        if len(shape) and conv is not bool:
            assert got is TypeError


@pytest.mark.parametrize("init", [-2**63 - 1, -2**63, 70000, 65519, 65520, 10**39, 2**70, True])
@pytest.mark.parametrize("fn", ["min", "max", "sum"])
def test_python_int_initial_overflows_in_cast(fn, init):
    # NumPy converts initial= to the loop's dtype (out's, here float16 or
    # float32) and reports the overflow of a Python int too (fuzz 1717/918)
    a = np.array([True, False, True])
    for dt in ("float16", "float32"):
        o_rp, o_np = rp.zeros((), dtype=dt), np.zeros((), dt)
        check(lambda: getattr(rp, fn)(rp.asarray(a), initial=init, out=o_rp),
              lambda: getattr(np, fn)(a, initial=init, out=o_np))
    h = np.array([1, 2], np.float16)
    check(lambda: getattr(rp, fn)(rp.asarray(h), initial=init),
          lambda: getattr(np, fn)(h, initial=init))


@pytest.mark.parametrize("fn", ["sum", "prod", "nansum"])
def test_where_rounds_per_selected_run(fn):
    # NumPy's masked loop calls the float16 loop once per run of selected
    # elements, each rounded into out: 0.1 repeated stalls differently when
    # the runs are cut (a copy with zeros in the gaps would round once)
    x = np.full((3, 700), 0.1 if fn != "prod" else 1.001, np.float16)
    m = (np.arange(700) % 9 != 4) & (np.arange(3)[:, None] != 1)
    for axis in (None, 0, 1):
        check(lambda: getattr(rp, fn)(rp.asarray(x), axis=axis, where=m),
              lambda: getattr(np, fn)(x, axis=axis, where=m))
    for shape in [(40,), (6, 70), (3, 5, 9)]:
        y = halves(shape, 60.0 if fn != "prod" else 0.6, fn == "nansum")
        if fn == "prod":
            y = (y + np.float16(1)).astype(np.float16)
        w = RNG.random(shape) < 0.7
        for axis in [None, *range(len(shape))]:
            for kw in ({}, {"initial": 2.5}, {"keepdims": True}):
                check(lambda: getattr(rp, fn)(rp.asarray(y), axis=axis, where=w, **kw),
                      lambda: getattr(np, fn)(y, axis=axis, where=w, **kw))
        # a mask that broadcasts, given as a list, and an out=
        wb = list(RNG.random(shape[-1]) < 0.5)
        check(lambda: getattr(rp, fn)(rp.asarray(y), axis=-1, where=wb),
              lambda: getattr(np, fn)(y, axis=-1, where=wb))
        o_rp, o_np = rp.zeros(shape[:-1], dtype=np.float16), np.zeros(shape[:-1], np.float16)
        check(lambda: getattr(rp, fn)(rp.asarray(y), axis=-1, where=w, out=o_rp),
              lambda: getattr(np, fn)(y, axis=-1, where=w, out=o_np))
        assert np.array_equal(np.asarray(o_rp), o_np, equal_nan=True)


def test_mean_where_sums_in_float32():
    # NumPy's _mean sums float16 in float32 under where= too (each selected
    # run pairwise), divides, and rounds the quotient to half
    x = halves((5, 300), 40.0, False)
    w = (np.arange(300) % 7 != 3) & (RNG.random((5, 300)) < 0.9)
    for axis in (None, 0, 1):
        for kw in ({}, {"keepdims": True}):
            check(lambda: rp.mean(rp.asarray(x), axis=axis, where=w, **kw),
                  lambda: np.mean(x, axis=axis, where=w, **kw))
    o_rp, o_np = rp.zeros(5, dtype=np.float16), np.zeros(5, np.float16)
    check(lambda: rp.mean(rp.asarray(x), axis=1, where=w, out=o_rp),
          lambda: np.mean(x, axis=1, where=w, out=o_np))
    assert np.array_equal(np.asarray(o_rp), o_np)
    for fn in ("var", "std"):
        check(lambda: getattr(rp, fn)(rp.asarray(x), axis=1, where=w),
              lambda: getattr(np, fn)(x, axis=1, where=w))
    check(lambda: rp.mean(rp.asarray(x), axis=1, where=w, dtype=np.float32),
          lambda: np.mean(x, axis=1, where=w, dtype=np.float32))
