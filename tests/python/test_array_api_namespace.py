"""The Array API namespace: version negotiation, the info object, devices,
the standard's spellings beside NumPy's, compared with NumPy 2's own."""

import inspect
import pickle

import numpy as np
import pytest

import raptors as rp


def test_namespace_and_version():
    x = rp.ones(3)
    assert rp.__array_api_version__ == np.__array_api_version__ == "2024.12"
    assert x.__array_namespace__() is rp.array_api
    for v in ("2023.12", "2024.12"):
        assert x.__array_namespace__(api_version=v) is rp.array_api
        np.ones(1).__array_namespace__(api_version=v)
    for v in ("2025.12", "x", 1):
        with pytest.raises(ValueError) as theirs:
            np.ones(1).__array_namespace__(api_version=v)
        with pytest.raises(ValueError) as ours:
            x.__array_namespace__(api_version=v)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(TypeError):
        x.__array_namespace__("2024.12")  # keyword-only


def test_array_api_compat_finds_raptors():
    compat = pytest.importorskip("array_api_compat")
    x = rp.ones(3)
    assert compat.array_namespace(x) is rp.array_api
    assert compat.array_namespace(x, rp.zeros(2)) is rp.array_api
    assert compat.is_array_api_obj(x)
    assert compat.device(x) == "cpu"
    assert compat.size(x) == 3
    # a full reduction through the namespace stays in it (scikit-learn mixes
    # such results with arrays: Ridge's mean of y beside X's column means)
    xp = compat.array_namespace(x)
    assert compat.array_namespace(x, xp.mean(x, axis=0), xp.sum(x)) is xp
    # raptors' own full reductions are NumPy scalars, as NumPy's
    with pytest.raises(TypeError, match="Multiple namespaces"):
        compat.array_namespace(x, rp.sum(x))


X0 = np.array([[3.0, -1.5, 2.0], [0.5, 4.0, -2.5]])


@pytest.mark.parametrize("call", [
    lambda m, x: m.sum(x), lambda m, x: m.mean(x[0], axis=0), lambda m, x: m.max(x),
    lambda m, x: m.std(x, correction=1), lambda m, x: m.argmax(x), lambda m, x: m.any(x > 3),
    lambda m, x: m.count_nonzero(x), lambda m, x: m.vecdot(x[0], x[1]),
    lambda m, x: m.linalg.det(x[:, :2]), lambda m, x: m.linalg.vector_norm(x),
    lambda m, x: m.linalg.slogdet(x[:, :2]), lambda m, x: m.unique_counts(x),
    lambda m, x: m.sum(x, axis=0), lambda m, x: m.linalg.svd(x),
], ids=["sum", "mean-axis", "max", "std", "argmax", "any", "count_nonzero", "vecdot", "det",
        "vector_norm", "slogdet", "unique_counts", "sum-axis0", "svd"])
def test_namespace_gives_0d_arrays_where_numpy_gives_scalars(call):
    """raptors.array_api = raptors with NumPy scalars as 0-d raptors arrays:
    equal values and dtypes, arrays and containers otherwise unchanged."""
    x = rp.asarray(X0)
    xp = x.__array_namespace__()
    ours, plain, theirs = call(xp, x), call(rp, x), call(np, X0)
    if type(theirs) is not tuple and not hasattr(theirs, "_fields"):
        ours, plain, theirs = (ours,), (plain,), (theirs,)
    assert type(ours) is type(plain)
    for o, p, t in zip(ours, plain, theirs):
        assert isinstance(o, rp.ndarray)
        assert type(p) is (rp.ndarray if isinstance(t, np.ndarray) else type(t))
        assert o.dtype == t.dtype and o.shape == np.shape(t)
        np.testing.assert_allclose(np.asarray(o), t, rtol=1e-12)


def test_namespace_has_every_name_of_raptors():
    import raptors.bench  # noqa: F401  (a name raptors gains after the namespace is built)

    xp = rp.array_api
    names = [n for n in dir(rp) if not n.startswith("_") and n != "array_api"]
    names.append("__array_api_version__")
    for n in names:
        assert hasattr(xp, n), n
    for n in rp.linalg.__all__:
        assert hasattr(xp.linalg, n), n
    # dtypes and classes are raptors' own objects (comparisons keep working)
    assert xp.float64 is rp.float64 and xp.ndarray is rp.ndarray and xp.bool is rp.bool
    assert xp.__array_namespace_info__ is rp.__array_namespace_info__
    assert inspect.signature(xp.where) == inspect.signature(rp.where)
    for fn in (xp.sum, xp.linalg.det):  # the namespace's own functions travel
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_namespace_info_matches_numpy():
    ours, theirs = rp.__array_namespace_info__(), np.__array_namespace_info__()
    assert set(ours.capabilities()) == set(theirs.capabilities())
    assert ours.capabilities()["max dimensions"] == theirs.capabilities()["max dimensions"]
    assert all(isinstance(v, bool) for k, v in ours.capabilities().items() if k != "max dimensions")
    assert ours.default_device() == theirs.default_device() == "cpu"
    assert ours.devices() == theirs.devices() == ["cpu"]
    d_ours, d_theirs = ours.default_dtypes(), theirs.default_dtypes()
    assert set(d_ours) == set(d_theirs)
    for k in ("real floating", "complex floating", "integral", "indexing"):
        assert d_ours[k] == d_theirs[k]
    kinds = ["bool", "signed integer", "unsigned integer", "integral", "real floating",
             "complex floating", "numeric", ("bool", "integral"),
             ("real floating", "signed integer"), ("complex floating", "bool"), None]
    for kind in kinds:
        # (np.dtype(): NumPy 2.4 gives the scalar type np.bool for kind="bool")
        want = {k: np.dtype(v) for k, v in theirs.dtypes(kind=kind).items()}
        assert ours.dtypes(kind=kind) == want, kind
        assert list(ours.dtypes(kind=kind)) == list(want), kind
    for bad in ({"kind": "foo"}, {"device": "gpu"}):
        with pytest.raises(ValueError) as e_theirs:
            theirs.dtypes(**bad)
        with pytest.raises(ValueError) as e_ours:
            ours.dtypes(**bad)
        assert str(e_ours.value) == str(e_theirs.value)
    assert ours.dtypes(device="cpu") == ours.dtypes()
    assert ours.default_dtypes(device="cpu") == d_ours


def test_device_and_to_device():
    x, a = rp.arange(3), np.arange(3)
    assert x.device == a.device == "cpu"
    assert x.to_device("cpu") is x
    assert x.to_device(x.device) is x
    for dev, kw in (("gpu", {}), ("cpu", {"stream": 1})):
        with pytest.raises(ValueError) as theirs:
            a.to_device(dev, **kw)
        with pytest.raises(ValueError) as ours:
            x.to_device(dev, **kw)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(TypeError):
        x.to_device(device="cpu")  # positional-only, as NumPy's
    assert rp.zeros(2, device=x.device).device == "cpu"
    with pytest.raises(ValueError):
        rp.asarray([1], device="gpu")


def test_priority_above_numpy():
    assert rp.ones(1).__array_priority__ > np.ones(1).__array_priority__


def test_finfo_python_floats():
    for dt in (np.float32, np.float64):
        ours, theirs = rp.finfo(dt), np.finfo(dt)
        for name in ("eps", "max", "min", "smallest_normal", "tiny", "resolution"):
            v = getattr(ours, name)
            assert type(v) is float, name  # the standard's type; NumPy gives numpy scalars
            assert v == getattr(theirs, name)
        assert ours.bits == theirs.bits and ours.dtype == theirs.dtype
        assert ours.nmant == theirs.nmant  # the rest is NumPy's
        assert rp.finfo(rp.ones(1, dtype=dt)).eps == theirs.eps
    with pytest.raises(ValueError):
        np.finfo(np.int32)
    with pytest.raises(ValueError):
        rp.finfo(np.int32)


def test_clip_both_spellings():
    a = np.arange(6.0)
    x = rp.asarray(a)
    for args, kw in (((1, 4), {}), ((), {"min": 1, "max": 4}), ((), {"a_min": 1, "a_max": 4}),
                     ((), {"min": 2}), ((None, 3), {})):
        np.testing.assert_array_equal(np.asarray(rp.clip(x, *args, **kw)),
                                      np.clip(a, *args, **kw))


def test_broadcast_arrays_follows_numpy():
    x, y = rp.ones((2, 1)), rp.ones(3)
    ours, theirs = rp.broadcast_arrays(x, y), np.broadcast_arrays(np.ones((2, 1)), np.ones(3))
    assert type(ours) is type(theirs)  # NumPy 2: a tuple (the standard says list; docs)
    assert [o.shape for o in ours] == [t.shape for t in theirs]


def test_namespace_takes_the_standards_forms():
    """Where NumPy 2 and the standard differ in a signature or a container
    type, raptors keeps NumPy's and raptors.array_api the standard's."""
    xp = rp.array_api
    a = np.arange(6.0)
    x = xp.asarray(a)
    sig = inspect.signature(xp.clip)
    assert list(sig.parameters) == ["x", "min", "max"]
    assert sig.parameters["x"].kind is inspect.Parameter.POSITIONAL_ONLY
    for args, kw, lo, hi in (((1, 4), {}, 1, 4), ((), {"min": 1, "max": 4}, 1, 4),
                             ((), {"min": 2}, 2, None), ((None, 3), {}, None, 3),
                             ((), {}, None, None)):
        ours = xp.clip(x, *args, **kw)
        assert isinstance(ours, rp.ndarray)
        np.testing.assert_array_equal(np.asarray(ours), np.clip(a, lo, hi), strict=True)
    with pytest.raises(TypeError):
        xp.clip(x, a_min=1)
    with pytest.raises(TypeError):
        xp.clip(x=x)
    ours = xp.broadcast_arrays(xp.ones((2, 1)), xp.ones(3))
    assert type(ours) is list and [o.shape for o in ours] == [(2, 3), (2, 3)]
    b = np.arange(3.0)
    for indexing in ("xy", "ij"):
        ours = xp.meshgrid(x, xp.asarray(b), indexing=indexing)
        theirs = np.meshgrid(a, b, indexing=indexing)
        assert type(ours) is list and len(ours) == 2
        for o, t in zip(ours, theirs):
            np.testing.assert_array_equal(np.asarray(o), t, strict=True)
    assert xp.meshgrid() == []
    with pytest.raises(TypeError):
        xp.meshgrid(x, "ij")  # indexing is keyword-only


# The standard's signatures: positional-only array arguments and keyword-only
# options, exercised by calling (C functions have no inspectable signature).
def test_standard_keyword_rules():
    x = rp.asarray(np.arange(12.0).reshape(3, 4))
    a = np.asarray(x)
    calls = [
        ("sum", {"axis": (0, 1), "dtype": np.float32, "keepdims": True}),
        ("prod", {"axis": 0, "dtype": np.float64, "keepdims": False}),
        ("max", {"axis": 1, "keepdims": True}),
        ("min", {"axis": None}),
        ("mean", {"axis": (1,), "keepdims": True}),
        ("std", {"axis": 0, "correction": 1, "keepdims": True}),
        ("var", {"correction": 0.5}),
        ("argmax", {"axis": 1, "keepdims": True}),
        ("argmin", {"axis": 0}),
        ("cumulative_sum", {"axis": 1, "include_initial": True, "dtype": np.float32}),
        ("cumulative_prod", {"axis": 0, "include_initial": True}),
        ("count_nonzero", {"axis": (0,), "keepdims": True}),
        ("all", {"axis": 0, "keepdims": True}),
        ("any", {"axis": (0, 1)}),
    ]
    for name, kw in calls:
        ours = getattr(rp, name)(x, **kw)
        theirs = getattr(np, name)(a, **kw)
        np.testing.assert_allclose(np.asarray(ours), theirs, rtol=1e-6, strict=True, err_msg=name)
    for name in ("empty", "zeros", "ones"):
        assert getattr(rp, name)((2,), dtype=np.int8, device="cpu").dtype == np.int8
    assert rp.full((2,), 3, dtype=np.int16, device="cpu").dtype == np.int16
    assert rp.astype(x, np.int32, copy=False, device="cpu").dtype == np.int32
    sig = inspect.signature(rp.astype)
    assert sig.parameters["x"].kind is inspect.Parameter.POSITIONAL_ONLY
    assert sig.parameters["copy"].kind is inspect.Parameter.KEYWORD_ONLY
    sig = inspect.signature(rp.from_dlpack)
    assert sig.parameters["x"].kind is inspect.Parameter.POSITIONAL_ONLY
    assert sig.parameters["device"].kind is inspect.Parameter.KEYWORD_ONLY


def test_info_and_device_pickle():
    assert pickle.loads(pickle.dumps(rp.ones(2).device)) == "cpu"
