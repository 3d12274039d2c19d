"""The fuzzer's command line: run cases in worker subprocesses, collect
differences, crashes and hangs, save one reproducer per (op, kind).

    python -m tests.fuzz --seed 7 --minutes 5 --jobs 1 --out fuzz-findings
    python -m tests.fuzz --seed 7 --cases 300
    python -m tests.fuzz --seed 7 --case 123      # one case, in process, verbose

Exit status 0 when nothing but known deviations was found, 1 otherwise.
Workers inherit the environment (LD_PRELOAD, ASAN_OPTIONS, RAPTORS_*), so
a sanitized build is fuzzed by running this under that environment, or
with ``--preload /path/to/libasan.so``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

from . import repro
from .programs import generate

MARK = "@@FUZZ"  # prefix of the workers' protocol lines (tests/fuzz/worker.py)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTUP_S = 120  # a worker's allowance to import and reach its first case
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "WARNING: ThreadSanitizer", "ERROR: MemorySanitizer")


class Findings:
    """Differences grouped by (op, kind); the first of each gets a reproducer."""

    def __init__(self, out_dir, seed, module, quiet=False):
        self.out_dir, self.seed, self.module, self.quiet = out_dir, seed, module, quiet
        self.groups = {}
        self.known = collections.Counter()
        self.cases = 0

    def add(self, index, kind, detail, known=None):
        case = generate(self.seed, index)
        if known:
            self.known[known] += 1
            return
        key = (case.op, kind)
        g = self.groups.get(key)
        if g is None:
            path = repro.write(self.out_dir, case, kind, detail, self.module)
            g = self.groups[key] = {"op": case.op, "kind": kind, "count": 0, "seed": self.seed,
                                    "case": index, "detail": detail, "reproducer": path}
            if not self.quiet:
                print(f"new: {case.op} {kind} (case {index}): {detail[:300]}", flush=True)
        g["count"] += 1

    def summary(self):
        lines = [f"{self.cases} cases, seed {self.seed}: {len(self.groups)} distinct differences"]
        for g in sorted(self.groups.values(), key=lambda g: (g["op"], g["kind"])):
            lines.append(f"  {g['op']:28} {g['kind']:12} x{g['count']:<4} {g['reproducer']}")
        if self.known:
            lines.append("known deviations: " + ", ".join(f"{k} x{n}" for k, n in
                                                          sorted(self.known.items())))
        return "\n".join(lines)

    def save(self):
        if self.groups:
            with open(os.path.join(self.out_dir, "findings.json"), "w") as f:
                json.dump(sorted(self.groups.values(), key=lambda g: (g["op"], g["kind"])), f,
                          indent=1)


class Worker:
    """One subprocess running cases [start, stop)."""

    def __init__(self, args, start, stop, env):
        self.start, self.stop = start, stop
        # The worker writes through its own open file (its own offset): a
        # shared descriptor would let our reads move its write position.
        self.dir = tempfile.TemporaryDirectory(prefix="raptors-fuzz-")
        paths = [os.path.join(self.dir.name, n) for n in ("out", "err")]
        cmd = [sys.executable, "-m", "tests.fuzz.worker", "--seed", str(args.seed), "--start",
               str(start), "--count", str(stop - start), "--module", args.module]
        if args.ops:
            cmd += ["--ops", args.ops]
        with open(paths[0], "w") as out, open(paths[1], "w") as err:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL)
        self.out = open(paths[0], "rb")
        self.err = open(paths[1], "rb")
        self.pos = 0
        self.current = None      # the case started and not finished
        self.last = time.monotonic()

    def lines(self):
        """The complete lines the worker wrote since the last call."""
        self.out.seek(self.pos)
        data = self.out.read()
        end = data.rfind(b"\n") + 1
        self.pos += end
        return data[:end].decode(errors="replace").splitlines()

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def close(self):
        self.out.close()
        self.err.close()
        self.dir.cleanup()


def _signal_name(rc):
    try:
        return signal.Signals(-rc).name
    except ValueError:
        return f"signal {-rc}"


def _sanitizer_reports(text):
    """{case index: report} from a worker's stderr (cases are marked)."""
    reports, current, buf = {}, None, []
    for line in text.splitlines() + [f"{MARK} start -1"]:
        if line.startswith(f"{MARK} start "):
            if current is not None and any(m in "\n".join(buf) for m in SANITIZER_MARKS):
                reports[current] = "\n".join(buf)[-3000:]
            current, buf = int(line.split()[2]), []
        else:
            buf.append(line)
    reports.pop(-1, None)
    return reports


def fuzz(args, findings):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    if args.preload:
        env["LD_PRELOAD"] = " ".join(p for p in (args.preload, env.get("LD_PRELOAD")) if p)
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
    limit = args.cases if args.cases is not None else (None if deadline else 1000)
    queue = collections.deque()   # ranges to (re)run after a crash
    next_index = 0
    workers = []

    def more():
        nonlocal next_index
        if queue:
            return queue.popleft()
        if deadline and time.monotonic() > deadline:
            return None
        if limit is not None and next_index >= limit:
            return None
        stop = next_index + args.batch if limit is None else min(limit, next_index + args.batch)
        r = (next_index, stop)
        next_index = stop
        return r

    while True:
        while len(workers) < args.jobs:
            r = more()
            if r is None:
                break
            workers.append(Worker(args, r[0], r[1], env))
        if not workers:
            break
        time.sleep(0.02)
        for w in list(workers):
            rc = w.proc.poll()
            for line in w.lines():
                if line.startswith(f"{MARK} start "):
                    w.current, w.last = int(line.split()[2]), time.monotonic()
                elif line.startswith(f"{MARK} result "):
                    rec = json.loads(line[len(MARK) + 8:])
                    findings.cases += 1
                    for d in rec["diffs"]:
                        detail = f"{d['where']}: {d['detail']}" if d["where"] else d["detail"]
                        findings.add(rec["i"], d["kind"], detail, d["known"])
                    w.current, w.last = None, time.monotonic()
                elif line.startswith(f"{MARK} skip "):
                    w.last = time.monotonic()
            # between cases (the import before the first one) a loaded machine
            # may take longer than a case's budget: not a hang
            allowed = args.timeout if w.current is not None else max(args.timeout, STARTUP_S)
            hung = rc is None and time.monotonic() - w.last > allowed
            if rc is None and not hung:
                continue
            if hung:
                w.proc.kill()
                w.proc.wait()
            err = w.stderr()
            for i, report in _sanitizer_reports(err).items():
                findings.add(i, "sanitizer", report)
            if hung or rc != 0:
                tail = err[-3000:]
                if w.current is None:
                    # died outside a case (import error, exit-time report)
                    print(f"worker for cases {w.start}..{w.stop} exited with {rc}:\n{tail}",
                          file=sys.stderr)
                    if rc != 0 and w.start == 0 and findings.cases == 0:
                        raise SystemExit(2)
                else:
                    findings.cases += 1
                    what = ("timeout", f"no result after {args.timeout} s") if hung else (
                        "crash", f"worker died ({_signal_name(rc) if rc < 0 else f'exit {rc}'})")
                    findings.add(w.current, what[0], f"{what[1]}; stderr tail:\n{tail}")
                    if w.current + 1 < w.stop:
                        queue.appendleft((w.current + 1, w.stop))
            workers.remove(w)
            w.close()


def show_case(args):
    """Run one case in this process and print everything about it."""
    import importlib

    from .worker import run_case

    case = generate(args.seed, args.case)
    print(f"# seed {args.seed} case {args.case}: {case.op}  errstate={case.errstate}  "
          f"tags={sorted(case.tags)}")
    print(case.text())
    diffs, n, r = run_case(case, importlib.import_module(args.module))
    for label, o in (("numpy", n), (args.module, r)):
        print(f"--- {label}: exc={o.exc} warnings={o.warns}")
        for k, v in o.values.items():
            print(f"  {k} = {v}")
    for d in diffs:
        print(f"DIFF {d.kind} [{d.known or 'new'}] {d.where}: {d.detail}")
    return 1 if any(d.known is None for d in diffs) else 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=None, help="default: a random seed (printed)")
    p.add_argument("--minutes", type=float, default=None, help="time budget")
    p.add_argument("--cases", type=int, default=None,
                   help="number of cases (default 1000 without --minutes)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes at once")
    p.add_argument("--out", default="fuzz-findings", help="directory of reproducers")
    p.add_argument("--batch", type=int, default=100, help="cases per worker process")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per case before a hang")
    p.add_argument("--module", default="raptors", help="namespace compared with NumPy")
    p.add_argument("--ops", default=None, help="only cases whose op matches this regex")
    p.add_argument("--preload", default=None, help="library to LD_PRELOAD in the workers "
                   "(e.g. libasan for a sanitized build)")
    p.add_argument("--case", type=int, default=None, help="run one case verbosely, in process")
    p.add_argument("--show", type=int, default=None, help="print one case's program")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**31)
    if args.show is not None:
        print(generate(args.seed, args.show).text())
        return 0
    if args.case is not None:
        return show_case(args)
    print(f"fuzzing {args.module} against numpy: seed {args.seed}", flush=True)
    findings = Findings(args.out, args.seed, args.module, args.quiet)
    t0 = time.monotonic()
    fuzz(args, findings)
    findings.save()
    print(findings.summary() + f"\n({time.monotonic() - t0:.0f} s)", flush=True)
    return 1 if findings.groups else 0


if __name__ == "__main__":
    sys.exit(main())
