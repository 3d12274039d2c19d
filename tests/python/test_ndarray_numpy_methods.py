"""The ndarray methods and attributes NumPy has beyond raptors' kernels
(raptors/_methods.py): view, tobytes, tofile, dump(s), byteswap, conj,
real/imag, flat, data, ctypes, setflags, `in`, complex(), ndarray[...],
and asarray(order=), compared with NumPy."""

import io
import pickle

import numpy as np
import pytest

import raptors as rp

LAYOUTS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "T": lambda a: a.T,
    "neg": lambda a: a[::-1, ::-2],
}


def _pair(dtype, layout):
    a = LAYOUTS[layout]((np.arange(24) % 7 - 2).reshape(4, 6).astype(dtype))
    return a, rp.asarray(a)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int32", "int64", "float32",
                                   "float64"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_bytes_views_and_swaps(dtype, layout):
    a, x = _pair(dtype, layout)
    for order in ("C", "F", "A"):
        assert x.tobytes(order) == a.tobytes(order)
    for target in ("int8", "uint8", "int16", "float32", "int64", "float64"):
        try:
            theirs = a.view(target)
        except ValueError:
            with pytest.raises(ValueError):
                x.view(target)
            continue
        ours = x.view(target)
        assert isinstance(ours, rp.ndarray) and ours.shape == theirs.shape
        np.testing.assert_array_equal(np.asarray(ours), theirs)
        assert np.shares_memory(np.asarray(ours), np.asarray(x))
    v = x.view()
    assert isinstance(v, rp.ndarray) and v is not x and np.shares_memory(np.asarray(v), a)
    assert type(x.view(type=np.ndarray)) is np.ndarray
    swapped = x.byteswap()
    np.testing.assert_array_equal(np.asarray(swapped), a.byteswap())
    assert isinstance(swapped, rp.ndarray) and not np.shares_memory(np.asarray(swapped), a)
    y, b = x.copy(), a.copy()
    assert y.byteswap(inplace=True) is y
    np.testing.assert_array_equal(np.asarray(y), b.byteswap(inplace=True))
    assert pickle.loads(x.dumps()).tolist() == a.tolist()


def test_view_writes_through_and_keeps_read_only():
    a = np.zeros(4)
    x = rp.asarray(a)
    x.view(np.int64)[1] = 1
    assert a.view(np.int64)[1] == 1
    x.flags.writeable = False
    with pytest.raises(ValueError):
        x.view(np.int64)[0] = 1


def test_tofile_and_dump(tmp_path):
    a, x = _pair("float64", "T")
    x.tofile(tmp_path / "x.bin")
    np.testing.assert_array_equal(np.fromfile(tmp_path / "x.bin"), a.ravel())
    x.tofile(tmp_path / "x.txt", sep=",")
    a.tofile(tmp_path / "y.txt", sep=",")
    assert (tmp_path / "x.txt").read_text() == (tmp_path / "y.txt").read_text()
    x.dump(tmp_path / "x.pkl")
    with open(tmp_path / "x.pkl", "rb") as f:
        back = pickle.load(f)
    assert isinstance(back, rp.ndarray) and back.tolist() == a.tolist()
    f = io.BytesIO()
    x.dump(f)
    assert pickle.loads(f.getvalue()).tolist() == a.tolist()


@pytest.mark.parametrize("dtype", ["bool", "int16", "float32"])
def test_complex_accessors_of_real_arrays(dtype):
    a, x = _pair(dtype, "T")
    assert x.conj() is x and x.conjugate() is x and a.conj() is a
    assert x.real is x and a.real is a
    im, their_im = x.imag, a.imag
    assert im.dtype == their_im.dtype and im.shape == their_im.shape
    assert not im.flags.writeable and not their_im.flags.writeable
    np.testing.assert_array_equal(np.asarray(im), their_im)
    with pytest.raises(TypeError):
        x.imag = 1
    y, b = x.copy(), a.copy()
    y.real = 1
    b.real = 1
    np.testing.assert_array_equal(np.asarray(y), b)


def test_flat_data_ctypes():
    a, x = _pair("int32", "neg")
    assert list(x.flat) == list(a.flat) and x.flat[5] == a.flat[5]
    y, b = x.copy(), a.copy()
    y.flat[[0, 3, 4]] = 9
    b.flat[[0, 3, 4]] = 9
    np.testing.assert_array_equal(np.asarray(y), b)
    y.flat = 5
    assert (np.asarray(y) == 5).all()
    c, z = _pair("float64", "C")
    assert bytes(z.data) == c.tobytes() and z.ctypes.data == c.ctypes.data


def test_setflags_contains_complex_and_generic_alias():
    a, x = _pair("float64", "C")
    x.setflags(write=False)
    assert not x.flags.writeable
    with pytest.raises(ValueError):
        x[0, 0] = 1
    with pytest.raises(ValueError):
        x.setflags(uic=True)
    for v in (3.0, 99.0, -2, np.nan):
        assert (v in x) == (v in a)
    assert ([0.0, 1.0] in rp.asarray([[0.0, 1.0], [2.0, 3.0]])) == \
        ([0.0, 1.0] in np.asarray([[0.0, 1.0], [2.0, 3.0]]))
    assert complex(x[1, 2]) == complex(a[1, 2])
    assert rp.ndarray[int].__origin__ is rp.ndarray


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("order", ["C", "F", "A", "K", "c", "f", None])
def test_asarray_order(layout, order):
    a, x = _pair("float32", layout)
    for src in (a, x):
        ours, theirs = rp.asarray(src, order=order), np.asarray(a, order=order)
        assert ours.flags.c_contiguous == theirs.flags.c_contiguous
        assert ours.flags.f_contiguous == theirs.flags.f_contiguous
        np.testing.assert_array_equal(np.asarray(ours), theirs)
        shared = np.shares_memory(np.asarray(ours), a)
        assert shared == np.shares_memory(theirs, a)
        if not shared:
            with pytest.raises(ValueError):
                rp.asarray(src, order=order, copy=False)
    with pytest.raises(ValueError, match="order must be one of"):
        rp.asarray(a, order="Q")
