"""dtypes: every spelling NumPy accepts, module-level names, attributes."""

import gc
import weakref

import numpy as np
import pytest
from hypothesis import given

import raptors as rp
from strategies import DTYPES, array_pairs, assert_same, data_address, shapes


def spellings(dt):
    """Every way NumPy accepts to name dt."""
    dt = np.dtype(dt)
    out = [dt, dt.name, dt.str, dt.char, dt.type, np.dtype(dt.name)]
    if dt.kind != "b":
        out.append(f"{dt.kind}{dt.itemsize}")
    else:
        out += ["?", "bool"]
    return out


PY_TYPES = [(float, np.float64), (int, np.int64), (bool, np.bool_)]


@pytest.mark.parametrize("dt", DTYPES, ids=str)
def test_every_spelling_of_every_dtype(dt):
    for spelling in spellings(dt):
        for make in (lambda d: rp.zeros(3, dtype=d), lambda d: rp.empty((2, 0), d),
                     lambda d: rp.ones((2,), dtype=d), lambda d: rp.asarray([1, 0, 1], dtype=d),
                     lambda d: rp.full(2, 1, dtype=d), lambda d: rp.arange(2, dtype=d),
                     lambda d: rp.zeros(2).astype(d), lambda d: rp.eye(2, dtype=d)):
            x = make(spelling)
            assert x.dtype == dt, (spelling, x.dtype)
            assert type(x.dtype) is type(np.dtype(dt))  # a numpy.dtype


@pytest.mark.parametrize("pytype,npt", PY_TYPES)
def test_python_types_as_dtypes(pytype, npt):
    assert rp.zeros(2, dtype=pytype).dtype == np.zeros(2, dtype=pytype).dtype == npt
    assert rp.asarray([1, 0], dtype=pytype).dtype == npt


def test_default_dtypes_match_numpy():
    assert rp.zeros(2).dtype == np.zeros(2).dtype
    assert rp.empty(2).dtype == np.empty(2).dtype
    assert rp.ones(2).dtype == np.ones(2).dtype
    assert rp.eye(2).dtype == np.eye(2).dtype
    for v in [1, 1.5, True, [1, 2], [1.0, 2], [True, False], [[1], [2]]]:
        assert rp.asarray(v).dtype == np.asarray(v).dtype, v
        assert rp.full(2, v if np.ndim(v) == 0 else 1).dtype == np.full(
            2, v if np.ndim(v) == 0 else 1).dtype


def test_module_level_names():
    for name in ["bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float16", "float32", "float64"]:
        t = getattr(rp, name)
        assert np.dtype(t) == np.dtype(getattr(np, name))
        assert rp.zeros(1, dtype=t).dtype == np.dtype(getattr(np, name))
    assert rp.newaxis is None
    assert rp.dtype is np.dtype
    assert rp.pi == np.pi and rp.e == np.e and rp.inf == np.inf and np.isnan(rp.nan)


@pytest.mark.parametrize("bad", ["clongdouble", "c32", np.clongdouble, "U3", "S2", "O", object,
                                 "datetime64[s]", ">f2", ">f8", ">i4", "V8",
                                 [("a", "i4")], "foo", "floaty", 3.5])
def test_unknown_or_unsupported_dtype_is_type_error(bad):
    with pytest.raises(TypeError):
        rp.zeros(3, dtype=bad)
    with pytest.raises(TypeError):
        rp.asarray([1, 2], dtype=bad)
    with pytest.raises(TypeError):
        rp.zeros(3).astype(bad)


def test_unknown_dtype_numpy_agrees_type_error():
    for bad in ["foo", "floaty"]:
        with pytest.raises(TypeError):
            np.zeros(3, dtype=bad)


# ---- attributes ----

@given(array_pairs())
def test_attributes_match_numpy(pair):
    a, x = pair
    assert_same(x, a, strides=True)
    assert isinstance(x.shape, tuple) and isinstance(x.strides, tuple)
    assert all(type(n) is int for n in x.shape + x.strides)
    assert type(x.ndim) is int and type(x.size) is int and type(x.nbytes) is int
    assert x.device == "cpu"


@given(array_pairs(shape=shapes(min_dims=0, max_dims=4)))
def test_flags_match_numpy(pair):
    a, x = pair
    assert x.flags.c_contiguous == a.flags.c_contiguous, (a.shape, a.strides)
    assert x.flags.f_contiguous == a.flags.f_contiguous, (a.shape, a.strides)
    assert x.flags["C_CONTIGUOUS"] == x.flags.c_contiguous
    assert x.flags["F_CONTIGUOUS"] == x.flags.f_contiguous
    assert x.flags.writeable == a.flags.writeable
    assert x.flags.aligned


@given(array_pairs())
def test_T_and_mT(pair):
    a, x = pair
    assert_same(x.T, a.T)
    assert np.shares_memory(np.asarray(x.T), np.asarray(x)) or x.size == 0
    if a.ndim >= 2:
        assert_same(x.mT, a.mT)
    else:
        with pytest.raises(ValueError):
            x.mT


@pytest.mark.parametrize("dt", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(), (0,), (1,), (7,), (3, 5), (2, 3, 4), (1, 0, 3)])
def test_owned_data_aligned_64_and_owndata(dt, shape):
    for x in (rp.empty(shape, dt), rp.zeros(shape, dt), rp.ones(shape, dt),
              rp.asarray(np.zeros(shape, dt)[...], copy=True), rp.zeros(shape, dt).copy(),
              rp.asarray(np.zeros(shape, dt).tolist() if shape else 0, dtype=dt)):
        assert data_address(x) % 64 == 0
        assert x.flags.owndata and x.base is None
        assert x.flags.writeable


def test_views_do_not_own_and_keep_base_alive():
    x = rp.arange(12.0).reshape(3, 4)
    owner = x.base if x.base is not None else x
    v = x[1:, ::2]
    assert not v.flags.owndata
    assert v.base is owner
    ref = weakref.ref(owner)
    expected = np.asarray(v).copy()
    del x, owner
    gc.collect()
    assert ref() is not None  # the view keeps its base alive
    np.testing.assert_array_equal(np.asarray(v), expected)
    # views of views point at the owner, as NumPy does
    w = v[::-1]
    assert w.base is v.base


def test_base_of_wrapped_numpy_array_alive_after_del():
    a = np.arange(10.0)
    x = rp.asarray(a)
    assert x.base is a
    ref = weakref.ref(a)
    del a
    gc.collect()
    assert ref() is not None
    np.testing.assert_array_equal(np.asarray(x), np.arange(10.0))
    v = x[2:5]
    del x
    gc.collect()
    np.testing.assert_array_equal(np.asarray(v), [2.0, 3.0, 4.0])


def test_memory_freed_when_last_reference_goes():
    x = rp.zeros(10)
    ref = weakref.ref(x)
    v = x[::2]
    del x
    gc.collect()
    assert ref() is not None
    del v
    gc.collect()
    assert ref() is None


def test_shape_and_strides_are_read_only():
    x = rp.zeros((2, 3))
    with pytest.raises(AttributeError):
        x.shape = (3, 2)
    with pytest.raises(AttributeError):
        x.strides = (8, 8)
    with pytest.raises(AttributeError):
        x.dtype = np.float32


def test_sixty_four_dims():
    shape = (1,) * 63 + (2,)
    x = rp.zeros(shape, dtype=np.int8)
    a = np.zeros(shape, dtype=np.int8)
    assert_same(x, a)
    assert x.T.shape == shape[::-1]
    assert x[(0,) * 63].shape == (2,)
