/* Module-level creation and conversion entry points of the ndarray type
 * (empty, zeros, the asarray hooks); the type itself is ndarray.c. */
#include "pyraptors.h"

#include <string.h>

static PyObject *create(PyObject *args, PyObject *kwds, int zero, const char *fname)
{
    /* zeros(n) / empty(n): float64, C order, without the argument parser */
    if ((!kwds || PyDict_GET_SIZE(kwds) == 0) && PyTuple_GET_SIZE(args) == 1 &&
        PyLong_CheckExact(PyTuple_GET_ITEM(args, 0))) {
        rp_intp n = PyLong_AsSsize_t(PyTuple_GET_ITEM(args, 0));
        if (n >= 0)
            return (PyObject *)rp_py_new(RP_FLOAT64, 1, &n, 'C', zero);
        PyErr_Clear(); /* negative or too big: the general path's errors */
    }
    static char *kwlist[] = {"shape", "dtype", "order", "device", "like", NULL};
    PyObject *shape_obj, *dtype_obj = Py_None, *order_obj = NULL, *device = NULL, *like = NULL;
    char fmt[32];
    snprintf(fmt, sizeof fmt, "O|OO$OO:%s", fname);
    int ndim;
    rp_intp shape[RP_MAXDIMS];
    rp_dtype dt;
    char order = 'C';
    if (!PyArg_ParseTupleAndKeywords(args, kwds, fmt, kwlist, &shape_obj, &dtype_obj, &order_obj,
                                     &device, &like) ||
        rp_py_parse_shape(shape_obj, &ndim, shape) < 0 || rp_py_dtype_from_obj(dtype_obj, &dt) < 0 ||
        rp_py_parse_order(order_obj, &order, "CF") < 0)
        return NULL;
    return (PyObject *)rp_py_new(dt, ndim, shape, order, zero);
}

static PyObject *mod_empty(PyObject *m, PyObject *args, PyObject *kwds)
{
    return create(args, kwds, 0, "empty");
}
static PyObject *mod_zeros(PyObject *m, PyObject *args, PyObject *kwds)
{
    return create(args, kwds, 1, "zeros");
}

static PyObject *mod_asarray_c(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "_asarray(obj, dtype=None)");
        return NULL;
    }
    rp_dtype dt;
    int d = -1;
    if (nargs == 2 && args[1] != Py_None) {
        if (rp_py_dtype_from_obj(args[1], &dt) < 0)
            return NULL;
        d = (int)dt;
    }
    return (PyObject *)rp_py_asarray(args[0], d);
}

/* The zero-copy wrap of a buffer; None when the buffer cannot be shared. */
static PyObject *mod_from_buffer(PyObject *m, PyObject *obj)
{
    int unsupported;
    RpArrayObject *a = rp_py_from_buffer(obj, &unsupported);
    if (!a && unsupported)
        Py_RETURN_NONE;
    return (PyObject *)a;
}

/* A fresh owned copy (C order) of any array-like already converted by NumPy. */
static PyObject *mod_copy_of(PyObject *m, PyObject *obj)
{
    int unsupported;
    RpArrayObject *a = RpArray_Check(obj) ? (RpArrayObject *)Py_NewRef(obj)
                                          : rp_py_from_buffer(obj, &unsupported);
    if (!a) {
        if (unsupported)
            /* (no repr: the layout may point outside any memory) */
            PyErr_Format(PyExc_TypeError,
                         "cannot convert this %.100s to a raptors array (its layout does not "
                         "fit in the address space)",
                         Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *r = rp_py_copy_array(a, a->a.dtype, 'K');
    Py_DECREF(a);
    return r;
}

/* _new_like(prototype, dtype, shape, zero): empty_like/zeros_like's order='K'
 * array: the prototype's axis order, also for a new shape of its ndim. */
static PyObject *mod_new_like(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !RpArray_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "_new_like(prototype, dtype, shape, zero)");
        return NULL;
    }
    const RpArrayObject *like = (const RpArrayObject *)args[0];
    rp_dtype dt;
    int ndim = like->a.ndim, zero = PyObject_IsTrue(args[3]);
    rp_intp shape[RP_MAXDIMS], strides[RP_MAXDIMS];
    if (zero < 0 || rp_py_dtype_from_obj(args[1], &dt) < 0)
        return NULL;
    memcpy(shape, like->a.shape, sizeof(rp_intp) * (size_t)ndim);
    if (args[2] != Py_None && rp_py_parse_shape(args[2], &ndim, shape) < 0)
        return NULL;
    if (ndim != like->a.ndim)
        return (PyObject *)rp_py_new(dt, ndim, shape, 'C', zero);
    rp_strides_like(&like->a, shape, (rp_intp)rp_dtype_size(dt), strides);
    return (PyObject *)rp_py_new_strided(dt, ndim, shape, strides, zero);
}

static PyObject *mod_set_hooks(PyObject *m, PyObject *asarray)
{
    Py_XSETREF(rp_py_hook_asarray, Py_NewRef(asarray));
    Py_RETURN_NONE;
}

PyMethodDef rp_module_array_methods[] = {
    {"empty", (PyCFunction)(void (*)(void))mod_empty, METH_VARARGS | METH_KEYWORDS,
     "empty(shape, dtype=float64, order='C')"},
    {"zeros", (PyCFunction)(void (*)(void))mod_zeros, METH_VARARGS | METH_KEYWORDS,
     "zeros(shape, dtype=float64, order='C')"},
    {"_asarray", (PyCFunction)(void (*)(void))mod_asarray_c, METH_FASTCALL, NULL},
    {"_from_buffer", mod_from_buffer, METH_O, NULL},
    {"_copy_of", mod_copy_of, METH_O, NULL},
    {"_set_hooks", mod_set_hooks, METH_O, NULL},
    {"_new_like", (PyCFunction)(void (*)(void))mod_new_like, METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};
