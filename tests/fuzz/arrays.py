"""Operands as program text: arrays of every dtype and layout, Python and
NumPy scalars.

Every operand is a Python expression over two names: ``np`` (always NumPy,
used only to write the data) and ``xp`` (the namespace under test). Under
``xp = numpy`` each expression is an ordinary NumPy array; under
``xp = raptors`` it is either a raptors view of a NumPy-owned array
(``xp.asarray(<numpy view>)``, zero copy) or an array raptors made itself
(``xp.array(data)``, then the view taken with raptors' own indexing,
transposes and ``broadcast_to``). The data are literals, so a program is
its own reproducer.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

BASE_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
               "float32", "float64")


def dtypes_from(spec):
    """The dtypes RAPTORS_FUZZ_DTYPES names: a comma list replaces the base
    set, "+float16" adds to it (so the CI's fixed seeds keep their programs
    unless asked)."""
    if not spec:
        return BASE_DTYPES
    names = [s.strip() for s in spec.split(",") if s.strip()]
    extra = [n[1:] for n in names if n.startswith("+")]
    chosen = [n for n in names if not n.startswith("+")] or list(BASE_DTYPES)
    out = tuple(dict.fromkeys(str(np.dtype(n)) for n in chosen + extra))
    return out


DTYPES = dtypes_from(os.environ.get("RAPTORS_FUZZ_DTYPES", ""))
INTS = tuple(d for d in DTYPES if d[0] in "iu") or ("int64",)
FLOATS = tuple(d for d in DTYPES if d.startswith("float")) or ("float64",)
CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")

# Layouts of an operand; "numpy" views a NumPy-owned array, "raptors" builds
# it in raptors memory and takes the view there.
LAYOUTS = ("C", "F", "transposed", "negative", "stepped", "broadcast")


def literal(v) -> str:
    """A Python literal that evaluates back to v exactly (nan/inf are names
    the program prelude defines)."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    return repr(v)


def _values(rng, dtype: str, n: int) -> list:
    """n values of dtype, mixing small numbers with each type's edges."""
    if dtype == "bool":
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype in INTS:
        info = np.iinfo(dtype)
        edges = [0, 1, -1, 2, info.min, info.max, info.min + 1, info.max - 1, 3, -7, 100]
        out = []
        for _ in range(n):
            r = rng.random()
            if r < 0.5:
                v = rng.randint(-6, 6)
            elif r < 0.75:
                v = rng.choice(edges)
            else:
                v = rng.randint(int(info.min), int(info.max))
            out.append(int(min(max(v, info.min), info.max)))
        return out
    big, tiny = {"float16": (6e4, 6e-8), "float32": (3e38, 1e-45)}.get(dtype, (1e300, 5e-324))
    specials = [math.nan, math.inf, -math.inf, 0.0, -0.0, big, -big, tiny, 0.5, -2.5, 1.0, -1.0,
                700.0, 90.0, 1e-30]
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            v = float(rng.randint(-8, 8)) / rng.choice((1, 2, 4))
        elif r < 0.55:
            v = rng.choice(specials)
        else:
            v = rng.gauss(0.0, 10.0 ** rng.randint(-3, 4))
        out.append(float(np.array(v, dtype=dtype)))  # exactly representable in dtype
    return out


def random_shape(rng, max_dims=4, max_side=5) -> tuple:
    nd = rng.choices(range(max_dims + 1), weights=[1, 4, 5, 3, 1][: max_dims + 1])[0]
    return tuple(0 if rng.random() < 0.06 else rng.randint(1, max_side) for _ in range(nd))


def sub_shape(rng, shape) -> tuple:
    """A shape that broadcasts to `shape`: leading axes dropped, some set to 1."""
    keep = rng.randint(0, len(shape)) if rng.random() < 0.4 else len(shape)
    s = shape[len(shape) - keep:]
    return tuple(1 if (n and rng.random() < 0.3) else n for n in s)


@dataclass
class Operand:
    """One array operand: its expression, shape, dtype and whether writes
    through it are allowed (broadcast views are read-only)."""
    expr: str
    shape: tuple
    dtype: str
    writeable: bool
    layout: str


def _slice_text(sl: slice) -> str:
    a = "" if sl.start is None else str(sl.start)
    b = "" if sl.stop is None else str(sl.stop)
    return f"{a}:{b}" + ("" if sl.step is None else f":{sl.step}")


def make_array(rng, shape, dtype, layout=None, owner=None) -> Operand:
    """An operand of exactly `shape` and `dtype` in a random layout."""
    nd = len(shape)
    layout = layout or rng.choice(LAYOUTS)
    owner = owner or rng.choice(("numpy", "raptors"))
    if layout in ("F", "transposed") and nd < 2:
        layout = "C"
    if layout == "broadcast" and math.prod(shape) == 0:
        layout = "C"
    base = shape
    ops = []           # applied to the base, in order: ('T', perm) / ('idx', text)
    bcast_from = None
    if layout == "F":
        base = shape[::-1]
        ops.append(("T", None))
    elif layout == "transposed":
        perm = list(range(nd))
        while perm == list(range(nd)):
            rng.shuffle(perm)
        # base.transpose(perm) has shape[k] = base[perm[k]]
        base = [0] * nd
        for k in range(nd):
            base[perm[k]] = shape[k]
        base = tuple(base)
        ops.append(("T", tuple(perm)))
    elif layout in ("negative", "stepped") and nd:
        parts, base = [], []
        for n in shape:
            if layout == "negative" or rng.random() < 0.3:
                step = -1 if layout == "negative" else rng.choice((-3, -2, 2, 3))
            else:
                step = rng.choice((1, 2, 3))
            if step > 0:
                start = rng.randint(0, 2)
                stop = start + (n - 1) * step + 1 if n else start
                b = stop + rng.randint(0, 1)
                sl = slice(start or None, stop, step)
            elif n == 0:
                b, sl = rng.randint(0, 2), slice(0, 0, step)
            else:
                extra = rng.randint(0, 2)
                b = (n - 1) * -step + 1 + extra
                start = b - 1 - rng.randint(0, extra)
                stop = start + n * step
                sl = slice(start, stop if stop >= 0 else None, step)
            assert len(range(b)[sl]) == n, (b, sl, n)
            base.append(b)
            parts.append(_slice_text(sl))
        base = tuple(base)
        ops.append(("idx", ", ".join(parts) + ("," if nd == 1 else "")))
    elif layout == "broadcast" and nd:
        bcast_from = sub_shape(rng, shape)
        if bcast_from == shape:
            bcast_from = shape[1:]
        base = bcast_from
    n = math.prod(base)
    data = ", ".join(literal(v) for v in _values(rng, dtype, n))
    src = f"np.array([{data}], dtype='{dtype}').reshape({base!r})"

    def chain(e, ns):
        for kind, arg in ops:
            if kind == "T":
                e = f"{e}.T" if arg is None else f"{e}.transpose({arg!r})"
            else:
                e = f"{e}[{arg}]"
        if bcast_from is not None:
            e = f"{ns}.broadcast_to({e}, {shape!r})"
        return e

    if owner == "numpy":
        expr = f"xp.asarray({chain(src, 'np')})"
    else:
        expr = chain(f"xp.array({src})", "xp")
    return Operand(expr, tuple(shape), dtype, bcast_from is None, f"{layout}/{owner}")


def python_scalar(rng, kind=None):
    """(text, kind) of a Python scalar: weak under NEP 50, some out of range
    for the small integer types."""
    kind = kind or rng.choice(("bool", "int", "int", "float", "float"))
    if kind == "bool":
        return rng.choice(("True", "False")), kind
    if kind == "int":
        v = rng.choice((0, 1, 2, 3, -1, -5, 7, 100, 127, 128, 255, 256, -129, 300, 65536,
                        2**31, 2**32, 2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1))
        return repr(v), kind
    v = rng.choice((0.0, -0.0, 0.5, -1.5, 2.0, 3.25, 1e300, -1e-310, math.nan, math.inf,
                    -math.inf, 1e39, 0.1))
    return literal(v), kind


def numpy_scalar(rng):
    """A NumPy scalar (strong type) as text."""
    dtype = rng.choice(DTYPES)
    v = _values(rng, dtype, 1)[0]
    return f"np.{dtype}({literal(v)})", dtype
