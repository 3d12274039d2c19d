/*
 * The reductions' arguments: NumPy's positional order and keywords per
 * function, the parser, and the axis= / out= conversions with NumPy's
 * error order (reduce_py.c runs the calls).
 */
#include "reduce_args.h"

#include <string.h>

static const char *const argnames[A_N] = {
    "a", "axis", "dtype", "out", "keepdims", "ddof", "initial", "where", "include_initial",
    "correction", "mean",
};
static PyObject *argnames_str[A_N]; /* interned, for identity compares */

#define KW_REDUCE (BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_WHERE))
const spec rp_reduce_specs[] = {
    {"sum", F_SUM, {A_A, A_AXIS, A_DTYPE, A_OUT, A_KEEPDIMS, A_INITIAL, A_WHERE, -1},
     KW_REDUCE | BIT(A_INITIAL) | BIT(A_A)},
    {"prod", F_PROD, {A_A, A_AXIS, A_DTYPE, A_OUT, A_KEEPDIMS, A_INITIAL, A_WHERE, -1},
     KW_REDUCE | BIT(A_INITIAL) | BIT(A_A)},
    {"min", F_MIN, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, A_INITIAL, A_WHERE, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_INITIAL) | BIT(A_WHERE) | BIT(A_A)},
    {"max", F_MAX, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, A_INITIAL, A_WHERE, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_INITIAL) | BIT(A_WHERE) | BIT(A_A)},
    {"any", F_ANY, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_WHERE) | BIT(A_A)},
    {"all", F_ALL, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_WHERE) | BIT(A_A)},
    {"count_nonzero", F_NNZ, {A_A, A_AXIS, -1}, BIT(A_AXIS) | BIT(A_KEEPDIMS) | BIT(A_A)},
    {"mean", F_MEAN, {A_A, A_AXIS, A_DTYPE, A_OUT, A_KEEPDIMS, -1}, KW_REDUCE | BIT(A_A)},
    {"var", F_VAR, {A_A, A_AXIS, A_DTYPE, A_OUT, A_DDOF, A_KEEPDIMS, -1},
     KW_REDUCE | BIT(A_DDOF) | BIT(A_CORRECTION) | BIT(A_MEAN) | BIT(A_A)},
    {"std", F_STD, {A_A, A_AXIS, A_DTYPE, A_OUT, A_DDOF, A_KEEPDIMS, -1},
     KW_REDUCE | BIT(A_DDOF) | BIT(A_CORRECTION) | BIT(A_MEAN) | BIT(A_A)},
    {"argmin", F_ARGMIN, {A_A, A_AXIS, A_OUT, -1}, BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_A)},
    {"argmax", F_ARGMAX, {A_A, A_AXIS, A_OUT, -1}, BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_A)},
    {"cumsum", F_CUMSUM, {A_A, A_AXIS, A_DTYPE, A_OUT, -1},
     BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_A)},
    {"cumprod", F_CUMPROD, {A_A, A_AXIS, A_DTYPE, A_OUT, -1},
     BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_A)},
    /* NumPy 2's array-API names: x positional-only, the rest keyword-only. */
    {"cumulative_sum", F_CUMSUM, {A_A, -1},
     BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_INCLUDE_INITIAL)},
    {"cumulative_prod", F_CUMPROD, {A_A, -1},
     BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_INCLUDE_INITIAL)},
    /* The earlier raptors API. */
    {"sum_axis", F_SUM, {A_A, A_AXIS, -1}, BIT(A_AXIS)},
    {"mean_axis", F_MEAN, {A_A, A_AXIS, -1}, BIT(A_AXIS)},
    /* NaN-aware kernels for raptors._stats (no where=: it masks first). */
    {"_nansum", F_NANSUM, {A_A, A_AXIS, A_DTYPE, A_OUT, A_KEEPDIMS, A_INITIAL, -1},
     BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_INITIAL) | BIT(A_A)},
    {"_fmin", F_FMIN, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, A_INITIAL, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_INITIAL) | BIT(A_A)},
    {"_fmax", F_FMAX, {A_A, A_AXIS, A_OUT, A_KEEPDIMS, A_INITIAL, -1},
     BIT(A_AXIS) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_INITIAL) | BIT(A_A)},
    {"_nancount", F_NANCNT, {A_A, A_AXIS, A_KEEPDIMS, -1}, BIT(A_AXIS) | BIT(A_KEEPDIMS) | BIT(A_A)},
};
int rp_reduce_parse(const spec *sp, const char *fname, PyObject *self, PyObject *const *args,
                    Py_ssize_t nargs, PyObject *kwnames, PyObject **v)
{
    memset(v, 0, sizeof(PyObject *) * A_N);
    int p0 = 0, npos = 0;
    while (npos < 8 && sp->pos[npos] >= 0)
        npos++;
    if (self) {
        v[A_A] = self;
        p0 = 1;
    }
    if (nargs > npos - p0) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d positional arguments (%zd given)",
                     fname, npos - p0, nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < nargs; i++)
        v[sp->pos[p0 + i]] = args[i];
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int slot = -1;
        for (int s = 0; s < A_N && slot < 0; s++)
            if (key == argnames_str[s])
                slot = s;
        for (int s = 0; s < A_N && slot < 0; s++)
            if (PyUnicode_CompareWithASCIIString(key, argnames[s]) == 0)
                slot = s;
        if (slot < 0 || !(sp->kw & BIT(slot)) || (slot == A_A && self)) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", fname,
                         key);
            return -1;
        }
        if (v[slot]) {
            PyErr_Format(PyExc_TypeError, "argument for %s() given by name ('%s') and position",
                         fname, argnames[slot]);
            return -1;
        }
        v[slot] = args[nargs + k];
    }
    if (!v[A_A]) {
        PyErr_Format(PyExc_TypeError, "%s() missing required argument 'a' (pos 1)", fname);
        return -1;
    }
    return 0;
}

/* axis=None|int|tuple of ints -> flags; AxisError / duplicate ValueError.
 * NumPy's order: each item is converted and bounds-checked in turn, the
 * duplicates looked for after the last. Its quirks kept: a bool axis (a
 * numpy.bool too) is a TypeError, and a 0-d array takes a plain axis of 0
 * or -1 (the ufunc reductions: no axis; argmin/argmax and cumsum/cumprod:
 * the array as one element, as axis=None). mean/var/std, Python functions,
 * first count the elements reading True as 1 (so an out-of-bounds bool is
 * an AxisError), warn about an empty count, and only then does their sum
 * refuse a bool, then duplicates: for them *pending says which (1: bool,
 * 2: duplicate) and *count is that count, the caller warning and raising. */
int rp_reduce_parse_axes(PyObject *obj, const rp_array *in, fkind f, bool *axes, bool *all,
                         int *pending, double *count)
{
    const int ndim = in->ndim;
    const bool line = f == F_ARGMIN || f == F_ARGMAX || f == F_CUMSUM || f == F_CUMPROD;
    const bool moment = f == F_MEAN || f == F_VAR || f == F_STD;
    const bool allow_tuple = !line;
    memset(axes, 0, sizeof(bool) * (size_t)(ndim > 0 ? ndim : 1));
    *pending = 0;
    *count = 1;
    *all = !rp_red_given(obj);
    if (*all) {
        for (int i = 0; i < ndim; i++)
            axes[i] = true;
        return 0;
    }
    PyObject *seq = NULL;
    Py_ssize_t n = 1;
    if (PyTuple_Check(obj)) {
        if (!allow_tuple) {
            PyErr_SetString(PyExc_TypeError, "'tuple' object cannot be interpreted as an integer");
            return -1;
        }
        seq = obj;
        n = PyTuple_GET_SIZE(obj);
    }
    bool bool_seen = false, dup_seen = false;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *item = seq ? PyTuple_GET_ITEM(seq, k) : obj;
        bool is_bool = PyBool_Check(item) ||
                       (!moment && !strcmp(Py_TYPE(item)->tp_name, "numpy.bool"));
        if (is_bool && !moment) {
            PyErr_SetString(PyExc_TypeError, line ? "an integer is required for the axis"
                                                  : "an integer is required");
            return -1;
        }
        bool_seen |= is_bool;
        if (moment && PyFloat_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "integer argument expected, got float");
            return -1;
        }
        if (!PyIndex_Check(item)) {
            PyErr_Format(PyExc_TypeError, "'%.100s' object cannot be interpreted as an integer",
                         Py_TYPE(item)->tp_name);
            return -1;
        }
        Py_ssize_t ax = PyNumber_AsSsize_t(item, PyExc_OverflowError);
        if (ax == -1 && PyErr_Occurred())
            return -1;
        const int lim = ndim == 0 && !seq && !moment ? 1 : ndim;
        if (ax < -lim || ax >= lim) {
            /* (the error names dimension 1 only for the line functions) */
            rp_py_axis_error((int)(ax < INT_MIN ? INT_MIN : ax > INT_MAX ? INT_MAX : ax),
                             line ? lim : ndim);
            return -1;
        }
        if (ndim == 0) {
            *all = line;
            continue;
        }
        if (ax < 0)
            ax += ndim;
        *count *= (double)in->shape[ax];
        dup_seen |= axes[ax];
        axes[ax] = true;
    }
    if (moment && (bool_seen || dup_seen)) {
        *pending = bool_seen ? 1 : 2;
        return 0;
    }
    if (dup_seen) {
        PyErr_SetString(PyExc_ValueError, "duplicate value in 'axis'");
        return -1;
    }
    return 0;
}

int rp_reduce_truth(PyObject *o)
{
    if (!rp_red_given(o))
        return 0;
    return PyObject_IsTrue(o);
}

/* out= may be an array or a 1-tuple holding one (NumPy accepts both). */
RpArrayObject *rp_reduce_parse_out(PyObject *o, PyObject **orig)
{
    if (PyTuple_Check(o)) {
        if (PyTuple_GET_SIZE(o) != 1) {
            PyErr_SetString(PyExc_ValueError, "The 'out' tuple must have exactly one entry");
            return NULL;
        }
        o = PyTuple_GET_ITEM(o, 0);
        if (o == Py_None)
            return (RpArrayObject *)Py_None;
    }
    *orig = o;
    if (!RpArray_Check(o) && !PyObject_CheckBuffer(o)) {
        PyErr_SetString(PyExc_TypeError, "return arrays must be of ArrayType");
        return NULL;
    }
    RpArrayObject *arr = rp_py_asarray(o, -1);
    if (!arr)
        return NULL;
    if (!(arr->flags & RP_F_WRITEABLE)) {
        Py_DECREF(arr);
        PyErr_SetString(PyExc_ValueError, "output array is read-only");
        return NULL;
    }
    return arr;
}

PyObject *rp_reduce_args_dict(PyObject **v)
{
    PyObject *kw = PyDict_New();
    if (!kw)
        return NULL;
    for (int i = 0; i < A_N; i++)
        if (v[i] && PyDict_SetItem(kw, argnames_str[i], v[i]) < 0) {
            Py_DECREF(kw);
            return NULL;
        }
    return kw;
}

int rp_reduce_args_init(void)
{
    for (int i = 0; i < A_N; i++) {
        if (!argnames_str[i] && !(argnames_str[i] = PyUnicode_InternFromString(argnames[i])))
            return -1;
    }
    return 0;
}
