"""Shared hypothesis strategies and NumPy comparison helpers.

Every differential test builds the same array twice: once in NumPy, once in
raptors, with the same values AND the same memory layout (the raptors one is
made by applying the same view operations: negative/non-unit steps,
transposes, broadcasting to zero strides, Fortran order). Import from here:

    from strategies import DTYPES, shapes, array_pairs, assert_same

`array_pairs()` draws `(a, x)`: `a` a NumPy array (often a view), `x` a
raptors array with equal values and layout whose memory is raptors' own
(`shared=False`, the default) or `a`'s memory (`shared=True`).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import raptors as rp

BOOL = [np.dtype(np.bool_)]
SIGNED = [np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64)]
UNSIGNED = [np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64)]
INTEGER = SIGNED + UNSIGNED
FLOAT = [np.dtype(np.float32), np.dtype(np.float64)]
DTYPES = BOOL + INTEGER + FLOAT  # the 11 dtypes raptors supports
DTYPE_NAMES = [d.name for d in DTYPES]


def dtypes(choices=DTYPES):
    """One of raptors' dtypes (as numpy.dtype)."""
    return st.sampled_from(list(choices))


def shapes(min_dims=0, max_dims=4, min_side=0, max_side=5):
    """Shapes biased towards the edge cases: 0-d, size-0 and size-1 axes."""
    side = st.one_of(st.just(1), st.just(0) if min_side == 0 else st.just(max(min_side, 1)),
                     st.integers(min_side, max_side))
    return st.lists(side, min_size=min_dims, max_size=max_dims).map(tuple)


def nonempty_shapes(min_dims=1, max_dims=4, max_side=5):
    return shapes(min_dims, max_dims, 1, max_side)


def elements(dtype, allow_nan=False):
    """Values of dtype; floats are finite unless allow_nan (NaN/inf included)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return hnp.from_dtype(dtype, allow_nan=allow_nan, allow_infinity=allow_nan,
                              allow_subnormal=False)
    return hnp.from_dtype(dtype)


def numpy_arrays(dtype=None, shape=None, allow_nan=False):
    """A C-contiguous NumPy array (dtype / shape: values or strategies)."""
    dtype = dtypes() if dtype is None else dtype
    shape = shapes() if shape is None else shape
    dtype = dtype if isinstance(dtype, st.SearchStrategy) else st.just(np.dtype(dtype))
    shape = shape if isinstance(shape, st.SearchStrategy) else st.just(tuple(shape))
    return st.tuples(dtype, shape).flatmap(
        lambda ds: hnp.arrays(ds[0], ds[1], elements=elements(ds[0], allow_nan)))


# ---- layouts: view operations applied identically to NumPy and raptors ----

@st.composite
def _view_ops(draw, shape, allow_broadcast=True):
    """A list of view operations valid for an array of `shape`."""
    ops = []
    ndim = len(shape)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["slice", "transpose", "flip"]
                                    + (["broadcast"] if allow_broadcast else [])))
        if kind == "slice" and ndim:
            idx = []
            new_shape = []
            for n in shape:
                step = draw(st.sampled_from([1, 1, 2, 3, -1, -2]))
                start = draw(st.none() | st.integers(-n - 1, n + 1))
                stop = draw(st.none() | st.integers(-n - 1, n + 1))
                s = slice(start, stop, step)
                idx.append(s)
                new_shape.append(len(range(*s.indices(n))))
            ops.append(("index", tuple(idx)))
            shape = tuple(new_shape)
        elif kind == "transpose" and ndim > 1:
            perm = tuple(draw(st.permutations(range(ndim))))
            ops.append(("transpose", perm))
            shape = tuple(shape[p] for p in perm)
        elif kind == "flip" and ndim:
            ops.append(("index", tuple(slice(None, None, -1) for _ in shape)))
        elif kind == "broadcast":
            lead = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
            # size-1 axes may grow: zero strides
            grown = tuple(draw(st.sampled_from([1, 2, 3])) if n == 1 else n for n in shape)
            ops.append(("broadcast", lead + grown))
            shape = lead + grown
            ndim = len(shape)
    return ops


def apply_ops(arr, ops, module):
    """Apply view operations to a NumPy (module=np) or raptors array."""
    for kind, arg in ops:
        if kind == "index":
            arr = arr[arg]
        elif kind == "transpose":
            arr = arr.transpose(arg)
        elif kind == "broadcast":
            arr = module.broadcast_to(arr, arg)
    return arr


@st.composite
def array_pairs(draw, dtype=None, shape=None, shared=False, allow_broadcast=True,
                allow_nan=False, order=None):
    """(a, x): a NumPy array (often a strided view) and a raptors array with
    the same values, dtype, shape and strides.

    shared=False: x lives in raptors-owned memory, built from a raptors
    copy of the base by the same view operations. shared=True: x = asarray(a)
    shares a's memory. allow_broadcast=False keeps every view writeable.
    order: 'C', 'F' or None (either) for the base array's layout.
    """
    base = draw(numpy_arrays(dtype, shape, allow_nan))
    order = draw(st.sampled_from("CF")) if order is None else order
    if order == "F":
        base = base.copy(order="F")
    ops = draw(_view_ops(base.shape, allow_broadcast))
    a = apply_ops(base, ops, np)
    if shared:
        return a, rp.asarray(a)
    xb = rp.asarray(base, copy=True)
    if order == "F":
        xb = xb.copy(order="F")
    x = apply_ops(xb, ops, rp)
    return a, x


def writeable_pairs(**kw):
    return array_pairs(allow_broadcast=False, **kw)


# ---- basic indices ----

@st.composite
def basic_indices(draw, shape, allow_newaxis=True, allow_ellipsis=True, min_dims=0):
    """A valid basic index for `shape`: ints (negative too), slices with any
    step, ..., None, as a tuple or a single item."""
    idx = []
    dims = list(shape)
    used_ellipsis = False
    i = 0
    while i < len(dims):
        # After an ellipsis every remaining axis gets an item: the ellipsis
        # then expands to exactly the axes it was drawn to swallow.
        choice = draw(st.sampled_from(["int", "slice", "slice", "none", "ellipsis"]
                                      + ([] if used_ellipsis else ["stop"])))
        n = dims[i]
        if choice == "int" and n > 0:
            idx.append(draw(st.integers(-n, n - 1)))
            i += 1
        elif choice == "slice" or (choice == "int" and n == 0):
            start = draw(st.none() | st.integers(-n - 2, n + 2))
            stop = draw(st.none() | st.integers(-n - 2, n + 2))
            step = draw(st.none() | st.sampled_from([1, 2, 3, 7, -1, -2, -3]))
            idx.append(slice(start, stop, step))
            i += 1
        elif choice == "none" and allow_newaxis:
            idx.append(None)
        elif choice == "ellipsis" and allow_ellipsis and not used_ellipsis:
            used_ellipsis = True
            idx.append(Ellipsis)
            # the ellipsis swallows a random number of the remaining axes
            i += draw(st.integers(0, len(dims) - i))
        elif choice == "stop":
            break
    if allow_newaxis and draw(st.booleans()):
        idx.append(None)
    if len(idx) == 1 and draw(st.booleans()):
        return idx[0]
    return tuple(idx)


# ---- comparison ----

def to_numpy(x):
    """NumPy view of a raptors array (memory shared)."""
    return np.asarray(x)


def assert_same(x, a, strides=True, flags=False):
    """x (raptors) equals a (NumPy) in type, dtype, shape, values and, when
    asked, strides (True: exact; "used": on axes longer than 1) and
    contiguity flags."""
    assert isinstance(x, rp.ndarray), type(x)
    assert x.dtype == a.dtype, (x.dtype, a.dtype)
    assert x.shape == a.shape, (x.shape, a.shape)
    assert x.ndim == a.ndim and x.size == a.size
    assert x.itemsize == a.itemsize and x.nbytes == a.nbytes
    xa = np.asarray(x)
    assert xa.dtype == a.dtype and xa.shape == a.shape
    np.testing.assert_array_equal(xa, a, strict=True)
    # NumPy >= 2.4 gives fresh size-0 arrays all-zero strides, older
    # versions C strides: neither is a layout anyone can read through.
    if strides == "used" and a.size:
        # Strides of length-1 axes never move the pointer; NumPy's buffer
        # export (what raptors wraps) normalises them, NumPy's views do not.
        used = [(s, t) for s, t, n in zip(x.strides, a.strides, a.shape) if n > 1]
        assert all(s == t for s, t in used), (x.strides, a.strides, a.shape)
    elif strides and a.size:
        assert x.strides == a.strides, (x.strides, a.strides, a.shape)
    if flags:
        assert x.flags.c_contiguous == a.flags.c_contiguous, (x.shape, x.strides)
        assert x.flags.f_contiguous == a.flags.f_contiguous, (x.shape, x.strides)


def assert_scalar_same(s, t):
    """Scalars from full integer indexing: NumPy scalar of the same type."""
    assert type(s) is type(t), (type(s), type(t))
    if isinstance(t, (float, np.floating)) and np.isnan(t):
        assert np.isnan(s)
    else:
        assert s == t


def data_address(x):
    return x.__array_interface__["data"][0]


def shares_memory(x, a):
    return np.shares_memory(np.asarray(x), np.asarray(a))
