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


def summarize(per_call: list[float], inner: int) -> dict:
    """The JSON record of one side of a row (times in seconds per call)."""
    return {
        "median_s": median(per_call),
        "iqr_s": iqr(per_call),
        "spread_pct": spread_pct(per_call),
        "min_s": min(per_call),
        "max_s": max(per_call),
        "inner_loops": inner,
        "samples": len(per_call),
        "samples_s": per_call,
    }


# ---- timers -------------------------------------------------------------------


def make_timer(statement: str):
    """A function timer(n, **operands) -> seconds for n runs of `statement`.

    The statement is compiled into the loop body (as timeit does) so each
    iteration costs the statement plus a loop step, with no extra Python call;
    the statement text is the same for both libraries. Statements come from
    the suite table (suites.OPS), never from the command line.
    """
    src = (
        "def _timer(_n, a=None, b=None, r=None):\n"
        "    _it = _repeat(None, _n)\n"
        "    _t0 = _perf()\n"
        "    for _ in _it:\n"
        f"        {statement}\n"
        "    return _perf() - _t0\n"
    )
    ns = {"_perf": time.perf_counter, "_repeat": itertools.repeat}
    exec(compile(src, f"<bench: {statement}>", "exec"), ns)
    return ns["_timer"]


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
        n = min(max_inner, max(2 * n if t < min_sample_s / 100 else n + 1,
                               math.ceil(1.2 * min_sample_s / per)))


def time_pair(timer_np, ops_np, timer_rp, ops_rp, *, min_sample_s=1e-3, warmup=2,
              repeats=15, budget_s=None):
    """Interleaved samples of the same statement on both libraries.

    Returns (np_per_call, rp_per_call, inner_np, inner_rp); each list holds
    per-call seconds, one per sample. The order alternates every round so
    neither side always runs second (after the other has warmed the cache or
    left the allocator a buffer). If budget_s is given, the number of rounds
    is cut so the row takes about that long, but never below 3.
    """
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
                s_np.append(timer_np(inner_np, **ops_np) / inner_np)
                s_rp.append(timer_rp(inner_rp, **ops_rp) / inner_rp)
            else:
                s_rp.append(timer_rp(inner_rp, **ops_rp) / inner_rp)
                s_np.append(timer_np(inner_np, **ops_np) / inner_np)
        return s_np, s_rp, inner_np, inner_rp
    finally:
        if gc_was_enabled:
            gc.enable()


def paired_ratios(s_np, s_rp) -> list[float]:
    """Per-round speedups (NumPy / raptors) of interleaved samples."""
    return [a / b for a, b in zip(s_np, s_rp) if b > 0]
