#!/usr/bin/env bash
# The Python suite against the extension built with AddressSanitizer and
# UndefinedBehaviorSanitizer: the C tests (scripts/test_c.sh asan) reach the
# core only through test_core; this reaches it the way users do, through
# src/python, with NumPy's differential tests driving it.
#
# Usage: scripts/test_python_asan.sh [pytest args...]   (default: the suite below)
#
# Layout (nothing here touches the normal editable build in build/editable):
#   build/python-asan/meson   meson-python's build directory, reused (ninja
#                             rebuilds only what changed)
#   build/python-asan/venv    a venv holding only the sanitized raptors; every
#                             other package (NumPy, pytest, Hypothesis, meson)
#                             comes from .venv through a .pth path entry. A
#                             path entry does not run .venv's own .pth files,
#                             so the editable raptors' import hook stays out.
#
# Any sanitizer report fails the run: UBSan is built non-recovering and ASan
# halts on its first error; the report goes to stderr, and pytest shows it
# for the test whose process (or subprocess) died.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
PY=${PY:-.venv/bin/python}
dir=${ASAN_BUILD_DIR:-build/python-asan}
venv=$dir/venv

# ---- build ---------------------------------------------------------------
if [ ! -x "$venv/bin/python" ]; then
    rm -rf "$venv"
    "$PY" -m venv --without-pip "$venv"
fi
site_of() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
site_of "$PY" >"$(site_of "$venv/bin/python")/raptors-dev-deps.pth"

# meson-python takes meson's setup arguments one -Csetup-args each.
# shellcheck source=lib/sanitizers.sh
. scripts/lib/sanitizers.sh
setup_args=()
for a in "${SANITIZE_SETUP_ARGS[@]}"; do setup_args+=("-Csetup-args=$a"); done
"$PY" -m pip --python "$venv/bin/python" install -q --no-build-isolation --no-deps \
    --force-reinstall . "-Cbuild-dir=$dir/meson" "${setup_args[@]}"

# ---- run -----------------------------------------------------------------
# CPython is not built with ASan, so the runtime must be loaded before it
# (LD_PRELOAD) rather than with the extension module.
libasan=$(gcc -print-file-name=libasan.so)
[ -f "$libasan" ] || { echo "libasan.so not found (gcc's sanitizer runtime)" >&2; exit 1; }

# The default selection, about 5 minutes on the 2-core machine (the whole
# suite under ASan took 6.5 minutes, 4.3 of them in the three reduction
# thread tests) leaves out:
# - the benchmark harness and profiling tools (timing loops and external
#   profilers such as perf and valgrind, which do not run under a preloaded
#   ASan runtime; they drive the same library calls as the rest of the suite);
# - the thread-count test at the default 16 MiB cutoff: its [65536] twin
#   takes the same threaded reduction paths on the same arrays;
# - the differential fuzzer's tests (tests/fuzz): its workers run
#   `python -m tests.fuzz` from the source tree, whose raptors/ (no compiled
#   module) PYTHONSAFEPATH keeps out of the way here; a sanitized build is
#   fuzzed through the fuzzer's own --preload (docs/fuzzing.md).
# and Hypothesis draws fewer examples (the "asan" profile, still
# derandomized).
if [ $# -eq 0 ]; then
    set -- tests/python --ignore=tests/python/test_bench.py \
        --ignore=tests/python/test_profile_tools.py \
        --ignore=tests/python/test_fuzz_smoke.py --ignore=tests/python/test_fuzz_tool.py \
        "--deselect=tests/python/test_reduce_threads.py::test_reductions_identical_for_every_thread_count[None]"
fi

# detect_leaks=0: CPython (and NumPy) keep interned objects, type caches and
# arenas alive at exit on purpose, so LeakSanitizer would report thousands of
# blocks that are no bug; suppressing them by library would also hide leaks
# in raptors' own objects that outlive the run. Leaks in the C core are
# covered by the C tests, which run with detect_leaks=1.
# allocator_may_return_null=1: the suite asks for impossible sizes on purpose
# (MemoryError as NumPy's); malloc must fail as it does without ASan.
# abort_on_error=1: a report ends in SIGABRT, so Python's faulthandler
# (on under pytest) prints the stack of the test that triggered it.
# --capture=sys below: pytest captures only Python's sys.stdout/stderr, so a
# report written to fd 2 by a dying process reaches the log.
# PYTHONMALLOC=malloc: Python objects come from malloc rather than pymalloc's
# arenas, so ASan sees overruns of the objects and buffers src/python makes.
# PYTHONSAFEPATH=1: the working directory (the source tree, whose raptors/
# has no compiled module) is not put on sys.path, here or in the
# subprocesses the tests start (they inherit this environment).
# RAPTORS_CACHE_MB=0: large blocks are unmapped on free rather than cached,
# so a later use of a freed large array faults instead of reading a cached one.
export LD_PRELOAD="$libasan${LD_PRELOAD:+:$LD_PRELOAD}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-$SANITIZE_UBSAN_OPTIONS:abort_on_error=1}
export PYTHONMALLOC=malloc PYTHONSAFEPATH=1 RAPTORS_CACHE_MB=0
export HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-asan}

cd "$root"
"$venv/bin/python" -c 'import os, raptors, sys; f = raptors._raptors.__file__; print("sanitized raptors:", f); sys.exit(0 if f.startswith(os.path.abspath(sys.argv[1])) else "not the sanitized build")' "$venv"
exec "$venv/bin/python" -m pytest -p no:cacheprovider --capture=sys "$@"
