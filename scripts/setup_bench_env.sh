#!/usr/bin/env bash
# The one setup script of the benchmark/profiling environment. CI runs it, and
# Dockerfile.bench runs it to build the image, so every step of the image is
# exercised even where no Docker engine exists. Idempotent: what is present is
# skipped, so a second run only checks.
#
#   scripts/setup_bench_env.sh [--no-system] [--no-build] [--regular]
#
# 1. System packages (Debian/Ubuntu, as root via apt-get, `apt-get update` at
#    most once): linux-perf (perf), valgrind, binutils (objdump, nm), a C
#    compiler, python3-venv, util-linux (taskset). Without root, missing ones
#    are reported and the rest goes on.
# 2. A venv at $RAPTORS_VENV (default <repo>/.venv, the Makefile's), with
#    requirements-dev.txt (numpy, meson-python, meson, ninja, pytest,
#    hypothesis) and py-spy.
# 3. raptors built and installed into it: editable by default, into
#    build/editable like `make build` (imports rebuild what changed);
#    --regular for a plain `pip install --no-build-isolation .`.
#
# Environment: RAPTORS_VENV, PYTHON (the interpreter that makes the venv,
# default python3), RAPTORS_BUILD_DIR (default build/editable).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SYSTEM=1 BUILD=1 MODE=editable
for arg in "$@"; do
    case "$arg" in
        --no-system) SYSTEM=0 ;;
        --no-build) BUILD=0 ;;
        --regular) MODE=regular ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup_bench_env.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
VENV=${RAPTORS_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
BUILD_DIR=${RAPTORS_BUILD_DIR:-build/editable}
say() { printf '[setup_bench_env] %s\n' "$*"; }

# ---- 1. system packages ------------------------------------------------------
# command -> Debian package that provides it
need_pkgs=()
want() { command -v "$1" >/dev/null 2>&1 || need_pkgs+=("$2"); }
if [ "$SYSTEM" = 1 ]; then
    want perf linux-perf
    want valgrind valgrind
    want objdump binutils
    want nm binutils
    want cc gcc
    want taskset util-linux
    "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 || need_pkgs+=(python3-venv)
    # Unique, in order.
    if [ ${#need_pkgs[@]} -gt 0 ]; then
        mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | awk '!seen[$0]++')
    fi
    if [ ${#need_pkgs[@]} -eq 0 ]; then
        say "system tools present: perf valgrind objdump nm cc taskset"
    elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing: ${need_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # One update per run, and none if the lists are fresh (< 1 day).
        if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
            apt-get update -qq
        fi
        others=()
        for p in "${need_pkgs[@]}"; do [ "$p" = linux-perf ] || others+=("$p"); done
        if [ ${#others[@]} -gt 0 ]; then
            apt-get install -y -qq --no-install-recommends "${others[@]}"
        fi
        if [[ " ${need_pkgs[*]} " == *" linux-perf "* ]]; then
            # Ubuntu names perf after the kernel: fall back to its generic
            # package, then carry on without perf (the tools say so).
            apt-get install -y -qq --no-install-recommends linux-perf || \
                apt-get install -y -qq --no-install-recommends linux-tools-generic || \
                say "WARNING: no perf package here; profiles will skip perf"
        fi
    else
        say "WARNING: missing ${need_pkgs[*]} and not root (or no apt-get): install them" \
            "by hand; the profiling tools skip what is missing and say so"
    fi
fi

# ---- 2. the venv -------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    say "creating venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1
missing=$("$PY" - <<'EOF'
import importlib.util
mods = {"numpy": "numpy", "mesonpy": "meson-python", "pytest": "pytest",
        "hypothesis": "hypothesis"}
print(" ".join(p for m, p in mods.items() if importlib.util.find_spec(m) is None))
EOF
)
for tool in meson ninja py-spy; do
    [ -x "$VENV/bin/$tool" ] || missing="$missing $tool"
done
if [ -n "${missing// /}" ]; then
    say "pip installing into $VENV:$missing"
    if [ -f requirements-dev.txt ]; then
        "$PY" -m pip install -q -r requirements-dev.txt py-spy
    else
        "$PY" -m pip install -q numpy pytest hypothesis meson-python meson ninja py-spy
    fi
else
    say "venv packages present (numpy, meson-python, meson, ninja, pytest, hypothesis, py-spy)"
fi

# ---- 3. raptors ----------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
    if [ "$MODE" = editable ]; then
        if (cd / && "$PY" -c 'import raptors._raptors' >/dev/null 2>&1) && \
           [ -d "$BUILD_DIR" ]; then
            say "raptors already installed (editable, $BUILD_DIR): imports rebuild what changed"
        else
            say "building raptors (editable, $BUILD_DIR)"
            "$PY" -m pip install -q --no-build-isolation -e . -Cbuild-dir="$BUILD_DIR"
        fi
    else
        say "building raptors (regular install)"
        "$PY" -m pip install -q --no-build-isolation .
    fi
    (cd / && "$PY" -c 'import raptors, raptors._raptors as m; print("[setup_bench_env] raptors", getattr(raptors, "__version__", "?"), "from", m.__file__)')
fi

# ---- report ----------------------------------------------------------------------
for t in perf valgrind objdump taskset; do
    if command -v "$t" >/dev/null; then say "ok: $t"; else say "absent: $t"; fi
done
[ -x "$VENV/bin/py-spy" ] && say "ok: py-spy ($VENV/bin/py-spy)"
say "done: RAPTORS_VENV=$VENV; try scripts/profile_operation.sh scale 256x256 float32"
