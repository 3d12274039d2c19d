"""Basic indexing and assignment, differential against NumPy."""

import operator

import numpy as np
import pytest
from hypothesis import given, strategies as st

import raptors as rp
from strategies import (DTYPES, array_pairs, assert_same, assert_scalar_same, basic_indices,
                        elements, numpy_arrays, shapes, writeable_pairs)


def _index_case(pair_strategy):
    return pair_strategy.flatmap(
        lambda p: st.tuples(st.just(p), basic_indices(p[0].shape)))


@given(_index_case(array_pairs()))
def test_getitem_matches_numpy(case):
    (a, x), idx = case
    expected = a[idx]
    got = x[idx]
    if isinstance(expected, np.ndarray):
        assert_same(got, expected)
        # a view of x's memory, as NumPy's is a view of a's
        assert np.shares_memory(np.asarray(got), np.asarray(x)) or got.size == 0
        assert got.flags.writeable == expected.flags.writeable
        assert got.flags.c_contiguous == expected.flags.c_contiguous
        assert got.flags.f_contiguous == expected.flags.f_contiguous
        assert not got.flags.owndata
    else:
        assert_scalar_same(got, expected)


@given(_index_case(array_pairs(shared=True)))
def test_getitem_of_shared_array_is_same_memory(case):
    (a, x), idx = case
    expected = a[idx]
    got = x[idx]
    if isinstance(expected, np.ndarray):
        assert_same(got, expected, strides="used")
        if expected.size:
            ga = np.asarray(got)
            assert ga.__array_interface__["data"][0] == expected.__array_interface__["data"][0]
    else:
        assert_scalar_same(got, expected)


@given(_index_case(writeable_pairs()), st.data())
def test_setitem_scalar_modifies_same_elements(case, data):
    (a, x), idx = case
    pyvalue = data.draw(elements(a.dtype)).item()
    a[idx] = pyvalue
    x[idx] = pyvalue
    assert_same(x, a)


@given(_index_case(writeable_pairs()), st.data())
def test_setitem_array_values_broadcast(case, data):
    (a, x), idx = case
    target = a[idx]
    tshape = np.shape(target)
    # any shape that broadcasts to the target: drop leading axes, set some to 1
    k = data.draw(st.integers(0, len(tshape)))
    vshape = tuple(n if data.draw(st.booleans()) else 1 for n in tshape[k:])
    # NumPy quirks with lists: a list value may not have more dimensions
    # than the target, and a list stored into a 0-d bool is truth-tested.
    kind = data.draw(st.sampled_from(["numpy", "raptors"] + (["list"] if tshape else [])))
    if kind != "list" and data.draw(st.booleans()):
        vshape = (1,) + vshape  # NumPy accepts extra leading length-1 axes
    vdtype = data.draw(st.sampled_from(DTYPES))
    v = data.draw(numpy_arrays(vdtype, vshape))
    value = {"numpy": v, "raptors": rp.asarray(v), "list": v.tolist()}[kind]
    try:
        a[idx] = value if kind != "raptors" else v
    except OverflowError:  # lists of out-of-range Python ints
        with pytest.raises(OverflowError):
            x[idx] = value
        return
    except (ValueError, TypeError) as e:
        # including a size-1 sequence/array for a 0-d target reached by a
        # full integer index ("setting an array element with a sequence.")
        with pytest.raises(type(e)):
            x[idx] = value
        return
    x[idx] = value
    assert_same(x, a)


@given(writeable_pairs(shape=shapes(min_dims=1)), st.data())
def test_setitem_with_raptors_view_of_itself(pair, data):
    a, x = pair
    a[...] = a[::-1].copy()
    x[...] = x[::-1]  # overlapping source and destination
    assert_same(x, a)


@pytest.mark.parametrize("dt", DTYPES, ids=str)
def test_full_integer_index_gives_numpy_scalar(dt):
    a = np.arange(6).reshape(2, 3).astype(dt)
    x = rp.asarray(a.copy())
    for idx in [(0, 0), (1, -1), (-2, 2), (1, 2)]:
        assert_scalar_same(x[idx], a[idx])
        assert_scalar_same(x[idx[0]][idx[1]], a[idx[0]][idx[1]])
    z = rp.asarray(a[0, 1])
    assert z.shape == ()
    assert_scalar_same(z[()], a[0, 1])
    assert_same(z[...], np.asarray(a[0, 1])[...])
    assert_same(z[None], np.asarray(a[0, 1])[None])


@pytest.mark.parametrize("dt", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(), (1,), (1, 1), (1, 1, 1)])
def test_scalar_conversions_like_numpy(dt, shape):
    a = np.full(shape, 3, dtype=dt) if dt.kind != "b" else np.full(shape, True)
    x = rp.asarray(a)
    # NumPy 2.4 refuses float()/int()/complex() of 1-element arrays that are
    # not 0-d (TypeError; 2.0 to 2.3 warned), as raptors now does (issue 17)
    v = a.item()
    assert bool(x) == bool(a) == bool(v)
    if a.ndim == 0:
        assert float(x) == float(v) and type(float(x)) is float
        assert int(x) == int(v) and type(int(x)) is int
        assert complex(x) == complex(v)
        assert float(x) == float(a) and int(x) == int(a)
    else:
        for conv in (float, int, complex):
            with pytest.raises(TypeError, match="only 0-dimensional arrays"):
                conv(a)
            with pytest.raises(TypeError, match="only 0-dimensional arrays"):
                conv(x)
    if dt.kind in "iu" and a.ndim == 0:
        assert operator.index(x) == operator.index(a)
        assert [10, 11, 12, 13][x] == 13
    else:
        with pytest.raises(TypeError):
            operator.index(a)
        with pytest.raises(TypeError):
            operator.index(x)


@pytest.mark.parametrize("shape", [(0,), (2,), (2, 3), (0, 1)])
def test_scalar_conversion_errors_like_numpy(shape):
    a = np.zeros(shape)
    x = rp.asarray(a)
    for conv in (float, int, bool):
        with pytest.raises(Exception) as npe:
            conv(a)
        with pytest.raises(npe.type):
            conv(x)


def test_float_conversion_of_special_values():
    x = rp.asarray(np.nan)
    assert np.isnan(float(x))
    with pytest.raises(ValueError):
        int(rp.asarray(np.nan))
    with pytest.raises(OverflowError):
        int(rp.asarray(np.inf))
    assert bool(rp.asarray(np.nan)) is True


@given(array_pairs(shape=shapes(min_dims=1)))
def test_len_and_iteration_over_axis0(pair):
    a, x = pair
    assert len(x) == len(a)
    rows = list(x)
    assert len(rows) == len(a)
    for r, ra in zip(rows, a):
        if isinstance(ra, np.ndarray):
            assert_same(r, ra)
        else:
            assert_scalar_same(r, ra)


def test_len_and_iteration_of_0d():
    x = rp.asarray(5)
    with pytest.raises(TypeError):
        len(x)
    with pytest.raises(TypeError):
        iter(x).__next__()
    with pytest.raises(TypeError):
        len(np.asarray(5))


def test_iteration_stops():
    assert [int(v) for v in rp.arange(4)] == [0, 1, 2, 3]
    assert list(rp.zeros((0, 3))) == []


@pytest.mark.parametrize("idx", [
    5, -6, (0, 3), (0, -4), (slice(None), 7), (Ellipsis, 4), (1, 1, 5), (None, 5), 2 ** 62,
    -(2 ** 62)])
def test_out_of_range_index_is_index_error_naming_axis_and_size(idx):
    a = np.zeros((5, 3, 4))
    x = rp.zeros((5, 3, 4))
    with pytest.raises(IndexError) as npe:
        a[idx]
    with pytest.raises(IndexError) as e:
        x[idx]
    msg = str(e.value)
    if "out of bounds" in str(npe.value):
        assert str(e.value) == str(npe.value)
        assert "axis" in msg and "size" in msg
    with pytest.raises(IndexError):
        x[idx] = 1.0


@pytest.mark.parametrize("idx", [2 ** 63, -(2 ** 63) - 1, 2 ** 100, -(2 ** 200), (0, 2 ** 64)])
def test_huge_integer_index_is_clean_index_error(idx):
    # NumPy raises OverflowError or IndexError depending on the value;
    # raptors always says IndexError (never a crash or a wrapped index).
    x = rp.zeros((5, 3, 4))
    with pytest.raises(IndexError):
        x[idx]
    with pytest.raises(IndexError):
        x[idx] = 1


@pytest.mark.parametrize("idx", [(0, 0, 0, 0), (Ellipsis, Ellipsis), (0, Ellipsis, 0, 0, 0)])
def test_too_many_indices(idx):
    with pytest.raises(IndexError):
        np.zeros((2, 3, 4))[idx]
    with pytest.raises(IndexError):
        rp.zeros((2, 3, 4))[idx]


@pytest.mark.parametrize("idx", [
    [0, 1], np.array([0, 1]), (slice(None), [1]), np.array([True, False]), [True, False],
    True, False, np.bool_(True), (0, np.array([1, 0, 1])), rp.asarray([0, 1]),
    rp.asarray([True, False])], ids=repr)
def test_advanced_indexing_get_and_set(idx):
    a = np.arange(6).reshape(2, 3)
    x = rp.asarray(a, copy=True)
    np_idx = rp.to_numpy(idx) if isinstance(idx, rp.ndarray) else idx
    assert_same(x[idx], a[np_idx], strides=False)
    a[np_idx] = 1
    x[idx] = 1
    assert_same(x, a)


@pytest.mark.parametrize("idx", ["a", b"a", 1.5, (0, 1.0), {}, object(), slice("a", None),
                                 (slice(0, 1, 0),)], ids=repr)
def test_nonsense_indices_clean_errors(idx):
    a = np.zeros((2, 3))
    x = rp.zeros((2, 3))
    with pytest.raises(Exception) as npe:
        a[idx]
    with pytest.raises((IndexError, TypeError, ValueError)) as e:
        x[idx]
    assert isinstance(e.value, npe.type) or issubclass(npe.type, type(e.value)), (
        e.type, npe.type)


def test_numpy_integer_scalars_as_indices():
    a = np.arange(12).reshape(3, 4)
    x = rp.asarray(a)
    for i in (np.int8(1), np.uint64(2), np.int64(-1), rp.asarray(2)):
        assert_scalar_same(x[i, i], a[int(i), int(i)])
        assert_same(x[i], a[int(i)])
    assert_same(x[np.int32(0):np.int64(3):np.uint8(2)], a[0:3:2])


def test_index_array_and_to_list_legacy_api():
    a = np.arange(24.0).reshape(2, 3, 4)
    x = rp.asarray(a)
    assert_scalar_same(x.index_array(1, 2, 3), a[1, 2, 3])
    assert_same(x.index_array(1), a[1])
    assert_same(x.index_array(1, slice(None, None, -1)), a[1, ::-1])


# ---- __setitem__ semantics ----

def test_setitem_casts_like_numpy():
    for dt in DTYPES:
        a = np.zeros(4, dtype=dt)
        x = rp.zeros(4, dtype=dt)
        for value in [1, True, 0.0, [1, 0, 1, 0], np.array([2.7, -0.0, 1.0, 0.5]),
                      np.array([1, 2, 3, 4], dtype=np.uint8), np.float32(1.5)]:
            try:
                a[...] = value
            except (OverflowError, ValueError, TypeError) as e:
                with pytest.raises(type(e)):
                    x[...] = value
                continue
            x[...] = value
            assert_same(x, a)


@pytest.mark.parametrize("dt", [d for d in DTYPES if d.kind in "iu"], ids=str)
def test_setitem_out_of_range_python_int(dt):
    info = np.iinfo(dt)
    a = np.zeros(3, dtype=dt)
    x = rp.zeros(3, dtype=dt)
    for v in (info.max + 1, info.min - 1, 2 ** 64, -(2 ** 64)):
        with pytest.raises(OverflowError):
            a[0] = v
        with pytest.raises(OverflowError):
            x[0] = v
    x[1] = int(info.max)
    x[2] = int(info.min)
    a[1], a[2] = info.max, info.min
    assert_same(x, a)


@pytest.mark.parametrize("dt", [d for d in DTYPES if d.kind in "iu"], ids=str)
def test_setitem_nan_or_inf_into_int(dt):
    a = np.zeros(3, dtype=dt)
    x = rp.zeros(3, dtype=dt)
    for v in (float("nan"), float("inf")):
        with pytest.raises(Exception) as npe:
            a[0] = v
        with pytest.raises(npe.type):
            x[0] = v


def test_setitem_broadcast_shape_mismatch():
    a = np.zeros((2, 3))
    x = rp.zeros((2, 3))
    for v in ([1, 2], np.ones((3, 3)), np.ones((2, 1, 3)), [[1, 2, 3]] * 3):
        with pytest.raises(ValueError):
            a[...] = v
        with pytest.raises(ValueError):
            x[...] = v
        with pytest.raises(ValueError):
            x[...] = rp.asarray(v)


def test_setitem_ragged_or_bad_value():
    x = rp.zeros((2, 3))
    with pytest.raises(ValueError):
        x[...] = [[1, 2, 3], [1, 2]]
    with pytest.raises(ValueError):
        np.zeros((2, 3))[...] = [[1, 2, 3], [1, 2]]
    np.testing.assert_array_equal(np.asarray(x), np.zeros((2, 3)))


@pytest.mark.parametrize("value", ["abc", None, object(), "1.5", b"2", [None, 1, 2], 1 + 2j,
                                   [1, "x", 3], ["1", "2", "3"]], ids=repr)
@pytest.mark.parametrize("dt", ["float64", "int32", "bool"])
def test_setitem_odd_python_values_like_numpy(value, dt):
    a = np.zeros((2, 3), dt)
    x = rp.zeros((2, 3), dt)
    try:
        a[0] = value
    except Exception as e:
        with pytest.raises(type(e)):
            x[0] = value
        return
    x[0] = value
    assert_same(x, a)


def test_delete_item_fails_cleanly():
    x = rp.zeros(3)
    with pytest.raises(ValueError):
        del x[0]


def test_setitem_through_views_visible_in_parent():
    a = np.zeros((4, 5))
    x = rp.zeros((4, 5))
    va, vx = a[::-2, 1::2], x[::-2, 1::2]
    va[...] = [1, 2]
    vx[...] = [1, 2]
    vx.T[0] = 7
    va.T[0] = 7
    assert_same(x, a)


def test_setitem_from_numpy_non_native_and_strided():
    a = np.zeros((3, 4))
    x = rp.zeros((3, 4))
    v = np.arange(12, dtype=">i4").reshape(4, 3).T[::-1]
    a[...] = v
    x[...] = v
    assert_same(x, a)


@given(writeable_pairs(shape=shapes(min_dims=1, min_side=1)), st.data())
def test_setitem_overlapping_shift_and_transpose(pair, data):
    a, x = pair
    k = data.draw(st.integers(0, a.shape[0]))
    src = a[:a.shape[0] - k].copy()
    a[k:] = src
    x[k:] = x[:x.shape[0] - k]  # source and destination overlap in memory
    assert_same(x, a)
    if a.ndim >= 2 and a.shape[-1] == a.shape[-2]:
        a[...] = a.swapaxes(-1, -2).copy()
        x[...] = x.swapaxes(-1, -2)
        assert_same(x, a)


@pytest.mark.parametrize("dt, idx, value", [
    ("uint16", slice(1, 1), [[-1]]),        # empty target: the depth is still checked first
    ("uint16", slice(0, 1), [[-1]]),        # a value out of range, too deep: ValueError
    ("uint8", slice(0, 1), ([-1],)),
    ("uint8", slice(0, 1), [[[-1]]]),
    ("int8", slice(None), [[300]]),
    ("uint8", slice(0, 2), [-1, 3]),        # the right depth: the value's OverflowError
])
def test_too_deep_sequence_is_checked_before_its_values(dt, idx, value):
    def run(xp):
        a = xp.asarray(np.zeros(3, dt))
        try:
            a[idx] = value
        except Exception as e:  # noqa: BLE001 - the class is the result
            return type(e).__name__, str(e)
        return np.asarray(a).tolist()
    assert run(rp) == run(np)
