"""Differential tests of raptors/_shape_ops.py against NumPy."""

import numpy as np
import pytest

import raptors as rp

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint16, np.float32, np.float64]


def _layouts(dtype):
    base = (np.arange(24) % 7).astype(dtype).reshape(4, 6)
    yield base
    yield np.asfortranarray(base)
    yield base.T
    yield base[::-1, ::-2]
    yield base[:0]


def _same(r, e):
    if isinstance(e, (tuple, list)):
        assert len(r) == len(e)
        for x, y in zip(r, e):
            _same(x, y)
        return
    r = np.asarray(r)
    assert r.dtype == e.dtype and r.shape == e.shape
    np.testing.assert_array_equal(r, e)


CALLS = [
    ("diag", lambda xp, a: xp.diag(a, 1)), ("diag1d", lambda xp, a: xp.diag(a[0], -2)),
    ("tril", lambda xp, a: xp.tril(a, -1)), ("triu", lambda xp, a: xp.triu(a, 2)),
    ("repeat", lambda xp, a: xp.repeat(a, 3, axis=1)),
    ("repeat_counts", lambda xp, a: xp.repeat(a, list(range(a.shape[1])), axis=1)),
    ("repeat_flat", lambda xp, a: xp.repeat(a, 2)),
    ("method_repeat", lambda xp, a: a.repeat(2, axis=0)),
    ("tile", lambda xp, a: xp.tile(a, (2, 1, 3))), ("roll", lambda xp, a: xp.roll(a, 2)),
    ("roll_axes", lambda xp, a: xp.roll(a, (1, -3), axis=(0, 1))),
    ("diff", lambda xp, a: xp.diff(a, n=2, axis=1)),
    ("diff_pre", lambda xp, a: xp.diff(a, axis=0, prepend=a[:1], append=a[-1:])),
    ("array_split", lambda xp, a: xp.array_split(a, 4, axis=1)),
    ("hsplit", lambda xp, a: xp.hsplit(a, [1, 4])), ("vsplit", lambda xp, a: xp.vsplit(a, [1])),
    ("hstack", lambda xp, a: xp.hstack([a, a])), ("vstack", lambda xp, a: xp.vstack([a, a])),
    ("dstack", lambda xp, a: xp.dstack([a, a])),
    ("column_stack", lambda xp, a: xp.column_stack([a, a])),
    ("atleast_3d", lambda xp, a: xp.atleast_3d(a)), ("unstack", lambda xp, a: xp.unstack(a, axis=1)),
    ("rot90", lambda xp, a: xp.rot90(a, 3)), ("fliplr", lambda xp, a: xp.fliplr(a)),
    ("flipud", lambda xp, a: xp.flipud(a)), ("append", lambda xp, a: xp.append(a, a, axis=0)),
    ("insert", lambda xp, a: xp.insert(a, 1, a[0], axis=0)),
    ("insert_many", lambda xp, a: xp.insert(a, [0, 2, 2], 1, axis=1)),
    ("delete", lambda xp, a: xp.delete(a, [0, 2], axis=1)),
    ("delete_slice", lambda xp, a: xp.delete(a, slice(None, None, 2), axis=1)),
    ("pad_const", lambda xp, a: xp.pad(a, ((1, 2), (3, 0)), constant_values=1)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,call", CALLS, ids=[c[0] for c in CALLS])
def test_matches_numpy(name, call, dtype):
    for a in _layouts(dtype):
        if a.shape[0] == 0 and name in ("diag1d", "insert", "diff_pre", "array_split"):
            continue
        try:
            expected = call(np, a)
        except Exception as e:  # the same exception type
            with pytest.raises(type(e)):
                call(rp, rp.asarray(a))
            continue
        _same(call(rp, rp.asarray(a)), expected)


@pytest.mark.parametrize("mode", ["edge", "reflect", "symmetric", "wrap", "constant"])
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_pad_modes(mode, n):
    a = np.arange(2 * n, dtype=np.float64).reshape(2, n)
    for width in [(0, 0), (1, 2), (4, 7), (11, 3)]:
        _same(rp.pad(rp.asarray(a), ((1, 2), width), mode=mode),
              np.pad(a, ((1, 2), width), mode=mode))


def test_indices_meshgrid_tri_indices():
    _same(rp.indices((2, 3)), np.indices((2, 3)))
    _same(rp.indices((2, 3), sparse=True), np.indices((2, 3), sparse=True))
    x, y = np.arange(3.0), np.arange(4)
    _same(rp.meshgrid(rp.asarray(x), rp.asarray(y)), np.meshgrid(x, y))
    _same(rp.meshgrid(rp.asarray(x), rp.asarray(y), indexing="ij", sparse=True),
          np.meshgrid(x, y, indexing="ij", sparse=True))
    _same(rp.tril_indices(4, 1, 5), np.tril_indices(4, 1, 5))
    _same(rp.triu_indices(4, -1), np.triu_indices(4, -1))


@pytest.mark.parametrize("call", [
    lambda xp: xp.repeat(xp.asarray([1, 2]), [1, 2, 3]),
    lambda xp: xp.repeat(xp.asarray([1, 2]), -1),
    lambda xp: xp.repeat(xp.asarray([[1, 2]]), 2, axis=2),
    lambda xp: xp.split(xp.arange(3), 2),
    lambda xp: xp.diag(xp.ones((2, 2, 2))),
    lambda xp: xp.diff(xp.asarray(3.0)),
    lambda xp: xp.diff(xp.arange(3), n=-1),
    lambda xp: xp.pad(xp.arange(3), 1.5),
    lambda xp: xp.pad(xp.arange(3), 1, mode="foo"),
    lambda xp: xp.pad(xp.zeros(0), 1, mode="edge"),
    lambda xp: xp.insert(xp.arange(3), 5, 1),
    lambda xp: xp.delete(xp.arange(3), 5),
    lambda xp: xp.vsplit(xp.arange(3), 1),
    lambda xp: xp.fliplr(xp.arange(3)),
    lambda xp: xp.rot90(xp.ones((2, 2)), axes=(0, 0)),
    lambda xp: xp.unstack(xp.asarray(1.0)),
    lambda xp: xp.vstack(x for x in [xp.arange(2)]),
    lambda xp: xp.tile(xp.arange(2), -1),
])
def test_errors_match(call):
    with pytest.raises(Exception) as expected:
        call(np)
    with pytest.raises(expected.type):
        call(rp)


def test_no_numpy_implementation(monkeypatch):
    names = ["diag", "tril", "triu", "repeat", "tile", "roll", "pad", "diff", "split",
             "array_split", "hstack", "vstack", "dstack", "column_stack", "concatenate",
             "insert", "delete", "append", "rot90", "meshgrid", "indices", "tri"]

    def boom(*args, **kwargs):
        raise AssertionError("NumPy's implementation was called")
    for n in names:
        monkeypatch.setattr(np, n, boom)
    a = rp.asarray(np.arange(12.0).reshape(3, 4))
    for r in (rp.diag(a), rp.tril(a), rp.triu(a), rp.repeat(a, [1, 2, 0], axis=0), a.repeat(2),
              rp.tile(a, 2), rp.roll(a, 1, 0), rp.pad(a, 2, mode="reflect"), rp.diff(a),
              rp.split(a, 2, 1), rp.hstack([a, a]), rp.vstack([a, a]), rp.dstack([a]),
              rp.column_stack([a]), rp.insert(a, [1, 2], 0, 1), rp.delete(a, [1], 1),
              rp.append(a, a), rp.rot90(a), rp.meshgrid(a[0], a[1]), rp.indices((2, 2))):
        assert isinstance(r, (rp.ndarray, tuple, list))
