"""Reductions against NumPy: sum, prod, mean, min/max, argmin/argmax, std,
var, any, all, count_nonzero, cumsum/cumprod (and cumulative_*), as module
functions and array methods, over dtypes x shapes (0-d, size-0, size-1
axes) x axes (None, int, negative, tuples, ()) x keepdims x layouts
(transposed, reversed, strided, broadcast, Fortran).

Exactness: integer and bool results, min/max, argmin/argmax and the
cumulative functions (sequential in both libraries) must be equal, NaN
matching NaN. Floating sums/means/var/std follow a different (fixed,
pairwise) order than NumPy's, so they are compared with an error bound:

    |raptors - numpy| <= 2 * n * eps * sum(|x|)        (sum; / n for mean)

where n is the number of elements combined per output and eps the unit
roundoff of the accumulation dtype (2**-24 float32, 2**-53 float64): the
sum of both libraries' worst-case bounds for recursive summation, which
pairwise summation stays well inside. var/std use the corresponding bound on
sum((x - mean)**2). Separately, a large-array test holds raptors to the
pairwise bound (log2(n) + 20) * eps * sum(|x|) against an exact sum.
"""

import math
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError

import raptors as rp
from strategies import DTYPES, FLOAT, INTEGER, _view_ops, apply_ops, shapes

EPS = {np.dtype(np.float32): 2.0**-24, np.dtype(np.float64): 2.0**-53}


# ---- strategies -------------------------------------------------------------------


def _elements(dtype, allow_nan, small):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        if allow_nan:
            return st.one_of(
                st.floats(-1e3, 1e3, width=dtype.itemsize * 8),
                st.sampled_from([np.nan, np.inf, -np.inf, -0.0, 0.0]),
            )
        bound = 4.0 if small else 1e6
        return st.floats(-bound, bound, width=dtype.itemsize * 8)
    if small and dtype.kind in "iu":
        return st.integers(-3 if dtype.kind == "i" else 0, 3)
    return hnp.from_dtype(dtype)


@st.composite
def pairs(draw, dtypes=DTYPES, allow_nan=None, small=False, max_dims=4):
    """(a, x): a NumPy array view and a raptors array with the same values
    and layout. Floats are bounded so sums stay finite in any order."""
    dtype = draw(st.sampled_from(list(dtypes)))
    shape = draw(shapes(max_dims=max_dims))
    if allow_nan is None:
        allow_nan = draw(st.booleans())
    base = draw(hnp.arrays(dtype, shape, elements=_elements(dtype, allow_nan, small)))
    order = draw(st.sampled_from("CF"))
    if order == "F":
        base = base.copy(order="F")
    ops = draw(_view_ops(base.shape))
    a = apply_ops(base, ops, np)
    xb = rp.asarray(base, copy=True)
    if order == "F":
        xb = xb.copy(order="F")
    return a, apply_ops(xb, ops, rp)


@st.composite
def axes_for(draw, ndim, allow_tuple=True):
    """None, an int (negative too), or a tuple of distinct axes (maybe ())."""
    kinds = ["none", "int", "tuple"] if allow_tuple else ["none", "int"]
    kind = draw(st.sampled_from(kinds))
    if kind == "none" or (ndim == 0 and kind == "int"):
        return None
    if kind == "int":
        ax = draw(st.integers(0, ndim - 1))
        return ax - ndim if draw(st.booleans()) else ax
    chosen = draw(st.lists(st.integers(0, max(ndim - 1, 0)), unique=True, max_size=ndim)) if ndim else []
    return tuple(c - ndim if draw(st.booleans()) else c for c in chosen)


# ---- comparison helpers ----------------------------------------------------------


def _call(lib, name, x, method, **kw):
    if method:
        return getattr(x, name)(**kw)
    return getattr(lib, name)(x, **kw)


def _outcome(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return fn(), None
        except Exception as e:  # noqa: BLE001 - compared below
            return None, e


def _same_kind(r, n):
    """Same result kind: NumPy scalar type, or a raptors array like NumPy's."""
    if isinstance(n, np.ndarray):
        assert isinstance(r, rp.ndarray), (type(r), type(n))
        assert r.dtype == n.dtype, (r.dtype, n.dtype)
        assert r.shape == n.shape, (r.shape, n.shape)
        return np.asarray(r)
    assert type(r) is type(n), (type(r), type(n))
    return np.asarray(r)


def _count(shape, axis):
    if axis is None:
        return math.prod(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return math.prod(shape[ax] for ax in axes)


def _compare_errors(er, en):
    assert (er is None) == (en is None), (er, en)
    if en is not None:
        # raptors raises the same type (AxisError is both ValueError and IndexError)
        assert isinstance(er, type(en)), (type(er), type(en), er, en)
        return True
    return False


def _both(name, a, x, method, kw):
    """(raptors result, NumPy result), or None when both raised alike."""
    r, er = _outcome(lambda: _call(rp, name, x, method, **kw))
    n, en = _outcome(lambda: _call(np, name, a, method, **kw))
    return None if _compare_errors(er, en) else (r, n)


def _bound_sum(a, axis, keepdims, acc_dtype, mean=False):
    """2 * n * eps * sum(|x|) per output (divided by n for a mean)."""
    eps = EPS[np.dtype(acc_dtype)]
    mag = np.sum(np.abs(a.astype(np.float64)), axis=axis, keepdims=keepdims)
    n = max(_count(a.shape, axis), 1)
    b = 2 * n * eps * mag
    return b / n if mean else b


# ---- sum / prod / mean / min / max / any / all / count_nonzero -----------------------

ORDER_FREE = ["min", "max", "any", "all", "count_nonzero"]


@pytest.mark.parametrize("name", ["sum", "prod", "min", "max", "any", "all", "count_nonzero",
                                  "amin", "amax"])
@given(data=st.data())
def test_exact_reductions(name, data):
    """Results that do not depend on the order: exact (integers wrap alike)."""
    float_ok = name not in ("sum", "prod")
    a, x = data.draw(pairs(dtypes=DTYPES if float_ok else [d for d in DTYPES if d.kind != "f"]))
    axis = data.draw(axes_for(a.ndim))
    keepdims = data.draw(st.booleans())
    method = name not in ("count_nonzero", "amin", "amax") and data.draw(st.booleans())
    kw = {"axis": axis, "keepdims": keepdims}
    both = _both(name, a, x, method, kw)
    if both is None:
        return
    r, n = both
    rv = _same_kind(r, n)
    np.testing.assert_array_equal(rv, np.asarray(n), strict=True)


@pytest.mark.parametrize("name", ["sum", "mean"])
@given(data=st.data())
def test_float_sums(name, data):
    a, x = data.draw(pairs(dtypes=FLOAT + ([np.dtype(np.int32), np.dtype(np.uint8)]
                                          if name == "mean" else []), allow_nan=False))
    axis = data.draw(axes_for(a.ndim))
    keepdims = data.draw(st.booleans())
    method = data.draw(st.booleans())
    kw = {"axis": axis, "keepdims": keepdims}
    both = _both(name, a, x, method, kw)
    if both is None:
        return
    r, n = both
    rv = _same_kind(r, n)
    nv = np.asarray(n)
    acc = nv.dtype
    bound = _bound_sum(a, axis, keepdims, acc, mean=name == "mean")
    if _count(a.shape, axis) == 0 and name == "mean":
        assert np.all(np.isnan(rv)) and np.all(np.isnan(nv))
        return
    assert np.all(np.abs(rv.astype(np.float64) - nv.astype(np.float64)) <= bound), (rv, nv, bound)


@given(data=st.data())
def test_float_prod(data):
    a, x = data.draw(pairs(dtypes=FLOAT, allow_nan=False, small=True))
    axis = data.draw(axes_for(a.ndim))
    r, n = rp.prod(x, axis=axis), np.prod(a, axis=axis)
    rv = _same_kind(r, n).astype(np.float64)
    nv = np.asarray(n, dtype=np.float64)
    # each product's relative error is at most ~n * eps in either order
    k = max(_count(a.shape, axis), 1)
    eps = EPS[a.dtype]
    tiny = np.finfo(a.dtype).tiny
    assert np.all(np.abs(rv - nv) <= 2 * k * eps * np.abs(nv) + tiny), (rv, nv)


@given(data=st.data())
def test_float_nan_and_inf(data):
    """Sums with NaN/inf give NaN/inf where NumPy does; min/max propagate NaN."""
    a, x = data.draw(pairs(dtypes=FLOAT, allow_nan=True))
    axis = data.draw(axes_for(a.ndim))
    for name in ("sum", "mean", "min", "max"):
        r, er = _outcome(lambda: getattr(rp, name)(x, axis=axis))
        n, en = _outcome(lambda: getattr(np, name)(a, axis=axis))
        if _compare_errors(er, en):
            continue
        rv, nv = _same_kind(r, n), np.asarray(n)
        assert np.array_equal(np.isnan(rv), np.isnan(nv)), (name, rv, nv)
        fin = np.isfinite(nv)
        assert np.array_equal(np.isinf(rv), np.isinf(nv)), (name, rv, nv)
        assert np.array_equal(rv[np.isinf(rv)], nv[np.isinf(nv)])
        if name in ("min", "max"):
            assert np.array_equal(rv[fin], nv[fin])


@pytest.mark.parametrize("name", ["var", "std"])
@given(data=st.data())
def test_var_std(name, data):
    a, x = data.draw(pairs(dtypes=FLOAT + [np.dtype(np.int16), np.dtype(np.bool_)], allow_nan=False))
    axis = data.draw(axes_for(a.ndim))
    ddof = data.draw(st.sampled_from([0, 1, 2]))
    keepdims = data.draw(st.booleans())
    method = data.draw(st.booleans())
    kw = {"axis": axis, "ddof": ddof, "keepdims": keepdims}
    both = _both(name, a, x, method, kw)
    if both is None:
        return
    r, n = both
    rv = _same_kind(r, n).astype(np.float64)
    nv = np.asarray(n, dtype=np.float64)
    # non-finite (0 degrees of freedom: inf or nan) exactly where NumPy's are
    assert np.array_equal(np.isnan(rv), np.isnan(nv)), (rv, nv)
    assert np.array_equal(rv[np.isinf(nv)], nv[np.isinf(nv)]), (rv, nv)
    ok = np.isfinite(nv)
    k = max(_count(a.shape, axis), 1)
    eps = EPS[np.asarray(n).dtype]
    af = a.astype(np.float64)
    # mean error feeds every deviation: bound on sum((x - m)^2) / (k - ddof)
    sq = np.sum(af * af, axis=axis, keepdims=keepdims)
    d = max(k - ddof, 1)
    vb = 8 * k * eps * sq / d + 1e-300
    if name == "var":
        assert np.all(np.abs(rv - nv)[ok] <= vb[ok] if np.ndim(vb) else np.abs(rv - nv)[ok] <= vb)
    else:
        assert np.all(np.abs(rv - nv)[ok] <= np.sqrt(vb)[ok] if np.ndim(vb)
                      else np.abs(rv - nv)[ok] <= np.sqrt(vb))


# ---- argmin / argmax -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["argmin", "argmax"])
@given(data=st.data())
def test_argminmax(name, data):
    a, x = data.draw(pairs())
    axis = data.draw(axes_for(a.ndim, allow_tuple=False))
    keepdims = data.draw(st.booleans())
    method = data.draw(st.booleans())
    r, er = _outcome(lambda: _call(rp, name, x, method, axis=axis, keepdims=keepdims))
    n, en = _outcome(lambda: _call(np, name, a, method, axis=axis, keepdims=keepdims))
    if _compare_errors(er, en):
        if isinstance(en, ValueError):
            assert str(er) == str(en)
        return
    np.testing.assert_array_equal(_same_kind(r, n), np.asarray(n), strict=True)


def test_argmax_first_nan_and_first_extreme():
    v = np.array([1.0, 5.0, 5.0, np.nan, 7.0, np.nan])
    assert rp.argmax(v) == 3 and rp.argmin(v) == 3
    big = np.zeros(5000)
    big[3001] = 2.0
    big[4000] = 2.0
    assert rp.argmax(big) == 3001
    big[4500] = np.nan
    assert rp.argmax(big) == 4500 and rp.argmin(big) == 4500
    assert type(rp.argmax(big)) is np.int64


# ---- cumulative ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@given(data=st.data())
def test_cumulative(name, data):
    a, x = data.draw(pairs(small=name == "cumprod", allow_nan=False))
    axis = data.draw(axes_for(a.ndim, allow_tuple=False))
    method = data.draw(st.booleans())
    dtype = data.draw(st.sampled_from([None, None, np.float64, np.int32]))
    kw = {"axis": axis, "dtype": dtype}
    both = _both(name, a, x, method, kw)
    if both is None:
        return
    r, n = both
    np.testing.assert_array_equal(_same_kind(r, n), n, strict=True)


@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
@given(data=st.data())
def test_cumulative_array_api(name, data):
    a, x = data.draw(pairs(small=True, allow_nan=False, max_dims=3))
    axis = data.draw(axes_for(a.ndim, allow_tuple=False))
    incl = data.draw(st.booleans())
    r, er = _outcome(lambda: getattr(rp, name)(x, axis=axis, include_initial=incl))
    n, en = _outcome(lambda: getattr(np, name)(a, axis=axis, include_initial=incl))
    if _compare_errors(er, en):
        return
    np.testing.assert_array_equal(_same_kind(r, n), n, strict=True)


def test_cumsum_outer_axis_rows():
    """The row-streaming path (axis outer, long rows) equals NumPy exactly."""
    a = np.random.default_rng(1).standard_normal((50, 300)).astype(np.float32)
    for axis in (0, 1):
        np.testing.assert_array_equal(np.asarray(rp.cumsum(rp.asarray(a), axis=axis)),
                                      np.cumsum(a, axis=axis), strict=True)
        np.testing.assert_array_equal(np.asarray(rp.cumprod(rp.asarray(a), axis=axis)),
                                      np.cumprod(a, axis=axis), strict=True)


# ---- dtypes, out=, initial= ---------------------------------------------------------------


@pytest.mark.parametrize("src", DTYPES, ids=lambda d: d.name)
def test_default_result_dtypes(src):
    a = np.ones((3, 2), dtype=src)
    x = rp.asarray(a)
    for name in ("sum", "prod", "mean", "var", "std", "min", "max", "any", "all", "argmax",
                 "cumsum", "cumprod"):
        r, n = getattr(rp, name)(x, axis=0), getattr(np, name)(a, axis=0)
        assert r.dtype == n.dtype, (name, r.dtype, n.dtype)
        r, n = getattr(rp, name)(x), getattr(np, name)(a)
        assert np.asarray(r).dtype == np.asarray(n).dtype and type(r).__name__ == type(n).__name__, (
            name, type(r), type(n))
    assert type(rp.count_nonzero(x)) is type(np.count_nonzero(a))


@given(data=st.data())
def test_sum_dtype_argument(data):
    a, x = data.draw(pairs(dtypes=INTEGER + [np.dtype(np.bool_)], max_dims=3))
    dtype = data.draw(st.sampled_from(INTEGER + [np.dtype(np.float64)]))
    axis = data.draw(axes_for(a.ndim))
    for name in ("sum", "prod"):
        r = getattr(rp, name)(x, axis=axis, dtype=dtype)
        n = getattr(np, name)(a, axis=axis, dtype=dtype)
        rv = _same_kind(r, n)
        if np.dtype(dtype).kind == "f" and name == "prod":
            np.testing.assert_allclose(rv, n, rtol=1e-12)
        elif np.dtype(dtype).kind == "f":
            assert np.all(np.abs(rv - n) <= 2 * max(a.size, 1) * 2.0**-53
                          * np.sum(np.abs(a.astype(float)), axis=axis))
        else:
            np.testing.assert_array_equal(rv, n, strict=True)


def test_out_argument():
    a = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    x = rp.asarray(a)
    o = rp.zeros((3,), dtype=np.float64)
    r = rp.sum(x, axis=(0, 2), out=o)
    assert r is o
    np.testing.assert_array_equal(np.asarray(o), np.sum(a, axis=(0, 2)).astype(np.float64))
    o8 = rp.zeros((2, 1, 4), dtype=np.int8)
    x.max(axis=1, keepdims=True, out=o8)
    np.testing.assert_array_equal(np.asarray(o8), a.max(axis=1, keepdims=True).astype(np.int8))
    # out= on a NumPy array, and as a 1-tuple
    on = np.zeros(4)
    rp.mean(x, axis=(0, 1), out=(on,))
    np.testing.assert_array_equal(on, a.mean(axis=(0, 1)))
    with pytest.raises(ValueError, match="wrong number of dimensions"):
        rp.sum(x, axis=0, out=rp.zeros(3))
    # out with the accumulation dtype is written directly; same values
    o64 = rp.zeros((4,), dtype=np.int64)
    rp.sum(x, axis=(0, 1), out=o64)
    np.testing.assert_array_equal(np.asarray(o64), a.sum(axis=(0, 1)))


def test_initial_argument():
    a = np.array([[1.0, 5.0], [3.0, 2.0]])
    x = rp.asarray(a)
    assert rp.sum(x, initial=10) == np.sum(a, initial=10)
    np.testing.assert_array_equal(np.asarray(rp.max(x, axis=0, initial=4)), np.max(a, axis=0, initial=4))
    e = np.zeros((0, 2))
    np.testing.assert_array_equal(np.asarray(rp.min(rp.asarray(e), axis=0, initial=7)),
                                  np.min(e, axis=0, initial=7))


# ---- errors and warnings ------------------------------------------------------------------


def test_axis_errors():
    x = rp.asarray(np.ones((2, 3)))
    for name in ("sum", "prod", "mean", "min", "max", "any", "all", "var", "std",
                 "argmin", "argmax", "cumsum", "count_nonzero"):
        fn = getattr(rp, name)
        with pytest.raises(AxisError):
            fn(x, axis=2)
        with pytest.raises(ValueError):  # AxisError is a ValueError ...
            fn(x, axis=-3)
        with pytest.raises(IndexError):  # ... and an IndexError
            fn(x, axis=5)
    with pytest.raises(AxisError):
        rp.sum(x, axis=(0, 2))
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        rp.sum(x, axis=(0, -2))
    with pytest.raises(TypeError):
        rp.argmax(x, axis=(0,))
    with pytest.raises(TypeError):
        rp.sum(x, axis=1.0)
    with pytest.raises(TypeError):
        x.sum(bogus=1)


def test_empty_errors_match_numpy():
    e = np.zeros((0, 3))
    x = rp.asarray(e)
    for name, axis in (("max", 0), ("min", None), ("argmax", 0), ("argmin", None)):
        with pytest.raises(ValueError) as want:
            getattr(np, name)(e, axis=axis)
        with pytest.raises(ValueError) as got:
            getattr(rp, name)(x, axis=axis)
        assert str(got.value) == str(want.value)
    # an empty result needs no identity
    assert rp.max(x, axis=1).shape == (0,)
    assert rp.argmax(x, axis=1).shape == (0,)
    assert rp.sum(x) == 0.0 and rp.prod(x) == 1.0


def test_mean_of_empty_warns():
    x = rp.asarray(np.zeros((0, 3)))
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        r = rp.mean(x)
    assert np.isnan(r)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        r = x.mean(axis=0)
    assert np.all(np.isnan(np.asarray(r))) and r.shape == (3,)
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
        rp.var(rp.asarray(np.ones(2)), ddof=2)


# ---- the earlier API, interop ------------------------------------------------------------


def test_sum_axis_mean_axis():
    a = np.random.default_rng(0).standard_normal((7, 5, 3))
    x = rp.asarray(a)
    for axis in (0, 1, 2, -1):
        np.testing.assert_array_equal(np.asarray(x.sum_axis(axis)), np.asarray(x.sum(axis=axis)))
        np.testing.assert_array_equal(np.asarray(x.mean_axis(axis)), np.asarray(x.mean(axis=axis)))
    with pytest.raises(AxisError):
        x.sum_axis(3)


def test_numpy_functions_on_raptors_arrays():
    a = np.arange(12.0).reshape(3, 4)
    x = rp.asarray(a)
    for name in ("sum", "mean", "max", "argmin", "std", "cumsum", "any"):
        r = getattr(np, name)(x, axis=0)
        assert isinstance(r, rp.ndarray), (name, type(r))
        np.testing.assert_allclose(np.asarray(r), getattr(np, name)(a, axis=0))
    assert np.sum(x) == 66.0


def test_module_functions_take_sequences():
    assert rp.sum([1, 2, 3]) == 6 and type(rp.sum([1, 2, 3])) is np.int64
    assert rp.max([[1.5, 2.5]], axis=1).shape == (1,)


# ---- accuracy and determinism ------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pairwise_accuracy_large(dtype):
    """Held to the pairwise bound, not the n*eps one."""
    rng = np.random.default_rng(5)
    a = rng.random(1 << 20).astype(dtype) + 1
    exact = math.fsum(a.astype(np.float64).tolist())
    eps = EPS[np.dtype(dtype)]
    bound = (math.log2(a.size) + 20) * eps * exact
    assert abs(float(rp.sum(rp.asarray(a))) - exact) <= bound
    # axis 0 of a tall matrix: blocks of rows combined pairwise
    m = a.reshape(-1, 4)
    col = rp.asarray(m).sum(axis=0)
    ex = [math.fsum(m[:, j].astype(np.float64).tolist()) for j in range(4)]
    assert all(abs(float(c) - e) <= (math.log2(m.shape[0]) + 20) * eps * e
               for c, e in zip(np.asarray(col), ex))


_DETERMINISM_SCRIPT = r"""
import hashlib, numpy as np, raptors as rp
rng = np.random.default_rng(3)
h = hashlib.sha256()
for dt in (np.float32, np.float64, np.int32, np.uint8):
    for shape in ((300007,), (513, 300), (3, 70001), (7, 9, 33)):
        a = (rng.standard_normal(shape) * 100).astype(dt)
        for x in (rp.asarray(a), rp.asarray(a).T, rp.asarray(a)[..., ::-2]):
            for axis in [None] + list(range(x.ndim)):
                for name in ("sum", "mean", "prod", "min", "max", "argmax", "var"):
                    r = getattr(rp, name)(x, axis=axis)
                    h.update(np.ascontiguousarray(np.asarray(r)).tobytes())
            h.update(np.asarray(rp.cumsum(x, axis=-1)).tobytes())
print(h.hexdigest(), rp.simd_info() if hasattr(rp, "simd_info") else "")
"""


def test_identical_bits_for_every_isa():
    """RAPTORS_SIMD=0 (baseline kernels) and the best ISA give the same bits."""
    outs = {}
    for simd in ("0", "1"):
        env = dict(os.environ, RAPTORS_SIMD=simd)
        p = subprocess.run([sys.executable, "-c", _DETERMINISM_SCRIPT], env=env,
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr
        outs[simd] = p.stdout.split()[0]
    assert outs["0"] == outs["1"], outs


def test_ufunc_methods_map_to_reductions():
    from raptors._reductions import ufunc_method

    a = np.arange(1, 13, dtype=np.int8).reshape(3, 4)
    x = rp.asarray(a)
    cases = [(np.add, "reduce", {}), (np.add, "reduce", {"axis": None}),
             (np.multiply, "reduce", {"axis": 1, "keepdims": True}),
             (np.maximum, "reduce", {"axis": -1}), (np.minimum, "reduce", {}),
             (np.logical_or, "reduce", {"axis": 1}), (np.logical_and, "reduce", {}),
             (np.add, "accumulate", {}), (np.multiply, "accumulate", {"axis": 1}),
             (np.add, "reduce", {"dtype": np.float32, "out": None})]
    for uf, method, kw in cases:
        r = ufunc_method(uf, method, (x,), kw)
        n = getattr(uf, method)(a, **kw)
        np.testing.assert_array_equal(_same_kind(r, n), n, strict=True)
    assert ufunc_method(np.subtract, "reduce", (x,), {}) is NotImplemented
    assert ufunc_method(np.maximum, "accumulate", (x,), {}) is NotImplemented
    assert ufunc_method(np.add, "reduce", (x,), {"where": a > 2}) is NotImplemented


# ---- var/std's mean in NumPy's order ------------------------------------------

@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("n", [1, 5, 8, 10, 100, 129, 1000, 4097, 100000])
def test_var_std_of_a_constant_is_numpys(dt, n):
    """var/std's mean is summed in NumPy's add.reduce order, so a constant
    array's variance is NumPy's: exactly 0 where NumPy's is (var of ten
    float32 0.1), the same one-ulp residue where NumPy has one."""
    for v in (0.1, 1 / 3, 7.3, -2.75e-3, 1e30):
        x = np.full(n, v, dtype=dt)
        for f in ("var", "std"):
            want = getattr(np, f)(x)
            got = getattr(rp, f)(rp.asarray(x))
            assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), (f, v)
        # along either axis of a 2-D constant (rows streamed, or runs reduced)
        m = np.full((n if n < 1000 else 50, 7), v, dtype=dt)
        for axis in (0, 1, None):
            want = np.var(m, axis=axis)
            got = rp.var(rp.asarray(m), axis=axis)
            assert np.asarray(got).tobytes() == np.asarray(want).tobytes(), (v, axis)


def test_var_mean_pass_threaded_is_identical():
    code = (
        "import numpy as np, raptors as rp\n"
        "x = np.random.default_rng(3).standard_normal(300001).astype('float32') + 5\n"
        "c = np.full(300001, 0.1, 'float32')\n"
        "print(np.asarray(rp.var(rp.asarray(x))).tobytes().hex(),"
        " np.asarray(rp.std(rp.asarray(c))).tobytes().hex(),"
        " np.asarray(np.std(c)).tobytes().hex())\n")
    outs = []
    for env in ({"RAPTORS_THREADS": "1"},
                {"RAPTORS_THREADS": "2", "RAPTORS_REDUCE_PAR_BYTES": "1024"}):
        p = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **env),
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr
        outs.append(p.stdout.split())
    assert outs[0] == outs[1]
    assert outs[0][1] == outs[0][2]  # the constant's std is NumPy's
