/*
 * numpy.histogram's uniform bins in one pass (see raptors/histogram.h for
 * the arithmetic). Each step is written in the dtype NumPy computes it in,
 * so bins agree bit for bit, including values on the edges: the division
 * rounds, and NumPy then moves the index by one when the computed edge
 * disagrees with the comparison against the linspace edges; the same
 * correction is done here per element.
 *
 * Chunks of 256 elements go through two loops: the arithmetic, branch-free
 * so the compiler vectorizes it (the index as int32: it is at most nbins),
 * then the scalar correction and count. Unweighted counts go to four
 * interleaved sub-histograms (element k to k % 4), merged at the end, so a
 * run of equal bins does not wait on its own previous store; long inputs
 * split over the pool, each part with its own sub-histograms. Counts are
 * integers, so the split does not change a bit. Weighted sums stay
 * sequential in element order (NumPy's bincount), on one thread.
 */
#include "raptors/histogram.h"

#include "fpe.h"
#include "pool.h"

#include <stdint.h>
#include <string.h>

enum { CHUNK = 256, NSUB = 4 };
/* The size from which the pool is used, and the least elements per part. */
enum { PAR_MIN = 1 << 17, PAR_BLOCK = 1 << 15 };

typedef struct {
    const rp_hist_uniform *h;
    const char *x, *w;
    rp_intp n, xs, ws;
    void *out;    /* nbins int64 (nsub of them) or nbins doubles */
    int nsub;     /* sub-histograms in out (1: count straight into it) */
} hist_job;

#define HIST_FIX(T, D)                                                                             \
    static inline rp_intp hist_fix_##T##_##D(const char *p, rp_intp xs, int k, const D *fidx,     \
                                             const T *edges, rp_intp nbins)                        \
    {                                                                                              \
        if (fidx[k] < 0)                                                                           \
            return -1;                                                                             \
        const T x = *(const T *)(p + k * xs);                                                      \
        rp_intp i = (rp_intp)fidx[k];                                                              \
        if (i == nbins)                                                                            \
            i--;                                                                                   \
        if (x < edges[i])                                                                          \
            i--;                                                                                   \
        else if (i != nbins - 1 && x >= edges[i + 1])                                              \
            i++;                                                                                   \
        return i >= 0 && i < nbins ? i : -1; /* always in range for x in [lo, hi] */               \
    }
HIST_FIX(double, double)
HIST_FIX(float, float)
HIST_FIX(float, double)

/* Element k's computed bin before the correction (NumPy's f_indices, in
 * D), or -1 when it is not kept: NaN fails the keep test, and a value
 * outside is replaced by lo first, so no out-of-range float reaches the
 * int conversion later. Branch-free and one width: it vectorizes. */
#define HIST_INDEX(T, S, D, xval)                                                                  \
    do {                                                                                           \
        const T x_ = (xval);                                                                       \
        const int in_ = (x_ >= lo) & (x_ <= hi);                                                   \
        const T xk_ = in_ ? x_ : lo;                                                               \
        const D f_ = (D)((S)xk_ - lo_sub) / denom * nb;                                            \
        fidx[k] = in_ ? f_ : (D)-1;                                                                \
    } while (0)

/* Element k's bin after NumPy's correction against the edges, or -1 when
 * it is not counted. */
#define HIST_BIN(T, D, k) hist_fix_##T##_##D(p, xs, (k), fidx, edges, nbins)

/* One instantiation per (x, compare, subtract, divide) dtype combination
 * NumPy's promotions produce from float32/float64 data (C is always T). */
#define HIST_BODY(T, S, D)                                                                         \
    static void hist_##T##_##S##_##D(const hist_job *jb, rp_intp j0, rp_intp j1)                   \
    {                                                                                              \
        const rp_hist_uniform *h = jb->h;                                                          \
        const T lo = (T)h->lo, hi = (T)h->hi;                                                      \
        const S lo_sub = (S)h->lo_sub;                                                             \
        const D denom = (D)h->denom, nb = (D)h->nbins;                                             \
        const T *edges = (const T *)h->edges;                                                      \
        const rp_intp nbins = h->nbins, xs = jb->xs;                             \
        double *const sums = jb->out;                                                              \
        const char *const wp = jb->w, *const xbase = jb->x;                                        \
        const rp_intp ws = jb->ws;                                                                 \
        /* the sub-histograms elements k % 4 count into (all one without them) */                  \
        int64_t *const c0 = jb->out, *const c1 = c0 + (jb->nsub > 1 ? nbins : 0);                  \
        int64_t *const c2 = c0 + (jb->nsub > 1 ? 2 * nbins : 0);                                   \
        int64_t *const c3 = c0 + (jb->nsub > 1 ? 3 * nbins : 0);                                   \
        D fidx[CHUNK];                                                                             \
        for (rp_intp c = j0; c < j1; c += CHUNK) {                                                 \
            const int m = j1 - c < CHUNK ? (int)(j1 - c) : CHUNK;                                  \
            const char *p = xbase + c * xs;                                                        \
            if (m == CHUNK && xs == sizeof(T)) {                                                   \
                /* a fixed trip count and unit stride: vectorized even at -O2 */                   \
                const T *px = (const T *)p;                                                        \
                for (int k = 0; k < CHUNK; k++)                                                    \
                    HIST_INDEX(T, S, D, px[k]);                                                             \
            } else {                                                                               \
                for (int k = 0; k < m; k++)                                                        \
                    HIST_INDEX(T, S, D, *(const T *)(p + k * xs));                                          \
            }                                                                                      \
            if (wp) {                                                                              \
                for (int k = 0; k < m; k++) {                                                      \
                    const rp_intp i = HIST_BIN(T, D, k);                                                 \
                    if (i >= 0)                                                                    \
                        sums[i] += *(const double *)(wp + (c + k) * ws);                           \
                }                                                                                  \
                continue;                                                                          \
            }                                                                                      \
            int k = 0;                                                                             \
            for (; k + 4 <= m; k += 4) {                                                           \
                const rp_intp i0 = HIST_BIN(T, D, k), i1 = HIST_BIN(T, D, k + 1);                              \
                const rp_intp i2 = HIST_BIN(T, D, k + 2), i3 = HIST_BIN(T, D, k + 3);                          \
                if (i0 >= 0)                                                                       \
                    c0[i0]++;                                                                      \
                if (i1 >= 0)                                                                       \
                    c1[i1]++;                                                                      \
                if (i2 >= 0)                                                                       \
                    c2[i2]++;                                                                      \
                if (i3 >= 0)                                                                       \
                    c3[i3]++;                                                                      \
            }                                                                                      \
            for (; k < m; k++) {                                                                   \
                const rp_intp i = HIST_BIN(T, D, k);                                                     \
                if (i >= 0)                                                                        \
                    c0[i]++;                                                                       \
            }                                                                                      \
        }                                                                                          \
    }

HIST_BODY(double, double, double)
HIST_BODY(float, float, float)
HIST_BODY(float, float, double)

typedef void (*hist_fn)(const hist_job *, rp_intp, rp_intp);

typedef struct {
    hist_job job;
    hist_fn fn;
    int64_t *parts; /* per part: NSUB * nbins counts */
    rp_intp part;   /* elements per part */
} par_job;

/* One part per pool block (as many as threads): memory nparts * NSUB *
 * nbins counts, whatever n. */
static void par_fn(void *ctx, rp_intp b, rp_intp e)
{
    const par_job *pj = ctx;
    hist_job j = pj->job;
    for (; b < e; b++) {
        j.out = pj->parts + (size_t)b * NSUB * (size_t)j.h->nbins;
        rp_intp end = (b + 1) * pj->part < j.n ? (b + 1) * pj->part : j.n;
        pj->fn(&j, b * pj->part, end);
    }
}

rp_status rp_histogram_uniform(const rp_hist_uniform *h, rp_dtype x_dt, const char *x, rp_intp n,
                               rp_intp xstep, const char *w, rp_intp wstep, void *counts)
{
    if (h->nbins < 1 || h->nbins >= INT32_MAX)
        return RP_EVALUE;
    const bool c32 = h->cmp_dt == RP_FLOAT32, s32 = h->sub_dt == RP_FLOAT32,
               d32 = h->div_dt == RP_FLOAT32;
    hist_fn fn;
    if (x_dt == RP_FLOAT64 && !c32 && !s32 && !d32)
        fn = hist_double_double_double;
    else if (x_dt == RP_FLOAT32 && c32 && s32 && d32)
        fn = hist_float_float_float;
    else if (x_dt == RP_FLOAT32 && c32 && s32 && !d32)
        fn = hist_float_float_double;
    else
        return RP_ETYPE;
    hist_job j = {h, x, w, n, xstep, wstep, counts, 1};
    const size_t nb = (size_t)h->nbins;
    if (w || n < 4 * h->nbins) {
        fn(&j, 0, n); /* few elements per bin: sub-histograms cost more than they save */
        return RP_OK;
    }
    rp_intp nparts = n >= PAR_MIN ? rp_threads_get() : 1;
    if (nparts > n / PAR_BLOCK)
        nparts = n / PAR_BLOCK > 1 ? n / PAR_BLOCK : 1;
    const bool par = nparts > 1;
    const size_t bytes = (size_t)nparts * NSUB * nb * sizeof(int64_t);
    int64_t *parts = rp_alloc(bytes);
    if (!parts)
        return RP_ENOMEM;
    memset(parts, 0, bytes);
    j.nsub = NSUB;
    if (par) {
        par_job pj = {j, fn, parts, (n + nparts - 1) / nparts};
        rp_parallel_blocks(nparts, (int)nparts, par_fn, &pj);
    } else {
        j.out = parts;
        fn(&j, 0, n);
    }
    int64_t *out = counts;
    for (rp_intp s = 0; s < nparts * NSUB; s++)
        for (size_t i = 0; i < nb; i++)
            out[i] += parts[(size_t)s * nb + i];
    rp_free(parts, bytes);
    return RP_OK;
}
