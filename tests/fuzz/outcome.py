"""Running a program on one namespace, and comparing two runs.

An outcome is what a program did: the exception it raised (class and
message), the warnings it emitted (category and message), and a snapshot of
every watched variable (the result `r`, the inputs and out= arrays, so
writes into them are compared too). `compare` lists the differences of a
raptors outcome from NumPy's, each with a kind used for deduplication.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from ufunc_helpers import ULP, ulp_distance  # noqa: E402  (the elementwise tests' bounds)


@dataclass
class Outcome:
    exc: tuple | None = None                    # (class name, message)
    warns: list = field(default_factory=list)   # sorted unique (category, message)
    values: dict = field(default_factory=dict)  # name -> snapshot
    same_as: dict = field(default_factory=dict)  # name -> watched names it `is`


@dataclass
class Diff:
    kind: str      # exception, warning, type, dtype, shape, value, nan, signed-zero, ...
    detail: str
    where: str = ""  # variable name
    known: str | None = None
    dtype: str = ""  # NumPy's dtype of the array compared, if any


def _snap(v, array_type):
    """A comparable copy of a value (arrays copied at once: later
    statements may write into them)."""
    if isinstance(v, (np.ndarray, array_type)):
        a = np.array(np.asarray(v), copy=True)
        return ("array", isinstance(v, array_type), a)
    if isinstance(v, np.generic):
        return ("scalar", type(v).__name__, np.array(v))
    if isinstance(v, (tuple, list)):
        return (type(v).__name__, [_snap(x, array_type) for x in v])
    if isinstance(v, (bool, int, float)) or v is None:
        return ("py", type(v).__name__, v)
    return ("obj", type(v).__name__, repr(v))


def public_class(cls) -> str:
    """The first public class of an exception's MRO: NumPy raises private
    subclasses (UFuncTypeError is a TypeError) that users catch by their
    public base, and raptors raises the base."""
    for c in cls.__mro__:
        if c.__module__ in ("builtins", "numpy.exceptions", "numpy"):
            return c.__name__
    return cls.__name__


def run_program(case, xp) -> Outcome:
    """Execute the case's program with `xp` as the namespace under test."""
    env = {"np": np, "xp": xp, "nan": float("nan"), "inf": float("inf")}
    out = Outcome()
    code = compile(case.text(), f"<fuzz case {case.seed}:{case.index}>", "exec")
    mode = np.errstate(**case.errstate) if case.errstate else contextlib.nullcontext()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mode:
            try:
                exec(code, env)
            except Exception as e:  # noqa: BLE001  (every exception is an outcome)
                out.exc = (public_class(type(e)), str(e)[:300], type(e).__name__)
    out.warns = sorted({(w.category.__name__, str(w.message)) for w in caught})
    array_type = getattr(xp, "ndarray", np.ndarray)
    for name in case.watch:
        if name in env:
            out.values[name] = _snap(env[name], array_type)
            out.same_as[name] = sorted(n for n in case.watch
                                       if n != name and n in env and env[n] is env[name])
    return out


def _ulps(g, w):
    """ULP distance of g from w: the elementwise tests' measure."""
    return ulp_distance(g, w)


def _input_scale(np_out):
    """(largest finite magnitude, largest size) over the NumPy run's float
    arrays: what bounds the rounding of an order-dependent reduction."""
    big, size = 1.0, 1
    for snap in np_out.values.values():
        if snap[0] == "array" and snap[2].dtype.kind in "fiub":
            a = snap[2].astype(np.float64)
            fin = np.abs(a[np.isfinite(a)])
            if fin.size:
                big = max(big, float(fin.max()))
            size = max(size, a.size)
    return big, size


def _float_diffs(g, w, case, np_out, where):
    """Differences of float array g (raptors) from w (NumPy)."""
    gn, wn = np.isnan(g), np.isnan(w)
    approx = case.approx
    if approx:
        big, size = _input_scale(np_out)
        top = float(np.finfo(w.dtype).max) / 4
        if case.op.endswith("prod"):
            overflow = size * np.log(max(big, 1.0)) >= np.log(top)
        else:
            overflow = big * size * (big if case.op.endswith(("var", "std")) else 1) >= top
        if overflow:
            # an order-dependent result may overflow in one order only
            return []
    if not np.array_equal(gn, wn):
        i = np.flatnonzero(gn != wn)[:3]
        return [Diff("nan", f"NaN positions differ at flat {i.tolist()}: raptors "
                     f"{g.ravel()[i].tolist()} numpy {w.ravel()[i].tolist()}", where)]
    ok = ~wn
    if approx:
        eps = np.finfo(w.dtype).eps
        if "dtype='float32'" in case.text():
            # computed in float32, written into a float64 out=
            eps = max(eps, np.finfo(np.float32).eps)
        big, size = _input_scale(np_out)
        if case.op.endswith("var"):
            big = big * big
        # a sum's error is bounded by n * eps * sum|x|, a product's by
        # n * eps * |result|: both within 8 * n * eps * (max|x| + |result|)
        w64, g64 = w.astype(np.float64), g.astype(np.float64)
        tol = 8 * size * eps * (big + np.abs(np.where(np.isfinite(w64), w64, 0)))
        gi, wi = np.isinf(g), np.isinf(w)
        bad = (gi != wi) | (gi & (g != w)) | (~gi & ~wi & ok & (np.abs(g64 - w64) > tol))
        if bad.any():
            i = np.flatnonzero(bad)[:3]
            return [Diff("value", f"beyond the rounding bound at flat {i.tolist()}: "
                         f"raptors {g.ravel()[i].tolist()} numpy {w.ravel()[i].tolist()}", where)]
        return []
    bound = ULP.get(case.ulp, {}).get(w.dtype.name, 0)
    if bound:
        d = _ulps(g, w)
        if d.size and d.max() > bound and w.dtype == np.float64 and (
                {"dtype=", "out-cast"} & case.tags):
            # computed in float32 (dtype=float32, or float32 inputs with a
            # float64 out=): the bound applies at float32 (one more for the
            # rounding to float32 of NumPy's result)
            bound = ULP[case.ulp]["float32"] + 1
            d = _ulps(g.astype(np.float32), w.astype(np.float32))
        if d.size and d.max() > bound:
            i = np.flatnonzero(d > bound)[:3]
            return [Diff("value", f"{d.max():g} ULP > bound {bound} ({case.ulp}) at flat "
                         f"{i.tolist()}: raptors {g.ravel()[i].tolist()} numpy "
                         f"{w.ravel()[i].tolist()}", where)]
        return []
    if not np.array_equal(g[ok], w[ok]):
        i = np.flatnonzero(ok & (g != w))[:3]
        return [Diff("value", f"at flat {i.tolist()}: raptors {g.ravel()[i].tolist()} numpy "
                     f"{w.ravel()[i].tolist()}", where)]
    sz = ok & (np.signbit(g) != np.signbit(w))
    if sz.any():
        i = np.flatnonzero(sz)[:3]
        return [Diff("signed-zero", f"at flat {i.tolist()}: raptors {g.ravel()[i].tolist()} "
                     f"numpy {w.ravel()[i].tolist()}", where)]
    return []


def _array_diffs(g, w, case, np_out, where):
    diffs = _array_diffs_of(g, w, case, np_out, where)
    for d in diffs:
        d.dtype = w.dtype.name
    return diffs


def _array_diffs_of(g, w, case, np_out, where):
    diffs = []
    if g.shape != w.shape:
        return [Diff("shape", f"raptors {g.shape} numpy {w.shape}", where)]
    if g.dtype != w.dtype:
        diffs.append(Diff("dtype", f"raptors {g.dtype} numpy {w.dtype}", where))
        return diffs
    if w.dtype.kind == "f":
        return diffs + _float_diffs(g, w, case, np_out, where)
    if not np.array_equal(g, w):
        i = np.flatnonzero(g != w)[:3]
        diffs.append(Diff("value", f"at flat {i.tolist()}: raptors {g.ravel()[i].tolist()} "
                          f"numpy {w.ravel()[i].tolist()}", where))
    return diffs


def _value_diffs(gs, ws, case, np_out, where, made):
    if gs[0] != ws[0]:
        return [Diff("type", f"raptors {gs[0]}:{gs[1]!s:.40} numpy {ws[0]}:{ws[1]!s:.40}", where)]
    kind = ws[0]
    if kind == "array":
        if not gs[1] and not made:
            # a NumPy array where NumPy returns an array is right only when it
            # is an object the program made (a NumPy out=)
            return [Diff("type", "raptors returned a numpy.ndarray, not raptors.ndarray", where)]
        return _array_diffs(gs[2], ws[2], case, np_out, where)
    if kind == "scalar":
        if gs[1] != ws[1]:
            return [Diff("type", f"raptors {gs[1]} numpy {ws[1]}", where)]
        return _array_diffs(gs[2], ws[2], case, np_out, where)
    if kind in ("tuple", "list"):
        if len(gs[1]) != len(ws[1]):
            return [Diff("shape", f"{kind} of {len(gs[1])} vs {len(ws[1])}", where)]
        out = []
        for k, (a, b) in enumerate(zip(gs[1], ws[1])):
            out += _value_diffs(a, b, case, np_out, f"{where}[{k}]", False)
        return out
    if kind == "py":
        if gs[1] != ws[1] or not (gs[2] == ws[2] or gs[2] != gs[2] and ws[2] != ws[2]):
            return [Diff("value", f"raptors {gs[1]} {gs[2]!r} numpy {ws[1]} {ws[2]!r}", where)]
        return []
    if gs[1:] != ws[1:]:
        return [Diff("value", f"raptors {gs[1:]} numpy {ws[1:]}", where)]
    return []


def compare(case, np_out: Outcome, rp_out: Outcome) -> list:
    """The differences of raptors' outcome from NumPy's."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _compare(case, np_out, rp_out)


def _compare(case, np_out, rp_out):
    diffs = []
    if (np_out.exc is None) != (rp_out.exc is None):
        diffs.append(Diff("exception", f"raptors {rp_out.exc} numpy {np_out.exc}"))
    elif np_out.exc and np_out.exc[0] != rp_out.exc[0]:
        # both raised, differently (often: several errors checked in another order)
        diffs.append(Diff("exception-class", f"raptors {rp_out.exc} numpy {np_out.exc}"))
    if np_out.warns != rp_out.warns and not (np_out.exc and rp_out.exc):
        # (when both raise, which warnings come before the error is the
        # order of the checks, not a result)
        diffs.append(Diff("warning", f"raptors {rp_out.warns} numpy {np_out.warns}"))
    if np_out.exc is None and rp_out.exc is None:
        for name, ws in np_out.values.items():
            gs = rp_out.values.get(name)
            if gs is None:
                diffs.append(Diff("missing", f"{name} undefined under raptors", name))
                continue
            # inputs and outs are the program's own; r must be raptors' unless
            # it is one of them
            made = name != "r" or bool(rp_out.same_as.get(name))
            diffs += _value_diffs(gs, ws, case, np_out, name, made)
            if case.family not in ("manip", "index") and \
                    np_out.same_as.get(name) != rp_out.same_as.get(name):
                # out= and in-place operators return their target itself
                diffs.append(Diff("identity", f"{name} is {rp_out.same_as.get(name)} under "
                                  f"raptors, {np_out.same_as.get(name)} under numpy", name))
    return diffs
