"""The small calls' fast paths against NumPy: x[i] / x[i, j] (element_get in
src/python/index.c), NumPy scalars made without calling their type
(rp_py_scalar), item() as a Python number (rp_py_value), zeros(n)/empty(n)
without the argument parser; every dtype, values at the dtypes' limits,
layouts, and the errors."""

import numpy as np
import pytest

import raptors as rp

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float32", "float64"]


def limits(dt):
    dt = np.dtype(dt)
    if dt.kind == "b":
        return np.array([True, False, True])
    if dt.kind == "f":
        fi = np.finfo(dt)
        return np.array([fi.max, -fi.tiny, np.nan, -np.inf, -0.0, 1.5], dtype=dt)
    ii = np.iinfo(dt)
    return np.array([ii.min, ii.max, 0, 1], dtype=dt)


def same_scalar(got, want):
    assert type(got) is type(want), (type(got), type(want))
    assert np.array_equal(np.asarray(got), np.asarray(want), equal_nan=True)
    if isinstance(want, (float, np.floating)):
        assert np.signbit(got) == np.signbit(want)


@pytest.mark.parametrize("dt", DTYPES)
def test_element_access_and_item_match_numpy(dt):
    a = limits(dt)
    n = a.size
    for layout in ("C", "neg", "strided", "2d", "2dT"):
        if layout == "C":
            b = a
        elif layout == "neg":
            b = a[::-1]
        elif layout == "strided":
            b = np.repeat(a, 2)[::2]
        else:
            b = np.stack([a, a[::-1]])
            b = b.T if layout == "2dT" else b
        x = rp.asarray(b)
        for idx in np.ndindex(b.shape):
            for key in (idx, tuple(i - s for i, s in zip(idx, b.shape))):  # negative too
                k = key if len(key) > 1 else key[0]
                same_scalar(x[k], b[k])
                same_scalar(x.item(*key), b.item(*key))
        for i in range(-b.size, b.size):
            same_scalar(x.item(i), b.item(i))
    one = rp.asarray(a[:1])
    same_scalar(one.item(), a[:1].item())
    # NumPy 2.4: float() of a size-1 array with ndim > 0 is a TypeError
    for arr in (a[:1], one):
        with pytest.raises(TypeError, match="only 0-dimensional arrays"):
            float(arr)
    same_scalar(float(one[0]), float(a[:1][0]) if a.dtype.kind != "f" or not np.isnan(a[0])
                else float("nan"))
    assert bool(one) == bool(a[:1])
    assert n


def test_bool_scalars_are_numpys_singletons():
    x = rp.asarray(np.array([True, False]))
    assert x[0] is np.True_ and x[1] is np.False_


@pytest.mark.parametrize("key", [5, -6, 2 ** 70, -(2 ** 70), (0, 0), (1, 2, 3), 1.0, "a",
                                 np.int64(9)])
def test_element_errors_match_numpy(key):
    a = np.arange(5.0)
    x = rp.asarray(a)
    with pytest.raises(Exception) as npe:
        a[key]
    with pytest.raises(Exception) as e:
        x[key]
    assert type(e.value) is type(npe.value)
    if isinstance(npe.value, IndexError) and "out of bounds" in str(npe.value):
        assert str(e.value) == str(npe.value)


def test_other_int_keys_take_the_general_path():
    a = np.arange(12).reshape(3, 4)
    x = rp.asarray(a)
    for key in ((np.int64(1), 2), (1, np.uint8(3)), 1, (1,), (-1, Ellipsis), (True,)):
        got, want = x[key], a[key]
        assert type(got) is type(want) or isinstance(got, rp.ndarray)
        assert np.array_equal(np.asarray(got), want)
    with pytest.raises(ValueError):
        rp.asarray(a).item()
    with pytest.raises(IndexError):
        x.item(12)


@pytest.mark.parametrize("n", [0, 1, 16, 1000])
@pytest.mark.parametrize("fn", ["zeros", "empty"])
def test_zeros_and_empty_of_an_int_match_numpy(fn, n):
    got, want = getattr(rp, fn)(n), getattr(np, fn)(n)
    assert got.dtype == want.dtype and got.shape == want.shape and got.flags.c_contiguous
    if fn == "zeros":
        assert np.array_equal(np.asarray(got), want)


@pytest.mark.parametrize("arg", [-1, 2 ** 62, 2 ** 70, -(2 ** 70)])
def test_zeros_errors_match_numpy(arg):
    with pytest.raises(Exception) as npe:
        np.zeros(arg)
    with pytest.raises(Exception) as e:
        rp.zeros(arg)
    assert type(e.value) is type(npe.value)
