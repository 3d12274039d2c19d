"""A fixed-seed, bounded run of the differential fuzzer (tests/fuzz): a few
thousand random programs over every dtype, layout and operation family,
each compared with NumPy in worker subprocesses. Fails listing the
reproducers of every difference, crash or hang that is not a known
deviation (tests/fuzz/known.py; docs/fuzzing.md)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20261206
CASES = 2000


def test_fuzz_smoke(tmp_path):
    out = tmp_path / "fuzz-findings"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz", "--seed", str(SEED), "--cases", str(CASES),
         "--jobs", "2", "--out", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        shown = []
        for name in sorted(os.listdir(out))[:8] if out.exists() else []:
            if name.endswith(".py"):
                shown.append(f"===== {name}\n" + (out / name).read_text())
        raise AssertionError(f"{proc.stdout}\n{proc.stderr[-3000:]}\n" + "\n".join(shown))
    assert f"{CASES} cases" in proc.stdout, proc.stdout
