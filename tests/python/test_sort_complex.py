"""complex sort/argsort against NumPy (src/core/sort_complex.c): NaN-free
rows go through integer keys (complex64: packed uint64 keys; complex128: a
float64 argsort of the real parts with runs of equal ones mended), rows
with a NaN part through the merge sort. Values must equal NumPy's, bits must
be a permutation of the input's (signed zeros kept), argsort must be
NumPy's stable one."""
import numpy as np
import pytest

import raptors as rp


def data(dtype, shape, ties, seed, nan=False, negzero=False):
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    if ties:  # few distinct parts: long runs of equal real parts
        re, im = rng.integers(-3, 4, size).astype(float), rng.integers(-3, 4, size).astype(float)
    else:
        re, im = rng.standard_normal(size), rng.standard_normal(size)
    if negzero:
        k = max(size // 6, 1)
        re[rng.integers(0, size, k)] = -0.0
        im[rng.integers(0, size, k)] = -0.0
        re[rng.integers(0, size, k)] = 0.0
        im[rng.integers(0, size, k)] = 0.0
    if nan:  # a NaN in one row only when 2-D: the other rows stay NaN-free
        re[rng.integers(0, max(size // len(shape) // 4, 1), 2)] = np.nan
        im[rng.integers(0, size, 1)] = np.nan
        re[rng.integers(0, size, 1)] = np.inf
    x = np.empty(size, dtype)
    x.real, x.imag = re, im
    return x.reshape(shape)


def bits(a):
    a = np.ascontiguousarray(a)
    return a.view(np.uint64).reshape(a.shape + (-1,))


def same_values_permuted(got, x, want, axis=-1):
    got = np.asarray(got)
    np.testing.assert_array_equal(got, want, strict=True)
    # the bits of each lane are the input lane's, in some order
    g = np.sort(bits(np.moveaxis(got, axis, -1)).reshape(-1, got.shape[axis] * bits(got).shape[-1]), -1)
    e = np.sort(bits(np.moveaxis(x, axis, -1)).reshape(-1, x.shape[axis] * bits(x).shape[-1]), -1)
    np.testing.assert_array_equal(g, e)


CASES = [(ties, nan, negzero) for ties in (False, True) for nan in (False, True)
         for negzero in (False, True)]


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("shape", [(1,), (2,), (17,), (1024,), (5000,), (3, 300), (70000,)])
@pytest.mark.parametrize("ties,nan,negzero", CASES)
def test_sort_argsort_complex(dtype, shape, ties, nan, negzero):
    x = data(dtype, shape, ties, seed=len(shape) * 1000 + shape[-1], nan=nan, negzero=negzero)
    r = rp.asarray(x)
    with np.errstate(invalid="ignore"):
        want = np.sort(x, kind="stable")
        order = np.argsort(x, kind="stable")
    same_values_permuted(rp.sort(r), x, want)
    got = rp.sort(r, kind="stable")
    np.testing.assert_array_equal(bits(got), bits(want))  # stable: NumPy's bits
    for kind in (None, "quicksort", "stable"):
        np.testing.assert_array_equal(np.asarray(rp.argsort(r, kind=kind)), order, strict=True)
    m = rp.asarray(x.copy())
    m.sort()
    same_values_permuted(m, x, want)
    np.testing.assert_array_equal(np.asarray(r.argsort()), order, strict=True)
    if len(shape) == 2:  # the other axis (a copy with the axis last) and flattened
        with np.errstate(invalid="ignore"):
            same_values_permuted(rp.sort(r, axis=0), x, np.sort(x, axis=0), axis=0)
            np.testing.assert_array_equal(np.asarray(rp.argsort(r, axis=None)),
                                          np.argsort(x, axis=None, kind="stable"))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_sort_complex_long_row_split(dtype):
    """a row long enough for the real kernels' split over threads (>= 128 Ki)"""
    for ties in (False, True):
        x = data(dtype, (300000,), ties, seed=9)
        r = rp.asarray(x)
        same_values_permuted(rp.sort(r), x, np.sort(x))
        np.testing.assert_array_equal(np.asarray(rp.argsort(r)), np.argsort(x, kind="stable"),
                                      strict=True)


def test_sort_complex_negative_zero_real_parts():
    """-0.0 and +0.0 real parts compare equal: the imaginary parts order them
    (the packed complex64 keys cannot keep the sign, so such rows argsort)."""
    for dt in (np.complex64, np.complex128):
        x = np.array([complex(-0.0, 5), complex(0.0, 1), complex(-0.0, -1), 2, complex(0.0, -1)], dt)
        x.real[[0, 2]] = -0.0
        got = np.asarray(rp.sort(rp.asarray(x)))
        np.testing.assert_array_equal(got, np.sort(x))
        np.testing.assert_array_equal(np.signbit(got.real), [True, False, False, True, False])
        np.testing.assert_array_equal(np.asarray(rp.argsort(rp.asarray(x))),
                                      np.argsort(x, kind="stable"))
