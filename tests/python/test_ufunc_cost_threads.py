"""Threads by cost (src/core/ufunc_cost.c): the float functions go to the
pool from their own cutoffs (a libm-speed function from the 16 Ki floor, a
cheap vector kernel later), and their results are the same bits for every
thread count, in every dtype, around every cutoff."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np

SCRIPT = textwrap.dedent(
    r"""
    import hashlib, json, warnings
    import numpy as np
    import raptors as rp

    rng = np.random.default_rng(12)
    rows = []

    def threaded(op):
        return rp.threading_info()["counters"].get(op, {}).get("threaded_simd", 0)

    def record(name, op, fn):
        before = threaded(op)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = np.asarray(fn())
        rows.append([name, str(r.dtype), hashlib.sha256(r.tobytes()).hexdigest(),
                     sorted({str(x.message) for x in w}), threaded(op) - before])

    # sizes: the floor, odd sizes between the cutoffs, past the byte cutoff
    for n in (16384, 20011, 47000, 140001):
        for dt in ("float16", "float32", "float64"):
            x = (rng.standard_normal(n) * 30).astype(dt)
            y = (rng.standard_normal(n) * 3).astype(dt)
            x[::101] = np.nan
            x[7::211] = np.inf
            a, b = rp.asarray(x), rp.asarray(y)
            p = rp.asarray(np.abs(x))
            for op in ("exp", "sin", "tanh", "arctan", "log"):
                record(f"{op} {dt} {n}", op, lambda: getattr(rp, op)(p if op == "log" else a))
            for op in ("power", "arctan2", "hypot", "logaddexp", "fmod"):
                record(f"{op} {dt} {n}", op, lambda: getattr(rp, op)(p if op == "power" else a, b))
            record(f"add {dt} {n}", "add", lambda: a + b)
            record(f"strided sin {dt} {n}", "sin", lambda: rp.sin(a[::-1]))
    # several calls, so that a busy machine's late worker cannot make the
    # whole check depend on one call
    sin = rp.asarray(rng.standard_normal(40000))
    record("sin x5", "sin", lambda: [rp.sin(sin) for _ in range(5)][-1])
    rows.append(["isa", rp.simd_info()["selected"], "", [], 0])
    print(json.dumps(rows))
    """
)


def run(threads):
    env = dict(os.environ, RAPTORS_THREADS=str(threads))
    env.pop("RAPTORS_UFUNC_PAR_BYTES", None)
    p = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                       timeout=900)
    assert p.returncode == 0, p.stderr
    return {r[0]: r[1:] for r in json.loads(p.stdout.strip().splitlines()[-1])}


def test_math_functions_identical_for_every_thread_count_and_threaded_by_cost():
    one, two = run(1), run(2)
    assert one.keys() == two.keys()
    for name in one:
        assert one[name][:3] == two[name][:3], name  # dtype, bits, warnings
        assert one[name][3] == 0, name  # one thread: never the pool
    threaded = {name: r[3] > 0 for name, r in two.items()}
    # a libm-speed function (float64 sin, 8 ns an element) threads from the
    # 16 Ki floor, where float64 add (bytes: 1 MiB / 24 = 43691 elements)
    # and float32 exp (0.1-0.3 ns an element) do not
    assert threaded["sin x5"]
    for dt in ("float16", "float32", "float64"):
        assert not threaded[f"add {dt} 16384"]
    # float32 exp (4 AVX2 instructions an element, 12 an ns: 0.33 ns, half on
    # AVX-512, twice on 128-bit vectors) reaches 6 us of work from 36,000
    # elements on AVX-512, 18,000 on AVX2 and the 16 Ki floor (whose call
    # stays serial) on 128-bit vectors (RAPTORS_SIMD=0); float16 never
    # earlier. The ISA is the subprocess's (this process's may have been
    # switched by an earlier test).
    isa = two["isa"][0]
    for dt in ("float16", "float32"):
        assert not threaded[f"exp {dt} 16384"] or isa not in ("avx2", "avx512"), (isa, dt)
        assert not threaded[f"exp {dt} 20011"] or isa != "avx512", (isa, dt)
    assert threaded["exp float32 20011"] == (isa != "avx512"), isa
    # past every cutoff the pool takes the cheap ones too
    assert threaded["add float64 140001"] or threaded["exp float32 140001"]


def test_results_match_numpy_on_the_pool():
    import raptors as rp

    rng = np.random.default_rng(3)
    x = rng.standard_normal(50000) * 10
    y = rng.standard_normal(50000)
    a, b = rp.asarray(x), rp.asarray(y)
    np.testing.assert_array_max_ulp(np.asarray(rp.sin(a)), np.sin(x), 2)
    np.testing.assert_array_max_ulp(np.asarray(rp.arctan2(a, b)), np.arctan2(x, y), 2)
    np.testing.assert_array_max_ulp(np.asarray(rp.hypot(a, b)), np.hypot(x, y), 1)
