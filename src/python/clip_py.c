/*
 * clip and three-argument where: the two elementwise functions whose
 * Python signatures are not a ufunc's (bounds by several names, a bound
 * that may be missing or dropped; where's fixed arity), both run as the
 * ops of include/raptors/ops.def they reduce to.
 */
#include "ufunc_call.h"

#include <limits.h>
#include <string.h>

static PyObject *clip_bounded(PyObject *a, PyObject *lo, PyObject *hi, const call_opts *po);

/* clip(a, a_min, a_max, out=None): a missing bound is a one-sided clip. */
static PyObject *py_clip_fn(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    PyObject *a = NULL, *lo = Py_None, *hi = Py_None;
    call_opts o = {NULL, -1, RP_CASTING_SAME_KIND, 0};
    if (nargs < 1 || nargs > 4) {
        PyErr_SetString(PyExc_TypeError, "clip() takes from 1 to 4 positional arguments");
        return NULL;
    }
    a = args[0];
    if (nargs > 1)
        lo = args[1];
    if (nargs > 2)
        hi = args[2];
    if (nargs > 3 && rp_ops_set_out(&o, args[3]) < 0)
        return NULL;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k), *v = args[nargs + k];
        const char *s = PyUnicode_AsUTF8(key);
        if (!s)
            return NULL;
        if (!strcmp(s, "a_min") || !strcmp(s, "min"))
            lo = v;
        else if (!strcmp(s, "a_max") || !strcmp(s, "max"))
            hi = v;
        else if (!strcmp(s, "out")) {
            if (rp_ops_set_out(&o, v) < 0)
                return NULL;
        } else if (!strcmp(s, "dtype")) {
            rp_dtype dt;
            if (v != Py_None) {
                if (rp_py_dtype_from_obj(v, &dt) < 0)
                    return NULL;
                o.dtype = dt;
            }
        } else if (!strcmp(s, "casting")) {
            if (rp_py_parse_casting(v, &o.casting) < 0)
                return NULL;
        } else {
            PyErr_Format(PyExc_TypeError, "clip() got an unexpected keyword argument '%U'", key);
            return NULL;
        }
    }
    /* NumPy (_methods._clip) drops a Python int bound at or beyond an
     * integer array's own range instead of raising (np.clip(int8_array, 0,
     * 1000) is fine): a_min <= iinfo.min, a_max >= iinfo.max. The bound is
     * dropped, not clamped, so it never narrows a result dtype the other
     * operands widen (clip(uint8, int32_array, -129) is -129). */
    if (RpArray_Check(a) && strchr("iu", rp_dtype_get(((RpArrayObject *)a)->a.dtype)->kind)) {
        rp_dtype adt = ((RpArrayObject *)a)->a.dtype;
        bool is_unsigned = rp_dtype_get(adt)->kind == 'u';
        size_t bits = 8 * rp_dtype_size(adt);
        PyObject *lim[2];
        lim[0] = is_unsigned ? PyLong_FromLong(0)
                             : PyLong_FromLongLong(bits == 64 ? INT64_MIN : -(1ll << (bits - 1)));
        lim[1] = is_unsigned ? PyLong_FromUnsignedLongLong(bits == 64 ? UINT64_MAX : (1ull << bits) - 1)
                             : PyLong_FromLongLong((long long)((1ull << (bits - 1)) - 1));
        PyObject **bounds[2] = {&lo, &hi};
        int err = !lim[0] || !lim[1];
        for (int k = 0; k < 2 && !err; k++) {
            if (!PyLong_CheckExact(*bounds[k]))
                continue;
            int beyond = PyObject_RichCompareBool(*bounds[k], lim[k], k == 0 ? Py_LE : Py_GE);
            if (beyond < 0)
                err = 1;
            else if (beyond)
                *bounds[k] = Py_None;
        }
        Py_XDECREF(lim[0]);
        Py_XDECREF(lim[1]);
        if (err)
            return NULL;
    }
    return clip_bounded(a, lo, hi, &o);
}

static PyObject *clip_bounded(PyObject *a, PyObject *lo, PyObject *hi, const call_opts *po)
{
    call_opts o = *po;
    if (lo == Py_None && hi == Py_None) {
        /* NumPy 2.1+: no bounds is a copy (through positive keeps dtype). */
        PyObject *in[1] = {a};
        RpArrayObject *arr = rp_py_asarray(a, -1);
        if (!arr)
            return NULL;
        rp_op op = arr->a.dtype == RP_BOOL ? RP_OP_absolute : RP_OP_positive;
        Py_DECREF(arr);
        return rp_ufunc_apply(op, in, &o, false);
    }
    if (lo == Py_None || hi == Py_None) {
        PyObject *in[2] = {a, lo == Py_None ? hi : lo};
        return rp_ufunc_apply(lo == Py_None ? RP_OP_minimum : RP_OP_maximum, in, &o, false);
    }
    PyObject *in[3] = {a, lo, hi};
    return rp_ufunc_apply(RP_OP_clip, in, &o, false);
}

/* where(condition, x, y); where(condition) is nonzero (done in Python). */
static PyObject *py_where_fn(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    if (kwnames && PyTuple_GET_SIZE(kwnames)) {
        PyErr_SetString(PyExc_TypeError, "where() takes no keyword arguments");
        return NULL;
    }
    if (nargs != 3) {
        PyErr_SetString(PyExc_ValueError, "either both or neither of x and y should be given");
        return NULL;
    }
    call_opts o = {NULL, -1, RP_CASTING_SAME_KIND, 0, true};
    return rp_ufunc_apply(RP_OP_where, args, &o, false);
}

/* ---- array method ---- */

static PyObject *m_clip(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *all[RP_METHOD_ARGS];
    if (rp_method_args(self, args, nargs, kwnames, all, "clip") < 0)
        return NULL;
    return py_clip_fn(NULL, all, nargs + 1, kwnames);
}

PyMethodDef rp_clip_methods[] = {
    {"_clip", (PyCFunction)(void (*)(void))py_clip_fn, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"_where3", (PyCFunction)(void (*)(void))py_where_fn, METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

PyMethodDef rp_clip_type_methods[] = {
    {"clip", (PyCFunction)(void (*)(void))m_clip, METH_FASTCALL | METH_KEYWORDS,
     "clip(min=None, max=None, out=None)"},
    {NULL, NULL, 0, NULL},
};
