"""Profiling tools: where does the time of one suite op go, in raptors and NumPy?

    python -m raptors.profile profile OP SHAPE DTYPE [--lib raptors|numpy|both] [--out DIR]
    python -m raptors.profile asm [OP ...] [--shape 256x256] [--dtype float32] [--from DIR]
    python -m raptors.profile check DIR [--require-vector raptors]

scripts/profile_operation.sh and scripts/extract_assembly.sh wrap the first two.
This package uses only the standard library (and runs NumPy and raptors in
child processes), so it works while raptors itself is half-built.
"""
