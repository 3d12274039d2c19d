"""where= on the ufuncs, against NumPy: out untouched where the mask is False,
the selected elements computed with dtype=/casting= as NumPy, only their
floating-point errors reported, masks broadcast, NumPy's errors for bad masks
and outs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from ufunc_helpers import outcome_warned
from strategies import array_pairs, assert_same

UNARY = ["negative", "sqrt", "log", "exp", "absolute", "square", "floor", "logical_not",
         "isnan", "sin"]
BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "maximum", "power",
          "greater", "arctan2", "bitwise_and"]


outcome = outcome_warned


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(UNARY + BINARY), array_pairs(allow_nan=True),
       st.integers(0, 2 ** 32 - 1), st.sampled_from([None, "float64", "float32", "int64"]))
def test_where_with_out_matches_numpy(name, pair, seed, outdt):
    a, x = pair
    rng = np.random.default_rng(seed)
    mask = rng.random(a.shape) < 0.5
    # the mask may also broadcast: drop to its last axis now and then
    if a.ndim and seed % 3 == 0:
        mask = mask.reshape(-1)[: a.shape[-1]] if a.size else np.zeros(a.shape[-1], bool)
    nf, rf = getattr(np, name), getattr(rp, name)
    args_n = (a,) if name in UNARY else (a, a[::-1] if a.ndim else a)
    args_r = (x,) if name in UNARY else (x, x[::-1] if x.ndim else x)
    kw = {}
    try:
        natural = nf(*args_n).dtype
    except (TypeError, ValueError):  # no loop for the dtype, or an integer to a
        natural = np.dtype("float64")  # negative power: refused with the out= too
    outdt = outdt or natural
    base = np.asarray(rng.standard_normal(a.shape) * 100)
    dt = outdt
    on = base.astype(dt)
    orr = rp.asarray(on.copy())
    en, resn, wn = outcome(lambda: nf(*args_n, where=mask, out=on, **kw))
    er, resr, wr = outcome(lambda: rf(*args_r, where=mask, out=orr, **kw))
    assert er == en, (en, er)
    assert wr == wn
    if en is None:
        assert_same(orr, on, strides=False)
        assert resr is orr


@pytest.mark.parametrize("name", ["log", "sqrt", "reciprocal", "arccos"])
def test_masked_out_elements_report_nothing(name):
    # the classic use: log only where x > 0, no divide-by-zero or invalid warning
    x = np.array([0.0, -1.0, 2.0, 4.0, -0.0, np.inf])
    on, orr = np.full(6, -7.0), rp.asarray(np.full(6, -7.0))
    m = x > 0.5
    en = outcome(lambda: getattr(np, name)(x, where=m, out=on))
    er = outcome(lambda: getattr(rp, name)(rp.asarray(x), where=m, out=orr))
    assert (en[0], en[2]) == (er[0], er[2])
    assert_same(orr, on)


def test_mask_broadcasts_into_the_result_and_without_out_warns():
    x = np.arange(5.0)
    m = np.array([[True], [False]])
    en = outcome(lambda: np.add(x, 1, where=m))
    er = outcome(lambda: rp.add(rp.asarray(x), 1, where=m))
    assert er[2] == en[2] and en[2][0][0] == "UserWarning"
    assert er[1].shape == en[1].shape == (2, 5)
    # only the selected row is defined
    np.testing.assert_array_equal(np.asarray(er[1])[0], en[1][0])
    # out=None explicitly: no warning
    assert outcome(lambda: rp.add(rp.asarray(x), 1, where=x > 2, out=None))[2] == []


@pytest.mark.parametrize("where", [
    np.array([1, 0, 1, 0, 1]), np.array([1.0, 0, 1, 0, 1]), [1, 0, 1, 0, 1], 0, None,
    np.bool_(False), np.array([True, False]), [[True], [False]], rp.asarray(np.arange(5) > 2),
])
@pytest.mark.parametrize("out_kind", ["numpy", "raptors", "positional"])
def test_mask_conversion_and_shape_errors(where, out_kind):
    x = np.arange(5.0)
    on = np.ones(5)
    orr = np.ones(5) if out_kind == "numpy" else rp.asarray(np.ones(5))
    wn = np.asarray(where) if isinstance(where, rp.ndarray) else where
    if out_kind == "positional":
        en = outcome(lambda: np.multiply(x, 3, on, where=wn))
        er = outcome(lambda: rp.multiply(rp.asarray(x), 3, orr, where=where))
    else:
        en = outcome(lambda: np.multiply(x, 3, where=wn, out=on))
        er = outcome(lambda: rp.multiply(rp.asarray(x), 3, where=where, out=orr))
    assert er[0] == en[0], (en, er)
    np.testing.assert_array_equal(np.asarray(orr), on)


@pytest.mark.parametrize("kw", [
    {"dtype": "float32"}, {"dtype": "int16", "casting": "unsafe"}, {"dtype": "int16"},
    {"casting": "no"}, {"casting": "bogus"},
])
def test_dtype_and_casting_apply_to_the_selected_elements(kw):
    x = np.array([1.5, 2.5, -3.5, 1e10, np.nan])
    m = np.array([True, False, True, True, False])
    on, orr = np.zeros(5, np.float64), rp.zeros(5, np.float64)
    en = outcome(lambda: np.add(x, 1, where=m, out=on, **kw))
    er = outcome(lambda: rp.add(rp.asarray(x), 1, where=m, out=orr, **kw))
    assert (er[0], er[2]) == (en[0], en[2])
    np.testing.assert_array_equal(np.asarray(orr), on)


def test_out_with_another_dtype_and_a_scalar_result():
    on, orr = np.zeros(4, np.int32), rp.zeros(4, np.int32)
    m = [True, False, True, False]
    en = outcome(lambda: np.add(np.arange(4, dtype=np.int8), 100, where=m, out=on))
    er = outcome(lambda: rp.add(rp.arange(4, dtype=np.int8), 100, where=m, out=orr))
    assert (er[0], er[2]) == (en[0], en[2])
    assert_same(orr, on)
    # a 0-d result without out is a scalar, as NumPy's
    en = outcome(lambda: np.add(1, 2, where=np.True_, out=None))
    er = outcome(lambda: rp.add(1, 2, where=np.True_, out=None))
    assert type(er[1]) is type(en[1]) and er[1] == en[1]
