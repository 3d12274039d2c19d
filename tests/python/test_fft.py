"""raptors.fft against numpy.fft: every function over lengths (powers of two,
primes, mixed, 1), axes, norms, dtypes, layouts and the error cases.

Every result is a raptors array (complex64/complex128 ones too: docs/fft.md)
but for dtypes raptors lacks (longdouble). Complex input and the engine's c2c route give NumPy's bits exactly; real input to fft/fftn takes
the half-size real transform, which agrees to rounding.
"""

import numpy as np
import pytest

import raptors as rp
import raptors.fft as rfft_mod
from raptors import _fft_engine

NORMS = [None, "backward", "ortho", "forward"]
LENGTHS = [1, 2, 3, 7, 8, 12, 17, 60, 64, 97, 128, 210, 1000, 1024, 2 * 1009, 4096]
C_FUNCS = ["fft", "ifft", "rfft", "ihfft"]
R_FUNCS = ["irfft", "hfft"]
ND_FUNCS = ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"]
ALL_TRANSFORMS = C_FUNCS + R_FUNCS + ND_FUNCS


def rng(seed=0):
    return np.random.default_rng(seed)


def as_np(r):
    return r if isinstance(r, np.ndarray) else np.asarray(r)


def check(got, want, exact=False):
    """dtype, shape and values as NumPy's; raptors arrays but for a dtype
    raptors does not hold (longdouble)."""
    want = np.asarray(want)
    if want.dtype.char not in rfft_mod.RAPTORS_DTYPES:
        assert type(got) is np.ndarray, type(got)
    else:
        assert isinstance(got, rp.ndarray), type(got)
    g = as_np(got)
    assert g.dtype == want.dtype
    assert g.shape == want.shape
    if exact:
        np.testing.assert_array_equal(g, want)
        return
    eps = np.finfo(want.dtype).eps
    scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
    np.testing.assert_allclose(g, want, rtol=64 * eps, atol=64 * eps * scale)


def data(shape, dtype="float64", seed=0):
    g = rng(seed)
    if np.dtype(dtype).kind == "c":
        return (g.standard_normal(shape) + 1j * g.standard_normal(shape)).astype(dtype)
    if np.dtype(dtype).kind == "b":
        return g.random(shape) < 0.5
    if np.dtype(dtype).kind in "iu":
        return g.integers(-50 if np.dtype(dtype).kind == "i" else 0, 50, shape).astype(dtype)
    return g.standard_normal(shape).astype(dtype)


def test_namespace():
    import importlib

    assert importlib.import_module("raptors.fft") is rp.fft
    for name in ALL_TRANSFORMS + ["fftfreq", "rfftfreq", "fftshift", "ifftshift"]:
        assert name in rp.fft.__all__ and callable(getattr(rp.fft, name))
    assert _fft_engine.USABLE  # the fast route is live on this NumPy


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("norm", NORMS)
def test_1d_real_input(n, norm):
    x = data(n)
    for src in (rp.asarray(x), x, x.tolist()):
        for name in ["fft", "ifft", "rfft", "ihfft"]:
            check(getattr(rp.fft, name)(src, norm=norm), getattr(np.fft, name)(x, norm=norm))
        if n >= 2:
            for name in R_FUNCS:
                check(getattr(rp.fft, name)(src, norm=norm), getattr(np.fft, name)(x, norm=norm))


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("norm", NORMS)
def test_1d_complex_input_exact(n, norm):
    """Complex input: the same pocketfft call as numpy.fft, the same bits."""
    z = data(n, "complex128")
    for name in ["fft", "ifft"]:
        check(getattr(rp.fft, name)(z, norm=norm), getattr(np.fft, name)(z, norm=norm),
              exact=True)
    if n >= 2:
        check(rp.fft.irfft(z, norm=norm), np.fft.irfft(z, norm=norm), exact=True)
        check(rp.fft.hfft(z, norm=norm), np.fft.hfft(z, norm=norm))


@pytest.mark.parametrize("n", [None, 1, 5, 16, 31, 100, 256, 300, 512])
@pytest.mark.parametrize("name", C_FUNCS + R_FUNCS)
def test_n_crops_and_pads(name, n):
    x = data((3, 400), seed=1)  # n = 256, 300, 512 crop / pad through the symmetry fill
    z = data((3, 400), "complex128", seed=2)
    for a in (x, z):
        if name in ("rfft", "ihfft") and a.dtype.kind == "c":
            continue
        for axis in (-1, 0, 1, -2):
            check(getattr(rp.fft, name)(a, n=n, axis=axis), getattr(np.fft, name)(a, n=n, axis=axis))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int16", "int64", "uint8",
                                   "bool", "complex64", "complex128", "float16"])
@pytest.mark.parametrize("name", ALL_TRANSFORMS)
def test_dtypes(name, dtype):
    """float32 input gives complex64 / float32 as NumPy 2; ints and bool
    compute in double precision."""
    x = data((4, 64), dtype, seed=3)
    try:
        want = getattr(np.fft, name)(x)
    except TypeError as e:  # rfft of complex input
        with pytest.raises(type(e)):
            getattr(rp.fft, name)(x)
        return
    check(getattr(rp.fft, name)(x), want)
    check(getattr(rp.fft, name)(rp.asarray(x)), want)


@pytest.mark.parametrize("name", ALL_TRANSFORMS)
def test_complex_raptors_input_zero_copy(name):
    """A complex raptors array goes to pocketfft as a view of its memory:
    NumPy's bits exactly, on C, F, strided and reversed layouts."""
    z = data((6, 40), "complex128", seed=20)
    for lay in (z, np.asfortranarray(z), z[::2, 1::3], z[::-1, ::-2]):
        r = rp.asarray(lay)
        assert np.shares_memory(np.asarray(r), lay)
        try:
            want = getattr(np.fft, name)(lay)
        except TypeError as e:  # rfft of complex input: NumPy's error
            with pytest.raises(type(e)):
                getattr(rp.fft, name)(r)
            continue
        check(getattr(rp.fft, name)(r), want, exact=name not in ("hfft",))
        np.testing.assert_array_equal(np.asarray(r), lay)  # input untouched


def test_float16_and_longdouble_results_as_numpy():
    """float16 input: NumPy computes in float32 (complex64 / float32 results);
    longdouble results stay NumPy arrays (raptors has no longdouble)."""
    h = data(64, "float16", seed=21)
    for name in ["fft", "rfft", "irfft", "ihfft", "hfft"]:
        want = getattr(np.fft, name)(h)
        for src in (h, rp.asarray(h)):
            check(getattr(rp.fft, name)(src), want)
    check(rp.fft.fftshift(rp.asarray(h)), np.fft.fftshift(h), exact=True)
    g = data(16, "float64", seed=22).astype(np.longdouble)
    want = np.fft.fft(g)
    got = rp.fft.fft(g)
    assert type(got) is np.ndarray and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def layouts(x):
    return {
        "C": x,
        "F": np.asfortranarray(x),
        "T": x.T,
        "strided": x[::2, ::3],
        "neg": x[::-1, ::-2],
        "neg_both": x[::-3, ::-1],
    }


@pytest.mark.parametrize("name", ALL_TRANSFORMS)
@pytest.mark.parametrize("lay", ["C", "F", "T", "strided", "neg", "neg_both"])
def test_layouts(name, lay):
    base = data((24, 780), seed=4)  # 780, 390 (::-2), 260 (::3): the fill
    x = layouts(base)[lay]
    r = layouts(rp.asarray(base))[lay] if lay != "F" else rp.asarray(x)
    np.testing.assert_array_equal(np.asarray(r), x)
    for axis in (0, 1, -1):
        if name in ND_FUNCS:
            kw = {"axes": (axis,)} if axis != -1 else {}
        else:
            kw = {"axis": axis}
        check(getattr(rp.fft, name)(r, **kw), getattr(np.fft, name)(x, **kw))


def same(name, args, kw):
    """rp.fft.<name> as np.fft.<name>: the result, or the exception type."""
    try:
        want = getattr(np.fft, name)(*[as_np(a) for a in args], **kw)
    except Exception as e:
        with pytest.raises(type(e)):
            getattr(rp.fft, name)(*args, **kw)
        return
    check(getattr(rp.fft, name)(*args, **kw), want)


@pytest.mark.parametrize("name", ["fftn", "ifftn", "rfftn", "irfftn"])
@pytest.mark.parametrize("axes", [None, (0,), (1, 2), (2, 0), (0, 1, 2), (-1, -3), [2, 1]])
@pytest.mark.parametrize("norm", NORMS)
def test_nd_axes(name, axes, norm):
    for shape in [(6, 10, 16), (1, 7, 64), (5, 1, 3), (4, 6, 130)]:
        x = data(shape, seed=5)
        same(name, (rp.asarray(x),), {"axes": axes, "norm": norm})
        same(name, (data(shape, "complex128", seed=6),), {"axes": axes, "norm": norm})


@pytest.mark.parametrize("name", ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "rfftn", "ifftn",
                                  "irfftn"])
@pytest.mark.parametrize("s", [(8, 8), (3, 40), (1, 1), (5, -1)])
def test_nd_s(name, s):
    x = data((2, 6, 20), seed=7)
    axes = (-2, -1)
    check(getattr(rp.fft, name)(rp.asarray(x), s=s, axes=axes),
          getattr(np.fft, name)(x, s=s, axes=axes))


def test_2d_repeated_axes_as_numpy():
    x = data((8, 12), seed=8)
    for name in ["fftn", "ifftn"]:
        check(getattr(rp.fft, name)(rp.asarray(x), axes=(1, 1)),
              getattr(np.fft, name)(x, axes=(1, 1)))


def test_out():
    x = data((4, 32), seed=9)
    z = data((4, 17), "complex128", seed=10)
    for name, a, dt, n in [("fft", x, np.complex128, 32), ("ifft", x, np.complex128, 32),
                           ("rfft", x, np.complex128, 17), ("ihfft", x, np.complex128, 17)]:
        out = np.empty((4, n), dt)
        r = getattr(rp.fft, name)(rp.asarray(x), out=out)
        assert r is out
        np.testing.assert_allclose(out, getattr(np.fft, name)(x), rtol=1e-12, atol=1e-12)
    # a real out= may be a raptors array: written in place, returned itself
    out = rp.empty((4, 32))
    r = rp.fft.irfft(z, out=out)
    assert r is out
    np.testing.assert_allclose(np.asarray(out), np.fft.irfft(z), rtol=1e-12, atol=1e-12)
    out = np.empty((4, 16), np.complex128)
    assert rp.fft.fftn(z[:, :16], out=out) is out
    np.testing.assert_allclose(out, np.fft.fftn(z[:, :16]), rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        rp.fft.fft(x, out=np.empty((4, 31), np.complex128))
    # a complex out= may be a raptors array too
    out = rp.empty((4, 17), dtype=np.complex128)
    assert rp.fft.fft(rp.asarray(z), out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.fft.fft(z))


ERROR_CASES = [
    ("fft", lambda: ([],), {}),
    ("fft", lambda: (np.zeros(0),), {}),
    ("fft", lambda: (np.zeros(4),), {"n": 0}),
    ("fft", lambda: (np.zeros(4),), {"n": -3}),
    ("fft", lambda: (np.zeros(4),), {"n": 2.5}),
    ("fft", lambda: (np.zeros(4),), {"axis": 1}),
    ("fft", lambda: (np.zeros(4),), {"axis": -2}),
    ("fft", lambda: (np.zeros(4),), {"axis": 0.0}),
    ("fft", lambda: (np.zeros(4),), {"norm": "bogus"}),
    ("ifft", lambda: (np.zeros(4),), {"norm": "Ortho"}),
    ("fft", lambda: (np.float64(3.0),), {}),
    ("fft", lambda: (np.array(["a", "b"]),), {}),
    ("rfft", lambda: (np.zeros(4, complex),), {}),
    ("rfft", lambda: (np.zeros(0),), {}),
    ("irfft", lambda: (np.zeros(1),), {}),
    ("irfft", lambda: (np.zeros(4),), {"n": 0}),
    ("hfft", lambda: (np.zeros(1),), {}),
    ("ihfft", lambda: (np.zeros(4),), {"norm": 3}),
    ("fftn", lambda: (np.zeros((3, 4)),), {"axes": (0, 2)}),
    ("fftn", lambda: (np.zeros((3, 4)),), {"s": (2, 2, 2), "axes": (0, 1)}),
    ("fftn", lambda: (np.zeros((3, 0)),), {}),
    ("fft2", lambda: (np.zeros(4),), {}),
    ("rfftn", lambda: (np.zeros((3, 4)),), {"norm": "x"}),
    ("rfft2", lambda: (np.zeros((3, 4), complex),), {}),
    ("irfftn", lambda: (np.zeros((3, 1)),), {}),
    ("ifft2", lambda: (np.zeros((3, 4)),), {"axes": (5, 0)}),
]


@pytest.mark.parametrize("name,args,kw", ERROR_CASES)
def test_errors_as_numpy(name, args, kw):
    with pytest.raises(Exception) as want:
        getattr(np.fft, name)(*args(), **kw)
    with pytest.raises(want.type) as got:
        getattr(rp.fft, name)(*args(), **kw)
    assert str(got.value) == str(want.value)
    # and with raptors input where raptors can hold it
    a = args()[0]
    if isinstance(a, np.ndarray) and a.dtype.kind in "f" and a.ndim:
        with pytest.raises(want.type):
            getattr(rp.fft, name)(rp.asarray(a), *args()[1:], **kw)


def test_fftn_0d_as_numpy():
    x = np.float64(2.5)
    want = np.fft.fftn(x)
    got = rp.fft.fftn(np.asarray(x))
    assert as_np(got).dtype == want.dtype and float(as_np(got)) == 2.5


def test_fftn_s_without_axes_warns_as_numpy():
    x = data((4, 6))
    with pytest.warns(DeprecationWarning):
        want = np.fft.fftn(x, s=(4, 6))
    with pytest.warns(DeprecationWarning):
        got = rp.fft.fftn(rp.asarray(x), s=(4, 6))
    check(got, want)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 9, 100])
@pytest.mark.parametrize("d", [1.0, 0.5, 3, 1e-3])
def test_freqs(n, d):
    for name in ["fftfreq", "rfftfreq"]:
        got = getattr(rp.fft, name)(n, d)
        want = getattr(np.fft, name)(n, d)
        assert isinstance(got, rp.ndarray)
        assert as_np(got).dtype == want.dtype
        np.testing.assert_array_equal(as_np(got), want)
    assert as_np(rp.fft.fftfreq(np.int32(n), d=np.float32(d))).dtype == np.fft.fftfreq(
        np.int32(n), d=np.float32(d)).dtype
    np.testing.assert_array_equal(as_np(rp.fft.fftfreq(n, d, device="cpu")),
                                  np.fft.fftfreq(n, d))


@pytest.mark.parametrize("args", [(0,), (4, 0.0), (2.5,), (-1,), ("3",)])
def test_freq_edges_as_numpy(args):
    """NumPy's error, or NumPy's (empty) result: rfftfreq(-1) is []."""
    for name in ["fftfreq", "rfftfreq"]:
        try:
            want = getattr(np.fft, name)(*args)
        except Exception as e:
            with pytest.raises(type(e)):
                getattr(rp.fft, name)(*args)
            continue
        np.testing.assert_array_equal(as_np(getattr(rp.fft, name)(*args)), want)


@pytest.mark.parametrize("shape", [(0,), (1,), (7,), (8,), (3, 4), (5, 6, 7), ()])
@pytest.mark.parametrize("axes", [None, 0, -1, (0,), (-1, 0)])
def test_shifts(shape, axes):
    x = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    for name in ["fftshift", "ifftshift"]:
        try:
            want = getattr(np.fft, name)(x, axes)
        except Exception as e:
            with pytest.raises(type(e)):
                getattr(rp.fft, name)(rp.asarray(x), axes)
            continue
        for src in (rp.asarray(x), x, x.tolist()):
            got = getattr(rp.fft, name)(src, axes)
            assert isinstance(got, rp.ndarray)
            np.testing.assert_array_equal(as_np(got), want)
        z = x + 1j
        check(getattr(rp.fft, name)(z, axes), getattr(np.fft, name)(z, axes), exact=True)


def test_shift_roundtrip_int():
    x = rp.arange(11)
    assert as_np(rp.fft.ifftshift(rp.fft.fftshift(x))).tolist() == list(range(11))
    assert as_np(rp.fft.fftshift(x)).dtype == np.int64


def test_numpy_functions_on_raptors_arrays():
    """np.fft.* on raptors arrays (NEP 18) run raptors.fft: raptors arrays
    out, complex ones included."""
    x = data((5, 16), seed=11)
    r = rp.asarray(x)
    for name in ALL_TRANSFORMS:
        check(getattr(np.fft, name)(r), getattr(np.fft, name)(x))
    check(np.fft.fftshift(r), np.fft.fftshift(x), exact=True)
    z = rp.asarray(x + 2j * x)
    check(np.fft.fftshift(z), np.fft.fftshift(x + 2j * x), exact=True)
    check(np.fft.ifft(z), np.fft.ifft(x + 2j * x), exact=True)


def test_roundtrips():
    x = data((3, 50), seed=12)
    r = rp.asarray(x)
    np.testing.assert_allclose(as_np(rp.fft.irfft(rp.fft.rfft(r), n=50)), x, atol=1e-12)
    back = rp.fft.ifft(rp.fft.fft(r))
    assert isinstance(back, rp.ndarray) and back.dtype == np.complex128
    np.testing.assert_allclose(as_np(back.real), x, atol=1e-12)
    # raptors' own complex arithmetic on the spectrum: Parseval's theorem
    f = rp.fft.fft(r, axis=-1)
    np.testing.assert_allclose(as_np(rp.sum(rp.abs(f) ** 2, axis=-1)) / 50,
                               (x * x).sum(axis=-1), rtol=1e-12)
    np.testing.assert_allclose(as_np(rp.fft.irfftn(rp.fft.rfftn(r), s=x.shape, axes=(0, 1))), x, atol=1e-12)


def test_half_spectrum_symmetry_fill():
    """Real input to fft/fftn takes rfft plus the conjugate fill: check the
    fill's every block over 1-3 transformed axes, odd and even lengths, and
    a length with a prime factor above 1000 (the c2c route)."""
    for shape, axes in [((256,), None), ((258,), None), ((64,), None), ((2 * 1013,), None),
                        ((5, 256), None), ((4, 7, 256), None), ((4, 7, 512), (0, 2)),
                        ((3, 256, 5), (1,)), ((3, 256, 5), (1, 0)), ((1, 256), None),
                        ((2, 1, 256), None)]:
        x = data(shape, seed=13)
        check(rp.fft.fftn(rp.asarray(x), axes=axes), np.fft.fftn(x, axes=axes))
        x32 = x.astype(np.float32)
        check(rp.fft.fftn(x32, axes=axes), np.fft.fftn(x32, axes=axes))
        for axis in range(x.ndim):  # the 1-D route, the fill along any axis
            check(rp.fft.fft(rp.asarray(x), axis=axis), np.fft.fft(x, axis=axis))


def test_numpy_fallback_route(monkeypatch):
    """With the engine switched off every call goes through numpy.fft (the
    route taken on a NumPy without the expected private gufuncs)."""
    monkeypatch.setattr(rfft_mod, "_FAST", False)
    x = data((6, 32), seed=14)
    for name in ALL_TRANSFORMS:
        check(getattr(rp.fft, name)(rp.asarray(x)), getattr(np.fft, name)(x), exact=True)


@pytest.mark.parametrize("name", rp.fft.__all__)
def test_signatures_as_numpy(name):
    import inspect

    got = inspect.signature(getattr(rp.fft, name))
    if name in ("fftfreq", "rfftfreq"):  # plus the Array API's keyword-only dtype=
        params = list(got.parameters.values())
        assert params[-1].name == "dtype" and params[-1].kind is params[-1].KEYWORD_ONLY
        got = got.replace(parameters=params[:-1])
    assert got == inspect.signature(getattr(np.fft, name))


@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
@pytest.mark.parametrize("dtype", [None, "float32", np.float64])
def test_freq_dtype_keyword(name, dtype):
    # Array API 2024.12: fftfreq(n, /, *, d=1.0, dtype=None, device=None)
    for n, d in [(1, 1.0), (8, 0.5), (9, 3)]:
        got = getattr(rp.fft, name)(n, d=d, dtype=dtype)
        want = getattr(np.fft, name)(n, d=d)
        want = want if dtype is None else want.astype(dtype)
        assert isinstance(got, rp.ndarray) and got.dtype == want.dtype
        np.testing.assert_array_equal(np.asarray(got), want)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_byteswapped_and_subclass_inputs():
    x = data((3, 300), seed=15)
    for a in (x.astype(">f8"), x.astype("<f4").astype(">f4"), np.asmatrix(x),
              (x + 1j * x).astype(">c16")):
        for name in ["fft", "ifft", "irfft", "fft2", "rfftn", "ifftn"]:
            same(name, (a,), {})


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_short_1d_defaults_exact(dtype):
    """rfft/irfft of a 1-D raptors array with every default below 4096 (the
    lean path, raptors/_fft_engine.py rfft_short/irfft_short): NumPy's
    bits, dtypes and lengths; strided input; the first lengths past it and
    other calls (n=, norm=, 2-D, integers) take the general path."""
    cdt = np.result_type(dtype, 1j)
    for n in (1, 2, 3, 7, 64, 255, 1000, 1024, 1025, 4095, 4096, 4097):
        x = data(n, dtype, n)
        r = rp.asarray(x)
        got = rp.fft.rfft(r)
        assert isinstance(got, rp.ndarray) and got.dtype == cdt
        np.testing.assert_array_equal(as_np(got), np.fft.rfft(x), strict=True)
        c = np.fft.rfft(x)
        if c.shape[0] > 1:
            back = rp.fft.irfft(rp.asarray(c))
            assert isinstance(back, rp.ndarray) and back.dtype == np.dtype(dtype)
            np.testing.assert_array_equal(as_np(back), np.fft.irfft(c), strict=True)
            # real input: cast to complex by the transform, as in NumPy's call
            back = rp.fft.irfft(r)
            assert isinstance(back, rp.ndarray) and back.dtype == np.dtype(dtype)
            np.testing.assert_array_equal(as_np(back), np.fft.irfft(x), strict=True)
        s = rp.asarray(data(2 * n, dtype, 1))[::2]
        np.testing.assert_array_equal(as_np(rp.fft.rfft(s)), np.fft.rfft(as_np(s)), strict=True)
    x = data(100, dtype, 5)
    r = rp.asarray(x)
    check(rp.fft.rfft(r, norm="ortho"), np.fft.rfft(x, norm="ortho"))
    check(rp.fft.rfft(r, n=64), np.fft.rfft(x, n=64))
    check(rp.fft.irfft(rp.fft.rfft(r), n=100), np.fft.irfft(np.fft.rfft(x), n=100))
    check(rp.fft.rfft(rp.asarray(np.arange(10))), np.fft.rfft(np.arange(10)))
    check(rp.fft.rfft(r.reshape(4, 25)), np.fft.rfft(x.reshape(4, 25)))
    with pytest.raises(ValueError):
        rp.fft.irfft(rp.asarray(np.ones(1, cdt)))


@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "complex64", "int32"])
def test_short_fft_is_the_general_route(dtype):
    """fft of a 1-D raptors array with every default below 4096 (fft_short in
    raptors/_fft_engine.py) gives the general route's bits (the same call
    with n= given) and NumPy's values and dtype; past 4096 and for integer
    input it is the general route itself."""
    for n in (1, 2, 3, 64, 255, 256, 1000, 1009, 1024, 4095, 4096, 4097):
        x = data(n, dtype, n)
        r = rp.asarray(x)
        got = rp.fft.fft(r)
        assert isinstance(got, rp.ndarray)
        np.testing.assert_array_equal(as_np(got), as_np(rp.fft.fft(r, n=n)), strict=True)
        check(got, np.fft.fft(x))
