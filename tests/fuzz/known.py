"""Known deviations: differences the fuzzer expects and does not count.

Policy (docs/fuzzing.md): an entry is either
- a deliberate deviation documented in README.md or docs/ufuncs.md (`ref`
  names the line), or something raptors does not implement yet and says so
  with a documented exception; or
- a class of bugs being fixed elsewhere, tagged ``TODO(<issue part>)`` in
  `todo`; the entry is deleted when the fix is merged (the smoke test then
  checks the fix).
Each entry matches as narrowly as it can (difference kind plus a test on
the case and both outcomes), so it does not hide unrelated bugs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


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


def _fancy_not_implemented(case, diff, n, r):
    return "fancy" in case.tags and _exc(r) == "IndexError" and "not supported by raptors yet" in r.exc[1]


def _float16(case, diff, n, r):
    if diff.kind in ("dtype", "type"):
        return "numpy float16" in diff.detail and "raptors float32" in diff.detail
    return "float16-loop" in case.tags


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
    warned = any(m == "invalid value encountered in cast" for _, m in n.warns)
    return warned or (case.errstate or {}).get("all") == "ignore"


KNOWN = (
    Known("fancy-indexing", frozenset({"exception"}),
          "boolean-mask and integer-array indexing are not implemented yet",
          "README.md: 'Boolean-mask and integer-array (\"fancy\") indexing are not implemented "
          "yet: they raise IndexError saying so.'", _fancy_not_implemented),
    Known("float16", frozenset({"dtype", "type", "value", "signed-zero"}),
          "raptors has no float16: it computes and returns float32 where NumPy uses float16 "
          "(values are still compared, at float16 precision)",
          "docs/ufuncs.md: 'No float16.'", _float16),
    Known("cast-warning-name", frozenset({"warning"}),
          "a floating-point error while casting an input is reported with the op's name",
          "docs/ufuncs.md: 'A floating-point error raised while casting an input inside an op "
          "is reported with the op's name (NumPy says \"in cast\").'", _cast_warning_named_for_op),
    Known("float-to-int-undefined", frozenset({"value"}),
          "NaN and out-of-range float -> integer casts give fixed values",
          "README.md: 'Float-to-integer casts of NaN and out-of-range values, which NumPy leaves "
          "undefined, give fixed values'", _undefined_float_to_int),
)


# ---- classes of bugs being fixed in other branches (remove after the merge) ----


def _messages(n, r):
    return " | ".join(o.exc[1] for o in (n, r) if o.exc)


def _casting(case, diff, n, r):
    # casting= checks of ufunc inputs/outputs, astype(casting=), dtype= of
    # reductions, Python scalars converted under a cast
    m = _messages(n, r)
    return ("Cannot cast" in m or "casting must be one of" in m or "could not be safely coerced"
            in m or "Python integer" in m or "cannot cast Python" in m or "is not supported (use a float dtype)" in m)


def _fpe(case, diff, n, r):
    if diff.kind == "warning":
        return all(c == "RuntimeWarning" for c, _ in n.warns + r.warns)
    return "FloatingPointError" in (_exc(n), _exc(r))


def _axis(case, diff, n, r):
    m = _messages(n, r)
    return "axis" in m or "an integer is required" in m


def _memory(case, diff, n, r):
    return "read-only" in _messages(n, r)


TODO = (
    Known("casting-rules", frozenset({"exception", "exception-class"}),
          "casting= / can_cast checks and conversions of out-of-range Python scalars",
          "issue 'No silent wrong results', part casting", _casting, "TODO(casting)"),
    Known("fp-errors", frozenset({"warning", "exception", "exception-class"}),
          "floating-point error reporting (reductions, casts, underflow under errstate)",
          "issue 'No silent wrong results', part fpe", _fpe, "TODO(fpe)"),
    Known("axis-arguments", frozenset({"exception", "exception-class"}),
          "bool axes, 0-d axis handling, axis validation order",
          "issue 'No silent wrong results', part axis", _axis, "TODO(axis)"),
    Known("read-only-overlap", frozenset({"exception", "exception-class"}),
          "writes into read-only views", "issue 'No silent wrong results', part memory",
          _memory, "TODO(memory)"),
)
KNOWN = KNOWN + TODO


def classify(case, diff, np_out, rp_out):
    """The id of the known deviation that explains `diff`, or None."""
    for k in KNOWN:
        if diff.kind in k.kinds and k.match(case, diff, np_out, rp_out):
            return k.id
    return None
