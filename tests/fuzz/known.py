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

import numpy as np

from .outcome import ULP, _input_scale

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


def _libm_flags(case, diff, n, r):
    # the C library's (glibc's) functions raise other FP flags than NumPy's
    # own SIMD ones: every differing report names the function
    f = case.ulp
    if f not in ULP_FUNCTIONS:
        return False
    ours = {f"{k} encountered in {f}" for k in ("divide by zero", "overflow", "underflow",
                                                "invalid value")}
    if diff.kind == "exception":
        return {_exc(n), _exc(r)} == {"FloatingPointError", None} and (n.exc or r.exc)[1] in ours
    return all(m in ours for _, m in _differing_warnings(n, r))


def _buffered_cast_flags(case, diff, n, r):
    cum = case.op in ("reduce.cumsum", "reduce.cumprod")
    if not (cum or case.op in ("reduce.min", "reduce.max")) or "out-cast" not in case.tags:
        return False
    ours = [m for _, m in r.warns] + ([r.exc[1]] if r.exc else [])
    theirs = [m for _, m in n.warns] + ([n.exc[1]] if n.exc else [])
    only_ours = set(ours) - set(theirs)
    only_theirs = set(theirs) - set(ours)
    return (all(m.endswith((" in accumulate", " in reduce")) for m in only_ours)
            and all(cum and m in ("invalid value encountered in cast",
                                  "overflow encountered in cast") for m in only_theirs)
            and (diff.kind != "exception" or None in (n.exc, r.exc)))


def _integer_loop_input_cast(case, diff, n, r):
    if case.family != "ufunc" or "casting" not in case.tags or "dtype=" not in case.tags:
        return False
    if not re.search(r"dtype='u?int\d+'", case.text()) or n.warns or n.exc:
        return False
    ours = [m for _, m in r.warns] + ([r.exc[1]] if r.exc else [])
    name = case.op.split(".")[-1]
    return bool(ours) and all(m in (f"invalid value encountered in {name}",
                                    f"overflow encountered in {name}") for m in ours)


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
    # (or a bool out= of a reduction accumulating in an integer dtype=:
    # var(nan, dtype='uint32', out=bool) is True in NumPy, its NaN cast 2^31)
    int_acc = diff.dtype == "bool" and case.op.startswith("reduce.") and re.search(
        r"dtype='u?int\d+'", case.lines[-1]) is not None
    if not (diff.dtype.startswith(("int", "uint")) or int_acc):
        return False
    # (NumPy names the op instead of "cast" when the cast is inside a reduction)
    # (inside an op with out=, NumPy's cast's flag joins the op's report:
    # log(-1, out=uint32) says only "invalid value encountered in log")
    warned = any(m.startswith("invalid value encountered in ") for _, m in n.warns)
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


_ORDER_REPORTS = {f"{k} encountered in {w}" for k in ("invalid value", "overflow", "underflow")
                  for w in ("reduce", "add", "multiply")}
_NUM = r"-?(?:\d+(?:\.\d*)?(?:e[+-]?\d+)?|inf|nan)"


def _pairs(detail):
    """The (raptors, numpy) values a value/nan difference quotes."""
    m = re.search(r"raptors \[(.*?)\] numpy \[(.*?)\]", detail)
    if not m:
        return []
    g, w = (re.findall(_NUM, x) for x in m.groups())
    return list(zip((float(x) for x in g), (float(x) for x in w)))


def _reduction_order(case, diff, n, r):
    # float sums and products in raptors' pairwise order: which partial
    # results overflow (or meet inf * 0, inf - inf) depends on the order
    if case.op in ("reduce.var", "reduce.std") and diff.kind != "value":
        # their mean's sum, of NaN and both infinities (a multi-axis
        # reduction of a strided view: NumPy's order follows its iterator)
        return (("nan" in case.text() or "inf" in case.text()) and diff.kind in ("warning", "exception")
                and all(m in ("invalid value encountered in reduce",
                              "overflow encountered in reduce",
                              # an infinite mean in one order: inf - inf
                              "invalid value encountered in subtract")
                        for m in {m for _, m in _differing_warnings(n, r)}
                        | {o.exc[1] for o in (n, r) if o.exc}))
    if case.op not in ("reduce.sum", "reduce.mean", "reduce.prod", "reduce.var", "reduce.std"):
        return False
    if diff.kind == "warning":
        return all(m in _ORDER_REPORTS for _, m in _differing_warnings(n, r))
    if diff.kind == "exception":
        return ({_exc(n), _exc(r)} == {"FloatingPointError", None}
                and (n.exc or r.exc)[1] in _ORDER_REPORTS)
    pairs = _pairs(diff.detail)
    if diff.kind == "nan":
        # a NaN (inf * 0 after an underflow, inf - inf) against an infinity or zero
        return bool(pairs) and all({g != g, w != w} == {True, False} and
                                   (abs(g) in (0, float("inf")) or abs(w) in (0, float("inf")))
                                   for g, w in pairs)
    if diff.kind != "value" or not pairs:
        return False
    if diff.dtype.startswith("float"):
        # a product among the subnormals, rounded at other steps
        tiny = np.finfo(diff.dtype).tiny
        return case.op == "reduce.prod" and all(max(abs(g), abs(w)) < tiny for g, w in pairs)
    # a float loop's sum cast into an integer out=: within the bound of a
    # change of summation order (n * eps * sum|x|, as outcome.py's float
    # comparison), plus one for the truncation; cancellation (3e38 + ... -
    # 3e38) makes that much more than the last bits
    if not diff.dtype.startswith(("int", "uint")):
        return False
    big, size = _input_scale(n)
    if case.op in ("reduce.var", "reduce.std"):
        big = big * big
    eps = np.finfo(np.float32 if "float32" in case.text() else np.float64).eps
    return all(abs(g - w) <= 8 * size * eps * (big + abs(w)) + 1 for g, w in pairs)


def _run_with_numpy(text):
    """The names a fuzzer program defines, run on NumPy; None if it raises."""
    scope = {"np": np, "xp": np, "nan": np.nan, "inf": np.inf}
    try:
        with np.errstate(all="ignore"):
            exec(text, scope)  # noqa: S102 - the fuzzer's own generated program
    except Exception:  # noqa: BLE001 - not the deviation then
        return None
    return scope


def _meets_nonfinite(case, r):
    # a float input, whose reduction meets NaN or inf: NumPy's without the
    # out= holds one, or raptors' order reported an overflow or inf * 0
    scope = _run_with_numpy(re.sub(r",\s*out=o0\b", "", case.text()))
    if scope is None or np.asarray(scope["a0"]).dtype.kind != "f":
        return False
    ours = [m for _, m in r.warns] + ([r.exc[1]] if r.exc else [])
    return (not np.isfinite(np.asarray(scope.get("r"), dtype=np.float64)).all()
            or any(m in _ORDER_REPORTS for m in ours))


def _wrapped_out(case, diff, n, r):
    # a float mean/var/std/sum beyond an integer out='s range: the cast wraps,
    # so the order's last-bit differences (above) become differences of the
    # whole value. Recomputed by NumPy in float64 without the out=.
    # min/max: NumPy's buffered loop writes its running extreme back into
    # out (wrapping) between chunks, so any input beyond out's range makes its
    # result depend on its chunking
    minmax = case.op in ("reduce.min", "reduce.max")
    if (diff.kind == "value" and diff.dtype == "bool" and "out-cast" in case.tags
            and case.op in ("reduce.sum", "reduce.prod")):
        # likewise a float product or sum into a bool out: NumPy's write-back
        # squashes a NaN or inf partial result to True (1.0) between chunks
        return _meets_nonfinite(case, r)
    if (diff.kind != "value" or "out-cast" not in case.tags
            or not diff.dtype.startswith(("int", "uint")) or not (minmax or case.op in (
                "reduce.sum", "reduce.mean", "reduce.var", "reduce.std"))):
        return False
    if minmax:   # only the input is needed
        text = "\n".join(case.lines[:-1])
    else:
        text = re.sub(r",\s*out=o0\b", ", dtype='float64'" if "dtype=" not in case.lines[-1]
                      else "", case.text())
    scope = _run_with_numpy(text)
    if scope is None:
        return False
    info = np.iinfo(diff.dtype)
    exact = np.asarray(scope.get("a0" if minmax else "r"), dtype=np.float64)
    return bool(np.any((exact < info.min) | (exact > info.max + 1.0)))


def _input_cast_first(case, diff, n, r):
    return ("dtype=" in case.tags and _exc(r) == "TypeError"
            and r.exc[1].startswith("Cannot cast ufunc") and "output from" in r.exc[1]
            and _exc(n) == "FloatingPointError" and n.exc[1].endswith("encountered in cast"))


def _check_order(case, diff, n, r):
    return "bad" in case.tags


_FLAG_CLEARING = ("ufunc.absolute", "ufunc.sign", "ufunc.maximum", "ufunc.minimum",
                  "ufunc.fmax", "ufunc.fmin")


KNOWN = (
    Known("check-order", frozenset({"exception-class"}),
          "a deliberately bad program often has two errors (a bad axis and a bad out=); "
          "NumPy and raptors may check them in another order, so both raising is enough",
          "docs/fuzzing.md: 'Known deviations'", _check_order),
    Known("libm-fp-flags", frozenset({"warning", "exception"}),
          "the transcendental functions and power call glibc, whose floating-point flags "
          "differ from NumPy's SIMD loops' (underflow of tiny results, power(0, -inf), "
          "logaddexp2(5, nan)...)",
          "docs/ufuncs.md: 'Which float errors a function reports follows its implementation'",
          _libm_flags),
    Known("buffered-cast-flags", frozenset({"warning", "exception"}),
          "NumPy's cumsum/cumprod/min/max into an out= of another dtype lose the loop's "
          "floating-point flags (each buffer's cast resets them), and cumsum/cumprod read "
          "out='s old contents through a cast (invalid for its NaN/inf, overflow beyond the "
          "loop dtype); raptors reports the "
          "arithmetic's errors and never reads out",
          "README.md: '`cumsum`/`cumprod` (and `min`/`max`) into an `out=` of another dtype "
          "report the errors of their arithmetic, which NumPy's buffered casts lose'",
          _buffered_cast_flags),
    Known("abs-sign-clear-flags", frozenset({"warning", "exception"}),
          "NumPy's absolute/sign/maximum/minimum/fmax/fmin loops clear the FP flags, so an "
          "input cast of dtype= that overflows is not reported when NumPy casts buffer by "
          "buffer; raptors reports it under the op's name",
          "docs/ufuncs.md: 'NumPy's `absolute`, `sign`, `maximum`, `minimum`, `fmax` and "
          "`fmin` loops clear the'",
          lambda case, diff, n, r: case.op in _FLAG_CLEARING
          and "dtype=" in case.tags and not n.warns and n.exc is None and all(
              m == "overflow encountered in " + case.op.split(".")[1]
              for m in [m for _, m in r.warns] + ([r.exc[1]] if r.exc else []))),
    Known("input-cast-before-out-check", frozenset({"exception-class"}),
          "NumPy casts a small input for dtype= whole before it checks out='s casting, so "
          "that cast's overflow/underflow comes first; raptors checks the output first",
          "docs/ufuncs.md: 'NumPy casts a small input (about 2 to 8192 elements) whole before "
          "it checks the output'", _input_cast_first),
    Known("uint32-cast-isa", frozenset({"warning", "exception", "exception-class", "value"}),
          "a float outside uint32 (inside int64) cast to uint32: NumPy's AVX-512 loop gives 0 "
          "and reports invalid, its scalar loop (and raptors) wraps silently",
          "README.md: 'a float -> uint32 cast of a value outside uint32 but inside int64 ... "
          "depends on the array's length and the ISA'",
          lambda case, diff, n, r: "uint32" in case.text() and (
              # the values that follow from the two casts' results
              (diff.kind == "value" and any(
                  m.startswith("invalid value encountered in ") for _, m in n.warns)
               and not any(m.startswith("invalid value") for _, m in r.warns))
              or (diff.kind == "warning" and all(
                  m.startswith("invalid value encountered in ") and (c, m) in n.warns
                  for c, m in _differing_warnings(n, r)))
              or (_exc(n) == "FloatingPointError" and n.exc[1].startswith("invalid value")
                  and (r.exc is None or "Cannot cast ufunc 'sqrt' output" in r.exc[1])))),
    Known("no-object-dtype", frozenset({"exception", "exception-class", "warning"}),
          "an operator on, or clip of, a Python int beyond 64 bits: NumPy makes an object "
          "array (xp.asarray, clip's asanyarray), raptors has no object dtype",
          "README.md: 'Only the dtypes above (no longdouble, clongdouble, datetime, string or "
          "object arrays): others raise `TypeError`.'",
          lambda case, diff, n, r: (case.family == "operator" or case.op == "ufunc.clip")
          and r.exc is not None
          and r.exc[0] == "TypeError" and "does not support dtype dtype('O')" in r.exc[1]),
    Known("extremum-zero-sign", frozenset({"signed-zero"}),
          "which of two equal zeros (0.0, -0.0) min/max/fmin/fmax/clip keep is unspecified by "
          "IEEE 754 and differs between NumPy's own loops (SIMD, scalar, float16)",
          "docs/ufuncs.md: 'Which zero a tie between 0.0 and -0.0 keeps in `maximum`, ...'",
          lambda case, diff, n, r: case.op in (
              "reduce.max", "reduce.min", "ufunc.clip", "ufunc.fmax", "ufunc.fmin",
              "ufunc.maximum", "ufunc.minimum")),

    Known("integer-loop-input-cast", frozenset({"warning", "exception"}),
          "a float input cast for an integer loop (dtype=int, casting='unsafe'): NumPy "
          "reports its invalid value when it casts the whole input first and loses it when it "
          "casts buffer by buffer (integer loops check no flags); raptors always reports it",
          "docs/ufuncs.md: 'A float input cast for an integer loop ... NumPy reports its "
          "errors only when it casts the whole input first'",
          _integer_loop_input_cast),
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
    Known("reduction-order", frozenset({"warning", "exception", "nan", "value"}),
          "float sums and products in raptors' pairwise order: a partial result that "
          "overflows, underflows to 0 or meets inf - inf in one order and not in the other "
          "changes the reports (and inf against NaN); a float loop's sum cast into an "
          "integer out= differs in its last bits",
          "README.md: 'Float sums and products (`sum`, `mean`, `prod`) use raptors' own fixed "
          "pairwise order ... the reports and the special values can differ'",
          _reduction_order),
    Known("where-reads-out", frozenset({"warning", "exception"}),
          "a ufunc with where= and an out= of another dtype: NumPy reads out's old contents "
          "into its buffer through a cast (to keep the unselected ones) and reports that "
          "cast's invalid value or overflow under the op's name; raptors never reads out",
          "docs/ufuncs.md: 'NumPy reads `out`'s old contents through a cast'",
          lambda case, diff, n, r: {"where=", "out-cast"} <= case.tags and not r.warns
          and r.exc is None and all(
              m in (f"invalid value encountered in {case.op.split('.')[1]}",
                    f"overflow encountered in {case.op.split('.')[1]}")
              for m in [m for _, m in n.warns] + ([n.exc[1]] if n.exc else []))),
    Known("wrapped-int-out", frozenset({"value"}),
          "a float sum/mean/var/std outside an integer out='s range: the cast wraps, so a "
          "last-bit difference of the pairwise order changes the whole wrapped value; min/max "
          "of inputs beyond out's range: NumPy wraps its running extreme between buffers",
          "README.md: 'where such a sum lies outside the integer dtype, the wrapped results "
          "differ entirely ... `min`/`max` into a narrower integer `out=`'", _wrapped_out),
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


TODO = (
)

# ---- bugs this fuzzer found that no branch fixes yet (listed in the fuzz
# branch's report; delete an entry with its fix) ----


def _msg_in(*needles):
    def match(case, diff, n, r):
        m = _messages(n, r) + " | " + " | ".join(w for _, w in n.warns + r.warns)
        return any(x in m for x in needles)
    return match


def _out_dtype(case, diff, n, r):
    return "out-cast" in case.tags and case.family in ("reduction", "clip_where_round")


TRIAGED = (
    Known("cumulative-out-shape", frozenset({"exception", "warning"}),
          "cumsum/cumprod check out='s shape strictly; NumPy's accumulate accepts some wrong "
          "ones (an empty out for a non-empty input, left unwritten; three elements for a 0-d "
          "input) and crashes on others (the warnings of NumPy's run are then not raptors')",
          "README.md: '`cumsum`/`cumprod` require an `out=` of the result's shape'",
          lambda case, diff, n, r: case.op in ("reduce.cumsum", "reduce.cumprod")
          and n.exc is None and r.exc is not None and r.exc[0] == "ValueError"
          and ("wrong number of dimensions" in r.exc[1] or "wrong size" in r.exc[1])),
)
KNOWN = KNOWN + TODO + TRIAGED


def classify(case, diff, np_out, rp_out):
    """The id of the known deviation that explains `diff`, or None."""
    for k in KNOWN:
        if diff.kind in k.kinds and k.match(case, diff, np_out, rp_out):
            return k.id
    return None
