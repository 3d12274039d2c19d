"""Sorting, selection and search against NumPy: every dtype, layouts from
array_pairs (C, F, strided, broadcast, 0-size, 0-d), NaN/-0.0/inf, the
radix (>= 256 elements) and split-over-threads (>= 128 Ki) paths, and the
error cases with NumPy's exception types and messages."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.exceptions import AxisError

import raptors as rp
from strategies import DTYPE_NAMES, DTYPES, array_pairs

SPECIAL = [0.0, -0.0, np.nan, -np.nan, np.inf, -np.inf, 1.0, -1.0]


def special_array(dtype, n, seed, few=False):
    """n values of dtype with repeats, and for floats NaN/inf/-0.0 mixed in."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, n).astype(bool)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        lo, hi = (0, 4) if few else (info.min, info.max)
        return rng.integers(lo, hi, n, dtype=dt, endpoint=True)
    a = (rng.integers(0, 5, n) if few else rng.standard_normal(n) * 1e3).astype(dt)
    k = max(n // 8, 1) if n else 0
    if n:
        a[rng.integers(0, n, k)] = rng.choice(np.array(SPECIAL, dtype=dt), k)
    return a


def same(x, e, signs=True):
    """raptors x equals NumPy e in dtype, shape and values (NaN == NaN); with
    signs, zeros' signs too (stable results have exactly one answer)."""
    r = np.asarray(x)
    assert isinstance(x, rp.ndarray), type(x)
    assert r.dtype == e.dtype and r.shape == e.shape, (r.dtype, e.dtype, r.shape, e.shape)
    assert np.array_equal(r, e, equal_nan=r.dtype.kind == "f"), (r, e)
    if signs and r.dtype.kind == "f":
        ok = ~np.isnan(e)  # which NaN (payload, sign) lands where is not compared
        assert np.array_equal(np.signbit(r)[ok], np.signbit(e)[ok]), (r, e)


def check_permutation(idx, a, axis):
    """idx is an argsort of a along axis: a valid permutation giving sort(a)."""
    assert idx.dtype == np.intp
    if axis is None:
        a = a.reshape(-1)
        axis = -1
    s = np.sort(np.moveaxis(a, axis, -1), axis=-1)
    i = np.moveaxis(idx, axis, -1)
    assert np.array_equal(np.sort(i, axis=-1), np.broadcast_to(np.arange(i.shape[-1]), i.shape))
    assert np.array_equal(np.take_along_axis(np.moveaxis(a, axis, -1), i, -1), s, equal_nan=True)


def axes_of(ndim):
    return st.sampled_from([None] + list(range(-ndim, ndim)))


# ---- sort / argsort -----------------------------------------------------------

@settings(max_examples=60)
@given(pair=array_pairs(allow_nan=True), data=st.data())
def test_sort_argsort_match_numpy(pair, data):
    a, x = pair
    axis = data.draw(axes_of(a.ndim)) if a.ndim else None
    for kind in ("quicksort", "stable"):
        same(rp.sort(x, axis=axis, kind=kind), np.sort(a, axis=axis, kind=kind),
             signs=kind == "stable")
    same(rp.argsort(x, axis=axis, kind="stable"), np.argsort(a, axis=axis, kind="stable"))
    check_permutation(np.asarray(rp.argsort(x, axis=axis)), a, axis)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("n", [0, 1, 2, 17, 255, 256, 3000])
@pytest.mark.parametrize("few", [False, True])
def test_sort_sizes_and_special_values(dtype, n, few):
    a = special_array(dtype, n, n + 7 * few, few)
    x = rp.asarray(a)
    same(rp.sort(x, kind="stable"), np.sort(a, kind="stable"))
    same(rp.sort(x), np.sort(a), signs=False)
    same(rp.argsort(x, kind="stable"), np.argsort(a, kind="stable"))
    same(rp.argsort(x, stable=True), np.argsort(a, stable=True))
    check_permutation(np.asarray(rp.argsort(x, kind="quicksort")), a, -1)
    for pattern in (np.sort(a), np.sort(a)[::-1].copy()):  # sorted and reversed input
        same(rp.sort(rp.asarray(pattern), kind="mergesort"), np.sort(pattern, kind="mergesort"))
        same(rp.argsort(rp.asarray(pattern), kind="stable"),
             np.argsort(pattern, kind="stable"))


# Around every network size of the vectorized quicksort (16 vectors of 4, 8
# or 16 lanes, the smaller networks below), partition sizes, and rows of 256
# KiB and more (the 64-bit partition's longer steps on AVX-512); "runs" puts
# long ranges of one value among random ones.
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint64", "uint32"])
@pytest.mark.parametrize("pattern", ["random", "few", "runs"])
def test_unstable_sort_network_and_partition_sizes(dtype, pattern):
    sizes = [31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 700, 1025,
             3001, 40000, 70001]
    for n in sizes:
        a = special_array(dtype, n, n, pattern == "few")
        if pattern == "runs":
            a[n // 5:n // 5 + n // 3] = a[0]
        same(rp.sort(rp.asarray(a)), np.sort(a), signs=False)
        k = n // 3
        got = np.asarray(rp.partition(rp.asarray(a), k))
        assert np.array_equal(got[k], np.sort(a)[k], equal_nan=True), (n, k)


@pytest.mark.parametrize("dtype", ["float64", "int32", "uint8"])
def test_sort_two_dimensional_axes_and_layouts(dtype):
    a = special_array(dtype, 600, 3).reshape(20, 30)
    for view in (a, a.T, a[::2, ::-3], np.asfortranarray(a)):
        x = rp.asarray(view)
        for axis in (0, 1, -1, None):
            same(rp.sort(x, axis=axis, kind="stable"), np.sort(view, axis=axis, kind="stable"))
            same(rp.argsort(x, axis=axis, kind="stable"),
                 np.argsort(view, axis=axis, kind="stable"))


def test_sort_method_sorts_in_place():
    a = special_array("float64", 300, 5).reshape(10, 30)
    x = rp.asarray(a.copy())
    x.sort(axis=0, kind="stable")
    e = a.copy()
    e.sort(axis=0, kind="stable")
    same(x, e)
    y = rp.asarray(a.copy())
    view = y[:, ::2]
    view.sort()
    e = a.copy()
    e[:, ::2].sort()
    same(y, e, signs=False)
    same(x.argsort(axis=1, kind="stable"), e.argsort(axis=1, kind="stable") * 0
         + np.argsort(np.asarray(x), axis=1, kind="stable"))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_descending_is_stable_reverse_order(dtype):
    a = special_array(dtype, 400, 9, few=True)
    x = rp.asarray(a)
    # Array API: descending keeps equal keys in their original order
    order = np.argsort(np.flip(a), kind="stable")
    expect_idx = np.flip(a.size - 1 - order)
    same(rp.argsort(x, descending=True), expect_idx)
    same(rp.sort(x, descending=True), np.flip(np.sort(np.flip(a), kind="stable")))


def test_sort_zero_d_and_errors():
    z = np.array(3.5)
    same(rp.sort(rp.asarray(z), axis=None), np.sort(z, axis=None))
    same(rp.argsort(rp.asarray(z)), np.argsort(z))
    same(rp.argsort(rp.asarray(z), axis=None), np.argsort(z, axis=None))
    x = rp.asarray(np.arange(6.0).reshape(2, 3))
    a = np.arange(6.0).reshape(2, 3)
    cases = [
        lambda m, v: m.sort(v, axis=2),
        lambda m, v: m.sort(v, axis=-3),
        lambda m, v: m.sort(v, kind="foo"),
        lambda m, v: m.sort(v, kind="stable", stable=True),
        lambda m, v: m.sort(v, order="x"),
        lambda m, v: m.argsort(v, axis=5),
        lambda m, v: m.sort(m.asarray(np.array(1.0))),
    ]
    for case in cases:
        with pytest.raises(Exception) as e_np:
            case(np, a)
        with pytest.raises(type(e_np.value)) as e_rp:
            case(rp, x)
        assert str(e_rp.value) == str(e_np.value)
    r = rp.asarray(np.arange(3.0))
    r.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        r.sort()


# ---- partition --------------------------------------------------------------

def check_partition(p, a, kth, axis):
    """p is a partition of a: at each kth the sorted value, smaller before,
    larger after (NaN largest)."""
    if axis is None:
        a, axis = a.reshape(-1), -1
    s = np.moveaxis(np.sort(a, axis=axis), axis, -1)
    q = np.moveaxis(p, axis, -1)
    n = q.shape[-1]
    ks = sorted({k % n for k in np.atleast_1d(kth)})
    assert np.array_equal(q[..., ks], s[..., ks], equal_nan=True)
    assert np.array_equal(np.sort(q, axis=-1), s, equal_nan=True)
    for k in ks:
        left, right, pivot = q[..., :k], q[..., k + 1:], q[..., k:k + 1]
        nanp = np.isnan(pivot) if q.dtype.kind == "f" else np.zeros_like(pivot, bool)
        assert np.all((left <= pivot) | nanp)
        assert np.all((right >= pivot) | (right != right) | nanp)


@settings(max_examples=40)
@given(pair=array_pairs(allow_nan=True), data=st.data())
def test_partition_matches_numpy(pair, data):
    a, x = pair
    if a.ndim == 0 or a.size == 0:
        return
    axis = data.draw(axes_of(a.ndim))
    n = a.size if axis is None else a.shape[axis]
    kth = data.draw(st.integers(-n, n - 1) | st.lists(st.integers(-n, n - 1), min_size=1,
                                                      max_size=3))
    p = rp.partition(x, kth, axis=axis)
    e = np.partition(a, kth, axis=axis)
    assert np.asarray(p).dtype == e.dtype and p.shape == e.shape
    check_partition(np.asarray(p), a, kth, axis)
    i = np.asarray(rp.argpartition(x, kth, axis=axis))
    flat = a.reshape(-1) if axis is None else a
    ax = -1 if axis is None else axis
    check_partition(np.take_along_axis(flat, i, ax), a, kth, axis)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("few", [False, True])
def test_partition_large(dtype, few):
    a = special_array(dtype, 5000, 2, few)
    for kth in (0, 2500, -1, [10, 4000, 4999]):
        check_partition(np.asarray(rp.partition(rp.asarray(a), kth)), a, kth, -1)
        i = np.asarray(rp.argpartition(rp.asarray(a), kth))
        check_partition(a[i], a, kth, -1)
    x = rp.asarray(a.copy())
    x.partition(100)
    check_partition(np.asarray(x), a, 100, -1)


def test_partition_errors():
    a = np.array([3, 1, 2])
    x = rp.asarray(a)
    for args in [(5,), (-4,), (True,), (1.0,), (1, 0, "quick")]:
        with pytest.raises(Exception) as e_np:
            np.partition(a, *args)
        with pytest.raises(type(e_np.value)) as e_rp:
            rp.partition(x, *args)
        assert str(e_rp.value) == str(e_np.value)
    with pytest.raises(AxisError):
        rp.partition(rp.asarray(np.array(1.0)), 0)
    same(rp.partition(rp.asarray(np.array(1.0)), 0, axis=None),
         np.partition(np.array(1.0), 0, axis=None))
    same(rp.argpartition(rp.asarray(np.array(1.0)), 0), np.argpartition(np.array(1.0), 0))


# ---- searchsorted -------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_searchsorted(dtype):
    a = np.sort(special_array(dtype, 300, 4, few=True))
    v = special_array(dtype, 50, 5, few=True).reshape(5, 10)
    x = rp.asarray(a)
    for side in ("left", "right"):
        same(rp.searchsorted(x, rp.asarray(v), side=side), np.searchsorted(a, v, side=side))
        same(x.searchsorted(v[0], side=side), a.searchsorted(v[0], side=side))
        r, e = rp.searchsorted(x, v[0, 0], side=side), np.searchsorted(a, v[0, 0], side=side)
        assert type(r) is type(e) and r == e
    perm = np.random.default_rng(1).permutation(a.size)
    shuffled = a[perm]
    sorter = np.argsort(shuffled, kind="stable")
    same(rp.searchsorted(rp.asarray(shuffled), v, sorter=sorter),
         np.searchsorted(shuffled, v, sorter=sorter))


def test_searchsorted_mixed_dtypes_and_errors():
    a = np.array([1, 2, 3], dtype=np.int32)
    same(rp.searchsorted(rp.asarray(a), [1.5, 2.5]), np.searchsorted(a, [1.5, 2.5]))
    same(rp.searchsorted(rp.asarray(a), np.array([], dtype=np.int8)),
         np.searchsorted(a, np.array([], dtype=np.int8)))
    cases = [
        lambda m, v: m.searchsorted(v, 1, side="x"),
        lambda m, v: m.searchsorted(m.asarray(np.ones((2, 2))), 1),
        lambda m, v: m.searchsorted(m.asarray(np.array(1.0)), 1),
        lambda m, v: m.searchsorted(v, [1], sorter=[0]),
        lambda m, v: m.searchsorted(v, [3], sorter=[0, 1, 5]),
        lambda m, v: m.searchsorted(v, [1], sorter=[0.0, 1.0, 2.0]),
    ]
    for case in cases:
        with pytest.raises(Exception) as e_np:
            case(np, a)
        with pytest.raises(type(e_np.value)) as e_rp:
            case(rp, rp.asarray(a))
        assert str(e_rp.value) == str(e_np.value)


# ---- unique and sets ------------------------------------------------------------

@settings(max_examples=40)
@given(pair=array_pairs(allow_nan=True), equal_nan=st.booleans())
def test_unique_matches_numpy(pair, equal_nan):
    a, x = pair
    r = rp.unique(x, return_index=True, return_inverse=True, return_counts=True,
                  equal_nan=equal_nan)
    e = np.unique(a, return_index=True, return_inverse=True, return_counts=True,
                  equal_nan=equal_nan)
    same(r[0], e[0], signs=False)
    for got, want in zip(r[1:], e[1:]):
        same(got, want)
    same(rp.unique(x), np.unique(a), signs=False)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_unique_array_api(dtype):
    a = special_array(dtype, 2000, 6, few=True).reshape(40, 50)
    x = rp.asarray(a)
    same(rp.unique_values(x), np.sort(np.unique_values(a)), signs=False)
    for name in ("unique_counts", "unique_inverse", "unique_all"):
        r, e = getattr(rp, name)(x), getattr(np, name)(a)
        assert type(r).__name__ == type(e).__name__ and r._fields == e._fields
        same(r.values, e.values, signs=False)
        for f in r._fields[1:]:
            if f == "inverse_indices" and a.dtype.kind == "f":
                # Every NaN is its own value here; which NaN slot an input
                # NaN maps to follows NumPy's unstable sort, so only the
                # reconstruction and the non-NaN entries are compared.
                inv = np.asarray(r.inverse_indices)
                assert inv.shape == a.shape and inv.dtype == np.intp
                assert np.array_equal(np.asarray(r.values)[inv], a, equal_nan=True)
                ok = ~np.isnan(a)
                assert np.array_equal(inv[ok], e.inverse_indices[ok])
            else:
                same(getattr(r, f), getattr(e, f))
    same(rp.unique(x, axis=0), np.unique(a, axis=0))


SET_PAIRS = [
    (np.array([5, 1, 3, 3, 7]), np.array([3, 7, 9, 9])),
    (np.array([1.5, np.nan, -0.0, 2.0, np.nan]), np.array([np.nan, 0.0, 2.0, 8.0])),
    (np.array([], dtype=np.int16), np.array([1, 2], dtype=np.int16)),
    (np.arange(12, dtype=np.uint8).reshape(3, 4), np.array([[2, 40], [11, 3]], np.int32)),
    (np.array([True, False, True]), np.array([True])),
]


@pytest.mark.parametrize("a,b", SET_PAIRS)
def test_set_functions(a, b):
    x, y = rp.asarray(a), rp.asarray(b)
    for invert in (False, True):
        same(rp.isin(x, y, invert=invert), np.isin(a, b, invert=invert))
    same(rp.intersect1d(x, y), np.intersect1d(a, b), signs=False)
    for got, want in zip(rp.intersect1d(x, y, return_indices=True),
                         np.intersect1d(a, b, return_indices=True)):
        same(got, want, signs=False)
    same(rp.union1d(x, y), np.union1d(a, b), signs=False)
    same(rp.setdiff1d(x, y), np.setdiff1d(a, b), signs=False)
    same(rp.setxor1d(x, y), np.setxor1d(a, b), signs=False)


def test_isin_kinds():
    with pytest.raises(ValueError, match="Invalid kind"):
        rp.isin([1], [2], kind="x")
    with pytest.raises(ValueError, match="only supported for boolean or integer"):
        rp.isin([1.0], [2.0], kind="table")
    same(rp.isin([1, 2], [2], kind="table"), np.isin([1, 2], [2], kind="table"))


# ---- order statistics --------------------------------------------------------------

METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
           "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
           "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


def same_stat(r, e):
    if isinstance(e, np.ndarray):
        same(r, e)
    else:
        assert type(r) is type(e), (type(r), type(e))
        assert np.array_equal(r, e, equal_nan=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_median_percentile_quantile(dtype):
    a = special_array(dtype, 420, 8).reshape(20, 21)
    if a.dtype.kind == "f":
        a[:, 3] = np.where(np.isnan(a[:, 3]), 0, a[:, 3])  # some lanes without NaN
    x = rp.asarray(a)
    for axis in (None, 0, 1, (0, 1)):
        for keepdims in (False, True):
            same_stat(rp.median(x, axis=axis, keepdims=keepdims),
                      np.median(a, axis=axis, keepdims=keepdims))
    if dtype == "bool":
        return
    for method in METHODS:
        same_stat(rp.quantile(x, 0.3, method=method), np.quantile(a, 0.3, method=method))
        same_stat(rp.percentile(x, [10, 50, 99], axis=0, method=method),
                  np.percentile(a, [10, 50, 99], axis=0, method=method))
    same_stat(rp.quantile(x.T, np.array([0.0, 1.0]), axis=1, keepdims=True),
              np.quantile(a.T, np.array([0.0, 1.0]), axis=1, keepdims=True))


def test_order_statistics_errors_and_out():
    a = np.arange(10.0)
    x = rp.asarray(a)
    for fn in (lambda m, v: m.quantile(v, 1.5), lambda m, v: m.percentile(v, -1),
               lambda m, v: m.quantile(v, 0.5, method="foo"),
               lambda m, v: m.median(v, axis=1)):
        with pytest.raises(Exception) as e_np:
            fn(np, a)
        with pytest.raises(type(e_np.value)):
            fn(rp, x)
    out = rp.zeros(())
    r = rp.median(rp.asarray(a.reshape(2, 5)), out=out)
    assert r is out and float(out) == np.median(a)


def test_bincount():
    v = np.array([0, 3, 3, 1, 7])
    same(rp.bincount(rp.asarray(v)), np.bincount(v))
    same(rp.bincount(v, weights=np.linspace(0, 1, 5), minlength=10),
         np.bincount(v, weights=np.linspace(0, 1, 5), minlength=10))
    with pytest.raises(ValueError):
        rp.bincount([-1])


# ---- threads ----------------------------------------------------------------------

THREAD_SCRIPT = textwrap.dedent(
    r"""
    import hashlib, sys
    import numpy as np
    import raptors as rp
    sys.path.insert(0, sys.argv[1])
    from test_sort import special_array
    h = hashlib.sha256()
    for dt in ("float64", "float32", "int64", "int16", "uint8", "int32", "uint32", "uint64"):
        a = special_array(dt, 300_000, 1)
        x = rp.asarray(a)
        r = [rp.sort(x), rp.sort(x, kind="stable"), rp.argsort(x),
             rp.sort(rp.asarray(a.reshape(300, 1000)), axis=0),
             rp.argsort(rp.asarray(a.reshape(600, 500)))]
        assert np.array_equal(np.asarray(r[0]), np.sort(a), equal_nan=True)
        assert np.array_equal(np.asarray(r[1]), np.sort(a, kind="stable"), equal_nan=True)
        assert np.array_equal(np.asarray(r[2]), np.argsort(a, kind="stable"))
        for b in (np.sort(a), np.sort(a)[::-1].copy()):  # sorted and reversed long rows
            y = rp.sort(rp.asarray(b))
            assert np.array_equal(np.asarray(y), np.sort(b), equal_nan=True)
            r.append(y)
        for y in r:
            h.update(np.asarray(y).tobytes())
    print(h.hexdigest())
    """
)


def test_results_identical_for_every_thread_count():
    outs = set()
    for n in ("1", "2", "3"):
        env = dict(os.environ, RAPTORS_THREADS=n)
        p = subprocess.run([sys.executable, "-c", THREAD_SCRIPT, os.path.dirname(__file__)],
                           env=env, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        outs.add(p.stdout.strip())
    assert len(outs) == 1


def test_every_dtype_listed():
    assert len(DTYPES) == 11


# ---- the bench suite ----------------------------------------------------------------

def test_sort_suite_rows_run_and_agree_with_numpy():
    """Every op of the sort suite, at a small size, through the bench runner
    (which checks raptors' result against NumPy's)."""
    from raptors.bench import runner, suites

    rows = suites.build_suite("sort")
    assert {"sort_random", "stableargsort_few", "median_axis0", "bincount"} <= {r.op for r in rows}
    opts = runner.RunOptions(warmup=0, repeats=1, min_sample_s=1e-6, row_budget_s=0.01,
                             probe_threads=1)
    seen = set()
    for row in rows:
        key = (row.op, row.dtype if row.op.startswith("sort_") else "", len(row.shape))
        if key in seen:
            continue
        seen.add(key)
        small = suites.Row("sort", row.op, (300,) if len(row.shape) == 1 else (12, 40), row.dtype)
        rec = runner.run_row(small, runner.RaptorsBackend(rp), None, opts)
        assert rec["status"] == "ok", (small.id, rec["error"])


@pytest.mark.parametrize("dtype", ["float64", "float32", "int16"])
def test_nan_order_statistics(dtype):
    a = special_array(dtype, 300, 12).reshape(15, 20)
    if a.dtype.kind == "f":
        a[2] = np.nan  # an all-NaN lane: NumPy's RuntimeWarning and NaN
    x = rp.asarray(a)
    import warnings
    for axis in (None, 0, 1):
        for name, args in (("nanmedian", ()), ("nanpercentile", ([5, 50],)),
                           ("nanquantile", (0.25,))):
            with warnings.catch_warnings(record=True) as w_np:
                warnings.simplefilter("always")
                e = getattr(np, name)(a, *args, axis=axis)
            with warnings.catch_warnings(record=True) as w_rp:
                warnings.simplefilter("always")
                r = getattr(rp, name)(x, *args, axis=axis)
            same_stat(r, e)
            assert [type(m.message) for m in w_rp] == [type(m.message) for m in w_np]


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint64"])
def test_argsort_long_rows_packed(dtype):
    """Long rows go through one int64 sort of (key window, index) pairs:
    random doubles share windows (re-sorted by full keys), one outlier makes
    one long run, sorted / reversed rows take the shortcut; every result is
    NumPy's stable argsort, and unique's indices gather the same values."""
    rng = np.random.default_rng(5)
    n = (1 << 17) + 3
    base = rng.random(n) * 1e6 if dtype.startswith("float") else rng.integers(-(1 << 40), 1 << 40, n)
    if dtype.startswith("u"):
        base = np.abs(base)
    a = base.astype(dtype)
    outlier = a.copy()
    outlier[n // 3] = np.finfo(dtype).max if dtype.startswith("float") else np.iinfo(dtype).max
    few = (a % 5).astype(dtype)
    for b in (a, outlier, few, np.sort(a), np.sort(a)[::-1].copy(), np.sort(few)[::-1].copy()):
        x = rp.asarray(b)
        expect = np.argsort(b, kind="stable")
        same(rp.argsort(x), expect)
        same(rp.argsort(x, kind="stable"), expect)
        v, i = rp.unique(x, return_index=True)
        ev, ei = np.unique(b, return_index=True)
        same(v, ev)
        same(i, ei)
    y = rp.asarray(a[:120000].reshape(3, -1).copy())
    same(rp.argsort(y, axis=1), np.argsort(np.asarray(y), axis=1, kind="stable"))


@pytest.mark.parametrize("dtype", ["float64", "int32"])
def test_sort_last_axis_fast_path_copies(dtype):
    """The last axis (and 1-D) skips moving the axis: results must still be
    new arrays, every axis of a 3-D array NumPy's, the input untouched."""
    a = special_array(dtype, 2 * 3 * 50, 21).reshape(2, 3, 50)
    x = rp.asarray(a)
    for axis in (-1, 2, 1, 0, -3, None):
        r = rp.sort(x, axis=axis, kind="stable")
        same(r, np.sort(a, axis=axis, kind="stable"))
        same(rp.argsort(x, axis=axis, kind="stable"), np.argsort(a, axis=axis, kind="stable"))
        np.asarray(r)[...] = 0
        assert np.array_equal(np.asarray(x), a, equal_nan=True)
    v = rp.asarray(a[0, 0])  # 1-D
    same(rp.sort(v), np.sort(a[0, 0]), signs=False)


def _presorted_cases(dtype, n, seed):
    """Rows that are (almost) in order: the stable kinds' run check (blocks
    of 256 pairs in the kernels, 64 Ki over threads) must take exactly the
    non-descending and strictly descending ones, and keep equal keys
    (-0.0/+0.0, NaNs, repeats) in their order."""
    a = special_array(dtype, n, seed)
    s = np.sort(a, kind="stable")
    cases = [s, s[::-1].copy()]
    if n > 1:
        d = np.unique(s)[::-1]  # strictly descending (NaNs: unique keeps one)
        cases.append(d.copy())
        t = s.copy()
        k = n // 2 if n < 70000 else 65536  # one pair out of order at a block boundary
        t[k - 1], t[k] = t[k], t[k - 1]
        cases.append(t)
        dd = d.copy()
        if len(dd) > 2:
            dd[len(dd) // 2] = dd[len(dd) // 2 + 1]  # descending with one repeat
        cases.append(dd)
    if np.dtype(dtype).kind == "f" and n >= 4:
        zeros = np.array([-0.0, 0.0, -0.0, 0.0], dtype=dtype)  # equal keys, both signs
        z = np.sort(np.concatenate([s[4:], zeros]), kind="stable")
        cases.append(z)
        cases.append(z[::-1].copy())
    return cases


def _same_unstable_bytes(a):
    """The unstable sort of a presorted row (which skips the quicksort) has
    the bytes of the unstable sort of the same values shuffled (-0.0 before
    +0.0, NaNs by their bits: one order for every path)."""
    r = np.asarray(rp.sort(rp.asarray(a)))
    shuffled = a[np.random.default_rng(len(a)).permutation(len(a))]
    assert r.tobytes() == np.asarray(rp.sort(rp.asarray(shuffled))).tobytes()
    same(rp.sort(rp.asarray(a)), np.sort(a), signs=False)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("n", [0, 1, 2, 3, 255, 256, 257, 258, 513, 4000])
def test_stable_sort_presorted_runs(dtype, n):
    for a in _presorted_cases(dtype, n, n + 3):
        x = rp.asarray(a)
        _same_unstable_bytes(a)
        same(rp.sort(x, kind="stable"), np.sort(a, kind="stable"))
        same(rp.argsort(x, kind="stable"), np.argsort(a, kind="stable"))
        b = np.stack([a, a[::-1]]) if n else a.reshape(2, 0)
        same(rp.sort(rp.asarray(b), kind="stable"), np.sort(b, kind="stable"))
        same(rp.argsort(rp.asarray(b), kind="stable"), np.argsort(b, kind="stable"))


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int16", "uint8"])
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_stable_sort_presorted_long_rows(dtype, threads):
    """Long rows split over threads: the driver's block-wise run check."""
    n = (1 << 17) + 3
    with rp.num_threads(threads):
        for a in _presorted_cases(dtype, n, 9):
            x = rp.asarray(a)
            _same_unstable_bytes(a)
            same(rp.sort(x, kind="stable"), np.sort(a, kind="stable"))
            same(rp.argsort(x, kind="stable"), np.argsort(a, kind="stable"))


# ---- stable sort of values through the unstable sort (src/core/sort.c) ---------

@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint32", "int16"])
@pytest.mark.parametrize("n", [15, 255, 256, 257, 1024, 16385, (1 << 17) + 3])
@pytest.mark.parametrize("special", [None, "negzero", "nans"])
def test_stable_sort_bits(dtype, n, special):
    """The stable sort's bytes equal NumPy's: rows without -0.0 and NaN go to
    the keyed quicksort, rows with one (zeros of both signs, NaNs of several
    payloads) keep the stable kernels; both, 1-D and as rows of a 2-D array."""
    rng = np.random.default_rng(n)
    dt = np.dtype(dtype)
    a = rng.integers(-8, 8, n).astype(dt)  # many equal keys
    if dt.kind == "f" and special == "negzero":
        a[rng.integers(0, n, max(n // 16, 1))] = -0.0
    elif dt.kind == "f" and special == "nans":
        u = np.dtype(f"u{dt.itemsize}")
        nan = np.array([np.nan, -np.nan], dt).view(u)
        k = max(n // 16, 2)
        a.view(u)[rng.integers(0, n, k)] = nan[rng.integers(0, 2, k)] | rng.integers(1, 9, k).astype(u)
    elif special is not None:
        pytest.skip("integers: no special values")
    u = f"u{dt.itemsize}"
    e = np.sort(a, kind="stable")
    assert np.array_equal(np.asarray(rp.sort(rp.asarray(a), kind="stable")).view(u), e.view(u))
    b = np.stack([a, a[::-1]])
    e2 = np.sort(b, axis=-1, kind="stable")
    assert np.array_equal(np.asarray(rp.sort(rp.asarray(b), kind="stable")).view(u), e2.view(u))
    x = rp.asarray(a.copy())
    x.sort(kind="stable")
    assert np.array_equal(np.asarray(x).view(u), e.view(u))
    # argsort: small integers as floats have one key per packed window (the
    # re-sort of equal windows skipped), neighbours an ulp apart do not
    assert np.array_equal(np.asarray(rp.argsort(rp.asarray(a), kind="stable")),
                          np.argsort(a, kind="stable"))
    if dt.kind == "f":
        f = a.copy()  # neighbours a few ulps apart share a window
        sel = rng.integers(0, 2, n).astype(bool)
        f[sel] = np.nextafter(f[sel], np.array(np.inf, dt))
        assert np.array_equal(np.asarray(rp.argsort(rp.asarray(f), kind="stable")),
                              np.argsort(f, kind="stable"))


@pytest.mark.parametrize("dtype", ["int8", "int16", "float32", "float64"])
def test_reversed_in_place(dtype):
    """Strictly descending rows sorted in place (the blockwise reversal of
    src/core/sort.c: ordered_row), lengths around its 2048-byte blocks."""
    dt = np.dtype(dtype)
    b = 2048 // dt.itemsize
    for n in sorted({1, 2, 3, b - 1, b, b + 1, 2 * b - 1, 2 * b, 2 * b + 1, 3 * b + 5, 5 * b + 3}):
        a = (np.arange(n, dtype=np.int64)[::-1] - n // 2).astype(dt)
        if dt.kind == "i" and n > np.iinfo(dt).max:
            continue  # (would wrap: not strictly descending)
        x = rp.asarray(a.copy())
        x.sort(kind="stable")
        assert np.array_equal(np.asarray(x), np.sort(a, kind="stable")), n
        v, i = rp.unique(rp.asarray(a), return_index=True)
        ev, ei = np.unique(a, return_index=True)
        assert np.array_equal(np.asarray(v), ev) and np.array_equal(np.asarray(i), ei), n
