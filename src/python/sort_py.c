/*
 * Private entry points of sorting (raptors/_sort.py builds the public
 * functions on them): each works in place along the last axis of a
 * C-contiguous, writeable raptors array the caller made, with the GIL
 * released.
 */
#include "pyraptors.h"
#include "ufunc_call.h"

#include "raptors/sort.h"
#include "raptors/sort_complex.h"
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

/* _unique_sorted(x: 1-D contiguous, sorted, written in place, counts,
 * equal_nan) -> (m, counts or None): rp_unique_sorted. */
static PyObject *py_unique_sorted(PyObject *mod, PyObject *args)
{
    PyObject *xobj;
    int want_counts, equal_nan;
    if (!PyArg_ParseTuple(args, "Opp", &xobj, &want_counts, &equal_nan))
        return NULL;
    RpArrayObject *x = vector_arg(xobj);
    if (!x)
        return NULL;
    const rp_intp n = x->a.shape[0];
    int64_t *cbuf = want_counts ? PyMem_Malloc((size_t)(n ? n : 1) * sizeof *cbuf) : NULL;
    if (want_counts && !cbuf)
        return PyErr_NoMemory();
    rp_intp m = 0;
    rp_status st;
    Py_BEGIN_ALLOW_THREADS
    st = rp_unique_sorted(x->a.dtype, x->a.data, n, cbuf, equal_nan, &m);
    Py_END_ALLOW_THREADS
    RpArrayObject *counts = st == RP_OK && want_counts ? rp_py_new(RP_INT64, 1, &m, 'C', 0) : NULL;
    if (counts)
        memcpy(counts->a.data, cbuf, (size_t)m * sizeof *cbuf);
    PyMem_Free(cbuf);
    if (st != RP_OK)
        return rp_py_raise(st, NULL);
    if (want_counts && !counts)
        return NULL;
    return Py_BuildValue("nN", (Py_ssize_t)m, counts ? (PyObject *)counts : Py_NewRef(Py_None));
}

/* ---- sort / argsort / x.sort() in one call -----------------------------
 *
 * The common call (a raptors array of a real dtype, along its last axis,
 * no descending or order) costs NumPy 1 to 2 us at 1 Ki elements; the
 * Python glue around the kernels cost 2 to 3 us more. Here the arguments
 * are read, the result allocated, the data copied and sorted in one C call.
 * Every other call goes to the Python functions of raptors/_sort.py, with
 * its arguments as given, so their errors and rare cases stay in one place. */

/* sort, argsort, ndarray.sort, ndarray.argsort of raptors/_sort.py */
static PyObject *fallbacks[4];

static PyObject *py_sort_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kw);
static PyObject *py_argsort_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kw);
static PyMethodDef method_defs[2] = {
    {"sort", (PyCFunction)(void (*)(void))py_sort_method, METH_FASTCALL | METH_KEYWORDS,
     "a.sort(axis=-1, kind=None, order=None, *, stable=None): sort in place."},
    {"argsort", (PyCFunction)(void (*)(void))py_argsort_method, METH_FASTCALL | METH_KEYWORDS,
     "a.argsort(axis=-1, kind=None, order=None, *, stable=None)"},
};

static PyObject *py_set_sort_fallbacks(PyObject *mod, PyObject *args)
{
    PyObject *f[4];
    if (!PyArg_ParseTuple(args, "OOOO", &f[0], &f[1], &f[2], &f[3]))
        return NULL;
    for (int i = 0; i < 4; i++)
        Py_XSETREF(fallbacks[i], Py_NewRef(f[i]));
    /* the methods as method descriptors: bound like the type's own */
    for (int i = 0; i < 2; i++) {
        PyObject *d = PyDescr_NewMethod(RpArray_Type, &method_defs[i]);
        int r = d ? PyObject_SetAttrString((PyObject *)RpArray_Type, method_defs[i].ml_name, d) : -1;
        Py_XDECREF(d);
        if (r < 0)
            return NULL;
    }
    Py_RETURN_NONE;
}

/* 1 stable, 0 not, -1 a kind the fast path leaves to Python. */
static int kind_stable(PyObject *kind)
{
    static const char *const unstable[] = {"quicksort", "quick", "heapsort", "heap"};
    static const char *const stable[] = {"stable", "mergesort", "merge"};
    if (!PyUnicode_Check(kind))
        return -1;
    for (int i = 0; i < 4; i++)
        if (PyUnicode_CompareWithASCIIString(kind, unstable[i]) == 0)
            return 0;
    for (int i = 0; i < 3; i++)
        if (PyUnicode_CompareWithASCIIString(kind, stable[i]) == 0)
            return 1;
    return -1;
}

/* Reads (axis, kind, order, *, stable[, descending]) for array a; returns
 * 1 stable, 0 unstable, -1 when the call is not the fast path's (nothing
 * raised: the Python function decides). */
static int fast_args(RpArrayObject *a, PyObject *const *args, Py_ssize_t nargs,
                     PyObject *kwnames, bool descending_ok)
{
    static const char *const names[] = {"axis", "kind", "order", "stable", "descending"};
    PyObject *v[5] = {NULL, NULL, NULL, NULL, NULL};
    if (!Py_IS_TYPE(a, RpArray_Type) || a->a.ndim < 1 || nargs > 3)
        return -1;
    for (Py_ssize_t i = 0; i < nargs; i++)
        v[i] = args[i];
    for (Py_ssize_t k = 0; kwnames && k < PyTuple_GET_SIZE(kwnames); k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int w = 0;
        while (w < (descending_ok ? 5 : 4) && PyUnicode_CompareWithASCIIString(key, names[w]))
            w++;
        if (w == (descending_ok ? 5 : 4) || v[w])
            return -1;
        v[w] = args[nargs + k];
    }
    if (v[0] && !(v[0] == Py_None && a->a.ndim == 1)) {
        if (!PyLong_CheckExact(v[0]))
            return -1;
        Py_ssize_t ax = PyLong_AsSsize_t(v[0]);
        if (ax == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return -1;
        }
        if (ax != -1 && ax != a->a.ndim - 1)
            return -1;
    }
    if ((v[2] && v[2] != Py_None) || (v[4] && v[4] != Py_False))
        return -1;
    const bool has_kind = v[1] && v[1] != Py_None, has_stable = v[3] && v[3] != Py_None;
    if (has_kind && has_stable)
        return -1;
    if (has_stable)
        return v[3] == Py_True ? 1 : v[3] == Py_False ? 0 : -1;
    return has_kind ? kind_stable(v[1]) : 0;
}

/* A C-contiguous copy of a, or NULL (raised). */
static RpArrayObject *contiguous_copy(RpArrayObject *a)
{
    RpArrayObject *c = rp_py_new(a->a.dtype, a->a.ndim, a->a.shape, 'C', 0);
    if (!c)
        return NULL;
    rp_status st = RP_OK;
    if (a->flags & RP_F_C_CONTIG)
        memcpy(c->a.data, a->a.data, (size_t)rp_array_size(&c->a) * rp_dtype_size(c->a.dtype));
    else
        st = rp_array_copy(&c->a, &a->a);
    if (st != RP_OK) {
        Py_DECREF(c);
        return rp_py_raise(st, NULL);
    }
    return c;
}

enum { GIL_FREE_MIN = 1 << 14 }; /* elements: below, releasing costs more than it frees */

/* op 0 sort (a copy), 1 argsort, 2 sort a in place; RP_ETYPE: the caller
 * falls back (a dtype without kernels). */
static rp_status sort_now(RpArrayObject *a, int op, bool stable, PyObject **out)
{
    const rp_intp n = a->a.shape[a->a.ndim - 1], size = rp_array_size(&a->a);
    const rp_intp nrows = n ? size / n : 0;
    const bool cx = rp_dtype_get(a->a.dtype)->kind == 'c';
    /* a C-contiguous source is read by the sort itself (an ordered row then
     * costs one pass, a complex sort writes straight into the new array);
     * other layouts, and complex argsorts, are copied to C order first */
    const bool from = op != 2 && (a->flags & RP_F_C_CONTIG) && !(cx && op == 1);
    RpArrayObject *c = op == 2           ? (RpArrayObject *)Py_NewRef(a)
                       : op == 1 && from ? NULL /* (the values: scratch of the core's) */
                       : from            ? rp_py_new(a->a.dtype, a->a.ndim, a->a.shape, 'C', 0)
                                         : contiguous_copy(a);
    RpArrayObject *idx = (c || from) && op == 1 ? index_like(a) : NULL;
    if ((!c && !(op == 1 && from)) || (op == 1 && !idx)) {
        Py_XDECREF(c);
        return RP_ENOMEM; /* (raised) */
    }
    rp_status st;
    PyThreadState *ts = size >= GIL_FREE_MIN ? PyEval_SaveThread() : NULL;
    if (op == 1 && from)
        st = rp_argsort_only_rows_from(a->a.dtype, a->a.data, (int64_t *)idx->a.data, nrows, n);
    else if (op == 1)
        st = (cx ? rp_argsort_complex_only_rows : rp_argsort_only_rows)(
            c->a.dtype, c->a.data, (int64_t *)idx->a.data, nrows, n);
    else if (from)
        st = (cx ? rp_sort_complex_rows_into : rp_sort_rows_from)(c->a.dtype, a->a.data,
                                                                  c->a.data, nrows, n, stable);
    else if (cx)
        st = rp_sort_complex_rows(c->a.dtype, c->a.data, NULL, nrows, n, stable);
    else
        st = rp_sort_rows(c->a.dtype, c->a.data, nrows, n, stable);
    if (ts)
        PyEval_RestoreThread(ts);
    if (st != RP_OK || op)
        Py_XDECREF(c);
    if (st != RP_OK)
        Py_XDECREF(idx);
    else
        *out = op == 1 ? (PyObject *)idx : op == 2 ? Py_NewRef(Py_None) : (PyObject *)c;
    return st;
}

static PyObject *fast_or_fallback(int op, PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                  PyObject *kwnames)
{
    /* op: 0 sort, 1 argsort, 2 a.sort(), 3 a.argsort(); the functions
     * take a first, the methods have it as self */
    const bool method = op >= 2;
    PyObject *a = method ? self : nargs ? args[0] : NULL;
    PyObject *const *rest = method ? args : args + 1;
    const Py_ssize_t nrest = method ? nargs : nargs - 1;
    int stable = a && RpArray_Check(a) ? fast_args((RpArrayObject *)a, rest, nrest, kwnames, !method)
                                       : -1;
    if (op == 2 && stable >= 0 &&
        (((RpArrayObject *)a)->flags & (RP_F_C_CONTIG | RP_F_WRITEABLE)) !=
            (RP_F_C_CONTIG | RP_F_WRITEABLE))
        stable = -1;
    if (stable >= 0) {
        PyObject *out = NULL;
        rp_status st = sort_now((RpArrayObject *)a, op == 3 ? 1 : op, stable, &out);
        if (st == RP_OK)
            return out;
        if (st != RP_ETYPE || PyErr_Occurred())
            return PyErr_Occurred() ? NULL : rp_py_raise(st, NULL);
    }
    PyObject *f = fallbacks[op];
    if (!f) {
        PyErr_SetString(PyExc_RuntimeError, "raptors sorting: fallbacks not set");
        return NULL;
    }
    if (!method)
        return PyObject_Vectorcall(f, args, (size_t)nargs, kwnames);
    /* the method's fallback is the Python method: self first */
    PyObject *stack[8], **full = stack;
    const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs + nkw + 1 > 8 && !(full = PyMem_Malloc((size_t)(nargs + nkw + 1) * sizeof *full)))
        return PyErr_NoMemory();
    full[0] = self;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        full[i + 1] = args[i];
    PyObject *r = PyObject_Vectorcall(f, full, (size_t)(nargs + 1), kwnames);
    if (full != stack)
        PyMem_Free(full);
    return r;
}

static PyObject *py_sort(PyObject *mod, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    return fast_or_fallback(0, NULL, args, nargs, kw);
}

static PyObject *py_argsort(PyObject *mod, PyObject *const *args, Py_ssize_t nargs, PyObject *kw)
{
    return fast_or_fallback(1, NULL, args, nargs, kw);
}

static PyObject *py_sort_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kw)
{
    return fast_or_fallback(2, self, args, nargs, kw);
}

static PyObject *py_argsort_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kw)
{
    return fast_or_fallback(3, self, args, nargs, kw);
}

PyMethodDef rp_sort_methods[] = {
    {"_sort", (PyCFunction)(void (*)(void))py_sort, METH_FASTCALL | METH_KEYWORDS,
     "sort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False)"},
    {"_argsort", (PyCFunction)(void (*)(void))py_argsort, METH_FASTCALL | METH_KEYWORDS,
     "argsort(a, axis=-1, kind=None, order=None, *, stable=None, descending=False)"},
    {"_set_sort_fallbacks", py_set_sort_fallbacks, METH_VARARGS,
     "The Python sort, argsort and ndarray.sort the fast entries defer to."},
    {"_sort_rows", py_sort_rows, METH_VARARGS, "Sort the last axis in place (stable: bool)."},
    {"_argsort_rows", py_argsort_rows, METH_VARARGS,
     "Stable argsort of the last axis; sorts too unless sort_values is False."},
    {"_partition_rows", py_partition_rows, METH_VARARGS, "Partition the last axis in place."},
    {"_searchsorted", py_searchsorted, METH_VARARGS, "Insertion points into a sorted row."},
    {"_bincount", py_bincount, METH_VARARGS, "bincount of 1-D contiguous integers."},
    {"_unique_sorted", py_unique_sorted, METH_VARARGS,
     "unique of a sorted row in place: (how many, their counts or None)."},
    {"_unique_counted", py_unique_counted, METH_VARARGS,
     "unique (values, counts) by counting, or None: too many distinct values."},
    {NULL, NULL, 0, NULL},
};
