"""The ** operator's scalar-exponent fast paths (NumPy 2's
fast_scalar_power), in place too: which ufunc runs shows in the result
dtype, the errors' names and the casting error. Expectations are NumPy's."""
import warnings

import numpy as np
import pytest

import raptors as rp


def run(xp, dt, e, inplace):
    a = xp.asarray(np.array([1e38, -4, 0, 2.5]).astype(dt))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if inplace:
                a **= e
                r = a
            else:
                r = a ** e
        except Exception as ex:  # noqa: BLE001 - the class is the result
            return type(ex).__mro__[1].__name__ if "UFunc" in type(ex).__name__ else \
                type(ex).__name__, str(ex)
    r = np.asarray(r)
    return r.dtype.str, np.isnan(r).tolist(), np.nan_to_num(r).tolist(), \
        sorted(str(w.message) for w in caught)


@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("e", [2, 2.0, -1, -1.0, 0.5, 1, 0.0, 3, np.float64(0.5)])
@pytest.mark.parametrize("dt", ["float32", "float64", "bool", "int16"])
def test_power_operator_as_numpy(dt, e, inplace):
    assert run(rp, dt, e, inplace) == run(np, dt, e, inplace)
