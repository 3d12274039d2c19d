"""raptors.array_api: the Array API namespace of raptors arrays.

``x.__array_namespace__()`` returns this module, so it is what
``array_api_compat.array_namespace(x)`` (scikit-learn, SciPy) hands out. It
holds every name of ``raptors`` and ``raptors.linalg``, the same functions,
with one difference the standard requires: a result NumPy would give as a
NumPy scalar (full reductions such as ``sum(x)``, ``mean(x, axis=0)`` of a
1-D ``x``, ``argmax``, ``vecdot`` of vectors, ``linalg.det``) is a 0-d
raptors array here.

Why a second namespace: ``raptors.sum(x)`` returns ``numpy.float64`` as
``numpy.sum`` does (NumPy users rely on it: printing, ``isinstance``,
hashing), but array_api_compat files any ``numpy.generic`` under NumPy's
namespace, so a consumer mixing such a scalar with raptors arrays sees
"Multiple namespaces for array inputs" (scikit-learn's Ridge: the mean of
``y`` beside the means of ``X``). NumPy's own scalars belong to NumPy's
namespace, so NumPy never meets this; numpy.array_api (NumPy 1.22-1.26) was
such a separate namespace too. Array methods (``x.sum()``, ``x[0]``) stay
NumPy's everywhere.
"""

import functools as _functools
import sys as _sys
import types as _types

import numpy as _np

import raptors as _rp
from raptors import linalg as _linalg

_asarray = _rp.asarray


def _to_namespace(result):
    """NumPy scalars (also inside a plain or named tuple) as 0-d arrays."""
    if isinstance(result, _np.generic):
        return _asarray(result)
    if type(result) is tuple:
        return tuple(_to_namespace(r) for r in result)
    if isinstance(result, tuple) and hasattr(result, "_fields"):  # slogdet ...
        return type(result)(*(_to_namespace(r) for r in result))
    return result


def _namespace_function(fn, module):
    @_functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return _to_namespace(fn(*args, **kwargs))

    wrapper.__module__ = module  # pickle finds the wrapper, not `fn`
    wrapper.__qualname__ = fn.__name__
    return wrapper


def _entry(obj, module):
    """What the namespace holds for `obj`: functions wrapped; dtypes,
    classes, constants and submodules as they are."""
    if callable(obj) and not isinstance(obj, (type, _types.ModuleType)):
        return _namespace_function(obj, module)
    return obj


def _fill(target, source):
    """Every public name of `source` into the module dict `target`."""
    for name in dir(source):
        if name.startswith("_") and name not in ("__array_api_version__",
                                                  "__array_namespace_info__"):
            continue
        target[name] = _entry(getattr(source, name), target["__name__"])


def __getattr__(name):
    # a name raptors gained after this module was built (a submodule
    # imported later, such as raptors.bench)
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    obj = globals()[name] = _entry(getattr(_rp, name), __name__)
    return obj


_fill(globals(), _rp)
linalg = _types.ModuleType(__name__ + ".linalg", _linalg.__doc__)
_fill(vars(linalg), _linalg)
_sys.modules[linalg.__name__] = linalg


# Where NumPy 2 and the standard differ in a signature or a result type,
# this namespace follows the standard (its consumers are written for it);
# the top-level raptors functions keep NumPy's form.
_clip = _rp.clip


def clip(x, /, min=None, max=None):
    """The standard's clip: positionals named min and max (NumPy's a_min and
    a_max), and no out=."""
    return _clip(x, min=min, max=max)


def broadcast_arrays(*arrays):
    """The standard's broadcast_arrays: a list (NumPy 2 returns a tuple)."""
    return list(_rp.broadcast_arrays(*arrays))


def meshgrid(*arrays, indexing="xy"):
    """The standard's meshgrid: a list (NumPy 2 returns a tuple), indexing
    keyword-only."""
    return list(_rp.meshgrid(*arrays, indexing=indexing))


clip.__module__ = broadcast_arrays.__module__ = meshgrid.__module__ = __name__
