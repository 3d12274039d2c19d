"""The JSON document's schema, its validator, and the baseline comparison.

The schema is documented in docs/benchmarks.md; SCHEMA_VERSION changes when a
field changes meaning or disappears (adding fields does not change it).
"""

from __future__ import annotations

import math

SCHEMA_VERSION = "raptors-bench/2"

_NUM = (int, float)
_OPT_NUM = (int, float, type(None))
_OPT_STR = (str, type(None))
_OPT_BOOL = (bool, type(None))
_OPT_DICT = (dict, type(None))
_OPT_INT = (int, type(None))

TOP_LEVEL = {
    "schema": str,
    "created_utc": str,
    "duration_s": _NUM,
    "command": list,
    "options": dict,
    "machine": dict,
    "numpy": dict,
    "raptors": dict,
    "bandwidth": dict,
    "rows": list,
    "summary": dict,
}

MACHINE = {
    "cpu_model": str,
    "cpu_flags": list,
    "caches": list,
    "logical_cpus": int,
    "usable_cpus": int,
    "platform": str,
    "python": str,
    "loadavg_start": (list, type(None)),
    "loadavg_end": (list, type(None)),
}

NUMPY = {"version": str, "simd_baseline": list, "simd_found": list, "cpu_features": list}

RAPTORS = {
    "available": bool,
    "backend": str,
    "version": str,
    "isa": str,
    "threads": (int, str),
    "simd_env": _OPT_STR,
    "threads_env": _OPT_STR,
    "simd_info": object,
    "threading_info": object,
    "import_error": _OPT_STR,
}

BANDWIDTH = {
    "source": str,
    "repeats": int,
    "probe_threads": int,
    "stat": str,
    "llc_bytes": _OPT_INT,
    "memory_working_set_bytes": _OPT_INT,
    "measurements": list,
}

BW_MEASUREMENT = {
    "mode": str,
    "working_set_bytes": int,
    "threads": int,
    "gbps": _OPT_NUM,
    "gbps_best": _OPT_NUM,
    "samples": int,
    "source": str,
}

ROW = {
    "id": str,
    "suite": str,
    "op": str,
    "kind": str,
    "shape": list,
    "dtype": str,
    "layout": str,
    "statement": str,
    "status": str,
    "error": _OPT_STR,
    "result": dict,
    "zero_copy": _OPT_BOOL,
    "bytes_moved": int,
    "numpy": dict,
    "raptors": _OPT_DICT,
    "speedup": _OPT_NUM,
    "speedup_median": _OPT_NUM,
    "speedup_min": _OPT_NUM,
    "speedup_spread_pct": _OPT_NUM,
    "interrupted_rounds": _OPT_INT,
    "bandwidth": dict,
    "numpy_limit_fraction": _OPT_NUM,
    "raptors_limit_fraction": _OPT_NUM,
    "raptors_floor_threads": _OPT_INT,
}

SIDE = {
    "cpu_fraction": _OPT_NUM,
    "median_s": _NUM,
    "iqr_s": _NUM,
    "spread_pct": _OPT_NUM,
    "min_s": _NUM,
    "max_s": _NUM,
    "inner_loops": int,
    "samples": int,
    "samples_used": int,
    "samples_s": list,
    "cpu_fractions": list,
}

ROW_BANDWIDTH = {
    "mode": str,
    "working_set_bytes": int,
    "memory": _OPT_BOOL,
    "samples": _OPT_DICT,
    "gbps_1t": _OPT_NUM,
    "floor_1t_s": _OPT_NUM,
    "threads_nt": _OPT_INT,
    "gbps_nt": _OPT_NUM,
    "floor_nt_s": _OPT_NUM,
}

SUMMARY = {
    "rows": int,
    "ok": int,
    "not_available": int,
    "mismatch": int,
    "geomean_speedup": _OPT_NUM,
    "rows_at_least_1x": int,
    "laggards": list,
    "per_suite": dict,
}

STATUSES = ("ok", "n/a", "mismatch")


def _check(obj, spec, where, errors):
    if not isinstance(obj, dict):
        errors.append(f"{where}: expected an object, got {type(obj).__name__}")
        return False
    for key, typ in spec.items():
        if key not in obj:
            errors.append(f"{where}: missing {key!r}")
            continue
        val = obj[key]
        if typ is object:
            continue
        # bool is an int in Python; a count or a time must not be a bool
        if isinstance(val, bool) and bool not in (typ if isinstance(typ, tuple) else (typ,)):
            errors.append(f"{where}.{key}: bool where {typ} expected")
        elif not isinstance(val, typ):
            errors.append(f"{where}.{key}: {type(val).__name__} is not {typ}")
    return True


def validate_schema(doc) -> list[str]:
    """Every way `doc` departs from the schema; [] when it conforms."""
    errors: list[str] = []
    if not _check(doc, TOP_LEVEL, "$", errors):
        return errors
    if doc.get("schema") != SCHEMA_VERSION:
        errors.append(f"$.schema: {doc.get('schema')!r} != {SCHEMA_VERSION!r}")
    _check(doc.get("machine"), MACHINE, "$.machine", errors)
    _check(doc.get("numpy"), NUMPY, "$.numpy", errors)
    _check(doc.get("raptors"), RAPTORS, "$.raptors", errors)
    if _check(doc.get("bandwidth"), BANDWIDTH, "$.bandwidth", errors):
        for i, m in enumerate(doc["bandwidth"].get("measurements") or []):
            _check(m, BW_MEASUREMENT, f"$.bandwidth.measurements[{i}]", errors)
    _check(doc.get("summary"), SUMMARY, "$.summary", errors)
    ids = set()
    for i, row in enumerate(doc.get("rows") or []):
        where = f"$.rows[{i}]"
        if not _check(row, ROW, where, errors):
            continue
        rid = row.get("id")
        if rid in ids:
            errors.append(f"{where}: duplicate id {rid!r}")
        ids.add(rid)
        status = row.get("status")
        if status not in STATUSES:
            errors.append(f"{where}.status: {status!r} not in {STATUSES}")
        _check(row.get("numpy"), SIDE, f"{where}.numpy", errors)
        _check(row.get("bandwidth"), ROW_BANDWIDTH, f"{where}.bandwidth", errors)
        if status == "ok":
            _check(row.get("raptors"), SIDE, f"{where}.raptors", errors)
            sp = row.get("speedup")
            if not isinstance(sp, _NUM) or not (sp > 0 and math.isfinite(sp)):
                errors.append(f"{where}.speedup: an ok row needs a positive speedup")
        elif not row.get("error"):
            errors.append(f"{where}.error: a {status!r} row must say why")
    return errors


# ---- baselines -------------------------------------------------------------------


def compare_to_baseline(doc, baseline, slack: float = 0.05, mode: str = "relative"):
    """Compare speedup ratios (never absolute times) with a baseline run.

    A row fails when its speedup < threshold, where threshold is
      relative: baseline_speedup * (1 - slack)   (default; 0.05 = 5% slower)
      absolute: baseline_speedup - slack
    A row that was "ok" in the baseline and is not ok now also fails. Rows
    absent from either run are not compared (a run filtered with --ops only
    checks its own rows).

    Returns (failures, compared, skipped): failures is a list of dicts
    {id, baseline, current, threshold, reason}.
    """
    if mode not in ("relative", "absolute"):
        raise ValueError("mode must be 'relative' or 'absolute'")
    base_rows = {r["id"]: r for r in baseline.get("rows", [])}
    failures, compared, skipped = [], 0, 0
    for row in doc.get("rows", []):
        base = base_rows.get(row["id"])
        if base is None or base.get("status") != "ok" or not base.get("speedup"):
            skipped += 1
            continue
        b = float(base["speedup"])
        threshold = b * (1.0 - slack) if mode == "relative" else b - slack
        compared += 1
        if row.get("status") != "ok" or not row.get("speedup"):
            failures.append(
                {
                    "id": row["id"],
                    "baseline": b,
                    "current": None,
                    "threshold": threshold,
                    "reason": f"status {row.get('status')!r}: {row.get('error')}",
                }
            )
        elif row["speedup"] < threshold:
            failures.append(
                {
                    "id": row["id"],
                    "baseline": b,
                    "current": float(row["speedup"]),
                    "threshold": threshold,
                    "reason": "speedup below baseline - slack",
                }
            )
    return failures, compared, skipped
