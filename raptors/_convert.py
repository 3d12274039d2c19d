"""Conversion of arbitrary Python objects to raptors arrays.

The C layer shares memory with anything exporting the buffer protocol in a
dtype raptors has. Everything else (Python scalars, nested sequences,
foreign byte orders, misaligned buffers, __array_interface__ objects) is
parsed by NumPy, whose rules raptors follows anyway: shared when the layout
allows, else copied into raptors-owned, 64-byte aligned memory — read-only
when NumPy would have shared the source, so no write is silently lost.
"""

import numpy as np

from . import _raptors

_SUPPORTED = frozenset("?bhilqBHILQefdFD")


def _check_supported(a: np.ndarray) -> np.ndarray:
    dt = a.dtype
    if dt.char not in _SUPPORTED or dt.kind not in "biufc":
        raise TypeError(
            f"raptors does not support dtype {dt!r} (supported: bool, int8-64, uint8-64, "
            "float16, float32, float64, complex64, complex128)"
        )
    if not dt.isnative:
        a = a.astype(dt.newbyteorder("="))
    return a


def asarray_hook(obj, dtype):
    """Called by the C layer for objects it cannot wrap directly."""
    a0 = np.asarray(obj, dtype=dtype)
    seen = _numpy_shares(a0, obj)
    a = _check_supported(a0)
    if seen and a is a0:
        # Memory the caller can see: share it when the layout allows.
        shared = _raptors._from_buffer(a)
        if shared is not None:
            return shared
    if not a.flags.aligned:
        a = a.copy()
    x = _raptors._copy_of(a)
    # Where NumPy would share the source's memory and raptors cannot (foreign
    # byte order, misaligned data), a writeable copy would swallow writes:
    # the copy is read-only instead, so writes raise as into a read-only array.
    return _read_only(x) if seen else x


def _numpy_shares(a, obj):
    """Whether np.asarray(obj) gave a (the conversion of obj) obj's memory."""
    if a is obj:
        return True
    if a.base is None or isinstance(obj, np.generic):  # a fresh array; immutable scalars
        return False
    return bool(np.may_share_memory(a, obj))


def _read_only(x):
    """x as a read-only view: its owner is read-only too, so the flag cannot
    be turned back on (as for a NumPy view of read-only memory)."""
    x._writeable = False
    return x[...]


_raptors._set_hooks(asarray_hook)
