"""where= on the reductions (and var/std's mean=), against NumPy: only the
selected elements are combined, masks broadcast against the input, min/max
need initial=, mean/var/std count the selected elements and warn for empty
slices as NumPy's _methods do."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from ufunc_helpers import outcome_warned
from strategies import array_pairs

FUNCS = ["sum", "prod", "min", "max", "any", "all", "mean", "var", "std"]


def outcome(fn):
    exc, r, w = outcome_warned(fn)
    return exc, r, sorted(set(w))


def same_values(r, n, dtype):
    r, n = np.asarray(r), np.asarray(n)
    assert r.shape == n.shape and r.dtype == n.dtype, (r.dtype, n.dtype, r.shape, n.shape)
    if n.dtype.kind == "f":
        # NumPy's masked loop adds in its own order (README: summation order)
        np.testing.assert_allclose(r, n, rtol=1e-5 if n.dtype == np.float32 else 1e-12,
                                   atol=0, equal_nan=True)
    else:
        np.testing.assert_array_equal(r, n)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(FUNCS), array_pairs(dtype=st.sampled_from(
    ["bool", "int8", "int32", "uint16", "int64", "float32", "float64"])),
    st.integers(0, 2 ** 32 - 1), st.booleans())
def test_where_matches_numpy(name, pair, seed, keepdims):
    a, x = pair
    rng = np.random.default_rng(seed)
    mask = rng.random(a.shape) < 0.6
    if a.ndim and seed % 3 == 0:    # a mask broadcasting along the leading axes
        mask = mask[(0,) * (a.ndim - 1)] if a.size else np.ones(a.shape[-1], bool)
    axis = None if a.ndim == 0 or seed % 4 == 0 else int(seed % a.ndim)
    kw = {"axis": axis, "keepdims": keepdims, "where": mask}
    if name in ("min", "max"):
        kw["initial"] = 3
    if name in ("var", "std") and seed % 5 == 0:
        kw["ddof"] = 1
    en, rn, wn = outcome(lambda: getattr(np, name)(a, **kw))
    er, rr, wr = outcome(lambda: getattr(rp, name)(x, **kw))
    assert er == en, (en, er)
    if en is None:
        # warnings: the same kinds (an overflow's report may depend on the order)
        assert {m for _, m in wr if "overflow" not in m} == {m for _, m in wn if "overflow" not in m}
        same_values(rr, rn, a.dtype)


@pytest.mark.parametrize("name", ["min", "max"])
def test_min_max_need_initial(name):
    a = np.arange(6.0).reshape(2, 3)
    en = outcome(lambda: getattr(np, name)(a, where=a > 2))
    er = outcome(lambda: getattr(rp, name)(rp.asarray(a), where=a > 2))
    assert en[0] == er[0] == "ValueError"


@pytest.mark.parametrize("where", [np.array([1, 0, 1]), [1, 0, 1], np.array([[True], [False], [True]]),
                                   np.array([True, False]), False])
@pytest.mark.parametrize("name", ["sum", "mean", "var", "all"])
def test_masks_convert_and_broadcast_as_numpy(where, name):
    a = np.arange(6.0).reshape(2, 3)
    en, rn, wn = outcome(lambda: getattr(np, name)(a, axis=0, where=where))
    er, rr, wr = outcome(lambda: getattr(rp, name)(rp.asarray(a), axis=0, where=where))
    assert er == en, (en, er)
    if en is None:
        assert wr == wn
        same_values(rr, rn, a.dtype)


def test_empty_selection_warns_and_out_is_written():
    a = np.arange(6.0).reshape(2, 3)
    m = np.array([[True, False, False], [True, False, False]])
    for name in ("mean", "var", "std"):
        on, orr = np.full(3, 7.0), rp.asarray(np.full(3, 7.0))
        en = outcome(lambda: getattr(np, name)(a, axis=0, where=m, out=on))
        er = outcome(lambda: getattr(rp, name)(rp.asarray(a), axis=0, where=m, out=orr))
        assert (er[0], er[2]) == (en[0], en[2])
        np.testing.assert_array_equal(np.asarray(orr), on)
    on, orr = np.zeros(3, np.int16), rp.zeros(3, np.int16)
    en = outcome(lambda: np.sum(a, axis=0, where=m, out=on, dtype=np.float32))
    er = outcome(lambda: rp.sum(rp.asarray(a), axis=0, where=m, out=orr, dtype=np.float32))
    assert (er[0], er[2]) == (en[0], en[2])
    np.testing.assert_array_equal(np.asarray(orr), on)


def test_var_mean_argument():
    a = np.arange(12.0).reshape(3, 4)
    mean = np.mean(a, axis=1, keepdims=True)
    for name in ("var", "std"):
        n = getattr(np, name)(a, axis=1, mean=mean)
        r = getattr(rp, name)(rp.asarray(a), axis=1, mean=rp.asarray(mean))
        same_values(r, n, a.dtype)
        n = getattr(np, name)(a, axis=1, mean=mean, where=a > 1)
        r = getattr(rp, name)(rp.asarray(a), axis=1, mean=rp.asarray(mean), where=a > 1)
        same_values(r, n, a.dtype)


@pytest.mark.parametrize("name", ["var", "std"])
def test_masked_deviation_reports_under_square(name):
    # NumPy squares the deviations with square (its report names it)
    a = np.array([[1e200, 2.0, 3.0], [4.0, 5.0, 6.0]])
    m = np.array([[True, True, False], [True, False, False]])
    en, rn, wn = outcome(lambda: getattr(np, name)(a, axis=1, where=m))
    er, rr, wr = outcome(lambda: getattr(rp, name)(rp.asarray(a), axis=1, where=m))
    assert (er, wr) == (en, wn) and ("RuntimeWarning", "overflow encountered in square") in wn
    same_values(rr, rn, a.dtype)
