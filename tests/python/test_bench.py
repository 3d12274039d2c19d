"""The benchmark harness's logic: suites, statistics, validation, JSON schema.

Nothing here asserts on a timing: runs use NumPy against itself (or fake
backends) on tiny rows, and only the structure of what comes out is checked.
"""

import copy
import json
import math

import numpy as np
import pytest

from raptors.bench import __main__ as cli
from raptors.bench import runner, schema, suites, timing
from raptors.bench.bandwidth import (
    MEMORY_FACTOR,
    BandwidthProbe,
    bucket,
    last_level_cache_bytes,
)
from raptors.bench.report import render, summarize_rows

# ---- suites -----------------------------------------------------------------------


def test_2d_suite_is_the_36_reference_rows():
    rows = suites.build_suite("2d")
    assert len(rows) == 36
    assert len({r.id for r in rows}) == 36
    combos = {(r.op, r.shape, r.dtype) for r in rows}
    expected = {
        (op, (n, n), dt)
        for op in ("sum", "mean", "mean_axis0", "mean_axis1", "broadcast_add", "scale")
        for n in (512, 1024, 2048)
        for dt in ("float64", "float32")
    }
    assert combos == expected
    assert {r.layout for r in rows} == {"C"}
    stmts = {r.op: r.statement for r in rows}
    assert stmts == {
        "sum": "a.sum()",
        "mean": "a.mean()",
        "mean_axis0": "a.mean(axis=0)",
        "mean_axis1": "a.mean(axis=1)",
        "broadcast_add": "a + r",
        "scale": "a * 1.0009765625",
    }


def test_all_is_the_union_of_the_suites_with_unique_ids():
    everything = suites.build_suite("all")
    parts = [r for name in suites.SUITES for r in suites.build_suite(name)]
    assert [r.id for r in everything] == [r.id for r in parts]
    assert len({r.id for r in everything}) == len(everything)
    with pytest.raises(ValueError):
        suites.build_suite("nope")


def test_mixed_suite_respects_the_number_of_axes():
    rows = suites.build_suite("mixed")
    one_d = [r for r in rows if len(r.shape) == 1]
    assert one_d and all(r.op not in ("mean_axis0", "mean_axis1") for r in one_d)
    ints = [r for r in rows if r.dtype == "int32"]
    assert {r.op for r in ints} == set(suites.REFERENCE_OPS)
    assert next(r for r in ints if r.op == "scale").statement == "a * 2"


def test_small_suite_sizes():
    rows = suites.build_suite("small")
    assert {r.shape for r in rows} == {(1,), (16,), (1000,), (4, 4)}
    assert {"a + b", "a * 2.0", "a.sum()"} <= {r.statement for r in rows}
    # issue 13's small calls
    assert {"a[3]", "a[1, 2]", "a.item()", "a[2:10]", "xp.zeros(16)"} <= {r.statement
                                                                            for r in rows}


def test_layout_inputs_have_the_layout_they_claim():
    rows = suites.build_suite("layouts")
    seen = set()
    for row in rows:
        if row.op != "sum":
            continue
        a = row.make_inputs()["a"]
        assert a.shape == row.shape and a.dtype == np.dtype(row.dtype)
        seen.add(row.layout)
        if row.layout == "T":
            assert a.flags.f_contiguous and not a.flags.c_contiguous
        elif row.layout == "stride2":
            assert a.strides[-1] == 2 * a.itemsize
        elif row.layout == "neg":
            assert a.strides[0] < 0
        else:
            assert a.flags.c_contiguous
    assert seen == {"C", "T", "stride2", "neg"}
    assert any(len(r.shape) == 3 for r in rows)
    assert any(r.shape == (1000, 3001) for r in rows)
    assert any(r.dtype == "int64" for r in rows)


def test_inputs_are_random_reproducible_and_per_row():
    row = suites.Row("t", "broadcast_add", (8, 5), "float32")
    a1, a2 = row.make_inputs(seed=3), row.make_inputs(seed=3)
    np.testing.assert_array_equal(a1["a"], a2["a"])
    assert not np.array_equal(a1["a"], row.make_inputs(seed=4)["a"])
    # not arange: values are not an arithmetic sequence
    assert not np.allclose(np.diff(a1["a"].ravel()), np.diff(a1["a"].ravel())[0])
    np.testing.assert_array_equal(a1["r"], np.arange(5, dtype=np.float32))
    other = suites.Row("t", "sum", (8, 5), "float32")
    assert not np.array_equal(a1["a"], other.make_inputs(seed=3)["a"])


def test_select_rows_and_parse_shape():
    rows = suites.build_suite("2d")
    assert suites.parse_shape("1024x1024") == (1024, 1024)
    assert suites.parse_shape("(512, 512)") == (512, 512)
    sel = suites.select_rows(rows, ops=["sum"], shapes=[(1024, 1024)], dtypes=["float32"])
    assert [r.id for r in sel] == ["2d/sum/1024x1024/float32/C"]


def test_bytes_moved_formula():
    a = np.zeros((512, 512))
    assert suites.bytes_moved({"a": a}, a.sum()) == 512 * 512 * 8
    assert suites.bytes_moved({"a": a}, a.mean(axis=0)) == 512 * 512 * 8 + 512 * 8
    r = np.arange(512.0)
    assert suites.bytes_moved({"a": a, "r": r}, a + r) == 2 * 512 * 512 * 8 + 512 * 8
    f = np.zeros((4, 4), dtype=np.float32)
    assert suites.bytes_moved({"a": f}, f * 2.0) == 2 * 16 * 4


# ---- statistics --------------------------------------------------------------------


def test_statistics_match_numpy_on_known_samples():
    xs = [5.0, 1.0, 4.0, 2.0, 3.0, 10.0]
    for q in (0.0, 0.25, 0.5, 0.75, 1.0):
        assert timing.quantile(xs, q) == pytest.approx(np.percentile(xs, 100 * q))
    assert timing.median([3.0, 1.0, 2.0]) == 2.0
    assert timing.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert timing.iqr([1, 2, 3, 4, 5]) == pytest.approx(2.0)
    assert timing.spread_pct([1, 2, 3, 4, 5]) == pytest.approx(100 * 2.0 / 3.0)
    assert timing.spread_pct([7.0] * 5) == 0.0
    assert timing.geomean([1.0, 4.0]) == pytest.approx(2.0)
    assert timing.geomean([2.0, None, 8.0]) == pytest.approx(4.0)
    assert timing.geomean([]) is None
    s = timing.summarize([3e-6, 1e-6, 2e-6], inner=10, cpu_fractions=[0.5, 1.0, 0.9])
    assert s["cpu_fraction"] == 0.9
    assert timing.summarize([1.0], inner=1)["cpu_fraction"] is None
    assert s["median_s"] == 2e-6 and s["min_s"] == 1e-6 and s["max_s"] == 3e-6
    assert s["samples"] == 3 and s["inner_loops"] == 10
    assert timing.paired_ratios([2.0, 3.0], [1.0, 2.0]) == [2.0, 1.5]
    kept = timing.summarize(
        [1.0, 9.0, 2.0, 3.0], 1, [1.0, 0.1, 1.0, 1.0], [True, False, True, True]
    )
    assert kept["median_s"] == 2.0 and kept["max_s"] == 3.0
    assert kept["samples"] == 4 and kept["samples_used"] == 3 and len(kept["samples_s"]) == 4


def test_interrupted_rounds_are_dropped_only_when_enough_remain():
    np_cpu, rp_cpu = [1.0, 1.0, 0.5, 1.0, 0.95], [1.0, 0.2, 1.0, 1.3, 1.0]
    assert timing.clean_rounds(np_cpu, rp_cpu) == [True, False, False, True, True]
    assert timing.clean_rounds(np_cpu, rp_cpu, min_kept=4) == [True] * 5
    assert timing.clean_rounds([0.1, 0.1, 0.1]) == [True] * 3


def test_timer_runs_the_statement_n_times():
    calls = []

    class A:
        def sum(self):
            calls.append(1)

    timer = timing.make_timer("a.sum()")
    assert timer(7, a=A()) >= 0
    assert len(calls) == 7
    n, _ = timing.calibrate(timer, {"a": A()}, min_sample_s=0.0)
    assert n == 1


def _tagged_pair(order, **kw):
    """time_pair on two fake operands whose a.sum() appends "n" or "r" to order."""

    class A:
        def __init__(self, tag):
            self.tag = tag

        def sum(self):
            order.append(self.tag)

    timer = timing.make_timer("a.sum()")
    return timing.time_pair(
        timer, {"a": A("n")}, timer, {"a": A("r")}, min_sample_s=0.0, warmup=0, **kw
    )


def test_time_pair_interleaves_both_sides():
    order, cpu = [], {}
    s_np, s_rp, _, _ = _tagged_pair(order, repeats=4, cpu_out=cpu)
    assert len(s_np) == len(s_rp) == 4
    assert len(cpu["numpy"]) <= 4 and len(cpu["raptors"]) <= 4
    assert all(f >= 0 for f in cpu["numpy"] + cpu["raptors"])
    # after the two one-call calibrations: n r, r n, n r, r n
    assert "".join(order[2:]) == "nrrnnrrn"


def test_time_pair_runs_between_rounds_then_rewarms_both_sides():
    order = []
    s_np, _, _, _ = _tagged_pair(order, repeats=3, between_rounds=lambda: order.append("|"))
    assert len(s_np) == 3
    assert "".join(order[2:]) == "nr|nr" + "rn|nr" + "nr|nr"


# ---- agreement checks and fake backends ------------------------------------------------


def test_compare_results():
    a = np.array([1.0, 2.0, 3.0])
    assert runner.compare_results(a, a.copy()) is None
    assert runner.compare_results(a, a * (1 + 1e-12)) is None
    assert "values differ" in runner.compare_results(a, a + 1e-3)
    assert "dtype" in runner.compare_results(a, a.astype(np.float32))
    assert "shape" in runner.compare_results(a, a[:2])
    f = np.float32(1.0)
    assert runner.compare_results(f, np.float32(1.0 + 1e-6)) is None
    assert runner.compare_results(np.int64(5), np.int64(6)) is not None


class _Wrapped:
    """A stand-in for a raptors array: some ops exist, some don't, some are wrong."""

    def __init__(self, arr, wrong=False):
        self.arr = arr
        self.wrong = wrong

    def sum(self):
        return self.arr.sum() + (1.0 if self.wrong else 0.0)

    def mean(self, axis=None):
        raise NotImplementedError("mean is not implemented yet")

    def __add__(self, other):
        return self.arr + np.asarray(other.arr if isinstance(other, _Wrapped) else other)

    def __array__(self, dtype=None, copy=None):
        return self.arr


class _FakeBackend(runner.RaptorsBackend):
    def __init__(self, wrong=False):
        super().__init__(module=None, threads=1)
        self.wrong = wrong

    def convert(self, operands):
        return {k: _Wrapped(v, self.wrong) for k, v in operands.items()}


def _tiny_opts():
    return runner.RunOptions(
        warmup=0, repeats=3, min_sample_s=1e-5, row_budget_s=0.05, probe_threads=1
    )


def _stub_probe(gbps=10.0, **kw):
    """A BandwidthProbe whose native function answers `gbps` and logs its calls."""
    calls = []

    def fn(nbytes, mode, threads, repeats):
        calls.append((nbytes, mode, threads, repeats))
        if isinstance(gbps, Exception):
            raise gbps
        return gbps

    probe = BandwidthProbe(probe=fn, **kw)
    probe.calls = calls
    return probe


def test_rows_raptors_cannot_run_are_na_not_crashes():
    opts = _tiny_opts()
    ok = runner.run_row(suites.Row("t", "sum", (4, 6), "float64"), _FakeBackend(), None, opts)
    assert ok["status"] == "ok" and ok["speedup"] > 0 and ok["zero_copy"] is True
    na = runner.run_row(suites.Row("t", "mean", (4, 6), "float64"), _FakeBackend(), None, opts)
    assert na["status"] == "n/a" and "NotImplementedError" in na["error"]
    assert na["raptors"] is None and na["numpy"]["samples"] >= 3
    # __add__ hands back a numpy.ndarray: NumPy did the work, so no raptors time
    fb = runner.run_row(
        suites.Row("t", "broadcast_add", (4, 6), "float64"), _FakeBackend(), None, opts
    )
    assert fb["status"] == "n/a" and "numpy.ndarray" in fb["error"]
    bad = runner.run_row(
        suites.Row("t", "sum", (4, 6), "float64"), _FakeBackend(wrong=True), None, opts
    )
    assert bad["status"] == "mismatch" and bad["speedup"] is None


def test_solo_check_times_each_library_alone_after_the_pairs():
    opts = _tiny_opts()
    row = suites.Row("t", "sum", (4, 6), "float64")
    plain = runner.run_row(row, _FakeBackend(), None, opts)
    assert "numpy_solo" not in plain and "speedup_vs_solo" not in plain
    opts.solo_check = True
    rec = runner.run_row(row, _FakeBackend(), None, opts)
    solo_np, solo_rp = rec["numpy_solo"], rec["raptors_solo"]
    assert solo_np["samples"] >= 3 and solo_rp["samples"] >= 3
    assert rec["speedup_vs_solo"] == pytest.approx(solo_np["median_s"] / solo_rp["median_s"])
    # a row raptors cannot run has no pair to check
    na = runner.run_row(suites.Row("t", "mean", (4, 6), "float64"), _FakeBackend(), None, opts)
    assert "numpy_solo" not in na


def test_cycle_timer_takes_a_different_input_each_run():
    seen = []
    timer = timing.make_timer("seen.append((a, b))", ("a", "b", "seen"), cycle=True)
    sets = [{"a": i, "b": -i, "seen": seen} for i in range(3)]
    assert timer(7, **timing.cycled(sets, ("a", "b", "seen"))) >= 0
    assert seen == [(i % 3, -(i % 3)) for i in range(7)]


def test_fresh_inputs_for_small_rows_only(monkeypatch):
    opts = _tiny_opts()
    opts.fresh = 3
    small = runner.run_row(suites.Row("t", "sum", (4, 6), "float64"), _FakeBackend(), None, opts)
    assert small["status"] == "ok" and small["fresh_inputs"] == 3 and small["speedup"] > 0
    # the inputs differ: seeds seed..seed+2 of the same row
    row = suites.Row("t", "sum", (4, 6), "float64")
    draws = [row.make_inputs(k)["a"] for k in range(3)]
    assert not np.array_equal(draws[0], draws[1]) and not np.array_equal(draws[1], draws[2])
    monkeypatch.setattr(runner, "FRESH_MAX_BYTES", 100)  # 4 x 6 float64 = 192 bytes
    big = runner.run_row(row, _FakeBackend(), None, opts)
    assert big["fresh_inputs"] == 1 and big["status"] == "ok"
    na = runner.run_row(suites.Row("t", "mean", (4, 6), "float64"), _FakeBackend(), None, opts)
    assert na["status"] == "n/a" and na["numpy"]["samples"] >= 3


def test_row_bandwidth_columns():
    opts = _tiny_opts()
    probe = _stub_probe(repeats=4)
    rec = runner.run_row(
        suites.Row("t", "sum", (100, 100), "float64"), runner.NumpyBackend(), probe, opts
    )
    bw = rec["bandwidth"]
    assert rec["bytes_moved"] == 80_000
    assert bw["mode"] == "read" and bw["gbps_1t"] == 10.0 and bw["memory"] is False
    assert bw["floor_1t_s"] == pytest.approx(80_000 / 10e9)
    assert rec["numpy_limit_fraction"] == pytest.approx(bw["floor_1t_s"] / rec["numpy"]["median_s"])
    # one sample per native call, as many as asked for, at the row's working set
    assert bw["samples"] == {"1": 4}
    assert probe.calls == [(bucket(80_000), "read", 1, 1)] * 4
    rec = runner.run_row(
        suites.Row("t", "scale", (10, 10), "float32"), runner.NumpyBackend(), _stub_probe(), opts
    )
    assert rec["bandwidth"]["mode"] == "scale" and rec["bytes_moved"] == 800


def test_row_limit_samples_both_thread_counts_between_the_timed_rounds(monkeypatch):
    opts = runner.RunOptions(
        warmup=0, repeats=3, min_sample_s=1e-5, row_budget_s=None, probe_threads=2
    )
    probe = _stub_probe(repeats=5)
    seen = {}
    real_pair = timing.time_pair

    def spy(*args, **kw):
        seen["before"] = len(probe.calls)
        out = real_pair(*args, **kw)
        seen["rounds"], seen["after"] = len(out[0]), len(probe.calls)
        return out

    monkeypatch.setattr(timing, "time_pair", spy)
    rec = runner.run_row(
        suites.Row("t", "sum", (64,), "float64"), runner.RaptorsBackend(np, 2), probe, opts
    )
    bw = rec["bandwidth"]
    # one sample per thread count after each of the 3 rounds, 2 more each after the row
    assert seen == {"before": 0, "rounds": 3, "after": 6}
    assert bw["samples"] == {"1": 5, "2": 5} and len(probe.calls) == 10
    assert [c[2] for c in probe.calls[:6]] == [1, 2] * 3
    assert rec["raptors_floor_threads"] == 2 and bw["paired_rounds"] == 3
    # a constant probe: the paired median is the floor over the median time
    assert rec["raptors_limit_fraction"] == pytest.approx(
        bw["floor_nt_s"] / rec["raptors"]["median_s"]
    )


def test_rows_beyond_the_last_level_cache_are_held_to_memory_bandwidth():
    llc = 1 << 20
    probe = _stub_probe(repeats=1, llc_bytes=llc)
    assert probe.working_set(llc) == llc and not probe.beyond_cache(llc)
    assert probe.working_set(llc + 1) == MEMORY_FACTOR * llc and probe.beyond_cache(llc + 1)
    big = 100 * llc  # already far beyond: probed at its own size
    assert probe.working_set(big) == bucket(big)
    rec = runner.run_row(
        suites.Row("t", "scale", (512, 512), "float64"), runner.NumpyBackend(), probe, _tiny_opts()
    )
    assert rec["bytes_moved"] == 2 * 512 * 512 * 8 > llc
    assert rec["bandwidth"]["memory"] is True
    assert rec["bandwidth"]["working_set_bytes"] == MEMORY_FACTOR * llc
    assert probe.calls[0][:2] == (MEMORY_FACTOR * llc, "scale")
    assert _stub_probe().working_set(big) == bucket(big)  # cache size unknown


def test_limit_fractions_pair_each_round_with_the_probe_sample_after_it():
    # floors 1, 2, 1 s against times 1, 2, 0.5 s: the rounds reached 1, 1 and 2
    frac = runner._paired_fraction(1e10, [10.0, 5.0, 10.0], [1.0, 2.0, 0.5], [True] * 3, "median")
    assert frac == pytest.approx(1.0)
    frac = runner._paired_fraction(1e10, [10.0, 5.0, 10.0], [1.0, 2.0, 0.5], [True] * 3, "min")
    assert frac == pytest.approx(2.0)
    # interrupted rounds are left out; fewer than 3 pairs give no figure
    assert runner._paired_fraction(1e10, [10.0] * 3, [1.0] * 3, [True, False, True], "median") is None
    assert runner._paired_fraction(1e10, [10.0] * 2, [1.0] * 3, [True] * 3, "median") is None


def test_the_limit_uses_the_statistic_of_the_times():
    for stat, expect in (("median", 20.0), ("min", 40.0)):
        probe = BandwidthProbe(probe=lambda *a: 0.0, stat=stat)
        assert probe.summary([10.0, 40.0, 20.0]) == expect
        assert probe.summary([]) is None
    with pytest.raises(ValueError):
        BandwidthProbe(stat="mean")


def test_a_failing_probe_costs_the_column_not_the_row():
    probe = _stub_probe(RuntimeError("no memory"), repeats=3)
    rec = runner.run_row(
        suites.Row("t", "sum", (8,), "float64"), runner.NumpyBackend(), probe, _tiny_opts()
    )
    assert rec["status"] == "ok" and rec["bandwidth"]["gbps_1t"] is None
    assert rec["numpy_limit_fraction"] is None
    assert len(probe.calls) == 1  # a key that failed once is not retried
    (m,) = probe.records()
    assert m["gbps"] is None and m["samples"] == 0 and "no memory" in m["error"]


def test_last_level_cache_from_the_sysfs_list():
    caches = [
        {"level": 1, "type": "Data", "size": "48K"},
        {"level": 1, "type": "Instruction", "size": "64M"},
        {"level": 2, "type": "Unified", "size": "1024K"},
        {"level": 3, "type": "Unified", "size": "32768K"},
    ]
    assert last_level_cache_bytes(caches) == 32 << 20
    assert last_level_cache_bytes([{"type": "Unified", "size": "2M"}]) == 2 << 20
    assert last_level_cache_bytes([]) is None
    assert last_level_cache_bytes([{"type": "Unified", "size": "?"}]) is None


# ---- the whole run, the JSON schema and validation ---------------------------------------


def _run_cli(tmp_path, *extra):
    out = tmp_path / "run.json"
    argv = [
        "--backend",
        "numpy",
        "--suite",
        "small",
        "--quick",
        "--repeats",
        "3",
        "--warmup",
        "0",
        "--min-sample-ms",
        "0.02",
        "--row-budget",
        "0.05",
        "--bw-repeats",
        "1",
        "--no-progress",
        "--output-json",
        str(out),
        *extra,
    ]
    status = cli.main(argv)
    return status, json.loads(out.read_text())


def test_a_run_writes_a_complete_json_matching_the_schema(tmp_path, capsys):
    status, doc = _run_cli(tmp_path, "--ops", "add,sum")
    assert status == 0
    assert schema.validate_schema(doc) == []
    assert [r["id"] for r in doc["rows"]] == [
        r.id for r in suites.build_suite("small") if r.op in ("add", "sum")
    ]
    assert all(r["status"] == "ok" for r in doc["rows"])
    assert doc["summary"]["rows"] == 6 and doc["summary"]["ok"] == 6
    assert doc["numpy"]["version"] == np.__version__
    assert doc["machine"]["logical_cpus"] >= 1
    text = capsys.readouterr().out
    assert "geomean speedup" in text and "[small]" in text


def test_shapes_the_suite_lacks_become_rows_of_its_ops(tmp_path):
    status, doc = _run_cli(tmp_path, "--shape", "40x24", "--ops", "add,sum")
    assert status == 0
    assert schema.validate_schema(doc) == []
    assert [(r["op"], r["shape"], r["dtype"]) for r in doc["rows"]] == [
        ("add", [40, 24], "float64"), ("sum", [40, 24], "float64")]
    assert all(r["status"] == "ok" for r in doc["rows"])


def test_a_run_whose_json_breaks_the_schema_exits_2(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "validate_schema", lambda doc: ["$.rows[0]: broken"])
    status, doc = _run_cli(tmp_path, "--ops", "sum", "--shape", "16")
    assert status == 2
    assert any("does not match its schema" in w for w in doc["warnings"])


def test_schema_validator_catches_damage(tmp_path):
    _, doc = _run_cli(tmp_path, "--ops", "sum", "--shape", "16")
    assert schema.validate_schema(doc) == []
    broken = copy.deepcopy(doc)
    del broken["rows"][0]["bytes_moved"]
    assert any("bytes_moved" in e for e in schema.validate_schema(broken))
    broken = copy.deepcopy(doc)
    broken["rows"][0]["status"] = "weird"
    assert schema.validate_schema(broken)
    broken = copy.deepcopy(doc)
    broken["rows"][0]["speedup"] = None
    assert schema.validate_schema(broken)
    broken = copy.deepcopy(doc)
    broken["rows"].append(copy.deepcopy(broken["rows"][0]))
    assert any("duplicate" in e for e in schema.validate_schema(broken))
    broken = copy.deepcopy(doc)
    broken["schema"] = "other/9"
    assert schema.validate_schema(broken)


def _doc(speedups, statuses=None):
    rows = []
    for i, (rid, sp) in enumerate(speedups.items()):
        st = (statuses or {}).get(rid, "ok")
        rows.append(
            {
                "id": rid,
                "status": st,
                "speedup": sp if st == "ok" else None,
                "error": None if st == "ok" else "boom",
            }
        )
    return {"rows": rows}


def test_validation_compares_ratios_with_relative_slack():
    base = _doc({"a": 2.0, "b": 1.0, "c": 0.5})
    ok = _doc({"a": 1.91, "b": 0.951, "c": 0.5})
    fails, compared, skipped = schema.compare_to_baseline(ok, base, 0.05)
    assert fails == [] and compared == 3 and skipped == 0
    worse = _doc({"a": 1.89, "b": 1.2, "c": 0.47})
    fails, _, _ = schema.compare_to_baseline(worse, base, 0.05)
    assert [f["id"] for f in fails] == ["a", "c"]
    assert fails[0]["threshold"] == pytest.approx(1.9)


def test_validation_absolute_mode_status_regressions_and_missing_rows():
    base = _doc({"a": 2.0, "b": 1.0, "gone": 3.0})
    cur = _doc({"a": 1.96, "b": 1.0, "new": 0.1}, statuses={"b": "n/a"})
    fails, compared, skipped = schema.compare_to_baseline(cur, base, 0.05, "absolute")
    assert [f["id"] for f in fails] == ["b"]  # a: 1.96 >= 1.95; new: not in baseline
    assert compared == 2 and skipped == 1
    fails, _, _ = schema.compare_to_baseline(cur, base, 0.01, "absolute")
    assert {f["id"] for f in fails} == {"a", "b"}
    with pytest.raises(ValueError):
        schema.compare_to_baseline(cur, base, 0.05, "sideways")


def test_validate_json_exit_status(tmp_path, capsys):
    _, doc = _run_cli(tmp_path, "--ops", "sum")
    easy, hard = copy.deepcopy(doc), copy.deepcopy(doc)
    for r in easy["rows"]:
        r["speedup"] = 1e-6
    for r in hard["rows"]:
        r["speedup"] = 1e6
    (tmp_path / "easy.json").write_text(json.dumps(easy))
    (tmp_path / "hard.json").write_text(json.dumps(hard))
    status, _ = _run_cli(tmp_path, "--ops", "sum", "--validate-json", str(tmp_path / "easy.json"))
    assert status == 0
    status, _ = _run_cli(tmp_path, "--ops", "sum", "--validate-json", str(tmp_path / "hard.json"))
    assert status == 1
    out = capsys.readouterr().out
    assert "FAIL small/sum/1/float64/C" in out


def test_report_lists_laggards_and_na_rows():
    def row(rid, sp, status="ok"):
        side = timing.summarize([1e-3, 1e-3, 1e-3], 1)
        return {
            "id": rid,
            "suite": "s",
            "op": "sum",
            "kind": "reduce",
            "shape": [4],
            "dtype": "float64",
            "layout": "C",
            "statement": "a.sum()",
            "status": status,
            "error": None if status == "ok" else "NotImplementedError: later",
            "result": {"shape": [], "dtype": "float64"},
            "zero_copy": True,
            "bytes_moved": 32,
            "numpy": side,
            "raptors": side if status == "ok" else None,
            "speedup": sp,
            "speedup_median": sp,
            "speedup_min": sp,
            "speedup_spread_pct": 1.0 if sp else None,
            "bandwidth": {
                "mode": "read",
                "working_set_bytes": 256,
                "memory": False,
                "samples": None,
                "gbps_1t": None,
                "floor_1t_s": None,
                "threads_nt": None,
                "gbps_nt": None,
                "floor_nt_s": None,
            },
            "numpy_limit_fraction": None,
            "raptors_limit_fraction": None,
            "raptors_floor_threads": 1 if sp else None,
        }

    rows = [row("s/fast", 2.0), row("s/slow", 0.5), row("s/missing", None, "n/a")]
    rows[1]["interrupted_rounds"] = 2  # of 3: too few clean rounds left
    rows[0]["interrupted_rounds"] = 0
    rows[0]["raptors_waits"], rows[0]["speedup_unfiltered"] = True, 0.25
    rows[0]["speedup_vs_solo"] = 1.5  # 25% below the interleaved ratio
    rows[1]["speedup_vs_solo"] = 0.52  # within 10%: not listed
    summary = summarize_rows(rows)
    assert summary["laggards"] == ["s/slow"]
    assert summary["geomean_speedup"] == pytest.approx(1.0)
    assert summary["ok"] == 2 and summary["not_available"] == 1
    doc = {
        "created_utc": "x",
        "duration_s": 1.0,
        "rows": rows,
        "summary": summary,
        "machine": {
            "cpu_model": "cpu",
            "usable_cpus": 1,
            "logical_cpus": 1,
            "platform": "p",
            "loadavg_start": None,
        },
        "numpy": {"version": "2", "simd_baseline": [], "simd_found": []},
        "raptors": {
            "backend": "raptors",
            "version": "0",
            "isa": "x",
            "threads": 1,
            "simd_env": None,
            "threads_env": None,
        },
        "bandwidth": {"source": "stub", "repeats": 1, "probe_threads": 1},
    }
    text = render(doc)
    assert "laggards (speedup < 1.0): 1" in text and "s/slow" in text
    assert "NotImplementedError: later" in text
    slow_line = next(
        line for line in text.splitlines() if line.startswith("sum 4 f64") and "<" in line
    )
    assert "!" in slow_line
    fast_line = next(line for line in text.splitlines() if "2.00x" in line)
    assert "!" not in fast_line and "w" in fast_line.split("2.00x")[1]
    assert "raptors waited (w): 1 rows" in text and "0.25x" in text
    assert "alone differs (s): 1 rows" in text and "1.50x vs   2.00x  s/fast" in text
    assert "s" in fast_line.split("2.00x")[1] and "s" not in slow_line.split("<")[1]


def test_simd_and_thread_options_become_environment():
    p = cli.build_parser()
    assert cli.wanted_env(p.parse_args([])) == {}
    assert cli.wanted_env(p.parse_args(["--simd-mode", "disable", "--threads", "2"])) == {
        "RAPTORS_SIMD": "0",
        "RAPTORS_THREADS": "2",
    }
    assert cli.wanted_env(p.parse_args(["--simd-mode", "auto"])) == {"RAPTORS_SIMD": None}
    assert cli.wanted_env(p.parse_args(["--simd-mode", "avx2"])) == {"RAPTORS_SIMD": "avx2"}


# ---- the bandwidth probe (only that it answers sensibly; no speed is asserted) ------------


def test_bandwidth_buckets():
    assert bucket(1 << 20) == 1 << 20
    assert bucket((1 << 20) + 4096) == 1 << 20
    assert bucket(3 * (1 << 20)) == 3 * (1 << 20)
    assert bucket(1) == 256
    for n in (1000, 12345, 1 << 23, 67_125_248):
        assert abs(bucket(n) - n) <= n / 32


def test_bandwidth_probe_answers():
    probe = BandwidthProbe(repeats=1)
    g = probe.measure(1 << 20, "read", 1)
    assert g is None or (g > 0 and math.isfinite(g))
    g2 = probe.measure(1 << 20, "read", 1)
    (m,) = probe.records()
    assert m["working_set_bytes"] == 1 << 20 and m["threads"] == 1
    if g is not None:
        assert m["samples"] == 2 and m["gbps_best"] == max(g, g2)


def test_native_bandwidth_binding_checks_arguments():
    _raptors = pytest.importorskip("raptors._raptors")
    fn = getattr(_raptors, "bandwidth", None)
    if fn is None:
        pytest.skip("this build has no bandwidth probe")
    for mode in ("read", "scale", "copy"):
        for threads in (1, 2):
            g = fn(64 << 10, mode, threads, 1)
            assert g > 0 and math.isfinite(g)
    with pytest.raises(ValueError):
        fn(1 << 20, "sideways", 1, 1)
    with pytest.raises(ValueError):
        fn(1 << 20, "read", 0, 1)


def test_ops_with_a_module_and_extra_operands(monkeypatch):
    """`xp` is numpy on NumPy's side and raptors on raptors' side; an op's
    inputs/domain hooks add operands and choose a's values; non-arrays pass
    through to both sides unchanged."""
    import raptors

    op = suites.Op(
        "t_take_exp", "map", 1, "xp.exp(a[idx]) * k", operands=("a", "xp"),
        inputs=lambda rng, a: {"idx": rng.integers(0, a.shape[0], 5), "k": 2.0},
        domain=lambda rng, shape, dt: rng.uniform(-3.0, -1.0, shape).astype(dt),
    )
    monkeypatch.setitem(suites.OPS, op.name, op)
    row = suites.Row("t", op.name, (40,), "float64")
    ops = row.make_inputs(0)
    assert ops["xp"] is np and ops["k"] == 2.0 and ops["idx"].shape == (5,)
    assert ops["a"].min() >= -3.0 and ops["a"].max() < -1.0
    assert suites.bytes_moved(ops, ops["idx"]) == 40 * 8 + 5 * 8 + 5 * 8
    rp_ops = runner.RaptorsBackend(raptors).convert(ops)
    assert rp_ops["xp"] is raptors and rp_ops["k"] == 2.0
    assert isinstance(rp_ops["a"], raptors.ndarray) and isinstance(rp_ops["idx"], raptors.ndarray)
    timer = timing.make_timer("xp.exp(a) * k", tuple(ops))
    assert timer(3, **ops) >= 0.0
    rec = runner.run_row(row, runner.NumpyBackend(), None, _tiny_opts())
    assert rec["status"] == "ok", rec["error"]
