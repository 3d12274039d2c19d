/*
 * Reductions for Python: sum, prod, mean, min/max (amin/amax), argmin/argmax,
 * std, var, any, all, count_nonzero, cumsum/cumprod (cumulative_sum/_prod)
 * as module functions and array methods, plus the earlier API's sum_axis
 * and mean_axis. One parser (reduce_args.c) and one call path for all of
 * them: parse -> resolve axes and dtype -> allocate -> release the GIL above
 * a size -> call the core -> map the status to NumPy's exception.
 */
#include "reduce_args.h"
#include "raptors/reduce.h"
#include "reduce_out.h"

#include <math.h>
#include <string.h>

/* Inputs at or above this many bytes are reduced without the GIL. Below it
 * the release/reacquire pair (~100 ns) is a visible part of the call. */
#define RP_REDUCE_NOGIL_BYTES (64 * 1024)

/* NumPy's warning of mean/var/std about the elements they count. */
static int moment_warning(fkind f, double count, double ddof)
{
    if (f == F_MEAN && count == 0)
        return PyErr_WarnEx(PyExc_RuntimeWarning, "Mean of empty slice", 1);
    if ((f == F_VAR || f == F_STD) && ddof >= count)
        return PyErr_WarnEx(PyExc_RuntimeWarning, "Degrees of freedom <= 0 for slice", 1);
    return 0;
}

/* ---- the call path ------------------------------------------------------------ */

typedef struct {
    rp_array kd;                 /* the result seen in keepdims form */
    rp_intp kshape[RP_MAXDIMS], kstrides[RP_MAXDIMS];
    RpArrayObject *res;          /* NULL while the result is the inline scalar */
    double scalar_buf[2];        /* an aligned home for a 0-d result (16 bytes: complex128) */
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
    case F_MEAN: return rp_reduce_mean_dtype(in);
    case F_VAR:
    case F_STD: /* complex: the real squares' dtype */
        return in == RP_COMPLEX64    ? RP_FLOAT32
               : in == RP_COMPLEX128 ? RP_FLOAT64
                                     : rp_reduce_mean_dtype(in);
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
 * squares, their sum, the divisions); a complex mean's division too. */
static int report_errors(fkind f, unsigned errors, bool scalar, bool cx)
{
    if (f == F_MEAN && cx)
        return rp_ufunc_report_errors("reduce", errors & 0xfu) < 0 ||
                       rp_ufunc_report_errors(scalar ? "scalar divide" : "divide",
                                              errors >> RP_VAR_MEAN_DIV_SHIFT & 0xfu) < 0
                   ? -1
                   : 0;
    if (f != F_VAR && f != F_STD)
        return rp_ufunc_report_errors("reduce", errors);
    /* the deviations pass is NumPy's subtract (inf - inf: invalid), then
     * its square (overflow, underflow); complex: subtract, the parts'
     * multiply and their add, each in its own nibble */
    const unsigned dev = errors >> RP_VAR_DEV_SHIFT & 0xffu;
    const unsigned sum = errors >> RP_VAR_SUM_SHIFT & 0xffu;
    if (rp_ufunc_report_errors("reduce", errors >> RP_VAR_MEAN_SHIFT & 0xfu) < 0 ||
        rp_ufunc_report_errors("divide", errors >> RP_VAR_MEAN_DIV_SHIFT & 0xfu) < 0)
        return -1;
    if (cx ? rp_ufunc_report_errors("subtract", dev & 0xfu) < 0 ||
                 rp_ufunc_report_errors("multiply", dev >> 4) < 0 ||
                 rp_ufunc_report_errors("add", sum >> 4) < 0 ||
                 rp_ufunc_report_errors("reduce", sum & 0xfu) < 0
           : rp_ufunc_report_errors("subtract", dev & RP_UFUNC_INVALID) < 0 ||
                 rp_ufunc_report_errors("square", dev & ~(unsigned)RP_UFUNC_INVALID) < 0 ||
                 rp_ufunc_report_errors("reduce", sum) < 0)
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
    PyObject *kw = fn ? rp_reduce_args_dict(v) : NULL, *r = NULL;
    if (kw)
        r = PyObject_CallFunction(fn, "sO", fname, kw);
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
    if (rp_red_given(v[A_DTYPE]) && rp_py_dtype_from_obj(v[A_DTYPE], &acc) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (acc != RP_FLOAT16 && !(acc == RP_FLOAT32 && f == F_SUM))
        return NULL;
    if (rp_red_given(v[A_OUT]) && v[A_OUT] != Py_None &&
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
    if (rp_red_given(v[A_WHERE]) && v[A_WHERE] != Py_True && !(half_mask = half_where_mask(f, v)))
        return masked_reduce(fname, v);
    if (rp_red_given(v[A_MEAN]))
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
    if (rp_reduce_parse_axes(v[A_AXIS], in, f, axes, &all, &pending, &ncount) < 0)
        goto done;
    int keepdims = rp_reduce_truth(v[A_KEEPDIMS]);
    if (keepdims < 0)
        goto done;
    rp_dtype acc = default_dtype(f, in->dtype);
    const bool cx = rp_dtype_get(in->dtype)->kind == 'c';
    if (rp_red_given(v[A_DTYPE]) && rp_py_dtype_from_obj(v[A_DTYPE], &acc) < 0)
        goto done;
    /* complex var/std with dtype=: NumPy's result is then complex (the real
     * squares summed in that dtype), a path raptors does not take */
    if (cx && (f == F_VAR || f == F_STD) && rp_red_given(v[A_DTYPE])) {
        rp_py_no_complex_loop(fname);
        goto done;
    }
    /* dtype= real for a complex input: NumPy's unsafe cast of the input */
    if (rp_red_given(v[A_DTYPE]) && rp_py_warn_complex_cast(in->dtype, acc) < 0)
        goto done;
    if (rp_red_given(v[A_OUT])) {
        out = rp_reduce_parse_out(v[A_OUT], &out_orig);
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
    if (out && !rp_red_given(v[A_DTYPE]) && (f == F_SUM || f == F_PROD || f == F_CUMSUM ||
                                      f == F_CUMPROD)) {
        rp_dtype dts[2] = {out->a.dtype, in->dtype}, loop, res;
        const bool sum = f == F_SUM || f == F_CUMSUM;
        const rp_dtype promoted = rp_promote_types(dts[0], dts[1]);
        if (rp_dtype_get(promoted)->kind == 'c')
            acc = promoted; /* NumPy's complex loop for (out, input): complex64 into a
                               complex128 out sums in complex128 */
        else if (rp_ufunc_resolve(sum ? RP_OP_add : RP_OP_multiply, dts, NULL, &loop, &res) ==
                     RP_OK &&
                 (rp_dtype_get(loop)->kind == 'f' || (out->a.dtype == RP_BOOL && loop != RP_BOOL)))
            acc = loop;
    }
    double ddof = 0;
    if (rp_red_given(v[A_DDOF]) && rp_red_given(v[A_CORRECTION])) {
        PyErr_SetString(PyExc_ValueError, "ddof and correction can't be provided simultaneously.");
        goto done;
    }
    PyObject *ddof_obj = rp_red_given(v[A_DDOF]) ? v[A_DDOF] : v[A_CORRECTION];
    if (rp_red_given(ddof_obj)) {
        ddof = PyFloat_AsDouble(ddof_obj);
        if (ddof == -1 && PyErr_Occurred())
            goto done;
    }
    if (pending) {
        /* mean/var/std: the count's warning, then their sum's complaint */
        if (moment_warning(f, ncount, ddof) < 0)
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
    if (out && !rp_red_given(v[A_DTYPE]) && (f == F_SUM || f == F_PROD || f == F_MIN || f == F_MAX)) {
        static const rp_op loop_ops[] = {RP_OP_add, RP_OP_multiply, RP_OP_minimum,
                                            RP_OP_maximum};
        rp_dtype dts[2] = {out->a.dtype, in->dtype}, res;
        if (rp_ufunc_resolve(loop_ops[f], dts, NULL, &loop, &res) != RP_OK)
            loop = acc;
    }
    _Alignas(16) char initial[16];
    bool has_initial = rp_red_given(v[A_INITIAL]);
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
        if (all && nd > 1 && (sp - rp_reduce_specs) >= S_CUMULATIVE_SUM) {
            PyErr_SetString(PyExc_ValueError, "For arrays which have more than one dimension "
                                              "``axis`` argument is required.");
            goto done;
        }
        if (all && nd == 1)
            axis = 0;
        int incl = rp_reduce_truth(v[A_INCLUDE_INITIAL]);
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
    if (moment_warning(f, (double)count, ddof) < 0)
        goto done;
    /* var/std: NumPy subtracts the mean (of dtype) from the input itself, so
     * int32 - float32 deviations are float64 (squared, then summed in dtype) */
    bool wider_dev = false;
    if ((f == F_VAR || f == F_STD) && rp_red_given(v[A_DTYPE]) && in->dtype != acc) {
        rp_dtype dts[2] = {in->dtype, acc}, dloop, dres;
        wider_dev = rp_ufunc_resolve(RP_OP_subtract, dts, NULL, &dloop, &dres) == RP_OK &&
                    dloop != acc;
    }
    /* float16 var/std: NumPy's passes each round to half (the mean, the
     * deviations, their squares, their sum), which the steps repeat; so
     * does a float16 mean other than float16's default (summed in float32) */
    const bool half_steps =
        (f == F_VAR || f == F_STD) ? in->dtype == RP_FLOAT16 || acc == RP_FLOAT16
                                   : acc == RP_FLOAT16 && (in->dtype != RP_FLOAT16 || rp_red_given(v[A_DTYPE]));
    if ((f == F_MEAN || f == F_VAR || f == F_STD) &&
        ((rp_red_given(v[A_DTYPE]) && !strchr("fc", rp_dtype_get(acc)->kind)) ||
         (out && out->a.dtype != acc) ||
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
    /* NumPy divides a 0-d float64 or complex128 mean by the intp count as
     * scalars ("scalar divide"); a float32 or complex64 scalar goes through
     * the divide ufunc (int64 does not cast safely to it) */
    const bool scalar_result =
        !out && rnd == 0 && (acc == RP_FLOAT64 || acc == RP_COMPLEX128);
    /* complex passes: var/std of a complex input, a mean in a complex dtype */
    const bool cx_passes = f == F_MEAN ? rp_dtype_get(acc)->kind == 'c' : cx;
    if (report_errors(f, errors, scalar_result, cx_passes) < 0)
        goto done;
    /* 0/0: NumPy's division is under errstate like every other error (a
     * complex mean's division reported its own flags) */
    if (f == F_MEAN && count == 0 && !cx_passes && rp_array_size(&r.kd) > 0 &&
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
        const spec *sp = &rp_reduce_specs[sidx];                                                   \
        if (rp_reduce_parse(sp, #cname, NULL, args, nargs, kwnames, v) < 0)                        \
            return NULL;                                                                           \
        return reduce_call(sp, v);                                                                 \
    }
#define FN(sidx, cname)                                                                            \
    FN_MOD(sidx, cname)                                                                            \
    static PyObject *meth_##cname(PyObject *self, PyObject *const *args, Py_ssize_t nargs,         \
                                  PyObject *kwnames)                                               \
    {                                                                                              \
        PyObject *v[A_N];                                                                          \
        const spec *sp = &rp_reduce_specs[sidx];                                                   \
        if (rp_reduce_parse(sp, #cname, self, args, nargs, kwnames, v) < 0)                        \
            return NULL;                                                                           \
        return reduce_call(sp, v);                                                                 \
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
    return rp_reduce_args_init();
}
