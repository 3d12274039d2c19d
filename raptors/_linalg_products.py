"""Products: ``@``, matmul, dot, vdot, inner, outer, tensordot, vecdot,
matvec, vecmat, einsum, kron, cross, trace, diagonal, and the ndarray
methods dot/trace/diagonal.

Each runs NumPy's own function on zero-copy views of raptors memory (see
_linalg_common): NumPy's semantics (batch broadcasting, 1-D promotion,
result dtypes for every dtype pair, out=) and NumPy's BLAS for floats.
The exception is matmul/`@` of two raptors arrays of one dtype (2-D or
3-D, C-contiguous) that NumPy computes slowly: integer and bool products (a
plain loop in NumPy) and small float products (NumPy's call and per-matrix
BLAS overhead): raptors' own kernels (src/kernels/matmul.c) do those.
"""

import numpy as _np

from . import _raptors
from ._einsum import as_matmul as _einsum_as_matmul
from ._linalg_common import to_np, to_rp, wrap
from ._raptors import ndarray

_native = _raptors._matmul_native
_np_call = _raptors._np_call
_from_buffer = _raptors._from_buffer

_asarray = _np.asarray
_np_matmul = _np.matmul

__all__ = [
    "matmul", "dot", "vdot", "inner", "outer", "tensordot", "vecdot", "matvec", "vecmat",
    "einsum", "einsum_path", "kron", "cross", "trace", "diagonal",
]


def matmul(x1, x2, /, out=None, **kwargs):
    """NumPy's matmul (a ufunc: out, dtype, casting, axes, ...) on views."""
    if out is None and not kwargs:
        # the hot path: no generic argument walk
        try:
            r = _native(x1, x2)
        except TypeError:
            # a dtype without a native kernel (RP_ETYPE): NumPy computes
            # it, or raises its own error
            r = NotImplemented
        if r is not NotImplemented:
            return r
        return to_rp(_np_matmul(to_np(x1), to_np(x2)))
    return _np_call(_np_matmul, x1, x2, out=out, **kwargs)


dot = wrap(_np.dot)
vdot = wrap(_np.vdot)
inner = wrap(_np.inner)
outer = wrap(_np.outer)
tensordot = wrap(_np.tensordot)
vecdot = wrap(_np.vecdot)
matvec = wrap(_np.matvec)
vecmat = wrap(_np.vecmat)
kron = wrap(_np.kron)
cross = wrap(_np.cross)
trace = wrap(_np.trace)
diagonal = wrap(_np.diagonal)
einsum_path = wrap(_np.einsum_path)


def einsum(*operands, out=None, **kwargs):
    """NumPy's einsum (subscripts or the sublist form, optimize=, out=,
    dtype=, casting=) on views; two raptors operands whose subscripts are
    a (batched) matrix product go to matmul (_einsum)."""
    if out is None and len(operands) == 3 and type(operands[0]) is str and \
            kwargs.keys() <= {"optimize"}:
        r = _einsum_as_matmul(operands[0], operands[1], operands[2], matmul)
        if r is not None:
            return r
    return _np_call(_np.einsum, *operands, out=out, **kwargs)


# ---- the @ operator and methods ----------------------------------------------


def _defers(other):
    # NumPy's binop rule: an operand that opts out of ufuncs gets its
    # reflected method tried.
    return getattr(type(other), "__array_ufunc__", False) is None


def _matmul_operator(a, b):
    """`a @ b` when raptors' native product (the C slot) does not take it:
    one of a and b is a raptors array."""
    if isinstance(a, ndarray):
        return __matmul__(a, b)
    return __rmatmul__(b, a)


def __matmul__(self, other):
    if _defers(other):
        return NotImplemented
    return to_rp(_np_matmul(_asarray(self), to_np(other)))


def __rmatmul__(self, other):
    if _defers(other):
        return NotImplemented
    return to_rp(_np_matmul(to_np(other), _asarray(self)))


def __imatmul__(self, other):
    # NumPy's in-place matmul on a view of self's memory: its checks (the
    # result must keep self's shape, same_kind casting, read-only) and errors.
    if _defers(other):
        return NotImplemented
    v = _asarray(self)
    v @= to_np(other)
    return self


def _dot_method(self, b, out=None):
    return dot(self, b, out=out)


def _trace_method(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return trace(self, offset, axis1, axis2, dtype, out)


def _diagonal_method(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


def _matmul_views(a, b):
    """`a @ b` of two raptors arrays the native product does not take."""
    r = _np_matmul(_asarray(a), _asarray(b))
    if type(r) is _np.ndarray:
        x = _from_buffer(r)
        if x is not None:
            return x
    return to_rp(r)


_raptors._set_matmul_hooks(_matmul_operator, _matmul_views)  # the C slot's fallbacks


def _register_ufuncs():
    # np.matmul(x, y) and the other product ufuncs on raptors operands come
    # here through __array_ufunc__ (NEP 13), so they take the native kernels.
    try:
        from . import _ufuncs
    except ImportError:  # pragma: no cover - the elementwise part is optional
        return
    for name, fn in (("matmul", matmul), ("vecdot", vecdot), ("matvec", matvec),
                     ("vecmat", vecmat)):
        _ufuncs._UFUNC_MAP.setdefault(name, fn)


_register_ufuncs()
ndarray.__imatmul__ = __imatmul__
_dot_method.__name__ = "dot"
_trace_method.__name__ = "trace"
_diagonal_method.__name__ = "diagonal"
ndarray.dot = _dot_method
ndarray.trace = _trace_method
if not hasattr(ndarray, "diagonal"):
    ndarray.diagonal = _diagonal_method
