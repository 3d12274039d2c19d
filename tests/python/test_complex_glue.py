"""Complex results at the package surface, differential against NumPy:
linalg (eig/eigvals with complex eigenvalues, the LAPACK routines and the
products on complex input, the norms), results of NumPy fallbacks
(float_power, ufuncs raptors lacks, NEP 18 functions) and the Array API
namespace (dtype listing, real/imag/conj, vecdot's conjugation, astype,
vector_norm). fft: tests/python/test_fft.py."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import raptors as rp
import raptors.array_api as xp
from test_linalg import _to_rp as to_rp, check  # NumPy's outcome: values, dtypes, errors, warnings


def cdata(shape, dtype="complex128", seed=0):
    g = np.random.default_rng(seed)
    return (g.standard_normal(shape) + 1j * g.standard_normal(shape)).astype(dtype)


# ---- linalg ------------------------------------------------------------------------


def test_eig_complex_eigenvalues_of_real_input():
    rot = np.array([[0.0, 1.0], [-1.0, 0.0]])
    for m in (rot, rot.astype(np.float32), np.stack([rot, 2 * rot]), np.zeros((0, 0))):
        check(np.linalg.eig, rp.linalg.eig, m)
        check(np.linalg.eigvals, rp.linalg.eigvals, m)
    w = rp.linalg.eigvals(rp.asarray(rot))
    assert isinstance(w, rp.ndarray) and w.dtype == np.complex128
    # computed on natively: the product of the eigenvalues is the determinant
    assert complex(rp.prod(w)) == pytest.approx(np.linalg.det(rot))
    # real eigenvalues: NumPy's real arrays, as raptors arrays
    check(np.linalg.eig, rp.linalg.eig, np.array([[2.0, 1.0], [0.0, 3.0]]))
    check(np.linalg.eig, rp.linalg.eig, np.array([[1.0, np.nan], [0.0, 1.0]]))
    check(np.linalg.eig, rp.linalg.eig, np.ones((2, 3)))  # NumPy's LinAlgError


LINALG_UNARY = ["eig", "eigvals", "eigh", "eigvalsh", "inv", "det", "slogdet", "svd", "svdvals",
                "qr", "pinv", "matrix_rank", "cond", "norm", "matrix_norm", "vector_norm",
                "cholesky", "matrix_power", "tensorinv"]


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", LINALG_UNARY)
def test_linalg_complex_input(name, dtype):
    a = cdata((2, 4, 4), dtype, seed=1)
    herm = a @ np.conj(np.swapaxes(a, -1, -2)) + 4 * np.eye(4)  # Hermitian positive definite
    args = {"matrix_power": (3,), "tensorinv": ()}.get(name, ())
    for m in (a, herm, a[0], herm[1].T, a[:, ::-1, ::2]):
        if name == "tensorinv":
            m = m.reshape(-1, m.shape[-1])[:4]
        check(getattr(np.linalg, name), getattr(rp.linalg, name), m, *args)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_linalg_complex_solve_lstsq(dtype):
    a, b = cdata((3, 3), dtype, 2), cdata((3, 2), dtype, 3)
    check(np.linalg.solve, rp.linalg.solve, a, b)
    check(np.linalg.solve, rp.linalg.solve, a, b.real.copy())  # mixed: complex result
    check(np.linalg.lstsq, rp.linalg.lstsq, a, b)
    check(np.linalg.solve, rp.linalg.solve, np.zeros((3, 3), dtype), b)  # LinAlgError


@pytest.mark.parametrize("ord", [None, 2, 1, np.inf, -np.inf, 0, 3])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_vector_norm_complex(ord, axis):
    """The native 2-norm is x * x summed, which complex input must not take
    (NumPy sums |x|^2): every complex norm is NumPy's."""
    z = cdata((5, 3), seed=4)
    z[0, 0] = 3 + 4j
    check(np.linalg.vector_norm, rp.linalg.vector_norm, z, axis=axis, ord=ord)
    check(np.linalg.vector_norm, rp.linalg.vector_norm, z.astype(np.complex64), axis=axis,
          ord=ord, keepdims=True)


@pytest.mark.parametrize("ord", [None, "fro", "nuc", 1, -1, 2, np.inf])
def test_matrix_norm_complex(ord):
    z = cdata((2, 4, 3), seed=5)
    kw = {} if ord is None else {"ord": ord}
    check(np.linalg.matrix_norm, rp.linalg.matrix_norm, z, **kw)
    check(np.linalg.norm, rp.linalg.norm, z[0], **kw)


PRODUCTS = {
    "matmul": lambda x, y: np.matmul(x, y), "dot": np.dot, "vdot": np.vdot,
    "inner": np.inner, "outer": np.outer, "tensordot": np.tensordot, "vecdot": np.vecdot,
    "kron": np.kron,
}


@pytest.mark.parametrize("dt2", ["complex64", "complex128", "float64", "int32"])
@pytest.mark.parametrize("dt1", ["complex64", "complex128"])
@pytest.mark.parametrize("name", list(PRODUCTS))
def test_products_complex(name, dt1, dt2):
    """NumPy's values (within rounding for the native small products) and
    dtypes, as raptors arrays."""
    a = cdata((3, 3), dt1, 6)
    b = cdata((3, 3), "complex128", 7).astype(dt2) if dt2[0] == "c" else \
        np.arange(9).reshape(3, 3).astype(dt2)
    fn_rp = getattr(rp, name)
    for x, y in ((a, b), (b, a), (a[0], b[:, 0]), (a[::-1], b.T)):
        if name == "tensordot":
            check(np.tensordot, fn_rp, x, y, 1)
            continue
        check(PRODUCTS[name], fn_rp, x, y, approx=name == "matmul")
    if name == "matmul":
        for x, y in ((a, b), (a[None], b), (a[0], b)):
            check(np.matmul, rp.linalg.matmul, x, y, approx=True)
            check(np.matmul, np.matmul, x, y, approx=True)  # NEP 13 on raptors operands


# ---- the native complex product (src/kernels/matmul.c) -------------------------------

CX_NATIVE_SHAPES = [
    ((8, 8), (8, 8)), ((5, 3), (3, 7)), ((100, 8, 8), (100, 8, 8)), ((3, 4, 16), (16, 16)),
    ((16, 16), (2, 16, 2)), ((1, 5, 4), (6, 4, 4)), ((7, 9), (9, 17)), ((0, 4), (4, 4)),
    ((4, 0), (0, 4)), ((2, 0, 3), (3, 8)), ((4, 1), (1, 1)), ((9, 33), (33, 70)),
    ((5,), (5, 3)), ((4, 5), (5,)), ((2, 4, 5), (5,)), ((5,), (3, 5, 2)), ((5,), (5,)),
    ((64, 64), (64, 64)), ((13, 64), (64, 50)), ((64, 64), (64, 65)),  # the size cut
    ((5, 4), (3, 2)),  # NumPy's error
]


@pytest.mark.parametrize("sa,sb", CX_NATIVE_SHAPES)
@pytest.mark.parametrize("dt", ["complex64", "complex128"])
def test_native_complex_matmul(sa, sb, dt):
    a, b = cdata(sa, dt, 1), cdata(sb, dt, 2)
    check(np.matmul, rp.matmul, a, b, approx=True)
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, approx=True)
    # other layouts (transposed, strided, negative steps) go to NumPy
    if len(sa) == 2 and len(sb) == 2 and sa[1] == sb[0]:
        for x, y in ((a[::-1], b), (np.asfortranarray(a), b[:, ::-1])):
            check(np.matmul, rp.matmul, x, y, approx=True)


def test_native_complex_matmul_size_cut_and_error_bound():
    nat = rp._raptors._matmul_native
    for dt in ("complex64", "complex128"):
        a, b = cdata((64, 64), dt, 1), cdata((64, 65), dt, 2)
        assert nat(rp.asarray(a), rp.asarray(a)) is not NotImplemented
        assert nat(rp.asarray(a), rp.asarray(b)) is NotImplemented
        np.testing.assert_array_equal(np.asarray(rp.asarray(a) @ rp.asarray(b)), a @ b)
        eps = np.finfo(dt).eps
        for n in (1, 2, 3, 8, 9, 16, 31, 64):
            x, y = cdata((20, n, n), dt, n), cdata((20, n, n), dt, n + 1)
            got = np.asarray(rp.asarray(x) @ rp.asarray(y))
            exact = x.astype(np.clongdouble) @ y.astype(np.clongdouble)
            # each complex product within ~2 eps of its magnitude, n - 1 adds
            bound = (n + 2) * 2 * eps * (np.abs(x).astype(np.longdouble) @ np.abs(y))
            assert np.all(np.abs(got - exact) <= bound), (dt, n)


def _plain_complex_matmul(a, b):
    """Each term (ar br - ai bi, ar bi + ai br) in the parts' dtype, summed in
    order of k from zero: the values the native kernel promises."""
    t = a.real.dtype
    sr = np.zeros((a.shape[0], b.shape[1]), t)
    si = np.zeros_like(sr)
    with np.errstate(all="ignore"):
        for p in range(a.shape[1]):
            ar, ai = a.real[:, p, None], a.imag[:, p, None]
            br, bi = b.real[None, p], b.imag[None, p]
            sr = sr + (ar * br - ai * bi)
            si = si + (ar * bi + ai * br)
    return sr, si


@pytest.mark.parametrize("dt", ["complex64", "complex128"])
def test_native_complex_matmul_special_values(dt):
    rng = np.random.default_rng(3)
    specials = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 1e300, -1e-300])
    for seed in range(20):
        m, k, n = rng.integers(1, 10, 3)
        a, b = cdata((m, k), dt, seed), cdata((k, n), dt, seed + 100)
        for x in (a, b):
            v = x.reshape(-1).view(x.real.dtype)
            with np.errstate(over="ignore"):
                v[rng.integers(0, v.size, 3)] = rng.choice(specials, 3)
        got = np.asarray(rp.asarray(a) @ rp.asarray(b))
        sr, si = _plain_complex_matmul(a, b)
        for g, w in ((got.real, sr), (got.imag, si)):
            nan = np.isnan(w)
            assert np.array_equal(np.isnan(g), nan), (seed, a, b)
            assert np.array_equal(g[~nan], w[~nan]), (seed, a, b)
    # NumPy's warnings and errstate for an overflow
    big = np.full((4, 4), (1e38 + 1e38j) if dt == "complex64" else (1e308 + 1e308j), dt)
    check(np.matmul, rp.matmul, big, big, approx=True)
    with np.errstate(over="raise"):
        check(np.matmul, rp.matmul, big, big)


def test_numpy_linalg_on_raptors_arrays_nep18():
    """np.linalg.* called on raptors arrays (NEP 18, NumPy's function on
    views): raptors arrays in NumPy's namedtuple classes, complex included."""
    rot = np.array([[0.0, 1.0], [-1.0, 0.0]])
    z = cdata((3, 3), seed=14)
    for fn, a in ((np.linalg.eig, rot), (np.linalg.eig, z), (np.linalg.eigvals, rot),
                  (np.linalg.svd, z), (np.linalg.eigh, z + z.conj().T), (np.linalg.slogdet, z),
                  (np.linalg.qr, z), (np.linalg.inv, z), (np.linalg.det, z)):
        want, got = fn(a), fn(rp.asarray(a))
        if isinstance(want, tuple):
            assert type(got) is type(want), fn
            for g, w in zip(got, want):
                assert isinstance(g, rp.ndarray) or type(g) is type(w), fn
                np.testing.assert_array_equal(np.asarray(g), w, strict=True)
        else:
            assert isinstance(got, rp.ndarray) or type(got) is type(want), fn
            np.testing.assert_array_equal(np.asarray(got), want, strict=True)


def test_vecdot_conjugates_first_argument():
    x, y = cdata((4, 3), seed=8), cdata((3,), seed=9)
    for fn_np, fn_rp in ((np.vecdot, rp.vecdot), (np.linalg.vecdot, rp.linalg.vecdot),
                         (np.vecdot, xp.vecdot), (np.linalg.vecdot, xp.linalg.vecdot)):
        want = fn_np(x, y)
        got = fn_rp(rp.asarray(x), rp.asarray(y))
        assert isinstance(got, rp.ndarray)
        np.testing.assert_array_equal(np.asarray(got), want, strict=True)
    np.testing.assert_allclose(np.asarray(xp.vecdot(rp.asarray(x), rp.asarray(y))),
                               (np.conj(x) * y).sum(-1), rtol=1e-12)
    r = xp.vecdot(rp.asarray(y), rp.asarray(y))  # a 0-d array in the namespace
    assert isinstance(r, rp.ndarray) and r.ndim == 0


# ---- results of NumPy fallbacks -----------------------------------------------------


def test_fallback_ufunc_results_are_raptors():
    z = cdata((4, 3), "complex64", seed=10)
    r = rp.asarray(z)
    check(np.float_power, rp.float_power, z, 2)
    check(np.float_power, rp.float_power, z, z)
    check(np.float_power, rp.float_power, np.arange(3.0), 1j)
    # NEP 13: a NumPy ufunc raptors has no complex loop for, run in NumPy
    want = np.float_power(z, 0.5)
    got = np.float_power(r, 0.5)
    assert isinstance(got, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(got), want, strict=True)
    # NEP 18: a NumPy function raptors does not implement
    for fn, args in ((np.polyval, (z[0], z[1])), (np.sort_complex, (z[0],)),
                     (np.fft.fftshift, (z,))):
        want = fn(*args)
        got = fn(*to_rp(args))
        assert isinstance(got, rp.ndarray), fn
        np.testing.assert_array_equal(np.asarray(got), want, strict=True)
    assert "float_power" in rp.numpy_fallbacks()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True, width=128),
                min_size=0, max_size=12),
       st.sampled_from([0.5, 2, -1, 1j, 2.5 - 1j]))
def test_float_power_complex_hypothesis(vals, p):
    z = np.array(vals, dtype=np.complex128)
    check(np.float_power, rp.float_power, z, p)


def test_to_raptors_keeps_what_raptors_cannot_hold():
    from raptors._ufuncs import _to_raptors

    for dt in ("complex64", "complex128", "float16"):
        a = np.ones(3, dt)
        r = _to_raptors(a)
        assert isinstance(r, rp.ndarray) and r.dtype == a.dtype
        assert np.shares_memory(np.asarray(r), a)
    for a in (np.ones(3, ">c16"), np.ones(3, np.clongdouble), np.ones(3, "U2")):
        assert _to_raptors(a) is a


# ---- the Array API namespace --------------------------------------------------------


def test_namespace_info_lists_complex():
    info = xp.__array_namespace_info__()
    assert info.default_dtypes()["complex floating"] == np.complex128
    assert list(info.dtypes(kind="complex floating")) == ["complex64", "complex128"]
    assert "complex128" in info.dtypes(kind="numeric") and "complex64" in info.dtypes()
    for dt in info.dtypes().values():  # every listed dtype computes
        x = xp.ones(3, dtype=dt)
        assert (x + x).dtype == dt or dt == np.bool_


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_array_api_complex_functions(dtype):
    z = cdata((3, 4), dtype, seed=11)
    x = xp.asarray(z)
    for name in ("real", "imag", "conj", "abs", "sqrt", "exp", "log", "sign", "square",
                 "isnan", "isfinite", "positive", "negative"):
        got = getattr(xp, name)(x)
        want = getattr(np, name)(z)
        assert isinstance(got, rp.ndarray), name
        g = np.asarray(got)
        assert g.dtype == want.dtype, name
        if name in ("exp", "log"):  # raptors' own vector formulas: a few ulp (docs/ufuncs.md)
            np.testing.assert_allclose(g, want, rtol=8 * np.finfo(want.dtype).eps)
        else:
            np.testing.assert_array_equal(g, want, strict=True)
    for kind, want in (("complex floating", True), ("real floating", False), ("numeric", True),
                       ("integral", False), (("bool", "complex floating"), True)):
        assert xp.isdtype(x.dtype, kind) is want
    assert xp.astype(x, np.complex128).dtype == np.complex128
    with pytest.warns(np.exceptions.ComplexWarning):
        r = xp.astype(x, np.float64)
    np.testing.assert_array_equal(np.asarray(r), z.real.astype(np.float64))
    s = xp.sum(x)
    assert isinstance(s, rp.ndarray) and s.ndim == 0 and s.dtype == np.dtype(dtype)
    n = xp.linalg.vector_norm(x)
    assert isinstance(n, rp.ndarray) and n.ndim == 0
    assert np.asarray(n) == np.linalg.vector_norm(z)


# ---- sorting and sets (NumPy's complex order: real part, then imaginary, NaNs last) --

SPECIAL = [0j, -0.0 + 0j, 1 - 1j, 1 + 2j, complex(np.nan, 0), complex(0, np.nan),
           complex(np.inf, -1), complex(-np.inf, np.nan), 3 + 1j, 1 - 1j]

SORTS = {
    "sort": lambda m, x, **k: m.sort(x, **k),
    "sort_stable": lambda m, x, **k: m.sort(x, kind="stable", **k),
    "argsort": lambda m, x, **k: m.argsort(x, kind="stable", **k),
    "partition": lambda m, x, **k: m.partition(x, 2, **k),
    "argpartition_kth": lambda m, x, **k: m.take_along_axis(
        x, m.argpartition(x, 2, **k), axis=k.get("axis", -1))[..., 2:3] if "axis" in k
        else m.take(x, m.argpartition(x, 2, **k))[2],
    "unique": lambda m, x, **k: m.unique(x, return_index=True, return_inverse=True,
                                         return_counts=True),
    # the Array API's: raptors' in sorted order, which NumPy 2.4's hash-based
    # unique_values does not keep; np.unique(equal_nan=False) is the reference
    "unique_values": lambda m, x, **k: m.unique_values(x) if m is rp
    else np.unique(x, equal_nan=False),
    "unique_inverse": lambda m, x, **k: tuple(m.unique_inverse(x)) if m is rp
    else np.unique(x, return_inverse=True, equal_nan=False),
    "unique_all": lambda m, x, **k: tuple(m.unique_all(x)) if m is rp
    else np.unique(x, True, True, True, equal_nan=False),
    "isin": lambda m, x, **k: m.isin(x, x.reshape(-1)[::3]),
    "intersect1d": lambda m, x, **k: m.intersect1d(x, x.reshape(-1)[:5], return_indices=True),
    "setxor1d": lambda m, x, **k: m.setxor1d(x, x.reshape(-1)[:5]),
    "setdiff1d": lambda m, x, **k: m.setdiff1d(x, x.reshape(-1)[:5]),
    "union1d": lambda m, x, **k: m.union1d(x, x.reshape(-1)[:5]),
}


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", list(SORTS))
def test_sorting_complex(name, dtype):
    base = np.array(SPECIAL * 2, dtype=dtype).reshape(4, 5)
    for x in (base, base.T, base[:, ::-1], base.reshape(-1), base[:0]):
        kws = [{}] if name.startswith(("unique", "isin", "intersect", "setdiff", "union")) \
            else [{}, {"axis": 0}, {"axis": None}]
        if name in ("unique_inverse", "unique_all"):
            # NaNs, each its own value, map to NaN slots in input order
            # (docs: README, as for real NaNs); NumPy's order among them differs
            x = np.where(np.isnan(x), 5 + 5j, x).astype(dtype)
        for kw in kws:
            if x.size == 0 and name.startswith(("partition", "argpartition")):
                continue
            if kw.get("axis") is None and "axis" in kw and name == "argpartition_kth":
                continue
            check(lambda a: SORTS[name](np, a, **kw), lambda a: SORTS[name](rp, a, **kw), x)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(SPECIAL) | st.complex_numbers(min_magnitude=0, max_magnitude=4),
                min_size=0, max_size=20),
       st.sampled_from(["complex64", "complex128"]))
def test_sorting_complex_hypothesis(vals, dtype):
    x = np.array(vals, dtype=dtype)
    check(lambda a: np.sort(a), rp.sort, x)
    check(lambda a: np.argsort(a, kind="stable"), lambda a: rp.argsort(a, kind="stable"), x)
    check(lambda a: np.unique(a, return_inverse=True, return_counts=True),
          lambda a: rp.unique(a, return_inverse=True, return_counts=True), x)
    if not np.isnan(x).any():
        check(lambda a: np.unique(a, True, True, True, equal_nan=False),
              lambda a: tuple(rp.unique_all(a)), x)
    check(lambda a: np.isin(a, a[::2]), lambda a: rp.isin(a, a[::2]), x)


def test_sort_method_complex_in_place():
    z = cdata((3, 6), seed=12)
    r = rp.asarray(z.copy())
    r.sort(axis=0)
    np.testing.assert_array_equal(np.asarray(r), np.sort(z, axis=0), strict=True)
    r = rp.asarray(z.copy())
    r.partition(2)
    assert (np.asarray(r)[:, 2] == np.sort(z, axis=-1)[:, 2]).all()


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_sort_complex_native_lengths_and_layouts(dtype):
    """raptors' own complex sort (src/core/sort_complex.c): NumPy's stable
    order over lengths across its runs and merges, equal keys (signed zeros,
    NaN parts) kept in order, every layout and axis, descending stable."""
    rng = np.random.default_rng(4)
    parts = np.array([0.0, -0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf])
    for n in (1, 15, 16, 17, 31, 32, 33, 64, 65, 200, 1025):
        with np.errstate(invalid="ignore"):
            x = (rng.choice(parts, 3 * n) + 1j * rng.choice(parts, 3 * n)).astype(dtype)
        x = x.reshape(3, n)
        for v in (x, x[:, ::-1], x.T, np.asfortranarray(x)):
            for ax in (-1, 0, None):
                check(lambda a: np.sort(a, axis=ax, kind="stable"),
                      lambda a: rp.sort(a, axis=ax), v)
                check(lambda a: np.argsort(a, axis=ax, kind="stable"),
                      lambda a: rp.argsort(a, axis=ax), v)
        r = xp.asarray(x)
        want = np.flip(np.sort(np.flip(x, -1), axis=-1, kind="stable"), -1)
        np.testing.assert_array_equal(np.asarray(xp.sort(r, descending=True)), want)


# ---- statistics on complex input --------------------------------------------------


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_cov_corrcoef_digitize_complex(dtype):
    """cov is Hermitian (X @ X^H, as NumPy's), corrcoef divides by the real
    standard deviations and clips each part; digitize refuses complex x."""
    z = cdata((3, 6), dtype, seed=13)
    w = np.arange(1, 7)
    for kw in ({}, {"rowvar": False}, {"bias": True}, {"fweights": w}, {"aweights": w / 7},
               {"ddof": 0}):
        want = np.cov(z, **kw)
        got = rp.cov(rp.asarray(z), **kw)
        assert isinstance(got, rp.ndarray) and np.asarray(got).dtype == want.dtype
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5 if dtype == "complex64"
                                   else 1e-12)
    for args in ((z,), (z[0], z[1]), (z.T, None, False)):
        want = np.corrcoef(*args)
        got = rp.corrcoef(*to_rp(args))
        assert isinstance(got, rp.ndarray) and np.asarray(got).dtype == want.dtype
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5 if dtype == "complex64"
                                   else 1e-12, atol=1e-6)
    check(np.digitize, rp.digitize, z[0], np.arange(3.0))
