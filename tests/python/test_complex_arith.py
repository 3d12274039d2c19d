"""Elementwise arithmetic on complex64/complex128 (issue #17 item 1), differential
against NumPy: values (every non-NaN part bit for bit, NaN parts as NaN), result
dtypes, floating-point warnings and exception types, over both complex dtypes,
mixed with every real dtype and Python scalars, in every layout (C, F,
strided, negative strides, broadcast, 0-size, 0-d), with out= and where=.
"""

import operator
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from ufunc_helpers import complex_pairs

CPLX = ["complex64", "complex128"]
REAL = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64"]

BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "fmax",
          "fmin", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
          "logical_and", "logical_or", "logical_xor"]
UNARY = ["negative", "positive", "conjugate", "conj", "square", "reciprocal", "absolute", "abs",
         "sign", "isnan", "isinf", "isfinite", "logical_not"]

SPECIAL = [0.0, -0.0, 1.0, -2.5, 1e-40, 3e38, 1e300, np.inf, -np.inf, np.nan, 5e-324]


def special_grid(dt):
    """Every pairing of special parts (x) against the grid reversed (y)."""
    re, im = np.meshgrid(SPECIAL, SPECIAL)
    x = complex_pairs(re.ravel(), im.ravel(), dt)
    return x, x[::-1].copy()


def random_values(dt, n, seed):
    rng = np.random.default_rng(seed)
    scale = np.exp(rng.uniform(-30, 30, (2, n)))
    return complex_pairs(rng.standard_normal(n) * scale[0], rng.standard_normal(n) * scale[1], dt)


def same(r, e):
    """r (raptors) holds NumPy's e: dtype, shape, and every part's bits (NaN parts:
    NaN, whatever the payload)."""
    r = np.asarray(r)
    e = np.asarray(e)
    assert r.dtype == e.dtype, (r.dtype, e.dtype)
    assert r.shape == e.shape, (r.shape, e.shape)
    if e.dtype.kind not in "fc":
        assert np.array_equal(r, e), (r, e)
        return
    parts = (lambda a: (a.real, a.imag)) if e.dtype.kind == "c" else (lambda a: (a,))
    for rp_, ep in zip(parts(r), parts(e)):
        rn, en = np.isnan(rp_), np.isnan(ep)
        assert np.array_equal(rn, en), (r, e)
        ub = np.dtype(f"u{ep.dtype.itemsize}")
        assert np.array_equal(np.where(rn, 0, rp_).view(ub), np.where(en, 0, ep).view(ub)), (r, e)


def run(f):
    """f's result (or exception type) and the warnings it gave, as (category, message)."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = f()
        except Exception as exc:  # compared by type with NumPy's
            out = type(exc)
    return out, sorted({(x.category.__name__, str(x.message)) for x in w})


def check(frp, fnp):
    got, wg = run(frp)
    want, wn = run(fnp)
    if isinstance(want, type):
        assert got is want or (isinstance(got, type) and issubclass(got, want)), (got, want)
        return
    assert not isinstance(got, type), (got, want)
    same(got, want)
    assert wg == wn


def fn(name):
    return getattr(rp, name), getattr(np, name)


# ---- values ------------------------------------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", BINARY)
def test_binary_special_values(dt, name):
    x, y = special_grid(dt)
    f, g = fn(name)
    check(lambda: f(rp.asarray(x), rp.asarray(y)), lambda: g(x, y))
    # one operand a broadcast scalar, on either side
    for k in (0, 9, 13, 40):
        check(lambda: f(rp.asarray(x), rp.asarray(y[k])), lambda: g(x, y[k]))
        check(lambda: f(rp.asarray(x[k]), rp.asarray(y)), lambda: g(x[k], y))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", UNARY)
def test_unary_special_values(dt, name):
    x, _ = special_grid(dt)
    f, g = fn(name)
    check(lambda: f(rp.asarray(x)), lambda: g(x))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "maximum", "less"])
@pytest.mark.parametrize("n", [1, 7, 16, 33, 1000, 70001])
def test_binary_random_lengths(dt, name, n):
    x, y = random_values(dt, n, 1), random_values(dt, n, 2)
    f, g = fn(name)
    check(lambda: f(rp.asarray(x), rp.asarray(y)), lambda: g(x, y))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["absolute", "square", "reciprocal", "sign", "conjugate"])
@pytest.mark.parametrize("n", [1, 7, 33, 70001])
def test_unary_random_lengths(dt, name, n):
    x = random_values(dt, n, 3)
    f, g = fn(name)
    check(lambda: f(rp.asarray(x)), lambda: g(x))


# ---- layouts -----------------------------------------------------------------------------------

# NumPy's own bits depend on the layout: a negative stride sends complex64
# multiply and both types' absolute to its scalar loops (no FMA; hypot), which
# round differently from its SIMD loops by up to an ulp per part. raptors gives
# the SIMD loops' bits in every layout, so the reference for a layout is NumPy
# on contiguous copies of the same values.
def c(a):
    return np.array(a, copy=True, order="C")


def layouts(x):
    """(name, NumPy view) pairs over a 2-D array x."""
    return [("C", x), ("F", np.asfortranarray(x)), ("strided", x[::2, ::3]),
            ("negative", x[::-1, ::-2]), ("0-size", x[:0]), ("0-d", x[1, 2].reshape(())),
            ("row", x[:1])]


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "equal", "fmin",
                                  "greater"])
def test_binary_layouts(dt, name):
    x = random_values(dt, 12 * 20, 4).reshape(12, 20)
    y = random_values(dt, 12 * 20, 5).reshape(12, 20)
    f, g = fn(name)
    for (lx, a), (ly, b) in zip(layouts(x), layouts(y)[::-1]):
        try:
            np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            b = b.reshape(-1)[:1].reshape(()) if b.size else y[0, 0]
        check(lambda: f(rp.asarray(a), rp.asarray(b)), lambda: g(c(a), c(b)))
        check(lambda: f(rp.asarray(a), rp.asarray(a)), lambda: g(c(a), c(a)))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["absolute", "negative", "conjugate", "square", "isfinite"])
def test_unary_layouts(dt, name):
    x = random_values(dt, 12 * 20, 6).reshape(12, 20)
    f, g = fn(name)
    for _, a in layouts(x):
        check(lambda: f(rp.asarray(a)), lambda: g(c(a)))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["add", "multiply", "subtract", "divide"])
def test_in_place(dt, name):
    x, y = random_values(dt, 301, 7), random_values(dt, 301, 8)
    f, g = fn(name)
    for sl in (slice(None), slice(None, None, 3), slice(None, None, -1)):
        a, b = x.copy(), rp.asarray(x.copy())
        with np.errstate(all="ignore"):
            a[sl] = g(c(a[sl]), c(y[sl]))
            f(b[sl], rp.asarray(y)[sl], out=b[sl])
            same(b, a)
            a[sl] = g(c(a[sl]), c(a[sl]))  # x op x into x
            f(b[sl], b[sl], out=b[sl])
        same(b, a)


# ---- mixed dtypes and Python scalars ---------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("other", REAL + CPLX)
@pytest.mark.parametrize("name", ["add", "multiply", "divide", "equal", "less", "maximum"])
def test_mixed_dtypes(dt, other, name):
    x = random_values(dt, 9, 9)
    y = np.array([1, 0, 2, 3, 1, 0, 5, 7, 1]).astype(other)
    f, g = fn(name)
    check(lambda: f(rp.asarray(x), rp.asarray(y)), lambda: g(x, y))
    check(lambda: f(rp.asarray(y), rp.asarray(x)), lambda: g(y, x))


SCALARS = [True, 0, 3, -7, 2**40, 2.5, -0.0, float("nan"), float("inf"), 1e300, 2j, 1.5 - 2j,
           complex(float("nan"), 0), 1e-320j]


@pytest.mark.parametrize("dt", CPLX + ["float32", "float64", "int8", "int64", "float16"])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "not_equal",
                                  "greater_equal", "fmax"])
@pytest.mark.parametrize("s", SCALARS, ids=repr)
def test_python_scalars(dt, name, s):
    """NEP 50: a Python complex meets a float32 array at complex64, an int64 at
    complex128; a Python float keeps complex64 complex64."""
    x = random_values("complex128", 5, 10)
    x = x.astype(dt) if np.dtype(dt).kind == "c" else x.real.clip(-100, 100).astype(dt)
    if np.dtype(dt).kind != "c" and not isinstance(s, complex):
        return  # the real loops' business
    f, g = fn(name)
    check(lambda: f(rp.asarray(x), s), lambda: g(x, s))
    check(lambda: f(s, rp.asarray(x)), lambda: g(s, x))


OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.eq, operator.ne,
       operator.lt, operator.ge]


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("op", OPS, ids=lambda o: o.__name__)
def test_operators(dt, op):
    x, y = random_values(dt, 11, 11), random_values(dt, 11, 12)
    check(lambda: op(rp.asarray(x), rp.asarray(y)), lambda: op(x, y))
    for s in (2, 2.5, 2j, 1 - 1j):
        check(lambda: op(rp.asarray(x), s), lambda: op(x, s))
        check(lambda: op(s, rp.asarray(x)), lambda: op(s, x))
    check(lambda: op(rp.asarray(x.real.copy()), rp.asarray(y)), lambda: op(x.real.copy(), y))


@pytest.mark.parametrize("dt", CPLX)
def test_unary_operators_and_methods(dt):
    x = random_values(dt, 11, 13)
    a = rp.asarray(x)
    same(-a, -x)
    same(+a, +x)
    same(abs(a), abs(x))
    same(a.conj(), x.conj())
    same(a.conjugate(), x.conjugate())
    same(rp.conj(a), np.conj(x))
    same(rp.real(a), np.real(x))
    same(rp.imag(a), np.imag(x))
    b = rp.asarray(x)
    b.imag[...] = 5  # real/imag stay views
    assert np.all(np.asarray(b).imag == 5)
    # conjugate of real dtypes: the value itself (bool -> int8, as NumPy)
    for r in (np.arange(5.0), np.arange(5), np.array([True, False])):
        same(rp.conjugate(rp.asarray(r)), np.conjugate(r))


@pytest.mark.parametrize("dt", CPLX)
def test_augmented_assignment(dt):
    x, y = random_values(dt, 17, 14), random_values(dt, 17, 15)
    a, b = x.copy(), rp.asarray(x.copy())
    for s in (y, 2j, 3, 0.5):
        a += s
        b += rp.asarray(s) if isinstance(s, np.ndarray) else s
        a *= s
        b *= rp.asarray(s) if isinstance(s, np.ndarray) else s
        same(b, a)
    # a complex result into a float array: NumPy's casting error, both sides
    check(lambda: rp.add(rp.arange(3.0), 1j, out=rp.arange(3.0)),
          lambda: np.add(np.arange(3.0), 1j, out=np.arange(3.0)))


# ---- out=, where=, dtype= ----------------------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
def test_out_and_where(dt):
    x, y = random_values(dt, 24, 16).reshape(4, 6), random_values(dt, 24, 17).reshape(4, 6)
    cond = (np.arange(24) % 3 == 0).reshape(4, 6)
    for name, odt in (("add", "complex128"), ("multiply", dt), ("absolute", "float64"),
                      ("less", "bool"), ("divide", "complex128")):
        f, g = fn(name)
        args_n = (x, y) if g.nin == 2 else (x,)
        args_r = tuple(rp.asarray(a) for a in args_n)
        on, orr = np.full((4, 6), 7, odt), rp.asarray(np.full((4, 6), 7, odt))
        check(lambda: f(*args_r, out=orr), lambda: g(*args_n, out=on))
        same(orr, on)
        on, orr = np.full((4, 6), 7, odt), rp.asarray(np.full((4, 6), 7, odt))
        check(lambda: f(*args_r, out=orr, where=rp.asarray(cond)),
              lambda: g(*args_n, out=on, where=cond))
        same(orr, on)
    # out of a narrower dtype: NumPy's casting error (same_kind) both sides
    check(lambda: rp.multiply(rp.asarray(x), rp.asarray(y), out=rp.asarray(np.zeros((4, 6)))),
          lambda: np.multiply(x, y, out=np.zeros((4, 6))))
    check(lambda: rp.add(rp.asarray(x.real.copy()), 1, dtype=dt),
          lambda: np.add(x.real.copy(), 1, dtype=dt))
    # absolute's dtype= names its real output; a complex one has no loop
    for d in ("float64", "float32", "float16", "int64", "complex64", "complex128"):
        check(lambda: rp.absolute(rp.asarray(x), dtype=d), lambda: np.absolute(x, dtype=d))
        check(lambda: rp.absolute(rp.asarray(x.real.copy()), dtype=d),
              lambda: np.absolute(x.real.copy(), dtype=d))


# ---- warnings and errors -----------------------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
def test_floating_point_warnings(dt):
    big = complex_pairs(np.array([3e38, 1e308]), np.array([3e38, 1e308]), dt)
    z = complex_pairs(np.array([1.0, 0.0, 0.0, -1.0]), np.array([1.0, 0.0, -0.0, np.nan]), dt)
    zero = np.zeros(4, dt)
    nanre = complex_pairs(np.array([np.nan, 1.0, 0.0]), np.array([0.0, 1.0, np.nan]), dt)
    one = complex_pairs(np.array([1.0, np.nan, 1.0]), np.array([0.0, 1.0, 1.0]), dt)
    cases = [("multiply", (big, big)), ("square", (big,)), ("add", (big, big)),
             ("divide", (z, zero)), ("reciprocal", (zero,)), ("less", (nanre, one)),
             ("greater_equal", (one, nanre)), ("equal", (nanre, one)), ("maximum", (nanre, one)),
             ("absolute", (big,)), ("sign", (nanre,)), ("isnan", (nanre,))]
    for name, args in cases:
        f, g = fn(name)
        check(lambda: f(*map(rp.asarray, args)), lambda: g(*args))
        with np.errstate(all="raise"):
            check(lambda: f(*map(rp.asarray, args)), lambda: g(*args))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["floor_divide", "remainder", "fmod", "bitwise_and", "invert",
                                  "floor", "signbit", "copysign", "hypot", "arctan2"])
def test_numpy_refusals(dt, name):
    x = random_values(dt, 4, 18)
    f, g = fn(name)
    args = (x,) if g.nin == 1 else (x, x)
    check(lambda: f(*map(rp.asarray, args)), lambda: g(*args))


# ---- hypothesis: any parts, both dtypes ------------------------------------------------------

parts = st.floats(allow_nan=True, allow_infinity=True, width=64)


@settings(max_examples=40)
@given(st.lists(st.tuples(parts, parts, parts, parts), min_size=1, max_size=40),
       st.sampled_from(CPLX), st.sampled_from(BINARY + UNARY))
def test_hypothesis_any_values(vals, dt, name):
    a = np.array(vals)
    x, y = complex_pairs(a[:, 0], a[:, 1], dt), complex_pairs(a[:, 2], a[:, 3], dt)
    f, g = fn(name)
    if g.nin == 1:
        check(lambda: f(rp.asarray(x)), lambda: g(x))
    else:
        check(lambda: f(rp.asarray(x), rp.asarray(y)), lambda: g(x, y))


# ---- rint and round: part by part, as NumPy's nc_rint and PyArray_Round ----------------


@pytest.mark.parametrize("dt", CPLX)
def test_rint_and_round_part_by_part(dt):
    halves = [0.5, 1.5, 2.5, -0.5, -2.5, 3.7, -3.2, 123.456, 4e15 + 0.5, 2.0**52 + 1]
    re, im = np.meshgrid(SPECIAL + halves, SPECIAL + halves)
    x = complex_pairs(re.ravel(), im.ravel(), dt)
    r = rp.asarray(x)
    got, gw = run(lambda: rp.rint(r))
    want, ww = run(lambda: np.rint(x))
    same(got, want)
    assert gw == ww
    for d in (0, 1, 2, -1, 5):
        got, gw = run(lambda: rp.round(r, d))
        want, ww = run(lambda: np.round(x, d))
        same(got, want)
        assert gw == ww
        same(r.round(d), x.round(d))
    # layouts, out=, 0-d and Python complex
    same(rp.rint(r[::-3]), np.rint(x[::-3]))
    o = rp.zeros(x.shape, dtype=dt)
    assert rp.round(r, 1, out=o) is o
    same(o, np.round(x, 1))
    o2 = rp.zeros(x.shape, dtype=dt)
    rp.rint(r, out=o2)
    same(o2, np.rint(x))
    z = x[7].reshape(())
    same(rp.round(rp.asarray(z), 1), np.round(z, 1))
    assert rp.round(1.5 + 2.5j) == np.round(1.5 + 2.5j)


# ---- clip: NumPy's clip loop (its own lexicographic order, no NaN test in it) -------------


@pytest.mark.parametrize("dt", CPLX)
def test_clip_as_numpy(dt):
    re, im = np.meshgrid(SPECIAL, SPECIAL)
    x = complex_pairs(re.ravel(), im.ravel(), dt)
    r = rp.asarray(x)
    bounds = list(x[::9]) + [None, 0.5, -1, 2j]
    for lo in bounds:
        for hi in bounds:
            if lo is None and hi is None:
                continue
            got, gw = run(lambda: rp.clip(r, lo, hi))
            want, ww = run(lambda: np.clip(x, lo, hi))
            if isinstance(want, type):
                assert got is want
                continue
            same(got, want)
            assert gw == ww
    # array bounds that broadcast, layouts, out=, the method
    lo, hi = x[::-1].copy(), np.roll(x, 5)
    same(rp.clip(r, rp.asarray(lo), hi), np.clip(x, lo, hi))
    same(rp.clip(r[::-2], -1 - 1j, 1 + 1j), np.clip(x[::-2], -1 - 1j, 1 + 1j))
    o = rp.zeros(x.shape, dtype=dt)
    assert rp.clip(r, 0, 1, out=o) is o
    same(o, np.clip(x, 0, 1))
    same(r.clip(-2, 2), x.clip(-2, 2))
    # a real array with complex bounds: NumPy's promotion, then the complex loop
    f = np.linspace(-3, 3, 13)
    same(rp.clip(rp.asarray(f), -1 + 1j, 1j), np.clip(f, -1 + 1j, 1j))
