"""Reproducers: a standalone script per finding that runs the program on
NumPy and on raptors and prints both outcomes (no dependency on the fuzzer;
a crash happens inside it too)."""

from __future__ import annotations

import os
import re

TEMPLATE = '''\
"""raptors fuzz finding: {op} -- {kind}

{detail}

Found by: python -m tests.fuzz --seed {seed} --case {index}
Run:      python {filename}   (prints NumPy's outcome, then raptors')
"""
import warnings

import numpy as np

import {module} as rp

ERRSTATE = {errstate!r}
PROGRAM = {program!r}
WATCH = {watch!r}


def show(v):
    if hasattr(v, "dtype") and hasattr(v, "shape"):
        kind = f"{{type(v).__module__}}.{{type(v).__name__}}"
        return f"{{kind}} {{v.dtype}} {{v.shape}} {{np.asarray(v).tolist()!r}}"
    if isinstance(v, (tuple, list)):
        return f"{{type(v).__name__}}(" + ", ".join(show(x) for x in v) + ")"
    return f"{{type(v).__name__}} {{v!r}}"


def run(xp):
    env = {{"np": np, "xp": xp, "nan": float("nan"), "inf": float("inf")}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(**(ERRSTATE or np.geterr())):
            try:
                exec(PROGRAM, env)
            except Exception as e:
                print("  raised", type(e).__name__ + ":", e)
    for w in caught:
        print("  warned", w.category.__name__ + ":", w.message)
    for name in WATCH:
        if name in env:
            print(f"  {{name}} =", show(env[name]))


print(PROGRAM)
for label, xp in (("numpy", np), ("raptors", rp)):
    print("---", label)
    run(xp)
'''


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.=+-]+", "_", text).strip("_") or "op"


def write(out_dir: str, case, kind: str, detail: str, module: str = "raptors") -> str:
    """Write the reproducer of (case.op, kind) unless one exists; its path."""
    os.makedirs(out_dir, exist_ok=True)
    name = f"{slug(case.op)}__{slug(kind)}.py"
    path = os.path.join(out_dir, name)
    if not os.path.exists(path):
        detail = detail.replace('"""', "'''")
        text = TEMPLATE.format(op=case.op, kind=kind, detail=detail, seed=case.seed,
                               index=case.index, filename=path, errstate=case.errstate,
                               program=case.text(), watch=case.watch, module=module)
        with open(path, "w") as f:
            f.write(text)
    return path
