"""raptors.add, raptors.sin ... are ufunc objects: NumPy's methods (reduce,
accumulate, reduceat, outer, at) and attributes, compared with NumPy's own
ufunc of the same name."""

import pickle

import numpy as np
import pytest

import raptors as rp
from raptors import _ufuncs

NAMES = list(_ufuncs._OPS) + list(_ufuncs._ALIASES) + list(_ufuncs._RENAMED)
BINARY = [n for n in _ufuncs._OPS if getattr(np, n).nin == 2]
ARITH_DTYPES = ["bool", "int8", "uint16", "int32", "int64", "float32", "float64"]


def _same(ours, theirs):
    """Equal dtype and shape, and values (float sums and products to a few
    ULP: raptors' reductions add in another order); array results are
    raptors arrays."""
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, rp.ndarray), type(ours)
    else:
        assert not isinstance(ours, rp.ndarray)
    o, t = np.asarray(ours), np.asarray(theirs)
    assert o.dtype == t.dtype and o.shape == t.shape
    if t.dtype.kind == "f":
        np.testing.assert_allclose(o, t, rtol=4 * np.finfo(t.dtype).eps)
    else:
        np.testing.assert_array_equal(o, t)


def _operands(name, dtype, shape=(4, 6)):
    rng = np.random.default_rng(7)
    if dtype == "bool":
        a = rng.random(shape) > 0.5
    elif np.dtype(dtype).kind == "f":
        a = rng.uniform(0.5, 3.0, shape).astype(dtype)
    else:
        a = rng.integers(1, 5, shape).astype(dtype)
    return a, rp.asarray(a)


@pytest.mark.parametrize("name", NAMES)
def test_attributes_and_identity(name):
    ours, theirs = getattr(rp, name), getattr(np, name)
    assert type(ours) is rp.ufunc
    assert ours.__name__ == theirs.__name__ and repr(ours) == repr(theirs)
    for attr in ("nin", "nout", "nargs", "identity", "ntypes", "types", "signature"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert ours.__doc__ == theirs.__doc__
    assert pickle.loads(pickle.dumps(ours)) is ours
    assert getattr(rp.array_api, name).__name__ == theirs.__name__


def test_aliases_are_one_object():
    for alias, name in _ufuncs._ALIASES.items():
        assert getattr(rp, alias) is getattr(rp, name), alias
    for alias, name in _ufuncs._RENAMED.items():  # separate objects in NumPy too
        assert getattr(rp, alias) is not getattr(rp, name), alias
        a, x = _operands(name, "float64")
        _same(getattr(rp, alias)(x), getattr(np, alias)(a))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "fmax", "logical_and",
                                  "logical_or", "bitwise_xor", "subtract", "equal"])
@pytest.mark.parametrize("dtype", ARITH_DTYPES)
@pytest.mark.parametrize("kw", [{}, {"axis": 1}, {"axis": None}, {"axis": (0, 1)},
                                {"axis": 0, "keepdims": True}])
def test_reduce(name, dtype, kw):
    a, x = _operands(name, dtype)
    try:
        theirs = getattr(np, name).reduce(a, **kw)
    except Exception as e:  # noqa: BLE001  (the same exception type)
        with pytest.raises(type(e)):
            getattr(rp, name).reduce(x, **kw)
        return
    _same(getattr(rp, name).reduce(x, **kw), theirs)


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "subtract",
                                  "logical_or", "floor_divide"])
@pytest.mark.parametrize("dtype", ["bool", "int16", "uint64", "float32", "float64"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_accumulate(name, dtype, axis):
    a, x = _operands(name, dtype)
    try:
        theirs = getattr(np, name).accumulate(a, axis=axis)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)):
            getattr(rp, name).accumulate(x, axis=axis)
        return
    _same(getattr(rp, name).accumulate(x, axis=axis), theirs)


def test_reduce_options_and_out():
    a, x = _operands("add", "float64")
    _same(rp.add.reduce(x, axis=0, initial=10.0), np.add.reduce(a, axis=0, initial=10.0))
    _same(rp.add.reduce(x, axis=1, where=x > 1.5), np.add.reduce(a, axis=1, where=a > 1.5))
    _same(rp.maximum.reduce(x, axis=None, initial=-1.0),
          np.maximum.reduce(a, axis=None, initial=-1.0))
    _same(rp.add.reduce(x, dtype=np.float32), np.add.reduce(a, dtype=np.float32))
    out = rp.zeros(6)
    assert rp.add.reduce(x, axis=0, out=out) is out
    np.testing.assert_allclose(np.asarray(out), a.sum(axis=0))
    nout = np.zeros(6)
    assert rp.add.reduce(x, axis=0, out=nout) is nout
    with pytest.raises(np.exceptions.AxisError):
        rp.add.reduce(x, axis=2)
    with pytest.raises(ValueError, match="binary"):
        rp.sin.reduce(x)
    with pytest.raises(ValueError):
        rp.minimum.reduce(rp.zeros((0, 3)), axis=0)


@pytest.mark.parametrize("dtype", ["int8", "uint32", "float32", "float64"])
def test_outer_reduceat_at(dtype):
    a, x = _operands("add", dtype)
    for name in ("add", "multiply", "subtract", "maximum", "less", "power", "arctan2"):
        try:
            theirs = getattr(np, name).outer(a[0], a[1, :3])
        except Exception as e:  # noqa: BLE001
            with pytest.raises(type(e)):
                getattr(rp, name).outer(x[0], x[1, :3])
            continue
        if theirs.dtype == np.float16:
            continue  # raptors has no float16 yet (issue 17)
        _same(getattr(rp, name).outer(x[0], x[1, :3]), theirs)
    _same(rp.add.reduceat(x, [0, 2, 3], axis=1), np.add.reduceat(a, [0, 2, 3], axis=1))
    _same(rp.multiply.reduceat(x[0], [4, 1]), np.multiply.reduceat(a[0], [4, 1]))
    idx = [0, 2, 0, 5, 5, 5]
    ours, theirs = x[0].copy(), a[0].copy()
    assert rp.add.at(ours, idx, 1) is None
    np.add.at(theirs, idx, 1)
    _same(ours, theirs)
    ours, theirs = x.copy(), a.copy()
    rp.maximum.at(ours, (slice(None), [1, 1, 4]), x[:, :3])
    np.maximum.at(theirs, (slice(None), [1, 1, 4]), a[:, :3])
    _same(ours, theirs)
    with pytest.raises(IndexError):
        rp.add.at(x[0].copy(), [6], 1)


def test_plain_inputs_give_raptors_arrays():
    _same(rp.add.outer([1, 2], [3, 4, 5]), np.add.outer([1, 2], [3, 4, 5]))
    _same(rp.add.accumulate(np.arange(5)), np.add.accumulate(np.arange(5)))
    _same(rp.add.reduce([1.5, 2.5]), np.add.reduce([1.5, 2.5]))  # a NumPy scalar, as NumPy


def test_call_unchanged():
    a, x = _operands("add", "float64")
    _same(rp.add(x, 1), np.add(a, 1))
    out = rp.empty_like(x)
    assert rp.sin(x, out=out) is out
    _same(out, np.sin(a))
    with pytest.raises(TypeError):
        rp.add(x)
    with pytest.raises(TypeError):
        rp.ufunc(len)
