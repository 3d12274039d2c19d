"""Shape manipulation, differential against NumPy: values, shapes, strides,
and whether the result is a view (shares memory) exactly when NumPy's is."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

import raptors as rp
from strategies import (DTYPES, array_pairs, assert_same, assert_scalar_same, dtypes, elements, numpy_arrays,
                        shapes, writeable_pairs)


def _is_view(r, x):
    return np.shares_memory(np.asarray(r), np.asarray(x))


def _check_view_like_numpy(r, x, e, a):
    if a.size and e.size:
        assert _is_view(r, x) == np.shares_memory(e, a), "view vs copy differs from NumPy"


def _factorizations(n):
    out = [(n,), (-1,)]
    for d in range(1, n + 1):
        if n % d == 0:
            out += [(d, n // d), (d, -1), (1, d, n // d, 1), (-1, d)]
    return out


@given(array_pairs(), st.data())
def test_reshape_like_numpy(pair, data):
    a, x = pair
    size = a.size
    shape = data.draw(st.sampled_from(_factorizations(size) if size else
                                      [(0,), (0, 3), (3, 0, 1), (-1, 0), (0, -1), (2, 0, 5)]))
    order = data.draw(st.sampled_from(["C", "F", "A"]))
    try:
        e = a.reshape(shape, order=order)
    except ValueError:  # -1 beside a 0: the size cannot be inferred
        with pytest.raises(ValueError):
            x.reshape(shape, order=order)
        return
    r = x.reshape(shape, order=order)
    assert_same(r, e, strides=False)
    if np.shares_memory(e, a) and e.size:
        # a view in NumPy: a view in raptors, with NumPy's strides
        assert _is_view(r, x)
        assert_same(r, e)
    elif e.size:
        assert not _is_view(r, x)
        assert r.flags.owndata or r.base is not None and not _is_view(r.base, x)
    assert_same(x.reshape(*shape, order=order) if len(shape) else x.reshape(shape),
                e, strides=False)
    assert_same(rp.reshape(x, shape, order=order), e, strides=False)


@given(array_pairs(allow_broadcast=False), st.sampled_from([None, True, False]))
def test_reshape_copy_argument(pair, copy):
    a, x = pair
    shape = (-1,)
    try:
        e = a.reshape(shape, copy=copy)
    except ValueError:
        with pytest.raises(ValueError):
            x.reshape(shape, copy=copy)
        return
    r = x.reshape(shape, copy=copy)
    assert_same(r, e, strides=False)
    if a.size:
        assert _is_view(r, x) == np.shares_memory(e, a)


@pytest.mark.parametrize("src,dst", [((2, 3), (4, 2)), ((2, 3), (7,)), ((0,), (1,)),
                                     ((4,), (-1, 3)), ((6,), (-1, -1)), ((0, 3), (-1, 0)),
                                     ((2, 3), ()), ((), (2,))])
def test_reshape_errors(src, dst):
    a, x = np.zeros(src), rp.zeros(src)
    with pytest.raises(ValueError) as npe:
        a.reshape(dst)
    with pytest.raises(ValueError) as e:
        x.reshape(dst)
    if "cannot reshape" in str(npe.value):
        # names the requested shape and the array's own (issue 2)
        assert "cannot reshape" in str(e.value)
        assert str(dst) in str(e.value) and str(src) in str(e.value)


def test_reshape_other_negative_sizes_as_numpy():
    # NumPy takes any negative size as the unknown one.
    for dst in [(2, -2), (-3,), (3, -7)]:
        assert rp.zeros(6).reshape(dst).shape == np.zeros(6).reshape(dst).shape
    for dst in [(-2, -1), (4, -3)]:
        with pytest.raises(ValueError):
            np.zeros(6).reshape(dst)
        with pytest.raises(ValueError):
            rp.zeros(6).reshape(dst)


@given(array_pairs(), st.data())
def test_transpose_and_permute_dims(pair, data):
    a, x = pair
    assert_same(x.transpose(), a.transpose())
    assert_same(rp.transpose(x), np.transpose(a))
    perm = data.draw(st.permutations(range(a.ndim)))
    if data.draw(st.booleans()):
        perm = [p - a.ndim if data.draw(st.booleans()) else p for p in perm]
    assert_same(x.transpose(perm), a.transpose(perm))
    assert_same(x.transpose(tuple(perm)), a.transpose(tuple(perm)))
    if perm:
        assert_same(x.transpose(*perm), a.transpose(*perm))
    assert_same(rp.permute_dims(x, tuple(perm)), np.permute_dims(a, tuple(perm)))
    assert_same(rp.transpose(x, perm), np.transpose(a, perm))
    _check_view_like_numpy(x.transpose(perm), x, a.transpose(perm), a)


def test_transpose_errors():
    x, a = rp.zeros((2, 3, 4)), np.zeros((2, 3, 4))
    for axes, exc in [((0, 1), ValueError), ((0, 1, 1), ValueError), ((0, 1, 3), np.exceptions.AxisError),
                      ((0, 1, -4), np.exceptions.AxisError), ((0, 1, 2, 3), ValueError)]:
        with pytest.raises(exc):
            a.transpose(axes)
        with pytest.raises(exc):
            x.transpose(axes)


@given(array_pairs(shape=shapes(min_dims=1)), st.data())
def test_swapaxes_moveaxis(pair, data):
    a, x = pair
    ax = st.integers(-a.ndim, a.ndim - 1)
    i, j = data.draw(ax), data.draw(ax)
    assert_same(x.swapaxes(i, j), a.swapaxes(i, j))
    assert_same(rp.swapaxes(x, i, j), np.swapaxes(a, i, j))
    assert_same(rp.moveaxis(x, i, j), np.moveaxis(a, i, j))
    k = data.draw(st.integers(0, a.ndim))
    src = data.draw(st.permutations(range(a.ndim)))[:k]
    dst = data.draw(st.permutations(range(-a.ndim, 0)))[:k]
    assert_same(rp.moveaxis(x, src, dst), np.moveaxis(a, src, dst))



@pytest.mark.parametrize("axes", [(0, (0,)), (5, (0,)), ((0,), 5), (5, 1.0), (True, 0), (5, 0),
                                  (0, 5), (0, -3), (np.True_, 0)])
@pytest.mark.parametrize("shape", [(), (2, 3)])
def test_swapaxes_argument_errors(axes, shape):
    # NumPy converts both axes before checking bounds; AxisError names the argument
    def run(m):
        try:
            return ("ok", m.swapaxes(m.zeros(shape), *axes).shape)
        except Exception as e:  # noqa: BLE001
            return (type(e).__name__, str(e))
    assert run(rp) == run(np)

def test_swapaxes_moveaxis_errors():
    x, a = rp.zeros((2, 3)), np.zeros((2, 3))
    for f, args in [("swapaxes", (0, 2)), ("swapaxes", (-3, 0)), ("moveaxis", (0, 2)),
                    ("moveaxis", ([0, 0], [0, 1])), ("moveaxis", ([0], [0, 1]))]:
        with pytest.raises(Exception) as npe:
            getattr(np, f)(a, *args)
        with pytest.raises(npe.type):
            getattr(rp, f)(x, *args)


@given(array_pairs(shape=shapes(max_side=2)), st.data())
def test_squeeze(pair, data):
    a, x = pair
    assert_same(x.squeeze(), a.squeeze())
    assert_same(rp.squeeze(x), np.squeeze(a))
    ones = [i for i, n in enumerate(a.shape) if n == 1]
    if ones:
        axes = tuple(data.draw(st.lists(st.sampled_from(ones), min_size=1, unique=True)))
        assert_same(rp.squeeze(x, axes), np.squeeze(a, axes))
        assert_same(x.squeeze(axes[0]), a.squeeze(axes[0]))
    others = [i for i, n in enumerate(a.shape) if n != 1]
    if others:
        with pytest.raises(ValueError):
            rp.squeeze(x, others[0])
    _check_view_like_numpy(rp.squeeze(x), x, np.squeeze(a), a)


@given(array_pairs(shape=shapes(max_dims=3)), st.data())
def test_expand_dims(pair, data):
    a, x = pair
    n = data.draw(st.integers(1, 3))
    out = a.ndim + n
    axes = tuple(data.draw(st.lists(st.integers(-out, out - 1), min_size=n, max_size=n,
                                    unique_by=lambda v: v % out)))
    assert_same(rp.expand_dims(x, axes), np.expand_dims(a, axes), strides="used")
    ax = data.draw(st.integers(-a.ndim - 1, a.ndim))
    assert_same(rp.expand_dims(x, ax), np.expand_dims(a, ax), strides="used")
    with pytest.raises(np.exceptions.AxisError):
        rp.expand_dims(x, a.ndim + 1)
    with pytest.raises(ValueError):
        rp.expand_dims(x, (0, 0))


@given(array_pairs(), st.sampled_from(["C", "F", "A", "K"]))
def test_ravel_flatten(pair, order):
    a, x = pair
    assert_same(x.ravel(), a.ravel(), strides=False)
    assert_same(x.ravel(order), a.ravel(order), strides=False)
    assert_same(rp.ravel(x, order), np.ravel(a, order), strides=False)
    _check_view_like_numpy(x.ravel(order), x, a.ravel(order), a)
    _check_view_like_numpy(x.ravel(), x, a.ravel(), a)
    f = x.flatten(order)
    assert_same(f, a.flatten(order))
    assert f.flags.c_contiguous
    assert not _is_view(f, x) or a.size == 0


@given(array_pairs(), st.sampled_from(["C", "F", "A", "K"]))
def test_copy(pair, order):
    a, x = pair
    c = x.copy(order=order)
    e = a.copy(order=order)
    # order='K' keeps the input's axis order; NumPy also orders the strides
    # of length-1 axes, which never move the pointer.
    assert_same(c, e, strides="used" if order == "K" else True, flags=True)
    assert c.flags.owndata and c.flags.writeable
    assert not _is_view(c, x) or a.size == 0
    assert_same(rp.copy(x, order=order), np.copy(a, order=order), strides="used", flags=True)
    assert_same(x.copy(), a.copy(), flags=True)


@given(array_pairs(allow_nan=False), dtypes())
def test_astype_defined_values(pair, dt):
    a, x = pair
    if a.dtype.kind == "f" and dt.kind in "iu":
        # only values NumPy defines: in range of the target after truncation
        info = np.iinfo(dt)
        with np.errstate(all="ignore"):
            ok = np.all((np.trunc(a) >= info.min) & (np.trunc(a) <= info.max))
        if not ok:
            a = np.clip(a, info.min, min(info.max, 2.0 ** 53)).astype(a.dtype)
            x = rp.asarray(a.copy(order="K"))  # the layout astype(order="K") keeps
    e = a.astype(dt)
    r = x.astype(dt)
    assert_same(r, e, strides="used", flags=True)
    assert r.flags.owndata
    assert_same(rp.astype(x, dt), e, strides=False)


@given(array_pairs())
def test_astype_copy_false_same_dtype_is_same_object(pair):
    a, x = pair
    assert x.astype(x.dtype, copy=False) is x
    y = x.astype(x.dtype)
    assert y is not x and (not _is_view(y, x) or a.size == 0)


def test_astype_float_to_int_truncation_and_bool():
    vals = np.array([-3.9, -0.5, -0.0, 0.0, 0.5, 1.5, 2.7, 126.9, 127.5, -128.7, 255.9])
    for src in (np.float32, np.float64):
        a = vals.astype(src)
        x = rp.asarray(a.copy())
        for dt in ("int8", "int16", "int32", "int64", "bool"):
            assert_same(x.astype(dt), a.astype(dt))
        small = np.abs(a)
        assert_same(rp.asarray(small).astype("u1"), small.astype("u1"))
    b = np.array([0, 1, 2, 255, -1], dtype=np.int64)
    for dt in DTYPES:
        assert_same(rp.asarray(b).astype(dt), b.astype(dt))
    bools = np.array([True, False, True])
    for dt in DTYPES:
        assert_same(rp.asarray(bools).astype(dt), bools.astype(dt))
    special = np.array([np.nan, -np.nan, np.inf, -np.inf, -0.0, 1e-45])
    for dt in ("bool", "float32", "float64"):
        assert_same(rp.asarray(special).astype(dt), special.astype(dt))


@pytest.mark.parametrize("dt", [d for d in DTYPES if d.kind in "iu"], ids=str)
@pytest.mark.parametrize("src", ["float32", "float64"])
def test_astype_undefined_float_to_int_does_not_crash(dt, src):
    a = np.array([np.nan, np.inf, -np.inf, 1e30, -1e30, 2.0 ** 64, -(2.0 ** 63) - 4096,
                  2.0 ** 63, 1e300 if src == "float64" else 3e38], dtype=src)
    r = rp.asarray(a).astype(dt)  # values NumPy leaves undefined: only no crash
    assert r.dtype == dt and r.shape == a.shape
    assert len(r.tolist()) == a.size


def test_wide_int_to_float_and_back():
    a = np.array([2 ** 63 - 1, -(2 ** 63), 2 ** 53 + 1, -1], dtype=np.int64)
    u = np.array([2 ** 64 - 1, 2 ** 63, 2 ** 53 + 1, 0], dtype=np.uint64)
    for dt in ("float32", "float64", "int8", "uint16", "uint64", "int64", "bool"):
        assert_same(rp.asarray(a).astype(dt), a.astype(dt))
        assert_same(rp.asarray(u).astype(dt), u.astype(dt))


# ---- broadcasting ----

@given(array_pairs(shape=shapes(max_dims=3)), st.data())
def test_broadcast_to(pair, data):
    a, x = pair
    lead = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tuple(data.draw(st.sampled_from([1, 2, 3])) if n == 1 else n
                          for n in a.shape)
    e = np.broadcast_to(a, target)
    r = rp.broadcast_to(x, target)
    assert_same(r, e)
    assert not r.flags.writeable
    with pytest.raises(ValueError):
        r[...] = 0
    if a.size and e.size:
        assert _is_view(r, x)
    if a.ndim and a.shape[-1] > 1:
        bad = a.shape[:-1] + (a.shape[-1] + 1,)
        with pytest.raises(ValueError):
            np.broadcast_to(a, bad)
        with pytest.raises(ValueError):
            rp.broadcast_to(x, bad)


def test_broadcast_to_errors_and_scalar_shape():
    assert_same(rp.broadcast_to(rp.asarray(5), 3), np.broadcast_to(np.asarray(5), 3))
    for src, dst in [((3,), (4,)), ((2, 3), (3,)), ((2, 1), (2, 3, 4))]:
        with pytest.raises(ValueError):
            np.broadcast_to(np.zeros(src), dst)
        with pytest.raises(ValueError):
            rp.broadcast_to(rp.zeros(src), dst)
    with pytest.raises(ValueError):
        rp.broadcast_to(rp.zeros(3), (-1,))


@given(st.lists(shapes(max_dims=3, max_side=3), min_size=1, max_size=4), st.data())
def test_broadcast_arrays(shape_list, data):
    arrays = [data.draw(numpy_arrays(shape=s)) for s in shape_list]
    try:
        expected = np.broadcast_arrays(*arrays)
    except ValueError:
        with pytest.raises(ValueError):
            rp.broadcast_arrays(*[rp.asarray(a) for a in arrays])
        return
    got = rp.broadcast_arrays(*[rp.asarray(a) for a in arrays])
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert_same(g, e, strides="used")
    assert rp.broadcast_shapes(*shape_list) == np.broadcast_shapes(*shape_list)


# ---- joining ----

@given(st.data())
def test_concatenate(data):
    base = data.draw(shapes(min_dims=1, max_dims=3, max_side=3))
    axis = data.draw(st.integers(-len(base), len(base) - 1))
    n = data.draw(st.integers(1, 4))
    arrays = []
    for _ in range(n):
        shape = list(base)
        shape[axis] = data.draw(st.integers(0, 3))
        arrays.append(data.draw(numpy_arrays(shape=tuple(shape))))
    kinds = [data.draw(st.sampled_from(["raptors", "numpy", "list"])) for _ in arrays]
    xs = [rp.asarray(a) if k == "raptors" else a.tolist() if k == "list" and a.size else a
          for a, k in zip(arrays, kinds)]
    e = np.concatenate([np.asarray(v) if isinstance(v, rp.ndarray) else v for v in xs], axis=axis)
    assert_same(rp.concatenate(xs, axis=axis), e, strides=False)
    e = np.concatenate(arrays, axis=axis)
    assert_same(rp.concat([rp.asarray(a) for a in arrays], axis=axis), e, strides=False)
    assert_same(rp.concatenate([rp.asarray(a) for a in arrays], axis=None),
                np.concatenate(arrays, axis=None), strides=False)
    dt = data.draw(dtypes())
    try:
        ed = np.concatenate(arrays, axis=axis, dtype=dt, casting="unsafe")
    except TypeError:
        return
    got = rp.concatenate([rp.asarray(a) for a in arrays], axis=axis, dtype=dt, casting="unsafe")
    assert got.dtype == ed.dtype and got.shape == ed.shape


def test_concatenate_errors():
    for arrays, axis in [([], 0), ([np.zeros(3), np.zeros((3, 1))], 0),
                         ([np.zeros((2, 3)), np.zeros((2, 4))], 0),
                         ([np.zeros(3)], 1), ([np.zeros(()), np.zeros(())], 0)]:
        with pytest.raises(Exception) as npe:
            np.concatenate(arrays, axis=axis)
        with pytest.raises(npe.type):
            rp.concatenate([rp.asarray(a) for a in arrays], axis=axis)
    out = rp.zeros(5)
    r = rp.concatenate([rp.arange(2.0), rp.arange(3.0)], out=out)
    assert r is out
    assert_same(out, np.concatenate([np.arange(2.0), np.arange(3.0)]))


@given(array_pairs(shape=shapes(max_dims=3, max_side=3)), st.integers(1, 3), st.data())
def test_stack(pair, n, data):
    a, x = pair
    axis = data.draw(st.integers(-a.ndim - 1, a.ndim))
    arrays = [a] + [data.draw(numpy_arrays(a.dtype, a.shape)) for _ in range(n - 1)]
    xs = [x] + [rp.asarray(b) for b in arrays[1:]]
    assert_same(rp.stack(xs, axis=axis), np.stack(arrays, axis=axis), strides=False)
    with pytest.raises(np.exceptions.AxisError):
        rp.stack(xs, axis=a.ndim + 1)


def test_stack_errors():
    with pytest.raises(ValueError):
        rp.stack([])
    with pytest.raises(ValueError):
        rp.stack([rp.zeros(2), rp.zeros(3)])
    with pytest.raises(ValueError):
        np.stack([np.zeros(2), np.zeros(3)])


def test_mixed_dtype_joins_promote_like_numpy():
    for d1 in DTYPES:
        for d2 in DTYPES:
            a, b = np.ones(2, d1), np.zeros(1, d2)
            assert_same(rp.concatenate([rp.asarray(a), rp.asarray(b)]), np.concatenate([a, b]))
            assert rp.stack([rp.asarray(a), rp.asarray(a.astype(d2))]).dtype == \
                np.stack([a, a.astype(d2)]).dtype


@given(array_pairs(), st.data())
def test_flip(pair, data):
    a, x = pair
    if a.ndim == 0:  # NumPy gives the scalar: m[()]
        assert_scalar_same(rp.flip(x), np.flip(a))
        return
    assert_same(rp.flip(x), np.flip(a))
    if a.ndim:
        ax = data.draw(st.integers(-a.ndim, a.ndim - 1))
        assert_same(rp.flip(x, ax), np.flip(a, ax))
        axes = tuple(data.draw(st.lists(st.integers(0, a.ndim - 1), unique=True)))
        assert_same(rp.flip(x, axes), np.flip(a, axes))
    _check_view_like_numpy(rp.flip(x), x, np.flip(a), a)
    with pytest.raises(np.exceptions.AxisError):
        rp.flip(x, a.ndim)


@given(writeable_pairs(shape=shapes(min_dims=1)))
def test_views_write_through(pair):
    a, x = pair
    for f in (lambda v: v.T, lambda v: v.reshape(v.shape), lambda v: rp.flip(v) if hasattr(v, "_flagbits") else np.flip(v),
              lambda v: v[..., None], lambda v: v.swapaxes(0, -1)):
        va, vx = f(a), f(x)
        if va.size:
            va[...] = 1
            vx[...] = 1
            assert_same(x, a)


def test_small_helpers():
    a = np.zeros((2, 3, 4))
    x = rp.asarray(a)
    assert rp.ndim(x) == np.ndim(a) and rp.shape(x) == np.shape(a) and rp.size(x) == np.size(a)
    assert rp.size(x, 1) == np.size(a, 1)
    assert rp.shape([[1, 2]]) == (1, 2)
    assert_same(rp.matrix_transpose(x), np.matrix_transpose(a))
    with pytest.raises(ValueError):
        rp.matrix_transpose(rp.zeros(3))
