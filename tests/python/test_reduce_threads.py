"""Reductions on the thread pool: byte-identical results for every thread
count (the same script runs with RAPTORS_THREADS=1, 2 and 3), and the threaded
results agree with NumPy."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

# Each case prints [name, dtype, shape, hex of the result bytes]. The cutoff
# is lowered (RAPTORS_REDUCE_PAR_BYTES) so modest arrays take every threaded
# path; one array above the real 16 MiB cutoff checks the default as well.
SCRIPT = textwrap.dedent(
    r"""
    import json, sys
    import numpy as np
    import raptors as rp

    rng = np.random.default_rng(11)
    out = []
    check = sys.argv[1] == "1"

    def record(name, fn, ref):
        r = np.asarray(fn())
        if check:
            # the threaded walks must still compute NumPy's answer
            e = np.asarray(ref())
            assert r.dtype == e.dtype and r.shape == e.shape, (name, r.dtype, e.dtype)
            if r.dtype.kind == "f":
                tol = 1e-3 if r.dtype == np.float32 else 1e-9
                assert np.allclose(r, e, rtol=tol, atol=tol, equal_nan=True), name
            else:
                assert np.array_equal(r, e), name
        out.append([name, str(r.dtype), list(r.shape), r.tobytes().hex()])

    def cases(tag, x):
        a = rp.asarray(x)
        views = {
            "C": (a, x),
            "T": (a.T, x.T),
            "stride": (a[::2, 1::3], x[::2, 1::3]),
            "neg": (a[::-1, ::-1], x[::-1, ::-1]),
        }
        for vn, (v, xv) in views.items():
            if xv.size == 0:
                continue
            for axis in [None, 0, 1, (0, 1)]:
                k = f"{tag} {vn} axis={axis}"
                record(k + " sum", lambda: v.sum(axis=axis), lambda: xv.sum(axis=axis))
                record(k + " mean", lambda: v.mean(axis=axis), lambda: xv.mean(axis=axis))
                record(k + " min", lambda: v.min(axis=axis), lambda: xv.min(axis=axis))
                record(k + " max", lambda: v.max(axis=axis), lambda: xv.max(axis=axis))
                record(k + " var", lambda: v.var(axis=axis), lambda: xv.var(axis=axis))
                if axis != (0, 1):
                    record(k + " argmax", lambda: v.argmax(axis=axis),
                           lambda: xv.argmax(axis=axis))
                    record(k + " argmin", lambda: v.argmin(axis=axis),
                           lambda: xv.argmin(axis=axis))
                if axis in (0, 1):
                    record(k + " cumsum", lambda: v.cumsum(axis=axis),
                           lambda: xv.cumsum(axis=axis))

    for dt in ["float64", "float32", "int64", "int32"]:
        x = rng.standard_normal((517, 1031)) * 100
        x = x.astype(dt)
        cases(dt, x)
    # one long row and one long column: the run split and few columns
    for dt in ["float64", "float32"]:
        x = (rng.standard_normal((1, 300007)) * 10).astype(dt)
        cases(dt + " row", x)
        cases(dt + " col", x.T.copy())
    # ties everywhere, and NaNs (the first one wins), split across ranges
    ties = rng.integers(-3, 4, (1, 300007)).astype("int16")
    cases("ties row", ties)
    nans = (rng.standard_normal((1, 300007)) * 10)
    nans[0, [250001, 70001, 299999]] = np.nan
    cases("nan row", nans)
    cases("nan col", nans.T.copy())
    # above the default cutoff: no override needed
    big = rng.standard_normal((1500, 1500))
    b = rp.asarray(big)
    record("big sum", lambda: b.sum(), lambda: big.sum())
    record("big mean0", lambda: b.mean(axis=0), lambda: big.mean(axis=0))
    record("big mean1", lambda: b.mean(axis=1), lambda: big.mean(axis=1))
    print(json.dumps(out))
    """
)


def run(threads, par_bytes, **extra_env):
    env = dict(os.environ, RAPTORS_THREADS=str(threads), **extra_env)
    env.pop("RAPTORS_REDUCE_PAR_BYTES", None)
    if par_bytes is not None:
        env["RAPTORS_REDUCE_PAR_BYTES"] = str(par_bytes)
    p = subprocess.run(
        [sys.executable, "-c", SCRIPT, "1" if threads > 1 else "0"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_prefetching_ahead_changes_no_bit():
    """Floating sums that prefetch ahead (every input here, via
    RAPTORS_PREFETCH_BYTES=1) give the bits of those that do not."""
    ref = run(1, 65536, RAPTORS_PREFETCH_BYTES="0")
    for threads in (1, 2):
        got = run(threads, 65536, RAPTORS_PREFETCH_BYTES="1")
        assert [g[:3] for g in got] == [r[:3] for r in ref]
        for r, g in zip(ref, got):
            assert g[3] == r[3], f"{r[0]}: prefetched, threads={threads}, differs"


@pytest.mark.parametrize("par_bytes", [65536, None])
def test_reductions_identical_for_every_thread_count(par_bytes):
    ref = run(1, par_bytes)
    assert len(ref) > 300
    for threads in (2, 3):
        got = run(threads, par_bytes)
        assert len(got) == len(ref)
        for r, g in zip(ref, got):
            assert g[:3] == r[:3]
            assert g[3] == r[3], f"{r[0]}: threads={threads} differs from 1 thread"
