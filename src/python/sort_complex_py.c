/*
 * _sort_complex_rows(a, with_index, stable=True): complex64/complex128 rows sorted in
 * place in NumPy's complex order (src/core/sort_complex.c), along the last
 * axis of a C-contiguous writeable raptors array; the int64 positions when
 * with_index, else None. (raptors/_sort.py `_complex_lanes`.)
 */
#include "pyraptors.h"

#include "raptors/sort_complex.h"

static PyObject *py_sort_complex_rows(PyObject *mod, PyObject *args)
{
    PyObject *obj;
    int with_index, stable = 1;
    if (!PyArg_ParseTuple(args, "Op|p", &obj, &with_index, &stable))
        return NULL;
    if (!RpArray_Check(obj) || !(((RpArrayObject *)obj)->flags & RP_F_C_CONTIG) ||
        !(((RpArrayObject *)obj)->flags & RP_F_WRITEABLE)) {
        PyErr_SetString(PyExc_TypeError, "expected a C-contiguous writeable raptors array");
        return NULL;
    }
    RpArrayObject *a = (RpArrayObject *)obj;
    rp_intp size = 1;
    for (int d = 0; d < a->a.ndim; d++)
        size *= a->a.shape[d];
    const rp_intp n = a->a.ndim ? a->a.shape[a->a.ndim - 1] : 1, nrows = n ? size / n : 0;
    RpArrayObject *idx = NULL;
    if (with_index && !(idx = rp_py_new(RP_INT64, a->a.ndim, a->a.shape, 'C', 0)))
        return NULL;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_sort_complex_rows(a->a.dtype, a->a.data, idx ? (int64_t *)idx->a.data : NULL, nrows, n,
                              stable);
    Py_END_ALLOW_THREADS
    if (st != RP_OK) {
        Py_XDECREF(idx);
        return rp_py_raise(st, NULL);
    }
    return idx ? (PyObject *)idx : Py_NewRef(Py_None);
}

PyMethodDef rp_sort_complex_methods[] = {
    {"_sort_complex_rows", py_sort_complex_rows, METH_VARARGS,
     "_sort_complex_rows(a, with_index, stable=True): sort complex rows in place (NumPy's "
     "order; with_index: stable); "
     "the int64 positions when with_index."},
    {NULL, NULL, 0, NULL},
};
