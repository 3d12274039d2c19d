/*
 * Elementwise functions (the operators are in operators.c, on the same
 * call): one generic call path for every op
 * of include/raptors/ops.def (parse -> classify operands -> resolve the
 * loop -> broadcast -> allocate -> run with the GIL released above a size
 * -> turn error bits into NumPy's warnings).
 *
 * Python bool/int/float operands are NEP 50 "weak" scalars: they never go
 * through NumPy, they are stored straight into the loop dtype (an int that
 * does not fit raises OverflowError, as in NumPy 2).
 */
#include "ufunc_call.h"

#include "half.h"

#include <limits.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>



static PyObject *s_out, *s_dtype, *s_casting, *s_where, *s_decimals, *s_order, *s_subok;

/* PyLong_AsInt is 3.13+. */
static int as_int(PyObject *v)
{
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    if (x > INT_MAX || x < INT_MIN) {
        PyErr_SetString(PyExc_OverflowError, "decimals out of range");
        return -1;
    }
    return (int)x;
}

/* ---- operands ---- */

typedef struct {
    PyObject *obj;       /* the caller's object (borrowed) */
    RpArrayObject *arr;  /* new reference; NULL for a weak scalar */
    rp_weak weak;        /* RP_WEAK_* for Python scalars */
    rp_array desc;       /* the descriptor handed to the driver */
    _Alignas(16) char scalar[16]; /* the widest item, complex128 */
} operand;

static void release(operand *ops, int n)
{
    for (int i = 0; i < n; i++)
        Py_CLEAR(ops[i].arr);
}

/* 0 ok; -1 error set; 1 "not an array-like we can use" (operators then
 * return NotImplemented). */
static int classify(PyObject *obj, operand *o, bool for_operator)
{
    o->obj = obj;
    o->arr = NULL;
    o->weak = RP_WEAK_NONE;
    if (RpArray_Check(obj)) {
        o->arr = (RpArrayObject *)Py_NewRef(obj);
        o->desc = o->arr->a;
        return 0;
    }
    if (PyBool_Check(obj))
        o->weak = RP_WEAK_BOOL;
    else if (PyLong_CheckExact(obj))
        o->weak = RP_WEAK_INT;
    else if (PyFloat_CheckExact(obj))
        o->weak = RP_WEAK_FLOAT;
    else if (PyComplex_CheckExact(obj))
        o->weak = RP_WEAK_COMPLEX;
    if (o->weak != RP_WEAK_NONE) {
        o->desc.data = o->scalar;
        o->desc.shape = o->desc.strides = NULL;
        o->desc.ndim = 0;
        return 0;
    }
    if (for_operator && (obj == Py_None || PyUnicode_Check(obj) || PyBytes_Check(obj)))
        return 1;
    o->arr = rp_py_asarray(obj, -1);
    if (!o->arr) {
        if (for_operator && PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            return 1;
        }
        return -1;
    }
    o->desc = o->arr->a;
    return 0;
}

/* ---- messages ---- */

PyObject *rp_py_shape_str(int ndim, const rp_intp *shape)
{
    PyObject *parts = PyList_New(0);
    if (!parts)
        return NULL;
    for (int i = 0; i < ndim; i++) {
        PyObject *s = PyUnicode_FromFormat("%zd", (Py_ssize_t)shape[i]);
        if (!s || PyList_Append(parts, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(parts);
            return NULL;
        }
        Py_DECREF(s);
    }
    PyObject *comma = PyUnicode_FromString(",");
    PyObject *joined = comma ? PyUnicode_Join(comma, parts) : NULL;
    Py_XDECREF(comma);
    Py_DECREF(parts);
    if (!joined)
        return NULL;
    PyObject *r = PyUnicode_FromFormat(ndim == 1 ? "(%U,)" : "(%U)", joined);
    Py_DECREF(joined);
    return r;
}

static void *broadcast_error(const operand *ops, int n)
{
    PyObject *msg = PyUnicode_FromString("operands could not be broadcast together with shapes ");
    for (int i = 0; msg && i < n; i++) {
        PyObject *s = rp_py_shape_str(ops[i].desc.ndim, ops[i].desc.shape);
        PyObject *t = s ? PyUnicode_FromFormat("%U%U ", msg, s) : NULL;
        Py_XDECREF(s);
        Py_SETREF(msg, t);
    }
    if (msg) {
        PyErr_SetObject(PyExc_ValueError, msg);
        Py_DECREF(msg);
    }
    return NULL;
}

/* NumPy's ufuncs with no complex loop (they refuse complex as raptors does);
 * every other op has one in NumPy that raptors lacks so far. */
static bool numpy_refuses_complex(rp_op op)
{
    switch (op) {
    case RP_OP_floor_divide: case RP_OP_remainder: case RP_OP_fmod: case RP_OP_bitwise_and:
    case RP_OP_bitwise_or: case RP_OP_bitwise_xor: case RP_OP_left_shift:
    case RP_OP_right_shift: case RP_OP_arctan2: case RP_OP_hypot: case RP_OP_copysign:
    case RP_OP_logaddexp: case RP_OP_logaddexp2: case RP_OP_nextafter: case RP_OP_invert:
    case RP_OP_floor: case RP_OP_ceil: case RP_OP_trunc: case RP_OP_cbrt: case RP_OP_deg2rad:
    case RP_OP_rad2deg: case RP_OP_signbit: return true;
    default: return false;
    }
}

static void *no_loop_error(rp_op op, const rp_dtype *in, const rp_weak *weak, int out)
{
    const char *name = rp_op_get(op)->name;
    bool complex_in = out >= 0 && rp_dtype_get((rp_dtype)out)->kind == 'c';
    for (int i = 0; i < rp_op_get(op)->nin; i++)
        complex_in |= ((unsigned)in[i] < RP_NTYPES && rp_dtype_get(in[i])->kind == 'c') ||
                      (weak && weak[i] == RP_WEAK_COMPLEX);
    if (complex_in && !numpy_refuses_complex(op)) {
        /* NumPy computes this on complex; raptors stores complex but has no
         * loop for it yet: say so rather than NumPy's "not supported". */
        char what[64];
        snprintf(what, sizeof what, "ufunc '%s'", name);
        return rp_py_no_complex_loop(what);
    }
    if ((rp_op_get(op)->flags & RP_OPF_NO_BOOL) && op != RP_OP_subtract && op != RP_OP_negative)
        return rp_ufunc_no_loop_error(op, in, out);
    if (op == RP_OP_subtract)
        PyErr_SetString(PyExc_TypeError,
                        "numpy boolean subtract, the `-` operator, is not supported, use the "
                        "bitwise_xor, the `^` operator, or the logical_xor function instead.");
    else if (op == RP_OP_negative)
        PyErr_SetString(PyExc_TypeError,
                        "The numpy boolean negative, the `-` operator, is not supported, use the "
                        "`~` operator or the logical_not function instead.");
    else
        PyErr_Format(PyExc_TypeError,
                     "ufunc '%s' not supported for the input types, and the inputs could not be "
                     "safely coerced to any supported types according to the casting rule ''safe''",
                     name);
    return NULL;
}

/* The exception for a failed driver call (other than a shape mismatch). */
void *rp_ufunc_run_error(rp_status st, unsigned errors)
{
    if (errors & RP_UFUNC_NEGPOW)
        PyErr_SetString(PyExc_ValueError, "Integers to negative integer powers are not allowed.");
    else
        rp_py_raise(st, NULL);
    return NULL;
}

/* ---- the generic call ---- */


/* A Python int a comparison cannot store in its integer loop: NumPy 2
 * compares the true values, so every element gets the same answer. */
static int weak_int_side(PyObject *v)
{
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred())
        return 0;
    return overflow ? overflow : (x < 0 ? -1 : 1);
}

static bool cmp_constant(rp_op op, int scalar_pos, int side)
{
    /* side > 0: the scalar is above every element. */
    bool above = side > 0;
    bool s_left = scalar_pos == 0; /* scalar OP array */
    switch (op) {
    case RP_OP_equal: return false;
    case RP_OP_not_equal: return true;
    case RP_OP_less: return s_left ? !above : above;
    case RP_OP_less_equal: return s_left ? !above : above;
    case RP_OP_greater: return s_left ? above : !above;
    case RP_OP_greater_equal: return s_left ? above : !above;
    default: return false;
    }
}

/* An op's float errors under its name; round's under NumPy's steps' names
 * (its kernel fuses them): with decimals 0 NumPy calls rint(a, out), so
 * every report is rint's; else the scale's overflow is multiply's, the
 * quotient's underflow divide's (in their order for the decimals' sign),
 * and an integer result out of range the cast back's "invalid". */
static int report_op_errors(rp_op op, int decimals, unsigned errors)
{
    if (op != RP_OP_round)
        return rp_ufunc_report_errors(rp_op_get(op)->name, errors);
    if (decimals == 0)
        return rp_ufunc_report_errors("rint", errors);
    const unsigned over = errors & RP_UFUNC_OVERFLOW, under = errors & RP_UFUNC_UNDERFLOW;
    if (decimals < 0 ? rp_ufunc_report_errors("divide", under) < 0 ||
                           rp_ufunc_report_errors("multiply", over) < 0
                     : rp_ufunc_report_errors("multiply", over) < 0 ||
                           rp_ufunc_report_errors("divide", under) < 0)
        return -1;
    return rp_ufunc_report_errors("cast", errors & ~(RP_UFUNC_OVERFLOW | RP_UFUNC_UNDERFLOW));
}

/* A Python float in its own float64 cast for a float32 loop (dtype=):
 * NumPy converts it before the loop, so its overflow or underflow is
 * reported "in cast" and before the output's casting check. */
static int scalar_to_float32(operand *op)
{
    double d;
    memcpy(&d, op->scalar, sizeof d);
    const float f = (float)d;
    unsigned e = 0;
    if (isinf(f) && isfinite(d))
        e |= RP_UFUNC_OVERFLOW;
    if (d != 0 && fabsf(f) < FLT_MIN && (double)f != d)
        e |= RP_UFUNC_UNDERFLOW;
    memcpy(op->scalar, &f, sizeof f);
    op->desc.dtype = RP_FLOAT32;
    return rp_ufunc_report_errors("cast", e);
}

/* An empty result still casts its non-empty inputs in NumPy (whole, before
 * the iteration): their float errors are reported, under the op's name. */
static int empty_result_casts(const operand *ops, int nin, const rp_dtype *lin,
                              unsigned *errors)
{
    for (int i = 0; i < nin; i++) {
        const rp_array *in = &ops[i].desc;
        if (in->dtype == lin[i] || rp_array_size(in) == 0)
            continue;
        RpArrayObject *tmp = rp_py_new(lin[i], in->ndim, in->shape, 'C', 0);
        if (!tmp)
            return -1;
        unsigned e = 0;
        rp_status st = rp_array_cast(&tmp->a, in, &e);
        Py_DECREF(tmp);
        if (st != RP_OK) {
            rp_py_raise(st, NULL);
            return -1;
        }
        *errors |= e;
    }
    return 0;
}

/* Store the Python scalars among the operands: in the loop's dtype when
 * they are weak there, else in their own dtype for the driver to cast.
 * *constant >= 0 when a comparison's answer is known without the loop (an
 * int beyond the other operand's integer range); *to_f32 flags the Python
 * floats kept in float64 for a float32 loop (scalar_to_float32, after the
 * inputs' casting check). 0, or -1 with an exception. */
static int store_scalars(rp_op op, operand *ops, const rp_dtype *dts, const rp_dtype *lin,
                         const rp_dtype *own, bool own_dtype, int *constant, unsigned *to_f32)
{
    const rp_op_info *info = rp_op_get(op);
    const int nin = info->nin;
    if (rp_ufunc_is_comparison(op) && ops[0].weak == RP_WEAK_INT && ops[1].weak == RP_WEAK_INT) {
        /* Two Python ints: NumPy compares their true values, whatever size. */
        static const int pycmp[] = {Py_EQ, Py_NE, Py_LT, Py_LE, Py_GT, Py_GE};
        int t = PyObject_RichCompareBool(ops[0].obj, ops[1].obj,
                                         pycmp[(int)op - (int)RP_OP_equal]);
        if (t < 0)
            return -1;
        *constant = t;
        for (int i = 0; i < 2; i++) {
            ops[i].desc.dtype = RP_INT64;
            memset(ops[i].scalar, 0, sizeof ops[i].scalar);
        }
        return 0;
    }
    for (int i = 0; i < nin; i++) {
        if (ops[i].arr)
            continue;
        /* (where()'s float result takes any Python number as it is) */
        bool own_here = own_dtype && !(info->family == RP_FAM_WHERE &&
                                       rp_dtype_get(lin[i])->kind == 'f' &&
                                       ops[i].weak != RP_WEAK_BOOL);
        rp_dtype sdt = info->family == RP_FAM_WHERE && i == 0 ? RP_BOOL
                       : own_here ? own[i]
                                  : rp_ufunc_weak_dtype(op, ops[i].weak, lin[i]);
        ops[i].desc.dtype = sdt;
        PyObject *val = ops[i].obj;
        if (op == RP_OP_logical_and || op == RP_OP_logical_or || op == RP_OP_logical_xor) {
            /* Only the truth value matters; NumPy still reads a Python int
             * as int64 first, so one beyond int64 is an OverflowError. */
            if (ops[i].weak == RP_WEAK_INT) {
                int overflow = 0;
                PyLong_AsLongLongAndOverflow(val, &overflow);
                if (overflow) {
                    PyErr_SetString(PyExc_OverflowError,
                                    "Python int too large to convert to C long");
                    return -1;
                }
            }
            int t = PyObject_IsTrue(val);
            if (t < 0)
                return -1;
            val = t ? Py_True : Py_False;
        }
        int r = rp_py_store_scalar(val, sdt, ops[i].scalar);
        if (r < 0 && rp_ufunc_is_comparison(op) && strchr("iu", rp_dtype_get(sdt)->kind) &&
            ops[i].weak == RP_WEAK_INT && rp_dtype_get(dts[1 - i])->kind != 'b' &&
            PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            int side = weak_int_side(ops[i].obj);
            if (PyErr_Occurred())
                return -1;
            *constant = cmp_constant(op, i, side);
            memset(ops[i].scalar, 0, sizeof ops[i].scalar);
            r = 0;
        }
        if (r != 0) {
            if (r > 0)
                PyErr_SetString(PyExc_TypeError, "unsupported scalar operand");
            return -1;
        }
        if (rp_py_scalar_overflowed(val, sdt, ops[i].scalar) &&
            rp_ufunc_report_errors("cast", RP_UFUNC_OVERFLOW) < 0)
            return -1;
        /* NumPy's where converts a Python float as a float64 array and casts
         * it: a tiny one rounded on the way to float32 underflows (its
         * ufuncs store the scalar directly and report no underflow) */
        if (op == RP_OP_where && rp_py_scalar_underflowed(val, sdt, ops[i].scalar) &&
            rp_ufunc_report_errors("cast", RP_UFUNC_UNDERFLOW) < 0)
            return -1;
        if (own_here && sdt == RP_FLOAT64 && lin[i] == RP_FLOAT32)
            *to_f32 |= 1u << i;
    }
    return 0;
}

/* A float32 or float16 scalar as a double (NaN for other dtypes). */
static double narrow_float_value(rp_dtype stored, const void *scalar)
{
    if (stored == RP_FLOAT16) {
        rp_half h;
        memcpy(&h, scalar, sizeof h);
        return rp_half_to_double(h);
    }
    float v;
    memcpy(&v, scalar, sizeof v);
    return v;
}

bool rp_py_scalar_underflowed(PyObject *value, rp_dtype stored, const void *scalar)
{
    if ((stored != RP_FLOAT32 && stored != RP_FLOAT16) || !PyFloat_Check(value))
        return false;
    double v = narrow_float_value(stored, scalar), d = PyFloat_AS_DOUBLE(value);
    return fabs(v) < (stored == RP_FLOAT16 ? 0x1p-14 : FLT_MIN) && v != d;
}

bool rp_py_scalar_overflowed(PyObject *value, rp_dtype stored, const void *scalar)
{
    if ((stored != RP_FLOAT32 && stored != RP_FLOAT16) || PyBool_Check(value) ||
        !(PyFloat_Check(value) || PyLong_Check(value)))
        return false;
    double v = narrow_float_value(stored, scalar);
    return isinf(v) && (PyLong_Check(value) || isfinite(PyFloat_AS_DOUBLE(value)));
}


PyObject *rp_ufunc_apply(rp_op op, PyObject *const *inputs, const call_opts *opt,
                             bool for_operator)
{
    const rp_op_info *info = rp_op_get(op);
    const int nin = info->nin;
    operand ops[RP_MAXOPS];
    int n = 0;
    for (; n < nin; n++) {
        int r = classify(inputs[n], &ops[n], for_operator);
        if (r != 0) {
            release(ops, n);
            if (r > 0)
                Py_RETURN_NOTIMPLEMENTED;
            return NULL;
        }
    }
    PyObject *result = NULL, *writeback = NULL;
    RpArrayObject *outarr = NULL;
    /* NumPy's order of complaints: a read-only output, no loop, casting
     * (Python scalars' values, then inputs, then the output), shapes. */
    if (opt->out) {
        if (RpArray_Check(opt->out))
            outarr = (RpArrayObject *)Py_NewRef(opt->out);
        else if (rp_is_numpy_scalar(opt->out)) {
            /* (it exports a read-only buffer, but is no array to NumPy) */
            PyErr_SetString(PyExc_TypeError, "return arrays must be of ArrayType");
            goto done;
        } else {
            int unsupported = 0;
            outarr = PyObject_CheckBuffer(opt->out) ? rp_py_from_buffer(opt->out, &unsupported)
                                                    : NULL;
            if (!outarr && unsupported && (writeback = rp_aligned_copy(opt->out)) != NULL) {
                /* an unaligned NumPy out=: computed into an aligned copy of
                 * it, then copied back (the kernels need aligned data) */
                outarr = rp_py_from_buffer(writeback, &unsupported);
            }
            if (!outarr) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_TypeError, "return arrays must be of ArrayType");
                goto done;
            }
        }
        if (!(outarr->flags & RP_F_WRITEABLE)) {
            PyErr_SetString(PyExc_ValueError, "output array is read-only");
            goto done;
        }
    }
    rp_dtype dts[RP_MAXOPS], lin[RP_MAXOPS], own[RP_MAXOPS], loop, outdt;
    rp_weak weak[RP_MAXOPS];
    /* A Python scalar is weak, except a unary op's: an array of the dtype
     * numpy.asarray gives it (np.negative(2**63) is uint64). where() keeps
     * it weak for the result's dtype but converts it the same way, then
     * casts (np.where(c, 300, uint8_array) wraps to 44, as NumPy). */
    const bool own_dtype = nin == 1 || info->family == RP_FAM_WHERE;
    for (int i = 0; i < nin; i++) {
        dts[i] = ops[i].arr ? ops[i].arr->a.dtype : RP_BOOL;
        weak[i] = ops[i].weak;
        if (!ops[i].arr && own_dtype && rp_py_scalar_dtype(ops[i].obj, weak[i], &own[i]) < 0)
            goto done;
        if (!ops[i].arr && nin == 1) {
            dts[i] = own[i];
            weak[i] = RP_WEAK_NONE;
        }
    }
    /* dtype= names the output; every op here but the comparisons and
     * predicates computes in its output's dtype, so it picks the loop
     * whatever the inputs are (they are cast under the casting rule). */
    bool boolout = info->family == RP_FAM_CMP || info->family == RP_FAM_PRED;
    rp_status st = RP_OK;
    if (opt->dtype >= 0 && (boolout ? opt->dtype != RP_BOOL : !rp_ufunc_has_loop(op, opt->dtype))) {
        if ((opt->dtype == RP_BOOL && (info->flags & RP_OPF_NO_BOOL)) ||
            rp_dtype_get((rp_dtype)opt->dtype)->kind == 'c')
            no_loop_error(op, dts, weak, opt->dtype);
        else
            PyErr_Format(PyExc_TypeError,
                         "No loop matching the specified signature and casting was found for "
                         "ufunc %s",
                         info->name);
        goto done;
    }
    if (op == RP_OP_absolute && opt->dtype >= 0 && rp_dtype_get((rp_dtype)opt->dtype)->kind == 'c') {
        /* (absolute has no loop whose output is complex) */
        if (rp_dtype_get(dts[0])->kind == 'c')
            PyErr_SetString(PyExc_TypeError, "No loop matching the specified signature and "
                                             "casting was found for ufunc absolute");
        else
            rp_ufunc_no_loop_error(op, dts, opt->dtype);
        goto done;
    }
    if (opt->dtype >= 0 && !boolout) {
        loop = outdt = (rp_dtype)opt->dtype;
        /* dtype= names the output: absolute of a complex input to float32 or
         * float64 is NumPy's F->f or D->d loop when the input casts to it
         * safely (else its f->f or d->d loop, and a casting error) */
        const rp_dtype cl = loop == RP_FLOAT32 ? RP_COMPLEX64 : RP_COMPLEX128;
        if (op == RP_OP_absolute && (loop == RP_FLOAT32 || loop == RP_FLOAT64) &&
            rp_dtype_get(dts[0])->kind == 'c' && rp_can_cast(dts[0], cl, RP_CASTING_SAFE))
            loop = cl;
    } else if ((st = rp_ufunc_resolve(op, dts, weak, &loop, &outdt)) != RP_OK) {
        no_loop_error(op, dts, weak, opt->dtype);
        goto done;
    }
    bool is_array[RP_MAXOPS];
    for (int i = 0; i < nin; i++)
        is_array[i] = ops[i].arr != NULL;
    rp_ufunc_loop_inputs(op, loop, nin, dts, is_array, lin);
    for (int i = 0; i < nin; i++) {
        if (!ops[i].arr && rp_ufunc_check_weak_equiv(op, ops[i].weak, lin[i], opt->casting) < 0)
            goto done;
    }

    int constant = -1;
    unsigned to_f32 = 0;
    if (store_scalars(op, ops, dts, lin, own, own_dtype, &constant, &to_f32) < 0)
        goto done;
    for (int i = 0; i < nin && !rp_ufunc_inputs_cast_exempt(op); i++)
        if (!rp_can_cast(ops[i].desc.dtype, lin[i], opt->casting)) {
            rp_ufunc_cast_error(op, i, ops[i].desc.dtype, lin[i], opt->casting);
            goto done;
        }
    for (int i = 0; i < nin; i++)
        if ((to_f32 >> i & 1u) && scalar_to_float32(&ops[i]) < 0)
            goto done;
    if (op == RP_OP_round && (outarr || (dts[0] == RP_BOOL && opt->decimals != 0))) {
        /* (bool: NumPy's round multiplies or divides into a bool array when
         * no out is given) */
        if (rp_round_check_out(dts[0], opt->decimals, outarr ? outarr->a.dtype : RP_BOOL,
                               opt->casting) < 0)
            goto done;
    } else if (outarr && !rp_can_cast(outdt, outarr->a.dtype, opt->casting)) {
        rp_ufunc_cast_error(op, -1, outdt, outarr->a.dtype, opt->casting);
        goto done;
    }

    /* Broadcast. */
    int ndims[RP_MAXOPS + 1];
    const rp_intp *shapes[RP_MAXOPS + 1];
    for (int i = 0; i < nin; i++) {
        ndims[i] = ops[i].desc.ndim;
        shapes[i] = ops[i].desc.shape;
    }
    int nd;
    rp_intp shape[RP_MAXDIMS];
    if (rp_broadcast_shapes(nin, ndims, shapes, &nd, shape) != RP_OK) {
        broadcast_error(ops, nin);
        goto done;
    }
    if (outarr) {
        /* The output takes part in broadcasting (inputs may be smaller than
         * it) but may not itself be broadcast. */
        ndims[nin] = outarr->a.ndim;
        shapes[nin] = outarr->a.shape;
        if (rp_broadcast_shapes(nin + 1, ndims, shapes, &nd, shape) != RP_OK) {
            rp_broadcast_shapes(nin, ndims, shapes, &nd, shape);
        }
    }

    /* The output. */
    if (opt->out) {
        bool same = outarr->a.ndim == nd;
        for (int d = 0; same && d < nd; d++)
            same = outarr->a.shape[d] == shape[d];
        if (!same) {
            PyObject *a = rp_py_shape_str(outarr->a.ndim, outarr->a.shape);
            PyObject *b = rp_py_shape_str(nd, shape);
            if (a && b)
                PyErr_Format(PyExc_ValueError,
                             "non-broadcastable output operand with shape %U doesn't match the "
                             "broadcast shape %U",
                             a, b);
            Py_XDECREF(a);
            Py_XDECREF(b);
            goto done;
        }
    } else {
        /* NumPy's order='K': the inputs' layout, as its ufuncs choose it. */
        rp_intp ost[RP_MAXDIMS];
        const rp_array *descs[RP_MAXOPS];
        for (int i = 0; i < nin; i++)
            descs[i] = &ops[i].desc;
        rp_strides_for_operands(nin, descs, nd, shape, (rp_intp)rp_dtype_size(outdt), ost);
        outarr = rp_py_new_strided(outdt, nd, shape, ost, 0);
        if (!outarr)
            goto done;
    }

    if (constant >= 0) {
        uint8_t v = (uint8_t)constant;
        rp_array src = {(char *)&v, NULL, NULL, 0, RP_BOOL};
        st = rp_array_copy(&outarr->a, &src);
        if (st != RP_OK) {
            rp_py_raise(st, NULL);
            goto done;
        }
    } else {
        const rp_array *ins[RP_MAXOPS];
        for (int i = 0; i < nin; i++)
            ins[i] = &ops[i].desc;
        rp_ufunc_params params = {opt->decimals};
        unsigned errors = 0;
        rp_intp size = rp_array_size(&outarr->a);
        unsigned empty_errors = 0;
        if (size == 0 && empty_result_casts(ops, nin, lin, &empty_errors) < 0)
            goto done;
        if (size >= RP_NOGIL_MIN) {
            Py_BEGIN_ALLOW_THREADS
            st = rp_ufunc_run(op, loop, ins, &outarr->a, &params, &errors);
            Py_END_ALLOW_THREADS
        } else
            st = rp_ufunc_run(op, loop, ins, &outarr->a, &params, &errors);
        if (st != RP_OK) {
            /* the inputs' casts ran before the failing loop: NumPy reports
             * their float errors first (a FloatingPointError under raise) */
            const unsigned fp = errors & (RP_UFUNC_DIVBYZERO | RP_UFUNC_OVERFLOW |
                                          RP_UFUNC_UNDERFLOW | RP_UFUNC_INVALID);
            if (st == RP_ESHAPE)
                broadcast_error(ops, nin);
            else if (!fp || report_op_errors(op, opt->decimals, fp) == 0)
                rp_ufunc_run_error(st, errors);
            goto done;
        }
        errors |= empty_errors;
        if (errors && report_op_errors(op, opt->decimals, errors) < 0)
            goto done;
    }
    if (writeback && rp_numpy_call("copyto", opt->out, writeback) < 0)
        goto done;
    if (opt->out)
        result = Py_NewRef(opt->out);
    else if (outarr->a.ndim == 0 && !opt->keep0d)
        result = rp_py_scalar(outarr->a.dtype, outarr->a.data);
    else
        result = Py_NewRef((PyObject *)outarr);
done:
    Py_XDECREF(outarr);
    Py_XDECREF(writeback);
    release(ops, nin);
    return result;
}

/* ---- argument parsing for the module functions ---- */

int rp_ops_set_out(call_opts *o, PyObject *v)
{
    if (v == Py_None)
        return 0;
    if (PyTuple_Check(v)) {
        if (PyTuple_GET_SIZE(v) != 1) {
            PyErr_SetString(PyExc_ValueError, "The 'out' tuple must have exactly one entry");
            return -1;
        }
        v = PyTuple_GET_ITEM(v, 0);
        if (v == Py_None)
            return 0;
    }
    o->out = v;
    return 0;
}

static bool kw_is(PyObject *k, PyObject *name)
{
    return k == name || PyUnicode_Compare(k, name) == 0;
}

/* name(x1[, x2[, x3]], /, out=None, *, dtype=None, casting='same_kind'[, decimals]) */
/* where= other than True: raptors._masked computes the selected elements
 * only (their floating-point errors only, as NumPy) and writes them into
 * out, leaving the rest untouched. */
static PyObject *masked_call(const char *pyname, int nin, PyObject *const *args,
                             Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *fn = rp_py_module_attr("raptors._masked", "ufunc_where");
    PyObject *pos = fn ? PyTuple_New(nargs) : NULL;
    PyObject *kw = pos ? PyDict_New() : NULL;
    PyObject *r = NULL;
    if (!kw)
        goto done;
    for (Py_ssize_t i = 0; i < nargs; i++)
        PyTuple_SET_ITEM(pos, i, Py_NewRef(args[i]));
    for (Py_ssize_t k = 0; kwnames && k < PyTuple_GET_SIZE(kwnames); k++)
        if (PyDict_SetItem(kw, PyTuple_GET_ITEM(kwnames, k), args[nargs + k]) < 0)
            goto done;
    r = PyObject_CallFunction(fn, "siOO", pyname, nin, pos, kw);
done:
    Py_XDECREF(fn);
    Py_XDECREF(pos);
    Py_XDECREF(kw);
    return r;
}

static PyObject *call_generic(rp_op op, const char *pyname, PyObject *const *args,
                              Py_ssize_t nargs, PyObject *kwnames, bool has_decimals)
{
    const int nin = rp_op_get(op)->nin;
    call_opts o = {NULL, -1, RP_CASTING_SAME_KIND, 0};
    Py_ssize_t maxpos = nin + 1 + (has_decimals ? 1 : 0);
    if (nargs < nin || nargs > maxpos) {
        PyErr_Format(PyExc_TypeError, "%s() takes from %d to %zd positional arguments but %zd were given",
                     pyname, nin, maxpos, nargs);
        return NULL;
    }
    /* Positional extras: round(a, decimals, out); ufuncs (x..., out). */
    if (has_decimals) {
        if (nargs > nin) {
            o.decimals = as_int(args[nin]);
            if (o.decimals == -1 && PyErr_Occurred())
                return NULL;
        }
        if (nargs > nin + 1 && rp_ops_set_out(&o, args[nin + 1]) < 0)
            return NULL;
    } else if (nargs > nin) {
        if ((op == RP_OP_maximum || op == RP_OP_minimum) &&
            PyErr_WarnEx(PyExc_DeprecationWarning,
                         "Passing more than 2 positional arguments to np.maximum and np.minimum "
                         "is deprecated. If you meant to use the third argument as an output, "
                         "use the `out` keyword argument instead. If you hoped to work with more "
                         "than 2 inputs, combine them into a single array and get the extrema "
                         "for the relevant axis.",
                         1) < 0)
            return NULL;
        if (rp_ops_set_out(&o, args[nin]) < 0)
            return NULL;
    }
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k), *v = args[nargs + k];
        if (kw_is(key, s_out)) {
            if (!has_decimals && nargs > nin) {
                PyErr_SetString(PyExc_TypeError,
                                "cannot specify 'out' as both a positional and keyword argument");
                return NULL;
            }
            if (rp_ops_set_out(&o, v) < 0)
                return NULL;
        } else if (kw_is(key, s_dtype)) {
            if (v != Py_None) {
                rp_dtype dt;
                if (rp_py_dtype_from_obj(v, &dt) < 0)
                    return NULL;
                o.dtype = dt;
            }
        } else if (kw_is(key, s_casting)) {
            if (rp_py_parse_casting(v, &o.casting) < 0)
                return NULL;
        } else if (has_decimals && kw_is(key, s_decimals)) {
            o.decimals = as_int(v);
            if (o.decimals == -1 && PyErr_Occurred())
                return NULL;
        } else if (kw_is(key, s_where)) {
            if (v != Py_True) {
                if (has_decimals) {
                    PyErr_Format(PyExc_TypeError,
                                 "%s() got an unexpected keyword argument 'where'", pyname);
                    return NULL;
                }
                return masked_call(pyname, nin, args, nargs, kwnames);
            }
        } else if (kw_is(key, s_order) || kw_is(key, s_subok)) {
            /* Accepted for NumPy compatibility; the layout is always 'K'-like. */
        } else {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", pyname, key);
            return NULL;
        }
    }
    if (op == RP_OP_round)
        return rp_round_apply(args[0], &o);
    return rp_ufunc_apply(op, args, &o, false);
}

#define RP_OP(name, nin, family, loops, flags)                                                     \
    static PyObject *py_##name(PyObject *m, PyObject *const *args, Py_ssize_t nargs,               \
                               PyObject *kwnames)                                                  \
    {                                                                                              \
        (void)m;                                                                                   \
        return call_generic(RP_OP_##name, #name, args, nargs, kwnames,                             \
                            RP_OP_##name == RP_OP_round);                                          \
    }
#include "raptors/ops.def"
#undef RP_OP

PyMethodDef rp_ops_methods[] = {
#define RP_OP(name, nin, family, loops, flags)                                                     \
    {#name, (PyCFunction)(void (*)(void))py_##name, METH_FASTCALL | METH_KEYWORDS, NULL},
#include "raptors/ops.def"
#undef RP_OP
    {NULL, NULL, 0, NULL},
};

/* ---- array methods ---- */

static PyObject *m_scale(PyObject *self, PyObject *f)
{
    return rp_py_binop(RP_OP_multiply, self, f);
}

static PyObject *m_round(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *all[RP_METHOD_ARGS];
    if (rp_method_args(self, args, nargs, kwnames, all, "round") < 0)
        return NULL;
    return call_generic(RP_OP_round, "round", all, nargs + 1, kwnames, true);
}

PyMethodDef rp_ops_type_methods[] = {
    {"scale", m_scale, METH_O, "x.scale(f): x * f with NumPy's promotion (same as x * f)."},
    {"round", (PyCFunction)(void (*)(void))m_round, METH_FASTCALL | METH_KEYWORDS,
     "round(decimals=0, out=None)"},
    {NULL, NULL, 0, NULL},
};

int rp_ops_init(PyObject *module)
{
    (void)module;
    s_out = PyUnicode_InternFromString("out");
    s_dtype = PyUnicode_InternFromString("dtype");
    s_casting = PyUnicode_InternFromString("casting");
    s_where = PyUnicode_InternFromString("where");
    s_decimals = PyUnicode_InternFromString("decimals");
    s_order = PyUnicode_InternFromString("order");
    s_subok = PyUnicode_InternFromString("subok");
    if (!s_out || !s_dtype || !s_casting || !s_where || !s_decimals || !s_order || !s_subok)
        return -1;
    return rp_fperr_init();
}
