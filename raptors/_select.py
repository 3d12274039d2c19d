"""Selecting and placing elements by masks and index arrays: nonzero and its
relatives, compress/extract, place/putmask/put, take/put_along_axis,
choose, select, and ufunc.at.

nonzero counts and fills in the core (src/core/nonzero.c); the rest is
composed of raptors' own advanced indexing (gathers, scatters and mask
compaction in src/core/index.c), so no function here hands the data to
NumPy. NumPy is the oracle for signatures, result dtypes and errors.
"""

import operator

import numpy as _np
from numpy.exceptions import AxisError

from . import _raptors
from ._creation import arange, asarray, empty, full
from ._indexing import take
from ._manip import broadcast_arrays, broadcast_to, copyto
from ._raptors import ndarray
from ._ufuncs import _UFUNC_MAP, clip, remainder, result_type

__all__ = [
    "nonzero", "argwhere", "flatnonzero", "compress", "extract", "place", "putmask",
    "put", "take_along_axis", "put_along_axis", "choose", "select",
]

_MODES = ("raise", "wrap", "clip")


def _check_mode(mode):
    if mode not in _MODES:
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")


# ---- nonzero and its relatives ------------------------------------------------


def nonzero(a):
    """The indices of the nonzero elements, one int64 array per axis (NumPy's
    nonzero; also the Array API's `nonzero(x)`). A 0-d array raises
    ValueError, as in NumPy 2."""
    a = asarray(a)
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "np.atleast_1d(scalar).nonzero() instead. If the context of this "
                         "error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")
    rows = _raptors._nonzero(a, False)
    return (rows[0],) if a.ndim == 1 else tuple(rows)


def argwhere(a):
    """Coordinates of the nonzero elements, shape (N, a.ndim): like NumPy's,
    the transpose of one (a.ndim, N) block (so F-contiguous)."""
    a = asarray(a)
    if a.ndim == 0:
        return _raptors._nonzero(a.reshape(1), False).T[:, :0]
    return _raptors._nonzero(a, False).T


def flatnonzero(a):
    """The C-order flat indices of the nonzero elements (no ravel copy)."""
    return _raptors._nonzero(asarray(a), True)


def _nonzero_method(self):
    return nonzero(self)


# ---- compress, extract ----------------------------------------------------------


def compress(condition, a, axis=None, out=None):
    """The slices of a along axis where condition (1-D, any dtype) is
    nonzero: NumPy's take of nonzero(condition), so a condition longer than
    the axis raises IndexError only where it selects past the end."""
    cond = asarray(condition)
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    return take(asarray(a), flatnonzero(cond), axis=axis, out=out)


def _compress_method(self, condition, axis=None, out=None):
    return compress(condition, self, axis=axis, out=out)


def extract(condition, arr):
    """The elements of ravel(arr) where ravel(condition) is nonzero."""
    return take(asarray(arr).reshape(-1), flatnonzero(condition))


# ---- place, putmask, put --------------------------------------------------------


def _target(a, fname, message=None):
    """The array a function writes into: a raptors array, or a NumPy array
    wrapped without a copy (raptors' views of NumPy memory write through)."""
    if isinstance(a, ndarray):
        return a
    if isinstance(a, _np.ndarray):
        return asarray(a)
    raise TypeError(message or f"{fname}() argument 1 must be numpy.ndarray, "
                    f"not {type(a).__name__}")


def _mask_of(a, mask, fname):
    m = asarray(mask, dtype=_np.bool_) if not isinstance(mask, ndarray) else mask
    if m.dtype != _np.bool_:
        m = m.astype(_np.bool_)
    if m.size != a.size:
        raise ValueError(f"{fname}: mask and data must be the same size")
    return m.reshape(a.shape)


def place(arr, mask, vals):
    """Writes vals (repeated as needed, in order) into arr where mask is
    true, C order; NumPy's place."""
    arr = _target(arr, "place")
    m = _mask_of(arr, mask, "place")
    idx = flatnonzero(m)
    if idx.size == 0:
        return
    v = asarray(vals).reshape(-1)
    if v.size == 0:
        raise ValueError("Cannot insert from an empty array!")
    arr[m] = take(v, arange(idx.size), mode="wrap")


def putmask(a, mask, values):
    """a.flat[i] = values.flat[i % values.size] where mask.flat[i] (NumPy's
    putmask: values line up with positions of a, not with the true ones)."""
    a = _target(a, "putmask", "putmask: first argument must be an array")
    m = _mask_of(a, mask, "putmask")
    v = asarray(values).reshape(-1)
    if v.size == 0:
        return
    a[m] = take(v, flatnonzero(m), mode="wrap")


def _flat_indices(ind, n, mode):
    """Flat indices normalised to [0, n) by mode ('raise': IndexError with
    NumPy's wording for the first out of range)."""
    if not isinstance(ind, (ndarray, _np.ndarray)):
        # NumPy converts a list (or Python number) straight to intp: [1.5] is 1
        ind = _np.asarray(ind, dtype=_np.intp)
    ind = asarray(ind)
    if ind.dtype.kind not in "iub":
        raise TypeError(f"Cannot cast array data from {ind.dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    ind = ind.reshape(-1).astype(_np.intp, copy=False)
    if ind.size == 0:
        return ind
    if mode == "raise":
        bad = flatnonzero((ind < -n) | (ind >= n))
        if bad.size:
            raise IndexError(f"index {int(ind[bad[0]])} is out of bounds for axis 0 "
                             f"with size {n}")
        return ind + (ind < 0) * n
    if n == 0:
        raise IndexError("cannot replace elements of an empty array")
    return remainder(ind, n) if mode == "wrap" else clip(ind, 0, n - 1)


def _flat_key(a, ids):
    """(target, key) such that target[key] is a's elements at the C-order
    flat positions ids (normalised): a flat view when a is C-contiguous,
    else a's coordinates."""
    if a.flags.c_contiguous:
        return a.reshape(-1), ids
    coords = []
    for n in reversed(a.shape):
        coords.append(remainder(ids, n))
        ids = ids // n
    return a, tuple(reversed(coords))


def put(a, ind, v, mode="raise"):
    """a.flat[ind] = v, v repeated as needed, the last of repeated indices
    winning; NumPy's put with modes 'raise', 'wrap' and 'clip'."""
    a = _target(a, "put", f"argument 1 must be numpy.ndarray, not {type(a)}")
    _check_mode(mode)
    if not a.flags.writeable:
        raise ValueError("assignment destination is read-only")
    ids = _flat_indices(ind, a.size, mode)
    vals = asarray(v, dtype=a.dtype) if not isinstance(v, ndarray) else v
    vals = vals.reshape(-1)
    if vals.size == 0 or ids.size == 0:
        return
    if vals.size != ids.size:
        vals = take(vals, arange(ids.size), mode="wrap")
    target, key = _flat_key(a, ids)
    target[key] = vals.astype(a.dtype, copy=False)


def _put_method(self, indices, values, mode="raise"):
    return put(self, indices, values, mode=mode)


# ---- along an axis ---------------------------------------------------------------


def _along_axis_key(shape, indices, axis):
    """The advanced-index key that picks indices along axis and every
    position along the other axes (NumPy's _make_along_axis_idx)."""
    if indices.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    if len(shape) != indices.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    key = []
    nd = indices.ndim
    for d, n in enumerate(shape):
        if d == axis:
            key.append(indices)
        else:
            key.append(arange(n).reshape((1,) * d + (n,) + (1,) * (nd - d - 1)))
    return tuple(key)


def _along_axis_args(arr, indices, axis):
    arr, indices = asarray(arr), asarray(indices)
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        return arr, indices, 0, True
    axis = operator.index(axis)
    if not -arr.ndim <= axis < arr.ndim:
        raise AxisError(axis, arr.ndim)
    return arr, indices, axis % arr.ndim, False


def take_along_axis(arr, indices, axis=-1):
    """arr's elements at indices along axis, the other axes broadcast
    (NumPy's take_along_axis; the Array API's `take_along_axis(x, indices,
    /, *, axis=-1)`)."""
    arr, indices, axis, flat = _along_axis_args(arr, indices, axis)
    if flat:
        arr = arr.reshape(-1)
    return arr[_along_axis_key(arr.shape, indices, axis)]


def put_along_axis(arr, indices, values, axis):
    """arr[... indices along axis ...] = values (NumPy's put_along_axis)."""
    if not isinstance(arr, (ndarray, _np.ndarray)):
        arr = asarray(arr)
    arr, indices, axis, flat = _along_axis_args(_target(arr, "put_along_axis"), indices, axis)
    if flat:
        _along_axis_key((arr.size,), indices, 0)  # NumPy's checks of indices
        ids = _flat_indices(indices, arr.size, "raise")
        vals = broadcast_to(asarray(values), ids.shape)
        target, key = _flat_key(arr, ids)
        target[key] = vals
        return
    arr[_along_axis_key(arr.shape, indices, axis)] = values


# ---- choose, select ---------------------------------------------------------------


def choose(a, choices, out=None, mode="raise"):
    """result[i] = choices[a[i]][i], a and the choices broadcast together
    (NumPy's choose: modes 'raise', 'wrap', 'clip')."""
    _check_mode(mode)
    a = asarray(a)
    if a.dtype.kind not in "iub":
        raise TypeError(f"Cannot cast array data from {a.dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    if isinstance(choices, ndarray):
        choices = [choices[k] for k in range(choices.shape[0])] if choices.ndim else [choices]
    choices = list(choices)
    n = len(choices)
    if n == 0:
        raise ValueError("0-length sequence.")
    dtype = result_type(*choices)
    arrays = broadcast_arrays(a, *[asarray(c) for c in choices])
    idx, shape = arrays[0].astype(_np.intp, copy=False), arrays[0].shape
    if mode == "raise":
        if idx.size and bool(((idx < 0) | (idx >= n)).any()):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        idx = remainder(idx, n)
    else:
        idx = clip(idx, 0, n - 1)
    stacked = empty((n,) + shape, dtype=dtype)
    for k in range(n):
        stacked[k] = arrays[k + 1]
    key = (idx,) + tuple(arange(s).reshape((1,) * d + (s,) + (1,) * (len(shape) - d - 1))
                         for d, s in enumerate(shape))
    result = stacked[key] if shape else stacked[idx[()]][()]
    if out is None:
        return result if shape else result[()]
    if not isinstance(out, (ndarray, _np.ndarray)) or out.shape != shape:
        raise TypeError("choose: invalid shape for output array.")
    out[...] = result
    return out


def _choose_method(self, choices, out=None, mode="raise"):
    return choose(self, choices, out=out, mode=mode)


def select(condlist, choicelist, default=0):
    """The element of the first choice whose condition is true, else
    default (NumPy's select: Python scalars weak in the result dtype)."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    choicelist = [c if type(c) in (int, float, complex) else asarray(c) for c in choicelist]
    choicelist.append(default if type(default) in (int, float, complex) else asarray(default))
    try:
        dtype = result_type(*choicelist)
    except TypeError as e:
        raise TypeError(f"Choicelist and default value do not have a common dtype: {e}") from None
    condlist = broadcast_arrays(*[asarray(c) for c in condlist])
    choicelist = broadcast_arrays(*[asarray(c) for c in choicelist])
    for i, cond in enumerate(condlist):
        if cond.dtype != _np.bool_:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    if choicelist[0].ndim == 0:
        shape = condlist[0].shape
    else:
        shape = broadcast_arrays(condlist[0], choicelist[0])[0].shape
    result = full(shape, choicelist[-1], dtype)
    for choice, cond in zip(choicelist[-2::-1], condlist[::-1]):
        copyto(result, choice, where=cond)
    return result


# ---- ufunc.at -------------------------------------------------------------------


def ufunc_at(ufunc, a, indices, b=None):
    """np.<ufunc>.at(a, indices[, b]) on a raptors array: unbuffered, so
    repeated indices apply once per occurrence, in order (results cast back
    to a's dtype unsafely, as NumPy's at). NotImplemented when raptors has
    no such ufunc."""
    fn = _UFUNC_MAP.get(ufunc.__name__)
    if fn is None or not isinstance(a, ndarray) or ufunc.nout != 1:
        return NotImplemented
    if ufunc.nin == 2 and b is None:
        raise ValueError("second operand needed for ufunc")
    if ufunc.nin == 1 and b is not None:
        raise ValueError("second operand provided when ufunc is unary")
    ids = arange(a.size).reshape(a.shape)[indices]  # NumPy's index errors
    shape = getattr(ids, "shape", ())
    ids = asarray(ids).reshape(-1)
    if ufunc.nin == 2 and type(b) not in (bool, int, float):
        try:
            b = broadcast_to(asarray(b), shape).reshape(-1)
        except ValueError:
            raise ValueError("array is not broadcastable to correct shape") from None
    for sel in _rounds(ids):
        r_ids = ids if sel is None else ids[sel]
        target, key = _flat_key(a, r_ids)
        cur = target[key]
        if ufunc.nin == 1:
            r = fn(cur)
        else:
            r = fn(cur, b if sel is None or not isinstance(b, ndarray) else b[sel])
        target[key] = r
    return None


def _rounds(ids):
    """Positions of ids split into rounds in which no flat index repeats,
    the k-th occurrence of every index in round k (so each index sees its
    operands in order); one round of None when ids has no repeats."""
    n = ids.size
    if n < 2:
        yield None
        return
    order = _raptors_argsort_stable(ids)
    s = ids[order]
    first = empty(n, dtype=_np.bool_)
    first[0] = True
    first[1:] = s[1:] != s[:-1]
    if bool(first.all()):
        yield None
        return
    group = first.astype(_np.intp).cumsum() - 1
    rank = arange(n) - flatnonzero(first)[group]
    for k in range(int(rank.max()) + 1):
        # positions in original order: sorting by id keeps no order across
        # ids, but within a round each id appears once, so any order is fine
        yield order[rank == k]


def _raptors_argsort_stable(x):
    from ._sort import argsort

    return argsort(x, kind="stable")


for _name, _fn in (("nonzero", _nonzero_method), ("compress", _compress_method),
                   ("put", _put_method), ("choose", _choose_method)):
    if not hasattr(ndarray, _name):
        _fn.__name__ = _name
        setattr(ndarray, _name, _fn)
