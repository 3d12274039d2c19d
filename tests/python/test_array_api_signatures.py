"""Functions raptors runs through NumPy (linalg, products) show NumPy's signature.

array-api-tests' signature checks (and help/IDEs) read inspect.signature; a bare
(*args, **kwargs) wrapper hid keywords such as tensordot's axes or svd's full_matrices.
"""
import inspect

import numpy as np
import pytest

import raptors as rp

NAMES = [
    ("tensordot", np.tensordot, rp.tensordot),
    ("dot", np.dot, rp.dot),
    ("outer", np.outer, rp.outer),
] + [
    (f"linalg.{n}", getattr(np.linalg, n), getattr(rp.linalg, n))
    for n in ("cholesky", "cross", "diagonal", "matrix_norm", "matrix_rank", "pinv",
              "qr", "svd", "trace", "vector_norm", "tensordot")
]


@pytest.mark.parametrize("name,npf,rpf", NAMES, ids=[n for n, _, _ in NAMES])
def test_signature_is_numpys(name, npf, rpf):
    try:
        expected = inspect.signature(npf)
    except (TypeError, ValueError):
        pytest.skip(f"numpy.{name} has no signature to mirror")
    assert inspect.signature(rpf) == expected


def test_keywords_from_signature_work():
    a = np.arange(24.0).reshape(2, 3, 4)
    b = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(
        np.asarray(rp.tensordot(rp.asarray(a), rp.asarray(b), axes=1)),
        np.tensordot(a, b, axes=1))
    m = np.array([[4.0, 1.0], [1.0, 3.0]])
    np.testing.assert_allclose(
        np.asarray(rp.linalg.svd(rp.asarray(m), full_matrices=False)[1]),
        np.linalg.svd(m, full_matrices=False)[1])
