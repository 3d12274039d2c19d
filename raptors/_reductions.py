"""Python-level pieces of the reductions (the functions themselves are C:
raptors._raptors.sum, ... and the ndarray methods).

`ufunc_method` maps NumPy ufunc methods on raptors arrays to raptors'
reductions (NEP 13): ``np.add.reduce(x)`` is ``rp.sum(x, axis=0)``,
``np.maximum.accumulate`` has no raptors kernel and is left to NumPy. It
returns NotImplemented for anything it does not handle, so an
``__array_ufunc__`` can try it first and fall back.
"""

from . import _raptors

__all__ = []  # the public functions come from the C module

_REDUCE = {
    "add": "sum",
    "multiply": "prod",
    "minimum": "min",
    "maximum": "max",
    "logical_or": "any",
    "logical_and": "all",
}
_ACCUMULATE = {"add": "cumsum", "multiply": "cumprod"}
# keyword arguments each raptors function takes (besides axis)
_REDUCE_KW = {
    "sum": {"dtype", "out", "keepdims", "initial"},
    "prod": {"dtype", "out", "keepdims", "initial"},
    "min": {"out", "keepdims", "initial"},
    "max": {"out", "keepdims", "initial"},
    "any": {"out", "keepdims"},
    "all": {"out", "keepdims"},
}


def ufunc_method(ufunc, method, inputs, kwargs):
    """raptors' result for ``getattr(ufunc, method)(*inputs, **kwargs)`` or
    NotImplemented. Ufunc methods default to axis=0 (not None)."""
    if len(inputs) != 1:
        return NotImplemented
    kwargs = dict(kwargs)
    if kwargs.get("where", True) is not True:
        return NotImplemented
    kwargs.pop("where", None)
    out = kwargs.get("out")
    if isinstance(out, tuple):
        if len(out) != 1:
            return NotImplemented
        kwargs["out"] = out[0]
    if kwargs.get("out", 0) is None:
        kwargs.pop("out")
    name = ufunc.__name__
    if method == "reduce" and name in _REDUCE:
        fn = _REDUCE[name]
        if not set(kwargs) - {"axis"} <= _REDUCE_KW[fn]:
            return NotImplemented
    elif method == "accumulate" and name in _ACCUMULATE:
        fn = _ACCUMULATE[name]
        if not set(kwargs) - {"axis"} <= {"dtype", "out"}:
            return NotImplemented
    else:
        return NotImplemented
    kwargs.setdefault("axis", 0)
    return getattr(_raptors, fn)(inputs[0], **kwargs)
