"""The complex functions that NumPy writes in Python on top of its ufuncs:
angle. The ufuncs themselves (exp, sqrt, log, power, ...) have native
complex loops (src/kernels/ufunc_cmath.c, vmath_cexp.c).
"""

import numpy as _np

from ._creation import asarray
from ._ufuncs import arctan2

__all__ = ["angle"]


def angle(z, deg=False):
    """The counterclockwise angle from the positive real axis, as NumPy's
    angle: arctan2 of the parts (its signed zeros, NaNs and warnings), of
    0 and z for a real z."""
    z = asarray(z)
    if z.dtype.kind == "c":
        zimag, zreal = z.imag, z.real
    else:
        zimag, zreal = 0, z
    a = arctan2(zimag, zreal)
    if deg:
        a *= 180 / _np.pi
    return a
