"""complex64/complex128 storage (issue #17 item 1, slice 1), differential against NumPy.

What is stored computes nothing yet: creation, casts to and from every dtype
(NumPy's values and ComplexWarning), promotion (NEP 50, Python complex scalars
weak), printing, zero-copy interop (buffer protocol, __array_interface__,
DLPack), .real/.imag views, conj, indexing and manipulation in every layout.
Every op NumPy computes on complex and raptors has no loop for raises
TypeError (never a result from the real parts); ops NumPy refuses on complex
raise NumPy's exception type.
"""

import warnings

import numpy as np
import pytest

import raptors as rp
from ufunc_helpers import complex_pairs

CPLX = ["complex64", "complex128"]
REAL = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64"]
ALL = REAL + CPLX

SPECIAL = [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-30, 3e38]


def special_values(dt):
    """Every pairing of special parts, as NumPy stores them in dt."""
    re, im = np.meshgrid(SPECIAL, SPECIAL)
    return complex_pairs(re.ravel(), im.ravel(), dt)


def finite_values(dt):
    """Values every integer dtype holds exactly (a cast to int is defined)."""
    re = np.array([0.0, -0.0, 1.0, 2.5, 100.75, 7.0, 0.0, 126.0])
    im = np.array([0.0, 3.0, -0.0, -1.5, 0.0, 2.0, 9.0, 0.5])
    return complex_pairs(re, im, dt)


def same_bits(r, n):
    r = np.asarray(r)
    assert r.dtype == n.dtype and r.shape == n.shape
    assert r.tobytes() == n.tobytes(), (r, n)


def run_warn(f):
    """f's result and the warning categories it raised."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = f()
    return out, sorted({x.category.__name__ for x in w})


# ---- casts -------------------------------------------------------------------

@pytest.mark.parametrize("src", ALL)
@pytest.mark.parametrize("dst", ALL)
def test_astype_every_pair_values_and_warning(src, dst):
    if src in CPLX:
        n = finite_values(src)
    else:
        n = np.array([0, 1, 2, 7, 100, 126], dtype=src)
    a = rp.asarray(n)
    got, w_rp = run_warn(lambda: a.astype(dst))
    want, w_np = run_warn(lambda: n.astype(dst))
    same_bits(got, want)
    assert w_rp == w_np


@pytest.mark.parametrize("src", CPLX)
@pytest.mark.parametrize("dst", ["bool", "float16", "float32", "float64"] + CPLX)
def test_special_values_survive_casts(src, dst):
    n = special_values(src)
    got, w_rp = run_warn(lambda: rp.asarray(n).astype(dst))
    want, w_np = run_warn(lambda: n.astype(dst))
    same_bits(got, want)
    assert ("ComplexWarning" in w_rp) == ("ComplexWarning" in w_np)


@pytest.mark.parametrize("src", ["float16", "float32", "float64"])
@pytest.mark.parametrize("dst", CPLX)
def test_real_to_complex_special_values(src, dst):
    n = np.array(SPECIAL, dtype=np.float64)
    with np.errstate(over="ignore"):
        n = n.astype(src)
    same_bits(rp.asarray(n).astype(dst), n.astype(dst))


@pytest.mark.parametrize("dt", CPLX)
def test_asarray_dtype_and_setitem_warn_as_numpy(dt):
    n = finite_values(dt)
    got, w_rp = run_warn(lambda: rp.asarray(rp.asarray(n), dtype="float64"))
    want, w_np = run_warn(lambda: np.asarray(n, dtype="float64"))
    same_bits(got, want)
    assert w_rp == w_np == ["ComplexWarning"]
    # a complex value stored into a real array
    r, nn = rp.zeros(3), np.zeros(3)
    _, w_rp = run_warn(lambda: r.__setitem__(slice(None), rp.asarray(n[:3])))
    _, w_np = run_warn(lambda: nn.__setitem__(slice(None), n[:3]))
    same_bits(r, nn)
    assert w_rp == w_np


# ---- promotion -----------------------------------------------------------------

CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")


@pytest.mark.parametrize("c", CPLX)
@pytest.mark.parametrize("other", ALL)
def test_promotion_of_complex_with_every_dtype(c, other):
    # (test_ufunc's promotion table covers the real pairs)
    for a, b in ((c, other), (other, c)):
        assert (rp.result_type(a, b), rp.promote_types(a, b)) == \
            (np.result_type(a, b), np.promote_types(a, b))
        assert [rp.can_cast(a, b, k) for k in CASTINGS] == [np.can_cast(a, b, k) for k in CASTINGS]


@pytest.mark.parametrize("a", ALL)
@pytest.mark.parametrize("scalar", [1j, 2.5, 3, True, complex(np.nan, 1)])
def test_result_type_with_python_scalars_nep50(a, scalar):
    # float32 + 1j -> complex64, int8 + 1j -> complex128, float16 + 1j -> complex64
    x = rp.zeros(2, a)
    assert rp.result_type(x, scalar) == np.result_type(np.zeros(2, a), scalar)


def test_nep50_named_cases():
    assert rp.result_type(rp.zeros(1, "float32"), 1j) == np.complex64
    assert rp.result_type(rp.zeros(1, "float16"), 1j) == np.complex64
    assert rp.result_type(rp.zeros(1, "int8"), 1j) == np.complex128
    assert rp.result_type(rp.zeros(1, "complex64"), 1.5) == np.complex64
    assert rp.result_type(rp.zeros(1, "complex64"), np.float64(1)) == np.complex128


# ---- creation ------------------------------------------------------------------

@pytest.mark.parametrize("obj", [1j, [1j, 2], [[1 + 2j], [3]], [1.5, 2j, True],
                                 complex(np.inf, -0.0), np.complex64(1 - 1j),
                                 np.complex128(2j), [np.complex64(1j), 1.0]], ids=repr)
def test_asarray_of_python_and_numpy_complex(obj):
    same_bits(rp.asarray(obj), np.asarray(obj))
    same_bits(rp.array(obj, dtype="complex64"), np.array(obj, dtype="complex64"))


@pytest.mark.parametrize("dt", CPLX + [np.complex64, np.complex128, "F", "D", "c8", "c16",
                                       complex])
def test_creation_functions(dt):
    for f in ("zeros", "ones", "empty"):
        got, want = getattr(rp, f)((2, 3), dtype=dt), getattr(np, f)((2, 3), dtype=dt)
        assert got.dtype == want.dtype and got.shape == want.shape
        if f != "empty":
            same_bits(got, want)
    same_bits(rp.full(3, 1 - 2j, dtype=dt), np.full(3, 1 - 2j, dtype=dt))
    same_bits(rp.full(3, 2.5, dtype=dt), np.full(3, 2.5, dtype=dt))
    same_bits(rp.zeros_like(rp.zeros(2, dt)), np.zeros_like(np.zeros(2, dt)))


def test_full_with_complex_fill_infers_complex():
    same_bits(rp.full(2, 1j), np.full(2, 1j))


@pytest.mark.parametrize("dt", REAL)
@pytest.mark.parametrize("value", [1 + 2j, np.complex64(3 - 1j), np.complex128(-0.0 + 1j)],
                         ids=repr)
def test_full_of_complex_into_real_dtype(dt, value):
    got, w_rp = run_warn(lambda: rp.full(3, value, dtype=dt))
    want, w_np = run_warn(lambda: np.full(3, value, dtype=dt))
    same_bits(got, want)
    assert w_rp == w_np


def test_scalars_are_numpy_complex_scalars():
    for dt in CPLX:
        n = finite_values(dt)
        a = rp.asarray(n)
        assert type(a[1]) is type(n[1]) and a[1] == n[1]
        assert a.item(1) == n.item(1) and type(a.item(1)) is complex
        assert a.tolist() == n.tolist()
        assert complex(a[1:2].reshape(())) == complex(n[1])


# ---- printing ------------------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
def test_repr_str_as_numpy(dt):
    for n in (special_values(dt), finite_values(dt).reshape(2, 4), np.zeros(0, dt),
              np.asarray(np.complex128(1 + 2j), dt)):
        a = rp.asarray(n)
        assert repr(a) == repr(n)
        assert str(a) == str(n)


# ---- zero-copy interop -----------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
def test_buffer_protocol_both_ways(dt):
    n = special_values(dt)
    a = rp.asarray(n)
    m = memoryview(a)
    assert m.format == {"complex64": "Zf", "complex128": "Zd"}[dt]
    assert m.itemsize == np.dtype(dt).itemsize
    back = np.asarray(a)
    same_bits(back, n)
    assert np.shares_memory(back, np.asarray(a))
    back[0] = 5 - 5j  # writes through the shared buffer
    assert a[0] == 5 - 5j


@pytest.mark.parametrize("dt", CPLX)
def test_array_interface(dt):
    a = rp.asarray(finite_values(dt))
    ai = a.__array_interface__
    assert ai["typestr"] == np.dtype(dt).str
    v = np.asarray(a)
    assert v.__array_interface__["data"][0] == ai["data"][0]


@pytest.mark.parametrize("dt", CPLX)
def test_dlpack_both_ways(dt):
    n = special_values(dt)
    a = rp.from_dlpack(n)
    same_bits(a, n)
    n[0] = 7j  # zero copy: the write shows through
    assert a[0] == 7j
    back = np.from_dlpack(a)
    same_bits(back, np.asarray(a))
    back[1] = -1 + 0j
    assert a[1] == -1


# ---- .real / .imag / conj ----------------------------------------------------------

@pytest.mark.parametrize("dt", CPLX)
def test_real_imag_are_writable_views(dt):
    n = finite_values(dt).reshape(2, 4)[:, ::-2]
    a = rp.asarray(finite_values(dt)).reshape(2, 4)[:, ::-2]
    same_bits(a.real, n.real)
    same_bits(a.imag, n.imag)
    a.real[0, 0] = 42.0
    a.imag[1, 1] = -3.0
    n.real[0, 0] = 42.0
    n.imag[1, 1] = -3.0
    same_bits(a, n)
    a.imag = 9.5  # attribute assignment broadcasts
    n.imag = 9.5
    same_bits(a, n)
    same_bits(rp.real(a), np.real(n))
    same_bits(rp.imag(a), np.imag(n))


@pytest.mark.parametrize("dt", CPLX)
def test_conj(dt):
    n = special_values(dt)
    a = rp.asarray(n)
    same_bits(a.conj(), n.conj())
    same_bits(a.conjugate(), n.conjugate())
    same_bits(rp.conj(a), np.conj(n))
    same_bits(rp.conjugate(a), np.conjugate(n))


# ---- indexing and manipulation in every layout ------------------------------------------

def layouts(dt):
    base = complex_pairs(np.arange(24.0), -np.arange(24.0) - 0.5, dt).reshape(4, 6)
    return {
        "C": base,
        "F": np.asfortranarray(base),
        "strided": base[::2, 1::3],
        "negative": base[::-1, ::-2],
        "empty": base[:0],
        "0d": np.asarray(base[1, 2]),
    }


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("layout", ["C", "F", "strided", "negative", "empty", "0d"])
def test_copy_and_manipulation(dt, layout):
    n = layouts(dt)[layout]
    a = rp.asarray(n)
    same_bits(a, n)
    same_bits(a.copy(), n.copy())
    same_bits(a.copy(order="F"), n.copy(order="F"))
    same_bits(a.ravel(), n.ravel())
    same_bits(a.T, n.T)
    same_bits(rp.ascontiguousarray(a), np.ascontiguousarray(n))
    if n.ndim == 0:
        return
    same_bits(rp.concatenate([a, a]), np.concatenate([n, n]))
    same_bits(rp.concatenate([a, a.real.astype("float32")], axis=-1),
              np.concatenate([n, n.real.astype("float32")], axis=-1))
    same_bits(rp.stack([a, a], axis=1), np.stack([n, n], axis=1))
    same_bits(rp.flip(a), np.flip(n))
    same_bits(rp.roll(a, 3), np.roll(n, 3))
    same_bits(rp.roll(a, 1, axis=1), np.roll(n, 1, axis=1))
    same_bits(rp.tile(a, (2, 1)), np.tile(n, (2, 1)))
    same_bits(rp.repeat(a, 2, axis=1), np.repeat(n, 2, axis=1))
    same_bits(rp.reshape(a, -1), np.reshape(n, -1))
    for mode in ("constant", "edge", "reflect", "wrap", "symmetric"):
        if n.size == 0 and mode != "constant":
            continue
        same_bits(rp.pad(a, 1, mode=mode), np.pad(n, 1, mode=mode))
    same_bits(rp.pad(a, 1, constant_values=1 - 1j), np.pad(n, 1, constant_values=1 - 1j))
    same_bits(rp.swapaxes(a, 0, 1), np.swapaxes(n, 0, 1))
    if n.shape[0]:
        same_bits(rp.broadcast_to(a[:1], (3,) + n.shape[1:]), np.broadcast_to(n[:1], (3,) + n.shape[1:]))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("layout", ["C", "F", "strided", "negative", "empty"])
def test_indexing_get_set(dt, layout):
    n = layouts(dt)[layout].copy(order="K")
    a = rp.asarray(n)
    same_bits(a[::-1], n[::-1])
    same_bits(a[..., 1:], n[..., 1:])
    mask = (n.real % 3) == 0
    same_bits(a[rp.asarray(mask)], n[mask])
    if n.shape[0]:
        idx = [n.shape[0] - 1, 0, 0]
        same_bits(a[idx], n[idx])
        same_bits(rp.take(a, [1, 0], axis=1), np.take(n, [1, 0], axis=1))
        same_bits(rp.compress([True, False], a, axis=1), np.compress([True, False], n, axis=1))
        a[idx[:2]] = 2 - 3j
        n[idx[:2]] = 2 - 3j
        same_bits(a, n)
        a[0, ::2] = rp.asarray(n[1, ::2])
        n[0, ::2] = n[1, ::2]
        same_bits(a, n)
    a[rp.asarray(mask)] = complex(np.nan, -0.0)
    n[mask] = complex(np.nan, -0.0)
    same_bits(a, n)
    a[...] = 1.5  # a real scalar into complex
    n[...] = 1.5
    same_bits(a, n)
    p, q = rp.asarray(n).copy(), n.copy()
    if q.size:
        rp.put(p, [0, -1], [1j, 2])
        np.put(q, [0, -1], [1j, 2])
        same_bits(p, q)


@pytest.mark.parametrize("dt", CPLX)
def test_where_nonzero_and_truth(dt):
    n = complex_pairs(np.array([0.0, -0.0, 1.0, 0.0, np.nan]), np.array([0.0, 0.0, 0.0, -2.0, 0.0]), dt)
    a = rp.asarray(n)
    for got, want in zip(rp.nonzero(a), np.nonzero(n)):
        same_bits(got, want)
    same_bits(rp.flatnonzero(a), np.flatnonzero(n))
    same_bits(a.astype(bool), n.astype(bool))
    assert rp.count_nonzero(a) == np.count_nonzero(n)
    assert bool(rp.any(a)) == bool(np.any(n)) and bool(rp.all(a)) == bool(np.all(n))
    cond = np.array([True, False, True, False, True])
    same_bits(rp.where(rp.asarray(cond), a, a[::-1]), np.where(cond, n, n[::-1]))
    same_bits(rp.where(rp.asarray(cond), a, 0), np.where(cond, n, 0))
    assert bool(rp.asarray(n[3:4]).reshape(())) == bool(n[3])


# ---- refusals ----------------------------------------------------------------------------

# ufuncs NumPy has complex loops for and raptors not yet: TypeError naming the gap
MISSING = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "fmax",
           "fmin", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
           "logical_and", "logical_or", "logical_xor", "negative", "positive", "absolute",
           "square", "reciprocal", "sign", "rint", "sqrt", "exp", "exp2", "expm1", "log",
           "log1p", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh",
           "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "isnan", "isinf", "isfinite",
           "logical_not"]
# the complex math functions computed since (tests/python/test_complex_funcs.py)
CMATH = {"power", "sqrt", "exp", "exp2", "expm1", "log", "log1p", "log2", "log10", "sin", "cos",
         "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh",
         "arctanh"}
MISSING = [name for name in MISSING if name not in CMATH]
# ufuncs NumPy refuses on complex too (TypeError both sides)
REFUSED = ["floor_divide", "remainder", "fmod", "bitwise_and", "bitwise_or", "bitwise_xor",
           "left_shift", "right_shift", "arctan2", "hypot", "copysign", "logaddexp",
           "logaddexp2", "nextafter", "invert", "floor", "ceil", "trunc", "cbrt", "deg2rad",
           "rad2deg", "signbit"]
# native since the complex arithmetic loops (tests/python/test_complex_arith.py)
ARITH = {"add", "subtract", "multiply", "divide", "maximum", "minimum", "fmax", "fmin", "equal",
         "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
         "logical_or", "logical_xor", "negative", "positive", "absolute", "square", "reciprocal",
         "sign", "isnan", "isinf", "isfinite", "logical_not", "rint"}
MISSING = [n for n in MISSING if n not in ARITH]


def _args(name, x):
    return (x,) if getattr(np, name).nin == 1 else (x, x)


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", MISSING)
def test_ufuncs_numpy_has_raise_type_error(dt, name):
    n = finite_values(dt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        getattr(np, name)(*_args(name, n))  # NumPy computes it
    with pytest.raises(TypeError, match="no complex loop"):
        getattr(rp, name)(*_args(name, rp.asarray(n)))


@pytest.mark.parametrize("dt", CPLX)
@pytest.mark.parametrize("name", REFUSED)
def test_ufuncs_numpy_refuses_raise_type_error(dt, name):
    n = finite_values(dt)
    with pytest.raises(TypeError):
        getattr(np, name)(*_args(name, n))
    with pytest.raises(TypeError):
        getattr(rp, name)(*_args(name, rp.asarray(n)))


# Every reduction and sort of complex computes now: sum ... nanmin/nanmax in
# tests/python/test_complex_reductions.py, sort/argsort/unique in
# tests/python/test_complex_glue.py.


@pytest.mark.parametrize("dt", CPLX)
def test_other_refusals(dt):
    a = rp.asarray(finite_values(dt))
    m = a.reshape(2, 4)
    # delegated to NumPy (BLAS, its search): NumPy's values
    n, nm = np.asarray(a), np.asarray(m)
    # histogram: NumPy's (complex edges, its ComplexWarning on the bin indices)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for got, want in zip(rp.histogram(a), np.histogram(n)):
            same_bits(got, want)
    same_bits(rp.matmul(m, m.T), np.matmul(nm, nm.T))
    same_bits(m @ m.T, nm @ nm.T)
    same_bits(rp.asarray(rp.dot(a, a)), np.asarray(np.dot(n, n)))
    same_bits(rp.searchsorted(a, a), np.searchsorted(n, n))
    # NumPy's own refusals (same exception type)
    with pytest.raises(TypeError):
        np.bincount(np.asarray(a))
    with pytest.raises(TypeError):
        rp.bincount(a)
    with pytest.raises(TypeError):
        float(a[:1])
    with pytest.raises(TypeError):
        float(a[1:2].reshape(()))
    with pytest.raises(TypeError):
        int(a[1:2].reshape(()))
    with pytest.raises(TypeError):
        [0, 1][a[0:1].reshape(())]


@pytest.mark.parametrize("dt", CPLX)
def test_large_arrays_threaded_paths(dt):
    # past the parallel cutoffs of casts, gathers, masks and nonzero
    rng = np.random.default_rng(17)
    size = (1 << 17) + 3
    n = complex_pairs(rng.standard_normal(size), rng.standard_normal(size), dt)
    n[::7] = 0
    n[1::11] = complex(-0.0, 0.0)
    n[2::13] = complex(0.0, np.nan)
    a = rp.asarray(n)
    for d in ("bool", "int32", "float16", "float32", "float64") + tuple(CPLX):
        got, w_rp = run_warn(lambda: a.astype(d))
        want, w_np = run_warn(lambda: n.astype(d))
        same_bits(got, want)
        assert w_rp == w_np
        src = n.real.astype(d) if d not in CPLX else n.astype(d)
        same_bits(rp.asarray(src).astype(dt), src.astype(dt))
    idx = rng.integers(0, size, size // 2)
    same_bits(a[idx], n[idx])
    same_bits(a[::-3], n[::-3])
    mask = n.real > 0
    same_bits(a[rp.asarray(mask)], n[mask])
    same_bits(rp.where(rp.asarray(mask), a, a[::-1]), np.where(mask, n, n[::-1]))
    same_bits(rp.flatnonzero(a), np.flatnonzero(n))
    assert rp.count_nonzero(a) == np.count_nonzero(n)


@pytest.mark.parametrize("name", ["nanvar", "nanstd"])
def test_empty_nan_moments_as_numpy(name):
    # complex subtract/multiply exist now: NumPy's NaN result and its warnings
    e = np.zeros((0, 3), "complex64")
    for kw in ({}, {"axis": 0}):
        want, ww = run_warn(lambda: getattr(np, name)(e, **kw))
        got, gw = run_warn(lambda: getattr(rp, name)(rp.asarray(e), **kw))
        np.testing.assert_array_equal(np.asarray(got), want)
        assert np.asarray(got).dtype == np.asarray(want).dtype
        assert gw == ww
