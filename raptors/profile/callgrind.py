"""Instruction counts per call from valgrind's callgrind.

The driver runs the op N1 and N2 times in two separate processes; everything
that is not the op (interpreter start, imports, array setup, the warm-up call)
is the same in both, so (cost(N2) - cost(N1)) / (N2 - N1) is the cost of one
call, exactly, per function and per instruction. These counts do not move with
machine noise, so two implementations can be compared to the instruction.

The parser reads the callgrind output format directly (name compression,
relative position compression, `calls=` lines carrying inclusive costs); see
valgrind's docs/callgrind-format.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field


@dataclass
class Function:
    name: str
    obj: str
    self_cost: int = 0
    call_cost: int = 0  # inclusive cost of the calls it makes
    calls: int = 0  # number of calls it makes (all callees)
    instr: dict = field(default_factory=dict)  # address (object-relative) -> self Ir

    @property
    def inclusive(self) -> int:
        return self.self_cost + self.call_cost


@dataclass
class Profile:
    events: list
    total: int
    functions: dict  # (obj, name) -> Function
    cmd: str = ""


_NAMED = re.compile(r"^\((\d+)\)(?:\s+(.*))?$")


def _name(table: dict, text: str) -> str:
    """Resolve callgrind's name compression: '(12) name' defines, '(12)' refers."""
    m = _NAMED.match(text.strip())
    if not m:
        return text.strip()
    key, name = m.group(1), m.group(2)
    if name is not None:
        table[key] = name
        return name
    return table.get(key, f"({key})")


def _num(tok: str) -> int:
    return int(tok, 16) if tok.startswith(("0x", "0X")) else int(tok)


def parse(text: str) -> Profile:
    """Parse the text of a callgrind.out file (first event only, usually Ir)."""
    obs, files, fns = {}, {}, {}
    events = ["Ir"]
    positions = ["line"]
    total = None
    cmd = ""
    funcs: dict = {}
    ob = ""
    cur = None
    last = [0] * len(positions)
    pending_call = None  # set by calls=: the next cost line is that call's cost

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        c = line[0]
        if c.isdigit() or c in "+-*":
            toks = line.split()
            npos = len(positions)
            pos = []
            for i in range(npos):
                t = toks[i] if i < len(toks) else "*"
                if t == "*":
                    v = last[i]
                elif t[0] in "+-":
                    v = last[i] + int(t)
                else:
                    v = _num(t)
                pos.append(v)
            last = pos
            cost = int(toks[npos]) if len(toks) > npos else 0
            if cur is None:
                continue
            if pending_call is not None:
                cur.call_cost += cost
                cur.calls += pending_call
                pending_call = None
            else:
                cur.self_cost += cost
                if positions[0] == "instr":
                    cur.instr[pos[0]] = cur.instr.get(pos[0], 0) + cost
            continue
        key, _, val = line.partition("=")
        if key == "calls":
            # 'calls=<count> <target position>'. The target position is not
            # a position of this function, so it leaves `last` alone.
            pending_call = int(val.split()[0])
        elif key == "fn":
            name = _name(fns, val)
            cur = funcs.setdefault((ob, name), Function(name, ob))
        elif key == "ob":
            ob = _name(obs, val)
        elif key == "cob":
            _name(obs, val)
        elif key == "cfn" or key == "cfi":
            if key == "cfn":
                _name(fns, val)
            else:
                _name(files, val)
        elif key in ("fl", "fi", "fe", "cfl"):
            _name(files, val)
        elif line.startswith("events:"):
            events = line.split(":", 1)[1].split()
        elif line.startswith("positions:"):
            positions = line.split(":", 1)[1].split()
            last = [0] * len(positions)
        elif line.startswith("summary:") or line.startswith("totals:"):
            total = int(line.split(":", 1)[1].split()[0])
        elif line.startswith("cmd:"):
            cmd = line.split(":", 1)[1].strip()
    if total is None:
        total = sum(f.self_cost for f in funcs.values())
    return Profile(events=events, total=total, functions=funcs, cmd=cmd)


def parse_file(path: str) -> Profile:
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse(f.read())


@dataclass
class PerCall:
    """The difference of two runs, divided by the difference of call counts."""

    calls: int  # N2 - N1
    total: float
    functions: list  # dicts sorted by inclusive cost
    by_object: list  # [(object basename, self Ir per call)]
    instr: dict  # (obj, address) -> self Ir per call, for the dynamic instruction mix


def per_call(p1: Profile, p2: Profile, n1: int, n2: int, min_share: float = 0.001) -> PerCall:
    dn = n2 - n1
    if dn <= 0:
        raise ValueError("the second run must make more calls than the first")
    total = (p2.total - p1.total) / dn
    rows = []
    objs: dict = {}
    instr: dict = {}
    for key, f2 in p2.functions.items():
        f1 = p1.functions.get(key)
        s = (f2.self_cost - (f1.self_cost if f1 else 0)) / dn
        inc = (f2.inclusive - (f1.inclusive if f1 else 0)) / dn
        calls = (f2.calls - (f1.calls if f1 else 0)) / dn
        base = os.path.basename(f2.obj)
        objs[base] = objs.get(base, 0.0) + s
        if abs(s) > 0 or abs(inc) > 0:
            rows.append(
                dict(
                    function=f2.name,
                    object=base,
                    self_ir=s,
                    inclusive_ir=inc,
                    callees_per_call=calls,
                )
            )
        for a, v in f2.instr.items():
            d = v - (f1.instr.get(a, 0) if f1 else 0)
            if d:
                instr[(f2.obj, a)] = instr.get((f2.obj, a), 0) + d / dn
    floor = abs(total) * min_share
    rows = [r for r in rows if abs(r["self_ir"]) >= floor or abs(r["inclusive_ir"]) >= floor]
    rows.sort(key=lambda r: -r["inclusive_ir"])
    by_object = sorted(((o, v) for o, v in objs.items() if abs(v) >= floor), key=lambda t: -t[1])
    return PerCall(calls=dn, total=total, functions=rows, by_object=by_object, instr=instr)


def top(rows: list, key: str, n: int = 15) -> list:
    return sorted(rows, key=lambda r: -r[key])[:n]


def run(
    cmd: list,
    out_file: str,
    env: dict | None = None,
    log_file: str | None = None,
    timeout: float = 900,
) -> subprocess.CompletedProcess:
    """Run `cmd` under callgrind, one output file, per-instruction costs kept."""
    vg = ["valgrind", "--tool=callgrind", "--dump-instr=yes", f"--callgrind-out-file={out_file}"]
    if log_file:
        vg.append(f"--log-file={log_file}")
    return subprocess.run(vg + cmd, env=env, capture_output=True, text=True, timeout=timeout)
