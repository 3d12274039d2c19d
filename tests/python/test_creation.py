"""Creation functions, differential against NumPy."""

import array
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

import raptors as rp
from strategies import (DTYPES, FLOAT, INTEGER, array_pairs, assert_same, data_address,
                        dtypes, numpy_arrays, shapes)


# ---- asarray / array from Python objects ----

@given(numpy_arrays(shape=shapes(max_dims=3)))
def test_asarray_from_nested_lists(a):
    data = a.tolist()
    x = rp.asarray(data)
    e = np.asarray(data)
    assert_same(x, e)
    assert x.flags.owndata and data_address(x) % 64 == 0
    assert_same(rp.array(data), np.array(data))


@given(numpy_arrays(shape=shapes(max_dims=3)), dtypes())
def test_asarray_from_lists_with_dtype(a, dt):
    data = a.tolist()
    try:
        e = np.asarray(data, dtype=dt)
    except (OverflowError, ValueError) as err:
        with pytest.raises(type(err)):
            rp.asarray(data, dtype=dt)
        return
    assert_same(rp.asarray(data, dtype=dt), e)
    assert_same(rp.array(data, dtype=dt), np.array(data, dtype=dt))


@pytest.mark.parametrize("value", [0, 1, -5, 2 ** 40, 2 ** 63, 1.5, -0.0, float("nan"),
                                   float("inf"), True, False, np.float32(2.5), np.int8(-3),
                                   np.uint64(2 ** 64 - 1), np.bool_(True)], ids=repr)
def test_asarray_from_scalars(value):
    x = rp.asarray(value)
    assert_same(x, np.asarray(value))
    assert x.shape == () and x.flags.owndata


def test_asarray_mixed_sequences_follow_numpy_promotion():
    for data in ([1, 2.5, True], [True, 2], [[1], [2.0]], [np.float32(1), 2],
                 [np.int8(1), np.int64(2)], [np.uint8(3), -1], [], [[]], [[], []],
                 [np.array([1, 2]), np.array([3, 4])], (1, 2, 3), [(1, 2), (3, 4)],
                 [rp.asarray([1, 2]), rp.asarray([3, 4])], [rp.asarray(1.5), 2]):
        assert_same(rp.asarray(data), np.asarray(data))


@pytest.mark.parametrize("data", [[[1, 2], [3]], [1, [2]], [[1, 2], 3], [[[1]], [2]]],
                         ids=repr)
def test_ragged_lists_are_value_error(data):
    with pytest.raises(ValueError):
        np.asarray(data)
    with pytest.raises(ValueError):
        rp.asarray(data)
    with pytest.raises(ValueError):
        rp.array(data, dtype=np.float32)


@given(array_pairs(shared=False))
def test_asarray_from_numpy_any_strides_shares_memory(pair):
    a, _ = pair
    x = rp.asarray(a)
    assert_same(x, a, strides="used")
    if a.size:
        assert np.shares_memory(np.asarray(x), a)
        assert np.asarray(x).__array_interface__["data"][0] == a.__array_interface__["data"][0]
    assert x.flags.writeable == a.flags.writeable
    assert not x.flags.owndata


@given(array_pairs(shared=False), st.sampled_from([None, True, False]), st.data())
def test_copy_semantics_numpy2(pair, copy, data):
    a, _ = pair
    dt = data.draw(st.sampled_from([None, a.dtype] + DTYPES))
    try:
        e = np.asarray(a, dtype=dt, copy=copy)
    except ValueError:
        with pytest.raises(ValueError):
            rp.asarray(a, dtype=dt, copy=copy)
        return
    x = rp.asarray(a, dtype=dt, copy=copy)
    assert_same(x, e, strides=False)
    assert np.shares_memory(np.asarray(x), a) == np.shares_memory(e, a)
    # rp.array copies by default, like np.array
    y = rp.array(a, dtype=dt)
    assert_same(y, np.array(a, dtype=dt), strides=False)
    assert not np.shares_memory(np.asarray(y), a) or a.size == 0


def test_copy_false_from_list_and_cast_raise():
    with pytest.raises(ValueError):
        np.asarray([1, 2], copy=False)
    with pytest.raises(ValueError):
        rp.asarray([1, 2], copy=False)
    x = rp.zeros(3)
    with pytest.raises(ValueError):
        rp.asarray(x, dtype=np.float32, copy=False)
    assert rp.asarray(x, copy=False) is x or np.shares_memory(np.asarray(rp.asarray(x, copy=False)), np.asarray(x))
    assert rp.asarray(x) is x
    y = rp.asarray(x, copy=True)
    assert y is not x and not np.shares_memory(np.asarray(y), np.asarray(x))


@given(array_pairs())
def test_asarray_of_raptors_array(pair):
    _, x = pair
    assert rp.asarray(x) is x
    y = rp.array(x)
    assert not np.shares_memory(np.asarray(y), np.asarray(x)) or x.size == 0
    assert_same(y, np.array(np.asarray(x)), strides=False)


@pytest.mark.parametrize("code,dt", [("b", np.int8), ("B", np.uint8), ("h", np.int16),
                                     ("H", np.uint16), ("i", np.int32), ("I", np.uint32),
                                     ("l", np.int64), ("L", np.uint64), ("q", np.int64),
                                     ("Q", np.uint64), ("f", np.float32), ("d", np.float64)])
def test_asarray_from_array_module_shares_memory(code, dt):
    buf = array.array(code, [1, 2, 3, 4])
    x = rp.asarray(buf)
    assert_same(x, np.asarray(buf))
    assert x.dtype == dt
    x[1] = 7
    assert buf[1] == 7  # writes visible in the buffer
    buf[0] = 9
    assert x[0] == 9


def test_asarray_from_bytearray_memoryview_bytes():
    ba = bytearray(b"\x01\x02\x03")
    x = rp.asarray(ba)
    assert_same(x, np.asarray(ba))
    x[0] = 200
    assert ba[0] == 200
    mv = memoryview(ba)
    y = rp.asarray(mv)
    assert_same(y, np.asarray(mv))
    ro = memoryview(b"abcd")
    z = rp.asarray(ro)
    assert_same(z, np.asarray(ro))
    assert not z.flags.writeable
    with pytest.raises(ValueError):
        z[0] = 1
    # a 2-D, strided memoryview
    m = memoryview(np.arange(12, dtype=np.int32).reshape(3, 4)[::2, ::-1])
    assert_same(rp.asarray(m), np.asarray(m), strides="used")
    # a memoryview cast to another format
    c = memoryview(bytearray(16)).cast("d")
    assert_same(rp.asarray(c), np.asarray(c))


def test_asarray_from_misaligned_or_foreign_buffers_copies():
    raw = np.zeros(17, np.uint8)
    mis = raw[1:].view(np.float64)  # misaligned float64
    mis[...] = [1.5, 2.5]
    x = rp.asarray(mis)
    assert_same(x, mis, strides=False)
    big = np.arange(6, dtype=">i4").reshape(2, 3)
    y = rp.asarray(big)
    assert y.dtype == np.dtype("i4")  # native byte order
    np.testing.assert_array_equal(np.asarray(y), big)
    for dt in ("<f8", "=f8", "|u1"):
        assert_same(rp.asarray(np.zeros(3, dt)), np.zeros(3, dt))


def test_asarray_dtype_conversions_like_numpy():
    for data, dt in [([1.7, -2.7], np.int32), ([300, -1], np.float32), ([0, 2, -3], bool),
                     ([1.0, 0.0], bool), (np.arange(5.0), np.uint8), (3.9, np.int8),
                     ([True, False], np.float64)]:
        assert_same(rp.asarray(data, dtype=dt), np.asarray(data, dtype=dt))


def test_array_order_and_ndmin():
    a = np.arange(6.0).reshape(2, 3)
    for order in ("C", "F", "K", "A"):
        assert_same(rp.array(a, order=order), np.array(a, order=order))
        assert_same(rp.array(a.T, order=order), np.array(a.T, order=order))
    assert_same(rp.array([1, 2], ndmin=3), np.array([1, 2], ndmin=3))
    assert_same(rp.array(5.0, ndmin=2), np.array(5.0, ndmin=2))


# ---- zeros / ones / empty / full ----

@given(shapes(), dtypes(), st.sampled_from(["C", "F"]))
def test_zeros_ones_empty(shape, dt, order):
    for f in ("zeros", "ones", "empty"):
        x = getattr(rp, f)(shape, dtype=dt, order=order)
        e = getattr(np, f)(shape, dtype=dt, order=order)
        if f == "empty":
            assert (x.shape, x.dtype) == (e.shape, e.dtype)
            if e.size:
                assert x.strides == e.strides
        else:
            assert_same(x, e, flags=True)
        assert x.flags.owndata and x.flags.writeable
        assert data_address(x) % 64 == 0


@pytest.mark.parametrize("shape", [3, (3,), [2, 3], (), np.int64(4), (np.int32(2), 3),
                                   rp.asarray(3)], ids=repr)
def test_shape_spellings(shape):
    assert_same(rp.zeros(shape), np.zeros(shape))


@given(shapes(max_dims=3), dtypes(), st.data())
def test_full(shape, dt, data):
    value = data.draw(st.sampled_from([0, 1, -1, 2.5, True, np.nan, 200, -129]))
    try:
        e = np.full(shape, value, dtype=dt)
    except (OverflowError, ValueError) as err:
        with pytest.raises(type(err)):
            rp.full(shape, value, dtype=dt)
        return
    x = rp.full(shape, value, dtype=dt)
    if isinstance(value, float) and np.isnan(value) and dt.kind in "iu":
        assert (x.shape, x.dtype) == (e.shape, e.dtype)  # NumPy leaves the value undefined
    else:
        assert_same(x, e)


def test_full_infers_dtype_and_broadcasts():
    for v in (1, 2.5, True, np.float32(1), np.int8(3), [1, 2, 3], np.array([1.5, 2])):
        shape = (2, np.size(v)) if np.ndim(v) else (2, 3)
        assert_same(rp.full(shape, v), np.full(shape, v))
    assert_same(rp.full((2, 2), rp.asarray(7, dtype=np.uint16)),
                np.full((2, 2), np.asarray(7, dtype=np.uint16)))


@given(array_pairs(), st.sampled_from([None] + DTYPES), st.sampled_from(["K", "C", "F", "A"]))
def test_like_functions(pair, dt, order):
    a, x = pair
    for f in ("zeros_like", "ones_like", "empty_like"):
        r = getattr(rp, f)(x, dtype=dt, order=order)
        e = getattr(np, f)(a, dtype=dt, order=order)
        assert (r.shape, r.dtype) == (e.shape, e.dtype)
        if f != "empty_like":
            np.testing.assert_array_equal(np.asarray(r), e, strict=True)
        assert r.flags.owndata
        if e.size and (a.flags.c_contiguous or a.flags.f_contiguous):
            # NumPy's order='K' keeps other strides for non-contiguous inputs;
            # raptors gives C or F order (documented deviation).
            assert r.strides == e.strides
    r = rp.full_like(x, 3, dtype=dt)
    e = np.full_like(a, 3, dtype=dt)
    assert (r.shape, r.dtype) == (e.shape, e.dtype)
    np.testing.assert_array_equal(np.asarray(r), e, strict=True)


def test_like_functions_with_shape_and_numpy_prototype():
    a = np.zeros((2, 3), np.int16)
    for f in ("zeros_like", "ones_like", "empty_like"):
        r = getattr(rp, f)(a, shape=(4,))
        e = getattr(np, f)(a, shape=(4,))
        assert (r.shape, r.dtype) == (e.shape, e.dtype)
    assert_same(rp.full_like(a, 2.7), np.full_like(a, 2.7))
    assert_same(rp.zeros_like([1.5, 2]), np.zeros_like([1.5, 2]))


# ---- arange / linspace / eye ----

@pytest.mark.parametrize("args,kw", [
    ((5,), {}), ((0,), {}), ((-3,), {}), ((2, 10), {}), ((2, 10, 3), {}), ((10, 2, -3), {}),
    ((0.0, 1.0, 0.1), {}), ((1, 2, 0.25), {}), ((5,), {"dtype": np.float32}),
    ((5,), {"dtype": "u1"}), ((3.0,), {}), ((0, 1, 0.3), {"dtype": np.float32}),
    ((-5, 5), {"dtype": np.int8}), ((np.int32(4),), {}), ((np.float32(2.5),), {})], ids=repr)
def test_arange(args, kw):
    assert_same(rp.arange(*args, **kw), np.arange(*args, **kw))


def test_arange_errors_like_numpy():
    for args in [(0, 10, 0), (float("nan"),), (0, float("inf"))]:
        with pytest.raises(Exception) as e:
            np.arange(*args)
        with pytest.raises(e.type):
            rp.arange(*args)


@pytest.mark.parametrize("args,kw", [
    ((0, 1), {}), ((0, 1, 5), {}), ((1, 0, 7), {}), ((0, 1, 1), {}), ((0, 1, 0), {}),
    ((0, 1, 5), {"endpoint": False}), ((-2.5, 2.5, 11), {"dtype": np.float32}),
    ((0, 10, 5), {"dtype": int}), (([0, 1], [2, 5], 3), {}), (([0, 1], [2, 5], 3), {"axis": 1})],
    ids=repr)
def test_linspace(args, kw):
    assert_same(rp.linspace(*args, **kw), np.linspace(*args, **kw))


def test_linspace_retstep():
    x, step = rp.linspace(0, 1, 5, retstep=True)
    e, estep = np.linspace(0, 1, 5, retstep=True)
    assert_same(x, e)
    assert step == estep


@pytest.mark.parametrize("args,kw", [((3,), {}), ((0,), {}), ((2, 4), {}), ((4, 2, 1), {}),
                                     ((3,), {"k": -1}), ((3,), {"k": 5}), ((3,), {"dtype": int}),
                                     ((3,), {"dtype": bool}), ((3,), {"order": "F"}),
                                     ((3, None, 0, "u2"), {})], ids=repr)
def test_eye(args, kw):
    assert_same(rp.eye(*args, **kw), np.eye(*args, **kw), flags=True)


@pytest.mark.parametrize("dt", DTYPES, ids=str)
def test_created_values_per_dtype(dt):
    assert_same(rp.ones((2, 3), dt), np.ones((2, 3), dt))
    assert_same(rp.eye(3, dtype=dt), np.eye(3, dtype=dt))
    assert_same(rp.full(4, 1, dt), np.full(4, 1, dt))
    if dt.kind != "b":
        assert_same(rp.arange(7, dtype=dt), np.arange(7, dtype=dt))
        assert_same(rp.linspace(0, 5, 6, dtype=dt), np.linspace(0, 5, 6, dtype=dt))


# ---- legacy raptors API and NumPy bridges ----

def test_array2d():
    rows = [[1, 2, 3], [4, 5, 6]]
    x = rp.array2d(rows)
    assert_same(x, np.array(rows, dtype=np.float64))
    x[0, 0] = 10
    assert rows[0][0] == 1
    a = np.arange(4.0).reshape(2, 2)
    y = rp.array2d(a)
    assert not np.shares_memory(np.asarray(y), a)  # array2d copies
    with pytest.raises(ValueError):
        rp.array2d([1, 2, 3])
    with pytest.raises(ValueError):
        rp.array2d([[1, 2], [3]])
    assert_same(rp.array2d([[]]), np.zeros((1, 0)))


@given(array_pairs())
def test_tolist_and_to_list(pair):
    a, x = pair
    assert x.tolist() == a.tolist()
    assert x.to_list() == a.ravel().tolist()
    for v in x.to_list():
        assert type(v) in (bool, int, float)
    if a.ndim == 0:
        assert type(x.tolist()) is type(a.tolist())


def test_tolist_types():
    for dt in DTYPES:
        a = np.arange(3).astype(dt)
        x = rp.asarray(a.copy())
        assert [type(v) for v in x.tolist()] == [type(v) for v in a.tolist()]
        assert x.tolist() == a.tolist()


@given(array_pairs())
def test_from_numpy_to_numpy(pair):
    a, _ = pair
    x = rp.from_numpy(a)
    assert_same(x, a, strides="used")
    assert x.base is a or x.base is a.base or np.shares_memory(np.asarray(x), a) or a.size == 0
    b = rp.to_numpy(x)
    assert isinstance(b, np.ndarray)
    np.testing.assert_array_equal(b, a, strict=True)
    if a.size:
        assert np.shares_memory(b, a)
    assert b.flags.writeable == a.flags.writeable
    with pytest.raises(TypeError):
        rp.from_numpy([1, 2, 3])


def test_float_values_exact():
    vals = [0.1, 1e-300, 1e300, -0.0, 5e-324, math.pi, 2.0 ** 53 + 1]
    x = rp.asarray(vals)
    assert x.tolist() == np.asarray(vals).tolist()
    assert rp.asarray(vals, dtype=np.float32).tolist() == np.asarray(vals, np.float32).tolist()
    assert math.copysign(1, float(rp.asarray(-0.0))) == -1


def test_device_argument():
    assert rp.zeros(2, device="cpu").device == "cpu"
    assert rp.asarray([1], device="cpu").device == "cpu"
    with pytest.raises(ValueError):
        rp.asarray([1], device="cuda")
    with pytest.raises(ValueError):
        rp.arange(3, device="gpu")
