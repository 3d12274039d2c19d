"""raptors.fft's threaded routes (raptors/_fft_split.py) against numpy.fft:
the four-step decomposition of one long 1-D transform (fft, ifft, rfft,
irfft; real and complex input), the batch split of many lines over two
threads, each around its thresholds, every norm, float32/float64, strided
and reversed inputs, n cropping and padding; one thread against two gives
the same bits.
"""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import raptors as rp
from raptors import _fft_split as S

NORMS = [None, "backward", "ortho", "forward"]


def as_np(r):
    return r if isinstance(r, np.ndarray) else np.asarray(r)


def check(got, want):
    """dtype, shape, values within a few ulp of the largest term (the
    four-step rounds differently from pocketfft's whole transform)."""
    assert isinstance(got, rp.ndarray), type(got)
    g = as_np(got)
    assert g.dtype == want.dtype and g.shape == want.shape, (g.dtype, want.dtype, g.shape)
    eps = np.finfo(want.dtype).eps
    scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
    np.testing.assert_allclose(g, want, rtol=64 * eps, atol=64 * eps * scale)


def data(n, dtype, seed):
    g = np.random.default_rng(seed)
    x = g.standard_normal(n)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * g.standard_normal(n)
    return x.astype(dtype)


@pytest.fixture(autouse=True)
def spare_cpu(monkeypatch):
    """The threaded routes whatever the machine's load (the batch split
    steps aside on a saturated machine: test_route_ignores_threads_and_load),
    and the batch split from the test shapes' sizes on (2^18 work)."""
    monkeypatch.setattr(S, "idle", lambda: True)
    monkeypatch.setattr(S, "PAR_MIN_WORK", 1 << 18)


@pytest.fixture
def small_four(monkeypatch):
    """The four-step route from 256 on, so that short lengths take it."""
    monkeypatch.setattr(S, "FOUR_MIN_N", 256)


def all_1d(x, n, norm):
    """(raptors result, NumPy result) for every 1-D transform of x."""
    out = []
    cx = np.asarray(x).dtype.kind == "c"
    for name in ["fft", "ifft"] + ([] if cx else ["rfft"]) + ["irfft"]:
        out.append((getattr(rp.fft, name)(x, n=n, norm=norm),
                    getattr(np.fft, name)(as_np(x), n=n, norm=norm)))
    return out


# lengths around the split rule: powers of two, mixed, odd, 2 * prime and
# primes (no split: pocketfft whole), 16 * 16 (the smallest split)
LENGTHS = [256, 257, 255, 512, 1000, 1024, 2 * 1009, 3 * 5 * 17 * 7, 4096, 16 * 17, 97 * 89]


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "complex64"])
def test_four_step_1d(small_four, n, dtype):
    x = data(n, dtype, n)
    for norm in NORMS:
        for got, want in all_1d(x, None, norm):
            check(got, want)


@pytest.mark.parametrize("n", [300, 1024, 4096, 1001])
def test_four_step_crop_pad(small_four, n):
    for m in (n - 7, n + 5, n // 3):
        x = data(m, "float64", m)
        c = data(m, "complex128", m)
        for norm in ("ortho", None):
            for got, want in all_1d(x, n, norm) + all_1d(c, n, norm):
                check(got, want)


@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128"])
def test_four_step_layouts(small_four, dtype):
    base = data(3 * 2048, dtype, 7)
    rb = rp.asarray(base)
    for sl in (slice(None, None, 3), slice(None, None, -2), slice(5, 2053)):
        for got, want in all_1d(rb[sl], None, None):
            check(got, want)
    # NumPy input, byte-swapped input, integer input
    for a in (base[::2], base.astype(base.dtype.newbyteorder()), np.arange(1024)):
        for got, want in all_1d(a, None, "forward"):
            check(got, want)


def test_four_step_irfft_ignores_dc_and_nyquist_imag(small_four):
    """pocketfft's c2r ignores the imaginary parts of X[0] and X[n/2]: so does
    the four-step's Hermitian extension."""
    c = data(513, "complex128", 3)
    for n in (1024, 1025, 1023):
        check(rp.fft.irfft(c, n=n), np.fft.irfft(c, n=n))


def test_default_thresholds_take_the_route():
    """At the real thresholds: a long transform is split, a short one is not
    (pocketfft's own bits there), a prime takes Bluestein."""
    n = S.FOUR_MIN_N
    assert S.four_ok(n) and S.four_ok(2 * n) and not S.four_ok(n - 2)
    assert not S.blue_ok(n - 2) and not S.half_ok(n - 2)
    assert not S.four_ok(65537) and S.split(65537) == 0 and S.split(2 * 65537) == 0
    assert S.blue_ok(65537)
    x = data(n, "float64", 1)
    for got, want in all_1d(x, None, None):
        check(got, want)
    p = data(n - 2, "complex128", 2)
    for name in ("fft", "ifft"):
        np.testing.assert_array_equal(as_np(getattr(rp.fft, name)(p)), getattr(np.fft, name)(p))


def test_route_ignores_threads_and_load(monkeypatch):
    """A busy machine or one raptors thread: no batch split (whose bits are
    NumPy's anyway), but the same routes as on two idle threads, so the
    same bits: the result depends on the shape only."""
    n = 2 * S.FOUR_MIN_N
    x = data(n, "complex128", 9)
    xr = data((300, 512), "float64", 9).reshape(300, 512)

    def results():
        out = [as_np(getattr(rp.fft, name)(x, n=n)).copy() for name in ("fft", "ifft", "irfft")]
        return out + [as_np(rp.fft.rfft(x.real)).copy(), as_np(rp.fft.rfft2(xr)).copy()]

    assert S.four_ok(n)
    with monkeypatch.context() as m:
        m.setattr(S, "idle", lambda: True)
        with rp.num_threads(2):
            want = results()
    for patch in ("busy", "one"):
        with monkeypatch.context() as m:
            m.setattr(S, "idle", lambda: patch != "busy")
            with rp.num_threads(1 if patch == "one" else 2):
                assert S.threads() == 1 and S.four_ok(n)
                for got, w in zip(results(), want):
                    np.testing.assert_array_equal(got, w)
    np.testing.assert_array_equal(want[-1], np.fft.rfft2(xr))
    for name, got in zip(("fft", "ifft", "irfft"), want):
        check(rp.asarray(got), getattr(np.fft, name)(x, n=n))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(256, 5000), m=st.integers(1, 5000),
       dtype=st.sampled_from(["float64", "float32", "complex128", "complex64"]),
       norm=st.sampled_from(NORMS))
def test_four_step_hypothesis(n, m, dtype, norm):
    old, old_idle = S.FOUR_MIN_N, S.idle
    S.FOUR_MIN_N, S.idle = 256, lambda: True
    try:
        x = data(m, dtype, n + m)
        for got, want in all_1d(x, n, norm):
            check(got, want)
    finally:
        S.FOUR_MIN_N, S.idle = old, old_idle


def _same_bits_one_and_two_threads(fn):
    with rp.num_threads(1):
        one = as_np(fn()).copy()
    with rp.num_threads(2):
        two = as_np(fn())
    np.testing.assert_array_equal(one, two)
    return two


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft"])
def test_threads_same_bits_1d(name, monkeypatch):
    """The four-step's pieces on two threads or all on this one: same bits."""
    n = 2 * S.FOUR_MIN_N
    serial = S.halves
    for dtype in ("float64", "complex64"):
        if name == "rfft" and dtype == "complex64":
            continue
        x = rp.asarray(data(n, dtype, 4))
        two = as_np(getattr(rp.fft, name)(x)).copy()
        with monkeypatch.context() as m:
            m.setattr(S, "halves", lambda f, k, par: serial(f, k, False))
            one = as_np(getattr(rp.fft, name)(x))
        np.testing.assert_array_equal(one, two)


@pytest.mark.parametrize("name", ["fft", "rfft", "irfft", "ifft", "fft2", "rfft2", "fftn",
                                  "rfftn"])
@pytest.mark.parametrize("shape,axis", [((512, 300), -1), ((300, 512), 0), ((3, 200, 180), 1)])
def test_batch_split(name, shape, axis):
    """Many lines: the batch split over two threads gives NumPy's bits (the
    same gufunc per line) and the same bits on one thread."""
    x = data(int(np.prod(shape)), "float64", 5).reshape(shape)
    if name in ("fft", "ifft") or name in ("irfft",):
        x = x + 0.5j * x[..., ::-1]
    kw = {"axis": axis} if name in ("fft", "rfft", "irfft", "ifft") else {}
    r = rp.asarray(x)
    got = _same_bits_one_and_two_threads(lambda: getattr(rp.fft, name)(r, **kw))
    want = getattr(np.fft, name)(x, **kw)
    if name in ("fft", "fftn", "fft2") and x.dtype.kind != "c":
        check(rp.asarray(got), want)  # real input: the half transform and fill
    else:
        np.testing.assert_array_equal(got, want)


def test_split_rule():
    assert S.split(1 << 20) == 1024 and S.split(60000) == 240 and S.split(131070) == 257
    for n in (65537, 2 * 65537, 15 * 17):
        assert S.split(n) == 0 or (S.split(n) >= 16 and n // S.split(n) >= 16)
    for n in range(256, 3000, 7):
        d = S.split(n)
        assert d == 0 or (n % d == 0 and 16 <= d <= n // d)


# even lengths with a large prime factor (pocketfft's real plans run a whole
# Bluestein there): the half-length route; odd ones and 4094 (below the
# route's minimum) stay pocketfft's
HALF = [2 * 4099, 2 * 3 * 1009, 4 * 1013 * 2, 2 * 65537, 2 * 59999]


@pytest.mark.parametrize("n", HALF + [4094, 4099, 3 * 4099])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_half_length_route(n, dtype):
    assert S.half_ok(n) == (n in HALF)
    x = data(n, dtype, n)
    c = data(n // 2 + 1, "complex128" if dtype == "float64" else "complex64", n + 1)
    for norm in NORMS:
        check(rp.fft.rfft(x, norm=norm), np.fft.rfft(x, norm=norm))
        check(rp.fft.irfft(c, n=n, norm=norm), np.fft.irfft(c, n=n, norm=norm))
    rx = rp.asarray(data(3 * n, dtype, 2))
    for m in (n - 3, n + 9, n // 5):  # crop and pad, strided and reversed input
        for a in (rx[::3][:m], rx[::-2][:m]):
            check(rp.fft.rfft(a, n=n), np.fft.rfft(as_np(a), n=n))
            check(rp.fft.irfft(a, n=n, norm="ortho"), np.fft.irfft(as_np(a), n=n, norm="ortho"))
    # pocketfft's c2r ignores the imaginary parts of X[0] and X[N]
    c.imag[0], c.imag[-1] = 3.0, -2.0
    check(rp.fft.irfft(c, n=n), np.fft.irfft(c, n=n))


@pytest.mark.parametrize("n", [32771, 2 * 16411, 40009, 65537])
@pytest.mark.parametrize("dtype", ["complex128", "complex64", "float64", "float32"])
def test_bluestein_route(n, dtype):
    """Lengths with a large prime factor and no four-step split: Bluestein
    over the four-step (fft/ifft), inside the half-length route (rfft/irfft
    of 2 * prime)."""
    assert S.blue_ok(n) and not S.split(n)
    x = data(n, dtype, n)
    for norm in NORMS:
        for got, want in all_1d(x, None, norm):
            check(got, want)
    rx = rp.asarray(data(2 * n, dtype, 3))
    for m in (n - 4, n + 3):
        check(rp.fft.fft(rx[::-2][:m], n=n), np.fft.fft(as_np(rx[::-2][:m]), n=n))
        check(rp.fft.ifft(rx[::2][:m], n=n), np.fft.ifft(as_np(rx[::2][:m]), n=n))


def test_bluestein_edges():
    assert not S.blue_ok(32749)  # prime, but below the route's minimum
    assert not S.blue_ok(1 << 15) and not S.blue_ok(3 * 5 * 7 * 11 * 13 * 17)
    for m in range(1, 3000, 37):
        s = S._smooth(m)
        assert s >= m
        r = s
        for p in (2, 3, 5):
            while r % p == 0:
                r //= p
        assert r == 1
        assert not any(m <= v < s for v in range(m, s) if _smooth_brute(v))


def _smooth_brute(v):
    for p in (2, 3, 5):
        while v % p == 0:
            v //= p
    return v == 1
