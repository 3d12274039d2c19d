"""Issue #13 item 2: the indexing and manipulation functions run natively.

Each call is made twice: once with NumPy (the expected result), once with
raptors while NumPy's function of the same name (in every NumPy namespace that
exports it) raises. A raptors function that handed its work to NumPy, through
the fallback table or by calling NumPy's function itself, fails here; so does
one that returns a NumPy array or NumPy's result differently."""

import numpy as np
import pytest

import raptors as rp

A = np.arange(24.0).reshape(4, 6) / 7
B = np.arange(24, dtype=np.int64).reshape(4, 6) - 11
V = np.arange(6.0) - 2.5
IDX = np.array([[0, 5, 2], [1, 1, 4], [3, 0, 0], [5, 2, 1]])
MASK = (np.arange(24).reshape(4, 6) % 3) == 1

# (name, expression): `m` is numpy or raptors; A, B, V, IDX, MASK are NumPy
# arrays or their raptors copies. Expressions that mutate work on copies
# made inside the expression and return the mutated array.
CALLS = [
    ("take", "m.take(A, [0, 3, -1], axis=1)"),
    ("take_along_axis", "m.take_along_axis(A, IDX, axis=1)"),
    ("put", "_mut(m.asarray(B).copy(), lambda c: m.put(c, [0, 7, -1], [9, 8, 7]))"),
    ("put_along_axis", "_mut(m.asarray(A).copy(), lambda c: m.put_along_axis(c, IDX, -1.0, axis=1))"),
    ("compress", "m.compress([True, False, True, True], A, axis=0)"),
    ("extract", "m.extract(MASK, B)"),
    ("place", "_mut(m.asarray(B).copy(), lambda c: m.place(c, MASK, [100, 200]))"),
    ("putmask", "_mut(m.asarray(A).copy(), lambda c: m.putmask(c, MASK, V))"),
    ("choose", "m.choose(m.asarray([[0, 1, 2, 0, 1, 2]]), (A[0], A[1], A[2]))"),
    ("select", "m.select([A > 2, A < 0.5], [A, -A], default=7.0)"),
    ("nonzero", "m.nonzero(MASK)"),
    ("argwhere", "m.argwhere(B > 3)"),
    ("flatnonzero", "m.flatnonzero(B % 4)"),
    ("where", "m.where(MASK)"),
    ("diag", "m.diag(A, 1)"),
    ("diagonal", "m.diagonal(A, -1)"),
    ("trace", "m.trace(B, 2)"),
    ("tril", "m.tril(A, -1)"),
    ("triu", "m.triu(B, 2)"),
    ("tril_indices", "m.tril_indices(4, 1, 5)"),
    ("triu_indices", "m.triu_indices(3)"),
    ("indices", "m.indices((2, 3))"),
    ("meshgrid", "m.meshgrid(V, A[0], indexing='ij')"),
    ("repeat", "m.repeat(B, [1, 0, 2, 3], axis=0)"),
    ("tile", "m.tile(V, (2, 3))"),
    ("roll", "m.roll(A, (1, -2), axis=(0, 1))"),
    ("pad", "[m.pad(B, ((1, 2), (0, 3)), mode=k) for k in"
            " ('constant', 'edge', 'reflect', 'symmetric', 'wrap')]"),
    ("diff", "m.diff(B, n=2, axis=1)"),
    ("split", "m.split(A, 3, axis=1)"),
    ("array_split", "m.array_split(V, 4)"),
    ("hsplit", "m.hsplit(A, [1, 4])"),
    ("vsplit", "m.vsplit(B, 2)"),
    ("hstack", "m.hstack((A, B))"),
    ("vstack", "m.vstack((V, V))"),
    ("dstack", "m.dstack((A, B))"),
    ("column_stack", "m.column_stack((V, V * 2))"),
    ("atleast_1d", "m.atleast_1d(m.asarray(3.0))"),
    ("atleast_2d", "m.atleast_2d(V)"),
    ("atleast_3d", "m.atleast_3d(A)"),
    ("unstack", "m.unstack(A, axis=1)"),
    ("rot90", "m.rot90(B, 3)"),
    ("fliplr", "m.fliplr(A)"),
    ("flipud", "m.flipud(B)"),
    ("append", "m.append(A, B, axis=0)"),
    ("insert", "m.insert(B, [1, 3], -5, axis=1)"),
    ("delete", "m.delete(A, [0, 2], axis=1)"),
]


def _mut(c, f):
    assert f(c) is None
    return c


def _same(got, want):
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, rp.ndarray), type(got)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(np.asarray(got), want)
    else:
        assert got == want and type(got) is type(want) or np.asarray(got).item() == want


def _env(m):
    conv = np.asarray if m is np else rp.asarray
    return {"m": m, "_mut": _mut, "A": conv(A), "B": conv(B), "V": conv(V),
            "IDX": conv(IDX), "MASK": conv(MASK)}


def _numpy_homes(name):
    """Every NumPy namespace that exports `name` (np.take is
    np._core.fromnumeric.take, and so on); not the deprecated numpy.core
    shims, which warn when read."""
    import sys
    fn = getattr(np, name)
    return [mod for mod in list(sys.modules.values())
            if getattr(mod, "__name__", "").startswith("numpy")
            and not mod.__name__.startswith("numpy.core")
            and getattr(mod, name, None) is fn]


@pytest.mark.parametrize("name,expr", CALLS, ids=[c[0] for c in CALLS])
def test_runs_without_numpy(name, expr, monkeypatch):
    want = eval(expr, _env(np))

    def refuse(*args, **kwargs):
        raise AssertionError(f"raptors.{name} called numpy.{name}")

    for mod in _numpy_homes(name):
        monkeypatch.setattr(mod, name, refuse)
    got = eval(expr, _env(rp))
    monkeypatch.undo()
    assert name not in rp.numpy_fallbacks()
    _same(got, want)


def test_every_item_two_name_is_listed():
    wanted = {"take", "take_along_axis", "put", "put_along_axis", "compress", "extract",
              "place", "putmask", "choose", "select", "nonzero", "argwhere", "flatnonzero",
              "where", "diag", "diagonal", "trace", "tril", "triu", "tril_indices",
              "triu_indices", "indices", "meshgrid", "repeat", "tile", "roll", "pad", "diff",
              "split", "array_split", "hsplit", "vsplit", "hstack", "vstack", "dstack",
              "column_stack", "atleast_1d", "atleast_2d", "atleast_3d", "unstack", "rot90",
              "fliplr", "flipud", "append", "insert", "delete"}
    assert wanted == {c[0] for c in CALLS}


@pytest.mark.parametrize("method,args", [
    ("take", ([2, 0],)), ("put", ([1, 2], [5, 6])), ("compress", ([True, False, True],)),
    ("nonzero", ()), ("diagonal", ()), ("trace", ()), ("repeat", (2,)), ("fill", (3,)),
    ("item", (5,)), ("choose", None)])
def test_methods_match_numpy(method, args):
    if args is None:  # choose: the array holds the choices' indices
        n, r = np.array([1, 0, 1]), rp.asarray([1, 0, 1])
        _same(r.choose([rp.asarray(V[:3]), rp.asarray(V[3:])]), n.choose([V[:3], V[3:]]))
        return
    n, r = B.copy(), rp.asarray(B).copy()
    want, got = getattr(n, method)(*args), getattr(r, method)(*args)
    if want is None:  # in place
        assert got is None
        want, got = n, r
    _same(got, want)
    assert method not in rp.numpy_fallbacks()
