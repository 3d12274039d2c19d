"""The transforms behind raptors.fft: NumPy's pocketfft gufuncs called
directly on zero-copy views (the same C++ code numpy.fft runs, without
numpy.fft's Python layer, which costs about half of a small transform).

Each fast path below takes only the common calls (out=None, s=None, valid
n/axis/norm) and answers None for anything else; the caller then hands the
call to numpy.fft itself, so every corner case and every error is NumPy's.

Real input to the complex forward transforms takes the half-size real
transform and fills the other half by Hermitian symmetry (X[n-k] =
conj(X[k])): half the arithmetic, and NumPy's c2c route first casts the real
input to complex. The results then agree with NumPy's to rounding (the
factorization order differs), not bit for bit.

When NumPy's private module is not what this file expects (another NumPy
version), USABLE is False and everything goes through numpy.fft.
"""

import numpy as _np

from . import _fft_split as _s

try:  # NumPy 2.x: gufuncs (n),()->(m) taking the scale factor as 2nd operand
    from numpy.fft import _pocketfft_umath as _pfu

    _FFT, _IFFT, _IRFFT = _pfu.fft, _pfu.ifft, _pfu.irfft
    _RFFT = (_pfu.rfft_n_even, _pfu.rfft_n_odd)
    USABLE = all(
        getattr(u, "signature", None) in ("(n),()->(m)", "(m),()->(n)")
        for u in (_FFT, _IFFT, _IRFFT) + _RFFT
    )
except (ImportError, AttributeError):  # pragma: no cover - other NumPy layouts
    USABLE = False

_asarray = _np.asarray
_empty = _np.empty
_conj = _np.conjugate
_ndarray = _np.ndarray
_NORMS = (None, "backward", "ortho", "forward")

# dtype -> (complex result dtype, real dtype of the scale factor), as
# numpy.fft's _raw_fft computes them (result_type(a, 1j), result_type(a.real, 1.0))
_DTYPES = {}


def _dtypes(dt):
    r = _DTYPES.get(dt)
    if r is None:
        if dt.kind not in "biufc":
            return None  # object, strings, datetimes: NumPy's error
        real = _np.result_type(_np.empty(0, dt).real.dtype, 1.0)
        r = _DTYPES[dt] = (_np.result_type(dt, 1j), real)
    return r


# (scale kind, n, real dtype) -> the factor NumPy multiplies by, computed with
# NumPy's expressions so the bits are the same
_FACTORS = {}


def _factor(kind, n, real):
    if kind is None or kind == "backward":
        return 1
    key = (kind, n, real)
    f = _FACTORS.get(key)
    if f is None:
        if kind == "ortho":
            f = _np.reciprocal(_np.sqrt(n, dtype=real))
        else:
            f = _np.reciprocal(n, dtype=real)
        if len(_FACTORS) > 512:
            _FACTORS.clear()
        _FACTORS[key] = f
    return f


_SWAP = {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}

# Lengths whose real transform is worth the symmetry fill: even (the odd real
# kernels lose to c2c on primes), from 256 on (below, the fill's two calls cost
# more than the half transform saves: callgrind, 128: 45k vs 43k instructions),
# and without a prime factor above 1000 (pocketfft's Bluestein route, where the
# real transform is no cheaper than the complex one).
_HALF_OK = {}


def _half_ok(n):
    ok = _HALF_OK.get(n)
    if ok is None:
        ok = n >= 256 and n % 2 == 0
        if ok:
            m = n
            for p in range(2, 1000):
                while m % p == 0:
                    m //= p
                if m == 1:
                    break
            ok = m == 1
        if len(_HALF_OK) > 512:
            _HALF_OK.clear()
        _HALF_OK[n] = ok
    return ok


def _axis(axis, ndim):
    """axis normalized, or None when NumPy should raise (or it is not an int)."""
    if type(axis) is not int:
        if not isinstance(axis, _np.integer):
            return None
        axis = int(axis)
    if -ndim <= axis < ndim:
        return axis + ndim if axis < 0 else axis
    return None


def _length(n, default):
    """n (or the default length) as an int >= 1, else None (NumPy's error)."""
    if n is None:
        n = default
    elif type(n) is not int:
        if not isinstance(n, _np.integer):
            return None
        n = int(n)
    return n if n >= 1 else None


def _mirror(o, axes, n, m):
    """Fill o[..., m:] along axes[-1] from the half spectrum o[..., :m]:
    X[k] = conj(X[-k]) with -k taken modulo each transformed axis' length."""
    last = axes[-1]
    combos = [([slice(None)] * o.ndim, [slice(None)] * o.ndim)]
    for ax in axes[:-1]:
        nxt = []
        for dst, src in combos:
            d0, s0 = list(dst), list(src)
            d0[ax] = s0[ax] = slice(0, 1)
            nxt.append((d0, s0))
            if o.shape[ax] > 1:
                d1, s1 = list(dst), list(src)
                d1[ax], s1[ax] = slice(1, None), slice(None, 0, -1)
                nxt.append((d1, s1))
        combos = nxt
    for dst, src in combos:
        dst[last], src[last] = slice(m, None), slice(n - m, 0, -1)
        _conj(o[tuple(src)], out=o[tuple(dst)])


def _axes(x, axes, lens):
    """[(axis, n)] normalized, or None when numpy.fft should take the call
    (an invalid or repeated axis, n < 1, a non-integer n)."""
    nd = x.ndim
    ax = []
    for axis, n in zip(axes, lens):
        axis = _axis(axis, nd)
        if axis is None or any(axis == b for b, _ in ax):
            return None
        n = _length(n, x.shape[axis])
        if n is None:
            return None
        ax.append((axis, n))
    return ax


def _norm_ok(norm):
    return norm is None or (type(norm) is str and norm in _NORMS)


def _prep(a, axes, lens, norm):
    if not _norm_ok(norm) or not axes:
        return None
    x = _asarray(a)
    dts = _dtypes(x.dtype)
    if dts is None or x.ndim == 0:
        return None
    ax = _axes(x, axes, lens)
    return None if ax is None else (x, ax, dts)


def c2c(a, lens, axes, norm, forward):
    """fft / ifft / fftn / ifftn of `a` (anything asarray takes) over `axes`
    (ints) with lengths `lens` (None for the input's), or None when numpy.fft
    should handle the call."""
    p = _prep(a, axes, lens, norm)
    if p is None:
        return None
    x, ax, (cdt, real) = p
    kind = norm if forward else _SWAP[norm]
    last, nl = ax[-1]
    if (forward and x.dtype.kind != "c" and _half_ok(nl)
            and all(x.shape[axis] == n for axis, n in ax[:-1])):
        shape = list(x.shape)
        shape[last] = nl
        o = _empty(tuple(shape), cdt)
        m = nl // 2 + 1
        half = [slice(None)] * x.ndim
        half[last] = slice(0, m)
        h = o[tuple(half)]
        _call(_RFFT[nl & 1], x, _factor(kind, nl, real), h, last)
        for axis, n in reversed(ax[:-1]):
            _call(_FFT, h, _factor(kind, n, real), h, axis)
        _mirror(o, [axis for axis, _ in ax], nl, m)
        return o
    u = _FFT if forward else _IFFT
    cur = x
    for axis, n in reversed(ax):
        if cur is x or cur.shape[axis] != n:  # NumPy's route: a fresh output
            out = _empty(cur.shape[:axis] + (n,) + cur.shape[axis + 1:], cdt)
        else:
            out = cur  # in place, as numpy.fft's n-D loop with out=
        _call(u, cur, _factor(kind, n, real), out, axis)
        cur = out
    return cur


def r2c(a, lens, axes, norm):
    """rfft / rfftn: the real transform over axes[-1], then c2c in place over
    the rest (other axes cropped or padded by s: numpy.fft's route)."""
    p = _prep(a, axes, lens, norm)
    if p is None:
        return None
    x, ax, (cdt, real) = p
    if x.dtype.kind == "c" or any(x.shape[axis] != n for axis, n in ax[:-1]):
        return None  # complex input: NumPy's TypeError
    last, nl = ax[-1]
    o = _empty(x.shape[:last] + (nl // 2 + 1,) + x.shape[last + 1:], cdt)
    _call(_RFFT[nl & 1], x, _factor(norm, nl, real), o, last)
    for axis, n in reversed(ax[:-1]):
        _call(_FFT, o, _factor(norm, n, real), o, axis)
    return o


def _front(a, norm):
    """(array, its dtypes) for a 1-D call, dts None when NumPy must answer."""
    if norm is not None and not _norm_ok(norm):
        return None, None
    x = a if type(a) is _ndarray else _asarray(a)
    return x, _DTYPES.get(x.dtype) or _dtypes(x.dtype)


def _axis1(x, axis, n, default_half=False):
    """(x, axis, n) of a 1-D transform call made ready, or None: the lean
    front of fft/ifft/rfft/irfft (their per-call cost is most of a small
    transform's)."""
    nd = x.ndim
    if axis == -1 and nd:
        axis = nd - 1
    else:
        axis = _axis(axis, nd)
        if axis is None:
            return None
    m = x.shape[axis]
    if n is None:
        n = 2 * (m - 1) if default_half else m
        return (axis, n) if n >= 1 else None
    n = _length(n, 0)
    return None if n is None else (axis, n)


_call = _s.run  # u over `axis`, a large batch split over two threads

# One long 1-D transform over two threads (_fft_split's four-step) for these
# real dtypes; others (float16, longdouble) stay pocketfft's whole call.
_REALS = (_np.dtype(_np.float32), _np.dtype(_np.float64))


def _fit(x, n, dt):
    """1-D x as dt, cropped or zero-padded to n (numpy.fft's n=)."""
    x = x.astype(dt, copy=False)
    m = x.shape[0]
    if m >= n:
        return x[:n] if m > n else x
    z = _np.zeros(n, dt)
    z[:m] = x
    return z


def fft1(a, n, axis, norm, forward):
    """fft / ifft along one axis, or None (numpy.fft's route)."""
    x, dts = _front(a, norm)
    p = dts and _axis1(x, axis, n)
    if not p:
        return None
    axis, n = p
    cdt, real = dts
    shape = x.shape
    if shape[axis] != n:
        shape = shape[:axis] + (n,) + shape[axis + 1:]
    if x.ndim == 1 and n >= _s.FOUR_MIN_N // 2 and real in _REALS:  # the long routes
        fct = _factor(_SWAP[norm], n, real) if not forward else (
            1 if norm is None else _factor(norm, n, real))
        if forward and x.dtype.kind != "c":
            if _s.four_ok(n, True):
                return _s.r2c(_fit(x, n, real), n, fct, cdt, _RFFT, _FFT, True)
        elif _s.four_ok(n):
            return _s.c2c(_fit(x, n, cdt), n, fct, cdt, _IFFT if not forward else _FFT,
                          1 - 2 * forward)
        if _s.blue_ok(n):
            return _s.blue(_fit(x, n, cdt), n, fct, cdt, _FFT, _IFFT, 1 - 2 * forward)
    o = _empty(shape, cdt)
    if forward:
        fct = 1 if norm is None else _factor(norm, n, real)
        if x.dtype.kind != "c" and _half_ok(n):
            m = n // 2 + 1
            if axis == x.ndim - 1:
                h = o[..., :m]
                _call(_RFFT[n & 1], x, fct, h, axis)
                _conj(o[..., n - m:0:-1], out=o[..., m:])
            else:
                _mirror_half(x, o, fct, axis, n, m)
            return o
        _call(_FFT, x, fct, o, axis)
    else:
        _call(_IFFT, x, _factor(_SWAP[norm], n, real), o, axis)
    return o


def _mirror_half(x, o, fct, axis, n, m):
    half = [slice(None)] * x.ndim
    half[axis] = slice(0, m)
    _call(_RFFT[n & 1], x, fct, o[tuple(half)], axis)
    _mirror(o, [axis], n, m)


def rfft1(a, n, axis, norm):
    """rfft along one axis, or None."""
    x, dts = _front(a, norm)
    p = dts and x.dtype.kind != "c" and _axis1(x, axis, n)
    if not p:
        return None  # complex input: NumPy's TypeError
    axis, n = p
    cdt, real = dts
    fct = 1 if norm is None else _factor(norm, n, real)
    if x.ndim == 1 and real in _REALS:
        if _s.four_ok(n, True):
            return _s.r2c(_fit(x, n, real), n, fct, cdt, _RFFT, _FFT, False)
        if _s.half_ok(n):
            return _s.r2c_half(_fit(x, n, real), n, fct, cdt, _FFT, _IFFT)
    o = _empty(x.shape[:axis] + (n // 2 + 1,) + x.shape[axis + 1:], cdt)
    _call(_RFFT[n & 1], x, fct, o, axis)
    return o


# The 1-D calls with every default on a line short enough that no long
# route applies (the half-length one starts at 4096): the steps of rfft1 and
# c2r inline, a short transform's time being mostly per-call cost.
_SHORT = 4096
_R2C = {_np.dtype(_np.float64): _np.dtype(_np.complex128),
        _np.dtype(_np.float32): _np.dtype(_np.complex64)}
_C2R = {c: r for r, c in _R2C.items()}


def rfft_short(a):
    """rfft(a) of a raptors array a as NumPy's array, or None (not such a call)."""
    x = _asarray(a)
    cdt = _R2C.get(x.dtype)
    if cdt is None or x.ndim != 1 or not 0 < x.shape[0] < _SHORT:
        return None
    m = x.shape[0]
    o = _empty(m // 2 + 1, cdt)
    _RFFT[m & 1](x, 1, o)
    return o


def fft_short(a):
    """fft(a) of a 1-D raptors array a below _SHORT elements as NumPy's
    array, or None: fft1's own route for it (real input of an even length
    by the half-length transform and its mirror), without its checks."""
    x = _asarray(a)
    if x.ndim != 1 or not 0 < x.shape[0] < _SHORT:
        return None
    real = x.dtype if x.dtype in _R2C else _C2R.get(x.dtype)
    if real is None:
        return None
    n = x.shape[0]
    o = _empty(n, _R2C[real])
    if x.dtype.kind != "c" and _half_ok(n):
        m = n // 2 + 1
        _RFFT[0](x, 1, o[:m])
        _conj(o[n - m:0:-1], out=o[m:])
    else:
        _FFT(x, 1, o)
    return o


def irfft_short(a):
    """irfft(a) of a raptors array a as NumPy's array, or None. Real input
    too: the gufunc casts it to complex as it does in NumPy's own call."""
    x = _asarray(a)
    real = _C2R.get(x.dtype) or (x.dtype if x.dtype in _R2C else None)
    if real is None or x.ndim != 1 or not 1 < x.shape[0] <= _SHORT // 2:
        return None
    n = 2 * (x.shape[0] - 1)
    o = _empty(n, real)
    _IRFFT(x, _factor("forward", n, real), o)
    return o


def c2r(a, n, axis, norm):
    """irfft along one axis (n defaults to 2 * (m - 1)), or None."""
    x, dts = _front(a, norm)
    p = dts and _axis1(x, axis, n, True)
    if not p:
        return None
    axis, n = p
    cdt, real = dts
    fct = _factor(_SWAP[norm], n, real)
    if x.ndim == 1 and real in _REALS:
        if _s.four_ok(n):
            return _s.c2r(_s.hermitian(x, n, cdt), n, fct, real, cdt, _IFFT, _IRFFT)
        if _s.half_ok(n):
            return _s.c2r_half(x, n, fct, real, cdt, _FFT, _IFFT)
    o = _empty(x.shape[:axis] + (n,) + x.shape[axis + 1:], real)
    _call(_IRFFT, x, fct, o, axis)
    return o
