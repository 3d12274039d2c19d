"""The subprocess that runs a batch of cases (``python -m tests.fuzz.worker``).

For each case it writes ``@@FUZZ start <index>`` to stdout and stderr
before running it (so the parent knows which case crashed, hung, or
produced a sanitizer report on stderr), then one ``@@FUZZ result <json>``
line with the differences found. The namespace under test is a module name
(``--module``, default ``raptors``): the tests plant bugs with a fake one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys

import numpy as np

from .known import classify
from .outcome import compare, run_program
from .programs import generate
from .run import MARK


def run_case(case, xp):
    """(differences, NumPy outcome, other outcome) of one case."""
    np_out = run_program(case, np)
    rp_out = run_program(case, xp)
    diffs = compare(case, np_out, rp_out)
    for d in diffs:
        d.known = classify(case, d, np_out, rp_out)
    return diffs, np_out, rp_out


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--start", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--module", default="raptors")
    p.add_argument("--ops", default=None, help="regex on the op name; other cases are skipped")
    a = p.parse_args(argv)
    xp = importlib.import_module(a.module)
    ops = re.compile(a.ops) if a.ops else None
    for i in range(a.start, a.start + a.count):
        case = generate(a.seed, i)
        if ops and not ops.search(case.op):
            print(f"{MARK} skip {i}", flush=True)
            continue
        print(f"{MARK} start {i}", flush=True)
        print(f"{MARK} start {i}", file=sys.stderr, flush=True)
        diffs, _, _ = run_case(case, xp)
        rec = {"i": i, "op": case.op, "diffs": [
            {"kind": d.kind, "detail": d.detail, "where": d.where, "known": d.known}
            for d in diffs]}
        print(f"{MARK} result {json.dumps(rec)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
