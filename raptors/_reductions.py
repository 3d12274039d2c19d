"""Python-level pieces of the reductions (the functions themselves are C:
raptors._raptors.sum, ... and the ndarray methods).

`ufunc_method` maps NumPy ufunc methods on raptors arrays to raptors'
reductions (NEP 13): ``np.add.reduce(x)`` is ``rp.sum(x, axis=0)``,
``np.maximum.accumulate`` has no raptors kernel and is left to NumPy. It
returns NotImplemented for anything it does not handle, so an
``__array_ufunc__`` can try it first and fall back.
"""

import numpy as _np

from . import _raptors

__all__ = []  # the public functions come from the C module

_REDUCE = {
    "add": "sum",
    "multiply": "prod",
    "minimum": "min",
    "maximum": "max",
    "logical_or": "any",
    "logical_and": "all",
}
_ACCUMULATE = {"add": "cumsum", "multiply": "cumprod"}
# keyword arguments each raptors function takes (besides axis)
_REDUCE_KW = {
    "sum": {"dtype", "out", "keepdims", "initial"},
    "prod": {"dtype", "out", "keepdims", "initial"},
    "min": {"out", "keepdims", "initial"},
    "max": {"out", "keepdims", "initial"},
    "any": {"out", "keepdims"},
    "all": {"out", "keepdims"},
}


def ufunc_method(ufunc, method, inputs, kwargs):
    """raptors' result for ``getattr(ufunc, method)(*inputs, **kwargs)`` or
    NotImplemented. Ufunc methods default to axis=0 (not None)."""
    if len(inputs) != 1:
        return NotImplemented
    kwargs = dict(kwargs)
    if kwargs.get("where", True) is not True:
        return NotImplemented
    kwargs.pop("where", None)
    out = kwargs.get("out")
    if isinstance(out, tuple):
        if len(out) != 1:
            return NotImplemented
        kwargs["out"] = out[0]
    if kwargs.get("out", 0) is None:
        kwargs.pop("out")
    name = ufunc.__name__
    if method == "reduce" and name in _REDUCE:
        fn = _REDUCE[name]
        if not set(kwargs) - {"axis"} <= _REDUCE_KW[fn]:
            return NotImplemented
    elif method == "accumulate" and name in _ACCUMULATE:
        fn = _ACCUMULATE[name]
        if not set(kwargs) - {"axis"} <= {"dtype", "out"}:
            return NotImplemented
    else:
        return NotImplemented
    kwargs.setdefault("axis", 0)
    return getattr(_raptors, fn)(inputs[0], **kwargs)


def _moment_steps(name, a, axis, dtype, out, keepdims, ddof, where=True, mean=None,
                  warn=False):
    """mean/var/std as NumPy's numpy/_core/_methods.py computes them, one
    ufunc pass at a time: the C reductions call this for an integer or bool
    dtype= and for an out= of another dtype, where every pass rounds or wraps
    in that dtype (NumPy's mean(uint8 [3, 0, 200], out=int8 array) sums
    into the int8 out, wrapping, before dividing); raptors._masked for a
    where= mask (the sums over the selected elements, their count, the
    deviations of every element) and var/std's mean=. Each pass reports its
    own floating-point errors under its own name, as NumPy's do; warn: the
    empty-slice warnings too (the C callers give them before calling)."""
    from ._creation import asarray
    from ._manip import broadcast_to

    arr = a  # a raptors array (the caller converted it)
    if where is True:
        if axis is None:
            n = arr.size
        else:
            axes = axis if isinstance(axis, tuple) else (axis,)
            n = 1
            for ax in axes:
                n *= arr.shape[ax]
        # NumPy's count is a numpy.intp (and its var divisor maximum(count -
        # ddof, 0) a NumPy scalar): a float32 scalar divided by it is NumPy's
        # "divide", not a Python int's "scalar divide"
        n = _np.intp(n)
    else:
        n = _raptors.sum(broadcast_to(where, arr.shape), axis=axis, dtype=_np.intp,
                         keepdims=keepdims)
    ddof = int(ddof) if float(ddof).is_integer() else ddof
    if arr.dtype.kind == "c" and name != "mean":  # before NumPy's empty-slice warning
        raise TypeError(f"{name}: raptors has no complex loop for it yet (complex64/complex128 "
                        "compute arithmetic, math functions and most reductions; not this one)")
    if warn and _raptors.any(asarray(n) == 0 if name == "mean" else asarray(n) <= ddof):
        import warnings

        warnings.warn("Mean of empty slice" if name == "mean"
                      else "Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
    if dtype is None and arr.dtype.kind in "biu":
        dtype = "f8"
    # out= may be a NumPy array (raptors writes into its buffer)
    ndarray = (_raptors.ndarray, _np.ndarray)

    def divide(value, by):
        # in place with unsafe casting for arrays; a scalar keeps its type
        if isinstance(value, ndarray) and value.dtype.kind == "c":
            from ._stats import _complex_divide_by_count

            return _complex_divide_by_count(value, by)
        if isinstance(value, ndarray):
            return _raptors.divide(value, by, out=value, casting="unsafe")
        return value.dtype.type(value / by)

    if name == "mean":
        if dtype is None and arr.dtype == _np.float16 and where is not True:
            # NumPy's _mean sums float16 in float32 (each run of selected
            # elements pairwise), divides, and rounds the quotient to half
            # (or sums into out= and divides there); the C path covers
            # where=True
            total = _raptors.sum(arr, axis=axis, dtype="f4", keepdims=keepdims, where=where)
            if out is not None:
                from ._manip import copyto

                copyto(out, total, casting="unsafe")
                return divide(out, n)
            q = divide(total, n)
            return q.astype(_np.float16) if isinstance(q, ndarray) else _np.float16(q)
        total = _raptors.sum(arr, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                             where=where)
        return divide(total, n)
    if mean is None:
        total = _raptors.sum(arr, axis=axis, dtype=dtype, keepdims=True, where=where)
        mean = divide(total, n if _np.ndim(n) == 0 else n.reshape(total.shape))
    # an array even for a 0-d input (a scalar result cannot be written in place)
    dev = asarray(_raptors.subtract(arr, mean))
    dev = _raptors.square(dev, out=dev)
    ret = divide(_raptors.sum(dev, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                              where=where),
                 _np.maximum(n - ddof, 0) if _np.ndim(n) == 0 else _raptors.maximum(n - ddof, 0))
    if name == "std":
        if isinstance(ret, ndarray):
            return _raptors.sqrt(ret, out=ret)
        return ret.dtype.type(_raptors.sqrt(ret))
    return ret
