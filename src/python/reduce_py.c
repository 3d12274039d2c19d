/*
 * Reductions for Python: sum, prod, mean, min/max (amin/amax), argmin/argmax,
 * std, var, any, all, count_nonzero, cumsum/cumprod (cumulative_sum/_prod)
 * as module functions and array methods, plus the earlier API's sum_axis
 * and mean_axis. One parser and one call path for all of them: parse ->
 * resolve axes and dtype -> allocate -> release the GIL above a size ->
 * call the core -> map the status to NumPy's exception.
 */
#include "ufunc_call.h"
#include "raptors/reduce.h"
#include "reduce_out.h"

#include <math.h>
#include <string.h>

/* Inputs at or above this many bytes are reduced without the GIL. Below it
 * the release/reacquire pair (~100 ns) is a visible part of the call. */
#define RP_REDUCE_NOGIL_BYTES (64 * 1024)

/* ---- arguments ------------------------------------------------------------- */

enum {
    A_A,
    A_AXIS,
    A_DTYPE,
    A_OUT,
    A_KEEPDIMS,
    A_DDOF,
    A_INITIAL,
    A_WHERE,
    A_INCLUDE_INITIAL,
    A_CORRECTION,
    A_MEAN,
    A_N
};
static const char *const argnames[A_N] = {
    "a", "axis", "dtype", "out", "keepdims", "ddof", "initial", "where", "include_initial",
    "correction", "mean",
};
static PyObject *argnames_str[A_N]; /* interned, for identity compares */

typedef enum {
    F_SUM,
    F_PROD,
    F_MIN,
    F_MAX,
    F_ANY,
    F_ALL,
    F_NNZ,
    F_MEAN,
    F_VAR,
    F_STD,
    F_ARGMIN,
    F_ARGMAX,
    F_CUMSUM,
    F_CUMPROD,
    F_NANSUM, /* private: raptors._stats builds nansum/nanmin/nanmax on these */
    F_FMIN,
    F_FMAX,
    F_NANCNT,
} fkind;

#define BIT(x) (1u << (x))
typedef struct {
    const char *name;
    fkind kind;
    signed char pos[8]; /* positional order, -1 ends; pos[0] is always A_A */
    unsigned kw;        /* slots accepted by keyword */
} spec;

#define KW_REDUCE (BIT(A_AXIS) | BIT(A_DTYPE) | BIT(A_OUT) | BIT(A_KEEPDIMS) | BIT(A_WHERE))
static const spec specs[] = {
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
enum {
    S_SUM, S_PROD, S_MIN, S_MAX, S_ANY, S_ALL, S_NNZ, S_MEAN, S_VAR, S_STD, S_ARGMIN,
    S_ARGMAX, S_CUMSUM, S_CUMPROD, S_CUMULATIVE_SUM, S_CUMULATIVE_PROD, S_SUM_AXIS, S_MEAN_AXIS,
    S_NANSUM, S_FMIN, S_FMAX, S_NANCNT,
};

static int parse(const spec *sp, const char *fname, PyObject *self, PyObject *const *args,
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

static bool given(PyObject *o) { return o && o != Py_None; }

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
static int parse_axes(PyObject *obj, const rp_array *in, fkind f, bool *axes, bool *all,
                      int *pending, double *count)
{
    const int ndim = in->ndim;
    const bool line = f == F_ARGMIN || f == F_ARGMAX || f == F_CUMSUM || f == F_CUMPROD;
    const bool moment = f == F_MEAN || f == F_VAR || f == F_STD;
    const bool allow_tuple = !line;
    memset(axes, 0, sizeof(bool) * (size_t)(ndim > 0 ? ndim : 1));
    *pending = 0;
    *count = 1;
    *all = !given(obj);
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

/* NumPy's warning of mean/var/std about the elements they count; complex
 * input is refused first (no complex loop yet: no warning about a result
 * that will not come). */
static int moment_warning(fkind f, const char *fname, rp_dtype in, double count, double ddof)
{
    if (rp_dtype_get(in)->kind == 'c' && (f == F_MEAN || f == F_VAR || f == F_STD)) {
        rp_py_no_complex_loop(fname);
        return -1;
    }
    if (f == F_MEAN && count == 0)
        return PyErr_WarnEx(PyExc_RuntimeWarning, "Mean of empty slice", 1);
    if ((f == F_VAR || f == F_STD) && ddof >= count)
        return PyErr_WarnEx(PyExc_RuntimeWarning, "Degrees of freedom <= 0 for slice", 1);
    return 0;
}

static int truth(PyObject *o)
{
    if (!given(o))
        return 0;
    return PyObject_IsTrue(o);
}

/* out= may be an array or a 1-tuple holding one (NumPy accepts both). */
static RpArrayObject *parse_out(PyObject *o, PyObject **orig)
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

/* ---- the call path ------------------------------------------------------------ */

typedef struct {
    rp_array kd;                 /* the result seen in keepdims form */
    rp_intp kshape[RP_MAXDIMS], kstrides[RP_MAXDIMS];
    RpArrayObject *res;          /* NULL while the result is the inline scalar */
    double scalar_buf[1];        /* an 8-byte, aligned home for a 0-d result */
} result;

/* A fresh result of dtype dt: rnd axes of rshape, viewed in keepdims form
 * (knd axes, reduced ones of length 1). 0-d results live in r->scalar_buf. */
static int result_new(result *r, rp_dtype dt, int knd, const rp_intp *kshape, const bool *axes,
                      bool keepdims, bool scalar_ok)
{
    rp_intp rshape[RP_MAXDIMS];
    int rnd = 0;
    for (int i = 0; i < knd; i++) {
        r->kshape[i] = kshape[i];
        if (keepdims || !axes[i])
            rshape[rnd++] = kshape[i];
    }
    r->res = NULL;
    if (rnd == 0 && scalar_ok) {
        for (int i = 0; i < knd; i++)
            r->kstrides[i] = 0;
        r->kd = (rp_array){(char *)r->scalar_buf, r->kshape, r->kstrides, knd, dt};
        return 0;
    }
    r->res = rp_py_new(dt, rnd, rshape, 'C', 0);
    if (!r->res)
        return -1;
    int j = 0;
    for (int i = 0; i < knd; i++)
        r->kstrides[i] = (keepdims || !axes[i]) ? r->res->a.strides[j++] : 0;
    r->kd = (rp_array){r->res->a.data, r->kshape, r->kstrides, knd, dt};
    return 0;
}

static PyObject *result_finish(result *r)
{
    if (r->res)
        return (PyObject *)r->res;
    return rp_py_scalar(r->kd.dtype, r->kd.data);
}

static const char *ufunc_name(fkind f);
static void *raise_status(rp_status st, fkind f, const char *fname, rp_dtype in)
{
    if (st == RP_EVALUE && (f == F_MIN || f == F_MAX || f == F_FMIN || f == F_FMAX)) {
        PyErr_Format(PyExc_ValueError,
                     "zero-size array to reduction operation %s which has no identity",
                     ufunc_name(f));
        return NULL;
    }
    if (st == RP_EVALUE && (f == F_ARGMIN || f == F_ARGMAX)) {
        PyErr_Format(PyExc_ValueError, "attempt to get %s of an empty sequence", fname);
        return NULL;
    }
    if (st == RP_ETYPE && rp_dtype_get(in)->kind == 'c')
        return rp_py_no_complex_loop(fname);
    if (st == RP_ETYPE) {
        PyErr_Format(PyExc_TypeError, "%s: unsupported dtype combination", fname);
        return NULL;
    }
    return rp_py_raise(st, NULL);
}

static const char *ufunc_name(fkind f)
{
    switch (f) {
    case F_SUM:
    case F_MEAN:
    case F_VAR:
    case F_STD:
    case F_CUMSUM: return "add";
    case F_PROD:
    case F_CUMPROD: return "multiply";
    case F_MIN: return "minimum";
    case F_MAX: return "maximum";
    case F_NANSUM: return "add";
    case F_FMIN: return "fmin";
    case F_FMAX: return "fmax";
    case F_ANY: return "logical_or";
    case F_ALL: return "logical_and";
    default: return "reduce";
    }
}

/* The shape an out= array must have: the result's. */
static int check_out_shape(const RpArrayObject *out, int rnd, const rp_intp *rshape, fkind f)
{
    if (out->a.ndim != rnd) {
        PyErr_Format(PyExc_ValueError,
                     "output parameter for reduction operation %s has the wrong number of "
                     "dimensions: Found %d but expected %d",
                     ufunc_name(f), out->a.ndim, rnd);
        return -1;
    }
    for (int i = 0; i < rnd; i++)
        if (out->a.shape[i] != rshape[i]) {
            PyErr_Format(PyExc_ValueError,
                         "output parameter for reduction operation %s has a non-reduced "
                         "dimension of the wrong size",
                         ufunc_name(f));
            return -1;
        }
    return 0;
}

static rp_dtype default_dtype(fkind f, rp_dtype in)
{
    switch (f) {
    case F_SUM:
    case F_NANSUM:
    case F_CUMSUM: return rp_reduce_dtype(RP_RED_SUM, in);
    case F_PROD:
    case F_CUMPROD: return rp_reduce_dtype(RP_RED_PROD, in);
    case F_MEAN:
    case F_VAR:
    case F_STD: return rp_reduce_mean_dtype(in);
    case F_ANY:
    case F_ALL: return RP_BOOL;
    case F_NNZ:
    case F_NANCNT:
    case F_ARGMIN:
    case F_ARGMAX: return RP_INT64;
    default: return in;
    }
}

/* The float errors of a reduction as NumPy reports them: one "reduce", or
 * for var/std one report per pass (the mean's sum, the deviations, their
 * squares, their sum, the divisions). */
static int report_errors(fkind f, unsigned errors, bool scalar)
{
    if (f != F_VAR && f != F_STD)
        return rp_ufunc_report_errors("reduce", errors);
    /* the deviations pass is NumPy's subtract (inf - inf: invalid), then
     * its square (overflow, underflow) */
    const unsigned dev = errors >> RP_VAR_DEV_SHIFT & 0xffu;
    if (rp_ufunc_report_errors("reduce", errors >> RP_VAR_MEAN_SHIFT & 0xfu) < 0 ||
        rp_ufunc_report_errors("divide", errors >> RP_VAR_MEAN_DIV_SHIFT & 0xfu) < 0 ||
        rp_ufunc_report_errors("subtract", dev & RP_UFUNC_INVALID) < 0 ||
        rp_ufunc_report_errors("square", dev & ~(unsigned)RP_UFUNC_INVALID) < 0)
        return -1;
    if (rp_ufunc_report_errors("reduce", errors >> RP_VAR_SUM_SHIFT & 0xffu) < 0)
        return -1;
    /* NumPy divides a 0-d float64 result as a scalar ("scalar divide"; a
     * float32 scalar by the intp count goes through the divide ufunc) */
    return rp_ufunc_report_errors(scalar ? "scalar divide" : "divide",
                                  errors >> RP_VAR_DIV_SHIFT & 0xffu);
}

/*
 * min/max into an out= of another dtype, as NumPy computes it: with no
 * identity, the first element along the reduced axes is copied into out
 * (cast to out's dtype), read back into the loop dtype (NumPy's for
 * (out, in): minimum(uint8, int8) runs in int16) and combined with the rest.
 * So max(int8 [-3, 0, 100], out=uint8) is 253 and min(float64 [1.5, -2.5],
 * out=uint8) is 254. The first elements are replaced by their round trip
 * in a copy of the input in the loop dtype, which is then reduced.
 * *errors: the float errors, those of copying the first elements into out
 * (NumPy's "cast") shifted by RP_ACC_CAST_SHIFT.
 */
/* where= other than True: raptors._masked replaces the unselected elements
 * by the reduction's identity (or initial=) and reduces, as NumPy's result. */
static PyObject *masked_reduce(const char *fname, PyObject **v)
{
    PyObject *fn = rp_py_module_attr("raptors._masked", "reduce_where");
    PyObject *kw = fn ? PyDict_New() : NULL, *r = NULL;
    if (!kw)
        goto done;
    for (int i = 0; i < A_N; i++)
        if (v[i] && PyDict_SetItem(kw, argnames_str[i], v[i]) < 0)
            goto done;
    r = PyObject_CallFunction(fn, "sO", fname, kw);
done:
    Py_XDECREF(fn);
    Py_XDECREF(kw);
    return r;
}

/* float16 sum/prod with a where= mask already of the input's shape (what
 * raptors._masked passes on) and a float16 result: NumPy rounds once per
 * run of selected elements, which the core follows (rp_reduce_half_where)
 * rather than reducing a copy with the identity in the gaps. */
static RpArrayObject *half_where_mask(fkind f, PyObject **v)
{
    if ((f != F_SUM && f != F_PROD) || !RpArray_Check(v[A_A]) || !RpArray_Check(v[A_WHERE]))
        return NULL;
    const rp_array *a = &((RpArrayObject *)v[A_A])->a, *m = &((RpArrayObject *)v[A_WHERE])->a;
    /* dtype=float16, or float32 for a sum (float16 mean's accumulation) */
    rp_dtype acc = RP_FLOAT16;
    if (given(v[A_DTYPE]) && rp_py_dtype_from_obj(v[A_DTYPE], &acc) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (acc != RP_FLOAT16 && !(acc == RP_FLOAT32 && f == F_SUM))
        return NULL;
    if (given(v[A_OUT]) && v[A_OUT] != Py_None &&
        !(RpArray_Check(v[A_OUT]) && ((RpArrayObject *)v[A_OUT])->a.dtype == acc))
        return NULL;
    if (a->dtype != RP_FLOAT16 || m->dtype != RP_BOOL || m->ndim != a->ndim ||
        memcmp(m->shape, a->shape, sizeof(rp_intp) * (size_t)a->ndim) != 0)
        return NULL;
    return (RpArrayObject *)v[A_WHERE];
}

static PyObject *reduce_call(const spec *sp, PyObject **v)
{
    const fkind f = sp->kind;
    const char *fname = sp->name;
    const RpArrayObject *half_mask = NULL;
    if (given(v[A_WHERE]) && v[A_WHERE] != Py_True && !(half_mask = half_where_mask(f, v)))
        return masked_reduce(fname, v);
    if (given(v[A_MEAN]))
        return masked_reduce(fname, v);
    RpArrayObject *a = rp_py_asarray(v[A_A], -1);
    if (!a)
        return NULL;
    PyObject *ret = NULL, *out_orig = NULL;
    RpArrayObject *out = NULL;
    result r = {.res = NULL};
    const rp_array *in = &a->a;
    const int nd = in->ndim;
    bool axes[RP_MAXDIMS], all;
    const bool is_arg = f == F_ARGMIN || f == F_ARGMAX;
    const bool is_cum = f == F_CUMSUM || f == F_CUMPROD;

    int pending;
    double ncount;
    if (parse_axes(v[A_AXIS], in, f, axes, &all, &pending, &ncount) < 0)
        goto done;
    int keepdims = truth(v[A_KEEPDIMS]);
    if (keepdims < 0)
        goto done;
    rp_dtype acc = default_dtype(f, in->dtype);
    if (given(v[A_DTYPE]) && rp_py_dtype_from_obj(v[A_DTYPE], &acc) < 0)
        goto done;
    if (given(v[A_OUT])) {
        out = parse_out(v[A_OUT], &out_orig);
        if (!out)
            goto done;
        if ((PyObject *)out == Py_None)
            out = NULL;
    }
    /* sum/prod into out= with no dtype=: NumPy's loop is the op's for (out,
     * input), so float32 summed into a float64 out accumulates in float64
     * and int64 into a float32 out in float64 too. Integer loops wrap
     * alike whatever their width, so only a float loop changes a result,
     * and an integer loop into a bool out: prod(int16, out=bool) is False
     * when the int16 product wraps to 0. */
    if (out && !given(v[A_DTYPE]) && (f == F_SUM || f == F_PROD || f == F_CUMSUM ||
                                      f == F_CUMPROD)) {
        rp_dtype dts[2] = {out->a.dtype, in->dtype}, loop, res;
        const bool sum = f == F_SUM || f == F_CUMSUM;
        if (rp_ufunc_resolve(sum ? RP_OP_add : RP_OP_multiply, dts, NULL, &loop, &res) == RP_OK &&
            (rp_dtype_get(loop)->kind == 'f' || (out->a.dtype == RP_BOOL && loop != RP_BOOL)))
            acc = loop;
    }
    double ddof = 0;
    if (given(v[A_DDOF]) && given(v[A_CORRECTION])) {
        PyErr_SetString(PyExc_ValueError, "ddof and correction can't be provided simultaneously.");
        goto done;
    }
    PyObject *ddof_obj = given(v[A_DDOF]) ? v[A_DDOF] : v[A_CORRECTION];
    if (given(ddof_obj)) {
        ddof = PyFloat_AsDouble(ddof_obj);
        if (ddof == -1 && PyErr_Occurred())
            goto done;
    }
    if (pending) {
        /* mean/var/std: the count's warning, then their sum's complaint */
        if (moment_warning(f, fname, in->dtype, ncount, ddof) < 0)
            goto done;
        if (pending == 1)
            PyErr_SetString(PyExc_TypeError, "an integer is required");
        else
            PyErr_SetString(PyExc_ValueError, "duplicate value in 'axis'");
        goto done;
    }
    /* With out= NumPy's loop is the op's for (out, input), and initial= is
     * converted to that loop's dtype (sum(int8, initial=2**32, out=uint8)
     * is int16's OverflowError even though raptors accumulates in int64). */
    rp_dtype loop = acc;
    if (out && !given(v[A_DTYPE]) && (f == F_SUM || f == F_PROD || f == F_MIN || f == F_MAX)) {
        static const rp_op loop_ops[] = {RP_OP_add, RP_OP_multiply, RP_OP_minimum,
                                            RP_OP_maximum};
        rp_dtype dts[2] = {out->a.dtype, in->dtype}, res;
        if (rp_ufunc_resolve(loop_ops[f], dts, NULL, &loop, &res) != RP_OK)
            loop = acc;
    }
    _Alignas(16) char initial[16];
    bool has_initial = given(v[A_INITIAL]);
    if (has_initial && rp_reduce_store_initial(v[A_INITIAL], loop, initial) < 0)
        goto done;
    if (has_initial && out && out->a.dtype != loop && (f == F_SUM || f == F_PROD)) {
        /* NumPy writes initial into out first and accumulates from there:
         * sum([0.5], initial=2.7, out=int32) starts from 2 */
        if (rp_initial_through_out(initial, loop, out->a.dtype, acc, rp_array_size(&out->a)) < 0)
            goto done;
    } else if (has_initial && loop != acc && f != F_MIN && f != F_MAX &&
               rp_reduce_store_initial(v[A_INITIAL], acc, initial) < 0)
        goto done;

    const rp_intp insize = rp_array_size(in);
    const bool nogil = insize * (rp_intp)rp_dtype_size(in->dtype) >= RP_REDUCE_NOGIL_BYTES;
    rp_status st = RP_OK;

    if (is_cum) {
        int axis = -1;
        for (int i = 0; i < nd; i++)
            if (axes[i] && !all)
                axis = i;
        if (all && nd > 1 && (sp - specs) >= S_CUMULATIVE_SUM) {
            PyErr_SetString(PyExc_ValueError, "For arrays which have more than one dimension "
                                              "``axis`` argument is required.");
            goto done;
        }
        if (all && nd == 1)
            axis = 0;
        int incl = truth(v[A_INCLUDE_INITIAL]);
        if (incl < 0)
            goto done;
        /* out shape: flattened, or the input's (one longer with include_initial) */
        rp_intp rshape[RP_MAXDIMS];
        int rnd = axis < 0 ? 1 : nd;
        if (axis < 0)
            rshape[0] = insize;
        else
            memcpy(rshape, in->shape, sizeof(rp_intp) * (size_t)nd);
        int ax = axis < 0 ? 0 : axis;
        if (incl)
            rshape[ax] += 1;
        if (out && check_out_shape(out, rnd, rshape, f) < 0)
            goto done;
        r.res = rp_py_new(acc, rnd, rshape, 'C', 0);
        if (!r.res)
            goto done;
        /* include_initial: the identity first, then the running values */
        rp_array body = r.res->a;
        rp_intp bshape[RP_MAXDIMS];
        memcpy(bshape, rshape, sizeof(rp_intp) * (size_t)rnd);
        if (incl) {
            bshape[ax] -= 1;
            body.shape = bshape;
            char *p0 = r.res->a.data;
            body.data = p0 + r.res->a.strides[ax];
            /* the leading slice along ax */
            rp_intp one[RP_MAXDIMS];
            memcpy(one, rshape, sizeof(rp_intp) * (size_t)rnd);
            one[ax] = 1;
            rp_array lead = {p0, one, r.res->a.strides, rnd, acc};
            bool kax[RP_MAXDIMS] = {false};
            rp_array empty_in = {p0, one, r.res->a.strides, rnd, acc};
            rp_intp zero_shape[RP_MAXDIMS];
            memcpy(zero_shape, one, sizeof(rp_intp) * (size_t)rnd);
            zero_shape[ax] = 0;
            empty_in.shape = zero_shape;
            kax[ax] = true;
            st = rp_reduce(f == F_CUMSUM ? RP_RED_SUM : RP_RED_PROD, &empty_in, kax, &lead, NULL);
        }
        unsigned errors = 0;
        if (st == RP_OK) {
            if (nogil) {
                Py_BEGIN_ALLOW_THREADS
                st = rp_accumulate(f == F_CUMSUM ? RP_RED_SUM : RP_RED_PROD, in, axis, &body,
                                   &errors);
                Py_END_ALLOW_THREADS
            } else
                st = rp_accumulate(f == F_CUMSUM ? RP_RED_SUM : RP_RED_PROD, in, axis, &body,
                                   &errors);
        }
        if (st != RP_OK) {
            raise_status(st, f, fname, in->dtype);
            goto done;
        }
        if (out) {
            unsigned cast_errors = 0;
            if ((st = rp_array_cast(&out->a, &r.res->a, &cast_errors)) != RP_OK) {
                rp_py_raise(st, NULL);
                goto done;
            }
            errors |= cast_errors; /* NumPy's buffered write into out= */
        }
        if (rp_ufunc_report_errors("cast", errors >> RP_ACC_CAST_SHIFT) < 0 ||
            rp_ufunc_report_errors("accumulate", errors & 0xffu) < 0)
            goto done;
        if (out) {
            Py_INCREF(out_orig);
            ret = out_orig;
        } else {
            ret = (PyObject *)r.res;
            r.res = NULL;
        }
        goto done;
    }

    /* The result: keepdims-form shape, the number of elements combined. */
    rp_intp kshape[RP_MAXDIMS], rshape[RP_MAXDIMS];
    int rnd = 0;
    for (int i = 0; i < nd; i++) {
        kshape[i] = axes[i] ? 1 : in->shape[i];
        if (keepdims || !axes[i])
            rshape[rnd++] = kshape[i];
    }
    if (out && check_out_shape(out, rnd, rshape, f) < 0)
        goto done;
    if (out && is_arg && rp_reduce_check_arg_out(out) < 0)
        goto done;
    if (out && (f == F_MIN || f == F_MAX) && out->a.dtype != in->dtype) {
        rp_intp ostr[RP_MAXDIMS];
        for (int i = 0, j = 0; i < nd; i++)
            ostr[i] = (keepdims || !axes[i]) ? out->a.strides[j++] : 0;
        rp_array okd = {out->a.data, kshape, ostr, nd, out->a.dtype};
        unsigned errors = 0;
        st = rp_minmax_via_out(f == F_MIN ? RP_RED_MIN : RP_RED_MAX, in, axes, &okd, loop,
                            has_initial ? initial : NULL, &errors);
        if (st != RP_OK) {
            raise_status(st, f, fname, in->dtype);
            goto done;
        }
        if (rp_ufunc_report_errors("cast", errors >> RP_ACC_CAST_SHIFT) < 0 ||
            rp_ufunc_report_errors("reduce", errors & 0xffu) < 0)
            goto done;
        ret = Py_NewRef(out_orig);
        goto done;
    }
    const rp_intp count = rp_reduce_count(in, axes);
    if (moment_warning(f, fname, in->dtype, (double)count, ddof) < 0)
        goto done;
    /* var/std: NumPy subtracts the mean (of dtype) from the input itself, so
     * int32 - float32 deviations are float64 (squared, then summed in dtype) */
    bool wider_dev = false;
    if ((f == F_VAR || f == F_STD) && given(v[A_DTYPE]) && in->dtype != acc) {
        rp_dtype dts[2] = {in->dtype, acc}, dloop, dres;
        wider_dev = rp_ufunc_resolve(RP_OP_subtract, dts, NULL, &dloop, &dres) == RP_OK &&
                    dloop != acc;
    }
    /* float16 var/std: NumPy's passes each round to half (the mean, the
     * deviations, their squares, their sum), which the steps repeat; so
     * does a float16 mean other than float16's default (summed in float32) */
    const bool half_steps =
        (f == F_VAR || f == F_STD) ? in->dtype == RP_FLOAT16 || acc == RP_FLOAT16
                                   : acc == RP_FLOAT16 && (in->dtype != RP_FLOAT16 || given(v[A_DTYPE]));
    if ((f == F_MEAN || f == F_VAR || f == F_STD) &&
        ((given(v[A_DTYPE]) && rp_dtype_get(acc)->kind != 'f') || (out && out->a.dtype != acc) ||
         wider_dev || half_steps)) {
        ret = rp_moment_steps(fname, (PyObject *)a, v[A_AXIS], v[A_DTYPE], out_orig, keepdims, ddof);
        goto done;
    }
    /* Write straight into out= when it has the accumulation dtype and does
     * not share memory with the input; otherwise into a fresh result first. */
    bool direct = out && out->a.dtype == acc && !rp_arrays_may_overlap(&out->a, in);
    if (direct) {
        r.res = NULL;
        int j = 0;
        for (int i = 0; i < nd; i++) {
            r.kshape[i] = kshape[i];
            r.kstrides[i] = (keepdims || !axes[i]) ? out->a.strides[j++] : 0;
        }
        r.kd = (rp_array){out->a.data, r.kshape, r.kstrides, nd, acc};
    } else if (result_new(&r, acc, nd, kshape, axes, keepdims, out == NULL) < 0)
        goto done;

    unsigned errors = 0;
    PyThreadState *ts = nogil ? PyEval_SaveThread() : NULL;
    switch (f) {
    case F_SUM:
    case F_PROD:
    case F_MIN:
    case F_MAX:
    case F_ANY:
    case F_ALL:
    case F_NNZ: {
        static const rp_reduce_op ops[] = {RP_RED_SUM, RP_RED_PROD, RP_RED_MIN, RP_RED_MAX,
                                           RP_RED_ANY, RP_RED_ALL,  RP_RED_NNZ};
        if (half_mask)
            st = rp_reduce_half_where(ops[f], in, &half_mask->a, axes, &r.kd,
                                      has_initial ? initial : NULL, &errors);
        else
            st = rp_reduce_initial(ops[f], in, axes, &r.kd, has_initial ? initial : NULL,
                                   &errors);
        break;
    }
    case F_NANSUM:
    case F_FMIN:
    case F_FMAX:
    case F_NANCNT: {
        const rp_reduce_op op = f == F_NANSUM ? RP_RED_NANSUM
                                : f == F_FMIN ? RP_RED_FMIN
                                : f == F_FMAX ? RP_RED_FMAX
                                              : RP_RED_NANCNT;
        st = rp_reduce_initial(op, in, axes, &r.kd, has_initial ? initial : NULL, &errors);
        break;
    }
    case F_MEAN: st = rp_reduce_mean(in, axes, &r.kd, &errors); break;
    case F_VAR:
    case F_STD: st = rp_reduce_var(in, axes, &r.kd, ddof, f == F_STD, &errors); break;
    case F_ARGMIN:
    case F_ARGMAX: {
        int axis = -1;
        for (int i = 0; i < nd && !all; i++)
            if (axes[i])
                axis = i;
        st = rp_argreduce(f == F_ARGMAX, in, axis, &r.kd);
        break;
    }
    default: st = RP_EVALUE;
    }
    if (ts)
        PyEval_RestoreThread(ts);

    if (st != RP_OK) {
        raise_status(st, f, fname, in->dtype);
        goto done;
    }
    const bool scalar_result = !out && rnd == 0 && acc == RP_FLOAT64;
    if (report_errors(f, errors, scalar_result) < 0)
        goto done;
    /* 0/0: NumPy's division is under errstate like every other error */
    if (f == F_MEAN && count == 0 && rp_array_size(&r.kd) > 0 &&
        rp_ufunc_report_errors(scalar_result ? "scalar divide" : "divide", RP_UFUNC_INVALID) < 0)
        goto done;
    if (out) {
        if (!direct) {
            /* out seen in keepdims form, so a keepdims=False out lines up */
            rp_intp ostr[RP_MAXDIMS];
            int j = 0;
            for (int i = 0; i < nd; i++)
                ostr[i] = (keepdims || !axes[i]) ? out->a.strides[j++] : 0;
            rp_array okd = {out->a.data, kshape, ostr, nd, out->a.dtype};
            if ((st = rp_array_cast(&okd, &r.kd, &errors)) != RP_OK) {
                rp_py_raise(st, NULL);
                goto done;
            }
            /* NumPy casts into out= inside the reduction */
            if (rp_ufunc_report_errors("reduce", errors) < 0)
                goto done;
        }
        Py_INCREF(out_orig);
        ret = out_orig;
    } else {
        ret = result_finish(&r);
        r.res = NULL;
    }
done:
    Py_XDECREF(r.res);
    Py_XDECREF(out);
    Py_DECREF(a);
    return ret;
}

/* ---- the method tables ------------------------------------------------------------ */

#define FN_MOD(sidx, cname)                                                                        \
    static PyObject *mod_##cname(PyObject *m, PyObject *const *args, Py_ssize_t nargs,             \
                                 PyObject *kwnames)                                                \
    {                                                                                              \
        (void)m;                                                                                   \
        PyObject *v[A_N];                                                                          \
        if (parse(&specs[sidx], #cname, NULL, args, nargs, kwnames, v) < 0)                        \
            return NULL;                                                                           \
        return reduce_call(&specs[sidx], v);                                                       \
    }
#define FN(sidx, cname)                                                                            \
    FN_MOD(sidx, cname)                                                                            \
    static PyObject *meth_##cname(PyObject *self, PyObject *const *args, Py_ssize_t nargs,         \
                                  PyObject *kwnames)                                               \
    {                                                                                              \
        PyObject *v[A_N];                                                                          \
        if (parse(&specs[sidx], #cname, self, args, nargs, kwnames, v) < 0)                        \
            return NULL;                                                                           \
        return reduce_call(&specs[sidx], v);                                                       \
    }
FN(S_SUM, sum)
FN(S_PROD, prod)
FN(S_MIN, min)
FN(S_MAX, max)
FN(S_MIN, amin)
FN(S_MAX, amax)
FN(S_ANY, any)
FN(S_ALL, all)
FN(S_NNZ, count_nonzero)
FN(S_MEAN, mean)
FN(S_VAR, var)
FN(S_STD, std)
FN(S_ARGMIN, argmin)
FN(S_ARGMAX, argmax)
FN(S_CUMSUM, cumsum)
FN(S_CUMPROD, cumprod)
FN(S_CUMULATIVE_SUM, cumulative_sum)
FN(S_CUMULATIVE_PROD, cumulative_prod)
FN(S_SUM_AXIS, sum_axis)
FN(S_MEAN_AXIS, mean_axis)
/* module-only: the NaN-aware kernels raptors._stats calls */
FN_MOD(S_NANSUM, _nansum)
FN_MOD(S_FMIN, _fmin)
FN_MOD(S_FMAX, _fmax)
FN_MOD(S_NANCNT, _nancount)

#define CALL (PyCFunction)(void (*)(void))
#define FLAGS METH_FASTCALL | METH_KEYWORDS
PyMethodDef rp_reduce_methods[] = {
    {"sum", CALL mod_sum, FLAGS, "Sum of array elements over the given axes (numpy.sum)."},
    {"_nansum", CALL mod__nansum, FLAGS, "sum with NaN read as 0 (raptors.nansum's kernel)."},
    {"_fmin", CALL mod__fmin, FLAGS, "numpy.fmin.reduce (raptors.nanmin's kernel)."},
    {"_fmax", CALL mod__fmax, FLAGS, "numpy.fmax.reduce (raptors.nanmax's kernel)."},
    {"_nancount", CALL mod__nancount, FLAGS, "Elements that are not NaN (raptors.nanmean's count)."},
    {"prod", CALL mod_prod, FLAGS, "Product of array elements (numpy.prod)."},
    {"min", CALL mod_min, FLAGS, "Minimum, NaN-propagating (numpy.min)."},
    {"max", CALL mod_max, FLAGS, "Maximum, NaN-propagating (numpy.max)."},
    {"amin", CALL mod_amin, FLAGS, "Alias of min."},
    {"amax", CALL mod_amax, FLAGS, "Alias of max."},
    {"any", CALL mod_any, FLAGS, "Whether any element is nonzero (numpy.any)."},
    {"all", CALL mod_all, FLAGS, "Whether all elements are nonzero (numpy.all)."},
    {"count_nonzero", CALL mod_count_nonzero, FLAGS, "Number of nonzero elements."},
    {"mean", CALL mod_mean, FLAGS, "Arithmetic mean (numpy.mean)."},
    {"var", CALL mod_var, FLAGS, "Variance (numpy.var)."},
    {"std", CALL mod_std, FLAGS, "Standard deviation (numpy.std)."},
    {"argmin", CALL mod_argmin, FLAGS, "Index of the first minimum (NaN first)."},
    {"argmax", CALL mod_argmax, FLAGS, "Index of the first maximum (NaN first)."},
    {"cumsum", CALL mod_cumsum, FLAGS, "Cumulative sum (numpy.cumsum)."},
    {"cumprod", CALL mod_cumprod, FLAGS, "Cumulative product (numpy.cumprod)."},
    {"cumulative_sum", CALL mod_cumulative_sum, FLAGS, "numpy.cumulative_sum."},
    {"cumulative_prod", CALL mod_cumulative_prod, FLAGS, "numpy.cumulative_prod."},
    {NULL, NULL, 0, NULL},
};

PyMethodDef rp_reduce_type_methods[] = {
    {"sum", CALL meth_sum, FLAGS, "a.sum(axis=None, dtype=None, out=None, keepdims=False)"},
    {"prod", CALL meth_prod, FLAGS, "a.prod(axis=None, dtype=None, out=None, keepdims=False)"},
    {"min", CALL meth_min, FLAGS, "a.min(axis=None, out=None, keepdims=False)"},
    {"max", CALL meth_max, FLAGS, "a.max(axis=None, out=None, keepdims=False)"},
    {"any", CALL meth_any, FLAGS, "a.any(axis=None, out=None, keepdims=False)"},
    {"all", CALL meth_all, FLAGS, "a.all(axis=None, out=None, keepdims=False)"},
    {"mean", CALL meth_mean, FLAGS, "a.mean(axis=None, dtype=None, out=None, keepdims=False)"},
    {"var", CALL meth_var, FLAGS, "a.var(axis=None, dtype=None, out=None, ddof=0, keepdims=False)"},
    {"std", CALL meth_std, FLAGS, "a.std(axis=None, dtype=None, out=None, ddof=0, keepdims=False)"},
    {"argmin", CALL meth_argmin, FLAGS, "a.argmin(axis=None, out=None, *, keepdims=False)"},
    {"argmax", CALL meth_argmax, FLAGS, "a.argmax(axis=None, out=None, *, keepdims=False)"},
    {"cumsum", CALL meth_cumsum, FLAGS, "a.cumsum(axis=None, dtype=None, out=None)"},
    {"cumprod", CALL meth_cumprod, FLAGS, "a.cumprod(axis=None, dtype=None, out=None)"},
    {"sum_axis", CALL meth_sum_axis, FLAGS, "x.sum_axis(axis): x.sum(axis=axis)"},
    {"mean_axis", CALL meth_mean_axis, FLAGS, "x.mean_axis(axis): x.mean(axis=axis)"},
    {NULL, NULL, 0, NULL},
};

int rp_reduce_init(PyObject *module)
{
    (void)module;
    for (int i = 0; i < A_N; i++) {
        if (!argnames_str[i] && !(argnames_str[i] = PyUnicode_InternFromString(argnames[i])))
            return -1;
    }
    return 0;
}
