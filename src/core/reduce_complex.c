/*
 * complex64/complex128 sums, products, means and variances, walked as
 * NumPy's add.reduce walks them so the bits are NumPy's: one iterator over
 * (in, out) with out's strides zeroed on the reduced axes; each reduced run
 * goes to the kernel whole (out += pairwise(run), src/kernels/
 * reduce_complex.c gives the order) and a kept inner axis streams rows into
 * a row of outputs (columns on the pool). A long run on the pool is cut at the top four levels of
 * NumPy's own pairwise recursion, the leaves summed on the threads and
 * combined by that recursion: the same bits for any thread count.
 */
#include "reduce_complex.h"

#include "fpe.h"
#include "kernels.h"
#include "reduce_iter.h"
#include "reduce_util.h"

#include <string.h>

enum { CX_BLOCK = 64, LEAF_DEPTH = 4, MAX_LEAVES = 1 << LEAF_DEPTH };

/* NumPy's split of a complex run of n > CX_BLOCK elements: half its 2n
 * parts, rounded down to a multiple of 8 parts. */
static rp_intp cx_split(rp_intp n) { return (n - n % 8) / 2; }

/* The recursion's top levels over the leaves' sums (one part at a time). */
#define CX_COMBINE(T, SFX)                                                                         \
    static T combine_##SFX(rp_intp n, int depth, const T *leaf, int *next)                         \
    {                                                                                              \
        if (depth == LEAF_DEPTH || n <= CX_BLOCK) /* a leaf's part in its 16-byte slot */          \
            return leaf[(*next)++ * (16 / sizeof(T))];                                             \
        rp_intp n2 = cx_split(n);                                                                  \
        T a = combine_##SFX(n2, depth + 1, leaf, next);                                            \
        return a + combine_##SFX(n - n2, depth + 1, leaf, next);                                   \
    }
/* A leaf's slot starts at -0.0 + -0.0j (x + -0.0 is x, so the leaf's
 * partial is its pairwise sum); the leaves' sums, combined, go into out. */
#define CX_LEAVES(T, SFX)                                                                          \
    CX_COMBINE(T, SFX)                                                                             \
    static void start_##SFX(char *slot)                                                            \
    {                                                                                              \
        const T z[2] = {(T)-0.0, (T)-0.0};                                                         \
        memcpy(slot, z, sizeof z);                                                                 \
    }                                                                                              \
    static void finish_##SFX(const void *parts, rp_intp n, char *out)                              \
    {                                                                                              \
        T leaf[16 / sizeof(T) * MAX_LEAVES], o[2];                                                 \
        memcpy(leaf, parts, sizeof leaf);                                                          \
        memcpy(o, out, sizeof o);                                                                  \
        for (int part = 0; part < 2; part++) {                                                     \
            int next = 0;                                                                          \
            o[part] += combine_##SFX(n, 0, leaf + part, &next);                                    \
        }                                                                                          \
        memcpy(out, o, sizeof o);                                                                  \
    }
CX_LEAVES(float, c64)
CX_LEAVES(double, c128)

typedef struct {
    rp_kernel k;
    bool parallel;
    rp_dtype dt;
} run_ctx;

typedef struct {
    rp_kernel k;
    const char *p;
    rp_intp s;
    rp_intp off[MAX_LEAVES], len[MAX_LEAVES];
    _Alignas(16) char part[MAX_LEAVES][16];
} leaf_job;

static void leaf_fn(void *ctx, rp_intp b, rp_intp e)
{
    leaf_job *j = ctx;
    for (rp_intp c = b; c < e; c++) {
        char *args[2] = {(char *)j->p + j->off[c] * j->s, j->part[c]};
        const rp_intp steps[2] = {j->s, 0};
        j->k(args, j->len[c], steps, NULL);
    }
}

/* A run into one output: on the pool when long enough, each leaf summed
 * from -0.0 (start_*), the leaves combined by NumPy's recursion. */
static void run_k(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const run_ctx *c = ctx;
    const rp_intp csz = (rp_intp)rp_dtype_size(c->dt);
    if (!c->parallel || steps[1] != 0 || n <= CX_BLOCK << LEAF_DEPTH || steps[0] % csz != 0) {
        c->k(args, n, steps, NULL);
        return;
    }
    leaf_job j = {.k = c->k, .p = args[0], .s = steps[0]};
    const int nl = rp_red_pw_leaves(0, n, LEAF_DEPTH, CX_BLOCK, cx_split, j.off, j.len, 0);
    const bool c64 = c->dt == RP_COMPLEX64;
    for (int l = 0; l < nl; l++)
        (c64 ? start_c64 : start_c128)(j.part[l]);
    rp_fpe_parallel_blocks(nl, RP_MAX_THREADS, leaf_fn, &j);
    (c64 ? finish_c64 : finish_c128)(j.part, n, args[1]);
}

/* Appends each run to a buffer (the walk's order). */
typedef struct {
    char *p;
    size_t es;
} gather_ctx;

static void gather_k(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    gather_ctx *g = (gather_ctx *)ctx;
    for (rp_intp i = 0; i < n; i++, g->p += g->es)
        memcpy(g->p, args[0] + i * steps[0], g->es);
}

rp_status rp_reduce_complex_run(rp_reduce_op op, const rp_array *in, const bool *axes,
                                const rp_array *out, bool parallel)
{
    rp_kernel k = rp_kt.reduce.k[op][in->dtype][out->dtype];
    if (!k || in->dtype != out->dtype)
        return RP_ETYPE;
    rp_iter it;
    rp_status st = rp_reduce_iter_init(&it, in, axes, out);
    if (st != RP_OK)
        return st;
    /* only sums split: NumPy's running products and extremes have no tree */
    const run_ctx c = {k, parallel && (op == RP_RED_SUM || op == RP_RED_NANSUM), in->dtype};
    bool full = true, negative = false;
    for (int d = 0; d < in->ndim; d++) {
        full &= axes[d] || in->shape[d] == 1;
        negative |= in->strides[d] < 0 && in->shape[d] > 1;
    }
    if (!full || !negative || it.ndim == 1) {
        /* a kept inner axis: several rows per pass over the outputs, the
         * columns on the pool (each output's order unchanged) */
        st = rp_red_rows_walk(&it, rp_kt.reduce.rows[op][in->dtype][out->dtype], parallel);
        if (st != RP_EVALUE)
            return st;
        rp_iter_run(&it, 0, it.size, run_k, &c);
        return RP_OK;
    }
    /* A whole array with a negative stride whose runs do not merge: NumPy
     * buffers it, 8192 elements cut to whole inner runs, and reduces each
     * buffer as one run (in the walk's order). */
    const size_t es = rp_dtype_size(in->dtype);
    const rp_intp inner = it.shape[0], buffer = inner <= 8192 ? 8192 - 8192 % inner : 8192;
    tmp_array g;
    rp_intp n = it.size;
    if ((st = rp_red_tmp_new(&g, in->dtype, 1, &n)) != RP_OK)
        return st;
    gather_ctx gc = {g.a.data, es};
    rp_iter_run(&it, 0, it.size, gather_k, &gc);
    for (rp_intp i = 0; i < n; i += buffer) {
        char *args[2] = {g.a.data + i * (rp_intp)es, out->data};
        const rp_intp steps[2] = {(rp_intp)es, 0};
        run_k(args, n - i < buffer ? n - i : buffer, steps, &c);
    }
    rp_red_tmp_free(&g);
    return RP_OK;
}

/* ---- mean: the sum divided by the count ------------------------------------ */

/* NumPy's complex true_divide by the intp count (as complex128 n + 0j),
 * Smith's method: rat = 0 / n, scl = 1 / (n + 0 * rat), then
 * re = (r + i * rat) * scl and im = (i - r * rat) * scl, so an infinite
 * part makes the other NaN ((inf + 0j) / 1 is inf + nanj); by 0, each part
 * divided by 0. complex64 is divided in complex128 and rounded back. */
static void cx_div(double *re, double *im, double n)
{
    const double r = *re, i = *im;
    if (n == 0) {
        *re = r / n;
        *im = i / n;
        return;
    }
    const double rat = 0.0 / n, scl = 1.0 / (n + 0.0 * rat);
    *re = (r + i * rat) * scl;
    *im = (i - r * rat) * scl;
}

static void div_k(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const double d = *(const double *)ctx;
    char *p = args[0];
    if (steps[1] == 8) { /* complex64 (steps[1] carries the item size) */
        for (rp_intp k = 0; k < n; k++, p += steps[0]) {
            float *z = (float *)p;
            double re = z[0], im = z[1];
            cx_div(&re, &im, d);
            z[0] = (float)re;
            z[1] = (float)im;
        }
    } else {
        for (rp_intp k = 0; k < n; k++, p += steps[0]) {
            double *z = (double *)p;
            cx_div(&z[0], &z[1], d);
        }
    }
}

void rp_reduce_complex_divide(const rp_array *out, double count)
{
    char *data[1] = {out->data};
    const rp_intp *strides[1] = {out->strides};
    rp_iter it;
    if (rp_iter_init(&it, 1, data, out->ndim, out->shape, strides, 0) != RP_OK)
        return;
    /* one operand: the kernel's second step is free to carry the item size */
    for (int d = 0; d < it.ndim; d++)
        it.strides[d][1] = (rp_intp)rp_dtype_size(out->dtype);
    rp_iter_run(&it, 0, it.size, div_k, &count);
}

/* ---- var / std ------------------------------------------------------------------ */

/* Strides of a compact array of `in`'s shape whose axes lie in memory as
 * in's do (NumPy's order 'K' for the temporary x - mean): the largest
 * |stride| outermost, all positive. */
static void k_strides(const rp_array *in, rp_intp itemsize, rp_intp *strides)
{
    int perm[RP_MAXDIMS];
    for (int i = 0; i < in->ndim; i++)
        perm[i] = i;
    for (int i = 1; i < in->ndim; i++) /* stable: equal strides keep C order */
        for (int j = i; j > 0; j--) {
            rp_intp a = in->strides[perm[j - 1]], b = in->strides[perm[j]];
            a = a < 0 ? -a : a;
            b = b < 0 ? -b : b;
            if (a >= b)
                break;
            int t = perm[j];
            perm[j] = perm[j - 1];
            perm[j - 1] = t;
        }
    rp_intp s = itemsize;
    for (int i = in->ndim - 1; i >= 0; i--) {
        strides[perm[i]] = s;
        s *= in->shape[perm[i]] > 0 ? in->shape[perm[i]] : 1;
    }
}

static rp_status tmp_k(tmp_array *t, rp_dtype dt, const rp_array *in)
{
    rp_status st = rp_red_tmp_new(t, dt, in->ndim, (rp_intp *)in->shape);
    if (st == RP_OK)
        k_strides(in, (rp_intp)rp_dtype_size(dt), t->strides);
    return st;
}

/* The deviations |x - mean|^2 into x (real); *dev gets the subtraction's
 * flags in its low nibble and the squares' above, *add the final add's. */
static rp_status deviations(const rp_array *in, const bool *axes, const rp_array *mean,
                            const rp_array *x, unsigned *dev, unsigned *add)
{
    rp_kernel k = rp_kt.reduce.sqdev[in->dtype];
    rp_intp mstrides[RP_MAXDIMS];
    for (int i = 0; i < in->ndim; i++)
        mstrides[i] = axes[i] ? 0 : mean->strides[i];
    char *data[3] = {in->data, mean->data, x->data};
    const rp_intp *strides[3] = {in->strides, mstrides, x->strides};
    rp_iter it;
    rp_status st = rp_iter_init(&it, 3, data, in->ndim, in->shape, strides, 0);
    if (st != RP_OK)
        return st;
    rp_fpe_start();
    rp_red_run_split(&it, k, NULL, 8192, rp_red_in_bytes(in));
    if (!rp_fpe_bits())
        return RP_OK;
    /* a flag: NumPy's three passes again, each reporting its own */
    tmp_array d;
    if ((st = tmp_k(&d, in->dtype, in)) != RP_OK)
        return st;
    static const int stages[3] = {1, 2, 3};
    const rp_array *src[3] = {in, &d.a, &d.a}, *dst[3] = {&d.a, &d.a, x};
    unsigned fl[3];
    for (int s = 0; s < 3 && st == RP_OK; s++) {
        char *dd[3] = {src[s]->data, mean->data, dst[s]->data};
        const rp_intp *ss[3] = {src[s]->strides, mstrides, dst[s]->strides};
        st = rp_iter_init(&it, 3, dd, in->ndim, in->shape, ss, 0);
        rp_fpe_start();
        if (st == RP_OK)
            rp_iter_run(&it, 0, it.size, k, &stages[s]);
        fl[s] = rp_fpe_bits();
    }
    rp_red_tmp_free(&d);
    *dev = fl[0] | fl[1] << 4;
    *add = fl[2];
    return st;
}

rp_status rp_reduce_var_complex(const rp_array *in, const bool *axes, const rp_array *out,
                                double ddof, bool take_sqrt, unsigned *e, bool parallel)
{
    const rp_dtype part = in->dtype == RP_COMPLEX64 ? RP_FLOAT32 : RP_FLOAT64;
    if ((in->dtype != RP_COMPLEX64 && in->dtype != RP_COMPLEX128) || out->dtype != part)
        return RP_ETYPE;
    if (rp_array_size(out) == 0)
        return RP_OK;
    const rp_intp n = rp_reduce_count(in, axes);
    tmp_array mean = {0}, x = {0};
    rp_status st = rp_red_tmp_new(&mean, in->dtype, out->ndim, (rp_intp *)out->shape);
    if (st != RP_OK)
        return st;
    /* the mean: NumPy's umr_sum(keepdims=True), then its true_divide */
    rp_red_fill_zero(&mean.a);
    rp_fpe_start();
    if (n > 0)
        st = rp_reduce_complex_run(RP_RED_SUM, in, axes, &mean.a, parallel);
    e[0] = rp_fpe_bits();
    rp_fpe_start();
    rp_reduce_complex_divide(&mean.a, (double)n);
    e[0] |= rp_fpe_bits() << 4;
    rp_red_fill_zero(out);
    if (st == RP_OK && n > 0 && (st = tmp_k(&x, part, in)) == RP_OK) {
        unsigned add = 0;
        st = deviations(in, axes, &mean.a, &x.a, &e[1], &add);
        rp_fpe_start();
        /* the real view of NumPy's temporary, summed in its float order */
        if (st == RP_OK)
            st = rp_reduce_sum_numpy_order(&x.a, axes, out, parallel);
        e[2] = rp_fpe_bits() | add << 4;
        rp_red_tmp_free(&x);
    }
    rp_fpe_start();
    if (st == RP_OK) {
        const double d = (double)n - ddof;
        rp_red_divide_by(out, d > 0 ? d : 0.0, take_sqrt);
    }
    e[3] = rp_fpe_bits();
    rp_red_tmp_free(&mean);
    return st;
}
