"""concatenate / hstack / vstack / dstack through the core's block copies
(raptors._raptors._concat, src/core/blocks.c) against NumPy: dtypes, C
inputs (the fast path) mixed with F, transposed, negative-stride and 0-size
ones (the general path), several inputs, every axis, and the errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from strategies import assert_same

DTYPES = ["bool", "int8", "uint16", "int32", "float32", "int64", "float64"]


def layout(a, how):
    if how == "F":
        return np.asfortranarray(a)
    if how == "T":
        return np.ascontiguousarray(a.T).T
    if how == "neg" and a.ndim:
        return np.ascontiguousarray(a[::-1])[::-1]
    return a


@settings(max_examples=200)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=4), st.integers(1, 4),
       st.sampled_from(DTYPES), st.lists(st.sampled_from(["C", "C", "F", "T", "neg"]), min_size=4,
                                         max_size=4), st.data())
def test_concatenate_matches_numpy(shape, nin, dt, layouts, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    rng = np.random.default_rng(len(shape) * 10 + nin)
    arrays = []
    for k in range(nin):
        s = list(shape)
        s[axis] = data.draw(st.integers(0, 4))
        arrays.append(layout((rng.integers(0, 100, s)).astype(dt), layouts[k]))
    xs = [rp.asarray(a) for a in arrays]
    assert_same(rp.concatenate(xs, axis=axis), np.concatenate(arrays, axis=axis), strides=False)
    assert_same(rp.concatenate(tuple(xs), axis), np.concatenate(arrays, axis), strides=False)
    if len(shape) >= 2 and axis in (0, -len(shape)):
        assert_same(rp.vstack(xs), np.vstack(arrays), strides=False)
    if len(shape) >= 2 and axis in (1, 1 - len(shape)):
        assert_same(rp.hstack(xs), np.hstack(arrays), strides=False)


@pytest.mark.parametrize("fn", ["hstack", "vstack", "dstack"])
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (0, 3), (3, 0)])
def test_stacks_of_c_arrays_match_numpy(fn, shape):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    b = a * 2
    got = getattr(rp, fn)([rp.asarray(a), rp.asarray(b), rp.asarray(a)])
    assert_same(got, getattr(np, fn)([a, b, a]), strides=False)
    assert got.flags.c_contiguous


def test_mixed_dtypes_and_arguments_take_the_general_path():
    a, b = np.arange(4.0), np.arange(4, dtype=np.int32)
    assert_same(rp.concatenate([rp.asarray(a), rp.asarray(b)]), np.concatenate([a, b]))
    assert_same(rp.concatenate([rp.asarray(a), rp.asarray(a)], dtype=np.float32),
                np.concatenate([a, a], dtype=np.float32))
    assert_same(rp.hstack([rp.asarray(b), rp.asarray(b)], dtype=np.int64),
                np.hstack([b, b], dtype=np.int64))
    assert_same(rp.concatenate([rp.asarray(a), a]), np.concatenate([a, a]))
    out = rp.zeros(8)
    rp.concatenate([rp.asarray(a), rp.asarray(a)], out=out)
    assert_same(out, np.concatenate([a, a]))


@pytest.mark.parametrize("call", [
    lambda xp, x, y: xp.concatenate([x, y], axis=2),
    lambda xp, x, y: xp.concatenate([x, y], axis=True),
    lambda xp, x, y: xp.concatenate([x, y[:, :2]], axis=0),
    lambda xp, x, y: xp.concatenate([x, y.reshape(-1)], axis=0),
    lambda xp, x, y: xp.concatenate([x, y], casting="bogus"),
    lambda xp, x, y: xp.concatenate([x[0, 0], y[0, 0]]),
    lambda xp, x, y: xp.vstack([x, y[:, :2]]),
])
def test_errors_match_numpy(call):
    a = np.arange(6.0).reshape(2, 3)
    with pytest.raises(Exception) as npe:
        call(np, a, a)
    with pytest.raises(Exception) as e:
        call(rp, rp.asarray(a), rp.asarray(a))
    assert type(e.value) is type(npe.value), (e.value, npe.value)


def test_result_does_not_alias_the_inputs():
    x = rp.arange(6.0)
    r = rp.concatenate([x, x])
    r[0] = 100
    assert float(x[0]) == 0.0
