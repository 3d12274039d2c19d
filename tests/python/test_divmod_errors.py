"""divmod reports its floating-point errors once, as NumPy's divmod ufunc:
'... encountered in divmod', under every errstate mode."""
import warnings

import numpy as np
import pytest

import raptors as rp


def run(xp, a, b, mode):
    with warnings.catch_warnings(record=True) as caught, np.errstate(all=mode):
        warnings.simplefilter("always")
        try:
            q, r = divmod(xp.asarray(a), b)
        except Exception as e:  # noqa: BLE001 - the class is the result
            return type(e).__name__, str(e)
    return (np.asarray(q).tolist(), np.asarray(r).tolist(),
            [(w.category.__name__, str(w.message)) for w in caught])


@pytest.mark.parametrize("mode", ["warn", "raise", "ignore"])
@pytest.mark.parametrize("a, b", [
    (np.array([1.5, 3.0, -2.5]), 0.0),
    (np.array([0.0, 1.0]), 0.0),
    (np.array([-0.5, 4432.08, 3.0]), -9223372036854775808),
    (np.array([5, 0, -7], "int16"), 0),
    (np.array([1.0, 2.0]), 3.0),
])
def test_divmod_reports_once_in_divmod(a, b, mode):
    got, want = run(rp, a, b, mode), run(np, a, b, mode)
    assert str(got) == str(want)      # (str: NaN equal to NaN)
