"""What a person reads: machine metadata, the table, laggards, the geomean."""

from __future__ import annotations

import os
import platform
import sys
import time

from .timing import geomean

# ---- metadata -------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, val = line.partition(":")
                # x86: "model name"; some aarch64 kernels: "Hardware" / "Processor"
                if key.strip() in ("model name", "Hardware", "Processor", "cpu model"):
                    if val.strip():
                        return val.strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            import subprocess

            out = subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"],
                capture_output=True,
                text=True,
                timeout=5,
            )
            if out.stdout.strip():
                return out.stdout.strip()
        except Exception:
            pass
    return platform.processor() or platform.machine() or "unknown"


_SIMD_FLAGS = (
    "sse2",
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "avx512f",
    "avx512bw",
    "avx512vl",
    "avx512_bf16",
    "asimd",
    "sve",
    "sve2",
    "hypervisor",
)


def cpu_flags() -> list[str]:
    """The SIMD-relevant CPU flags the kernel reports (and whether it is a VM)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key.strip() in ("flags", "Features"):
                    have = set(val.split())
                    return [fl for fl in _SIMD_FLAGS if fl in have]
    except OSError:
        pass
    return []


def cpu_caches() -> list[dict]:
    """Cache levels of CPU 0 from sysfs: the sizes the bandwidth steps follow."""
    out = []
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        names = sorted(n for n in os.listdir(base) if n.startswith("index"))
    except OSError:
        return out
    for name in names:
        try:
            fields = {}
            for key in ("level", "type", "size", "shared_cpu_list"):
                with open(os.path.join(base, name, key), encoding="utf-8") as f:
                    fields[key] = f.read().strip()
            out.append(
                {
                    "level": int(fields["level"]),
                    "type": fields["type"],
                    "size": fields["size"],
                    "shared_cpu_list": fields["shared_cpu_list"],
                }
            )
        except (OSError, ValueError, KeyError):
            continue
    return out


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_info() -> dict:
    return {
        "cpu_model": cpu_model(),
        "cpu_flags": cpu_flags(),
        "caches": cpu_caches(),
        "logical_cpus": os.cpu_count() or 1,
        "usable_cpus": usable_cpus(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_start": loadavg(),
        "loadavg_end": None,
    }


def numpy_info() -> dict:
    import numpy as np

    info = {"version": np.__version__, "simd_baseline": [], "simd_found": [], "cpu_features": []}
    try:
        cfg = np.show_config(mode="dicts")  # NumPy >= 1.26
        simd = cfg.get("SIMD Extensions", {})
        info["simd_baseline"] = list(simd.get("baseline", []))
        info["simd_found"] = list(simd.get("found", []))
    except Exception:
        pass
    feats = None
    for modname in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            mod = __import__(modname, fromlist=["__cpu_features__"])
            feats = getattr(mod, "__cpu_features__", None)
        except Exception:
            continue
        if feats:
            break
    if feats:
        info["cpu_features"] = sorted(k for k, v in feats.items() if v)
    return info


def _jsonable(obj, depth=0):
    """Whatever simd_info()/threading_info() return, as JSON values."""
    if depth > 6:
        return repr(obj)
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_jsonable(v, depth + 1) for v in obj]
    return repr(obj)


def _pick(info, keys):
    if isinstance(info, dict):
        for k in keys:
            if k in info and isinstance(info[k], (str, int)) and not isinstance(info[k], bool):
                return info[k]
    return None


def raptors_info(module, import_error: str | None, backend: str) -> dict:
    """The ISA and thread count raptors chose, as far as it says."""
    info = {
        "available": module is not None,
        "backend": backend,
        "version": "unknown",
        "isa": "unknown",
        "threads": "unknown",
        "simd_env": os.environ.get("RAPTORS_SIMD"),
        "threads_env": os.environ.get("RAPTORS_THREADS"),
        "simd_info": None,
        "threading_info": None,
        "import_error": import_error,
        "git_commit": None,
        "git_dirty": None,
    }
    if module is None:
        return info
    info["version"] = str(getattr(module, "__version__", "unknown"))
    info["git_commit"], info["git_dirty"] = source_commit(module)
    for name, keys, field in (
        ("simd_info", ("isa", "selected", "selected_isa", "active", "name"), "isa"),
        (
            "threading_info",
            ("threads", "num_threads", "nthreads", "count", "max_threads"),
            "threads",
        ),
    ):
        fn = getattr(module, name, None)
        if not callable(fn):
            continue
        try:
            val = fn()
        except Exception as exc:
            info[name] = f"error: {type(exc).__name__}: {exc}"
            continue
        info[name] = _jsonable(val)
        picked = (
            val if isinstance(val, (str, int)) and not isinstance(val, bool) else _pick(val, keys)
        )
        if picked is not None:
            info[field] = picked if field == "threads" and isinstance(picked, int) else str(picked)
    return info


def source_commit(module) -> tuple[str | None, bool | None]:
    """(commit, dirty) of the git checkout the package was imported from, if any
    (editable installs and source trees; an installed wheel has none)."""
    import subprocess

    try:
        root = os.path.dirname(os.path.dirname(os.path.abspath(module.__file__)))
        if not os.path.exists(os.path.join(root, ".git")):
            return None, None
        head = subprocess.run(
            ["git", "-C", root, "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        return head or None, bool(status.strip())
    except Exception:
        return None, None


def raptors_thread_count(info: dict) -> int | None:
    t = info.get("threads")
    if isinstance(t, int) and t > 0:
        return t
    env = info.get("threads_env")
    if env and env.strip().isdigit() and int(env) > 0:
        return int(env)
    return None


# ---- progress -------------------------------------------------------------------------


class Progress:
    """A one-line bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, stream=None, enabled: bool | None = None, width: int = 28):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.width = width
        self.t0 = time.perf_counter()

    def __call__(self, done: int, total: int, label: str):
        if not self.enabled:
            return
        frac = done / total if total else 1.0
        fill = round(self.width * frac)
        bar = "#" * fill + "-" * (self.width - fill)
        elapsed = time.perf_counter() - self.t0
        line = f"\r[{bar}] {done}/{total} {elapsed:5.1f}s {label}"
        cols = 100
        try:
            cols = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            pass
        line = line[: max(cols - 1, 20)]
        self.stream.write(line + " " * max(0, cols - 1 - len(line)))
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


# ---- the summary and the table --------------------------------------------------------


def summarize_rows(rows: list[dict]) -> dict:
    ok = [r for r in rows if r["status"] == "ok"]
    per_suite = {}
    for suite in dict.fromkeys(r["suite"] for r in rows):
        srows = [r for r in rows if r["suite"] == suite]
        sok = [r for r in srows if r["status"] == "ok"]
        per_suite[suite] = {
            "rows": len(srows),
            "ok": len(sok),
            "geomean_speedup": geomean(r["speedup"] for r in sok),
        }
    laggards = sorted((r for r in ok if r["speedup"] < 1.0), key=lambda r: r["speedup"])
    return {
        "rows": len(rows),
        "ok": len(ok),
        "not_available": sum(r["status"] == "n/a" for r in rows),
        "mismatch": sum(r["status"] == "mismatch" for r in rows),
        "geomean_speedup": geomean(r["speedup"] for r in ok),
        "rows_at_least_1x": sum(r["speedup"] >= 1.0 for r in ok),
        "laggards": [r["id"] for r in laggards],
        "per_suite": per_suite,
    }


def interrupted(r: dict) -> bool:
    """Fewer than 3 rounds kept the CPU, so none were dropped: unreliable."""
    bad = r.get("interrupted_rounds")
    total = (r.get("numpy") or {}).get("samples")
    return bad is not None and total is not None and bad > 0 and total - bad < 3


SOLO_SLACK = 0.10


def solo_moved(r: dict) -> bool:
    """Each library timed alone moves the row's speedup by more than SOLO_SLACK."""
    solo, sp = r.get("speedup_vs_solo"), r.get("speedup")
    return solo is not None and bool(sp) and abs(solo / sp - 1) > SOLO_SLACK


_DT = {"float64": "f64", "float32": "f32", "int32": "i32", "int64": "i64"}


def row_label(r: dict) -> str:
    shape = "x".join(str(n) for n in r["shape"])
    lay = "" if r["layout"] == "C" else f" {r['layout']}"
    return f"{r['op']} {shape} {_DT.get(r['dtype'], r['dtype'])}{lay}"


def fmt_us(seconds) -> str:
    if seconds is None:
        return "-"
    us = seconds * 1e6
    if us < 10:
        return f"{us:.2f}"
    if us < 100:
        return f"{us:.1f}"
    return f"{us:,.0f}"


def fmt_pct(frac) -> str:
    return "-" if frac is None else f"{100 * frac:.0f}%"


def fmt_x(x) -> str:
    if x is None:
        return "-"
    # 0.996 must not print as "1.00x" beside a laggard mark
    return f"{x:.3f}x" if x < 1.0 and round(x, 2) >= 1.0 else f"{x:.2f}x"


COLUMNS = (
    "row",
    "numpy us",
    "raptors us",
    "speedup",
    "+-%",
    "MB",
    "floor us",
    "np %lim",
    "rp %lim",
)


def table_lines(rows: list[dict], stat: str = "median") -> list[str]:
    """The table, one section per suite, rows in suite order."""
    key = f"{stat}_s"
    body = []
    for suite in dict.fromkeys(r["suite"] for r in rows):
        body.append(("#", suite))
        for r in rows:
            if r["suite"] != suite:
                continue
            bw = r["bandwidth"] or {}
            floor = bw.get("floor_1t_s")
            if r.get("raptors_floor_threads") and r["raptors_floor_threads"] > 1:
                floor_txt = f"{fmt_us(floor)}/{fmt_us(bw.get('floor_nt_s'))}"
            else:
                floor_txt = fmt_us(floor)
            if bw.get("memory"):
                floor_txt += " m"
            if r["status"] == "ok":
                rp_txt = fmt_us(r["raptors"][key])
                sp = r["speedup"]
                sp_txt = fmt_x(sp) + (" <" if sp < 1.0 else "")
                spread = r["speedup_spread_pct"]
                spread_txt = "-" if spread is None else f"{spread:.0f}"
                if interrupted(r):
                    spread_txt += "!"
                if r.get("raptors_waits"):
                    spread_txt += "w"
                if solo_moved(r):
                    spread_txt += "s"
            else:
                rp_txt, sp_txt, spread_txt = r["status"], "-", "-"
            body.append(
                (
                    row_label(r),
                    fmt_us(r["numpy"][key]),
                    rp_txt,
                    sp_txt,
                    spread_txt,
                    f"{r['bytes_moved'] / 1e6:.2f}" if r["bytes_moved"] is not None else "-",
                    floor_txt,
                    fmt_pct(r["numpy_limit_fraction"]),
                    fmt_pct(r["raptors_limit_fraction"]),
                )
            )
    cells = [COLUMNS] + [b for b in body if b[0] != "#"]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]

    def fmt(cols):
        first = cols[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cols[1:], widths[1:])]
        return "  ".join([first] + rest).rstrip()

    out = [fmt(COLUMNS), "-" * len(fmt(COLUMNS))]
    for b in body:
        if b[0] == "#":
            out.append(f"[{b[1]}]")
        else:
            out.append(fmt(b))
    return out


def limit_line(bw: dict) -> str:
    """How the run measured its limits (files of schema 1 lack the newer keys)."""
    stat = bw.get("stat")
    how = "best" if stat == "min" else "median" if stat else "best"
    text = f"limit   : {bw['source']}, {how} of >= {bw['repeats']} samples per row"
    if bw.get("memory_working_set_bytes"):
        text += (
            f"; memory (m) probed over {bw['memory_working_set_bytes'] >> 20} MiB"
            f" for rows beyond the {bw['llc_bytes'] >> 20} MiB last-level cache"
        )
    return text + f"; N-thread column with {bw['probe_threads']} threads"


def render(doc: dict) -> str:
    """The whole human-readable report of a run."""
    m, npi, rpi = doc["machine"], doc["numpy"], doc["raptors"]
    bw = doc["bandwidth"]
    stat = (doc.get("options") or {}).get("stat", "median")
    lines = [
        f"raptors bench  ({doc['created_utc']}, {doc['duration_s']:.1f} s)",
        (
            f"machine : {m['cpu_model']}; {m['usable_cpus']} usable of {m['logical_cpus']} "
            f"CPUs; {m['platform']}; load {m['loadavg_start']}"
        ),
        (
            f"cpu     : {' '.join(m.get('cpu_flags') or []) or '?'}; caches "
            + (
                ", ".join(
                    f"L{c['level']}{c['type'][0].lower() if c['type'] != 'Unified' else ''} "
                    f"{c['size']}"
                    for c in m.get("caches") or []
                )
                or "?"
            )
        ),
        (
            f"numpy   : {npi['version']}; SIMD baseline {','.join(npi['simd_baseline']) or '?'}; "
            f"dispatch {','.join(npi['simd_found']) or '?'}"
        ),
        (
            f"raptors : backend {rpi['backend']}, version {rpi['version']}"
            + (
                f" ({rpi['git_commit'][:10]}{'+' if rpi.get('git_dirty') else ''})"
                if rpi.get("git_commit")
                else ""
            )
            + f", ISA {rpi['isa']}, "
            f"threads {rpi['threads']} (RAPTORS_SIMD={rpi['simd_env']}, "
            f"RAPTORS_THREADS={rpi['threads_env']})"
        ),
        limit_line(bw),
        "",
        f"times: {stat} per call; speedup = numpy / raptors (< marks a laggard);",
        "+-% = IQR of the paired per-round speedups / their median (rounds in which the",
        "process had < 90% of a CPU are dropped; ! = too few rounds left: unreliable;",
        "w = raptors lost the CPU far more often than NumPy: it waits, e.g. for threads;",
        "its unfiltered speedup is in the JSON);",
        "MB = bytes moved (reads + writes);",
        "floor = MB / bandwidth probed between the row's rounds, for its working set or,",
        "marked m, for memory when the row's data exceed the last-level cache (1 thread",
        "[/N threads when raptors uses N]); %lim = floor / time, round by round against",
        "the probe sample taken after each round, median (100% = at the limit).",
        "",
    ]
    lines += table_lines(doc["rows"], stat)
    s = doc["summary"]
    lines.append("")
    gm = s["geomean_speedup"]
    lines.append(
        f"geomean speedup: {fmt_x(gm)} over {s['ok']} rows; {s['rows_at_least_1x']}/{s['ok']} "
        f">= 1.0x; {s['not_available']} n/a; {s['mismatch']} mismatched"
    )
    for suite, ps in s["per_suite"].items():
        lines.append(f"  {suite}: {fmt_x(ps['geomean_speedup'])} over {ps['ok']}/{ps['rows']} rows")
    by_id = {r["id"]: r for r in doc["rows"]}
    if s["laggards"]:
        lines.append("")
        lines.append(f"laggards (speedup < 1.0): {len(s['laggards'])}")
        for rid in s["laggards"]:
            r = by_id[rid]
            lines.append(f"  {fmt_x(r['speedup']):>7}  {rid}  ({r['statement']})")
    waits = [r for r in doc["rows"] if r.get("raptors_waits")]
    if waits:
        lines.append("")
        lines.append(
            f"raptors waited (w): {len(waits)} rows; speedup with every round kept "
            "(unfiltered) beside the reported one"
        )
        for r in waits:
            lines.append(
                f"  {fmt_x(r.get('speedup_unfiltered')):>7} vs {fmt_x(r['speedup']):>7}  {r['id']}"
            )
    moved = [r for r in doc["rows"] if solo_moved(r)]
    if moved:
        lines.append("")
        lines.append(
            f"alone differs (s): {len(moved)} rows where each library timed back to back, "
            f"not interleaved, moves the speedup by more than {SOLO_SLACK:.0%}"
        )
        for r in moved:
            lines.append(
                f"  {fmt_x(r['speedup_vs_solo']):>7} vs {fmt_x(r['speedup']):>7}  {r['id']}"
            )
    bad = [r for r in doc["rows"] if r["status"] != "ok"]
    if bad:
        lines.append("")
        lines.append(f"not compared: {len(bad)} rows")
        groups: dict[str, list[str]] = {}
        for r in bad:
            groups.setdefault(f"{r['status']}: {r['error']}", []).append(r["id"])
        for why, ids in groups.items():
            shown = ", ".join(ids[:4]) + (f", ... ({len(ids)} rows)" if len(ids) > 4 else "")
            lines.append(f"  {why}\n      {shown}")
    return "\n".join(lines)
