/*
 * The reduction driver: identity, dtype conversion, and the choice of how the
 * kernels walk the data.
 *
 * One rp_iter over (in, out) with out's strides zeroed on the reduced axes
 * decides the walk. Its innermost axis then either
 *   - is reduced (out step 0): each kernel call reduces one run into one
 *     output (a row sum, or the whole array when it coalesces to one run), or
 *   - is kept: the reduced axes are outer, and whole rows are streamed into a
 *     row of accumulators, vectorized across the kept axis. Floating sums
 *     go through the rows kernels (blocks of 8 rows, pairwise across blocks)
 *     so the error grows with log(rows); order-free ops use the same kernels
 *     in their elementwise mode.
 * A column is never walked with a large stride unless the layout has no
 * unit-stride axis at all. Work splits into pieces whose boundaries depend
 * only on the shape (runs, column tiles), ready for a thread pool.
 */
#include "kernels.h"
#include "cpu.h"
#include "dtypes.h"
#include "env.h"
#include "fpe.h"
#include "reduce_iter.h"
#include "reduce_util.h"
#include "reduce_numpy.h"
#include "reduce_complex.h"
#include "pool.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *rp_reduce_op_name(rp_reduce_op op)
{
    static const char *const names[] = {
#define RP_REDUCE_OP(e, name) #name,
#include "raptors/reduce.def"
#undef RP_REDUCE_OP
    };
    return (unsigned)op < RP_RED_NOPS ? names[op] : "?";
}

rp_dtype rp_reduce_dtype(rp_reduce_op op, rp_dtype in)
{
    switch (op) {
    case RP_RED_SUM:
    case RP_RED_NANSUM:
    case RP_RED_PROD:
        switch (in) {
        case RP_BOOL:
        case RP_INT8:
        case RP_INT16:
        case RP_INT32: return RP_INT64;
        case RP_UINT8:
        case RP_UINT16:
        case RP_UINT32: return RP_UINT64;
        default: return in;
        }
    case RP_RED_ANY:
    case RP_RED_ALL: return RP_BOOL;
    case RP_RED_NNZ:
    case RP_RED_NANCNT: return RP_INT64;
    default: return in;
    }
}

rp_dtype rp_reduce_mean_dtype(rp_dtype in)
{
    return in == RP_FLOAT16 || in == RP_FLOAT32 || in == RP_FLOAT64 || in == RP_COMPLEX64 ||
                   in == RP_COMPLEX128
               ? in
               : RP_FLOAT64;
}

rp_intp rp_reduce_count(const rp_array *in, const bool *axes)
{
    rp_intp n = 1;
    for (int i = 0; i < in->ndim; i++)
        if (axes[i])
            n *= in->shape[i];
    return n;
}

/* ---- small helpers ------------------------------------------------------ */

typedef struct {
    size_t size;
    char bytes[16]; /* the widest item, complex128 */
} fill_ctx;

static void fill_k(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const fill_ctx *f = ctx;
    char *p = args[0];
    for (rp_intp i = 0; i < n; i++, p += steps[0])
        memcpy(p, f->bytes, f->size);
}

static void run_unary(const rp_array *a, rp_kernel k, const void *ctx)
{
    char *data[1] = {a->data};
    const rp_intp *strides[1] = {a->strides};
    rp_iter it;
    if (rp_iter_init(&it, 1, data, a->ndim, a->shape, strides, 0) == RP_OK)
        rp_iter_run(&it, 0, it.size, k, ctx);
}

/* The smallest (maxval false) or largest value of dt: the identities of
 * max and min (infinities for floats). */
static void extreme_bytes(rp_dtype dt, bool maxval, char *out)
{
    switch (dt) {
#define EXT(E, T, LO, HI)                                                                          \
    case E: {                                                                                      \
        T x = maxval ? HI : LO;                                                                    \
        memcpy(out, &x, sizeof x);                                                                 \
        break;                                                                                     \
    }
        EXT(RP_BOOL, uint8_t, 0, 1)
        EXT(RP_INT8, int8_t, INT8_MIN, INT8_MAX)
        EXT(RP_INT16, int16_t, INT16_MIN, INT16_MAX)
        EXT(RP_INT32, int32_t, INT32_MIN, INT32_MAX)
        EXT(RP_INT64, int64_t, INT64_MIN, INT64_MAX)
        EXT(RP_UINT8, uint8_t, 0, UINT8_MAX)
        EXT(RP_UINT16, uint16_t, 0, UINT16_MAX)
        EXT(RP_UINT32, uint32_t, 0, UINT32_MAX)
        EXT(RP_UINT64, uint64_t, 0, UINT64_MAX)
        EXT(RP_FLOAT32, float, -INFINITY, INFINITY)
        EXT(RP_FLOAT64, double, -INFINITY, INFINITY)
        EXT(RP_FLOAT16, uint16_t, 0xfc00u, 0x7c00u) /* -inf, inf */
#undef EXT
    /* complex: both parts infinite, so the first element replaces it in
     * NumPy's lexicographic order (or equals it) */
    case RP_COMPLEX64: {
        const float x[2] = {maxval ? INFINITY : -INFINITY, maxval ? INFINITY : -INFINITY};
        memcpy(out, x, sizeof x);
        break;
    }
    case RP_COMPLEX128: {
        const double x[2] = {maxval ? INFINITY : -INFINITY, maxval ? INFINITY : -INFINITY};
        memcpy(out, x, sizeof x);
        break;
    }
    default: break;
    }
}

/* 0 or 1 in dt. */
static void small_bytes(rp_dtype dt, int v, char *out)
{
    switch (dt) {
#define SMALL(T, N, E, K)                                                                          \
    case E: {                                                                                      \
        T x = (T)v;                                                                                \
        memcpy(out, &x, sizeof x);                                                                 \
        break;                                                                                     \
    }
        RP_DTYPES(SMALL)
#undef SMALL
    case RP_FLOAT16: {
        uint16_t x = v ? 0x3c00u : 0; /* 1.0, 0.0 */
        memcpy(out, &x, sizeof x);
        break;
    }
    case RP_COMPLEX64: {
        float x[2] = {(float)v, 0};
        memcpy(out, x, sizeof x);
        break;
    }
    case RP_COMPLEX128: {
        double x[2] = {(double)v, 0};
        memcpy(out, x, sizeof x);
        break;
    }
    default: break;
    }
}

static void fill_identity(rp_reduce_op op, const rp_array *out)
{
    fill_ctx f = {rp_dtype_size(out->dtype), {0}};
    if ((op == RP_RED_FMIN || op == RP_RED_FMAX) && rp_dtype_get(out->dtype)->kind == 'f') {
        /* fmin/fmax's NaN start: an all-NaN (or empty, with where=) slice
         * stays NaN, as NumPy's fmin.reduce gives */
        const double nan = NAN;
        const float nanf = NAN;
        const uint16_t nanh = 0x7e00u;
        if (out->dtype == RP_FLOAT16)
            memcpy(f.bytes, &nanh, sizeof nanh);
        else if (out->dtype == RP_FLOAT32)
            memcpy(f.bytes, &nanf, sizeof nanf);
        else
            memcpy(f.bytes, &nan, sizeof nan);
    } else if (op == RP_RED_MIN || op == RP_RED_MAX || op == RP_RED_FMIN || op == RP_RED_FMAX)
        extreme_bytes(out->dtype, op == RP_RED_MIN || op == RP_RED_FMIN, f.bytes);
    else
        small_bytes(out->dtype, op == RP_RED_PROD || op == RP_RED_ALL, f.bytes);
    run_unary(out, fill_k, &f);
}

void rp_red_fill_zero(const rp_array *out) { fill_identity(RP_RED_SUM, out); }

rp_status rp_red_tmp_new(tmp_array *t, rp_dtype dt, int ndim, rp_intp *shape)
{
    rp_status st = rp_shape_nbytes(ndim, shape, rp_dtype_size(dt), &t->nbytes);
    if (st != RP_OK)
        return st;
    t->a.ndim = ndim;
    t->a.shape = shape;
    t->a.dtype = dt;
    t->a.strides = t->strides;
    rp_strides_for(ndim, shape, (rp_intp)rp_dtype_size(dt), 'C', t->strides);
    t->a.data = rp_alloc(t->nbytes);
    return t->a.data ? RP_OK : RP_ENOMEM;
}

void rp_red_tmp_free(tmp_array *t) { rp_free(t->a.data, t->nbytes); }

rp_status rp_red_flat(const rp_array *in, tmp_array *t, char **data, rp_intp *step)
{
    rp_intp n = rp_array_size(in);
    t->a.data = NULL;
    t->nbytes = 0;
    if (rp_reshape_strides(in, 1, &n, 'C', step) == RP_OK) {
        *data = in->data;
        return RP_OK;
    }
    rp_status st = rp_red_tmp_new(t, in->dtype, in->ndim, in->shape);
    if (st == RP_OK)
        st = rp_array_copy(&t->a, in);
    *data = t->a.data;
    *step = (rp_intp)rp_dtype_size(in->dtype);
    return st;
}

rp_status rp_red_check_keepdims(const rp_array *in, const bool *axes, const rp_array *out)
{
    if (out->ndim != in->ndim)
        return RP_ESHAPE;
    for (int i = 0; i < in->ndim; i++)
        if (out->shape[i] != (axes[i] ? 1 : in->shape[i]))
            return RP_ESHAPE;
    return RP_OK;
}

/* ---- sum, prod, min, max, any, all, count_nonzero ------------------------- */

/*
 * The rows walk: iterator axis 0 is kept (columns), axis d is the first
 * reduced one (rows). The other axes are walked here; each visit reduces a
 * (rows x columns) slab into a row of outputs.
 */
static rp_status run_rows(const rp_iter *it, int d, rp_rows_kernel rk)
{
    size_t nbytes = rp_reduce_rows_scratch(it->shape[d]);
    void *scratch = rp_alloc(nbytes);
    if (!scratch)
        return RP_ENOMEM;
    int other[RP_MAXDIMS], no = 0;
    for (int k = 1; k < it->ndim; k++)
        if (k != d)
            other[no++] = k;
    rp_intp idx[RP_MAXDIMS] = {0};
    char *ip = it->data[0], *op = it->data[1];
    for (;;) {
        rk(ip, it->shape[d], it->strides[d][0], it->shape[0], it->strides[0][0], op,
           it->strides[0][1], scratch);
        int j = 0;
        for (; j < no; j++) {
            int k = other[j];
            ip += it->strides[k][0];
            op += it->strides[k][1];
            if (++idx[j] < it->shape[k])
                break;
            ip -= it->strides[k][0] * it->shape[k];
            op -= it->strides[k][1] * it->shape[k];
            idx[j] = 0;
        }
        if (j == no)
            break;
    }
    rp_free(scratch, nbytes);
    return RP_OK;
}

/* ---- threads ---------------------------------------------------------------
 *
 * Every split below keeps each output's evaluation order, so the bits do not
 * depend on the thread count:
 *   - a kept inner axis (rows streamed into accumulators): its columns are
 *     cut into ranges, each thread streams every row for its columns;
 *   - a reduced inner axis with every outer axis kept (one line per output):
 *     whole lines go to threads;
 *   - a long run reduced into one output: floating sums/products cut it at
 *     power-of-two block boundaries inside the kernel (rp_reduce_par);
 *     order-free ops (integer sums, min/max, any/all, count) reduce chunks
 *     into partials combined by the same op.
 * Inputs below RP_REDUCE_PAR_BYTES stay on the calling thread (see
 * docs/performance.md, "Reductions", for the measurement).
 */
/*
 * Measured here (2 CPUs; float64, workers spinning between jobs, best of 30,
 * us, 1 thread / 2 threads; scripts/sweep_threads.py):
 *     input    128 KiB    256 KiB    512 KiB    1 MiB       2 MiB
 *     sum      1.7/1.7    2.6/2.6    4.8/3.0    11.3/5.4    27.4/12.4
 *     axis0    2.7/2.9    4.5/4.6    5.4/3.9    12.7/7.2    29.7/16.5
 *     axis1    4.7/5.0    7.5/7.6    6.6/4.2    15.2/7.8    32.1/15.5
 * Below 512 KiB the hand-off eats what the second core gains.
 */
#define RP_REDUCE_PAR_BYTES ((rp_intp)512 << 10)
/* Columns per piece of a column split: a multiple of a cache line for every
 * dtype, so threads never write the same output line. */
enum { PAR_COLS = 64 };

rp_intp rp_red_in_bytes(const rp_array *a)
{
    return rp_array_size(a) * (rp_intp)rp_dtype_size(a->dtype);
}

static rp_intp par_bytes = RP_REDUCE_PAR_BYTES;
/* Floating sums of inputs larger than this prefetch ahead (the kernels'
 * PREFETCH_AHEAD says why): half the last-level cache. Measured in the
 * harness (2 threads, prefetch off / on): 8 MiB inputs lost 8%, 12-16 MiB
 * were even, 24 MB gained 35-60% (sum of 1000x3001 float64 3.0-3.2x ->
 * 4.7-5.0x NumPy), 32-128 MiB 10-50%. */
static rp_intp prefetch_bytes;
static pthread_once_t par_once = PTHREAD_ONCE_INIT;

/* RAPTORS_REDUCE_PAR_BYTES lowers the cutoff, so tests reach the threaded
 * paths with small arrays; RAPTORS_PREFETCH_BYTES moves the prefetch
 * threshold (0: never prefetch). */
static void par_init(void)
{
    par_bytes = (rp_intp)rp_env_int("RAPTORS_REDUCE_PAR_BYTES", par_bytes);
    long long pf = rp_env_int("RAPTORS_PREFETCH_BYTES", (long long)(rp_cpu_llc_bytes() / 2));
    prefetch_bytes = pf > 0 ? (rp_intp)pf : PTRDIFF_MAX;
}

rp_intp rp_reduce_par_bytes(void)
{
    pthread_once(&par_once, par_init);
    return par_bytes;
}

rp_intp rp_reduce_prefetch_bytes(void)
{
    pthread_once(&par_once, par_init);
    return prefetch_bytes;
}

rp_intp rp_reduce_set_prefetch_bytes(rp_intp bytes)
{
    pthread_once(&par_once, par_init);
    rp_intp old = prefetch_bytes;
    prefetch_bytes = bytes;
    return old;
}

rp_intp rp_reduce_set_par_bytes(rp_intp bytes)
{
    pthread_once(&par_once, par_init);
    rp_intp old = par_bytes;
    par_bytes = bytes;
    return old;
}

/* Every pool job of a reduction, the kernels' own splits included: the
 * tasks' float flags end up on the calling thread, where the public entry
 * points read them. */
void rp_red_par_run(rp_intp nchunks, void (*fn)(void *, rp_intp, rp_intp), void *fnctx)
{
    rp_fpe_parallel_blocks(nchunks, RP_MAX_THREADS, fn, fnctx);
}

/* Whether a pass over this many input bytes goes to the pool. */
bool rp_red_on_pool(rp_intp bytes)
{
    pthread_once(&par_once, par_init);
    return rp_threads_get() > 1 && bytes >= par_bytes;
}

static rp_status run_rows(const rp_iter *it, int d, rp_rows_kernel rk);

typedef struct {
    const rp_iter *it;
    rp_kernel k;
    rp_rows_kernel rk;
    int d;
    volatile int failed;
} cols_job;

static void cols_fn(void *ctx, rp_intp b, rp_intp e)
{
    cols_job *j = ctx;
    rp_iter sub = *j->it;
    rp_intp c0 = b * PAR_COLS, c1 = e * PAR_COLS;
    if (c1 > sub.shape[0])
        c1 = sub.shape[0];
    sub.size = sub.size / sub.shape[0] * (c1 - c0);
    sub.shape[0] = c1 - c0;
    for (int op = 0; op < sub.nop; op++)
        sub.data[op] += c0 * sub.strides[0][op];
    if (j->rk) {
        if (run_rows(&sub, j->d, j->rk) != RP_OK)
            j->failed = 1;
    } else {
        rp_iter_run(&sub, 0, sub.size, j->k, NULL);
    }
}

/* Iterator elements on the pool: block b is [b * unit, (b + 1) * unit)
 * (one line, or a fixed number of elements), clipped to the end. */
typedef struct {
    const rp_iter *it;
    rp_kernel k;
    const void *ctx;
    rp_intp unit;
} iter_job;

static void iter_fn(void *ctx, rp_intp b, rp_intp e)
{
    const iter_job *j = ctx;
    rp_intp end = e * j->unit < j->it->size ? e * j->unit : j->it->size;
    rp_iter_run(j->it, b * j->unit, end, j->k, j->ctx);
}

typedef struct {
    const char *p;
    rp_intp n, s, chunk;
    char *parts;
    size_t asz;
    rp_kernel k;
} flat_job;

static void flat_fn(void *ctx, rp_intp b, rp_intp e)
{
    const flat_job *j = ctx;
    for (rp_intp c = b; c < e; c++) {
        rp_intp i = c * j->chunk, m = j->n - i < j->chunk ? j->n - i : j->chunk;
        if (m <= 0)
            break;
        char *args[2] = {(char *)j->p + i * j->s, j->parts + (size_t)c * j->asz};
        const rp_intp steps[2] = {j->s, 0};
        j->k(args, m, steps, NULL);
    }
}

/* An order-free op over one run: partials per chunk, combined by the op. */
static rp_status run_flat_par(rp_reduce_op op, const rp_iter *it, rp_kernel k, rp_dtype acc,
                              int nthreads)
{
    rp_reduce_op cop = op == RP_RED_NNZ || op == RP_RED_NANCNT ? RP_RED_SUM : op;
    rp_kernel ck = rp_kt.reduce.k[cop][acc][acc];
    if (!ck) {
        rp_iter_run(it, 0, it->size, k, NULL);
        return RP_OK;
    }
    rp_intp n = it->shape[0], nchunks = nthreads < n ? nthreads : n;
    tmp_array t;
    rp_status st = rp_red_tmp_new(&t, acc, 1, &nchunks);
    if (st != RP_OK)
        return st;
    fill_identity(cop, &t.a);
    flat_job j = {it->data[0], n, it->strides[0][0], (n + nchunks - 1) / nchunks, t.a.data,
                  rp_dtype_size(acc), k};
    rp_red_par_run(nchunks, flat_fn, &j);
    char *args[2] = {t.a.data, it->data[1]};
    const rp_intp steps[2] = {(rp_intp)j.asz, 0};
    ck(args, nchunks, steps, NULL);
    rp_red_tmp_free(&t);
    return RP_OK;
}

/* The threaded walk, or RP_EVALUE when this layout stays serial. pw: the
 * serial context of a pairwise kernel k (NULL when k is not one). */
static rp_status reduce_par(rp_reduce_op op, const rp_iter *it, rp_kernel k, rp_rows_kernel rk,
                            rp_dtype in_dt, rp_dtype acc, const rp_reduce_par *pw)
{
    if (!rp_red_on_pool(it->size * (rp_intp)rp_dtype_size(in_dt)))
        return RP_EVALUE;
    const int nthreads = rp_threads_get();
    if (it->strides[0][1] != 0) {
        /* inner axis kept: split its columns */
        if (it->ndim < 2 || it->shape[0] < 2 * PAR_COLS)
            return RP_EVALUE;
        cols_job j = {it, k, NULL, 0, 0};
        if (rk)
            for (int d = 1; d < it->ndim; d++)
                if (it->strides[d][1] == 0) {
                    j.rk = rk;
                    j.d = d;
                    break;
                }
        rp_red_par_run((it->shape[0] + PAR_COLS - 1) / PAR_COLS, cols_fn, &j);
        return j.failed ? RP_ENOMEM : RP_OK;
    }
    bool outer_kept = it->ndim >= 2;
    for (int d = 1; d < it->ndim; d++)
        if (it->strides[d][1] == 0)
            outer_kept = false;
    rp_intp nlines = it->size / it->shape[0];
    if (outer_kept && nlines >= 2 * nthreads) {
        iter_job j = {it, k, pw, it->shape[0]};
        rp_red_par_run(nlines, iter_fn, &j);
        return RP_OK;
    }
    if (pw) {
        /* long lines: each is threaded inside the kernel */
        rp_reduce_par par = {rp_red_par_run, par_bytes / (rp_intp)rp_dtype_size(in_dt), pw->prefetch};
        rp_iter_run(it, 0, it->size, k, &par);
        return RP_OK;
    }
    if (it->ndim == 1)
        return run_flat_par(op, it, k, acc, nthreads);
    return RP_EVALUE;
}

/* A kept inner axis streamed by rk (the complex sums, whose rows kernels
 * keep NumPy's row-by-row order): columns on the pool when `parallel`, the
 * outputs' order untouched. RP_EVALUE when the layout has no such walk. */
rp_status rp_red_rows_walk(const rp_iter *it, rp_rows_kernel rk, bool parallel)
{
    if (!rk || it->ndim < 2 || it->strides[0][1] == 0)
        return RP_EVALUE;
    int d = 0;
    for (int k = 1; k < it->ndim && !d; k++)
        if (it->strides[k][1] == 0)
            d = k;
    if (!d)
        return RP_EVALUE;
    if (!parallel || rp_threads_get() < 2 || it->shape[0] < 2 * PAR_COLS)
        return run_rows(it, d, rk);
    cols_job j = {it, NULL, rk, d, 0};
    rp_red_par_run((it->shape[0] + PAR_COLS - 1) / PAR_COLS, cols_fn, &j);
    return j.failed ? RP_ENOMEM : RP_OK;
}


static void fill_start(rp_reduce_op op, const rp_array *out, const void *initial)
{
    if (initial) {
        fill_ctx f = {rp_dtype_size(out->dtype), {0}};
        memcpy(f.bytes, initial, f.size);
        run_unary(out, fill_k, &f);
    } else
        fill_identity(op, out);
}

/* The reduction proper. It leaves the float flags it raises on the thread
 * (the public entry points below collect them); *cast_flags gets those
 * raised while converting the input to out's dtype. */
static rp_status reduce_initial(rp_reduce_op op, const rp_array *in, const bool *axes,
                                const rp_array *out, const void *initial, int *cast_flags)
{
    if ((unsigned)op >= RP_RED_NOPS)
        return RP_EVALUE;
    rp_status st = rp_red_check_keepdims(in, axes, out);
    if (st != RP_OK)
        return st;
    /* NumPy refuses an identity-less reduction over an empty extent even
     * when the result is empty too: max of a (0, 0) array along axis 0. */
    if ((op == RP_RED_MIN || op == RP_RED_MAX || op == RP_RED_FMIN || op == RP_RED_FMAX) &&
        !initial && rp_reduce_count(in, axes) == 0)
        return RP_EVALUE;
    if (rp_array_size(out) == 0)
        return RP_OK;
    if (rp_array_size(in) == 0) {
        fill_start(op, out, initial);
        return RP_OK;
    }
    const rp_dtype acc = out->dtype;
    if (in->dtype == RP_FLOAT16 && acc == RP_FLOAT16) {
        /* NumPy's float16 loops: computed in float, rounded per run */
        fill_start(op, out, initial);
        return rp_reduce_half(op, in, axes, out);
    }
    rp_kernel k = rp_kt.reduce.k[op][in->dtype][acc];
    if (!k) {
        /* No direct kernel (e.g. sum of int8 with dtype=int16): convert the
         * input first, as NumPy's buffered reduction does. */
        /* count_nonzero converts to its truth values (a float16 0.5 is
         * not an int64 zero), the NaN count float16 to float32 (exact,
         * NaNs kept: nanvar's count) */
        const rp_dtype conv = op == RP_RED_NNZ                                ? RP_BOOL
                              : op == RP_RED_NANCNT && in->dtype == RP_FLOAT16 ? RP_FLOAT32
                                                                              : acc;
        if ((!rp_kt.reduce.k[op][conv][acc] && conv != RP_FLOAT16) || in->dtype == conv)
            return RP_ETYPE;
        tmp_array t;
        st = rp_red_tmp_new(&t, conv, in->ndim, in->shape);
        if (st == RP_OK)
            st = rp_array_copy(&t.a, in);
        *cast_flags |= fetestexcept(RP_FPE_REPORTED);
        if (st == RP_OK)
            st = reduce_initial(op, &t.a, axes, out, initial, cast_flags);
        rp_red_tmp_free(&t);
        return st;
    }
    if (rp_dtype_get(acc)->kind == 'c' && (op == RP_RED_FMIN || op == RP_RED_FMAX) && !initial) {
        /* NumPy's fmin/fmax.reduce starts from the first element along the
         * reduced axes (an all-NaN slice gives that element: its parts
         * matter); reducing it again changes nothing */
        rp_intp shape[RP_MAXDIMS];
        for (int d = 0; d < in->ndim; d++)
            shape[d] = axes[d] ? 1 : in->shape[d];
        const rp_array first = {in->data, shape, in->strides, in->ndim, in->dtype};
        if ((st = rp_array_copy(out, &first)) != RP_OK)
            return st;
    } else
        fill_start(op, out, initial);
    if (rp_dtype_get(acc)->kind == 'c')
        return rp_reduce_complex_run(op, in, axes, out, rp_red_on_pool(rp_red_in_bytes(in)));

    rp_iter it;
    st = rp_reduce_iter_init(&it, in, axes, out);
    if (st != RP_OK)
        return st;

    rp_rows_kernel rk = NULL;
    if (op == RP_RED_SUM || op == RP_RED_PROD || op == RP_RED_NANSUM)
        rk = rp_kt.reduce.rows[op][in->dtype][acc];
    /* floating sums and products (those with a rows kernel) take the
     * pairwise kernels' context; serially, only its prefetch flag counts */
    pthread_once(&par_once, par_init);
    const rp_reduce_par serial = {NULL, 0, rp_red_in_bytes(in) > prefetch_bytes};
    const rp_reduce_par *pairwise = rk ? &serial : NULL;
    st = reduce_par(op, &it, k, rk, in->dtype, acc, pairwise);
    if (st != RP_EVALUE)
        return st;
    if (rk && it.ndim >= 2 && it.strides[0][1] != 0) {
        for (int d = 1; d < it.ndim; d++)
            if (it.strides[d][1] == 0)
                return run_rows(&it, d, rk);
    }
    rp_iter_run(&it, 0, it.size, k, pairwise);
    return RP_OK;
}

/* ---- mean, var, std -------------------------------------------------------- */

/* x = x / d, rounded as NumPy's true_divide by an intp count: in float64,
 * then converted to the result dtype. sqrt afterwards for std. */
typedef struct {
    double d;
    bool take_sqrt;
} div_ctx;

#define DIV_KERNEL(T, N, E, K)                                                                     \
    static void div_##N(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)      \
    {                                                                                              \
        const div_ctx *c = ctx;                                                                    \
        char *p = args[0];                                                                         \
        for (rp_intp i = 0; i < n; i++, p += steps[0]) {                                           \
            T *x = (T *)p;                                                                         \
            *x = RP_CONVERT(f, K, T, (double)*x / c->d);                                           \
            if (c->take_sqrt)                                                                      \
                *x = _Generic(*x, float: sqrtf, default: sqrt)(*x);                                \
        }                                                                                          \
    }
RP_DTYPES(DIV_KERNEL)

static void divide_by(const rp_array *out, double d, bool take_sqrt)
{
    static const rp_kernel divs[RP_NTYPES] = {
#define DIV_ENTRY(T, N, E, K) [E] = div_##N,
        RP_DTYPES(DIV_ENTRY)
#undef DIV_ENTRY
    };
    div_ctx c = {d, take_sqrt};
    run_unary(out, divs[out->dtype], &c);
}

void rp_red_divide_by(const rp_array *out, double d, bool take_sqrt)
{
    divide_by(out, d, take_sqrt);
}


/* Elements per pool block of var's squared-deviation pass. */
enum { ELEM_BLOCK = 8192 };

/* k over every element of it, on the pool in blocks of `unit` elements when
 * the operand bytes reach the cutoff; for passes whose elements (or lines,
 * unit 1) are each computed alone, so the split changes no bit. */
void rp_red_run_split(const rp_iter *it, rp_kernel k, const void *ctx, rp_intp unit,
                      rp_intp bytes)
{
    if (rp_red_on_pool(bytes) && it->size > unit) {
        iter_job j = {it, k, ctx, unit};
        rp_red_par_run((it->size + unit - 1) / unit, iter_fn, &j);
    } else
        rp_iter_run(it, 0, it->size, k, ctx);
}

/* var/std's mean: a float input summed in NumPy's own order
 * (reduce_numpy.c says why), others as mean(). errors[0] gets the sum's
 * float errors and, shifted by RP_VAR_MEAN_DIV_SHIFT, the division's
 * (NumPy's separate divide). */
static rp_status var_mean(const rp_array *in, const bool *axes, const rp_array *out,
                          unsigned *errors)
{
    rp_status st;
    if (out->dtype == RP_BOOL)
        return RP_ETYPE;
    if (in->dtype != out->dtype || rp_array_size(in) == 0) {
        int cast_flags = 0;
        st = reduce_initial(RP_RED_SUM, in, axes, out, NULL, &cast_flags);
    } else {
        fill_identity(RP_RED_SUM, out);
        st = rp_reduce_sum_numpy_order(in, axes, out, rp_red_on_pool(rp_red_in_bytes(in)));
    }
    errors[0] = rp_fpe_bits();
    if (st == RP_OK)
        divide_by(out, (double)rp_reduce_count(in, axes), false);
    errors[0] |= rp_fpe_bits() << RP_VAR_MEAN_DIV_SHIFT;
    return st;
}

static rp_status reduce_var(const rp_array *in, const bool *axes, const rp_array *out, double ddof,
                           bool take_sqrt, unsigned *errors)
{
    const rp_dtype acc = out->dtype;
    if (!rp_kt.reduce.sqdev[acc])
        return RP_ETYPE;
    rp_status st = rp_red_check_keepdims(in, axes, out);
    if (st != RP_OK)
        return st;
    if (rp_array_size(out) == 0)
        return RP_OK;
    rp_intp n = rp_reduce_count(in, axes);
    tmp_array mean = {0}, x = {0};
    st = rp_red_tmp_new(&mean, acc, out->ndim, out->shape);
    if (st == RP_OK)
        st = var_mean(in, axes, &mean.a, errors);
    if (st == RP_OK && n > 0) {
        /* x = (in - mean)^2 in the accumulation dtype, mean broadcast; an
         * input already of that dtype is read in place, not copied first. */
        st = rp_red_tmp_new(&x, acc, in->ndim, in->shape);
        const rp_array *src = in->dtype == acc ? in : &x.a;
        if (st == RP_OK && src != in)
            st = rp_array_copy(&x.a, in);
        if (st == RP_OK) {
            rp_intp mstrides[RP_MAXDIMS];
            for (int i = 0; i < in->ndim; i++)
                mstrides[i] = axes[i] ? 0 : mean.a.strides[i];
            char *data[3] = {src->data, mean.a.data, x.a.data};
            const rp_intp *strides[3] = {src->strides, mstrides, x.a.strides};
            rp_iter it;
            st = rp_iter_init(&it, 3, data, in->ndim, in->shape, strides, 0);
            if (st == RP_OK)
                rp_red_run_split(&it, rp_kt.reduce.sqdev[acc], NULL, ELEM_BLOCK, rp_red_in_bytes(in));
        }
        errors[1] = rp_fpe_bits();
        int cast_flags = 0;
        if (st == RP_OK)
            st = reduce_initial(RP_RED_SUM, &x.a, axes, out, NULL, &cast_flags);
    } else if (st == RP_OK) {
        fill_identity(RP_RED_SUM, out);
    }
    errors[2] = rp_fpe_bits();
    if (st == RP_OK) {
        double d = (double)n - ddof;
        divide_by(out, d > 0 ? d : 0.0, take_sqrt);
    }
    if (x.a.data)
        rp_red_tmp_free(&x);
    if (mean.a.data)
        rp_red_tmp_free(&mean);
    return st;
}

/* ---- the entry points: float flags as error bits ---------------------------
 *
 * Each clears the flags, runs, and reads them back (the pool's tasks raise
 * theirs on this thread). min/max/any/all/count_nonzero report only what the
 * conversion of the input raised: their comparisons may raise "invalid" on
 * a NaN, which NumPy's loops do not report.
 */

rp_status rp_reduce_initial(rp_reduce_op op, const rp_array *in, const bool *axes,
                            const rp_array *out, const void *initial, unsigned *errors)
{
    int cast_flags = 0;
    rp_fpe_start();
    rp_status st = reduce_initial(op, in, axes, out, initial, &cast_flags);
    unsigned e = rp_fpe_bits();
    if (op != RP_RED_SUM && op != RP_RED_PROD && op != RP_RED_NANSUM) {
        rp_fpe_start();
        if (cast_flags)
            feraiseexcept(cast_flags);
        e = rp_fpe_bits();
    }
    if (errors)
        *errors = e;
    return st;
}

rp_status rp_reduce_half_where(rp_reduce_op op, const rp_array *in, const rp_array *mask,
                               const bool *axes, const rp_array *out, const void *initial,
                               unsigned *errors)
{
    if ((op != RP_RED_SUM && op != RP_RED_PROD) || in->dtype != RP_FLOAT16 ||
        (out->dtype != RP_FLOAT16 && !(out->dtype == RP_FLOAT32 && op == RP_RED_SUM)) ||
        mask->dtype != RP_BOOL || mask->ndim != in->ndim ||
        memcmp(mask->shape, in->shape, sizeof(rp_intp) * (size_t)in->ndim) != 0)
        return RP_ETYPE;
    rp_status st = rp_red_check_keepdims(in, axes, out);
    if (st != RP_OK || rp_array_size(out) == 0)
        return st;
    rp_fpe_start();
    fill_start(op, out, initial);
    if (rp_array_size(in) > 0)
        st = rp_reduce_half_masked(op, in, mask, axes, out);
    if (errors)
        *errors = rp_fpe_bits();
    return st;
}

rp_status rp_reduce(rp_reduce_op op, const rp_array *in, const bool *axes, const rp_array *out,
                    unsigned *errors)
{
    return rp_reduce_initial(op, in, axes, out, NULL, errors);
}

/* NumPy's float16 mean: add.reduce with dtype=float32, true_divide by the
 * intp count (float64, back into the float32 sum), then float16. */
static rp_status mean_half(const rp_array *in, const bool *axes, const rp_array *out,
                           unsigned *errors)
{
    tmp_array t;
    rp_intp shape[RP_MAXDIMS];
    memcpy(shape, out->shape, sizeof(rp_intp) * (size_t)out->ndim);
    int cast_flags = 0;
    rp_status st = rp_red_tmp_new(&t, RP_FLOAT32, out->ndim, shape);
    if (st != RP_OK)
        return st;
    rp_fpe_start();
    st = reduce_initial(RP_RED_SUM, in, axes, &t.a, NULL, &cast_flags);
    unsigned e = rp_fpe_bits();
    if (st == RP_OK) {
        divide_by(&t.a, (double)rp_reduce_count(in, axes), false);
        st = rp_array_copy(out, &t.a);
    }
    rp_fpe_start();
    rp_red_tmp_free(&t);
    if (errors)
        *errors = e;
    return st;
}

rp_status rp_reduce_mean(const rp_array *in, const bool *axes, const rp_array *out,
                         unsigned *errors)
{
    if (in->dtype == RP_FLOAT16 && out->dtype == RP_FLOAT16)
        return mean_half(in, axes, out, errors);
    /* (divide_by has no float16 loop: the CPython layer takes other
     * float16 means through NumPy's steps; a float16 input with a float32
     * or float64 dtype= is summed after the exact cast, as NumPy's buffers) */
    if (out->dtype == RP_BOOL || out->dtype == RP_FLOAT16)
        return RP_ETYPE;
    int cast_flags = 0;
    rp_fpe_start();
    rp_status st = reduce_initial(RP_RED_SUM, in, axes, out, NULL, &cast_flags);
    unsigned e = rp_fpe_bits();
    /* the division by the count is NumPy's divide: a real mean's only
     * failure is an empty one's 0/0, which the caller warns about; a
     * complex one's (Smith's method) can also meet inf * 0 */
    const bool cx = rp_dtype_get(out->dtype)->kind == 'c';
    rp_fpe_start();
    if (st == RP_OK && cx)
        rp_reduce_complex_divide(out, (double)rp_reduce_count(in, axes));
    else if (st == RP_OK)
        divide_by(out, (double)rp_reduce_count(in, axes), false);
    if (cx)
        e |= rp_fpe_bits() << RP_VAR_MEAN_DIV_SHIFT;
    rp_fpe_start();
    if (errors)
        *errors = e;
    return st;
}

rp_status rp_reduce_var(const rp_array *in, const bool *axes, const rp_array *out, double ddof,
                        bool take_sqrt, unsigned *errors)
{
    unsigned e[4] = {0, 0, 0, 0};
    if (in->dtype == RP_FLOAT16) /* as rp_reduce_mean */
        return RP_ETYPE;
    rp_status st;
    rp_fpe_start();
    if (rp_dtype_get(in->dtype)->kind == 'c') {
        st = rp_red_check_keepdims(in, axes, out);
        if (st == RP_OK)
            st = rp_reduce_var_complex(in, axes, out, ddof, take_sqrt, e,
                                       rp_red_on_pool(rp_red_in_bytes(in)));
    } else {
        st = reduce_var(in, axes, out, ddof, take_sqrt, e);
        e[3] = rp_fpe_bits();
    }
    if (errors)
        *errors = e[0] << RP_VAR_MEAN_SHIFT | e[1] << RP_VAR_DEV_SHIFT |
                  e[2] << RP_VAR_SUM_SHIFT | e[3] << RP_VAR_DIV_SHIFT;
    return st;
}
