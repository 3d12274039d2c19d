"""repeat, tile, roll, tril and triu through the core's block copies (src/core/blocks.c):
differential against NumPy over dtypes of every itemsize, layouts (C
through the core; F, transposed, negative strides and 0-size through the
view path), scalar and per-element counts, every axis, and arrays large
enough for the threaded split."""

import numpy as np
import pytest

import raptors as rp
from strategies import assert_same

DTYPES = [np.bool_, np.int8, np.uint16, np.int32, np.float32, np.int64, np.float64]


def _arrays(dtype):
    base = (np.arange(60) % 11).astype(dtype).reshape(3, 4, 5)
    yield base
    yield np.asfortranarray(base)
    yield base.transpose(2, 0, 1)
    yield base[::-1, :, ::-2]
    yield base[:, :0]
    yield base[1, 2]          # 1-D
    yield base[0, 0, 0][()]   # 0-d


def _same(r, e):
    assert_same(r, e, strides="used")


@pytest.mark.parametrize("dtype", DTYPES)
def test_repeat_matches_numpy(dtype):
    for a in _arrays(dtype):
        x = rp.asarray(a)
        for axis in [None] + list(range(a.ndim)):
            n = a.size if axis is None else a.shape[axis]
            for reps in (0, 1, 2, 3, 7, [2], np.int64(3)):
                _same(rp.repeat(x, reps, axis=axis), np.repeat(a, reps, axis=axis))
            counts = [(i * 5) % 4 for i in range(n)]  # 0, 1, 2, 3 ... with zeros
            _same(rp.repeat(x, counts, axis=axis), np.repeat(a, counts, axis=axis))
            _same(rp.repeat(x, [1] * n, axis=axis), np.repeat(a, [1] * n, axis=axis))


@pytest.mark.parametrize("dtype", DTYPES)
def test_tile_matches_numpy(dtype):
    for a in _arrays(dtype):
        x = rp.asarray(a)
        for reps in (1, 2, 0, (2, 1), (1, 3), (2, 1, 3), (3, 2, 1, 2), (1, 1, 1), (0, 2)):
            _same(rp.tile(x, reps), np.tile(a, reps))


@pytest.mark.parametrize("dtype", DTYPES)
def test_roll_matches_numpy(dtype):
    for a in _arrays(dtype):
        x = rp.asarray(a)
        axes = [None] + list(range(a.ndim))
        for shift in (0, 1, -1, 2, 7, -13, 60):
            for axis in axes:
                _same(rp.roll(x, shift, axis=axis), np.roll(a, shift, axis=axis))
        if a.ndim >= 2:  # two axes moved: the slice path
            _same(rp.roll(x, (1, -2), axis=(0, 1)), np.roll(a, (1, -2), axis=(0, 1)))
            _same(rp.roll(x, (3, 3), axis=(0, 0)), np.roll(a, (3, 3), axis=(0, 0)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_tril_triu_match_numpy(dtype):
    for a in _arrays(dtype):
        x = rp.asarray(a)
        if a.ndim == 0:
            continue
        for k in (-6, -2, -1, 0, 1, 3, 4, 9, 2**62, -2**62):
            _same(rp.tril(x, k), np.tril(a, k))
            _same(rp.triu(x, k), np.triu(a, k))
    big = (np.arange(301 * 257) % 5 + 1).astype(dtype).reshape(301, 257)  # releases the GIL
    _same(rp.tril(rp.asarray(big), -3), np.tril(big, -3))
    _same(rp.triu(rp.asarray(big), 5), np.triu(big, 5))


def test_results_are_fresh_writable_arrays():
    a = np.arange(12.0).reshape(3, 4)
    x = rp.asarray(a)
    for r in (rp.repeat(x, 1, axis=0), rp.repeat(x, [1, 1, 1], axis=0), rp.tile(x, 1),
              rp.tile(x, (1, 1)), rp.tile(x, (2, 3)), rp.roll(x, 1, 0), rp.roll(x, 0),
              rp.tril(x), rp.triu(x, -5)):
        r[...] = -1
        assert (np.asarray(x) == a).all()


def test_large_threaded():
    """Above the thread cutoff (a few MiB written): the split's edges."""
    rng = np.random.default_rng(3)
    a = rng.random(300_001)
    x = rp.asarray(a)
    _same(rp.repeat(x, 3), np.repeat(a, 3))
    _same(rp.tile(x, 4), np.tile(a, 4))
    b = rng.integers(0, 100, (1001, 257)).astype(np.int32)
    y = rp.asarray(b)
    _same(rp.repeat(y, 5, axis=0), np.repeat(b, 5, axis=0))
    _same(rp.repeat(y, 5, axis=1), np.repeat(b, 5, axis=1))
    _same(rp.tile(y, (3, 2)), np.tile(b, (3, 2)))


@pytest.mark.parametrize("call", [
    lambda xp, a: xp.repeat(a, -1),
    lambda xp, a: xp.repeat(a, [1, -1, 1, 1], axis=1),
    lambda xp, a: xp.repeat(a, [1, 2], axis=1),
    lambda xp, a: xp.repeat(a, 2.5, axis=0),
    lambda xp, a: xp.repeat(a, np.array([1.0, 2.0, 3.0]), axis=0),
    lambda xp, a: xp.repeat(a, 2, axis=2),
    lambda xp, a: xp.repeat(a, [1.5, 2.0, 3.9], axis=0),
    lambda xp, a: xp.tile(a, (2, -1)),
])
def test_errors_match_numpy(call):
    a = np.arange(12).reshape(3, 4)
    try:
        want = call(np, a)
    except Exception as e:  # noqa: BLE001 - the type is compared
        with pytest.raises(type(e)):
            call(rp, rp.asarray(a))
    else:
        _same(call(rp, rp.asarray(a)), want)
