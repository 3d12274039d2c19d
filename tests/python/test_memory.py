"""Memory semantics against NumPy: a write through a raptors array reaches its
source or raises NumPy's read-only error (never lost in a private copy);
outputs whose elements share memory get NumPy's results; order='K' layouts;
shape and axis arguments validated as NumPy validates them; no signed
overflow in stride arithmetic."""

import itertools

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

import raptors as rp


# ---- sources: shared, or a read-only copy ----

def _unaligned(n=6, dtype=np.float64):
    raw = np.zeros(n * np.dtype(dtype).itemsize + 1, np.uint8)
    a = raw[1:].view(dtype)
    a[...] = np.arange(n)
    assert not a.flags.aligned
    return a


class _Interface:
    """An object exposing only __array_interface__ (no buffer protocol)."""

    def __init__(self, a):
        self.keep = a
        self.__array_interface__ = a.__array_interface__


def _sources():
    aligned = lambda: np.arange(6.0)
    swapped = lambda: np.arange(6, dtype=">i4")
    strided = lambda: np.arange(12.0)[::2]
    return {
        "aligned": aligned,
        "strided": strided,
        "unaligned": _unaligned,
        "unaligned-int32": lambda: _unaligned(6, np.int32),
        "byteswapped": swapped,
        "byteswapped-float": lambda: np.arange(6, dtype=">f8"),
        "bytearray": lambda: bytearray(np.arange(6.0).tobytes()),
        "memoryview": lambda: memoryview(bytearray(np.arange(6.0).tobytes())).cast("d"),
        "interface": lambda: _Interface(np.arange(6.0)),
        "interface-byteswapped": lambda: _Interface(np.arange(6, dtype=">i4")),
        "interface-unaligned": lambda: _Interface(_unaligned()),
    }


def _read_only(make):
    def build():
        src = make()
        if isinstance(src, np.ndarray):
            src.flags.writeable = False
            return src
        if isinstance(src, _Interface):
            src.keep.flags.writeable = False
            return _Interface(src.keep)
        return memoryview(bytes(src)) if isinstance(src, bytearray) else src.toreadonly()
    return build


SOURCES = {**_sources(), **{k + "-readonly": _read_only(f) for k, f in _sources().items()}}

WRITERS = {
    "setitem": lambda m, x: x.__setitem__(0, 5),
    "setitem-slice": lambda m, x: x.__setitem__(slice(1, 3), x[3:5]),
    "ellipsis": lambda m, x: x.__setitem__(Ellipsis, 7),
    "out=": lambda m, x: m.add(x, 1, out=x),
    "iadd": lambda m, x: x.__iadd__(1),
    "imul": lambda m, x: x.__imul__(x),
    "fill": lambda m, x: x.fill(3),
}


def _run(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        return type(e), str(e)
    return None


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("source", list(SOURCES))
def test_write_reaches_source_or_raises(source, writer):
    """Each write through rp.asarray(src) either changes src as the same write
    through np.asarray(src) does, or raises NumPy's read-only ValueError and
    leaves src alone."""
    make, write = SOURCES[source], WRITERS[writer]
    ref_src, src = make(), make()
    ref = np.asarray(ref_src)
    err_np = _run(lambda: write(np, ref))
    x = rp.asarray(src)
    before = np.asarray(src).copy()
    err_rp = _run(lambda: write(rp, x))
    after = np.asarray(src)
    if err_rp is None:
        assert err_np is None, err_np
        np.testing.assert_array_equal(after, np.asarray(ref_src), strict=True)
        np.testing.assert_array_equal(np.asarray(x), after.astype(x.dtype))
    else:
        assert err_rp[0] is ValueError and "read-only" in err_rp[1], err_rp
        np.testing.assert_array_equal(after, before, strict=True)
        if err_np is not None:  # NumPy refuses too: the same error
            assert err_np[0] is err_rp[0]


@pytest.mark.parametrize("source", list(SOURCES))
def test_writeable_flag(source):
    src = SOURCES[source]()
    x = rp.asarray(src)
    shared = np.shares_memory(np.asarray(x), np.asarray(src))
    if not np.asarray(src).flags.writeable:
        assert not x.flags.writeable
    if not shared:
        # A private copy where NumPy would share: read-only for good.
        assert not x.flags.writeable
        with pytest.raises(ValueError):
            x.flags.writeable = True
    # Asked-for copies are always fresh and writeable, as NumPy's.
    for c in (rp.asarray(src, copy=True), rp.array(src)):
        assert c.flags.writeable and not np.shares_memory(np.asarray(c), np.asarray(src))
        c[0] = 1


@pytest.mark.parametrize("source", list(SOURCES))
def test_copy_false_shares_or_raises(source):
    src = SOURCES[source]()
    np.asarray(src, copy=False)  # NumPy shares every one of these
    try:
        x = rp.asarray(src, copy=False)
    except ValueError:  # only where raptors cannot share at all
        assert not np.shares_memory(np.asarray(rp.asarray(src)), np.asarray(src))
        return
    assert np.shares_memory(np.asarray(x), np.asarray(src))
    assert x.flags.writeable == np.asarray(src).flags.writeable


def test_copies_from_values_stay_writeable():
    for obj in ([1, 2, 3], 3.5, np.float32(2), (1.0, 2.0), np.arange(3) + 1):
        assert np.asarray(obj).flags.writeable
        x = rp.asarray(obj)
        assert x.flags.writeable
        x[...] = 0
    # A dtype= conversion copies in NumPy too: writeable.
    b = np.arange(4, dtype=">i4")
    assert rp.asarray(b, dtype=np.int64).flags.writeable


def test_copy_false_refuses_unshareable():
    for make in (_unaligned, lambda: np.arange(4, dtype=">i4")):
        with pytest.raises(ValueError):
            rp.asarray(make(), copy=False)


# ---- self-overlapping outputs ----

def _views(shape, strides, offset):
    def make():
        base = np.arange(60.0)
        return base, as_strided(base[offset:], shape, strides)
    return make


def _same_bytes_as_numpy(layout, f, msg=""):
    """f(module, view) on an as_strided view of a fresh buffer: raptors leaves
    the buffer exactly as NumPy does."""
    make = _views(*layout)
    b1, v1 = make()
    f(np, v1)
    b2, v2 = make()
    f(rp, rp.asarray(v2))
    np.testing.assert_array_equal(b2, b1, err_msg=msg)


OVERLAP_CALLS = {
    "iadd-scalar": lambda m, v: v.__iadd__(1),
    "iadd-array": lambda m, v: v.__iadd__(np.arange(v.size, dtype=float).reshape(v.shape) * 1.5),
    "imul-self": lambda m, v: v.__imul__(v),
    "out-only": lambda m, v: m.multiply(np.arange(v.size, dtype=float).reshape(v.shape), 2,
                                        out=v),
    "out-reversed-input": lambda m, v: m.add(v[::-1], 1, out=v),
    "out-transposed-input": lambda m, v: m.add(v, v.T, out=v) if v.ndim == 2 and
    v.shape[0] == v.shape[1] else m.add(v, v, out=v),
    "negative": lambda m, v: m.negative(v, out=v),
    "setitem": lambda m, v: v.__setitem__(Ellipsis, np.arange(v.size, dtype=float).reshape(
        v.shape)),
    "setitem-self-reversed": lambda m, v: v.__setitem__(Ellipsis, v[::-1]),
    "setitem-scalar": lambda m, v: v.__setitem__(Ellipsis, 4),
}


@pytest.mark.parametrize("call", list(OVERLAP_CALLS))
@pytest.mark.parametrize("layout", [
    ((4, 4), (8, 8), 0), ((3, 3), (8, 16), 0), ((3, 3), (-8, 16), 2), ((3, 3), (8, -16), 4),
    ((3, 3), (-16, -8), 6), ((3, 4), (0, 8), 0), ((3, 4), (8, 0), 0), ((4,), (0,), 0),
    ((2, 3, 2), (8, 8, -16), 20), ((3, 2, 2), (-24, 8, 16), 30),
], ids=str)
def test_self_overlapping_output(layout, call):
    _same_bytes_as_numpy(layout, OVERLAP_CALLS[call])


def test_self_overlap_sweep():
    """Every small 2-D layout: the same bytes as NumPy for an in-place add and
    an assignment of distinct values."""
    vals = np.arange(12.0).reshape(3, 4) * 1.5
    for s0, s1 in itertools.product([-24, -16, -8, 0, 8, 16, 24], repeat=2):
        for f in (lambda m, v: v.__iadd__(vals), lambda m, v: v.__setitem__(Ellipsis, vals),
                  lambda m, v: m.add(vals, 0, out=v), lambda m, v: m.add(v[::-1], vals, out=v)):
            _same_bytes_as_numpy(((3, 4), (s0, s1), 30), f, str((s0, s1)))


@pytest.mark.parametrize("call", [
    lambda m, v: m.sum(v, axis=0, out=v[0]),
    lambda m, v: m.sum(v, axis=1, out=v[:, 0]),
    lambda m, v: m.cumsum(v[0], out=v[1]),
    lambda m, v: m.concatenate([v[:1], v[1:2]], out=v[2:]),
    lambda m, v: m.maximum(v, 2, out=v),
])
def test_other_writers_overlapping_inputs(call):
    _same_bytes_as_numpy(((4, 4), (8, 8), 0), call)


# ---- order='K' ----

def _layouts():
    return {
        "permuted": np.ones((2, 3, 4)).transpose(1, 2, 0),
        "F": np.ones((3, 4), order="F"),
        "negative": np.ones((3, 1, 4))[:, :, ::-1],
        "negative-permuted": np.ones((2, 3, 4))[::-1, :, ::-2].transpose(2, 0, 1),
        "broadcast": np.broadcast_to(np.ones(3), (4, 3)),
        "sliced": np.ones((2, 3, 4))[:, ::2].transpose(2, 0, 1),
        "length-1": np.ones((4, 1, 3)).transpose(2, 1, 0),
        "C": np.ones((2, 3)),
        "0-d": np.ones(()),
    }


K_CALLS = {
    "empty_like": lambda m, a: m.empty_like(a),
    "zeros_like": lambda m, a: m.zeros_like(a),
    "ones_like": lambda m, a: m.ones_like(a, dtype=np.int32),
    "full_like": lambda m, a: m.full_like(a, 2.5),
    "zeros_like-shape": lambda m, a: m.zeros_like(a, shape=tuple(n + 1 for n in a.shape)),
    "copy": lambda m, a: m.copy(a, order="K"),
    "method-copy": lambda m, a: a.copy(order="K"),
    "astype": lambda m, a: a.astype(np.float32, order="K"),
    "astype-default": lambda m, a: a.astype(np.int16),
    "unary": lambda m, a: m.negative(a),
    "binary-scalar": lambda m, a: a * 2,
    "binary-C": lambda m, a: a + m.ones(a.shape),
    "binary-self": lambda m, a: a + a,
    "compare": lambda m, a: a < 3,
}


@pytest.mark.parametrize("call", list(K_CALLS))
@pytest.mark.parametrize("layout", list(_layouts()))
def test_order_k_strides(layout, call):
    a = _layouts()[layout]
    f = K_CALLS[call]
    want = f(np, a)
    got = f(rp, rp.asarray(a))
    assert got.shape == want.shape and got.dtype == want.dtype
    assert got.strides == want.strides
    np.testing.assert_array_equal(np.asarray(got)[...] if call != "empty_like" else want, want)


def test_order_k_mixed_operands():
    f = np.ones((3, 4), order="F")
    for a, b in [(f, np.ones((3, 4))), (np.ones((3, 4)), f), (f, f.T.T), (f, np.ones(4)),
                 (np.ones((4, 1)), np.ones((1, 3))), (f[:, ::-1], np.ones((3, 1)))]:
        assert (rp.asarray(a) + rp.asarray(b)).strides == (a + b).strides


# ---- argument validation: the exception class NumPy raises ----

T = True
VALIDATION = {
    "zeros((True, 2))": lambda m: m.zeros((T, 2)),
    "zeros(True)": lambda m: m.zeros(T),
    "zeros(np.True_)": lambda m: m.zeros(np.True_),
    "zeros((np.True_,))": lambda m: m.zeros((np.True_,)),
    "zeros((2.0,))": lambda m: m.zeros((2.0,)),
    "zeros(2.0)": lambda m: m.zeros(2.0),
    "zeros(-1)": lambda m: m.zeros(-1),
    "zeros((2, -3))": lambda m: m.zeros((2, -3)),
    "empty((True,))": lambda m: m.empty((T,)),
    "ones((True,))": lambda m: m.ones((T,)),
    "full((True,), 1)": lambda m: m.full((T,), 1),
    "ones(-2)": lambda m: m.ones(-2),
    "ndarray((True,))": lambda m: m.ndarray((T,)),
    "zeros_like(shape=(True,))": lambda m: m.zeros_like(m.zeros(1), shape=(T,)),
    "zeros_like(shape=(-1,))": lambda m: m.zeros_like(m.zeros(1), shape=(-1,)),
    "reshape((True,))": lambda m: m.reshape(m.zeros(1), (T,)),
    "x.reshape(True)": lambda m: m.zeros(1).reshape(T),
    "x.reshape(True, 1)": lambda m: m.zeros((1, 1)).reshape(T, 1),
    "x.reshape(2.0)": lambda m: m.zeros(2).reshape(2.0),
    "x.reshape(-1, -1)": lambda m: m.zeros(2).reshape((-1, -1)),
    "squeeze(axis=True)": lambda m: m.squeeze(m.zeros((1, 1)), axis=T),
    "x.squeeze(axis=True)": lambda m: m.zeros((1, 1)).squeeze(axis=T),
    "squeeze(axis=(True,))": lambda m: m.squeeze(m.zeros((1, 1)), axis=(T,)),
    "squeeze(axis=1.0)": lambda m: m.squeeze(m.zeros((1, 1)), axis=1.0),
    "squeeze(0-d, axis=(0,))": lambda m: m.squeeze(m.zeros(()), axis=(0,)),
    "squeeze(0-d, axis=1)": lambda m: m.squeeze(m.zeros(()), axis=1),
    "squeeze(0-d, axis=-2)": lambda m: m.squeeze(m.zeros(()), axis=-2),
    "expand_dims(axis=1.0)": lambda m: m.expand_dims(m.zeros(1), axis=1.0),
    "transpose((True, 0))": lambda m: m.transpose(m.zeros((1, 2)), (T, 0)),
    "x.transpose(True, 0)": lambda m: m.zeros((1, 2)).transpose(T, 0),
    "x.transpose(1.0, 0)": lambda m: m.zeros((1, 2)).transpose(1.0, 0),
    "x.transpose(2**40, 0)": lambda m: m.zeros((1, 2)).transpose(2 ** 40, 0),
    "concatenate(axis=True)": lambda m: m.concatenate([m.zeros((2, 2))], axis=T),
    "concatenate(axis=1.0)": lambda m: m.concatenate([m.zeros((2, 2))], axis=1.0),
    "broadcast_to((True,))": lambda m: m.broadcast_to(m.zeros(1), (T,)),
    "broadcast_to(True)": lambda m: m.broadcast_to(m.zeros(1), T),
    "broadcast_to((-1,))": lambda m: m.broadcast_to(m.zeros(1), (-1,)),
}


@pytest.mark.parametrize("name", list(VALIDATION))
def test_argument_errors_as_numpy(name):
    f = VALIDATION[name]
    with pytest.raises(Exception) as npe:
        f(np)
    with pytest.raises(npe.type):
        f(rp)


ACCEPTED = {
    # NumPy accepts these: so does raptors, with the same result shape.
    "squeeze(0-d, axis=0)": lambda m: m.squeeze(m.zeros(()), axis=0),
    "squeeze(0-d, axis=-1)": lambda m: m.squeeze(m.zeros(()), axis=-1),
    "x.squeeze(0-d, axis=0)": lambda m: m.zeros(()).squeeze(axis=0),
    "squeeze(0-d, axis=())": lambda m: m.squeeze(m.zeros(()), axis=()),
    "expand_dims(axis=True)": lambda m: m.expand_dims(m.zeros(1), axis=T),
    "swapaxes(True, 0)": lambda m: m.swapaxes(m.zeros((1, 2)), T, 0),
    "x.reshape(-2)": lambda m: m.zeros(6).reshape(-2),
    "x.reshape(2, -3)": lambda m: m.zeros(6).reshape(2, -3),
    "x.reshape(None)": lambda m: m.zeros((2, 3)).reshape(None),
    "zeros(np.int64(3))": lambda m: m.zeros(np.int64(3)),
    "zeros((np.int8(2), 3))": lambda m: m.zeros((np.int8(2), 3)),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_arguments_numpy_accepts(name):
    want, got = ACCEPTED[name](np), ACCEPTED[name](rp)
    assert got.shape == want.shape and isinstance(got, rp.ndarray)


# ---- stride arithmetic past the integer range ----

@pytest.mark.parametrize("key", [
    (slice(1, 1, 2 ** 62), 1), (slice(1, 2, 2 ** 62),), (slice(None, None, -(2 ** 62)),),
    (slice(3, 0, 2 ** 62),), (slice(None, None, 2 ** 63 - 1), slice(None, None, -(2 ** 63))),
    (slice(2 ** 62, None, 2 ** 62),), (Ellipsis, slice(None, None, 2 ** 61)),
    (slice(1, 2, 2 ** 40), slice(None, None, 3)),
], ids=str)
def test_huge_slice_steps(key):
    a = np.arange(16.0).reshape(4, 4)
    x = rp.asarray(a.copy())
    v, w = a[key], x[key]
    assert w.shape == v.shape and w.strides == v.strides
    np.testing.assert_array_equal(np.asarray(w), v)
    a[key] = 7
    x[key] = 7
    np.testing.assert_array_equal(np.asarray(x), a)
    # a view of the view, and arithmetic on it, stay defined
    np.testing.assert_array_equal(np.asarray(w[::-1] + 1), v[::-1] + 1)


@pytest.mark.parametrize("shape,strides", [((3,), (2 ** 62,)), ((3,), (-(2 ** 62),)),
                                           ((2, 2), (2 ** 62, 2 ** 62)),
                                           ((2, 2), (2 ** 62, -(2 ** 62)))])
def test_layout_past_address_space_refused(shape, strides):
    # NumPy builds such views without reading them; raptors' offset arithmetic
    # would overflow, so it refuses them (a clean TypeError, no memory read).
    a = as_strided(np.zeros(1), shape, strides)
    with pytest.raises(TypeError):
        rp.asarray(a)


@pytest.mark.parametrize("call", [
    lambda m, o, x: m.greater_equal(x, x, out=o, dtype="uint64"),
    lambda m, o, x: m.add(x, x, out=o, dtype="int8", casting="no"),
    lambda m, o, x: m.add(x, x[:2], out=o),
    lambda m, o, x: m.negative(x, out=o),
])
def test_read_only_out_refused_first(call):
    # NumPy refuses a read-only out before resolving dtypes or shapes.
    x = np.arange(3, dtype=np.uint16)
    o = np.broadcast_to(np.zeros((), np.uint16), (3,))
    with pytest.raises(ValueError, match="read-only") as npe:
        call(np, o, x)
    with pytest.raises(ValueError, match="read-only") as e:
        call(rp, rp.broadcast_to(rp.zeros((), np.uint16), (3,)), rp.asarray(x))
    assert str(e.value) == str(npe.value)
