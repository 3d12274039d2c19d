"""NumPy's protocols: NumPy ufuncs and functions called on raptors arrays
(alone or mixed with NumPy arrays) give raptors arrays with NumPy's values."""

from __future__ import annotations

import numpy as np
import pytest
from ufunc_helpers import BINARY, UNARY, assert_result

import raptors as rp


def _pair(dt="float64"):
    a = np.arange(12).reshape(3, 4).astype(dt)
    return a, rp.asarray(a, copy=True)


@pytest.mark.parametrize("name", BINARY)
def test_numpy_binary_ufuncs_on_raptors(name):
    dt = "int64" if name.startswith(("bitwise", "left", "right")) else "float64"
    a, x = _pair(dt)
    b = np.arange(1, 5).astype(dt)
    y = rp.asarray(b, copy=True)
    with np.errstate(all="ignore"):
        want = getattr(np, name)(a, b)
        for args in ((x, y), (a, y), (x, b)):
            got = getattr(np, name)(*args)
            assert_result(name, got, want)


@pytest.mark.parametrize("name", UNARY)
def test_numpy_unary_ufuncs_on_raptors(name):
    a, x = _pair("int32" if name == "invert" else "float64")
    with np.errstate(all="ignore"):
        assert_result(name, getattr(np, name)(x), getattr(np, name)(a))


def test_numpy_operators_defer_to_raptors():
    a, x = _pair()
    for got, want in [(a + x, a + a), (a * x, a * a), (a < x, a < a), (a ** x, a ** a),
                      (a - x, a - a), (np.float64(2) * x, 2 * a)]:
        assert_result("op", got, want)


def test_out_and_dtype_through_numpy():
    a, x = _pair()
    out = rp.zeros((3, 4))
    r = np.add(x, 1, out=out)
    assert r is out
    np.testing.assert_array_equal(np.asarray(out), a + 1)
    r = np.add(x, 1, out=(out,))
    assert r is out
    assert_result("multiply", np.multiply(x, 2, dtype=np.float32), np.multiply(a, 2, dtype=np.float32))


def test_ufunc_methods_fall_back_to_numpy():
    a, x = _pair()
    assert_result("add.reduce", np.add.reduce(x, axis=0), np.add.reduce(a, axis=0))
    assert_result("add.accumulate", np.add.accumulate(x, axis=1), np.add.accumulate(a, axis=1))
    assert_result("multiply.outer", np.multiply.outer(x[0], x[1]), np.multiply.outer(a[0], a[1]))
    assert_result("float_power", np.float_power(x, 2), np.float_power(a, 2))  # not in raptors


def test_array_function_fallback_and_wrap():
    a, x = _pair()
    assert_result("concatenate", np.concatenate([x, x]), np.concatenate([a, a]))
    assert_result("where", np.where(x > 3, x, 0), np.where(a > 3, a, 0))
    assert_result("clip", np.clip(x, 2, 5), np.clip(a, 2, 5))
    assert_result("round", np.round(x / 3, 2), np.round(a / 3, 2))
    s = np.split(x, 2, axis=1)
    assert isinstance(s, list) and all(isinstance(p, rp.ndarray) for p in s)
    assert np.shape(x) == (3, 4)
    assert np.allclose(x, a)


def test_result_type_and_info():
    assert rp.result_type(rp.ones(2, dtype="int8"), 1.0) == np.float64
    assert rp.result_type(rp.ones(2, dtype="float32"), 1.0) == np.float32
    assert rp.result_type("int8", "uint8") == np.int16
    assert rp.result_type(1, 2.0) == np.float64
    assert rp.can_cast(rp.ones(2, dtype="int8"), "int16")
    assert not rp.can_cast("int64", "int32")
    assert rp.can_cast("int64", "int32", "same_kind")
    with pytest.raises(TypeError):
        rp.can_cast(1, "int8")
    assert rp.finfo("float32").eps == np.finfo(np.float32).eps
    assert rp.finfo(rp.ones(2)).max == np.finfo(np.float64).max
    assert rp.iinfo("int16").min == -32768
    assert rp.isdtype(np.dtype("int8"), "integral")
    assert not rp.isdtype(np.dtype("float32"), "integral")


@pytest.mark.parametrize(
    "ufunc, method, kwargs",
    [
        (np.add, "reduce", {}),
        (np.add, "reduce", {"axis": 1, "keepdims": True}),
        (np.multiply, "reduce", {"axis": None}),
        (np.maximum, "reduce", {"axis": 1}),
        (np.minimum, "reduce", {}),
        (np.add, "accumulate", {"axis": 1}),
        (np.multiply, "accumulate", {}),
    ],
)
def test_ufunc_reduce_and_accumulate_run_in_raptors(ufunc, method, kwargs):
    a = np.arange(1.0, 13.0).reshape(3, 4)
    x = rp.asarray(a)
    expected = getattr(ufunc, method)(a, **kwargs)
    got = getattr(ufunc, method)(x, **kwargs)
    if np.ndim(expected):
        assert isinstance(got, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(got), expected)
    assert np.asarray(got).dtype == expected.dtype
