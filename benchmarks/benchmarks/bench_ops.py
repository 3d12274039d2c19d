"""The reference suite as ASV benchmarks, parametrised by op, shape, dtype, layout.

The rows, inputs and statements come from raptors.bench.suites, so ASV and
`python -m raptors.bench` time exactly the same things. Each class times
NumPy and raptors separately (time_numpy / time_raptors) and also records
the in-process speedup (track_speedup): on a noisy machine the ratio of an
interleaved run is the number worth tracking across commits.

A combination that does not exist (mean_axis0 of a 1-D array) or that
raptors cannot run yet raises NotImplementedError in setup: ASV reports it
as skipped ("n/a"), not as a failure.
"""

import numpy as np

try:
    import raptors as rp
    from raptors.bench import suites, timing
except ImportError:  # ASV discovers benchmarks before installing: be importable
    rp = suites = timing = None

OPS = ["sum", "mean", "mean_axis0", "mean_axis1", "broadcast_add", "scale"]


def _shape(text):
    return tuple(int(n) for n in text.split("x"))


class _Base:
    number = 0  # let ASV calibrate the inner loop (>= its sample time)
    warmup_time = 0.1
    suite = "asv"

    def _setup(self, op, shape, dtype, layout):
        if suites is None:
            raise NotImplementedError("raptors is not installed")
        if len(_shape(shape)) < suites.OPS[op].min_ndim:
            raise NotImplementedError("op needs more axes")
        self.row = suites.Row(self.suite, op, _shape(shape), dtype, layout)
        self.np_ops = self.row.make_inputs()
        stmt = self.row.statement
        self.fn = eval(f"lambda a=None, b=None, r=None: {stmt}")
        try:
            self.rp_ops = {k: rp.asarray(v) for k, v in self.np_ops.items()}
            got = self.fn(**self.rp_ops)
        except Exception as exc:
            raise NotImplementedError(f"raptors cannot run {stmt}: {exc}") from exc
        if isinstance(got, np.ndarray):
            raise NotImplementedError("NumPy, not raptors, computed the result")
        want = self.fn(**self.np_ops)
        rtol, atol = suites.tolerance(np.asarray(want).dtype)
        if not np.allclose(np.asarray(got), want, rtol=rtol, atol=atol):
            raise NotImplementedError("raptors' result differs from NumPy's")

    def _time_numpy(self):
        self.fn(**self.np_ops)

    def _time_raptors(self):
        self.fn(**self.rp_ops)

    def _speedup(self):
        timer = timing.make_timer(self.row.statement)
        s_np, s_rp, _, _ = timing.time_pair(timer, self.np_ops, timer, self.rp_ops,
                                            min_sample_s=1e-3, warmup=1, repeats=7,
                                            budget_s=1.0)
        return timing.median(s_np) / timing.median(s_rp)


class Reference(_Base):
    """The 36-row 2d suite: op x 512^2/1024^2/2048^2 x float64/float32."""

    params = [OPS, ["512x512", "1024x1024", "2048x2048"], ["float64", "float32"], ["C"]]
    param_names = ["op", "shape", "dtype", "layout"]
    suite = "2d"

    def setup(self, op, shape, dtype, layout):
        self._setup(op, shape, dtype, layout)

    def time_numpy(self, op, shape, dtype, layout):
        self._time_numpy()

    def time_raptors(self, op, shape, dtype, layout):
        self._time_raptors()

    def track_speedup(self, op, shape, dtype, layout):
        return self._speedup()

    track_speedup.unit = "x (numpy time / raptors time)"


class Mixed(_Base):
    """1-D and integer rows."""

    params = [OPS, ["4096", "2048", "512x512"], ["float64", "float32", "int32"], ["C"]]
    param_names = ["op", "shape", "dtype", "layout"]
    suite = "mixed"

    def setup(self, op, shape, dtype, layout):
        self._setup(op, shape, dtype, layout)

    def time_numpy(self, op, shape, dtype, layout):
        self._time_numpy()

    def time_raptors(self, op, shape, dtype, layout):
        self._time_raptors()


class Layouts(_Base):
    """Views: transposed, every other column, reversed rows; odd sizes; int64."""

    params = [OPS, ["1024x1024", "1000x3001", "64x128x128"], ["float64", "float32", "int64"],
              ["C", "T", "stride2", "neg"]]
    param_names = ["op", "shape", "dtype", "layout"]
    suite = "layouts"

    def setup(self, op, shape, dtype, layout):
        if layout != "C" and (shape != "1024x1024" or dtype != "float64"):
            raise NotImplementedError("views are timed on 1024x1024 float64 only")
        self._setup(op, shape, dtype, layout)

    def time_numpy(self, op, shape, dtype, layout):
        self._time_numpy()

    def time_raptors(self, op, shape, dtype, layout):
        self._time_raptors()

    def track_speedup(self, op, shape, dtype, layout):
        return self._speedup()

    track_speedup.unit = "x (numpy time / raptors time)"


class Small(_Base):
    """Per-call overhead: 1, 16 and 1000 elements."""

    params = [["add", "mul_scalar", "sum", "mean"], ["1", "16", "1000"], ["float64"], ["C"]]
    param_names = ["op", "shape", "dtype", "layout"]
    suite = "small"

    def setup(self, op, shape, dtype, layout):
        self._setup(op, shape, dtype, layout)

    def time_numpy(self, op, shape, dtype, layout):
        self._time_numpy()

    def time_raptors(self, op, shape, dtype, layout):
        self._time_raptors()
