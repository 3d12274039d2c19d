"""A Python float with dtype='float32': NumPy converts it before the loop,
so its overflow/underflow is reported 'in cast', before the output's
casting check. Every expectation is NumPy's."""
import warnings

import numpy as np
import pytest

import raptors as rp


def run(xp, call, mode):
    with warnings.catch_warnings(record=True) as caught, np.errstate(all=mode):
        warnings.simplefilter("always")
        try:
            r = call(xp)
            got = (np.asarray(r).dtype.str, str(np.asarray(r).tolist()))
        except Exception as e:  # noqa: BLE001 - the class is the result
            got = (type(e).__mro__[1].__name__ if "UFunc" in type(e).__name__
                   else type(e).__name__, str(e))
    return got, [str(w.message) for w in caught]


@pytest.mark.parametrize("mode", ["warn", "raise"])
@pytest.mark.parametrize("call", [
    lambda xp: xp.arcsinh(1e39, dtype="float32"),
    lambda xp: xp.cbrt(-1e-310, dtype="float32"),
    lambda xp: xp.sqrt(1e-40, dtype="float32"),
    lambda xp: xp.asinh(1e39, out=xp.asarray(np.zeros((), bool)), dtype="float32"),
    lambda xp: xp.cbrt(-1e-310, out=xp.asarray(np.zeros((), "int32")), dtype="float32"),
    lambda xp: xp.add(xp.asarray(np.ones(2)), 1e39, dtype="float32"),
    lambda xp: xp.multiply(xp.asarray(np.ones(2, "float32")), 0.1, dtype="float32"),
])
def test_python_float_cast_for_a_float32_loop(call, mode):
    assert run(rp, call, mode) == run(np, call, mode)


@pytest.mark.parametrize("mode", ["warn", "raise"])
@pytest.mark.parametrize("n", [2, 40])
def test_input_cast_errors_come_before_the_loops_error(mode, n):
    """The inputs' casts run before a loop that fails (integers to negative
    powers): NumPy reports their invalid value first (raptors under the op's
    name, docs/ufuncs.md, where NumPy says 'in cast')."""
    def call(xp):
        return xp.power(xp.asarray(np.array([np.nan, 2.0] * n)),
                        xp.asarray(np.array([-1, 1] * n)), dtype="int32", casting="unsafe")
    got, want = run(rp, call, mode), run(np, call, mode)
    rename = lambda o: str(o).replace("in cast", "in power")  # noqa: E731
    assert rename(got) == rename(want)


@pytest.mark.parametrize("mode", ["warn", "raise"])
@pytest.mark.parametrize("shape", [(), (3,)])
def test_an_empty_result_still_casts_its_inputs(mode, shape):
    """NumPy casts the inputs whole even when the broadcast result is empty,
    so float64 -1e300 for a float32 loop reports its overflow (raptors under
    the op's name, docs/ufuncs.md)."""
    def call(xp):
        return xp.true_divide(xp.asarray(np.full(shape, -1e300)),
                              xp.asarray(np.zeros((0, 3), "int16")), dtype="float32")
    got, want = run(rp, call, mode), run(np, call, mode)
    assert str(got).replace("in divide", "in cast") == str(want)
