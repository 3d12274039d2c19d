"""Differential suite against array_api_strict (the standard's reference
namespace) for the standard's functions raptors implements: elementwise,
creation, reductions, manipulation. Inputs stay inside what the standard
defines (dtype categories per function, no integer overflow questions);
where array_api_strict refuses an input, the case is not the standard's.

Where raptors follows NumPy rather than the standard (docs/array_api.md),
the comparison is on values: a full reduction gives a NumPy scalar here and
a 0-d array there.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import raptors as rp
from strategies import BOOL, FLOAT, INTEGER, SIGNED, nonempty_shapes, numpy_arrays, shapes

xs = pytest.importorskip("array_api_strict")
# (empty means and the like warn in both, as in NumPy: values are compared)
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

UNARY_FLOAT = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh",
               "exp", "expm1", "floor", "isfinite", "isinf", "isnan", "log", "log10", "log1p",
               "log2", "negative", "positive", "round", "sign", "signbit", "sin", "sinh", "sqrt",
               "square", "tan", "tanh", "trunc", "reciprocal"]
UNARY_INT = ["abs", "bitwise_invert", "negative", "positive", "sign", "square", "ceil", "floor",
             "trunc", "round", "isfinite", "isnan", "isinf"]
BINARY_FLOAT = ["add", "subtract", "multiply", "divide", "pow", "atan2", "copysign", "hypot",
                "logaddexp", "maximum", "minimum", "floor_divide", "remainder", "nextafter", "equal",
                "not_equal", "less", "less_equal", "greater", "greater_equal"]
BINARY_INT = ["add", "subtract", "multiply", "bitwise_and", "bitwise_or", "bitwise_xor",
              "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
              "greater_equal"]
BINARY_BOOL = ["logical_and", "logical_or", "logical_xor", "equal", "not_equal",
               "bitwise_and", "bitwise_or", "bitwise_xor"]


def _strict(a):
    return xs.asarray(a)


def _compare(ours, theirs, dtype=None):
    theirs = np.asarray(theirs)  # array_api_strict arrays export __array__
    ours_np = np.asarray(ours)
    assert ours_np.shape == theirs.shape
    assert ours_np.dtype == theirs.dtype, (ours_np.dtype, theirs.dtype)
    if theirs.dtype.kind == "f":
        # raptors' own math kernels: within a few ULP of NumPy's (ufunc_ulp.json)
        tol = 64 * np.finfo(theirs.dtype).eps
        np.testing.assert_allclose(ours_np, theirs, rtol=tol, atol=tol, equal_nan=True)
    else:
        np.testing.assert_array_equal(ours_np, theirs)


def _call_both(name, *arrays, **kw):
    try:
        theirs = getattr(xs, name)(*[_strict(a) for a in arrays], **kw)
    except (TypeError, ValueError):
        assume(False)  # outside the standard
    ours = getattr(rp, name)(*[rp.asarray(a) for a in arrays], **kw)
    _compare(ours, theirs)


@settings(max_examples=25)
@given(st.sampled_from(UNARY_FLOAT), numpy_arrays(st.sampled_from(FLOAT), allow_nan=True))
def test_unary_float(name, a):
    with np.errstate(all="ignore"):
        _call_both(name, a)


@settings(max_examples=25)
@given(st.sampled_from(UNARY_INT), numpy_arrays(st.sampled_from(INTEGER)))
def test_unary_integer(name, a):
    if name in ("abs", "negative", "square", "sign") and a.dtype.kind == "i":
        a = a // 2 if name != "square" else a % 7  # no overflow: undefined in the standard
    if name == "square" and a.dtype.kind == "u":
        a = a % 7
    with np.errstate(all="ignore"):
        _call_both(name, a)


@st.composite
def _same_dtype_pair(draw, dtypes, allow_nan=False):
    a = draw(numpy_arrays(st.sampled_from(dtypes), allow_nan=allow_nan))
    # b: a's shape, or a trailing part of it (broadcasting), same dtype
    k = draw(st.integers(0, a.ndim))
    b = draw(numpy_arrays(a.dtype, a.shape[k:], allow_nan=allow_nan))
    return (a, b) if draw(st.booleans()) else (b, a)


@settings(max_examples=30)
@given(st.sampled_from(BINARY_FLOAT), _same_dtype_pair(FLOAT, allow_nan=True))
def test_binary_float(name, pair):
    with np.errstate(all="ignore"):
        _call_both(name, *pair)


@settings(max_examples=30)
@given(st.sampled_from(BINARY_INT), _same_dtype_pair(INTEGER))
def test_binary_integer(name, pair):
    a, b = pair
    if name in ("add", "subtract", "multiply"):
        a, b = a % 16, b % 16  # in range for every integer dtype
    _call_both(name, a, b)


@settings(max_examples=20)
@given(st.sampled_from(BINARY_BOOL), _same_dtype_pair(BOOL))
def test_binary_bool(name, pair):
    _call_both(name, *pair)


@settings(max_examples=15)
@given(_same_dtype_pair(SIGNED), st.sampled_from(["bitwise_left_shift", "bitwise_right_shift"]))
def test_shifts(pair, name):
    a, b = pair
    _call_both(name, a, np.abs(b % 5).astype(b.dtype))


def _axis(draw, ndim, allow_tuple=True):
    if ndim == 0:
        return None
    choices = [st.none(), st.integers(-ndim, ndim - 1)]
    if allow_tuple:
        choices.append(st.lists(st.integers(0, ndim - 1), unique=True, min_size=1)
                       .map(tuple))
    return draw(st.one_of(*choices))


REDUCTIONS = {
    "sum": FLOAT + INTEGER, "prod": FLOAT, "mean": FLOAT, "std": FLOAT, "var": FLOAT,
    "all": BOOL + FLOAT + INTEGER, "any": BOOL + FLOAT + INTEGER,
    "count_nonzero": BOOL + FLOAT + INTEGER,
    "max": FLOAT + INTEGER, "min": FLOAT + INTEGER,
}


@settings(max_examples=40)
@given(st.sampled_from(sorted(REDUCTIONS)), st.data())
def test_reductions(name, data):
    nonempty = name in ("max", "min")
    shape = data.draw(nonempty_shapes(max_dims=3) if nonempty else shapes(max_dims=3))
    a = data.draw(numpy_arrays(st.sampled_from(REDUCTIONS[name]), shape))
    if name == "sum" and a.dtype.kind in "iu":
        a = a % 8
    kw = {"axis": _axis(data.draw, a.ndim), "keepdims": data.draw(st.booleans())}
    if name in ("std", "var"):
        kw["correction"] = data.draw(st.sampled_from([0, 1, 0.5]))
    with np.errstate(all="ignore"):
        _call_both(name, a, **kw)


@settings(max_examples=25)
@given(st.sampled_from(["argmax", "argmin"]), numpy_arrays(st.sampled_from(FLOAT + INTEGER),
       nonempty_shapes(max_dims=3)), st.data())
def test_arg_reductions(name, a, data):
    _call_both(name, a, axis=_axis(data.draw, a.ndim, allow_tuple=False),
               keepdims=data.draw(st.booleans()))


@settings(max_examples=25)
@given(st.sampled_from(["cumulative_sum", "cumulative_prod"]),
       numpy_arrays(st.sampled_from(FLOAT), shapes(min_dims=1, max_dims=3)), st.data())
def test_cumulative(name, a, data):
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1)) if a.ndim > 1 else None
    _call_both(name, a, axis=axis, include_initial=data.draw(st.booleans()))


@settings(max_examples=30)
@given(numpy_arrays(shape=shapes(min_dims=1, max_dims=4)), st.data())
def test_manipulation(a, data):
    perm = tuple(data.draw(st.permutations(range(a.ndim))))
    _call_both("permute_dims", a, axes=perm)
    _call_both("flip", a, axis=_axis(data.draw, a.ndim))
    _call_both("reshape", a, shape=(-1,))
    _call_both("reshape", a, shape=tuple(reversed(a.shape)))
    _call_both("expand_dims", a, axis=data.draw(st.integers(-a.ndim - 1, a.ndim)))
    _call_both("moveaxis", a, 0, -1)
    _call_both("broadcast_to", a, shape=(2,) + a.shape)
    if a.ndim >= 2:
        _call_both("matrix_transpose", a)
    if 1 in a.shape:
        _call_both("squeeze", a, axis=a.shape.index(1))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    try:
        theirs = xs.concat([_strict(a), _strict(a)], axis=axis)
        theirs_s = xs.stack([_strict(a), _strict(a)], axis=axis)
    except (TypeError, ValueError):
        return
    _compare(rp.concat([rp.asarray(a), rp.asarray(a)], axis=axis), theirs)
    _compare(rp.stack([rp.asarray(a), rp.asarray(a)], axis=axis), theirs_s)


@settings(max_examples=20)
@given(st.integers(-5, 5), st.integers(-5, 12), st.integers(1, 3),
       st.sampled_from([None, np.int32, np.float64]), st.integers(0, 4), st.data())
def test_creation(start, stop, step, dtype, n, data):
    xdt = {None: None, np.int32: xs.int32, np.float64: xs.float64}[dtype]
    _compare(rp.arange(start, stop, step, dtype=dtype), xs.arange(start, stop, step, dtype=xdt))
    k = data.draw(st.integers(-3, 3))
    _compare(rp.eye(n, n + 1, k=k, dtype=dtype), xs.eye(n, n + 1, k=k, dtype=xdt))
    for name in ("zeros", "ones"):
        _compare(getattr(rp, name)((n, 2), dtype=dtype), getattr(xs, name)((n, 2), dtype=xdt))
    _compare(rp.full((n,), 3, dtype=dtype), xs.full((n,), 3, dtype=xdt))
    a = np.arange(n * 2, dtype=dtype or np.int64).reshape(n, 2)
    for name in ("zeros_like", "ones_like"):
        _compare(getattr(rp, name)(rp.asarray(a)), getattr(xs, name)(_strict(a)))
    assert rp.empty_like(rp.asarray(a)).shape == xs.empty_like(_strict(a)).shape
    _compare(rp.full_like(rp.asarray(a), 2), xs.full_like(_strict(a), 2))


@settings(max_examples=20)
@given(st.integers(-5, 5), st.integers(-5, 12), st.integers(0, 6), st.booleans())
def test_linspace(start, stop, n, endpoint):
    _compare(rp.linspace(start, stop, n, endpoint=endpoint),
             xs.linspace(start, stop, n, endpoint=endpoint))


@settings(max_examples=20)
@given(numpy_arrays(st.sampled_from(FLOAT + INTEGER + BOOL)),
       st.sampled_from(FLOAT + INTEGER + BOOL))
def test_astype_where_clip(a, to):
    if a.dtype.kind == "f" and to.kind in "iub":
        a = np.round(np.clip(a, 0, 100))  # in range: the cast is defined
    _compare(rp.astype(rp.asarray(a), to), xs.astype(_strict(a), getattr(xs, to.name)))
    cond = np.asarray(a, dtype=bool)
    _call_both("where", cond, a, a[::-1] if a.ndim else a)
    if a.dtype.kind in "fiu":
        lo, hi = a.dtype.type(0), a.dtype.type(10)
        try:
            theirs = xs.clip(_strict(a), min=lo, max=hi)
        except (TypeError, ValueError):
            return
        _compare(rp.clip(rp.asarray(a), min=lo, max=hi), theirs)


def test_dtype_functions():
    for a in FLOAT + INTEGER + BOOL:
        for b in FLOAT + INTEGER + BOOL:
            xa, xb = getattr(xs, a.name), getattr(xs, b.name)
            # NumPy also allows casts across kinds (int8 -> float32) that the
            # standard leaves out: every cast the standard allows, raptors does.
            if xs.can_cast(xa, xb):
                assert rp.can_cast(a, b), (a, b)
            elif a.kind == b.kind:
                assert not rp.can_cast(a, b), (a, b)
            try:
                want = xs.result_type(xa, xb)
            except TypeError:
                continue  # mixed kinds: undefined in the standard, NumPy's rule in raptors
            assert getattr(xs, rp.result_type(a, b).name) == want, (a, b)
        for kind in ("bool", "signed integer", "unsigned integer", "integral", "real floating",
                     "numeric"):
            assert rp.isdtype(a, kind) == xs.isdtype(getattr(xs, a.name), kind)
    for f in FLOAT:
        ours, theirs = rp.finfo(f), xs.finfo(getattr(xs, f.name))
        for name in ("bits", "eps", "max", "min", "smallest_normal"):
            assert getattr(ours, name) == getattr(theirs, name)
            assert type(getattr(ours, name)) is type(getattr(theirs, name))
    for i in INTEGER:
        ours, theirs = rp.iinfo(i), xs.iinfo(getattr(xs, i.name))
        assert (ours.bits, ours.min, ours.max) == (theirs.bits, theirs.min, theirs.max)
