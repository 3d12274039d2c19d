"""Shape manipulation, built on the C views (reshape, transpose, indexing)."""

import operator

import numpy as np
from numpy.exceptions import AxisError

from . import _raptors
from ._creation import asarray, empty
from ._raptors import ndarray

__all__ = [
    "reshape", "transpose", "permute_dims", "swapaxes", "moveaxis", "squeeze", "expand_dims",
    "ravel", "copy", "astype", "broadcast_to", "broadcast_arrays", "broadcast_shapes",
    "concatenate", "concat", "stack", "copyto", "flip", "matrix_transpose", "ndim", "shape", "size",
]


def _normalize_axis(axis, ndim, prefix=None):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise AxisError(axis, ndim, prefix)
    return axis % ndim if ndim else 0


def _no_bool(axis, message="an integer is required for the axis"):
    """NumPy's axis arguments that refuse bools (squeeze, concatenate, ...)."""
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(message)
    return axis


def _normalize_axes(axes, ndim, argname=None):
    if not isinstance(axes, (tuple, list)):
        axes = (operator.index(axes),)
    out = tuple(_normalize_axis(a, ndim) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{argname}` argument" if argname else "repeated axis")
    return out


def reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    if shape is None:
        shape = newshape
    return asarray(a).reshape(shape, order=order, copy=copy)


def transpose(a, axes=None):
    a = asarray(a)
    return a.transpose() if axes is None else a.transpose(axes)


def permute_dims(a, axes):
    return asarray(a).transpose(axes)


def matrix_transpose(x):
    x = asarray(x)
    if x.ndim < 2:
        raise ValueError("matrix transpose with ndim < 2 is undefined")
    return swapaxes(x, -1, -2)


def swapaxes(a, axis1, axis2):
    a = asarray(a)
    # NumPy converts both axes before it checks either's bounds
    axis1, axis2 = operator.index(axis1), operator.index(axis2)
    i, j = _normalize_axis(axis1, a.ndim, "axis1"), _normalize_axis(axis2, a.ndim, "axis2")
    perm = list(range(a.ndim))
    perm[i], perm[j] = perm[j], perm[i]
    return a.transpose(perm)


def moveaxis(a, source, destination):
    a = asarray(a)
    src = _normalize_axes(source, a.ndim, "source")
    dst = _normalize_axes(destination, a.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(a.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return a.transpose(order)


def squeeze(a, axis=None):
    a = asarray(a)
    if axis is None:
        axes = tuple(i for i, n in enumerate(a.shape) if n == 1)
    elif a.ndim == 0 and not isinstance(axis, (tuple, list)) and _no_bool(axis) in (0, -1):
        # NumPy lets a single axis 0 or -1 name a 0-d array's no axis (but
        # not inside a tuple).
        axes = ()
    else:
        if isinstance(axis, (tuple, list)):
            for ax in axis:
                _no_bool(ax, "integers are required for the axis tuple elements")
        axes = _normalize_axes(_no_bool(axis), a.ndim)
        for ax in axes:
            if a.shape[ax] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    # Integer indices drop the axes and keep every other stride (a view,
    # as NumPy's); the ellipsis keeps a 0-d result an array.
    return a[tuple(0 if i in axes else slice(None) for i in range(a.ndim)) + (Ellipsis,)]


def expand_dims(a, axis):
    a = asarray(a)
    out_ndim = a.ndim + (1 if isinstance(axis, (int, np.integer)) else len(axis))
    axes = _normalize_axes(axis, out_ndim)
    dims = iter(a.shape)
    return a.reshape(tuple(1 if i in axes else next(dims) for i in range(out_ndim)))


def ravel(a, order="C"):
    """A view when the array is contiguous in the requested order (NumPy's
    rule: a strided 1-D array is copied too), else a copy."""
    a = asarray(a)
    if order == "A":
        order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    if order == "K":
        if a.flags.c_contiguous or not a.flags.f_contiguous:
            t = a.transpose(_memory_order(a))
            return t.reshape(-1) if t.flags.c_contiguous else t.flatten("C")
        order = "F"
    if order not in ("C", "F"):
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    contiguous = a.flags.c_contiguous if order == "C" else a.flags.f_contiguous
    return a.reshape(-1, order=order) if contiguous else a.flatten(order)


def _memory_order(a):
    """Axes outermost first in the order NumPy's iterator visits them for
    order='K': by decreasing |stride|, starting from C order, where zero
    strides (broadcast or length-1 axes) are ambiguous and never move an
    axis (an insertion sort, as NumPy's nditer does)."""
    strides = [0 if n == 1 else s for n, s in zip(a.shape, a.strides)]
    perm = list(range(a.ndim - 1, -1, -1))  # innermost first
    for i0 in range(1, a.ndim):
        j0, pos = perm[i0], i0
        for i1 in range(i0 - 1, -1, -1):
            s0, s1 = strides[j0], strides[perm[i1]]
            if s0 != 0 and s1 != 0:
                if abs(s1) <= abs(s0):
                    break
                pos = i1
        if pos != i0:
            perm[pos + 1:i0 + 1] = perm[pos:i0]
            perm[pos] = j0
    return perm[::-1]


def copy(a, order="K"):
    return asarray(a).copy(order=order)


def astype(x, dtype, /, *, copy=True, device=None):
    return asarray(x).astype(dtype, copy=copy)


def broadcast_shapes(*shapes):
    return np.broadcast_shapes(*shapes)


def broadcast_to(array, shape):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    return asarray(array)._broadcast_to(shape)


def broadcast_arrays(*args):
    arrays = [asarray(a) for a in args]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = " ".join(str(a.shape).replace(" ", "") for a in arrays)
        raise ValueError(
            f"shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is "
            f"between arg 0 with shape {arrays[0].shape} and arg 1 with shape {arrays[1].shape}."
            if len(arrays) == 2 else f"shape mismatch: objects cannot be broadcast: {shapes}"
        ) from None
    return tuple(a if a.shape == shape else a._broadcast_to(shape) for a in arrays)


_CASTINGS = frozenset(("no", "equiv", "safe", "same_kind", "unsafe"))


def concatenate(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """NumPy's concatenate: every input is cast to the result's dtype (dtype=,
    out's dtype, or the promoted one) only as far as `casting` allows."""
    if out is not None and dtype is not None:
        raise TypeError(
            "concatenate() only takes `out` or `dtype` as an argument, but both were provided.")
    if out is None and dtype is None and type(axis) is int and casting in _CASTINGS:
        # C arrays of one dtype: block copies in the core (None: anything else)
        res = _raptors._concat(arrays, axis)
        if res is not None:
            return res
    _raptors._check_cast(np.bool_, np.bool_, casting)  # NumPy validates the rule first
    if out is not None and not isinstance(out, (ndarray, np.ndarray)):
        raise TypeError("'out' must be an array")
    arrays = [asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    if axis is None:
        arrays = [a.reshape(-1) for a in arrays]
        axis = 0
    _no_bool(axis)
    first = arrays[0]
    if first.ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    axis = _normalize_axis(axis, first.ndim)
    for i, a in enumerate(arrays[1:], 1):
        if a.ndim != first.ndim:
            raise ValueError(
                "all the input arrays must have same number of dimensions, but the array at index "
                f"0 has {first.ndim} dimension(s) and the array at index {i} has {a.ndim} "
                "dimension(s)")
        for d in range(first.ndim):
            if d != axis and a.shape[d] != first.shape[d]:
                raise ValueError(
                    "all the input array dimensions except for the concatenation axis must match "
                    f"exactly, but along dimension {d}, the array at index 0 has size "
                    f"{first.shape[d]} and the array at index {i} has size {a.shape[d]}")
    shape = list(first.shape)
    shape[axis] = sum(a.shape[axis] for a in arrays)
    if out is not None and tuple(out.shape) != tuple(shape):
        raise ValueError("Output array is the wrong shape")
    if out is not None:
        target = out.dtype
    elif dtype is not None:
        target = np.dtype(dtype)
    else:
        target = np.result_type(*(a.dtype for a in arrays))
    for a in arrays:
        _raptors._check_cast(a.dtype, target, casting)
    result = empty(tuple(shape), target) if out is None else out
    lead = (slice(None),) * axis
    start = 0
    for a in arrays:
        n = a.shape[axis]
        result[lead + (slice(start, start + n),)] = a
        start += n
    return result


concat = concatenate


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    arrays = [asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to stack")
    if any(a.shape != arrays[0].shape for a in arrays):
        raise ValueError("all input arrays must have the same shape")
    axis = _normalize_axis(axis, arrays[0].ndim + 1)
    return concatenate([expand_dims(a, axis) for a in arrays], axis, out, dtype=dtype,
                       casting=casting)


def _shape_str(shape):
    return str(tuple(shape)).replace(" ", "")


def copyto(dst, src, casting="same_kind", where=True):
    """NumPy's copyto: src (broadcast) into dst where the mask is true, with
    `casting` checked as NumPy checks it (a Python int or float source is
    weak, NEP 50, and range-checked when stored)."""
    if not isinstance(dst, (ndarray, np.ndarray)):
        raise TypeError(f"copyto() argument 1 must be a numpy.ndarray, not {type(dst).__name__}")
    _raptors._check_cast(np.bool_, np.bool_, casting)  # NumPy validates the rule first
    d = asarray(dst)  # a NumPy dst is shared, not copied
    if not d.flags.writeable:
        raise ValueError("assignment destination is read-only")
    if type(src) in (bool, int, float) or isinstance(src, np.generic) or (
            isinstance(src, (ndarray, np.ndarray)) and src.ndim == 0):
        if not _raptors._check_scalar_cast(src, d.dtype, casting):
            src = asarray(src)  # not weak: cast as an array of its dtype
    else:
        src = asarray(src)
        _raptors._check_cast(src.dtype, d.dtype, casting)
    if where is True:
        d[...] = src
        return
    if isinstance(where, (ndarray, np.ndarray)):
        _raptors._check_cast(where.dtype, np.bool_, "safe")
    mask = asarray(where, dtype=bool)
    if mask.ndim > d.ndim or any(m not in (1, n) for m, n in zip(mask.shape[::-1], d.shape[::-1])):
        raise ValueError(f"could not broadcast where mask from shape {_shape_str(mask.shape)} "
                         f"into shape {_shape_str(d.shape)}")
    # src in dst's dtype first (the unsafe part of the copy, and NumPy's
    # range check of a Python int), then a choice elementwise.
    values = empty(d.shape, d.dtype)
    values[...] = src
    from ._ufuncs import where as _where

    d[...] = _where(mask, values, d)


def flip(m, axis=None):
    m = asarray(m)
    axes = range(m.ndim) if axis is None else _normalize_axes(axis, m.ndim)
    return m[tuple(slice(None, None, -1) if i in axes else slice(None) for i in range(m.ndim))]


def ndim(a):
    return asarray(a).ndim


def shape(a):
    return asarray(a).shape


def size(a, axis=None):
    a = asarray(a)
    return a.size if axis is None else a.shape[_normalize_axis(axis, a.ndim)]


def _attach_methods():
    def flatten(self, order="C"):
        if order == "K" and not (self.flags.c_contiguous or self.flags.f_contiguous):
            return self.transpose(_memory_order(self)).copy().reshape(-1)
        if order in ("A", "K"):
            order = "F" if self.flags.f_contiguous and not self.flags.c_contiguous else "C"
        return self.copy(order=order).reshape(-1, order=order)

    def ravel_method(self, order="C"):
        return ravel(self, order)

    ndarray.flatten = flatten
    ndarray.ravel = ravel_method
    ndarray.squeeze = squeeze
    ndarray.swapaxes = swapaxes
    ndarray.mT = property(matrix_transpose)


_attach_methods()
