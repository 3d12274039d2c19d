"""NumPy's public names raptors does not implement are served through NumPy
(raptors/_numpy_names.py): code written for NumPy runs with ``import raptors
as np``, results compared with NumPy's and returned as raptors arrays."""

import pickle
import warnings

import numpy as np
import pytest

import raptors as rp

A = np.arange(24.0).reshape(4, 6) / 7
I = np.arange(12).reshape(3, 4)

# (expression, names it reaches through NumPy); `m` is numpy or raptors,
# A and I are NumPy arrays or their raptors views.
CALLS = [
    ("m.polyfit(A[0], 3 * A[0] + 1, 1)", "polyfit"),
    ("m.polyval(A[0], A[1])", "polyval"),
    ("m.interp(A[0] + 0.05, A[0], A[1] ** 2)", "interp"),
    ("m.convolve(A[0], A[1])", "convolve"),
    ("m.correlate(A[0], A[1], 'full')", "correlate"),
    ("m.gradient(A, axis=1)", "gradient"),
    ("m.trapezoid(A, axis=0)", "trapezoid"),
    ("m.ediff1d(A)", "ediff1d"),
    ("m.logspace(0, 1, 5)", "logspace"),
    ("m.geomspace(1, 8, 4, dtype=m.float32)", "geomspace"),
    ("m.identity(3, dtype=m.int8)", "identity"),
    ("m.vander(A[0], 3)", "vander"),
    ("m.fromfunction(lambda i, j: i + 2 * j, (2, 3))", "fromfunction"),
    ("m.ascontiguousarray(A.T)", "ascontiguousarray"),
    ("m.asfortranarray(A)", "asfortranarray"),
    ("m.frombuffer(bytes(range(16)), dtype=m.int32)", "frombuffer"),
    ("m.fromiter(range(5), dtype=m.int64)", "fromiter"),
    ("m.unravel_index(m.asarray([7, 11]), (3, 4))", "unravel_index"),
    ("m.ravel_multi_index((m.asarray([1, 2]), m.asarray([2, 0])), (3, 4))", "ravel_multi_index"),
    ("m.lexsort((A[0], A[1]))", "lexsort"),
    ("m.resize(A, (3, 3))", "resize"),
    ("m.trim_zeros(m.asarray([0.0, 1, 0]))", "trim_zeros"),
    ("m.diagflat(A[0])", "diagflat"),
    ("m.block([[A, A], [A, A]])", "block"),
    ("m.apply_along_axis(lambda r: r.max() - r.min(), 1, A)", "apply_along_axis"),
    ("m.piecewise(A, [A < 1, A >= 1], [0, 1])", "piecewise"),
    ("m.nan_to_num(m.log(A - 1))", "nan_to_num"),
    ("m.sinc(A)", "sinc"),
    ("m.unwrap(A[0] * 3)", "unwrap"),
    ("m.packbits(I > 4, axis=1)", "packbits"),
    ("m.gcd(I, 4)", "gcd"),
    ("m.lcm.reduce(I + 1, axis=0)", "lcm"),
    ("m.ldexp(A, I[:1, :1])", "ldexp"),
    ("m.frexp(A)", "frexp"),
    ("m.modf(A)", "modf"),
    ("m.heaviside(A - 1, 0.5)", "heaviside"),
    ("m.float_power(I, 2)", "float_power"),
    ("m.divmod(I, 5)", "divmod"),
    ("m.fabs(-A)", "fabs"),
    ("m.spacing(A)", "spacing"),
    ("m.mgrid[0:3, 0:2]", "mgrid"),
    ("m.ogrid[0:3, 0:2]", "ogrid"),
    ("m.r_[A[0], A[1], 7]", "r_"),
    ("m.c_[A[0], A[1]]", "c_"),
    ("m.ix_(m.asarray([0, 1]), m.asarray([2, 3]))", "ix_"),
    ("m.issubdtype(A.dtype, m.floating)", "floating"),
    ("m.issubdtype(I.dtype, m.integer)", "integer"),
    ("m.isscalar(A)", "isscalar"),
    ("m.shares_memory(A, A[1:])", "shares_memory"),
    ("m.iscomplexobj(A)", "iscomplexobj"),
]


def _check(ours, theirs):
    if isinstance(theirs, (tuple, list)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            _check(o, t)
        return
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, rp.ndarray), type(ours)
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert ours.flags.f_contiguous == theirs.flags.f_contiguous
        np.testing.assert_array_equal(np.asarray(ours), theirs)
    else:
        assert type(ours) is type(theirs) and ours == theirs


@pytest.mark.parametrize("expr,name", CALLS)
def test_served_through_numpy(expr, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        theirs = eval(expr, {"m": np, "A": A, "I": I})
        ours = eval(expr, {"m": rp, "A": rp.asarray(A), "I": rp.asarray(I)})
    _check(ours, theirs)
    assert name in rp.numpy_fallbacks()


def test_out_is_returned_and_written():
    x, out = rp.asarray(A), rp.empty((4, 6))
    assert rp.fabs(-x, out=out) is out
    np.testing.assert_array_equal(np.asarray(out), A)
    nout = np.empty((4, 6))
    assert rp.fabs(-x, out=nout) is nout


def test_native_names_are_not_served_by_numpy():
    # what raptors implements is found before the fallback
    for name in ("sum", "sort", "take", "where", "matmul", "add", "concatenate", "pad"):
        getattr(rp, name)
        assert name not in rp.numpy_fallbacks()
    # and NumPy's dispatch on raptors arrays does not loop back into the fallback
    x = rp.asarray(A[0])
    _check(np.polyfit(x, 2 * x, 1), np.polyfit(A[0], 2 * A[0], 1))


def test_ufunc_fallbacks_keep_ufunc_attributes():
    assert rp.gcd.nin == 2 and rp.gcd.identity == 0 and repr(rp.gcd) == repr(np.gcd)
    _check(rp.gcd.outer(rp.asarray(I[0]), rp.asarray(I[1])), np.gcd.outer(I[0], I[1]))
    y = rp.asarray(I[0]).copy()
    rp.lcm.at(y, [0, 1, 1], 3)
    z = I[0].copy()
    np.lcm.at(z, [0, 1, 1], 3)
    _check(y, z)


def test_modules_classes_and_constants():
    assert rp.random is np.random and rp.polynomial is np.polynomial
    assert rp.vectorize is np.vectorize and rp.euler_gamma == np.euler_gamma
    assert rp.floating is np.floating and rp.int_ is np.int_ and rp.intp is np.intp
    assert rp.s_[1:2] == np.s_[1:2]


@pytest.mark.parametrize("name", ["clongdouble", "complex256", "datetime64", "object_", "str_",
                                  "longdouble", "core", "lib", "_core", "not_a_numpy_name"])
def test_names_raptors_cannot_serve_stay_missing(name):
    assert not hasattr(rp, name)
    with pytest.raises(AttributeError):
        getattr(rp, name)


def test_fallbacks_pickle_by_name():
    for fn in (rp.polyfit, rp.gcd):
        assert pickle.loads(pickle.dumps(fn)) is fn


@pytest.mark.parametrize("mode,kw", [("maximum", {}), ("minimum", {"stat_length": 2}),
                                     ("mean", {}), ("median", {"stat_length": (1, 3)}),
                                     ("linear_ramp", {"end_values": (5, -1)}),
                                     ("reflect", {"reflect_type": "odd"}),
                                     ("symmetric", {"reflect_type": "odd"})])
def test_pad_modes_through_numpy(mode, kw):
    ours = rp.pad(rp.asarray(A), ((1, 2), (3, 0)), mode=mode, **kw)
    _check(ours, np.pad(A, ((1, 2), (3, 0)), mode=mode, **kw))


def test_pad_with_a_function():
    def fill(vector, width, axis, kwargs):
        vector[:width[0]] = -7
        vector[vector.size - width[1]:] = kwargs.get("v", 7)

    _check(rp.pad(rp.asarray(I), 2, fill, v=3), np.pad(I, 2, fill, v=3))
