"""Timing and statistics: calibrated inner loops, interleaved samples.

On a noisy machine only ratios measured side by side mean anything, so the
two libraries are sampled alternately (NumPy, raptors, raptors, NumPy, ...)
and a row's speedup is the ratio of the two medians. The paired per-sample
ratios give the speedup's own spread.
"""

from __future__ import annotations

import gc
import itertools
import math
import time

# ---- statistics ---------------------------------------------------------------


def quantile(values, q: float) -> float:
    """Linear-interpolation quantile (NumPy's default method), 0 <= q <= 1."""
    xs = sorted(values)
    if not xs:
        raise ValueError("quantile of no values")
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(values) -> float:
    return quantile(values, 0.5)


def iqr(values) -> float:
    return quantile(values, 0.75) - quantile(values, 0.25)


def spread_pct(values) -> float:
    """Interquartile range as a percentage of the median: how noisy a row is."""
    m = median(values)
    return 100.0 * iqr(values) / m if m > 0 else float("nan")


def geomean(values) -> float | None:
    xs = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    if not xs:
        return None
    return math.exp(sum(math.log(v) for v in xs) / len(xs))


# A sample during which the process had less than this share of the wall
# time on CPUs was interrupted by other work on the machine.
CLEAN_CPU_FRACTION = 0.9


def clean_rounds(*cpu_lists, min_kept: int = 3) -> list[bool]:
    """Which rounds to use: those in which every side kept the CPU.

    On a shared machine a 1 ms sample can take 8x longer because the process
    was descheduled; the CPU-time/wall-time fraction of each sample shows it
    (process CPU time counts all of a library's threads, so a parallel op
    whose main thread waits still reads ~1 or more). If fewer than min_kept
    rounds are clean, all rounds are used and the row is marked unreliable.
    """
    n = min((len(c) for c in cpu_lists), default=0)
    keep = [all(c[i] >= CLEAN_CPU_FRACTION for c in cpu_lists) for i in range(n)]
    if sum(keep) < min_kept:
        return [True] * n
    return keep


def summarize(per_call: list[float], inner: int, cpu_fractions=None, keep=None) -> dict:
    """The JSON record of one side of a row (times in seconds per call).

    Statistics use the samples flagged in `keep` (default: all); every
    sample and its CPU fraction (process CPU time / wall time) is recorded.
    """
    used = per_call if keep is None else [t for t, k in zip(per_call, keep) if k]
    return {
        "median_s": median(used),
        "iqr_s": iqr(used),
        "spread_pct": spread_pct(used),
        "min_s": min(used),
        "max_s": max(used),
        "inner_loops": inner,
        "samples": len(per_call),
        "samples_used": len(used),
        "samples_s": per_call,
        "cpu_fraction": median(cpu_fractions) if cpu_fractions else None,
        "cpu_fractions": list(cpu_fractions) if cpu_fractions else [],
    }


# ---- timers -------------------------------------------------------------------


def make_timer(statement: str, names=("a", "b", "r"), cycle: bool = False):
    """A function timer(n, **operands) -> seconds for n runs of `statement`
    (`names`: the operands it may be given, identifiers from the suite table).

    The statement is compiled into the loop body (as timeit does) so each
    iteration costs the statement plus a loop step, with no extra Python call;
    the statement text is the same for both libraries. Statements come from
    the suite table (suites.OPS), never from the command line.

    cycle: the timer is called as timer(n, _sets=...) with the operands of
    several inputs (`cycled`), and run i takes set i % len(_sets): a short
    call then does not see the same data every time (a branch predictor
    learns a 1 Ki-element sort it is shown again and again).
    """
    assert all(n.isidentifier() and not n.startswith("_") for n in names), names
    if cycle:
        src = (
            "def _timer(_n, _sets):\n"
            "    _k = len(_sets)\n"
            "    _t0 = _perf()\n"
            "    for _i in range(_n):\n"
            f"        {', '.join(names)}, = _sets[_i % _k]\n"
            f"        {statement}\n"
            "    return _perf() - _t0\n"
        )
    else:
        src = (
            f"def _timer(_n, {', '.join(f'{n}=None' for n in names)}):\n"
            "    _it = _repeat(None, _n)\n"
            "    _t0 = _perf()\n"
            "    for _ in _it:\n"
            f"        {statement}\n"
            "    return _perf() - _t0\n"
        )
    ns = {"_perf": time.perf_counter, "_repeat": itertools.repeat}
    exec(compile(src, f"<bench: {statement}>", "exec"), ns)
    return ns["_timer"]


def cycled(sets: list[dict], names) -> dict:
    """The operands of a cycle timer (make_timer(..., cycle=True)) for the
    operand dicts `sets`, all holding `names`."""
    return {"_sets": [tuple(s[n] for n in names) for s in sets]}


def calibrate(timer, operands: dict, min_sample_s: float, max_inner: int = 1 << 20):
    """Inner repetitions so one sample lasts >= min_sample_s.

    Returns (inner, seconds of the last trial sample). The first call is also
    the first warm-up call.
    """
    n = 1
    while True:
        t = timer(n, **operands)
        if t >= min_sample_s or n >= max_inner:
            return n, t
        # aim 20% above the target so the next trial is the last one
        per = max(t / n, 1e-9)
        n = min(
            max_inner,
            max(2 * n if t < min_sample_s / 100 else n + 1, math.ceil(1.2 * min_sample_s / per)),
        )


def _sample(timer, inner, ops, cpu):
    c0 = time.process_time()
    wall = timer(inner, **ops)
    if cpu is not None:
        cpu.append((time.process_time() - c0) / wall if wall > 0 else 1.0)
    return wall / inner


def time_pair(
    timer_np,
    ops_np,
    timer_rp,
    ops_rp,
    *,
    min_sample_s=1e-3,
    warmup=2,
    repeats=15,
    budget_s=None,
    cpu_out=None,
    between_rounds=None,
):
    """Interleaved samples of the same statement on both libraries.

    Returns (np_per_call, rp_per_call, inner_np, inner_rp); each list holds
    per-call seconds, one per sample. The order alternates every round so
    neither side always runs second (after the other has warmed the cache or
    left the allocator a buffer). If budget_s is given, the number of rounds
    is cut so the row takes about that long, but never below 3. If cpu_out is
    a dict, cpu_out["numpy"] and cpu_out["raptors"] receive each sample's
    process-CPU / wall fraction.

    between_rounds, if given, runs after every round (the bandwidth probe's
    samples); one untimed call of each library follows it, so the next
    samples start from the row's own cache and thread state, not the
    probe's (a probe sample flushes the cache and can outlast the thread
    pool's spin).
    """
    cpu_np = cpu_rp = None
    if cpu_out is not None:
        cpu_np = cpu_out.setdefault("numpy", [])
        cpu_rp = cpu_out.setdefault("raptors", [])
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        inner_np, t_np = calibrate(timer_np, ops_np, min_sample_s)
        inner_rp, t_rp = calibrate(timer_rp, ops_rp, min_sample_s)
        rounds = repeats
        if budget_s is not None:
            per_round = max(t_np + t_rp, 1e-9)
            rounds = max(3, min(repeats, int(budget_s / per_round)))
            if per_round > budget_s / 3:
                warmup = 0  # slow calls: the calibration calls were the warm-up
        for _ in range(warmup):
            timer_np(inner_np, **ops_np)
            timer_rp(inner_rp, **ops_rp)
        s_np, s_rp = [], []
        for i in range(rounds):
            if i % 2 == 0:
                s_np.append(_sample(timer_np, inner_np, ops_np, cpu_np))
                s_rp.append(_sample(timer_rp, inner_rp, ops_rp, cpu_rp))
            else:
                s_rp.append(_sample(timer_rp, inner_rp, ops_rp, cpu_rp))
                s_np.append(_sample(timer_np, inner_np, ops_np, cpu_np))
            if between_rounds is not None:
                between_rounds()
                timer_np(1, **ops_np)
                timer_rp(1, **ops_rp)
        return s_np, s_rp, inner_np, inner_rp
    finally:
        if gc_was_enabled:
            gc.enable()


def paired_ratios(s_np, s_rp) -> list[float]:
    """Per-round speedups (NumPy / raptors) of interleaved samples."""
    return [a / b for a, b in zip(s_np, s_rp) if b > 0]
