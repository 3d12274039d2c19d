"""The bridge every product and linalg function crosses: raptors operands
become zero-copy NumPy views (raptors exports its memory through the buffer
protocol), NumPy computes on the BLAS/LAPACK it already loaded, and NumPy's
array results come back as raptors arrays wrapping NumPy's memory (again
without a copy). An ``out=`` raptors array is handed to NumPy as a writeable
view of its own memory, so NumPy writes the result in place and the caller
gets its own array back.

One BLAS in the process, results bit for bit NumPy's, no build dependency.
"""

import inspect as _inspect
import numpy as _np

from . import _raptors
from ._raptors import ndarray

_asarray = _np.asarray
_from_buffer = _raptors._from_buffer
_rp_asarray = _raptors._asarray


def to_np(x):
    """x as NumPy sees it: raptors arrays (also inside lists and tuples, as
    einsum's and multi_dot's operands) become views; anything else is left
    for NumPy to parse."""
    if type(x) is ndarray:
        return _asarray(x)
    if isinstance(x, ndarray):
        return _asarray(x)
    if type(x) in (list, tuple):
        return type(x)(to_np(v) for v in x)
    return x


def to_rp(r):
    """NumPy's result as raptors': arrays are wrapped (shared memory), in
    namedtuples and tuples too; NumPy scalars stay NumPy scalars, as raptors'
    own reductions return them. A dtype raptors lacks raises TypeError."""
    if type(r) is _np.ndarray:
        x = _from_buffer(r)
        return x if x is not None else _rp_asarray(r)
    if isinstance(r, tuple):
        vals = [to_rp(v) for v in r]
        return type(r)(*vals) if hasattr(r, "_fields") else type(r)(vals)
    if isinstance(r, list):
        return [to_rp(v) for v in r]
    if isinstance(r, _np.ndarray):
        return _rp_asarray(r)
    return r


_np_call = _raptors._np_call  # the C walk of call(): views in, raptors arrays out
_raptors._set_np_bridge(_asarray, _np.ndarray, to_np, to_rp)


def call(fn, args, kwargs):
    """fn(*args, **kwargs) in NumPy on views; an out= raptors array is
    returned itself (NumPy wrote into its memory). Nested operands and
    tuple results go through to_np and to_rp above."""
    return _np_call(fn, *args, **kwargs)


def wrap(fn, name=None, doc=None):
    """A raptors function running NumPy's `fn` on zero-copy views."""

    def f(*args, **kwargs):
        return _np_call(fn, *args, **kwargs)

    f.__name__ = f.__qualname__ = name or fn.__name__
    f.__doc__ = doc or (
        f"NumPy's {fn.__module__}.{fn.__name__} on zero-copy views of raptors arrays "
        "(same BLAS/LAPACK, same results); array results are raptors arrays."
    )
    f.__wrapped_numpy__ = fn
    # NumPy's signature, so help() and inspect (array-api-tests' signature checks, IDEs)
    # see the real parameters instead of (*args, **kwargs); ufuncs have none to give
    try:
        f.__signature__ = _inspect.signature(fn)
    except (TypeError, ValueError):
        pass
    return f
