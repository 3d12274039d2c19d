"""nonzero and the selection functions built on indexing (issue 13, item 2),
against NumPy: values, dtypes, shapes, the ndarray methods, error classes,
and that none of them runs NumPy's own implementation."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from strategies import array_pairs, assert_same
from ufunc_helpers import outcome_warned

DTYPES = st.sampled_from(["bool", "int8", "uint16", "int32", "int64", "float32", "float64"])


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            assert_same(g, w, strides=False)
    elif isinstance(want, np.ndarray):
        assert_same(got, want, strides=False)
    else:
        assert type(got) is type(want) and got == want, (got, want)


def both(fn_np, fn_rp):
    en, rn, wn = outcome_warned(fn_np)
    er, rr, wr = outcome_warned(fn_rp)
    assert er == en, (en, er)
    assert wr == wn
    return rr, rn


@settings(max_examples=80, deadline=None)
@given(array_pairs(dtype=DTYPES, allow_nan=True))
def test_nonzero_family_matches_numpy(pair):
    a, x = pair
    if a.ndim == 0:
        # NumPy 2 refuses nonzero of 0-d arrays
        r, n = both(lambda: np.nonzero(a), lambda: rp.nonzero(x))
        return
    same(rp.nonzero(x), np.nonzero(a))
    same(x.nonzero(), a.nonzero())
    same(rp.argwhere(x), np.argwhere(a))
    same(rp.flatnonzero(x), np.flatnonzero(a))
    same(rp.where(x), np.where(a))


def test_nonzero_counts_floats_by_value():
    a = np.array([0.0, -0.0, np.nan, 1e-320, -np.inf, 0.0], np.float64)
    same(rp.nonzero(rp.asarray(a)), np.nonzero(a))
    b = a.astype(np.float32)
    same(rp.nonzero(rp.asarray(b)[::-1]), np.nonzero(b[::-1]))


@settings(max_examples=60, deadline=None)
@given(array_pairs(dtype=DTYPES, shape=st.tuples(st.integers(0, 4), st.integers(0, 5))),
       st.integers(0, 2 ** 32 - 1), st.sampled_from([None, 0, 1, -1]))
def test_compress_extract_match_numpy(pair, seed, axis):
    a, x = pair
    rng = np.random.default_rng(seed)
    n = a.size if axis is None else a.shape[axis]
    cond = rng.random(n + seed % 2) < 0.5     # sometimes one longer: NumPy's error
    r, n_ = both(lambda: np.compress(cond, a, axis=axis),
                 lambda: rp.compress(cond, x, axis=axis))
    if n_ is not None:
        same(r, n_)
        same(x.compress(cond, axis=axis), a.compress(cond, axis=axis))
    mask = rng.random(a.shape) < 0.5
    same(rp.extract(mask, x), np.extract(mask, a))


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
@pytest.mark.parametrize("ind", [[0, 3, -1], [7, -9], [], [[1, 2], [0, 0]], 2])
def test_put_matches_numpy(mode, ind):
    a = np.arange(12, dtype=np.int16).reshape(3, 4).T.copy()
    x = rp.asarray(a.copy())
    both(lambda: np.put(a, ind, [-5, 6], mode=mode), lambda: rp.put(x, ind, [-5, 6], mode=mode))
    assert_same(x, a, strides=False)
    a2, x2 = a.copy(), rp.asarray(a.copy())
    both(lambda: a2.put(ind, 9, mode), lambda: x2.put(ind, 9, mode))
    assert_same(x2, a2, strides=False)


def test_place_and_putmask_match_numpy():
    for vals in ([1, 2], [7], np.array([1.5, -2.5, 3.5]), []):
        for fn in ("place", "putmask"):
            a = np.arange(10.0).reshape(2, 5)
            x = rp.asarray(a.copy())
            m = a % 3 == 0
            both(lambda: getattr(np, fn)(a, m, vals), lambda: getattr(rp, fn)(x, m, vals))
            assert_same(x, a, strides=False)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_take_and_put_along_axis_match_numpy(axis):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 6))
    x = rp.asarray(a)
    idx = np.argsort(a, axis=axis) if axis is not None else np.argsort(a, axis=None)[:5]
    same(rp.take_along_axis(x, rp.asarray(idx), axis=axis), np.take_along_axis(a, idx, axis=axis))
    if axis is not None:
        a2, x2 = a.copy(), rp.asarray(a.copy())
        np.put_along_axis(a2, idx[..., :1] if axis else idx[:1], 0.5, axis=axis)
        rp.put_along_axis(x2, idx[..., :1] if axis else idx[:1], 0.5, axis=axis)
        assert_same(x2, a2, strides=False)
    both(lambda: np.take_along_axis(a, idx.astype(float), axis=axis or 0),
         lambda: rp.take_along_axis(x, idx.astype(float), axis=axis or 0))


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
@pytest.mark.parametrize("index", [[0, 1, 2, 1], [0, 3, -1, 5], [[0], [2]]])
def test_choose_matches_numpy(mode, index):
    choices = [np.arange(4) * 10, np.full(4, -1), np.arange(4.0) / 2]
    rr, rn = both(lambda: np.choose(index, choices, mode=mode),
                  lambda: rp.choose(index, [rp.asarray(c) for c in choices], mode=mode))
    if rn is not None:
        same(rr, rn)


def test_select_matches_numpy():
    x = np.arange(10)
    conds = [x < 3, x > 5]
    for choices, default in (([x, x ** 2], 0), ([x, x * 0.5], -1.5), ([x, x], np.nan)):
        rr, rn = both(lambda: np.select(conds, choices, default),
                      lambda: rp.select([rp.asarray(c) for c in conds],
                                        [rp.asarray(c) for c in choices], default))
        same(rr, rn)
    both(lambda: np.select([x < 3], [x, x]), lambda: rp.select([rp.asarray(x < 3)], [x, x]))


@pytest.mark.parametrize("args", [(), (3,), (1, 2), ((1, 2),), (-1,), (12,), (1, 2, 3), (1.5,)])
def test_item_matches_numpy(args):
    a = np.arange(12.0).reshape(3, 4).T
    rr, rn = both(lambda: a.item(*args), lambda: rp.asarray(a).item(*args))
    if rn is not None:
        same(rr, rn)


@pytest.mark.parametrize("ufunc,b", [(np.add, 1.0), (np.multiply, 2.0), (np.negative, None),
                                     (np.maximum, np.array([5.0, -1.0, 2.0, 0.0]))])
def test_ufunc_at_accumulates_repeated_indices(ufunc, b):
    a = np.arange(6.0)
    x = rp.asarray(a.copy())
    idx = np.array([0, 2, 2, 5])
    args = () if b is None else (b,)
    ufunc.at(a, idx, *args)
    ufunc.at(x, idx, *args)
    assert_same(x, a, strides=False)


def test_nothing_runs_numpys_implementation(monkeypatch):
    names = ["nonzero", "argwhere", "flatnonzero", "compress", "extract", "place", "putmask",
             "put", "take_along_axis", "put_along_axis", "choose", "select", "where"]

    def refuse(*a, **k):
        raise AssertionError("NumPy's implementation was called")

    for name in names:
        monkeypatch.setattr(np, name, refuse)
    x = rp.asarray(np.arange(12.0).reshape(3, 4))
    m = rp.asarray(np.arange(12).reshape(3, 4) % 2 == 0)
    rp.nonzero(x), rp.argwhere(x), rp.flatnonzero(x), rp.where(m)
    rp.compress([True, False, True], x, axis=0), rp.extract(m, x)
    rp.place(x, m, [1.0]), rp.putmask(x, m, 2.0), rp.put(x, [0, 1], 3.0)
    idx = rp.asarray(np.zeros((3, 1), np.intp))
    rp.take_along_axis(x, idx, axis=1), rp.put_along_axis(x, idx, 0.0, axis=1)
    rp.choose(rp.asarray(np.array([0, 1])), [rp.asarray(np.zeros(2)), rp.asarray(np.ones(2))])
    rp.select([m], [x])
