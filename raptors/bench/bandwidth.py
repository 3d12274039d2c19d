"""The memory-bandwidth limit beside every row.

The probe is raptors._raptors.bandwidth (src/core/bandwidth.c: plain C loops,
pthreads for N threads). Each row gets its own limit, sampled between the
row's timed rounds: this machine's memory bandwidth moves between phases
(2 threads reading 256 MiB: ~45 GB/s for minutes, then ~70), so a limit
measured once, or before or after the row, can hold the row to another
phase than the one it ran in. The limit is the same statistic of its samples
as the row's time (median, or the best sample under --stat min).

The working set probed is the row's own size (a 1 MiB working set streams
from L2, a 16 MiB one from L3, and the two differ 2-3x), except for rows
whose data exceed the last-level cache: their limit is the memory
bandwidth, probed over MEMORY_FACTOR times the last-level cache. A probe of
the row's own size would not measure memory there: it repeats its passes
alone, so a working set just above the reported cache is still served largely
from cache (on the reference machine a 64 MiB probe ran 1.5x faster than a
256 MiB one, with a 32 MiB L3 reported), while the row, interleaved with
NumPy's calls over as much data again, is not.

If the compiled probe is missing (a raptors build without it), a NumPy
fallback measures single-thread bandwidth with np.copyto / np.add.reduce
into preallocated buffers. It is labelled as such in the JSON: NumPy's sum is
compute-bound, so its "read bandwidth" is an underestimate: the floors come
out too high and the fractions of the limit look better than they are.
"""

from __future__ import annotations

import time

from . import timing

# Working sets probed for rows beyond the last-level cache, in multiples of
# it: on the reference machine (32 MiB L3 reported) the 2-thread probe gave
# 116 / 67 / 47-58 / 45-50 GB/s at 32 / 64 / 128 / 256 MiB and no less at
# 512 MiB, so from 8x on it measures memory.
MEMORY_FACTOR = 8


def _probe_function():
    try:
        from raptors import _raptors
    except Exception:
        return None
    return getattr(_raptors, "bandwidth", None)


_FALLBACK_MIN_BYTES = 256 << 10


def _numpy_fallback(nbytes: int, mode: str, threads: int, repeats: int) -> float:
    import numpy as np

    if threads != 1:
        raise RuntimeError("the NumPy fallback measures one thread only")
    if nbytes < _FALLBACK_MIN_BYTES:
        # a NumPy call costs ~1 us: below this it measures overhead, not memory
        raise RuntimeError("the NumPy fallback cannot measure working sets this small")
    if mode == "read":
        buf = np.ones(max(nbytes // 8, 32), dtype=np.float64)
        moved = buf.nbytes

        def run():
            np.add.reduce(buf)
    else:
        half = max(nbytes // 16, 32)
        src = np.ones(half, dtype=np.float64)
        dst = np.zeros(half, dtype=np.float64)
        moved = 2 * src.nbytes

        def run():
            np.multiply(src, 1.0, out=dst)

    passes = max(1, (16 << 20) // moved)
    run()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(passes):
            run()
        best = min(best, time.perf_counter() - t0)
    return moved * passes / best / 1e9


def bucket(nbytes: int) -> int:
    """A working-set size rounded to the nearest 1/16 of its power of two
    (within ~3%), so rows of nearly equal size (a 1 MiB reduction and its
    1 MiB + 4 KiB mean_axis0) probe the same size."""
    n = max(int(nbytes), 256)
    step = 1 << max(n.bit_length() - 5, 0)
    return max(256, (n + step // 2) // step * step)


def _size_bytes(text: str) -> int | None:
    """sysfs cache sizes: "48K", "32768K", "1M"."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = str(text).strip().upper()
    try:
        if text and text[-1] in units:
            return int(text[:-1]) * units[text[-1]]
        return int(text)
    except ValueError:
        return None


def last_level_cache_bytes(caches) -> int | None:
    """The largest data or unified cache of report.cpu_caches(); None if unknown."""
    sizes = [
        _size_bytes(c.get("size", ""))
        for c in caches or []
        if c.get("type") in ("Data", "Unified")
    ]
    sizes = [s for s in sizes if s]
    return max(sizes) if sizes else None


class BandwidthProbe:
    """Takes probe samples (GB/s) and keeps them all for the JSON."""

    def __init__(self, repeats: int = 15, probe=None, llc_bytes: int | None = None,
                 stat: str = "median"):
        if stat not in ("median", "min"):
            raise ValueError("stat must be 'median' or 'min'")
        self.repeats = repeats  # samples per row and thread count, at least
        self.llc_bytes = llc_bytes
        self.stat = stat
        self._fn = probe if probe is not None else _probe_function()
        self.source = "raptors._raptors.bandwidth" if self._fn else "numpy-fallback"
        self.samples: dict[tuple[str, int, int], list[float]] = {}
        self.errors: dict[tuple[str, int, int], str] = {}

    @property
    def available(self) -> bool:
        return self._fn is not None

    def beyond_cache(self, nbytes: int) -> bool:
        return self.llc_bytes is not None and nbytes > self.llc_bytes

    def working_set(self, nbytes: int) -> int:
        """The size probed for a row that moves nbytes."""
        size = bucket(nbytes)
        if self.beyond_cache(nbytes):
            size = max(size, MEMORY_FACTOR * self.llc_bytes)
        return size

    def measure(self, working_set: int, mode: str, threads: int) -> float | None:
        """One sample in GB/s (1e9 B/s); None once the probe has failed for this key."""
        key = (mode, int(working_set), int(threads))
        if key in self.errors:
            return None
        try:
            if self._fn is not None:
                val = float(self._fn(key[1], mode, key[2], 1))
            else:
                val = _numpy_fallback(key[1], mode, key[2], 1)
        except Exception as exc:  # a failed probe costs the column, not the run
            self.errors[key] = f"{type(exc).__name__}: {exc}"
            return None
        self.samples.setdefault(key, []).append(val)
        return val

    def summary(self, values: list[float]) -> float | None:
        """The statistic the row's time uses: median, or the best (fastest) sample."""
        if not values:
            return None
        return max(values) if self.stat == "min" else timing.median(values)

    def for_row(self, nbytes: int, mode: str, threads) -> RowLimit:
        return RowLimit(self, nbytes, mode, threads)

    def records(self) -> list[dict]:
        """The JSON list of every (mode, size, threads) probed in this run."""
        out = []
        for key in sorted(set(self.samples) | set(self.errors)):
            mode, nbytes, threads = key
            vals = self.samples.get(key, [])
            rec = {
                "mode": mode,
                "working_set_bytes": nbytes,
                "threads": threads,
                "gbps": timing.median(vals) if vals else None,
                "gbps_best": max(vals) if vals else None,
                "samples": len(vals),
                "source": self.source,
            }
            if key in self.errors:
                rec["error"] = self.errors[key]
            out.append(rec)
        return out


class RowLimit:
    """One row's limit: a probe sample per thread count after each of the
    row's timed rounds (timing.time_pair re-warms both libraries after it),
    topped up after the row when the rounds were fewer than the probe's
    sample count."""

    def __init__(self, probe: BandwidthProbe, nbytes: int, mode: str, threads):
        self.probe = probe
        self.mode = mode
        self.working_set = probe.working_set(nbytes)
        self.memory = probe.beyond_cache(nbytes)
        self.samples = {int(t): [] for t in dict.fromkeys(threads)}

    def _sample(self, threads: int) -> bool:
        g = self.probe.measure(self.working_set, self.mode, threads)
        if g is not None:
            self.samples[threads].append(g)
        return g is not None

    def take(self, count: int) -> None:
        """Up to `count` more samples per thread count, alternating the counts."""
        for _ in range(count):
            for t in self.samples:
                self._sample(t)

    def gbps(self, threads: int) -> float | None:
        """The row's limit for `threads`, once topped up to the probe's sample count."""
        t = int(threads)
        while len(self.samples[t]) < self.probe.repeats and self._sample(t):
            pass
        return self.probe.summary(self.samples[t])
