"""A ufunc's out= given positionally: NumPy's TypeError when also given by
keyword or when it is not an array (a NumPy scalar), and its
DeprecationWarning for a third positional argument of maximum/minimum."""
import warnings

import numpy as np
import pytest

import raptors as rp

A = np.array([1.0, -2.0])


def run(xp, call):
    a, o = xp.asarray(A.copy()), xp.asarray(np.zeros(2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = call(xp, a, o)
            got = ("ok", r is o, np.asarray(o).tolist())
        except Exception as e:  # noqa: BLE001 - the class is the result
            got = (type(e).__mro__[1].__name__ if "UFunc" in type(e).__name__
                   else type(e).__name__, str(e))
    return got, [(w.category.__name__, str(w.message)) for w in caught]


@pytest.mark.parametrize("call", [
    lambda xp, a, o: xp.isinf(a, o, out=o),
    lambda xp, a, o: xp.add(a, a, o, out=None),
    lambda xp, a, o: xp.add(a, a, None, out=o),
    lambda xp, a, o: xp.add(a, a, np.float64(1)),
    lambda xp, a, o: xp.add(a, a, out=np.float64(1)),
    lambda xp, a, o: xp.sqrt(a, np.int8(0)),
    lambda xp, a, o: xp.maximum(a, a, o),
    lambda xp, a, o: xp.minimum(a, 0.5, o),
    lambda xp, a, o: xp.fmax(a, a, o),
    lambda xp, a, o: xp.add(a, a, o),
])
def test_positional_out_as_numpy(call):
    assert run(rp, call) == run(np, call)


def unaligned(dt, n):
    return np.zeros(np.dtype(dt).itemsize * n + 1, np.uint8)[1:].view(dt)


@pytest.mark.parametrize("dt", ["float64", "int32", "float32"])
def test_unaligned_numpy_out(dt):
    """NumPy writes into an unaligned out= array; raptors computes into an
    aligned copy and copies it back: the same values, out returned."""
    def run_(xp):
        out = unaligned(dt, 4)
        out[...] = 7
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                r = xp.multiply(xp.asarray(np.array([1.5, -2.0, 3.0, 0.5])), 2, out=out,
                                casting="unsafe")
            except Exception as e:  # noqa: BLE001 - the class is the result
                return type(e).__name__, str(e)
        return r is out, out.tolist(), [str(w.message) for w in caught]
    assert run_(rp) == run_(np)


@pytest.mark.parametrize("odt", ["int64", "float32", "int8", "bool", "uint16"])
@pytest.mark.parametrize("decimals", [0, 2])
def test_round_of_integers_into_out_is_an_assignment(odt, decimals):
    """NumPy's round of an integer array to decimals >= 0 assigns it into
    out (same_kind casting, leading unit axes dropped: (1, 3) into (3,))."""
    def run_(xp):
        out = xp.asarray(np.zeros(3, odt))
        try:
            r = xp.round(xp.asarray(np.array([[1, -2, 300]])), decimals, out=out)
        except Exception as e:  # noqa: BLE001 - the class is the result
            return type(e).__name__, str(e)
        return r is out, np.asarray(out).tolist()
    assert run_(rp) == run_(np)
