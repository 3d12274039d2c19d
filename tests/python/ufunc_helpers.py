"""Shared pieces of the elementwise tests: op lists, the ULP table, and the
comparison of a raptors result with NumPy's."""

from __future__ import annotations

import json
import os

import numpy as np

import raptors as rp

with open(os.path.join(os.path.dirname(__file__), "ufunc_ulp.json")) as _f:
    ULP = json.load(_f)["bounds"]

BINARY = (
    "add subtract multiply divide floor_divide remainder fmod power maximum minimum fmax fmin "
    "bitwise_and bitwise_or bitwise_xor left_shift right_shift arctan2 hypot copysign logaddexp "
    "logaddexp2 equal not_equal less less_equal greater greater_equal logical_and logical_or "
    "logical_xor nextafter"
).split()
UNARY = (
    "negative positive absolute square reciprocal sign invert floor ceil trunc rint sqrt cbrt "
    "exp exp2 expm1 log log1p log2 log10 sin cos tan arcsin arccos arctan sinh cosh tanh "
    "arcsinh arccosh arctanh deg2rad rad2deg isnan isinf isfinite signbit logical_not"
).split()

FLOAT_SPECIALS = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308,
                  1e-45, 0.5, -0.5, 1.0, -1.0, 1.5, -2.5, 2.0, 3.0, -3.0, 7.0, 0.1, 1e300, -1e300,
                  3.4e38, 1.7976931348623157e308, 88.7, 89.0, 709.8, 710.0, -745.2, 1e10, np.pi]


def ulp_distance(x, y):
    """|x - y| in units in the last place (NaN vs NaN: 0; NaN vs number: inf)."""
    x = np.atleast_1d(np.asarray(x))
    y = np.atleast_1d(np.asarray(y))
    it = {2: np.int16, 4: np.int32}.get(x.dtype.itemsize, np.int64)
    xi = x.view(it).astype(np.int64)
    yi = y.view(it).astype(np.int64)
    lo = np.iinfo(it).min
    xi = np.where(xi < 0, lo - xi, xi)
    yi = np.where(yi < 0, lo - yi, yi)
    d = np.abs(xi - yi).astype(np.float64)
    xn, yn = np.isnan(x), np.isnan(y)
    d[xn & yn] = 0
    d[xn != yn] = np.inf
    return d


def numpy_reference(name, *args, **kw):
    """NumPy's result of its function `name` (float16 loops included: raptors
    has them, computed as NumPy's in float32 and rounded once)."""
    return getattr(np, name)(*args, **kw)


def assert_result(name, got, want):
    """got (raptors) is NumPy's want: type, dtype, shape, and values --
    exactly (sign of zero included) or within the ULP bound of `name`."""
    if isinstance(want, np.ndarray):
        assert isinstance(got, rp.ndarray), (name, type(got))
        g = np.asarray(got)
    else:
        assert type(got) is type(want), (name, type(got), type(want))
        g = np.asarray(got)
        want = np.asarray(want)
    assert g.dtype == want.dtype, (name, g.dtype, want.dtype)
    assert g.shape == want.shape, (name, g.shape, want.shape)
    if g.dtype.kind == "f" and name in ULP:
        d = ulp_distance(g, want)
        bound = ULP[name][g.dtype.name]
        bad = d > bound  # d is at least 1-d (ulp_distance), g may be 0-d
        assert not bad.any(), (name, g.dtype, d.max(), bound, np.atleast_1d(g)[bad][:5],
                               np.atleast_1d(want)[bad][:5])
    else:
        np.testing.assert_array_equal(g, want, strict=True, err_msg=name)
        if g.dtype.kind == "f":
            ok = np.isnan(g) | (np.signbit(g) == np.signbit(want))
            assert ok.all(), (name, "sign of zero", g[~ok][:5], want[~ok][:5])


def outcome(fn, *args, **kw):
    """('ok', result) or ('raise', exception type)."""
    try:
        return "ok", fn(*args, **kw)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, FloatingPointError) as e:
        return "raise", type(e)


def outcome_warned(fn):
    """(the exception's class name or None, the result, the warnings as
    (category name, message) in order), under errstate(all='warn'). NumPy's
    UFuncTypeError is reported as TypeError."""
    import warnings

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            with np.errstate(all="warn"):
                r = fn()
            exc = None
        except Exception as e:  # noqa: BLE001 - the class is compared
            r = None
            exc = "TypeError" if isinstance(e, TypeError) else type(e).__name__
    return exc, r, [(m.category.__name__, str(m.message)) for m in w]


def complex_pairs(re, im, dt):
    """A complex array of dtype dt with these real and imaginary parts (cast
    part by part, overflow to inf without a warning)."""
    out = np.empty(np.shape(re), dt)
    with np.errstate(all="ignore"):
        out.real = re
        out.imag = im
    return out
