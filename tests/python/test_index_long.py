"""The long-array paths of masks, nonzero and take against NumPy: sparse
masks (the 32-byte blocks that visit set bits), nonzero's blocks counted and
filled on threads (contiguous arrays of 64 Ki elements and more), and take's
256-index chunks (checked in one pass, then gathered), with negative and
out-of-bounds indices at every chunk position."""

import numpy as np
import pytest

import raptors as rp
from strategies import assert_same

DENSITIES = [0.0, 0.001, 0.01, 0.1, 0.5, 0.99, 1.0]


def _mask(rng, shape, density):
    m = rng.random(shape) < density
    # true bytes other than 1, as a reinterpreted uint8 buffer holds
    m.view(np.uint8)[m & (rng.random(shape) < 0.1)] = 7
    return m


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.float32, np.int64, np.float64])
@pytest.mark.parametrize("layout", ["1d", "2d", "T", "neg", "stride2"])
def test_mask_get_long(density, dtype, layout):
    rng = np.random.default_rng(3)
    shape = (70001,) if layout == "1d" else (37, 1025)
    a = (rng.random(shape) * 100).astype(dtype)
    m = _mask(rng, shape, density)
    view = {"1d": lambda x: x, "2d": lambda x: x, "T": lambda x: x.T,
            "neg": lambda x: x[::-1], "stride2": lambda x: x[:, ::2]}[layout]
    assert_same(view(rp.asarray(a))[view(rp.asarray(m))], view(a)[view(m)])


@pytest.mark.parametrize("density", DENSITIES)
@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int32, np.float64])
@pytest.mark.parametrize("n", [65536, 65536 * 3 + 17, 1 << 20])
@pytest.mark.parametrize("threads", [1, 2])
def test_nonzero_long(density, dtype, n, threads):
    rng = np.random.default_rng(5)
    x = (_mask(rng, n, density) * rng.integers(1, 5, n)).astype(dtype)
    rx = rp.asarray(x)
    saved = rp.get_num_threads()
    rp.set_num_threads(threads)
    try:
        (got,) = rp.nonzero(rx)
        assert_same(got, np.nonzero(x)[0])
        assert_same(rp.flatnonzero(rx.reshape(-1, 1)), np.flatnonzero(x))
        assert rp.count_nonzero(rx) == np.count_nonzero(x)
        if dtype is np.bool_:
            (w,) = rp.where(rx)
            assert_same(w, np.where(x)[0])
    finally:
        rp.set_num_threads(saved)


@pytest.mark.parametrize("kind", ["pos", "neg", "mixed", "oob", "oob_neg", "huge"])
@pytest.mark.parametrize("n", [255, 256, 257, 1000, 70000])
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32, np.float64])
def test_take_long(kind, n, dtype):
    rng = np.random.default_rng(n)
    a = (rng.random(300) * 100).astype(dtype)
    idx = rng.integers(0, 300, n)
    if kind == "neg":
        idx -= 300
    elif kind == "mixed":
        idx[::3] -= 300
    elif kind in ("oob", "oob_neg", "huge"):
        at = int(rng.integers(0, n))
        idx[at] = {"oob": 300, "oob_neg": -301, "huge": np.iinfo(np.int64).min}[kind]
    ra, ridx = rp.asarray(a), rp.asarray(idx)
    for get in (lambda m, x, i: x[i], lambda m, x, i: m.take(x, i, axis=0)):
        try:
            want, err = get(np, a, idx), None
        except IndexError as e:
            want, err = None, e
        if err is None:
            assert_same(get(rp, ra, ridx), want)
        else:
            with pytest.raises(IndexError, match=str(err).split(" is out")[0] + " is out"):
                get(rp, ra, ridx)
    # x[idx] = v: nothing written when an index is out of bounds
    b, rb = a.copy(), rp.asarray(a.copy())
    v = (rng.random(n) * 9).astype(dtype)
    try:
        b[idx] = v
        err = None
    except IndexError as e:
        err = e
    if err is None:
        rb[ridx] = rp.asarray(v)
    else:
        with pytest.raises(IndexError):
            rb[ridx] = rp.asarray(v)
    assert_same(rb, b)
