"""Functions built on advanced indexing (src/python/index_advanced.c): each
is the indexing expression NumPy's definition names, so it runs natively."""

import operator

import numpy as _np
from numpy.exceptions import AxisError

from ._creation import asarray, empty
from ._raptors import ndarray
from ._ufuncs import clip, remainder

__all__ = ["take"]


def take(a, indices, axis=None, out=None, mode="raise"):
    """take(a, indices, axis=None, out=None, mode='raise'): NumPy's take
    (also the Array API's `take(x, indices, /, *, axis=None)`)."""
    if (type(a) is ndarray and type(indices) is ndarray and out is None and mode == "raise"
            and a.ndim and a.shape[0] and indices.dtype.kind in "iu"
            and (axis is None and a.ndim == 1 or type(axis) is int and axis == 0)):
        # the common call goes straight to the first-axis gather (the checks
        # below cost more than a small take itself)
        return a[(indices,)]
    a = asarray(a)
    if isinstance(indices, (list, tuple, int, float)):
        # NumPy converts a sequence or Python number straight to intp
        # (floats truncated); only arrays of another kind are refused
        indices = _np.asarray(indices, dtype=_np.intp)
    idx = asarray(indices)
    if idx.dtype.kind == "b":
        idx = idx.astype(_np.intp)
    elif idx.dtype.kind not in "iu":
        raise TypeError(f"Cannot cast array data from {idx.dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    if axis is None:
        a, axis = a.reshape(-1), 0
    else:
        axis = operator.index(axis)
        if not -a.ndim <= axis < a.ndim:
            raise AxisError(axis, a.ndim)
        axis %= a.ndim
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    n = a.shape[axis]
    if n == 0 and idx.size and 0 not in a.shape[:axis] + a.shape[axis + 1:]:
        # NumPy's check, on a non-empty result, before any index is looked at
        raise IndexError("cannot do a non-empty take from an empty axes.")
    if mode != "raise" and idx.size and n:
        idx = remainder(idx, n) if mode == "wrap" else clip(idx, 0, n - 1)
    if mode == "raise" and 0 in a.shape[:axis] or mode != "raise" and n == 0:
        # NumPy's loop runs over the axes before `axis` outside the indices:
        # with none of those, it never looks at an index (after `axis`,
        # empty or not, every index is still checked)
        result = empty(a.shape[:axis] + idx.shape + a.shape[axis + 1:], a.dtype)
    else:
        result = a[(slice(None),) * axis + (idx,)]
    if out is None:
        return result
    if not isinstance(out, ndarray):
        raise TypeError("output must be an array")
    if out.shape != result.shape:
        raise ValueError("output array does not match result of ndarray.take")
    out[...] = result
    return out


def _take_method(self, indices, axis=None, out=None, mode="raise"):
    return take(self, indices, axis=axis, out=out, mode=mode)


_take_method.__name__ = "take"
_take_method.__doc__ = take.__doc__
if not hasattr(ndarray, "take"):
    ndarray.take = _take_method
