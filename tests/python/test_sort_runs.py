"""Stable sort and argsort of rows made of a few runs (src/core/sort_runs.c):
ascending runs, non-increasing runs with ties (reversed, equal keys kept in
their order), NaN and signed-zero runs, compared with NumPy's stable sort
byte for byte (zeros' signs included), for every dtype, 2-D rows, F-order
and strided inputs, and 1 and 2 threads giving the same bytes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import raptors as rp
from strategies import DTYPE_NAMES
from test_sort import same, special_array


def _runs(a, k, rng, down_every=2):
    """a cut into k pieces, each sorted, every down_every-th one reversed
    (non-increasing, its ties in reversed order of arrival)."""
    if len(a) == 0:
        return a.copy()
    parts = np.array_split(a, k)
    out = []
    for i, p in enumerate(parts):
        s = np.sort(p, kind="stable")
        out.append(s[::-1] if down_every and i % down_every == (rng.integers(0, 2)) else s)
    return np.concatenate(out)


def run_cases(dtype, n, seed):
    rng = np.random.default_rng(seed)
    a = special_array(dtype, n, seed)
    few = special_array(dtype, n, seed + 1, few=True)
    cases = [np.sort(few)[::-1].copy(),  # non-increasing with ties: one run
             np.sort(a)[::-1].copy()]
    for k in (2, 3, 5, 16, 17):
        cases.append(_runs(a, k, rng))
        cases.append(_runs(few, k, rng))
        cases.append(_runs(few, k, rng, down_every=0))
    if n > 4:
        t = np.sort(few)
        t = np.concatenate([t, t[: n // 3][::-1]])[:n]  # sorted, then a reversed tail
        cases.append(t)
    return cases


def check(a):
    x = rp.asarray(a)
    same(rp.sort(x, kind="stable"), np.sort(a, kind="stable"))
    same(rp.argsort(x, kind="stable"), np.argsort(a, kind="stable"))
    same(rp.argsort(x), np.argsort(a, kind="stable"))  # argsort is always stable here
    same(rp.sort(x), np.sort(a), signs=False)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("n", [0, 1, 2, 63, 64, 65, 300, 1000, 5000])
def test_runs_match_numpy(dtype, n):
    if np.dtype(dtype).kind == "c":
        pytest.skip("complex: NumPy's sort on the lanes")
    for a in run_cases(dtype, n, n + 11):
        check(a)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint16", "int8"])
def test_runs_two_d_layouts(dtype):
    rng = np.random.default_rng(5)
    rows = [c[:400] for c in run_cases(dtype, 400, 3) if len(c) >= 400][:6]
    b = np.stack(rows)
    for v in (b, np.asfortranarray(b), b[:, ::2], b[::-1, ::-3], b.T.copy().T):
        for axis in (-1, 0):
            x = rp.asarray(v)
            same(rp.sort(x, axis=axis, kind="stable"), np.sort(v, axis=axis, kind="stable"))
            same(rp.argsort(x, axis=axis, kind="stable"),
                 np.argsort(v, axis=axis, kind="stable"))
    e = np.zeros((3, 0), dtype)
    same(rp.argsort(rp.asarray(e), kind="stable"), np.argsort(e, kind="stable"))
    del rng


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint8"])
def test_runs_long_rows_same_bytes_for_1_and_2_threads(dtype):
    """Long rows: runs merged over the pool along merge paths."""
    n = (1 << 18) + 5
    for a in run_cases(dtype, n, 21)[:9]:
        got = []
        for threads in (1, 2):
            with rp.num_threads(threads):
                x = rp.asarray(a)
                s, i = rp.sort(x, kind="stable"), rp.argsort(x, kind="stable")
                same(s, np.sort(a, kind="stable"))
                same(i, np.argsort(a, kind="stable"))
                got.append((np.asarray(s).tobytes(), np.asarray(i).tobytes()))
        assert got[0] == got[1]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_runs_hypothesis(data):
    dtype = data.draw(st.sampled_from(["float64", "float32", "int64", "int16", "uint32"]))
    n = data.draw(st.integers(0, 3000))
    k = data.draw(st.integers(1, 20))
    seed = data.draw(st.integers(0, 2**16))
    few = data.draw(st.booleans())
    a = special_array(dtype, n, seed, few=few)
    check(_runs(a, k, np.random.default_rng(seed)))


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint16", "int8",
                                   "bool", "float16"])
def test_ordered_rows_sorted_from_the_source(dtype):
    """A C-contiguous input is sorted from where it lies (src/core/sort.c:
    ordered_into): an ascending row copied, a strictly descending one copied
    reversed, the argsort without copying values; anything else (ties in a
    descending row, -0.0 before +0.0) still sorted. The input is unchanged,
    and 1 and 2 threads (a long row split over the pool) agree."""
    rng = np.random.default_rng(7)
    for n in (0, 1, 2, 300, (1 << 17) + 3):
        a = special_array(dtype, n, n + 3)
        up = np.sort(a, kind="stable")
        rows = [up, up[::-1].copy(), np.unique(a)[::-1].copy(), rng.permutation(a)]
        if a.dtype.kind == "f" and n > 4:
            z = np.unique(a)[::-1].copy()
            k = len(z) // 2
            z[k], z[k + 1] = -0.0, 0.0  # not strictly descending: -0.0 == +0.0
            rows.append(z)
        if n <= 300:  # rows of different orders in one 2-D array
            m = min(len(r) for r in rows)
            rows.append(np.stack([r[:m] for r in rows]))
        for v in rows:
            before = v.copy()
            got = []
            for threads in (1, 2):
                with rp.num_threads(threads):
                    x = rp.asarray(v)
                    s, i = rp.sort(x, kind="stable"), rp.argsort(x)
                    same(s, np.sort(v, kind="stable"))
                    same(i, np.argsort(v, kind="stable"))
                    # (NumPy 2.4's default float16 sort misplaces -inf here:
                    # the values of any sort are the stable sort's)
                    same(rp.sort(x), np.sort(v, kind="stable"), signs=False)
                    assert np.asarray(x).tobytes() == before.tobytes()
                    got.append((np.asarray(s).tobytes(), np.asarray(i).tobytes()))
            assert got[0] == got[1]
