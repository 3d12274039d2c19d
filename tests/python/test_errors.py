"""Bad input gets the exception type NumPy raises, never a crash."""

import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st
from numpy.exceptions import AxisError

import raptors as rp


def same_error(np_call, rp_call):
    """rp_call raises an exception of the type np_call raises (or a subclass)."""
    with pytest.raises(Exception) as npe:
        np_call()
    with pytest.raises(npe.type) as e:
        rp_call()
    return npe.value, e.value


def test_axis_error_is_value_and_index_error():
    assert rp.AxisError is AxisError
    assert issubclass(rp.AxisError, ValueError) and issubclass(rp.AxisError, IndexError)


@pytest.mark.parametrize("call", [
    lambda m, x: m.swapaxes(x, 0, 3), lambda m, x: m.swapaxes(x, -4, 0),
    lambda m, x: m.moveaxis(x, 3, 0), lambda m, x: m.moveaxis(x, 0, -4),
    lambda m, x: m.squeeze(m.zeros((1, 2)), axis=2), lambda m, x: m.expand_dims(x, 5),
    lambda m, x: m.expand_dims(x, -5), lambda m, x: m.concatenate([x, x], axis=3),
    lambda m, x: m.stack([x, x], axis=4), lambda m, x: m.flip(x, 3),
    lambda m, x: m.transpose(x, (0, 1, 3)), lambda m, x: m.permute_dims(x, (0, 1, -4)),
    lambda m, x: x.transpose(3, 0, 1), lambda m, x: m.concatenate([m.zeros(3)], axis=1),
    lambda m, x: m.size(x, 3) if m is rp else np.size(x, 3)])
def test_axis_out_of_range(call):
    a, x = np.zeros((2, 3, 4)), rp.zeros((2, 3, 4))
    nerr, rerr = same_error(lambda: call(np, a), lambda: call(rp, x))
    assert isinstance(rerr, AxisError)
    assert isinstance(rerr, ValueError) and isinstance(rerr, IndexError)


@pytest.mark.parametrize("src,dst", [((2, 3), (4,)), ((2, 3), (5, -1)), ((6,), (4, 2)),
                                     ((0, 3), (1,)), ((2, 2), (2, 2, 2))])
def test_incompatible_reshape_value_error_names_both_shapes(src, dst):
    _, e = same_error(lambda: np.zeros(src).reshape(dst), lambda: rp.zeros(src).reshape(dst))
    msg = str(e)
    assert str(src) in msg and str(dst) in msg, msg
    with pytest.raises(ValueError):
        rp.reshape(rp.zeros(src), dst)


@pytest.mark.parametrize("idx,axis,size", [(5, 0, 2), ((0, 3), 1, 3), ((1, -4), 1, 3),
                                           ((Ellipsis, 4), 2, 4), ((0, 0, -5), 2, 4)])
def test_index_out_of_range_names_axis_and_size(idx, axis, size):
    a, x = np.zeros((2, 3, 4)), rp.zeros((2, 3, 4))
    _, e = same_error(lambda: a[idx], lambda: x[idx])
    assert f"axis {axis} with size {size}" in str(e)
    with pytest.raises(IndexError, match=f"axis {axis} with size {size}"):
        x[idx] = 0


@pytest.mark.parametrize("dt", ["float128", "complex256", "c32", "U", "S4", "O", "M8[ns]",
                                "m8", ">e", "V4", "nonsense", "int7", ">f4", "<u2" if
                                sys.byteorder == "big" else ">u2", np.clongdouble, np.str_,
                                object, str, 3, [("a", "f8")]], ids=repr)
def test_unknown_or_unsupported_dtype_type_error(dt):
    with pytest.raises(TypeError):
        rp.zeros(2, dtype=dt)
    with pytest.raises(TypeError):
        rp.empty((2, 2), dt)
    with pytest.raises(TypeError):
        rp.asarray([1.0], dtype=dt)
    with pytest.raises(TypeError):
        rp.ones(2).astype(dt)
    with pytest.raises(TypeError):
        rp.full(2, 1, dtype=dt)


def test_unsupported_dtype_arrays_type_error():
    for obj in (np.zeros(2, np.clongdouble), np.array(["a"]), np.array([None]),
                "text", None, {"a": 1}):
        with pytest.raises(TypeError):
            rp.asarray(obj)


@pytest.mark.parametrize("data", [[[1, 2], [3]], [[1], 2], [[[1, 2]], [[3]]], [1, [2, 3]],
                                  [[1, 2], [3, [4]]]], ids=repr)
def test_ragged_value_error(data):
    same_error(lambda: np.asarray(data), lambda: rp.asarray(data))
    same_error(lambda: np.array(data, dtype=float), lambda: rp.array(data, dtype=float))
    with pytest.raises(ValueError):
        rp.array2d(data)


def test_too_large_allocations():
    # more than the address space: ValueError, as NumPy
    same_error(lambda: np.empty((2 ** 40, 2 ** 40)), lambda: rp.empty((2 ** 40, 2 ** 40)))
    same_error(lambda: np.zeros((2 ** 31, 2 ** 31, 4)), lambda: rp.zeros((2 ** 31, 2 ** 31, 4)))
    same_error(lambda: np.zeros((0, 2 ** 62, 2 ** 62)), lambda: rp.zeros((0, 2 ** 62, 2 ** 62)))
    same_error(lambda: np.broadcast_to(np.zeros(1), (2 ** 62, 2 ** 62)),
               lambda: rp.broadcast_to(rp.zeros(1), (2 ** 62, 2 ** 62)))
    same_error(lambda: np.zeros(0).reshape(-1, 2 ** 62), lambda: rp.zeros(0).reshape(-1, 2 ** 62))
    # addressable but not available: MemoryError (NumPy's is a MemoryError subclass)
    for f in (rp.empty, rp.zeros, rp.ones):
        with pytest.raises(MemoryError):
            f(2 ** 45)
    with pytest.raises(MemoryError):
        np.empty(2 ** 45)
    with pytest.raises(MemoryError):
        rp.full((2 ** 22, 2 ** 23), 1.0)
    # the interpreter still works afterwards
    assert rp.ones(3).tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("make", [
    lambda: np.broadcast_to(np.arange(3.0), (2, 3)),
    lambda: (lambda a: (a.flags.__setattr__("writeable", False), a)[1])(np.zeros((2, 3))),
    lambda: memoryview(bytes(48)).cast("d", (2, 3))])
def test_writes_to_read_only_value_error(make):
    src = make()
    x = rp.asarray(src)
    for write in (lambda: x.__setitem__((0, 0), 1.0), lambda: x.__setitem__(Ellipsis, 1.0),
                  lambda: x.__setitem__(slice(None), [1.0, 2.0, 3.0]),
                  lambda: x[0].__setitem__(0, 1), lambda: x.T.__setitem__(0, 1),
                  lambda: x.reshape(x.shape).__setitem__(0, 1), lambda: x.fill(2.0)):
        with pytest.raises(ValueError):
            write()
    with pytest.raises(ValueError):
        np.asarray(x)[0, 0] = 1
    with pytest.raises(ValueError):
        rp.broadcast_to(rp.zeros(3), (2, 3))[0, 0] = 1
    np.testing.assert_array_equal(np.asarray(x), np.asarray(src))


@pytest.mark.parametrize("idx", [np.array([0, 1]), [0, 1], (0, [1, 2]), np.array([[0]]),
                                 np.array([True, False]), [True, False], True, np.True_,
                                 (Ellipsis, np.array([1])), rp.asarray([0, 1]),
                                 rp.asarray([True, False])], ids=repr)
def test_advanced_indexing_works_as_numpy(idx):
    a = np.arange(6.0).reshape(2, 3)
    x = rp.asarray(a, copy=True)
    np_idx = rp.to_numpy(idx) if isinstance(idx, rp.ndarray) else idx
    assert np.array_equal(np.asarray(x[idx]), a[np_idx])
    x[idx] = 0
    a[np_idx] = 0
    assert np.array_equal(np.asarray(x), a)


def test_boolean_mask_message_says_boolean():
    x = rp.zeros((2, 3))
    for mask in (np.array([True, False, True]), rp.asarray([True, False, True])):
        with pytest.raises(IndexError) as npe:
            np.zeros((2, 3))[rp.to_numpy(mask) if isinstance(mask, rp.ndarray) else mask]
        with pytest.raises(IndexError, match="boolean") as e:
            x[mask]
        assert str(e.value) == str(npe.value)


# ---- nonsense input: a clean Python exception, never a crash ----

CLEAN = (TypeError, ValueError, IndexError, OverflowError, MemoryError, KeyError)


@pytest.mark.parametrize("shape", [None, "abc", 1.5, [1.5], [None], {"a": 1}, object(),
                                   (2, "x"), -2, (-2, 3), 2 ** 64, (2 ** 63,), [[2]],
                                   (1,) * 65, (0,) * 65], ids=repr)
def test_nonsense_shapes(shape):
    for f in (rp.zeros, rp.empty, rp.ones, lambda s: rp.full(s, 1.0),
              lambda s: rp.broadcast_to(rp.zeros(1), s), lambda s: rp.ndarray(s)):
        with pytest.raises(CLEAN):
            f(shape)
    same_error(lambda: np.zeros(shape), lambda: rp.zeros(shape))
    # reshape takes any negative extent as the unknown one (NumPy's -2 is -1)
    try:
        want = np.zeros(6).reshape(shape)
    except Exception as e:
        with pytest.raises(type(e)):
            rp.zeros(6).reshape(shape)
    else:
        assert rp.zeros(6).reshape(shape).shape == want.shape


@pytest.mark.parametrize("idx", ["a", b"a", 1.5, {}, object(), (0, "b"), [None], (None, 1.5),
                                 slice(1.5, 2), slice(None, None, 0), 2 ** 64, -(2 ** 64),
                                 (2 ** 100, 0), np.float64(1), (Ellipsis,) * 2, (0, 0, 0),
                                 (None,) * 70, (slice(None),) * 70, [slice(None)]],
                         ids=repr)
def test_nonsense_indices(idx):
    x = rp.zeros((2, 3))
    with pytest.raises(CLEAN):
        x[idx]
    with pytest.raises(CLEAN):
        x[idx] = 1


def test_sixty_five_dimensions_everywhere():
    x = rp.zeros((1,) * 64)
    with pytest.raises(ValueError):
        rp.zeros((1,) * 65)
    with pytest.raises(ValueError):
        x.reshape((1,) * 65)
    with pytest.raises((IndexError, ValueError)):
        x[None]
    with pytest.raises(ValueError):
        rp.expand_dims(x, 0)
    with pytest.raises(ValueError):
        rp.broadcast_to(x, (1,) * 65)
    with pytest.raises(ValueError):
        rp.asarray(np.zeros((1,) * 64)[None] if False else eval("[" * 65 + "1" + "]" * 65))
    with pytest.raises(ValueError):
        rp.stack([x, x])
    assert x[(0,) * 64] == 0.0
    assert x[(Ellipsis,) + (0,) * 63].shape == (1,)


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3)
    | st.binary(max_size=3) | st.just(Ellipsis) | st.builds(slice, st.none() | st.integers(),
                                                            st.none() | st.integers()),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner), max_leaves=6))
def test_fuzz_any_object_anywhere(obj):
    x = rp.arange(6.0).reshape(2, 3)
    for call in (lambda: x[obj], lambda: x.__setitem__(obj, 1.0),
                 lambda: x.__setitem__(Ellipsis, obj), lambda: rp.asarray(obj),
                 lambda: rp.zeros(obj), lambda: x.reshape(obj), lambda: x.transpose(obj),
                 lambda: rp.asarray(obj, dtype=np.int8), lambda: rp.full((2,), obj),
                 lambda: x.astype(obj), lambda: rp.broadcast_to(x, obj),
                 lambda: rp.concatenate([x, obj]), lambda: rp.moveaxis(x, obj, 0)):
        try:
            call()
        except CLEAN:
            pass
    assert np.asarray(x).shape == (2, 3)  # still a working array
