"""A differential fuzzer: random programs run on NumPy and on raptors, and
every difference in values, dtypes, shapes, exceptions and warnings (and
every crash or hang) reported with a standalone reproducer.

See docs/fuzzing.md. Entry point: ``python -m tests.fuzz`` (run.py).
"""
