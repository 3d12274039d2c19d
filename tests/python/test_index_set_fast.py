"""The one-pass assignments (src/core/index_set.c through
src/python/index_advanced.c's fast_set): x[mask] = v with a mask of x's
shape and x[idx] = v with one int64 index array on the first axis, against
NumPy over dtypes, layouts (C, F, transposed, negative strides, 0-size),
values (scalars, NumPy scalars, arrays of the selection's shape or one row,
other dtypes, lists) and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from strategies import assert_same, writeable_pairs


def outcome(f):
    try:
        with np.errstate(all="ignore"):
            return f(), None
    except Exception as e:  # noqa: BLE001 - compared with NumPy's
        return None, e


def values(sel_shape, dtype, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "int":
        return 7
    if kind == "float":
        return 2.5
    if kind == "npscalar":
        return np.float32(-3.0)
    shape = sel_shape if kind != "row" else sel_shape[1:] if len(sel_shape) > 1 else ()
    v = (rng.integers(-50, 50, shape)).astype(dtype if kind != "other" else np.int16)
    return v.tolist() if kind == "list" else v


KINDS = ["int", "float", "npscalar", "same", "other", "row", "list"]


@settings(max_examples=150)
@given(writeable_pairs(shape=st.lists(st.integers(0, 5), min_size=1, max_size=4).map(tuple)),
       st.sampled_from(KINDS), st.integers(0, 100), st.sampled_from([0, 1, 50, 99, 100]),
       st.sampled_from(["np", "rp"]))
def test_whole_mask_set_matches_numpy(pair, kind, seed, density, how):
    a, x = pair
    rng = np.random.default_rng(seed)
    m = rng.integers(0, 100, a.shape) < density
    vn = values(a[m].shape, a.dtype, kind, seed)
    vr = rp.asarray(vn) if isinstance(vn, np.ndarray) and how == "rp" else vn
    key = rp.asarray(m) if how == "rp" else m
    _, err = outcome(lambda: a.__setitem__(m, vn))
    _, rerr = outcome(lambda: x.__setitem__(key, vr))
    assert type(rerr) is type(err), (err, rerr)
    assert_same(x, a, strides=False)


@settings(max_examples=150)
@given(writeable_pairs(shape=st.lists(st.integers(0, 5), min_size=1, max_size=4).map(tuple)),
       st.sampled_from(KINDS), st.integers(0, 100), st.sampled_from([(0,), (3,), (7,), (2, 3)]),
       st.booleans(), st.sampled_from(["np", "rp"]))
def test_first_axis_put_matches_numpy(pair, kind, seed, ishape, oob, how):
    a, x = pair
    n = a.shape[0]
    rng = np.random.default_rng(seed)
    idx = rng.integers(-n, n, ishape) if n else np.zeros(ishape, np.int64)
    if oob and idx.size:
        idx.flat[rng.integers(0, idx.size)] = n + 2  # out of bounds: nothing written
    idx = idx.astype(np.int64)
    sel, err = outcome(lambda: a[idx])
    # with an index out of bounds only values that broadcast: NumPy checks
    # the value's shape before the bounds (the general path's order too)
    vn = values(sel.shape, a.dtype, kind, seed) if err is None else 7
    vr = rp.asarray(vn) if isinstance(vn, np.ndarray) and how == "rp" else vn
    key = rp.asarray(idx) if how == "rp" else idx
    before = a.copy()
    _, err = outcome(lambda: a.__setitem__(idx, vn))
    _, rerr = outcome(lambda: x.__setitem__(key, vr))
    assert type(rerr) is type(err), (err, rerr)
    if err is not None:
        if isinstance(err, IndexError):
            assert str(rerr) == str(err)
        assert np.array_equal(np.asarray(x), before)
    else:
        assert_same(x, a, strides=False)


@pytest.mark.parametrize("value", [1e39, 2 ** 70, float("nan"), -1, [1e39], np.float64(1e39),
                                   300, np.array([1.5]), "a"])
@pytest.mark.parametrize("dt", ["int8", "uint8", "int64", "float32", "bool"])
@pytest.mark.parametrize("key", ["mask", "idx"])
def test_fast_set_casting_and_errors_match_numpy(value, dt, key):
    a = np.arange(6).astype(dt)
    x = rp.asarray(a.copy())
    k = np.array([True, False, True, False, False, True]) if key == "mask" else \
        np.array([0, 5, -1], dtype=np.int64)
    _, err = outcome(lambda: a.__setitem__(k, value))
    _, rerr = outcome(lambda: x.__setitem__(k, value))
    assert type(rerr) is type(err), (err, rerr)
    assert_same(x, a)


def test_overlapping_value_is_read_before_it_is_written():
    a = np.arange(10.0)
    x = rp.asarray(a.copy())
    idx = np.array([1, 2, 3, 4], dtype=np.int64)
    a[idx] = a[:4]
    x[idx] = x[:4]
    assert_same(x, a)
    m = np.arange(10) % 2 == 0
    a[m] = a[3:8]
    x[m] = x[3:8]
    assert_same(x, a)


def test_fast_set_refuses_read_only_and_mismatched_masks():
    a = np.arange(6.0)
    a.flags.writeable = False
    x = rp.asarray(a)
    for key in (np.ones(6, bool), np.array([0, 1], dtype=np.int64)):
        with pytest.raises(ValueError):
            x[key] = 1
    y = rp.zeros(6)
    with pytest.raises(IndexError):
        y[np.ones(5, bool)] = 1
    with pytest.raises(ValueError):
        y[np.ones(6, bool)] = np.arange(5.0)
    with pytest.raises(ValueError):
        y[np.array([0, 1], dtype=np.int64)] = np.arange(3.0)


def test_repeated_indices_last_write_wins_in_rows():
    a = np.zeros((4, 3))
    x = rp.zeros((4, 3))
    idx = np.array([1, 1, 3, -3], dtype=np.int64)
    v = np.arange(12.0).reshape(4, 3)
    a[idx] = v
    x[idx] = rp.asarray(v)
    assert_same(x, a)


# Long x[idx] = v (a split of the destination rows over the pool was tried
# and measured slower, docs/performance.md): NumPy's result, last write of
# repeated indices winning, at 1, 2 and 3 threads; a bad index writes nothing.
@pytest.mark.parametrize("dtype", [np.int8, np.float32, np.int64, np.complex128])
@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("n", [3, 5000, 70_000])
def test_split_put_matches_numpy_at_any_thread_count(dtype, threads, n):
    rng = np.random.default_rng(31)
    a = (rng.random((n, 2)) * 100).astype(dtype)[::-1]
    idx = rng.integers(-n, n, 40_000)
    v = (rng.random((40_000, 2)) * 100).astype(dtype)
    with rp.num_threads(threads):
        for key, val in ((idx, v), (idx, v[0]), (idx, 7)):
            x, want = rp.asarray(a), a.copy()
            want[key] = val
            x[key] = val
            assert_same(x, want, strides=False)
            y, w1 = rp.asarray(a[:, 0]), a[:, 0].copy()
            w1[key] = val[..., 0] if isinstance(val, np.ndarray) else val
            y[key] = val[..., 0] if isinstance(val, np.ndarray) else val
            assert_same(y, w1, strides=False)
        bad = idx.copy()
        bad[30_000] = n
        x = rp.asarray(a)
        with pytest.raises(IndexError, match=f"index {n} is out of bounds for axis 0 with size {n}"):
            x[bad] = v
        np.testing.assert_array_equal(np.asarray(x), a)


# x[x] = v: the index is the target itself. The indices are read as they
# were before any store, as NumPy reads them on its buffered paths (NumPy's
# own result depends on its path here: the reference is a copied index); the
# old loop read indices just written, past the bounds check, and wrote
# outside the array.
@pytest.mark.parametrize("n", [4, 10, 1001])
def test_index_that_is_the_target_is_read_before_it_is_written(n):
    rng = np.random.default_rng(n)
    a = rng.permutation(n).astype(np.int64)
    v = rng.integers(n, 10 * n, n)
    for key_of in (lambda t: t, lambda t: t[::-1][::-1], lambda t: t[: n // 2]):
        want, x = a.copy(), rp.asarray(a.copy())  # (asarray shares a's memory)
        kw, kx = key_of(want), key_of(x)
        val = v[: len(kw)]
        want[kw.copy()] = val
        x[kx] = rp.asarray(val)
        assert_same(x, want)


# The typed loop of a contiguous 1-d target (four stores per step, then the
# tail): every itemsize, negative indices or none, lengths around the step.
@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.float16, np.uint32, np.float32,
                                   np.int64, np.float64, np.complex64])
@pytest.mark.parametrize("k", [1, 3, 4, 5, 8, 1027])
@pytest.mark.parametrize("neg", [False, True])
def test_contiguous_put_loop_matches_numpy(dtype, k, neg):
    rng = np.random.default_rng(k)
    a = (rng.random(50) * 100).astype(dtype)
    idx = rng.integers(-50 if neg else 0, 50, k)
    v = (rng.random(k) * 100).astype(dtype)
    for val in (v, v[:1], v[0]):
        want, x = a.copy(), rp.asarray(a.copy())
        want[idx] = val
        x[idx] = rp.asarray(val)
        assert_same(x, want)


# The check before the first store (four lanes, two vectors a step, then a
# tail): the edges -len - 1, -len, len - 1 and len at every position of a
# step and in the tail; a bad index writes nothing.
@pytest.mark.parametrize("n", [63, 64, 70, 200])
@pytest.mark.parametrize("bad", [-1, 0])
def test_put_bounds_check_edges_match_numpy(n, bad):
    length = 37
    rng = np.random.default_rng(n)
    for pos in range(0, n, 5):
        for edge in ((-length - 1, length) if bad else (-length, length - 1)):
            idx = rng.integers(-length, length, n)
            idx[pos] = edge
            a = np.arange(length, dtype=np.float64)
            x = rp.asarray(a.copy())
            _, err = outcome(lambda: a.__setitem__(idx, 1.5))
            _, rerr = outcome(lambda: x.__setitem__(idx, 1.5))
            assert type(rerr) is type(err) and str(rerr) == str(err), (err, rerr)
            assert_same(x, a)


# The loop that prefetches the write `ahead` indices on (x spanning more
# than a quarter of the last-level cache; RAPTORS_PUT_AHEAD forces a
# distance): NumPy's result with negative and repeated indices (last write
# wins), for lengths around the point where the prefetching stops.
def test_prefetching_put_matches_numpy_on_a_large_target():
    rng = np.random.default_rng(77)
    n = 3 << 20  # 24 MiB of int64: past a quarter of any usual last-level cache
    a = rng.integers(-1000, 1000, n)
    idx = rng.integers(-n, n, n // 2)
    idx[-10:] = idx[:10]  # repeated: the later value wins
    v = rng.integers(-1000, 1000, n // 2)
    want, x = a.copy(), rp.asarray(a)
    want[idx] = v
    x[idx] = rp.asarray(v)
    np.testing.assert_array_equal(np.asarray(x), want)


PREFETCH_SCRIPT = """
import numpy as np, raptors as rp
for k in range(0, 40):
    for dt in (np.int8, np.float32, np.int64):
        rng = np.random.default_rng(k)
        a = (rng.random(50) * 100).astype(dt)
        idx = rng.integers(-50, 50, k)
        v = (rng.random(k) * 100).astype(dt)
        want, x = a.copy(), rp.asarray(a.copy())
        want[idx] = v
        x[idx] = rp.asarray(v)
        assert np.array_equal(np.asarray(x), want), (k, dt)
print("ok")
"""


@pytest.mark.parametrize("ahead", ["1", "5", "128"])
def test_prefetching_put_loop_edges_match_numpy(ahead):
    import os
    import subprocess
    import sys

    env = dict(os.environ, RAPTORS_PUT_AHEAD=ahead)
    p = subprocess.run([sys.executable, "-c", PREFETCH_SCRIPT], env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr
