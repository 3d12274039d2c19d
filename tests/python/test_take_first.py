"""x[idx] with one integer index array on the first axis (the core's fused
bounds check and row copy, rp_index_take_first, when the rows are
contiguous; the general gather otherwise): differential against NumPy over
dtypes, layouts, index shapes and dtypes, and the out-of-bounds errors."""

import numpy as np
import pytest

import raptors as rp
from strategies import assert_same

DTYPES = [np.bool_, np.int8, np.uint16, np.int32, np.float32, np.int64, np.float64]


def _arrays(dtype):
    base = (np.arange(120) % 13).astype(dtype).reshape(6, 4, 5)
    yield base                      # rows of 20 elements
    yield base[:, 0, :]             # rows of 5 (strided first axis)
    yield base[::-2]                # negative first-axis stride
    yield base[:, ::2]              # rows not contiguous: the general path
    yield np.asfortranarray(base)
    yield base.transpose(2, 0, 1)
    yield base[:, :, 0].copy()      # 2-D
    yield base[:, 0, 0].copy()      # 1-D: one element per row
    yield base[:, :0]               # empty rows
    yield base[:0]                  # empty first axis


def _indices(n):
    rng = np.random.default_rng(11)
    if n == 0:
        yield np.zeros(0, np.intp)
        return
    yield rng.integers(-n, n, 17)
    yield rng.integers(0, n, (3, 4))
    yield np.arange(n)[::-1].copy()
    yield rng.integers(0, n, 9)[::2]          # a non-contiguous index array
    yield rng.integers(0, n, 7).astype(np.int32)
    yield rng.integers(0, n, 7).astype(np.uint8)
    yield np.zeros(0, np.intp)
    yield np.zeros((2, 0), np.intp)


def _same(r, e):
    assert_same(r, e, strides=False)


@pytest.mark.parametrize("dtype", DTYPES)
def test_matches_numpy(dtype):
    for a in _arrays(dtype):
        x = rp.asarray(a)
        for idx in _indices(a.shape[0]):
            _same(x[idx], a[idx])
            _same(x[(idx,)], a[(idx,)])
            _same(x[rp.asarray(idx)], a[idx])
            _same(rp.take(x, idx, axis=0), np.take(a, idx, axis=0))


def test_result_is_a_copy():
    a = np.arange(12.0).reshape(4, 3)
    x = rp.asarray(a)
    r = x[np.array([1, 1, 2])]
    r[...] = -1
    np.testing.assert_array_equal(np.asarray(x), a)


@pytest.mark.parametrize("idx", [[0, 6, 7], [-7, 1], [1, -8, 9], [6]])
def test_out_of_bounds_matches_numpy(idx):
    a = np.arange(24).reshape(6, 4)
    i = np.array(idx, dtype=np.intp)
    with pytest.raises(IndexError) as want:
        a[i]
    with pytest.raises(IndexError) as got:
        rp.asarray(a)[i]
    assert str(got.value) == str(want.value)
    with pytest.raises(IndexError):
        rp.asarray(a)[:0][np.array([0])]


def test_large_index_releases_the_gil_path():
    rng = np.random.default_rng(5)
    a = rng.random((40_000, 3))
    idx = rng.integers(-40_000, 40_000, 100_000)
    _same(rp.asarray(a)[idx], a[idx])
    b = rng.random(200_000).astype(np.float32)
    j = rng.integers(0, 200_000, 300_000)
    _same(rp.asarray(b)[j], b[j])


# Above ~16 us of estimated work the take is split over the pool in fixed
# ranges of indices: the same result and the same first bad index at any
# thread count.
@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.float32, np.int64, np.complex128])
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_split_take_matches_numpy_at_any_thread_count(dtype, threads):
    rng = np.random.default_rng(21)
    n = 70_001
    a = (rng.random(n) * 1000).astype(dtype)
    idx = rng.integers(-n, n, 90_007)
    rows = (rng.random((3001, 7)) * 100).astype(dtype)
    ridx = rng.integers(-3001, 3001, 5003)
    with rp.num_threads(threads):
        _same(rp.asarray(a)[idx], a[idx])
        _same(rp.take(rp.asarray(a), idx, axis=0), np.take(a, idx, axis=0))
        _same(rp.asarray(rows)[ridx], rows[ridx])
        _same(rp.asarray(a[::-3])[idx // 3], a[::-3][idx // 3])


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("where", [[5], [60_000], [70_000, 20_000], [89_999, 1, 2]])
def test_split_take_reports_the_first_bad_index(threads, where):
    rng = np.random.default_rng(22)
    n = 70_000
    a = rng.random(n)
    idx = rng.integers(-n, n, 90_000)
    for k, pos in enumerate(where):  # alternately too large and too negative
        idx[pos] = n + pos if k % 2 == 0 else -n - 1 - pos
    with pytest.raises(IndexError) as want:
        a[idx]
    with rp.num_threads(threads), pytest.raises(IndexError) as got:
        rp.asarray(a)[idx]
    assert str(got.value) == str(want.value)
    with rp.num_threads(threads), pytest.raises(IndexError) as got:
        rp.take(rp.asarray(a), idx)
    with pytest.raises(IndexError) as want:
        np.take(a, idx)
    assert str(got.value) == str(want.value)


def test_take_from_an_empty_axis():
    for idx in (np.zeros(0, np.intp), np.array([0]), np.array([-1]), np.zeros(20_000, np.intp)):
        for shape in ((0,), (0, 3)):
            a = np.zeros(shape)
            try:
                want = a[idx]
            except IndexError as e:
                with pytest.raises(IndexError, match=str(e)):
                    rp.asarray(a)[idx]
            else:
                _same(rp.asarray(a)[idx], want)
