"""The memory-bandwidth limit beside every row.

The probe is raptors._raptors.bandwidth (src/core/bandwidth.c: plain C loops,
pthreads for N threads). It is measured in the same run as the rows, for the
working-set size of each row (a 1 MiB working set streams from L2, a 64 MiB
one from DRAM, and the two differ 3-4x), and cached per (mode, size,
threads).

If the compiled probe is missing (a raptors build without it), a NumPy
fallback measures single-thread bandwidth with np.copyto / np.add.reduce
into preallocated buffers. It is labelled as such in the JSON: NumPy's sum is
compute-bound, so its "read bandwidth" is an underestimate: the floors come
out too high and the fractions of the limit look better than they are.
"""

from __future__ import annotations

import time


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
    """The working-set size actually probed for a row of nbytes: rounded to
    the nearest 1/16 of its power of two (within ~3%), so rows of nearly equal
    size (a 1 MiB reduction and its 1 MiB + 4 KiB mean_axis0) share one probe
    and one floor instead of two noisy ones."""
    n = max(int(nbytes), 256)
    step = 1 << max(n.bit_length() - 5, 0)
    return max(256, (n + step // 2) // step * step)


class BandwidthProbe:
    """Measures and caches GB/s per (mode, working-set bytes, threads)."""

    def __init__(self, repeats: int = 10, probe=None):
        self.repeats = repeats
        self._fn = probe if probe is not None else _probe_function()
        self.source = "raptors._raptors.bandwidth" if self._fn else "numpy-fallback"
        self.cache: dict[tuple[str, int, int], float | None] = {}
        self.errors: dict[tuple[str, int, int], str] = {}

    @property
    def available(self) -> bool:
        return self._fn is not None

    def gbps(self, nbytes: int, mode: str, threads: int = 1) -> float | None:
        """Best-of-repeats bandwidth in GB/s (1e9 B/s); None if not measurable."""
        key = (mode, bucket(nbytes), int(threads))
        if key in self.cache:
            return self.cache[key]
        try:
            if self._fn is not None:
                val = float(self._fn(key[1], mode, key[2], self.repeats))
            else:
                val = _numpy_fallback(key[1], mode, key[2], self.repeats)
        except Exception as exc:  # a failed probe costs the column, not the run
            self.errors[key] = f"{type(exc).__name__}: {exc}"
            val = None
        self.cache[key] = val
        return val

    def records(self) -> list[dict]:
        """The JSON list of every measurement made in this run."""
        out = []
        for (mode, nbytes, threads), val in sorted(self.cache.items()):
            rec = {
                "mode": mode,
                "working_set_bytes": nbytes,
                "threads": threads,
                "gbps": val,
                "source": self.source,
            }
            if (mode, nbytes, threads) in self.errors:
                rec["error"] = self.errors[(mode, nbytes, threads)]
            out.append(rec)
        return out
