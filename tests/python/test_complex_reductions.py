"""complex64/complex128 reductions (issue #17 item 1), differential against NumPy.

sum, prod, mean, var, std, cumsum, cumprod and the nan* sums, products and
means follow NumPy's order (the complex pairwise sum, its scalar and fused
products, Smith's division by the count), so every result here is compared
bit for bit, NaN with NaN, together with the dtype, the type (scalar or
array) and the warnings. Real accumulation dtypes (dtype=float64 on complex
input) sum in raptors' own real order: compared to rounding.
"""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp

CPLX = ["complex64", "complex128"]
FUNCS = ["sum", "prod", "mean", "var", "std", "cumsum", "cumprod", "nansum", "nanprod",
         "nanmean", "nancumsum", "nancumprod"]
CUM = {"cumsum", "cumprod", "nancumsum", "nancumprod"}
SPECIAL = [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan]


def run(f):
    """f()'s result or exception, and its warnings (category, message)."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = f()
        except Exception as e:  # noqa: BLE001 - the exception is compared
            out = e
    return out, [(x.category, str(x.message)) for x in w]


def same(got, want, rtol=0):
    """NumPy's value, dtype, shape and kind of result (scalar or array);
    bit for bit when rtol is 0 (NaN equal to NaN)."""
    assert type(got).__name__ == type(want).__name__ or (
        isinstance(want, np.ndarray) and isinstance(got, rp.ndarray)), (type(got), type(want))
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype and g.shape == w.shape, (g.dtype, w.dtype, g.shape, w.shape)
    if rtol:
        np.testing.assert_allclose(g, w, rtol=rtol)
        return
    parts = [(g.real, w.real), (g.imag, w.imag)] if g.dtype.kind == "c" else [(g, w)]
    for pg, pw in parts:  # each part: the same bits, any NaN matching any NaN
        nan = np.isnan(pw)
        assert np.array_equal(np.isnan(pg), nan), (g, w)
        assert np.array_equal(pg[~nan], pw[~nan]), (g, w)
        assert np.array_equal(np.signbit(pg[~nan]), np.signbit(pw[~nan])), (g, w)


def check(f_rp, f_np, rtol=0):
    got, wg = run(f_rp)
    want, ww = run(f_np)
    if isinstance(want, Exception):
        assert isinstance(got, type(want)), (got, want)
        return
    assert not isinstance(got, Exception), got
    same(got, want, rtol)
    assert wg == ww


def data(shape, dt, seed=0, specials=False):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    re = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)
    im = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)
    if specials:
        k = rng.integers(0, n, max(1, n // 7)) if n else []
        re[k] = rng.choice(SPECIAL, len(k))
        im[k[::2]] = rng.choice(SPECIAL, len(k[::2]))
    out = np.empty(n, dt)
    out.real, out.imag = re, im
    return out.reshape(shape)


def layouts(x):
    """The same values in several memory layouts (NumPy and raptors see
    the same strides)."""
    yield "C", x
    yield "F", np.asfortranarray(x)
    yield "reversed", x[::-1]
    if x.ndim >= 2:
        yield "transposed", x.T
        yield "every-other", x[:, ::2]
        yield "negative", x[::-1, ::-1]


def call(mod, fn, x, **kw):
    return getattr(mod, fn)(x, **kw)


# ---- values, bit for bit --------------------------------------------------------


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, 4097,
                               100003])
@pytest.mark.parametrize("fn", ["sum", "prod", "mean", "var", "std", "cumsum", "cumprod"])
def test_one_dimensional_lengths(dt, n, fn):
    # every branch of NumPy's pairwise sum (< 4, <= 64, the splits) and the
    # threaded split of long runs
    x = data((n,), dt, seed=n)
    if fn in ("prod", "cumprod"):
        x = (1 + x * 1e-3).astype(dt)  # keep the product finite
    for _, v in layouts(x):
        check(lambda: call(rp, fn, rp.asarray(v)), lambda: call(np, fn, v))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("specials", [False, True])
def test_every_axis_and_layout(dt, fn, specials):
    x = data((6, 70), dt, seed=3, specials=specials)
    if fn in ("prod", "cumprod", "nanprod", "nancumprod"):
        x = (1 + x * 1e-3).astype(dt)
    axes = [None, 0, 1, -1] if fn in CUM else [None, 0, 1, -1, (0, 1)]
    for _, v in layouts(x):
        r = rp.asarray(v)
        for ax in axes:
            check(lambda: call(rp, fn, r, axis=ax), lambda: call(np, fn, v, axis=ax))
            if fn not in CUM:
                check(lambda: call(rp, fn, r, axis=ax, keepdims=True),
                      lambda: call(np, fn, v, axis=ax, keepdims=True))


@pytest.mark.parametrize("dt", CPLX)
def test_three_dimensional_axis_tuples(dt):
    # bit for bit in C order; in other 3-D layouts NumPy's iterator may
    # order (or buffer) the runs otherwise than raptors' (docs/ufuncs.md)
    x = data((3, 4, 5), dt, seed=5)
    for name, v in layouts(x):
        r = rp.asarray(v)
        rtol = 0 if name == "C" else 1e-5 if dt == "complex64" else 1e-13
        for fn in ("sum", "prod", "mean", "var", "std"):
            for ax in (None, 0, 1, 2, (0, 2), (1, 2), (0, 1, 2)):
                check(lambda: call(rp, fn, r, axis=ax), lambda: call(np, fn, v, axis=ax),
                      rtol=rtol)


@pytest.mark.parametrize("dt", CPLX)
def test_two_rows_take_numpys_fused_product(dt):
    # NumPy multiplies kept columns (and a two-element accumulate) with its
    # fused SIMD loop, a run into one output with the scalar formula
    for shape in [(2,), (2, 5), (5, 2), (2, 70), (7, 33)]:
        x = data(shape, dt, seed=len(shape))
        for _, v in layouts(x):
            r = rp.asarray(v)
            for ax in ([None, 0] if len(shape) == 1 else [None, 0, 1]):
                check(lambda: rp.prod(r, axis=ax), lambda: np.prod(v, axis=ax))
                check(lambda: rp.cumprod(r, axis=ax), lambda: np.cumprod(v, axis=ax))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(shape=st.lists(st.integers(0, 9), min_size=1, max_size=3),
       dt=st.sampled_from(CPLX), fn=st.sampled_from(FUNCS), seed=st.integers(0, 2**16),
       data_=st.data())
def test_random_shapes(shape, dt, fn, seed, data_):
    x = data(tuple(shape), dt, seed=seed, specials=seed % 3 == 0)
    axis = data_.draw(st.sampled_from([None] + list(range(-len(shape), len(shape)))))
    check(lambda: call(rp, fn, rp.asarray(x), axis=axis), lambda: call(np, fn, x, axis=axis))


# ---- special values, warnings and errors ------------------------------------------


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("fn", FUNCS)
def test_special_values_and_their_warnings(dt, fn):
    re, im = np.meshgrid(SPECIAL, SPECIAL)
    x = np.empty(re.size, dt)
    x.real, x.imag = re.ravel(), im.ravel()
    for k in range(0, x.size - 1):
        v = x[k:k + 2]
        check(lambda: call(rp, fn, rp.asarray(v)), lambda: call(np, fn, v))
    check(lambda: call(rp, fn, rp.asarray(x)), lambda: call(np, fn, x))


@pytest.mark.parametrize("dt", CPLX)
def test_errstate_raise(dt):
    x = np.array([complex(np.inf, 0), complex(np.inf, 1)], dt)
    with np.errstate(all="raise"):
        for fn in ("sum", "mean", "var", "std", "prod"):
            check(lambda: call(rp, fn, rp.asarray(x)), lambda: call(np, fn, x))
            check(lambda: call(rp, fn, rp.asarray(x[:1])), lambda: call(np, fn, x[:1]))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("fn", FUNCS)
def test_empty(dt, fn):
    for shape in [(0,), (0, 3), (3, 0)]:
        x = np.zeros(shape, dt)
        axes = [None, 0] if fn in CUM else [None, 0, -1]
        for ax in axes:
            check(lambda: call(rp, fn, rp.asarray(x), axis=ax), lambda: call(np, fn, x, axis=ax))


@pytest.mark.parametrize("dt", CPLX)
def test_ddof(dt):
    x = data((4, 5), dt, seed=9)
    for fn in ("var", "std"):
        for ddof in (0, 1, 4, 5, 7, 1.5):
            for ax in (None, 0, 1):
                check(lambda: call(rp, fn, rp.asarray(x), axis=ax, ddof=ddof),
                      lambda: call(np, fn, x, axis=ax, ddof=ddof))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("fn", ["max", "min", "argmax", "argmin", "nanargmax", "nanargmin"])
def test_lexicographic_extremes(dt, fn):
    # NumPy's order: real parts first, then imaginary; the first element with
    # a NaN part wins; argmax/argmin the first index of the extreme
    parts = [0.0, -0.0, 1.0, -1.0, 2.0, np.inf, -np.inf, np.nan]
    grid = np.array([complex(a, b) for a in parts for b in parts], dt)
    rng = np.random.default_rng(21)
    for _ in range(60):
        v = rng.choice(grid, size=(3, 5))
        if fn.startswith("nan"):
            v[:, 0] = 1 + 1j  # no all-NaN slice (NumPy's ValueError)
        for lay, w in layouts(v):
            for ax in (None, 0, 1):
                check(lambda: call(rp, fn, rp.asarray(w), axis=ax), lambda: call(np, fn, w,
                                                                                 axis=ax))
    big = data((300, 1001), dt, seed=22)  # long runs, rows streamed, the pool
    for ax in (None, 0, 1):
        check(lambda: call(rp, fn, rp.asarray(big), axis=ax), lambda: call(np, fn, big, axis=ax))
    if fn in ("max", "min"):
        check(lambda: call(rp, fn, rp.asarray(big), axis=1, initial=3 + 0j),
              lambda: call(np, fn, big, axis=1, initial=3 + 0j))
        e = np.zeros((0, 3), dt)
        check(lambda: call(rp, fn, rp.asarray(e), axis=0), lambda: call(np, fn, e, axis=0))


@pytest.mark.parametrize("dt", CPLX)
def test_refusals(dt):
    a = rp.asarray(data((4,), dt))
    # ptp is max - min (lexicographic): NumPy's value
    n = np.asarray(a)
    assert np.array_equal(np.asarray(rp.ptp(a)), np.ptp(n))
    # var/std with dtype=: NumPy's result is then complex, not taken here
    with pytest.raises(TypeError, match="no complex loop"):
        rp.var(a, dtype=dt)


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("fn", ["nanmin", "nanmax"])
@pytest.mark.parametrize("shape", [(9,), (4, 5), (3, 4, 5), (0, 3), (3, 0), (1, 1)])
def test_nan_extremes(dt, fn, shape):
    # NumPy's fmin/fmax.reduce: a NaN part makes an element NaN, skipped
    # unless the whole slice is NaN, which then gives its first element
    # (parts as they are) and the "All-NaN slice" warning; lexicographic
    # order, ties keep the earlier element (signed zeros tell)
    rng = np.random.default_rng(int(np.prod(shape)) + len(fn))
    vals = np.array([0.0, -0.0, 1.0, 2.0, np.nan, np.inf, -np.inf])
    n = int(np.prod(shape))
    for trial in range(12):
        x = (rng.choice(vals, n) + 1j * rng.choice(vals, n)).astype(dt).reshape(shape)
        if trial % 3 == 0 and n:  # whole slices of NaN
            x[..., 0] = complex(np.nan, 1.0) if trial % 2 else complex(2.0, np.nan)
            x[0] = np.nan
        for _, v in layouts(x):
            r = rp.asarray(v)
            for ax in [None] + list(range(v.ndim)):
                check(lambda: call(rp, fn, r, axis=ax), lambda: call(np, fn, v, axis=ax))
                check(lambda: call(rp, fn, r, axis=ax, keepdims=True),
                      lambda: call(np, fn, v, axis=ax, keepdims=True))


@pytest.mark.parametrize("adt", CPLX + ["float32", "int32"])
@pytest.mark.parametrize("wdt", CPLX + ["float64", "float32", "int64"])
def test_weighted_average(adt, wdt):
    # NumPy's sum(a * w) / sum(w) in the result dtype, bit for bit; weights
    # along the given axes, returned=, keepdims=, the zero-sum error
    if adt[0] != "c" and wdt[0] != "c":
        return
    for k, (shape, axis, wshape) in enumerate([((5,), None, (5,)), ((3, 4), 0, (3,)),
                                               ((3, 40), 1, (40,)), ((3, 4), None, (3, 4)),
                                               ((2, 3, 4), (0, 2), (2, 4)), ((3, 4), 1, (3, 4))]):
        a = data(shape, adt, seed=k) if adt[0] == "c" else \
            np.random.default_rng(k).standard_normal(shape).astype(adt)
        w = data(wshape, wdt, seed=k + 9) if wdt[0] == "c" else \
            (np.random.default_rng(k).random(wshape) + 0.5).astype(wdt)
        for name, v in [("C", a), ("reversed", a[::-1])]:
            r, rw = rp.asarray(v), rp.asarray(w)
            # NumPy multiplies a reversed complex64 1-D view unfused, raptors
            # fused (docs/ufuncs.md): to rounding there
            tol = 1e-5 if name != "C" and "complex64" in (adt, wdt) else 0
            for kw in ({}, {"keepdims": True}):
                check(lambda: rp.average(r, axis=axis, weights=rw, **kw),
                      lambda: np.average(v, axis=axis, weights=w, **kw), rtol=tol)
                for i in range(2):
                    check(lambda: rp.average(r, axis=axis, weights=rw, returned=True, **kw)[i],
                          lambda: np.average(v, axis=axis, weights=w, returned=True, **kw)[i],
                          rtol=tol)
    z = np.array([1 + 1j, -1 - 1j]) if wdt[0] == "c" else np.array([1.0, -1.0])
    check(lambda: rp.average(rp.asarray(np.ones(2, adt)), weights=rp.asarray(z.astype(wdt))),
          lambda: np.average(np.ones(2, adt), weights=z.astype(wdt)))


@pytest.mark.parametrize("dt", CPLX)
def test_nan_extremes_arguments(dt):
    x = np.array([[np.nan + 1j, 2, 1 + np.nan * 1j], [3 - 1j, np.nan, 3 + 1j]], dt)
    m = np.array([[True, False, True], [False, True, True]])
    r = rp.asarray(x)
    for fn in ("nanmin", "nanmax"):
        check(lambda: call(rp, fn, r, initial=0j), lambda: call(np, fn, x, initial=0j))
        check(lambda: call(rp, fn, r, axis=1, initial=5 + 0j),
              lambda: call(np, fn, x, axis=1, initial=5 + 0j))
        check(lambda: call(rp, fn, r, axis=0, where=rp.asarray(m), initial=0j),
              lambda: call(np, fn, x, axis=0, where=m, initial=0j))
        check(lambda: call(rp, fn, r, axis=0, where=rp.asarray(m)),
              lambda: call(np, fn, x, axis=0, where=m))  # NumPy's ValueError
        o, no = rp.asarray(np.zeros(3, dt)), np.zeros(3, dt)
        check(lambda: call(rp, fn, r, axis=0, out=o), lambda: call(np, fn, x, axis=0, out=no))
        assert np.array_equal(np.asarray(o), no)
        ufunc = "fmin" if fn == "nanmin" else "fmax"
        check(lambda: getattr(rp, ufunc).reduce(r, axis=1),
              lambda: getattr(np, ufunc).reduce(x, axis=1))


# ---- arguments: dtype=, out=, initial=, where=, methods ------------------------------


@pytest.mark.parametrize("dt", CPLX)
def test_dtype_argument(dt):
    x = data((3, 40), dt, seed=11)
    r = rp.asarray(x)
    for fn in ("sum", "prod", "mean", "cumsum", "cumprod"):
        for ddt in CPLX:
            check(lambda: call(rp, fn, r, axis=1, dtype=ddt), lambda: call(np, fn, x, axis=1,
                                                                          dtype=ddt))
        # a real dtype: NumPy's ComplexWarning, the real parts summed
        check(lambda: call(rp, fn, r, axis=1, dtype="float64"),
              lambda: call(np, fn, x, axis=1, dtype="float64"), rtol=1e-12)
    # a real input summed in a complex dtype
    xr = x.real.copy()
    for ddt in CPLX:
        check(lambda: rp.sum(rp.asarray(xr), axis=0, dtype=ddt),
              lambda: np.sum(xr, axis=0, dtype=ddt))


@pytest.mark.parametrize("dt", CPLX)
def test_out_argument(dt):
    x = data((3, 4, 5), dt, seed=12)
    r = rp.asarray(x)
    for fn in ("sum", "prod", "mean"):
        for odt in CPLX:
            o_np, o_rp = np.zeros((3, 5), odt), rp.zeros((3, 5), dtype=odt)
            got, want = call(rp, fn, r, axis=1, out=o_rp), call(np, fn, x, axis=1, out=o_np)
            assert got is o_rp
            same(o_rp, o_np)
    for fn in ("var", "std"):
        part = "float32" if dt == "complex64" else "float64"
        o_np, o_rp = np.zeros(4, part), rp.zeros(4, dtype=part)
        assert call(rp, fn, r, axis=(0, 2), out=o_rp) is o_rp
        call(np, fn, x, axis=(0, 2), out=o_np)
        same(o_rp, o_np)
    for fn in ("cumsum", "cumprod"):
        o_np, o_rp = np.zeros(x.shape, dt), rp.zeros(x.shape, dtype=dt)
        call(rp, fn, r, axis=2, out=o_rp)
        call(np, fn, x, axis=2, out=o_np)
        same(o_rp, o_np)


@pytest.mark.parametrize("dt", CPLX)
def test_initial_and_where(dt):
    # where=: NumPy's masked loop sums each run of selected elements on its
    # own, raptors the whole slice with the others replaced by the identity:
    # the same to rounding
    rtol = 1e-5 if dt == "complex64" else 1e-13
    x = data((4, 9), dt, seed=13)
    r = rp.asarray(x)
    mask = x.real > 0
    for fn in ("sum", "prod"):
        for init in (3, 2 - 1j, -0.0):
            check(lambda: call(rp, fn, r, axis=1, initial=init),
                  lambda: call(np, fn, x, axis=1, initial=init))
        check(lambda: call(rp, fn, r, axis=0, where=rp.asarray(mask)),
              lambda: call(np, fn, x, axis=0, where=mask), rtol=rtol)
        check(lambda: call(rp, fn, r, where=rp.asarray(mask), initial=1j),
              lambda: call(np, fn, x, where=mask, initial=1j), rtol=rtol)
    check(lambda: rp.mean(r, axis=1, where=rp.asarray(mask)),
          lambda: np.mean(x, axis=1, where=mask), rtol=rtol)


@pytest.mark.parametrize("dt", CPLX)
def test_methods_ufunc_reduce_and_cumulative(dt):
    x = data((5, 6), dt, seed=14)
    r = rp.asarray(x)
    for fn in ("sum", "prod", "mean", "var", "std", "cumsum", "cumprod"):
        check(lambda: getattr(r, fn)(1), lambda: getattr(x, fn)(1))
        check(lambda: getattr(r, fn)(), lambda: getattr(x, fn)())
    check(lambda: np.add.reduce(r), lambda: np.add.reduce(x))
    check(lambda: np.multiply.reduce(r, axis=1), lambda: np.multiply.reduce(x, axis=1))
    check(lambda: np.add.accumulate(r), lambda: np.add.accumulate(x))
    for ax in (0, 1):
        check(lambda: rp.cumulative_sum(r, axis=ax, include_initial=True),
              lambda: np.cumulative_sum(x, axis=ax, include_initial=True))
        check(lambda: rp.cumulative_prod(r, axis=ax, include_initial=True),
              lambda: np.cumulative_prod(x, axis=ax, include_initial=True))


@pytest.mark.parametrize("dt", CPLX)
def test_truth_reductions_and_average(dt):
    x = data((4, 6), dt, seed=15)
    x[1, 2] = 0
    x[2, :] = complex(0, 1)
    r = rp.asarray(x)
    for fn in ("any", "all", "count_nonzero"):
        for ax in (None, 0, 1):
            check(lambda: call(rp, fn, r, axis=ax), lambda: call(np, fn, x, axis=ax))
    for ax in (None, 0, 1):
        check(lambda: rp.average(r, axis=ax), lambda: np.average(x, axis=ax))
        check(lambda: rp.average(r, axis=ax, returned=True)[1],
              lambda: np.average(x, axis=ax, returned=True)[1])


@pytest.mark.parametrize("dt", CPLX)
def test_nan_functions_read_either_nan_part(dt):
    x = data((5, 8), dt, seed=16)
    x[0, 1] = complex(np.nan, 1)
    x[2, 3] = complex(1, np.nan)
    x[:, 5] = complex(np.nan, np.nan)
    r = rp.asarray(x)
    for fn in ("nansum", "nanprod", "nanmean", "nancumsum", "nancumprod"):
        for ax in (None, 0, 1):
            check(lambda: call(rp, fn, r, axis=ax), lambda: call(np, fn, x, axis=ax))
    check(lambda: rp.nanmean(r, axis=0, keepdims=True), lambda: np.nanmean(x, axis=0,
                                                                          keepdims=True))
    check(lambda: rp.nansum(r, axis=1, dtype="complex128"),
          lambda: np.nansum(x, axis=1, dtype="complex128"))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5, 8, 9, 13])
def test_kept_inner_axis_rows(dt, rows):
    # rows streamed into the outputs several at a time (NumPy's row-by-row
    # order kept), across output tiles of 2048 parts and their tails
    for cols in (1, 3, 1023, 1025, 2049):
        x = data((rows, cols), dt, seed=rows * cols, specials=cols == 1025)
        for name, v in [("C", x), ("every-other", x[:, ::2]), ("negative", x[::-1, ::-1]),
                        ("3-D", x.reshape(rows, 1, cols))]:
            r = rp.asarray(v)
            for fn in ("sum", "nansum", "mean", "nanmean", "var"):
                check(lambda: call(rp, fn, r, axis=0), lambda: call(np, fn, v, axis=0))
    y = data((4, rows, 300), dt, seed=rows)
    for ax in (1, (0, 1)):
        check(lambda: rp.sum(rp.asarray(y), axis=ax), lambda: np.sum(y, axis=ax))


def test_threads_give_the_serial_bits():
    # long runs split on the pool (the cut-off lowered so 2 threads engage)
    code = """
import numpy as np, raptors as rp
x = np.random.default_rng(1).standard_normal(2 * 300001).view("complex128")
for dt in ("complex64", "complex128"):
    v = x.astype(dt)
    for fn in ("sum", "mean", "var", "nansum"):
        a, b = getattr(rp, fn)(rp.asarray(v)), getattr(np, fn)(v)
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes(), (dt, fn, a, b)
    for m in (v[: 300 * 1000].reshape(300, 1000), v[: 7 * 40000].reshape(7, 2, 20000)):
        for fn in ("sum", "nansum", "mean"):  # kept columns split on the pool
            a, b = getattr(rp, fn)(rp.asarray(m), axis=0), getattr(np, fn)(m, axis=0)
            assert np.asarray(a).tobytes() == np.asarray(b).tobytes(), (dt, fn, m.shape)
print("ok")
"""
    import os

    for threads in ("1", "2", "3"):
        env = dict(os.environ, RAPTORS_THREADS=threads, RAPTORS_REDUCE_PAR_BYTES="4096")
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=False)
        assert out.stdout.strip() == "ok", out.stderr
