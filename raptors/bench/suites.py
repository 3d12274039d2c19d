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


# ---- integer division (issue 12): a scalar divisor (a multiply-shift in
# raptors and in NumPy's libdivide) and an array divisor without zeros; the
# dividends span the whole dtype.
def _int_full(rng, shape, dt):
    import numpy as np

    ii = np.iinfo(dt)
    return rng.integers(ii.min, ii.max, size=shape, dtype=dt, endpoint=True)


def _int_divisor(rng, a):
    import numpy as np

    ii = np.iinfo(a.dtype)
    d = rng.integers(1, min(ii.max, 1000), size=a.shape, dtype=a.dtype, endpoint=True)
    if ii.min < 0:
        d = np.where(rng.random(a.shape) < 0.5, -d, d).astype(a.dtype)
    return {"d": d}


OPS.update(
    (op.name, op)
    for op in (
        Op("floordiv_7", "map", 1, "a // 7", domain=_int_full),
        Op("mod_7", "map", 1, "a % 7", domain=_int_full),
        Op("floordiv_array", "map", 1, "a // d", domain=_int_full, inputs=_int_divisor),
        Op("mod_array", "map", 1, "a % d", domain=_int_full, inputs=_int_divisor),
    )
)
INTDIV_OPS = ("floordiv_7", "mod_7", "floordiv_array", "mod_array")


REFERENCE_OPS = ("sum", "mean", "mean_axis0", "mean_axis1", "broadcast_add", "scale")


# ---- the indexing suite's ops (masks and index arrays as NumPy users write them) ----

def _mask(density):
    return lambda rng, a: {"m": rng.random(a.shape) < density}


def _rows_index(sort):
    def inputs(rng, a):
        idx = rng.integers(0, a.shape[0], a.shape[0])
        if sort:
            idx.sort()
        return {"idx": idx}
    return inputs


def _set_index(rng, a):
    idx = rng.integers(0, a.shape[0], a.shape[0] // 2)
    shape = idx.shape + a.shape[1:]
    return {"idx": idx, "v": rng.random(shape).astype(a.dtype) if a.dtype.kind == "f"
            else rng.integers(-100, 100, shape).astype(a.dtype)}


# An assignment is timed as a call (the harness evaluates expressions); `or a`
# makes the row's result the assigned array, compared between the libraries.
OPS.update({op.name: op for op in (
    Op("mask_get_1pct", "map", 1, "a[m]", inputs=_mask(0.01)),
    Op("mask_get_50pct", "map", 1, "a[m]", inputs=_mask(0.5)),
    Op("mask_get_99pct", "map", 1, "a[m]", inputs=_mask(0.99)),
    Op("mask_set_zero", "map", 1, "a.__setitem__(m, 0) or a", inputs=_mask(0.5)),
    Op("take_random", "map", 1, "a[idx]", inputs=_rows_index(False)),
    Op("take_sorted", "map", 1, "a[idx]", inputs=_rows_index(True)),
    Op("put_random", "map", 1, "a.__setitem__(idx, v) or a", inputs=_set_index),
    Op("take_fn", "map", 1, "xp.take(a, idx, axis=0)", operands=("a", "xp"),
       inputs=_rows_index(False)),
)})

INDEXING_1D = ("mask_get_1pct", "mask_get_50pct", "mask_get_99pct", "mask_set_zero",
               "take_random", "take_sorted", "put_random", "take_fn")
INDEXING_ROWS = ("take_random", "take_sorted", "put_random", "take_fn")

# issue 13's shape ops (raptors/_shape_ops.py), as NumPy users call them
OPS.update({op.name: op for op in (
    Op(n, "map", 1, st, operands=("a", "xp")) for n, st in (
        ("repeat_3", "xp.repeat(a, 3, axis=0)"), ("tile_2", "xp.tile(a, 2)"),
        ("roll", "xp.roll(a, 7, axis=0)"), ("pad_reflect", "xp.pad(a, 3, mode='reflect')"),
        ("diff", "xp.diff(a, axis=0)"), ("vstack", "xp.vstack([a, a])"),
        ("hstack", "xp.hstack([a, a])"))
)})
OPS["tril"] = Op("tril", "map", 2, "xp.tril(a)", operands=("a", "xp"))
INDEXING_1D += ("repeat_3", "tile_2", "roll", "pad_reflect", "diff", "vstack", "hstack")
INDEXING_ROWS += ("repeat_3", "tile_2", "roll", "pad_reflect", "diff", "vstack", "hstack",
                  "tril")

# issue 13's selection functions and issue 17's where= (raptors/_select.py,
# raptors/_masked.py): half the elements zero / selected, at random
def _half_zero(rng, shape, dt):
    import numpy as np

    v = rng.random(shape) if dt.kind == "f" else rng.integers(1, 100, size=shape)
    return np.where(rng.random(shape) < 0.5, 0, v).astype(dt)


def _mask_and_out(rng, a):
    import numpy as np

    return {"m": rng.random(a.shape) < 0.5, "o": np.zeros(a.shape, a.dtype)}


OPS.update({op.name: op for op in (
    Op("nonzero", "map", 1, "xp.nonzero(a)", operands=("a", "xp"), domain=_half_zero),
    Op("where_cond", "map", 1, "xp.where(m)", operands=("a", "xp"), inputs=_mask(0.5)),
    Op("add_where", "map", 1, "xp.add(a, a, where=m, out=o)", operands=("a", "xp"),
       inputs=_mask_and_out),
    Op("sum_where", "map", 1, "xp.sum(a, where=m)", operands=("a", "xp"), inputs=_mask(0.5)),
)})
INDEXING_1D += ("nonzero", "where_cond", "add_where", "sum_where")
INDEXING_ROWS += ("nonzero", "add_where", "sum_where")

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


# issue 13's small calls: element access, item(), a slice, a small zeros
OPS.update({op.name: op for op in (
    Op("elem", "map", 1, "a[3]"), Op("elem_2d", "map", 2, "a[1, 2]"),
    Op("item", "map", 1, "a.item()"), Op("slice", "map", 1, "a[2:10]"),
    Op("zeros_16", "map", 1, "xp.zeros(16)", operands=("a", "xp")),
)})


def _suite_small():
    return (_rows("small", ("add", "mul_scalar", "sum", "mean"), [(1,), (16,), (1000,)],
                  ["float64"])
            + _rows("small", ("elem", "slice", "zeros_16"), [(16,)], ["float64"])
            + _rows("small", ("elem_2d",), [(4, 4)], ["float64"])
            + _rows("small", ("item",), [(1,)], ["float64"]))


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


# ---- linalg -------------------------------------------------------------------
#
# Products and raptors.linalg. `b` is a second array of a's shape; the hooks
# give a matrix @ vector its vector, solve its right-hand side, and the
# factorizations inputs they accept (well conditioned; SPD for cholesky and
# eigh). Namedtuple results are indexed: the runner compares one array.


def _la_vec(rng, a):
    return {"v": rng.random(a.shape[-1]).astype(a.dtype)}


def _la_rhs(rng, a):
    return {"v": rng.random(a.shape[:-1]).astype(a.dtype)}


def _la_wellcond(rng, shape, dt):
    n = shape[-1]
    # diagonally dominant, determinant of order 1 (no overflow at n=500)
    return (rng.random(shape) / n + _np_eye(n)).astype(dt)


def _la_spd(rng, shape, dt):
    n = shape[-1]
    m = rng.random(shape)
    return (m @ m.swapaxes(-1, -2) / n + _np_eye(n)).astype(dt)


def _np_eye(n):
    import numpy as np

    return np.eye(n)


_LINALG_OPS = (
    Op("matmul", "map", 2, "a @ b", operands=("a", "b")),
    Op("matvec", "map", 2, "a @ v", operands=("a",), inputs=_la_vec),
    Op("einsum_mm", "map", 2, "xp.einsum('ij,jk->ik', a, b)", operands=("a", "b", "xp")),
    Op("einsum_bmm", "map", 3, "xp.einsum('bij,bjk->bik', a, b)", operands=("a", "b", "xp")),
    Op("solve", "map", 2, "xp.linalg.solve(a, v)", operands=("a", "xp"), inputs=_la_rhs,
       domain=_la_wellcond),
    Op("inv", "map", 2, "xp.linalg.inv(a)", operands=("a", "xp"), domain=_la_wellcond),
    Op("det", "reduce", 2, "xp.linalg.det(a)", operands=("a", "xp"), domain=_la_wellcond),
    Op("cholesky", "map", 2, "xp.linalg.cholesky(a)", operands=("a", "xp"), domain=_la_spd),
    Op("qr", "map", 2, "xp.linalg.qr(a)[1]", operands=("a", "xp"), domain=_la_wellcond),
    Op("svd", "map", 2, "xp.linalg.svd(a)[1]", operands=("a", "xp"), domain=_la_wellcond),
    Op("eigh", "map", 2, "xp.linalg.eigh(a)[0]", operands=("a", "xp"), domain=_la_spd),
    Op("vector_norm", "reduce", 1, "xp.linalg.vector_norm(a)", operands=("a", "xp")),
    Op("matrix_norm", "reduce", 2, "xp.linalg.matrix_norm(a)", operands=("a", "xp")),
)
OPS.update({op.name: op for op in _LINALG_OPS})


def _suite_linalg():
    sq = [(8, 8), (64, 64), (512, 512), (2048, 2048)]
    return (
        _rows("linalg", ("matmul",), sq + [(1000, 8, 8)], ["float32", "float64"])
        + _rows("linalg", ("matmul",), [(256, 256)], ["int64", "int32"])
        + _rows("linalg", ("matvec",), [(2000, 500)], ["float64"])
        + _rows("linalg", ("einsum_mm",), [(256, 256)], ["float64"])
        + _rows("linalg", ("einsum_bmm",), [(100, 32, 32)], ["float64"])
        + _rows("linalg", ("solve", "inv", "det", "cholesky", "qr", "svd", "eigh"), [(500, 500)],
                ["float64"])
        + _rows("linalg", ("vector_norm",), [(1_000_000,)], ["float64"])
        + _rows("linalg", ("matrix_norm",), [(1000, 1000)], ["float64"])
    )


# ---- the sort suite (issue 15) -------------------------------------------------
#
# Data patterns as input domains. Values are distinct except in "few", so an
# unstable argsort has one right answer and the result check can compare
# with NumPy's; "few" rows use stable kinds only for the same reason.


def _distinct(rng, shape, dt):
    import numpy as np

    size = int(np.prod(shape))
    return rng.permutation(size).astype(dt).reshape(shape)


def _ascending(rng, shape, dt):
    import numpy as np

    return np.sort(_distinct(rng, shape, dt), axis=-1)


def _descending(rng, shape, dt):
    return _ascending(rng, shape, dt)[..., ::-1].copy()


def _spread(hi):
    def draw(rng, shape, dt):
        return (rng.random(shape) * hi).astype(dt)

    return draw


def _few(rng, shape, dt):
    return rng.integers(0, 16, size=shape).astype(dt)


def _counts(rng, shape, dt):
    return rng.integers(0, 1000, size=shape).astype(dt)


_SORT_PATTERNS = {"random": _distinct, "sorted": _ascending, "reversed": _descending, "few": _few}
_SORT_STMTS = {
    "sort": "xp.sort(a)",
    "argsort": "xp.argsort(a)",
    "stablesort": "xp.sort(a, kind='stable')",
    "stableargsort": "xp.argsort(a, kind='stable')",
}
for _pat, _dom in _SORT_PATTERNS.items():
    for _name, _stmt in _SORT_STMTS.items():
        if _pat == "few" and _name == "argsort":
            continue  # ties: NumPy's unstable order is not the only right one
        OPS[f"{_name}_{_pat}"] = Op(f"{_name}_{_pat}", "map", 1, _stmt, operands=("a", "xp"),
                                    domain=_dom)
for _op in (
    # the k-th value only: any valid partition is right, NumPy's is not unique
    Op("partition", "map", 1, "xp.partition(a, a.shape[-1] // 2)[..., a.shape[-1] // 2]",
       operands=("a", "xp"), domain=_distinct),
    Op("median", "reduce", 1, "xp.median(a)", operands=("a", "xp")),
    Op("median_axis0", "reduce", 2, "xp.median(a, axis=0)", operands=("a", "xp")),
    Op("percentile", "reduce", 1, "xp.percentile(a, [5, 50, 95])", operands=("a", "xp")),
    Op("percentile_axis0", "reduce", 2, "xp.percentile(a, [5, 50, 95], axis=0)",
       operands=("a", "xp")),
    Op("unique", "reduce", 1, "xp.unique(a)", operands=("a", "xp")),
    Op("unique_few", "reduce", 1, "xp.unique(a)", operands=("a", "xp"), domain=_few),
    # The needles spread over the haystack's whole range (0 .. 2**20), so each
    # search walks the full depth of the tree.
    Op("searchsorted", "map", 1, "xp.searchsorted(s, a)", operands=("a", "xp"),
       domain=_spread(1 << 20),
       inputs=lambda rng, a: {"s": _ascending(rng, (1 << 20,), a.dtype)}),
    Op("isin", "map", 1, "xp.isin(a, t)", operands=("a", "xp"),
       inputs=lambda rng, a: {"t": _distinct(rng, (1000,), a.dtype)}),
    Op("bincount", "reduce", 1, "xp.bincount(a)", operands=("a", "xp"), domain=_counts),
):
    OPS[_op.name] = _op


# histogram (uniform bins), nanmean and nanmax of issue 15: normal data, one
# value in ten NaN for the NaN-aware rows
def _with_nans(rng, shape, dt):
    import numpy as np

    a = rng.standard_normal(shape).astype(dt)
    a[rng.random(shape) < 0.1] = np.nan
    return a


STATS_OPS = ("histogram", "nanmean", "nanmax")
for _op in (
    Op("histogram", "reduce", 1, "xp.histogram(a, bins=64)[0]", operands=("a", "xp"),
       domain=lambda rng, shape, dt: rng.standard_normal(shape).astype(dt)),
    Op("nanmean", "reduce", 1, "xp.nanmean(a)", operands=("a", "xp"), domain=_with_nans),
    Op("nanmax", "reduce", 1, "xp.nanmax(a)", operands=("a", "xp"), domain=_with_nans),
):
    OPS[_op.name] = _op


def _suite_sort():
    sizes_1d = [(1 << 10,), (1 << 16,), (1 << 20,), (1 << 24,)]
    sorts = [f"{n}_{p}" for p in _SORT_PATTERNS for n in _SORT_STMTS if f"{n}_{p}" in OPS]
    return (
        _rows("sort", sorts, sizes_1d, ["float64", "float32", "int64", "int32"])
        + _rows("sort", sorts, [(1024, 1024)], ["float64", "int32"])
        + _rows("sort", ("partition", "median", "percentile", "unique", "unique_few",
                         "searchsorted", "isin"), [(1 << 16,), (1 << 20,)], ["float64"])
        + _rows("sort", ("median_axis0", "percentile_axis0", "partition"), [(1024, 1024)],
                ["float64"])
        + _rows("sort", ("unique", "bincount"), [(1 << 20,)], ["int64"])
        + _rows("sort", STATS_OPS, [(1 << 16,), (1 << 20,)], ["float64", "float32"])
    )


def _suite_indexing():
    sizes = [1 << 16, 1 << 20, 1 << 23]
    dtypes = ["float64", "float32", "int64"]
    return (_rows("indexing", INDEXING_1D, [(n,) for n in sizes], dtypes)
            + _rows("indexing", INDEXING_ROWS, [(n // 64, 64) for n in sizes], dtypes))


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


# float16 casts (issue 17): to half from float32/float64 (F16C where the
# CPU has it; NumPy converts one element at a time in software), and back
# (rows to_float16/float32 read as "a.astype(float16)" of a float32 a).
HALF_CAST_OPS = tuple(
    Op(f"to_{t}", "map", 1, f"a.astype('{t}')", domain=_uniform(-1000, 1000))
    for t in ("float16", "float32", "float64"))
OPS.update({op.name: op for op in HALF_CAST_OPS})


def _suite_math():
    sizes = [(1 << 16,), (1 << 20,), (1 << 23,)]
    return (_rows("math", tuple(op.name for op in MATH_OPS), sizes, ["float32", "float64"])
            + _rows("math", INTDIV_OPS, sizes,
                    ["int8", "int16", "int32", "int64", "uint8", "uint64"])
            + _rows("math", ("to_float16",), sizes, ["float32", "float64"])
            + _rows("math", ("to_float32", "to_float64"), sizes, ["float16"]))


# ---- fft (issue 17): raptors.fft against numpy.fft on real input; 1-D
# lengths that are powers of two, primes (65537, 1009) and mixed (1000 =
# 2^3 5^3, 60000 = 2^5 3 5^4), 2-D, the real transforms; 64 shows the
# per-call overhead.
FFT_OPS = tuple(
    Op(f"fft_{f}", "map", nd, f"xp.fft.{f}(a)", operands=("a", "xp"))
    for f, nd in (("fft", 1), ("fft2", 2), ("rfft", 1), ("irfft", 1), ("rfft2", 2))
)
OPS.update({op.name: op for op in FFT_OPS})


def _suite_fft():
    dts = ["float64", "float32"]
    return (_rows("fft", ("fft_fft",), [(64,), (1024,), (1 << 16,), (1 << 20,), (1009,),
                                         (65537,), (1000,), (60000,)], dts)
            + _rows("fft", ("fft_fft2", "fft_rfft2"), [(256, 256), (1024, 1024)], dts)
            + _rows("fft", ("fft_rfft", "fft_irfft"), [(64,), (1024,), (1 << 16,), (1 << 20,),
                                                       (60000,)], dts))


# ---- complex math functions (issue 17): exp on raptors' vector path, sqrt
# and log on glibc's csqrt/clog (as NumPy); parts inside the vector range.
def _complex_uniform(lo, hi):
    def make(rng, shape, dt):
        import numpy as np

        a = np.empty(shape, dt)
        a.real = rng.uniform(lo, hi, shape)
        a.imag = rng.uniform(lo, hi, shape)
        return a
    return make


CMATH_OPS = tuple(
    Op(f"complex_{f}", "map", 1, f"xp.{f}(a)", operands=("a", "xp"), domain=_complex_uniform(*d))
    for f, d in (("exp", (-5, 5)), ("sqrt", (-10, 10)), ("log", (-10, 10)))
)
OPS.update({op.name: op for op in CMATH_OPS})


def _suite_complex_funcs():
    return _rows("complex", tuple(op.name for op in CMATH_OPS), [(1 << 20,)],
                 ["complex64", "complex128"])


# ---- complex (issue 17 item 1): elementwise arithmetic on complex64 and
# complex128 -- add, multiply (NumPy's FMA formula) and abs (a float result);
# parts drawn from a normal distribution. The strided rows (every other
# element) take the loops' strided paths.
def _complex_normal(rng, shape, dt):
    import numpy as np

    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt)


COMPLEX_OPS = (
    Op("cx_add", "map", 1, "a + b", operands=("a", "b"), domain=_complex_normal),
    Op("cx_mul", "map", 1, "a * b", operands=("a", "b"), domain=_complex_normal),
    Op("cx_abs", "map", 1, "abs(a)", domain=_complex_normal),
    Op("cx_mul_scalar", "map", 1, "a * (0.5 - 2j)", domain=_complex_normal),
    Op("cx_div", "map", 1, "a / b", operands=("a", "b"), domain=_complex_normal),
)
OPS.update({op.name: op for op in COMPLEX_OPS})


def _suite_complex():
    dts = ["complex64", "complex128"]
    return (_rows("complex", ("cx_add", "cx_mul", "cx_abs"), [(1 << 16,), (1 << 20,)], dts)
            + _rows("complex", ("cx_mul_scalar", "cx_div"), [(1 << 20,)], dts)
            + _rows("complex", ("cx_add", "cx_mul", "cx_abs"), [(1024, 1024)], dts, "stride2"))


# ---- complex reductions (issue 17 item 1, cx-reduce): sum and mean of
# complex64/complex128 in NumPy's pairwise order (bit-exact), parts from
# [0, 1) each; 64 Ki stays in cache, 1 Mi (8-16 MiB) streams and splits on
# the pool.
def _complex_domain(rng, shape, dt):
    import numpy as np

    a = np.empty(shape, dt)
    a.real = rng.random(shape)
    a.imag = rng.random(shape)
    return a


def _unit_circle(rng, shape, dt):
    import numpy as np

    return np.exp(1j * rng.random(shape) * 6.283185307179586).astype(dt)  # products stay finite


COMPLEX_REDUCE_OPS = tuple(
    Op(name, "reduce", nd, stmt, domain=dom)
    for name, nd, stmt, dom in (("sum_complex", 1, "a.sum()", _complex_domain),
                                ("mean_complex", 1, "a.mean()", _complex_domain),
                                ("sum_complex_axis0", 2, "a.sum(axis=0)", _complex_domain),
                                ("prod_complex", 1, "a.prod()", _unit_circle))
)
OPS.update({op.name: op for op in COMPLEX_REDUCE_OPS})


def _suite_complex_reduce():
    dts = ["complex64", "complex128"]
    return (_rows("complex", ("sum_complex", "mean_complex"), [(1 << 16,), (1 << 20,)], dts)
            + _rows("complex", ("sum_complex_axis0",), [(1024, 1024)], dts)
            + _rows("complex", ("prod_complex",), [(1 << 16,)], dts))


# ---- complex results at the package surface (issue 17, cx-glue): fft of
# complex input (zero-copy views in, raptors arrays out), complex products
# (raptors' kernel up to 64^3 multiply-adds, NumPy's BLAS above), eigvals of
# a non-symmetric real matrix (complex eigenvalues, a raptors array).
CX_GLUE_OPS = (
    Op("cx_fft", "map", 1, "xp.fft.fft(a)", operands=("a", "xp"), domain=_complex_normal),
    Op("cx_matmul", "map", 2, "xp.matmul(a, b)", operands=("a", "b", "xp"),
       domain=_complex_normal),
    Op("eigvals_nonsym", "map", 2, "xp.linalg.eigvals(a)", operands=("a", "xp")),
    # complex sort/argsort (session 8: raptors' stable merge sort in NumPy's
    # complex order, src/core/sort_complex.c; NumPy's default sort kind)
    Op("cx_sort", "map", 1, "xp.sort(a)", operands=("a", "xp"), domain=_complex_normal),
    Op("cx_argsort", "map", 1, "xp.argsort(a)", operands=("a", "xp"), domain=_complex_normal),
)
OPS.update({op.name: op for op in CX_GLUE_OPS})


def _suite_cx_glue():
    dts = ["complex64", "complex128"]
    return (_rows("complex", ("cx_fft",), [(1024,), (1 << 16,)], dts)
            + _rows("complex", ("cx_matmul",), [(8, 8), (32, 32), (64, 64), (256, 256)], dts)
            + _rows("complex", ("eigvals_nonsym",), [(100, 100)], ["float64"])
            + _rows("complex", ("cx_sort", "cx_argsort"), [(1 << 10,), (1 << 16,)], dts))


SUITES = {
    "2d": _suite_2d,
    "mixed": _suite_mixed,
    "small": _suite_small,
    "layouts": _suite_layouts,
    "linalg": _suite_linalg,
    "sort": _suite_sort,
    "indexing": _suite_indexing,
    "math": _suite_math,
    "fft": _suite_fft,
}
SUITES["complex"] = lambda: _suite_complex() + _suite_complex_funcs() + _suite_complex_reduce()
_suite_complex_arith = SUITES["complex"]
SUITES["complex"] = lambda: _suite_complex_arith() + _suite_cx_glue()
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
    if dt.kind == "c":  # fft rows: the tolerance of the component type
        return (1e-4, 1e-6) if dt.itemsize <= 8 else (1e-9, 1e-12)
    return (0.0, 0.0)
