"""Time Dask jobs on a distributed LocalCluster with raptors chunks against
the same jobs with NumPy chunks (docs/dask.md, "Raptors against NumPy on a
cluster").

    .venv/bin/python scripts/dask_compare.py [--workers 2] [--threads-per-worker 1]
        [--shape 4096 4096] [--chunk 1024] [--repeat 7] [--raptors-threads N]

Both inputs are made on the workers and persisted before timing, so a
measurement is the job itself (tasks, chunk kernels, transfers between the
two worker processes, the result's trip to the client), not the creation.
The two libraries alternate job by job, each job repeated --repeat times;
the table gives the median and the spread (min-max) in ms. The workers'
raptors thread counts are printed first: Dask's nanny sets
OMP_NUM_THREADS=1, which raptors' pool follows, so two worker processes on
two cores do not oversubscribe them.
"""

import argparse
import statistics
import time

import numpy as np


def _jobs(da):
    return {
        "sin(x)*2+1, sum(axis=0)": lambda x: (da.sin(x) * 2 + 1).sum(axis=0),
        "x*x, mean(axis=1)": lambda x: (x * x).mean(axis=1),
        "std(axis=0)": lambda x: x.std(axis=0),
        "where(x>0, x, -x).max()": lambda x: da.where(x > 0, x, -x).max(),
        "cumsum(axis=1)[:, -1]": lambda x: da.cumsum(x, axis=1)[:, -1],
        "x.T + x, sum(axis=0)": lambda x: (x.T + x).sum(axis=0),
        "rechunk, sum(axis=1)": lambda x: x.rechunk((x.chunksize[0] // 2, x.shape[1])).sum(axis=1),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads-per-worker", type=int, default=1)
    p.add_argument("--shape", type=int, nargs=2, default=(4096, 4096))
    p.add_argument("--chunk", type=int, default=1024)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--raptors-threads", type=int, default=None,
                   help="set raptors' pool size in each worker (default: what it picks, "
                        "1 under Dask's OMP_NUM_THREADS=1); more than cores/workers "
                        "shows what oversubscription costs")
    args = p.parse_args(argv)

    import dask.array as da
    from distributed import Client, LocalCluster, wait

    import raptors as rp

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads_per_worker,
                           processes=True, host="127.0.0.1", dashboard_address=None)
    client = Client(cluster)
    try:
        if args.raptors_threads is not None:
            n = args.raptors_threads
            client.run(lambda: __import__("raptors").set_num_threads(n))
        threads = client.run(lambda: __import__("raptors").get_num_threads())
        print(f"workers: {args.workers} processes x {args.threads_per_worker} Dask threads; "
              f"raptors threads per worker: {sorted(threads.values())}")
        base = da.random.default_rng(0).standard_normal(tuple(args.shape), chunks=args.chunk)
        inputs = {"numpy": base, "raptors": base.map_blocks(rp.asarray)}
        inputs = {k: client.persist(v) for k, v in inputs.items()}
        wait(list(inputs.values()))
        print(f"x: {args.shape[0]}x{args.shape[1]} float64 in {args.chunk}x{args.chunk} chunks; "
              f"{args.repeat} runs per job, libraries alternating; median (min-max) ms")
        print(f"{'job':28s} {'numpy':>20s} {'raptors':>20s} {'numpy/raptors':>14s}")
        for name, job in _jobs(da).items():
            times = {k: [] for k in inputs}
            results = {}
            for _ in range(args.repeat):
                for lib, x in inputs.items():
                    t0 = time.perf_counter()
                    results[lib] = job(x).compute()
                    times[lib].append((time.perf_counter() - t0) * 1e3)
            # the chunks really were raptors' (a full reduction is a NumPy scalar)
            assert isinstance(results["raptors"], rp.ndarray) or np.ndim(results["numpy"]) == 0
            np.testing.assert_allclose(np.asarray(results["raptors"]), results["numpy"],
                                       rtol=1e-9, atol=1e-9)
            med = {k: statistics.median(v) for k, v in times.items()}
            cells = [f"{med[k]:8.1f} ({min(v):.0f}-{max(v):.0f})" for k, v in times.items()]
            print(f"{name:28s} {cells[0]:>20s} {cells[1]:>20s} {med['numpy'] / med['raptors']:14.2f}")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
