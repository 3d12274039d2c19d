"""One op, one shape, one dtype: every profiler, for each library, into one folder."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import asm, callgrind, flamegraph, locate, ops, perfstat, summary

STEPS = ("probe", "perf", "pyspy", "callgrind", "asm")


@dataclass
class Options:
    op: str
    shape: tuple
    dtype: str
    libs: tuple = ops.LIBS
    out: str | None = None
    calls: tuple = (10, 110)
    seconds: float = 2.0
    steps: tuple = STEPS
    cpu: int | None = -1  # -1: the last CPU when taskset exists; None: no pinning
    python: str = field(default_factory=lambda: sys.executable)
    rate: int = 250
    label: str = ""


def log(msg: str) -> None:
    print(f"[raptors.profile] {msg}", file=sys.stderr, flush=True)


def default_out(o: Options) -> str:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-{o.label + '-' if o.label else ''}{o.op}-{ops.shape_str(o.shape)}-{o.dtype}"
    root = os.environ.get("RAPTORS_PROFILE_ROOT")
    if not root:
        # The checkout this file lives in; for an installed copy, the current folder.
        root = locate.repo_root()
        if not os.path.exists(os.path.join(root, "meson.build")):
            root = os.getcwd()
    return os.path.join(root, "benchmarks", "profiles", name)


def child_env() -> dict:
    env = dict(os.environ)
    # Idle BLAS worker threads spin and would be counted as part of the op.
    for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(k, "1")
    # Fixed string hashing: the interpreter then runs the same instructions in
    # both callgrind runs, so their difference is the op alone.
    env["PYTHONHASHSEED"] = "0"
    return env


def pin_prefix(o: Options) -> tuple:
    if o.cpu is None or shutil.which("taskset") is None:
        return ()
    cpu = o.cpu
    if cpu == -1:
        n = os.cpu_count() or 1
        if n < 2:
            return ()
        cpu = n - 1
    return ("taskset", "-c", str(cpu))


def _rel(out: str, path: str) -> str:
    return os.path.relpath(path, out)


class Profiler:
    def __init__(self, o: Options):
        self.o = o
        self.out = os.path.abspath(o.out or default_out(o))
        os.makedirs(self.out, exist_ok=True)
        self.env = child_env()
        self.pin = pin_prefix(o)
        self.driver = os.path.join(self.out, "driver.py")
        with open(self.driver, "w") as f:
            f.write(ops.driver_source(o.op, o.shape, o.dtype))
        self.res: dict = dict(
            op=o.op,
            shape=list(o.shape),
            dtype=o.dtype,
            libs=list(o.libs),
            statement=ops.OPS[o.op],
            out_dir=self.out,
            files={},
            notes=[],
            created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            machine=machine_info(o.python, "raptors" in o.libs),
            pinning=" ".join(self.pin) or "none",
            calls=list(o.calls),
            lib={lib: {} for lib in o.libs},
            steps=list(o.steps),
        )
        self.cg: dict = {}

    def cmd(self, *args) -> list:
        return [self.o.python, self.driver, *map(str, args)]

    def note(self, msg: str) -> None:
        log(msg)
        self.res["notes"].append(msg)

    def file(self, lib: str | None, key: str, path: str) -> None:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            (self.res["lib"][lib] if lib else self.res).setdefault("files", {})[key] = _rel(
                self.out, path
            )

    # -- steps -------------------------------------------------------------

    def probe(self) -> None:
        log(f"probe: availability, correctness and interleaved timing ({', '.join(self.o.libs)})")
        r = subprocess.run(
            [*self.pin, *self.cmd("probe", ",".join(self.o.libs))],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.out,
        )
        try:
            rep = json.loads(r.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise RuntimeError(f"the driver failed:\n{r.stderr[-2000:]}") from None
        for lib in self.o.libs:
            info = rep.get(lib, dict(available=False, reason="not probed"))
            self.res["lib"][lib].update(info)
            if not info.get("available"):
                self.note(
                    f"{lib}: `{ops.OPS[self.o.op]}` is unavailable for {self.o.dtype} "
                    f"({info.get('reason')}); skipping {lib}"
                )
            elif info.get("check", "").startswith("MISMATCH"):
                self.note(f"{lib}: {info['check']}")

    def freeze(self) -> None:
        if "raptors" not in self.available():
            return
        snap = os.path.join(self.out, ".raptors-snapshot")
        add = locate.freeze_editable(self.o.python, snap)
        if not add:
            return
        so = add.pop("_so")
        self.env.update(add)
        if self.env.get("PYTHONPATH") and os.environ.get("PYTHONPATH"):
            self.env["PYTHONPATH"] += os.pathsep + os.environ["PYTHONPATH"]
        self.res["raptors_snapshot"] = dict(from_=so, to=snap)
        log(f"editable raptors: profiling a snapshot of {so} (no rebuilds between runs)")

    def available(self) -> list:
        return [lib for lib in self.o.libs if self.res["lib"][lib].get("available")]

    def perf(self) -> None:
        ok, why = perfstat.usable()
        if not ok:
            self.note(f"perf: {why}; no perf stat counters or perf flamegraph")
            self.res["perf"] = dict(usable=False, reason=why)
            return
        self.res["perf"] = dict(usable=True)
        bad = set()
        for lib in self.available():
            # Unlike callgrind, perf stat runs at full speed: make the second
            # run long enough (~seconds) that start-up jitter is small beside it.
            med = _get(self.res["lib"][lib], "timing", "median_us") or 100.0
            n1 = 0
            n2 = max(self.o.calls[1], int(self.o.seconds * 1e6 / max(med, 0.01)))
            log(f"perf stat: {lib}, {n1} and {n2} calls")
            r1 = perfstat.run(
                self.cmd("calls", n1, lib),
                os.path.join(self.out, f".perf-stat-{lib}-{n1}.txt"),
                self.env,
                self.pin,
            )
            p2 = os.path.join(self.out, f"perf-stat-{lib}.txt")
            r2 = perfstat.run(self.cmd("calls", n2, lib), p2, self.env, self.pin)
            os.remove(os.path.join(self.out, f".perf-stat-{lib}-{n1}.txt"))
            pc = perfstat.per_call(r1, r2, n1, n2)
            self.res["lib"][lib]["perf_stat"] = pc
            self.file(lib, "perf_stat", p2)
            self.res["lib"][lib]["perf_stat_calls"] = [n1, n2]
            bad.update(perfstat.unsupported(pc))
        if bad:
            self.note(
                "perf stat: hardware counters (" + ", ".join(sorted(bad)) + ") are not "
                "supported on this machine (no PMU exposed, as in most VMs); software "
                "events (task-clock, page-faults, ...) recorded instead"
            )
        self.res["perf"]["unsupported"] = sorted(bad)
        for lib in self.available():
            self.perf_record(lib)

    def perf_record(self, lib: str) -> None:
        data = os.path.join(self.out, f".perf-{lib}.data")
        log(f"perf record -e cpu-clock: {lib}, {self.o.seconds} s")
        r = subprocess.run(
            [
                "perf",
                "record",
                "-e",
                "cpu-clock",
                "-F",
                "999",
                "-g",
                "-o",
                data,
                "--",
                *self.pin,
                *self.cmd("seconds", self.o.seconds, lib),
            ],
            capture_output=True,
            text=True,
            env=self.env,
        )
        if r.returncode != 0 or not os.path.exists(data):
            self.note(
                f"perf record failed for {lib}: {(r.stderr.strip().splitlines() or ['?'])[-1]}"
            )
            return
        s = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True)
        os.remove(data)
        stacks = flamegraph.collapse_perf_script(s.stdout)
        self.flame(lib, "perf", stacks, "perf record -e cpu-clock -g (frame pointers)")

    def flame(self, lib: str, tool: str, stacks: dict, how: str) -> None:
        folded = os.path.join(self.out, f"{tool}-{lib}.folded")
        with open(folded, "w") as f:
            f.writelines(f"{k} {v}\n" for k, v in sorted(stacks.items()))
        focused, kept, total = flamegraph.focus(stacks)
        if tool == "perf" or not kept:
            # perf sees C frames only: the Python-level hot_loop is invisible
            # to it, so the whole process is drawn.
            focused, kept = stacks, total
        svg = os.path.join(self.out, f"{tool}-{lib}.svg")
        case = f"{self.o.op} {ops.shape_str(self.o.shape)} {self.o.dtype}"
        title = f"{lib}: {ops.OPS[self.o.op]}  ({case})"
        sub = f"{how}; {kept} of {total} samples" + (" (inside hot_loop)" if kept != total else "")
        with open(svg, "w") as f:
            f.write(flamegraph.render_svg(focused, title, sub))
        self.file(lib, f"{tool}_svg", svg)
        self.file(lib, f"{tool}_folded", folded)
        self.res["lib"][lib][f"{tool}_top"] = [
            dict(frame=fr, samples=c, percent=round(p, 1))
            for fr, c, p in flamegraph.top_frames(focused)
        ]
        self.res["lib"][lib][f"{tool}_samples"] = dict(kept=kept, total=total)

    def pyspy(self) -> None:
        exe = shutil.which("py-spy") or _beside(self.o.python, "py-spy")
        for lib in self.available():
            if not exe:
                self.note(
                    "py-spy is not installed (pip install py-spy); the perf flamegraph "
                    "stands in for it"
                )
                return
            raw = os.path.join(self.out, f".pyspy-{lib}.txt")
            log(f"py-spy record --native: {lib}, {self.o.seconds} s")
            r = subprocess.run(
                [
                    exe,
                    "record",
                    "--native",
                    "-r",
                    str(self.o.rate),
                    "-f",
                    "raw",
                    "-o",
                    raw,
                    "--",
                    *self.cmd("seconds", self.o.seconds, lib),
                ],
                capture_output=True,
                text=True,
                env=self.env,
            )
            if r.returncode != 0 or not os.path.exists(raw) or os.path.getsize(raw) == 0:
                why = (r.stderr.strip().splitlines() or ["no output"])[-1]
                self.note(f"py-spy could not record {lib} here ({why}); see the perf flamegraph")
                continue
            with open(raw) as f:
                stacks = flamegraph.parse_folded(f.read())
            os.remove(raw)
            self.flame(lib, "pyspy", stacks, f"py-spy record --native -r {self.o.rate}")

    def callgrind(self) -> None:
        if shutil.which("valgrind") is None:
            self.note("valgrind is not installed: no instruction counts")
            return
        n1, n2 = self.o.calls
        for lib in self.available():
            profs = []
            for n in (n1, n2):
                log(f"callgrind: {lib}, {n} calls")
                path = os.path.join(self.out, f"callgrind-{lib}-{n}.out")
                t0 = time.time()
                r = callgrind.run(
                    self.cmd("calls", n, lib),
                    path,
                    env=self.env,
                    log_file=os.path.join(self.out, f".valgrind-{lib}-{n}.log"),
                )
                if r.returncode != 0 or not os.path.exists(path):
                    self.note(f"callgrind failed for {lib} ({n} calls): exit {r.returncode}")
                    return
                os.remove(os.path.join(self.out, f".valgrind-{lib}-{n}.log"))
                profs.append(callgrind.parse_file(path))
                self.file(lib, f"callgrind_{n}", path)
                log(f"  {time.time() - t0:.1f} s")
            self._ingest(lib, profs, n1, n2)

    def load_callgrind(self, src: str) -> None:
        """Reuse the callgrind runs of an earlier profile folder."""
        import glob
        import re

        for lib in self.o.libs:
            runs = []
            for p in glob.glob(os.path.join(src, f"callgrind-{lib}-*.out")):
                m = re.search(r"-(\d+)\.out$", p)
                if m:
                    runs.append((int(m.group(1)), p))
            runs.sort()
            if len(runs) < 2:
                self.note(f"{src} has no pair of callgrind runs for {lib}")
                continue
            (n1, p1), (n2, p2) = runs[0], runs[-1]
            self._ingest(lib, [callgrind.parse_file(p1), callgrind.parse_file(p2)], n1, n2)
            # Paths in summary.json are relative to this output folder.
            rel = os.path.relpath(os.path.abspath(p2), self.out)
            self.res["lib"][lib].setdefault("files", {})["callgrind_source"] = rel

    def _ingest(self, lib: str, profs: list, n1: int, n2: int) -> None:
        pc = callgrind.per_call(profs[0], profs[1], n1, n2)
        self.cg[lib] = (profs[1], pc)
        objs = {f.obj for f in profs[1].functions.values()}
        mine = locate.object_of(lib, objs)
        spine = _spine(pc)
        js = dict(
            ir_per_call=pc.total,
            calls_diff=pc.calls,
            elements=_prod(self.o.shape),
            ir_per_element=pc.total / _prod(self.o.shape),
            library_object=mine,
            ir_in_library_object=sum(
                v for o, v in pc.by_object if mine and o == os.path.basename(mine)
            ),
            by_object=[dict(object=o, self_ir=v) for o, v in pc.by_object],
            top_self=callgrind.top(pc.functions, "self_ir", 20),
            top_inclusive=[
                r
                for r in callgrind.top(pc.functions, "inclusive_ir", 60)
                if r["function"] not in spine
            ][:20],
        )
        path = os.path.join(self.out, f"callgrind-{lib}.json")
        with open(path, "w") as f:
            json.dump(js, f, indent=1)
        self.file(lib, "callgrind_json", path)
        self.res["lib"][lib]["callgrind"] = {
            k: js[k]
            for k in (
                "ir_per_call",
                "ir_per_element",
                "ir_in_library_object",
                "library_object",
                "calls_diff",
            )
        } | dict(top_self=js["top_self"][:10], top_inclusive=js["top_inclusive"][:10])

    def asm(self) -> None:
        missing = asm.have_tools()
        if missing:
            self.note(f"binutils missing ({', '.join(missing)}): no assembly histogram")
            return
        located = None
        cols_exec, cols_static, cols_isa, texts = {}, {}, {}, []
        for lib in self.o.libs:
            prof_pc = self.cg.get(lib)
            obj = None
            if prof_pc:
                obj = locate.object_of(lib, {f.obj for f in prof_pc[0].functions.values()})
            if obj is None:
                located = located or locate.find_objects(self.o.python)
                obj = located.get(lib)
            if not obj or not os.path.exists(obj):
                why = (located or {}).get(f"{lib}_error", "not found")
                self.note(f"asm: {lib}'s compiled object not found ({why})")
                continue
            arch = asm.object_arch(obj)
            self.res["lib"][lib]["object"] = obj
            self.res["lib"][lib]["arch"] = arch
            if prof_pc:
                _, pc = prof_pc
                base = os.path.basename(obj)
                own = [r for r in pc.functions if r["object"] == base and r["self_ir"] > 0]
                own.sort(key=lambda r: -r["self_ir"])
                lib_total = sum(r["self_ir"] for r in own) or 1
                # The executed mix covers everything of the library the call
                # runs; the static view only the kernels (the few hottest).
                busy = [r["function"] for r in own if r["self_ir"] >= 0.01 * lib_total][:12]
                hot = (
                    [r["function"] for r in own if r["self_ir"] >= 0.25 * own[0]["self_ir"]][:4]
                    if own
                    else []
                )
                weights = {a: v for (o, a), v in pc.instr.items() if o == obj}
                addrs = {
                    name: list(f.instr)
                    for (o, name), f in prof_pc[0].functions.items()
                    if o == obj and name in busy
                }
                syms = asm.symbols_for_hot(obj, hot, addrs)
                busy_syms = asm.symbols_for_hot(obj, busy, addrs)
                how = "hottest functions (callgrind)"
            else:
                syms, weights = [], None
                how = "by name"
                if located and located.get(f"{lib}_note"):
                    self.note(f"asm: {lib}: {located[f'{lib}_note']}: {obj}")
            if not syms:
                syms = (
                    asm.match_kernels(asm.symbols(obj), self.o.op, self.o.dtype)
                    if lib == "raptors"
                    else numpy_kernels(obj, self.o.op, self.o.dtype)
                )
                how = "by name"
            text, insns = asm.extract(obj, syms)
            if insns:
                cols_static[lib] = asm.histogram(insns, arch)
                texts.append((lib, how, syms, text))
            if weights:
                _, busy_insns = asm.extract(obj, busy_syms)
                cols_exec[lib] = asm.histogram(busy_insns, arch, weights)
            if lib == "raptors":
                ks = asm.match_kernels(asm.symbols(obj), self.o.op, self.o.dtype)
                groups: dict = {}
                for s in ks:
                    t, ins = asm.extract(obj, [s])
                    if ins:
                        g = groups.setdefault(asm.isa_of(s.name, ins), ([], [], []))
                        g[0].append(s), g[1].append(t), g[2].extend(ins)
                for isa, (ss, ts, ins) in sorted(groups.items()):
                    cols_isa[f"raptors [{isa}]"] = asm.histogram(ins, arch)
                    texts.append((lib, f"kernels by name, {isa}", ss, "\n".join(ts)))
                if not ks:
                    self.note(
                        f"asm: no raptors kernel symbol matches {self.o.op}/{self.o.dtype} "
                        f"(words: {', '.join(asm.KERNEL_WORDS[self.o.op])})"
                    )
        for lib in self.o.libs:
            parts = [t for t in texts if t[0] == lib]
            if not parts:
                continue
            path = os.path.join(self.out, f"asm-{lib}.s")
            with open(path, "w") as f:
                for _, how, syms, text in parts:
                    f.write(f"# {lib}: {how}: {', '.join(s.name for s in syms)}\n{text}\n")
            self.file(lib, "asm", path)
        hist = dict(executed_per_call=cols_exec, static_hot=cols_static, static_by_isa=cols_isa)
        self.res["asm"] = {
            k: {
                c: dict(
                    vector_share=asm.vector_share(h), widest=asm.widest(h), total=sum(h.values())
                )
                for c, h in v.items()
            }
            for k, v in hist.items()
        }
        jpath = os.path.join(self.out, "asm-histogram.json")
        with open(jpath, "w") as f:
            json.dump(
                dict(
                    op=self.o.op,
                    dtype=self.o.dtype,
                    histograms=hist,
                    kinds=asm.KINDS,
                    widths=asm.WIDTHS,
                ),
                f,
                indent=1,
            )
        mpath = os.path.join(self.out, "asm-histogram.md")
        with open(mpath, "w") as f:
            f.write(summary.asm_markdown(self.o, hist))
        self.file(None, "asm_histogram_json", jpath)
        self.file(None, "asm_histogram_md", mpath)
        self.res["asm_tables"] = summary.asm_markdown(self.o, hist, headings=False)

    def run(self) -> dict:
        steps = self.o.steps
        self.probe()
        self.freeze()
        if "perf" in steps:
            self.perf()
        if "pyspy" in steps:
            self.pyspy()
        if "callgrind" in steps:
            self.callgrind()
            if self.cg and "avx512f" in _cpu_flags():
                self.note(
                    "valgrind does not emulate AVX-512: under callgrind the CPU looks "
                    "AVX2-only, so instruction counts and the executed mix describe the "
                    "AVX2 (x86-64-v3) kernels, while timed runs may use AVX-512 ones"
                )
        if "asm" in steps:
            self.asm()
        self.res["files"]["driver"] = "driver.py"
        summary.write(self.out, self.res)
        return self.res


def _cpu_flags() -> set:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _get(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def _beside(python: str, tool: str) -> str | None:
    p = os.path.join(os.path.dirname(python), tool)
    return p if os.path.exists(p) else None


def _prod(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _spine(pc) -> set:
    """Functions that merely sit under the whole run (main, the interpreter's
    entry and eval loop, thread start): 'inclusive' says nothing about them."""
    out = set()
    for r in pc.functions:
        o = r["object"]
        interp = o.startswith(("libpython", "python", "libc.", "ld-linux")) or o == "???"
        if interp and r["inclusive_ir"] >= 0.9 * pc.total and r["self_ir"] < 0.05 * pc.total:
            out.add(r["function"])
    return out


# NumPy's loops are named <TYPE>_<ufunc>[_<target>]; reductions go through the
# add loop or pairwise_sum.
NUMPY_WORDS = {
    "scale": ("multiply",),
    "broadcast_add": ("add",),
    "sum": ("add", "pairwise_sum"),
    "mean": ("add", "pairwise_sum"),
    "mean_axis0": ("add", "pairwise_sum"),
    "mean_axis1": ("add", "pairwise_sum"),
}
NUMPY_TYPES = {"float64": "DOUBLE", "float32": "FLOAT", "int64": "LONG", "int32": "INT"}


def numpy_kernels(obj: str, op: str, dtype: str) -> list:
    t = NUMPY_TYPES.get(dtype, "")
    out = []
    for s in asm.symbols(obj):
        for w in NUMPY_WORDS[op]:
            if s.name == f"{t}_{w}" or s.name.startswith(f"{t}_{w}_") and "indexed" not in s.name:
                out.append(s)
    return out


def machine_info(python: str, with_raptors: bool = True) -> dict:
    info = dict(
        platform=platform.platform(), machine=platform.machine(), cpus=os.cpu_count(), python=python
    )
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(("model name", "Model")):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    r = subprocess.run(
        [python, "-c", "import sys, numpy; print(sys.version.split()[0], numpy.__version__)"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if r.returncode == 0:
        pv, nv = r.stdout.split()
        info.update(python_version=pv, numpy=nv)
    if with_raptors:
        r = subprocess.run(
            [
                python,
                "-c",
                "import raptors; print(getattr(raptors, '__version__', "
                "'?'), raptors.simd_info() if hasattr(raptors, 'simd_info') else '')",
            ],
            capture_output=True,
            text=True,
            cwd="/",
        )
        info["raptors"] = r.stdout.strip() if r.returncode == 0 else "not importable"
    return info
