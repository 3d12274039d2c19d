/*
 * Private entry point of nonzero (raptors/_select.py builds nonzero,
 * argwhere, flatnonzero and one-argument where on it): count, allocate the
 * exact result, fill, with the GIL released above a size.
 */
#include "pyraptors.h"
#include "../core/index.h"

/* Above this many elements the GIL is released for the count and fill. */
#define NOGIL_ELEMS (1 << 15)

/* _nonzero(a, flat): the coordinates of a's nonzero elements as an int64
 * array of shape (a.ndim, count), one row per axis (NumPy's nonzero rows,
 * argwhere its transpose); with flat true, their C-order flat indices,
 * shape (count,) (flatnonzero). */
static PyObject *py_nonzero(PyObject *mod, PyObject *args)
{
    PyObject *obj;
    int flat;
    if (!PyArg_ParseTuple(args, "Op", &obj, &flat))
        return NULL;
    RpArrayObject *a = rp_py_asarray(obj, -1);
    if (a && a->a.dtype == RP_FLOAT16) {
        /* its truth values (the row loops exist per width of int/float) */
        RpArrayObject *b = rp_py_asarray((PyObject *)a, RP_BOOL);
        Py_DECREF(a);
        a = b;
    }
    if (!a)
        return NULL;
    bool nogil = rp_array_size(&a->a) > NOGIL_ELEMS;
    PyThreadState *ts = nogil ? PyEval_SaveThread() : NULL;
    rp_intp count = rp_index_nonzero_count(&a->a);
    if (ts)
        PyEval_RestoreThread(ts);
    int nd = a->a.ndim;
    rp_intp shape[2] = {nd, count};
    RpArrayObject *out = flat ? rp_py_new(RP_INT64, 1, &count, 'C', 0)
                              : rp_py_new(RP_INT64, 2, shape, 'C', 0);
    if (out) {
        rp_intp *base = (rp_intp *)out->a.data, *rows[RP_MAXDIMS];
        for (int k = 0; k < nd; k++)
            rows[k] = base + k * count;
        ts = nogil ? PyEval_SaveThread() : NULL;
        rp_index_nonzero_fill(&a->a, rows, flat ? base : NULL, count);
        if (ts)
            PyEval_RestoreThread(ts);
    }
    Py_DECREF(a);
    return (PyObject *)out;
}

PyMethodDef rp_select_methods[] = {
    {"_nonzero", py_nonzero, METH_VARARGS, "Coordinates (or flat indices) of nonzero elements."},
    {NULL, NULL, 0, NULL},
};
