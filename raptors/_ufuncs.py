"""Elementwise functions: NumPy's aliases, type-promotion queries, and the
NumPy protocols (``__array_ufunc__``, NEP 13; ``__array_function__``, NEP 18)
that keep raptors arrays raptors arrays when NumPy functions are called on
them.

The functions themselves live in C (``raptors._raptors``, one generic call
path generated from ``include/raptors/ops.def``); this module only names
them and handles the cold paths.
"""

import numpy as _np

from . import _raptors
from ._raptors import ndarray

# The ops of ops.def, exported from the C module under NumPy's names.
_OPS = (
    "add subtract multiply divide floor_divide remainder fmod power maximum minimum fmax fmin "
    "bitwise_and bitwise_or bitwise_xor left_shift right_shift arctan2 hypot copysign logaddexp "
    "logaddexp2 equal not_equal less less_equal greater greater_equal logical_and logical_or "
    "logical_xor negative positive conjugate absolute square reciprocal sign invert floor ceil trunc rint "
    "sqrt cbrt exp exp2 expm1 log log1p log2 log10 sin cos tan arcsin arccos arctan sinh cosh "
    "tanh arcsinh arccosh arctanh deg2rad rad2deg isnan isinf isfinite signbit logical_not nextafter"
).split()

# Each is a raptors.ufunc: the C function, called as directly as a builtin,
# with NumPy's ufunc methods and attributes (raptors/_ufunc_methods.py).
for _name in _OPS:
    globals()[_name] = _raptors.ufunc(getattr(_raptors, _name))

# NumPy's other spellings of the same functions (array API names included).
_ALIASES = {
    "true_divide": "divide",
    "mod": "remainder",
    "pow": "power",
    "abs": "absolute",
    "conj": "conjugate",
    "bitwise_not": "invert",
    "bitwise_invert": "invert",
    "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift",
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "atan2": "arctan2",
    "asinh": "arcsinh",
    "acosh": "arccosh",
    "atanh": "arctanh",
}
for _alias, _name in _ALIASES.items():
    globals()[_alias] = globals()[_name]  # one object, as np.abs is np.absolute
# NumPy's radians and degrees are ufuncs of their own, deg2rad's and
# rad2deg's loops under another name.
_RENAMED = {"radians": "deg2rad", "degrees": "rad2deg"}
for _alias, _name in _RENAMED.items():
    globals()[_alias] = _raptors.ufunc(getattr(_raptors, _name), _alias)


def fix(x, out=None):
    """Round towards zero. NumPy's fix is not a ufunc but trunc(x, out=out):
    no dtype=/casting=/where= (a TypeError), out by position or keyword."""
    return _raptors.trunc(x, out=out)


def round(a, decimals=0, out=None):  # noqa: A001  (NumPy's name)
    """Round half to even to the given number of decimals (NumPy's method:
    scale, round, unscale)."""
    if type(a) is complex or getattr(getattr(a, "dtype", None), "kind", None) == "c":
        from ._creation import asarray
        a = asarray(a)  # part by part, in C (src/python/complex_parts.c)
    return _raptors.round(a, decimals, out=out)


around = round


def clip(a, a_min=None, a_max=None, out=None, *, min=None, max=None, **kwargs):  # noqa: A002
    """Clip values to [a_min, a_max] (NaN propagates, as in NumPy)."""
    if min is not None:
        a_min = min
    if max is not None:
        a_max = max
    if type(a) in (bool, int, float):
        # NumPy's clip converts its first argument with asanyarray: a Python
        # scalar there is a strong default-dtype array, not a weak scalar
        from ._creation import asarray
        a = asarray(a)
    elif isinstance(a, _np.generic):
        # np.clip calls the NumPy scalar's clip method, which returns a
        # scalar even when it wrote into out=
        from ._creation import asarray
        r = _raptors._clip(asarray(a), a_min, a_max, out=out, **kwargs)
        return r[()] if getattr(r, "ndim", None) == 0 else r
    return _raptors._clip(a, a_min, a_max, out=out, **kwargs)


def where(condition, x=None, y=None, /):
    """where(condition, x, y): elementwise choice (the Array API's
    `where(condition, x1, x2, /)`); where(condition): nonzero(condition)."""
    if x is None and y is None:
        return _select.nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    return _raptors._where3(condition, x, y)


def scale(x, factor):
    """x * factor (the earlier raptors API)."""
    return multiply(x, factor)  # noqa: F821


def broadcast_add(a, b):
    """a + b with NumPy broadcasting (the earlier raptors API)."""
    return add(a, b)  # noqa: F821


# ---- dtype queries (NumPy 2 / NEP 50 semantics) -----------------------------


def _dtype_of(x):
    if isinstance(x, ndarray):
        return x.dtype
    if isinstance(x, _np.ndarray) or isinstance(x, _np.generic):
        return x.dtype
    return x


def result_type(*arrays_and_dtypes):
    """The dtype NumPy 2 gives an operation on these arrays, dtypes and
    Python scalars (which are weak, NEP 50)."""
    if not arrays_and_dtypes:
        raise ValueError("at least one array or dtype is required")
    args = []
    for x in arrays_and_dtypes:
        if type(x) in (bool, int, float):
            args.append(x)
        else:
            args.append(_dtype_of(x))
    try:
        return _raptors._result_type(*args)
    except TypeError:
        # A dtype raptors lacks (complex, float16...): NumPy's answer.
        return _np.result_type(*[_np.asarray(a) if isinstance(a, ndarray) else a
                                 for a in arrays_and_dtypes])


def promote_types(type1, type2):
    return _raptors._result_type(_np.dtype(type1), _np.dtype(type2))


def can_cast(from_, to, casting="safe"):
    """np.can_cast for dtypes and arrays (Python scalars are rejected as in
    NumPy 2)."""
    if type(from_) in (bool, int, float, complex):
        raise TypeError(
            "can_cast() does not support Python ints, floats, and complex because the result "
            "used to depend on the value.\nThis change was part of adopting NEP 50, we may "
            "explicitly allow them again in the future."
        )
    try:
        return _raptors._can_cast(_dtype_of(from_), _np.dtype(to), casting)
    except TypeError:
        return _np.can_cast(_dtype_of(from_), to, casting)


class _finfo:
    """NumPy's finfo with the array API's Python floats for eps, max, min,
    smallest_normal (and tiny, resolution); the rest is NumPy's object."""

    _FLOATS = ("eps", "max", "min", "smallest_normal", "tiny", "resolution", "epsneg")

    def __init__(self, info):
        self._info = info
        for name in self._FLOATS:
            setattr(self, name, float(getattr(info, name)))
        self.bits, self.dtype = info.bits, info.dtype

    def __getattr__(self, name):
        return getattr(self._info, name)

    def __repr__(self):
        return repr(self._info)


def finfo(dtype):
    """Machine limits of a float dtype (NumPy's: raptors dtypes are NumPy's),
    its limits as Python floats as the array API asks."""
    return _finfo(_np.finfo(_dtype_of(dtype)))


def iinfo(dtype):
    """Limits of an integer dtype (NumPy's)."""
    return _np.iinfo(_dtype_of(dtype))


def isdtype(dtype, kind):
    """Array API dtype classification (NumPy's)."""
    return _np.isdtype(_dtype_of(dtype), kind)


errstate = _np.errstate
seterr = _np.seterr
geterr = _np.geterr

# ---- NumPy protocols ----------------------------------------------------------


def _to_numpy(x):
    if isinstance(x, ndarray):
        return _np.asarray(x)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_numpy(v) for v in x)
    if isinstance(x, dict):
        return {k: _to_numpy(v) for k, v in x.items()}
    return x


def _to_raptors(x):
    if isinstance(x, _np.ndarray):
        if x.dtype.kind in "biufc" and x.dtype.isnative and x.dtype.char in "?bhilqBHILQefdFD":
            return _raptors._asarray(x) if hasattr(_raptors, "_asarray") else x
        return x
    if isinstance(x, tuple):
        vals = [_to_raptors(v) for v in x]
        # NumPy's namedtuples (EigResult, SVDResult ...) keep their class
        return type(x)(*vals) if hasattr(x, "_fields") else tuple(vals)
    if isinstance(x, list):
        return [_to_raptors(v) for v in x]
    return x


# NumPy ufunc name -> raptors function for __call__.
_UFUNC_MAP = {name: globals()[name] for name in _OPS}
_UFUNC_MAP.update({"true_divide": globals()["divide"]})
_UFUNC_MAP.update({name: globals()[name] for name in _RENAMED})


def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
    """NEP 13: np.add(x, y), np.sin(x) ... on raptors operands (mixed with
    NumPy arrays too) run raptors' kernels and return raptors arrays.
    reduce/accumulate of add, multiply, minimum, maximum, logical_and/or go
    to raptors' reductions; other methods (outer, at, ...) and ufuncs raptors
    lacks run in NumPy on converted inputs, with array results converted
    back."""
    for x in inputs + tuple(kwargs.get("out", ()) or ()):
        # Another library's array that also overrides: let it go first.
        if not isinstance(x, (ndarray, _np.ndarray, _np.generic, int, float, bool, list, tuple)):
            handler = getattr(type(x), "__array_ufunc__", None)
            if handler is not None and handler is not ndarray.__array_ufunc__:
                return NotImplemented
    fn = _UFUNC_MAP.get(ufunc.__name__) if method == "__call__" else None
    out = kwargs.get("out")
    if fn is not None and set(kwargs) <= {"out", "dtype", "casting"}:
        if isinstance(out, tuple):
            if len(out) != 1:
                fn = None
            else:
                kwargs = dict(kwargs, out=out[0])
        if fn is not None:
            if kwargs.get("out") is None:
                kwargs.pop("out", None)
            return fn(*inputs, **kwargs)
    if method == "at":
        from ._select import ufunc_at

        result = ufunc_at(ufunc, *inputs, **kwargs)
        if result is not NotImplemented:
            return result
    if method in ("reduce", "accumulate"):
        from ._reductions import ufunc_method

        result = ufunc_method(ufunc, method, inputs, kwargs)
        if result is not NotImplemented:
            return result
    # Fallback: NumPy computes, raptors wraps.
    np_inputs = _to_numpy(inputs)
    np_kwargs = _to_numpy(kwargs)
    result = getattr(ufunc, method)(*np_inputs, **np_kwargs)
    if out is not None:
        return out[0] if isinstance(out, tuple) and len(out) == 1 else out
    return _to_raptors(result)


def _raptors_impl(name):
    import raptors

    fn = getattr(raptors, name, None)
    if fn is None or isinstance(fn, type) or not callable(fn):
        return None
    if getattr(fn, "__module__", "").startswith("numpy") or hasattr(fn, "_numpy_fallback"):
        return None  # NumPy's own function: let NumPy's fallback below run it
    return fn


def __array_function__(self, func, types, args, kwargs):
    """NEP 18: NumPy functions on raptors arrays. Functions raptors
    implements run as raptors; the rest run in NumPy on converted arguments
    (zero-copy where the layout allows) and array results come back as
    raptors arrays."""
    for t in types:
        if not (issubclass(t, ndarray) or issubclass(t, _np.ndarray)):
            return NotImplemented
    # Only NumPy's top-level functions map by name (np.linalg.norm or
    # np.char.add must not pick up a raptors function of the same name).
    fn = _raptors_impl(func.__name__) if func.__module__ == "numpy" else None
    if func.__module__ == "numpy.fft":  # np.fft.fft(x): raptors.fft's faster route
        from . import fft as _fft

        fn = getattr(_fft, func.__name__, None)
    if fn is not None and fn is not func:
        try:
            return fn(*args, **kwargs)
        except NotImplementedError:
            pass
    result = func(*_to_numpy(args), **_to_numpy(kwargs))
    return _to_raptors(result)


ndarray.__array_ufunc__ = __array_ufunc__
ndarray.__array_function__ = __array_function__

__all__ = sorted(
    set(_OPS)
    | set(_ALIASES)
    | set(_RENAMED)
    | {
        "round", "around", "fix", "clip", "where", "scale", "broadcast_add", "result_type",
        "promote_types", "can_cast", "finfo", "iinfo", "isdtype", "errstate", "seterr", "geterr",
    }
)


from . import _select  # noqa: E402  (it imports this module: bound after its names exist)
