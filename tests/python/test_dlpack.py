"""DLPack 1.x both ways with NumPy (and PyTorch when installed): shared memory,
every dtype and layout, read-only flags, capsule lifetimes, NumPy's errors."""

import ctypes
import gc
import sys
import weakref

import numpy as np
import pytest

import raptors as rp
from strategies import DTYPES

LAYOUTS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "strided": lambda a: a[::2, ::-1],
    "0-d": lambda a: a[0, 0, ...],
    "zero-size": lambda a: a[:0],
    "transposed": lambda a: a.T,
}


def _source(dtype, layout):
    a = np.arange(24).reshape(4, 6).astype(dtype)
    return LAYOUTS[layout](a)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_to_raptors_shares_memory(dtype, layout):
    a = _source(dtype, layout)
    x = rp.from_dlpack(a)
    assert isinstance(x, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(x), a, strict=True)
    assert x.strides == a.strides or a.size == 0
    if a.size:
        assert np.shares_memory(np.asarray(x), a)
        assert x.flags.writeable


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_raptors_to_numpy_shares_memory(dtype, layout):
    x = rp.asarray(_source(dtype, layout))
    b = np.from_dlpack(x)
    np.testing.assert_array_equal(b, np.asarray(x), strict=True)
    assert b.strides == x.strides or x.size == 0
    if x.size:
        assert np.shares_memory(b, np.asarray(x))


def test_round_trip_writes_visible():
    a = np.zeros((3, 4))
    x = rp.from_dlpack(a)
    x[1, 2] = 7.0
    assert a[1, 2] == 7.0
    b = np.from_dlpack(x)
    b[0, 0] = 5.0
    assert a[0, 0] == 5.0


def test_read_only_flag_both_ways():
    a = np.arange(4.0)
    a.flags.writeable = False
    x = rp.from_dlpack(a)  # versioned: NumPy sets the read-only flag
    assert not x.flags.writeable
    with pytest.raises(ValueError):
        x[0] = 1
    y = rp.asarray(np.arange(4.0))
    y._writeable = False
    b = np.from_dlpack(y)
    assert not b.flags.writeable
    # The legacy capsule cannot say "read-only": NumPy's refusal, same words.
    with pytest.raises(BufferError) as ours:
        y.__dlpack__()
    with pytest.raises(BufferError) as theirs:
        a.__dlpack__()
    assert str(ours.value) == str(theirs.value)


def test_capsule_kinds_and_versions():
    x = rp.ones(3)
    names = []
    for kw in ({}, {"max_version": None}, {"max_version": (0, 8)}, {"max_version": (1, 0)},
               {"max_version": (2, 0)}):
        ours, theirs = x.__dlpack__(**kw), np.ones(3).__dlpack__(**kw)
        names.append(("versioned" in repr(ours), "versioned" in repr(theirs)))
    assert all(o == t for o, t in names)
    assert x.__dlpack_device__() == np.ones(3).__dlpack_device__() == (1, 0)


@pytest.mark.parametrize(
    "kw", [{"stream": 1}, {"dl_device": (2, 0)}, {"dl_device": (1, 1)}]
)
def test_export_errors_match_numpy(kw):
    with pytest.raises(Exception) as theirs:
        np.ones(3).__dlpack__(**kw)
    with pytest.raises(type(theirs.value)):
        rp.ones(3).__dlpack__(**kw)
    with pytest.raises(TypeError):
        rp.ones(3).__dlpack__(None)  # keyword-only, as NumPy's


def test_export_copy_flag():
    x = rp.arange(4.0)
    b = np.from_dlpack(x, copy=True)
    assert not np.shares_memory(b, np.asarray(x))
    np.testing.assert_array_equal(b, np.asarray(x))
    y = rp.from_dlpack(np.arange(4.0), copy=True)
    assert isinstance(y, rp.ndarray)
    a = np.arange(4.0)
    assert not np.shares_memory(np.asarray(rp.from_dlpack(a, copy=True)), a)
    assert np.shares_memory(np.asarray(rp.from_dlpack(a, copy=False)), a)


def test_from_dlpack_errors_match_numpy():
    for bad in ([1, 2], 3.0):
        with pytest.raises(AttributeError):
            np.from_dlpack(bad)
        with pytest.raises(AttributeError):
            rp.from_dlpack(bad)
    with pytest.raises(ValueError):
        np.from_dlpack(np.ones(2), device="gpu")
    with pytest.raises(ValueError):
        rp.from_dlpack(np.ones(2), device="gpu")
    assert rp.from_dlpack(np.ones(2), device="cpu").shape == (2,)
    with pytest.raises(TypeError):
        rp.from_dlpack(np.ones(2), "cpu")  # device is keyword-only
    # Byte order: NumPy refuses to export; the error reaches the caller.
    with pytest.raises(BufferError):
        rp.from_dlpack(np.arange(3).astype(">i4"))
    # Dtypes NumPy will not export (longdouble): its BufferError reaches the caller.
    with pytest.raises(BufferError):
        rp.from_dlpack(np.ones(2, np.longdouble))
    # complex is stored (kDLComplex): accepted, zero-copy
    z = np.array([1 + 2j, -3j], np.complex128)
    assert rp.from_dlpack(z).dtype == np.complex128
    assert rp.from_dlpack(np.ones(2, np.float16)).dtype == np.float16


def test_capsule_consumed_once():
    cap = np.arange(3.0).__dlpack__(max_version=(1, 0))
    rp._raptors._from_dlpack_capsule(cap)
    assert "used_dltensor_versioned" in repr(cap)
    with pytest.raises(ValueError):
        rp._raptors._from_dlpack_capsule(cap)
    cap = rp.ones(2).__dlpack__()
    np.from_dlpack(_Once(cap))
    assert "used_dltensor" in repr(cap)


class _Once:
    """A producer handing out one prepared capsule."""

    def __init__(self, cap):
        self.cap = cap

    def __dlpack__(self, **kw):
        return self.cap

    def __dlpack_device__(self):
        return (1, 0)


def test_export_keeps_array_alive_and_deleter_runs_once():
    x = rp.arange(5.0)
    base = sys.getrefcount(x)
    for kw in ({}, {"max_version": (1, 0)}):
        cap = x.__dlpack__(**kw)
        assert sys.getrefcount(x) == base + 1  # the capsule's reference
        del cap  # never consumed: the capsule's destructor calls the deleter
        assert sys.getrefcount(x) == base
        b = np.from_dlpack(_Once(x.__dlpack__(**kw)))
        assert sys.getrefcount(x) == base + 1
        del b  # consumed: NumPy calls the deleter, the capsule does not
        gc.collect()
        assert sys.getrefcount(x) == base


def test_import_keeps_producer_alive_and_deleter_runs_once():
    a = np.arange(6.0)
    base = sys.getrefcount(a)
    x = rp.from_dlpack(a)
    assert sys.getrefcount(a) == base + 1  # NumPy's export holds one reference
    y = x[1:4]
    del x
    gc.collect()
    assert sys.getrefcount(a) == base + 1  # the view keeps the export alive
    del y
    gc.collect()
    assert sys.getrefcount(a) == base  # released exactly once
    ref = weakref.ref(a)
    z = rp.from_dlpack(_Producer(a))
    del a
    gc.collect()
    assert ref() is not None
    np.testing.assert_array_equal(np.asarray(z), np.arange(6.0))
    del z
    gc.collect()
    assert ref() is None


class _Producer:
    def __init__(self, a):
        self.a = a

    def __dlpack__(self, **kw):
        return self.a.__dlpack__(**kw)

    def __dlpack_device__(self):
        return (1, 0)


def test_legacy_producer_without_keywords():
    class Old:
        def __init__(self, a):
            self.a = a

        def __dlpack__(self, stream=None):
            return self.a.__dlpack__()

        def __dlpack_device__(self):
            return (1, 0)

    a = np.arange(4, dtype=np.int16)
    x = rp.from_dlpack(Old(a))
    assert np.shares_memory(np.asarray(x), a)
    assert x.flags.writeable


def test_capsule_pointer_layout_is_the_specification():
    # DLManagedTensorVersioned: version {u32, u32}, manager_ctx, deleter,
    # flags u64, then DLTensor {data, device {i32, i32}, ndim i32,
    # dtype {u8 code, u8 bits, u16 lanes}, shape*, strides*, byte_offset}.
    x = rp.asarray(np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2])
    x._writeable = False
    cap = x.__dlpack__(max_version=(1, 0))
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    p = get(cap, b"dltensor_versioned")
    u32 = ctypes.cast(p, ctypes.POINTER(ctypes.c_uint32))
    assert (u32[0], u32[1]) == (1, 1)
    u64 = ctypes.cast(p, ctypes.POINTER(ctypes.c_uint64))
    assert u64[3] & 1  # read-only flag
    t = p + 32
    assert ctypes.c_void_p.from_address(t).value == x.__array_interface__["data"][0]
    assert (ctypes.c_int32.from_address(t + 8).value, ctypes.c_int32.from_address(t + 12).value,
            ctypes.c_int32.from_address(t + 16).value) == (1, 0, 2)
    assert (ctypes.c_uint8.from_address(t + 20).value, ctypes.c_uint8.from_address(t + 21).value,
            ctypes.c_uint16.from_address(t + 22).value) == (0, 32, 1)
    shape = ctypes.cast(ctypes.c_void_p.from_address(t + 24).value, ctypes.POINTER(ctypes.c_int64))
    strides = ctypes.cast(ctypes.c_void_p.from_address(t + 32).value, ctypes.POINTER(ctypes.c_int64))
    assert (shape[0], shape[1], strides[0], strides[1]) == (3, 2, 4, 2)
    assert ctypes.c_uint64.from_address(t + 40).value == 0


def test_torch_round_trip_if_installed():
    torch = pytest.importorskip("torch")
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    x = rp.from_dlpack(t)
    x[0, 0] = 9.0
    assert t[0, 0].item() == 9.0
    u = torch.from_dlpack(x)
    u[1, 1] = 3.0
    assert np.asarray(x)[1, 1] == 3.0
