/*
 * Private entry points of sorting (raptors/_sort.py builds the public
 * functions on them): each works in place along the last axis of a
 * C-contiguous, writeable raptors array the caller made, with the GIL
 * released.
 */
#include "pyraptors.h"
#include "ufunc_call.h"

#include "raptors/sort.h"
#include "raptors/count.h"

/* No sorting kernels for complex yet (NumPy orders it by real, then
 * imaginary part): refused with the message of every missing complex loop. */
static bool complex_refused(const RpArrayObject *a)
{
    if (rp_dtype_get(a->a.dtype)->kind != 'c')
        return false;
    rp_py_no_complex_loop("sort/argsort/partition/unique");
    return true;
}

static RpArrayObject *rows_arg(PyObject *obj, rp_intp *nrows, rp_intp *n)
{
    if (!RpArray_Check(obj) || !(((RpArrayObject *)obj)->flags & RP_F_C_CONTIG) ||
        !(((RpArrayObject *)obj)->flags & RP_F_WRITEABLE)) {
        PyErr_SetString(PyExc_TypeError, "expected a C-contiguous writeable raptors array");
        return NULL;
    }
    RpArrayObject *a = (RpArrayObject *)obj;
    if (complex_refused(a))
        return NULL;
    rp_intp size = 1;
    for (int d = 0; d < a->a.ndim; d++)
        size *= a->a.shape[d];
    *n = a->a.ndim ? a->a.shape[a->a.ndim - 1] : 1;
    *nrows = *n ? size / *n : 0;
    return a;
}

static RpArrayObject *index_like(RpArrayObject *a)
{
    return rp_py_new(RP_INT64, a->a.ndim, a->a.shape, 'C', 0);
}

static PyObject *finish(rp_status st, PyObject *result)
{
    if (st != RP_OK) {
        Py_XDECREF(result);
        return rp_py_raise(st, NULL);
    }
    return result;
}

static PyObject *py_sort_rows(PyObject *mod, PyObject *args)
{
    PyObject *obj;
    int stable;
    rp_intp nrows, n;
    if (!PyArg_ParseTuple(args, "Op", &obj, &stable))
        return NULL;
    RpArrayObject *a = rows_arg(obj, &nrows, &n);
    if (!a)
        return NULL;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_sort_rows(a->a.dtype, a->a.data, nrows, n, stable);
    Py_END_ALLOW_THREADS
    return finish(st, Py_NewRef(Py_None));
}

/* _argsort_rows(a, sort_values=True) */
static PyObject *py_argsort_rows(PyObject *mod, PyObject *args)
{
    PyObject *obj;
    int vals = 1;
    rp_intp nrows, n;
    if (!PyArg_ParseTuple(args, "O|p", &obj, &vals))
        return NULL;
    RpArrayObject *a = rows_arg(obj, &nrows, &n);
    if (!a)
        return NULL;
    RpArrayObject *idx = index_like(a);
    if (!idx)
        return NULL;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = (vals ? rp_argsort_rows : rp_argsort_only_rows)(a->a.dtype, a->a.data,
                                                         (int64_t *)idx->a.data, nrows, n);
    Py_END_ALLOW_THREADS
    return finish(st, (PyObject *)idx);
}

/* _partition_rows(a, kth: tuple of ascending ints, want_indices) */
static PyObject *py_partition_rows(PyObject *mod, PyObject *args)
{
    PyObject *obj, *kobj;
    int want;
    rp_intp nrows, n;
    if (!PyArg_ParseTuple(args, "OO!p", &obj, &PyTuple_Type, &kobj, &want))
        return NULL;
    RpArrayObject *a = rows_arg(obj, &nrows, &n);
    if (!a)
        return NULL;
    Py_ssize_t nk = PyTuple_GET_SIZE(kobj);
    rp_intp *kth = PyMem_Malloc((nk + 1) * sizeof *kth);
    if (!kth)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < nk; i++) {
        kth[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(kobj, i));
        if (kth[i] == -1 && PyErr_Occurred()) {
            PyMem_Free(kth);
            return NULL;
        }
    }
    RpArrayObject *idx = want ? index_like(a) : NULL;
    rp_status st = RP_ENOMEM;
    if (!want || idx) {
        Py_BEGIN_ALLOW_THREADS
        st = rp_partition_rows(a->a.dtype, a->a.data, idx ? (int64_t *)idx->a.data : NULL, nrows,
                               n, kth, (int)nk);
        Py_END_ALLOW_THREADS
    }
    PyMem_Free(kth);
    if (want && !idx)
        return NULL;
    return finish(st, want ? (PyObject *)idx : Py_NewRef(Py_None));
}

/* _searchsorted(sorted: 1-D contiguous, keys: contiguous same dtype, right) */
static PyObject *py_searchsorted(PyObject *mod, PyObject *args)
{
    PyObject *sobj, *kobj;
    int right;
    rp_intp ns, n, nk, m;
    if (!PyArg_ParseTuple(args, "OOp", &sobj, &kobj, &right))
        return NULL;
    RpArrayObject *s = rows_arg(sobj, &ns, &n);
    RpArrayObject *k = s ? rows_arg(kobj, &nk, &m) : NULL;
    if (!k)
        return NULL;
    if (s->a.dtype != k->a.dtype || s->a.ndim != 1) {
        PyErr_SetString(PyExc_TypeError, "_searchsorted: 1-D sorted and keys of its dtype");
        return NULL;
    }
    RpArrayObject *out = index_like(k);
    if (!out)
        return NULL;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_searchsorted(s->a.dtype, s->a.data, n, k->a.data, nk * m,
                         (rp_intp)rp_dtype_size(k->a.dtype), (int64_t *)out->a.data, right);
    Py_END_ALLOW_THREADS
    return finish(st, (PyObject *)out);
}

/* A 1-D C-contiguous raptors array (read-only is fine: only read). */
static RpArrayObject *vector_arg(PyObject *obj)
{
    if (!RpArray_Check(obj) || ((RpArrayObject *)obj)->a.ndim != 1 ||
        !(((RpArrayObject *)obj)->flags & RP_F_C_CONTIG)) {
        PyErr_SetString(PyExc_TypeError, "expected a 1-D C-contiguous raptors array");
        return NULL;
    }
    return complex_refused((RpArrayObject *)obj) ? NULL : (RpArrayObject *)obj;
}

/* _bincount(x: 1-D contiguous integers, weights: None or 1-D contiguous
 * float64 of x's length, minlength >= 0) -> int64 or float64 counts, or
 * None where x holds a negative value (the caller raises NumPy's error). */
static PyObject *py_bincount(PyObject *mod, PyObject *args)
{
    PyObject *xobj, *wobj;
    Py_ssize_t minlength;
    if (!PyArg_ParseTuple(args, "OOn", &xobj, &wobj, &minlength))
        return NULL;
    RpArrayObject *x = vector_arg(xobj), *w = NULL;
    if (!x)
        return NULL;
    rp_intp n = x->a.shape[0];
    if (wobj != Py_None) {
        w = vector_arg(wobj);
        if (!w)
            return NULL;
        if (w->a.dtype != RP_FLOAT64 || w->a.shape[0] != n) {
            PyErr_SetString(PyExc_TypeError, "_bincount: float64 weights of x's length");
            return NULL;
        }
    }
    int64_t lo = 0, hi = -1;
    rp_status st = RP_OK;
    if (n) {
        Py_BEGIN_ALLOW_THREADS
        st = rp_int_range(x->a.dtype, x->a.data, n, &lo, &hi);
        Py_END_ALLOW_THREADS
    }
    if (st != RP_OK)
        return rp_py_raise(st, NULL);
    if (lo < 0)
        Py_RETURN_NONE;
    rp_intp nbins = hi + 1 > minlength ? (rp_intp)hi + 1 : minlength;
    if (!n)
        w = NULL; /* NumPy: zeros(minlength, intp) for an empty x, weights or not */
    RpArrayObject *out = rp_py_new(w ? RP_FLOAT64 : RP_INT64, 1, &nbins, 'C', 0);
    if (!out)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    st = rp_bincount(x->a.dtype, x->a.data, n, w ? (const double *)w->a.data : NULL, out->a.data,
                     nbins);
    Py_END_ALLOW_THREADS
    return finish(st, (PyObject *)out);
}

/* _unique_counted(x: 1-D contiguous) -> (values, counts) of unique with
 * equal_nan, or None where x has too many distinct values to count. */
static PyObject *py_unique_counted(PyObject *mod, PyObject *args)
{
    PyObject *xobj;
    if (!PyArg_ParseTuple(args, "O", &xobj))
        return NULL;
    RpArrayObject *x = vector_arg(xobj);
    if (!x)
        return NULL;
    /* at most RP_UNIQUE_COUNTED_MAX + 1 results: on the stack, then copied out */
    int64_t vbuf[RP_UNIQUE_COUNTED_MAX + 1], cbuf[RP_UNIQUE_COUNTED_MAX + 1];
    rp_intp m = -1;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_unique_counted(x->a.dtype, x->a.data, x->a.shape[0], (char *)vbuf, cbuf, &m);
    Py_END_ALLOW_THREADS
    if (st != RP_OK)
        return rp_py_raise(st, NULL);
    if (m < 0)
        Py_RETURN_NONE;
    RpArrayObject *vals = rp_py_new(x->a.dtype, 1, &m, 'C', 0);
    RpArrayObject *counts = vals ? rp_py_new(RP_INT64, 1, &m, 'C', 0) : NULL;
    if (!counts) {
        Py_XDECREF(vals);
        return NULL;
    }
    memcpy(vals->a.data, vbuf, (size_t)m * rp_dtype_size(x->a.dtype));
    memcpy(counts->a.data, cbuf, (size_t)m * sizeof *cbuf);
    return Py_BuildValue("NN", vals, counts);
}

PyMethodDef rp_sort_methods[] = {
    {"_sort_rows", py_sort_rows, METH_VARARGS, "Sort the last axis in place (stable: bool)."},
    {"_argsort_rows", py_argsort_rows, METH_VARARGS,
     "Stable argsort of the last axis; sorts too unless sort_values is False."},
    {"_partition_rows", py_partition_rows, METH_VARARGS, "Partition the last axis in place."},
    {"_searchsorted", py_searchsorted, METH_VARARGS, "Insertion points into a sorted row."},
    {"_bincount", py_bincount, METH_VARARGS, "bincount of 1-D contiguous integers."},
    {"_unique_counted", py_unique_counted, METH_VARARGS,
     "unique (values, counts) by counting, or None: too many distinct values."},
    {NULL, NULL, 0, NULL},
};
