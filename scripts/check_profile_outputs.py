#!/usr/bin/env python3
"""CI check of profile folders written by profile_operation.sh / extract_assembly.sh.

    python scripts/check_profile_outputs.py [DIR ...] [--require-vector raptors]
           [--latest N] [--asm]

Each DIR (default: the newest --latest N folders under benchmarks/profiles) must
have summary.json/summary.md and every file they name, non-empty; SVGs must
parse and hold boxes; callgrind counts must be positive numbers for every
library that had the op; --asm requires asm-histogram.md/.json; with
--require-vector LIB the library's kernels must contain vector instructions.
Exit status 1 on any problem.
"""

import argparse
import glob
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.join(ROOT, "raptors", "profile")


def load_check():
    # By path: the check must work whether or not raptors imports.
    spec = importlib.util.spec_from_file_location(
        "raptors_profile", os.path.join(PKG, "__init__.py"), submodule_search_locations=[PKG]
    )
    pkg = importlib.util.module_from_spec(spec)
    sys.modules["raptors_profile"] = pkg
    spec.loader.exec_module(pkg)
    from raptors_profile import check

    return check


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--latest", type=int, default=1)
    ap.add_argument("--require-vector", action="append", default=[])
    ap.add_argument("--asm", action="store_true", help="require the instruction histogram")
    args = ap.parse_args()
    dirs = args.dirs
    if not dirs:
        found = sorted(
            d
            for d in glob.glob(os.path.join(ROOT, "benchmarks", "profiles", "*"))
            if os.path.isdir(d)
        )
        dirs = found[-args.latest :]
    if not dirs:
        print("no profile folders to check")
        return 1
    check = load_check()
    bad = 0
    for d in dirs:
        problems = check.check_dir(d, args.require_vector, require_callgrind=True)
        if args.asm:
            for name in ("asm-histogram.md", "asm-histogram.json"):
                p = os.path.join(d, name)
                if not os.path.exists(p) or os.path.getsize(p) == 0:
                    problems.append(f"{name} is missing or empty")
        print(f"{d}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for p in problems:
            print(f"  FAIL {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
