/*
 * argmin / argmax: the first index of the extreme along one axis (NaN
 * first, as NumPy), one kernel call per output line, one long run split
 * over the pool in ranges whose bounds depend only on its length.
 */
#include "kernels.h"
#include "reduce_iter.h"
#include "reduce_util.h"
#include "reduce_complex.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    rp_arg_kernel k;
    rp_intp n, step;
} arg_ctx;

/* args = {in, out}: one index per element of the kept axes. */
static void arg_lines(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const arg_ctx *c = ctx;
    const char *ip = args[0];
    char *op = args[1];
    for (rp_intp i = 0; i < n; i++, ip += steps[0], op += steps[1])
        *(int64_t *)op = (int64_t)c->k(ip, c->n, c->step);
}

/* Threaded arg-extreme of one run: each of ARG_PARTS ranges (their bounds
 * fixed by the run length) yields the first index of its own extreme; the
 * kernel run once more over the ranges' extreme values picks the first
 * range holding the overall one (a NaN first), which is exactly the serial
 * answer. */
enum { ARG_PARTS = 64 };

typedef struct {
    rp_arg_kernel k;
    const char *p;
    rp_intp n, step, part;
    rp_intp at[ARG_PARTS];
} arg_par_job;

static void arg_par_fn(void *ctx, rp_intp b, rp_intp e)
{
    arg_par_job *j = ctx;
    for (rp_intp c = b; c < e; c++) {
        rp_intp lo = c * j->part, len = j->n - lo < j->part ? j->n - lo : j->part;
        j->at[c] = lo + j->k(j->p + lo * j->step, len, j->step);
    }
}

static rp_intp arg_run(rp_arg_kernel k, const char *p, rp_intp n, rp_intp step, size_t isz)
{
    if (!rp_red_on_pool(n * (rp_intp)isz) || n < 2 * ARG_PARTS)
        return k(p, n, step);
    arg_par_job j = {k, p, n, step, (n + ARG_PARTS - 1) / ARG_PARTS, {0}};
    rp_intp parts = (n + j.part - 1) / j.part;
    rp_red_par_run(parts, arg_par_fn, &j);
    _Alignas(16) char vals[ARG_PARTS * 16];
    for (rp_intp c = 0; c < parts; c++)
        memcpy(vals + c * (rp_intp)isz, p + j.at[c] * step, isz);
    return j.at[k(vals, parts, (rp_intp)isz)];
}

rp_status rp_argreduce(bool is_max, const rp_array *in, int axis, const rp_array *out)
{
    rp_arg_kernel k = rp_kt.reduce.arg[is_max][in->dtype];
    if (in->dtype == RP_FLOAT16 && out->dtype == RP_INT64) {
        /* as float32 (exact): the same first maximum, the same first NaN */
        tmp_array t;
        rp_intp shape[RP_MAXDIMS];
        memcpy(shape, in->shape, sizeof(rp_intp) * (size_t)in->ndim);
        rp_status st = rp_red_tmp_new(&t, RP_FLOAT32, in->ndim, shape);
        if (st != RP_OK)
            return st;
        st = rp_array_copy(&t.a, in);
        if (st == RP_OK)
            st = rp_argreduce(is_max, &t.a, axis, out);
        rp_red_tmp_free(&t);
        return st;
    }
    if (!k || out->dtype != RP_INT64) {
        /* an empty extent is NumPy's ValueError before any dtype question */
        int ax = axis;
        bool empty = axis < 0 ? rp_array_size(in) == 0
                              : rp_normalize_axis(&ax, in->ndim) == RP_OK && in->shape[ax] == 0;
        return empty ? RP_EVALUE : RP_ETYPE;
    }
    rp_status st;
    if (axis < 0) {
        rp_intp n = rp_array_size(in);
        if (n == 0)
            return RP_EVALUE;
        if (rp_array_size(out) != 1)
            return RP_ESHAPE;
        tmp_array t;
        char *data;
        rp_intp step;
        st = rp_red_flat(in, &t, &data, &step);
        if (st == RP_OK)
            *(int64_t *)out->data = (int64_t)arg_run(k, data, n, step, rp_dtype_size(in->dtype));
        rp_red_tmp_free(&t);
        return st;
    }
    if ((st = rp_normalize_axis(&axis, in->ndim)) != RP_OK)
        return st;
    bool axes[RP_MAXDIMS] = {false};
    axes[axis] = true;
    if ((st = rp_red_check_keepdims(in, axes, out)) != RP_OK)
        return st;
    if (in->shape[axis] == 0)
        return RP_EVALUE;
    if (rp_array_size(out) == 0)
        return RP_OK;
    /* Lines along the axis, one per output; the iterator walks the rest. */
    rp_intp shape[RP_MAXDIMS], is[RP_MAXDIMS], os[RP_MAXDIMS];
    int nd = 0;
    for (int i = 0; i < in->ndim; i++) {
        if (i == axis)
            continue;
        shape[nd] = in->shape[i];
        is[nd] = in->strides[i];
        os[nd++] = out->strides[i];
    }
    arg_ctx c = {k, in->shape[axis], in->strides[axis]};
    char *data[2] = {in->data, out->data};
    const rp_intp *strides[2] = {is, os};
    rp_iter it;
    if ((st = rp_iter_init(&it, 2, data, nd, shape, strides, 0)) != RP_OK)
        return st;
    rp_intp astep = in->strides[axis] < 0 ? -in->strides[axis] : in->strides[axis];
    rp_intp cstep = it.strides[0][0] < 0 ? -it.strides[0][0] : it.strides[0][0];
    if (it.shape[0] > 1 && cstep < astep) {
        /* The axis is outer: stream rows, one slab per outer position. */
        size_t nbytes = (size_t)it.shape[0] * 24; /* a complex128 best and its index */
        void *scratch = rp_alloc(nbytes);
        if (!scratch)
            return RP_ENOMEM;
        rp_rows_kernel rk = rp_kt.reduce.argrows[is_max][in->dtype];
        rp_intp idx[RP_MAXDIMS] = {0};
        char *ip = it.data[0], *op = it.data[1];
        for (;;) {
            rk(ip, in->shape[axis], in->strides[axis], it.shape[0], it.strides[0][0], op,
               it.strides[0][1], scratch);
            int d = 1;
            for (; d < it.ndim; d++) {
                ip += it.strides[d][0];
                op += it.strides[d][1];
                if (++idx[d] < it.shape[d])
                    break;
                ip -= it.strides[d][0] * it.shape[d];
                op -= it.strides[d][1] * it.shape[d];
                idx[d] = 0;
            }
            if (d >= it.ndim)
                break;
        }
        rp_free(scratch, nbytes);
        return RP_OK;
    }
    rp_red_run_split(&it, arg_lines, &c, 1, rp_red_in_bytes(in));
    return RP_OK;
}

