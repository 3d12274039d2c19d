# shellcheck shell=bash
# Sourced by the profiling scripts (with ROOT set): choose the interpreter that runs the op.
# $RAPTORS_PYTHON wins; then the bench venv made by setup_bench_env.sh
# ($RAPTORS_VENV, default <repo>/.venv); then python3 on PATH. The real
# executable is resolved (pyenv's python3 is a shell shim, which valgrind
# would profile instead of Python).
if [ -n "${RAPTORS_PYTHON:-}" ]; then
    PY="$RAPTORS_PYTHON"
elif [ -x "${RAPTORS_VENV:-$ROOT/.venv}/bin/python" ]; then
    PY="${RAPTORS_VENV:-$ROOT/.venv}/bin/python"
else
    PY=$(command -v python3)
fi
PY=$("$PY" -c 'import sys; print(sys.executable)')
export RAPTORS_PROFILE_ROOT="$ROOT"
