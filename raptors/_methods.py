"""The ndarray's cold-path methods: printing, flags, NumPy export, lists.

The type is defined in C (src/python/ndarray.c); these are attached to it
here because none of them is on a hot path.
"""

import numpy as np

from ._raptors import ndarray

_FLAG_BITS = {"WRITEABLE": 1, "OWNDATA": 2, "C_CONTIGUOUS": 4, "F_CONTIGUOUS": 8}
_FLAG_ALIASES = {"W": "WRITEABLE", "O": "OWNDATA", "C": "C_CONTIGUOUS", "F": "F_CONTIGUOUS",
                 "CONTIGUOUS": "C_CONTIGUOUS", "FORTRAN": "F_CONTIGUOUS", "A": "ALIGNED"}


class Flags:
    """Like numpy's flagsobj: attribute and item access."""

    __slots__ = ("_array",)

    def __init__(self, array):
        self._array = array

    def __getitem__(self, key):
        key = _FLAG_ALIASES.get(key.upper(), key.upper())
        if key == "ALIGNED":
            return True
        if key not in _FLAG_BITS:
            raise KeyError(f"Unknown flag {key}")
        return bool(self._array._flagbits & _FLAG_BITS[key])

    def __setitem__(self, key, value):
        key = _FLAG_ALIASES.get(key.upper(), key.upper())
        if key != "WRITEABLE":
            raise KeyError(f"Cannot set flag {key}")
        self._array._writeable = value

    c_contiguous = property(lambda self: self["C_CONTIGUOUS"])
    f_contiguous = property(lambda self: self["F_CONTIGUOUS"])
    contiguous = c_contiguous
    owndata = property(lambda self: self["OWNDATA"])
    aligned = property(lambda self: True)
    writeable = property(lambda self: self["WRITEABLE"],
                         lambda self, value: self.__setitem__("WRITEABLE", value))

    def __repr__(self):
        names = ["C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED"]
        return "\n".join(f"  {n} : {self[n]}" for n in names)


def _numpy_view(self):
    # memoryview goes through raptors' buffer export: shared memory, same
    # strides, and the read-only flag carried over.
    return np.asarray(memoryview(self))


def __array__(self, dtype=None, copy=None):
    a = _numpy_view(self)
    if dtype is not None and np.dtype(dtype) != a.dtype:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        return a.astype(dtype)
    return a.copy() if copy else a


def __repr__(self):
    return repr(_numpy_view(self))


def __str__(self):
    return str(_numpy_view(self))


def tolist(self):
    """Nested Python lists (NumPy's tolist)."""
    return _numpy_view(self).tolist()


def to_list(self):
    """The earlier raptors API: a flat Python list in C order."""
    return _numpy_view(self).ravel().tolist()


def index_array(self, *index):
    """The earlier raptors API: x.index_array(i, j, ...) == x[i, j, ...]."""
    return self[index]


def fill(self, value):
    self[...] = value


def __copy__(self):
    return self.copy()


def __deepcopy__(self, memo):
    return self.copy()


def __reduce__(self):
    return (_from_pickle, (np.array(_numpy_view(self)),))


def _from_pickle(a):
    """Unpickle: the NumPy array is ours alone, so it is shared when raptors
    can use it and copied when not. Out-of-band buffers (pickle protocol 5,
    distributed's frames) can start at any offset: a misaligned one is
    copied into a writeable array, as the pickled array was."""
    from ._creation import asarray

    if a.size and a.ctypes.data % a.itemsize:
        a = a.copy()
    return asarray(a)


for _name, _fn in list(globals().items()):
    if _name in {"__array__", "__repr__", "__str__", "tolist", "to_list", "index_array", "fill",
                 "__copy__", "__deepcopy__", "__reduce__"}:
        setattr(ndarray, _name, _fn)
ndarray.flags = property(Flags, doc="Memory layout flags (C/F contiguity, writeable, owndata).")
ndarray.__hash__ = None


def _astype_same_value(self, dtype, order="K", casting="same_value", subok=True, copy=True):
    """astype(casting='same_value') (NumPy 2.4: cast, raising ValueError if
    any value changes): NumPy checks on a zero-copy view, raptors keeps the
    result (shared when NumPy returns the array itself)."""
    a = _numpy_view(self)
    r = a.astype(dtype, order=order, casting=casting, subok=subok, copy=copy)
    if r is a:
        return self
    from ._raptors import _copy_of

    return _copy_of(r)
