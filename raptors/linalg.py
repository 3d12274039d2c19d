"""raptors.linalg: the Array API linalg extension and NumPy's numpy.linalg.

Every function but the 2-norms is NumPy's own, run on zero-copy views of raptors memory:
the LAPACK/BLAS NumPy loaded does the work (no second BLAS in the process),
results are NumPy's bit for bit and come back as raptors arrays; the
namedtuple results (EighResult, SVDResult, QRResult, SlogdetResult, ...)
are NumPy's classes holding raptors arrays. Errors are NumPy's:
``raptors.linalg.LinAlgError is numpy.linalg.LinAlgError``.

eig and eigvals return what NumPy returns: real arrays when every eigenvalue of
a real input is real, complex64/complex128 raptors arrays otherwise. Complex
inputs go through the same NumPy routines (LAPACK's complex drivers).
"""

import numpy as _np

from . import _linalg_products as _p
from ._linalg_common import to_np, to_rp, wrap

_la = _np.linalg
LinAlgError = _la.LinAlgError

__all__ = [
    # Array API
    "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm",
    "matrix_power", "matrix_rank", "matrix_transpose", "outer", "pinv", "qr", "slogdet", "solve",
    "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm",
    # NumPy's
    "norm", "lstsq", "cond", "multi_dot", "tensorinv", "tensorsolve", "eig", "eigvals",
    "LinAlgError",
]

_WRAPPED = [
    "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matrix_norm",
    "matrix_power", "matrix_rank", "outer", "pinv", "qr", "slogdet", "solve", "svd", "svdvals",
    "tensordot", "trace", "vecdot", "vector_norm", "norm", "lstsq", "cond", "multi_dot",
    "tensorinv", "tensorsolve",
]
for _name in _WRAPPED:
    globals()[_name] = wrap(getattr(_la, _name))
del _name

matmul = _p.matmul


def matrix_transpose(x, /):
    """Swap the last two axes (a view), as numpy.linalg.matrix_transpose
    (whose error message differs from numpy.matrix_transpose's)."""
    from ._manip import matrix_transpose as _mt

    if getattr(x, "ndim", 2) < 2:
        return to_rp(_la.matrix_transpose(to_np(x)))  # NumPy's ValueError
    return _mt(x)


def eig(a, /):
    """numpy.linalg.eig: eigenvalues and right eigenvectors (an EigResult of
    raptors arrays; complex when NumPy's are, i.e. when an eigenvalue of a
    real input is complex, or for complex input)."""
    return to_rp(_la.eig(to_np(a)))


def eigvals(a, /):
    """numpy.linalg.eigvals: the eigenvalues, a raptors array (complex when
    NumPy's is)."""
    return to_rp(_la.eigvals(to_np(a)))


# The 2-norms (vector_norm's default, matrix_norm's 'fro') are NumPy's
# sqrt(add.reduce(x * x, axis)) -- a product array, then a sum -- which
# raptors' threaded kernels run ~2-3x faster than NumPy's; the values differ
# from NumPy's only by the sum's rounding order. Other orders, and anything
# that is not a raptors array, stay NumPy's, and so do complex arrays (NumPy
# sums the squared real and imaginary parts; x * x would be wrong there).
_np_vector_norm, _np_matrix_norm = vector_norm, matrix_norm  # noqa: F821 (set above)


def _sqrt_sum_squares(x, axis, keepdims):
    import raptors as _rp

    if x.dtype.kind != "f":
        x = x.astype("float64")  # NumPy's norm: non-inexact inputs as float
    return _rp.sqrt(_rp.sum(_rp.multiply(x, x), axis=axis, keepdims=keepdims))


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """numpy.linalg.vector_norm; the 2-norm of a raptors array natively."""
    if type(x) is _p.ndarray and x.dtype.kind != "c" and (ord is None or (type(ord) in (int, float) and ord == 2)) \
            and x.ndim > 0 and (axis is None or type(axis) in (int, tuple)):
        try:
            return _sqrt_sum_squares(x, axis, keepdims)
        except (ValueError, TypeError, IndexError):
            pass  # a bad axis: NumPy's own error below
    return _np_vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """numpy.linalg.matrix_norm; the Frobenius norm of a raptors array natively."""
    if type(x) is _p.ndarray and x.dtype.kind != "c" and type(ord) is str and ord == "fro" \
            and x.ndim >= 2:
        return _sqrt_sum_squares(x, (-2, -1), keepdims)
    return _np_matrix_norm(x, keepdims=keepdims, ord=ord)
