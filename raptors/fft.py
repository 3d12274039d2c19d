"""raptors.fft: the Array API fft extension and NumPy's numpy.fft.

The transforms are NumPy's pocketfft, called directly on zero-copy views of
raptors memory (raptors/_fft_engine.py); calls the fast path does not take
(out=, s= cropping or padding, repeated axes, invalid arguments, hfft,
ihfft, ifftn, irfftn) run numpy.fft's own function on the views, so
signatures, result dtypes and errors are NumPy's.

Results are raptors arrays wrapping NumPy's memory (no copy): complex64 or
complex128 from fft, ifft, rfft, fftn, ..., ihfft; float32 or float64 from
irfft, irfftn, hfft, fftfreq, rfftfreq. Only a dtype raptors does not hold
(longdouble, from longdouble input) stays NumPy's array. See docs/fft.md.
"""

import numpy as _np

from . import _fft_engine as _e
from ._linalg_common import ndarray as _rp_ndarray, to_np as _to_np, to_rp as _to_rp

_nfft = _np.fft

__all__ = [
    "fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
    "fftfreq", "rfftfreq", "fftshift", "ifftshift",
    # NumPy's 2-D spellings
    "fft2", "ifft2", "rfft2", "irfft2",
]


# The dtypes raptors arrays hold. A result of another dtype (longdouble, from
# longdouble input) is returned as NumPy's array, unchanged, rather than
# converted with a loss of precision.
RAPTORS_DTYPES = "?bhilqBHILQefdFD"


def _result(r):
    if type(r) is _np.ndarray and r.dtype.char not in RAPTORS_DTYPES:
        return r
    return _to_rp(r)


def _numpy(fn, a, args, out):
    """numpy.fft's fn on views; an out= array (raptors or NumPy) is returned
    itself, NumPy having written into its memory."""
    r = fn(_to_np(a), *args, out=_to_np(out))
    return out if out is not None else _result(r)


_FAST = _e.USABLE


def _route(engine, eargs, fn, a, args, out):
    """The engine's call engine(a, *eargs) when it takes it (no out=, eargs
    not None, a result), else numpy.fft's fn(a, *args, out=out) on views."""
    if out is None and _FAST and eargs is not None:
        r = engine(a, *eargs)
        if r is not None:
            return _result(r)
    return _numpy(fn, a, args, out)


def _short(engine, a, n, axis, norm, out):
    """engine(a) as a raptors array for a 1-D raptors array with every
    default (the short paths of _fft_engine), or None."""
    if (type(a) is _rp_ndarray and n is None and axis == -1 and norm is None and out is None
            and _FAST):
        r = engine(a)
        if r is not None:
            return _to_rp(r)
    return None


def fft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.fft: the 1-D discrete Fourier transform (complex result)."""
    r = _short(_e.fft_short, a, n, axis, norm, out)
    if r is not None:
        return r
    return _route(_e.fft1, (n, axis, norm, True), _nfft.fft, a, (n, axis, norm), out)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.ifft: the 1-D inverse transform (complex result)."""
    return _route(_e.fft1, (n, axis, norm, False), _nfft.ifft, a, (n, axis, norm), out)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.rfft: the transform of real input, n // 2 + 1 terms (complex)."""
    r = _short(_e.rfft_short, a, n, axis, norm, out)
    if r is not None:
        return r
    return _route(_e.rfft1, (n, axis, norm), _nfft.rfft, a, (n, axis, norm), out)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.irfft: the inverse of rfft (a real raptors array)."""
    r = _short(_e.irfft_short, a, n, axis, norm, out)
    if r is not None:
        return r
    return _route(_e.c2r, (n, axis, norm), _nfft.irfft, a, (n, axis, norm), out)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.hfft: the transform of a Hermitian-symmetric signal (real)."""
    return _numpy(_nfft.hfft, a, (n, axis, norm), out)


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    """numpy.fft.ihfft: the inverse of hfft (complex result)."""
    return _numpy(_nfft.ihfft, a, (n, axis, norm), out)


def _nd_fast(a, s, axes):
    """(lens, axes) for the engine's n-D path, or None: s given (NumPy's
    deprecations and -1 rules) or axes not a plain sequence of ints."""
    if s is not None:
        return None
    if axes is None:
        nd = _np.ndim(a) if not hasattr(a, "ndim") else a.ndim
        axes = tuple(range(-nd, 0))
    elif type(axes) not in (tuple, list):
        return None
    return (None,) * len(axes), axes


def fftn(a, s=None, axes=None, norm=None, out=None):
    """numpy.fft.fftn: the n-D transform over `axes` (complex result)."""
    p = _nd_fast(a, s, axes) if out is None and _FAST else None
    eargs = None if p is None else (*p, norm, True)
    return _route(_e.c2c, eargs, _nfft.fftn, a, (s, axes, norm), out)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    """numpy.fft.ifftn: the n-D inverse transform (complex result)."""
    p = _nd_fast(a, s, axes) if out is None and _FAST else None
    eargs = None if p is None else (*p, norm, False)
    return _route(_e.c2c, eargs, _nfft.ifftn, a, (s, axes, norm), out)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """numpy.fft.rfftn: the n-D transform of real input (complex result)."""
    p = _nd_fast(a, s, axes) if out is None and _FAST else None
    eargs = None if p is None else (*p, norm)
    return _route(_e.r2c, eargs, _nfft.rfftn, a, (s, axes, norm), out)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """numpy.fft.irfftn: the inverse of rfftn (a real raptors array)."""
    return _numpy(_nfft.irfftn, a, (s, axes, norm), out)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """numpy.fft.fft2: fftn over the last two axes."""
    return fftn(a, s, axes, norm, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """numpy.fft.ifft2 (which, as NumPy 2.x's, ignores out=)."""
    return _numpy(_nfft.ifft2, a, (s, axes, norm), out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """numpy.fft.rfft2: rfftn over the last two axes."""
    return rfftn(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """numpy.fft.irfft2 (which, as NumPy 2.x's, ignores out=)."""
    return _numpy(_nfft.irfft2, a, (s, axes, norm), out)


# ---- native helpers: index arithmetic and a roll ---------------------------


def _freq_dtype(r, dtype):
    # the Array API's dtype= (2024.12), which numpy.fft's functions lack
    return r if dtype is None else r.astype(dtype, copy=False)


def fftfreq(n, d=1.0, device=None, *, dtype=None):
    """numpy.fft.fftfreq: the sample frequencies [0, 1, ..., -2, -1] / (d*n)
    (a float64 raptors array; the Array API's dtype= casts it)."""
    if not isinstance(n, (int, _np.integer)) or n < 0 or type(d) not in (int, float):
        return _freq_dtype(_to_rp(_nfft.fftfreq(n, d, device=device)), dtype)  # NumPy's errors
    from ._creation import arange, empty

    val = 1.0 / (n * d)  # ZeroDivisionError for n * d == 0, as NumPy
    r = empty(n, dtype=_np.int64, device=device)
    h = (n - 1) // 2 + 1
    r[:h] = arange(0, h, dtype=_np.int64)
    r[h:] = arange(-(n // 2), 0, dtype=_np.int64)
    return _freq_dtype(r * val, dtype)


def rfftfreq(n, d=1.0, device=None, *, dtype=None):
    """numpy.fft.rfftfreq: [0, 1, ..., n // 2] / (d*n) (a float64 raptors
    array; the Array API's dtype= casts it)."""
    if not isinstance(n, (int, _np.integer)) or n < 0 or type(d) not in (int, float):
        return _freq_dtype(_to_rp(_nfft.rfftfreq(n, d, device=device)), dtype)
    from ._creation import arange

    val = 1.0 / (n * d)
    return _freq_dtype(arange(0, n // 2 + 1, dtype=_np.int64, device=device) * val, dtype)


def _shift(x, axes, sign):
    from ._raptors import ndarray
    from ._creation import asarray
    from ._shape_ops import roll

    if not isinstance(x, ndarray):
        xn = _np.asarray(x)
        if xn.dtype.char not in RAPTORS_DTYPES:  # longdouble and what raptors lacks
            fn = _nfft.fftshift if sign > 0 else _nfft.ifftshift
            return _result(fn(xn, axes))
        x = asarray(xn)
    if x.ndim == 0:  # NumPy's roll of no axes raises; keep its error
        fn = _nfft.fftshift if sign > 0 else _nfft.ifftshift
        return _result(fn(_np.asarray(x), axes))
    if axes is None:
        axes = tuple(range(x.ndim))
        shift = [sign * (dim // 2) for dim in x.shape]
    elif isinstance(axes, (int, _np.integer)):
        shift = sign * (x.shape[axes] // 2)
    else:
        shift = [sign * (x.shape[ax] // 2) for ax in axes]
    return roll(x, shift, axes)


def fftshift(x, axes=None):
    """numpy.fft.fftshift: the zero frequency moved to the centre (a roll)."""
    return _shift(x, axes, 1)


def ifftshift(x, axes=None):
    """numpy.fft.ifftshift: the inverse of fftshift."""
    return _shift(x, axes, -1)
