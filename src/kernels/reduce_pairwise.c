/*
 * Floating sums and products in a fixed order, and the squared deviations
 * var/std need.
 *
 * The order of a contiguous or strided run of n elements (reduce kernel
 * with out step 0):
 *   - blocks of 512 elements (the last one shorter);
 *   - inside a block, element i goes to lane i % 32 and each lane
 *     accumulates its 16 elements in index order (32 independent
 *     accumulators: enough chains to hide the add latency with 4 AVX-512
 *     or 8 AVX2 registers, and the loop vectorizes as written);
 *   - block lane-vectors are combined pairwise: the tree over blocks that
 *     splits at the largest power of two below the block count (kept as a
 *     binary counter of partial results, no recursion);
 *   - the 32 lanes of the total are folded 16+16, 8+8, 4+4, 2+2, 1+1.
 * Every element passes through at most 16 sequential adds in its lane, then
 * ceil(log2(blocks)) + 5 pairwise levels: the error bound is
 * (16 + 5 + log2(n/512)) * eps * sum|x| = (log2(n) + 12) * eps * sum|x|,
 * NumPy's pairwise_sum bound (16 sequential adds in 8 lanes over blocks of
 * 128, 3 folding levels, then log2(n/128) levels). Blocks of 512 rather
 * than 256 halve the per-block bookkeeping, which limited float32 on AVX2.
 * The order depends only on
 * n, so every ISA (and any future split of the blocks at power-of-two
 * boundaries across threads) gives the same bits. float32 accumulates in
 * float32 lanes, as NumPy does.
 *
 * Rows streamed into a row of accumulators (the reduced axis outer, see
 * rp_rows_kernel): rows are added in blocks of 8 by a fixed tree
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) (a last short block sequentially),
 * and block rows pairwise as above, per column: the error grows with
 * log2(rows), where NumPy's row-by-row accumulation grows linearly.
 */
#include "reduce_kernels.h"

#include <string.h>

enum { LANES = 32, BLOCK = 512 };
/* Threaded runs: chunks of at least 16 blocks (8192 elements, so a chunk's
 * bookkeeping is noise) and at most 64 chunks (their partials live on the
 * stack); both bounds depend only on the run length. */
enum { PAR_MIN_CHUNK_BLOCKS = 16, PAR_MAX_CHUNKS = 64 };

#define CONV(TK, AK, A, v) RP_CONVERT(TK, AK, A, v)

/* Inputs the cache cannot keep (rp_reduce_par.prefetch, set by the caller):
 * each block asks for the lines PREFETCH_AHEAD bytes ahead. On the
 * reference machine the hardware prefetcher alone left 2-thread sums of
 * 32-128 MiB 10-15% below the bandwidth probe (sum of a 2048x2048 float64
 * array 79-84 GB/s, 116-129 with it; 4096x4096 83-87% of the probe,
 * 96-99%; mean(axis=1) 83-84% -> 92-96%); inside the cache the extra loads
 * cost 8% (8 MiB), hence the gate. The arithmetic and its order do not
 * change. */
enum { PREFETCH_AHEAD = 4096, LINE = 64 };

static inline void prefetch_lines(const char *p, rp_intp nbytes)
{
    for (rp_intp q = 0; q < nbytes; q += LINE)
        __builtin_prefetch(p + q, 0, 0);
}

/* The lanes of a total folded in halves: 16+16, 8+8, 4+4, 2+2, 1+1. */
#define FOLD(OPN, OPM, A, AN)                                                                      \
    static inline A fold_##OPN##_##AN(A *v)                                                        \
    {                                                                                              \
        for (int w = LANES / 2; w > 0; w /= 2)                                                     \
            for (int j = 0; j < w; j++)                                                            \
                v[j] = OPM(A, v[j], v[j + w]);                                                     \
        return v[0];                                                                               \
    }
FOLD(sum, RP_ADD_f, double, float64)
FOLD(sum, RP_ADD_f, float, float32)
FOLD(prod, RP_MUL_f, double, float64)
FOLD(prod, RP_MUL_f, float, float32)
FOLD(nansum, RP_ADD_f, double, float64)
FOLD(nansum, RP_ADD_f, float, float32)

#define PAIRWISE(OPN, OPM, ID, T, TN, TK, A, AN, AK)                                               \
    static inline __attribute__((always_inline)) void blkin_##OPN##_##TN##_##AN(                   \
        const char *p, rp_intp n, rp_intp s, A *restrict out)                                      \
    {                                                                                              \
        /* a private accumulator array, copied out once: it stays in registers */                 \
        A l[LANES];                                                                                \
        for (int j = 0; j < LANES; j++)                                                            \
            l[j] = (A)(ID);                                                                        \
        if (s == sizeof(T)) {                                                                      \
            const T *restrict a = (const T *)p;                                                    \
            rp_intp i = 0;                                                                         \
            for (; i + LANES <= n; i += LANES)                                                     \
                for (int j = 0; j < LANES; j++)                                                    \
                    l[j] = OPM(A, l[j], CONV(TK, AK, A, a[i + j]));                                \
            for (int j = 0; i + j < n; j++)                                                        \
                l[j] = OPM(A, l[j], CONV(TK, AK, A, a[i + j]));                                    \
        } else {                                                                                   \
            /* the same lane order, whole lane rows at a time (no i % LANES) */                   \
            rp_intp i = 0;                                                                         \
            for (; i + LANES <= n; i += LANES)                                                     \
                for (int j = 0; j < LANES; j++)                                                    \
                    l[j] = OPM(A, l[j], CONV(TK, AK, A, *(const T *)(p + (i + j) * s)));           \
            for (int j = 0; i + j < n; j++)                                                        \
                l[j] = OPM(A, l[j], CONV(TK, AK, A, *(const T *)(p + (i + j) * s)));               \
        }                                                                                          \
        memcpy(out, l, sizeof l);                                                                  \
    }                                                                                              \
    static void blk_##OPN##_##TN##_##AN(const char *p, rp_intp n, rp_intp s, A *restrict out)     \
    {                                                                                              \
        blkin_##OPN##_##TN##_##AN(p, n, s, out);                                                   \
    }                                                                                              \
    /* The unfolded lane vector of n >= 1 elements (blocks combined pairwise). */            \
    static void lanes_##OPN##_##TN##_##AN(const char *p, rp_intp n, rp_intp s, bool pf,           \
                                          A *restrict v)                                           \
    {                                                                                              \
        if (n <= BLOCK) {                                                                          \
            blk_##OPN##_##TN##_##AN(p, n, s, v);                                                   \
            return;                                                                                \
        }                                                                                          \
        A stack[65][LANES]; /* one spare row quiets a false GCC -Warray-bounds */            \
        uint64_t cnt = 0;                                                                          \
        /* the last block to prefetch for: its lines ahead are still in the run */                \
        const rp_intp pf_end =                                                                     \
            pf && s == sizeof(T) ? n - BLOCK - (rp_intp)(PREFETCH_AHEAD / sizeof(T)) : -1;         \
        for (rp_intp b = 0; b < n; b += BLOCK) {                                                   \
            if (b <= pf_end)                                                                       \
                prefetch_lines(p + b * s + PREFETCH_AHEAD, BLOCK * sizeof(T));                     \
            /* A full unit-stride block: the same arithmetic inlined with constant                 \
             * bounds, so blocks follow each other as straight-line loads with no                  \
             * call, setup or remainder loops between them. Streaming from DRAM                    \
             * that overhead cost one thread ~30% (256 MiB float64: 29 GB/s, 41                    \
             * without it, the bandwidth probe 39); in the caches it is a wash. */                 \
            if (s == sizeof(T) && n - b >= BLOCK)                                                  \
                blkin_##OPN##_##TN##_##AN(p + b * s, BLOCK, sizeof(T), v);                         \
            else                                                                                   \
                blk_##OPN##_##TN##_##AN(p + b * s, n - b < BLOCK ? n - b : BLOCK, s, v);           \
            int k = 0;                                                                             \
            for (; (cnt >> k) & 1; k++)                                                            \
                for (int j = 0; j < LANES; j++)                                                    \
                    v[j] = OPM(A, stack[k][j], v[j]);                                              \
            memcpy(stack[k], v, sizeof(A) * LANES);                                                \
            cnt++;                                                                                 \
        }                                                                                          \
        /* the partial trees, smallest (rightmost) first */                                       \
        int k = __builtin_ctzll(cnt);                                                              \
        memcpy(v, stack[k], sizeof(A) * LANES);                                                    \
        for (cnt &= cnt - 1; cnt; cnt &= cnt - 1) {                                                \
            k = __builtin_ctzll(cnt);                                                              \
            for (int j = 0; j < LANES; j++)                                                        \
                v[j] = OPM(A, stack[k][j], v[j]);                                                  \
        }                                                                                          \
    }                                                                                              \
    static A run_##OPN##_##TN##_##AN(const char *p, rp_intp n, rp_intp s, bool pf)                 \
    {                                                                                              \
        if (n == 0)                                                                                \
            return (A)(ID);                                                                        \
        A v[LANES];                                                                                \
        lanes_##OPN##_##TN##_##AN(p, n, s, pf, v);                                                 \
        return fold_##OPN##_##AN(v);                                                               \
    }                                                                                              \
    typedef struct {                                                                               \
        const char *p;                                                                             \
        rp_intp n, s, chunk;                                                                       \
        A (*parts)[LANES];                                                                         \
        bool pf;                                                                                   \
    } pjob_##OPN##_##TN##_##AN;                                                                    \
    static void pchunks_##OPN##_##TN##_##AN(void *ctx, rp_intp begin, rp_intp end)                 \
    {                                                                                              \
        const pjob_##OPN##_##TN##_##AN *j = ctx;                                                   \
        for (rp_intp c = begin; c < end; c++) {                                                    \
            rp_intp b = c * j->chunk, m = j->n - b < j->chunk ? j->n - b : j->chunk;               \
            lanes_##OPN##_##TN##_##AN(j->p + b * j->s, m, j->s, j->pf, j->parts[c]);               \
        }                                                                                          \
    }                                                                                              \
    /* A full chunk of 2^m blocks is exactly one of the serial walk's complete                    \
     * subtrees, and the last (short) chunk is its lowest partial trees already                    \
     * combined smallest first; running the chunks through the same binary                        \
     * counter therefore reproduces the serial order. */                                          \
    static A prun_##OPN##_##TN##_##AN(const char *p, rp_intp n, rp_intp s, const rp_reduce_par *par) \
    {                                                                                              \
        rp_intp nblocks = (n + BLOCK - 1) / BLOCK, cb = PAR_MIN_CHUNK_BLOCKS;                      \
        while (cb * PAR_MAX_CHUNKS < nblocks)                                                      \
            cb *= 2;                                                                               \
        A parts[PAR_MAX_CHUNKS][LANES];                                                            \
        pjob_##OPN##_##TN##_##AN job = {p, n, s, cb * BLOCK, parts, par->prefetch};                \
        rp_intp nchunks = (n + job.chunk - 1) / job.chunk;                                         \
        par->parallel(nchunks, pchunks_##OPN##_##TN##_##AN, &job);                                 \
        A stack[64][LANES], v[LANES];                                                              \
        uint64_t cnt = 0;                                                                          \
        for (rp_intp c = 0; c < nchunks; c++) {                                                    \
            memcpy(v, parts[c], sizeof v);                                                         \
            int k = 0;                                                                             \
            for (; (cnt >> k) & 1; k++)                                                            \
                for (int j = 0; j < LANES; j++)                                                    \
                    v[j] = OPM(A, stack[k][j], v[j]);                                              \
            memcpy(stack[k & 63], v, sizeof v);                                                    \
            cnt++;                                                                                 \
        }                                                                                          \
        int k = __builtin_ctzll(cnt);                                                              \
        memcpy(v, stack[k & 63], sizeof v);                                                        \
        for (cnt &= cnt - 1; cnt; cnt &= cnt - 1) {                                                \
            k = __builtin_ctzll(cnt);                                                              \
            for (int j = 0; j < LANES; j++)                                                        \
                v[j] = OPM(A, stack[k][j], v[j]);                                                  \
        }                                                                                          \
        return fold_##OPN##_##AN(v);                                                               \
    }                                                                                              \
    static void OPN##_##TN##_##AN(char *const *args, rp_intp n, const rp_intp *steps,              \
                                  const void *ctx)                                                 \
    {                                                                                              \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1];                                                \
        if (os == 0) {                                                                             \
            const rp_reduce_par *par = ctx;                                                        \
            A t = par && par->parallel && n >= par->min_elems && n > PAR_MIN_CHUNK_BLOCKS * BLOCK  \
                      ? prun_##OPN##_##TN##_##AN(ip, n, is, par)                                   \
                      : run_##OPN##_##TN##_##AN(ip, n, is, par && par->prefetch);                  \
            *(A *)op = OPM(A, *(A *)op, t);                                                        \
        } else if (is == sizeof(T) && os == sizeof(A)) {                                           \
            const T *a = (const T *)ip;                                                            \
            A *o = (A *)op;                                                                        \
            for (rp_intp i = 0; i < n; i++)                                                        \
                o[i] = OPM(A, o[i], CONV(TK, AK, A, a[i]));                                        \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, ip += is, op += os)                                    \
                *(A *)op = OPM(A, *(A *)op, CONV(TK, AK, A, *(const T *)ip));                      \
        }                                                                                          \
    }                                                                                              \
    static void rows_##OPN##_##TN##_##AN(const char *in, rp_intp nrows, rp_intp rs, rp_intp ncols, \
                                         rp_intp cs, char *out, rp_intp os, void *scratch)         \
    {                                                                                              \
        enum { TILE = RP_ROWS_TILE_BYTES / sizeof(A) };                                            \
        int nbuf = (int)(rp_reduce_rows_scratch(nrows) / RP_ROWS_TILE_BYTES);                      \
        A *slot[72];                                                                               \
        for (int k = 0; k < nbuf; k++)                                                             \
            slot[k] = (A *)scratch + (size_t)k * TILE;                                             \
        A *spare = slot[nbuf - 1]; /* the levels use slots [0, nbuf - 2] */                           \
        for (rp_intp c0 = 0; c0 < ncols; c0 += TILE) {                                             \
            const rp_intp nc = ncols - c0 < TILE ? ncols - c0 : TILE;                              \
            const char *base = in + c0 * cs;                                                       \
            uint64_t cnt = 0;                                                                      \
            for (rp_intp r = 0; r < nrows; r += RP_ROWS_BLOCK) {                                   \
                const rp_intp m = nrows - r < RP_ROWS_BLOCK ? nrows - r : RP_ROWS_BLOCK;           \
                A *restrict cur = spare;                                                           \
                const char *p = base + r * rs;                                                     \
                if (m == 8 && cs == sizeof(T)) {                                                   \
                    const T *restrict x0 = (const T *)p, *restrict x1 = (const T *)(p + rs);       \
                    const T *restrict x2 = (const T *)(p + 2 * rs);                                \
                    const T *restrict x3 = (const T *)(p + 3 * rs);                                \
                    const T *restrict x4 = (const T *)(p + 4 * rs);                                \
                    const T *restrict x5 = (const T *)(p + 5 * rs);                                \
                    const T *restrict x6 = (const T *)(p + 6 * rs);                                \
                    const T *restrict x7 = (const T *)(p + 7 * rs);                                \
                    for (rp_intp j = 0; j < nc; j++) {                                             \
                        A s01 = OPM(A, CONV(TK, AK, A, x0[j]), CONV(TK, AK, A, x1[j]));            \
                        A s23 = OPM(A, CONV(TK, AK, A, x2[j]), CONV(TK, AK, A, x3[j]));            \
                        A s45 = OPM(A, CONV(TK, AK, A, x4[j]), CONV(TK, AK, A, x5[j]));            \
                        A s67 = OPM(A, CONV(TK, AK, A, x6[j]), CONV(TK, AK, A, x7[j]));            \
                        cur[j] = OPM(A, OPM(A, s01, s23), OPM(A, s45, s67));                       \
                    }                                                                              \
                } else if (m == 8) {                                                               \
                    for (rp_intp j = 0; j < nc; j++) {                                             \
                        const char *q = p + j * cs;                                                \
                        A x[8];                                                                    \
                        for (int t = 0; t < 8; t++)                                                \
                            x[t] = CONV(TK, AK, A, *(const T *)(q + t * rs));                      \
                        A s01 = OPM(A, x[0], x[1]), s23 = OPM(A, x[2], x[3]);                      \
                        A s45 = OPM(A, x[4], x[5]), s67 = OPM(A, x[6], x[7]);                      \
                        cur[j] = OPM(A, OPM(A, s01, s23), OPM(A, s45, s67));                       \
                    }                                                                              \
                } else {                                                                           \
                    for (rp_intp j = 0; j < nc; j++)                                               \
                        cur[j] = CONV(TK, AK, A, *(const T *)(p + j * cs));                        \
                    for (rp_intp t = 1; t < m; t++)                                                \
                        for (rp_intp j = 0; j < nc; j++)                                           \
                            cur[j] = OPM(A, cur[j], CONV(TK, AK, A, *(const T *)(p + t * rs + j * cs))); \
                }                                                                                  \
                int k = 0;                                                                         \
                for (; (cnt >> k) & 1; k++) {                                                      \
                    const A *restrict lv = slot[k];                                                \
                    for (rp_intp j = 0; j < nc; j++)                                               \
                        cur[j] = OPM(A, lv[j], cur[j]);                                            \
                }                                                                                  \
                spare = slot[k];                                                                   \
                slot[k] = cur;                                                                     \
                cnt++;                                                                             \
            }                                                                                      \
            A *tot = NULL;                                                                         \
            for (int k = 0; k < 64; k++) {                                                         \
                if (!((cnt >> k) & 1))                                                             \
                    continue;                                                                      \
                if (tot)                                                                           \
                    for (rp_intp j = 0; j < nc; j++)                                               \
                        slot[k][j] = OPM(A, slot[k][j], tot[j]);                                   \
                tot = slot[k];                                                                     \
            }                                                                                      \
            char *o = out + c0 * os;                                                               \
            if (os == sizeof(A))                                                                   \
                for (rp_intp j = 0; j < nc; j++)                                                   \
                    ((A *)o)[j] = OPM(A, ((A *)o)[j], tot[j]);                                     \
            else                                                                                   \
                for (rp_intp j = 0; j < nc; j++)                                                   \
                    *(A *)(o + j * os) = OPM(A, *(A *)(o + j * os), tot[j]);                       \
        }                                                                                          \
    }

#define FLOAT_PAIR(X)                                                                              \
    X(rp_bool, boolean, b, double, float64, f)                                                        \
    X(int8_t, int8, i, double, float64, f)                                                         \
    X(int16_t, int16, i, double, float64, f)                                                       \
    X(int32_t, int32, i, double, float64, f)                                                       \
    X(int64_t, int64, i, double, float64, f)                                                       \
    X(uint8_t, uint8, u, double, float64, f)                                                       \
    X(uint16_t, uint16, u, double, float64, f)                                                     \
    X(uint32_t, uint32, u, double, float64, f)                                                     \
    X(uint64_t, uint64, u, double, float64, f)                                                     \
    X(float, float32, f, double, float64, f)                                                       \
    X(double, float64, f, double, float64, f)                                                      \
    X(float, float32, f, float, float32, f)

/* nansum: NumPy's sum of the input with NaN replaced by 0 (its nansum),
 * the replacement done in the load ("n": a float read as 0 when NaN; the
 * quiet != compare raises no "invalid"), so the order and bits are sum's
 * on that input with no copy made. */
#define RP_CONVERT_nf(TT, v) ((v) != (v) ? (TT)0 : (TT)(v))
#define NAN_PAIR(X)                                                                                \
    X(float, float32, n, double, float64, f)                                                       \
    X(double, float64, n, double, float64, f)                                                      \
    X(float, float32, n, float, float32, f)
#define PW_NAN(T, TN, TK, A, AN, AK) PAIRWISE(nansum, RP_ADD_f, 0, T, TN, TK, A, AN, AK)
NAN_PAIR(PW_NAN)

#define PW_BOTH(T, TN, TK, A, AN, AK)                                                              \
    PAIRWISE(sum, RP_ADD_f, 0, T, TN, TK, A, AN, AK)                                               \
    PAIRWISE(prod, RP_MUL_f, 1, T, TN, TK, A, AN, AK)
FLOAT_PAIR(PW_BOTH)

/* (x - mean)^2 for var/std: args = {x, mean, out}, mean broadcast by the
 * iterator (step 0 along the reduced axes). */
#define SQDEV(T, TN)                                                                               \
    static void sqdev_##TN(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)   \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *x = args[0], *m = args[1];                                                     \
        char *o = args[2];                                                                         \
        if (steps[0] == sizeof(T) && steps[1] == 0 && steps[2] == sizeof(T)) {                     \
            const T *restrict a = (const T *)x;                                                    \
            T *restrict b = (T *)o;                                                                \
            const T mu = *(const T *)m;                                                            \
            for (rp_intp i = 0; i < n; i++) {                                                      \
                T d = a[i] - mu;                                                                   \
                b[i] = d * d;                                                                      \
            }                                                                                      \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, x += steps[0], m += steps[1], o += steps[2]) {         \
                T d = *(const T *)x - *(const T *)m;                                               \
                *(T *)o = d * d;                                                                   \
            }                                                                                      \
        }                                                                                          \
    }
SQDEV(float, float32)
SQDEV(double, float64)

void RP_ISA_FN(rp_fill_reduce_pairwise)(rp_kernel_table *t)
{
    rp_reduce_table *r = &t->reduce;
#define SET(T, TN, TK, A, AN, AK)                                                                  \
    r->k[RP_RED_SUM][RP_DT_##TN][RP_DT_##AN] = sum_##TN##_##AN;                                    \
    r->k[RP_RED_PROD][RP_DT_##TN][RP_DT_##AN] = prod_##TN##_##AN;                                  \
    r->rows[RP_RED_SUM][RP_DT_##TN][RP_DT_##AN] = rows_sum_##TN##_##AN;                            \
    r->rows[RP_RED_PROD][RP_DT_##TN][RP_DT_##AN] = rows_prod_##TN##_##AN;
    FLOAT_PAIR(SET)
#define SET_NAN(T, TN, TK, A, AN, AK)                                                              \
    r->k[RP_RED_NANSUM][RP_DT_##TN][RP_DT_##AN] = nansum_##TN##_##AN;                              \
    r->rows[RP_RED_NANSUM][RP_DT_##TN][RP_DT_##AN] = rows_nansum_##TN##_##AN;
    NAN_PAIR(SET_NAN)
    r->sqdev[RP_FLOAT32] = sqdev_float32;
    r->sqdev[RP_FLOAT64] = sqdev_float64;
}
