"""Large transforms split over raptors' threads (docs/fft.md, "Threads").

NumPy runs pocketfft on one core. Its gufunc loops release the GIL, so two
Python threads calling the gufunc on disjoint halves of a batch run in
parallel, each half being exactly the work (and the bits) of the whole
call's lines. A single long 1-D transform is first made into batches by the
four-step decomposition (n = n1 * n2: n2 transforms of length n1, a twiddle
multiply, n1 transforms of length n2; pocketfft reads and writes the strided
lines itself, so no transposes are spent). Those results agree with NumPy's
to rounding, not bit for bit, whatever the thread count (the route is
chosen by the shape alone); a batch split is exact.

One extra thread at most (the machine this was measured on has two cores;
raptors' pool size caps it: RAPTORS_THREADS=1 or set_num_threads(1) turn
the split off). The worker is a ThreadPoolExecutor created at first use and
again in a forked child.
"""

import os

import numpy as _np

from . import _raptors

# A batch is split from this many output elements times log2 of the line
# length on (below, the pool's round trip, ~40 us on the shared test
# machine, eats the half it saves: at 2^18, rfft2 of 256x256, ~200 us in
# NumPy, measured 0.83-0.88x on a quiet machine, fft2 of 256x256 lost 3-15%),
# a single complex 1-D transform from this length (a real one, half the
# work, from twice it).
PAR_MIN_WORK = 1 << 20
FOUR_MIN_N = 1 << 16
# Pieces a split range is cut in (see halves).
CHUNKS = 4

_POOL = None
_PID = None


def _pool():
    global _POOL, _PID
    if _POOL is None or _PID != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(1, thread_name_prefix="raptors-fft")
        _PID = os.getpid()
    return _POOL


_NCPU = os.cpu_count() or 1


def threads():
    """How many threads a large transform may use: 2 when raptors' pool
    has two and the machine has a CPU to spare (1-minute load average below
    the CPU count: on a saturated machine the worker waits for a CPU and the
    split measured 0.5-0.8x NumPy), else 1."""
    if _raptors.threading_info()["threads"] < 2:
        return 1
    return 2 if idle() else 1


def idle():
    """A CPU to spare: the 1-minute load average below the CPU count."""
    try:
        return os.getloadavg()[0] < _NCPU
    except OSError:  # pragma: no cover - no load average on this OS
        return True


def _drain(f, it):
    for s in it:  # a list iterator's next is atomic under the GIL
        f(s)


def halves(f, m, par):
    """f(slice) over [0, m), on two threads when par. The range goes in
    CHUNKS pieces that both threads take from one iterator: when the worker
    does not get a CPU (a loaded machine), this thread does all of them and
    cancels the worker's job instead of waiting for it."""
    if not par or m < 2:
        f(slice(None))
        return
    k = min(CHUNKS, m)
    cuts = [m * i // k for i in range(k + 1)]
    it = iter([slice(cuts[i], cuts[i + 1]) for i in range(k)])
    fut = _pool().submit(_drain, f, it)
    try:
        _drain(f, it)
    finally:
        if not fut.cancel():
            fut.result()


def run(u, x, fct, o, axis):
    """u (a pocketfft gufunc) over `axis` of x into o, the batch of lines
    split over two threads when it is large enough."""
    nd = o.ndim
    ax = None if axis == nd - 1 else [(axis,), (), (axis,)]
    n = o.shape[axis]
    d = -1
    if nd > 1 and o.size * max(n, x.shape[axis]).bit_length() >= PAR_MIN_WORK:
        d = max((i for i in range(nd) if i != axis), key=lambda i: o.shape[i])
        if o.shape[d] < 2 or threads() < 2:
            d = -1
    if d < 0:
        if ax is None:
            u(x, fct, o)
        else:
            u(x, fct, o, axes=ax)
        return

    def part(s):
        idx = (slice(None),) * d + (s,)
        if ax is None:
            u(x[idx], fct, o[idx])
        else:
            u(x[idx], fct, o[idx], axes=ax)

    halves(part, o.shape[d], True)


# ---- the four-step decomposition of one long transform ---------------------

_SPLITS = {}


def split(n):
    """n1, the divisor of n nearest sqrt(n) from below, when both factors
    are >= 16 (shorter lines cost more per-line overhead than they save),
    else 0: n goes to pocketfft whole (primes, 2 * prime, ...)."""
    r = _SPLITS.get(n)
    if r is None:
        r = 0
        d = int(n ** 0.5)
        while d >= 16:
            if n % d == 0:
                r = d
                break
            d -= 1
        if len(_SPLITS) > 512:
            _SPLITS.clear()
        _SPLITS[n] = r
    return r


def four_ok(n, real=False):
    """The four-step route for a 1-D transform of length n: long, with a
    usable split. The shape alone decides, not the thread count or the
    machine's load: the route changes the rounding, and a result must not
    depend on either (on one thread it runs fewer instructions than
    pocketfft's whole transform for the powers of two, but its strided
    lines measure slower: docs/fft.md)."""
    return n >= (2 * FOUR_MIN_N if real else FOUR_MIN_N) and bool(split(n))


_TW = {}


def _twiddle(n, n1, rows, cdt, sign):
    """exp(sign * 2 pi i * k1 * j2 / n) for k1 < rows, j2 < n / n1, in cdt
    (computed in float64 from k1 * j2 mod n, so its angle is exact to one
    rounding). The last few tables are kept."""
    key = (n, n1, rows, cdt, sign)
    t = _TW.get(key)
    if t is None:
        n2 = n // n1
        k = (_np.arange(rows, dtype=_np.int64)[:, None] * _np.arange(n2, dtype=_np.int64)) % n
        t = _np.exp(k * (sign * 2j * _np.pi / n)).astype(cdt, copy=False)
        while len(_TW) >= 4:
            _TW.pop(next(iter(_TW)))
        _TW[key] = t
    return t


_A0 = [(0,), (), (0,)]


def c2c(x, n, fct, cdt, u, sign, out=None):
    """The complex transform (u = pocketfft's fft or ifft gufunc, sign its
    exponent's) of a 1-D complex array x of length n (cdt), scaled by fct.
    x[j1*n2 + j2] = A[j1, j2]: columns (length n1), twiddle, rows (length n2)
    written where X[k1 + n1*k2] lives."""
    par = threads() >= 2
    n1 = split(n)
    n2 = n // n1
    a = x.reshape(n1, n2)
    b = _np.empty((n1, n2), cdt)
    t = _twiddle(n, n1, n1, cdt, sign)

    def cols(s):
        u(a[:, s], fct, b[:, s], axes=_A0)
        _np.multiply(b[:, s], t[:, s], out=b[:, s])

    halves(cols, n2, par)
    if out is None:
        out = _np.empty(n, cdt)
    o = out.reshape(n2, n1).T

    def rows(s):
        u(b[s], 1, o[s])

    halves(rows, n1, par)
    return out


def r2c(x, n, fct, cdt, rfft, fft, full):
    """rfft of a 1-D real array x of length n (the real dtype of cdt): the
    real transform of the columns gives rows k1 <= n1 // 2 only; the others
    are conjugates, X[k1 + n1*k2] = conj(D[n1 - k1, n2 - 1 - k2]) (x real).
    full: all n terms (fft of real input), else n // 2 + 1."""
    par = threads() >= 2
    n1 = split(n)
    n2 = n // n1
    m1 = n1 // 2 + 1
    a = x.reshape(n1, n2)
    b = _np.empty((m1, n2), cdt)
    t = _twiddle(n, n1, m1, cdt, -1)
    ru = rfft[n1 & 1]

    def cols(s):
        ru(a[:, s], fct, b[:, s], axes=_A0)
        _np.multiply(b[:, s], t[:, s], out=b[:, s])

    halves(cols, n2, par)
    w = _np.empty(n, cdt)
    v = w.reshape(n2, n1)  # v[k2, k1] = X[k1 + n1*k2]
    o = v.T[:m1]

    def rows(s):
        fft(b[s], 1, o[s])

    halves(rows, m1, par)
    k2 = n2 if full else min(n2, (n // 2) // n1 + 1)
    src = v[::-1][:k2, n1 - m1:0:-1]
    dst = v[:k2, m1:]

    def fill(s):
        _np.conjugate(src[s], out=dst[s])

    halves(fill, k2, par and k2 * n1 >= PAR_MIN_WORK)  # else not worth a round trip
    return w if full else w[:n // 2 + 1]


def c2r(xf, n, fct, real, cdt, ifft, irfft):
    """irfft of length n from xf, the full Hermitian spectrum (n terms of
    cdt, exactly Hermitian): rows k1 <= n1 // 2 of the inverse over k2,
    twiddle, then the real inverse over k1 (NumPy's fct applied there)."""
    par = threads() >= 2
    n1 = split(n)
    n2 = n // n1
    m1 = n1 // 2 + 1
    p = xf.reshape(n2, n1).T[:m1]  # p[k1, k2] = X[k1 + n1*k2]
    q = _np.empty((m1, n2), cdt)
    t = _twiddle(n, n1, m1, cdt, 1)

    def rows(s):
        ifft(p[s], 1, q[s])
        _np.multiply(q[s], t[s], out=q[s])

    halves(rows, m1, par)
    out = _np.empty(n, real)
    a = out.reshape(n1, n2)

    def cols(s):
        irfft(q[:, s], fct, a[:, s], axes=_A0)

    halves(cols, n2, par)
    return out


def hermitian(x, n, cdt):
    """The n-term Hermitian spectrum irfft of length n reads from x (its
    first n // 2 + 1 terms, zero-padded; the imaginary parts pocketfft
    ignores, of X[0] and of X[n/2] for even n, set to zero)."""
    h = n // 2 + 1
    xf = _np.empty(n, cdt)
    m = min(h, x.shape[0])
    xf[:m] = x[:m]
    xf[m:h] = 0
    xf.imag[0] = 0
    if n % 2 == 0:
        xf.imag[n // 2] = 0
    _np.conjugate(xf[n - h:0:-1], out=xf[h:])
    return xf


# ---- real transforms of even n = 2N as one complex transform of N ----------
#
# pocketfft's real plans take the Bluestein route for a length with a large
# prime factor, and then run a complex Bluestein of the whole length n. The
# even/odd samples packed as z[j] = x[2j] + i x[2j+1] need a complex
# transform of only N = n/2 (Bluestein at half the size when N is such a
# length), plus O(n) packing with the twiddles w[k] = exp(-2 pi i k / n).

_HW = {}


def _half_table(n, cdt, inverse):
    """-i/2 * w[k] for k <= N (forward) or i * conj(w[k]) for k < N (inverse)."""
    key = (n, cdt, inverse)
    t = _HW.get(key)
    if t is None:
        N = n // 2
        k = _np.arange(N if inverse else N + 1, dtype=_np.float64)
        w = _np.exp(k * (-2j * _np.pi / n))
        t = (1j * _np.conjugate(w) if inverse else -0.5j * w).astype(cdt, copy=False)
        while len(_HW) >= 8:
            _HW.pop(next(iter(_HW)))
        _HW[key] = t
    return t


_LPF = {}


def half_ok(n):
    """The half-length route for a real transform of length n: even, not
    four-step material, and with a prime factor above both 1000 and sqrt(n)
    (where pocketfft's real plan runs a Bluestein of the whole length)."""
    ok = _LPF.get(n)
    if ok is None:
        ok = False
        if n % 2 == 0 and n >= 4096 and not split(n):
            m, p = n, 2
            while p * p <= m:
                while m % p == 0:
                    m //= p
                p += 1
            ok = m > 1000 and m * m > n  # m: the largest prime factor
        if len(_LPF) > 512:
            _LPF.clear()
        _LPF[n] = ok
    return ok


def r2c_half(x, n, fct, cdt, fft, ifft):
    """rfft of the contiguous real x of even length n via z = x viewed as
    complex: X[k] = (Z[k] + conj(Z[N-k])) / 2 - i w[k] (Z[k] - conj(Z[N-k])) / 2."""
    N = n // 2
    z = _np.ascontiguousarray(x).view(cdt)
    zk = _np.empty(N + 1, cdt)
    c2c_any(z, N, fct, cdt, fft, ifft, -1, zk[:N])
    zk[N] = zk[0]
    r = _np.conjugate(zk[::-1])  # conj(Z[N - k]), k = 0..N
    e = zk + r
    zk -= r
    zk *= _half_table(n, cdt, False)
    e *= 0.5
    e += zk
    return e


def c2r_half(x, n, fct, real, cdt, fft, ifft):
    """irfft of even length n: G[k] = (X[k] + conj(X[N-k])) + i conj(w[k])
    (X[k] - conj(X[N-k])), k < N, then x = ifft_N(G) read as n reals (the
    imaginary parts pocketfft ignores, of X[0] and X[N], set to zero)."""
    N = n // 2
    h = _np.empty(N + 1, cdt)
    m = min(N + 1, x.shape[0])
    h[:m] = x[:m]
    h[m:] = 0
    h.imag[0] = 0
    h.imag[N] = 0
    a = h[:N]
    b = _np.conjugate(h[N:0:-1])
    g = a + b
    a -= b
    a *= _half_table(n, cdt, True)
    g += a
    return c2c_any(g, N, fct, cdt, fft, ifft, 1).view(real)


# ---- Bluestein's algorithm over the threaded four-step ---------------------
#
# A length with a large prime factor and no four-step split (a prime, 2 *
# prime) is the convolution X[k] = c[k] sum_j x[j] c[j] conj(c[k - j]),
# c[j] = exp(-i pi j^2 / n): two transforms of a smooth length M >= 2n - 1
# (pocketfft runs the same two, on one thread), here by the four-step.

_BL = {}


def _smooth(m):
    """The least 2^a 3^b 5^c >= m."""
    best = 1 << (m - 1).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            v = p35
            while v < m:
                v *= 2
            best = min(best, v)
            p35 *= 3
        p5 *= 5
    return best


def blue_ok(n):
    """Bluestein here for a c2c of length n: no four-step split, a prime
    factor above both 1000 and sqrt(n) (pocketfft's Bluestein too), and
    long enough that its two transforms take the four-step."""
    if n < FOUR_MIN_N // 2 or split(n):
        return False
    ok = _LPF.get(-n)
    if ok is None:
        m, p = n, 2
        while p * p <= m:
            while m % p == 0:
                m //= p
            p += 1
        ok = _LPF[-n] = m > 1000 and m * m > n
    return ok


def _blue_tables(n, cdt, sign):
    key = (n, cdt, sign)
    t = _BL.get(key)
    if t is None:
        m = _smooth(2 * n - 1)
        j = _np.arange(n, dtype=_np.int64)
        c = _np.exp(((j * j) % (2 * n)) * (sign * 1j * _np.pi / n))  # float64
        b = _np.zeros(m, _np.complex128)
        b[:n] = _np.conjugate(c)
        b[m - n + 1:] = b[n - 1:0:-1]
        bf = _np.fft.fft(b) / m
        t = (m, c.astype(cdt), bf.astype(cdt))
        while len(_BL) >= 4:
            _BL.pop(next(iter(_BL)))
        _BL[key] = t
    return t


def blue(x, n, fct, cdt, fft, ifft, sign, out=None):
    """The c2c of the 1-D x (cdt, length n) by Bluestein, scaled by fct."""
    m, c, bf = _blue_tables(n, cdt, sign)
    a = _np.zeros(m, cdt)
    _np.multiply(x, c, out=a[:n])
    a = c2c_any(a, m, 1, cdt, fft, ifft, -1)
    a *= bf
    a = c2c_any(a, m, fct, cdt, fft, ifft, 1)
    return _np.multiply(a[:n], c, out=out)


def c2c_any(x, n, fct, cdt, fft, ifft, sign, out=None):
    """The c2c of sign (-1 fft, 1 ifft) of the contiguous 1-D x: the
    four-step, Bluestein or pocketfft's whole transform."""
    u = fft if sign < 0 else ifft
    if four_ok(n):
        return c2c(x, n, fct, cdt, u, sign, out)
    if blue_ok(n):
        return blue(x, n, fct, cdt, fft, ifft, sign, out)
    if out is None:
        out = _np.empty(n, cdt)
    u(x, fct, out)
    return out
