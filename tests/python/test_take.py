"""take (function and method) against NumPy: axes, modes, out=, index
dtypes and the error cases."""

import numpy as np
import pytest

import raptors as rp

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


@pytest.mark.parametrize("axis", [None, 0, 1, 2, -1])
@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
@pytest.mark.parametrize("idx", [[0, 1], [[1], [0]], np.array([], dtype=np.int8),
                                 np.array([1, 0, 1], dtype=np.uint16), 1])
def test_take_matches_numpy(axis, mode, idx):
    if mode == "raise" or np.size(idx) == 0:
        cases = [idx]
    else:
        cases = [idx, np.asarray(idx) * 7 - 9]  # out of range: wrapped or clipped
    for i in cases:
        want = np.take(X, i, axis=axis, mode=mode)
        got = rp.take(rp.asarray(X), i, axis=axis, mode=mode)
        assert isinstance(got, np.generic if isinstance(want, np.generic) else rp.ndarray)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(np.asarray(got), want)
        meth = rp.asarray(X).take(i, axis=axis, mode=mode)
        np.testing.assert_array_equal(np.asarray(meth), want)


def test_take_out_and_bool_indices():
    out = rp.zeros((2, 2, 4), dtype="float32")
    r = rp.take(rp.asarray(X), [2, 0], axis=1, out=out)
    assert r is out
    np.testing.assert_array_equal(np.asarray(out), np.take(X, [2, 0], axis=1))
    b = np.array([True, False, True])
    np.testing.assert_array_equal(np.asarray(rp.take(rp.asarray(X), b, axis=1)),
                                  np.take(X, b, axis=1))


@pytest.mark.parametrize("call", [
    lambda m, x: m.take(x, [3], axis=0),            # out of bounds
    lambda m, x: m.take(x, [0], axis=3),            # bad axis
    lambda m, x: m.take(x, m.asarray([0.5])),       # float indices
    lambda m, x: m.take(x, [0], mode="bogus"),
    lambda m, x: m.take(x[:, :0], [1], axis=1, mode="wrap"),  # empty axis
])
def test_take_errors_match_numpy(call):
    with pytest.raises(Exception) as np_err:
        call(np, X)
    with pytest.raises(Exception) as rp_err:
        call(rp, rp.asarray(X))
    assert isinstance(rp_err.value, type(np_err.value)) or \
        isinstance(np_err.value, type(rp_err.value)), (rp_err.value, np_err.value)


@pytest.mark.parametrize("idx", [0.5, [0.5, 2.7], (1,), [True, False], [[1.9]]])
def test_take_converts_python_indices_as_numpy(idx):
    want = np.take(X, idx)
    got = rp.take(rp.asarray(X), idx)
    np.testing.assert_array_equal(np.asarray(got), want)
    assert np.asarray(got).dtype == np.asarray(want).dtype


def test_bool_is_the_array_api_dtype_name():
    assert rp.bool is np.bool_
    assert rp.asarray([1, 0]).astype(rp.bool).dtype == np.dtype(bool)


@pytest.mark.parametrize("shape,ind,axis", [
    ((0, 0), [5], 0), ((0, 0), [-3, 2], 0), ((3, 0), [5], 0), ((0, 2, 0), [1], 0),
    ((2, 0), [[1]], 0), ((0, 0), [1], 1), ((0, 3), [7], 1), ((2, 0, 3), [9], 2),
    ((2, 0, 3), [1], 1), ((0, 0), [], 0)])
def test_take_checks_indices_as_numpys_loop(shape, ind, axis):
    """NumPy checks every index unless an axis before `axis` is empty (its
    loop over those axes then never runs); an empty axis after it does not
    spare the check. Also through compress (hypothesis found (0, 0))."""
    a, x = np.zeros(shape), rp.zeros(shape)
    try:
        want = np.take(a, ind, axis=axis)
    except IndexError:
        with pytest.raises(IndexError):
            rp.take(x, ind, axis=axis)
        return
    got = rp.take(x, ind, axis=axis)
    assert isinstance(got, rp.ndarray) and got.shape == want.shape and got.dtype == want.dtype


# raptors index arrays on a raptors array with axis 0 (or None on 1-D) go
# straight to the first-axis gather: every index dtype and rank, bool
# arrays taken as 0/1 (not as masks), a 0-d index, the bad-index error
@pytest.mark.parametrize("a", [X, X[0, 0], X[:, ::-1, 1], np.arange(5)[::-2], np.zeros((0, 3))])
@pytest.mark.parametrize("idx", [np.array([0, 1, 0, -1]), np.array([[1], [0]], np.int8),
                                 np.array([True, False]), np.array(1, np.uint32),
                                 np.zeros(0, np.intp), np.array([1, 0], np.uint64),
                                 np.array([0, 9]), np.array([-9])])
@pytest.mark.parametrize("axis", [0, None, -1])
def test_take_of_raptors_index_arrays(a, idx, axis):
    try:
        want = np.take(a, idx, axis=axis)
    except Exception as e:
        with pytest.raises(type(e), match=str(e).replace("(", r"\(").replace(")", r"\)")):
            rp.take(rp.asarray(a), rp.asarray(idx), axis=axis)
        return
    got = rp.take(rp.asarray(a), rp.asarray(idx), axis=axis)
    assert isinstance(got, np.generic if isinstance(want, np.generic) else rp.ndarray)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(np.asarray(got), want)


@pytest.mark.parametrize("shape,axis", [((0, 0), 1), ((0, 0), 0), ((3, 0), 1), ((0, 3), 0),
                                        ((2, 0, 3), 1), ((2, 0, 0), 1), ((2, 0, 0), 2)])
@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_take_from_an_empty_axis_as_numpy(shape, axis, mode):
    a, x = np.zeros(shape), rp.zeros(shape)
    # NumPy's wrap loop never ends on an empty axis (it steps by its length,
    # 0): clip's outcome stands for it there
    ref = "clip" if mode == "wrap" and shape[axis] == 0 else mode
    for ind in ([1], [], [[0, 0]]):
        try:
            want = np.take(a, ind, axis=axis, mode=ref)
        except IndexError as e:
            with pytest.raises(IndexError, match=str(e)):
                rp.take(x, ind, axis=axis, mode=mode)
            continue
        got = rp.take(x, ind, axis=axis, mode=mode)
        assert got.shape == want.shape and got.dtype == want.dtype
