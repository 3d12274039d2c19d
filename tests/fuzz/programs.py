"""Random programs: one operation per case, as Python text over ``np``
(data only) and ``xp`` (the namespace under test).

A case is generated from (seed, index) alone, so the same seed gives the
same programs on every machine and a finding can be regenerated from its
two numbers. To add an operation, add a generator function to the
family's table below (it appends statements to a `Case`); the comparison
needs nothing new unless its float results are not bit-exact (then set
`case.ulp` or `case.approx`).
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass, field

import numpy as np

from .arrays import (CASTINGS, DTYPES, FLOATS, INTS, literal, make_array, numpy_scalar,
                     python_scalar, random_shape, sub_shape)

# Every elementwise function of include/raptors/ops.def as raptors exposes
# it (clip, where and round have their own generators), with NumPy's aliases.
BINARY = ("add subtract multiply divide floor_divide remainder fmod power maximum minimum fmax "
          "fmin bitwise_and bitwise_or bitwise_xor left_shift right_shift arctan2 hypot copysign "
          "logaddexp logaddexp2 equal not_equal less less_equal greater greater_equal logical_and "
          "logical_or logical_xor").split()
UNARY = ("negative positive absolute square reciprocal sign invert floor ceil trunc rint sqrt "
         "cbrt exp exp2 expm1 log log1p log2 log10 sin cos tan arcsin arccos arctan sinh cosh "
         "tanh arcsinh arccosh arctanh deg2rad rad2deg isnan isinf isfinite signbit "
         "logical_not").split()
ALIASES = {"true_divide": "divide", "mod": "remainder", "pow": "power", "abs": "absolute",
           "bitwise_not": "invert", "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
           "bitwise_right_shift": "right_shift", "asin": "arcsin", "acos": "arccos",
           "atan": "arctan", "atan2": "arctan2", "asinh": "arcsinh", "acosh": "arccosh",
           "atanh": "arctanh", "radians": "deg2rad", "degrees": "rad2deg", "fix": "trunc"}
BINARY_OPERATORS = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide",
                    "//": "floor_divide", "%": "remainder", "**": "power", "&": "bitwise_and",
                    "|": "bitwise_or", "^": "bitwise_xor", "<<": "left_shift",
                    ">>": "right_shift", "==": "equal", "!=": "not_equal", "<": "less",
                    "<=": "less_equal", ">": "greater", ">=": "greater_equal"}
UNARY_OPERATORS = {"-": "negative", "+": "positive", "~": "invert", "abs": "absolute"}
REDUCTIONS = ("sum prod mean min max argmin argmax any all var std cumsum cumprod "
              "count_nonzero").split()
# Float results of these depend on the order of summation; raptors promises
# a fixed order, not NumPy's (README: "Float sums are pairwise in a fixed
# order"), so they are compared within a rounding bound.
ORDER_DEPENDENT = {"sum", "prod", "mean", "var", "std", "cumsum", "cumprod"}

# errstate modes a program runs under: NumPy's default most often, all
# warnings (underflow too), errors raised, everything ignored.
ERRSTATES = ((None, 5), ({"all": "warn"}, 3), ({"all": "raise"}, 2), ({"all": "ignore"}, 1))


@dataclass
class Case:
    """One generated program and what the comparison needs to know."""
    seed: int
    index: int
    family: str = ""
    op: str = ""                 # "ufunc.add", "operator.+=", "reduce.sum", ...
    lines: list = field(default_factory=list)
    watch: list = field(default_factory=list)   # names whose values are compared
    errstate: dict | None = None
    ulp: str | None = None       # function whose ULP bound applies to float values
    approx: bool = False         # order-dependent float results
    tags: set = field(default_factory=set)
    _n: int = 0

    def arr(self, rng, shape, dtype=None, **kw):
        """Define a new array variable; returns (name, Operand)."""
        dtype = dtype or rng.choice(DTYPES)
        o = make_array(rng, shape, dtype, **kw)
        name = f"a{self._n}"
        self._n += 1
        self.lines.append(f"{name} = {o.expr}")
        self.watch.append(name)
        self.tags.add("layout:" + o.layout)
        return name, o

    def text(self) -> str:
        return "\n".join(self.lines)


def _dtype_text(rng):
    return repr(rng.choice(DTYPES))


def _pick_dtypes(rng, n):
    first = rng.choice(DTYPES)
    return [first if rng.random() < 0.4 else rng.choice(DTYPES) for _ in range(n)]


def _operands(case, rng, n, shape, allow_scalars=True):
    """n operand texts broadcasting to `shape` (some Python/NumPy scalars)."""
    texts = []
    dts = _pick_dtypes(rng, n)
    for k in range(n):
        r = rng.random()
        if allow_scalars and r < 0.2 and (k or n == 1 or rng.random() < 0.3):
            t, kind = python_scalar(rng)
            case.tags.add("pyscalar:" + kind)
            texts.append(t)
        elif allow_scalars and r < 0.25:
            t, _ = numpy_scalar(rng)
            case.tags.add("npscalar")
            texts.append(t)
        else:
            s = shape if k == 0 and rng.random() < 0.6 else sub_shape(rng, shape)
            name, _ = case.arr(rng, s, dts[k])
            texts.append(name)
    return texts


def _result_of(fn):
    """(shape, dtype) of NumPy's result, or (None, None) if NumPy raises
    (used to size an out= array)."""
    try:
        r = fn()
        return np.shape(r), getattr(r, "dtype", None)
    except Exception:
        return None, None


def _out_array(case, rng, result, dtype=None):
    """Define o0: a raptors or NumPy array (or a view of an input) to write
    into; sometimes of a wrong shape. A dtype other than the result's is
    tagged "out-cast" (NumPy then computes in the out dtype for some ops)."""
    shape, natural = result
    if shape is None or rng.random() < 0.08:
        shape = random_shape(rng, max_dims=3)
        case.tags.add("bad")
    dtype = dtype or rng.choice(DTYPES)
    if natural is not None and np.dtype(dtype) != natural:
        case.tags.add("out-cast")
    kind = rng.random()
    if kind < 0.35:
        expr = f"np.zeros({tuple(shape)!r}, dtype='{dtype}')"
        case.tags.add("out:numpy")
    elif kind < 0.7:
        expr = f"xp.zeros({tuple(shape)!r}, dtype='{dtype}')"
    else:
        layout = rng.choice(("F", "negative", "stepped"))
        expr = make_array(rng, tuple(shape), dtype, layout=layout).expr
    case.lines.append(f"o0 = {expr}")
    case.watch.append("o0")
    return "o0"


def _ufunc_kwargs(case, rng, call_args_fn):
    kw = []
    if rng.random() < 0.25:
        result = _result_of(call_args_fn)
        kw.append(f"out={_out_array(case, rng, result)}")
        if result[0] is not None and rng.random() < 0.3:
            # where=: a bool mask broadcasting to the result (an int one is
            # NumPy's TypeError)
            mask, _ = case.arr(rng, sub_shape(rng, result[0]),
                               "bool" if rng.random() < 0.9 else "int8")
            kw.append(f"where={mask}")
            case.tags.add("where=")
    if rng.random() < 0.15:
        kw.append(f"dtype={_dtype_text(rng)}")
        case.tags.add("dtype=")
    if rng.random() < 0.2:
        c = rng.choice(CASTINGS + ("bogus",)) if rng.random() < 0.95 else "bogus"
        kw.append(f"casting='{c}'")
        case.tags.add("casting")
    return kw


def _np_eval(case, expr):
    """A function evaluating an expression after the case's program so far,
    under NumPy (to size outputs)."""
    env = {"np": np, "xp": np, "nan": float("nan"), "inf": float("inf")}

    def fn():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec("\n".join(case.lines), env)
            return eval(expr, env)
    return fn


def gen_ufunc(case, rng):
    name = rng.choice(BINARY + UNARY + list(ALIASES))
    canon = ALIASES.get(name, name)
    nin = 2 if canon in BINARY else 1
    shape = random_shape(rng)
    args = _operands(case, rng, nin, shape)
    if rng.random() < 0.05:             # a wrong number of arguments
        args = args + args[:1] if rng.random() < 0.5 else args[:-1]
        case.tags.add("bad")
    kw = _ufunc_kwargs(case, rng, _np_eval(case, f"xp.{name}({', '.join(args)})"))
    if kw and kw[0].startswith("out=") and rng.random() < 0.3 and args and args[0][0] == "a":
        kw[0] = f"out={args[0]}"       # exactly in place
        case.tags.add("inplace")
    case.lines.append(f"r = xp.{name}({', '.join(args + kw)})")
    case.op, case.ulp = f"ufunc.{canon}", canon


def gen_clip_where_round(case, rng):
    which = rng.choice(("clip", "where", "round"))
    shape = random_shape(rng)
    if which == "clip":
        args = _operands(case, rng, 3, shape)
        if rng.random() < 0.2:
            args[rng.choice((1, 2))] = "None"
        call = f"xp.clip({', '.join(args)}"
        if rng.random() < 0.2:
            call += f", out={_out_array(case, rng, _result_of(_np_eval(case, call + ')')))}"
        case.lines.append(f"r = {call})")
    elif which == "where":
        c, _ = case.arr(rng, sub_shape(rng, shape), rng.choice(("bool", "bool", "int8", "float64")))
        args = _operands(case, rng, 2, shape)
        case.lines.append(f"r = xp.where({c}, {', '.join(args)})")
    else:
        (a,) = _operands(case, rng, 1, shape, allow_scalars=False)
        dec = rng.choice((0, 0, 1, 2, -1, -2))
        call = f"xp.round({a}, {dec}"
        if rng.random() < 0.2:
            call += f", out={_out_array(case, rng, _result_of(_np_eval(case, call + ')')))}"
        case.lines.append(f"r = {call})")
    case.op = f"ufunc.{which}"


def gen_operator(case, rng):
    shape = random_shape(rng)
    r = rng.random()
    if r < 0.2:
        sym = rng.choice(list(UNARY_OPERATORS))
        (a,) = _operands(case, rng, 1, shape, allow_scalars=False)
        case.lines.append(f"r = abs({a})" if sym == "abs" else f"r = {sym}{a}")
        case.op, case.ulp = f"operator.unary{sym}", UNARY_OPERATORS[sym]
        return
    sym = rng.choice(list(BINARY_OPERATORS) + ["divmod"])
    canon = BINARY_OPERATORS.get(sym, "floor_divide")
    a, b = _operands(case, rng, 2, shape)
    if r < 0.55:
        if not a.startswith("a"):
            a, b = b, a
        if not a.startswith("a"):
            # two Python scalars would test only Python (and `300 ** 2**64` never ends);
            # wrapped without drawing, so every other case stays the same
            a = f"xp.asarray({a})"
        if sym == "divmod":
            case.lines.append(f"r = divmod({a}, {b})")
        elif rng.random() < 0.3 and b.startswith("a"):
            # an operand that stays a plain NumPy array under raptors too
            b_np = f"np.asarray({b})"
            case.lines.append(f"r = {b_np} {sym} {a}" if rng.random() < 0.5
                              else f"r = {a} {sym} {b_np}")
            case.tags.add("mixed")
        else:
            case.lines.append(f"r = {a} {sym} {b}")
        case.op = f"operator.{sym}"
    elif r < 0.7:
        # reflected: a scalar on the left
        t, kind = python_scalar(rng)
        case.tags.add("pyscalar:" + kind)
        if not a.startswith("a"):
            a, _ = case.arr(rng, shape)
        case.lines.append(f"r = divmod({t}, {a})" if sym == "divmod" else f"r = {t} {sym} {a}")
        case.op = f"operator.r{sym}"
    else:
        if sym in ("divmod", "==", "!=", "<", "<=", ">", ">="):
            sym = rng.choice(("+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>"))
            canon = BINARY_OPERATORS[sym]
        if not a.startswith("a"):
            a, _ = case.arr(rng, shape)
        case.lines.append(f"{a} {sym}= {b}")
        case.lines.append(f"r = {a}")
        case.op = f"operator.{sym}="
    case.ulp = canon


def _axis(rng, nd, kind="any"):
    """An axis argument: None, int (negative too), tuple; sometimes a bad one."""
    r = rng.random()
    if r < 0.06:
        return rng.choice(("True", "False", f"{nd}", f"{-nd - 1}", "1.0", "(0, 0)", "'x'")), True
    if r < 0.3 or nd == 0:
        if nd == 0 and rng.random() < 0.5:
            return rng.choice(("0", "-1", "()", "(0,)")), False
        return "None", False
    if kind == "int" or r < 0.65:
        return str(rng.randint(-nd, nd - 1)), False
    k = rng.randint(0, nd)
    axes = rng.sample(range(nd), k)
    axes = [a - nd if rng.random() < 0.3 else a for a in axes]
    return repr(tuple(axes)), False


def gen_reduction(case, rng):
    name = rng.choice(REDUCTIONS)
    shape = random_shape(rng)
    a, _ = case.arr(rng, shape)
    kw = []
    axis, bad = _axis(rng, len(shape), "int" if name in ("argmin", "argmax", "cumsum", "cumprod")
                      else "any")
    if bad:
        case.tags.add("bad")
    if axis != "None" or rng.random() < 0.5:
        kw.append(f"axis={axis}")
    if name not in ("cumsum", "cumprod") and rng.random() < 0.3:
        kw.append(f"keepdims={rng.choice(('True', 'False'))}")
    if name in ("sum", "prod", "mean", "var", "std", "cumsum", "cumprod") and rng.random() < 0.25:
        kw.append(f"dtype={_dtype_text(rng)}")
        case.tags.add("dtype=")
    if name in ("sum", "prod", "min", "max") and rng.random() < 0.2:
        kw.append(f"initial={python_scalar(rng, rng.choice(('int', 'float', 'bool')))[0]}")
    if name in ("var", "std") and rng.random() < 0.4:
        kw.append(f"ddof={rng.choice((0, 1, 2, 5))}")
    method = name != "count_nonzero" and rng.random() < 0.4

    def call(kws):
        return f"{a}.{name}({', '.join(kws)})" if method else f"xp.{name}({', '.join([a] + kws)})"
    if name != "count_nonzero" and rng.random() < 0.2:
        kw.append(f"out={_out_array(case, rng, _result_of(_np_eval(case, call(kw))))}")
    case.lines.append(f"r = {call(kw)}")
    case.op = f"reduce.{name}"
    case.approx = name in ORDER_DEPENDENT


def _reshape_target(rng, shape):
    n = int(np.prod(shape))
    if rng.random() < 0.1:
        return repr((n + 1,)), True
    dims = []
    rest = n
    for p in (2, 3, 5, 2, 3):
        if rest % p == 0 and rng.random() < 0.5:
            dims.append(p)
            rest //= p
    dims.append(rest)
    rng.shuffle(dims)
    if dims and rng.random() < 0.3 and n:
        dims[rng.randrange(len(dims))] = -1
    return repr(tuple(dims)), False


def gen_manip(case, rng):
    name = rng.choice(("reshape transpose swapaxes moveaxis squeeze expand_dims ravel flatten "
                       "copy astype broadcast_to broadcast_arrays concatenate stack flip").split())
    shape = random_shape(rng)
    nd = len(shape)
    if name in ("concatenate", "stack"):
        k = rng.randint(1, 3)
        ax = rng.randint(-nd - (name == "stack"), nd - (name != "stack")) if nd else 0
        names = []
        for _ in range(k):
            s = list(shape)
            if name == "concatenate" and nd and rng.random() < 0.6:
                s[ax] = rng.randint(0, 3)
            if rng.random() < 0.05:
                s = list(random_shape(rng))
                case.tags.add("bad")
            names.append(case.arr(rng, tuple(s))[0])
        extra = ""
        if name == "concatenate" and rng.random() < 0.2:
            extra = ", axis=None" if rng.random() < 0.5 else ""
            if rng.random() < 0.5:
                extra += f", dtype={_dtype_text(rng)}"
                if rng.random() < 0.5:
                    extra += f", casting='{rng.choice(CASTINGS)}'"
        axis_kw = "" if "axis=None" in extra else f", axis={ax}"
        case.lines.append(f"r = xp.{name}([{', '.join(names)}]{axis_kw}{extra})")
    elif name == "broadcast_arrays":
        a = case.arr(rng, sub_shape(rng, shape))[0]
        b = case.arr(rng, shape if rng.random() < 0.9 else random_shape(rng))[0]
        case.lines.append(f"r = xp.broadcast_arrays({a}, {b})")
    else:
        a, op = case.arr(rng, shape)
        method = name in ("reshape", "transpose", "swapaxes", "squeeze", "ravel", "flatten",
                          "copy", "astype", "flip") and rng.random() < 0.4
        if name == "flip":
            method = False
        if name == "flatten":
            method = True
        if name == "astype":
            method = True  # np.astype needs NumPy >= 2.1; the method is everywhere
        args = []
        if name == "reshape":
            t, bad = _reshape_target(rng, shape)
            args.append(t)
            if rng.random() < 0.2:
                args.append(f"order='{rng.choice(('C', 'F'))}'")
        elif name == "transpose" and nd and rng.random() < 0.7:
            perm = list(range(nd))
            rng.shuffle(perm)
            if rng.random() < 0.1:
                perm[0] = perm[-1] if nd > 1 else nd
                case.tags.add("bad")
            args.append(repr(tuple(perm)))
        elif name == "swapaxes":
            args += [_axis(rng, nd, "int")[0], _axis(rng, nd, "int")[0]]
            args = [x if x != "None" else "0" for x in args]
        elif name == "moveaxis":
            s, d = _axis(rng, nd, "int")[0], _axis(rng, nd, "int")[0]
            args += [s if s != "None" else "0", d if d != "None" else "-1"]
        elif name == "squeeze" and rng.random() < 0.6:
            ones = [i for i, n in enumerate(shape) if n == 1]
            ax = rng.choice(ones) if ones and rng.random() < 0.8 else _axis(rng, nd)[0]
            args.append(f"axis={ax}")
        elif name == "expand_dims":
            if rng.random() < 0.7:
                args.append(str(rng.randint(-nd - 1, nd)))
            else:
                args.append(repr(tuple(rng.sample(range(nd + 2), rng.randint(1, 2)))))
        elif name == "astype":
            args.append(_dtype_text(rng))
            if rng.random() < 0.5:
                args.append(f"casting='{rng.choice(CASTINGS + ('bogus',))}'")
                case.tags.add("casting")
        elif name == "broadcast_to":
            target = list(shape)
            if rng.random() < 0.5:
                target = [rng.randint(1, 3)] + target
            target = [rng.randint(2, 3) if n == 1 and rng.random() < 0.5 else n for n in target]
            if rng.random() < 0.1:
                target = list(random_shape(rng))
            args.append(repr(tuple(target)))
        elif name == "flip" and rng.random() < 0.7:
            args.append(f"axis={_axis(rng, nd)[0]}")
        elif name in ("ravel", "copy", "flatten") and rng.random() < 0.2:
            args.append(f"order='{rng.choice(('C', 'F', 'A', 'K'))}'")
        if method:
            case.lines.append(f"r = {a}.{name}({', '.join(args)})")
        else:
            case.lines.append(f"r = xp.{name}({', '.join([a] + args)})")
        if rng.random() < 0.35:
            # writing through the result shows whether it is a view (or read-only)
            value = python_scalar(rng, "int")[0] if op.dtype != "bool" else "True"
            case.lines.append(f"r[...] = {value}")
            case.tags.add("write-through")
    case.watch.append("r")
    case.op = f"manip.{name}"


def _index_key(rng, shape, fancy=True):
    """An index for an array of `shape`: ints, slices with odd steps, None,
    Ellipsis; sometimes a mask or an integer array (fancy)."""
    parts, axis, tags = [], 0, set()
    nd = len(shape)
    used_ellipsis = False
    while axis < nd or (rng.random() < 0.15 and len(parts) < 6):
        r = rng.random()
        n = shape[axis] if axis < nd else 1
        if r < 0.1:
            parts.append("None")
            continue
        if r < 0.17 and not used_ellipsis:
            parts.append("...")
            used_ellipsis = True
            axis = nd - rng.randint(0, max(0, nd - axis))
            continue
        if r < 0.45:
            v = rng.randint(-n, n - 1) if n else 0
            if rng.random() < 0.05:
                v = n + rng.randint(0, 2)
                tags.add("bad")
            parts.append(str(v))
        elif fancy and r < 0.52:
            if rng.random() < 0.5:
                mask = [rng.random() < 0.5 for _ in range(n)]
                parts.append(f"np.array({mask!r})")
            else:
                idx = [rng.randint(-n, n - 1) for _ in range(rng.randint(0, 3))] if n else []
                parts.append(repr(idx) if rng.random() < 0.3
                             else f"np.array({idx!r}, dtype=np.intp)")
            tags.add("fancy")
        else:
            step = rng.choice((None, 1, 2, 3, -1, -2, -3, 5))
            if rng.random() < 0.02:
                step = 0
                tags.add("bad")
            lo = rng.choice((None, 0, 1, -1, -2, n, n + 3))
            hi = rng.choice((None, 0, 1, -1, 2, n, n + 5))
            s = f"{'' if lo is None else lo}:{'' if hi is None else hi}"
            parts.append(s + ("" if step is None else f":{step}"))
        axis += 1
    if rng.random() < 0.1 and nd:
        parts = parts[: rng.randint(0, len(parts))]
    if rng.random() < 0.04:
        parts.append("0")
        tags.add("bad")
    if fancy and rng.random() < 0.03:
        return "True", tags | {"fancy"}
    if not parts:
        return "()", tags
    return ", ".join(parts) + ("," if len(parts) == 1 else ""), tags


def gen_index(case, rng):
    shape = random_shape(rng)
    a, _ = case.arr(rng, shape)
    key, tags = _index_key(rng, shape, fancy=rng.random() < 0.25)
    case.tags |= tags
    if rng.random() < 0.5:
        case.lines.append(f"r = {a}[{key}]")
        if rng.random() < 0.3:
            case.lines.append(f"r = r.copy() if hasattr(r, 'copy') else r")
        case.watch.append("r")
        case.op = "index.get"
        return
    try:
        target = eval(f"_t[{key}]", {"np": np, "_t": np.empty(shape)}).shape
    except Exception:
        target = random_shape(rng, max_dims=2)
    r = rng.random()
    if r < 0.4:
        val, kind = python_scalar(rng)
        case.tags.add("pyscalar:" + kind)
    elif r < 0.5:
        val = literal(rng.choice((1, 2.5, -1, True)))
        for _ in range(rng.randint(0, 2)):   # nested lists: [[2.5]]
            val = f"[{val}]"
    else:
        vshape = sub_shape(rng, tuple(target))
        if rng.random() < 0.08:
            vshape = random_shape(rng, max_dims=2)
            case.tags.add("bad")
        val, _ = case.arr(rng, vshape)
    case.lines.append(f"{a}[{key}] = {val}")
    case.op = "index.set"


FAMILIES = ((gen_ufunc, 30), (gen_operator, 18), (gen_clip_where_round, 6), (gen_reduction, 22),
            (gen_manip, 14), (gen_index, 14))


def generate(seed: int, index: int) -> Case:
    """The program of case `index` of run `seed` (deterministic)."""
    rng = random.Random(f"raptors-fuzz:{seed}:{index}")
    case = Case(seed, index)
    fns, weights = zip(*FAMILIES)
    fn = rng.choices(fns, weights)[0]
    case.family = fn.__name__[4:]
    fn(case, rng)
    modes, w = zip(*ERRSTATES)
    case.errstate = rng.choices(modes, w)[0]
    if "r" not in case.watch and any(line.startswith("r = ") for line in case.lines):
        case.watch.append("r")
    return case
