"""The complex math functions (issue #17 item 1), differential against NumPy.

raptors computes them as NumPy does on glibc: the C99 complex functions
(csqrt, clog, casin, ... and their float versions for complex64) or NumPy's
own formulas (log1p, expm1, exp2, log2, log10, power's integer shortcuts),
so the bits are NumPy's exactly -- results, signed zeros on the branch cuts,
NaNs and the floating-point warnings. exp runs a vector loop for finite
arguments in range (src/kernels/vmath_cexp.c): within the ULP bound of
ufunc_ulp.json's "complex" table there, glibc's bits everywhere else.
"""

import json
import os
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp

from ufunc_helpers import ULP, ulp_distance, complex_pairs

CPLX = ["complex64", "complex128"]
UNARY = ["sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
         "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh"]
VECTOR = {"exp"}  # functions with a vector path: ULP-bounded on finite values

with open(os.path.join(os.path.dirname(__file__), "ufunc_ulp.json")) as _f:
    CULP = json.load(_f)["complex"]

PARTS = [0.0, -0.0, 1e-310, -1e-40, 0.5, -0.5, 1.0, -1.0, 1.5, -2.25, 3.0, 20.0, -30.0, 88.0,
         -100.0, 700.0, -709.5, 1e20, -1e200, np.inf, -np.inf, np.nan]


def special_values(dt):
    """Every pairing of the special parts (zeros of both signs, tiny, huge,
    infinities, NaN): the C99 Annex G cases and the branch cuts."""
    re, im = np.meshgrid(PARTS, PARTS)
    return complex_pairs(re.ravel(), im.ravel(), dt)


def random_values(dt, n, seed=0, scale=4.0):
    rng = np.random.default_rng(seed)
    re = rng.standard_normal(n) * scale
    im = rng.standard_normal(n) * scale
    # around the branch cuts (the real and imaginary axes beyond +-1) and the unit circle
    k = n // 8
    re[:k] = rng.uniform(-3, 3, k)
    im[:k] = rng.choice([0.0, -0.0, 1e-30, -1e-30], k)
    im[k:2 * k] = rng.uniform(-3, 3, k)
    re[k:2 * k] = rng.choice([0.0, -0.0, 1e-30, -1e-30], k)
    t = rng.uniform(-np.pi, np.pi, k)
    re[2 * k:3 * k], im[2 * k:3 * k] = np.cos(t), np.sin(t)
    return complex_pairs(re, im, dt)


def run_warn(f):
    """f's result and the warning messages it raised."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = f()
    return out, sorted({str(x.message) for x in w})


def bits(x):
    """One row of bytes per element."""
    x = np.ascontiguousarray(np.asarray(x)).reshape(-1)
    return x.view(np.uint8).reshape(x.size, -1)


def assert_same_bits(got, want):
    """Every non-NaN part bit for bit; a NaN part as NaN, whatever its sign and
    payload (NumPy's own NaN bits follow its SIMD instruction choice)."""
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
    g, w = np.ascontiguousarray(got).reshape(-1), np.ascontiguousarray(want).reshape(-1)
    if g.dtype.kind == "c":
        g, w = g.view(g.real.dtype), w.view(w.real.dtype)
    both_nan = np.isnan(g) & np.isnan(w) if g.dtype.kind == "f" else np.zeros(g.shape, bool)
    differ = (bits(g) != bits(w)).any(axis=1) & ~both_nan
    if got.dtype.kind == "c":
        differ = differ.reshape(-1, 2).any(axis=1)
    bad = np.nonzero(differ)[0]
    assert bad.size == 0, (want.ravel()[bad[:5]], got.ravel()[bad[:5]])


def ulp(x, y):
    """Per item, the larger distance in ULP of the two parts."""
    x, y = np.asarray(x).ravel(), np.asarray(y).ravel()
    return np.maximum(ulp_distance(x.real.copy(), y.real.copy()),
                      ulp_distance(x.imag.copy(), y.imag.copy()))


def assert_close(name, got, want):
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape
    if name not in VECTOR:
        assert_same_bits(got, want)
        return
    d = ulp(got, want)
    bound = CULP[name][str(want.dtype)]
    assert d.max(initial=0) <= bound, (name, d.max(), want.ravel()[d.argmax()])


# ---- values, special values, warnings ------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", UNARY)
def test_special_values_and_warnings(dt, name):
    n = special_values(dt)
    want, wwarn = run_warn(lambda: getattr(np, name)(n))
    got, gwarn = run_warn(lambda: getattr(rp, name)(rp.asarray(n)))
    assert_close(name, got, want)
    assert gwarn == wwarn
    # the non-finite results are glibc's exactly, the vector path included
    fin = np.isfinite(want)
    assert_same_bits(np.asarray(got)[~fin], want[~fin])


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", UNARY)
def test_each_special_value_alone_warns_as_numpy(dt, name):
    """One special value filling an array (a vector and a tail): its own
    warnings, not masked by its neighbours' (cexp(NaN + 0j) warns nothing)."""
    for v in special_values(dt):
        n = np.full(19, v)
        want, wwarn = run_warn(lambda: getattr(np, name)(n))
        got, gwarn = run_warn(lambda: getattr(rp, name)(rp.asarray(n)))
        assert gwarn == wwarn, v
        assert_close(name, got, want)


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", UNARY)
def test_random_values(dt, name):
    n = random_values(dt, 3000, seed=hash(name) % 1000)
    want, wwarn = run_warn(lambda: getattr(np, name)(n))
    got, gwarn = run_warn(lambda: getattr(rp, name)(rp.asarray(n)))
    assert_close(name, got, want)
    assert gwarn == wwarn


@pytest.mark.parametrize("dt", CPLX)
def test_exp_ranges(dt):
    """exp over its vector range and its edges: overflow, underflow to the
    subnormals, large imaginary parts, tiny parts."""
    f64 = dt == "complex128"
    rng = np.random.default_rng(7)
    m = 4000
    lim = 709.9 if f64 else 88.8
    low = -745.0 if f64 else -104.0
    re = np.concatenate([rng.uniform(low, lim, m), rng.uniform(-1, 1, m),
                         rng.uniform(lim - 3, lim + 1, m), rng.uniform(low - 1, low + 40, m),
                         rng.uniform(-5, 5, m), rng.uniform(-5, 5, m), rng.uniform(-5, 5, m)])
    im = np.concatenate([rng.uniform(-10, 10, m), rng.uniform(-1e3, 1e3, m),
                         rng.uniform(-4, 4, m), rng.uniform(-4, 4, m),
                         np.exp(rng.uniform(-745 if f64 else -103, 0, m)) * rng.choice([-1, 1], m),
                         rng.uniform(-2e6, 2e6, m) if f64 else rng.uniform(-2e6, 2e6, m),
                         np.round(rng.uniform(-1e4, 1e4, m)) * (np.pi / 2)])
    n = complex_pairs(re, im, dt)
    want, wwarn = run_warn(lambda: np.exp(n))
    got, gwarn = run_warn(lambda: rp.exp(rp.asarray(n)))
    assert_close("exp", got, want)
    assert gwarn == wwarn


@pytest.mark.parametrize("dt", CPLX)
@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.lists(st.tuples(st.floats(allow_subnormal=True), st.floats(allow_subnormal=True)),
                     min_size=1, max_size=40))
def test_hypothesis_values(dt, data):
    re, im = np.array(data).T
    n = complex_pairs(re, im, dt)
    for name in UNARY:
        want, wwarn = run_warn(lambda: getattr(np, name)(n))
        got, gwarn = run_warn(lambda: getattr(rp, name)(rp.asarray(n)))
        assert_close(name, got, want)
        assert gwarn == wwarn, name


def test_branch_cuts_signed_zeros():
    """Both sides of each cut, told apart by the sign of the zero part."""
    cuts = {"sqrt": (-2.0, "re"), "log": (-2.0, "re"), "log1p": (-3.0, "re"),
            "arcsin": (2.0, "re"), "arccos": (2.0, "re"), "arctanh": (2.0, "re"),
            "arctan": (2.0, "im"), "arcsinh": (2.0, "im"), "arccosh": (0.5, "re")}
    for dt in CPLX:
        for name, (v, axis) in cuts.items():
            for s in (1, -1):
                vals = [v, -v]
                re = vals if axis == "re" else [s * 0.0] * 2
                im = [s * 0.0] * 2 if axis == "re" else vals
                n = complex_pairs(np.array(re), np.array(im), dt)
                assert_same_bits(getattr(rp, name)(rp.asarray(n)), getattr(np, name)(n))


# ---- dtypes, layouts, out= ------------------------------------------------------------------

@pytest.mark.parametrize("name", UNARY)
def test_result_dtypes(name):
    for dt in CPLX:
        n = random_values(dt, 16)
        assert getattr(rp, name)(rp.asarray(n)).dtype == getattr(np, name)(n).dtype == n.dtype
    # a Python complex scalar and a NumPy complex scalar
    with np.errstate(all="ignore"):
        want = getattr(np, name)(np.complex128(0.5 - 0.25j))
    got = getattr(rp, name)(0.5 - 0.25j)
    assert np.asarray(got).dtype == want.dtype
    assert_close(name, np.asarray(got).reshape(1), np.asarray(want).reshape(1))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", ["sqrt", "exp", "log", "arctanh", "expm1"])
def test_layouts_and_out(dt, name):
    base = random_values(dt, 4 * 6 * 5, seed=3).reshape(4, 6, 5)
    f_np, f_rp = getattr(np, name), getattr(rp, name)
    for view in (lambda a: a, lambda a: a[::2, ::-1, 1::2], lambda a: a.transpose(2, 0, 1),
                 lambda a: a[:, 3, :], lambda a: a.reshape(-1)[7:8]):
        n = view(base)
        a = view(rp.asarray(base.copy()))
        assert_close(name, f_rp(a), f_np(n))
    # out=: a fresh array, a strided view, and in place
    out = rp.empty((4, 6, 5), dt)
    r = f_rp(rp.asarray(base), out=out)
    assert r is out
    assert_close(name, out, f_np(base))
    big = rp.zeros((4, 6, 10), dt)
    f_rp(rp.asarray(base), out=big[:, :, ::2])
    assert_close(name, np.asarray(big)[:, :, ::2], f_np(base))
    a = rp.asarray(base.copy())
    f_rp(a, out=a)
    assert_close(name, a, f_np(base))
    # into a complex128 out from complex64 (the loop's dtype is the input's)
    if dt == "complex64":
        o = rp.empty((4, 6, 5), "complex128")
        f_rp(rp.asarray(base), out=o)
        want = f_np(base, out=np.empty((4, 6, 5), "complex128"))
        assert_close(name, np.asarray(o).astype(dt), want.astype(dt))  # exact casts back


@pytest.mark.parametrize("dt", CPLX)
def test_large_threaded(dt):
    n = random_values(dt, 300_001, seed=11)
    for name in ("exp", "sqrt", "log"):
        assert_close(name, getattr(rp, name)(rp.asarray(n)), getattr(np, name)(n))


def test_mixed_real_and_complex_inputs():
    x = np.linspace(-3, 3, 13)
    for name in ("sqrt", "log", "arcsin"):
        # a float array with dtype=complex: computed in the complex loop
        want = getattr(np, name)(x, dtype="complex128")
        assert_same_bits(getattr(rp, name)(rp.asarray(x), dtype="complex128"), want)
        want = getattr(np, name)(x.astype("float32"), dtype="complex64")
        assert_same_bits(getattr(rp, name)(rp.asarray(x.astype("float32")), dtype="complex64"),
                         want)


# ---- power ---------------------------------------------------------------------------------

EXPONENTS = [0, 1, 2, 3, 4, 5, -1, -2, -3, 7, 99, -99, 100, 0.5, -0.5, 2.5, 1j, 2 + 0j, -2 - 1j,
             np.inf, np.nan, 1e-300, 0.0 + 1e-300j]


@pytest.mark.parametrize("dt", CPLX)
def test_power_arrays(dt):
    a = random_values(dt, 400, seed=5)
    b = random_values(dt, 400, seed=6, scale=2.0)
    b[::3] = np.round(b[::3].real)  # real integer exponents: the shortcuts
    for x, y in ((a, b), (special_values(dt), special_values(dt)[::-1])):
        want, wwarn = run_warn(lambda: np.power(x, y))
        got, gwarn = run_warn(lambda: rp.power(rp.asarray(x), rp.asarray(y)))
        assert_same_bits(got, want)
        assert gwarn == wwarn


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("e", EXPONENTS)
def test_power_scalar_exponents(dt, e):
    for a in (random_values(dt, 200, seed=9), special_values(dt)):
        want, wwarn = run_warn(lambda: np.power(a, e))
        got, gwarn = run_warn(lambda: rp.power(rp.asarray(a), e))
        assert_same_bits(got, want)
        assert gwarn == wwarn
        # the operator (NumPy's fast paths: ** 2 square, ** 0.5 sqrt, ** -1 reciprocal;
        # square and reciprocal are the arithmetic loops', compared where they exist)
        shortcut = {2: "square", -1: "reciprocal"}.get(e) if type(e) is int else None
        if shortcut and not _has_loop(shortcut, dt):
            continue
        want, wwarn = run_warn(lambda: a ** e)
        got, gwarn = run_warn(lambda: rp.asarray(a) ** e)
        assert_same_bits(got, want)
        assert gwarn == wwarn


def _has_loop(name, dt):
    try:
        getattr(rp, name)(rp.ones(1, dt))
    except TypeError:
        return False
    return True


def test_power_real_and_complex_mix():
    z = random_values("complex64", 50, seed=1)
    f32 = np.linspace(-2, 2, 50).astype("float32")
    f64 = np.linspace(-2, 2, 50)
    for x, y in ((z, f32), (f32, z), (z, f64), (f64, z)):
        want = np.power(x, y)
        got = rp.power(rp.asarray(x), rp.asarray(y))
        assert_same_bits(got, want)
    # float_power computes in complex128 for complex64 inputs
    want = np.float_power(z, f32)
    got = rp.float_power(rp.asarray(z), rp.asarray(f32))
    assert_same_bits(got, want)


# ---- angle ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX + ["float32", "float64", "int32", "bool"])
@pytest.mark.parametrize("deg", [False, True])
def test_angle(dt, deg):
    if dt in CPLX:
        n = special_values(dt)
    else:
        n = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan, 3.0]).astype(dt)
    want, wwarn = run_warn(lambda: np.angle(n, deg=deg))
    got, gwarn = run_warn(lambda: rp.angle(rp.asarray(n), deg=deg))
    assert isinstance(got, rp.ndarray)
    # arctan2 of the parts: raptors' arctan2 is its own kernel, within its bound of NumPy's
    assert np.asarray(got).dtype == want.dtype and got.shape == want.shape
    bound = ULP["arctan2"][str(want.dtype)]
    assert ulp_distance(np.asarray(got), want).max(initial=0) <= bound
    assert gwarn == wwarn
    assert type(rp.angle(1 - 1j)) is type(np.angle(1 - 1j))
    assert ulp_distance(rp.angle(1 - 1j), np.angle(1 - 1j)).max() <= ULP["arctan2"]["float64"]
