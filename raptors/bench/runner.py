"""Running rows: check agreement, time both libraries interleaved, add the limit."""

from __future__ import annotations

import time
from dataclasses import dataclass

from . import suites, timing


class NumpyBackend:
    """NumPy against itself (an A/A run): the speedups show the harness's noise."""

    name = "numpy"

    def convert(self, operands: dict) -> dict:
        return dict(operands)

    def fallback_error(self, result) -> str | None:
        return None

    def threads(self) -> int | None:
        return 1


class RaptorsBackend:
    """raptors arrays viewing the NumPy operands' memory."""

    name = "raptors"

    def __init__(self, module, threads: int | None = None):
        self.rp = module
        self._threads = threads

    def convert(self, operands: dict) -> dict:
        import numpy as np

        def one(v):
            if v is np:
                return self.rp
            return self.rp.asarray(v) if isinstance(v, np.ndarray) else v

        return {k: one(v) for k, v in operands.items()}

    def fallback_error(self, result) -> str | None:
        import numpy as np

        # An ndarray result means NumPy did the work (e.g. raptors returned
        # NotImplemented and NumPy's reflected method ran): not a raptors time.
        # Complex results are NumPy arrays by design while raptors has no
        # complex dtypes (raptors.fft: docs/fft.md).
        if isinstance(result, np.ndarray) and result.dtype.kind != "c":
            return "the result is a numpy.ndarray: NumPy, not raptors, computed it"
        return None

    def threads(self) -> int | None:
        return self._threads


@dataclass
class RunOptions:
    seed: int = 0
    warmup: int = 2
    repeats: int = 15
    min_sample_s: float = 1e-3
    row_budget_s: float | None = 3.0
    probe_threads: int = 1  # N for the N-thread bandwidth column (1: no column)
    stat: str = "median"  # which per-side statistic the speedup compares: median | min
    solo_check: bool = False  # also time each library alone after the interleaved rounds
    fresh: int = 1  # inputs a row cycles through (rows whose inputs fit FRESH_MAX_BYTES)


# Rows with more input bytes than this keep one input under --fresh: their
# data outgrow the caches and the branch predictor's memory anyway.
FRESH_MAX_BYTES = 1 << 20


def _err(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def compare_results(res_np, res_other) -> str | None:
    """None when the results agree (shape, dtype, values within tolerance)."""
    import numpy as np

    a = np.asarray(res_np)
    try:
        b = np.asarray(res_other)
    except Exception as exc:
        return f"cannot convert the result to NumPy: {_err(exc)}"
    if a.shape != b.shape:
        return f"shape {b.shape} != NumPy's {a.shape}"
    if a.dtype != b.dtype:
        return f"dtype {b.dtype} != NumPy's {a.dtype}"
    rtol, atol = suites.tolerance(a.dtype)
    if not np.allclose(b, a, rtol=rtol, atol=atol, equal_nan=True):
        with np.errstate(all="ignore"):
            diff = np.abs(b.astype(np.float64) - a.astype(np.float64))
            worst = float(np.max(diff)) if diff.size else 0.0
        return f"values differ (max |diff| {worst:.3g}, rtol {rtol:g}, atol {atol:g})"
    return None


def _zero_copy(rp_operand, np_operand) -> bool | None:
    import numpy as np

    try:
        return bool(np.shares_memory(np.asarray(rp_operand), np_operand))
    except Exception:
        return None


def _row_limit(row, nbytes, probe, opts):
    """The row's limit, sampled between its timed rounds (None: no probe)."""
    if probe is None or nbytes <= 0:
        return None
    threads = [1] + ([opts.probe_threads] if opts.probe_threads > 1 else [])
    return probe.for_row(nbytes, suites.bandwidth_mode(row), threads)


def _paired_fraction(nbytes, gbps, times, keep, stat):
    """The fraction of the limit a side reached, round by round: each round's
    time against the probe sample taken right after it, then the median (the
    best with --stat min). The machine's bandwidth can change phase within a
    row, and pairing keeps a slow round from meeting a fast phase's limit.
    None with fewer than 3 pairs."""
    fr = [nbytes / (g * 1e9) / t for g, t, k in zip(gbps, times, keep) if k and g > 0 and t > 0]
    if len(fr) < 3:
        return None
    return max(fr) if stat == "min" else timing.median(fr)


def _bandwidth(row, nbytes, limit, opts):
    from .bandwidth import bucket

    out = {
        "mode": suites.bandwidth_mode(row),
        "working_set_bytes": bucket(nbytes) if limit is None else limit.working_set,
        "memory": None if limit is None else limit.memory,
        "gbps_1t": None,
        "floor_1t_s": None,
        "threads_nt": opts.probe_threads if opts.probe_threads > 1 else None,
        "gbps_nt": None,
        "floor_nt_s": None,
        "samples": None,
    }
    if limit is None:
        return out
    g1 = limit.gbps(1)
    if g1:
        out["gbps_1t"] = g1
        out["floor_1t_s"] = nbytes / (g1 * 1e9)
    if opts.probe_threads > 1:
        gn = limit.gbps(opts.probe_threads)
        if gn:
            out["gbps_nt"] = gn
            out["floor_nt_s"] = nbytes / (gn * 1e9)
    out["samples"] = {str(t): len(v) for t, v in limit.samples.items()}
    return out


def _input_bytes(operands: dict) -> int:
    return sum(getattr(v, "nbytes", 0) for v in operands.values())


def key_of(opts: RunOptions) -> str:
    return "min_s" if opts.stat == "min" else "median_s"


def run_row(row: suites.Row, backend, probe, opts: RunOptions) -> dict:
    """One row's complete JSON record (see docs/benchmarks.md for the schema)."""
    import numpy as np

    rec = {
        "id": row.id,
        "suite": row.suite,
        "op": row.op,
        "kind": row.kind,
        "shape": list(row.shape),
        "dtype": row.dtype,
        "layout": row.layout,
        "statement": row.statement,
        "status": "ok",
        "error": None,
        "result": None,
        "zero_copy": None,
        "bytes_moved": None,
        "numpy": None,
        "raptors": None,
        "speedup": None,
        "speedup_median": None,
        "speedup_min": None,
        "speedup_spread_pct": None,
        "interrupted_rounds": None,
        "bandwidth": None,
        "numpy_limit_fraction": None,
        "raptors_limit_fraction": None,
        "raptors_floor_threads": None,
    }
    t_start = time.perf_counter()
    operands = row.make_inputs(opts.seed)
    code = compile(row.statement, f"<{row.id}>", "eval")
    res_np = eval(code, {}, dict(operands))
    res_np_arr = np.asarray(res_np)
    rec["result"] = {"shape": list(res_np_arr.shape), "dtype": str(res_np_arr.dtype)}
    nbytes = suites.bytes_moved(operands, res_np)
    rec["bytes_moved"] = nbytes
    del res_np, res_np_arr

    names = tuple(operands)
    extra = []
    if opts.fresh > 1 and _input_bytes(operands) <= FRESH_MAX_BYTES:
        extra = [row.make_inputs(opts.seed + k) for k in range(1, opts.fresh)]
    rec["fresh_inputs"] = 1 + len(extra)
    timer = timing.make_timer(row.statement, names, cycle=bool(extra))
    np_ops = timing.cycled([operands] + extra, names) if extra else operands
    limit = _row_limit(row, nbytes, probe, opts)
    between = (lambda: limit.take(1)) if limit is not None else None
    paired = {}
    rp_ops = None
    try:
        rp_ops = backend.convert(operands)
        rec["zero_copy"] = _zero_copy(rp_ops["a"], operands["a"])
        res_rp = eval(code, {}, dict(rp_ops))
        problem = backend.fallback_error(res_rp)
        if problem:
            rec["status"], rec["error"] = "n/a", problem
        else:
            mismatch = compare_results(eval(code, {}, dict(operands)), res_rp)
            if mismatch:
                rec["status"], rec["error"] = "mismatch", mismatch
        del res_rp
        if extra and rec["status"] == "ok":
            rp_sets = [rp_ops] + [backend.convert(e) for e in extra]
            rp_ops = timing.cycled(rp_sets, names)
    except Exception as exc:  # an op raptors does not have yet: a row, not a crash
        rec["status"], rec["error"] = "n/a", _err(exc)

    if rec["status"] == "ok":
        cpu = {}
        s_np, s_rp, in_np, in_rp = timing.time_pair(
            timer,
            np_ops,
            timer,
            rp_ops,
            min_sample_s=opts.min_sample_s,
            warmup=opts.warmup,
            repeats=opts.repeats,
            budget_s=opts.row_budget_s,
            cpu_out=cpu,
            between_rounds=between,
        )
        # the probe samples taken after each round, before any top-up
        paired = {t: list(v) for t, v in limit.samples.items()} if limit is not None else {}
        keep = timing.clean_rounds(cpu["numpy"], cpu["raptors"])
        rec["interrupted_rounds"] = len(s_np) - sum(
            a >= timing.CLEAN_CPU_FRACTION and b >= timing.CLEAN_CPU_FRACTION
            for a, b in zip(cpu["numpy"], cpu["raptors"])
        )
        low_np = sum(f < timing.CLEAN_CPU_FRACTION for f in cpu["numpy"])
        low_rp = sum(f < timing.CLEAN_CPU_FRACTION for f in cpu["raptors"])
        rec["low_cpu_rounds"] = {"numpy": low_np, "raptors": low_rp}
        # Other work interrupts both sides alike; raptors losing the CPU far more
        # often than NumPy means it waits (e.g. for a worker thread the busy OS has
        # not scheduled), which is its own cost: keep the unfiltered ratio too.
        rec["raptors_waits"] = low_rp >= 3 and low_rp >= 2 * low_np + 2
        rec["speedup_unfiltered"] = timing.median(s_np) / timing.median(s_rp)
        rec["numpy"] = timing.summarize(s_np, in_np, cpu["numpy"], keep)
        rec["raptors"] = timing.summarize(s_rp, in_rp, cpu["raptors"], keep)
        rec["speedup_median"] = rec["numpy"]["median_s"] / rec["raptors"]["median_s"]
        rec["speedup_min"] = rec["numpy"]["min_s"] / rec["raptors"]["min_s"]
        rec["speedup"] = rec["speedup_min"] if opts.stat == "min" else rec["speedup_median"]
        rec["speedup_spread_pct"] = timing.spread_pct(
            timing.paired_ratios(
                [t for t, k in zip(s_np, keep) if k], [t for t, k in zip(s_rp, keep) if k]
            )
        )
        if opts.solo_check:
            # Both libraries share the process's allocator and caches: the other
            # library's calls between one's samples can decide whether its next
            # allocation faults in fresh pages, or finds its buffers still in the
            # cache. Each side's rounds back to back show how much of the
            # interleaved ratio that was.
            solo = {}
            for side, ops in (("numpy", np_ops), ("raptors", rp_ops)):
                s_solo, cpu_solo, in_solo = _time_one(timer, ops, opts)
                solo[side] = timing.summarize(
                    s_solo, in_solo, cpu_solo, timing.clean_rounds(cpu_solo)
                )
                rec[f"{side}_solo"] = solo[side]
            rec["speedup_vs_solo"] = solo["numpy"][key_of(opts)] / solo["raptors"][key_of(opts)]
    else:
        # NumPy's time and its distance from the limit are still worth having.
        s_np, cpu_np, in_np = _time_one(timer, np_ops, opts)
        keep = timing.clean_rounds(cpu_np)
        rec["interrupted_rounds"] = sum(f < timing.CLEAN_CPU_FRACTION for f in cpu_np)
        rec["numpy"] = timing.summarize(s_np, in_np, cpu_np, keep)
    del rp_ops

    rp_threads = backend.threads()
    rec["bandwidth"] = bw = _bandwidth(row, nbytes, limit, opts)
    # Round by round where the probe ran between the rounds; else the same
    # statistic of the limit's samples as of the time it is compared with.
    key = key_of(opts)
    if bw["floor_1t_s"]:
        frac = None
        if rec["raptors"] is not None:
            frac = _paired_fraction(nbytes, paired.get(1, []), s_np, keep, opts.stat)
        rec["numpy_limit_fraction"] = frac or bw["floor_1t_s"] / rec["numpy"][key]
    if rec["raptors"] is not None:
        use_nt = rp_threads is not None and rp_threads > 1 and bw["floor_nt_s"]
        floor = bw["floor_nt_s"] if use_nt else bw["floor_1t_s"]
        t = bw["threads_nt"] if use_nt else 1
        rec["raptors_floor_threads"] = t
        if floor:
            frac = _paired_fraction(nbytes, paired.get(t, []), s_rp, keep, opts.stat)
            rec["raptors_limit_fraction"] = frac or floor / rec["raptors"][key]
        bw["paired_rounds"] = min((len(v) for v in paired.values()), default=0)
    rec["wall_s"] = time.perf_counter() - t_start
    return rec


def _time_one(timer, operands, opts):
    """One library alone (NumPy's for rows raptors cannot run; either for
    --solo-check): same calibration and warm-up, rounds back to back."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        inner, t = timing.calibrate(timer, operands, opts.min_sample_s)
        rounds = opts.repeats
        if opts.row_budget_s is not None:
            rounds = max(3, min(rounds, int(opts.row_budget_s / max(t, 1e-9))))
        warmup = 0 if opts.row_budget_s is not None and t > opts.row_budget_s / 3 else opts.warmup
        for _ in range(warmup):
            timer(inner, **operands)
        cpu = []
        s = [timing._sample(timer, inner, operands, cpu) for _ in range(rounds)]
        return s, cpu, inner
    finally:
        if was:
            gc.enable()


def run_rows(rows, backend, probe, opts: RunOptions, progress=None) -> list[dict]:
    out = []
    for i, row in enumerate(rows):
        if progress is not None:
            progress(i, len(rows), row.id)
        out.append(run_row(row, backend, probe, opts))
    if progress is not None:
        progress(len(rows), len(rows), "done")
    return out
