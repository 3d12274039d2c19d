"""Array creation: NumPy's names, signatures and results."""

import numpy as np

from . import _raptors
from ._raptors import empty, ndarray, zeros

__all__ = [
    "asarray", "array", "empty", "zeros", "ones", "full", "empty_like", "zeros_like",
    "ones_like", "full_like", "arange", "linspace", "eye", "from_numpy", "to_numpy", "array2d",
]


def _fresh(x, obj):
    """Whether x = _asarray(obj) is memory the conversion allocated (a copy),
    rather than obj's own memory shared."""
    if x is obj:
        return False
    owner = x if x.base is None else x.base
    return isinstance(owner, ndarray) and owner is not obj and owner.flags.owndata


def asarray(obj, dtype=None, order=None, *, device=None, copy=None, like=None):
    """Convert obj to a raptors array, sharing memory whenever possible.

    copy=None shares memory when it can, copy=True always copies, and
    copy=False raises ValueError when a copy cannot be avoided (NumPy 2).
    A source whose memory NumPy would share but raptors cannot (foreign
    byte order, misaligned data) gives a read-only copy with copy=None.
    order='C' or 'F' copies into that layout when the source is not in it.
    """
    _check_device(device)
    x = _raptors._asarray(obj, dtype)
    if order is not None:
        x = _in_order(x, order, copy)
    if copy is None:
        return x
    fresh = _fresh(x, obj)
    if copy is False and fresh:
        raise ValueError("Unable to avoid copy while creating an array as requested.")
    if copy and not (fresh and x.flags.writeable):
        return x.astype(x.dtype)  # astype always copies, into writeable memory
    return x


def _in_order(x, order, copy):
    """x itself when its layout satisfies order, else an order copy."""
    key = order.upper() if isinstance(order, str) else order
    if key not in ("C", "F", "A", "K"):
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    if key in ("C", "F") and not x.flags[key + "_CONTIGUOUS"]:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        return x.copy(order=key)
    return x


def array(obj, dtype=None, *, copy=True, order="K", ndmin=0, like=None):
    """Like numpy.array: a copy by default."""
    x = asarray(obj, dtype, copy=copy)
    if order in ("C", "F") and not x.flags[order + "_CONTIGUOUS"]:
        x = x.copy(order=order)
    if x.ndim < ndmin:
        x = x.reshape((1,) * (ndmin - x.ndim) + x.shape)
    return x


def ones(shape, dtype=None, order="C", *, device=None, like=None):
    x = empty(shape, dtype, order)
    x[...] = 1
    return x


def _infer_dtype(value):
    if isinstance(value, ndarray):
        return value.dtype
    return np.asarray(value).dtype


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    if dtype is None:
        dtype = _infer_dtype(fill_value)
    x = empty(shape, dtype, order)
    _fill(x, fill_value)
    return x


def _fill(x, value):
    # NumPy's full casts a Python float as an array into an integer dtype
    # (unsafe: NaN does not raise, it reports invalid) and stores it as a
    # scalar into a float one (overflow reported, underflow not); Python ints
    # keep NEP 50's range check. A Python complex into a real dtype is cast as
    # an array too (ComplexWarning, the real part), where a scalar store raises.
    int_target = x.dtype.kind in "biu"
    as_array = (isinstance(value, float) and int_target or
                isinstance(value, complex) and x.dtype.kind != "c")
    x[...] = asarray(value) if as_array else value


def _new_like(a, dtype, order, shape, fill):
    """empty_like and friends: order='K' keeps the prototype's axis order
    (NumPy's sorted-stride rule, computed by the core)."""
    a = a if isinstance(a, ndarray) else asarray(a)
    dtype = a.dtype if dtype is None else dtype
    if order == "A":
        order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    if order == "K":
        x = _raptors._new_like(a, dtype, shape, fill == 0)
    else:
        x = (zeros if fill == 0 else empty)(a.shape if shape is None else shape, dtype, order)
    if fill is not None and fill != 0:
        x[...] = fill
    return x


def empty_like(prototype, dtype=None, order="K", subok=True, shape=None, *, device=None):
    _check_device(device)
    return _new_like(prototype, dtype, order, shape, None)


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    _check_device(device)
    return _new_like(a, dtype, order, shape, 0)


def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    _check_device(device)
    return _new_like(a, dtype, order, shape, 1)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    _check_device(device)
    a = a if isinstance(a, ndarray) else asarray(a)
    x = _new_like(a, dtype, order, shape, None)
    _fill(x, fill_value)
    return x


# Sequences whose values NumPy defines exactly (step rounding, endpoints):
# computed by NumPy, then copied once into raptors-owned memory.
def arange(start, stop=None, step=None, dtype=None, *, device=None, like=None):
    _check_device(device)
    return _owned(np.arange(start, stop, step, dtype=dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    _check_device(device)
    r = np.linspace(start, stop, num, endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis)
    return (_owned(r[0]), r[1]) if retstep else _owned(r)


def eye(N, M=None, k=0, dtype=float, order="C", *, device=None, like=None):
    _check_device(device)
    return _owned(np.eye(N, M, k, dtype=dtype, order=order))


def _owned(a):
    from ._convert import _check_supported
    return _raptors._copy_of(_check_supported(a))


def from_numpy(a):
    """Share a NumPy array's memory (any strides; read-only stays read-only)."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"from_numpy expects a numpy.ndarray, got {type(a).__name__}")
    return asarray(a)


def to_numpy(x):
    """A NumPy array sharing x's memory."""
    return np.asarray(x)


def array2d(rows):
    """The earlier raptors constructor: a 2-D float64 array from a list of rows."""
    x = asarray(rows, dtype=np.float64, copy=True)
    if x.ndim != 2:
        raise ValueError(f"array2d expects a sequence of rows (2 dimensions), got {x.ndim}")
    return x


def _check_device(device):
    if device not in (None, "cpu"):
        raise ValueError(f"raptors arrays live on the CPU; unsupported device {device!r}")
