#!/usr/bin/env bash
# Wrapper around docker compose for the benchmark image (docs/docker_benchmarking.md).
#
#   scripts/docker_bench.sh build   [amd64|arm64|all]     build the image(s)
#   scripts/docker_bench.sh shell   [amd64|arm64]         interactive shell in the container
#   scripts/docker_bench.sh bench   [amd64|arm64] [ARGS]  run the suite (make bench's command)
#   scripts/docker_bench.sh profile [amd64|arm64] OP SHAPE DTYPE [ARGS]
#                                                         scripts/profile_operation.sh inside
# The platform defaults to the host's. Results land in benchmarks/profiles/ on the host.
# DOCKER_BENCH_DRY_RUN=1 prints the docker commands instead of running them.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
COMPOSE_FILE=docker-compose.bench.yml

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

host_arch() {
    case "$(uname -m)" in
        aarch64|arm64) echo arm64 ;;
        *) echo amd64 ;;
    esac
}

run() {
    if [ "${DOCKER_BENCH_DRY_RUN:-0}" = 1 ]; then
        printf '%q ' "$@"; echo
    else
        "$@"
    fi
}

compose() {
    if docker compose version >/dev/null 2>&1; then
        run docker compose -f "$COMPOSE_FILE" "$@"
    elif command -v docker-compose >/dev/null 2>&1; then
        run docker-compose -f "$COMPOSE_FILE" "$@"
    elif [ "${DOCKER_BENCH_DRY_RUN:-0}" = 1 ]; then
        run docker compose -f "$COMPOSE_FILE" "$@"
    else
        echo "docker_bench.sh: docker compose is not available here." >&2
        echo "  Without Docker, run the same setup directly: bash scripts/setup_bench_env.sh" >&2
        exit 1
    fi
}

cmd=${1:-}
[ -n "$cmd" ] || { usage; exit 2; }
shift
arch=$(host_arch)
case "${1:-}" in
    amd64|arm64|all) arch=$1; shift ;;
esac
svc="bench-$arch"
mkdir -p benchmarks/profiles

case "$cmd" in
    build)
        if [ "$arch" = all ]; then compose build bench-amd64 bench-arm64; else compose build "$svc"; fi ;;
    shell)
        compose run --rm "$svc" bash ;;
    bench)
        compose run --rm "$svc" /opt/raptors-venv/bin/python -m raptors.bench --suite 2d \
            --output-json "benchmarks/profiles/bench-2d-$arch.json" "$@" ;;
    profile)
        [ $# -ge 3 ] || { echo "usage: docker_bench.sh profile [amd64|arm64] OP SHAPE DTYPE [ARGS]" >&2; exit 2; }
        compose run --rm "$svc" scripts/profile_operation.sh "$@" ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
esac
