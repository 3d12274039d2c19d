"""pad (src/core/pad.c), roll and tile (src/core/blocks.c's threaded run
copies) against NumPy: hypothesis over dtypes (float16 included), layouts
(C, F, transposed, negative strides, 0-size), pad widths wider than the axis
and every argument form; large arrays for the threaded splits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp

DTYPES = [np.bool_, np.int8, np.uint16, np.int32, np.int64, np.float16, np.float32, np.float64]
MODES = ["constant", "edge", "reflect", "symmetric", "wrap", "empty"]


def _layout(a, kind):
    if kind == "F":
        return np.asfortranarray(a)
    if kind == "T":
        return a.T
    if kind == "neg":
        return a[::-1, ..., ::-2] if a.ndim > 1 else a[::-1]
    return a


@st.composite
def _arrays(draw):
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=1, max_size=3)))
    dt = draw(st.sampled_from(DTYPES))
    a = (np.arange(int(np.prod(shape))) * 7 % 11 - 3).reshape(shape).astype(dt)
    return _layout(a, draw(st.sampled_from(["C", "F", "T", "neg"])))


def _widths(draw, ndim):
    w = st.integers(0, 8)
    form = draw(st.sampled_from(["int", "pair", "per_axis", "dict"]))
    if form == "int":
        return draw(w)
    if form == "pair":
        return (draw(w), draw(w))
    if form == "dict":
        return {draw(st.integers(-ndim, ndim - 1)): (draw(w), draw(w))}
    return tuple((draw(w), draw(w)) for _ in range(ndim))


def _same(got, want, mode="constant"):
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape
    if mode != "empty":
        np.testing.assert_array_equal(got, want)


def _both(call):
    """call(np) and call(rp): equal results, or the same exception type."""
    try:
        want = call(np)
    except Exception as e:
        with pytest.raises(type(e)):
            call(rp)
        return None, None
    return call(rp), want


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_pad_matches_numpy(data):
    a = data.draw(_arrays())
    mode = data.draw(st.sampled_from(MODES))
    width = _widths(data.draw, a.ndim)
    kw = {}
    if mode == "constant" and data.draw(st.booleans()):
        v = st.integers(-5, 300)
        kw["constant_values"] = data.draw(st.one_of(
            v, st.tuples(v, v), st.just(tuple((i + 1, -i - 2) for i in range(a.ndim)))))
    r = rp.asarray(a)
    got, want = _both(lambda xp: xp.pad(a if xp is np else r, width, mode, **kw))
    if want is not None:
        _same(got, want, mode)


@pytest.mark.parametrize("mode", ["edge", "reflect", "symmetric", "wrap"])
def test_pad_wide_and_one(mode):
    # pads many times the axis: NumPy's iterative padding, extended periodically
    for n in (1, 2, 3):
        a = np.arange(1, n + 1, dtype=np.float32)
        _same(rp.pad(rp.asarray(a), (17, 9), mode), np.pad(a, (17, 9), mode))
        b = np.arange(2 * n, dtype=np.int16).reshape(2, n)
        _same(rp.pad(rp.asarray(b), ((5, 1), (1, 7)), mode), np.pad(b, ((5, 1), (1, 7)), mode))


def test_pad_constant_corners_take_later_axes():
    a = np.arange(6.0).reshape(2, 3)
    cv = ((1, 2), (3, 4))
    _same(rp.pad(rp.asarray(a), 2, constant_values=cv), np.pad(a, 2, constant_values=cv))
    a3 = np.arange(8, dtype=np.int8).reshape(2, 2, 2)
    cv3 = ((1, 2), (3, 4), (5, 6))
    _same(rp.pad(rp.asarray(a3), 1, constant_values=cv3), np.pad(a3, 1, constant_values=cv3))


def test_pad_constant_value_casts():
    # the values are assigned as NumPy assigns them: truncated, or refused
    a = np.arange(4, dtype=np.uint8)
    _same(rp.pad(rp.asarray(a), 1, constant_values=2.7), np.pad(a, 1, constant_values=2.7))
    got, want = _both(lambda xp: xp.pad(xp.asarray(a), 1, constant_values=300))
    if want is not None:
        _same(got, want)
    # per-axis pairs reach NumPy as Python ints: out of range is an
    # OverflowError, even with nothing padded
    # NumPy scalars (one or two values) into a signed result: out of range
    # (a float's integer part too) is an OverflowError as well; unsigned wraps
    for dt in (np.int8, np.uint8, np.int16):
        for cv in (128, -129, 300, (1, 128), (2.5, 300), 127.9, (-128.9, 5), -1):
            for b in (np.arange(3, dtype=dt), np.zeros(0, dt)):
                got, want = _both(lambda xp: xp.pad(xp.asarray(b), 1 if b.size else 0,
                                                     constant_values=cv))
                if want is not None:
                    _same(got, want)
    for width, cv in ((1, ((1, 300),)), (0, ((1, -2),)), (1, ((1, 2),))):
        b = np.zeros((0, 0), np.uint16) if width == 0 else np.arange(6, dtype=np.int8).reshape(2, 3)
        cv = cv * b.ndim
        got, want = _both(lambda xp: xp.pad(xp.asarray(b), width, constant_values=cv))
        if want is not None:
            _same(got, want)


def test_pad_zero_d_and_errors():
    z = np.array(5.0)
    _same(rp.pad(rp.asarray(z), 2), np.pad(z, 2))
    for call in (lambda xp: xp.pad(xp.zeros((0, 3)), ((1, 0), (0, 0)), "reflect"),
                 lambda xp: xp.pad(xp.zeros(3), -1),
                 lambda xp: xp.pad(xp.zeros(3), ((1, 2), (3, 4))),
                 lambda xp: xp.pad(xp.zeros(3), 1, "edge", constant_values=1)):
        got, want = _both(call)
        assert want is None


@pytest.mark.parametrize("dtype", [np.float16, np.float64, np.int8])
@pytest.mark.parametrize("kind", ["C", "F", "neg"])
def test_large_threaded(dtype, kind):
    # above the threads' cutoff: one long row cut in pieces, many rows in tasks
    rng = np.random.default_rng(5)
    for shape in ((600_001,), (3001, 67)):
        a = _layout((rng.random(shape) * 100).astype(dtype), kind)
        r = rp.asarray(a)
        for mode in ("reflect", "constant", "wrap"):
            _same(rp.pad(r, ((3, 5),) * a.ndim, mode), np.pad(a, ((3, 5),) * a.ndim, mode))
        _same(rp.roll(r, 12345, axis=0), np.roll(a, 12345, axis=0))
        _same(rp.roll(r, -7, axis=-1), np.roll(a, -7, axis=-1))
        _same(rp.tile(r, 2), np.tile(a, 2))
        _same(rp.tile(r, (2, 1)), np.tile(a, (2, 1)))
        _same(rp.repeat(r, 3, axis=0), np.repeat(a, 3, axis=0))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_roll_tile_match_numpy(data):
    a = data.draw(_arrays())
    r = rp.asarray(a)
    shift = data.draw(st.integers(-12, 12))
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)))
    got, want = _both(lambda xp: xp.roll(a if xp is np else r, shift, axis))
    if want is not None:
        _same(got, want)
    reps = data.draw(st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), max_size=4)))
    got, want = _both(lambda xp: xp.tile(a if xp is np else r, reps))
    if want is not None:
        _same(got, want)


# diff's one-subtraction path (n=1, an int axis, no prepend/append) and its
# general one, and tile's one-copy path (an int reps above 1): NumPy's
# values, dtype (bool: not_equal), errors (0-d, an axis out of range) and,
# for tile, a C-ordered result whatever the input's layout.
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_diff_and_int_tile_match_numpy(data):
    a = data.draw(st.one_of(_arrays(), st.just(np.array(2.5))))
    r = rp.asarray(a)
    n = data.draw(st.sampled_from([1, 1, 1, 0, 2, 3]))
    axis = data.draw(st.integers(-a.ndim - 1, a.ndim))
    got, want = _both(lambda xp: xp.diff(a if xp is np else r, n=n, axis=axis))
    if want is not None:
        _same(got, want)
    reps = data.draw(st.integers(-1, 4))
    got, want = _both(lambda xp: xp.tile(a if xp is np else r, reps))
    if want is not None:
        _same(got, want)
        assert got.flags.c_contiguous == want.flags.c_contiguous
        assert got.flags.f_contiguous == want.flags.f_contiguous


# repeat and tile of rows of 64 bytes or more (src/kernels/blocks.c's
# line copies on AVX-512, memcpy elsewhere): whole lines and rows that end
# in a part line, sources at every 8-byte offset within a line (a view past
# the first elements), serial and threaded sizes.
@pytest.mark.parametrize("cols", [8, 9, 16, 23, 64, 65, 125])
@pytest.mark.parametrize("skip", [0, 1, 3, 7])
def test_repeat_tile_of_long_rows_match_numpy(cols, skip):
    rng = np.random.default_rng(cols * 10 + skip)
    for rows in (5, 3000):
        base = rng.random(rows * cols + skip)
        a = base[skip:].reshape(rows, cols)
        r = rp.asarray(base)[skip:].reshape(rows, cols)
        for count in (2, 3, 5):
            np.testing.assert_array_equal(np.asarray(rp.repeat(r, count, axis=0)),
                                          np.repeat(a, count, axis=0))
            np.testing.assert_array_equal(np.asarray(rp.tile(r, count)), np.tile(a, count))
