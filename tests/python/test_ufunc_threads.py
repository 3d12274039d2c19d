"""Elementwise ops on the thread pool: identical bits and warnings for every
thread count, fork safety, and the threading_info() counters."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import raptors as rp

# Each case prints one line: sha256 of the result bytes, the dtype, the shape
# and the warnings raised; the same script runs with 1 and with 2 threads.
SCRIPT = textwrap.dedent(
    r"""
    import hashlib, json, warnings
    import numpy as np
    import raptors as rp

    rng = np.random.default_rng(5)
    out = []

    def record(name, fn):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = np.asarray(fn())
        msgs = sorted({str(x.message) for x in w})
        out.append([name, str(r.dtype), list(r.shape),
                    hashlib.sha256(np.ascontiguousarray(r).tobytes()).hexdigest(), msgs])

    # Sizes from the cutoff, so even the 1-byte dtypes (2 operands) cross it.
    cutoff = rp.threading_info()["serial_cutoff_bytes"]
    n = (int((cutoff / 2) ** 0.5) // 64 + 1) * 64
    m = cutoff // 8 + 1000
    for dt in ["float64", "float32", "int64", "int32", "uint8", "int16"]:
        x = rng.standard_normal((n, n)) * 50
        y = rng.standard_normal((n, n)) * 50
        if dt[0] != "f":
            x, y = x.astype(dt), y.astype(dt)
        else:
            x, y = x.astype(dt), y.astype(dt)
            x[::97, ::13] = np.nan
            x[1::89, ::7] = np.inf
            y[::31, ::5] = 0
        a, b = rp.asarray(x), rp.asarray(y)
        row = rp.asarray(np.arange(n).astype(dt))
        record(f"{dt} scale", lambda: a * 1.0009765625)
        record(f"{dt} add", lambda: a + b)
        record(f"{dt} row", lambda: a + row)
        record(f"{dt} col", lambda: a - row.reshape(n, 1))
        record(f"{dt} T", lambda: a.T * b)
        record(f"{dt} stride", lambda: a[::2, ::3] * b[1::2, ::3])
        record(f"{dt} neg", lambda: a[::-1, ::-1] + b)
        record(f"{dt} div", lambda: a / b)
        record(f"{dt} floordiv", lambda: a // b)
        record(f"{dt} cmp", lambda: a < b)
        record(f"{dt} f32mix", lambda: a * rp.asarray(y.astype("float32")))
        record(f"{dt} sqrt", lambda: rp.sqrt(a))
        record(f"{dt} 3d", lambda: a.reshape(n // 64, 64, n) * row)
    big = rp.asarray(np.full(m, 1e300))
    record("overflow", lambda: big * big)
    record("underflow", lambda: big * 1e-300 * 1e-300 * 1e-300)
    record("invalid", lambda: rp.asarray(np.full(m, np.inf)) - rp.asarray(np.full(m, np.inf)))
    ints = rp.asarray(np.arange(m, dtype=np.int64))
    record("intdiv0", lambda: ints // rp.asarray(np.zeros(m, dtype=np.int64)))
    record("out", lambda: rp.multiply(a, 3, out=rp.empty((n, n), dtype="float64"), casting="unsafe"))
    flat = rp.asarray(rng.standard_normal(m + 3))
    record("offset out", lambda: rp.multiply(flat[1:-2], 2.5, out=rp.empty(m + 1)[1:]))
    record("strided out", lambda: rp.add(flat[:m], 1.0, out=rp.empty(2 * m)[::2]))

    def inplace():
        c = flat[:m] * 1.0
        c += flat[3:]
        c *= c
        return c
    record("in place", inplace)
    info = rp.threading_info()
    print(json.dumps({"rows": out, "threads": info["threads"],
                      "threaded": sum(c["threaded_simd"] for c in info["counters"].values())}))
    """
)


def run(threads, code=SCRIPT, timeout=600, **extra_env):
    env = dict(os.environ, RAPTORS_THREADS=str(threads), **extra_env)
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=timeout)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_identical_bits_and_warnings_for_1_and_2_threads():
    one, two = run(1), run(2)
    assert one["threads"] == 1 and two["threads"] == 2
    assert one["threaded"] == 0, "RAPTORS_THREADS=1 must stay single-threaded"
    assert two["threaded"] > 0, "no call ran on the pool"
    assert len(one["rows"]) == len(two["rows"])
    for r1, r2 in zip(one["rows"], two["rows"]):
        assert r1 == r2, (r1, r2)
    # warnings are NumPy's (the threaded run reports the same classes)
    warned = {r[0]: r[4] for r in two["rows"]}
    assert any("overflow" in m for m in warned["overflow"])
    assert any("invalid" in m for m in warned["invalid"])
    assert any("divide by zero" in m for m in warned["intdiv0"])
    assert warned["underflow"] == []  # NumPy ignores underflow by default


def test_streamed_output_changes_no_bit():
    """Outputs written with non-temporal stores (every output here, via
    RAPTORS_STREAM_BYTES=1) are byte-identical to cached stores."""
    ref = run(1, RAPTORS_STREAM_BYTES="0")
    for threads in (1, 2):
        got = run(threads, RAPTORS_STREAM_BYTES="1")
        assert len(got["rows"]) == len(ref["rows"])
        for r1, r2 in zip(ref["rows"], got["rows"]):
            assert r1 == r2, (r1, r2)


def test_threaded_results_match_numpy():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1100, 1300))
    r = rng.standard_normal(1300)
    a, row = rp.asarray(x), rp.asarray(r)
    for got, want in [(a * 1.0009765625, x * 1.0009765625), (a + row, x + r),
                      (a.T - 2.5, x.T - 2.5), (a[:, ::-2] * a[:, 1::2], x[:, ::-2] * x[:, 1::2])]:
        g = np.asarray(got)
        assert g.tobytes() == np.ascontiguousarray(want).tobytes()


def test_fork_after_threaded_op():
    code = textwrap.dedent(
        """
        import os, sys
        import numpy as np
        import raptors as rp
        a = rp.asarray(np.ones((2048, 1024)))
        b = a * 2.0                      # starts the pool's workers
        pid = os.fork()
        if pid == 0:
            c = a * 3.0 + a              # the child uses its own pool
            ok = float(np.asarray(c).sum()) == 4.0 * 2048 * 1024
            ok &= rp.threading_info()["counters"]["multiply"]["threaded_simd"] >= 2
            os._exit(0 if ok else 3)
        _, status = os.waitpid(pid, 0)
        d = a * 5.0                      # and the parent's pool still works
        assert float(np.asarray(d).sum()) == 5.0 * 2048 * 1024
        sys.exit(os.waitstatus_to_exitcode(status))
        """
    )
    env = dict(os.environ, RAPTORS_THREADS="2")
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr


def test_threading_info_structure_and_counters():
    info = rp.threading_info()
    assert set(info) == {"threads", "pool", "serial_cutoff_bytes", "reduce_cutoff_bytes",
                         "block_bytes", "spin_us", "llc_bytes", "stream_min_bytes",
                         "reduce_prefetch_bytes", "counters"}
    assert info["reduce_cutoff_bytes"] > 0 and info["spin_us"] >= 0
    assert info["pool"] == "pthreads"
    assert info["threads"] >= 1
    assert info["serial_cutoff_bytes"] > 0 and info["block_bytes"] % 64 == 0
    before = info["counters"].get("add", {"scalar": 0, "simd": 0, "threaded_simd": 0})
    a = rp.asarray(np.ones(10))
    a + a
    big = rp.asarray(np.ones(info["serial_cutoff_bytes"] // 16 + 16384))
    big + big
    after = rp.threading_info()["counters"]["add"]
    assert set(after) == {"scalar", "simd", "threaded_simd"}
    assert sum(after.values()) == sum(before.values()) + 2
    if info["threads"] > 1:
        assert after["threaded_simd"] == before["threaded_simd"] + 1
    else:
        assert after["threaded_simd"] == before["threaded_simd"]


def test_cache_sized_thresholds_follow_the_last_level_cache():
    from raptors.bench.bandwidth import last_level_cache_bytes
    from raptors.bench.report import cpu_caches

    info = rp.threading_info()
    expect = last_level_cache_bytes(cpu_caches())  # the harness's own sysfs reading
    if expect is None:
        pytest.skip("no sysfs cache information here")
    if os.environ.get("RAPTORS_STREAM_BYTES") or os.environ.get("RAPTORS_PREFETCH_BYTES"):
        pytest.skip("thresholds overridden in the environment")
    assert info["llc_bytes"] == expect
    assert info["stream_min_bytes"] == 2 * expect
    assert info["reduce_prefetch_bytes"] == expect // 2


def test_cache_sized_thresholds_from_the_environment():
    code = (
        "import raptors as rp\n"
        "i = rp.threading_info()\n"
        "print(i['stream_min_bytes'], i['reduce_prefetch_bytes'])\n"
    )
    for env_vals, expect in (({"RAPTORS_STREAM_BYTES": "0", "RAPTORS_PREFETCH_BYTES": "0"},
                              ["None", "None"]),
                             ({"RAPTORS_STREAM_BYTES": "4096", "RAPTORS_PREFETCH_BYTES": "1"},
                              ["4096", "1"])):
        env = dict(os.environ, **env_vals)
        p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        assert p.stdout.split() == expect


def test_set_threads_round_trip_and_validation():
    old = rp._raptors._set_threads(1)
    try:
        assert rp.threading_info()["threads"] == 1
        assert rp._raptors._set_threads(3) == 1
        assert rp.threading_info()["threads"] == 3
        with pytest.raises(ValueError):
            rp._raptors._set_threads(0)
        with pytest.raises(TypeError):
            rp._raptors._set_threads("2")
    finally:
        rp._raptors._set_threads(old)


def test_cutoff_and_spin_environment_variables():
    code = (
        "import raptors as rp, numpy as np\n"
        "i = rp.threading_info()\n"
        "a = rp.asarray(np.arange(20000.0))\n"
        "r = (a * 3.0).tolist()\n"
        "assert r == (np.arange(20000.0) * 3.0).tolist()\n"
        "c = rp.threading_info()['counters']['multiply']\n"
        "print(i['serial_cutoff_bytes'], i['reduce_cutoff_bytes'], i['spin_us'], c['threaded_simd'])\n"
    )
    env = dict(os.environ, RAPTORS_THREADS="2", RAPTORS_UFUNC_PAR_BYTES="4096",
               RAPTORS_REDUCE_PAR_BYTES="8192", RAPTORS_SPIN_US="0")
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["4096", "8192", "0", "1"]
