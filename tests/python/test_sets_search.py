"""searchsorted, bincount, unique and partition against NumPy: every dtype,
sizes around the kernels' thresholds (searchsorted's batch of 64 searches,
bincount's 65536-element blocks and 1024-bin four-table limit), layouts,
NaN/-0.0/inf, thread counts, and the error cases with NumPy's exception
types and messages."""
import numpy as np
import pytest

import raptors as rp
from strategies import DTYPE_NAMES
from test_sort import same, special_array

THREADS = (1, 2, 3)


def raises_like(f):
    """f(np) and f(rp) raise the same exception type with the same message."""
    with pytest.raises(Exception) as e_np:
        f(np)
    with pytest.raises(type(e_np.value)) as e_rp:
        f(rp)
    assert str(e_rp.value) == str(e_np.value)


# ---- searchsorted ------------------------------------------------------------

SEARCH_SIZES = (0, 1, 2, 3, 15, 16, 17, 63, 64, 65, 1000)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("n", SEARCH_SIZES)
def test_searchsorted_sizes(dtype, n):
    """Haystacks and needle counts around the 64-search batch, NaNs (several
    payloads and signs) in both, repeats, both sides."""
    a = np.sort(special_array(dtype, n, 11 + n, few=n % 2 == 1))
    for m in (0, 1, 63, 64, 65, 130):
        v = special_array(dtype, m, 7 * m + n, few=m % 2 == 0)
        if v.size:
            v[: min(m, 3)] = a[: min(m, 3)] if a.size >= 3 else v[: min(m, 3)]
        for side in ("left", "right"):
            same(rp.searchsorted(rp.asarray(a), rp.asarray(v), side=side),
                 np.searchsorted(a, v, side=side))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_searchsorted_nan_and_zero(dtype):
    a = np.array([-np.inf, -1.0, -0.0, 0.0, 0.0, 2.0, np.inf, np.nan, np.nan], dtype=dtype)
    v = np.array([np.nan, -np.nan, 0.0, -0.0, np.inf, -np.inf, 2.0, 3.0, -5.0] * 3, dtype=dtype)
    for hay in (a, a[:-2], a[:1], a[-2:]):
        for side in ("left", "right"):
            same(rp.searchsorted(rp.asarray(hay), rp.asarray(v), side=side),
                 np.searchsorted(hay, v, side=side))


@pytest.mark.parametrize("threads", THREADS)
def test_searchsorted_large_threads(threads):
    """Enough needles for the pool's blocks of 4096, a haystack past L2."""
    rng = np.random.default_rng(3)
    a = np.sort(rng.standard_normal(300_001))
    a[-5:] = np.nan
    v = rng.standard_normal(70_001)
    v[::97] = np.nan
    v[1::89] = a[1::89][: v[1::89].size]
    with rp.num_threads(threads):
        for side in ("left", "right"):
            same(rp.searchsorted(rp.asarray(a), rp.asarray(v), side=side),
                 np.searchsorted(a, v, side=side))
        i = np.sort(rng.integers(-50, 50, 100_000))
        k = rng.integers(-60, 60, 50_000).astype(np.int16)
        same(rp.searchsorted(rp.asarray(i), k), np.searchsorted(i, k))


def test_searchsorted_layouts():
    rng = np.random.default_rng(5)
    a = np.sort(rng.integers(0, 100, 301)).astype(np.float32)
    v = rng.integers(-5, 105, (20, 30)).astype(np.float32)
    x = rp.asarray(a)
    for keys in (v, v.T, v[::2, ::3], v[:0], np.float32(7.0), v[3, 4]):
        e = np.searchsorted(a, keys)
        r = rp.searchsorted(x, rp.asarray(np.asarray(keys)) if np.ndim(keys) else keys)
        if np.ndim(e):
            same(r, e)
        else:
            assert r == e
    same(rp.searchsorted(rp.asarray(a)[::2], rp.asarray(v)), np.searchsorted(a[::2], v))


# ---- bincount ----------------------------------------------------------------

BINCOUNT_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32"]


@pytest.mark.parametrize("dtype", BINCOUNT_DTYPES)
@pytest.mark.parametrize("n", (0, 1, 7, 65535, 65536, 65537, 300_001))
def test_bincount_sizes(dtype, n):
    rng = np.random.default_rng(n)
    hi = 2 if dtype == "bool" else 100 if dtype in ("int8", "uint8") else 5000
    x = rng.integers(0, hi, n).astype(dtype)
    w = rng.standard_normal(n)
    for threads in THREADS:
        with rp.num_threads(threads):
            same(rp.bincount(rp.asarray(x)), np.bincount(x))
            same(rp.bincount(rp.asarray(x), minlength=hi + 3), np.bincount(x, minlength=hi + 3))
            same(rp.bincount(rp.asarray(x), rp.asarray(w)), np.bincount(x, w))


@pytest.mark.parametrize("bins", (1, 2, 1023, 1024, 1025, 100_000))
def test_bincount_table_sizes(bins):
    """Around the four-table limit, one value repeated (the store chain),
    and more bins than elements (no per-thread tables)."""
    rng = np.random.default_rng(bins)
    for x in (rng.integers(0, bins, 200_000), np.full(150_000, bins - 1),
              rng.integers(0, bins, 1000)):
        for threads in THREADS:
            with rp.num_threads(threads):
                same(rp.bincount(rp.asarray(x)), np.bincount(x))


def test_bincount_layouts_and_fallbacks():
    x = np.arange(40, dtype=np.int64) % 7
    w = np.linspace(-1, 1, 40)
    for xs, ws in ((x[::3], w[::3]), (x[::-1], w[::-1]), (x[:0], w[:0])):
        same(rp.bincount(rp.asarray(xs)), np.bincount(xs))
        same(rp.bincount(rp.asarray(xs), rp.asarray(ws)), np.bincount(xs, ws))
    # weights of another dtype, lists, Python ints, minlength numpy ints: NumPy's conversions
    same(rp.bincount(rp.asarray(x), w.astype(np.float32)), np.bincount(x, w.astype(np.float32)))
    same(rp.bincount([1, 2, 2]), np.bincount([1, 2, 2]))
    same(rp.bincount([]), np.bincount([]))
    same(rp.bincount(rp.asarray(x), minlength=np.int64(12)), np.bincount(x, minlength=12))
    same(rp.bincount(rp.asarray(np.array([True, False, True]))),
         np.bincount(np.array([True, False, True])))


def test_bincount_errors():
    neg = np.array([3, 0, -1, 2] * 20000)
    raises_like(lambda m: m.bincount(m.asarray(neg)))
    raises_like(lambda m: m.bincount(m.asarray(neg[:4])))
    raises_like(lambda m: m.bincount(m.asarray(np.array([1, 2])), minlength=-1))
    raises_like(lambda m: m.bincount(m.asarray(np.array([1.0, 2.0]))))
    u = np.array([1, 2, 2], dtype=np.uint64)  # not counted in C; NumPy's answer
    same(rp.bincount(rp.asarray(u)), np.bincount(u))
    raises_like(lambda m: m.bincount(m.asarray(np.ones((2, 2), dtype=np.int64))))
    raises_like(lambda m: m.bincount(m.asarray(np.array(3))))
    raises_like(lambda m: m.bincount(m.asarray(np.array([1, 2])), m.asarray(np.ones(3))))


# ---- unique by counting --------------------------------------------------------

def distinct_array(dtype, n, distinct, seed):
    """n values of dtype drawn from `distinct` values; floats with -0.0/+0.0
    and NaNs of both signs among them."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, min(distinct, 2), n).astype(bool)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        pool = np.unique(rng.integers(info.min, info.max, distinct * 2, dtype=dt, endpoint=True))
        pool = pool[:distinct]
        return rng.choice(pool, n)
    pool = (rng.standard_normal(distinct) * 100).astype(dt)
    a = rng.choice(pool, n)
    if n:
        a[rng.integers(0, n, max(n // 50, 1))] = -0.0
        a[rng.integers(0, n, max(n // 50, 1))] = 0.0
        a[rng.integers(0, n, max(n // 60, 1))] = np.nan
        a[rng.integers(0, n, max(n // 70, 1))] = -np.nan
    return a


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("n", (2047, 2048, 2049, 70_001))
@pytest.mark.parametrize("distinct", (1, 16, 1000, 1024, 1025, 5000))
def test_unique_counted(dtype, n, distinct):
    """Around the counted path's size threshold and its 1024-value table
    limit (past it the sort runs), with counts, both equal_nan, threads."""
    a = distinct_array(dtype, n, distinct, n + distinct)
    x = rp.asarray(a)
    for threads in (1, 3) if n > 65536 else (2,):
        with rp.num_threads(threads):
            for equal_nan in (True, False):
                r = rp.unique(x, return_counts=True, equal_nan=equal_nan)
                e = np.unique(a, return_counts=True, equal_nan=equal_nan)
                same(r[0], e[0], signs=False)
                same(r[1], e[1])
            same(rp.unique(x), np.unique(a), signs=False)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_unique_of_the_sorted_copy(dtype):
    """Values and counts by one pass over the sorted copy (src/kernels/
    unique.c: dedup): empty, one element, all NaN, NaN only at the end, runs
    of zeros of both signs, short and long rows, both equal_nan."""
    rows = [distinct_array(dtype, n, d, n + d) for n, d in ((0, 1), (1, 1), (7, 5), (300, 200),
                                                             (3000, 2500))]
    if np.dtype(dtype).kind == "f":
        rows += [np.full(9, np.nan, dtype), np.array([1, 0, -0.0, np.nan, 0, -np.nan], dtype)]
    for a in rows:
        x = rp.asarray(a)
        for equal_nan in (True, False):
            r = rp.unique(x, return_counts=True, equal_nan=equal_nan)
            e = np.unique(a, return_counts=True, equal_nan=equal_nan)
            same(r[0], e[0], signs=False)
            same(r[1], e[1])
            same(rp.unique(x, equal_nan=equal_nan), np.unique(a, equal_nan=equal_nan),
                 signs=False)


def test_unique_counted_layouts():
    a = distinct_array("float64", 6000, 30, 1).reshape(60, 100)
    for v in (a, a.T, np.asfortranarray(a), a[::2, ::3], a[:, :0]):
        r = rp.unique(rp.asarray(v), return_counts=True)
        e = np.unique(v, return_counts=True)
        same(r[0], e[0], signs=False)
        same(r[1], e[1])
    uc = rp.unique_counts(rp.asarray(a))  # Array API: every NaN its own value
    ue = np.unique_counts(a)
    same(uc.values, ue.values, signs=False)
    same(uc.counts, ue.counts)
