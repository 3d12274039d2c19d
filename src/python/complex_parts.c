/*
 * The parts of an array as NumPy exposes them: .real and .imag are views of
 * a complex array's parts (float32 for complex64, float64 for complex128,
 * the complex strides kept, the imaginary part one float further on), and
 * np.round of a complex array rounds each part on those views
 * (PyArray_Round does the same).
 */
#include "ufunc_call.h"

static bool is_complex(rp_dtype dt) { return dt == RP_COMPLEX64 || dt == RP_COMPLEX128; }

static PyObject *part_view(RpArrayObject *a, int imag)
{
    const rp_dtype part = a->a.dtype == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
    char *data = a->a.data + (imag ? rp_dtype_size(part) : 0);
    return (PyObject *)rp_py_view(a, data, a->a.ndim, a->a.shape, a->a.strides, part);
}

PyObject *rp_part_get_real(PyObject *self, void *c)
{
    (void)c;
    RpArrayObject *a = (RpArrayObject *)self;
    return is_complex(a->a.dtype) ? part_view(a, 0) : Py_NewRef(self);
}

PyObject *rp_part_get_imag(PyObject *self, void *c)
{
    (void)c;
    RpArrayObject *a = (RpArrayObject *)self;
    if (is_complex(a->a.dtype))
        return part_view(a, 1);
    /* NumPy's imag of a real array: read-only zeros of its dtype */
    RpArrayObject *z = rp_py_new(a->a.dtype, a->a.ndim, a->a.shape, 'C', 1);
    if (z)
        z->flags &= ~RP_F_WRITEABLE;
    return (PyObject *)z;
}

static int set_part(PyObject *self, PyObject *value, int imag)
{
    if (!value) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete array attribute");
        return -1;
    }
    RpArrayObject *a = (RpArrayObject *)self;
    if (imag && !is_complex(a->a.dtype)) {
        PyErr_SetString(PyExc_TypeError, "array does not have imaginary part to set");
        return -1;
    }
    PyObject *v = is_complex(a->a.dtype) ? part_view(a, imag) : Py_NewRef(self);
    int r = v ? PyObject_SetItem(v, Py_Ellipsis, value) : -1;
    Py_XDECREF(v);
    return r;
}

int rp_part_set_real(PyObject *self, PyObject *value, void *c)
{
    (void)c;
    return set_part(self, value, 0);
}

int rp_part_set_imag(PyObject *self, PyObject *value, void *c)
{
    (void)c;
    return set_part(self, value, 1);
}


/* round(a, decimals, out) of a complex a: each part rounded as its float
 * dtype's round into the parts of a new array, then placed into out. */
PyObject *rp_round_complex(RpArrayObject *a, const call_opts *o)
{
    RpArrayObject *r = rp_py_new_like(a, a->a.dtype);
    if (!r)
        return NULL;
    for (int imag = 0; imag < 2; imag++) {
        PyObject *src = part_view(a, imag), *dst = src ? part_view(r, imag) : NULL;
        call_opts po = *o;
        po.out = dst;
        PyObject *res = dst ? rp_round_apply(src, &po) : NULL;
        Py_XDECREF(src);
        Py_XDECREF(dst);
        if (!res) {
            Py_DECREF(r);
            return NULL;
        }
        Py_DECREF(res);
    }
    if (!o->out) {
        if (r->a.ndim)
            return (PyObject *)r;
        PyObject *empty = PyTuple_New(0), *s = empty ? PyObject_GetItem((PyObject *)r, empty) : NULL;
        Py_XDECREF(empty);
        Py_DECREF(r);
        return s;
    }
    int st = PyObject_SetItem(o->out, Py_Ellipsis, (PyObject *)r);
    Py_DECREF(r);
    return st < 0 ? NULL : Py_NewRef(o->out);
}
