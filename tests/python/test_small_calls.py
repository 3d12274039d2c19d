"""The operators' small-call path (src/python/ops.c, small_binop) against NumPy.

Small contiguous arrays of one dtype take a shortcut past broadcasting and the
driver; everything else must fall through to the general path. These cases sit
on both sides of that line and compare values, dtypes, warnings and exceptions
with NumPy's.
"""

import operator
import warnings

import numpy as np
import pytest

import raptors as rp

OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
       operator.mod, operator.and_, operator.or_, operator.xor, operator.lshift,
       operator.rshift, operator.pow]
DTYPES = ["bool", "int8", "uint8", "int16", "int32", "int64", "uint64", "float32", "float64"]


def outcome(f):
    """(kind, value, dtype, warning messages) of calling f()."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = f()
        except Exception as e:  # noqa: BLE001 - the type is what is compared
            return ("raise", type(e).__name__, None, [])
    msgs = sorted(str(x.message) for x in w)
    if r is NotImplemented:
        return ("notimpl", None, None, msgs)
    r = np.asarray(r)
    return ("ok", r.tolist(), str(r.dtype), msgs)


def same(op, x, y):
    def conv(v):
        return rp.asarray(v) if isinstance(v, np.ndarray) else v

    want = outcome(lambda: op(x, y))
    got = outcome(lambda: op(conv(x), conv(y)))
    if want[0] == "ok" and got[0] == "ok":
        g, w = np.array(got[1], dtype=got[2]), np.array(want[1], dtype=want[2])
        if op is operator.pow and w.dtype.kind == "f":
            # pow is within 1 ULP of NumPy's (tests/python/ufunc_ulp.json)
            np.testing.assert_allclose(g, w, rtol=2 * np.finfo(w.dtype).eps, equal_nan=True)
        else:
            np.testing.assert_array_equal(g, w)
        assert got[2:] == want[2:], (op, x, y)
    else:
        assert got[0] == want[0] and got[1] == want[1], (op, x, y, got, want)


def values(dtype, n, seed):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(n) < 0.5
    if dtype.startswith(("int", "uint")):
        hi = 5 if dtype.startswith("u") else 3
        return rng.integers(-3 if dtype.startswith("i") else 0, hi, n).astype(dtype)
    x = rng.standard_normal(n).astype(dtype)
    x[:3] = [0.0, np.inf, np.nan][: min(3, n)]
    return x


@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 16, 1000])
def test_same_dtype_arrays(op, dtype, n):
    same(op, values(dtype, n, 1), values(dtype, n, 2))


@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("scalar", [2, -1, 0, 300, 2**70, 2.5, -0.0, True, float("nan")])
def test_python_scalars_on_either_side(op, dtype, scalar):
    x = values(dtype, 16, 3)
    same(op, x, scalar)
    same(op, scalar, x)


@pytest.mark.parametrize("op", [operator.add, operator.mul, operator.truediv],
                         ids=lambda f: f.__name__)
def test_layouts_and_mixtures_fall_through(op):
    a = np.arange(1.0, 25.0).reshape(4, 6)
    cases = [
        (a, a.T.copy().T),                    # F-ordered
        (a, np.ascontiguousarray(a[:, ::-1])),
        (a[:, ::2], a[:, 1::2]),              # strided
        (a, a[0]),                            # broadcast row
        (a, a.astype(np.float32)),            # promotion
        (a.astype(np.int32), a.astype(np.int64)),
        (np.float64(3.0) * np.ones(()), a),   # 0-d
        (a, np.arange(5.0)),                  # shapes that do not broadcast
        (np.ones((0, 3)), np.ones((0, 3))),
    ]
    for x, y in cases:
        same(op, x, y)
    # NumPy scalars and sequences are not Python scalars: general path
    same(op, a, np.float32(2.0))
    same(op, a, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])


def test_errors_and_warnings_as_numpy():
    i = np.array([1, 2, 0, -3], dtype=np.int64)
    same(operator.floordiv, i, np.zeros(4, np.int64))
    same(operator.mod, i, 0)
    same(operator.pow, i, -1)
    same(operator.pow, i, np.array([2, -1, 1, 0]))
    big = np.full(8, 1e308)
    same(operator.mul, big, 10.0)
    same(operator.truediv, big, 0.0)
    with np.errstate(over="raise"):
        same(operator.mul, big, 10.0)
    with np.errstate(all="ignore"):
        same(operator.truediv, big, 0.0)


def test_result_is_fresh_and_writeable():
    a = rp.asarray(np.arange(16.0))
    b = rp.asarray(np.ones(16))
    r = a + b
    assert r is not a and r is not b
    assert r.flags["C_CONTIGUOUS"] and r.flags["WRITEABLE"] and r.flags["OWNDATA"]
    r[0] = 100.0
    assert a[0] == 0.0 and b[0] == 1.0
    # freed small blocks are recycled: results must never share memory
    rs = [a * float(k) for k in range(50)]
    assert [float(x[1]) for x in rs] == [float(k) for k in range(50)]


def test_float_flags_left_set_by_other_code_are_not_reported():
    a = rp.asarray(np.arange(4.0))
    big = rp.asarray(np.full(4, 1e308))
    for make_flags in (lambda: 1e308 * 10.0, lambda: float("inf") - float("inf"),
                       lambda: big * 10.0):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            make_flags()  # raptors' own overflow warns once, here
            n = len(w)
            r = a + 1.0
            r = r * a
            r = np.add(r, 2.0)
        assert len(w) == n, [str(x.message) for x in w]
        assert r.tolist() == [2.0, 4.0, 8.0, 14.0]
