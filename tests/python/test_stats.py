"""Differential tests of raptors' statistics functions against NumPy: the
NaN-aware reductions, ptp, average, cov, corrcoef, histogram,
histogram_bin_edges, digitize and the comparisons (isclose, allclose,
array_equal, array_equiv). Same values, dtypes, shapes, warnings and
exception types, over dtypes, layouts (C, F, strided, negative strides,
0-size, 0-d), axes and NaN/inf placements."""

import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

import raptors as rp
from strategies import array_pairs

DTYPES = ["bool", "int8", "int32", "int64", "uint8", "uint64", "float32", "float64"]
FLOATS = ["float32", "float64"]
NAN_FUNCS = ["nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax",
             "nanargmin", "nanargmax", "nancumsum", "nancumprod"]


def _data(dtype, shape, seed=0, nan_frac=0.2):
    """Values in the dtype with NaN/inf sprinkled over float inputs (one
    all-NaN row when there are rows)."""
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(max(info.min, -50), min(info.max, 50), size=shape).astype(dtype)
    a = np.asarray((rng.standard_normal(shape) * 3).astype(dtype))
    if a.size and a.ndim:
        a[rng.random(shape) < nan_frac] = np.nan
        flat = a.reshape(-1)
        flat[rng.integers(0, a.size)] = np.inf if seed % 2 else -np.inf
        if a.ndim >= 2 and a.shape[0] > 1:
            a[1] = np.nan
    return a


def _layouts(a):
    """(name, NumPy view, raptors view) of the same values."""
    x = rp.asarray(a.copy())
    yield "C", a, x
    if a.ndim >= 2:
        yield "F", a.copy(order="F"), rp.asarray(a).copy(order="F")
    if a.ndim >= 1:
        yield "strided", a[::2], x[::2]
        yield "negative", a[::-1], x[::-1]
    if a.ndim >= 2:
        yield "transposed", a.T, x.T


def _run(fn, *args, **kw):
    """(result or exception type, warning categories and messages)."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = fn(*args, **kw)
        except Exception as e:  # noqa: BLE001  (the type is the result)
            r = type(e)
    return r, sorted({(x.category.__name__, str(x.message).rstrip(".")) for x in w})


def _tol(dtype):
    return dict(rtol=2e-5, atol=1e-5) if np.dtype(dtype) == np.float32 else \
        dict(rtol=1e-12, atol=1e-12)


def assert_matches(got, want, exact=False):
    r, rw = got
    e, ew = want
    if isinstance(e, type):
        assert r is e or (isinstance(r, type) and issubclass(r, e)), (r, e)
        return
    assert not isinstance(r, type), f"raptors raised {r}, NumPy returned {e!r}"
    assert rw == ew, (rw, ew)
    if isinstance(e, tuple):
        assert isinstance(r, tuple) and len(r) == len(e)
        for ri, ei in zip(r, e):
            assert_matches((ri, []), (ei, []), exact)
        return
    if isinstance(e, (bool, int, float)) and not isinstance(e, np.generic):
        assert type(r) is type(e) and (r == e or (r != r and e != e)), (r, e)
        return
    rn = np.asarray(r)
    en = np.asarray(e)
    assert rn.dtype == en.dtype, (rn.dtype, en.dtype)
    assert rn.shape == en.shape, (rn.shape, en.shape)
    assert isinstance(r, np.generic) == isinstance(e, np.generic) or en.ndim > 0, (type(r),
                                                                                  type(e))
    if exact or en.dtype.kind not in "fc":
        np.testing.assert_array_equal(rn, en)
    else:
        np.testing.assert_allclose(rn, en, equal_nan=True, **_tol(en.dtype))


def both(name, a, x, *args, exact=False, **kw):
    want = _run(getattr(np, name), a, *args, **kw)
    got = _run(getattr(rp, name), x, *args, **kw)
    assert_matches(got, want, exact)


# ---- the NaN-aware family ------------------------------------------------------------


@pytest.mark.parametrize("name", NAN_FUNCS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(7,), (4, 5), (3, 4, 2), (0,), (0, 3), ()])
def test_nan_functions_layouts_axes(name, dtype, shape):
    a = _data(dtype, shape)
    cum = name.startswith("nancum")
    arg = name.startswith("nanarg")
    axes = [None] + list(range(-len(shape), len(shape)))
    if not cum and not arg and len(shape) >= 2:
        axes.append((0, 1))
    for _, av, xv in _layouts(a):
        for axis in axes:
            both(name, av, xv, axis=axis)
            if not cum:
                both(name, av, xv, axis=axis, keepdims=True)


@pytest.mark.parametrize("name", ["nansum", "nanmean", "nanmax", "nanmin"])
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", [1, 31, 32, 33, 511, 512, 513, 5000, 100003])
def test_nan_kernels_lengths(name, dtype, n):
    # the kernels' lane and block boundaries, NaN at the edges too
    a = _data(dtype, (n,), seed=n, nan_frac=0.3)
    a[0] = np.nan
    a[-1] = np.nan
    x = rp.asarray(a)
    both(name, a, x)
    both(name, a[::3], x[::3])
    both(name, a[::-1], x[::-1])
    if n > 4:
        both(name, a[: n // 4 * 4].reshape(4, -1), x[: n // 4 * 4].reshape(4, -1), axis=0)
        both(name, a[: n // 4 * 4].reshape(-1, 4), x[: n // 4 * 4].reshape(-1, 4), axis=0)


@pytest.mark.parametrize("dtype", FLOATS)
def test_nan_threaded_sum_matches_serial(dtype):
    # the nansum kernel splits long runs over the pool in shape-fixed chunks
    a = _data(dtype, (1 << 21,), seed=3)
    x = rp.asarray(a)
    with rp.num_threads(1):
        one = rp.nansum(x)
    with rp.num_threads(2):
        two = rp.nansum(x)
    assert one.tobytes() == two.tobytes()
    np.testing.assert_allclose(one, np.nansum(a), **_tol(dtype))
    assert rp.nanmax(x) == np.nanmax(a) and rp.nanmin(x) == np.nanmin(a)


@pytest.mark.parametrize("dtype", FLOATS)
def test_all_nan_slices(dtype):
    a = np.full((3, 4), np.nan, dtype)
    a[0, 1] = 2
    x = rp.asarray(a)
    for name in ["nanmin", "nanmax", "nanmean", "nanvar", "nanstd", "nansum", "nanprod"]:
        for axis in [None, 0, 1]:
            both(name, a, x, axis=axis)
    for name in ["nanargmin", "nanargmax"]:
        both(name, a, x, axis=1)  # ValueError: an all-NaN row
        both(name, a, x, axis=0)
        both(name, a, x)
    allnan = np.full(5, np.nan, dtype)
    for name in ["nanmin", "nanmax", "nanmean", "nanvar", "nanargmax", "nanargmin"]:
        both(name, allnan, rp.asarray(allnan))


def test_empty_inputs():
    for dtype in ["float64", "int32"]:
        a = np.zeros((0, 3), dtype)
        x = rp.asarray(a)
        for name in ["nanmin", "nanmax", "nanargmin", "nanargmax", "nansum", "nanprod",
                     "nanmean", "nanvar", "nanstd", "nancumsum"]:
            for axis in [None, 0, 1]:
                both(name, a, x, axis=axis)


def test_inf_placements():
    for a in [np.array([np.inf, np.nan, 1.0]), np.array([np.nan, np.inf]),
              np.array([-np.inf, np.nan, -np.inf]), np.array([np.nan, -np.inf, 3.0]),
              np.array([np.inf, -np.inf, np.nan])]:
        x = rp.asarray(a)
        for name in NAN_FUNCS:
            both(name, a, x)


def test_nan_keyword_arguments():
    a = _data("float64", (4, 6), seed=5)
    x = rp.asarray(a)
    f32 = _data("float32", (4, 6), seed=6)
    x32 = rp.asarray(f32)
    w = np.random.default_rng(1).random((4, 6)) < 0.6
    for name in ["nansum", "nanprod"]:
        both(name, a, x, axis=1, dtype=np.float32)
        both(name, f32, x32, axis=0, dtype=np.float64)
        both(name, a, x, axis=1, initial=5.0)
        both(name, a, x, axis=1, where=w)
        both(name, a, x, dtype=np.int64)
    for name in ["nanmin", "nanmax"]:
        both(name, a, x, axis=1, initial=-100.0 if name == "nanmax" else 100.0)
        both(name, a, x, axis=0, where=w, initial=0.0)
        both(name, a, x, axis=0, where=w)  # no initial: ValueError
        both(name, np.zeros(0), rp.asarray(np.zeros(0)), initial=1.0)
    for name in ["nanmean", "nanvar", "nanstd"]:
        both(name, a, x, axis=1, where=w)
        both(name, f32, x32, axis=1, dtype=np.float64)
        both(name, a, x, dtype=np.int32)  # TypeError: dtype must be inexact
    for name in ["nanvar", "nanstd"]:
        both(name, a, x, axis=1, ddof=2)
        both(name, a, x, axis=1, correction=1)
        both(name, a, x, axis=1, ddof=1, correction=1)  # ValueError
        both(name, a, x, axis=1, ddof=6)  # dof <= 0 in every row
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the all-NaN row
            m = np.nanmean(a, axis=1, keepdims=True)
        both(name, a, x, axis=1, mean=m)
    for name in ["nancumsum", "nancumprod"]:
        both(name, a, x, axis=1, dtype=np.float32)
        both(name, f32, x32, axis=0)


def test_nan_functions_out():
    a = _data("float64", (4, 6), seed=7)
    x = rp.asarray(a)
    for name, shape, dt in [("nansum", (6,), "f8"), ("nanmax", (6,), "f8"),
                            ("nanmin", (6,), "f4"), ("nanmean", (6,), "f8"),
                            ("nanvar", (6,), "f8"), ("nanprod", (6,), "f8"),
                            ("nanargmax", (6,), "i8"), ("nancumsum", (4, 6), "f8")]:
        o_np = np.zeros(shape, dt)
        o_rp = rp.zeros(shape, dt)
        rn = getattr(np, name)(a, axis=0, out=o_np)
        rr = getattr(rp, name)(x, axis=0, out=o_rp)
        assert rr is o_rp and rn is o_np
        np.testing.assert_allclose(np.asarray(o_rp), o_np, rtol=1e-6, equal_nan=True)
    # an integer out= of nanmean is NumPy's TypeError
    both("nanmean", a, x, axis=0, out=np.zeros(6, "i8"))


def test_zero_d():
    for v in [np.float64(np.nan), np.float32(2.5), np.int16(-3), np.bool_(True)]:
        a = np.array(v)
        x = rp.asarray(a)
        for name in NAN_FUNCS:
            both(name, a, x)


def test_numpy_dispatch_runs_raptors():
    a = _data("float64", (8, 3), seed=9)
    x = rp.asarray(a)
    for name in NAN_FUNCS + ["ptp", "average", "histogram", "histogram_bin_edges", "isclose",
                             "allclose", "array_equal", "array_equiv", "digitize", "cov",
                             "corrcoef"]:
        assert getattr(rp, name).__module__.startswith("raptors."), name
    r = np.nansum(x, axis=0)
    assert isinstance(r, rp.ndarray)
    np.testing.assert_allclose(np.asarray(r), np.nansum(a, axis=0))
    h, e = np.histogram(rp.asarray(np.arange(10.0)), bins=3)
    assert isinstance(h, rp.ndarray) and isinstance(e, rp.ndarray)
    # the call goes to raptors' function: its kernel's error names fmax
    with pytest.raises(ValueError, match="fmax"):
        np.nanmax(rp.zeros(0))


@given(array_pairs(dtype=st.sampled_from([np.float32, np.float64]), allow_nan=True),
       st.sampled_from(["nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanargmax"]))
def test_nan_functions_hypothesis(pair, name):
    a, x = pair
    both(name, a, x)
    if a.ndim:
        both(name, a, x, axis=-1)


# ---- ptp, average, cov, corrcoef -----------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_ptp(dtype):
    a = _data(dtype, (4, 5), seed=11)
    for _, av, xv in _layouts(a):
        for axis in [None, 0, 1, (0, 1)]:
            both("ptp", av, xv, axis=axis)
            both("ptp", av, xv, axis=axis, keepdims=True)
    both("ptp", np.zeros(0), rp.zeros(0))  # ValueError
    both("ptp", np.array(3.0), rp.asarray(np.array(3.0)))
    # NumPy 2 has no ndarray.ptp: neither does raptors
    assert not hasattr(np.zeros(2), "ptp") and not hasattr(rp.zeros(2), "ptp")


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "bool"])
def test_average(dtype):
    a = _data(dtype, (3, 4), seed=12)
    a = np.where(np.isnan(a), 1, a).astype(dtype) if a.dtype.kind == "f" else a
    a = np.where(np.isinf(a), 2, a).astype(dtype) if a.dtype.kind == "f" else a
    x = rp.asarray(a)
    w4 = np.arange(1.0, 5.0)
    w34 = np.arange(12).reshape(3, 4) % 5
    for kw in [{}, {"axis": 0}, {"axis": 1, "weights": w4}, {"weights": w34},
               {"axis": (0, 1), "weights": w34}, {"axis": 1, "weights": w4, "returned": True},
               {"returned": True}, {"axis": 0, "keepdims": True},
               {"axis": 1, "weights": w4, "keepdims": True, "returned": True},
               {"weights": w4},  # TypeError: shapes differ without axis
               {"axis": 0, "weights": w4},  # ValueError: wrong length
               {"axis": 1, "weights": np.zeros(4)},  # ZeroDivisionError
               {"axis": 2}]:  # AxisError
        both("average", a, x, **kw)
    both("average", np.zeros(0), rp.zeros(0))  # empty mean: nan and a warning


@pytest.mark.parametrize("dtype", ["int64", "float32", "float64"])
def test_cov_corrcoef(dtype):
    a = _data(dtype, (3, 6), seed=13, nan_frac=0)
    a = np.where(np.isinf(a), 1, a).astype(dtype) if a.dtype.kind == "f" else a
    x = rp.asarray(a)
    y = np.arange(6.0)[::-1] ** 2
    fw = np.array([1, 2, 1, 3, 1, 1])
    aw = np.array([0.5, 1, 2, 1, 0.25, 1])
    for kw in [{}, {"rowvar": False}, {"bias": True}, {"ddof": 0}, {"ddof": 3},
               {"fweights": fw}, {"aweights": aw}, {"fweights": fw, "aweights": aw},
               {"fweights": fw, "aweights": aw, "ddof": 2}, {"dtype": np.float32},
               {"ddof": 6}, {"ddof": 1.5}, {"fweights": fw + 0.5}, {"fweights": -fw},
               {"aweights": aw[:3]}]:
        both("cov", a, x, **kw)
    both("cov", a[0], x[0])
    both("cov", a, x, y)
    both("cov", a[0], x[0], y)
    both("cov", np.zeros((0, 3)), rp.zeros((0, 3)))
    both("cov", np.zeros((2, 2, 2)), rp.zeros((2, 2, 2)))
    both("corrcoef", a, x)
    both("corrcoef", a, x, rowvar=False)
    both("corrcoef", a[0], x[0])
    both("corrcoef", a[0], x[0], y)


# ---- histogram ---------------------------------------------------------------------


HIST_DTYPES = ["int8", "int32", "int64", "uint8", "uint64", "float32", "float64", "bool"]


@pytest.mark.parametrize("dtype", HIST_DTYPES)
@pytest.mark.parametrize("bins", [1, 7, 10, 64, "auto", "fd", "doane", "scott", "stone", "rice",
                                  "sturges", "sqrt"])
def test_histogram_uniform_exact(dtype, bins):
    a = _data(dtype, (300,), seed=14, nan_frac=0)
    if a.dtype.kind == "f":
        a[~np.isfinite(a)] = 0.5
    for _, av, xv in _layouts(a.reshape(15, 20)):
        both("histogram", av, xv, bins=bins, exact=True)
        both("histogram_bin_edges", av, xv, bins=bins, exact=True)
    for rng in [(-2, 3), (0.1, 0.7), (-1.5, -1.5), (np.float32(-1), np.float32(2.5)),
                (np.float64(0), 1), (0, 0)]:
        both("histogram", a, rp.asarray(a), bins=bins, range=rng, exact=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histogram_values_on_edges(dtype):
    # every edge value itself, and its neighbours: NumPy's index correction
    for lo, hi, nb in [(0.0, 1.0, 10), (-3.3, 7.1, 7), (0.1, 0.7, 3), (1e-3, 1e3, 1000),
                       (-1e10, 1e10, 17)]:
        edges = np.linspace(lo, hi, nb + 1, dtype=dtype)
        vals = np.concatenate([edges, np.nextafter(edges, np.inf, dtype=dtype),
                               np.nextafter(edges, -np.inf, dtype=dtype)]).astype(dtype)
        for rng in [None, (lo, hi)]:
            both("histogram", vals, rp.asarray(vals), bins=nb, range=rng, exact=True)


def test_histogram_nan_inf():
    a = np.array([0.0, np.nan, 1.0, 2.0])
    x = rp.asarray(a)
    both("histogram", a, x)  # ValueError: autodetected range is not finite
    both("histogram", a, x, range=(0, 2), exact=True)
    b = np.array([0.0, np.inf, 1.0])
    both("histogram", b, rp.asarray(b))
    both("histogram", b, rp.asarray(b), range=(0, 1), exact=True)
    both("histogram", b, rp.asarray(b), bins=[0, 0.5, 1, np.inf], exact=True)


def test_histogram_weights_density_edges():
    rng = np.random.default_rng(15)
    a = rng.standard_normal(200_000)
    x = rp.asarray(a)
    w = rng.random(200_000)
    w32 = w.astype(np.float32)
    wi = (w * 10).astype(np.int64)
    for kw in [{"weights": w}, {"weights": w32}, {"weights": wi}, {"density": True},
               {"density": True, "weights": w}, {"bins": [-3, -1, 0, 0.5, 2, 3]},
               {"bins": [-3, -1, 0, 0.5, 2, 3], "weights": w},
               {"bins": [-3, -1, 0, 0.5, 2, 3], "density": True},
               {"bins": 50, "range": (-1, 1), "weights": w32},
               {"bins": [0, 1, 1, 2]}]:
        kwn = dict(kw)
        kwr = {k: (rp.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        want = _run(np.histogram, a, **kwn)
        got = _run(rp.histogram, x, **kwr)
        assert_matches(got, want, exact="density" not in kw)


def test_histogram_errors():
    a = np.arange(10.0)
    x = rp.asarray(a)
    for kw in [{"bins": 0}, {"bins": -1}, {"bins": 2.5}, {"bins": "nope"},
               {"bins": [3, 1, 2]}, {"bins": [[1, 2], [3, 4]]}, {"range": (5, 1)},
               {"range": (0, np.inf)}, {"bins": "auto", "weights": a},
               {"weights": np.ones(3)}, {"bins": 10 ** 6, "range": (0, 1e-300)}]:
        kwr = {k: (rp.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        assert_matches(_run(rp.histogram, x, **kwr), _run(np.histogram, a, **kw))
    e = np.zeros(0)
    both("histogram", e, rp.asarray(e), exact=True)
    both("histogram", e, rp.asarray(e), bins="auto", exact=True)


@given(st.integers(0, 2 ** 32 - 1), st.integers(1, 300), st.sampled_from(FLOATS),
       st.sampled_from([None, "py", "f32", "f64"]))
def test_histogram_hypothesis(seed, nbins, dtype, range_kind):
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.integers(-3, 4)
    a = (rng.standard_normal(rng.integers(1, 3000)) * scale).astype(dtype)
    # values exactly on the edges: where the correction step matters
    edges = np.histogram_bin_edges(a, nbins)
    a[: min(a.size, nbins)] = edges[: min(a.size, nbins)].astype(dtype)
    lo, hi = sorted(rng.standard_normal(2) * scale)
    rngarg = {None: None, "py": (float(lo), float(hi)), "f32": (np.float32(lo), np.float32(hi)),
              "f64": (np.float64(lo), np.float64(hi))}[range_kind]
    both("histogram", a, rp.asarray(a), bins=nbins, range=rngarg, exact=True)


# ---- digitize ------------------------------------------------------------------------


def test_digitize():
    x = np.array([-1.0, 0.0, 0.2, 0.5, 1.0, 1.5, np.nan, np.inf])
    xr = rp.asarray(x)
    for bins in [[0.0, 0.5, 1.0], [1.0, 0.5, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0],
                 [2.0, 2.0], [], [0.5], [0, 1, 0.5], [1, np.nan, 3], np.arange(5)]:
        b = np.asarray(bins)
        for right in [False, True]:
            both("digitize", x, xr, b, right=right, exact=True)
            both("digitize", x[::-1], xr[::-1], rp.asarray(b), right=right, exact=True)
    both("digitize", np.arange(10).reshape(2, 5), rp.arange(10).reshape(2, 5), [2, 5, 7],
         exact=True)
    both("digitize", np.array(0.3), rp.asarray(np.array(0.3)), [0.0, 1.0], exact=True)
    both("digitize", x, xr, np.ones((2, 2)))  # ValueError: not 1-D
    both("digitize", x, xr, 1.0)


# ---- comparisons ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_isclose_allclose(dtype):
    a = _data(dtype, (3, 4), seed=16)
    b = a.copy()
    if a.dtype.kind == "f":
        b = (a * (1 + 1e-6)).astype(dtype)
    for _, av, xv in _layouts(a):
        bv = b[: av.shape[0]] if av.shape == b[: av.shape[0]].shape else av
        for kw in [{}, {"equal_nan": True}, {"rtol": 0, "atol": 0}, {"atol": 1.0}]:
            both("isclose", av, xv, bv, **kw, exact=True)
            both("allclose", av, xv, bv, **kw, exact=True)
    both("isclose", a, rp.asarray(a), 1, exact=True)
    both("isclose", np.float64(1.0), rp.asarray(np.array(1.0)), 1.0 + 1e-9, exact=True)
    both("isclose", a, rp.asarray(a), a[0], exact=True)  # broadcasting
    both("allclose", a, rp.asarray(a), a[:2])  # ValueError: shapes


def test_isclose_invalid_tolerance_warns():
    a = np.arange(3.0)
    with np.errstate(invalid="warn"):
        assert_matches(_run(rp.isclose, rp.asarray(a), a, atol=np.nan),
                       _run(np.isclose, a, a, atol=np.nan))


@pytest.mark.parametrize("dtype", DTYPES)
def test_array_equal_equiv(dtype):
    a = _data(dtype, (3, 4), seed=17)
    x = rp.asarray(a)
    for other in [a.copy(), a[::-1].copy(), a[0], a[:2], a.astype("f8"), np.zeros((3, 4))]:
        for eq in [False, True]:
            both("array_equal", a, x, other, equal_nan=eq, exact=True)
        both("array_equiv", a, x, other, exact=True)
    both("array_equal", a, x, x, equal_nan=True, exact=True)
    assert rp.array_equal(x, x, equal_nan=True) is True
    assert rp.array_equal(x, [[1, 2], [3]]) is False
    assert rp.array_equiv(x, [[1, 2], [3]]) is False
    assert rp.array_equiv(rp.asarray([1, 1]), 1) is True


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("threads", [1, 2])
def test_histogram_large_threads(dtype, threads):
    # the pool's parts and the four sub-histograms, merged: NumPy's counts
    rng = np.random.default_rng(18)
    a = rng.standard_normal(300_001).astype(dtype)
    a[::1000] = np.nan
    x = rp.asarray(a)
    with rp.num_threads(threads):
        for kw in [{"bins": 64, "range": (-2, 2)}, {"bins": 1000, "range": (-4.0, 4.0)},
                   {"bins": 3, "range": (np.float32(-1), np.float32(1))}]:
            both("histogram", a, x, exact=True, **kw)
            both("histogram", a[::-3], x[::-3], exact=True, **kw)
