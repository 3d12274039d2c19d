"""Reductions against the bandwidth probe, in one process.

    python scripts/reduce_vs_probe.py [N [DTYPE [ROUNDS]]]    (default 4096 float64 15)

Alternates x.sum(), x.mean(axis=1), x.mean(axis=0) on an N x N array with one
sample of the harness's 2-thread read probe over 256 MiB (raptors._raptors.
bandwidth), and prints the median GB/s of each and their share of the
probe's median. The machine's memory bandwidth moves between phases, so only
shares from one process mean anything; compare variants (for example
RAPTORS_PREFETCH_BYTES=0 against the default) in alternating processes.
"""

import sys
import time

import numpy as np

import raptors as rp
from raptors import _raptors

PROBE_BYTES = 256 << 20


def main(argv):
    n = int(argv[1]) if len(argv) > 1 else 4096
    dtype = argv[2] if len(argv) > 2 else "float64"
    rounds = int(argv[3]) if len(argv) > 3 else 15
    a = np.random.default_rng(0).random((n, n)).astype(dtype)
    x = rp.asarray(a)
    ops = {
        "sum": lambda: x.sum(),
        "mean1": lambda: x.mean(axis=1),
        "mean0": lambda: x.mean(axis=0),
    }
    for f in ops.values():  # warm the pool, the caches and the allocator
        f()
    gbps = {k: [] for k in [*ops, "probe"]}
    for _ in range(rounds):
        for k, f in ops.items():
            t0 = time.perf_counter()
            f()
            f()  # two calls: the first may wake the pool's workers
            gbps[k].append(2 * a.nbytes / (time.perf_counter() - t0) / 1e9)
        gbps["probe"].append(_raptors.bandwidth(PROBE_BYTES, "read", 2, 1))
    med = {k: float(np.median(v)) for k, v in gbps.items()}
    shares = "  ".join(f"{k} {100 * med[k] / med['probe']:.0f}%" for k in ops)
    print("  ".join(f"{k} {v:5.1f}" for k, v in med.items()), "GB/s |", shares)


if __name__ == "__main__":
    main(sys.argv)
