"""The Python array API standard (2024.12): the namespace is
raptors.array_api, the raptors module with 0-d arrays where raptors gives
NumPy scalars (docs/array_api.md lists where it follows NumPy instead).

Here: ``__array_api_version__``, ``__array_namespace_info__``,
``x.__array_namespace__``, ``x.device``, ``x.to_device``, ``from_dlpack``
(the capsule itself is read in C, src/python/dlpack.c) and the array's
``__array_priority__``.
"""

import numpy as _np

from . import _raptors
from ._raptors import ndarray

__array_api_version__ = "2024.12"
_API_VERSIONS = ("2023.12", "2024.12")


# NumPy 2 spells its one device "cpu" too.
CPU = "cpu"


def _check_device(device):
    if device is not None and device != CPU:
        raise ValueError(f'Device not understood. Only "cpu" is allowed, but received: {device}')


def __array_namespace__(self, /, *, api_version=None):
    """The module implementing the array API standard for this array."""
    if api_version is not None and not isinstance(api_version, str):
        raise ValueError(
            "Only None and strings are allowed as the Array API version, "
            f"but received: {api_version}."
        )
    if api_version is not None and api_version not in _API_VERSIONS:
        raise ValueError(f'Version "{api_version}" of the Array API Standard is not supported.')
    import raptors.array_api  # built from the finished raptors module

    return raptors.array_api


def to_device(self, device, /, *, stream=None):
    """The array on `device` (only "cpu" exists: the array itself)."""
    if stream is not None:
        raise ValueError("The stream argument in to_device() is not supported")
    if device != CPU:
        raise ValueError(f"Unsupported device: {device}. Only 'cpu' is accepted.")
    return self


ndarray.__array_namespace__ = __array_namespace__
ndarray.device = property(lambda self: CPU, doc='The device of the array: "cpu".')
ndarray.to_device = to_device
# Above NumPy's 0.0: libraries that pick the result type of a mixed
# operation by priority (dask's dot/tensordot dispatch) pick raptors'.
ndarray.__array_priority__ = 10.0


class __array_namespace_info__:  # noqa: N801  (the standard's name)
    """What the namespace supports: capabilities, devices, dtypes."""

    __module__ = "raptors"

    def capabilities(self):
        # Boolean-mask indexing and data-dependent output shapes (nonzero,
        # unique_*) come with the masks work; "max dimensions" is RP_MAXDIMS.
        return {
            "boolean indexing": _has_boolean_indexing(),
            "data-dependent shapes": _has_boolean_indexing(),
            "max dimensions": 64,
        }

    def default_device(self):
        return CPU

    def devices(self):
        return [CPU]

    def default_dtypes(self, *, device=None):
        _check_device(device)
        return {
            "real floating": _np.dtype(_np.float64),
            "complex floating": _np.dtype(_np.complex128),
            "integral": _np.dtype(_np.int64),
            "indexing": _np.dtype(_np.int64),
        }

    _KINDS = {
        "bool": ("bool",),
        "signed integer": ("int8", "int16", "int32", "int64"),
        "unsigned integer": ("uint8", "uint16", "uint32", "uint64"),
        "real floating": ("float32", "float64"),
        "complex floating": ("complex64", "complex128"),
    }
    _KINDS["integral"] = _KINDS["signed integer"] + _KINDS["unsigned integer"]
    _KINDS["numeric"] = (_KINDS["integral"] + _KINDS["real floating"]
                         + _KINDS["complex floating"])

    def dtypes(self, *, device=None, kind=None):
        _check_device(device)
        if kind is None:
            names = self._KINDS["bool"] + self._KINDS["numeric"]
        elif isinstance(kind, str):
            if kind not in self._KINDS:
                raise ValueError(f"unsupported kind: {kind!r}")
            names = self._KINDS[kind]
        elif isinstance(kind, tuple):
            names = ()
            for k in kind:
                names += tuple(n for n in self.dtypes(kind=k) if n not in names)
            return {n: _np.dtype(n) for n in names}
        else:
            raise TypeError(f"kind must be None, a str or a tuple of str, not {type(kind).__name__}")
        return {n: _np.dtype(n) for n in names}


def _has_boolean_indexing():
    try:
        x = _raptors.empty((1,))
        x[_raptors.empty((1,), dtype=_np.bool_)]
        return True
    except Exception:
        return False


def from_dlpack(x, /, *, device=None, copy=None):
    """A raptors array sharing the memory of any DLPack producer (NumPy,
    PyTorch, JAX ...), which stays alive as long as the array does.
    copy=True copies, copy=False refuses to (BufferError when the producer
    would have to)."""
    if not hasattr(x, "__dlpack__"):
        raise AttributeError(f"'{type(x).__name__}' object has no attribute '__dlpack__'")
    _check_device(device)
    kwargs = {"max_version": (1, 1)}
    if device is not None:
        kwargs["dl_device"] = (1, 0)
    if copy is not None:
        kwargs["copy"] = copy
    try:
        capsule = x.__dlpack__(**kwargs)
    except TypeError:
        # A producer from before the 2023.12 keywords: legacy capsules only.
        if copy is not None or device is not None:
            raise
        capsule = x.__dlpack__()
    array, copied = _raptors._from_dlpack_capsule(capsule)
    if copy and not copied:
        array = array.copy()
    return array


__all__ = ["__array_api_version__", "__array_namespace_info__", "from_dlpack"]
