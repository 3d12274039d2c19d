/*
 * Private entry points of raptors/_shape_ops.py's block copies (repeat,
 * tile): the package checks NumPy's arguments and picks the blocks; this
 * layer checks that they fit the array, allocates and calls the core.
 */
#include "pyraptors.h"
#include "../core/blocks.h"
#include "../core/pad.h"

#include <string.h>

#include "raptors/ufunc.h"

/* Above this many written bytes the GIL is released for the copy. */
#define NOGIL_BYTES ((size_t)1 << 16)

/* _repeat_blocks(a, outer, n, block, count, counts, shape): a new C array
 * of the given shape holding each of the outer * n blocks of `block`
 * elements of a (C-contiguous) repeated count times, or counts[i] times
 * for block i when counts (a C-contiguous int64 array of length n whose
 * entries are >= 0 and sum to the output's extent) is not None. None when
 * a is not C-contiguous (the caller copies through a view instead). */
static PyObject *py_repeat_blocks(PyObject *mod, PyObject *args)
{
    PyObject *aobj, *cobj, *shobj;
    Py_ssize_t outer, n, block, count;
    if (!PyArg_ParseTuple(args, "O!nnnnOO!", RpArray_Type, &aobj, &outer, &n, &block, &count,
                          &cobj, &PyTuple_Type, &shobj))
        return NULL;
    RpArrayObject *a = (RpArrayObject *)aobj;
    int nd = (int)PyTuple_GET_SIZE(shobj);
    rp_intp shape[RP_MAXDIMS], out_size = 1;
    if (nd > RP_MAXDIMS) {
        PyErr_SetString(PyExc_ValueError, "_repeat_blocks: too many dimensions");
        return NULL;
    }
    for (int k = 0; k < nd; k++) {
        shape[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(shobj, k));
        if (shape[k] == -1 && PyErr_Occurred())
            return NULL;
        out_size *= shape[k];
    }
    if (!rp_array_is_c_contig(&a->a))
        Py_RETURN_NONE;
    RpArrayObject *counts = NULL;
    rp_intp reps = count;
    if (cobj != Py_None) {
        counts = rp_py_asarray(cobj, RP_INT64);
        if (!counts)
            return NULL;
        reps = 0;
        const rp_intp *c = (const rp_intp *)counts->a.data;
        if (counts->a.ndim != 1 || counts->a.shape[0] != n || !rp_array_is_c_contig(&counts->a))
            reps = -1;
        for (rp_intp i = 0; reps >= 0 && i < n; i++)
            reps = c[i] < 0 ? -1 : reps + c[i];
    }
    /* the checks the package already made, kept so that no call can write
     * outside the result */
    if (outer < 0 || n < 0 || block < 0 || reps < 0 ||
        outer * n * block != rp_array_size(&a->a) ||
        out_size != outer * block * (counts ? reps : n * reps)) {
        Py_XDECREF(counts);
        PyErr_SetString(PyExc_ValueError, "_repeat_blocks: blocks do not fit the array");
        return NULL;
    }
    RpArrayObject *out = rp_py_new(a->a.dtype, nd, shape, 'C', 0);
    if (out) {
        size_t isz = rp_dtype_get(a->a.dtype)->size;
        size_t bytes = (size_t)out_size * isz;
        PyThreadState *ts = bytes > NOGIL_BYTES ? PyEval_SaveThread() : NULL;
        rp_repeat_blocks(a->a.data, out->a.data, outer, n, (size_t)block * isz, count,
                         counts ? (const rp_intp *)counts->a.data : NULL,
                         rp_ufunc_serial_cutoff_bytes());
        if (ts)
            PyEval_RestoreThread(ts);
    }
    Py_XDECREF(counts);
    return (PyObject *)out;
}

/* _roll_blocks(a, outer, n, block, shift): a new C array of a's shape with
 * block i of each of a's outer runs of n blocks (of `block` elements) at
 * block (i + shift) % n, 0 <= shift < n; None when a is not C-contiguous
 * (the caller assigns slices instead, keeping a's layout as NumPy). */
static PyObject *py_roll_blocks(PyObject *mod, PyObject *args)
{
    PyObject *aobj;
    Py_ssize_t outer, n, block, shift;
    if (!PyArg_ParseTuple(args, "O!nnnn", RpArray_Type, &aobj, &outer, &n, &block, &shift))
        return NULL;
    RpArrayObject *a = (RpArrayObject *)aobj;
    if (!rp_array_is_c_contig(&a->a))
        Py_RETURN_NONE;
    if (outer < 0 || n < 0 || block < 0 || shift < 0 || (n && shift >= n) ||
        outer * n * block != rp_array_size(&a->a)) {
        PyErr_SetString(PyExc_ValueError, "_roll_blocks: blocks do not fit the array");
        return NULL;
    }
    RpArrayObject *out = rp_py_new(a->a.dtype, a->a.ndim, a->a.shape, 'C', 0);
    if (out) {
        size_t isz = rp_dtype_get(a->a.dtype)->size;
        PyThreadState *ts =
            (size_t)rp_array_size(&a->a) * isz > NOGIL_BYTES ? PyEval_SaveThread() : NULL;
        rp_roll_blocks(a->a.data, out->a.data, outer, n, (size_t)block * isz, shift,
                       rp_ufunc_serial_cutoff_bytes());
        if (ts)
            PyEval_RestoreThread(ts);
    }
    return (PyObject *)out;
}

/* _tri_blocks(a, k, lower): tril (lower true) or triu of a C array of
 * two or more dimensions, as a new C array; None when a is not
 * C-contiguous (the caller takes NumPy's where(mask, a, 0)). */
static PyObject *py_tri_blocks(PyObject *mod, PyObject *args)
{
    PyObject *aobj;
    Py_ssize_t k;
    int lower;
    if (!PyArg_ParseTuple(args, "O!np", RpArray_Type, &aobj, &k, &lower))
        return NULL;
    RpArrayObject *a = (RpArrayObject *)aobj;
    int nd = a->a.ndim;
    if (nd < 2 || !rp_array_is_c_contig(&a->a))
        Py_RETURN_NONE;
    RpArrayObject *out = rp_py_new(a->a.dtype, nd, a->a.shape, 'C', 0);
    if (out) {
        rp_intp rows = a->a.shape[nd - 2], cols = a->a.shape[nd - 1];
        rp_intp size = rp_array_size(&a->a), nmat = rows && cols ? size / (rows * cols) : 0;
        size_t isz = rp_dtype_get(a->a.dtype)->size;
        PyThreadState *ts = (size_t)size * isz > NOGIL_BYTES ? PyEval_SaveThread() : NULL;
        rp_tri_blocks(a->a.data, out->a.data, nmat, rows, cols, isz, k, lower);
        if (ts)
            PyEval_RestoreThread(ts);
    }
    return (PyObject *)out;
}

/* _concat(arrays, axis): concatenate's common case as block copies, a new
 * C array, when arrays (a list or tuple) holds two or more raptors arrays
 * of one dtype, all C-contiguous, of one ndim >= 1, with the same extents
 * but along axis (an int in [-ndim, ndim)); None for anything else (the
 * caller checks, casts and reports errors as NumPy). */
static PyObject *py_concat(PyObject *mod, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !(PyList_Check(args[0]) || PyTuple_Check(args[0])) ||
        !PyLong_CheckExact(args[1]))
        Py_RETURN_NONE;
    PyObject *seq = args[0];
    Py_ssize_t nin = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    if (nin < 2 || nin > 64 || !RpArray_Check(items[0]))
        Py_RETURN_NONE;
    const rp_array *first = &((RpArrayObject *)items[0])->a;
    int nd = first->ndim;
    long axis = PyLong_AsLong(args[1]);
    if (axis == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (nd == 0 || axis < -nd || axis >= nd)
        Py_RETURN_NONE;
    if (axis < 0)
        axis += nd;
    const char *srcs[64];
    size_t bytes[64], isz = rp_dtype_size(first->dtype);
    rp_intp shape[RP_MAXDIMS], outer = 1, inner = 1;
    memcpy(shape, first->shape, (size_t)nd * sizeof(rp_intp));
    shape[axis] = 0;
    for (int d = 0; d < axis; d++)
        outer *= first->shape[d];
    for (int d = (int)axis + 1; d < nd; d++)
        inner *= first->shape[d];
    for (Py_ssize_t k = 0; k < nin; k++) {
        if (!RpArray_Check(items[k]))
            Py_RETURN_NONE;
        const rp_array *a = &((RpArrayObject *)items[k])->a;
        if (a->dtype != first->dtype || a->ndim != nd || !rp_array_is_c_contig(a))
            Py_RETURN_NONE;
        for (int d = 0; d < nd; d++)
            if (d != axis && a->shape[d] != first->shape[d])
                Py_RETURN_NONE;
        srcs[k] = a->data;
        bytes[k] = (size_t)(a->shape[axis] * inner) * isz;
        shape[axis] += a->shape[axis];
    }
    RpArrayObject *out = rp_py_new(first->dtype, nd, shape, 'C', 0);
    if (out) {
        size_t total = (size_t)rp_array_size(&out->a) * isz;
        PyThreadState *ts = total > NOGIL_BYTES ? PyEval_SaveThread() : NULL;
        rp_concat_blocks((int)nin, srcs, bytes, outer, out->a.data, rp_ufunc_serial_cutoff_bytes());
        if (ts)
            PyEval_RestoreThread(ts);
    }
    return (PyObject *)out;
}

/* _pad(a, before, after, mode, values): np.pad of a raptors array of ndim
 * >= 1 in a copying mode (rp_pad_mode's order: 0 constant, 1 edge, 2
 * reflect, 3 symmetric, 4 wrap), as a new C array. before and after are
 * tuples of ndim non-negative ints; values (constant mode) a C array of a's
 * dtype holding 2 * ndim elements (each axis's before and after value). The
 * package has checked NumPy's arguments and raised its errors. */
static PyObject *py_pad(PyObject *mod, PyObject *args)
{
    PyObject *aobj, *bobj, *eobj, *vobj;
    int mode;
    if (!PyArg_ParseTuple(args, "O!O!O!iO", RpArray_Type, &aobj, &PyTuple_Type, &bobj,
                          &PyTuple_Type, &eobj, &mode, &vobj))
        return NULL;
    RpArrayObject *a = (RpArrayObject *)aobj;
    int nd = a->a.ndim;
    rp_intp before[RP_MAXDIMS], after[RP_MAXDIMS], shape[RP_MAXDIMS];
    if (nd < 1 || PyTuple_GET_SIZE(bobj) != nd || PyTuple_GET_SIZE(eobj) != nd ||
        mode < RP_PAD_CONSTANT || mode > RP_PAD_WRAP) {
        PyErr_SetString(PyExc_ValueError, "_pad: arguments do not fit the array");
        return NULL;
    }
    for (int k = 0; k < nd; k++) {
        before[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(bobj, k));
        after[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(eobj, k));
        if ((before[k] == -1 || after[k] == -1) && PyErr_Occurred())
            return NULL;
        shape[k] = before[k] + a->a.shape[k] + after[k];
    }
    const char *values = NULL;
    if (mode == RP_PAD_CONSTANT) {
        RpArrayObject *v = RpArray_Check(vobj) ? (RpArrayObject *)vobj : NULL;
        if (!v || v->a.dtype != a->a.dtype || !rp_array_is_c_contig(&v->a) ||
            rp_array_size(&v->a) != 2 * nd) {
            PyErr_SetString(PyExc_ValueError, "_pad: values do not fit the array");
            return NULL;
        }
        values = v->a.data;
    }
    RpArrayObject *out = rp_py_new(a->a.dtype, nd, shape, 'C', 0);
    if (!out)
        return NULL;
    size_t bytes = (size_t)rp_array_size(&out->a) * rp_dtype_size(a->a.dtype);
    PyThreadState *ts = bytes > NOGIL_BYTES ? PyEval_SaveThread() : NULL;
    rp_status st = rp_pad(&a->a, out->a.data, before, after, (rp_pad_mode)mode, values,
                          rp_ufunc_serial_cutoff_bytes());
    if (ts)
        PyEval_RestoreThread(ts);
    if (st != RP_OK) {
        Py_DECREF(out);
        return rp_py_raise(st, "_pad");
    }
    return (PyObject *)out;
}

PyMethodDef rp_shape_methods[] = {
    {"_pad", py_pad, METH_VARARGS, "np.pad in a copying mode, as a new C array."},
    {"_concat", (PyCFunction)(void (*)(void))py_concat, METH_FASTCALL,
     "concatenate of C arrays of one dtype, or None."},
    {"_tri_blocks", py_tri_blocks, METH_VARARGS, "tril / triu of a C array."},
    {"_roll_blocks", py_roll_blocks, METH_VARARGS, "Blocks of a C array, rotated."},
    {"_repeat_blocks", py_repeat_blocks, METH_VARARGS, "Blocks of a C array, each repeated."},
    {NULL, NULL, 0, NULL},
};
