"""Zero-copy NumPy interop, both ways: shared memory, writes visible on the
other side, read-only stays read-only, any strides."""

import gc
import pickle
import copy as pycopy
import weakref

import numpy as np
import pytest
from hypothesis import given, strategies as st

import raptors as rp
from strategies import DTYPES, array_pairs, assert_same, elements, shapes, writeable_pairs


@given(array_pairs())
def test_np_asarray_shares_memory_and_layout(pair):
    a, x = pair
    b = np.asarray(x)
    assert isinstance(b, np.ndarray)
    np.testing.assert_array_equal(b, a, strict=True)
    assert b.strides == x.strides
    assert b.flags.writeable == x.flags.writeable
    if a.size:
        assert b.__array_interface__["data"][0] == x.__array_interface__["data"][0]
        assert np.shares_memory(b, np.asarray(x))


@given(writeable_pairs(shared=True, shape=shapes(min_dims=0)), st.data())
def test_writes_visible_both_ways(pair, data):
    a, x = pair
    if a.size == 0:
        return
    idx = tuple(data.draw(st.integers(0, n - 1)) for n in a.shape)
    v1 = data.draw(elements(a.dtype)).item()
    x[idx] = v1  # raptors -> numpy
    assert a[idx] == np.asarray(v1, a.dtype)
    v2 = data.draw(elements(a.dtype)).item()
    a[idx] = v2  # numpy -> raptors
    assert x[idx] == np.asarray(v2, a.dtype)
    b = np.asarray(x)
    v3 = data.draw(elements(a.dtype)).item()
    b[idx] = v3  # numpy view of raptors -> raptors and the original
    assert x[idx] == np.asarray(v3, a.dtype) and a[idx] == x[idx]


@given(writeable_pairs(shape=shapes(min_dims=1)))
def test_raptors_owned_writes_visible_in_numpy_view(pair):
    a, x = pair
    b = np.asarray(x)
    x[...] = 1
    assert np.all(b == np.ones((), a.dtype))
    b[...] = 0
    assert not np.asarray(x).any()


@given(array_pairs(shared=True))
def test_read_only_stays_read_only(pair):
    a, _ = pair
    a = a.copy()
    a.flags.writeable = False
    x = rp.asarray(a)
    assert not x.flags.writeable
    if a.ndim:
        with pytest.raises(ValueError):
            x[...] = 0
        v = x[::-1]
        assert not v.flags.writeable
        with pytest.raises(ValueError):
            v[...] = 0
    with pytest.raises(ValueError):
        x[...] = 0
    with pytest.raises(ValueError):
        x.flags.writeable = True
    assert not np.asarray(x).flags.writeable
    with pytest.raises(ValueError):
        np.asarray(x)[...] = 0
    mv = memoryview(x)
    assert mv.readonly
    np.testing.assert_array_equal(np.asarray(x), a)


def test_read_only_broadcast_view_of_numpy():
    a = np.broadcast_to(np.arange(3.0), (4, 3))
    x = rp.asarray(a)
    assert x.strides == (0, 8) and not x.flags.writeable
    with pytest.raises(ValueError):
        x[0, 0] = 1
    assert_same(x, a)


def test_writeable_flag_can_be_cleared_and_restored_on_owner():
    x = rp.zeros(3)
    x.flags.writeable = False
    with pytest.raises(ValueError):
        x[0] = 1
    v = x[1:]
    assert not v.flags.writeable
    x.flags.writeable = True
    x[0] = 1
    assert float(x[0]) == 1
    y = rp.zeros(3)
    w = y[::2]
    w.flags.writeable = False
    with pytest.raises(ValueError):
        w.flags.writeable = True  # views cannot be made writeable again (raptors rule)


@given(array_pairs(shared=True))
def test_negative_and_noncontiguous_strides_shared(pair):
    a, x = pair
    assert_same(x, a, strides="used")
    if a.size:
        assert np.asarray(x).__array_interface__["data"][0] == a.__array_interface__["data"][0]


@given(array_pairs())
def test_memoryview(pair):
    a, x = pair
    m = memoryview(x)
    assert m.shape == a.shape
    assert m.ndim == a.ndim
    assert m.itemsize == a.itemsize
    assert m.strides == x.strides
    assert m.format == {"?": "?", "b": "b", "h": "h", "i": "i", "l": "l", "q": "l", "B": "B",
                        "H": "H", "I": "I", "L": "L", "Q": "L", "f": "f", "d": "d"}[a.dtype.char]
    assert m.readonly == (not x.flags.writeable)
    np.testing.assert_array_equal(np.asarray(m), a, strict=True)
    if a.flags.c_contiguous:
        assert m.tobytes() == a.tobytes()
        # (CPython calls a 1-D empty buffer with an odd stride non-contiguous)
        assert m.c_contiguous or a.size == 0
    assert m.obj is x


def test_memoryview_contiguity_requests():
    x = rp.zeros((3, 4))[:, ::2]
    import ctypes  # noqa: F401  (buffer requests through ctypes need a contiguous buffer)
    with pytest.raises((BufferError, TypeError)):
        (ctypes.c_double * 6).from_buffer(x)
    y = rp.zeros(6)
    buf = (ctypes.c_double * 6).from_buffer(y)
    buf[2] = 5.0
    assert float(y[2]) == 5.0
    del buf
    with pytest.raises((BufferError, TypeError)):  # read-only: no writable export
        (ctypes.c_double * 6).from_buffer(rp.broadcast_to(rp.zeros(6), (6,)))


@given(array_pairs())
def test_array_interface(pair):
    a, x = pair
    ai = x.__array_interface__
    assert ai["version"] == 3
    assert tuple(ai["shape"]) == a.shape
    assert np.dtype(ai["typestr"]) == a.dtype
    assert ai["strides"] is None or tuple(ai["strides"]) == x.strides
    assert ai["data"][1] == (not x.flags.writeable)

    class Holder:
        pass

    h = Holder()
    h.__array_interface__ = ai
    h._keep = x
    b = np.asarray(h)
    np.testing.assert_array_equal(b, a, strict=True)
    if a.size:
        assert np.shares_memory(b, np.asarray(x))


@given(array_pairs(), st.sampled_from([None] + DTYPES), st.sampled_from([None, True, False]))
def test_dunder_array(pair, dt, copy):
    a, x = pair
    try:
        e = a.__array__(dt, copy=copy)
    except ValueError:
        with pytest.raises(ValueError):
            x.__array__(dt, copy=copy)
        return
    b = x.__array__(dt, copy=copy)
    assert isinstance(b, np.ndarray)
    np.testing.assert_array_equal(b, e, strict=True)
    if a.size:
        assert np.shares_memory(b, np.asarray(x)) == np.shares_memory(e, a)
    b2 = np.array(x, dtype=dt, copy=copy) if copy is not False or dt in (None, a.dtype) else None
    if b2 is not None:
        np.testing.assert_array_equal(b2, e, strict=True)


def test_numpy_functions_accept_raptors_arrays():
    x = rp.asarray(np.arange(12.0).reshape(3, 4))
    assert np.sum(np.asarray(x)) == 66.0
    assert np.array_equal(x, np.arange(12.0).reshape(3, 4))
    assert np.stack([x, x]).shape == (2, 3, 4)
    assert np.asarray(x.T).flags.f_contiguous


def test_numpy_view_keeps_raptors_memory_alive():
    x = rp.arange(10.0)
    b = np.asarray(x)
    ref = weakref.ref(x)
    del x
    gc.collect()
    assert ref() is not None
    np.testing.assert_array_equal(b, np.arange(10.0))
    del b
    gc.collect()
    assert ref() is None


def test_raptors_view_of_numpy_keeps_numpy_alive_and_releases():
    a = np.arange(6.0)
    x = rp.asarray(a)
    v = x[::2]
    del x
    ref = weakref.ref(a)
    del a
    gc.collect()
    assert ref() is not None
    np.testing.assert_array_equal(np.asarray(v), [0.0, 2.0, 4.0])
    del v
    gc.collect()
    assert ref() is None


def test_buffer_export_released_so_bytearray_can_resize():
    ba = bytearray(8)
    x = rp.asarray(ba)
    with pytest.raises(BufferError):
        ba.append(1)  # exported: cannot resize
    del x
    gc.collect()
    ba.append(1)


def test_base_of_buffer_wrapping_views():
    # Documented raptors behaviour: a view of an array that wraps a foreign
    # buffer points at that wrapping array (it holds the buffer export),
    # where NumPy would point at the original object.
    a = np.arange(5.0)
    x = rp.asarray(a)
    assert x.base is a
    v = x[1:]
    assert v.base is x
    w = v[1:]
    assert w.base is x
    y = rp.zeros(5)
    assert y[1:][1:].base is y


@given(array_pairs())
def test_pickle_copy_deepcopy(pair):
    a, x = pair
    for y in (pickle.loads(pickle.dumps(x)), pycopy.copy(x), pycopy.deepcopy(x)):
        assert isinstance(y, rp.ndarray)
        assert_same(y, a, strides=False)
        if a.size:
            assert not np.shares_memory(np.asarray(y), np.asarray(x))


def test_hash_and_weakref():
    x = rp.zeros(3)
    with pytest.raises(TypeError):
        hash(x)
    r = weakref.ref(x)
    assert r() is x


def test_from_numpy_roundtrip_every_dtype():
    for dt in DTYPES:
        a = (np.arange(6) % 2).astype(dt).reshape(2, 3)[:, ::-1]
        x = rp.from_numpy(a)
        b = rp.to_numpy(x)
        assert b.dtype == dt
        np.testing.assert_array_equal(b, a, strict=True)
        assert np.shares_memory(b, a)
