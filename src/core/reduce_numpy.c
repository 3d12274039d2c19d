/*
 * Float sums in NumPy's exact order, for the mean var/std subtract.
 *
 * raptors' own sums (src/kernels/reduce_pairwise.c) use an order built for
 * speed; NumPy's var is mean = add.reduce(x) / n, then x - mean, and the
 * squared deviations of a constant array are 0 exactly when, and only
 * when, that mean rounds back to the constant. To give var/std NumPy's
 * answers (0 where NumPy gives 0, e.g. var of ten float32 0.1), the mean is
 * summed as NumPy's add.reduce sums:
 *   - a reduced run (the iterator's inner axis reduced): out += pairwise(run)
 *     with NumPy's pairwise_sum: under 8 elements a plain loop from -0.0;
 *     up to 128, 8 accumulators over index i % 8, folded
 *     ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the tail in
 *     order; above, split at n2 = n / 2 rounded down to a multiple of 8
 *     and pairwise(first) + pairwise(rest);
 *   - a kept inner axis (rows streamed into a row of outputs): out[j] +=
 *     row[j], one row after the other, from 0.
 * The accumulator is the dtype itself (float32 sums in float32, as NumPy).
 * A long run is split across threads at the top levels of the same
 * recursion (16 leaves, a choice that depends only on its length), and the
 * leaves are combined by the recursion: the same bits for any thread count.
 */
#include "reduce_iter.h"
#include "reduce_numpy.h"

#include "fpe.h"

enum { PW_BLOCK = 128, LEAF_DEPTH = 4, MAX_LEAVES = 1 << LEAF_DEPTH };

/* The split NumPy's pairwise_sum makes of n > PW_BLOCK elements. */
static rp_intp pw_split(rp_intp n)
{
    rp_intp n2 = n / 2;
    return n2 - n2 % 8;
}

#define PAIRWISE(T, SFX)                                                                           \
    static T pw_##SFX(const char *p, rp_intp n, rp_intp s)                                         \
    {                                                                                              \
        if (n < 8) {                                                                               \
            T res = (T)-0.0;                                                                       \
            for (rp_intp i = 0; i < n; i++)                                                        \
                res += *(const T *)(p + i * s);                                                    \
            return res;                                                                            \
        }                                                                                          \
        if (n <= PW_BLOCK) {                                                                       \
            T r[8];                                                                                \
            for (int j = 0; j < 8; j++)                                                            \
                r[j] = *(const T *)(p + j * s);                                                    \
            rp_intp i = 8;                                                                         \
            for (; i < n - n % 8; i += 8)                                                          \
                for (int j = 0; j < 8; j++)                                                        \
                    r[j] += *(const T *)(p + (i + j) * s);                                         \
            T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));             \
            for (; i < n; i++)                                                                     \
                res += *(const T *)(p + i * s);                                                    \
            return res;                                                                            \
        }                                                                                          \
        rp_intp n2 = pw_split(n);                                                                  \
        return pw_##SFX(p, n2, s) + pw_##SFX(p + n2 * s, n - n2, s);                               \
    }                                                                                              \
    /* The recursion's top LEAF_DEPTH levels with the leaves' sums given. */                      \
    static T combine_##SFX(rp_intp n, int depth, const T *leaf, int *next)                         \
    {                                                                                              \
        if (depth == LEAF_DEPTH || n <= PW_BLOCK)                                                  \
            return leaf[(*next)++];                                                                \
        rp_intp n2 = pw_split(n);                                                                  \
        T a = combine_##SFX(n2, depth + 1, leaf, next);                                            \
        return a + combine_##SFX(n - n2, depth + 1, leaf, next);                                   \
    }
PAIRWISE(float, f32)
PAIRWISE(double, f64)

/* The leaves of that recursion for a run of n: offsets and lengths. */
static int leaves(rp_intp off, rp_intp n, int depth, rp_intp *offs, rp_intp *lens, int k)
{
    if (depth == LEAF_DEPTH || n <= PW_BLOCK) {
        offs[k] = off;
        lens[k] = n;
        return k + 1;
    }
    rp_intp n2 = pw_split(n);
    k = leaves(off, n2, depth + 1, offs, lens, k);
    return leaves(off + n2, n - n2, depth + 1, offs, lens, k);
}

typedef struct {
    const char *p;
    rp_intp s;
    rp_intp off[MAX_LEAVES], len[MAX_LEAVES];
    double val[MAX_LEAVES]; /* a float32 leaf sum is exact in a double */
    bool f32;
} leaf_job;

static void leaf_fn(void *ctx, rp_intp b, rp_intp e)
{
    leaf_job *j = ctx;
    for (rp_intp c = b; c < e; c++) {
        const char *q = j->p + j->off[c] * j->s;
        j->val[c] = j->f32 ? (double)pw_f32(q, j->len[c], j->s) : pw_f64(q, j->len[c], j->s);
    }
}

typedef struct {
    bool parallel;
} run_ctx;

#define SUM_KERNEL(T, SFX)                                                                         \
    static void sum_##SFX(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)    \
    {                                                                                              \
        const run_ctx *c = ctx;                                                                    \
        if (steps[1] != 0) {                                                                       \
            for (rp_intp i = 0; i < n; i++)                                                        \
                *(T *)(args[1] + i * steps[1]) += *(const T *)(args[0] + i * steps[0]);            \
            return;                                                                                \
        }                                                                                          \
        if (!c->parallel || n <= PW_BLOCK << LEAF_DEPTH) {                                         \
            *(T *)args[1] += pw_##SFX(args[0], n, steps[0]);                                       \
            return;                                                                                \
        }                                                                                          \
        leaf_job j = {.p = args[0], .s = steps[0], .f32 = sizeof(T) == 4};                         \
        int nl = leaves(0, n, 0, j.off, j.len, 0);                                                 \
        rp_fpe_parallel_blocks(nl, RP_MAX_THREADS, leaf_fn, &j);                                   \
        T leaf[MAX_LEAVES];                                                                        \
        for (int k = 0; k < nl; k++)                                                               \
            leaf[k] = (T)j.val[k];                                                                 \
        int next = 0;                                                                              \
        *(T *)args[1] += combine_##SFX(n, 0, leaf, &next);                                         \
    }
SUM_KERNEL(float, f32)
SUM_KERNEL(double, f64)

rp_status rp_reduce_sum_numpy_order(const rp_array *in, const bool *axes, const rp_array *out,
                                    bool parallel)
{
    if (in->dtype != out->dtype || (in->dtype != RP_FLOAT32 && in->dtype != RP_FLOAT64))
        return RP_ETYPE;
    rp_iter it;
    rp_status st = rp_reduce_iter_init(&it, in, axes, out);
    if (st != RP_OK)
        return st;
    run_ctx c = {parallel};
    rp_iter_run(&it, 0, it.size, in->dtype == RP_FLOAT32 ? sum_f32 : sum_f64, &c);
    return RP_OK;
}
