/*
 * cumsum/cumprod: running sums and products along an axis (or over the
 * flattened array), streamed a row at a time when the axis is outer.
 */
#include "raptors/reduce.h"
#include "kernels.h"
#include "fpe.h"
#include "reduce_util.h"

#include <fenv.h>
#include <string.h>

/* ---- cumulative sums and products -------------------------------------------- */

typedef struct {
    rp_kernel cum;
    rp_intp n, step;
    bool in_negative; /* the input's stride along the axis (complex products) */
} cum_ctx;

static void cum_lines(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const cum_ctx *c = ctx;
    char *p = args[0];
    const rp_intp s[2] = {c->step, c->step};
    for (rp_intp i = 0; i < n; i++, p += steps[0]) {
        char *a[2] = {p, p};
        c->cum(a, c->n, s, &c->in_negative);
    }
}

/* Rows at or above this many elements are streamed whole (out[r] op= out[r-1],
 * vectorized across the row); shorter ones go line by line. */
enum { CUM_ROW_MIN = 64 };

/* (*cast_flags: the float flags of converting the input to out's dtype.) */
static rp_status accumulate(rp_reduce_op op, const rp_array *in, int axis, const rp_array *out,
                            int *cast_flags)
{
    if (op != RP_RED_SUM && op != RP_RED_PROD)
        return RP_EVALUE;
    const rp_dtype acc = out->dtype;
    if (!rp_kt.reduce.cum[op][acc])
        return RP_ETYPE;
    rp_status st;
    if (axis < 0) {
        /* Flattened in C order: a 1-D view when the layout allows one. */
        rp_intp n = rp_array_size(in), step;
        if (out->ndim != 1 || out->shape[0] != n)
            return RP_ESHAPE;
        tmp_array t;
        char *data;
        st = rp_red_flat(in, &t, &data, &step);
        if (st == RP_OK) {
            rp_array flat = {data, &n, &step, 1, in->dtype};
            st = accumulate(op, &flat, 0, out, cast_flags);
        }
        rp_red_tmp_free(&t);
        return st;
    }
    if ((st = rp_normalize_axis(&axis, in->ndim)) != RP_OK)
        return st;
    if (out->ndim != in->ndim)
        return RP_ESHAPE;
    for (int i = 0; i < in->ndim; i++)
        if (out->shape[i] != in->shape[i])
            return RP_ESHAPE;
    if ((st = rp_array_copy(out, in)) != RP_OK)
        return st;
    *cast_flags |= fetestexcept(RP_FPE_REPORTED);
    rp_fpe_start();
    const rp_intp n = in->shape[axis];
    if (rp_array_size(out) == 0 || n <= 1)
        return RP_OK;

    /* The other axes, and the smallest stride among them. */
    rp_intp shape[RP_MAXDIMS], os[RP_MAXDIMS], rest = 1, minstride = 0;
    int nd = 0;
    for (int i = 0; i < in->ndim; i++) {
        if (i == axis)
            continue;
        shape[nd] = out->shape[i];
        os[nd] = out->strides[i];
        rest *= shape[nd];
        rp_intp s = os[nd] < 0 ? -os[nd] : os[nd];
        if (shape[nd] > 1 && (minstride == 0 || s < minstride))
            minstride = s;
        nd++;
    }
    const rp_intp astep = out->strides[axis];
    const rp_intp aabs = astep < 0 ? -astep : astep;
    /* (not a complex product's: its row kernel fuses as NumPy's SIMD
     * multiply does, and NumPy's accumulate runs the scalar loop) */
    rp_kernel rowk = rp_dtype_get(acc)->kind == 'c' && op == RP_RED_PROD
                         ? NULL
                         : rp_kt.reduce.k[op][acc][acc];
    if (rest >= CUM_ROW_MIN && minstride != 0 && minstride < aabs && rowk) {
        /* The axis is outer: out[r] = out[r] op out[r - 1], a row at a time. */
        for (rp_intp r = 1; r < n; r++) {
            char *data[2] = {out->data + (r - 1) * astep, out->data + r * astep};
            const rp_intp *strides[2] = {os, os};
            rp_iter it;
            if ((st = rp_iter_init(&it, 2, data, nd, shape, strides, 0)) != RP_OK)
                return st;
            rp_iter_run(&it, 0, it.size, rowk, NULL);
        }
        return RP_OK;
    }
    cum_ctx c = {rp_kt.reduce.cum[op][acc], n, astep, in->strides[axis] < 0};
    char *data[1] = {out->data};
    const rp_intp *strides[1] = {os};
    rp_iter it;
    if ((st = rp_iter_init(&it, 1, data, nd, shape, strides, 0)) != RP_OK)
        return st;
    rp_red_run_split(&it, cum_lines, &c, 1, rp_red_in_bytes(out));
    return RP_OK;
}

rp_status rp_accumulate(rp_reduce_op op, const rp_array *in, int axis, const rp_array *out,
                        unsigned *errors)
{
    int cast_flags = 0;
    rp_fpe_start();
    rp_status st = accumulate(op, in, axis, out, &cast_flags);
    unsigned e = rp_fpe_bits();
    rp_fpe_start();
    if (cast_flags)
        feraiseexcept(cast_flags);
    e |= rp_fpe_bits() << RP_ACC_CAST_SHIFT;
    if (errors)
        *errors = e;
    return st;
}
