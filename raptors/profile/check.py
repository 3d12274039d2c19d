"""Verify a profile folder: every file summary.json promises exists and is sound."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET


def check_dir(path: str, require_vector=(), require_callgrind: bool = False) -> list:
    problems = []
    sj = os.path.join(path, "summary.json")
    if not os.path.exists(sj):
        return [f"{sj} is missing"]
    with open(sj) as f:
        res = json.load(f)
    md = os.path.join(path, "summary.md")
    if not os.path.exists(md) or os.path.getsize(md) == 0:
        problems.append("summary.md is missing or empty")

    files = dict(res.get("files", {}))
    for lib, info in res.get("lib", {}).items():
        for k, v in info.get("files", {}).items():
            files[f"{lib}:{k}"] = v
    for key, rel in files.items():
        p = rel if os.path.isabs(rel) else os.path.join(path, rel)
        if not os.path.exists(p) or os.path.getsize(p) == 0:
            problems.append(f"{key}: {rel} is missing or empty")
            continue
        if p.endswith(".svg"):
            try:
                root = ET.parse(p).getroot()
                if not root.tag.endswith("svg") or len(root.findall(".//{*}rect")) < 2:
                    problems.append(f"{rel}: not a flamegraph (no boxes)")
            except ET.ParseError as e:
                problems.append(f"{rel}: SVG does not parse ({e})")
        if p.endswith(".json"):
            try:
                with open(p) as f:
                    json.load(f)
            except ValueError as e:
                problems.append(f"{rel}: bad JSON ({e})")

    for lib, info in res.get("lib", {}).items():
        if not info.get("available"):
            continue
        cg = info.get("callgrind")
        if cg is None:
            if require_callgrind:
                problems.append(f"{lib}: no callgrind instruction counts")
        else:
            v = cg.get("ir_per_call")
            if not isinstance(v, (int, float)) or v <= 0:
                problems.append(
                    f"{lib}: callgrind instructions per call is {v!r}, not a positive number"
                )
            for r in cg.get("top_self", []):
                if not isinstance(r.get("self_ir"), (int, float)):
                    problems.append(f"{lib}: callgrind row {r} has no numeric count")
                    break
        sampled = {"pyspy", "perf"} & set(res.get("steps", ["pyspy"]))
        has_flame = any(k.endswith("_svg") for k in info.get("files", {}))
        if sampled and not has_flame:
            problems.append(f"{lib}: no flamegraph SVG")
        if "timing" not in info:
            problems.append(f"{lib}: no timing")

    for lib in require_vector:
        # Kernels found by name count too: an op not wired up in Python yet
        # still has compiled kernels to check.
        asm = res.get("asm") or {}
        shares = [
            v.get("vector_share", 0)
            for table in asm.values()
            for col, v in table.items()
            if col == lib or col.startswith(lib + " [")
        ]
        if not shares:
            why = (
                ""
                if res.get("lib", {}).get(lib, {}).get("available")
                else " (the op is unavailable and no kernel was found by name)"
            )
            problems.append(f"{lib}: no instruction histogram{why}")
        elif max(shares) <= 0:
            problems.append(f"{lib}: its kernels have no vector instructions")
    return problems
