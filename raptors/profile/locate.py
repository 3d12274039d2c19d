"""Find the compiled objects that hold each library's kernels.

Asked of the interpreter that will run the op (it may be a venv's), because
that interpreter decides which copy is imported: a regular install's
site-packages, an editable install's build directory (meson-python loads it
from there through a finder hook), or the system's NumPy.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

_PROBE = r"""
import importlib.util, json, sys
out = {}
def origin(mod):
    try:
        spec = importlib.util.find_spec(mod)
        return spec.origin if spec and spec.origin else None
    except Exception as e:
        return None
for key, mods in (("numpy", ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath")),
                  ("raptors", ("raptors._raptors",))):
    for m in mods:
        o = origin(m)
        if o:
            out[key] = o
            break
    if key not in out:
        # Importing can succeed where find_spec cannot (custom finders).
        try:
            mod = __import__(mods[0], fromlist=["_"])
            out[key] = mod.__file__
        except Exception as e:
            out[key + "_error"] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(out))
"""

LIB_OBJECT_PREFIX = {"numpy": "_multiarray_umath", "raptors": "_raptors"}


def repo_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_objects(python: str | None = None) -> dict:
    """-> {'numpy': path, 'raptors': path, 'raptors_error': why, ...}"""
    python = python or sys.executable
    try:
        r = subprocess.run(
            [python, "-c", _PROBE], capture_output=True, text=True, timeout=600, cwd="/"
        )
        out = json.loads(r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else {}
        if not out:
            out = {"raptors_error": r.stderr.strip()[-300:], "numpy_error": r.stderr.strip()[-300:]}
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
        out = {"raptors_error": str(e), "numpy_error": str(e)}
    override = os.environ.get("RAPTORS_SO")
    if override:
        out["raptors"] = override
        out.pop("raptors_error", None)
    if "raptors" not in out:
        # Not importable (e.g. the package fails to import mid-development):
        # fall back to the newest extension built in this checkout.
        cands = glob.glob(os.path.join(repo_root(), "build", "**", "_raptors*.so"), recursive=True)
        cands += glob.glob(os.path.join(repo_root(), "raptors", "_raptors*.so"))
        if cands:
            out["raptors"] = max(cands, key=os.path.getmtime)
            out["raptors_note"] = "not importable; using the newest build in this checkout"
    return out


def object_of(lib: str, objects: list) -> str | None:
    """The library's object among the paths callgrind saw loaded."""
    prefix = LIB_OBJECT_PREFIX[lib]
    for o in objects:
        if os.path.basename(o).startswith(prefix + "."):
            return o
    return None


_EDITABLE = r"""
import json, os, sys
import raptors, raptors._raptors as ext
build = [getattr(f, "_build_path", None) for f in sys.meta_path]
build = [b for b in build if b and os.path.abspath(ext.__file__).startswith(os.path.abspath(b))]
print(json.dumps(dict(pkg=os.path.dirname(os.path.abspath(raptors.__file__)),
                      so=os.path.abspath(ext.__file__), build=build[0] if build else None)))
"""


def freeze_editable(python: str, dest: str) -> dict | None:
    """Snapshot an editable raptors (sources + the built extension) into dest.

    meson-python's editable finder rebuilds on every import. Other people's
    edits landing between the N1- and N2-call runs would then compare two
    different builds, and a rebuild inside a timed run would be measured.
    With the snapshot first on PYTHONPATH and the finder told to skip this
    build (MESONPY_EDITABLE_SKIP), every run of one profile loads the same
    code. -> env additions, or None for regular installs / failures.
    """
    import shutil

    try:
        r = subprocess.run(
            [python, "-c", _EDITABLE], capture_output=True, text=True, timeout=900, cwd="/"
        )
        info = json.loads(r.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    if not info.get("build") or os.path.dirname(info["so"]) == info["pkg"]:
        return None  # a regular install is frozen already
    target = os.path.join(dest, "raptors")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(info["pkg"], target, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    shutil.copy2(info["so"], os.path.join(target, os.path.basename(info["so"])))
    return {"PYTHONPATH": dest, "MESONPY_EDITABLE_SKIP": info["build"], "_so": info["so"]}
