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


# ---- NumPy's remaining methods and attributes --------------------------------
# Views of the same memory through NumPy where raptors has no kernel of its
# own (reinterpreting bytes, serialising, byte swapping); real-dtype answers
# for the complex accessors, as NumPy gives for real arrays.


def _as_raptors(a):
    from ._ufuncs import _to_raptors

    return _to_raptors(a)


def view(self, dtype=None, type=None):  # noqa: A002  (NumPy's names)
    """The same memory as another dtype (NumPy's rules for itemsize changes)
    or, with type= a NumPy array class, as that class."""
    a = _numpy_view(self)
    if type is not None and type is not ndarray:
        return a.view(type=type) if dtype is None else a.view(dtype, type)
    return _as_raptors(a.view() if dtype is None else a.view(dtype))


def tobytes(self, order="C"):
    return _numpy_view(self).tobytes(order)


def tofile(self, fid, sep="", format="%s"):  # noqa: A002
    _numpy_view(self).tofile(fid, sep, format)


def dumps(self):
    import pickle

    return pickle.dumps(self, protocol=2)


def dump(self, file):
    import pickle

    if isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "wb") as f:
            pickle.dump(self, f, protocol=2)
    else:
        pickle.dump(self, file, protocol=2)


def byteswap(self, inplace=False):
    r = _numpy_view(self).byteswap(inplace)
    return self if inplace else _as_raptors(r)


def conj(self):
    """The complex conjugate: a new array with the imaginary parts negated
    (NumPy's -im, so signs of zeros and NaNs flip too; the conjugate
    ufunc's loop); the array itself for real dtypes, as NumPy."""
    if self.dtype.kind != "c":
        return self
    from ._ufuncs import conjugate

    return conjugate(self)


def setflags(self, write=None, align=None, uic=None):
    """NumPy's setflags: write= sets WRITEABLE (NumPy's rules for turning
    it back on); raptors arrays are always aligned, so align= changes
    nothing."""
    if uic:
        raise ValueError("cannot set WRITEBACKIFCOPY flag to True")
    if write is not None:
        self.flags.writeable = write


def __contains__(self, value):
    """value in x: (x == value).any(), as NumPy."""
    return bool((self == value).any())


def __complex__(self):
    if self.dtype.kind == "c":
        return complex(_numpy_view(self))  # NumPy's rules on the same memory
    # real dtypes: float()'s rules (size-1 arrays, NumPy's errors) and value
    return complex(self.__float__())


def _flat(self):
    return _numpy_view(self).flat


def _set_flat(self, value):
    _numpy_view(self).flat = value


for _name in ("view", "tobytes", "tofile", "dumps", "dump", "byteswap", "conj", "setflags",
              "__contains__", "__complex__"):
    setattr(ndarray, _name, globals()[_name])
ndarray.conjugate = conj
ndarray.flat = property(_flat, _set_flat, doc="A flat iterator over the array (NumPy's flatiter "
                        "on the same memory).")
ndarray.data = property(memoryview, doc="A memoryview of the array's memory.")
ndarray.ctypes = property(lambda self: _numpy_view(self).ctypes,
                          doc="NumPy's ctypes interface to the same memory.")


def __class_getitem__(cls, item):
    """raptors.ndarray[...] in type annotations, as numpy.ndarray[...]."""
    import types

    return types.GenericAlias(cls, item)


ndarray.__class_getitem__ = classmethod(__class_getitem__)
