/*
 * Float sums in NumPy's exact order, for the mean var/std subtract; and the
 * float16 reductions, which NumPy rounds to half per run (at the end).
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
#include "reduce_util.h"

#include "fpe.h"
#include "half.h"

enum { PW_BLOCK = 128, LEAF_DEPTH = 4, MAX_LEAVES = 1 << LEAF_DEPTH };

/* The split NumPy's pairwise_sum makes of n > PW_BLOCK elements. */
static rp_intp pw_split(rp_intp n)
{
    rp_intp n2 = n / 2;
    return n2 - n2 % 8;
}

#define PAIRWISE(T, SFX, LD)                                                                       \
    static T pw_##SFX(const char *p, rp_intp n, rp_intp s)                                         \
    {                                                                                              \
        if (n < 8) {                                                                               \
            T res = (T)-0.0;                                                                       \
            for (rp_intp i = 0; i < n; i++)                                                        \
                res += LD(p + i * s);                                                    \
            return res;                                                                            \
        }                                                                                          \
        if (n <= PW_BLOCK) {                                                                       \
            T r[8];                                                                                \
            for (int j = 0; j < 8; j++)                                                            \
                r[j] = LD(p + j * s);                                                    \
            rp_intp i = 8;                                                                         \
            for (; i < n - n % 8; i += 8)                                                          \
                for (int j = 0; j < 8; j++)                                                        \
                    r[j] += LD(p + (i + j) * s);                                         \
            T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));             \
            for (; i < n; i++)                                                                     \
                res += LD(p + i * s);                                                    \
            return res;                                                                            \
        }                                                                                          \
        rp_intp n2 = pw_split(n);                                                                  \
        return pw_##SFX(p, n2, s) + pw_##SFX(p + n2 * s, n - n2, s);                               \
    }                                                                                              \
    /* The recursion's top LEAF_DEPTH levels with the leaves' sums given. */                      \
    static inline T combine_##SFX(rp_intp n, int depth, const T *leaf, int *next)                  \
    {                                                                                              \
        if (depth == LEAF_DEPTH || n <= PW_BLOCK)                                                  \
            return leaf[(*next)++];                                                                \
        rp_intp n2 = pw_split(n);                                                                  \
        T a = combine_##SFX(n2, depth + 1, leaf, next);                                            \
        return a + combine_##SFX(n - n2, depth + 1, leaf, next);                                   \
    }
#define LD_F32(q) (*(const float *)(q))
#define LD_F64(q) (*(const double *)(q))
/* NumPy's float16 pairwise sum: the same recursion over the halves as
 * floats, in a float accumulator. */
#define LD_F16(q) rp_half_to_float(*(const rp_half *)(q))
/* nansum's: NumPy sums a copy with every NaN replaced by +0.0. */
#define LD_F16NAN(q) f16_or_zero(*(const rp_half *)(q))
static inline float f16_or_zero(rp_half h)
{
    return (h & 0x7fffu) > 0x7c00u ? 0.0f : rp_half_to_float(h);
}
PAIRWISE(float, f32, LD_F32)
PAIRWISE(double, f64, LD_F64)
PAIRWISE(float, f16, LD_F16)
PAIRWISE(float, f16nan, LD_F16NAN)

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
        int nl = rp_red_pw_leaves(0, n, LEAF_DEPTH, PW_BLOCK, pw_split, j.off, j.len, 0);         \
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

/* ---- float16: NumPy's half loops -------------------------------------------
 *
 * NumPy reduces float16 with its float16 loops, which compute in float and
 * round to half once per inner-loop call: a reduced run is
 * out = half(out + pairwise(run)) for add and half(out * x0 * x1 ...) for
 * multiply (left to right in float); a kept inner axis (rows streamed into
 * a row of outputs) rounds at every element, out[j] = half(out[j] + x[j]).
 * maximum/minimum compare the halves (NumPy's npy_half_ge/le): the earlier
 * of equal values stays, and the first NaN wins. Rounding raises what the
 * cast to half raises (overflow, underflow), as npy_float_to_half does.
 */

static float f16_get(const char *p) { return rp_half_to_float(*(const rp_half *)p); }

static void f16_put(char *p, float v, int *fe) { *(rp_half *)p = rp_float_to_half(v, fe); }

/* A kept inner axis: out[i] = half(out[i] + x[i]) (or *), NumPy's binary
 * float16 loop with out as its first operand. */
enum f16_arith { F16_ADD, F16_NANADD, F16_MUL };

static void rows_f16(char *const *args, rp_intp n, const rp_intp *steps, enum f16_arith how,
                     int *fe)
{
    for (rp_intp i = 0; i < n; i++) {
        char *o = args[1] + i * steps[1];
        const rp_half x = *(const rp_half *)(args[0] + i * steps[0]);
        const float a = f16_get(o);
        f16_put(o,
                how == F16_MUL      ? a * rp_half_to_float(x)
                : how == F16_NANADD ? a + f16_or_zero(x)
                                    : a + rp_half_to_float(x),
                fe);
    }
}

#define SUM_F16(NAME, HOW, PW)                                                                     \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)         \
    {                                                                                              \
        (void)ctx;                                                                                 \
        int fe = 0;                                                                                \
        if (steps[1] != 0)                                                                         \
            rows_f16(args, n, steps, HOW, &fe);                                                    \
        else                                                                                       \
            f16_put(args[1], f16_get(args[1]) + PW(args[0], n, steps[0]), &fe);                    \
        if (fe)                                                                                    \
            feraiseexcept(fe);                                                                     \
    }
SUM_F16(sum_f16, F16_ADD, pw_f16)
SUM_F16(nansum_f16, F16_NANADD, pw_f16nan)

static void prod_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    (void)ctx;
    int fe = 0;
    if (steps[1] != 0)
        rows_f16(args, n, steps, F16_MUL, &fe);
    else {
        float acc = f16_get(args[1]);
        for (rp_intp i = 0; i < n; i++)
            acc *= f16_get(args[0] + i * steps[0]);
        f16_put(args[1], acc, &fe);
    }
    if (fe)
        feraiseexcept(fe);
}

/* io = (io >= x || KEEP) ? io : x, as NumPy's HALF_maximum reduce (<= for
 * minimum), KEEP being "io is NaN" (the first NaN wins); fmax/fmin keep io
 * when x is NaN instead, so a NaN is replaced by the next number (the
 * start is a NaN: fill_identity). Halves compared as floats (exact). */
#define EXTREME_F16(NAME, CMP, KEEP)                                                               \
    static void NAME##_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)   \
    {                                                                                              \
        (void)ctx;                                                                                 \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            char *o = args[1] + i * steps[1];                                                      \
            const char *x = args[0] + i * steps[0];                                                \
            const float a = f16_get(o), b = f16_get(x);                                            \
            if (!(a CMP b || KEEP))                                                                \
                memcpy(o, x, sizeof(rp_half));                                                     \
        }                                                                                          \
    }
EXTREME_F16(max, >=, a != a)
EXTREME_F16(min, <=, a != a)
EXTREME_F16(fmax, >=, b != b)
EXTREME_F16(fmin, <=, b != b)

/* args = {in, mask, out}: NumPy's masked loop, which skips the unselected
 * elements and hands each run of selected ones to the float16 loop (so a
 * reduced run rounds once per selected run). ctx: that loop. */
static void masked_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const rp_kernel k = *(const rp_kernel *)ctx;
    for (rp_intp i = 0; i < n;) {
        while (i < n && !*(const uint8_t *)(args[1] + i * steps[1]))
            i++;
        rp_intp j = i;
        while (j < n && *(const uint8_t *)(args[1] + j * steps[1]))
            j++;
        if (j > i) {
            char *run[2] = {args[0] + i * steps[0], args[2] + i * steps[2]};
            const rp_intp run_steps[2] = {steps[0], steps[2]};
            k(run, j - i, run_steps, NULL);
        }
        i = j;
    }
}

/* Appends each run of args[0] (halves), and of args[1] (mask bytes) when
 * a mask is walked too, to buffers in the iteration's order. */
typedef struct {
    rp_half *buf;
    uint8_t *mbuf;
    rp_intp n;
} gather_ctx;

static void gather_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    gather_ctx *g = (gather_ctx *)ctx;
    for (rp_intp i = 0; i < n; i++, g->n++) {
        memcpy(&g->buf[g->n], args[0] + i * steps[0], sizeof(rp_half));
        if (g->mbuf)
            g->mbuf[g->n] = *(const uint8_t *)(args[1] + i * steps[1]);
    }
}

/* Whether every axis is reduced (or of length 1), and whether one of them
 * walks backwards. */
static bool whole_array(const rp_array *in, const bool *axes, bool *negative)
{
    bool full = true;
    *negative = false;
    for (int d = 0; d < in->ndim; d++) {
        full &= axes[d] || in->shape[d] == 1;
        *negative |= in->strides[d] < 0 && in->shape[d] > 1;
    }
    return full;
}

/* A whole array whose runs do not merge into one: NumPy's inner loop still
 * gets every element as one run, gathered in the walk's order and reduced
 * once -- or, with a negative stride, in NumPy's buffers (8192 elements cut
 * to whole inner runs), each rounded into out. k is the float16 loop, or
 * masked_f16 over it (the mask, operand 1 of `it`, gathered alongside). */
static rp_status reduce_gathered(const rp_iter *it, bool negative, rp_kernel k, const void *kctx,
                                 bool masked, char *out)
{
    const size_t nbytes = (size_t)it->size * sizeof(rp_half);
    const size_t mbytes = masked ? (size_t)it->size : 0;
    gather_ctx g = {rp_alloc(nbytes), masked ? rp_alloc(mbytes) : NULL, 0};
    if (!g.buf || (masked && !g.mbuf)) {
        rp_free(g.buf, nbytes);
        rp_free(g.mbuf, mbytes);
        return RP_ENOMEM;
    }
    rp_iter_run(it, 0, it->size, gather_f16, &g);
    const rp_intp inner = it->shape[0], buffer = inner <= 8192 ? 8192 - 8192 % inner : 8192;
    const rp_intp chunk = negative ? buffer : g.n;
    const rp_intp steps[3] = {sizeof(rp_half), masked ? 1 : 0, 0};
    for (rp_intp i = 0; i < g.n; i += chunk) {
        char *args[3] = {(char *)(g.buf + i), masked ? (char *)(g.mbuf + i) : out, out};
        const rp_intp m = g.n - i < chunk ? g.n - i : chunk;
        if (masked)
            k(args, m, steps, kctx);
        else {
            const rp_intp s2[2] = {steps[0], 0};
            k(args, m, s2, kctx);
        }
    }
    rp_free(g.buf, nbytes);
    rp_free(g.mbuf, mbytes);
    return RP_OK;
}

rp_status rp_reduce_half(rp_reduce_op op, const rp_array *in, const bool *axes,
                         const rp_array *out)
{
    static const rp_kernel ks[RP_RED_NOPS] = {
        [RP_RED_SUM] = sum_f16, [RP_RED_PROD] = prod_f16,   [RP_RED_NANSUM] = nansum_f16,
        [RP_RED_MAX] = max_f16, [RP_RED_MIN] = min_f16,     [RP_RED_FMAX] = fmax_f16,
        [RP_RED_FMIN] = fmin_f16,
    };
    if (in->dtype != RP_FLOAT16 || out->dtype != RP_FLOAT16 || (unsigned)op >= RP_RED_NOPS ||
        !ks[op])
        return RP_ETYPE;
    bool negative;
    const bool full = whole_array(in, axes, &negative);
    rp_iter it;
    rp_status st = rp_reduce_iter_init(&it, in, axes, out);
    if (st != RP_OK)
        return st;
    if (!full || it.ndim == 1 || (op != RP_RED_SUM && op != RP_RED_PROD && op != RP_RED_NANSUM)) {
        rp_iter_run(&it, 0, it.size, ks[op], NULL);
        return RP_OK;
    }
    return reduce_gathered(&it, negative, ks[op], NULL, false, out->data);
}

/* NumPy's float16 -> float32 sum (mean's float32 accumulation): each run
 * of halves converted, summed pairwise in float and added to the float32
 * out; along a kept inner axis, element by element. */
static void sum_f16_f32(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    (void)ctx;
    if (steps[1] != 0) {
        for (rp_intp i = 0; i < n; i++)
            *(float *)(args[1] + i * steps[1]) += f16_get(args[0] + i * steps[0]);
    } else
        *(float *)args[1] += pw_f16(args[0], n, steps[0]);
}

rp_status rp_reduce_half_masked(rp_reduce_op op, const rp_array *in, const rp_array *mask,
                                const bool *axes, const rp_array *out)
{
    const rp_kernel k = out->dtype == RP_FLOAT32 ? (op == RP_RED_SUM ? sum_f16_f32 : NULL)
                        : op == RP_RED_SUM   ? sum_f16
                        : op == RP_RED_PROD  ? prod_f16
                                             : NULL;
    if (!k)
        return RP_ETYPE;
    rp_intp ostrides[RP_MAXDIMS];
    for (int i = 0; i < in->ndim; i++)
        ostrides[i] = axes[i] ? 0 : out->strides[i];
    char *data[3] = {in->data, mask->data, out->data};
    const rp_intp *strides[3] = {in->strides, mask->strides, ostrides};
    rp_iter it;
    rp_status st = rp_iter_init(&it, 3, data, in->ndim, in->shape, strides, 0);
    if (st != RP_OK)
        return st;
    bool negative;
    if (whole_array(in, axes, &negative) && it.ndim > 1)
        return reduce_gathered(&it, negative, masked_f16, &k, true, out->data);
    rp_iter_run(&it, 0, it.size, masked_f16, &k);
    return RP_OK;
}
