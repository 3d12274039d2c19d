"""NumPy's public names that raptors does not implement, reached through
NumPy so that code written for NumPy runs (``raptors.polyfit``,
``raptors.interp``, ``raptors.random``, ``raptors.mgrid``, ...).

A function is called in NumPy on zero-copy NumPy views of its raptors
arguments, and its array results come back as raptors arrays, as
``__array_function__`` already does for ``np.<fn>(raptors_array)``. The
price is NumPy's speed and one conversion per argument and result; the
names raptors implements natively never come here (they are found first),
and ``raptors.numpy_fallbacks()`` lists the names served this way so far.
Scalar types raptors cannot store (datetime, strings, objects, long double)
are not forwarded: ``raptors.longdouble`` stays an AttributeError rather than
promising a dtype ``raptors.zeros(3, dtype=...)`` refuses.
"""

import functools as _functools
import types as _types

import numpy as _np

from ._ufuncs import _to_numpy, _to_raptors

# Concrete NumPy scalar types whose dtype raptors stores (abstract ones such
# as np.floating are forwarded too: issubdtype(x.dtype, raptors.floating)).
_STORED = frozenset("?bhilqBHILQefdFD")
# np.lib, np.core ... are NumPy internals, not part of its array API.
_MODULES = frozenset({"random", "polynomial", "ma", "testing", "emath", "exceptions", "dtypes",
                      "char", "strings", "rec", "ctypeslib", "typing"})

_served = {}


def numpy_fallbacks():
    """The NumPy names raptors has served through NumPy in this process."""
    return sorted(_served)


def _forwarded_scalar_type(obj):
    if not obj.__subclasses__() and obj is not _np.generic:
        return _np.dtype(obj).char in _STORED  # concrete
    return True  # abstract: number, floating, integer, ...


class _IndexTrick:
    """np.mgrid, np.ogrid, np.r_, np.c_ with raptors results."""

    def __init__(self, trick, name):
        self._trick, self.__name__ = trick, name

    def __getitem__(self, key):
        return _to_raptors(self._trick[_to_numpy(key)])

    def __len__(self):
        return len(self._trick)

    def __repr__(self):
        return f"<raptors view of numpy.{self.__name__}>"


def _function(fn):
    @_functools.wraps(fn)
    def call(*args, **kwargs):
        out = kwargs.get("out")
        result = fn(*_to_numpy(args), **_to_numpy(kwargs))
        if out is not None and result is not None and not isinstance(result, tuple):
            return out  # NumPy returns out itself
        return _to_raptors(result)

    call.__module__ = "raptors"
    call._numpy_fallback = True  # __array_function__ must not pick it up
    return call


class _Ufunc:
    """A NumPy ufunc raptors lacks (np.gcd, np.ldexp, np.heaviside ...):
    called and its methods used as NumPy's, with raptors results."""

    def __init__(self, ufunc):
        self._ufunc = ufunc
        self.__name__ = self.__qualname__ = ufunc.__name__
        self.__doc__ = ufunc.__doc__
        self._numpy_fallback = True
        self._call = _function(ufunc)
        for method in ("reduce", "accumulate", "reduceat", "outer", "at"):
            setattr(self, method, _function(getattr(ufunc, method)))

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __getattr__(self, name):  # nin, nout, identity, types ...
        return getattr(self._ufunc, name)

    def __repr__(self):
        return repr(self._ufunc)

    def __reduce__(self):
        return _by_name, (self.__name__,)


def _by_name(name):
    import raptors

    return getattr(raptors, name)


def lookup(name):
    """What raptors.<name> is when raptors does not define it, or raise
    AttributeError."""
    served = _served.get(name)
    if served is not None:
        return served  # one object per name (pickling looks it up again)
    if name.startswith("_") or name not in _np.__all__ and name not in _MODULES:
        raise AttributeError(f"module 'raptors' has no attribute {name!r}")
    obj = getattr(_np, name)
    if isinstance(obj, _types.ModuleType):
        if name not in _MODULES:
            raise AttributeError(f"module 'raptors' has no attribute {name!r}")
        served = obj
    elif isinstance(obj, type):
        if issubclass(obj, _np.generic) and not _forwarded_scalar_type(obj):
            raise AttributeError(f"module 'raptors' has no attribute {name!r} (raptors has no "
                                 f"{name} dtype)")
        served = obj
    elif isinstance(obj, _np.ufunc):
        served = _Ufunc(obj)
    elif name in ("mgrid", "ogrid", "r_", "c_"):
        served = _IndexTrick(obj, name)
    elif callable(obj):
        served = _function(obj)
    else:
        served = obj  # constants: euler_gamma, s_, index_exp, typecodes ...
    _served[name] = served
    return served
