"""The reference suite as ASV benchmarks, parametrised by op, shape, dtype, layout.

The rows, inputs and statements come from raptors.bench.suites, so ASV and
`python -m raptors.bench` time exactly the same things. Each suite has a
NumPy class (time_op) and a raptors class (time_op, and track_speedup: the
in-process interleaved ratio, the number worth tracking across commits on a
noisy machine).

A combination that does not exist (mean_axis0 of a 1-D array), or that
raptors cannot run yet, raises NotImplementedError in setup: ASV shows it as
skipped ("n/a"), not as a failure, and the NumPy class still times it.
"""

import numpy as np

try:
    import raptors as rp
    from raptors.bench import suites, timing
except ImportError:  # ASV discovers benchmarks before installing: stay importable
    rp = suites = timing = None

OPS = ["sum", "mean", "mean_axis0", "mean_axis1", "broadcast_add", "scale"]
NAMES = ["op", "shape", "dtype", "layout"]

REFERENCE = [OPS, ["512x512", "1024x1024", "2048x2048"], ["float64", "float32"], ["C"]]
MIXED = [OPS, ["4096", "2048", "512x512"], ["float64", "float32", "int32"], ["C"]]
LAYOUTS = [
    OPS,
    ["1024x1024", "1000x3001", "64x128x128"],
    ["float64", "float32", "int64"],
    ["C", "T", "stride2", "neg"],
]
SMALL = [["add", "mul_scalar", "sum", "mean"], ["1", "16", "1000"], ["float64"], ["C"]]


_SUITE_IDS = {}


def _shape(text):
    return tuple(int(n) for n in text.split("x"))


class _Side:
    params = REFERENCE
    param_names = NAMES
    suite = "asv"
    warmup_time = 0.1

    def valid(self, op, shape, dtype, layout):
        """Only the combinations the harness's suite has (the grid is a superset)."""
        ids = _SUITE_IDS.get(self.suite)
        if ids is None:
            ids = _SUITE_IDS[self.suite] = {r.id for r in suites.build_suite(self.suite)}
        return suites.Row(self.suite, op, _shape(shape), dtype, layout).id in ids

    def setup(self, op, shape, dtype, layout):
        if suites is None:
            raise NotImplementedError("raptors is not installed")
        if not self.valid(op, shape, dtype, layout):
            raise NotImplementedError("combination not in the suite")
        self.row = suites.Row(self.suite, op, _shape(shape), dtype, layout)
        self.np_ops = self.row.make_inputs()
        self.fn = eval(f"lambda a=None, b=None, r=None: {self.row.statement}")
        self.ops = self.np_ops


class _RaptorsSide(_Side):
    def setup(self, op, shape, dtype, layout):
        super().setup(op, shape, dtype, layout)
        stmt = self.row.statement
        try:
            self.ops = {k: rp.asarray(v) for k, v in self.np_ops.items()}
            got = self.fn(**self.ops)
        except Exception as exc:
            raise NotImplementedError(f"raptors cannot run {stmt}: {exc}") from exc
        if isinstance(got, np.ndarray):
            raise NotImplementedError("NumPy, not raptors, computed the result")
        want = self.fn(**self.np_ops)
        rtol, atol = suites.tolerance(np.asarray(want).dtype)
        if not np.allclose(np.asarray(got), want, rtol=rtol, atol=atol):
            raise NotImplementedError("raptors' result differs from NumPy's")

    def time_op(self, op, shape, dtype, layout):
        self.fn(**self.ops)

    def track_speedup(self, op, shape, dtype, layout):
        timer = timing.make_timer(self.row.statement)
        cpu = {}
        s_np, s_rp, _, _ = timing.time_pair(
            timer,
            self.np_ops,
            timer,
            self.ops,
            min_sample_s=1e-3,
            warmup=1,
            repeats=7,
            budget_s=1.0,
            cpu_out=cpu,
        )
        # the harness's rule: drop rounds that other work interrupted
        keep = timing.clean_rounds(cpu["numpy"], cpu["raptors"])
        s_np = [t for t, k in zip(s_np, keep) if k]
        s_rp = [t for t, k in zip(s_rp, keep) if k]
        return timing.median(s_np) / timing.median(s_rp)

    track_speedup.unit = "x (numpy time / raptors time)"


class _NumpySide(_Side):
    def time_op(self, op, shape, dtype, layout):
        self.fn(**self.ops)


class ReferenceNumpy(_NumpySide):
    """The 2d suite (36 rows) with NumPy."""

    params, suite = REFERENCE, "2d"


class ReferenceRaptors(_RaptorsSide):
    """The 2d suite (36 rows) with raptors."""

    params, suite = REFERENCE, "2d"


class MixedNumpy(_NumpySide):
    params, suite = MIXED, "mixed"


class MixedRaptors(_RaptorsSide):
    params, suite = MIXED, "mixed"


class LayoutsNumpy(_NumpySide):
    params, suite = LAYOUTS, "layouts"


class LayoutsRaptors(_RaptorsSide):
    params, suite = LAYOUTS, "layouts"


class SmallNumpy(_NumpySide):
    params, suite = SMALL, "small"


class SmallRaptors(_RaptorsSide):
    params, suite = SMALL, "small"
