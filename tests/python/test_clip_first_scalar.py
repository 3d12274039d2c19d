"""clip with a scalar first argument: NumPy converts a Python scalar to a
default-dtype (strong) array, and a NumPy scalar's clip method returns a
scalar even when it wrote into out=. Every expectation is NumPy's."""
import warnings

import numpy as np
import pytest

import raptors as rp


def run(xp, a, lo, hi, out_dt=None):
    out = xp.asarray(np.zeros((), out_dt)) if out_dt else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = xp.clip(a, xp.asarray(lo), xp.asarray(hi), **({"out": out} if out_dt else {}))
    return (type(r).__name__ if np.ndim(r) == 0 and not hasattr(r, "__array_interface__")
            else "array", r is out, np.asarray(r).dtype.str, np.asarray(r).tolist(),
            sorted(str(w.message) for w in caught))


@pytest.mark.parametrize("a, lo, hi, out_dt", [
    (2**32, np.array([1], "uint64"), np.array([3], "uint16"), None),
    (1e300, np.array([-107.0, -1.0], "float32"), np.array([-0.0], "float32"), None),
    (True, np.array([1, 5], "int8"), np.array([3], "int8"), None),
    (-7, np.array([0], "uint8"), np.array([9], "uint8"), None),
    (5, np.array(0, "int8"), np.array(3, "int8"), "int64"),
    (np.uint64(5), np.array(1.5), np.array(3.5), "float64"),
    (np.float32(2.5), np.array(0, "int8"), np.array(1, "int8"), None),
])
def test_clip_scalar_first_as_numpy(a, lo, hi, out_dt):
    assert run(rp, a, lo, hi, out_dt) == run(np, a, lo, hi, out_dt)
