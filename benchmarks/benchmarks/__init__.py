"""airspeed velocity benchmarks for raptors (see docs/benchmarks.md)."""
