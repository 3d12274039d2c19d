"""Command line of raptors.profile (see __init__.py)."""

from __future__ import annotations

import argparse
import json
import os
import sys

if __package__ in (None, ""):
    # Run as a file (scripts/*.sh do this when `import raptors` fails, e.g.
    # before the extension is built): load this folder as a package by path.
    import importlib.util

    _here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0]) == _here:
        del sys.path[0]  # our module names are not meant to be top-level
    _spec = importlib.util.spec_from_file_location(
        "raptors_profile", os.path.join(_here, "__init__.py"), submodule_search_locations=[_here]
    )
    _pkg = importlib.util.module_from_spec(_spec)
    sys.modules["raptors_profile"] = _pkg
    _spec.loader.exec_module(_pkg)
    __package__ = "raptors_profile"

from . import check, ops, run  # noqa: E402


def _libs(text: str) -> tuple:
    if text == "both":
        return ops.LIBS
    if text not in ops.LIBS:
        raise argparse.ArgumentTypeError("--lib must be raptors, numpy or both")
    return (text,)


def _calls(text: str) -> tuple:
    a, b = (int(x) for x in text.split(","))
    if not 0 <= a < b:
        raise argparse.ArgumentTypeError("--calls N1,N2 needs 0 <= N1 < N2")
    return a, b


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lib", type=_libs, default=ops.LIBS, help="raptors, numpy or both (default)")
    p.add_argument("--out", help="output folder (default benchmarks/profiles/<time>-<op>-...)")
    p.add_argument(
        "--calls",
        type=_calls,
        default=(10, 110),
        help="call counts of the two callgrind/perf-stat runs (default 10,110)",
    )
    p.add_argument("--python", default=sys.executable, help="interpreter that runs the op")
    p.add_argument(
        "--cpu",
        type=int,
        default=-1,
        help="pin timed runs to this CPU (default: the last one); -2 = no pinning",
    )


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ops.OPS:
        argv.insert(0, "profile")
    ap = argparse.ArgumentParser(prog="python -m raptors.profile")
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("profile", help="every profiler for one op")
    p.add_argument("op", choices=list(ops.OPS))
    p.add_argument("shape", help="e.g. 256x256 or 4096")
    p.add_argument("dtype", choices=list(ops.DTYPES))
    _common(p)
    p.add_argument("--seconds", type=float, default=2.0, help="sampling time per library")
    p.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    p.add_argument(
        "--skip",
        default="",
        help="comma list of steps to skip: " + ",".join(s for s in run.STEPS if s != "probe"),
    )

    a = sub.add_parser("asm", help="hot kernels' assembly and instruction histogram")
    a.add_argument("ops", nargs="*", default=[], help="suite ops (default: all)")
    a.add_argument("--shape", default="256x256")
    a.add_argument("--dtype", default="float32", choices=list(ops.DTYPES))
    a.add_argument("--from", dest="src", help="reuse the callgrind runs of this profile folder")
    _common(a)

    c = sub.add_parser("check", help="verify a profile folder has every promised file")
    c.add_argument("dir")
    c.add_argument(
        "--require-vector",
        action="append",
        default=[],
        help="library whose kernels must contain vector instructions",
    )
    c.add_argument("--require-callgrind", action="store_true")

    args = ap.parse_args(argv)
    if args.cmd == "check":
        problems = check.check_dir(args.dir, args.require_vector, args.require_callgrind)
        for pr in problems:
            print(f"FAIL {pr}")
        print("ok" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0

    cpu = None if args.cpu == -2 else args.cpu
    if args.cmd == "profile":
        shape = ops.parse_shape(args.shape)
        ops.check_case(args.op, shape, args.dtype)
        skip = {s for s in args.skip.split(",") if s}
        o = run.Options(
            args.op,
            shape,
            args.dtype,
            libs=args.lib,
            out=args.out,
            calls=args.calls,
            seconds=args.seconds,
            steps=tuple(s for s in run.STEPS if s not in skip),
            cpu=cpu,
            python=args.python,
            rate=args.rate,
        )
        res = run.Profiler(o).run()
        print(os.path.join(res["out_dir"], "summary.md"))
        return 0

    if args.src:
        # The folder's own case: its callgrind runs are of that shape and dtype.
        try:
            with open(os.path.join(args.src, "summary.json")) as f:
                prev = json.load(f)
            args.shape = "x".join(map(str, prev["shape"]))
            args.dtype = prev["dtype"]
            args.ops = args.ops or [prev["op"]]
        except (OSError, ValueError, KeyError):
            pass
    shape = ops.parse_shape(args.shape)
    todo = args.ops or [op for op in ops.OPS if len(shape) >= ops.MIN_NDIM.get(op, 1)]
    for op in todo:
        ops.check_case(op, shape, args.dtype)
        out = args.out if len(todo) == 1 else (os.path.join(args.out, op) if args.out else None)
        o = run.Options(
            op,
            shape,
            args.dtype,
            libs=args.lib,
            out=out,
            calls=args.calls,
            steps=("probe", "callgrind", "asm") if not args.src else ("probe", "asm"),
            cpu=cpu,
            python=args.python,
            label="asm",
        )
        prof = run.Profiler(o)
        if args.src:
            prof.load_callgrind(args.src)
        prof.run()
        print(os.path.join(prof.out, "asm-histogram.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
