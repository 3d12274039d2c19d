"""Tests of the differential fuzzer itself (tests/fuzz): planted differences,
crashes, hangs and sanitizer reports are found and get reproducers; the
same seed gives the same programs; NumPy against itself finds nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests.fuzz import run  # noqa: E402
from tests.fuzz.known import KNOWN  # noqa: E402
from tests.fuzz.programs import generate  # noqa: E402

SEED = 3


def _first_function_sum():
    """Index of the first case of SEED calling xp.sum(...) as a function
    that NumPy runs without an exception."""
    import numpy as np

    from tests.fuzz.outcome import run_program

    for i in range(5000):
        c = generate(SEED, i)
        if c.op == "reduce.sum" and "xp.sum(" in c.text() and run_program(c, np).exc is None:
            return i
    raise AssertionError("no xp.sum case")


def _plant(tmp_path, monkeypatch, body):
    """A fake namespace: NumPy, except `sum`, whose body is given."""
    (tmp_path / "fake_np.py").write_text(
        "import os, sys, time\nimport numpy as _np\nfrom numpy import *  # noqa\n"
        "def sum(*args, **kwargs):\n" + textwrap.indent(textwrap.dedent(body), "    "))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))


def _fuzz(tmp_path, *extra):
    out = tmp_path / "findings"
    n = _first_function_sum() + 1
    rc = run.main(["--seed", str(SEED), "--cases", str(n), "--ops", r"^reduce\.sum$", "--module",
                   "fake_np", "--out", str(out), "--quiet", *extra])
    index = out / "findings.json"
    found = json.loads(index.read_text()) if index.exists() else []
    return rc, found


@pytest.mark.parametrize("body, kind", [
    ("return _np.add(_np.sum(*args, **kwargs), 1)", {"value", "type", "identity", "dtype"}),
    ("raise KeyError('planted')", {"exception", "exception-class"}),
])
def test_planted_difference_is_found_with_a_reproducer(tmp_path, monkeypatch, body, kind):
    _plant(tmp_path, monkeypatch, body)
    rc, found = _fuzz(tmp_path)
    assert rc == 1
    assert found and {f["kind"] for f in found} <= kind and found[0]["op"] == "reduce.sum"
    script = found[0]["reproducer"]
    assert os.path.exists(script)
    shown = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert "--- numpy" in shown.stdout and "--- raptors" in shown.stdout, shown.stderr
    if "KeyError" in body:
        assert "raised KeyError" in shown.stdout


def test_crash_is_found_and_the_run_goes_on(tmp_path, monkeypatch):
    _plant(tmp_path, monkeypatch, "os.abort()")
    rc, found = _fuzz(tmp_path)
    assert rc == 1
    (f,) = found
    assert f["kind"] == "crash" and "SIGABRT" in f["detail"]
    shown = subprocess.run([sys.executable, f["reproducer"]], capture_output=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert shown.returncode != 0       # the reproducer crashes too


def test_hang_is_found(tmp_path, monkeypatch):
    _plant(tmp_path, monkeypatch, "time.sleep(600)")
    rc, found = _fuzz(tmp_path, "--timeout", "3")
    assert rc == 1
    assert [f["kind"] for f in found] == ["timeout"]


def test_sanitizer_report_on_stderr_is_found(tmp_path, monkeypatch):
    _plant(tmp_path, monkeypatch, """\
        os.write(2, b"==1==ERROR: AddressSanitizer: heap-buffer-overflow (planted)\\n")
        return _np.sum(*args, **kwargs)""")
    rc, found = _fuzz(tmp_path)
    assert rc == 1
    (f,) = found
    assert f["kind"] == "sanitizer" and "heap-buffer-overflow" in f["detail"]


def test_same_seed_same_programs():
    code = ("import sys; sys.path.insert(0, %r)\nfrom tests.fuzz.programs import generate\n"
            "print('\\n#\\n'.join(generate(11, i).text() for i in range(60)))" % ROOT)
    texts = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONHASHSEED=h), check=True).stdout
             for h in ("1", "2")]
    assert texts[0] == texts[1] and texts[0].count("xp.") > 60
    assert texts[0] == "\n#\n".join(generate(11, i).text() for i in range(60)) + "\n"
    assert [generate(12, i).text() for i in range(3)] != [generate(11, i).text() for i in range(3)]


def test_numpy_against_itself_finds_nothing(tmp_path):
    """Every comparison is deterministic: NumPy as the namespace under test
    gives no difference at all (not even a known one)."""
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz", "--seed", "4", "--cases", "400",
                           "--module", "numpy", "--out", str(tmp_path), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 distinct differences" in proc.stdout and "known" not in proc.stdout


def test_programs_cover_every_family_dtype_and_layout():
    cases = [generate(SEED, i) for i in range(1500)]
    text = "\n".join(c.text() for c in cases)
    assert {c.family for c in cases} == {"ufunc", "operator", "clip_where_round", "reduction",
                                         "manip", "index"}
    for d in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float32", "float64"):
        assert f"dtype='{d}'" in text
    tags = set().union(*(c.tags for c in cases))
    for layout in ("C", "F", "transposed", "negative", "stepped", "broadcast"):
        assert f"layout:{layout}/numpy" in tags and f"layout:{layout}/raptors" in tags
    for t in ("fancy", "bad", "casting", "out:numpy", "pyscalar:int", "pyscalar:float",
              "pyscalar:bool", "npscalar"):
        assert t in tags, t
    for casting in ("no", "equiv", "safe", "same_kind", "unsafe"):
        assert f"casting='{casting}'" in text
    assert "reshape(())" in text and "(0," in text           # 0-d and 0-size
    assert {str(c.errstate) for c in cases} == {"None", "{'all': 'warn'}", "{'all': 'raise'}",
                                                "{'all': 'ignore'}"}


def _float16_result(out):
    """Whether NumPy's result `r` of a case is float16."""
    snap = out.values.get("r")
    return (snap is not None and snap[0] in ("array", "scalar")
            and snap[-1].dtype == np.float16)


def test_float16_cases_have_no_difference():
    """Where NumPy computes in float16 (float16 operands; bool/int8/uint8
    inputs of float functions), raptors has the same loops: the fuzzer's
    cases with a float16 result match NumPy."""
    import raptors as rp

    from tests.fuzz.worker import run_case

    # float functions only: NumPy 2.4 itself crashes on some other drawn
    # cases (greater(2**32, int16_array, out=int32_array, where=True))
    ufuncs = [getattr(np, n) for n in dir(np) if isinstance(getattr(np, n), np.ufunc)]
    floats = {f.__name__ for f in ufuncs if f.types[0][0] == "e"}
    seen = 0
    for i in range(3000):
        c = generate(SEED, i)
        if "bad" in c.tags or c.op.split(".")[-1] not in floats:
            continue
        diffs, n, _ = run_case(c, rp)
        if n.exc is None and _float16_result(n):
            assert all(d.known for d in diffs), [vars(d) for d in diffs]
            seen += 1
    assert seen >= 20, seen


def test_mask_cases_have_no_difference():
    """Mask indexing is implemented: the fuzzer's mask cases match NumPy."""
    import raptors as rp

    from tests.fuzz.worker import run_case

    seen = 0
    for i in range(3000):
        c = generate(SEED, i)
        if c.op.startswith("index.") and "fancy" in c.tags and "np.array([True" in c.text():
            diffs, _, _ = run_case(c, rp)
            assert not diffs, [vars(d) for d in diffs]
            seen += 1
            if seen == 5:
                return
    raise AssertionError("no mask case")


def test_every_known_deviation_quotes_its_documentation():
    """Each known deviation's ref quotes the doc that lists it ("..." skips
    text); a quote that no longer matches means the docs lost the entry."""
    def norm(t):
        return " ".join(t.replace("`", "").split())

    for k in KNOWN:
        m = re.match(r"([\w./]+\.md): '(.*)'", k.ref, re.S)
        assert m, (k.id, k.ref)
        path, quote = m.groups()
        with open(os.path.join(ROOT, path)) as f:
            text = norm(f.read())
        for part in quote.split("..."):
            part = norm(part).strip(" .()")
            assert part in text, (k.id, path, part)
