"""Reductions' initial= with out=: NumPy converts initial to the loop's
dtype (the op's loop for (out, input)), and min/max start from out itself,
so the initial passes through out's dtype. Every expectation is NumPy's."""
import builtins
import warnings

import numpy as np
import pytest

import raptors as rp


def run(xp, fn, a, out_dt, initial, errstate="warn"):
    """(values, dtype, warnings) or (exception class name, message)."""
    out = xp.asarray(np.zeros(out_dt[1], dtype=out_dt[0])) if out_dt else None
    with warnings.catch_warnings(record=True) as caught, np.errstate(all=errstate):
        warnings.simplefilter("always")
        try:
            kw = {"out": out} if out is not None else {}
            r = getattr(xp, fn)(xp.asarray(a), axis=-1, initial=initial, **kw)
        except Exception as e:  # noqa: BLE001 - the class is the result
            cls = next(c for c in type(e).__mro__ if getattr(builtins, c.__name__, None) is c)
            return (cls.__name__, str(e))
    r = np.asarray(r)
    return (r.tolist(), str(r.dtype), sorted(str(w.message) for w in caught))


CASES = [
    # min/max: initial through out's dtype (65536 -> int16 0), loop from (out, input)
    ("min", np.array([[-5, 3, -3, 0, 3]], "int64").T, ("int16", (5,)), 65536),
    ("max", np.array([[True, False]] * 3), ("uint32", (3,)), 3.25),
    ("max", np.zeros((0,), bool), ("int8", ()), 0.1),
    ("min", np.array([3, -4497516785954149385, -8264039464177603920, 4]), ("uint64", ()), True),
    ("max", np.array([1.5, 2.5]), ("int16", ()), np.float32(3.5)),
    ("min", np.array([2, 9], "uint8"), ("int8", ()), 200),
    ("max", np.array([0.5, 7.25], "float32"), ("float64", ()), 1e39),
    # sum/prod too start from out filled with initial: 2.7 -> int32 2
    ("sum", np.array([[0.5, 0.25], [1.5, 1.5]]), ("int32", (2,)), 2.7),
    ("prod", np.array([[1.5, 2.0]]), ("int32", (1,)), 2.7),
    ("sum", np.array([[1e30, 1.0]]), ("float32", (1,)), 0.1),
    ("sum", np.array([[3, 5]], "uint8"), ("int8", (1,)), 200),
    # initial converted to the loop's dtype: NumPy's OverflowError
    ("min", np.array([True]), ("uint64", ()), float("inf")),
    ("max", np.array([True]), ("uint64", ()), -1),
    ("sum", np.array([[-3, -2, 3]] * 3, "int8"), ("uint8", (3,)), 2**32),
    ("prod", np.array([-1], "int8"), ("bool", ()), 2**32),
    ("prod", np.array([-3, 17530], "int16"), ("int32", ()), 2**31),
    ("sum", np.array([-3, 5], "int8"), ("int16", ()), 40000),
    # a Python float beyond float32: "overflow encountered in cast"
    ("max", np.array([-1.25], "float32"), None, 1e39),
    ("min", np.array([2.0, -2.5], "float32"), None, 1e300),
    ("sum", np.array([2.0, -2.5], "float32"), None, -1e300),
]


@pytest.mark.parametrize("fn, a, out_dt, initial", CASES)
def test_initial_with_out_as_numpy(fn, a, out_dt, initial):
    assert run(rp, fn, a, out_dt, initial) == run(np, fn, a, out_dt, initial)


@pytest.mark.parametrize("fn", ["min", "sum"])
def test_initial_cast_overflow_raises_under_errstate(fn):
    a = np.array([2.0, -2.5], "float32")
    want = run(np, fn, a, None, 1e300, "raise")
    assert want[0] == "FloatingPointError"
    assert run(rp, fn, a, None, 1e300, "raise") == want
