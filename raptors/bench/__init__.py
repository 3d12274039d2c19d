"""raptors.bench: the benchmark harness (python -m raptors.bench, raptors-bench).

Importing this package imports neither NumPy nor raptors' extension: main()
sets RAPTORS_SIMD / RAPTORS_THREADS first. See docs/benchmarks.md.
"""


def main(argv=None):
    from .__main__ import main as _main

    return _main(argv)


__all__ = ["main"]
