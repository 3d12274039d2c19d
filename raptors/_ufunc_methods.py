"""NumPy's ufunc methods and attributes on raptors.ufunc (raptors.add,
raptors.sin, ...): ``raptors.add.reduce(x, axis=0)``,
``raptors.maximum.accumulate(x)``, ``raptors.multiply.outer(a, b)``,
``raptors.add.at(x, idx, v)``, ``raptors.add.reduceat(...)``, ``nin``,
``nout``, ``identity`` ...

Each method is NumPy's ufunc of the same name doing the same method. With a
raptors operand, NumPy hands the call to raptors' ``__array_ufunc__``, which
runs reduce and accumulate of the common ufuncs and ``at`` on raptors'
kernels and the rest in NumPy on zero-copy views; so arguments, defaults,
result dtypes and errors are NumPy's by construction. Results of calls on
plain Python or NumPy inputs come back as raptors arrays, as the raptors
functions' do.
"""

import numpy as _np

from . import _raptors, _ufuncs
from ._ufuncs import _to_raptors

ufunc = _raptors.ufunc


def _twin(u):
    """The NumPy ufunc of the same name (every raptors ufunc has one)."""
    return getattr(_np, u.__name__)


def _method(name):
    def method(self, *args, **kwargs):
        result = getattr(_twin(self), name)(*args, **kwargs)
        if kwargs.get("out") is not None:
            return result  # NumPy's answer is the out array itself
        return _to_raptors(result)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = getattr(_np.ufunc, name).__doc__
    return method


for _name in ("reduce", "accumulate", "reduceat", "outer", "at"):
    setattr(ufunc, _name, _method(_name))


def _attribute(name):
    return property(lambda self: getattr(_twin(self), name),
                    doc=f"NumPy's ufunc.{name} of the same function.")


for _name in ("nin", "nout", "nargs", "identity", "ntypes", "types", "signature"):
    setattr(ufunc, _name, _attribute(_name))


def _by_name(name):
    import raptors

    return getattr(raptors, name)


def _reduce(self):
    # pickled by name, as NumPy's ufuncs are
    return _by_name, (self.__name__,)


ufunc.__reduce__ = _reduce
ufunc.__module__ = "raptors"


# NumPy's docstring on each ufunc (the C functions have none).
for _name in _ufuncs._OPS + list(_ufuncs._RENAMED):
    _u = getattr(_ufuncs, _name)
    _u.__doc__ = _twin(_u).__doc__
