"""raptors under Dask: pickling and distributed's serialisation of every
dtype and layout (including frames at unaligned offsets), then a dask.array
of raptors chunks on a 2-process LocalCluster compared with NumPy."""

import pickle

import numpy as np
import pytest

import raptors as rp
from strategies import DTYPES

LAYOUTS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "strided": lambda a: a[::2, ::-2],
    "0-d": lambda a: a[1, 1, ...],
    "zero-size": lambda a: a[:0],
    "zero-size-F": lambda a: np.asfortranarray(a[:, :0]),
}


def _pair(dtype, layout):
    a = LAYOUTS[layout](np.arange(24).reshape(4, 6).astype(dtype))
    x = rp.asarray(np.ascontiguousarray(a) if layout == "strided" else a)
    if layout == "strided":  # a raptors view, not a converted copy
        x = rp.asarray(np.arange(24).reshape(4, 6).astype(dtype))[::2, ::-2]
    return a, x


def _check(y, a):
    assert isinstance(y, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(y), a, strict=True)
    assert y.flags.writeable


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_pickle_every_dtype_and_layout(dtype, layout):
    a, x = _pair(dtype, layout)
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        _check(pickle.loads(pickle.dumps(x, protocol=proto)), a)
    # Protocol 5 with out-of-band buffers placed at an odd offset.
    bufs = []
    data = pickle.dumps(x, protocol=5, buffer_callback=bufs.append)
    moved = []
    for b in bufs:
        raw = bytes(b.raw())
        block = bytearray(len(raw) + 1)
        block[1:] = raw
        moved.append(memoryview(block)[1:])
    _check(pickle.loads(data, buffers=moved), a)


def test_zero_size_unaligned_numpy_array_converts():
    # distributed rebuilds arrays from frames at arbitrary offsets.
    for dtype in DTYPES:
        b = bytearray(17)
        for shape in ((0,), (0, 3), (2, 0)):
            a = np.frombuffer(b, dtype=dtype, count=0, offset=1).reshape(shape)
            x = rp.asarray(a)
            assert x.shape == a.shape and x.dtype == a.dtype
            np.testing.assert_array_equal(np.asarray(x), a, strict=True)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_distributed_serialisation(dtype, layout):
    protocol = pytest.importorskip("distributed.protocol")
    a, x = _pair(dtype, layout)
    header, frames = protocol.serialize(x)
    _check(protocol.deserialize(header, frames), a)
    # Frames copied to unaligned offsets, as a receiver reading one buffer does.
    moved = []
    for f in frames:
        raw = bytes(f)
        block = bytearray(len(raw) + 3)
        block[3:] = raw
        moved.append(memoryview(block)[3:])
    _check(protocol.deserialize(header, moved), a)
    msg = protocol.dumps({"x": protocol.to_serialize(x)})
    _check(protocol.loads(msg)["x"], a)


# ---- a LocalCluster of two worker processes ---------------------------------


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.array")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


A = np.arange(60.0).reshape(6, 10) - 17.5
I = (np.arange(60, dtype=np.int64).reshape(6, 10) * 7) % 23 - 9

CASES = {
    "elementwise": lambda m, xp: xp.sin(m) * 2 + m / 3,
    "sum_axis0": lambda m, xp: m.sum(axis=0),
    "mean_axis1": lambda m, xp: m.mean(axis=1),
    "max_all": lambda m, xp: m.max(axis=(0, 1)),
    "std_axis0": lambda m, xp: m.std(axis=0),
    "prod_keepdims": lambda m, xp: (m / 10).prod(axis=1, keepdims=True),
    "cumsum_axis1": lambda m, xp: xp.cumsum(m, axis=1),
    "cumsum_axis0": lambda m, xp: xp.cumsum(m, axis=0),
    "slicing": lambda m, xp: m[1:5, ::3] + m[::-1, ::-3][:4],
    "transpose": lambda m, xp: m.T + 1,
    "where": lambda m, xp: xp.where(m > 0, m, -m),
    # dask's arg-reductions combine chunks with integer-array indexing
    "argmax_axis0": lambda m, xp: m.argmax(axis=0),
    "argmin_axis1": lambda m, xp: m.argmin(axis=1),
}


def _dask_of(a, chunks=(3, 4)):
    import dask.array as da

    return da.from_array(a, chunks=chunks).map_blocks(rp.asarray)


@pytest.mark.parametrize("case", list(CASES))
def test_dask_on_cluster_matches_numpy(client, case):
    import dask.array as da

    for a in (A, I):
        x = _dask_of(a)
        assert isinstance(x._meta, rp.ndarray)
        f = CASES[case]
        r = f(x, da).compute()
        want = f(a, np)
        # (a full reduction gives a NumPy scalar, as raptors' and NumPy's do)
        assert isinstance(r, rp.ndarray if np.ndim(want) else np.generic), type(r)
        np.testing.assert_allclose(np.asarray(r), want, rtol=1e-12, strict=True)


def test_dask_creation_and_rechunk(client):
    import dask.array as da

    x = da.ones((7, 5), chunks=(3, 2), meta=rp.empty((0, 0)))
    r = (x.rechunk((2, 5)) * 3).compute()
    assert isinstance(r, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(r), np.ones((7, 5)) * 3, strict=True)
    y = _dask_of(A).rechunk((4, 3))
    r = y.compute()
    assert isinstance(r, rp.ndarray)
    np.testing.assert_array_equal(np.asarray(r), A, strict=True)
    r = _dask_of(np.arange(12, dtype=np.int32).reshape(3, 4), chunks=(1, 4)).sum(axis=1)
    np.testing.assert_array_equal(np.asarray(r.compute()), np.arange(12).reshape(3, 4).sum(axis=1,
                                  dtype=np.int64), strict=True)


def test_dask_zero_size_chunks_travel(client):
    x = _dask_of(np.empty((0, 4)), chunks=(1, 2))
    r = client.compute(x + 1).result()
    assert isinstance(r, rp.ndarray) and r.shape == (0, 4)
    y = client.scatter(rp.asarray(np.empty((0, 3), np.int16)))
    assert client.submit(lambda v: v.shape, y).result() == (0, 3)


def test_worker_threads_follow_omp(client):
    # Dask's nanny sets OMP_NUM_THREADS=1 in its workers: raptors follows it.
    counts = client.run(lambda: __import__("raptors").get_num_threads())
    assert set(counts.values()) == {1}


def test_dask_matmul_tensordot_dot(client):
    import dask.array as da

    x, b = _dask_of(A), np.arange(40.0).reshape(10, 4)
    want = A @ b
    for r in (x @ _dask_of(b, (5, 2)),  # raptors chunks on both sides
              x @ da.from_array(b, chunks=(5, 2)),  # NumPy chunks on the right
              da.tensordot(x, b, axes=1), da.tensordot(x, _dask_of(b, (5, 2)), axes=1),
              x.dot(b), da.dot(x, _dask_of(b, (5, 2)))):
        got = r.compute()
        assert isinstance(got, rp.ndarray), type(got)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12, strict=True)
