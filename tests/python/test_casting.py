"""NumPy's casting rules wherever NumPy enforces them: astype, ufuncs (inputs,
outputs, dtype=, NEP 50 Python scalars, operators), concatenate/stack,
copyto, creation with dtype=, and assignment. Every check runs the same call
on NumPy and on raptors: raptors raises exactly when NumPy raises, with the
same exception class and message, and otherwise gives equal values and
dtypes."""

import itertools

import numpy as np
import pytest
from numpy._core._exceptions import UFuncTypeError

import raptors as rp

DTYPES = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8"]
CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"]
# Python scalars for the NEP 50 sweeps: bools, ints in and out of every
# range (int64 and uint64 bounds included), floats.
SCALARS = [True, False, 0, 2, -1, 300, 2**63, 2**64, -2**63 - 1, 2.5, 1e300, float("nan"),
           float("inf")]


def arr(m, dtype, values=(1, 2)):
    """The same small array in NumPy (m is np) or raptors (m is rp); values
    that every dtype holds exactly, so unsafe casts are well defined."""
    a = np.array(values).astype(dtype)
    return rp.asarray(a) if m is rp else a


def outcome(call, m):
    try:
        return call(m)
    except Exception as e:  # noqa: BLE001 (compared with NumPy's below)
        return e


def check(call, label=None):
    """call(m) on NumPy and on raptors: the same exception (class and
    message), or equal values of equal dtype."""
    n, r = outcome(call, np), outcome(call, rp)
    where = f" [{label}]" if label is not None else ""
    if isinstance(n, Exception):
        assert isinstance(r, Exception), f"NumPy raised {n!r}, raptors returned {r!r}{where}"
        assert type(r) is type(n), f"{type(r)} != {type(n)}: {r} / {n}{where}"
        assert str(r) == str(n), f"{r} / {n}{where}"
        return
    assert not isinstance(r, Exception), f"raptors raised {r!r}, NumPy returned {n!r}{where}"
    na, ra = np.asarray(n), np.asarray(r)
    assert ra.dtype == na.dtype, f"{ra.dtype} != {na.dtype}{where}"
    np.testing.assert_array_equal(ra, na, err_msg=where)


# ---- the reported cases, one by one -------------------------------------


def test_astype_safe_refuses_float_to_int8():
    with pytest.raises(TypeError):
        rp.asarray([1.5, 2.5]).astype("i1", casting="safe")
    check(lambda m: m.asarray([1.5, 2.5]).astype("i1", casting="safe"))


@pytest.mark.parametrize("casting", ["bogus", 1, None, "Safe", "same_value"])
def test_astype_casting_is_validated(casting):
    check(lambda m: m.asarray([1.5, 300.0]).astype("i1", casting=casting))


def test_astype_same_value():
    check(lambda m: m.asarray([1.0, 3.0]).astype("i1", casting="same_value"))
    check(lambda m: m.asarray([1.0, 300.0]).astype("i1", casting="same_value"))
    check(lambda m: m.asarray([1.0, np.nan]).astype("f4", casting="same_value"))
    x = rp.asarray([1.0, 2.0])
    assert x.astype("f8", casting="same_value", copy=False) is x


def test_concatenate_dtype_refuses_truncation():
    check(lambda m: m.concatenate([m.asarray([1.5, 2.5])], dtype="i1"))
    check(lambda m: m.concatenate([m.asarray([1.5, 2.5])], dtype="i1", casting="unsafe"))


def test_stack_dtype_and_casting():
    check(lambda m: m.stack([m.asarray([1.5]), m.asarray([2.5])], dtype="i1", casting="safe"))
    check(lambda m: m.stack([m.asarray([1.5]), m.asarray([2.5])], dtype="i1"))
    check(lambda m: m.stack([m.asarray([1.5]), m.asarray([2.5])], casting="bogus"))
    check(lambda m: m.stack([m.asarray([1.5]), m.asarray([2.5])], out=m.zeros((2, 1), "i1")))
    check(lambda m: m.stack([m.asarray([1.5]), m.asarray([2.5])], out=m.zeros((2, 1), "f4"),
                            dtype="f4"))


@pytest.mark.parametrize("call", [
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], casting="no"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], casting="bogus"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], casting=1),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], out=m.zeros(4, "i8")),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], out=m.zeros(4, "f4"), casting="safe"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], out=m.zeros(4, "i1"), casting="unsafe"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], out=m.zeros(5, "f4"), casting="no"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], out=m.zeros(4), dtype="f8"),
    lambda m: m.concatenate([arr(m, "i8"), arr(m, "f8")], axis=None, out=m.zeros(4, "i1"),
                            casting="unsafe"),
    lambda m: m.concatenate([[1.5], [2]], dtype="i1", casting="unsafe"),
    lambda m: m.concatenate([arr(m, "f8"), m.zeros((2, 2))], dtype="i1"),
])
def test_concatenate_out_and_casting(call):
    check(call)


@pytest.mark.parametrize("call", [
    lambda m: m.full(3, 1.5, dtype=int),
    lambda m: m.full(3, 300, dtype="u1"),
    lambda m: m.full(3, -1, dtype="u1"),
    lambda m: m.full(3, 2**70, dtype="i4"),
    lambda m: m.full(3, np.float64(1.5), dtype="i4"),
    lambda m: m.full(2, [1.5, 2.5], dtype="i4"),
    lambda m: m.full(2, np.int64(300), dtype="u1"),
    lambda m: m.full_like(arr(m, "f8"), 300, dtype="u1"),
    lambda m: m.full_like(arr(m, "f8"), 2.5, dtype="u1"),
    lambda m: m.full_like(arr(m, "i8"), 2.5),
    lambda m: m.full_like(arr(m, "u1"), 300),
    lambda m: m.full_like(arr(m, "u1"), -1),
    lambda m: m.asarray([300], dtype="u1"),
    lambda m: m.asarray([-1], dtype="u1"),
    lambda m: m.asarray([2**70], dtype="i8"),
    lambda m: m.asarray([1.5, 2.5], dtype="i4"),
    lambda m: m.asarray(arr(m, "f8"), dtype="i4"),
    lambda m: m.asarray(300, dtype="u1"),
    lambda m: m.asarray(np.array([300]), dtype="u1"),
    lambda m: m.array([300], dtype="u1"),
    lambda m: m.array(arr(m, "i8", [1, 300]), dtype="u1"),
    lambda m: m.array([1.5], dtype="i4"),
    lambda m: m.array([2**64 - 1], dtype="u8"),
    lambda m: m.zeros_like(arr(m, "f8"), dtype="u1"),
    lambda m: m.ones_like(arr(m, "f8"), dtype="u1"),
])
def test_creation_with_dtype(call):
    check(call)


def test_ufunc_weak_float_takes_part_in_the_cast_check():
    x = rp.asarray(np.array([1, 2], "u1"))
    with pytest.raises(UFuncTypeError) as e:
        rp.add(x, 2.7, dtype="u1")
    # NumPy's own class: code catching NumPy's internals catches raptors'
    assert isinstance(e.value, np._core._exceptions._UFuncInputCastingError)
    assert isinstance(e.value, TypeError)
    check(lambda m: m.add(arr(m, "u1"), 2.7, dtype="u1"))  # and NumPy's message
    check(lambda m: m.add(arr(m, "u1"), 2.7, dtype="u1", casting="unsafe"))


@pytest.mark.parametrize("call", [
    lambda m: m.add(arr(m, "i1"), arr(m, "i2"), casting="no"),
    lambda m: m.add(arr(m, "i4"), arr(m, "f8"), casting="equiv"),
    lambda m: m.add(arr(m, "i4"), arr(m, "f8"), casting="safe"),
    lambda m: m.add(arr(m, "i4"), 2, casting="equiv"),
    lambda m: m.add(arr(m, "i4"), 2, casting="no"),
    lambda m: m.add(arr(m, "u1"), 300, casting="no"),
    lambda m: m.add(arr(m, "i4"), arr(m, "i4"), dtype="i8", casting="no"),
    lambda m: m.add(arr(m, "i4"), arr(m, "i4"), out=m.zeros(2, "i8"), casting="no"),
    lambda m: m.add(arr(m, "i4"), arr(m, "i4"), out=m.zeros(2, "i2")),
    lambda m: m.add(arr(m, "f8"), 1, out=m.zeros(2, "i1")),
    lambda m: m.add(arr(m, "f8"), arr(m, "f8", [1, 2, 3]), out=m.zeros(3, "i1")),
    lambda m: m.add(arr(m, "i4"), arr(m, "i4"), casting="bogus"),
    lambda m: m.add(arr(m, "i4"), arr(m, "i4"), casting=None),
    lambda m: m.sqrt(arr(m, "i4"), casting="no"),
    lambda m: m.sqrt(arr(m, "i4"), dtype="i4"),
    lambda m: m.sqrt(2, casting="no"),
    lambda m: m.negative(2.5, dtype="f4", casting="equiv"),
    lambda m: m.less(arr(m, "u1"), 2.5, dtype="u1"),
    lambda m: m.less(arr(m, "i4"), arr(m, "f8"), dtype=bool, casting="no"),
    lambda m: m.less(arr(m, "u8"), arr(m, "i1"), casting="equiv"),
    lambda m: m.greater(255, 2**63),  # two Python ints: true values, any size
    lambda m: m.equal(2**63, 2**63),
    lambda m: m.less(-1, 2**64, casting="equiv"),
    lambda m: m.greater(True, 2**63),
    lambda m: m.logical_and(arr(m, "i4"), 2.5, casting="no"),
    lambda m: m.logical_and(arr(m, "i4"), arr(m, "f4"), dtype="i4"),
    lambda m: m.bitwise_and(arr(m, "i1"), arr(m, "f4"), dtype="u2", casting="unsafe"),
    lambda m: m.positive(arr(m, "?")),
    lambda m: m.sign(arr(m, "i1"), dtype="?"),
    lambda m: m.subtract(arr(m, "?"), arr(m, "?"), dtype="?"),
    lambda m: m.clip(arr(m, "i4"), 0, 1, casting="bogus"),
    lambda m: m.clip(arr(m, "f8"), 0, 1, out=m.zeros(2, "i1")),
    lambda m: m.clip(arr(m, "f8"), 0, 1, out=m.zeros(2, "i1"), casting="unsafe"),
])
def test_ufunc_casting_cases(call):
    check(call)


def test_ufunc_read_only_output_is_reported_first():
    def call(m):
        out = m.zeros(2, "i1")
        out.flags.writeable = False
        return m.add(arr(m, "f8"), 1, out=out)
    check(call)


def test_ufunc_errors_are_numpys_classes():
    x = rp.asarray(np.array([1, 2], "i4"))
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        rp.add(x, x, out=rp.zeros(2, "i8"), casting="no")
    with pytest.raises(np._core._exceptions._UFuncNoLoopError):
        rp.positive(rp.zeros(2, bool))
    # NEP 13: NumPy's own functions on raptors arrays raise the same
    with pytest.raises(UFuncTypeError):
        np.add(rp.asarray(np.array([1, 2], "u1")), 2.7, dtype="u1")


@pytest.mark.parametrize("value", [2.7, -1.5, np.float64(1.5), 300, 2**64, True])
@pytest.mark.parametrize("dtype", ["u1", "i4", "f4", "?"])
@pytest.mark.parametrize("op", ["__iadd__", "__isub__", "__imul__", "__itruediv__",
                                "__ifloordiv__", "__ior__"])
def test_inplace_operators_cast_the_output(op, dtype, value):
    def call(m):
        x = arr(m, dtype)
        r = getattr(x, op)(value)
        return x if r is NotImplemented else r
    check(call)


@pytest.mark.parametrize("a,b", list(itertools.product(DTYPES, DTYPES)))
def test_inplace_operators_with_arrays(a, b):
    def call(m):
        x = arr(m, a)
        x += arr(m, b)
        return x
    check(call)


# ---- copyto ----------------------------------------------------------------


def _copyto(dst_dtype, src, dst_shape=2, **kw):
    def call(m):
        dst = m.zeros(dst_shape, dst_dtype)
        s = src(m) if callable(src) else src
        m.copyto(dst, s, **kw)
        return dst
    return call


@pytest.mark.parametrize("call", [
    _copyto("i8", lambda m: arr(m, "f8")),
    _copyto("i8", lambda m: arr(m, "f8"), casting="unsafe"),
    _copyto("i8", lambda m: arr(m, "f8"), casting="bogus"),
    _copyto("i8", 2.5),
    _copyto("i8", 2),
    _copyto("i8", 2**70),
    _copyto("u1", 300),
    _copyto("u1", 300, casting="unsafe"),
    _copyto("u1", -1, casting="no"),
    _copyto("u1", 3, casting="no"),
    _copyto("u1", 3, casting="equiv"),
    _copyto("i8", 3, casting="equiv"),
    _copyto("f4", 3.5, casting="no"),
    _copyto("f4", 3.5, casting="equiv"),
    _copyto("f8", 3.5, casting="equiv"),
    _copyto("f4", True, casting="no"),
    _copyto("?", 2),
    _copyto("?", 2.5, casting="unsafe"),
    _copyto("f4", [1, 2], casting="no"),
    _copyto("f4", np.float64(1)),
    _copyto("i4", np.float64(1)),
    _copyto("i4", lambda m: m.asarray(2.5)),
    _copyto("i4", lambda m: arr(m, "f8"), where=[True, False], casting="unsafe"),
    _copyto("i4", lambda m: arr(m, "f8"), where=[1, 0], casting="unsafe"),
    _copyto("i4", lambda m: arr(m, "f8"), where=np.array([1, 0]), casting="unsafe"),
    _copyto("i4", lambda m: arr(m, "f8"), where=np.array([1.0, 0]), casting="unsafe"),
    _copyto("i4", lambda m: m.zeros(3), casting="unsafe"),
    _copyto("i4", lambda m: m.zeros(2), where=np.ones(3, bool), casting="unsafe"),
    _copyto("i4", 2.5, where=np.ones(3, bool)),
    _copyto("u1", 300, where=np.zeros(2, bool)),
    _copyto("i4", [1, 2], where=False),
    _copyto("i4", [1, 2], where=None),
    _copyto("i4", [1, 2], where=[[True, False]]),
    _copyto("i4", [1, 2], dst_shape=(2, 2), where=[True, False]),
    _copyto("i4", 7, dst_shape=(2, 2), where=[[True], [False]]),
    _copyto("f8", lambda m: m.ones((1, 2))),
    _copyto("f8", lambda m: m.ones((3, 3))),
])
def test_copyto(call):
    check(call)


def test_copyto_destinations():
    check(lambda m: m.copyto([1, 2], m.zeros(2)))

    def read_only(m):
        dst = m.zeros(2)
        dst.flags.writeable = False
        m.copyto(dst, m.ones(2))
    check(read_only)
    # a NumPy destination is written in place
    dst = np.zeros(3)
    rp.copyto(dst, rp.asarray([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(dst, [1, 2, 3])
    # NumPy's copyto on a raptors destination comes here (NEP 18)
    x = rp.zeros(2, "i8")
    with pytest.raises(TypeError, match="same_kind"):
        np.copyto(x, rp.asarray([1.5, 2.5]))


def test_copyto_where_overlapping_source():
    def call(m):
        x = arr(m, "i4", [1, 2, 3, 4])
        m.copyto(x[1:], x[:-1], where=[True, False, True])
        return x
    check(call)


# ---- assignment ------------------------------------------------------------


def _set(dtype, key, value, shape=2):
    def call(m):
        x = m.zeros(shape, dtype)
        x[key] = value(m) if callable(value) else value
        return x
    return call


@pytest.mark.parametrize("call", [
    _set("i4", 0, np.float64("nan")),
    _set("i4", 0, float("nan")),
    _set("i4", 0, float("inf")),
    _set("i4", 0, np.float32("inf")),
    _set("i4", 0, np.float64(1e20)),
    _set("i4", 0, 1e20),
    _set("i4", 0, np.float64(2.0**40)),
    _set("i4", 0, np.int64(2**40)),
    _set("i1", 0, np.int16(300)),
    _set("i1", 0, np.uint64(2**64 - 1)),
    _set("i1", slice(None), np.int64(300)),
    _set("i1", Ellipsis, np.int64(300)),
    _set("i1", 0, np.True_),
    _set("u1", 0, np.int64(300)),  # unsigned targets cast (NumPy 2)
    _set("u1", 0, np.float64(256.0)),
    _set("i4", 0, [7]),
    _set("i4", 0, [[7]]),
    _set("i4", 0, (7,)),
    _set("i4", 0, []),
    _set("i4", 0, [7, 8]),
    _set("i4", 0, lambda m: m.asarray([7])),
    _set("i4", 0, lambda m: m.asarray(7.5)),
    _set("f4", 0, [7]),
    _set("f4", 0, lambda m: m.asarray([7.0])),
    _set("?", 0, [7]),
    _set("?", 0, []),
    _set("?", 0, lambda m: m.asarray([1])),
    _set("i4", (0, 0), [7], shape=(2, 2)),
    _set("i4", 0, [7], shape=(2, 2)),
    _set("i4", (0, Ellipsis), [7], shape=(2, 2)),
    _set("i4", (), [7], shape=()),
    _set("i4", Ellipsis, [7], shape=()),
    _set("f8", Ellipsis, lambda m: m.asarray([7.0]), shape=()),
    _set("f8", Ellipsis, [[1, 2]]),
    _set("f8", 0, [[1, 2]], shape=(2, 2)),
    _set("i4", slice(None), [1.5, 2]),  # unsafe, as NumPy's setitem
    _set("u1", 0, 300),
    _set("u1", 0, -1),
    _set("u1", 0, 2**70),
    _set("u1", 0, -1.0),
    _set("u1", 0, 256.0),
    _set("u8", 0, 2**64 - 1),
    _set("u8", 0, 2.0**64),
    _set("u1", slice(None), [300, 1]),
    _set("u1", slice(None), 300),
    _set("i4", slice(None), float("nan")),
    _set("i4", slice(None), [float("nan"), 1]),
    _set("i4", 0, 7.9),
    _set("?", 0, 2.5),
    _set("f8", Ellipsis, lambda m: m.zeros((3, 3)), shape=(2, 2)),
    _set("f8", Ellipsis, lambda m: m.zeros(3), shape=()),
])
def test_setitem(call):
    check(call)


# ---- sweeps: every dtype pair x every casting rule ---------------------------


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("to", DTYPES)
@pytest.mark.parametrize("frm", DTYPES)
def test_astype_sweep(frm, to, casting):
    check(lambda m: arr(m, frm).astype(to, casting=casting))
    check(lambda m: arr(m, frm).astype(to, casting=casting, copy=False))


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("b", DTYPES)
@pytest.mark.parametrize("a", DTYPES)
def test_ufunc_sweep(a, b, casting):
    # inputs of two dtypes; a loop forced by dtype=; an output of another dtype
    check(lambda m: m.add(arr(m, a), arr(m, b), casting=casting), "inputs")
    check(lambda m: m.add(arr(m, a), arr(m, a), dtype=b, casting=casting), "dtype=")

    def with_out(m):
        out = m.zeros(2, b)
        assert m.add(arr(m, a), arr(m, a), out=out, casting=casting) is out
        return out
    check(with_out, "out=")

    def both(m):
        out = m.zeros(2, b)
        m.add(arr(m, a), arr(m, "i1"), dtype="i2", out=out, casting=casting)
        return out
    check(both, "dtype= and out=")


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("a", DTYPES)
def test_ufunc_python_scalar_sweep(a, scalar):
    """NEP 50: a Python scalar adapts to the loop where its kind allows
    (range-checked), else takes part as its default dtype; casting='equiv'
    refuses it outside that dtype."""
    for dt, casting in itertools.product([None] + DTYPES, CASTINGS):
        check(lambda m: m.add(arr(m, a), scalar, dtype=dt, casting=casting), (dt, casting))
        check(lambda m: m.add(scalar, arr(m, a), dtype=dt, casting=casting), ("r", dt, casting))


@pytest.mark.parametrize("op", ["less", "equal", "greater_equal", "logical_and", "logical_xor",
                                "maximum", "fmax", "bitwise_and", "true_divide", "floor_divide",
                                "remainder", "power", "multiply", "subtract", "left_shift",
                                "right_shift"])
def test_binary_ops_sweep(op):
    f = lambda m: getattr(m, op)  # noqa: E731
    for a, b, casting in itertools.product(DTYPES, DTYPES, CASTINGS):
        for dt in [None, "?", "i1", "f4"]:
            check(lambda m: f(m)(arr(m, a), arr(m, b), dtype=dt, casting=casting),
                  (a, b, dt, casting))
    for a, s, casting in itertools.product(DTYPES, SCALARS, CASTINGS):
        check(lambda m: f(m)(arr(m, a), s, casting=casting), (a, s, casting))


@pytest.mark.parametrize("op", ["negative", "absolute", "invert", "isnan", "logical_not", "floor",
                                "sign", "positive", "trunc", "signbit", "isfinite", "square",
                                "sqrt", "rint"])
def test_unary_ops_sweep(op):
    # Python ints beyond int64 become object (or ulonglong) arrays in NumPy:
    # outside raptors' dtypes, left out.
    for x, dt, casting in itertools.product(DTYPES + [True, 2, -1, 300, 2.5, float("nan")],
                                            [None] + DTYPES, CASTINGS):
        check(lambda m: getattr(m, op)(arr(m, x) if isinstance(x, str) else x, dtype=dt,
                                       casting=casting), (x, dt, casting))


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("b", DTYPES)
@pytest.mark.parametrize("a", DTYPES)
def test_concatenate_sweep(a, b, casting):
    check(lambda m: m.concatenate([arr(m, a)], dtype=b, casting=casting), "dtype=")
    check(lambda m: m.concatenate([arr(m, a), arr(m, b)], casting=casting), "promoted")
    check(lambda m: m.concatenate([arr(m, a), arr(m, a)], out=m.zeros(4, b), casting=casting),
          "out=")


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("b", DTYPES)
@pytest.mark.parametrize("a", DTYPES)
def test_copyto_sweep(a, b, casting):
    check(_copyto(b, lambda m: arr(m, a), casting=casting), "array")
    check(_copyto(b, lambda m: arr(m, a), casting=casting, where=[True, False]), "where=")


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("b", DTYPES)
def test_copyto_python_scalar_sweep(b, scalar):
    for casting in CASTINGS:
        check(_copyto(b, scalar, casting=casting), casting)


@pytest.mark.parametrize("a", DTYPES)
def test_where_sweep(a):
    """np.where takes no casting rule: values are cast to the result's dtype,
    a Python int converted as numpy.asarray does (np.where(c, 300, uint8)
    wraps), never range-checked against the result."""
    cond = lambda m: m.asarray(np.array([True, False]))  # noqa: E731
    for b in DTYPES + SCALARS:
        y = (lambda m: arr(m, b)) if isinstance(b, str) else (lambda m: b)
        check(lambda m: m.where(cond(m), y(m), arr(m, a)), ("y", b))
        check(lambda m: m.where(cond(m), arr(m, a), y(m)), ("x", b))
        check(lambda m: m.where(y(m), arr(m, a), 0), ("condition", b))


@pytest.mark.parametrize("a", DTYPES)
def test_round_out_sweep(a):
    """np.round is not a ufunc: an integer array with decimals >= 0 is copied
    into out, anything else goes through true_divide/multiply/rint into out
    (a bool array's own dtype when no out is given), whose output cast is the
    one NumPy refuses."""
    values = (True, False) if a == "?" else (12, 27)
    for decimals, o in itertools.product((-2, -1, 0, 1), DTYPES):
        def call(m):
            out = m.zeros(2, o)
            m.round(arr(m, a, values), decimals, out=out)
            return out
        check(call, (decimals, o))
        check(lambda m: m.round(arr(m, a, values), decimals), decimals)
