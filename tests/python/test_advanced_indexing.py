"""Advanced indexing (index arrays, boolean masks) against NumPy: get and set,
keys mixing every kind of item on arrays of every dtype and layout up to 4-D,
and the error cases (same exception type; NumPy's wording where raptors
writes its own)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from strategies import array_pairs, assert_same, assert_scalar_same, writeable_pairs

INDEX_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                np.uint64, np.intp]


@st.composite
def advanced_items(draw, shape, valid=True):
    """A key for `shape` mixing integer arrays, masks, 0-d bools, ints, slices,
    None and ..., in any container NumPy accepts (list, NumPy array, raptors
    array). With valid=False indices may fall out of bounds and masks may
    have the wrong shape."""
    items, i, used_ellipsis = [], 0, False
    idx_shape = draw(st.sampled_from([(), (2,), (3,), (1,), (0,), (2, 1), (1, 3)]))
    while i < len(shape):
        n = shape[i]
        kind = draw(st.sampled_from(["array", "array", "mask", "int", "slice", "none",
                                     "ellipsis", "bool0", "stop"]))
        lo, hi = (-n, n - 1) if valid else (-n - 2, n + 1)
        if kind == "array" and (n > 0 or not valid or 0 in idx_shape):
            dt = draw(st.sampled_from(INDEX_DTYPES))
            if np.dtype(dt).kind == "u":
                lo = 0
            if n == 0 and valid:
                vals = np.zeros(idx_shape, dtype=dt)
            else:
                vals = np.array(draw(st.lists(st.integers(lo, max(hi, lo)),
                                              min_size=int(np.prod(idx_shape)),
                                              max_size=int(np.prod(idx_shape)))),
                                dtype=np.int64).astype(dt).reshape(idx_shape)
            items.append(draw(st.sampled_from(["np", "rp", "list"])) + ":" + "a")
            items[-1] = (items[-1], vals)
            i += 1
        elif kind == "mask":
            m = draw(st.integers(1, len(shape) - i))
            mshape = list(shape[i:i + m])
            if not valid and draw(st.booleans()):
                mshape[-1] += 1
            vals = np.array(draw(st.lists(st.booleans(), min_size=int(np.prod(mshape)),
                                          max_size=int(np.prod(mshape)))),
                            dtype=bool).reshape(mshape)
            items.append((draw(st.sampled_from(["np", "rp", "list"])) + ":m", vals))
            i += m
        elif kind == "int" and (n > 0 or not valid):
            items.append(("int", draw(st.integers(lo, max(hi, lo)))))
            i += 1
        elif kind == "slice":
            items.append(("slice", slice(draw(st.none() | st.integers(-n - 1, n + 1)),
                                         draw(st.none() | st.integers(-n - 1, n + 1)),
                                         draw(st.sampled_from([None, 1, 2, -1, -2])))))
            i += 1
        elif kind == "none":
            items.append(("none", None))
        elif kind == "bool0":
            items.append(("bool0", draw(st.sampled_from([True, False, np.True_, np.False_]))))
        elif kind == "ellipsis" and not used_ellipsis:
            used_ellipsis = True
            items.append(("ellipsis", Ellipsis))
            i += draw(st.integers(0, len(shape) - i))
        elif kind == "stop":
            break
    if not any(k.endswith(":a") or k.endswith(":m") or k == "bool0" for k, _ in items):
        if i < len(shape):
            items.append(("np:a", np.array([0] if shape[i] else [], dtype=np.intp)))
        else:
            items.append(("bool0", True))
    as_tuple = len(items) != 1 or draw(st.booleans())
    return items, as_tuple


def build(items, as_tuple, module):
    out = []
    for kind, v in items:
        if kind.endswith(":a") or kind.endswith(":m"):
            how = kind.split(":")[0]
            if how == "rp" and module is rp:
                v = rp.asarray(v)
            elif how == "list":
                v = v.tolist()
        out.append(v)
    return tuple(out) if as_tuple else out[0]


def same(got, expect):
    if isinstance(expect, np.generic):
        assert_scalar_same(got, expect)
    else:
        assert_same(got, expect, strides=False)


def outcome(f):
    try:
        return f(), None
    except Exception as e:  # noqa: BLE001 - compared with NumPy's
        return None, e


def key_pairs(valid):
    return array_pairs(shape=st.lists(st.integers(0, 4), max_size=4).map(tuple)).flatmap(
        lambda ax: st.tuples(st.just(ax), advanced_items(ax[0].shape, valid)))


@settings(max_examples=150)
@given(key_pairs(valid=True))
def test_get_matches_numpy(case):
    (a, x), (items, as_tuple) = case
    expect, err = outcome(lambda: a[build(items, as_tuple, np)])
    got, rerr = outcome(lambda: x[build(items, as_tuple, rp)])
    if err is not None:
        assert type(rerr) is type(err), (err, rerr)
        return
    assert rerr is None, rerr
    same(got, expect)


@settings(max_examples=100)
@given(key_pairs(valid=False))
def test_errors_match_numpy(case):
    (a, x), (items, as_tuple) = case
    _, err = outcome(lambda: a[build(items, as_tuple, np)])
    got, rerr = outcome(lambda: x[build(items, as_tuple, rp)])
    assert type(rerr) is type(err), (err, rerr)
    if err is None:
        same(got, a[build(items, as_tuple, np)])
    elif "out of bounds" in str(err) or "boolean index did not match" in str(err):
        assert str(rerr) == str(err)


@settings(max_examples=100)
@given(writeable_pairs(shape=st.lists(st.integers(0, 4), max_size=4).map(tuple)).flatmap(
    lambda ax: st.tuples(st.just(ax), advanced_items(ax[0].shape, True),
                         st.sampled_from(["scalar", "array", "row", "list"]))))
def test_set_matches_numpy(case):
    (a, x), (items, as_tuple), vkind = case
    a = a.copy() if not a.flags.writeable else a
    sel, err = outcome(lambda: a[build(items, as_tuple, np)])
    if err is not None:
        return  # the get tests cover it
    if vkind == "scalar":
        v = 7
        vn = vr = v
    else:
        shape = sel.shape if vkind != "row" else sel.shape[-1:]
        vn = (np.arange(int(np.prod(shape))) % 5).astype(np.int16).reshape(shape)
        vr = vn.tolist() if vkind == "list" else rp.asarray(vn)
    before = a.copy()
    _, err = outcome(lambda: a.__setitem__(build(items, as_tuple, np),
                                           vn.tolist() if vkind == "list" else vn))
    _, rerr = outcome(lambda: x.__setitem__(build(items, as_tuple, rp), vr))
    assert type(rerr) is type(err), (err, rerr)
    if err is None:
        assert_same(x, a, strides=False)
    else:
        assert np.array_equal(np.asarray(x), before)


@pytest.mark.parametrize("value", [
    [[2.5]], [[[1, 2, 3, 4]]], [[[2.5], [1]]], ([1, 2, 3, 4.5],), [[[300]]],
    [[float("nan")]], [[1, 2], [3]], [[[1, 2, 3]]], [],
])
@pytest.mark.parametrize("key", [
    (Ellipsis, -2, np.array([0, 0, -1])), (np.array([0, 1]),), (np.array([[0], [2]]), slice(1, 3)),
    (np.zeros(0, dtype=np.intp),), (np.array([True, False, True]),),
])
def test_set_sequence_value_drops_leading_unit_axes(key, value):
    # an advanced assignment converts a sequence value whole (finding 26 of
    # docs/fuzzing.md): its extra leading length-1 axes are dropped as NumPy's
    a = np.arange(12, dtype=np.uint8).reshape(3, 4)
    x = rp.asarray(a.copy())
    _, err = outcome(lambda: a.__setitem__(key, value))
    _, rerr = outcome(lambda: x.__setitem__(key, value))
    assert type(rerr) is type(err), (err, rerr)
    assert_same(x, a)


@pytest.mark.parametrize("value", [[[-1]], np.array([[1]]), [1, 2], [[1, 2]], 7, [[[1]]],
                                   np.zeros((1, 2)), [], np.zeros(0)])
@pytest.mark.parametrize("key", [
    np.array([False, True, False, True, False]), (np.array([False, True, False, True, False]),),
    [False, True, False, True, False], (np.array([False, True, False, True, False]), Ellipsis),
    np.zeros(5, dtype=bool),
])
def test_set_through_a_lone_mask_takes_at_most_one_dimension(key, value):
    # NumPy's lone-boolean-array assignment refuses a value of 2 or more
    # dimensions with a TypeError, even of shape (1, 1)
    a = np.arange(5)
    x = rp.asarray(a.copy())
    _, err = outcome(lambda: a.__setitem__(key, value))
    _, rerr = outcome(lambda: x.__setitem__(key, value))
    assert type(rerr) is type(err), (err, rerr)
    assert_same(x, a)


@pytest.mark.parametrize("value", [1e39, 2 ** 70, float("nan"), 5, [1e39], np.float64(1e39)])
@pytest.mark.parametrize("key", [
    (np.array([0, 0]), np.array([True, True, False, True, False])),   # broadcast mismatch
    (np.array([0, 9]),), (np.array([0, 1]), slice(1, 6, 3)),          # out of bounds, fine
])
def test_set_converts_the_value_before_broadcasting_and_bounds(key, value):
    # NumPy converts a value that is not an array before it broadcasts the
    # index arrays and checks their bounds: its conversion error comes first
    a = np.zeros((3, 5), np.int64)
    x = rp.asarray(a.copy())
    _, err = outcome(lambda: a.__setitem__(key, value))
    _, rerr = outcome(lambda: x.__setitem__(key, value))
    assert type(rerr) is type(err), (err, rerr)
    assert_same(x, a)


@pytest.mark.parametrize("value", [[1.0, 2.0, 3.0], np.ones(3), np.ones((3, 3)), [[1.0], [2.0]],
                                   np.ones(2), 7.0])
@pytest.mark.parametrize("key", [
    [1, 100], (np.array([1, 100]),), (np.array([1, 100], np.int32),),
    (np.array([1, -100]), np.array([0, 1])), (slice(None), np.array([1, 100])),
    (np.array([[1], [100]]), np.array([0, 1])),
])
@pytest.mark.parametrize("layout", ["C", "stride2"])
def test_set_out_of_bounds_checks_the_value_shape_first(key, value, layout):
    # NumPy broadcasts the value to the indexing result before it checks the
    # indices' bounds: a value that does not fit is its ValueError, one that
    # does leaves the IndexError (and nothing written)
    base = np.arange(40.0).reshape(4, 10)
    a = base if layout == "C" else base[:, ::2]
    x = rp.asarray(base.copy()) if layout == "C" else rp.asarray(base.copy())[:, ::2]
    _, err = outcome(lambda: a.__setitem__(key, value))
    _, rerr = outcome(lambda: x.__setitem__(key, value))
    assert err is not None and type(rerr) is type(err), (err, rerr)
    assert_same(x, a)


def test_repeated_indices_last_write_wins():
    a = np.zeros(4)
    x = rp.zeros(4)
    a[[1, 1, 3, 1]] = [1, 2, 3, 4]
    x[[1, 1, 3, 1]] = [1, 2, 3, 4]
    assert_same(x, a)


def test_read_only_is_refused():
    a = np.arange(5.0)
    a.flags.writeable = False
    x = rp.asarray(a)
    with pytest.raises(ValueError) as npe:
        a[[0]] = 1
    with pytest.raises(ValueError) as e:
        x[[0]] = 1
    assert str(e.value) == str(npe.value)
    with pytest.raises(ValueError):
        x[np.array([True] * 5)] = 1


@pytest.mark.parametrize("key", [
    (1, slice(None), [0, 1]), ([0, 1], slice(None), [0, 1]), (slice(None), [0, 2], [1, 0]),
    (Ellipsis, [1]), ([[0], [1]], None, [0, 1]), (0, [True, False, True, True]),
    (True, Ellipsis, [0]), (slice(None), False), ([2, 0], Ellipsis, 1)],
    ids=repr)
def test_placement_rule(key):
    a = np.arange(3 * 4 * 5).reshape(3, 4, 5)
    assert_same(rp.asarray(a)[key], a[key], strides=False)


@pytest.mark.parametrize("val", [1.7, -1, np.float64(2.5), [1.5, 2.5], np.array([300]),
                                 np.nan])
@pytest.mark.parametrize("dt", ["int8", "uint8", "float32", "bool"])
def test_set_casting_matches_numpy(val, dt):
    a = np.zeros(4, dtype=dt)
    x = rp.zeros(4, dtype=dt)
    with np.errstate(all="ignore"):
        _, err = outcome(lambda: a.__setitem__([0, 2], val))
        _, rerr = outcome(lambda: x.__setitem__([0, 2], val))
    assert type(rerr) is type(err)
    assert_same(x, a)


def test_empty_index_on_empty_axis_and_out_of_bounds():
    a = np.zeros((0, 3))
    x = rp.zeros((0, 3))
    assert_same(x[[]], a[[]], strides=False)
    for key in ([0], (slice(None), [3])):
        with pytest.raises(IndexError) as npe:
            a[key]
        with pytest.raises(IndexError) as e:
            x[key]
        assert str(e.value) == str(npe.value)


def test_bench_indexing_rows_agree_with_numpy():
    """Every op of the indexing suite, at a small shape: both sides give the same result."""
    from raptors.bench import runner, suites

    ops = sorted({r.op for r in suites.build_suite("indexing")})
    rows = suites.custom_rows("indexing", ops, [(300,), (30, 8)], ["float64", "int64"])
    for row in rows:
        if len(row.shape) < suites.OPS[row.op].min_ndim:
            continue
        operands = row.make_inputs(0)
        code = compile(row.statement, row.id, "eval")
        expect = eval(code, {}, dict(operands))
        got = eval(code, {}, runner.RaptorsBackend(rp).convert(row.make_inputs(0)))
        assert runner.compare_results(expect, got) is None, row.id


@pytest.mark.parametrize("dtype", ["float16", "float64", "int8"])
def test_zero_d_bool_key_assignment_value_ndim(dtype):
    """x[True] = v for a 0-d x is a lone boolean mask of x's ndim: a value of
    two or more dimensions is NumPy's TypeError (fuzz 2002/371, float16)."""
    keys = [True, False, np.True_, np.array(True), (True,), [True]]
    values = [[[1]], [1], 3, np.zeros((1, 1)), [[[2]]], np.array([4.0])]
    for key in keys:
        for v in values:
            got, want = rp.asarray(np.array(1.5, dtype)), np.array(1.5, dtype)
            try:
                want[key] = v
                nerr = None
            except Exception as e:  # noqa: BLE001 - the class and message are compared
                nerr = e
            if nerr is None:
                got[key] = v
                np.testing.assert_array_equal(np.asarray(got), want)
            else:
                with pytest.raises(type(nerr)) as e:
                    got[key] = v
                assert str(e.value) == str(nerr), (key, v)


# NumPy checks one index array after another over its own shape: the first
# array with a bad value names it, whatever the broadcast order would meet first
@pytest.mark.parametrize("shape,key", [
    ((2, 3), (np.array([0, 3]), np.array([[9], [0]]))),
    ((2, 3), (np.array([[0], [5]]), np.array([[7, 0]]))),
    ((1, 1, 0), (0, np.array([[0], [1]], np.int8), np.array([[0], [0]], np.int8))),
    ((4, 5), (np.array([[1, 2], [3, -9]]), np.array([8, 1]))),
])
def test_first_bad_index_array_named_as_numpy(shape, key):
    with pytest.raises(IndexError) as want:
        np.zeros(shape)[key]
    with pytest.raises(IndexError) as got:
        rp.zeros(shape)[key]
    assert str(got.value) == str(want.value)
    with pytest.raises(IndexError) as got:
        x = rp.zeros(shape)
        x[key] = 1
    with pytest.raises(IndexError) as want:
        y = np.zeros(shape)
        y[key] = 1
    assert str(got.value) == str(want.value)
