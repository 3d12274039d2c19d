"""Array building and rearranging (issue 13): NumPy's diag/tril/triu, repeat,
tile, roll, pad, diff, the split and stack families, insert/delete ...

Each is composed from raptors' own views, slice assignment, concatenate and
ufuncs (or a core loop where one is clearly faster), so the data never goes
through NumPy. NumPy is used only for small metadata (index lists, dtype
rules); its argument checks and messages are followed as written in NumPy
2.x's Python sources.
"""

import operator

import numpy as _np
from numpy.exceptions import AxisError

from . import _raptors
from ._creation import arange, asarray, empty, empty_like, zeros
from ._manip import (_normalize_axis, broadcast_to, concatenate, flip, moveaxis,
                     transpose)
from ._raptors import ndarray
from ._ufuncs import greater_equal, not_equal, subtract, where

__all__ = [
    "diag", "tri", "tril", "triu", "tril_indices", "triu_indices", "indices", "meshgrid",
    "repeat", "tile", "roll", "pad", "diff", "split", "array_split", "hsplit", "vsplit",
    "dsplit", "hstack", "vstack", "dstack", "column_stack", "atleast_1d", "atleast_2d",
    "atleast_3d", "unstack", "rot90", "fliplr", "flipud", "append", "insert", "delete",
]

_NoValue = _np._NoValue


def _index_array(obj):
    """Small index metadata (a list, tuple, scalar or array of indices) as
    NumPy values; a raptors array is shared, not copied."""
    return _np.asarray(obj)


# ---- the diagonal and the triangles ------------------------------------------

def diag(v, k=0):
    v = asarray(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        res = zeros((n, n), v.dtype)
        start = k if k >= 0 else -k * n
        flat = res.reshape(-1)
        flat[start:start + v.shape[0] * (n + 1):n + 1] = v
        return res
    if v.ndim == 2:
        return v.diagonal(k)
    raise ValueError("Input must be 1- or 2-d.")


def _min_int(low, high):
    """NumPy's tri index dtype: the smallest of int8/16/32/64 holding the range."""
    for t in (_np.int8, _np.int16, _np.int32):
        info = _np.iinfo(t)
        if high <= info.max and low >= info.min:
            return t
    return _np.int64


def tri(N, M=None, k=0, dtype=float, *, like=None):
    if M is None:
        M = N
    rows = arange(N, dtype=_min_int(0, N)).reshape(-1, 1)
    cols = arange(-k, M - k, dtype=_min_int(-k, M - k))
    m = greater_equal(rows, cols)
    return m if _np.dtype(dtype) == _np.bool_ else m.astype(dtype, copy=False)


def _triangle(m, k, lower):
    m = asarray(m)
    shape = m.shape[-2:]
    k = operator.index(k)
    if not shape:
        raise TypeError("tri() missing 1 required positional argument: 'N'")
    # a C array of matrices: one copy and one zero fill per row (the core)
    # (k clamped: beyond the matrix every row is whole or empty)
    res = _raptors._tri_blocks(m, max(min(k, shape[-1] + 1), -shape[0] - 1), lower)
    if res is not None:
        return res
    mask = tri(*shape, k=k if lower else k - 1, dtype=bool)
    zero = zeros(1, m.dtype)
    return where(mask, m, zero) if lower else where(mask, zero, m)


def tril(m, k=0):
    return _triangle(m, k, True)


def triu(m, k=0):
    return _triangle(m, k, False)


def indices(dimensions, dtype=int, sparse=False):
    dimensions = tuple(dimensions)
    n = len(dimensions)
    shape = (1,) * n
    res = () if sparse else empty((n,) + dimensions, dtype)
    for i, dim in enumerate(dimensions):
        idx = arange(dim, dtype=dtype).reshape(shape[:i] + (dim,) + shape[i + 1:])
        if sparse:
            res = res + (idx,)
        else:
            res[i] = idx
    return res


def _tri_indices(mask):
    rows, cols = indices(mask.shape, sparse=True)
    return (broadcast_to(rows, mask.shape)[mask], broadcast_to(cols, mask.shape)[mask])


def tril_indices(n, k=0, m=None):
    return _tri_indices(tri(n, m, k=k, dtype=bool))


def triu_indices(n, k=0, m=None):
    from ._ufuncs import logical_not
    return _tri_indices(logical_not(tri(n, m, k=k - 1, dtype=bool)))


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    ndim = len(xi)
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    s0 = (1,) * ndim
    output = [asarray(x).reshape(s0[:i] + (-1,) + s0[i + 1:]) for i, x in enumerate(xi)]
    if indexing == "xy" and ndim > 1:
        output[0] = output[0].reshape((1, -1) + s0[2:])
        output[1] = output[1].reshape((-1, 1) + s0[2:])
    if not sparse:
        from ._manip import broadcast_arrays
        output = broadcast_arrays(*output)
    if copy:
        output = tuple(x.copy() for x in output)
    return tuple(output)


# ---- repeat and tile -----------------------------------------------------------

def _prod(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def _repeat_blocks(a, outer, n, block, count, counts, shape):
    """The core's block copy (src/core/repeat.c) of a as outer x n blocks of
    block elements, each written count (or counts[i]) times in a row, into a
    new C array of the given shape; a strided a is made C-contiguous first
    (NumPy's results are C arrays whatever the input's layout)."""
    res = _raptors._repeat_blocks(a, outer, n, block, count, counts, shape)
    if res is None:
        res = _raptors._repeat_blocks(a.copy(order="C"), outer, n, block, count, counts, shape)
    return res


def _repeat_counts(repeats):
    """repeats as NumPy's repeat reads them: a Python number is truncated to
    intp; an array must cast to intp safely."""
    if isinstance(repeats, (int, float, _np.integer, _np.floating)) and not isinstance(
            repeats, (bool, _np.bool_)):
        return int(repeats)
    if isinstance(repeats, (list, tuple)):
        # NumPy converts a sequence straight to intp (floats truncated, [] is
        # empty); only arrays of another kind are refused
        r = _np.asarray(repeats, dtype=_np.intp)
    else:
        r = _index_array(repeats)
    if r.dtype.kind == "b" or (r.dtype.kind in "iu" and _np.can_cast(r.dtype, _np.intp)):
        r = r.astype(_np.intp)
    elif r.dtype.kind == "f" or r.dtype.kind == "u":
        raise TypeError(f"Cannot cast array data from {r.dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    else:
        r = r.astype(_np.intp)
    if r.ndim == 0:
        return int(r)
    if r.ndim > 1:
        raise ValueError("repeats must be a scalar or a 1-d array")  # pragma: no cover
    return r


def repeat(a, repeats, axis=None):
    if type(repeats) is int and type(axis) is int and type(a) is ndarray and repeats >= 0:
        # the common call (one count, one axis) straight to the block copy
        shape = a.shape
        axis = _normalize_axis(axis, len(shape))
        return _repeat_blocks(a, _prod(shape[:axis]), shape[axis], _prod(shape[axis + 1:]),
                              repeats, None,
                              shape[:axis] + (shape[axis] * repeats,) + shape[axis + 1:])
    a = asarray(a)
    counts = _repeat_counts(repeats)
    if axis is None:
        a, axis = a.reshape(-1), 0
    else:
        axis = _normalize_axis(axis, a.ndim)
    n = a.shape[axis]
    if not isinstance(counts, int) and counts.shape[0] == 1:
        counts = int(counts[0])
    outer = _prod(a.shape[:axis])
    block = _prod(a.shape[axis + 1:])
    if isinstance(counts, int):
        if counts < 0:
            raise ValueError("negative dimensions are not allowed")
        shape = a.shape[:axis] + (n * counts,) + a.shape[axis + 1:]
        return _repeat_blocks(a, outer, n, block, counts, None, shape)
    if counts.shape[0] != n:
        raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                         f"({counts.shape[0]},)")
    if (counts < 0).any():
        raise ValueError("repeats may not contain negative values.")
    total = int(counts.sum())
    return _repeat_blocks(a, outer, n, block, 0, _np.ascontiguousarray(counts),
                          a.shape[:axis] + (total,) + a.shape[axis + 1:])


def tile(A, reps):
    if type(reps) is int and type(A) is ndarray and reps > 1 and A.ndim and A.size:
        # the common call: each row (the last axis) written reps times in a
        # row, one block copy, none of the general path's tuples
        shape = A.shape
        inner = shape[-1]
        return _repeat_blocks(A, A.size // inner, 1, inner, reps, None,
                              shape[:-1] + (inner * reps,))
    if type(reps) is int:
        tup = (reps,)  # no TypeError raised and caught: a few microseconds
    else:
        try:
            tup = tuple(reps)
        except TypeError:
            tup = (reps,)
        tup = tuple(operator.index(t) for t in tup)
    c = asarray(A)
    d = len(tup)
    if c.ndim < d:
        c = c.reshape((1,) * (d - c.ndim) + c.shape)
    tup = (1,) * (c.ndim - d) + tup
    shape_out = tuple(s * t for s, t in zip(c.shape, tup))
    if c.size == 0:
        return empty(shape_out, c.dtype) if min(shape_out, default=0) >= 0 else \
            c.reshape(shape_out)
    if any(t < 0 for t in tup):
        raise ValueError("negative dimensions are not allowed")
    # for each axis with reps, innermost first, the blocks from that axis on
    # written t times in a row (one pass per such axis)
    res, shape = c, list(c.shape)
    for k in range(c.ndim - 1, -1, -1):
        if tup[k] != 1:
            outer, block = _prod(shape[:k]), _prod(shape[k:])
            shape[k] *= tup[k]
            res = _repeat_blocks(res, outer, 1, block, tup[k], None, tuple(shape))
    return c.copy(order="K") if res is c else res  # all ones: NumPy keeps the layout


# ---- roll, pad, diff -----------------------------------------------------------

def roll(a, shift, axis=None):
    a = asarray(a)
    if axis is None:
        return roll(a.reshape(-1), shift, 0).reshape(a.shape)
    shifts = [0] * a.ndim
    if type(shift) is int and type(axis) is int:  # the common call, without NumPy's broadcast
        shifts[_normalize_axis(axis, a.ndim)] = shift
    else:
        axes = (axis,) if isinstance(axis, (int, _np.integer)) else tuple(axis)
        axes = tuple(_normalize_axis(ax, a.ndim) for ax in axes)
        pairs = _np.broadcast(_index_array(shift), _np.asarray(axes, dtype=_np.intp))
        if pairs.nd > 1:
            raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
        for sh, ax in pairs:
            shifts[int(ax)] += int(sh)
    moved = [ax for ax in range(a.ndim) if a.shape[ax] and shifts[ax] % a.shape[ax]]
    if len(moved) == 1:
        # one axis: two block copies per run (the core), for a C array
        ax = moved[0]
        n = a.shape[ax]
        res = _raptors._roll_blocks(a, _prod(a.shape[:ax]), n, _prod(a.shape[ax + 1:]),
                                    shifts[ax] % n)
        if res is not None:
            return res
    result = empty_like(a)
    pieces = [((slice(None), slice(None)),)]
    for ax, sh in enumerate(shifts):
        n = a.shape[ax]
        s = sh % n if n else 0
        if s:
            part = ((slice(None, -s), slice(s, None)), (slice(-s, None), slice(None, s)))
        else:
            part = ((slice(None), slice(None)),)
        pieces = [p + (q,) for p in pieces for q in part] if ax else [(q,) for q in part]
    if a.ndim == 0:
        result[...] = a
        return result
    for combo in pieces:
        result[tuple(q[1] for q in combo)] = a[tuple(q[0] for q in combo)]
    return result


def _as_pairs(x, ndim, as_index=False):
    """NumPy's pad argument forms: a number, (before, after), ((b0, a0), ...)."""
    if x is None:
        return ((None, None),) * ndim
    x = _np.array(x)
    if as_index:
        x = _np.round(x).astype(_np.intp, copy=False)
    if x.ndim < 3:
        if x.size == 1:
            x = x.ravel()
            if as_index and x < 0:
                raise ValueError("index can't contain negative values")
            return ((x[0].item(), x[0].item()),) * ndim
        if x.size == 2 and x.shape != (2, 1):
            x = x.ravel()
            if as_index and (x[0] < 0 or x[1] < 0):
                raise ValueError("index can't contain negative values")
            return ((x[0].item(), x[1].item()),) * ndim
    if as_index and x.min() < 0:
        raise ValueError("index can't contain negative values")
    return _np.broadcast_to(x, (ndim, 2)).tolist()


def _int_pairs(x, ndim):
    """_as_pairs's result for the common widths, a Python int or a pair of
    them, without NumPy's array round trip (several microseconds); None for
    any other form."""
    if type(x) is int:
        x = (x, x)
    elif type(x) not in (tuple, list) or len(x) != 2 or type(x[0]) is not int or \
            type(x[1]) is not int:
        return None
    if not (-2**63 <= x[0] < 2**63 and -2**63 <= x[1] < 2**63):
        return None  # NumPy's object array: its TypeError
    if x[0] < 0 or x[1] < 0:
        raise ValueError("index can't contain negative values")
    return (tuple(x),) * ndim


def _constant_pairs(x, ndim, dtype=None):
    """constant_values as NumPy's _as_pairs reads them, as a (ndim, 2) NumPy
    array of their own dtype: NumPy assigns those scalars into the result,
    an unsafe cast (300 into uint8 wraps, 2.7 truncates)."""
    x = _np.array(x)
    scalars = x.ndim < 3 and (x.size == 1 or (x.size == 2 and x.shape != (2, 1)))
    if scalars:
        x = x.ravel()[0] if x.size == 1 else x.ravel()
    pairs = _np.broadcast_to(x, (ndim, 2))
    # NumPy assigns NumPy integer scalars (one or two values) or, for the
    # other shapes, Python ints (tolist): out of the result's range, either
    # is an OverflowError for a signed result, a Python int for an unsigned
    # one too; even where nothing is padded
    # (a float's integer part too, for a signed result)
    if dtype is not None and (dtype.kind == "i" and pairs.dtype.kind in "iuf"
                              or dtype.kind == "u" and not scalars and pairs.dtype.kind in "iu"):
        info = _np.iinfo(dtype)
        for v in pairs.ravel().tolist():
            if v == v and abs(v) != float("inf") and not info.min <= int(v) <= info.max:
                raise OverflowError(f"Python integer {int(v)} out of bounds for {dtype}")
    return pairs


_PAD_KWARGS = {
    "empty": (), "edge": (), "wrap": (), "constant": ("constant_values",),
    "linear_ramp": ("end_values",), "maximum": ("stat_length",), "mean": ("stat_length",),
    "median": ("stat_length",), "minimum": ("stat_length",),
    "reflect": ("reflect_type",), "symmetric": ("reflect_type",),
}


# rp_pad_mode's values (src/core/pad.h; rp_pad_source there maps a pad
# position to the source index, NumPy's iterative padding extended
# periodically); "empty" is filled with zeros
_PAD_MODES = {"constant": 0, "empty": 0, "edge": 1, "reflect": 2, "symmetric": 3, "wrap": 4}


def _pad_in_numpy(array, pad_width, mode, kwargs):
    """The modes raptors does not copy itself (maximum, mean, median,
    minimum, linear_ramp, reflect_type='odd', a function): NumPy's pad on a
    zero-copy view, the result as a raptors array."""
    from ._ufuncs import _to_numpy, _to_raptors

    return _to_raptors(_np.pad(_np.asarray(array), pad_width, mode, **_to_numpy(kwargs)))


def pad(array, pad_width, mode="constant", **kwargs):
    array = asarray(array)
    if isinstance(pad_width, dict):
        seq = [(0, 0)] * array.ndim
        for ax, width in pad_width.items():
            seq[ax] = (width, width) if isinstance(width, int) else tuple(width)
        pad_width = seq
    pw = _int_pairs(pad_width, array.ndim)
    if pw is None:
        pw = _np.asarray(pad_width)
        if pw.dtype.kind != "i":
            raise TypeError("`pad_width` must be of integral type.")
        pw = _as_pairs(pw, array.ndim, as_index=True)
    if callable(mode):
        return _pad_in_numpy(array, pad_width, mode, kwargs)
    try:
        unsupported = set(kwargs) - set(_PAD_KWARGS[mode])
    except (KeyError, TypeError):
        raise ValueError(f"mode '{mode}' is not supported") from None
    if unsupported:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    if mode not in ("constant", "empty", "edge", "wrap", "reflect", "symmetric") or \
            kwargs.get("reflect_type", "even") != "even":
        return _pad_in_numpy(array, pad_width, mode, kwargs)
    if array.size == 0 and mode not in ("constant", "empty"):
        for ax, (b, e) in enumerate(pw):
            if array.shape[ax] == 0 and (b or e):
                raise ValueError(f"can't extend empty axis {ax} using modes other than "
                                 "'constant' or 'empty'")
    if array.ndim:
        # one pass over the result in the core (src/core/pad.c): each row's
        # centre one copy, its borders mapped elements or fills
        values = None
        if mode in ("constant", "empty"):
            values = zeros(2 * array.ndim, array.dtype)
            if "constant_values" in kwargs:
                values = asarray(_constant_pairs(kwargs["constant_values"], array.ndim,
                                                 array.dtype).astype(array.dtype).reshape(-1))
        return _raptors._pad(array, tuple(b for b, _ in pw), tuple(e for _, e in pw),
                             _PAD_MODES[mode], values)
    if mode == "constant":
        _as_pairs(kwargs.get("constant_values", 0), 0)  # NumPy's reading of the values
    return array.copy()  # 0-d: no axis to pad


def diff(a, n=1, axis=-1, prepend=_NoValue, append=_NoValue):
    if type(n) is int and n == 1 and type(a) is ndarray and type(axis) is int and \
            prepend is _NoValue and append is _NoValue:
        # the common call: one subtraction of two views, without the general
        # path's checks and loop (about 0.9 us of a 64 Ki float32 diff's 4)
        nd = a.ndim
        if not -nd <= axis < nd:  # 0-d or a bad axis: the general path's errors
            return _diff(a, n, axis, prepend, append)
        axis %= nd
        if axis == 0:
            hi, lo = a[1:], a[:-1]
        elif axis == nd - 1:
            hi, lo = a[..., 1:], a[..., :-1]
        else:
            lead = (slice(None),) * axis
            hi, lo = a[lead + (slice(1, None),)], a[lead + (slice(None, -1),)]
        return not_equal(hi, lo) if a.dtype == _np.bool_ else subtract(hi, lo)
    return _diff(a, n, axis, prepend, append)


def _diff(a, n, axis, prepend, append):
    if n == 0:
        return a
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    a = asarray(a)
    nd = a.ndim
    if nd == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = _normalize_axis(axis, nd)
    combined = []
    for extra in (prepend, None, append) if prepend is not _NoValue or \
            append is not _NoValue else ():
        if extra is None:
            combined.append(a)
        elif extra is not _NoValue:
            extra = asarray(extra)
            if extra.ndim == 0:
                extra = broadcast_to(extra, a.shape[:axis] + (1,) + a.shape[axis + 1:])
            combined.append(extra)
    if len(combined) > 1:
        a = concatenate(combined, axis)
    lead = (slice(None),) * axis
    hi, lo = lead + (slice(1, None),), lead + (slice(None, -1),)
    op = not_equal if a.dtype == _np.bool_ else subtract
    for _ in range(n):
        a = op(a[hi], a[lo])
    return a


# ---- split ----------------------------------------------------------------------

def array_split(ary, indices_or_sections, axis=0):
    ary = asarray(ary)
    total = ary.shape[axis]
    try:
        points = [0] + list(indices_or_sections) + [total]
        sections = len(points) - 1
    except TypeError:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.") from None
        each, extras = divmod(total, sections)
        points = [0]
        for i in range(sections):
            points.append(points[-1] + each + (i < extras))
    lead = (slice(None),) * _normalize_axis(axis, ary.ndim)
    return [ary[lead + (slice(points[i], points[i + 1]),)] for i in range(sections)]


def split(ary, indices_or_sections, axis=0):
    try:
        len(indices_or_sections)
    except TypeError:
        sections = indices_or_sections
        if asarray(ary).shape[axis] % sections:
            raise ValueError("array split does not result in an equal division") from None
    return array_split(ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    ary = asarray(ary)
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    ary = asarray(ary)
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    ary = asarray(ary)
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


# ---- stacking -------------------------------------------------------------------

def _atleast(arys, nd):
    res = []
    for ary in arys:
        a = asarray(ary)
        if a.ndim < nd:
            if nd == 3 and a.ndim == 2:
                a = a.reshape(a.shape + (1,))
            elif nd == 3 and a.ndim == 1:
                a = a.reshape((1,) + a.shape + (1,))
            else:
                a = a.reshape((1,) * (nd - a.ndim) + a.shape)
        res.append(a)
    return res[0] if len(res) == 1 else tuple(res)


def atleast_1d(*arys):
    return _atleast(arys, 1)


def atleast_2d(*arys):
    return _atleast(arys, 2)


def atleast_3d(*arys):
    return _atleast(arys, 3)


def _sequence(tup):
    if not hasattr(tup, "__getitem__"):
        raise TypeError('arrays to stack must be passed as a "sequence" type such as list or '
                        'tuple.')
    return tup


def _same_shapes(arrays):
    """All raptors arrays of the first one's shape (a loop: all() over a
    generator costs twice as much here)."""
    shape = arrays[0].shape
    for t in arrays:
        if type(t) is not ndarray or t.shape != shape:
            return False
    return True


def _stack_along(tup, nd, axis, dtype, casting):
    if dtype is None and type(tup) in (list, tuple) and tup and type(tup[0]) is ndarray and \
            tup[0].ndim >= nd:
        # C arrays of one dtype and ndim (none reshaped): the core's block copies
        res = _raptors._concat(tup, axis if axis is not None else min(tup[0].ndim - 1, 1))
        if res is not None:
            return res
    elif nd == 2 and dtype is None and type(tup) in (list, tuple) and tup and \
            type(tup[0]) is ndarray and tup[0].ndim == 1 and _same_shapes(tup):
        # vstack of equal 1-d C arrays: their concatenation, seen as rows
        # (no reshape of each input to one row first)
        res = _raptors._concat(tup, 0)
        if res is not None:
            return res.reshape(len(tup), tup[0].shape[0])
    arrs = _atleast(_sequence(tup), nd)
    if not isinstance(arrs, tuple):
        arrs = (arrs,)
    if axis is None:  # hstack: the first axis of 1-d inputs, else the second
        axis = 0 if arrs and arrs[0].ndim == 1 else 1
    return concatenate(arrs, axis, dtype=dtype, casting=casting)


def hstack(tup, *, dtype=None, casting="same_kind"):
    return _stack_along(tup, 1, None, dtype, casting)


def vstack(tup, *, dtype=None, casting="same_kind"):
    return _stack_along(tup, 2, 0, dtype, casting)


def dstack(tup):
    return _stack_along(tup, 3, 2, None, "same_kind")


def column_stack(tup):
    arrays = []
    for v in _sequence(tup):
        arr = asarray(v)
        if arr.ndim < 2:
            arr = arr.reshape((1,) * (2 - arr.ndim) + arr.shape).T
        arrays.append(arr)
    return concatenate(arrays, 1)


def unstack(x, /, *, axis=0):
    x = asarray(x)
    if x.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    return tuple(moveaxis(x, axis, 0))


# ---- rotations and flips ------------------------------------------------------

def rot90(m, k=1, axes=(0, 1)):
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    m = asarray(m)
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise ValueError("Axes must be different.")
    if not (-m.ndim <= axes[0] < m.ndim and -m.ndim <= axes[1] < m.ndim):
        raise ValueError(f"Axes={axes} out of range for array of ndim={m.ndim}.")
    k %= 4
    if k == 0:
        return m[:]
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    perm = list(range(m.ndim))
    perm[axes[0]], perm[axes[1]] = perm[axes[1]], perm[axes[0]]
    return transpose(flip(m, axes[1]), perm) if k == 1 else flip(transpose(m, perm), axes[1])


def fliplr(m):
    m = asarray(m)
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return m[:, ::-1]


def flipud(m):
    m = asarray(m)
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return m[::-1, ...]


# ---- append, insert, delete ------------------------------------------------------

def append(arr, values, axis=None):
    arr = asarray(arr)
    if axis is None:
        if arr.ndim != 1:
            arr = arr.reshape(-1)
        values = asarray(values).reshape(-1)
        axis = arr.ndim - 1
    return concatenate((arr, values), axis=axis)


def _flat_and_axis(arr, axis):
    """NumPy's insert/delete start: the array raveled when axis is None, and
    the layout of the result (F for an F-only-contiguous input)."""
    arr = asarray(arr)
    order = "F" if arr.flags.f_contiguous and not arr.flags.c_contiguous else "C"
    if axis is None:
        if arr.ndim != 1:
            arr = arr.reshape(-1)
        axis = arr.ndim - 1
    else:
        axis = _normalize_axis(axis, arr.ndim)
    return arr, axis, order


def _at(ndim, axis, key):
    return (slice(None),) * axis + (key,) + (slice(None),) * (ndim - axis - 1)


def insert(arr, obj, values, axis=None):
    arr, axis, order = _flat_and_axis(arr, axis)
    ndim = arr.ndim
    n = arr.shape[axis]
    shape = list(arr.shape)
    if isinstance(obj, slice):
        idx = _np.arange(*obj.indices(n), dtype=_np.intp)
    else:
        idx = _np.array(_index_array(obj))
        if idx.dtype == bool:
            if idx.ndim != 1:
                raise ValueError("boolean array argument obj to insert must be one "
                                 "dimensional")
            idx = _np.flatnonzero(idx)
        elif idx.ndim > 1:
            raise ValueError("index array argument obj to insert must be one dimensional or "
                             "scalar")
    if idx.size == 1:
        index = idx.item()
        if index < -n or index > n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        if index < 0:
            index += n
        values = asarray(values, dtype=arr.dtype) if not isinstance(values, ndarray) else \
            values.astype(arr.dtype, copy=False)
        if values.ndim < ndim:
            values = values.reshape((1,) * (ndim - values.ndim) + values.shape)
        if idx.ndim == 0:
            values = moveaxis(values, 0, axis)
        numnew = values.shape[axis]
        shape[axis] += numnew
        new = empty(tuple(shape), arr.dtype, order)
        new[_at(ndim, axis, slice(None, index))] = arr[_at(ndim, axis, slice(None, index))]
        new[_at(ndim, axis, slice(index, index + numnew))] = values
        new[_at(ndim, axis, slice(index + numnew, None))] = arr[_at(ndim, axis,
                                                                    slice(index, None))]
        return new
    if idx.size == 0 and not isinstance(obj, (_np.ndarray, ndarray)):
        idx = idx.astype(_np.intp)
    if idx.dtype.kind not in "iu":
        raise IndexError("arrays used as indices must be of integer (or boolean) type")
    idx = idx.astype(_np.intp)
    idx[idx < 0] += n
    numnew = len(idx)
    order_ = idx.argsort(kind="mergesort")
    idx[order_] += _np.arange(numnew)
    shape[axis] += numnew
    old = _np.ones(shape[axis], dtype=bool)
    old[idx] = False  # IndexError out of range, as NumPy
    new = empty(tuple(shape), arr.dtype, order)
    new[_at(ndim, axis, asarray(idx))] = values
    new[_at(ndim, axis, asarray(old))] = arr
    return new


def delete(arr, obj, axis=None):
    arr, axis, order = _flat_and_axis(arr, axis)
    ndim = arr.ndim
    n = arr.shape[axis]
    shape = list(arr.shape)
    if isinstance(obj, slice):
        start, stop, step = obj.indices(n)
        xr = range(start, stop, step)
        if len(xr) <= 0:
            return arr.copy(order=order)
        keep = _np.ones(n, dtype=bool)
        keep[start:stop:step] = False
        return _keep(arr, axis, keep, order)
    if isinstance(obj, (int, _np.integer)) and not isinstance(obj, bool):
        single = True
    else:
        single = False
        orig = obj
        obj = _np.asarray(_index_array(obj))
        if obj.size == 0 and not isinstance(orig, (_np.ndarray, ndarray)):
            obj = obj.astype(_np.intp)
        elif obj.size == 1 and obj.dtype.kind in "ui":
            obj, single = obj.item(), True
    if single:
        if obj < -n or obj >= n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        if obj < 0:
            obj += n
        shape[axis] -= 1
        new = empty(tuple(shape), arr.dtype, order)
        new[_at(ndim, axis, slice(None, obj))] = arr[_at(ndim, axis, slice(None, obj))]
        new[_at(ndim, axis, slice(obj, None))] = arr[_at(ndim, axis, slice(obj + 1, None))]
        return new
    if obj.dtype == bool:
        if obj.shape != (n,):
            raise ValueError("boolean array argument obj to delete must be one dimensional "
                             f"and match the axis length of {n}")
        keep = ~obj
    else:
        keep = _np.ones(n, dtype=bool)
        keep[obj,] = False
    return arr[_at(ndim, axis, asarray(keep))]


def _keep(arr, axis, keep, order):
    """The slices of arr along axis where keep is true, into a fresh array of
    the given layout (runs of kept indices copied as slices)."""
    ndim = arr.ndim
    shape = list(arr.shape)
    shape[axis] = int(keep.sum())
    new = empty(tuple(shape), arr.dtype, order)
    padded = _np.zeros(keep.shape[0] + 2, dtype=bool)
    padded[1:-1] = keep
    edges = _np.flatnonzero(padded[1:] != padded[:-1]).tolist()
    pos = 0
    for lo, hi in zip(edges[::2], edges[1::2]):
        new[_at(ndim, axis, slice(pos, pos + hi - lo))] = arr[_at(ndim, axis, slice(lo, hi))]
        pos += hi - lo
    return new


def _repeat_method(self, repeats, axis=None):
    return repeat(self, repeats, axis)


_repeat_method.__name__ = "repeat"
if not hasattr(ndarray, "repeat"):
    ndarray.repeat = _repeat_method
