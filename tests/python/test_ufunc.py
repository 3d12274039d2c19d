"""Elementwise functions and operators, differential against NumPy: values,
dtype and shape for every dtype pair and layout, broadcasting, NEP 50
promotion, special values, errors and warnings, out= and overlap."""

from __future__ import annotations

import operator
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import DTYPES, array_pairs, assert_same
from ufunc_helpers import (BINARY, FLOAT_SPECIALS, UNARY, assert_result, numpy_reference,
                           outcome)

import raptors as rp

ALL = [d.name for d in DTYPES]


def rpa(a):
    return rp.asarray(np.ascontiguousarray(a), copy=True) if isinstance(a, np.ndarray) else a


# ---- promotion ------------------------------------------------------------------


@pytest.mark.parametrize("a", ALL)
@pytest.mark.parametrize("b", ALL)
def test_promotion_table(a, b):
    assert rp.result_type(a, b) == np.result_type(a, b)
    assert rp.promote_types(a, b) == np.promote_types(a, b)
    for casting in ("no", "equiv", "safe", "same_kind", "unsafe"):
        assert rp.can_cast(a, b, casting) == np.can_cast(a, b, casting), casting
    x = rp.zeros(2, dtype=a)
    y = rp.zeros(2, dtype=b)
    assert (x + y).dtype == (np.zeros(2, a) + np.zeros(2, b)).dtype
    assert rp.result_type(x, y) == np.result_type(np.zeros(2, a), np.zeros(2, b))


SCALARS = [True, False, 0, 1, -1, 3, 127, 128, 255, 256, -129, 300, 2**31, 2**40, 2**63 - 1, 2**63,
           2**64, -(2**63), 0.5, -0.0, 1e300, float("nan"), float("inf")]


@pytest.mark.parametrize("dt", ALL)
@pytest.mark.parametrize("s", SCALARS, ids=repr)
def test_weak_scalar_result_type(dt, s):
    assert rp.result_type(np.dtype(dt), s) == np.result_type(np.dtype(dt), s)


@pytest.mark.parametrize("dt", ALL)
@pytest.mark.parametrize("s", SCALARS, ids=repr)
@pytest.mark.parametrize("op", ["add", "multiply", "subtract", "divide", "less", "equal",
                                "greater_equal", "maximum", "floor_divide", "power",
                                "bitwise_and", "arctan2", "logical_and"])
def test_weak_scalars(dt, s, op):
    """NEP 50: a Python scalar takes the array's dtype (or raises
    OverflowError when it does not fit), on either side."""
    a = np.array([0, 1, 2, 5], dtype=dt)
    x = rpa(a)
    if op == "power" and np.dtype(dt).kind in "iu" and isinstance(s, int) and s < 0:
        pass  # covered by test_integer_negative_power
    for args_np, args_rp in (((a, s), (x, s)), ((s, a), (s, x))):
        with np.errstate(all="ignore"):
            kind, want = outcome(numpy_reference, op, *args_np)
            kind2, got = outcome(getattr(rp, op), *args_rp)
        assert kind == kind2, (op, dt, s, want, got)
        if kind == "ok":
            assert_result(op, got, want)
        else:
            assert issubclass(got, want) or issubclass(want, got), (want, got)


def test_weak_scalar_examples():
    f32 = rp.ones(3, dtype="float32")
    i8 = rp.ones(3, dtype="int8")
    assert (f32 * 2.0).dtype == np.float32
    assert (i8 + 3).dtype == np.int8
    assert (rp.ones(3, dtype="int64") * 0.5).dtype == np.float64
    with pytest.raises(OverflowError, match="out of bounds for int8"):
        i8 + 300
    with pytest.raises(OverflowError):
        rp.ones(2, dtype="uint8") + (-1)
    assert (rp.ones(3, dtype="int64") + rp.ones(3, dtype="uint64")).dtype == np.float64
    assert (rp.ones(3, dtype="int8") + rp.ones(3, dtype="uint8")).dtype == np.int16
    assert (rp.ones(3, dtype="int32") / rp.ones(3, dtype="int32")).dtype == np.float64
    # Comparisons with an out-of-range Python int compare the true values.
    assert list(np.asarray(i8 < 300)) == [True] * 3
    assert list(np.asarray(rp.ones(2, dtype="uint8") > -1)) == [True] * 2
    assert list(np.asarray(i8 == 1000)) == [False] * 3
    assert list(np.asarray(-1000 < i8)) == [True] * 3
    # Scalars only: NumPy's default types and scalar results.
    assert type(rp.add(1, 2)) is np.int64 and rp.add(1, 2) == 3
    assert type(rp.add(1, 2.0)) is np.float64
    assert type(rp.sqrt(4)) is np.float64
    assert type(rp.add(True, True)) is np.bool_


# ---- differential over dtypes, shapes and layouts ---------------------------------

def _binary_inputs():
    return st.tuples(
        st.sampled_from(BINARY),
        st.sampled_from(DTYPES), st.sampled_from(DTYPES),
        hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
        st.booleans(),
    )


@given(data=st.data(), spec=_binary_inputs())
def test_binary_differential(data, spec):
    name, da, db, shapes, nan = spec
    (sa, sb), _ = shapes
    a, x = data.draw(array_pairs(dtype=da, shape=sa, allow_nan=nan))
    b, y = data.draw(array_pairs(dtype=db, shape=sb, allow_nan=nan))
    if name in ("power", "left_shift", "right_shift") and db.kind in "iu":
        # keep integer powers/shifts meaningful (huge counts are tested below)
        b = np.abs(b % 70).astype(db) if db.kind == "i" else (b % 70).astype(db)
        y = rpa(b)
    with np.errstate(all="ignore"):
        kind, want = outcome(numpy_reference, name, a, b)
        kind2, got = outcome(getattr(rp, name), x, y)
    assert kind == kind2, (name, da, db, want, got)
    if kind == "ok":
        assert_result(name, got, want)


@given(data=st.data(), name=st.sampled_from(UNARY), dt=st.sampled_from(DTYPES), nan=st.booleans())
def test_unary_differential(data, name, dt, nan):
    a, x = data.draw(array_pairs(dtype=dt, allow_nan=nan))
    with np.errstate(all="ignore"):
        kind, want = outcome(numpy_reference, name, a)
        kind2, got = outcome(getattr(rp, name), x)
    assert kind == kind2, (name, dt, want, got)
    if kind == "ok":
        assert_result(name, got, want)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_binary_float_specials(name, dt):
    v = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dt)
    a = np.repeat(v, len(v))
    b = np.tile(v, len(v))
    with np.errstate(all="ignore"):
        kind, want = outcome(numpy_reference, name, a, b)
        kind2, got = outcome(getattr(rp, name), rpa(a), rpa(b))
    assert kind == kind2
    if kind == "ok":
        assert_result(name, got, want)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dt", ALL)
def test_unary_specials(name, dt):
    if np.dtype(dt).kind == "f":
        a = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dt)
    else:
        info = np.iinfo(dt) if np.dtype(dt).kind != "b" else None
        vals = [0, 1] if info is None else [info.min, info.min + 1, -1, 0, 1, 2, info.max]
        a = np.array([v for v in vals if info is None or info.min <= v <= info.max], dtype=dt)
    with np.errstate(all="ignore"):
        kind, want = outcome(numpy_reference, name, a)
        kind2, got = outcome(getattr(rp, name), rpa(a))
    assert kind == kind2, (name, dt)
    if kind == "ok":
        assert_result(name, got, want)


INT_EDGE = [-(2**63), -(2**31) - 1, -(2**31), -32769, -32768, -129, -128, -65, -64, -63, -9, -8,
            -7, -2, -1, 0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256, 2**31 - 1,
            2**31, 2**32, 2**63 - 1]


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "floor_divide", "remainder",
                                  "fmod", "power", "left_shift", "right_shift", "maximum",
                                  "minimum", "bitwise_xor", "less", "equal", "divide"])
@pytest.mark.parametrize("dt", [d for d in ALL if d != "bool" and d[0] in "iu"])
def test_integer_edges(name, dt):
    """Wrapping, division by zero (0), MIN // -1, shifts by the width and
    beyond, huge powers: NumPy's defined results."""
    info = np.iinfo(dt)
    v = np.array([x for x in INT_EDGE if info.min <= x <= info.max], dtype=dt)
    a = np.repeat(v, len(v))
    b = np.tile(v, len(v))
    if name == "power":
        b = np.where(b < 0, 0, b).astype(dt) if info.min < 0 else b
    with np.errstate(all="ignore"):
        want = numpy_reference(name, a, b)
        got = getattr(rp, name)(rpa(a), rpa(b))
    assert_result(name, got, want)


@pytest.mark.parametrize("op", ["equal", "not_equal", "less", "less_equal", "greater",
                                "greater_equal"])
@pytest.mark.parametrize("sdt", ["int8", "int64"])
def test_signed_uint64_comparisons_exact(op, sdt):
    s = np.array([2**53, -1, 2**62, 5, 0, -(2**7)]).astype(sdt)
    u = np.array([2**53 + 1, 2**64 - 1, 2**63, 5, 0, 2**63 + 1], dtype=np.uint64)
    for a, b in ((s, u), (u, s)):
        assert_result(op, getattr(rp, op)(rpa(a), rpa(b)), getattr(np, op)(a, b))


# ---- broadcasting, out=, overlap ---------------------------------------------------


def test_broadcast_error_message():
    with pytest.raises(ValueError) as e:
        rp.ones((2, 3)) + rp.ones(4)
    assert str(e.value) == "operands could not be broadcast together with shapes (2,3) (4,) "
    with pytest.raises(ValueError, match=r"shapes \(2,3\) \(\) \(4,\)"):
        rp.clip(rp.ones((2, 3)), 0, rp.ones(4))
    with pytest.raises(ValueError, match="non-broadcastable output operand with shape "
                                         r"\(3,\) doesn't match the broadcast shape \(2,3\)"):
        rp.add(rp.ones((2, 3)), 1, out=rp.ones(3))


def test_old_broadcast_add_bug_not_repeated():
    # A length-r row on an (r, c) matrix with r != c must not broadcast.
    with pytest.raises(ValueError):
        rp.broadcast_add(rp.ones((3, 4)), rp.ones(3))
    m = np.arange(12.0).reshape(3, 4)
    r = np.arange(4.0)
    assert_same(rp.broadcast_add(rpa(m), rpa(r)), m + r, strides=False)
    assert_same(rpa(m).scale(2.5), m * 2.5, strides=False)
    assert_same(rpa(m.astype(np.float32)).scale(2.5), m.astype(np.float32) * 2.5, strides=False)


@st.composite
def _out_cases(draw):
    """(name, a, x, b, y, out dtype, out shape) for test_out_argument."""
    name = draw(st.sampled_from(["add", "multiply", "subtract", "maximum", "power",
                                 "floor_divide", "arctan2", "less"]))
    da, db, dout = (draw(st.sampled_from(DTYPES)) for _ in range(3))
    (sa, sb), shape = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3,
                                                             max_side=4))
    a, x = draw(array_pairs(dtype=da, shape=sa))
    b, y = draw(array_pairs(dtype=db, shape=sb))
    return name, a, x, b, y, np.dtype(dout), shape


def _out_case(name, a, b, dout):
    a, b = np.asarray(a), np.asarray(b)
    return name, a, rp.asarray(a, copy=True), b, rp.asarray(b, copy=True), np.dtype(dout), ()


@given(case=_out_cases())
# NumPy computes int8/bool inputs of arctan2 in float16 and casts to out's
# float32: so does raptors (rounded to float16 first), 0-d included.
@example(case=_out_case("arctan2", np.int8(-5), np.True_, "float32"))
@example(case=_out_case("arctan2", np.array([-5, 3, 100], np.int8),
                        np.array([True, False, True]), "float32"))
def test_out_argument(case):
    name, a, x, b, y, dout, shape = case
    try:
        shape = np.broadcast_shapes(a.shape, b.shape, shape)
    except ValueError:
        return
    o = np.zeros(shape, dout)
    z = rp.zeros(shape, dtype=dout)
    with np.errstate(all="ignore"):
        kind, want = outcome(numpy_reference, name, a, b, out=o)
        kind2, got = outcome(getattr(rp, name), x, y, out=z)
    assert kind == kind2, (name, a.dtype, b.dtype, dout, want, got)
    if kind == "ok":
        assert want is o and got is z
        assert_result(name, z, o)
    else:
        assert want is got or issubclass(got, TypeError) == issubclass(want, TypeError)


def test_out_casting_errors():
    x = rp.arange(3)
    with pytest.raises(TypeError, match="Cannot cast ufunc 'add' output from dtype\\('float64'\\) "
                                        "to dtype\\('int64'\\) with casting rule 'same_kind'"):
        x += 1.5
    out = rp.zeros(3, dtype="int64")
    rp.add(rp.ones(3), 1.5, out=out, casting="unsafe")
    assert list(np.asarray(out)) == [2, 2, 2]
    f = rp.ones(3, dtype="float32")
    f += rp.ones(3)  # float64 -> float32 is same_kind
    assert f.dtype == np.float32 and list(np.asarray(f)) == [2, 2, 2]
    with pytest.raises(ValueError, match="read-only"):
        rp.add(1, 1, out=rp.broadcast_to(rp.zeros(1), (3,)))


@given(data=st.data(), dt=st.sampled_from(DTYPES),
       op=st.sampled_from(["iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow",
                           "iand", "ior", "ixor", "ilshift", "irshift"]))
def test_inplace_operators(data, dt, op):
    a, x = data.draw(array_pairs(dtype=dt, allow_broadcast=False))
    b, y = data.draw(array_pairs(dtype=dt, shape=a.shape[1:] if a.ndim else ()))
    if op in ("ipow", "ilshift", "irshift") and dt.kind in "iu":
        b = (np.abs(b) % 9).astype(dt)
        y = rpa(b)
    fn = getattr(operator, op)
    a0 = a.copy()
    with np.errstate(all="ignore"):
        kind, want = outcome(fn, a, b)
        kind2, got = outcome(fn, x, y)
    assert kind == kind2, (op, dt, want, got)
    if kind == "ok":
        assert got is x
        np.testing.assert_array_equal(np.asarray(x), a, strict=True)
    else:
        np.testing.assert_array_equal(np.asarray(x), a0)


@pytest.mark.parametrize("dt", ["int64", "float64", "int8", "float32"])
def test_overlap(dt):
    """An output overlapping an input (not exactly it) reads the old values,
    as NumPy does."""
    for n in (5, 300, 5000):
        a = np.arange(n).astype(dt)
        x = rpa(a)
        a[1:] += a[:-1]
        x[1:] += x[:-1]
        np.testing.assert_array_equal(np.asarray(x), a)
        a[:-1] += a[1:]
        x[:-1] += x[1:]
        np.testing.assert_array_equal(np.asarray(x), a)
        a[::-1] *= a
        x[::-1] *= x
        np.testing.assert_array_equal(np.asarray(x), a)
    m = np.arange(16.0).reshape(4, 4)
    y = rpa(m)
    m += m.T
    y += y.T
    np.testing.assert_array_equal(np.asarray(y), m)
    m2 = np.arange(16.0).reshape(4, 4)
    y2 = rpa(m2)
    np.add(m2[0], m2[1], out=m2[:, 0])
    rp.add(y2[0], y2[1], out=y2[:, 0])
    np.testing.assert_array_equal(np.asarray(y2), m2)


BIN_OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
                 operator.mod, operator.pow, operator.and_, operator.or_, operator.xor,
                 operator.lshift, operator.rshift, operator.lt, operator.le, operator.eq,
                 operator.ne, operator.gt, operator.ge, divmod]


@pytest.mark.parametrize("op", BIN_OPERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("da", ALL)
@pytest.mark.parametrize("db", ["bool", "int8", "uint64", "int64", "float32", "float64"])
def test_operators(op, da, db):
    a = np.array([[0, 1, 2], [3, 4, 5]]).astype(da)
    b = np.array([1, 2, 3]).astype(db)
    x, y = rpa(a), rpa(b)
    for args_np, args_rp in (((a, b), (x, y)), ((b, a), (y, x)), ((a, 2), (x, 2)),
                             ((2.5, a), (2.5, x)), ((a, b), (x, b)), ((a, b), (a, y))):
        with np.errstate(all="ignore"):
            kind, want = outcome(op, *args_np)
            kind2, got = outcome(op, *args_rp)
        assert kind == kind2, (op, da, db, want, got)
        if kind != "ok":
            continue
        if op is divmod:
            for g, w in zip(got, want):
                assert_result("floor_divide", g, w)
        else:
            assert_result(op.__name__, got, want)


@pytest.mark.parametrize("dt", ALL)
def test_unary_operators(dt):
    a = np.array([0, 1, 2, 3]).astype(dt)
    x = rpa(a)
    for op in (operator.neg, operator.pos, abs, operator.invert):
        kind, want = outcome(op, a)
        kind2, got = outcome(op, x)
        assert kind == kind2, (op, dt)
        if kind == "ok":
            assert_result("op", got, want)


def test_compare_with_foreign_objects():
    x = rp.arange(3)
    assert list(np.asarray(x == None)) == [False] * 3  # noqa: E711
    assert list(np.asarray(x != None)) == [True] * 3  # noqa: E711
    with pytest.raises(TypeError):
        x < None  # noqa: B015
    with pytest.raises(TypeError):
        x + "a"


# ---- errors and warnings -------------------------------------------------------


def _warnings_of(fn, *args):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            try:
                fn(*args)
            except Exception as e:  # noqa: BLE001
                return type(e)
    return sorted(str(x.message) for x in w if issubclass(x.category, RuntimeWarning))


WARN_CASES = [
    ("divide", [1.0, -1.0, 0.0], [0.0, 0.0, 0.0]),
    ("divide", [1, 0], [0, 0]),
    ("floor_divide", [1, -1], [0, 0]),
    ("remainder", [1, 5], [0, 0]),
    ("floor_divide", [1.0, -1.0, 0.0, np.inf], [0.0, 0.0, 0.0, 0.0]),
    ("floor_divide", [np.inf, 1.0], [1.0, np.inf]),
    ("remainder", [1.0, np.inf], [0.0, 1.0]),
    ("multiply", [1e308], [10.0]),
    ("add", [np.inf], [-np.inf]),
    ("subtract", [np.inf], [np.inf]),
    ("power", [0.0, -8.0], [-1.0, 1 / 3]),
    ("arctan2", [1.0, np.nan], [2.0, 1.0]),
    ("hypot", [1e308], [1e308]),
    ("add", [np.nan, 1.0], [1.0, np.nan]),
    ("maximum", [np.nan], [1.0]),
    ("less", [np.nan], [1.0]),
    ("floor_divide", np.array([-128], np.int8), np.array([-1], np.int8)),
    ("logaddexp", [1.0, np.inf], [2.0, np.inf]),
]


@pytest.mark.parametrize("name,a,b", WARN_CASES)
def test_binary_warnings(name, a, b):
    a = np.asarray(a)
    b = np.asarray(b)
    assert _warnings_of(getattr(rp, name), rpa(a), rpa(b)) == _warnings_of(getattr(np, name), a, b)


@pytest.mark.parametrize("name", ["sqrt", "log", "log2", "log10", "log1p", "exp", "arccosh",
                                  "arcsin", "arctanh", "sin", "tan", "reciprocal", "square",
                                  "cosh", "expm1", "floor", "isnan", "sign"])
@pytest.mark.parametrize("vals", [[-1.0], [0.0], [np.inf], [-np.inf], [np.nan], [1000.0], [2.0]])
def test_unary_warnings(name, vals):
    a = np.array(vals)
    assert _warnings_of(getattr(rp, name), rpa(a)) == _warnings_of(getattr(np, name), a)


@np.errstate(all="warn")
def test_integer_division_by_zero_warns():
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in floor_divide"):
        r = rp.arange(3) // 0
    assert list(np.asarray(r)) == [0, 0, 0]
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in remainder"):
        r = rp.arange(3) % 0
    assert list(np.asarray(r)) == [0, 0, 0]


def test_errstate_is_honoured():
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in divide"):
            rp.ones(3) / 0.0
    with np.errstate(all="ignore"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            rp.ones(3) / 0.0
            rp.log(rp.zeros(2))
    with rp.errstate(invalid="raise"):
        with pytest.raises(FloatingPointError):
            rp.sqrt(-rp.ones(2))


def test_integer_negative_power():
    with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed."):
        rp.arange(3) ** -1
    with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed."):
        rp.power(rp.arange(3), rp.asarray([1, -2, 1]))
    assert (rp.arange(3) ** -1.0).dtype == np.float64


def test_bool_errors_read_like_numpy():
    t = rp.asarray([True, False])
    with pytest.raises(TypeError, match="numpy boolean subtract"):
        t - t
    with pytest.raises(TypeError, match="numpy boolean negative"):
        -t
    with pytest.raises(TypeError):
        rp.bitwise_and(rp.ones(2), rp.ones(2))
    with pytest.raises(TypeError):
        rp.ones(2) << 1


# ---- clip, where, round ---------------------------------------------------------


@given(data=st.data(), dt=st.sampled_from(DTYPES), nan=st.booleans())
def test_clip(data, dt, nan):
    a, x = data.draw(array_pairs(dtype=dt, allow_nan=nan))
    lo, hi = sorted(data.draw(st.lists(st.integers(0, 5), min_size=2, max_size=2)))
    for args in ((lo, hi), (None, hi), (lo, None), (hi, lo)):
        want = np.clip(a, *args)
        got = rp.clip(x, *args)
        assert_result("clip", got, want)
        assert_result("clip", x.clip(*args), want)
    b, y = data.draw(array_pairs(dtype=dt, shape=a.shape, allow_nan=nan))
    kind, want = outcome(np.clip, a, b, 3)
    kind2, got = outcome(rp.clip, x, y, 3)
    assert kind == kind2
    if kind == "ok":
        assert_result("clip", got, want)


def test_clip_special():
    a = np.array([1.0, np.nan, 5.0, -0.0])
    assert_result("clip", rp.clip(rpa(a), 2, 4), np.clip(a, 2, 4))
    assert_result("clip", rp.clip(rpa(a), np.nan, 4), np.clip(a, np.nan, 4))
    i8 = np.array([-100, 0, 100], np.int8)
    assert_result("clip", rp.clip(rpa(i8), -1000, 1000), np.clip(i8, -1000, 1000))
    assert_result("clip", rp.clip(rpa(i8), 0, 1000), np.clip(i8, 0, 1000))



@pytest.mark.parametrize("adt, odt, lo, hi", [
    ("uint8", "int32", "b", -129), ("int8", "uint32", "b", 2**63 - 1),
    ("int8", "uint32", -2**63, "b"), ("uint8", "int16", -1, "b"), ("int8", "int16", 200, "b"),
    ("int8", "int8", "b", 1000), ("uint8", "uint8", -1, 2**64), ("int64", "int64", -2**63, 2**63),
    ("uint16", "float32", -70000, "b"), ("int8", "int8", 2**64, "b"), ("uint8", "uint8", "b", -1),
])
def test_clip_out_of_range_python_int(adt, odt, lo, hi):
    # NumPy drops a Python int bound at or beyond the first operand's own
    # range; the other operands still set the result dtype (no clamping).
    a = np.array([0, 1, 100, 7], adt)
    b = np.array([5, 3, 9, 2], odt)
    args_np = [b if v == "b" else v for v in (lo, hi)]
    args_rp = [rpa(b) if v == "b" else v for v in (lo, hi)]
    kind, want = outcome(np.clip, a, *args_np)
    kind2, got = outcome(rp.clip, rpa(a), *args_rp)
    assert kind == kind2, (want, got)
    if kind == "ok":
        assert_result("clip", got, want)

@given(data=st.data(), dc=st.sampled_from(DTYPES), dx=st.sampled_from(DTYPES),
       dy=st.sampled_from(DTYPES))
def test_where(data, dc, dx, dy):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3))
    (sc, sx, sy), _ = shapes
    c, xc = data.draw(array_pairs(dtype=dc, shape=sc))
    a, x = data.draw(array_pairs(dtype=dx, shape=sx))
    b, y = data.draw(array_pairs(dtype=dy, shape=sy))
    for args_np, args_rp in (((c, a, b), (xc, x, y)), ((c, a, 2), (xc, x, 2)),
                             ((c, 1.5, b), (xc, 1.5, y))):
        kind, want = outcome(np.where, *args_np)
        kind2, got = outcome(rp.where, *args_rp)
        assert kind == kind2, (want, got)
        if kind == "ok":
            assert_result("where", got, want)
    if c.ndim:
        for g, w in zip(rp.where(xc), np.where(c)):
            assert_result("nonzero", g, w)


@pytest.mark.parametrize("dt", [d for d in ALL if d != "bool"])
@pytest.mark.parametrize("decimals", [0, 1, 2, -1, -2])
def test_round(dt, decimals):
    if np.dtype(dt).kind == "f":
        a = np.array([0.5, 1.5, 2.5, -0.5, -1.25, 1.25, 0.125, 123.456, -0.0, np.nan, np.inf,
                      1e300, 12345.5])
    else:
        info = np.iinfo(dt)
        a = np.array([v for v in [0, 5, 15, 25, 125, -150, -5, info.max, info.min]
                      if info.min <= v <= info.max])
    a = a.astype(dt)
    with np.errstate(all="ignore"):
        want = np.round(a, decimals)
        got = rp.round(rpa(a), decimals)
    assert_result("round", got, want)
    assert_result("round", rpa(a).round(decimals), want)
    assert_result("round", rp.around(rpa(a), decimals=decimals), want)


@pytest.mark.parametrize("dt, out_dt", [("uint32", "float32"), ("int64", "float32"),
                                        ("float32", "float64"), ("float64", "float32"),
                                        ("int16", "float64"), ("float32", "float32")])
@pytest.mark.parametrize("decimals", [-3, -1, 1, 2])
def test_round_out_of_another_float_dtype(dt, out_dt, decimals):
    # NumPy scales in the input's loop into out, then rounds and unscales in
    # out's dtype: round(uint32, -1, out=float32) rounds the quotient to
    # float32 first; round(float32, 1, out=float64) unscales in float64.
    if np.dtype(dt).kind == "f":
        a = np.array([1.1, 2.3, 0.35, -7.77, 123.456, 1e30, -0.0, np.nan, 3.4e38], dt)
    else:
        info = np.iinfo(dt)
        a = np.array([2718748814, 4294967294, 15, 25, 3535, -1, info.max, info.min],
                     np.int64).astype(dt)  # (wraps where dt is narrower)
    for method in (False, True):
        want_out, got_out = np.zeros(a.shape, out_dt), np.zeros(a.shape, out_dt)
        with warnings.catch_warnings(record=True) as wn:
            warnings.simplefilter("always")
            want = np.round(a, decimals, out=want_out)
        with warnings.catch_warnings(record=True) as wr:
            warnings.simplefilter("always")
            got = (rpa(a).round(decimals, out=got_out) if method
                   else rp.round(rpa(a), decimals, out=got_out))
        assert want is want_out and got is got_out
        np.testing.assert_array_equal(got_out, want_out)
        assert [str(w.message) for w in wr] == [str(w.message) for w in wn]


@pytest.mark.parametrize("dt", ["int8", "int32", "int64", "uint32", "uint64"])
@pytest.mark.parametrize("n", [3, 1000])
def test_round_int_negative_decimals_out_of_range(dt, n):
    # NumPy rounds in float64 and casts back: a result out of the integer's
    # range warns "invalid value encountered in cast"
    info = np.iinfo(dt)
    a = np.resize(np.array([info.max, info.min, 15, 0], dt), n)
    with warnings.catch_warnings(record=True) as wn:
        warnings.simplefilter("always")
        want = np.round(a, -1)
    with warnings.catch_warnings(record=True) as wr:
        warnings.simplefilter("always")
        got = rp.round(rpa(a), -1)
    # (the out-of-range values themselves are undefined in NumPy: README)
    f = np.round(a.astype(np.float64), -1)
    ok = (f >= info.min) & (f <= info.max)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(np.asarray(got)[ok], want[ok])
    assert [str(w.message) for w in wr] == [str(w.message) for w in wn]


@pytest.mark.parametrize("shapes", [((3,), (2, 3)), ((2, 1), (2, 3)), ((3,), ()), ((), (1,)),
                                    ((3,), (3,)), ((2, 3), (3, 2))])
@pytest.mark.parametrize("dt", ["float64", "int64", "bool"])
@pytest.mark.parametrize("decimals", [-1, 0, 1])
def test_round_out_shape(shapes, dt, decimals):
    # np.round is not a ufunc: an out of another size is "invalid output
    # shape" (no broadcasting into a larger out)
    ash, osh = shapes

    def run(m):
        out = m.asarray(np.zeros(osh))
        try:
            m.round(m.asarray(np.ones(ash, dt)), decimals, out=out)
            return ("ok", np.asarray(out).tolist())
        except Exception as e:  # noqa: BLE001
            # (a same-size out of another shape fails in a step's broadcasting,
            # whose message names the step's operands)
            return (type(e).__name__, str(e) if str(e) == "invalid output shape" else "")
    assert run(rp) == run(np)


@pytest.mark.parametrize("dt, values, decimals", [
    ("float32", [-3e38, 5.0, 14.4], 2), ("float64", [1.7e308, -1e308, 2.5], 1),
    ("float64", [1.7e308, 5.0], -1), ("float32", [3e38, 1.0], 1), ("float64", [1.0, 2.0], 3)])
@pytest.mark.parametrize("errstate", ["warn", "raise"])
def test_round_float_errors_named_as_numpys_steps(dt, values, decimals, errstate):
    a = np.array(values, dt)

    def run(m):
        with warnings.catch_warnings(record=True) as w, np.errstate(all=errstate):
            warnings.simplefilter("always")
            try:
                r = ("ok", repr(np.asarray(m.round(m.asarray(a), decimals)).tolist()))
            except Exception as e:  # noqa: BLE001
                r = (type(e).__name__, str(e))
        return r, [str(x.message) for x in w]
    assert run(rp) == run(np)


@pytest.mark.parametrize("make", [lambda m: m.asarray(np.array([True, False])),
                                  lambda m: True, lambda m: np.True_])
def test_round_of_bool_to_zero_decimals(make):
    # NumPy: rint, float16
    want = np.round(make(np))
    for got in (rp.round(make(rp)), rp.around(make(rp), 0)):
        assert want.dtype == np.float16 and got.dtype == np.float16
        assert type(got) is (np.float16 if np.ndim(want) == 0 else rp.ndarray)
        np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


# ---- aliases, ISAs --------------------------------------------------------------


def test_aliases():
    for alias, name in [("true_divide", "divide"), ("mod", "remainder"), ("pow", "power"),
                        ("abs", "absolute"), ("bitwise_not", "invert"),
                        ("bitwise_invert", "invert"), ("bitwise_left_shift", "left_shift"),
                        ("bitwise_right_shift", "right_shift"), ("asin", "arcsin"),
                        ("acos", "arccos"), ("atan", "arctan"), ("atan2", "arctan2"),
                        ("asinh", "arcsinh"), ("acosh", "arccosh"), ("atanh", "arctanh")]:
        assert getattr(rp, alias) is getattr(rp, name)
        assert hasattr(np, alias), alias


def test_isas_agree():
    """Every compiled ISA the CPU runs gives the same bits (the C tests do
    this kernel by kernel; this runs whole ops through the Python path)."""
    info = rp.simd_info()
    rng = np.random.default_rng(5)
    a = rng.standard_normal(1000) * 100
    b = rng.standard_normal(1000)
    a[::7] = np.nan
    b[::11] = 0.0
    results = {}
    try:
        for isa in ["baseline"] + [i for i in info["compiled"] if i != "baseline"]:
            try:
                rp._raptors._set_simd(isa)
            except ValueError:
                continue
            out = []
            with np.errstate(all="ignore"):
                for dt in ("float64", "float32", "int64", "int8", "uint16", "bool"):
                    x, y = rpa(a.astype(dt)), rpa(b.astype(dt))
                    for n in BINARY + UNARY:
                        fn = getattr(rp, n)
                        kind, r = outcome(fn, x, y) if n in BINARY else outcome(fn, x)
                        out.append(np.asarray(r).tobytes() if kind == "ok" else r)
            results[isa] = out
    finally:
        rp._raptors._set_simd(info["selected"])  # as before (RAPTORS_SIMD=0 runs stay baseline)
    base = results["baseline"]
    for isa, r in results.items():
        assert r == base, isa
