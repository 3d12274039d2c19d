"""Statistics: the NaN-aware reductions, ptp, average, cov, corrcoef and the
comparisons (isclose, allclose, array_equal, array_equiv).

NumPy's numpy/lib/_nanfunctions_impl.py, _function_base_impl.py and
_core/numeric.py step by step on raptors arrays (same dtypes, warnings and
exceptions), with raptors' kernels where NumPy makes extra passes: nansum
reads NaN as 0 inside the pairwise sum (no copy with NaN replaced), nanmin
and nanmax are one fmin/fmax reduction, nanmean is that sum and a count.
The histograms are in raptors/_histogram.py.
"""

import warnings

import numpy as _np
from numpy.lib.array_utils import normalize_axis_tuple

from . import _raptors

_NoValue = _np._NoValue

__all__ = [
    "nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax", "nanargmin",
    "nanargmax", "nancumsum", "nancumprod", "ptp", "average", "cov", "corrcoef", "isclose",
    "allclose", "array_equal", "array_equiv",
]


def _rp():
    import raptors

    return raptors


def _asarray(a):
    return _rp().asarray(a)


def _is_inexact(arr):
    return arr.dtype.kind in "fc"


def _isnan(arr):
    """isnan, a complex element being NaN when either part is (NumPy's)."""
    rp = _rp()
    if arr.dtype.kind == "c":
        return rp.logical_or(rp.isnan(arr.real), rp.isnan(arr.imag))
    return rp.isnan(arr)


def _kw(**kw):
    """Only the keyword arguments that were given (NumPy's _NoValue idiom)."""
    return {k: v for k, v in kw.items() if v is not _NoValue}


def _replace_nan(arr, val):
    """NumPy's _replace_nan: (copy with NaN -> val, NaN mask) for floats,
    (arr, None) otherwise."""
    if not _is_inexact(arr):
        return arr, None
    rp = _rp()
    mask = _isnan(arr)
    return rp.where(mask, val, arr), mask


def _complex_divide_by_count(a, b):
    """a / b for a complex array a and intp counts b as NumPy's complex
    true_divide computes it (Smith's method with b as b + 0j: rat = 0 / b,
    scl = 1 / (b + 0 * rat), re = (r + i * rat) * scl, im = (i - r * rat) *
    scl), in float64 on the parts, rounded into a's dtype in place."""
    rp = _rp()
    n = rp.asarray(b).astype("f8")
    if a.dtype.kind != "c":  # a NumPy out= of another kind: its own division
        return rp.divide(a, b, out=a, casting="unsafe")
    rat = rp.divide(0.0, n)
    scl = rp.divide(1.0, rp.add(n, rp.multiply(0.0, rat)))
    r, i = a.real.astype("f8"), a.imag.astype("f8")
    re = rp.multiply(rp.add(r, rp.multiply(i, rat)), scl)
    a.imag = rp.multiply(rp.subtract(i, rp.multiply(r, rat)), scl)
    a.real = re
    return a


def _divide_by_count(a, b, out=None):
    """NumPy's _divide_by_count: in place (unsafe cast) for arrays, the
    dtype kept for scalars, no float warnings."""
    rp = _rp()
    with _np.errstate(invalid="ignore", divide="ignore"):
        if isinstance(a, rp.ndarray) and a.dtype.kind == "c" and out is None:
            return _complex_divide_by_count(a, b)
        if isinstance(a, rp.ndarray):
            return rp.divide(a, b, out=a if out is None else out, casting="unsafe")
        if out is None:
            return a.dtype.type(a / b)
        return rp.divide(a, b, out=out, casting="unsafe")


def _check_inexact(dtype, out):
    if dtype is not None and _np.dtype(dtype).kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    if out is not None and out.dtype.kind not in "fc":
        raise TypeError("If a is inexact, then out must be inexact")


# ---- sums and products ---------------------------------------------------------


def nansum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
           where=_NoValue):
    """Sum treating NaN as zero (numpy.nansum)."""
    rp = _rp()
    arr = _asarray(a)
    kw = _kw(keepdims=keepdims, initial=initial, where=where)
    fast = (_is_inexact(arr) and out is None and "where" not in kw
            and (dtype is None or _np.dtype(dtype).kind == arr.dtype.kind))
    if fast:
        # the kernel reads NaN as 0: NumPy's sum of the replaced copy
        return _raptors._nansum(arr, axis=axis, dtype=dtype, **kw)
    arr, _ = _replace_nan(arr, 0)
    return rp.sum(arr, axis=axis, dtype=dtype, out=out, **kw)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
            where=_NoValue):
    """Product treating NaN as one (numpy.nanprod)."""
    arr, _ = _replace_nan(_asarray(a), 1)
    return _rp().prod(arr, axis=axis, dtype=dtype, out=out,
                      **_kw(keepdims=keepdims, initial=initial, where=where))


def nancumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum treating NaN as zero (numpy.nancumsum)."""
    arr, _ = _replace_nan(_asarray(a), 0)
    return _rp().cumsum(arr, axis=axis, dtype=dtype, out=out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product treating NaN as one (numpy.nancumprod)."""
    arr, _ = _replace_nan(_asarray(a), 1)
    return _rp().cumprod(arr, axis=axis, dtype=dtype, out=out)


# ---- extremes --------------------------------------------------------------------


def _nanextreme(kernel, fallback, fill, a, axis, out, keepdims, initial, where):
    rp = _rp()
    arr = a if type(a) is rp.ndarray else _asarray(a)
    kw = _kw(keepdims=keepdims, initial=initial)
    if where is not _NoValue and where is not True and arr.dtype.kind == "c":
        # complex with where=: NumPy's fmin/fmax.reduce on a view (a NaN
        # replaced by a fill is not NumPy's rule for complex)
        fn = _np.nanmin if kernel is _raptors._fmin else _np.nanmax
        return _raptors._np_call(fn, arr, axis=axis, out=out, where=where, **kw)
    if where is not _NoValue and where is not True:
        # fmin/fmax.reduce with where= needs initial= (else NumPy's
        # ValueError, raised here by min/max): a selected slice then never
        # ends NaN unless initial is
        src = rp.where(rp.isnan(arr), fill, arr) if _is_inexact(arr) else arr
        res = fallback(src, axis=axis, out=out, where=where, **kw)
    elif out is not None and (not isinstance(out, rp.ndarray) or out.dtype != arr.dtype):
        res = kernel(arr, axis=axis, **kw)
        rp.copyto(out, res, casting="same_kind")
        res = out
    else:
        res = kernel(arr, axis=axis, out=out, **kw)
    if _is_inexact(arr) and (res != res if isinstance(res, _np.generic)
                             else rp.any(rp.isnan(res))):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    return res


def nanmin(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Minimum ignoring NaN (numpy.nanmin: NumPy's fmin.reduce)."""
    return _nanextreme(_raptors._fmin, _rp().min, _np.inf, a, axis, out, keepdims, initial,
                       where)


def nanmax(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Maximum ignoring NaN (numpy.nanmax: NumPy's fmax.reduce)."""
    return _nanextreme(_raptors._fmax, _rp().max, -_np.inf, a, axis, out, keepdims, initial,
                       where)


def _nanarg(fn, fill, a, axis, out, keepdims):
    rp = _rp()
    arr = _asarray(a)
    if _is_inexact(arr):
        mask = _isnan(arr)
        if mask.size and rp.any(rp.all(mask, axis=axis)):
            raise ValueError("All-NaN slice encountered")
        arr = rp.where(mask, fill, arr)
    return fn(arr, axis=axis, out=out, keepdims=False if keepdims is _NoValue else keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """Index of the minimum ignoring NaN (numpy.nanargmin)."""
    return _nanarg(_rp().argmin, _np.inf, a, axis, out, keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """Index of the maximum ignoring NaN (numpy.nanargmax)."""
    return _nanarg(_rp().argmax, -_np.inf, a, axis, out, keepdims)


# ---- moments ---------------------------------------------------------------------


def _nan_count(mask, axis, keepdims, where=_NoValue):
    """Elements that are not NaN per slice (intp)."""
    rp = _rp()
    return rp.sum(rp.logical_not(mask), axis=axis, dtype=_np.intp, keepdims=keepdims,
                  **_kw(where=where))


def nanmean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """Mean ignoring NaN (numpy.nanmean)."""
    rp = _rp()
    arr = _asarray(a)
    kw = _kw(keepdims=keepdims, where=where)
    if not _is_inexact(arr):
        return rp.mean(arr, axis=axis, dtype=dtype, out=out, **kw)
    _check_inexact(dtype, out)
    keep = False if keepdims is _NoValue else keepdims
    if out is None and where is _NoValue:
        # one pass with NaN read as 0 (the sum NumPy takes of its copy), one
        # counting what is not NaN
        cnt = _raptors._nancount(arr, axis=axis, keepdims=keep)
        tot = _raptors._nansum(arr, axis=axis, dtype=dtype, keepdims=keep)
    else:
        mask = _isnan(arr)
        cnt = _nan_count(mask, axis, keep, where)
        tot = rp.sum(rp.where(mask, 0, arr), axis=axis, dtype=dtype, out=out, **kw)
    avg = _divide_by_count(tot, cnt, out=out)
    if rp.any(cnt == 0):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    return avg


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """Variance ignoring NaN (numpy.nanvar)."""
    rp = _rp()
    arr = _asarray(a)
    kw = _kw(keepdims=keepdims, where=where)
    if not _is_inexact(arr):
        return rp.var(arr, axis=axis, dtype=dtype, out=out, ddof=ddof,
                      **_kw(mean=mean, correction=correction), **kw)
    _check_inexact(dtype, out)
    if correction is not _NoValue:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    wkw = _kw(where=where)
    mask = _isnan(arr)
    cnt = (_raptors._nancount(arr, axis=axis, keepdims=True) if where is _NoValue
           else _nan_count(mask, axis, True, where))
    arr = rp.where(mask, 0, arr)
    if mean is not _NoValue:
        avg = mean
    else:
        avg = rp.sum(arr, axis=axis, dtype=dtype, keepdims=True, **wkw)
        avg = _divide_by_count(avg, cnt)
    rp.subtract(arr, avg, out=arr, casting="unsafe", **wkw)
    rp.copyto(arr, 0, where=mask)
    if arr.dtype.kind == "c":  # NumPy's |x|^2: the real part of x * conj(x)
        sqr = rp.multiply(arr, rp.conjugate(arr), out=arr, **wkw).real
    else:
        sqr = rp.multiply(arr, arr, out=arr, **wkw)
    var = rp.sum(sqr, axis=axis, dtype=dtype, out=out, **kw)
    if _np.ndim(var) < cnt.ndim:
        cnt = cnt.squeeze(axis)
    dof = cnt - ddof
    var = _divide_by_count(var, dof)
    isbad = dof <= 0
    if rp.any(isbad):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=2)
        if isinstance(var, rp.ndarray):
            rp.copyto(var, _np.nan, where=isbad)
        else:
            var = var.dtype.type(_np.nan)
    return var


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """Standard deviation ignoring NaN (numpy.nanstd)."""
    rp = _rp()
    var = nanvar(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims, where=where,
                 mean=mean, correction=correction)
    if isinstance(var, rp.ndarray):
        return rp.sqrt(var, out=var)
    return var.dtype.type(rp.sqrt(var))


# ---- ptp, average, cov, corrcoef ---------------------------------------------------


def ptp(a, axis=None, out=None, keepdims=_NoValue):
    """max - min along axis in the input's dtype (numpy.ptp)."""
    rp = _rp()
    arr = _asarray(a)
    kw = _kw(keepdims=keepdims)
    return rp.subtract(rp.max(arr, axis=axis, **kw), rp.min(arr, axis=axis, **kw),
                       **({} if out is None else {"out": out}))


def _weights_are_valid(weights, a, axis):
    wgt = _asarray(weights)
    if a.shape != wgt.shape:
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if wgt.shape != tuple(a.shape[ax] for ax in axis):
            raise ValueError(
                "Shape of weights must be consistent with shape of a along specified axis.")
        wgt = wgt.transpose(tuple(int(i) for i in _np.argsort(axis)))
        wgt = wgt.reshape(tuple((s if ax in axis else 1) for ax, s in enumerate(a.shape)))
    return wgt


def average(a, axis=None, weights=None, returned=False, *, keepdims=_NoValue):
    """Weighted average (numpy.average)."""
    rp = _rp()
    a = _asarray(a)
    if axis is not None:
        axis = normalize_axis_tuple(axis, a.ndim, argname="axis")
    kw = _kw(keepdims=keepdims)
    if weights is None:
        avg = a.mean(axis, **kw)
        avg_as_array = _asarray(avg)
        scl = avg_as_array.dtype.type(a.size / avg_as_array.size)
    else:
        wgt = _weights_are_valid(weights, a, axis)
        if a.dtype.kind in "biu":
            result_dtype = _np.result_type(a.dtype, wgt.dtype, "f8")
        else:
            result_dtype = _np.result_type(a.dtype, wgt.dtype)
        scl = wgt.sum(axis=axis, dtype=result_dtype, **kw)
        if rp.any(_asarray(scl) == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = avg_as_array = rp.multiply(a, wgt, dtype=result_dtype).sum(axis, **kw) / scl
        avg_as_array = _asarray(avg_as_array)
    if returned:
        if _np.shape(scl) != avg_as_array.shape:
            scl = rp.broadcast_to(scl, avg_as_array.shape).copy()
        return avg, scl
    return avg


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """Covariance matrix (numpy.cov)."""
    rp = _rp()
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    m = _asarray(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        y = _asarray(y)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = (_np.result_type(m.dtype, _np.float64) if y is None
                 else _np.result_type(m.dtype, y.dtype, _np.float64))
    X = rp.atleast_2d(m).astype(dtype, copy=True)
    if not rowvar and m.ndim != 1:
        X = X.T
    if X.shape[0] == 0:
        return rp.zeros((0, 0))
    if y is not None:
        y = rp.atleast_2d(y).astype(dtype)
        if not rowvar and y.shape[0] != 1:
            y = y.T
        X = rp.concatenate((X, y), axis=0)
    if ddof is None:
        ddof = 1 if bias == 0 else 0
    w = None
    if fweights is not None:
        fweights = _asarray(fweights).astype(float)
        if not rp.all(fweights == rp.round(fweights)):
            raise TypeError("fweights must be integer")
        if fweights.ndim > 1:
            raise RuntimeError("cannot handle multidimensional fweights")
        if fweights.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and fweights")
        if rp.any(fweights < 0):
            raise ValueError("fweights cannot be negative")
        w = fweights
    if aweights is not None:
        aweights = _asarray(aweights).astype(float)
        if aweights.ndim > 1:
            raise RuntimeError("cannot handle multidimensional aweights")
        if aweights.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and aweights")
        if rp.any(aweights < 0):
            raise ValueError("aweights cannot be negative")
        w = aweights if w is None else rp.multiply(w, aweights, out=w)
    avg, w_sum = average(X, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact = X.shape[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        # NumPy's builtin sum(): sequential, as the running sum's last value
        prods = rp.multiply(w, aweights)
        fact = w_sum - ddof * (rp.cumsum(prods)[-1] if prods.size else 0) / w_sum
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0
    X -= avg[:, None]
    X_T = X.T if w is None else (X * w).T
    c = rp.dot(X, X_T.conj() if X_T.dtype.kind == "c" else X_T)  # Hermitian, as NumPy
    c *= _np.true_divide(1, fact)
    return c.squeeze()


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients (numpy.corrcoef)."""
    rp = _rp()
    c = cov(x, y, rowvar, dtype=dtype)
    try:
        d = rp.diag(c)
    except ValueError:
        return c / c
    stddev = rp.sqrt(d.real)  # (a complex c has a real diagonal)
    c /= stddev[:, None]
    c /= stddev[None, :]
    if c.dtype.kind == "c":
        # NumPy clips each part to [-1, 1] (|c| itself may stay above 1)
        rp.clip(c.real, -1, 1, out=c.real)
        rp.clip(c.imag, -1, 1, out=c.imag)
        return c
    return rp.clip(c, -1, 1, out=c)


# ---- comparisons -----------------------------------------------------------------


def isclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """|a - b| <= atol + rtol * |b| elementwise (numpy.isclose)."""
    rp = _rp()
    x, y, atol, rtol = (v if isinstance(v, (int, float, complex)) else _asarray(v)
                        for v in (a, b, atol, rtol))
    if (dtype := getattr(y, "dtype", None)) is not None and dtype.kind != "m":
        dt = rp.result_type(y, 1.)
        y = y.astype(dt, copy=False)
    elif isinstance(y, int):
        y = float(y)
    if not (rp.all(rp.isfinite(atol)) and rp.all(rp.isfinite(rtol))):
        err_s = _np.geterr()["invalid"]
        err_msg = f"One of rtol or atol is not valid, atol: {atol}, rtol: {rtol}"
        if err_s == "warn":
            warnings.warn(err_msg, RuntimeWarning, stacklevel=2)
        elif err_s == "raise":
            raise FloatingPointError(err_msg)
        elif err_s == "print":
            print(err_msg)
    with _np.errstate(invalid="ignore"):
        result = rp.logical_or(
            rp.logical_and(rp.less_equal(rp.absolute(rp.subtract(x, y)),
                                         rp.add(atol, rp.multiply(rtol, rp.absolute(y)))),
                           rp.isfinite(y)),
            rp.equal(x, y))
        if equal_nan:
            result = rp.logical_or(result, rp.logical_and(rp.isnan(x), rp.isnan(y)))
    result = _asarray(result)
    return result[()]


def allclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """Whether every element is close (numpy.allclose)."""
    return bool(_rp().all(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def array_equal(a1, a2, equal_nan=False):
    """Same shape and elements (numpy.array_equal)."""
    rp = _rp()
    try:
        a1, a2 = _asarray(a1), _asarray(a2)
    except Exception:
        return False
    if a1.shape != a2.shape:
        return False
    if not equal_nan:
        return bool(rp.all(rp.equal(a1, a2)))
    if a1 is a2:
        return True
    if a1.dtype.kind in "bi" and a2.dtype.kind in "bi":  # NumPy's _no_nan_types
        return bool(rp.all(rp.equal(a1, a2)))
    a1nan, a2nan = rp.isnan(a1), rp.isnan(a2)
    if not rp.all(rp.equal(a1nan, a2nan)):
        return False
    keep = rp.logical_not(a1nan)
    return bool(rp.all(rp.equal(a1[keep], a2[keep])))


def array_equiv(a1, a2):
    """Broadcastable and equal (numpy.array_equiv)."""
    rp = _rp()
    try:
        a1, a2 = _asarray(a1), _asarray(a2)
    except Exception:
        return False
    try:
        rp.broadcast_shapes(a1.shape, a2.shape)
    except Exception:
        return False
    return bool(rp.all(rp.equal(a1, a2)))
