"""float16 as a storage dtype, differential against NumPy: creation, casts to
and from every dtype (bits, and the FP warnings NumPy's casts raise),
promotion and can_cast, zero-copy interop (buffer, __array_interface__,
DLPack), printing and scalars, comparisons, indexing and assignment, copy
and concatenate."""

import warnings

import numpy as np
import pytest

import raptors as rp

DTYPES = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8"]
ALL_HALVES = np.arange(65536, dtype=np.uint16).view(np.float16)
# Edge values of the wider floats: ties (2049 and 2051 round to even), the
# overflow threshold (65520 rounds to inf), subnormals and what underflows,
# infinities, NaN, signed zeros.
EDGES = [0.0, -0.0, 1.0, -1.5, 0.1, 2049.0, 2051.0, 65504.0, 65519.99, 65520.0, -65520.0, 1e6,
         2.0**-14, 2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 2.0**-26, 1e-10, 5.96e-8, 6.1e-5,
         np.inf, -np.inf, np.nan, 300.5, 1e300, -1e-300]


def bits(a):
    a = np.ascontiguousarray(np.asarray(a))
    return a.view(np.dtype(f"u{a.dtype.itemsize}")) if a.dtype.kind == "f" else a


def outcome(f):
    """f()'s value (as bits) and warnings, or its exception under raise."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            r = f()
    return r, sorted(str(x.message) for x in w)


def same_cast(src, to):
    """src.astype(to) in raptors and NumPy: equal dtype, bits and warnings."""
    want, wwarn = outcome(lambda: src.astype(to))
    got, gwarn = outcome(lambda: rp.asarray(src).astype(to))
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(bits(got), bits(want), err_msg=f"{src.dtype} -> {to}")
    assert gwarn == wwarn, (src.dtype, to)


@pytest.mark.parametrize("to", DTYPES)
def test_every_half_to_every_dtype(to):
    same_cast(ALL_HALVES, to)
    same_cast(ALL_HALVES[::-3], to)  # strided, negative step


@pytest.mark.parametrize("frm", ["f4", "f8"])
def test_floats_to_half(frm):
    vals = np.array(EDGES, dtype=np.float64)
    with np.errstate(all="ignore"):
        src = np.concatenate([vals, -vals, np.nextafter(vals, 0), np.nextafter(vals, np.inf),
                              ALL_HALVES.astype(np.float64)]).astype(frm)
        # the midpoints between neighbouring halves and a float ulp either side
        h = ALL_HALVES[np.isfinite(ALL_HALVES)].astype(np.float64)
        h.sort()
        mid = ((h[1:] + h[:-1]) / 2).astype(frm)
        src = np.concatenate([src, mid, np.nextafter(mid, 0), np.nextafter(mid, np.inf)])
    for part in (src, src[::2], src[::-1]):
        same_cast(part, "f2")
    for v in src[:200]:  # each alone: the warnings of each value
        same_cast(np.array([v]), "f2")


@pytest.mark.parametrize("frm", ["f4", "f8"])
def test_floats_to_half_vector_groups(frm):
    # groups of eight that the F16C kernels convert whole (normal-range
    # values and zeros) beside groups with one lane that takes the scalar
    # path (a subnormal, an overflow, inf, NaN), at every offset
    rng = np.random.default_rng(20261209)
    x = rng.uniform(-1, 1, 8 * 4000) * 2.0 ** rng.integers(-14, 16, 8 * 4000)
    x[rng.integers(0, x.size, 300)] = 0.0
    odd = np.array([3e-6, -3e-8, 7e4, np.inf, np.nan, 65519.99, -65520.0], np.float64)
    x[8 * 2000::8][: 7 * 200] = np.resize(odd, 7 * 200)
    src = x.astype(frm)
    for part in (src, src[3:], src[::2], src[::-1], src[8 * 1999: 8 * 1999 + 29]):
        same_cast(part, "f2")


def test_nan_payloads():
    f32 = np.array([0x7f800001, 0x7fc00001, 0xff800100, 0x7f802000, 0x7fa00000],
                   dtype=np.uint32).view(np.float32)
    same_cast(f32, "f2")
    f64 = np.array([0x7ff0000000000001, 0xfff8000000000000, 0x7ff4000000000000],
                   dtype=np.uint64).view(np.float64)
    same_cast(f64, "f2")


@pytest.mark.parametrize("frm", ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"])
def test_ints_to_half(frm):
    info = np.iinfo(frm) if frm != "?" else None
    vals = [0, 1, 2049, 2051, 65504, 65519, 65520, 70000, -70000, -1, 127, -128, 255]
    if info:
        vals += [info.min, info.max]
        with np.errstate(all="ignore"):
            src = np.array(vals).astype(frm)
    else:
        src = np.array([True, False, True])
    same_cast(src, "f2")
    for v in src:
        same_cast(np.array([v]), "f2")


@pytest.mark.parametrize("a", DTYPES)
def test_promotion_and_can_cast(a):
    for b in DTYPES:
        assert rp.result_type(a, b) == np.result_type(a, b)
        assert rp.promote_types(a, b) == np.promote_types(a, b)
        for casting in ["no", "equiv", "safe", "same_kind", "unsafe"]:
            assert rp.can_cast(a, b, casting) == np.can_cast(a, b, casting), (a, b, casting)
    for s in [True, 1, 2.5, 70000, 1e300]:
        assert rp.result_type(np.dtype(a).type(0), s) == np.result_type(np.dtype(a).type(0), s)
        arr = np.zeros(2, a)
        assert rp.result_type(rp.asarray(arr), s) == np.result_type(arr, s)


@pytest.mark.parametrize("dt", ["float16", np.float16, "f2", "e", "<f2", np.dtype("float16")])
def test_creation(dt):
    for f in ("zeros", "ones", "empty"):
        a = getattr(rp, f)((2, 3), dtype=dt)
        assert a.dtype == np.float16 and a.shape == (2, 3)
        if f != "empty":
            np.testing.assert_array_equal(np.asarray(a), getattr(np, f)((2, 3), dtype=dt))
    for v in [1.5, 1e6, -0.0, np.nan, 3, True]:
        with np.errstate(all="ignore"):
            assert bits(rp.full(3, v, dtype=dt)).tolist() == bits(np.full(3, v, dtype=dt)).tolist()
    for args in [(10,), (0, 5, 0.3), (-3, 3), (2000, 2100, 7)]:
        np.testing.assert_array_equal(bits(rp.arange(*args, dtype=dt)), bits(np.arange(*args, dtype=dt)))
    assert rp.asarray([1.1, 2.2], dtype=dt).dtype == np.float16
    np.testing.assert_array_equal(bits(rp.asarray([1.1, 65520.0, 1e-8], dtype=dt)),
                                  bits(np.asarray([1.1, 65520.0, 1e-8], dtype=dt)))
    assert rp.float16 is np.float16


def test_zero_copy_interop():
    n = np.array([1.5, -2.0, np.inf, 6e-8], np.float16)
    r = rp.asarray(n)
    assert r.dtype == np.float16
    assert r.__array_interface__["data"][0] == n.__array_interface__["data"][0]
    assert r.__array_interface__["typestr"] == "<f2"
    back = np.asarray(r)
    assert back.dtype == np.float16 and np.shares_memory(back, n)
    assert memoryview(r).format == "e"
    t = n[::2]
    rv = rp.asarray(t)
    np.testing.assert_array_equal(np.asarray(rv), t)
    # DLPack both ways
    d = rp.from_dlpack(n)
    assert d.dtype == np.float16 and np.shares_memory(np.asarray(d), n)
    nd = np.from_dlpack(r)
    assert nd.dtype == np.float16 and np.shares_memory(nd, n)


def test_printing_and_scalars():
    for vals in ([1.5, -2.0, np.inf, np.nan, 6e-8, -0.0, 65504], [0.1, 0.2], [], [[1, 2], [3, 4]],
                 np.arange(2000) / 7):
        n = np.array(vals, np.float16)
        r = rp.asarray(n)
        assert repr(r) == repr(n)
        assert str(r) == str(n)
        assert str(r.tolist()) == str(n.tolist())  # NaN != NaN
        flat = r.tolist()
        while flat and isinstance(flat[0], list):
            flat = [y for x in flat for y in x]
        assert all(type(x) is float for x in flat)
    n = np.array([0.1, 65504, -0.0], np.float16)
    r = rp.asarray(n)
    for i in range(3):
        assert r.item(i) == n.item(i) and type(r.item(i)) is float
        assert type(r[i]) is np.float16 and bits(np.array([r[i]])).tolist() == bits(n[i:i + 1]).tolist()
    assert float(rp.asarray(np.float16(2.5))) == 2.5


OPS = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]


@pytest.mark.parametrize("other", ["f2", "i1", "u1", "?", "i2", "f4", "f8", "i8"])
def test_comparisons(other):
    h = ALL_HALVES[::97]
    with np.errstate(all="ignore"):
        o = ALL_HALVES[7::97][:h.size].astype(other)
    for op in OPS:
        for x, y in [(h, o), (o, h)]:
            want = getattr(np, op)(x, y)
            got = getattr(rp, op)(rp.asarray(x), rp.asarray(y))
            assert got.dtype == want.dtype
            np.testing.assert_array_equal(np.asarray(got), want)
    for s in [1, 0.1, np.inf, 70000, -1e-10, 65519.99, True]:
        # NumPy rounds the Python scalar to float16 first (h <= -1e-10 is
        # true at 0; 70000 overflows to inf, with the cast's warning)
        for op in OPS:
            want, wwarn = outcome(lambda: getattr(np, op)(h, s))
            got, gwarn = outcome(lambda: getattr(rp, op)(rp.asarray(h), s))
            np.testing.assert_array_equal(np.asarray(got), want, err_msg=f"{op} {s}")
            assert gwarn == wwarn, (op, s)
    for pred in ["isnan", "isinf", "isfinite", "signbit"]:
        np.testing.assert_array_equal(np.asarray(getattr(rp, pred)(rp.asarray(ALL_HALVES))),
                                      getattr(np, pred)(ALL_HALVES))


def test_indexing_and_setitem():
    n = np.arange(24, dtype=np.float16).reshape(4, 6) / np.float16(3)
    r = rp.asarray(n.copy())
    np.testing.assert_array_equal(np.asarray(r[1:3, ::2]), n[1:3, ::2])
    np.testing.assert_array_equal(np.asarray(r[[0, 2]]), n[[0, 2]])
    np.testing.assert_array_equal(np.asarray(r[rp.asarray(n > 2)]), n[n > 2])
    for v in [1e6, 0.1, np.nan, 7, 2.0**-26, -0.0]:
        nn, rr = n.copy(), rp.asarray(n.copy())
        w1 = outcome(lambda: nn.__setitem__((0, 0), v))[1]
        w2 = outcome(lambda: rr.__setitem__((0, 0), v))[1]
        assert w1 == w2, v
        nn[1] = v
        rr[1] = v
        nn[:, 2] = np.float32(v)
        rr[:, 2] = np.float32(v)
        np.testing.assert_array_equal(bits(rr), bits(nn))
    rr = rp.asarray(n.copy())
    rr[0] = rp.asarray(np.arange(6, dtype=np.int8))
    nn = n.copy()
    nn[0] = np.arange(6, dtype=np.int8)
    np.testing.assert_array_equal(bits(rr), bits(nn))


def test_copy_concatenate_reshape():
    n = ALL_HALVES[:120].reshape(10, 12)
    r = rp.asarray(n)
    c = r.copy()
    assert c.dtype == np.float16 and not np.shares_memory(np.asarray(c), n)
    np.testing.assert_array_equal(bits(c), bits(n))
    np.testing.assert_array_equal(bits(r.T.copy()), bits(n.T.copy()))
    np.testing.assert_array_equal(bits(r.reshape(-1)), bits(n.reshape(-1)))
    for other in ["f2", "i1", "i2", "f4", "?"]:
        o = np.ones((2, 12), other)
        got = rp.concatenate([r, rp.asarray(o)])
        want = np.concatenate([n, o])
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(bits(got), bits(want))
    np.testing.assert_array_equal(bits(rp.stack([r, r])), bits(np.stack([n, n])))
