"""The benchmark suites: which rows exist, what each row runs, what it moves.

A row is one statement (written exactly as a NumPy user writes it) on one
input: op x shape x dtype x layout. The same statement text is run on NumPy
arrays and on raptors arrays that view the same memory.

Everything here is pure data and NumPy; nothing imports raptors.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable

# ---- operations -------------------------------------------------------------
#
# kind "reduce" rows stream their input once and write a small result; their
# bandwidth limit is the read bandwidth. kind "map" rows read and write
# arrays of similar size; their limit is the read+write ("scale") bandwidth.


@dataclass(frozen=True)
class Op:
    name: str
    kind: str  # "reduce" | "map"
    min_ndim: int
    float_stmt: str
    int_stmt: str | None = None  # when integer inputs need another literal
    operands: tuple[str, ...] = ("a",)  # names the statement uses
    # Extra operands beyond a/b/r (masks, index arrays, a second array over
    # another domain...): inputs(rng, a) -> {name: value}, given the row's
    # generator and its benchmarked array. Values that are not NumPy arrays
    # (Python scalars, tuples) reach both libraries unchanged.
    inputs: Callable | None = None
    # The input domain of `a` when [0, 1) (floats) or [-100, 100) (integers)
    # does not suit the op: domain(rng, shape, dtype) -> NumPy array.
    domain: Callable | None = None

    def statement(self, dtype: str) -> str:
        if self.int_stmt is not None and dtype.startswith(("int", "uint")):
            return self.int_stmt
        return self.float_stmt


OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op("sum", "reduce", 1, "a.sum()"),
        Op("mean", "reduce", 1, "a.mean()"),
        Op("mean_axis0", "reduce", 2, "a.mean(axis=0)"),
        Op("mean_axis1", "reduce", 2, "a.mean(axis=1)"),
        # r = np.arange(a.shape[-1]): one row broadcast over every row of a.
        Op("broadcast_add", "map", 1, "a + r", operands=("a", "r")),
        # 1.0009765625 = 1 + 2**-10: exact in float32 and float64, so every
        # product is a single correctly rounded multiply on both sides.
        Op("scale", "map", 1, "a * 1.0009765625", "a * 2"),
        # the small suite's per-call overhead rows
        Op("add", "map", 1, "a + b", operands=("a", "b")),
        Op("mul_scalar", "map", 1, "a * 2.0"),
    )
}

REFERENCE_OPS = ("sum", "mean", "mean_axis0", "mean_axis1", "broadcast_add", "scale")

# ---- layouts ----------------------------------------------------------------
#
# A layout makes the benchmarked array (of the row's logical shape) as a view
# of a freshly allocated random base array. Both libraries get the same view.


@dataclass(frozen=True)
class Layout:
    name: str
    description: str

    def base_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        if self.name == "T":
            return tuple(reversed(shape))
        if self.name == "stride2":
            return shape[:-1] + (2 * shape[-1],)
        return shape

    def view(self, base):
        if self.name == "T":
            return base.T
        if self.name == "stride2":
            return base[..., ::2]
        if self.name == "neg":
            return base[::-1]
        return base


LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        Layout("C", "C-contiguous"),
        Layout("T", "transposed C array (a.T: F-contiguous)"),
        Layout("stride2", "every other column (a[:, ::2])"),
        Layout("neg", "rows reversed (a[::-1]: negative stride)"),
    )
}

# ---- rows -------------------------------------------------------------------


def shape_str(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape)


@dataclass(frozen=True)
class Row:
    suite: str
    op: str
    shape: tuple[int, ...]
    dtype: str
    layout: str = "C"
    id: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(
            self, "id", f"{self.suite}/{self.op}/{shape_str(self.shape)}/{self.dtype}/{self.layout}"
        )

    @property
    def statement(self) -> str:
        return OPS[self.op].statement(self.dtype)

    @property
    def kind(self) -> str:
        return OPS[self.op].kind

    def seed(self, seed: int) -> int:
        # Per-row seeds: a row's data does not depend on which other rows run.
        return (seed * 1_000_003 + zlib.crc32(self.id.encode())) & 0xFFFFFFFF

    def make_inputs(self, seed: int = 0):
        """NumPy operands {name: array} for this row (random data, not arange).

        a: the benchmarked array (a view of a random base array in its layout);
        b: a second array of a's shape (rows using `a + b`);
        r: np.arange(a.shape[-1]) of a's dtype (rows using `a + r`);
        xp: the array module (numpy here; the raptors backend swaps in raptors),
            for statements such as `xp.exp(a)`;
        and whatever the op's `inputs` hook adds.
        """
        import numpy as np

        rng = np.random.default_rng(self.seed(seed))
        lay = LAYOUTS[self.layout]
        dt = np.dtype(self.dtype)

        op = OPS[self.op]

        def rand(shape):
            if op.domain is not None:
                return op.domain(rng, shape, dt)
            if dt.kind == "f":
                return rng.random(shape, dtype=dt)
            # small magnitudes: sums of a few million stay exact in int32 too
            return rng.integers(-100, 100, size=shape, dtype=dt)

        a = lay.view(rand(lay.base_shape(self.shape)))
        assert a.shape == self.shape, (self.id, a.shape)
        ops = {"a": a}
        names = OPS[self.op].operands
        if "b" in names:
            ops["b"] = rand(self.shape)
        if "r" in names:
            ops["r"] = np.arange(self.shape[-1], dtype=dt)
        if "xp" in names:
            ops["xp"] = np
        if op.inputs is not None:
            ops.update(op.inputs(rng, a))
        return ops


def _rows(suite, ops, shapes, dtypes, layout="C"):
    out = []
    for shape in shapes:
        for dtype in dtypes:
            for op in ops:
                if len(shape) >= OPS[op].min_ndim:
                    out.append(Row(suite, op, tuple(shape), dtype, layout))
    return out


def custom_rows(suite: str, ops, shapes, dtypes) -> list[Row]:
    """Rows for shapes a suite does not name (labelled with that suite)."""
    suite = "custom" if suite == "all" else suite
    return _rows(suite, tuple(ops), [tuple(s) for s in shapes], list(dtypes))


def _suite_2d():
    return _rows(
        "2d", REFERENCE_OPS, [(512, 512), (1024, 1024), (2048, 2048)], ["float64", "float32"]
    )


def _suite_mixed():
    return (
        _rows("mixed", REFERENCE_OPS, [(4096,)], ["float64"])
        + _rows("mixed", REFERENCE_OPS, [(2048,)], ["float32"])
        + _rows("mixed", REFERENCE_OPS, [(512, 512)], ["int32"])
    )


def _suite_small():
    return _rows("small", ("add", "mul_scalar", "sum", "mean"), [(1,), (16,), (1000,)], ["float64"])


def _suite_layouts():
    five = ("sum", "mean_axis0", "mean_axis1", "broadcast_add", "scale")
    return (
        _rows("layouts", five, [(1024, 1024)], ["float64"], "T")
        + _rows("layouts", five, [(1024, 1024)], ["float64"], "stride2")
        + _rows("layouts", five, [(1024, 1024)], ["float64"], "neg")
        + _rows("layouts", five, [(64, 128, 128)], ["float64"])
        + _rows("layouts", REFERENCE_OPS, [(1000, 3001)], ["float64", "float32"])
        + _rows("layouts", REFERENCE_OPS, [(1024, 1024)], ["int64"])
    )


# ---- math: the floating-point functions (issue 12) ---------------------------
#
# Every float function of ops.def as NumPy users call it (xp.<fn>(a)), on
# inputs inside its domain and away from overflow (so both libraries do the
# full computation, not a special-value path), plus power by a scalar and
# NumPy's fast exponents.


def _uniform(lo, hi):
    return lambda rng, shape, dt: rng.uniform(lo, hi, shape).astype(dt)


_MATH_DOMAINS = {
    "exp": (-50, 50), "exp2": (-100, 100), "expm1": (-50, 50),
    "log": (1e-3, 1e3), "log2": (1e-3, 1e3), "log10": (1e-3, 1e3), "log1p": (-0.9, 100),
    "sin": (-100, 100), "cos": (-100, 100), "tan": (-100, 100),
    "arcsin": (-0.99, 0.99), "arccos": (-0.99, 0.99), "arctan": (-20, 20),
    "sinh": (-20, 20), "cosh": (-20, 20), "tanh": (-20, 20),
    "arcsinh": (-20, 20), "arccosh": (1, 100), "arctanh": (-0.99, 0.99), "cbrt": (-100, 100),
}
_MATH_BINARY = {"arctan2": (-10, 10), "hypot": (-10, 10), "logaddexp": (-50, 50),
                "logaddexp2": (-50, 50)}
_MATH_POWERS = {"power_2.5": "a ** 2.5", "power_2": "a ** 2", "power_0.5": "a ** 0.5",
                "power_-1": "a ** -1", "power_1": "a ** 1", "power_0": "a ** 0"}
MATH_OPS = (
    [Op(f, "map", 1, f"xp.{f}(a)", operands=("a", "xp"), domain=_uniform(*d))
     for f, d in _MATH_DOMAINS.items()]
    + [Op(f, "map", 1, f"xp.{f}(a, b)", operands=("a", "b", "xp"), domain=_uniform(*d))
       for f, d in _MATH_BINARY.items()]
    + [Op(n, "map", 1, st, domain=_uniform(0.5, 20)) for n, st in _MATH_POWERS.items()]
)
OPS.update({op.name: op for op in MATH_OPS})


def _suite_math():
    return _rows("math", tuple(op.name for op in MATH_OPS), [(1 << 16,), (1 << 20,), (1 << 23,)],
                 ["float32", "float64"])


SUITES = {
    "2d": _suite_2d,
    "mixed": _suite_mixed,
    "small": _suite_small,
    "layouts": _suite_layouts,
    "math": _suite_math,
}
SUITE_NAMES = tuple(SUITES) + ("all",)


def build_suite(name: str) -> list[Row]:
    if name == "all":
        return [row for fn in SUITES.values() for row in fn()]
    if name not in SUITES:
        raise ValueError(f"unknown suite {name!r}; choose from {', '.join(SUITE_NAMES)}")
    return SUITES[name]()


def parse_shape(text: str) -> tuple[int, ...]:
    """'1024x1024', '1024,1024' or '(1024, 1024)' -> (1024, 1024)."""
    t = text.strip().strip("()[]").replace(",", "x").replace("*", "x")
    return tuple(int(p) for p in t.split("x") if p.strip())


def select_rows(rows, ops=None, shapes=None, dtypes=None, layouts=None) -> list[Row]:
    """Filter rows; each filter is a collection of accepted values or None."""
    out = []
    for row in rows:
        if ops and row.op not in ops:
            continue
        if shapes and row.shape not in shapes:
            continue
        if dtypes and row.dtype not in dtypes:
            continue
        if layouts and row.layout not in layouts:
            continue
        out.append(row)
    return out


def bytes_moved(operands: dict, result) -> int:
    """Bytes a row must move at least: every element of every array operand
    read once, every element of the result written once.

    Scalars cost nothing; a broadcast operand (r in `a + r`) is counted once,
    at its own size. Cache-line granularity, write-allocate reads of the
    destination and strided views touching whole lines are NOT counted, so
    the floor derived from this is a lower bound.
    """
    import numpy as np

    total = 0
    for arr in operands.values():
        if isinstance(arr, np.ndarray):
            total += arr.size * arr.itemsize
    res = np.asarray(result)
    if res.ndim > 0:
        total += res.size * res.itemsize
    return int(total)


def bandwidth_mode(row: Row) -> str:
    """The probe mode whose access pattern matches the row."""
    return "read" if row.kind == "reduce" else "scale"


def tolerance(result_dtype) -> tuple[float, float]:
    """(rtol, atol) for comparing a raptors result with NumPy's.

    Reductions may sum in another order: float64 agrees to ~1e-13 on these
    sizes, float32 to ~1e-6; the bounds leave room. Integer results are exact.
    """
    import numpy as np

    dt = np.dtype(result_dtype)
    if dt.kind == "f":
        return (1e-4, 1e-6) if dt.itemsize <= 4 else (1e-9, 1e-12)
    if dt.kind == "c":
        return (1e-9, 1e-12)
    return (0.0, 0.0)
