/*
 * Reductions with an out= of another dtype or an initial=: NumPy's loop is
 * the op's for (out, input), out itself is the accumulator it starts from,
 * and initial= is converted to that loop's dtype (reduce_py.c calls these).
 */
#include "reduce_out.h"

#include <math.h>
#include <string.h>

/* min/max into an out= of another dtype, NumPy's way: the loop is the op's
 * for (out, input), and out itself is the accumulator it starts from. With
 * initial= (already in the loop dtype) out is first filled with it, so the
 * initial passes through out's dtype: min(int64, initial=65536, out=int16)
 * starts from 0. Without, out is filled with the first elements. */
rp_status rp_minmax_via_out(rp_reduce_op op, const rp_array *in, const bool *axes,
                                const rp_array *okd, rp_dtype loop, const char *initial,
                                unsigned *errors)
{
    if (!initial && rp_reduce_count(in, axes) == 0)
        return RP_EVALUE;
    RpArrayObject *tmp = rp_py_new(loop, in->ndim, in->shape, 'C', 0);
    RpArrayObject *res = tmp ? rp_py_new(loop, okd->ndim, okd->shape, 'C', 0) : NULL;
    if (!res) {
        Py_XDECREF(tmp);
        return RP_ENOMEM;
    }
    unsigned e[4] = {0, 0, 0, 0};
    rp_status st = rp_array_cast(&tmp->a, in, &e[0]);
    if (initial) {
        /* the initial's round trip through out's dtype, as a scalar */
        _Alignas(16) char through[16], back[16];
        const rp_array s_loop = {(char *)initial, okd->shape, okd->strides, 0, loop};
        const rp_array s_out = {through, okd->shape, okd->strides, 0, okd->dtype};
        const rp_array s_back = {back, okd->shape, okd->strides, 0, loop};
        if (st == RP_OK)
            st = rp_array_cast(&s_out, &s_loop, &e[1]);
        if (st == RP_OK)
            st = rp_array_cast(&s_back, &s_out, &e[2]);
        if (st == RP_OK)
            st = rp_reduce_initial(op, &tmp->a, axes, &res->a, back, NULL);
    } else {
        const rp_array first = {in->data, okd->shape, in->strides, in->ndim, in->dtype};
        const rp_array tfirst = {tmp->a.data, okd->shape, tmp->a.strides, in->ndim, loop};
        if (st == RP_OK)
            st = rp_array_cast(okd, &first, &e[1]);
        if (st == RP_OK)
            st = rp_array_cast(&tfirst, okd, &e[2]);
        if (st == RP_OK)
            st = rp_reduce(op, &tmp->a, axes, &res->a, NULL);
    }
    if (st == RP_OK)
        st = rp_array_cast(okd, &res->a, &e[3]);
    /* NumPy reports the copy into out (of the first elements or of initial) as a cast;
     * into an empty out (then the input is empty too) it writes nothing, reports nothing */
    *errors = rp_array_size(okd) ? e[1] << RP_ACC_CAST_SHIFT | e[0] | e[2] | e[3] : 0;
    Py_DECREF(tmp);
    Py_DECREF(res);
    return st;
}

/* argmin/argmax write an intp; NumPy takes an out= whose dtype casts to it
 * safely (then writes it back unsafely). */
int rp_reduce_check_arg_out(const RpArrayObject *out)
{
    if (rp_can_cast(out->a.dtype, RP_INT64, RP_CASTING_SAFE))
        return 0;
    PyErr_Format(PyExc_TypeError,
                 "Cannot cast scalar from %R to %R according to the rule 'safe'",
                 rp_py_dtype_obj(out->a.dtype), rp_py_dtype_obj(RP_INT64));
    return -1;
}

/* mean/var/std in an integer or bool dtype, or into an out= of another
 * dtype: NumPy's pass-by-pass algorithm, where each pass rounds (or wraps)
 * in that dtype, is raptors._reductions._moment_steps. */
PyObject *rp_moment_steps(const char *name, PyObject *a, PyObject *axis, PyObject *dtype,
                              PyObject *out, int keepdims, double ddof)
{
    static PyObject *fn;
    if (!rp_py_cached_attr(&fn, "raptors._reductions", "_moment_steps"))
        return NULL;
    return PyObject_CallFunction(fn, "sOOOOOd", name, a, axis ? axis : Py_None,
                                 dtype ? dtype : Py_None, out ? out : Py_None,
                                 keepdims ? Py_True : Py_False, ddof);
}

/* initial= in the loop's dtype: a Python float beyond float32 is NumPy's
 * "overflow encountered in cast" (under errstate), like any cast. */
int rp_reduce_store_initial(PyObject *value, rp_dtype dt, char *p)
{
    int r = rp_py_store_scalar(value, dt, p);
    if (r > 0) {
        /* a NumPy (or raptors) scalar or 0-d array: by its Python value */
        PyObject *py = PyObject_CallMethod(value, "item", NULL);
        if (!py) {
            PyErr_Clear();
            py = PyIndex_Check(value) ? PyNumber_Index(value) : PyNumber_Float(value);
        }
        if (!py)
            return -1;
        r = rp_py_store_scalar(py, dt, p);
        Py_DECREF(py);
        if (r > 0) {
            PyErr_Format(PyExc_TypeError, "initial: cannot convert %R to %s", value,
                         rp_dtype_get(dt)->name);
            return -1;
        }
    }
    if (r == 0 && (PyFloat_Check(value) || PyLong_Check(value)) &&
        rp_py_scalar_overflowed(value, dt, p))
        return rp_ufunc_report_errors("cast", RP_UFUNC_OVERFLOW);
    return r;
}

/* initial (in dtype `from`) cast into out's dtype and from there into `to`,
 * in place; the first cast's errors are NumPy's "in cast", reported when
 * NumPy fills an out of `out_size` elements with it (none for an empty out). */
int rp_initial_through_out(char *initial, rp_dtype from, rp_dtype out_dt, rp_dtype to,
                           rp_intp out_size)
{
    _Alignas(16) char through[16];
    rp_intp none[1] = {0};
    const rp_array s_from = {initial, none, none, 0, from};
    const rp_array s_out = {through, none, none, 0, out_dt};
    const rp_array s_to = {initial, none, none, 0, to};
    unsigned e = 0, e2 = 0;
    rp_status st = rp_array_cast(&s_out, &s_from, &e);
    if (st == RP_OK)
        st = rp_array_cast(&s_to, &s_out, &e2);
    if (st != RP_OK) {
        rp_py_raise(st, NULL);
        return -1;
    }
    return out_size ? rp_ufunc_report_errors("cast", e) : 0;
}

