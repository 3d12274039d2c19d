"""Known deviations: differences the fuzzer expects and does not count.

Policy (docs/fuzzing.md): an entry is either
- a deliberate deviation documented in README.md or docs/ufuncs.md (`ref`
  names the line), or something raptors does not implement yet and says so
  with a documented exception; or
- a class of bugs being fixed elsewhere, tagged ``TODO(<issue part>)`` in
  `todo`; the entry is deleted when the fix is merged (the smoke test then
  checks the fix); or
- a bug this fuzzer found that nobody fixes yet, ``TODO(fuzz-triage)``, with
  its reproducer in docs/fuzzing.md's "Open findings".
Each entry matches as narrowly as it can (difference kind plus a test on
the case and both outcomes), so it does not hide unrelated bugs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .outcome import ULP

ULP_FUNCTIONS = frozenset(ULP)


@dataclass(frozen=True)
class Known:
    id: str
    kinds: frozenset
    reason: str
    ref: str
    match: Callable          # (case, diff, np_outcome, rp_outcome) -> bool
    todo: str | None = None  # "TODO(<issue part>)": to be removed once fixed


def _exc(o):
    return o.exc[0] if o.exc else None


def _float16(case, diff, n, r):
    if diff.kind in ("dtype", "type"):
        return "numpy float16" in diff.detail and "raptors float32" in diff.detail
    if diff.kind == "exception":
        # float16 overflows where float32 does not: only NumPy raises, and only that
        return r.exc is None and _exc(n) == "FloatingPointError" and "float16-loop" in case.tags
    return "float16-loop" in case.tags


# functions whose underflow report follows glibc (docs/ufuncs.md)
GLIBC_UNDERFLOW = ("arcsin", "arcsinh", "arctan", "arctanh", "tan", "expm1", "log1p")


def _glibc_underflow(case, diff, n, r):
    extra = {f"underflow encountered in {f}" for f in GLIBC_UNDERFLOW}
    if diff.kind == "exception":
        return n.exc is None and r.exc is not None and r.exc[1] in extra
    return all(m in extra for _, m in _differing_warnings(n, r))


def _degrees_alias(case, diff, n, r):
    # rad2deg/deg2rad report where NumPy's separate degrees/radians ufuncs do
    def named(o):
        msgs = [m for _, m in o.warns] + ([o.exc[1]] if o.exc else [])
        return [m.replace(" in degrees", " in rad2deg").replace(" in radians", " in deg2rad")
                for m in msgs]
    return named(n) == named(r)


def _cast_warning_named_for_op(case, diff, n, r):
    # the same warnings except that NumPy says "in cast" where raptors names the op
    fix = {(c, m.split(" encountered in ")[0]) for c, m in n.warns}
    got = {(c, m.split(" encountered in ")[0]) for c, m in r.warns}
    return any(m.endswith("encountered in cast") for _, m in n.warns) and fix == got


def _undefined_float_to_int(case, diff, n, r):
    # NumPy leaves NaN/out-of-range float -> int casts undefined (and warns
    # "invalid value encountered in cast"); raptors gives fixed values.
    if not diff.dtype.startswith(("int", "uint")):
        return False
    # (NumPy names the op instead of "cast" when the cast is inside a reduction)
    warned = any(m in ("invalid value encountered in cast", "invalid value encountered in reduce",
                       "invalid value encountered in accumulate") for _, m in n.warns)
    return warned or (case.errstate or {}).get("all") == "ignore"


def _ulonglong(case, diff, n, r):
    # np.sign(2**63): NumPy's operand is a ulonglong array, raptors' uint64
    return diff.kind == "type" and "ulonglong" in diff.detail and "uint64" in diff.detail


def _python_int_object(case, diff, n, r):
    # a unary op on a Python int NumPy can only hold in an object array
    return (case.family == "ufunc"
            and r.exc is not None and r.exc[0] == "OverflowError"
            and r.exc[1] == "Python int too large to convert to C long"
            and (n.exc is None or n.exc[0] != "OverflowError")
            and re.search(r"xp\.\w+\(-?\d{19,}[,)]", case.text()) is not None)


_INVALID_IN_SUM = ("invalid value encountered in reduce", "invalid value encountered in add")


def _sum_order_invalid(case, diff, n, r):
    # a float sum holding NaN and both infinities: whether inf + -inf is ever
    # computed (and "invalid" raised) depends on the summation order
    if case.op not in ("reduce.sum", "reduce.mean") or "nan" not in case.text():
        return False
    if diff.kind == "warning":
        return all(m in _INVALID_IN_SUM for _, m in set(n.warns) ^ set(r.warns))
    return ({_exc(n), _exc(r)} == {"FloatingPointError", None}
            and (n.exc or r.exc)[1] in _INVALID_IN_SUM)


def _check_order(case, diff, n, r):
    return "bad" in case.tags


KNOWN = (
    Known("check-order", frozenset({"exception-class"}),
          "a deliberately bad program often has two errors (a bad axis and a bad out=); "
          "NumPy and raptors may check them in another order, so both raising is enough",
          "docs/fuzzing.md: 'Known deviations'", _check_order),
    Known("float16", frozenset({"dtype", "type", "value", "signed-zero", "warning"}),
          "raptors has no float16: it computes and returns float32 where NumPy uses float16 "
          "(values are still compared, at float16 precision)",
          "docs/ufuncs.md: 'No float16.' (float32 also overflows later than float16)",
          _float16),
    Known("float16-overflow", frozenset({"exception"}),
          "integer inputs of float functions overflow in NumPy's float16 loops, not in raptors' "
          "float32 ones, so under errstate(all='raise') only NumPy raises",
          "docs/ufuncs.md: 'Integer inputs of float functions overflow in NumPy's float16 "
          "loops'", _float16),
    Known("glibc-underflow", frozenset({"warning", "exception"}),
          "glibc's arcsin/arcsinh/arctan/arctanh/tan/expm1/log1p report underflow for tiny "
          "arguments where NumPy's SIMD loops do not",
          "docs/ufuncs.md: 'under errstate(under=...), glibc reports underflow for ...'",
          _glibc_underflow),
    Known("degrees-alias", frozenset({"warning", "exception"}),
          "degrees/radians are aliases of rad2deg/deg2rad, so their reports name those",
          "docs/ufuncs.md: '`degrees` and `radians` are aliases of `rad2deg` and `deg2rad`'",
          _degrees_alias),
    Known("cast-warning-name", frozenset({"warning"}),
          "a floating-point error while casting an input is reported with the op's name",
          "docs/ufuncs.md: 'A floating-point error raised while casting an input inside an op "
          "is reported with the op's name (NumPy says \"in cast\").'", _cast_warning_named_for_op),
    Known("ulonglong", frozenset({"type"}),
          "a unary op's Python int in [2**63, 2**64) is uint64, NumPy's ulonglong",
          "docs/ufuncs.md: 'the result is a numpy.uint64 (NumPy: numpy.ulonglong, equal "
          "values)'", _ulonglong),
    Known("python-int-object-dtype", frozenset({"exception", "exception-class"}),
          "a unary op on a Python int outside int64/uint64 raises OverflowError (NumPy: an "
          "object array)",
          "docs/ufuncs.md: 'A unary op on a Python int outside the int64 and uint64 ranges "
          "(NumPy: an object array ...) raises OverflowError'", _python_int_object),
    Known("sum-order-invalid", frozenset({"warning", "exception"}),
          "a float sum holding NaN and both infinities reports 'invalid' (inf + -inf) in one "
          "summation order and not in the other",
          "README.md: 'Float sums (`sum`, `mean`) use raptors' own fixed pairwise order ... "
          "a sum holding NaN and both infinities may report an invalid value where NumPy's "
          "does not'", _sum_order_invalid),
    Known("float-to-int-undefined", frozenset({"value"}),
          "NaN and out-of-range float -> integer casts give fixed values",
          "README.md: 'Float-to-integer casts of NaN and out-of-range values, which NumPy leaves "
          "undefined, give fixed values'", _undefined_float_to_int),
)


# ---- classes of bugs being fixed in other branches (remove after the merge) ----


def _messages(n, r):
    return " | ".join(o.exc[1] for o in (n, r) if o.exc)


def _reduction_casting(case, diff, n, r):
    # dtype=/out= of reductions (their casting is the reductions branch's part)
    m = _messages(n, r)
    return case.family == "reduction" and any(
        x in m for x in ("Cannot cast", "casting must be one of", "could not be safely coerced",
                         "Python integer", "cannot cast Python",
                         "is not supported (use a float dtype)"))


def _differing_warnings(n, r):
    return set(n.warns) ^ set(r.warns)


def _fpe(case, diff, n, r):
    # errors of reductions and of casts (dtype=, out= of another dtype,
    # casting=, astype, assignment); elementwise errors are not in this class
    casts = (case.family in ("reduction", "index") or case.op == "manip.astype"
             or {"out-cast", "dtype=", "casting"} & case.tags
             or any(m.endswith("in cast") for _, m in _differing_warnings(n, r))
             or _messages(n, r).endswith("in cast"))
    if not casts:
        return False
    if diff.kind == "warning":
        return all(c == "RuntimeWarning" for c, _ in _differing_warnings(n, r))
    return "FloatingPointError" in (_exc(n), _exc(r))


def _axis(case, diff, n, r):
    m = _messages(n, r)
    return "axis" in m or "an integer is required" in m


TODO = ()

# ---- bugs this fuzzer found that no branch fixes yet (listed in the fuzz
# branch's report; delete an entry with its fix) ----


def _msg_in(*needles):
    def match(case, diff, n, r):
        m = _messages(n, r) + " | " + " | ".join(w for _, w in n.warns + r.warns)
        return any(x in m for x in needles)
    return match


def _out_dtype(case, diff, n, r):
    return "out-cast" in case.tags and case.family in ("reduction", "clip_where_round")


def _clip_scalar_first(case, diff, n, r):
    return case.op == "ufunc.clip" and "xp.clip(a" not in case.text()


TRIAGED = (
    Known("positional-and-keyword-out", frozenset({"exception", "exception-class", "warning"}),
          "an out given both positionally and by keyword is accepted (NumPy: TypeError); no "
          "DeprecationWarning for a third positional argument of maximum/minimum",
          "docs/fuzzing.md, open finding 2", _msg_in("cannot specify 'out' as both",
                                        "Passing more than 2 positional arguments",
                                        "return arrays must be of ArrayType"),
          "TODO(fuzz-triage)"),
    Known("fix-is-not-a-ufunc", frozenset({"exception", "exception-class", "warning"}),
          "raptors.fix is trunc and takes dtype=/casting=; np.fix takes only out= (and "
          "calls trunc(x, out=out) whatever else it is given, so its warnings differ)",
          "docs/fuzzing.md, open finding 3",
          lambda case, diff, n, r: _msg_in("fix() got an unexpected keyword",
                                           "fix() got multiple values")(case, diff, n, r) or (
              diff.kind == "warning" and "xp.fix(" in case.text()
              and ("dtype=" in case.text() or "casting=" in case.text())),
          "TODO(fuzz-triage)"),
    Known("clip-python-scalar-first", frozenset({"dtype", "value", "exception",
                                                 "exception-class", "type", "identity"}),
          "clip(scalar, lo, hi): NumPy makes the first argument a strong (default-dtype) array "
          "and returns a scalar even with out=; raptors treats a Python scalar as weak and "
          "returns out",
          "docs/fuzzing.md, open finding 6", _clip_scalar_first, "TODO(fuzz-triage)"),
    Known("cumulative-out-shape", frozenset({"exception"}),
          "cumsum/cumprod with an out= of another shape but NumPy-acceptable: raptors raises",
          "docs/fuzzing.md, open finding 9",
          lambda case, diff, n, r: case.op in ("reduce.cumsum", "reduce.cumprod") and
          ("wrong number of dimensions" in _messages(n, r) or "wrong size" in _messages(n, r)),
          "TODO(fuzz-triage)"),
    Known("underflow-not-reported", frozenset({"warning", "exception"}),
          "under errstate(under='warn'/'raise') NumPy reports underflow in power, exp, "
          "logaddexp...; raptors never does",
          "docs/fuzzing.md, open finding 13",
          lambda case, diff, n, r: (diff.kind == "warning" and all(
              m.startswith("underflow") for _, m in _differing_warnings(n, r))) or (
              diff.kind == "exception" and (n.exc or ("", ""))[1].startswith("underflow")),
          "TODO(fuzz-triage)"),
    Known("floor-division-fp-errors", frozenset({"warning"}),
          "divmod warns as floor_divide and remainder (NumPy: 'in divmod'), and the float "
          "floor division of NaN/inf warns 'invalid' where NumPy's loop does not",
          "docs/fuzzing.md, open finding 14",
          lambda case, diff, n, r: case.ulp in ("floor_divide", "remainder") and all(
              m.split(" encountered in ")[-1] in ("divmod", "floor_divide", "remainder")
              for _, m in _differing_warnings(n, r)),
          "TODO(fuzz-triage)"),
    Known("transcendental-fp-flags", frozenset({"warning"}),
          "the C library's transcendental functions raise other FP flags than NumPy's own "
          "(logaddexp2(5, nan): NumPy warns 'invalid', glibc does not); docs/ufuncs.md "
          "documents the value differences (ULP bounds) but not the flags",
          "docs/fuzzing.md, open finding 15",
          lambda case, diff, n, r: case.ulp in ULP_FUNCTIONS and case.ulp not in (
              "power",) and all(m.split(" encountered in ")[-1] == case.ulp
                                for _, m in _differing_warnings(n, r)),
          "TODO(fuzz-triage)"),
    Known("extremum-zero-sign", frozenset({"signed-zero"}),
          "min/max with initial= and clip with bounds of the other zero sign: raptors keeps "
          "another of the equal zeros than NumPy (max(-0.0, initial=False), clip(int, -0.0, "
          "0.0))",
          "docs/fuzzing.md, open finding 12",
          lambda case, diff, n, r: case.op in ("reduce.max", "reduce.min", "ufunc.clip"),
          "TODO(fuzz-triage)"),
)
KNOWN = KNOWN + TODO + TRIAGED


def classify(case, diff, np_out, rp_out):
    """The id of the known deviation that explains `diff`, or None."""
    for k in KNOWN:
        if diff.kind in k.kinds and k.match(case, diff, np_out, rp_out):
            return k.id
    return None
