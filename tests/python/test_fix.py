"""fix is NumPy's trunc(x, out=out), not a ufunc: its signature's errors,
its out by position or keyword, its result types. Expectations are NumPy's."""
import warnings

import numpy as np
import pytest

import raptors as rp

X = np.array([2.5, -2.5, 0.0, -0.0, 7.0])


def run(xp, call):
    o = xp.asarray(np.zeros(5))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = call(xp, xp.asarray(X), o)
        except Exception as e:  # noqa: BLE001 - the class is the result
            return type(e).__name__, str(e)
    return (r is o, type(r).__name__ if np.ndim(r) == 0 else "array", np.asarray(r).dtype.str,
            np.asarray(r).tolist(), [str(w.message) for w in caught])


@pytest.mark.parametrize("call", [
    lambda xp, x, o: xp.fix(x),
    lambda xp, x, o: xp.fix(x, o),
    lambda xp, x, o: xp.fix(x, out=o),
    lambda xp, x, o: xp.fix(x, casting="safe"),
    lambda xp, x, o: xp.fix(x, dtype="float32"),
    lambda xp, x, o: xp.fix(x, o, out=o),
    lambda xp, x, o: xp.fix(-3.5),
    lambda xp, x, o: xp.fix(xp.asarray(np.array([3, -4], "int16"))),
])
def test_fix_as_numpy(call):
    assert run(rp, call) == run(np, call)
