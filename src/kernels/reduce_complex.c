/*
 * complex64/complex128 reductions in NumPy's own order, so the bits equal
 * NumPy's (an element is two parts, real first):
 *
 *   sum, a reduced run (out step 0): out += pairwise(run), NumPy's complex
 *     pairwise sum, the parts summed side by side: under 4 elements a plain
 *     loop from -0.0; up to 64, four accumulators per part over element
 *     i % 4, folded (a0 + a1) + (a2 + a3), then the tail in order; above,
 *     split after (n - n % 8) / 2 elements and the halves' sums added. Each
 *     ISA compiles the same source: the unit-stride block is a loop over 8
 *     interleaved parts, which the compiler turns into 1-2 vector adds per
 *     4 elements without reordering anything, so every ISA gives the same
 *     bits (tests/c compares them with ==).
 *   sum, a kept inner axis (out step != 0): out[i] += in[i] per part, row
 *     after row (the rows kernels take several rows per pass over out).
 *   prod, a reduced run: out = out * x, one element after the other, as
 *     NumPy's scalar loop (re = ac - bd, im = ad + bc, no fused multiply).
 *   prod, a kept inner axis: NumPy takes its SIMD loop (Highway's
 *     MulComplex), which fuses: re = fma(a, c, -(b * d)), im = fma(a, d,
 *     b * c) with out = a + bi. C's fma() is exact on every ISA (an
 *     instruction with FMA, libm's software fma without), so that is what is
 *     written here, and the bits still do not depend on the ISA.
 *   nansum: sum with an element that has a NaN part read as 0 (NumPy sums
 *     its copy with NaN replaced by 0), in the same order.
 *   cumsum/cumprod: out[0] = x[0], out[i] = out[i-1] op x[i], the scalar
 *     formulas (NumPy's accumulate loop overlaps its operands and so never
 *     takes the SIMD loop).
 *   var/std deviations: |x - mean|^2 = dr*dr + di*di in the part dtype, as
 *     NumPy's _var computes it on the complex temporary's parts.
 */
#include "reduce_kernels.h"
#include "complex_scalar.h"

#include <math.h>
#include <string.h>

/* the element types of src/kernels/complex_scalar.h, under short names */
typedef rp_cfloat cx64;
typedef rp_cdouble cx128;

/* A complex element read as it is, or with a NaN part as 0 + 0j (nansum). */
#define LD_PLAIN(CT, q) (*(const CT *)(q))
#define LD_NAN0(CT, q) nan0_##CT(*(const CT *)(q))
static inline cx64 nan0_cx64(cx64 v)
{
    /* quiet compares: no "invalid" for a quiet NaN */
    if (v.re != v.re || v.im != v.im)
        v.re = v.im = 0;
    return v;
}
static inline cx128 nan0_cx128(cx128 v)
{
    if (v.re != v.re || v.im != v.im)
        v.re = v.im = 0;
    return v;
}

#define CX_PAIRWISE(CT, T, NAME, LD, NANS)                                                         \
    /* elements [k, n) added one after the other to *rr, *ri */                                    \
    static inline void pw_tail_##NAME(const char *p, rp_intp k, rp_intp n, rp_intp s, T *rr,       \
                                      T *ri)                                                       \
    {                                                                                              \
        T r = *rr, i = *ri;                                                                        \
        for (; k < n; k++) {                                                                       \
            const CT v = LD(CT, p + k * s);                                                        \
            r += v.re;                                                                             \
            i += v.im;                                                                             \
        }                                                                                          \
        *rr = r;                                                                                   \
        *ri = i;                                                                                   \
    }                                                                                              \
    static void pw_##NAME(const char *p, rp_intp n, rp_intp s, T *rr, T *ri)                       \
    {                                                                                              \
        if (n < 4) {                                                                               \
            *rr = *ri = (T)-0.0;                                                                   \
            pw_tail_##NAME(p, 0, n, s, rr, ri);                                                    \
            return;                                                                                \
        }                                                                                          \
        if (n <= 64) {                                                                             \
            /* acc[2j] real, acc[2j + 1] imaginary parts of element j % 4 */                       \
            T acc[8];                                                                              \
            rp_intp k = 4;                                                                         \
            const rp_intp end = n - n % 4;                                                         \
            if (s == (rp_intp)sizeof(CT) && !NANS) {                                               \
                /* the parts as one array: 8 lanes, one or two vector adds */                      \
                const T *a = (const T *)p;                                                         \
                for (int j = 0; j < 8; j++)                                                        \
                    acc[j] = a[j];                                                                 \
                for (; k < end; k += 4)                                                            \
                    for (int j = 0; j < 8; j++)                                                    \
                        acc[j] += a[2 * k + j];                                                    \
            } else {                                                                               \
                for (int j = 0; j < 4; j++) {                                                      \
                    const CT v = LD(CT, p + j * s);                                                \
                    acc[2 * j] = v.re;                                                             \
                    acc[2 * j + 1] = v.im;                                                         \
                }                                                                                  \
                for (; k < end; k += 4)                                                            \
                    for (int j = 0; j < 4; j++) {                                                  \
                        const CT v = LD(CT, p + (k + j) * s);                                      \
                        acc[2 * j] += v.re;                                                        \
                        acc[2 * j + 1] += v.im;                                                    \
                    }                                                                              \
            }                                                                                      \
            *rr = (acc[0] + acc[2]) + (acc[4] + acc[6]);                                           \
            *ri = (acc[1] + acc[3]) + (acc[5] + acc[7]);                                           \
            pw_tail_##NAME(p, k, n, s, rr, ri);                                                    \
            return;                                                                                \
        }                                                                                          \
        /* NumPy halves its count of parts (2n) and rounds down to a multiple                      \
         * of 8 parts: (n - n % 8) / 2 elements go left */                                         \
        const rp_intp n2 = (n - n % 8) / 2;                                                        \
        T r1, i1, r2, i2;                                                                          \
        pw_##NAME(p, n2, s, &r1, &i1);                                                             \
        pw_##NAME(p + n2 * s, n - n2, s, &r2, &i2);                                                \
        *rr = r1 + r2;                                                                             \
        *ri = i1 + i2;                                                                             \
    }                                                                                              \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        if (steps[1] == 0) {                                                                       \
            CT *o = (CT *)op;                                                                      \
            if (steps[0] % (rp_intp)sizeof(CT) != 0) {                                             \
                /* NumPy's pairwise loop wants whole-element strides; its                          \
                 * fallback adds one element after the other */                                    \
                for (rp_intp k = 0; k < n; k++) {                                                  \
                    const CT v = LD(CT, ip + k * steps[0]);                                        \
                    o->re += v.re;                                                                 \
                    o->im += v.im;                                                                 \
                }                                                                                  \
                return;                                                                            \
            }                                                                                      \
            T r, i;                                                                                \
            pw_##NAME(ip, n, steps[0], &r, &i);                                                    \
            o->re += r;                                                                            \
            o->im += i;                                                                            \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp k = 0; k < n; k++) {                                                          \
            const CT v = LD(CT, ip + k * steps[0]);                                                \
            CT *o = (CT *)(op + k * steps[1]);                                                     \
            o->re += v.re;                                                                         \
            o->im += v.im;                                                                         \
        }                                                                                          \
    }
CX_PAIRWISE(cx64, float, sum_c64, LD_PLAIN, 0)
CX_PAIRWISE(cx128, double, sum_c128, LD_PLAIN, 0)
CX_PAIRWISE(cx64, float, nansum_c64, LD_NAN0, 1)
CX_PAIRWISE(cx128, double, nansum_c128, LD_NAN0, 1)

/*
 * sum/nansum with the reduced axis outer (rp_rows_kernel): NumPy adds the
 * rows into the output one after the other, so each output part is
 * (((out + x0) + x1) + x2) ... in row order. That order is kept; four rows
 * go through registers per visit of an output tile (one load and store of
 * out per four rows), the tile small enough to stay in L1. With unit steps
 * the parts are one float array, which vectorizes without reordering.
 */
enum { CX_ROWS_TILE = 2048 }; /* parts per output tile */
#define CX_SUM_ROWS(CT, T, NAME, LD, NANS)                                                         \
    static void rows_##NAME(const char *in, rp_intp nrows, rp_intp rs, rp_intp ncols, rp_intp cs,  \
                            char *out, rp_intp os, void *scratch)                                  \
    {                                                                                              \
        (void)scratch;                                                                             \
        if (NANS || cs != (rp_intp)sizeof(CT) || os != (rp_intp)sizeof(CT)) {                      \
            for (rp_intp r = 0; r < nrows; r++)                                                    \
                for (rp_intp j = 0; j < ncols; j++) {                                              \
                    const CT v = LD(CT, in + r * rs + j * cs);                                     \
                    CT *o = (CT *)(out + j * os);                                                  \
                    o->re += v.re;                                                                 \
                    o->im += v.im;                                                                 \
                }                                                                                  \
            return;                                                                                \
        }                                                                                          \
        const rp_intp np = 2 * ncols;                                                              \
        for (rp_intp c0 = 0; c0 < np; c0 += CX_ROWS_TILE) {                                        \
            const rp_intp nc = np - c0 < CX_ROWS_TILE ? np - c0 : CX_ROWS_TILE;                    \
            T *restrict o = (T *)out + c0;                                                         \
            const char *p = in + c0 * (rp_intp)sizeof(T);                                          \
            rp_intp r = 0;                                                                         \
            for (; r + 4 <= nrows; r += 4, p += 4 * rs) {                                          \
                const T *restrict x0 = (const T *)p, *restrict x1 = (const T *)(p + rs);           \
                const T *restrict x2 = (const T *)(p + 2 * rs);                                    \
                const T *restrict x3 = (const T *)(p + 3 * rs);                                    \
                for (rp_intp j = 0; j < nc; j++)                                                   \
                    o[j] = (((o[j] + x0[j]) + x1[j]) + x2[j]) + x3[j];                             \
            }                                                                                      \
            for (; r < nrows; r++, p += rs) {                                                      \
                const T *restrict x = (const T *)p;                                                \
                for (rp_intp j = 0; j < nc; j++)                                                   \
                    o[j] += x[j];                                                                  \
            }                                                                                      \
        }                                                                                          \
    }
CX_SUM_ROWS(cx64, float, sum_c64, LD_PLAIN, 0)
CX_SUM_ROWS(cx128, double, sum_c128, LD_PLAIN, 0)
CX_SUM_ROWS(cx64, float, nansum_c64, LD_NAN0, 1)
CX_SUM_ROWS(cx128, double, nansum_c128, LD_NAN0, 1)

/* a * b, NumPy's scalar loop (a the running product). */
#define CX_MUL(CT, a, b)                                                                           \
    ((CT){(a).re * (b).re - (a).im * (b).im, (a).re * (b).im + (a).im * (b).re})

/* NumPy's SIMD complex multiply (Highway's MulComplex), fused: re =
 * fma(a, c, -(b * d)), im = fma(a, d, b * c) for (a + bi)(c + di). Its
 * accumulate hands the loop (out[:-1], x[1:], out[1:]): for two elements
 * the one-element operands no longer overlap and this runs, not the scalar
 * multiply. With a negative input stride NumPy 2.4 (x86-64, AVX-512) runs
 * the scalar complex64 loop but still the fused complex128 one (NEG_PLAIN:
 * measured, tests/python/test_complex_reductions.py holds it; the iterator
 * may hand such a walk over with the output's stride negated instead). */
#define CX_FMUL(CT, a, b) (_Generic((a).re, float: cx_fmul64, default: cx_fmul128)((a), (b)))
static inline cx64 cx_fmul64(cx64 a, cx64 b)
{
    return (cx64){fmaf(a.re, b.re, -(a.im * b.im)), fmaf(a.re, b.im, a.im * b.re)};
}
static inline cx128 cx_fmul128(cx128 a, cx128 b)
{
    return (cx128){fma(a.re, b.re, -(a.im * b.im)), fma(a.re, b.im, a.im * b.re)};
}

/* out[k] *= x[k] with the scalar formula, not vectorized: GCC's vectorizer
 * recognises a complex multiply and emits fused multiply-adds for it (GCC
 * 12, -march=x86-64-v3 and up), -ffp-contract=off notwithstanding, which
 * would make this ISA-dependent. */
#if defined(__clang__)
#define RP_NO_VECTORIZE __attribute__((noinline))
#define RP_LOOP_NO_VECTORIZE _Pragma("clang loop vectorize(disable) interleave(disable)")
#elif defined(__GNUC__)
#define RP_NO_VECTORIZE __attribute__((noinline, optimize("no-tree-vectorize")))
#define RP_LOOP_NO_VECTORIZE
#else
#define RP_NO_VECTORIZE
#define RP_LOOP_NO_VECTORIZE
#endif
#define CX_ROWS_PLAIN(CT, NAME)                                                                    \
    static RP_NO_VECTORIZE void rows_plain_##NAME(const char *ip, char *op, rp_intp n,             \
                                                  const rp_intp *steps)                            \
    {                                                                                              \
        RP_LOOP_NO_VECTORIZE                                                                       \
        for (rp_intp k = 0; k < n; k++) {                                                          \
            const CT x = *(const CT *)(ip + k * steps[0]);                                         \
            CT *o = (CT *)(op + k * steps[1]);                                                     \
            *o = CX_MUL(CT, *o, x);                                                                \
        }                                                                                          \
    }
CX_ROWS_PLAIN(cx64, prod_c64)
CX_ROWS_PLAIN(cx128, prod_c128)

/* prod, max, min: a reduced run folds one element after the other into
 * *out (STEP); a kept inner axis goes to ROWS(ip, op, n, steps). */
#define CX_SEQ(CT, NAME, STEP, ROWS)                                                               \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        if (steps[1] != 0) {                                                                       \
            ROWS(args[0], args[1], n, steps);                                                      \
            return;                                                                                \
        }                                                                                          \
        CT acc = *(CT *)args[1];                                                                   \
        for (rp_intp k = 0; k < n; k++)                                                            \
            acc = STEP(CT, acc, *(const CT *)(args[0] + k * steps[0]));                            \
        *(CT *)args[1] = acc;                                                                      \
    }

#define CX_PROD_ROWS(CT, NAME, NEG_PLAIN)                                                          \
    static void rows_##NAME(const char *ip, char *op, rp_intp n, const rp_intp *steps)             \
    {                                                                                              \
        if (NEG_PLAIN && (steps[0] < 0 || steps[1] < 0)) {                                         \
            rows_plain_##NAME(ip, op, n, steps);                                                   \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp k = 0; k < n; k++) {                                                          \
            CT *o = (CT *)(op + k * steps[1]);                                                     \
            *o = CX_FMUL(CT, *o, *(const CT *)(ip + k * steps[0]));                                \
        }                                                                                          \
    }                                                                                              \
    CX_SEQ(CT, NAME, CX_MUL, rows_##NAME)
CX_PROD_ROWS(cx64, prod_c64, 1)
CX_PROD_ROWS(cx128, prod_c128, 0)

#define CX_CUM(CT, NAME, STEP, STEP1, NEG_PLAIN)                                                   \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        if (n <= 0)                                                                                \
            return;                                                                                \
        CT acc = *(const CT *)ip;                                                                  \
        *(CT *)op = acc;                                                                           \
        /* ctx: whether the input's stride is negative; NumPy (2.4, x86-64)                     \
         * then runs the scalar complex64 loop, still the fused complex128 one */                  \
        if (n == 2 && !(NEG_PLAIN && ctx && *(const bool *)ctx)) {                                 \
            const CT x = *(const CT *)(ip + steps[0]);                                             \
            *(CT *)(op + steps[1]) = STEP1(CT, acc, x);                                            \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp k = 1; k < n; k++) {                                                          \
            const CT x = *(const CT *)(ip + k * steps[0]);                                         \
            acc = STEP(CT, acc, x);                                                                \
            *(CT *)(op + k * steps[1]) = acc;                                                      \
        }                                                                                          \
    }
#define CX_ADD(CT, a, b) ((CT){(a).re + (b).re, (a).im + (b).im})
CX_CUM(cx64, cumsum_c64, CX_ADD, CX_ADD, 1)
CX_CUM(cx128, cumsum_c128, CX_ADD, CX_ADD, 0)
CX_CUM(cx64, cumprod_c64, CX_MUL, CX_FMUL, 1)
CX_CUM(cx128, cumprod_c128, CX_MUL, CX_FMUL, 0)

/*
 * var/std's deviations, args = {x, mean, out} with mean broadcast (step 0
 * along the reduced axes); ctx: an int stage. Stage 0 writes the real
 * out = dr*dr + di*di in one pass. When that raised a float flag, the core
 * reruns it as NumPy's three passes, so each flag is reported under the
 * pass that raised it: 1: out (complex) = x - mean; 2: out's parts squared
 * in place (args {out, -, out}); 3: the real out = re + im of the squares
 * (args {squares, -, out}).
 */
#define CX_DEV(CT, T, NAME)                                                                        \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        const int stage = ctx ? *(const int *)ctx : 0;                                             \
        const char *x = args[0], *m = args[1];                                                     \
        char *o = args[2];                                                                         \
        for (rp_intp k = 0; k < n; k++, x += steps[0], m += steps[1], o += steps[2]) {             \
            const CT a = *(const CT *)x;                                                           \
            switch (stage) {                                                                       \
            case 0: {                                                                              \
                const CT b = *(const CT *)m;                                                       \
                const T dr = a.re - b.re, di = a.im - b.im;                                        \
                *(T *)o = dr * dr + di * di;                                                       \
                break;                                                                             \
            }                                                                                      \
            case 1: {                                                                              \
                const CT b = *(const CT *)m;                                                       \
                *(CT *)o = (CT){a.re - b.re, a.im - b.im};                                         \
                break;                                                                             \
            }                                                                                      \
            case 2: *(CT *)o = (CT){a.re * a.re, a.im * a.im}; break;                              \
            default: *(T *)o = a.re + a.im; break;                                                 \
            }                                                                                      \
        }                                                                                          \
    }
CX_DEV(cx64, float, dev_c64)
CX_DEV(cx128, double, dev_c128)

/*
 * max/min: NumPy's lexicographic order with its NaN rule (CGE/CLE in
 * numpy/_core/src/umath/loops.c.src): the running value m is kept while it
 * has a NaN part or m >= x, i.e. m.re > x.re with neither imaginary part
 * NaN, or m.re == x.re and m.im >= x.im; otherwise x replaces it, so the
 * first element with a NaN part wins and ties keep the earlier element.
 * The compares are quiet where NumPy's are (its loop clears the flags: the
 * driver reports none for max/min).
 */
#define CX_ISNAN(v) ((v).re != (v).re || (v).im != (v).im)
/* NumPy's CGE(m, x) with GT, GE as > and >= (CLE: < and <=) */
#define CX_CGE_(m, x, GT, GE)                                                                      \
    (((m).re GT (x).re && (m).im == (m).im && (x).im == (x).im) ||                                 \
     ((m).re == (x).re && (m).im GE (x).im))
/* fmax/fmin (nanmax/nanmin): NumPy's complex fmax loop keeps m when x has a
 * NaN part or CGE(m, x) (CLE for fmin), so a NaN m is replaced by the first
 * x without one and an all-NaN run keeps its first element (the core starts
 * m there); quiet like max/min. */
#define CX_KEEP_MAX(m, x) (CX_ISNAN(m) || CX_CGE_(m, x, >, >=))
#define CX_KEEP_MIN(m, x) (CX_ISNAN(m) || CX_CGE_(m, x, <, <=))
#define CX_KEEP_FMAX(m, x) (CX_ISNAN(x) || CX_CGE_(m, x, >, >=))
#define CX_KEEP_FMIN(m, x) (CX_ISNAN(x) || CX_CGE_(m, x, <, <=))
#define CX_KEEP_MAX_STEP(CT, m, x) (CX_KEEP_MAX(m, x) ? (m) : (x))
#define CX_KEEP_MIN_STEP(CT, m, x) (CX_KEEP_MIN(m, x) ? (m) : (x))
#define CX_KEEP_FMAX_STEP(CT, m, x) (CX_KEEP_FMAX(m, x) ? (m) : (x))
#define CX_KEEP_FMIN_STEP(CT, m, x) (CX_KEEP_FMIN(m, x) ? (m) : (x))
#define CX_EXTREME(CT, NAME, KEEP)                                                                 \
    static void rows_##NAME(const char *ip, char *op, rp_intp n, const rp_intp *steps)             \
    {                                                                                              \
        for (rp_intp k = 0; k < n; k++) {                                                          \
            const CT x = *(const CT *)(ip + k * steps[0]);                                         \
            CT *o = (CT *)(op + k * steps[1]);                                                     \
            if (!KEEP(*o, x))                                                                      \
                *o = x;                                                                            \
        }                                                                                          \
    }                                                                                              \
    CX_SEQ(CT, NAME, KEEP##_STEP, rows_##NAME)
/* both element types of one extreme */
#define CX_EXTREMES(NAME, KEEP)                                                                    \
    CX_EXTREME(cx64, NAME##_c64, KEEP)                                                             \
    CX_EXTREME(cx128, NAME##_c128, KEEP)
CX_EXTREMES(max, CX_KEEP_MAX)
CX_EXTREMES(min, CX_KEEP_MIN)
CX_EXTREMES(fmax, CX_KEEP_FMAX)
CX_EXTREMES(fmin, CX_KEEP_FMIN)

/*
 * argmax/argmin: NumPy's (numpy/_core/src/multiarray/arraytypes.c.src):
 * the first element with a NaN part, else the first index of the strictly
 * greatest (least) in lexicographic order.
 */
#define CX_GT(x, m) ((x).re > (m).re || ((x).re == (m).re && (x).im > (m).im))
#define CX_LT(x, m) ((x).re < (m).re || ((x).re == (m).re && (x).im < (m).im))
#define CX_ARG(CT, NAME, BETTER)                                                                   \
    static rp_intp NAME(const char *in, rp_intp n, rp_intp step)                                   \
    {                                                                                              \
        CT m = *(const CT *)in;                                                                    \
        rp_intp at = 0;                                                                            \
        if (CX_ISNAN(m))                                                                           \
            return 0;                                                                              \
        for (rp_intp k = 1; k < n; k++) {                                                          \
            const CT x = *(const CT *)(in + k * step);                                             \
            if (BETTER(x, m) || CX_ISNAN(x)) {                                                     \
                m = x;                                                                             \
                at = k;                                                                            \
                if (CX_ISNAN(x))                                                                   \
                    break;                                                                         \
            }                                                                                      \
        }                                                                                          \
        return at;                                                                                 \
    }                                                                                              \
    /* the axis outer: a row of running bests (scratch: ncols * 24 bytes) */                       \
    static void NAME##_rows(const char *in, rp_intp nrows, rp_intp rs, rp_intp ncols, rp_intp cs,  \
                            char *out, rp_intp os, void *scratch)                                  \
    {                                                                                              \
        CT *best = (CT *)scratch;                                                                  \
        int64_t *idx = (int64_t *)((char *)scratch + ncols * 16);                                  \
        for (rp_intp j = 0; j < ncols; j++) {                                                      \
            best[j] = *(const CT *)(in + j * cs);                                                  \
            idx[j] = 0;                                                                            \
        }                                                                                          \
        for (rp_intp r = 1; r < nrows; r++)                                                        \
            for (rp_intp j = 0; j < ncols; j++) {                                                  \
                const CT x = *(const CT *)(in + r * rs + j * cs);                                  \
                if (!CX_ISNAN(best[j]) && (BETTER(x, best[j]) || CX_ISNAN(x))) {                   \
                    best[j] = x;                                                                   \
                    idx[j] = r;                                                                    \
                }                                                                                  \
            }                                                                                      \
        for (rp_intp j = 0; j < ncols; j++)                                                        \
            *(int64_t *)(out + j * os) = idx[j];                                                   \
    }
CX_ARG(cx64, argmax_c64, CX_GT)
CX_ARG(cx128, argmax_c128, CX_GT)
CX_ARG(cx64, argmin_c64, CX_LT)
CX_ARG(cx128, argmin_c128, CX_LT)

/* Elements with no NaN part (nanmean's count), into int64. */
#define CX_NANCNT(CT, NAME)                                                                        \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        for (rp_intp k = 0; k < n; k++, ip += steps[0], op += steps[1]) {                          \
            const CT v = *(const CT *)ip;                                                          \
            *(int64_t *)op += v.re == v.re && v.im == v.im;                                        \
        }                                                                                          \
    }
CX_NANCNT(cx64, nancnt_c64)
CX_NANCNT(cx128, nancnt_c128)

void RP_ISA_FN(rp_fill_reduce_complex)(rp_kernel_table *t)
{
    rp_reduce_table *r = &t->reduce;
    r->k[RP_RED_SUM][RP_COMPLEX64][RP_COMPLEX64] = sum_c64;
    r->k[RP_RED_SUM][RP_COMPLEX128][RP_COMPLEX128] = sum_c128;
    r->k[RP_RED_NANSUM][RP_COMPLEX64][RP_COMPLEX64] = nansum_c64;
    r->k[RP_RED_NANSUM][RP_COMPLEX128][RP_COMPLEX128] = nansum_c128;
    r->rows[RP_RED_SUM][RP_COMPLEX64][RP_COMPLEX64] = rows_sum_c64;
    r->rows[RP_RED_SUM][RP_COMPLEX128][RP_COMPLEX128] = rows_sum_c128;
    r->rows[RP_RED_NANSUM][RP_COMPLEX64][RP_COMPLEX64] = rows_nansum_c64;
    r->rows[RP_RED_NANSUM][RP_COMPLEX128][RP_COMPLEX128] = rows_nansum_c128;
    r->k[RP_RED_PROD][RP_COMPLEX64][RP_COMPLEX64] = prod_c64;
    r->k[RP_RED_PROD][RP_COMPLEX128][RP_COMPLEX128] = prod_c128;
    r->cum[RP_RED_SUM][RP_COMPLEX64] = cumsum_c64;
    r->cum[RP_RED_SUM][RP_COMPLEX128] = cumsum_c128;
    r->cum[RP_RED_PROD][RP_COMPLEX64] = cumprod_c64;
    r->cum[RP_RED_PROD][RP_COMPLEX128] = cumprod_c128;
    r->k[RP_RED_NANCNT][RP_COMPLEX64][RP_INT64] = nancnt_c64;
    r->k[RP_RED_NANCNT][RP_COMPLEX128][RP_INT64] = nancnt_c128;
    r->k[RP_RED_MAX][RP_COMPLEX64][RP_COMPLEX64] = max_c64;
    r->k[RP_RED_MAX][RP_COMPLEX128][RP_COMPLEX128] = max_c128;
    r->k[RP_RED_MIN][RP_COMPLEX64][RP_COMPLEX64] = min_c64;
    r->k[RP_RED_MIN][RP_COMPLEX128][RP_COMPLEX128] = min_c128;
    r->k[RP_RED_FMAX][RP_COMPLEX64][RP_COMPLEX64] = fmax_c64;
    r->k[RP_RED_FMAX][RP_COMPLEX128][RP_COMPLEX128] = fmax_c128;
    r->k[RP_RED_FMIN][RP_COMPLEX64][RP_COMPLEX64] = fmin_c64;
    r->k[RP_RED_FMIN][RP_COMPLEX128][RP_COMPLEX128] = fmin_c128;
    r->arg[0][RP_COMPLEX64] = argmin_c64;
    r->arg[0][RP_COMPLEX128] = argmin_c128;
    r->arg[1][RP_COMPLEX64] = argmax_c64;
    r->arg[1][RP_COMPLEX128] = argmax_c128;
    r->argrows[0][RP_COMPLEX64] = argmin_c64_rows;
    r->argrows[0][RP_COMPLEX128] = argmin_c128_rows;
    r->argrows[1][RP_COMPLEX64] = argmax_c64_rows;
    r->argrows[1][RP_COMPLEX128] = argmax_c128_rows;
    r->sqdev[RP_COMPLEX64] = dev_c64;
    r->sqdev[RP_COMPLEX128] = dev_c128;
}
