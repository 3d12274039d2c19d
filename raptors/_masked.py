"""The where= keyword of the ufuncs (NumPy's semantics): only the elements
where the mask is True are computed, so only their floating-point errors are
reported, and only they are written into out; the rest of out is left as it
was (without out=, the result there is undefined, as NumPy warns).

The selected elements are gathered into 1-D operands by boolean indexing, the
ufunc runs on them with the caller's dtype=/casting=, and the results are
scattered back: no kernel needs a masked variant.
"""

import warnings

import numpy as np

from . import _raptors
from ._creation import asarray, empty
from ._manip import broadcast_to
from ._raptors import ndarray
from ._reductions import _moment_steps

_NO_OUT = object()


def _mask(where):
    """where= as a bool array: Python objects convert by value, arrays only
    by NumPy's safe cast (an int array is NumPy's TypeError)."""
    if isinstance(where, (ndarray, np.ndarray, np.generic)):
        dt = np.asarray(where).dtype if not isinstance(where, ndarray) else where.dtype
        if not np.can_cast(dt, np.bool_, "safe"):
            raise TypeError(f"Cannot cast array data from {dt!r} to dtype('bool') according "
                            "to the rule 'safe'")
        return asarray(where, dtype=bool)
    return asarray(np.asarray(where, dtype=bool))


def _is_array(x):
    return isinstance(x, (ndarray, np.ndarray)) or (
        not isinstance(x, (bool, int, float, complex, np.generic)))


def ufunc_where(name, nin, args, kwargs):
    """raptors.<name>(*args, **kwargs) with where= not True."""
    fn = getattr(_raptors, name)
    inputs, extra = args[:nin], args[nin:]
    kwargs = dict(kwargs)
    where = kwargs.pop("where")
    out = kwargs.pop("out", _NO_OUT)
    if extra:
        if out is not _NO_OUT:
            raise TypeError("cannot specify 'out' as both a positional and keyword argument")
        out = extra[0]
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
        out = out[0]
    given = out is not _NO_OUT and out is not None
    if out is _NO_OUT:
        warnings.warn("'where' used without 'out', expect unitialized memory in output. "
                      "If this is intentional, use out=None.", UserWarning, stacklevel=3)
        out = None
    if out is not None:
        # NumPy takes the out array first, before resolving the loop
        if not isinstance(out, (ndarray, np.ndarray)):
            raise TypeError("return arrays must be of ArrayType")
        if not out.flags.writeable:
            raise ValueError("output array is read-only")
    mask = _mask(where)
    arrays = [x if isinstance(x, (ndarray, np.ndarray)) else asarray(x)
              for x in inputs if _is_array(x)]
    # dtypes, casting and out's dtype checked by the ufunc itself on empty
    # operands of the same dtypes (Python scalars stay weak, NumPy's too)
    probe = [asarray(x).reshape(-1)[:0] if _is_array(x) else x for x in inputs]
    outs = {} if out is None else {"out": empty(0, out.dtype)}
    kind = fn(*probe, **kwargs, **outs)
    shapes = [a.shape for a in arrays] + [mask.shape]
    if out is None:
        shape = np.broadcast_shapes(*shapes)
        out = empty(shape, kind.dtype)
    else:
        shape = out.shape
        try:
            full = np.broadcast_shapes(*shapes, shape)
        except ValueError:
            full = None
        if full != shape:
            raise ValueError(f"non-broadcastable output operand with shape {shape} doesn't "
                             f"match the broadcast shape {np.broadcast_shapes(*shapes)}")
    target = asarray(out)  # a NumPy out= is written through a zero-copy view
    sel = broadcast_to(mask, shape) if mask.shape != shape else mask
    picked = [broadcast_to(asarray(x), shape)[sel] if _is_array(x) else x for x in inputs]
    count = int(_raptors.count_nonzero(sel))
    target[sel] = fn(*picked, **kwargs, out=empty(count, target.dtype))
    if not given and target.ndim == 0:
        return target[()]
    return out


# ---- reductions ---------------------------------------------------------

_IDENTITY = {"sum": 0, "prod": 1, "any": False, "all": True}
_NO_IDENTITY = {"min": "minimum", "max": "maximum"}


def _never_chosen(dtype, name):
    """A value of dtype that min (max) never prefers to initial=."""
    if dtype.kind == "b":
        return name == "min"
    big = np.inf if dtype.kind == "f" else np.iinfo(dtype).max
    low = -np.inf if dtype.kind == "f" else np.iinfo(dtype).min
    return big if name == "min" else low


def _selected(a, mask, value):
    """a with its unselected elements replaced by value (a copy; no
    arithmetic, so nothing to report)."""
    filled = a.copy()
    filled[_raptors.logical_not(mask)] = value
    return filled


def reduce_where(name, kw):
    """raptors.<name>(**kw) with where= (or var/std's mean=)."""
    kw = {k: v for k, v in kw.items() if v is not None or k in ("out", "axis")}
    a = kw.pop("a")
    a = a if isinstance(a, ndarray) else asarray(a)
    where = kw.pop("where", True)
    mask = None if where is True else broadcast_to(_mask(where), a.shape)
    if name in ("mean", "var", "std"):
        ddof, correction = kw.pop("ddof", None), kw.pop("correction", None)
        if ddof is not None and correction is not None:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        return _moment_steps(name, a, kw.get("axis"), kw.get("dtype"), kw.get("out"),
                             kw.get("keepdims", False),
                             ddof if ddof is not None else correction or 0,
                             where=True if mask is None else mask, mean=kw.get("mean"),
                             warn=True)
    fn = getattr(_raptors, name)
    if name in _NO_IDENTITY and "initial" not in kw:
        raise ValueError(f"reduction operation '{_NO_IDENTITY[name]}' does not have an identity, "
                         "so to use a where mask one has to specify 'initial'")
    if mask is not None and name in ("sum", "prod") and a.dtype == np.float16 and (
            kw.get("dtype") is None or np.dtype(kw["dtype"]) in (np.float16, np.float32)):
        # the core reduces the selected runs itself when the result is
        # float16 (NumPy rounds once per run: rp_reduce_half_where)
        return fn(a, where=mask, **kw)
    value = _IDENTITY[name] if name in _IDENTITY else _never_chosen(a.dtype, name)
    return fn(_selected(a, mask, value), **kw)
