"""Products and raptors.linalg, differential against NumPy: the same call
on NumPy arrays and on raptors arrays holding the same values must give the
same values (bit for bit: the same BLAS/LAPACK does the work), the same
dtypes, raptors arrays for NumPy arrays (namedtuples of NumPy's classes),
and the same exception types and messages."""

import itertools
import warnings

import numpy as np
import pytest

import raptors as rp

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float32", "float64"]


def _data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    if dt.kind in "iu":
        return rng.integers(0, 5, shape).astype(dt)
    return (rng.random(shape) * 4 - 2).astype(dt)


def _spd(n, batch=(), seed=0):
    a = _data(batch + (n, n), "float64", seed)
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def _to_rp(x):
    if isinstance(x, np.ndarray):
        return rp.asarray(x)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_rp(v) for v in x)
    return x


def _outcome(fn, *args, **kw):
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = fn(*args, **kw)
        return "ok", r, [(x.category, str(x.message)) for x in w]
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return "err", e, None


def _same_result(got, want, approx=False):
    """approx: float arrays may differ by rounding (raptors' native small
    products sum in another order than BLAS): within 64 ulps of the largest
    magnitude, a bound for the short sums these tests use."""
    if isinstance(want, tuple):
        assert type(got) is type(want), (type(got), type(want))
        assert len(got) == len(want)
        for g, w in zip(got, want):
            _same_result(g, w, approx)
        return
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want)
        for g, w in zip(got, want):
            _same_result(g, w)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, rp.ndarray), type(got)
        g = np.asarray(got)
        assert g.dtype == want.dtype and g.shape == want.shape, (g.dtype, g.shape, want.dtype,
                                                                   want.shape)
        if approx and want.dtype.kind == "c" and want.size:
            # complex (raptors' small native products): finite values within
            # rounding, non-finite ones non-finite (where infinities meet,
            # BLAS's arithmetic and the plain complex formula may differ)
            fin = np.isfinite(want)
            scale = max(1.0, float(np.max(np.abs(want[fin]), initial=0)))
            np.testing.assert_allclose(g[fin], want[fin], rtol=0,
                                       atol=64 * np.finfo(want.dtype).eps * scale)
            assert not np.isfinite(g[~fin]).any()
            return
        if approx and want.dtype.kind == "f" and want.size:
            tol = 64 * np.finfo(want.dtype).eps * max(1.0, float(np.max(np.abs(want[np.isfinite(want)]), initial=0)))
            fin = np.isfinite(want)
            np.testing.assert_allclose(g[fin], want[fin], rtol=0, atol=tol)
            np.testing.assert_array_equal(g[~fin], want[~fin])
            return
        np.testing.assert_array_equal(g, want, strict=True)
        return
    if isinstance(want, np.generic):
        assert type(got) is type(want), (type(got), type(want))
        if approx and want.dtype.kind == "f" and np.isfinite(want):
            tol = 64 * np.finfo(want.dtype).eps * max(1.0, abs(float(want)))
            np.testing.assert_allclose(got, want, rtol=0, atol=tol)
            return
    np.testing.assert_array_equal(got, want)


def check(fn_np, fn_rp, *args, approx=False, **kw):
    """fn_rp on raptors copies of the NumPy arguments behaves as fn_np."""
    want = _outcome(fn_np, *args, **kw)
    got = _outcome(fn_rp, *_to_rp(args), **{k: _to_rp(v) for k, v in kw.items()})
    if want[0] == "err":
        assert got[0] == "err", f"NumPy raised {want[1]!r}, raptors returned {got[1]!r}"
        assert type(got[1]) is type(want[1]) and str(got[1]) == str(want[1]), (got[1], want[1])
        return
    assert got[0] == "ok", f"raptors raised {got[1]!r}; NumPy returned {want[1]!r}"
    _same_result(got[1], want[1], approx)
    assert got[2] == want[2]


# ---- matmul and @ -----------------------------------------------------------------

MATMUL_SHAPES = [
    ((3, 4), (4, 5)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,)), ((2, 3, 4), (4, 2)),
    ((2, 1, 3, 4), (5, 4, 2)), ((0, 3), (3, 2)), ((2, 0), (0, 3)), ((3, 4), (5, 2)),
    ((), (3,)), ((2, 3, 4), (3, 4, 2)),
]


@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES)
def test_matmul_shapes(sa, sb):
    a, b = _data(sa, "float64", 1), _data(sb, "float64", 2)
    check(np.matmul, rp.matmul, a, b, approx=True)
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, approx=True)


@pytest.mark.parametrize("da,db", list(itertools.product(DTYPES, DTYPES)))
def test_matmul_every_dtype_pair(da, db):
    a, b = _data((2, 3, 4), da, 1), _data((4, 3), db, 2)
    check(np.matmul, rp.matmul, a, b, approx=True)
    check(np.dot, rp.dot, a[0], b)


def test_matmul_operators_with_numpy_operands():
    a, b = _data((3, 4), "float64", 1), _data((4, 2), "float64", 2)
    ra, rb = rp.asarray(a), rp.asarray(b)
    for got in (ra @ b, a @ rb, np.matmul(a, rb), ra.__rmatmul__(a.T.copy()).T):
        assert isinstance(got, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(ra @ b), a @ b)
    np.testing.assert_array_equal(np.asarray(a @ rb), a @ b)
    np.testing.assert_array_equal(np.asarray(ra.__rmatmul__(a.T.copy())), a.T @ a)
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, "text")


def test_imatmul_in_place_and_errors():
    a, b = _data((3, 3), "float64", 1), _data((3, 3), "float64", 2)
    ra = rp.asarray(a.copy())
    keep = ra
    ra @= rp.asarray(b)
    assert ra is keep
    np.testing.assert_array_equal(np.asarray(ra), a @ b)
    ra @= b  # a NumPy operand
    np.testing.assert_array_equal(np.asarray(ra), a @ b @ b)

    def imm(x, y):
        x @= y
        return x

    check(imm, imm, a.copy(), _data((3, 2), "float64"))  # shape would change
    check(imm, imm, _data((3, 3), "int64"), b)  # same_kind casting
    check(imm, imm, _data((3, 3), "float64"), _data((3, 3), "int32"))
    ro = rp.asarray(a.copy())
    ro.flags.writeable = False
    with pytest.raises(ValueError):
        ro @= b


def test_matmul_out_writes_raptors_memory():
    a, b = _data((2, 3, 4), "float32", 1), _data((4, 5), "float32", 2)
    out = rp.zeros((2, 3, 5), dtype="float64")
    r = rp.matmul(rp.asarray(a), rp.asarray(b), out=out)
    assert r is out
    np.testing.assert_array_equal(np.asarray(out), np.matmul(a, b, out=np.zeros((2, 3, 5))))
    out2 = rp.zeros((3, 5), dtype="float32")
    assert rp.dot(rp.asarray(a[0]), rp.asarray(b), out=out2) is out2
    np.testing.assert_array_equal(np.asarray(out2), np.dot(a[0], b))
    # a NumPy out= is NumPy's array, returned as NumPy returns it
    nout = np.zeros((2, 3, 5), np.float32)
    assert rp.matmul(rp.asarray(a), b, out=nout) is nout
    check(lambda x, y, out: np.matmul(x, y, out=out), lambda x, y, out: rp.matmul(x, y, out=out),
          a, b, np.zeros((3, 5), np.float32))
    check(lambda x, y: np.matmul(x, y, dtype=np.float64),
          lambda x, y: rp.matmul(x, y, dtype=np.float64), a, b)


# ---- the other products ----------------------------------------------------------

PRODUCTS = [
    ("dot", ((3, 4), (4, 2))), ("dot", ((2, 3, 4), (5, 4, 2))), ("dot", ((4,), (4,))),
    ("dot", ((), (3,))), ("dot", ((3,), (4,))),
    ("vdot", ((3, 2), (2, 3))), ("vdot", ((3,), (4,))),
    ("inner", ((2, 4), (3, 4))), ("inner", ((4,), (4,))), ("inner", ((0,), (0,))),
    ("outer", ((3,), (2, 2))), ("outer", ((0,), (3,))),
    ("vecdot", ((2, 3), (3,))), ("vecdot", ((2, 1, 4), (3, 4))), ("vecdot", ((3,), (4,))),
    ("matvec", ((2, 3, 4), (4,))), ("matvec", ((3, 4), (3,))),
    ("vecmat", ((3,), (2, 3, 4))), ("vecmat", ((4,), (3, 4))),
    ("kron", ((2, 2), (3,))), ("kron", ((2, 1, 2), (2, 3))),
    ("cross", ((4, 3), (3,))), ("cross", ((2,), (3,))), ("cross", ((4,), (4,))),
]


@pytest.mark.parametrize("name,shapes", PRODUCTS)
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "int64", "float32", "float64"])
def test_products(name, shapes, dtype):
    a, b = _data(shapes[0], dtype, 1), _data(shapes[1], dtype, 2)
    check(getattr(np, name), getattr(rp, name), a, b)


@pytest.mark.parametrize("name", ["vecdot", "matvec", "vecmat", "dot", "inner", "outer", "cross",
                                  "kron", "vdot", "tensordot"])
def test_products_mixed_dtypes(name):
    shapes = {"matvec": ((3, 4), (4,)), "vecmat": ((3,), (3, 4)), "cross": ((2, 3), (3,))}
    sa, sb = shapes.get(name, ((2, 3), (2, 3)) if name in ("vecdot", "kron", "vdot", "outer")
                        else ((2, 3), (3, 2)) if name in ("dot", "tensordot") else ((2, 3), (4, 3)))
    for da, db in [("bool", "int8"), ("uint8", "int8"), ("int64", "uint64"), ("int32", "float32"),
                   ("bool", "float64"), ("uint16", "float32")]:
        check(getattr(np, name), getattr(rp, name), _data(sa, da, 1), _data(sb, db, 2))


@pytest.mark.parametrize("axes", [2, 0, 1, ([1, 0], [0, 1]), ([2], [0]), (3, 2)])
def test_tensordot(axes):
    a, b = _data((3, 4, 5), "float64", 1), _data((4, 3, 2), "float64", 2)
    if axes == ([2], [0]):
        b = _data((5, 2), "float64", 2)
    check(np.tensordot, rp.tensordot, a, b, axes=axes)


def test_ufunc_products_options_and_out():
    a, b = _data((2, 3, 4), "float64", 1), _data((4,), "float64", 2)
    check(lambda x, y: np.vecdot(x, y, axis=1), lambda x, y: rp.vecdot(x, y, axis=1),
          a, _data((3, 1), "float64"))
    check(lambda x, y: np.matvec(x, y, dtype=np.float32), lambda x, y: rp.matvec(x, y, dtype=np.float32),
          a, b)
    out = rp.zeros((2, 3))
    assert rp.matvec(rp.asarray(a), rp.asarray(b), out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.matvec(a, b))
    out = rp.zeros((3,), dtype="int64")
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        rp.outer(rp.asarray(a[0, 0]), rp.asarray([1.0, 2.0, 3.0, 4.0])[:3], out=out)


@pytest.mark.parametrize("dtype", ["bool", "int16", "uint64", "float32", "float64"])
def test_trace_diagonal(dtype):
    a = _data((3, 4, 5), dtype, 1)
    for kw in ({}, {"offset": 1}, {"offset": -2, "axis1": 1, "axis2": 2}, {"offset": 9}):
        check(np.trace, rp.trace, a, **kw)
        check(np.diagonal, rp.diagonal, a, **kw)
    check(np.trace, rp.trace, a, dtype=np.float32)
    check(np.trace, rp.trace, a[0, 0])  # 1-D: ValueError
    ra = rp.asarray(a[0])
    np.testing.assert_array_equal(np.asarray(ra.trace(1)), a[0].trace(1))
    assert ra.trace().dtype == a[0].trace().dtype
    np.testing.assert_array_equal(np.asarray(ra.dot(rp.asarray(a[0].T))), a[0].dot(a[0].T))
    out = rp.zeros((5,), dtype="float64")
    assert rp.trace(rp.asarray(a), out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.trace(a, out=np.zeros(5)))


EINSUMS = [
    ("ij,jk->ik", [(3, 4), (4, 2)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]), ("ij->ji", [(2, 3)]), ("i,i", [(4,), (4,)]), ("i,j->ij", [(2,), (3,)]),
    ("...ij,...jk", [(2, 3, 4), (4, 2)]), ("ijk,jil->kl", [(3, 2, 4), (2, 3, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("i->", [(0,)]), ("ij,jk", [(2, 3), (4, 2)]),
]


@pytest.mark.parametrize("subs,shapes", EINSUMS)
@pytest.mark.parametrize("dtype", ["bool", "int32", "uint8", "float32", "float64"])
def test_einsum(subs, shapes, dtype):
    ops = [_data(s, dtype, i) for i, s in enumerate(shapes)]
    check(np.einsum, rp.einsum, subs, *ops)
    if dtype == "float64":
        check(lambda *o: np.einsum(subs, *o, optimize=True),
              lambda *o: rp.einsum(subs, *o, optimize=True), *ops)
        check(lambda *o: np.einsum(subs, *o, optimize="greedy"),
              lambda *o: rp.einsum(subs, *o, optimize="greedy"), *ops)


EINSUMS_AS_MATMUL = [
    ("ij,jk->ik", [(20, 30), (30, 25)]), ("ij,jk", [(20, 30), (30, 25)]),
    ("bij,bjk->bik", [(4, 16, 17), (4, 17, 18)]), ("ij,kj->ik", [(20, 30), (25, 30)]),
    ("ji,jk->ki", [(30, 20), (30, 25)]), ("ijk,jil->kl", [(8, 9, 10), (9, 8, 11)]),
    ("bij,bkj->kbi", [(3, 12, 20), (3, 14, 20)]), ("i j , j k -> k i", [(20, 30), (30, 25)]),
    ("abc,cd->dab", [(4, 5, 40), (40, 6)]),
]


@pytest.mark.parametrize("subs,shapes", EINSUMS_AS_MATMUL)
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int64", "float32", "float64"])
@pytest.mark.parametrize("layout", ["C", "T"])
def test_einsum_as_matmul(subs, shapes, dtype, layout):
    # two operands whose labels are batch, contracted and free ones run as a
    # matmul (raptors._einsum): integers and bools exactly NumPy's einsum
    # (wrapping sums, OR of ANDs), floats within rounding of another order
    from raptors import _einsum
    ops = [_data(s, dtype, i) for i, s in enumerate(shapes)]
    if dtype in ("int8", "uint16", "int64"):
        ops = [o * 57 for o in ops]  # int8 products and sums wrap
    if layout == "T":  # transposed (non-contiguous) operands of the same shapes
        ops = [np.ascontiguousarray(o.T).T for o in ops]
    check(np.einsum, rp.einsum, subs, *ops, approx=True)
    r = [rp.asarray(o) for o in ops]
    assert _einsum.as_matmul(subs, r[0], r[1], rp.matmul) is not None


@pytest.mark.parametrize("subs,shapes", [
    ("ij,jk->ik", [(20, 30), (31, 25)]),      # size mismatch: NumPy's ValueError
    ("ii,ij->ij", [(30, 30), (30, 30)]),      # a repeated label (a diagonal)
    ("ij,jk->i", [(20, 30), (30, 25)]),       # k summed from one operand alone
    ("...ij,...jk", [(2, 20, 30), (30, 25)]),  # an ellipsis
    ("ij,jk->ikk", [(20, 30), (30, 25)]),     # a repeated output label: NumPy's error
    ("bi,bi->b", [(200, 64), (200, 64)]),     # a dot per batch element
    ("ij,jk,kl->il", [(20, 30), (30, 25), (25, 10)]),
    ("\u00e9j,jk->\u00e9k", [(20, 30), (30, 25)]),  # a non-ASCII letter: NumPy's error
])
def test_einsum_not_a_matmul_goes_to_numpy(subs, shapes):
    from raptors import _einsum
    ops = [_data(s, "float64", i) for i, s in enumerate(shapes)]
    check(np.einsum, rp.einsum, subs, *ops, approx=True)
    if len(ops) == 2:
        r = [rp.asarray(o) for o in ops]
        assert _einsum.as_matmul(subs, r[0], r[1], rp.matmul) is None
    # mixed dtypes and out= too
    a, b = _data((20, 30), "float64", 1), _data((30, 25), "float32", 2)
    check(np.einsum, rp.einsum, "ij,jk->ik", a, b, approx=True)
    assert _einsum.as_matmul("ij,jk->ik", rp.asarray(a), rp.asarray(b), rp.matmul) is None


def test_einsum_sublists_out_and_path():
    a, b = _data((3, 4), "float64", 1), _data((4, 2), "int16", 2)
    check(np.einsum, rp.einsum, a, [0, 1], b, [1, 2], [0, 2])
    check(lambda *o: np.einsum("ij,jk", *o, dtype=np.float32),
          lambda *o: rp.einsum("ij,jk", *o, dtype=np.float32), a, b)
    out = rp.zeros((3, 2))
    assert rp.einsum("ij,jk->ik", rp.asarray(a), rp.asarray(b), out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.einsum("ij,jk->ik", a, b))
    c = _data((2, 3), "float64", 3)
    want = np.einsum_path("ij,jk,kl", a, b, c, optimize="greedy")
    got = rp.einsum_path("ij,jk,kl", rp.asarray(a), rp.asarray(b), rp.asarray(c),
                         optimize="greedy")
    assert got == want


# ---- raptors.linalg ----------------------------------------------------------------


def test_namespace():
    assert rp.linalg.LinAlgError is np.linalg.LinAlgError
    for name in rp.linalg.__all__:
        assert hasattr(rp.linalg, name), name
    assert hasattr(rp, "linalg")


SQUARE_FUNCS = ["det", "inv", "slogdet", "eigh", "eigvalsh", "cholesky", "qr", "svd", "svdvals",
                "pinv", "matrix_rank", "cond", "matrix_norm", "norm", "eigvals", "eig"]


@pytest.mark.parametrize("name", SQUARE_FUNCS)
@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3), (0, 0), (2, 0, 0), (3, 2, 2, 2), (4,),
                                   (3, 4)])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "bool"])
def test_linalg_square(name, shape, dtype):
    if dtype == "bool" and name not in ("det", "inv", "norm", "matrix_norm"):
        shape = shape[:1] if len(shape) == 1 else shape
    a = _data(shape, dtype, 3) if name not in ("eigh", "eigvalsh", "cholesky", "eig", "eigvals") \
        else (_spd(shape[-1], shape[:-2]) if len(shape) >= 2 and shape[-1] == shape[-2]
              else _data(shape, "float64", 3)).astype(dtype if dtype != "bool" else "float64")
    check(getattr(np.linalg, name), getattr(rp.linalg, name), a, approx=name == "matrix_norm")


@pytest.mark.parametrize("name", ["inv", "det", "slogdet", "solve", "cholesky", "eigh", "svd",
                                  "eigvalsh", "pinv", "matrix_rank", "qr", "lstsq", "cond"])
def test_linalg_singular_and_nan(name):
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    nan = np.array([[1.0, np.nan], [2.0, 4.0]])
    notpd = np.array([[1.0, 2.0], [2.0, 1.0]])
    fn_np, fn_rp = getattr(np.linalg, name), getattr(rp.linalg, name)
    for a in (sing, nan, notpd, np.stack([sing, np.eye(2)])):
        if name in ("solve", "lstsq"):
            b = np.ones(a.shape[:-1]) if name == "lstsq" or a.ndim == 2 else np.ones(a.shape[:-1] + (1,))
            if name == "lstsq" and a.ndim > 2:
                continue
            check(fn_np, fn_rp, a, b)
        else:
            check(fn_np, fn_rp, a)


@pytest.mark.parametrize("bshape", [(3,), (3, 2), (2, 3, 1), (2, 3)])
@pytest.mark.parametrize("ashape", [(3, 3), (2, 3, 3)])
def test_solve(ashape, bshape):
    a = _spd(3, ashape[:-2], 1)
    check(np.linalg.solve, rp.linalg.solve, a, _data(bshape, "float64", 2))
    check(np.linalg.solve, rp.linalg.solve, a.astype(np.float32), _data(bshape, "int32", 2))


@pytest.mark.parametrize("kw", [{}, {"ord": 1}, {"ord": np.inf}, {"ord": -np.inf}, {"ord": 0},
                                {"ord": 3}, {"axis": 1}, {"axis": (0, 2)}, {"keepdims": True},
                                {"ord": -1, "axis": 0}])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "bool"])
def test_vector_norm(kw, dtype):
    # the 2-norm is raptors' own sqrt(sum(x * x)): NumPy's up to the sum's order
    check(np.linalg.vector_norm, rp.linalg.vector_norm, _data((3, 4, 2), dtype, 1),
          approx=kw.get("ord", 2) == 2, **kw)


@pytest.mark.parametrize("shape", [(1000,), (7,), (0,), (0, 3), (30, 40), (3, 20, 33), (5, 1, 2, 9)])
@pytest.mark.parametrize("layout", ["C", "T", "neg"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "uint8", "bool"])
def test_two_norms_native(shape, layout, dtype):
    # the 2-norms run natively (no NumPy round trip) on every layout, with
    # NumPy's dtypes, shapes and results up to the sum's rounding order
    a = _data(shape, dtype, 5)
    a = a.T if layout == "T" else a[::-1] if layout == "neg" else a
    axes = [None, 0, -1, (0, -1)] if a.ndim > 1 else [None, 0]
    for axis in axes:
        for keepdims in (False, True):
            check(np.linalg.vector_norm, rp.linalg.vector_norm, a, axis=axis, keepdims=keepdims,
                  approx=True)
    if a.ndim >= 2:
        for keepdims in (False, True):
            check(np.linalg.matrix_norm, rp.linalg.matrix_norm, a, keepdims=keepdims, approx=True)
    if a.ndim > 1:
        assert isinstance(rp.linalg.vector_norm(rp.asarray(a), axis=0), rp.ndarray)


@pytest.mark.parametrize("values", [[1e200, 1.0], [np.inf, 1.0], [np.nan, 2.0], [-np.inf, 0.0]])
def test_two_norms_special_values_and_warnings(values):
    a = np.array(values)
    check(np.linalg.vector_norm, rp.linalg.vector_norm, a)  # 'overflow in multiply' as NumPy
    check(np.linalg.matrix_norm, rp.linalg.matrix_norm, a.reshape(1, 2))


@pytest.mark.parametrize("kw", [{}, {"ord": 1}, {"ord": -1}, {"ord": 2}, {"ord": -2},
                                {"ord": np.inf}, {"ord": "nuc"}, {"ord": "fro", "keepdims": True},
                                {"ord": 3}])
def test_matrix_norm_and_norm(kw):
    a = _data((2, 3, 4), "float64", 1)
    check(np.linalg.matrix_norm, rp.linalg.matrix_norm, a, approx=kw.get("ord", "fro") == "fro",
          **kw)
    nkw = dict(kw, axis=(1, 2))
    check(np.linalg.norm, rp.linalg.norm, a, **nkw)
    check(np.linalg.norm, rp.linalg.norm, a[0], **kw)


def test_linalg_others():
    a, b = _data((3, 4, 4), "float64", 1), _data((4, 3), "float64", 2)
    check(np.linalg.matrix_power, rp.linalg.matrix_power, a, 3)
    check(np.linalg.matrix_power, rp.linalg.matrix_power, a, -2)
    check(np.linalg.matrix_power, rp.linalg.matrix_power, _data((3, 3), "int64"), 0)
    check(np.linalg.matrix_power, rp.linalg.matrix_power, _data((3, 3), "int64"), 5)
    check(np.linalg.matrix_transpose, rp.linalg.matrix_transpose, a)
    check(np.linalg.matrix_transpose, rp.linalg.matrix_transpose, b[0])
    check(np.linalg.lstsq, rp.linalg.lstsq, _data((5, 3), "float64"), _data((5, 2), "float64", 1))
    check(np.linalg.lstsq, rp.linalg.lstsq, _data((5, 3), "float64"), _data((5,), "float64", 1),
          rcond=None)
    check(np.linalg.multi_dot, rp.linalg.multi_dot, [a[0], b, b.T, _data((4,), "float64")])
    check(np.linalg.multi_dot, rp.linalg.multi_dot, [a[0]])
    t = _data((4, 6, 8, 3), "float64", 4)
    check(np.linalg.tensorinv, rp.linalg.tensorinv, t.reshape(24, 8, 3), ind=1)
    check(np.linalg.tensorinv, rp.linalg.tensorinv, t.reshape(4, 6, 24), ind=2)
    check(np.linalg.tensorsolve, rp.linalg.tensorsolve, t.reshape(4, 6, 24).reshape(24, 4, 6),
          _data((24,), "float64"))
    for name in ["matmul", "tensordot", "vecdot", "outer", "cross", "diagonal", "trace"]:
        x, y = _data((3, 3), "float32", 5), _data((3, 3), "int16", 6)
        args = (x[0], y[0]) if name in ("outer",) else (x,) if name in ("diagonal", "trace") \
            else (x, y)
        check(getattr(np.linalg, name), getattr(rp.linalg, name), *args)
    check(np.linalg.svd, rp.linalg.svd, a, full_matrices=False)
    check(np.linalg.svd, rp.linalg.svd, a, compute_uv=False)
    check(np.linalg.qr, rp.linalg.qr, _data((5, 3), "float64"), mode="complete")
    check(np.linalg.qr, rp.linalg.qr, _data((5, 3), "float64"), mode="r")
    check(np.linalg.eigh, rp.linalg.eigh, _spd(3), UPLO="U")
    check(np.linalg.cholesky, rp.linalg.cholesky, _spd(3), upper=True)
    check(np.linalg.pinv, rp.linalg.pinv, a, hermitian=False, rtol=0.1)


def test_eig_complex_results():
    # complex eigenvalues: NumPy's complex arrays, as raptors arrays (more in
    # tests/python/test_complex_glue.py)
    rot = np.array([[0.0, 1.0], [-1.0, 0.0]])
    check(np.linalg.eig, rp.linalg.eig, rot)
    check(np.linalg.eigvals, rp.linalg.eigvals, rot)
    # real eigenvalues: NumPy's real arrays, as raptors arrays
    check(np.linalg.eig, rp.linalg.eig, np.array([[2.0, 1.0], [0.0, 3.0]]))


def test_linalg_methods_via_numpy_dispatch():
    """np.linalg.* and np.matmul called with raptors arrays give raptors arrays."""
    a = _spd(3)
    ra = rp.asarray(a)
    assert isinstance(np.linalg.inv(ra), rp.ndarray)
    np.testing.assert_array_equal(np.asarray(np.linalg.inv(ra)), np.linalg.inv(a))
    assert isinstance(np.matmul(ra, a), rp.ndarray)
    assert isinstance(np.einsum("ij,jk", ra, a), rp.ndarray)


def test_bench_linalg_suite_rows_agree():
    """Every row of the bench's linalg suite (but the 2048 products) runs on
    raptors and matches NumPy: the benchmark measures working code."""
    from raptors.bench import runner, suites

    backend = runner.RaptorsBackend(rp)
    rows = suites.build_suite("linalg")
    assert {r.op for r in rows} >= {"matmul", "matvec", "einsum_mm", "einsum_bmm", "solve", "inv",
                                     "det", "cholesky", "qr", "svd", "eigh", "vector_norm",
                                     "matrix_norm"}
    for row in rows:
        if np.prod(row.shape) > 500 * 500:
            continue
        if row.shape == (500, 500):  # the same statement and hooks, smaller
            row = suites.Row(row.suite, row.op, (64, 64), row.dtype)
        ops = row.make_inputs(0)
        code = compile(row.statement, row.id, "eval")
        want = eval(code, {}, dict(ops))
        got = eval(code, {}, dict(backend.convert(ops)))
        assert backend.fallback_error(got) is None, row.id
        assert runner.compare_results(want, got) is None, row.id
        assert np.all(np.isfinite(np.asarray(want))), row.id


# ---- the native products (src/kernels/matmul.c) ------------------------------------

NATIVE_SHAPES = [
    ((8, 8), (8, 8)), ((5, 3), (3, 7)), ((1000, 8, 8), (1000, 8, 8)), ((3, 4, 16), (16, 16)),
    ((16, 16), (2, 16, 2)), ((1, 5, 4), (6, 4, 4)), ((6, 2, 3), (1, 3, 2)), ((7, 9), (9, 17)),
    ((0, 4), (4, 4)), ((4, 0), (0, 4)), ((2, 0, 3), (3, 8)), ((4, 1), (1, 1)), ((9, 33), (33, 70)),
    ((37, 300), (300, 600)),  # blocked in p and j, threaded
    # the float cut (64^3 multiply-adds per matrix): at it native, past it NumPy's BLAS
    ((64, 64), (64, 64)), ((3, 64, 64), (64, 64)), ((13, 64), (64, 50)), ((64, 64), (64, 65)),
]


@pytest.mark.parametrize("sa,sb", NATIVE_SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_native_matmul(sa, sb, dtype):
    """Integer products exact (NumPy's wraparound included: values up to the
    dtype's range), bool as NumPy's OR of ANDs, floats within rounding."""
    rng = np.random.default_rng(7)
    dt = np.dtype(dtype)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        a = rng.integers(info.min, info.max, sa, dtype=dt, endpoint=True)
        b = rng.integers(info.min, info.max, sb, dtype=dt, endpoint=True)
    else:
        a, b = _data(sa, dtype, 1), _data(sb, dtype, 2)
    if np.prod(sa) * sb[-1] > 10**6 and dt.kind != "f" and dtype not in ("int64", "int8", "bool"):
        return  # NumPy's own integer loop is slow: one representative per kind
    check(np.matmul, rp.matmul, a, b, approx=True)
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, approx=True)


def test_native_matmul_float_error_bound():
    """Floats: the error against an exact (longdouble) product is within the
    classic k * eps * (|a| @ |b|) bound, as NumPy's own result is."""
    for dtype in ("float32", "float64"):
        for n in (2, 3, 4, 8, 9, 16, 21, 32, 47, 64):
            a, b = _data((50, n, n), dtype, n), _data((50, n, n), dtype, n + 1)
            got = np.asarray(rp.asarray(a) @ rp.asarray(b))
            exact = a.astype(np.longdouble) @ b.astype(np.longdouble)
            bound = n * np.finfo(dtype).eps * (np.abs(a).astype(np.longdouble) @ np.abs(b))
            assert np.all(np.abs(got - exact) <= bound), (dtype, n)


def test_native_matmul_float_errors_and_special_values():
    big32, big = np.full((8, 8), 1e38, np.float32), np.full((4, 4), 1e308)
    inf = np.full((3, 3), np.inf)
    for a, b in [(big32, big32), (big, big), (inf, np.zeros((3, 3))), (inf, -inf),
                 (np.full((2, 2), np.nan), np.ones((2, 2)))]:
        check(np.matmul, rp.matmul, a, b, approx=True)
        check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, approx=True)
    with np.errstate(over="raise"):
        check(np.matmul, rp.matmul, big, big)


def test_native_matmul_float_size_cut():
    """Float products up to 64^3 multiply-adds per matrix are raptors' (its
    fixed summation order), larger ones NumPy's BLAS bit for bit."""
    nat = rp._raptors._matmul_native
    for dtype in ("float32", "float64"):
        a, b = _data((64, 64), dtype, 1), _data((64, 65), dtype, 2)
        ra, rb = rp.asarray(a), rp.asarray(b)
        assert nat(ra, ra) is not NotImplemented
        assert nat(ra, rb) is NotImplemented
        np.testing.assert_array_equal(np.asarray(ra @ rb), a @ b, strict=True)


def test_native_matmul_layouts_fall_back():
    """Non-contiguous, mixed-dtype and 4-D operands take NumPy's route and
    still give NumPy's answer."""
    a = _data((6, 8, 8), "int32", 1)
    for x, y in [(a[:, ::2, :], a[0]), (a.transpose(0, 2, 1), a), (a, a[0].astype(np.int64)),
                 (a.reshape(2, 3, 8, 8), a[0]), (a[0].T, a[1])]:
        check(np.matmul, rp.matmul, x, y)
    r = rp.asarray(a)
    assert (r @ r).dtype == np.int32
    assert rp._raptors._matmul_native(r, r) is not NotImplemented
    assert rp._raptors._matmul_native(r, r[:, ::2]) is NotImplemented


@pytest.mark.parametrize("sa,sb", [((5,), (5, 3)), ((4, 5), (5,)), ((2, 4, 5), (5,)), ((5,), (3, 5, 2)),
                                   ((0,), (0, 3)), ((3, 0), (0,)), ((5,), (5,)), ((5,), (4, 3))])
@pytest.mark.parametrize("dtype", ["bool", "int16", "uint64", "float32", "float64"])
def test_native_matmul_1d_operands(sa, sb, dtype):
    a, b = _data(sa, dtype, 1), _data(sb, dtype, 2)
    check(np.matmul, rp.matmul, a, b, approx=True)
    check(lambda x, y: x @ y, lambda x, y: x @ y, a, b, approx=True)


def test_numpy_product_ufuncs_on_raptors_operands():
    """np.matmul/np.vecdot/np.matvec/np.vecmat with raptors operands (NEP 13)
    return raptors arrays with NumPy's values, out= included."""
    a, b = _data((4, 3, 3), "int32", 1), _data((3,), "int32", 2)
    ra, rb = rp.asarray(a), rp.asarray(b)
    for fn, args in [(np.matmul, (a, a)), (np.vecdot, (a, b)), (np.matvec, (a, b)),
                     (np.vecmat, (b, a))]:
        rargs = tuple(ra if x is a else rb for x in args)
        got = fn(*rargs)
        assert isinstance(got, rp.ndarray)
        np.testing.assert_array_equal(np.asarray(got), fn(*args), strict=True)
    out = rp.zeros((4, 3, 3), dtype="int64")
    assert np.matmul(ra, ra, out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.matmul(a, a).astype(np.int64))


def test_np_bridge_arguments_and_results():
    """The C bridge (_np_call) of every wrapped function: raptors, NumPy and
    nested operands, many operands, keyword out= (plain and 1-tuple) returned
    itself, out=None, scalar / tuple results, NumPy's errors."""
    vs = [_data((3,), "float64", s) for s in range(20)]
    subs = ",".join("i" * 20) + "->i"  # 20 operands: past the bridge's stack buffer
    check(lambda *a: np.einsum(subs, *a), lambda *a: rp.einsum(subs, *a), *vs, approx=True)
    a, b = _data((3, 3), "float64", 1), _data((3, 3), "float64", 2)
    check(np.dot, rp.dot, a, b)
    check(np.dot, rp.dot, a, [1.0, 2.0, 3.0])  # a list operand stays NumPy's to parse
    check(np.linalg.multi_dot, rp.linalg.multi_dot, [a, b, a])  # nested: views inside a list
    check(np.linalg.det, rp.linalg.det, a)  # a NumPy scalar
    check(np.linalg.slogdet, rp.linalg.slogdet, a)  # a namedtuple of arrays
    check(np.dot, rp.dot, a, _data((4,), "float64", 3))  # NumPy's ValueError
    check(np.linalg.inv, rp.linalg.inv, np.zeros((2, 2)))  # LinAlgError
    ra, rb = rp.asarray(a), rp.asarray(b)
    out = rp.zeros((3, 3))
    assert rp.dot(ra, rb, out=out) is out
    np.testing.assert_array_equal(np.asarray(out), a @ b)
    out2 = rp.zeros((3, 3))
    assert rp.matmul(ra, rb, out=(out2,)) is out2
    np.testing.assert_array_equal(np.asarray(out2), a @ b)
    got = rp.einsum("ij,jk->ik", ra, rb, out=None)
    assert isinstance(got, rp.ndarray)
    np.testing.assert_allclose(np.asarray(got), a @ b)
    with pytest.raises(TypeError):
        rp._raptors._np_call()
