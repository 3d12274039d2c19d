"""`perf stat` counters, per call, by the same two-run difference as callgrind.

Hardware events (cycles, instructions, cache and branch misses) need a PMU the
kernel exposes; most VMs and containers on macOS do not. perf then prints
`<not supported>` for them, which we report in one line while the software
events (task-clock, page-faults, context switches) are still recorded.
"""

from __future__ import annotations

import shutil
import subprocess

HW_EVENTS = (
    "cycles",
    "instructions",
    "cache-references",
    "cache-misses",
    "branches",
    "branch-misses",
)
SW_EVENTS = ("task-clock", "page-faults", "context-switches", "cpu-migrations")


def parse_csv(text: str) -> dict:
    """perf stat -x, output -> {event: value or None if not supported/counted}."""
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split(",")
        if len(f) < 3:
            continue
        val, unit, event = f[0].strip(), f[1].strip(), f[2].strip()
        event = event.split(":")[0].split("/")[-1] if "/" in event else event.split(":")[0]
        try:
            out[event] = dict(value=float(val), unit=unit)
        except ValueError:
            out[event] = dict(value=None, unit=unit, status=val)
    return out


def usable() -> tuple:
    """-> (ok, why): can perf run here at all?"""
    if shutil.which("perf") is None:
        return False, "perf is not installed (Debian: linux-perf)"
    r = subprocess.run(
        ["perf", "stat", "-x,", "-e", "task-clock", "--", "true"], capture_output=True, text=True
    )
    if r.returncode != 0 or "task-clock" not in r.stderr:
        last = (r.stderr.strip().splitlines() or ["no output"])[-1]
        return False, f"perf stat does not work here: {last}"
    return True, ""


def run(cmd: list, out_file: str, env=None, cpu_prefix=()) -> dict:
    events = ",".join(HW_EVENTS + SW_EVENTS)
    r = subprocess.run(
        [*cpu_prefix, "perf", "stat", "-x,", "-o", out_file, "-e", events, "--", *cmd],
        capture_output=True,
        text=True,
        env=env,
    )
    with open(out_file, encoding="utf-8", errors="replace") as f:
        res = parse_csv(f.read())
    res["_returncode"] = r.returncode
    return res


def per_call(r1: dict, r2: dict, n1: int, n2: int) -> dict:
    out = {}
    for ev, v2 in r2.items():
        if ev.startswith("_"):
            continue
        v1 = r1.get(ev, {})
        if v2.get("value") is None or v1.get("value") is None:
            out[ev] = dict(per_call=None, status=v2.get("status", "not counted"))
        else:
            out[ev] = dict(
                per_call=(v2["value"] - v1["value"]) / (n2 - n1),
                unit=v2.get("unit", ""),
                total_n2=v2["value"],
            )
    return out


def unsupported(res: dict) -> list:
    return [e for e in HW_EVENTS if e in res and res[e].get("per_call") is None]
