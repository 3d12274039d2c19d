"""summary.md (for people) and summary.json (for scripts) of one profile folder."""

from __future__ import annotations

import json
import os

from . import asm

PERF_EVENTS = (
    "task-clock",
    "page-faults",
    "context-switches",
    "cycles",
    "instructions",
    "cache-misses",
    "branch-misses",
)


def _n(v, digits=0) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    s = f"{v:,.{digits}f}"
    return s[1:] if s.startswith("-") and not s.strip("-0.,") else s  # no "-0.0"


def _ratio(a, b) -> str:
    # Ratios of noise around zero (page faults of a reused buffer) mean nothing.
    if a is None or b is None or a <= 0 or b <= 0 or max(a, b) < 0.5:
        return ""
    return f"{a / b:.2f}×"


def _get(d: dict, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def asm_markdown(o, hist: dict, headings: bool = True) -> str:
    lines = []
    if headings:
        lines.append(f"# Instruction classes: {o.op} {'x'.join(map(str, o.shape))} {o.dtype}\n")
        lines.append(
            "Rows are instruction classes (kind and register width: scalar, "
            "SSE/128, AVX/256, AVX-512, NEON, SVE). See docs/profiling_methodology.md.\n"
        )
    titles = dict(
        executed_per_call="Executed per call (callgrind's count of every instruction the call "
        "ran in the library's object, two-run difference)",
        static_hot="Static: every instruction of the hottest functions (the kernels)",
        static_by_isa="Static: raptors kernels found by symbol name, per ISA variant",
    )
    for key, title in titles.items():
        cols = hist.get(key) or {}
        if not cols:
            continue
        lines.append(f"{'##' if headings else '###'} {title}\n")
        lines.append(asm.histogram_table(cols))
    if len(lines) <= 2:
        lines.append("(no kernels found: see the notes in summary.md)\n")
    return "\n".join(lines)


def markdown(res: dict) -> str:
    libs = res["libs"]
    L = res["lib"]
    m = res["machine"]
    shape = "x".join(map(str, res["shape"]))
    out = [
        f"# Profile: {res['op']} {shape} {res['dtype']}\n",
        f"`{res['statement']}` — {res['created']} — {m.get('cpu', m.get('machine'))}, "
        f"{m.get('cpus')} CPUs — Python {m.get('python_version', '?')}, NumPy "
        f"{m.get('numpy', '?')}, raptors {m.get('raptors', '?')} — pinned: {res['pinning']}\n",
    ]
    if res["notes"]:
        out.append("**Notes**\n")
        out += [f"- {n}" for n in res["notes"]]
        out.append("")
    head = "| | " + " | ".join(libs) + (" | raptors / numpy |" if len(libs) == 2 else " |")
    sep = "|---|" + "---:|" * (len(libs) + (1 if len(libs) == 2 else 0))

    def row(label, vals, digits=0, ratio=True):
        cells = [_n(v, digits) for v in vals]
        extra = [_ratio(vals[0], vals[1]) if ratio else ""] if len(libs) == 2 else []
        return f"| {label} | " + " | ".join(cells + extra) + " |"

    out += ["## Side by side\n", head, sep]
    out.append(
        "| available | "
        + " | ".join(
            ("yes, " + L[x].get("check", ""))
            if L[x].get("available")
            else "no: " + str(L[x].get("reason", "?"))[:80]
            for x in libs
        )
        + (" | |" if len(libs) == 2 else " |")
    )
    t = [_get(L[x], "timing", "median_us") for x in libs]
    out.append(row("time per call, median µs (interleaved)", t, 2))
    spread = [
        f"{_get(L[x], 'timing', 'p25_us'):.2f}–{_get(L[x], 'timing', 'p75_us'):.2f}"
        if _get(L[x], "timing")
        else "n/a"
        for x in libs
    ]
    out.append("| time, p25–p75 µs | " + " | ".join(spread) + (" | |" if len(libs) == 2 else " |"))
    out.append(
        row(
            "instructions per call (callgrind)",
            [_get(L[x], "callgrind", "ir_per_call") for x in libs],
        )
    )
    out.append(
        row(
            "instructions per element", [_get(L[x], "callgrind", "ir_per_element") for x in libs], 3
        )
    )
    out.append(
        row(
            "… in the library's own object",
            [_get(L[x], "callgrind", "ir_in_library_object") for x in libs],
        )
    )
    for ev in PERF_EVENTS:
        vals = [_get(L[x], "perf_stat", ev, "per_call") for x in libs]
        st = [_get(L[x], "perf_stat", ev, "status") for x in libs]
        if all(v is None for v in vals) and not any(st):
            continue
        unit = next(
            (
                _get(L[x], "perf_stat", ev, "unit")
                for x in libs
                if _get(L[x], "perf_stat", ev, "unit")
            ),
            "",
        )
        if unit == "msec":
            vals = [None if v is None else v * 1000 for v in vals]
            unit = "µs"
        label = f"perf {ev} per call" + (f" ({unit})" if unit else "")
        if all(v is None for v in vals):
            out.append(
                f"| {label} | "
                + " | ".join(str(s or "n/a") for s in st)
                + (" | |" if len(libs) == 2 else " |")
            )
        else:
            out.append(row(label, vals, 2 if unit == "µs" else 1))
    if len(libs) == 2:
        out.append(
            "\nThe last column divides raptors' figure by NumPy's: below 1, raptors "
            "takes less time or executes fewer instructions."
        )
    out.append("")

    for x in libs:
        top = _get(L[x], "callgrind", "top_self")
        if not top:
            continue
        out.append(f"## {x}: where the instructions go (callgrind, per call)\n")
        out.append("| function | object | self Ir | inclusive Ir |")
        out.append("|---|---|---:|---:|")
        for r in top[:10]:
            out.append(
                f"| `{r['function']}` | {r['object']} | {_n(r['self_ir'])} | "
                f"{_n(r['inclusive_ir'])} |"
            )
        out.append("")
    for x in libs:
        for tool in ("pyspy", "perf"):
            top = L[x].get(f"{tool}_top")
            if not top:
                continue
            s = L[x].get(f"{tool}_samples", {})
            out.append(
                f"## {x}: hottest frames ({'py-spy' if tool == 'pyspy' else 'perf'}, "
                f"{s.get('kept')} samples)\n"
            )
            out += [f"- {t['percent']:.1f}% `{t['frame']}`" for t in top[:6]]
            out.append("")
    if res.get("asm_tables"):
        out.append("## Instruction mix (asm-histogram.md has the details)\n")
        out.append(res["asm_tables"])
    out.append("## Files\n")
    for k, v in sorted(res.get("files", {}).items()):
        out.append(f"- {k}: `{v}`")
    for x in libs:
        for k, v in sorted(L[x].get("files", {}).items()):
            out.append(f"- {x} {k}: `{v}`")
    out.append("")
    return "\n".join(out)


def write(out_dir: str, res: dict) -> None:
    res.setdefault("files", {})
    res["files"]["summary_md"] = "summary.md"
    res["files"]["summary_json"] = "summary.json"
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(markdown(res))
