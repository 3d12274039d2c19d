"""Accuracy of the transcendental functions against NumPy, with the allowed
distance per function and dtype kept as data (ufunc_ulp.json).

`python tests/python/test_ufunc_accuracy.py` prints the measured maxima
(the "measured" table of the JSON file comes from this).
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from ufunc_helpers import FLOAT_SPECIALS, ULP, ulp_distance

import raptors as rp

UNARY_ULP = [n for n in ULP if n not in ("arctan2", "hypot", "logaddexp", "logaddexp2", "power")]
BINARY_ULP = ["arctan2", "hypot", "logaddexp", "logaddexp2", "power"]


def _inputs(dt, n, seed):
    rng = np.random.default_rng(seed)
    sign = rng.choice([-1.0, 1.0], n)
    parts = [rng.uniform(-10, 10, n), rng.uniform(-1, 1, n), rng.uniform(-100, 100, n),
             rng.uniform(-1e5, 1e5, n),
             np.exp(rng.uniform(-700, 700, n)) * sign if dt == np.float64
             else np.exp(rng.uniform(-87, 88, n)) * sign]
    return np.concatenate(parts).astype(dt)


def _binary_args(name, x, y):
    if name == "power":
        return np.abs(x) % 50, y % 40
    return x, y


def measure(n=100_000, seed=0):
    res = {}
    for dt in (np.float32, np.float64):
        x = _inputs(dt, n, seed)
        y = np.random.default_rng(seed + 1).permutation(x)
        with np.errstate(all="ignore"):
            for name in UNARY_ULP:
                d = ulp_distance(getattr(rp, name)(x), getattr(np, name)(x))
                res.setdefault(name, {})[np.dtype(dt).name] = float(d.max())
            for name in BINARY_ULP:
                a, b = _binary_args(name, x, y)
                d = ulp_distance(getattr(rp, name)(a, b), getattr(np, name)(a, b))
                res.setdefault(name, {})[np.dtype(dt).name] = float(d.max())
    return res


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("name", UNARY_ULP + BINARY_ULP)
def test_ulp_bound_random(name, dt):
    x = _inputs(np.dtype(dt).type, 20_000, 3)
    y = np.random.default_rng(4).permutation(x)
    with np.errstate(all="ignore"):
        if name in BINARY_ULP:
            a, b = _binary_args(name, x, y)
            got, want = getattr(rp, name)(a, b), getattr(np, name)(a, b)
        else:
            got, want = getattr(rp, name)(x), getattr(np, name)(x)
    g = np.asarray(got)
    assert g.dtype == want.dtype
    d = ulp_distance(g, want)
    assert d.max() <= ULP[name][dt], (name, dt, d.max(), x[d.argmax()])


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("name", UNARY_ULP)
def test_specials_exact_class(name, dt):
    """On special values (NaN, inf, zeros, subnormals, overflow edges) the
    results agree within the bound, so NaN/inf/zero outcomes match exactly."""
    a = np.array(FLOAT_SPECIALS, dtype=np.float64).astype(dt)
    with np.errstate(all="ignore"):
        g = np.asarray(getattr(rp, name)(a))
        w = getattr(np, name)(a)
    d = ulp_distance(g, w)
    assert d.max() <= ULP[name][dt], (name, a[d > ULP[name][dt]], g[d > ULP[name][dt]])
    assert (np.signbit(g) == np.signbit(w))[~np.isnan(w)].all()


@given(name=st.sampled_from(UNARY_ULP), dt=st.sampled_from(["float32", "float64"]),
       data=st.data())
def test_ulp_bound_hypothesis(name, dt, data):
    a = data.draw(hnp.arrays(dt, st.integers(1, 50),
                             elements=hnp.from_dtype(np.dtype(dt), allow_nan=True)))
    with np.errstate(all="ignore"):
        g = np.asarray(getattr(rp, name)(a))
        w = getattr(np, name)(a)
    assert ulp_distance(g, w).max() <= ULP[name][dt]


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=1)
    print()
