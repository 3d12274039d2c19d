"""Conversion of arbitrary Python objects to raptors arrays.

The C layer shares memory with anything exporting the buffer protocol in a
dtype raptors has. Everything else (Python scalars, nested sequences,
foreign byte orders, misaligned buffers) is parsed by NumPy, whose rules
raptors follows anyway, and copied into raptors-owned, 64-byte aligned
memory.
"""

import numpy as np

from . import _raptors

_SUPPORTED = frozenset("?bhilqBHILQfd")


def _check_supported(a: np.ndarray) -> np.ndarray:
    dt = a.dtype
    if dt.char not in _SUPPORTED or dt.kind not in "biuf":
        raise TypeError(
            f"raptors does not support dtype {dt!r} (supported: bool, int8-64, uint8-64, "
            "float32, float64)"
        )
    if not dt.isnative:
        a = a.astype(dt.newbyteorder("="))
    return a


def asarray_hook(obj, dtype):
    """Called by the C layer for objects it cannot wrap directly."""
    a = _check_supported(np.asarray(obj, dtype=dtype))
    if a is obj or _is_buffer(obj):
        # Memory the caller can see: share it when the layout allows.
        shared = _raptors._from_buffer(a)
        if shared is not None:
            return shared
    if not a.flags.aligned:
        a = a.copy()
    return _raptors._copy_of(a)


def _is_buffer(obj):
    if isinstance(obj, np.generic):  # immutable scalars: always copied
        return False
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


_raptors._set_hooks(asarray_hook)
