/*
 * round(a, decimals, out=): NumPy's np.round is not a ufunc but a function
 * of three ufunc steps (or an assignment, for integers); the round kernel
 * covers the common cases, this file the ones that differ.
 */
#include "ufunc_call.h"

#include <math.h>
#include <string.h>

/* round(a, decimals, out=o). NumPy's round is not a ufunc but three of
 * them -- scale (divide or multiply by 10^|decimals|) into out, rint in
 * place, unscale in place -- so only the first step runs in the input's
 * loop (float64 for integers) and the others in out's dtype. The round
 * kernel does all three in the input's dtype and casts once, which is the
 * same for a float out of the input's own dtype; a float out of another
 * (round(uint32, -1, out=float32): the quotient is rounded to float32;
 * round(int16, -1, out=float64): no int16 wrap-around, -0.0 kept) runs
 * NumPy's three steps. */
PyObject *rp_round_apply(PyObject *a, const call_opts *o)
{
    PyObject *in[1] = {a};
    if (RpArray_Check(a) && rp_dtype_get(((RpArrayObject *)a)->a.dtype)->kind == 'c')
        return rp_round_complex((RpArrayObject *)a, o);
    /* a bool to 0 decimals is NumPy's rint (float16 there, float32 here:
     * docs/ufuncs.md), not the integers' copy */
    const bool is_bool = (RpArray_Check(a) && ((RpArrayObject *)a)->a.dtype == RP_BOOL) ||
                         PyBool_Check(a) || !strcmp(Py_TYPE(a)->tp_name, "numpy.bool");
    const rp_op plain = is_bool && o->decimals == 0 && o->dtype == -1 ? RP_OP_rint : RP_OP_round;
    if (!o->out)
        return rp_ufunc_apply(plain, in, o, false);
    /* out may be any writable buffer (a NumPy array): its dtype decides */
    RpArrayObject *oa = NULL;
    if (RpArray_Check(o->out))
        oa = (RpArrayObject *)Py_NewRef(o->out);
    else if (PyObject_CheckBuffer(o->out)) {
        int unsupported = 0;
        oa = rp_py_from_buffer(o->out, &unsupported);
        PyErr_Clear(); /* the plain path reports it */
    }
    if (!oa)
        return rp_ufunc_apply(plain, in, o, false);
    /* NumPy's round checks only that out has as many elements as a (it
     * then broadcasts as its steps do): no out of a larger shape */
    RpArrayObject *aa = rp_py_asarray(a, -1);
    if (!aa) {
        Py_DECREF(oa);
        return NULL;
    }
    const bool same_size = rp_array_size(&aa->a) == rp_array_size(&oa->a);
    Py_DECREF(aa);
    if (!same_size) {
        Py_DECREF(oa);
        PyErr_SetString(PyExc_ValueError, "invalid output shape");
        return NULL;
    }
    if (plain == RP_OP_rint) {
        Py_DECREF(oa);
        return rp_ufunc_apply(RP_OP_rint, in, o, false);
    }
    rp_dtype adt = RpArray_Check(a) ? ((RpArrayObject *)a)->a.dtype : RP_BOOL, odt = oa->a.dtype;
    char kind = rp_dtype_get(adt)->kind;
    if ((kind == 'i' || kind == 'u') && o->decimals >= 0 && o->dtype == -1 &&
        RpArray_Check(a)) {
        /* NumPy's round of integers to decimals >= 0 is an assignment into
         * out (same_kind, leading unit axes of a dropped): (1, 3) into (3,) */
        Py_DECREF(oa);
        PyObject *copyto = rp_py_module_attr("raptors", "copyto");
        PyObject *args = copyto ? Py_BuildValue("(OO)", o->out, a) : NULL;
        PyObject *kw = args ? Py_BuildValue("{s:s}", "casting", "same_kind") : NULL;
        PyObject *r = kw ? PyObject_Call(copyto, args, kw) : NULL;
        Py_XDECREF(copyto);
        Py_XDECREF(args);
        Py_XDECREF(kw);
        if (!r)
            return NULL;
        Py_DECREF(r);
        return Py_NewRef(o->out);
    }
    bool scaled = kind == 'f' || ((kind == 'i' || kind == 'u') && o->decimals < 0);
    if (o->dtype != -1 || o->decimals == 0 || !RpArray_Check(a) || !scaled ||
        rp_dtype_get(odt)->kind != 'f' || (kind == 'f' && odt == adt)) {
        Py_DECREF(oa);
        return rp_ufunc_apply(RP_OP_round, in, o, false);
    }
    int d = o->decimals < 0 ? -o->decimals : o->decimals;
    PyObject *f = PyFloat_FromDouble(pow(10.0, d));
    if (!f) {
        Py_DECREF(oa);
        return NULL;
    }
    call_opts step = {(PyObject *)oa, -1, o->casting, 0, false};
    PyObject *scale[2] = {a, f}, *unscale[2] = {(PyObject *)oa, f}, *place[1] = {(PyObject *)oa};
    PyObject *r = rp_ufunc_apply(o->decimals < 0 ? RP_OP_divide : RP_OP_multiply, scale, &step,
                                 false);
    for (int k = 0; k < 2 && r; k++) {
        Py_DECREF(r);
        r = k == 0 ? rp_ufunc_apply(RP_OP_rint, place, &step, false)
                   : rp_ufunc_apply(o->decimals < 0 ? RP_OP_multiply : RP_OP_divide, unscale,
                                    &step, false);
    }
    Py_DECREF(f);
    Py_DECREF(oa);
    if (!r)
        return NULL;
    Py_DECREF(r);
    return Py_NewRef(o->out);
}

