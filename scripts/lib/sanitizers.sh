# shellcheck shell=bash
# Sourced by scripts/test_c.sh (asan) and scripts/test_python_asan.sh: the one
# sanitizer build both use, and the runtime options that make a report fatal.
# debugoptimized: -O2 -g for readable stacks, and assert() stays on.
# float-cast-overflow is not part of GCC's -fsanitize=undefined; casts are
# exactly where raptors must avoid that UB, so it is asked for.
SANITIZE_SETUP_ARGS=(
    -Dbuildtype=debugoptimized
    -Db_sanitize=address,undefined
    -Db_lundef=false
    "-Dc_args=-fno-sanitize-recover=all -fsanitize=float-cast-overflow -fno-omit-frame-pointer"
)
# UBSan is built non-recovering; halt_on_error covers a runtime that recovers.
SANITIZE_UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
