/*
 * The ndarray's operators (number slots and rich comparison): NumPy's
 * operator rules on top of the elementwise call in ops.c, and a shortcut
 * for small contiguous operands, where the general call's bookkeeping
 * costs more than the arithmetic.
 */
#include "ufunc_call.h"

#include <math.h>
#include <string.h>

/*
 * The operators' small-call path: exact raptors arrays, C-contiguous, of
 * one shape and the loop's dtype, or one of them a Python int/float, below
 * the size where the GIL is released. Resolution is the general path's;
 * what it skips is the operand records, broadcasting and the driver's
 * layout analysis, which cost more than the arithmetic at these sizes.
 * Returns NULL with no exception set when the call is not of that kind.
 */
static PyObject *small_binop(rp_op op, PyObject *a, PyObject *b)
{
    PyObject *in[2] = {a, b};
    RpArrayObject *arr = NULL;
    rp_dtype dts[2];
    rp_weak weak[2];
    _Alignas(16) char scalar[16]; /* the widest item, complex128 */
    char *args[3];
    rp_intp steps[3];
    for (int i = 0; i < 2; i++) {
        PyObject *o = in[i];
        if (Py_IS_TYPE(o, RpArray_Type)) {
            RpArrayObject *x = (RpArrayObject *)o;
            if (!(x->flags & RP_F_C_CONTIG) || x->a.ndim == 0)
                return NULL;
            if (arr && (arr->a.ndim != x->a.ndim ||
                        memcmp(arr->a.shape, x->a.shape, sizeof(rp_intp) * (size_t)x->a.ndim)))
                return NULL;
            arr = x;
            dts[i] = x->a.dtype;
            weak[i] = RP_WEAK_NONE;
            args[i] = x->a.data;
            steps[i] = (rp_intp)rp_dtype_size(x->a.dtype);
        } else if (PyFloat_CheckExact(o) || PyLong_CheckExact(o)) {
            dts[i] = RP_BOOL;
            weak[i] = PyFloat_CheckExact(o) ? RP_WEAK_FLOAT : RP_WEAK_INT;
            args[i] = scalar;
            steps[i] = 0;
        } else
            return NULL;
    }
    if (!arr)
        return NULL;
    rp_intp n = rp_array_size(&arr->a);
    rp_dtype loop, outdt;
    if (n >= RP_NOGIL_MIN || rp_ufunc_resolve(op, dts, weak, &loop, &outdt) != RP_OK ||
        loop == RP_FLOAT16) /* (computed in float32 through the general path's casts) */
        return NULL;
    for (int i = 0; i < 2; i++)
        if (weak[i] == RP_WEAK_NONE ? dts[i] != loop : rp_py_store_scalar(in[i], loop, scalar) != 0) {
            /* a cast, or a scalar the loop cannot hold: the general path
             * does it (and raises what NumPy raises) */
            PyErr_Clear();
            return NULL;
        } else if (weak[i] != RP_WEAK_NONE && loop == RP_FLOAT32 && isinf(*(float *)scalar))
            return NULL; /* may be an overflow the general path reports as NumPy */
    RpArrayObject *out = rp_py_new(outdt, arr->a.ndim, arr->a.shape, 'C', 0);
    if (!out)
        return NULL;
    args[2] = out->a.data;
    steps[2] = (rp_intp)rp_dtype_size(outdt);
    unsigned errors = 0;
    rp_status st = rp_ufunc_run_contig(op, loop, args, steps, n, NULL, &errors);
    if (st != RP_OK || (errors && rp_ufunc_report_errors(rp_op_get(op)->name, errors) < 0)) {
        if (st != RP_OK)
            rp_ufunc_run_error(st, errors);
        Py_DECREF(out);
        return NULL;
    }
    return (PyObject *)out;
}

/* The general call with the operators' options: result into out (NULL:
 * a new array), the default dtype and same_kind casting. */
static PyObject *operator_call(rp_op op, PyObject *const *in, PyObject *out, bool for_operator)
{
    call_opts o = {out, -1, RP_CASTING_SAME_KIND, 0};
    return rp_ufunc_apply(op, in, &o, for_operator);
}

PyObject *rp_py_binop(rp_op op, PyObject *a, PyObject *b)
{
    PyObject *r = small_binop(op, a, b);
    if (r || PyErr_Occurred())
        return r;
    PyObject *in[2] = {a, b};
    return operator_call(op, in, NULL, true);
}

static PyObject *inplace(rp_op op, PyObject *a, PyObject *b)
{
    PyObject *in[2] = {a, b};
    return operator_call(op, in, a, true);
}

static PyObject *unop(rp_op op, PyObject *a) { return operator_call(op, &a, NULL, false); }

#define BINOPS(slot, op)                                                                           \
    static PyObject *nb_##slot(PyObject *a, PyObject *b) { return rp_py_binop(RP_OP_##op, a, b); }       \
    static PyObject *nb_inplace_##slot(PyObject *a, PyObject *b)                                   \
    {                                                                                              \
        return inplace(RP_OP_##op, a, b);                                                          \
    }
BINOPS(add, add)
BINOPS(subtract, subtract)
BINOPS(multiply, multiply)
BINOPS(true_divide, divide)
BINOPS(floor_divide, floor_divide)
BINOPS(remainder, remainder)
BINOPS(and, bitwise_and)
BINOPS(or, bitwise_or)
BINOPS(xor, bitwise_xor)
BINOPS(lshift, left_shift)
BINOPS(rshift, right_shift)

/* NumPy's operator fast paths for a scalar exponent, in place too: a
 * Python int 2 is square (so a bool array squared is int8), and on float
 * arrays the int -1 is reciprocal and the float 0.5 sqrt -- exact where
 * pow() would only be within an ULP, and reporting under those names.
 * The floats 2.0 and -1.0 are power's (NumPy 2's fast_scalar_power). */
static int power_shortcut(PyObject *a, PyObject *b)
{
    if (!RpArray_Check(a))
        return -1;
    rp_dtype dt = ((RpArrayObject *)a)->a.dtype;
    /* complex arrays take the same shortcuts (NumPy's fast_scalar_power);
     * while square or reciprocal has no complex loop, power computes them */
    const char kind = rp_dtype_get(dt)->kind;
    const bool is_float = kind == 'f' || kind == 'c';
    if (PyLong_CheckExact(b)) {
        int overflow = 0;
        long e = PyLong_AsLongAndOverflow(b, &overflow);
        if (e == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return -1;
        }
        if (overflow)
            return -1;
        if (e == 2 && (is_float || dt == RP_BOOL) &&
            (kind != 'c' || rp_ufunc_has_loop(RP_OP_square, dt)))
            return RP_OP_square;
        if (e == -1 && is_float && (kind != 'c' || rp_ufunc_has_loop(RP_OP_reciprocal, dt)))
            return RP_OP_reciprocal;
    } else if (PyFloat_CheckExact(b) && PyFloat_AS_DOUBLE(b) == 0.5 && is_float)
        return RP_OP_sqrt;
    return -1;
}

static PyObject *nb_power(PyObject *a, PyObject *b, PyObject *mod)
{
    if (mod != Py_None)
        Py_RETURN_NOTIMPLEMENTED;
    int sc = power_shortcut(a, b);
    if (sc >= 0)
        return unop((rp_op)sc, a);
    return rp_py_binop(RP_OP_power, a, b);
}

static PyObject *nb_inplace_power(PyObject *a, PyObject *b, PyObject *mod)
{
    if (mod != Py_None)
        Py_RETURN_NOTIMPLEMENTED;
    int sc = power_shortcut(a, b);
    if (sc >= 0)
        return operator_call((rp_op)sc, &a, a, true);
    return inplace(RP_OP_power, a, b);
}

static PyObject *nb_divmod(PyObject *a, PyObject *b)
{
    /* NumPy's divmod is one ufunc: its errors are reported once, "in divmod" */
    rp_fperr_defer();
    PyObject *q = rp_py_binop(RP_OP_floor_divide, a, b);
    PyObject *r = q && q != Py_NotImplemented ? rp_py_binop(RP_OP_remainder, a, b) : NULL;
    int rep = rp_fperr_report_deferred(PyErr_Occurred() ? NULL : "divmod");
    if (!q || q == Py_NotImplemented)
        return q;
    if (!r || r == Py_NotImplemented || rep < 0) {
        Py_DECREF(q);
        if (rep < 0 && r && r != Py_NotImplemented) {
            Py_DECREF(r);
            return NULL;
        }
        return r;
    }
    PyObject *t = PyTuple_Pack(2, q, r);
    Py_DECREF(q);
    Py_DECREF(r);
    return t;
}

static PyObject *nb_negative(PyObject *a) { return unop(RP_OP_negative, a); }
static PyObject *nb_positive(PyObject *a) { return unop(RP_OP_positive, a); }
static PyObject *nb_absolute(PyObject *a) { return unop(RP_OP_absolute, a); }
static PyObject *nb_invert(PyObject *a) { return unop(RP_OP_invert, a); }

static PyObject *richcompare(PyObject *a, PyObject *b, int cmp)
{
    static const rp_op map[] = {
        [Py_LT] = RP_OP_less,  [Py_LE] = RP_OP_less_equal, [Py_EQ] = RP_OP_equal,
        [Py_NE] = RP_OP_not_equal, [Py_GT] = RP_OP_greater, [Py_GE] = RP_OP_greater_equal,
    };
    PyObject *r = rp_py_binop(map[cmp], a, b);
    if (r == Py_NotImplemented && (cmp == Py_EQ || cmp == Py_NE) && RpArray_Check(a)) {
        /* NumPy compares with anything: an object it cannot convert is
         * simply unequal to every element. */
        Py_DECREF(r);
        RpArrayObject *self = (RpArrayObject *)a;
        RpArrayObject *out = rp_py_new(RP_BOOL, self->a.ndim, self->a.shape, 'C', 0);
        if (out && cmp == Py_NE) {
            uint8_t one = 1;
            rp_array src = {(char *)&one, NULL, NULL, 0, RP_BOOL};
            rp_array_copy(&out->a, &src);
        } else if (out) {
            memset(out->a.data, 0, (size_t)rp_array_size(&out->a));
        }
        return (PyObject *)out;
    }
    return r;
}

PyType_Slot rp_ops_slots[] = {
    {Py_nb_add, nb_add},
    {Py_nb_subtract, nb_subtract},
    {Py_nb_multiply, nb_multiply},
    {Py_nb_true_divide, nb_true_divide},
    {Py_nb_floor_divide, nb_floor_divide},
    {Py_nb_remainder, nb_remainder},
    {Py_nb_power, nb_power},
    {Py_nb_divmod, nb_divmod},
    {Py_nb_and, nb_and},
    {Py_nb_or, nb_or},
    {Py_nb_xor, nb_xor},
    {Py_nb_lshift, nb_lshift},
    {Py_nb_rshift, nb_rshift},
    {Py_nb_inplace_add, nb_inplace_add},
    {Py_nb_inplace_subtract, nb_inplace_subtract},
    {Py_nb_inplace_multiply, nb_inplace_multiply},
    {Py_nb_inplace_true_divide, nb_inplace_true_divide},
    {Py_nb_inplace_floor_divide, nb_inplace_floor_divide},
    {Py_nb_inplace_remainder, nb_inplace_remainder},
    {Py_nb_inplace_power, nb_inplace_power},
    {Py_nb_inplace_and, nb_inplace_and},
    {Py_nb_inplace_or, nb_inplace_or},
    {Py_nb_inplace_xor, nb_inplace_xor},
    {Py_nb_inplace_lshift, nb_inplace_lshift},
    {Py_nb_inplace_rshift, nb_inplace_rshift},
    {Py_nb_negative, nb_negative},
    {Py_nb_positive, nb_positive},
    {Py_nb_absolute, nb_absolute},
    {Py_nb_invert, nb_invert},
    {Py_nb_matrix_multiply, rp_nb_matmul},
    {Py_tp_richcompare, richcompare},
    {0, NULL},
};

