"""Reductions with out= and dtype=: the loop dtype NumPy uses, the dtypes it
accepts, and its results, for every (input, out/dtype) pair; axis= quirks
of 0-d arrays. Every expectation is NumPy's own answer."""
import builtins
import warnings

import numpy as np
import pytest

import raptors as rp


@pytest.fixture(autouse=True)
def _numpy_errors_quiet():
    """(Overrides conftest's errstate(all='ignore'): NumPy's defaults here,
    the reports are what these tests compare.)"""
    with np.errstate(divide="warn", over="warn", under="ignore", invalid="warn"):
        yield

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64"]
FUNCS = ["sum", "prod", "min", "max", "any", "all", "mean", "var", "std", "argmin", "argmax",
         "cumsum", "cumprod"]


def sample(dt, shape=(3,)):
    """Values that tell the loop dtypes apart: negatives that wrap in
    unsigned outputs, fractions that truncate in integer ones."""
    n = int(np.prod(shape))
    if dt == "bool":
        base = np.array([True, False, True, True])
    elif dt[0] == "u":
        base = np.array([3, 0, 200, 7])
    elif dt[0] == "i":
        base = np.array([-3, 0, 100, 5])
    else:
        base = np.array([1.5, -2.5, 0.25, 3.75])
    return np.resize(base, n).reshape(shape).astype(dt)


def builtin_class(e):
    """The exception's first builtin class (NumPy's UFuncTypeError is a
    TypeError, its AxisError a ValueError and an IndexError)."""
    for c in type(e).__mro__:
        if getattr(builtins, c.__name__, None) is c:
            return c.__name__
    return type(e).__name__


def outcome(fn, out=None):
    """('ok', dtype, values) or ('raise', builtin class, message)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = fn()
        except Exception as e:  # noqa: BLE001 - the class is the result
            return ("raise", builtin_class(e))
    r = np.asarray(r if out is None else out)
    return ("ok", r.dtype, r.tolist())


def same(want, got):
    if want[:2] != got[:2] or want[0] != "ok":
        return want == got
    a, b = np.asarray(want[2], dtype=float), np.asarray(got[2], dtype=float)
    # var/std's sums are not NumPy's order (README deviations): 1e-6
    return np.allclose(a, b, rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("idt", DTYPES)
def test_out_of_every_dtype(fn, idt):
    a = sample(idt)
    shape = (3,) if fn.startswith("cum") else ()
    for odt in DTYPES:
        no, ro = np.zeros(shape, odt), rp.asarray(np.zeros(shape, odt))
        want = outcome(lambda: getattr(np, fn)(a, out=no), no)
        got = outcome(lambda: getattr(rp, fn)(rp.asarray(a), out=ro), ro)
        assert same(want, got), (fn, idt, odt, want, got)


@pytest.mark.parametrize("fn", ["sum", "prod", "mean", "var", "std", "cumsum", "cumprod"])
@pytest.mark.parametrize("idt", DTYPES)
def test_dtype_of_every_kind(fn, idt):
    a = sample(idt)
    for dt in DTYPES:
        want = outcome(lambda: getattr(np, fn)(a, dtype=dt))
        got = outcome(lambda: getattr(rp, fn)(rp.asarray(a), dtype=dt))
        assert same(want, got), (fn, idt, dt, want, got)


@pytest.mark.parametrize("fn", ["min", "max"])
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_min_max_into_other_dtype_along_axes(fn, axis, keepdims):
    """NumPy copies the first element along the reduced axes into out (cast)
    and combines the rest with it in the loop dtype."""
    for idt, odt in [("int8", "uint8"), ("int16", "bool"), ("float64", "uint8"),
                     ("float64", "int8"), ("int64", "uint64"), ("int32", "float32")]:
        x = sample(idt, (3, 4))
        shape = np.asarray(np.max(x, axis=axis, keepdims=keepdims)).shape
        no, ro = np.zeros(shape, odt), rp.asarray(np.zeros(shape, odt))
        want = outcome(lambda: getattr(np, fn)(x, axis=axis, keepdims=keepdims, out=no), no)
        got = outcome(lambda: getattr(rp, fn)(rp.asarray(x), axis=axis, keepdims=keepdims,
                                              out=ro), ro)
        assert same(want, got), (idt, odt, want, got)


def test_min_max_into_other_dtype_reports_the_cast():
    # float64 -> uint64 through the float64 loop: the out-of-range write back
    x = np.array([1.5, -2.5, 0.25])
    no, ro = np.zeros((), "uint64"), rp.asarray(np.zeros((), "uint64"))
    with warnings.catch_warnings(record=True) as w1:
        warnings.simplefilter("always")
        np.min(x, out=no)
    with warnings.catch_warnings(record=True) as w2:
        warnings.simplefilter("always")
        rp.min(rp.asarray(x), out=ro)
    assert [str(m.message) for m in w1] == [str(m.message) for m in w2]
    assert np.asarray(ro).tolist() == no.tolist()


def test_argmax_out_message():
    a = np.array([1, 2])
    for dt in ["float64", "uint64"]:
        with pytest.raises(TypeError) as e1:
            np.argmax(a, out=np.zeros((), dt))
        with pytest.raises(TypeError) as e2:
            rp.argmax(rp.asarray(a), out=rp.asarray(np.zeros((), dt)))
        assert str(e1.value) == str(e2.value)


def test_std_into_int_out_is_a_casting_error():
    a = np.array([1.0, 2.0])
    with pytest.raises(TypeError) as e1:
        np.std(a, out=np.zeros((), "int32"))
    with pytest.raises(TypeError) as e2:
        rp.std(rp.asarray(a), out=rp.asarray(np.zeros((), "int32")))
    assert str(e1.value) == str(e2.value)


def test_mean_into_narrow_out_wraps_the_sum_first():
    a = np.array([3, 0, 200], "uint8")
    no, ro = np.zeros((), "int8"), rp.asarray(np.zeros((), "int8"))
    np.mean(a, out=no)
    rp.mean(rp.asarray(a), out=ro)
    assert np.asarray(ro).tolist() == no.tolist()


@pytest.mark.parametrize("fn", FUNCS + ["count_nonzero"])
@pytest.mark.parametrize("axis", [0, -1, 1, (0,), (), True, 1.0, None])
@pytest.mark.parametrize("ndim", [0, 1])
def test_axis_quirks(fn, axis, ndim):
    """0-d arrays take axis=0/-1 (not (0,)) in the ufunc reductions,
    argmin/argmax and cumsum/cumprod; a bool axis is a TypeError."""
    x = np.array(3.0) if ndim == 0 else np.array([3.0, 1.0])

    def run(mod, arr):
        try:
            return ("ok", np.asarray(getattr(mod, fn)(arr, axis=axis)).tolist())
        except Exception as e:  # noqa: BLE001
            return ("raise", builtin_class(e), str(e))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert run(rp, rp.asarray(x)) == run(np, x)



@pytest.mark.parametrize("fn", ["mean", "var", "std", "sum"])
@pytest.mark.parametrize("axis", [True, False, (0, True), (True, 5), (0, 0, True), (0, 0, 5),
                                  (1, 1), (np.False_,)])
@pytest.mark.parametrize("shape", [(2, 3), (2, 0), (2,)])
def test_bool_axis_of_moments(fn, axis, shape):
    """mean/var/std count the elements first (True is axis 1: an AxisError
    when out of bounds), then their sum refuses a bool axis, then
    duplicates; an empty bool array raises before any divide warning."""
    x = np.ones(shape, bool)

    def run(mod, arr):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                r = ("ok", np.asarray(getattr(mod, fn)(arr, axis=axis)).tolist())
            except Exception as e:  # noqa: BLE001
                r = ("raise", builtin_class(e), str(e))
        return r, [str(m.message) for m in w]

    assert run(rp, rp.asarray(x)) == run(np, x)


@pytest.mark.parametrize("errstate", ["ignore", "warn", "raise", "call"])
@pytest.mark.parametrize("axis", [None, (0, 2)])
@pytest.mark.parametrize("dt", ["int16", "float64"])
def test_mean_of_empty_divides_under_errstate(errstate, axis, dt):
    """mean's 0/0 of an empty slice is reported as NumPy's divide under
    the errstate in force (nothing under 'ignore')."""
    x = np.zeros((5, 4, 0), dt)

    def run(mod, arr):
        calls = []
        with warnings.catch_warnings(record=True) as w, \
                np.errstate(all=errstate, call=lambda *a: calls.append(a[0])):
            warnings.simplefilter("always")
            try:
                r = ("ok", repr(np.asarray(mod.mean(arr, axis=axis)).tolist()))
            except Exception as e:  # noqa: BLE001
                r = ("raise", builtin_class(e), str(e))
        return r, [str(m.message) for m in w], calls

    assert run(rp, rp.asarray(x)) == run(np, x)

def test_sum_into_out_uses_numpys_loop_dtype():
    """sum/prod/cumsum into an out= with no dtype= run in the op's loop for
    (out, input): float32 into float64 accumulates in float64, int64 into
    float32 too (not in int64, which would wrap)."""
    x = (np.random.default_rng(0).random(100000) * 1000).astype(np.float32)
    big = np.arange(100000, dtype=np.int64) * 10 ** 13
    # (float into an integer out= is left out: NumPy truncates into out at
    # every 8192-element buffer, README "Deviations")
    for a, odt in [(x, "float64"), (big, "float32"), (big, "float64")]:
        for fn in ("sum", "cumsum"):
            shape = a.shape if fn == "cumsum" else ()
            no, ro = np.zeros(shape, odt), rp.asarray(np.zeros(shape, odt))
            getattr(np, fn)(a, out=no)
            getattr(rp, fn)(rp.asarray(a), out=ro)
            # a float32 accumulation would be ~1e-7 off; float64 orders agree to 1e-12
            tol = 1e-12 if a is x else 1e-6
            assert np.allclose(np.asarray(ro), no, rtol=tol, atol=0), (fn, a.dtype, odt)
    p = np.full(40, 3.0, np.float32)
    no, ro = np.zeros((), "float64"), rp.asarray(np.zeros((), "float64"))
    np.prod(p, out=no)
    rp.prod(rp.asarray(p), out=ro)
    assert np.asarray(ro).tobytes() == no.tobytes()


@pytest.mark.parametrize("fn", ["sum", "prod", "cumsum", "cumprod"])
@pytest.mark.parametrize("idt", ["int8", "int16", "uint8", "int32"])
def test_integer_loop_into_bool_out_wraps_in_the_loop_dtype(fn, idt):
    """An integer sum/product into a bool out= is computed in the op's loop
    for (bool, input), the input's dtype: a product that wraps to 0 there
    is False (raptors' int64 accumulation kept it nonzero)."""
    a = np.array([[3, 3, 2, 5, -128 if idt[0] == "i" else 128], [2, 64, 4, 64, 2],
                  [-1 if idt[0] == "i" else 255, 1, 0, 1, 1]], dtype=idt)
    shape = a.shape if fn.startswith("cum") else (3,)
    want, got = np.zeros(shape, bool), rp.asarray(np.zeros(shape, bool))
    kw = {"axis": 1}
    assert outcome(lambda: getattr(rp, fn)(rp.asarray(a), out=got, **kw), got) == \
        outcome(lambda: getattr(np, fn)(a, out=want, **kw), want)


@pytest.mark.parametrize("fn", ["var", "std"])
def test_moment_steps_report_the_square(fn):
    """var/std into an out= of another dtype square the deviations with
    NumPy's square, so an overflow there says 'in square'."""
    a = np.array([1e200, -1e200, 3.0])
    def run(xp):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = getattr(xp, fn)(xp.asarray(a), out=xp.asarray(np.zeros((), "float32")))
        return np.asarray(r).tolist(), sorted(str(w.message) for w in caught)
    assert run(rp) == run(np)


@pytest.mark.parametrize("fn", ["var", "std"])
@pytest.mark.parametrize("a, kw", [
    # int32 - float32 deviations are float64 in NumPy: not 0 after rounding
    (np.array([[37501944, -1289340424, 1466933892]], "int32"), {"axis": 0, "ddof": 5}),
    (np.array([[3, 2**31 - 1, 7]], "uint32"), {"axis": 0, "ddof": 1}),
    (np.array([[3, 2**40 + 1, 7]], "int64"), {"axis": 1}),
    (np.array(2705614808, "uint32"), {"axis": None, "ddof": 2}),   # scalar / NumPy count
    (np.array([[-3, 100, 7]], "int16"), {"axis": 0, "ddof": 1}),
])
def test_moments_of_integers_in_float32_as_numpy(fn, a, kw):
    def run(xp):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = getattr(xp, fn)(xp.asarray(a), dtype="float32", **kw)
        return (np.asarray(r).tolist(), np.asarray(r).dtype.str, type(r).__name__,
                sorted(str(w.message) for w in caught))
    want = run(np)
    got = run(rp)
    assert got[1:] == want[1:]
    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
