"""float16 loops, differential against NumPy: every op over every half (unary)
or a fixed sample of pairs (binary), with the dtypes and Python scalars that
meet float16, out= and dtype= of other dtypes, layouts, in-place and
overlapping operands, and the floating-point warnings.

NumPy's float16 loops compute in float32 and round once (its nextafter steps
in halves); raptors runs its float32 kernel between cast blocks, so results
are bit-exact, except:
  - the transcendental functions, within ufunc_ulp.json's float16 bound
    (NumPy on AVX-512 computes them with SVML's float32, not its own);
  - which NaN comes out (sign, payload) where the result is NaN, checked as
    NaN (the same freedom ufunc_helpers.assert_result takes for every dtype);
  - the 'invalid' warning of a signalling NaN input, which raptors' float32
    kernels do not raise either (warnings are compared on quiet inputs);
  - 'underflow' of the transcendental functions: a C library's float32
    result one ULP off a tiny half is inexact there, NumPy's exact (the
    fuzzer's known deviation libm-fp-flags).
"""

import warnings

import numpy as np
import pytest
from ufunc_helpers import BINARY, ULP, UNARY, ulp_distance

import raptors as rp

ALL_HALVES = np.arange(65536, dtype=np.uint16).view(np.float16)
_SNAN = (ALL_HALVES.view(np.uint16) & 0x7e00) == 0x7c00
_SNAN &= (ALL_HALVES.view(np.uint16) & 0x3ff) != 0
QUIET = ALL_HALVES[~_SNAN]
_rng = np.random.default_rng(20261206)
PAIR_X = QUIET[_rng.integers(0, QUIET.size, 40000)]
PAIR_Y = QUIET[_rng.integers(0, QUIET.size, 40000)]
# the special halves against each other: zeros, subnormals, 1, max, inf, NaNs
SPECIAL = np.array([0x0000, 0x8000, 0x0001, 0x83ff, 0x3c00, 0xbc00, 0x7bff, 0xfbff, 0x7c00,
                    0xfc00, 0x7e00, 0xfe00, 0x7e01, 0x3555, 0x4248, 0x0400], np.uint16).view(np.float16)
SX, SY = (a.ravel() for a in np.meshgrid(SPECIAL, SPECIAL))

HALF_UNARY = [n for n in UNARY if "e" in "".join(t[0] for t in getattr(np, n).types)]
HALF_BINARY = [n for n in BINARY if "ee->" in " ".join(getattr(np, n).types)
               or "ee->?" in " ".join(getattr(np, n).types)]


def outcome(f):
    """f()'s result and warnings (or the exception's class), under warn."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            try:
                r = f()
            except Exception as e:  # noqa: BLE001 - the class is compared
                r = type(e)
    return r, sorted({str(x.message) for x in w})


def flags(name, warns):
    """The warnings to compare for function `name` (see the module doc)."""
    return [w for w in warns if not (name in ULP and w.startswith("underflow"))]


def same(name, got, want):
    """Same dtype and shape; bit-equal values (NaN as NaN), or within the
    function's float16 ULP bound."""
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
    assert got.shape == want.shape, (name, got.shape, want.shape)
    if want.dtype.kind != "f":
        np.testing.assert_array_equal(got, want, err_msg=name)
        return
    bound = ULP.get(name, {}).get(want.dtype.name, 0)
    d = ulp_distance(got, want)
    bad = np.flatnonzero(d > bound)
    assert bad.size == 0, (name, bound, got.ravel()[bad[:5]], want.ravel()[bad[:5]])


@pytest.mark.parametrize("name", HALF_UNARY)
def test_unary_every_half(name):
    with np.errstate(all="ignore"):
        same(name, getattr(rp, name)(rp.asarray(ALL_HALVES)), getattr(np, name)(ALL_HALVES))
    want, wwarn = outcome(lambda: getattr(np, name)(QUIET))
    got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(QUIET)))
    same(name, got, want)
    assert flags(name, gwarn) == flags(name, wwarn), name
    # strided, reversed and 2-D: the cast blocks walk any layout
    v = ALL_HALVES[::-7][:4000].reshape(40, 100)[:, ::3]
    with np.errstate(all="ignore"):
        same(name, getattr(rp, name)(rp.asarray(v)), getattr(np, name)(v))


@pytest.mark.parametrize("name", HALF_BINARY)
def test_binary_pairs(name):
    for x, y in [(PAIR_X, PAIR_Y), (SX, SY)]:
        want, wwarn = outcome(lambda: getattr(np, name)(x, y))
        got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(x), rp.asarray(y)))
        same(name, got, want)
        assert flags(name, gwarn) == flags(name, wwarn), name
    # a broadcast row and column, and a 0-d operand
    a, b = PAIR_X[:300].reshape(20, 15), PAIR_Y[:15]
    with np.errstate(all="ignore"):
        same(name, getattr(rp, name)(rp.asarray(a), rp.asarray(b)), getattr(np, name)(a, b))
        same(name, getattr(rp, name)(rp.asarray(b[3]), rp.asarray(a)), getattr(np, name)(b[3], a))


@pytest.mark.parametrize("other", ["?", "i1", "u1", "i2", "u2", "i4", "i8", "f4", "f8"])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "power", "maximum",
                                  "fmod", "arctan2", "hypot", "copysign", "nextafter", "less"])
def test_mixed_dtypes(name, other):
    x = PAIR_X[:2000]
    with np.errstate(all="ignore"):
        o = (PAIR_Y[:2000].astype(np.float64) * (1 if other[0] in "f" else 17)).astype(other)
        if other == "?":
            o = PAIR_Y[:2000] > 0
    for a, b in [(x, o), (o, x)]:
        want, wwarn = outcome(lambda: getattr(np, name)(a, b))
        got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(a), rp.asarray(b)))
        if isinstance(want, type):
            assert got is want or (issubclass(want, TypeError) and issubclass(got, TypeError))
            continue
        same(name, got, want)
        assert flags(name, gwarn) == flags(name, wwarn), (name, other)


SCALARS = [2, -3, 0.1, 1e-8, 65519.99, 70000, 1e300, -np.inf, np.nan, True, 2**70]


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "power", "maximum",
                                  "floor_divide", "remainder", "equal", "less_equal", "arctan2"])
def test_python_scalars(name):
    """NEP 50: a Python scalar takes the float16 array's dtype (rounded to
    half first, its overflow reported as the cast's)."""
    x = PAIR_X[:3000]
    for s in SCALARS:
        for args in [(x, s), (s, x)]:
            want, wwarn = outcome(lambda: getattr(np, name)(*args))
            got, gwarn = outcome(lambda: getattr(rp, name)(
                *[rp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]))
            if isinstance(want, type):
                assert got is want, (name, s)
                continue
            same(name, got, want)
            assert flags(name, gwarn) == flags(name, wwarn), (name, s)


def test_operators_and_inplace():
    x, y = PAIR_X[:1000].copy(), PAIR_Y[:1000].copy()
    rx, ry = rp.asarray(x.copy()), rp.asarray(y.copy())
    with np.errstate(all="ignore"):
        for f in [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a / b, lambda a, b: -a,
                  lambda a, b: abs(a), lambda a, b: a ** 2, lambda a, b: a // b, lambda a, b: a % b,
                  lambda a, b: a < b, lambda a, b: a + 1.5, lambda a, b: 3 - a]:
            same("op", f(rx, ry), f(x, y))
        rx += ry
        x += y
        same("iadd", rx, x)
        rx[1:] *= rx[:-1]  # overlapping: read before written
        x[1:] *= x[:-1]
        same("imul", rx, x)
        i8 = np.arange(-50, 50, dtype=np.int8)
        r8 = rp.asarray(i8)
        h = rp.asarray(x[:100].copy())
        h += r8
        xx = x[:100].copy()
        xx += i8
        same("iadd int8", h, xx)


@pytest.mark.parametrize("out", ["f2", "f4", "f8", "i2"])
def test_out_of_other_dtypes(out):
    """The float16 loop's result is rounded to half, then cast to out."""
    x, y = PAIR_X[:3000], PAIR_Y[:3000]
    for name in ["add", "multiply", "divide", "sqrt", "exp", "arctan2"]:
        nin = getattr(np, name).nin
        args = (x, y)[:nin]
        with np.errstate(all="ignore"):
            no, ro = np.zeros(3000, out), rp.zeros(3000, dtype=out)
        want, wwarn = outcome(lambda: getattr(np, name)(*args, out=no, casting="unsafe"))
        got, gwarn = outcome(lambda: getattr(rp, name)(*[rp.asarray(a) for a in args], out=ro,
                                                     casting="unsafe"))
        assert flags(name, gwarn) == flags(name, wwarn), (name, out)
        if np.dtype(out).kind == "f":  # halves cast exactly: compare them as halves
            same(name, np.asarray(ro).astype(np.float16), no.astype(np.float16))
        else:
            same(name, ro, no)


def test_dtype_float16_rounds_the_inputs():
    """dtype=float16 with float32 inputs: NumPy casts them to half first.
    (Its overflow is reported under the op's name, not "cast": as for every
    dtype= cast of inputs in raptors.)"""
    a = np.array([1 + 2.0**-12, 70000.0, 1e-9, 0.1, 2049.0], np.float32)
    b = np.array([1.0, -1.0, 1e-9, 0.2, 1.0], np.float32)
    for name in ["add", "multiply", "subtract"]:
        want, wwarn = outcome(lambda: getattr(np, name)(a, b, dtype=np.float16, casting="unsafe"))
        got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(a), rp.asarray(b),
                                                     dtype=np.float16, casting="unsafe"))
        same(name, got, want)
        assert [w.split(" in ")[0] for w in gwarn] == [w.split(" in ")[0] for w in wwarn], name


def test_overflow_and_underflow_flags():
    big = np.array([60000, 40000, 1e-7, 6e-5], np.float16)
    for f in [lambda m, a: m.add(a, a), lambda m, a: m.multiply(a, a), lambda m, a: m.square(a),
              lambda m, a: m.exp(a), lambda m, a: m.divide(a, m.asarray(np.float16(0)))]:
        for mode in ["warn", "raise"]:
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                with np.errstate(all=mode):
                    try:
                        want = (None, f(np, big))
                    except FloatingPointError as e:
                        want = ("raise", str(e))
                    nw = sorted(str(x.message) for x in w)
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                with np.errstate(all=mode):
                    try:
                        got = (None, np.asarray(f(rp, rp.asarray(big))))
                    except FloatingPointError as e:
                        got = ("raise", str(e))
                    rw = sorted(str(x.message) for x in w)
            assert got[0] == want[0] and rw == nw, (got, want, rw, nw)
            if want[0] is None:
                same("flags", got[1], want[1])


@pytest.mark.parametrize("dt", ["?", "i1", "u1"])
def test_small_ints_take_float16_loops(dt):
    """NumPy's first loop every input casts to safely: float16 for bool,
    int8 and uint8 inputs of float functions."""
    a = np.arange(256).astype(np.uint8).astype(dt)
    for name in ["sqrt", "exp", "exp2", "sin", "log", "arctan", "rint", "cbrt", "tanh"]:
        want, wwarn = outcome(lambda: getattr(np, name)(a))
        got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(a)))
        assert np.asarray(got).dtype == np.float16
        same(name, got, want)
        assert flags(name, gwarn) == flags(name, wwarn), (name, dt)
    for name in ["arctan2", "hypot", "logaddexp", "copysign", "nextafter"]:
        want, wwarn = outcome(lambda: getattr(np, name)(a, a[::-1]))
        got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(a), rp.asarray(a[::-1])))
        same(name, got, want)
        assert flags(name, gwarn) == flags(name, wwarn), (name, dt)
    # true divide of integers stays float64, as NumPy's
    same("divide", rp.asarray(a) / rp.asarray(a[::-1]), np.divide(a, a[::-1]))


@pytest.mark.parametrize("decimals", [-4, -2, -1, 0, 1, 2, 3])
def test_round_decimals(decimals):
    """NumPy rounds float16 by multiply, rint and divide, each a float16
    loop (each rounded to half): round(0.05, 1) is 0.0 there."""
    with np.errstate(all="ignore"):
        same("round", rp.round(rp.asarray(ALL_HALVES), decimals), np.round(ALL_HALVES, decimals))
    want, wwarn = outcome(lambda: np.round(QUIET, decimals))
    got, gwarn = outcome(lambda: rp.round(rp.asarray(QUIET), decimals))
    same("round", got, want)
    assert gwarn == wwarn, decimals


def test_where_and_clip():
    c = PAIR_X[:500] > 0
    x, y = PAIR_X[:500], PAIR_Y[:500]
    got = rp.where(rp.asarray(c), rp.asarray(x), rp.asarray(y))
    want = np.where(c, x, y)
    assert np.asarray(got).dtype == np.float16
    np.testing.assert_array_equal(np.asarray(got).view(np.uint16), want.view(np.uint16))
    with np.errstate(all="ignore"):
        same("clip", rp.clip(rp.asarray(x), -1.5, 2.5), np.clip(x, -1.5, 2.5))
        same("clip", rp.clip(rp.asarray(x), rp.asarray(y), 100), np.clip(x, y, 100))


# ---- reductions -----------------------------------------------------------------
#
# NumPy reduces float16 with its float16 loops: add sums each reduced run
# pairwise in float and rounds once (a kept inner axis rounds per row),
# multiply multiplies left to right in float, max/min compare halves; mean
# sums with dtype=float32 and rounds the quotient; argmax/argmin as float32.
# Bit-exact for C layouts, transposes and strided views, whole or along any
# axis, except where NumPy's buffered iteration takes another order: a
# middle axis of a non-C 3-D layout; there the sums round the same partial
# sums in another order (test_reductions_other_orders bounds the
# difference). A whole view with a negative stride NumPy sums in buffers
# (8192 elements cut to whole inner runs), each rounded to half (so 90000
# values of a few thousand overflow to inf): so does raptors.

REDUCTIONS = ["sum", "prod", "max", "min", "mean", "argmax", "argmin"]


def _reduce_cases():
    rng = np.random.default_rng(7)
    for shape in [(1,), (7,), (8,), (129,), (1000,), (20000,), (4, 5), (50, 7), (7, 50),
                  (3, 4, 5), (300, 300), (40, 30, 20), (100, 300)]:
        scale = [1, 30, 1000][len(shape) % 3]
        h = (rng.standard_normal(shape) * scale).astype(np.float16)
        yield shape, h, h.T, h[..., ::2], h[::-1]


@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions_bits(name):
    for shape, *views in _reduce_cases():
        for v in views:
            axes = [None, *range(v.ndim)] + ([(0, 1)] if v.ndim >= 2 and name[:3] != "arg" else [])
            for ax in axes:
                if v.ndim == 3 and ax == 1 and not v.flags.c_contiguous:
                    continue  # test_reductions_other_orders
                want, wwarn = outcome(lambda: getattr(np, name)(v, axis=ax))
                got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(v), axis=ax))
                assert type(got) is type(want) or isinstance(got, rp.ndarray), (name, type(got))
                got, want = np.asarray(got), np.asarray(want)
                assert got.dtype == want.dtype and got.shape == want.shape, (name, shape, ax)
                np.testing.assert_array_equal(
                    got.view(np.uint16) if got.dtype == np.float16 else got,
                    want.view(np.uint16) if want.dtype == np.float16 else want,
                    err_msg=f"{name} {shape} axis={ax}")
                assert gwarn == wwarn, (name, shape, ax)


def test_reduction_specials():
    for vals in ([60000, 60000], [np.nan, 1, np.inf], [1, np.nan, np.nan], [-0.0, -0.0], [0.0, -0.0],
                 [65504, -65504, 65504], [1e-7, 1e-7], []):
        h = np.array(vals, np.float16)
        for name in ["sum", "prod", "max", "min", "mean"]:
            want, wwarn = outcome(lambda: getattr(np, name)(h))
            got, gwarn = outcome(lambda: getattr(rp, name)(rp.asarray(h)))
            if isinstance(want, type):
                assert got is want, (name, vals)
                continue
            assert type(got) is type(want), (name, vals)
            assert np.array(got).view(np.uint16) == np.array(want).view(np.uint16) or (
                np.isnan(got) and np.isnan(want)), (name, vals, got, want)
            assert gwarn == wwarn, (name, vals)
    h = np.arange(12, dtype=np.float16).reshape(3, 4)
    for kw in [{"keepdims": True}, {"initial": 5.0}, {"dtype": np.float32}, {"axis": 1, "dtype": "f8"}]:
        for name in ["sum", "prod", "max"]:
            if "dtype" in kw and name == "max":
                continue
            want = getattr(np, name)(h, **kw)
            got = getattr(rp, name)(rp.asarray(h), **kw)
            assert np.asarray(got).dtype == np.asarray(want).dtype, (name, kw)
            np.testing.assert_array_equal(np.asarray(got), want, err_msg=f"{name} {kw}")
    # an int8 array summed into float16
    i8 = np.arange(-100, 100, dtype=np.int8)
    same("sum", rp.sum(rp.asarray(i8), dtype=np.float16), np.sum(i8, dtype=np.float16))


def test_reductions_other_orders():
    """Where NumPy's buffered walk sums in another order (see above): the
    same sum up to rounding, within a few float16 ULP of it."""
    rng = np.random.default_rng(8)
    h = (rng.standard_normal((40, 30, 20)) * 30).astype(np.float16)
    big = (rng.standard_normal((300, 300)) * 30).astype(np.float16)
    for v, ax in [(h.T, 1), (np.asfortranarray(h), 1), (big.T[::-1], 0)]:
        for name in ["sum", "mean"]:
            with np.errstate(all="ignore"):
                want = getattr(np, name)(v, axis=ax)
                got = np.asarray(getattr(rp, name)(rp.asarray(v), axis=ax))
                exact = getattr(np, name)(v.astype(np.float64), axis=ax)
            assert got.dtype == want.dtype and got.shape == np.shape(want)
            # both are float16 roundings of float partial sums: compare the
            # distance to the exact value with NumPy's own
            err_got = np.abs(got.astype(np.float64) - exact)
            err_np = np.abs(np.asarray(want, np.float64) - exact)
            spacing = np.spacing(np.abs(np.asarray(want))).astype(np.float64)
            assert (err_got <= err_np + 4 * spacing).all(), (name, ax)


# ---- sorting ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(65536,), (300, 217), (5, 1), (0,)])
def test_sort_argsort(shape):
    """float16 rows sort as float32 (exact both ways): NumPy's order, NaNs
    last, every bit kept."""
    rng = np.random.default_rng(9)
    h = ALL_HALVES[rng.permutation(65536)[:int(np.prod(shape))]].reshape(shape)
    r = rp.asarray(h)
    for axis in range(h.ndim):
        got = np.asarray(rp.sort(r, axis=axis, kind="stable"))
        want = np.sort(h, axis=axis, kind="stable")
        np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))
        got = np.asarray(rp.sort(r, axis=axis))  # unstable: the same values in order
        np.testing.assert_array_equal(got, np.sort(h, axis=axis))
        np.testing.assert_array_equal(np.asarray(rp.argsort(r, axis=axis, kind="stable")),
                                      np.argsort(h, axis=axis, kind="stable"))
    if h.size > 10 and h.ndim == 1:
        k = h.size // 3
        got = np.asarray(rp.partition(r, k))
        assert got[k] == np.partition(h, k)[k] or (np.isnan(got[k]) and np.isnan(np.partition(h, k)[k]))
