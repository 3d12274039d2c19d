"""repr and str are NumPy's, summarised with ... for large arrays."""

import numpy as np
import pytest
from hypothesis import given

import raptors as rp
from strategies import DTYPES, array_pairs, shapes


@given(array_pairs(allow_nan=True))
def test_repr_str_match_numpy(pair):
    a, x = pair
    assert repr(x) == repr(a)
    assert str(x) == str(a)


@pytest.mark.parametrize("dt", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3), (2, 0, 3), (1, 1, 1), (1001,),
                                   (40, 40), (3, 400), (2, 3, 200)])
def test_repr_every_dtype_and_large(dt, shape):
    a = (np.arange(int(np.prod(shape))) % 7).astype(dt).reshape(shape)
    x = rp.asarray(a.copy())
    assert repr(x) == repr(a)
    assert str(x) == str(a)
    if a.size > 1000:
        assert "..." in repr(x) and "..." in str(x)


def test_repr_examples_from_issue():
    x = rp.asarray([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    assert repr(x) == "array([[1., 2.],\n       [3., 4.]], dtype=float32)"
    assert str(x) == "[[1. 2.]\n [3. 4.]]"
    assert repr(rp.arange(3)) == "array([0, 1, 2])"
    assert repr(rp.zeros(0)) == "array([], dtype=float64)"
    assert repr(rp.asarray(True)) == "array(True)"


def test_repr_special_floats():
    vals = [np.nan, np.inf, -np.inf, -0.0, 1e-300, 1e300, 0.1, 1 / 3]
    for dt in (np.float32, np.float64):
        a = np.asarray(vals, dt)
        assert repr(rp.asarray(a)) == repr(a)
        assert str(rp.asarray(a)) == str(a)


def test_print_options_respected():
    a = np.linspace(0, 1, 7)
    x = rp.asarray(a)
    with np.printoptions(precision=2, threshold=5, edgeitems=1):
        assert repr(x) == repr(a)
        assert str(x) == str(a)


def test_repr_of_views_and_read_only():
    a = np.arange(24.0).reshape(2, 3, 4)
    x = rp.asarray(a)
    for v, e in [(x[::-1, :, ::2], a[::-1, :, ::2]), (x.T, a.T),
                 (rp.broadcast_to(x[0, 0], (2, 4)), np.broadcast_to(a[0, 0], (2, 4)))]:
        assert repr(v) == repr(e)
        assert str(v) == str(e)


def test_format_and_scalars():
    x = rp.asarray([1.5, 2.5])
    a = np.asarray([1.5, 2.5])
    assert f"{x}" == f"{a}"
    assert repr(x[0]) == repr(a[0])
    assert str(x[1]) == str(a[1])
