/* Basic indexing (integers, slices, ..., None) and assignment through it;
 * keys holding arrays or bools go to index_advanced.c. */
#include "pyraptors.h"
#include "ufunc_call.h"

#include <string.h>

/* The descriptor an index selects, before it becomes a Python object. */
typedef struct {
    rp_array a;
    rp_intp shape[RP_MAXDIMS];
    rp_intp strides[RP_MAXDIMS];
    bool scalar; /* integers only: NumPy returns a scalar, not a 0-d view */
} selection;

enum { ITEM_INT, ITEM_SLICE, ITEM_NEWAXIS, ITEM_ELLIPSIS };

static int invalid_index(void)
{
    PyErr_SetString(PyExc_IndexError,
                    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
                    "integer or boolean arrays are valid indices");
    return -1;
}

static int classify(PyObject *item, Py_ssize_t *value)
{
    if (PyLong_CheckExact(item)) {
        *value = PyLong_AsSsize_t(item);
        if (*value == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            *value = PY_SSIZE_T_MAX; /* out of bounds, reported below */
        }
        return ITEM_INT;
    }
    if (PySlice_Check(item))
        return ITEM_SLICE;
    if (item == Py_None)
        return ITEM_NEWAXIS;
    if (item == Py_Ellipsis)
        return ITEM_ELLIPSIS;
    if (PyBool_Check(item) || PyObject_TypeCheck(item, (PyTypeObject *)rp_scalar_types[RP_BOOL]))
        return invalid_index(); /* rp_index_is_advanced took it */
    if (PyIndex_Check(item)) {
        *value = PyNumber_AsSsize_t(item, NULL);
        if (!(*value == -1 && PyErr_Occurred()))
            return ITEM_INT;
        if (!PySequence_Check(item) || !PyErr_ExceptionMatches(PyExc_TypeError))
            return -1;
        PyErr_Clear();
        return invalid_index();
    }
    return invalid_index();
}

/* One axis (extent, stride) taken by a slice: the byte offset of its first
 * element, its length and its stride in the view. */
int rp_py_slice_axis(PyObject *slice, rp_intp extent, rp_intp stride, rp_intp *offset,
                     rp_intp *len, rp_intp *vstride)
{
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(slice, &start, &stop, &step) < 0)
        return -1;
    Py_ssize_t n = PySlice_AdjustIndices(extent, &start, &stop, step);
    if (n <= 0) {
        start = 0; /* NumPy: an empty slice keeps the axis's stride */
        step = 1;
    }
    *offset = start * stride;
    *len = n;
    *vstride = rp_stride_times(stride, step);
    return 0;
}

static int resolve(RpArrayObject *self, PyObject *key, selection *sel)
{
    PyObject *const *items = &key;
    Py_ssize_t n = 1;
    if (PyTuple_Check(key)) {
        items = &PyTuple_GET_ITEM(key, 0);
        n = PyTuple_GET_SIZE(key);
    }
    int kinds[RP_MAXDIMS * 2];
    Py_ssize_t ints[RP_MAXDIMS * 2];
    if (n > RP_MAXDIMS * 2)
        return PyErr_SetString(PyExc_IndexError, "too many indices for array"), -1;
    int consumed = 0, ellipses = 0, newaxes = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        int kind = classify(items[k], &ints[k]);
        if (kind < 0)
            return -1;
        kinds[k] = kind;
        consumed += kind == ITEM_INT || kind == ITEM_SLICE;
        ellipses += kind == ITEM_ELLIPSIS;
        newaxes += kind == ITEM_NEWAXIS;
    }
    const rp_array *a = &self->a;
    if (ellipses > 1)
        return PyErr_SetString(PyExc_IndexError, "an index can only have a single ellipsis ('...')"),
               -1;
    if (consumed > a->ndim) {
        PyErr_Format(PyExc_IndexError,
                     "too many indices for array: array is %d-dimensional, but %d were indexed",
                     a->ndim, consumed);
        return -1;
    }
    int nint = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        nint += kinds[k] == ITEM_INT;
    if (a->ndim - nint + newaxes > RP_MAXDIMS)
        return PyErr_SetString(PyExc_IndexError, "number of dimensions must be within [0, 64]"), -1;

    char *data = a->data;
    int src = 0, dst = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        switch (kinds[k]) {
        case ITEM_INT: {
            Py_ssize_t i = ints[k], len = a->shape[src];
            if (i < -len || i >= len) {
                if (PyLong_CheckExact(items[k])) /* beyond Py_ssize_t: its own digits */
                    PyErr_Format(PyExc_IndexError,
                                 "index %R is out of bounds for axis %d with size %zd", items[k],
                                 src, len);
                else
                    PyErr_Format(PyExc_IndexError,
                                 "index %zd is out of bounds for axis %d with size %zd", i, src,
                                 len);
                return -1;
            }
            data += (i < 0 ? i + len : i) * a->strides[src];
            src++;
            break;
        }
        case ITEM_SLICE: {
            rp_intp offset;
            if (rp_py_slice_axis(items[k], a->shape[src], a->strides[src], &offset,
                                 &sel->shape[dst], &sel->strides[dst]) < 0)
                return -1;
            data += offset;
            dst++, src++;
            break;
        }
        case ITEM_NEWAXIS:
            sel->shape[dst] = 1;
            sel->strides[dst++] = 0;
            break;
        case ITEM_ELLIPSIS:
            for (int j = 0; j < a->ndim - consumed; j++, dst++, src++) {
                sel->shape[dst] = a->shape[src];
                sel->strides[dst] = a->strides[src];
            }
            break;
        }
    }
    /* Axes the index did not mention are taken whole. */
    for (; src < a->ndim; dst++, src++) {
        sel->shape[dst] = a->shape[src];
        sel->strides[dst] = a->strides[src];
    }
    sel->a.data = data;
    sel->a.ndim = dst;
    sel->a.dtype = a->dtype;
    sel->a.shape = sel->shape;
    sel->a.strides = sel->strides;
    sel->scalar = dst == 0 && !ellipses;
    return 0;
}

/* x[i] or x[i, j, ...] with one Python int per axis, all in bounds: the
 * element's scalar, without classifying the key (the commonest index,
 * whose cost is all overhead). NULL (no exception) for any other key. */
static PyObject *element_get(RpArrayObject *self, PyObject *key)
{
    const rp_array *a = &self->a;
    PyObject *const *items = &key;
    Py_ssize_t n = 1;
    if (PyTuple_CheckExact(key)) {
        items = &PyTuple_GET_ITEM(key, 0);
        n = PyTuple_GET_SIZE(key);
    }
    if (n != a->ndim)
        return NULL;
    const char *p = a->data;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!PyLong_CheckExact(items[k]))
            return NULL;
        Py_ssize_t i = PyLong_AsSsize_t(items[k]), len = a->shape[k];
        if (i == -1 && PyErr_Occurred()) {
            PyErr_Clear(); /* beyond Py_ssize_t: the general path reports it */
            return NULL;
        }
        if (i < -len || i >= len)
            return NULL;
        p += (i < 0 ? i + len : i) * a->strides[k];
    }
    return rp_py_scalar(a->dtype, p);
}

PyObject *rp_index_getitem(PyObject *self_obj, PyObject *key)
{
    RpArrayObject *self = (RpArrayObject *)self_obj;
    if (self->a.ndim > 0) {
        PyObject *r = element_get(self, key);
        if (r || PyErr_Occurred())
            return r;
    }
    int adv = rp_index_is_advanced(key);
    if (adv)
        return adv < 0 ? NULL : rp_index_advanced_get(self, key);
    selection sel;
    if (resolve(self, key, &sel) < 0)
        return NULL;
    if (sel.scalar)
        return rp_py_scalar(sel.a.dtype, sel.a.data);
    return (PyObject *)rp_py_view(self, sel.a.data, sel.a.ndim, sel.shape, sel.strides, sel.a.dtype);
}

PyObject *rp_index_item(PyObject *self_obj, Py_ssize_t i)
{
    RpArrayObject *self = (RpArrayObject *)self_obj;
    if (self->a.ndim == 0) {
        PyErr_SetString(PyExc_TypeError, "iteration over a 0-d array");
        return NULL;
    }
    PyObject *key = PyLong_FromSsize_t(i);
    PyObject *r = key ? rp_index_getitem(self_obj, key) : NULL;
    Py_XDECREF(key);
    return r;
}

/*
 * Values NumPy converts with the element dtype's own scalar conversion
 * rather than as arrays, as the Python object *item to store (NULL: none
 * such, use value as it is):
 * - a NumPy scalar into a signed integer goes through int(): NaN is a
 *   ValueError, inf and out-of-range values OverflowError (NumPy 2; unsigned
 *   targets cast, as arrays do);
 * - a sequence or an array of one or more axes into a single element: bool
 *   takes its truth value, an integer calls int() on it (a list: TypeError),
 *   anything else is "setting an array element with a sequence.".
 */
static int one_element_value(PyObject *value, rp_dtype dt, bool element, PyObject **item)
{
    char kind = rp_dtype_get(dt)->kind;
    if (PyLong_CheckExact(value) || PyFloat_CheckExact(value) || PyBool_Check(value))
        return 0;
    int scalar = rp_py_is_numpy_scalar(value);
    if (scalar < 0)
        return -1;
    if (scalar) {
        if (kind == 'i')
            return (*item = PyNumber_Long(value)) ? 0 : -1;
        return 0;
    }
    if (!element || PyUnicode_Check(value) || PyBytes_Check(value))
        return 0;
    bool is_array = RpArray_Check(value) || PyObject_CheckBuffer(value);
    if (is_array) {
        RpArrayObject *a = rp_py_asarray(value, -1);
        if (!a)
            return -1;
        int nd = a->a.ndim;
        Py_DECREF(a);
        if (nd == 0)
            return 0;
    } else if (!PySequence_Check(value))
        return 0;
    if (kind == 'b') {
        int t = PyObject_IsTrue(value);
        if (t < 0)
            return -1;
        *item = Py_NewRef(t ? Py_True : Py_False);
        return 0;
    }
    if (kind == 'f' || is_array) {
        PyErr_SetString(PyExc_ValueError, "setting an array element with a sequence.");
        return -1;
    }
    return (*item = PyNumber_Long(value)) ? 0 : -1;
}

/* The depth of a nested list/tuple, following first elements. */
static int nesting_depth(PyObject *value)
{
    int depth = 0;
    while ((PyList_Check(value) || PyTuple_Check(value)) && depth <= RP_MAXDIMS) {
        depth++;
        if (PySequence_Fast_GET_SIZE(value) == 0)
            break;
        value = PySequence_Fast_GET_ITEM(value, 0);
    }
    return depth;
}

static int too_deep(int ndim)
{
    PyErr_Format(PyExc_ValueError,
                 "setting an array element with a sequence. The requested array would exceed "
                 "the maximum number of dimension of %d.",
                 ndim);
    return -1;
}

int rp_index_setitem(PyObject *self_obj, PyObject *key, PyObject *value)
{
    RpArrayObject *self = (RpArrayObject *)self_obj;
    if (!value) {
        PyErr_SetString(PyExc_ValueError, "cannot delete array elements");
        return -1;
    }
    if (!(self->flags & RP_F_WRITEABLE)) {
        PyErr_SetString(PyExc_ValueError, "assignment destination is read-only");
        return -1;
    }
    int adv = rp_index_is_advanced(key);
    if (adv)
        return adv < 0 ? -1 : rp_index_advanced_set(self, key, value);
    selection sel;
    if (resolve(self, key, &sel) < 0)
        return -1;

    /* A Python scalar is stored once and broadcast: no array object. */
    union {
        double d;
        uint64_t u;
        double c[2]; /* the widest item, complex128 */
    } one;
    PyObject *item = NULL;
    if (one_element_value(value, sel.a.dtype, sel.scalar, &item) < 0)
        return -1;
    int r = rp_py_store_scalar(item ? item : value, sel.a.dtype, (char *)&one);
    Py_XDECREF(item);
    if (r < 0)
        return -1;
    if (r == 0) {
        rp_array src = {(char *)&one, NULL, NULL, 0, sel.a.dtype};
        rp_status st;
        Py_BEGIN_ALLOW_THREADS
        st = rp_array_copy(&sel.a, &src);
        Py_END_ALLOW_THREADS
        if (st != RP_OK)
            return rp_py_raise(st, NULL), -1;
        return rp_py_scalar_overflowed(value, sel.a.dtype, &one)
                   ? rp_ufunc_report_errors("cast", RP_UFUNC_OVERFLOW)
                   : 0;
    }

    /* Arrays keep their dtype and are cast in the copy; anything else
     * (nested lists of Python numbers) converts straight to the target
     * dtype, so out-of-range Python ints raise as in NumPy, not wrap. */
    bool is_array = RpArray_Check(value) || (PyObject_CheckBuffer(value) && !PyBytes_Check(value));
    /* NumPy converts a nested sequence with the target's ndim as limit:
     * too deep is its error before any element's value is looked at */
    if (!is_array && nesting_depth(value) > sel.a.ndim)
        return too_deep(sel.a.ndim);
    RpArrayObject *v = rp_py_asarray(value, is_array ? -1 : (int)sel.a.dtype);
    if (!v)
        return -1;
    if (!is_array && v->a.ndim > sel.a.ndim) {
        Py_DECREF(v);
        return too_deep(sel.a.ndim);
    }
    /* NumPy lets the value carry extra leading axes of length 1. */
    rp_array src = v->a;
    while (src.ndim > sel.a.ndim && src.shape[0] == 1) {
        src.shape++;
        src.strides++;
        src.ndim--;
    }
    rp_intp probe[RP_MAXDIMS];
    if (rp_broadcast_strides(&src, sel.a.ndim, sel.shape, probe) != RP_OK) {
        PyObject *from = rp_py_shape_str(v->a.ndim, v->a.shape);
        PyObject *to = rp_py_shape_str(sel.a.ndim, sel.shape);
        if (from && to)
            PyErr_Format(PyExc_ValueError,
                         "could not broadcast input array from shape %U into shape %U", from, to);
        Py_XDECREF(from);
        Py_XDECREF(to);
        Py_DECREF(v);
        return -1;
    }
    if (rp_py_warn_complex_cast(src.dtype, sel.a.dtype) < 0) {
        Py_DECREF(v);
        return -1;
    }
    rp_status st;
    unsigned errors = 0;
    Py_BEGIN_ALLOW_THREADS
    st = rp_array_cast(&sel.a, &src, &errors);
    Py_END_ALLOW_THREADS
    Py_DECREF(v);
    if (st != RP_OK) {
        rp_py_raise(st, NULL);
        return -1;
    }
    return rp_ufunc_report_errors("cast", errors);
}

PyMethodDef rp_index_methods[] = {{NULL, NULL, 0, NULL}};
