#!/usr/bin/env bash
# Build and run the C core's test binary (test_core) three ways:
#   plain    native build, release flags
#   asan     native build under AddressSanitizer + UndefinedBehaviorSanitizer,
#            any report fails the run
#   aarch64  cross build with Debian's aarch64 toolchain, run under qemu-aarch64
#            (compiles and checks the NEON kernels against the baseline)
# Usage: scripts/test_c.sh [plain|asan|aarch64|all]   (default: all)
# Build directories: build/test-c-{plain,asan,aarch64}, reused when configured.
# Missing Debian packages are installed only when running as root.
set -uo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=lib/sanitizers.sh
. scripts/lib/sanitizers.sh
mode=${1:-all}
case $mode in
plain | asan | aarch64) parts=("$mode") ;;
all) parts=(plain asan aarch64) ;;
*)
    echo "usage: $0 [plain|asan|aarch64|all]" >&2
    exit 2
    ;;
esac

section() { printf '\n==== %s ====\n' "$*"; }
now() { date +%s.%N; }

apt_updated=0
# need_debs PKG...: make sure the Debian packages are installed.
need_debs() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "missing packages: ${missing[*]} (install them, or run this script as root)" >&2
        return 1
    fi
    echo "installing ${missing[*]}"
    if [ $apt_updated = 0 ]; then
        apt-get update -qq || return 1
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

need_tools() {
    command -v meson >/dev/null && command -v ninja >/dev/null || {
        echo "meson (>= 1.1) and ninja are needed: pip install 'meson>=1.1' ninja" >&2
        return 1
    }
    command -v dpkg-query >/dev/null || return 0 # not Debian: trust the toolchain
    need_debs gcc libc6-dev
}

# configure DIR ARGS...: meson setup once; later runs reuse the directory
# (ninja re-runs meson itself when meson.build changes).
configure() {
    local dir=$1
    shift
    if [ -f "$dir/build.ninja" ]; then
        echo "reusing $dir"
        return 0
    fi
    rm -rf "$dir"
    meson setup "$dir" -Dpython=false "$@"
}

# run_tests LABEL CMD...: run test_core, show its output, fail on a non-zero
# exit or a missing/non-zero "N failed" line (or, with REQUIRE set, on output
# lacking that pattern).
run_tests() {
    local label=$1 out rc
    shift
    echo "-- $label: $*"
    out=$("$@" 2>&1)
    rc=$?
    printf '%s\n' "$out" | tail -n 40
    if [ $rc -ne 0 ] || ! printf '%s\n' "$out" | grep -Eq '^[0-9]+ passed, 0 failed$'; then
        echo "FAILED: $label (exit $rc)" >&2
        return 1
    fi
    if [ -n "${REQUIRE:-}" ] && ! printf '%s\n' "$out" | grep -q "$REQUIRE"; then
        echo "FAILED: $label: output lacks '$REQUIRE'" >&2
        return 1
    fi
}

part_plain() {
    local dir=build/test-c-plain
    need_tools || return 1
    configure "$dir" || return 1
    ninja -C "$dir" test_core || return 1
    run_tests "plain" "$dir/test_core"
}

part_asan() {
    local dir=build/test-c-asan
    need_tools || return 1
    configure "$dir" "${SANITIZE_SETUP_ARGS[@]}" || return 1
    ninja -C "$dir" test_core || return 1
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:halt_on_error=1:detect_leaks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-$SANITIZE_UBSAN_OPTIONS} \
        run_tests "asan+ubsan" "$dir/test_core"
}

part_aarch64() {
    local dir=build/test-c-aarch64
    need_tools || return 1
    command -v dpkg-query >/dev/null && { need_debs gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user || return 1; }
    configure "$dir" --cross-file cross/aarch64-linux-gnu.ini || return 1
    ninja -C "$dir" test_core || return 1
    # The NEON kernels must have been built and compared, not skipped.
    REQUIRE='compared with the baseline: neon' \
        run_tests "aarch64 under qemu" qemu-aarch64 -L /usr/aarch64-linux-gnu "$dir/test_core"
}

status=0
summary=()
for p in "${parts[@]}"; do
    section "C tests: $p"
    t0=$(now)
    if "part_$p"; then res=ok; else res=FAILED; status=1; fi
    secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    summary+=("$(printf '%-8s %-6s %6ss' "$p" "$res" "$secs")")
done
section "summary"
printf '%s\n' "${summary[@]}"
exit $status
