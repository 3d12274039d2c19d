/*
 * argmin/argmax, and running sums/products (cumsum, cumprod).
 */
#include "reduce_kernels.h"

/*
 * The first index of the extreme, NaN first (NumPy's rule). Contiguous
 * data is scanned in chunks: a chunk's extreme comes from 16 vectorizable
 * lanes, a chunk that beats the best so far (strictly) is remembered, and
 * only that chunk is searched for the index at the end. A chunk holding a
 * NaN ends the scan at its first NaN.
 */
enum { ARG_CHUNK = 1024 };

#define ARG_KERNEL(NAME, OPM, BETTER, T, K)                                                        \
    static T NAME##_chunk(const T *a, rp_intp n)                                                   \
    {                                                                                              \
        T m = a[0];                                                                                \
        rp_intp i = 0;                                                                             \
        if (n >= 32) {                                                                             \
            T l[32];                                                                               \
            for (int j = 0; j < 32; j++)                                                           \
                l[j] = a[j];                                                                       \
            for (i = 32; i + 32 <= n; i += 32)                                                     \
                for (int j = 0; j < 32; j++)                                                       \
                    l[j] = OPM(T, l[j], a[i + j]);                                                 \
            for (int w = 16; w > 0; w /= 2)                                                         \
                for (int j = 0; j < w; j++)                                                        \
                    l[j] = OPM(T, l[j], l[j + w]);                                                 \
            m = l[0];                                                                              \
        }                                                                                          \
        for (; i < n; i++)                                                                         \
            m = OPM(T, m, a[i]);                                                                   \
        return m;                                                                                  \
    }                                                                                              \
    static rp_intp NAME(const char *p, rp_intp n, rp_intp s)                                       \
    {                                                                                              \
        if (s != sizeof(T)) {                                                                      \
            T best = *(const T *)p;                                                                \
            rp_intp at = 0;                                                                        \
            if (best != best)                                                                      \
                return 0;                                                                          \
            for (rp_intp i = 1; i < n; i++) {                                                      \
                T x = *(const T *)(p + i * s);                                                     \
                if (x != x)                                                                        \
                    return i;                                                                      \
                if (BETTER(x, best)) {                                                             \
                    best = x;                                                                      \
                    at = i;                                                                        \
                }                                                                                  \
            }                                                                                      \
            return at;                                                                             \
        }                                                                                          \
        const T *a = (const T *)p;                                                                 \
        T best = a[0];                                                                             \
        rp_intp bestc = 0;                                                                         \
        for (rp_intp c = 0; c < n; c += ARG_CHUNK) {                                               \
            rp_intp m = n - c < ARG_CHUNK ? n - c : ARG_CHUNK;                                     \
            T v = NAME##_chunk(a + c, m);                                                          \
            if (v != v) {                                                                          \
                for (rp_intp j = 0;; j++)                                                          \
                    if (a[c + j] != a[c + j])                                                      \
                        return c + j;                                                              \
            }                                                                                      \
            if (c == 0 || BETTER(v, best)) {                                                       \
                best = v;                                                                          \
                bestc = c;                                                                         \
            }                                                                                      \
        }                                                                                          \
        for (rp_intp j = bestc;; j++)                                                              \
            if (a[j] == best)                                                                      \
                return j;                                                                          \
    }

/*
 * The axis outer: each row updates a row of best values and their indices
 * (a select per column, vectorizable), so no column is walked with the row
 * stride. A NaN replaces a non-NaN best; nothing replaces a NaN.
 */
#define ARGROWS_KERNEL(NAME, BETTER, T)                                                            \
    static void NAME##_rows(const char *in, rp_intp nrows, rp_intp rs, rp_intp ncols, rp_intp cs,  \
                            char *out, rp_intp os, void *scratch)                                  \
    {                                                                                              \
        T *restrict best = (T *)scratch;                                                           \
        int64_t *restrict idx = (int64_t *)((char *)scratch + ncols * 8);                          \
        for (rp_intp j = 0; j < ncols; j++) {                                                      \
            best[j] = *(const T *)(in + j * cs);                                                   \
            idx[j] = 0;                                                                            \
        }                                                                                          \
        for (rp_intp r = 1; r < nrows; r++) {                                                      \
            const char *row = in + r * rs;                                                         \
            if (cs == sizeof(T)) {                                                                 \
                const T *restrict x = (const T *)row;                                              \
                for (rp_intp j = 0; j < ncols; j++) {                                              \
                    bool take = BETTER(x[j], best[j]) | ((x[j] != x[j]) & (best[j] == best[j]));     \
                    best[j] = take ? x[j] : best[j];                                               \
                    idx[j] = take ? r : idx[j];                                                    \
                }                                                                                  \
            } else {                                                                               \
                for (rp_intp j = 0; j < ncols; j++) {                                              \
                    T v = *(const T *)(row + j * cs);                                              \
                    bool take = BETTER(v, best[j]) | ((v != v) & (best[j] == best[j]));              \
                    best[j] = take ? v : best[j];                                                  \
                    idx[j] = take ? r : idx[j];                                                    \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        for (rp_intp j = 0; j < ncols; j++)                                                        \
            *(int64_t *)(out + j * os) = idx[j];                                                   \
    }

#define GT(x, y) ((x) > (y))
#define LT(x, y) ((x) < (y))
#define ARG_BOTH(T, TN, E, K)                                                                      \
    ARG_KERNEL(argmin_##TN, RP_MIN_##K, LT, T, K)                                                  \
    ARG_KERNEL(argmax_##TN, RP_MAX_##K, GT, T, K)                                                  \
    ARGROWS_KERNEL(argmin_##TN, LT, T)                                                             \
    ARGROWS_KERNEL(argmax_##TN, GT, T)
RP_DTYPES(ARG_BOTH)

/*
 * Running sum/product along a run: args = {in, out}, same dtype. The
 * driver also streams whole rows (out[r] = out[r-1] OP in[r]) through the
 * reduce kernels when the axis is outer; both are sequential per element,
 * as NumPy's accumulate.
 */
#define CUM_KERNEL(T, FN, COMBINE)                                                                 \
    static void FN(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)            \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        if (n <= 0)                                                                                \
            return;                                                                                \
        T acc = *(const T *)ip;                                                                    \
        *(T *)op = acc;                                                                            \
        for (rp_intp i = 1; i < n; i++) {                                                          \
            ip += steps[0];                                                                        \
            op += steps[1];                                                                        \
            acc = COMBINE(T, acc, *(const T *)ip);                                                 \
            *(T *)op = acc;                                                                        \
        }                                                                                          \
    }

/* Names are pasted here: passed alone, `bool` would become _Bool. */
#define CUM_KERNELS(T, TN, E, K)                                                                   \
    CUM_KERNEL(T, cumsum_##TN, RP_ADD_##K)                                                         \
    CUM_KERNEL(T, cumprod_##TN, RP_MUL_##K)
RP_DTYPES(CUM_KERNELS)

void RP_ISA_FN(rp_fill_reduce_index)(rp_kernel_table *t)
{
    rp_reduce_table *r = &t->reduce;
#define SET_IDX(T, TN, E, K)                                                                       \
    r->arg[0][E] = argmin_##TN;                                                                    \
    r->arg[1][E] = argmax_##TN;                                                                    \
    r->argrows[0][E] = argmin_##TN##_rows;                                                         \
    r->argrows[1][E] = argmax_##TN##_rows;                                                         \
    r->cum[RP_RED_SUM][E] = cumsum_##TN;                                                           \
    r->cum[RP_RED_PROD][E] = cumprod_##TN;
    RP_DTYPES(SET_IDX)
}
