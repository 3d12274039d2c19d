"""python -m raptors.bench / raptors-bench: raptors against NumPy, side by side.

See docs/benchmarks.md for how to read the output and the JSON schema.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import re
import sys
import time

from . import suites

SIMD_MODES = ("auto", "disable", "force", "baseline", "sse2", "avx2", "avx512", "neon")
_REEXEC_FLAG = "RAPTORS_BENCH_REEXEC"


def _csv(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="raptors-bench",
        description="Time raptors against NumPy (interleaved, same process, same memory), "
        "with the measured memory-bandwidth limit beside every row.",
    )
    p.add_argument("--suite", default="2d", choices=suites.SUITE_NAMES)
    p.add_argument("--ops", type=_csv, help="comma list of ops, e.g. sum,mean_axis0")
    p.add_argument(
        "--shape",
        action="append",
        type=suites.parse_shape,
        help="only this shape, e.g. 1024x1024 (repeatable)",
    )
    p.add_argument("--dtype", type=_csv, help="comma list of dtypes, e.g. float32")
    p.add_argument("--layout", type=_csv, help="comma list of layouts: C,T,stride2,neg")
    p.add_argument(
        "--simd-mode",
        choices=SIMD_MODES,
        help="sets RAPTORS_SIMD before raptors is imported: auto (unset: best "
        "available), disable (0: baseline kernels), force (1: best available, "
        "and warn if raptors still reports the baseline), or an ISA name",
    )
    p.add_argument("--threads", type=int, help="sets RAPTORS_THREADS before import")
    p.add_argument("--warmup", type=int, help="warm-up rounds per row (default 2; quick 1)")
    p.add_argument(
        "--repeats",
        type=int,
        help="timed rounds per row, each one sample per library (default 15; quick 5)",
    )
    p.add_argument(
        "--min-sample-ms",
        type=float,
        default=1.0,
        help="inner repetitions make each sample last at least this (default 1)",
    )
    p.add_argument(
        "--row-budget",
        type=float,
        help="seconds per row; fewer rounds (>= 3) for slow rows (default 3; quick 0.5)",
    )
    p.add_argument(
        "--bw-repeats",
        type=int,
        help="bandwidth samples per row, at least: one after every timed round, the rest "
        "after the row (default 15; quick 5)",
    )
    p.add_argument(
        "--stat",
        choices=("median", "min"),
        default="median",
        help="the per-call time the speedup compares (default median; min "
        "resists a machine that other work keeps interrupting)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="fewer rounds and probes: a smoke test, every row still present",
    )
    p.add_argument(
        "--solo-check",
        action="store_true",
        help="after each row's interleaved rounds, time each library alone (rounds back "
        "to back) and list the rows where that moves the speedup by more than 10%% "
        "(shared allocator and caches)",
    )
    p.add_argument(
        "--fresh",
        type=int,
        default=1,
        metavar="K",
        help="rows whose inputs fit 1 MiB cycle through K inputs drawn with seeds "
        "seed..seed+K-1, a different one each call (default 1: the same input every "
        "call, which a branch predictor can learn)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--backend",
        choices=("raptors", "numpy"),
        default="raptors",
        help="numpy: NumPy against itself, to see the harness's own noise",
    )
    p.add_argument("--output-json", metavar="PATH")
    p.add_argument(
        "--validate-json",
        metavar="BASELINE",
        help="compare speedup ratios with a baseline JSON; exit 1 on regressions",
    )
    p.add_argument(
        "--validate-slack",
        type=float,
        default=0.05,
        help="allowed drop: relative fraction of the baseline speedup (default 0.05 = 5%%)",
    )
    p.add_argument(
        "--validate-mode",
        choices=("relative", "absolute"),
        default="relative",
        help="relative: fail below baseline*(1-slack); absolute: below baseline-slack",
    )
    p.add_argument("--plot", metavar="PNG", help="speedup chart (needs matplotlib)")
    p.add_argument("--note", help="free text stored in the JSON (e.g. what was measured)")
    p.add_argument("--list", action="store_true", help="print the selected row ids and exit")
    p.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="force the progress bar on",
    )
    p.add_argument("--no-progress", dest="progress", action="store_false")
    return p


def wanted_env(args) -> dict[str, str | None]:
    """Environment raptors must see at import (None: remove the variable)."""
    env: dict[str, str | None] = {}
    mode = args.simd_mode
    if mode == "auto":
        env["RAPTORS_SIMD"] = None
    elif mode == "disable":
        env["RAPTORS_SIMD"] = "0"
    elif mode == "force":
        env["RAPTORS_SIMD"] = "1"
    elif mode is not None:
        env["RAPTORS_SIMD"] = "0" if mode == "baseline" else mode
    if args.threads is not None:
        env["RAPTORS_THREADS"] = str(args.threads)
    return env


def _native_loaded() -> bool:
    return any(name == "raptors._raptors" for name in sys.modules)


def apply_env(env: dict, argv: list[str]) -> None:
    """Set the variables; re-execute if raptors has already read them.

    `python -m raptors.bench` imports the raptors package (and with it the
    extension, which reads RAPTORS_SIMD/RAPTORS_THREADS) before this code
    runs, so a changed setting needs a fresh interpreter.
    """
    changed = any(os.environ.get(k) != v for k, v in env.items())
    for k, v in env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    if changed and _native_loaded() and not os.environ.get(_REEXEC_FLAG):
        os.environ[_REEXEC_FLAG] = "1"
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, "-m", "raptors.bench", *argv])


class _Unavailable:
    """Every row n/a with the import error: the JSON stays complete."""

    name = "raptors"

    def __init__(self, why: str):
        self.why = why

    def convert(self, operands):
        raise RuntimeError(f"raptors unavailable: {self.why}")

    def fallback_error(self, result):
        return None

    def threads(self):
        return None


def _load_raptors():
    try:
        import raptors as rp
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if not callable(getattr(rp, "asarray", None)):
        return None, "raptors has no asarray (is the extension built?)"
    return rp, None


def _clean(obj):
    """JSON without NaN/inf (which json would write as invalid tokens)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


_NUMBER_LIST = re.compile(r"\[\s*(?:[-0-9.eE+]+|null)(?:,\s*(?:[-0-9.eE+]+|null))*\s*\]")


def dumps(doc) -> str:
    """Indented JSON with lists of numbers kept on one line (samples, shapes), so a
    baseline stays readable and diffable without one line per sample."""
    text = json.dumps(doc, indent=1, allow_nan=False)
    return (
        _NUMBER_LIST.sub(lambda m: re.sub(r"\s+", "", m.group(0)).replace(",", ", "), text) + "\n"
    )


def select(args) -> list[suites.Row]:
    rows = suites.build_suite(args.suite)
    if args.ops:
        unknown = set(args.ops) - set(suites.OPS)
        if unknown:
            raise SystemExit(
                f"unknown op(s): {', '.join(sorted(unknown))}; known: {', '.join(suites.OPS)}"
            )
    picked = suites.select_rows(
        rows, ops=args.ops, shapes=args.shape, dtypes=args.dtype, layouts=args.layout
    )
    if not picked and args.shape:
        # Shapes the suite does not name: the suite's ops and dtypes on them
        # (C layout), so a speedup can be checked beyond the suite's sizes.
        ops = args.ops or sorted({r.op for r in rows}, key=list(suites.OPS).index)
        dtypes = args.dtype or sorted({r.dtype for r in rows})
        picked = suites.custom_rows(args.suite, ops, args.shape, dtypes)
    if not picked:
        raise SystemExit("no rows match the filters")
    return picked


def run(args, argv, out=None) -> tuple[dict, int]:
    """Run the selected rows; returns (document, exit status)."""
    out = sys.stdout if out is None else out
    from . import report, runner, schema
    from .bandwidth import BandwidthProbe, last_level_cache_bytes

    quick = args.quick
    warmup = args.warmup if args.warmup is not None else (1 if quick else 2)
    repeats = args.repeats if args.repeats is not None else (5 if quick else 15)
    budget = args.row_budget if args.row_budget is not None else (0.5 if quick else 3.0)
    bw_repeats = args.bw_repeats if args.bw_repeats is not None else (5 if quick else 15)
    if repeats < 1 or warmup < 0 or bw_repeats < 1:
        raise SystemExit("--repeats and --bw-repeats must be >= 1, --warmup >= 0")

    rows = select(args)
    t0 = time.perf_counter()
    created = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    machine = report.machine_info()
    np_info = report.numpy_info()

    rp_mod, import_error = (None, None)
    if args.backend == "raptors":
        rp_mod, import_error = _load_raptors()
    rp_info = report.raptors_info(rp_mod, import_error, args.backend)
    rp_threads = report.raptors_thread_count(rp_info)
    if args.backend == "numpy":
        backend = runner.NumpyBackend()
    elif rp_mod is None:
        backend = _Unavailable(import_error)
    else:
        backend = runner.RaptorsBackend(rp_mod, rp_threads)

    warnings = []
    if args.simd_mode == "force" and str(rp_info["isa"]).lower() in ("sse2", "baseline"):
        warnings.append("--simd-mode force, but raptors reports the baseline ISA")
    if args.simd_mode == "disable" and rp_info["isa"] not in ("unknown", "sse2", "baseline"):
        warnings.append(f"--simd-mode disable, but raptors reports ISA {rp_info['isa']}")

    probe_threads = rp_threads if rp_threads and rp_threads > 1 else report.usable_cpus()
    probe = BandwidthProbe(
        repeats=bw_repeats,
        llc_bytes=last_level_cache_bytes(machine["caches"]),
        stat=args.stat,
    )
    opts = runner.RunOptions(
        seed=args.seed,
        warmup=warmup,
        repeats=repeats,
        min_sample_s=args.min_sample_ms / 1e3,
        row_budget_s=budget,
        probe_threads=probe_threads,
        stat=args.stat,
        solo_check=args.solo_check,
        fresh=max(1, args.fresh),
    )
    progress = report.Progress(enabled=args.progress)
    results = runner.run_rows(rows, backend, probe, opts, progress)

    machine["loadavg_end"] = report.loadavg()
    busy = max((la or [0])[0] for la in (machine["loadavg_start"], machine["loadavg_end"]))
    if busy > machine["usable_cpus"]:
        warnings.append(
            f"the machine was busy (load average {busy:.1f} on {machine['usable_cpus']} CPUs): "
            "other work interrupted the samples; see the +-% column, prefer a quiet re-run "
            "or --stat min"
        )
    doc = {
        "schema": schema.SCHEMA_VERSION,
        "created_utc": created,
        "duration_s": time.perf_counter() - t0,
        "command": [os.path.basename(sys.argv[0] or "raptors-bench")] + list(argv),
        "options": {
            "suite": args.suite,
            "ops": args.ops,
            "shape": [list(s) for s in args.shape or []],
            "dtype": args.dtype,
            "layout": args.layout,
            "simd_mode": args.simd_mode,
            "threads": args.threads,
            "warmup": warmup,
            "repeats": repeats,
            "min_sample_s": opts.min_sample_s,
            "row_budget_s": budget,
            "bw_repeats": bw_repeats,
            "quick": quick,
            "seed": args.seed,
            "backend": args.backend,
            "stat": args.stat,
        },
        "machine": machine,
        "numpy": np_info,
        "raptors": rp_info,
        "bandwidth": {
            "source": probe.source,
            "repeats": bw_repeats,
            "probe_threads": probe_threads,
            "stat": args.stat,
            "llc_bytes": probe.llc_bytes,
            "memory_working_set_bytes": probe.working_set(probe.llc_bytes + 1)
            if probe.llc_bytes
            else None,
            "measurements": probe.records(),
        },
        "rows": results,
        "summary": report.summarize_rows(results),
        "warnings": warnings,
        "note": args.note,
    }
    doc = _clean(doc)
    status = 0
    problems = schema.validate_schema(doc)
    if problems:  # a harness bug: say so loudly, still write what we have, exit 2
        warnings.append("JSON does not match its schema: " + "; ".join(problems[:5]))
        status = 2
        doc["warnings"] = warnings

    print(report.render(doc), file=out)
    for w in warnings:
        print(f"warning: {w}", file=out)

    if args.output_json:
        with open(args.output_json, "w", encoding="utf-8") as f:
            f.write(dumps(doc))
        print(f"\nwrote {args.output_json}", file=out)

    if args.plot:
        from .plot import plot

        try:
            plot(doc, args.plot)
            print(f"wrote {args.plot}", file=out)
        except RuntimeError as exc:
            print(f"warning: {exc}", file=out)

    if args.validate_json:
        with open(args.validate_json, encoding="utf-8") as f:
            baseline = json.load(f)
        failures, compared, skipped = schema.compare_to_baseline(
            doc, baseline, args.validate_slack, args.validate_mode
        )
        rule = (
            f"baseline x (1 - {args.validate_slack:g})"
            if args.validate_mode == "relative"
            else f"baseline - {args.validate_slack:g}"
        )
        print(
            f"\nvalidation against {args.validate_json}: {compared} rows compared "
            f"({skipped} not in both), threshold {rule}",
            file=out,
        )
        for fl in failures:
            cur = "-" if fl["current"] is None else f"{fl['current']:.2f}x"
            print(
                f"  FAIL {fl['id']}: {cur} < {fl['threshold']:.2f}x "
                f"(baseline {fl['baseline']:.2f}x) {fl['reason']}",
                file=out,
            )
        if failures:
            status = max(status, 1)
        else:
            print("  all rows at or above their baseline ratio", file=out)
    return doc, status


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.list:
        for row in select(args):
            print(f"{row.id:45s} {row.statement}")
        return 0
    apply_env(wanted_env(args), argv)
    _, status = run(args, argv)
    return status


if __name__ == "__main__":
    sys.exit(main())
