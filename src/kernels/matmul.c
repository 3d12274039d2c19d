/*
 * Native matrix product kernels: the products NumPy runs slowly (integer and
 * bool matmul, which NumPy computes with a plain triple loop, and small or
 * stacked-small float products where its per-call BLAS overhead dominates).
 *
 * Arithmetic dtypes: C is computed in panels of W columns (a GCC vector of
 * at most 64 bytes, W a compile-time constant; the compiler splits it into
 * the ISA's registers) and 4 rows at a time, so 4 x W accumulators stay in
 * registers and their 4 independent chains of adds hide the add latency.
 * Each A[i, p] is broadcast against the panel's slice of row p of B. (A
 * plain i-p-j loop with a runtime width got vectorized across p by GCC,
 * with the accumulators in memory: 5x slower on 8x8 products.) Blocked in
 * p so a panel of B (MM_PB rows) stays in L1 while every row block uses it;
 * C holds the partial sums between p blocks.
 *
 * Every element sums its terms in order p = 0, 1, ..., k-1 from zero, one
 * multiply and one add each (no FMA: -ffp-contract=off): the same bits for
 * every ISA, panel split and thread count.
 */
#include "isa.h"
#include "register.h"

#include <string.h>

#define MM_ROWS 4
#define MM_PB 256

/* The accumulators ACC0..ACC3 of a row block from / to rows P, P + ldc,
 * P + 2 ldc, P + 3 ldc of C. */
#define MM_LOAD4(ACC, P)                                                                           \
    do {                                                                                           \
        memcpy(&ACC##0, (P), sizeof ACC##0);                                                       \
        memcpy(&ACC##1, (P) + ldc, sizeof ACC##1);                                                 \
        memcpy(&ACC##2, (P) + 2 * ldc, sizeof ACC##2);                                             \
        memcpy(&ACC##3, (P) + 3 * ldc, sizeof ACC##3);                                             \
    } while (0)
#define MM_STORE4(P, ACC)                                                                          \
    do {                                                                                           \
        memcpy((P), &ACC##0, sizeof ACC##0);                                                       \
        memcpy((P) + ldc, &ACC##1, sizeof ACC##1);                                                 \
        memcpy((P) + 2 * ldc, &ACC##2, sizeof ACC##2);                                             \
        memcpy((P) + 3 * ldc, &ACC##3, sizeof ACC##3);                                             \
    } while (0)

/* The body of a panel: rows [i0, i1) of C's panel += the terms of p in
 * [p0, p1), 4 rows at a time, then single rows. Per p, bv holds the panel's
 * slice of B's row p, PRE derives what TERM needs from it, x points at
 * A[row, p] (PSTEP parts an element) and TERM(o) is the term of the row o
 * elements further on. */
#define MM_PANEL_BODY(V, T, PSTEP, PRE, TERM)                                                      \
    rp_intp i = i0;                                                                                \
    for (; i + MM_ROWS <= i1; i += MM_ROWS) {                                                      \
        V c0 = {0}, c1 = {0}, c2 = {0}, c3 = {0};                                                  \
        T *ci = c + i * ldc;                                                                       \
        if (!first) {                                                                              \
            MM_LOAD4(c, ci);                                                                       \
        }                                                                                          \
        const T *ai = a + i * lda;                                                                 \
        for (rp_intp p = p0; p < p1; p++) {                                                        \
            V bv;                                                                                  \
            memcpy(&bv, b + p * ldb, sizeof bv);                                                   \
            PRE;                                                                                   \
            const T *x = ai + PSTEP * p;                                                           \
            c0 = c0 + TERM(0);                                                                     \
            c1 = c1 + TERM(lda);                                                                   \
            c2 = c2 + TERM(2 * lda);                                                               \
            c3 = c3 + TERM(3 * lda);                                                               \
        }                                                                                          \
        MM_STORE4(ci, c);                                                                          \
    }                                                                                              \
    for (; i < i1; i++) {                                                                          \
        V c0 = {0};                                                                                \
        T *ci = c + i * ldc;                                                                       \
        if (!first)                                                                                \
            memcpy(&c0, ci, sizeof c0);                                                            \
        const T *ai = a + i * lda;                                                                 \
        for (rp_intp p = p0; p < p1; p++) {                                                        \
            V bv;                                                                                  \
            memcpy(&bv, b + p * ldb, sizeof bv);                                                   \
            PRE;                                                                                   \
            const T *x = ai + PSTEP * p;                                                           \
            c0 = c0 + TERM(0);                                                                     \
        }                                                                                          \
        memcpy(ci, &c0, sizeof c0);                                                                \
    }

/* Columns [0, N) of rows [i0, i1) of C += A[:, p0:p1] @ B[p0:p1, :]: a, b,
 * c point at the panel's first column; lda, ldb, ldc are row strides in
 * elements; first: the p block starts the sums (else C holds them). */
#define MM_TERM(o) (x[o] * bv)
#define MM_PANEL(SFX, T, N)                                                                        \
    typedef T mm_v_##SFX##_##N __attribute__((vector_size(N * sizeof(T))));                        \
    static void mm_##SFX##_p##N(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1, rp_intp p0, \
                                rp_intp p1, rp_intp lda, rp_intp ldb, rp_intp ldc, int first)      \
    {                                                                                              \
        MM_PANEL_BODY(mm_v_##SFX##_##N, T, 1, (void)0, MM_TERM)                                    \
    }

/* Columns [0, 2N): the panel of MM_PANEL as two vectors of N per row (a
 * single GCC vector wider than the ISA's widest register is lowered through
 * memory, 2-3x slower): 4 x 2 accumulators in registers. */
#define MM_PANEL2(SFX, T, N, N2)                                                                   \
    static void mm_##SFX##_p##N2(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1,            \
                                 rp_intp p0, rp_intp p1, rp_intp lda, rp_intp ldb, rp_intp ldc,    \
                                 int first)                                                        \
    {                                                                                              \
        typedef mm_v_##SFX##_##N V;                                                                \
        rp_intp i = i0;                                                                            \
        for (; i + MM_ROWS <= i1; i += MM_ROWS) {                                                  \
            V c0 = {0}, c1 = {0}, c2 = {0}, c3 = {0}, d0 = {0}, d1 = {0}, d2 = {0}, d3 = {0};      \
            T *ci = c + i * ldc;                                                                   \
            if (!first) {                                                                          \
                MM_LOAD4(c, ci);                                                                   \
                MM_LOAD4(d, ci + N);                                                               \
            }                                                                                      \
            const T *ai = a + i * lda;                                                             \
            for (rp_intp p = p0; p < p1; p++) {                                                    \
                V bv, bw;                                                                          \
                memcpy(&bv, b + p * ldb, sizeof bv);                                               \
                memcpy(&bw, b + p * ldb + N, sizeof bw);                                           \
                const T x0 = ai[p], x1 = ai[lda + p], x2 = ai[2 * lda + p], x3 = ai[3 * lda + p];  \
                c0 = c0 + x0 * bv;                                                                 \
                d0 = d0 + x0 * bw;                                                                 \
                c1 = c1 + x1 * bv;                                                                 \
                d1 = d1 + x1 * bw;                                                                 \
                c2 = c2 + x2 * bv;                                                                 \
                d2 = d2 + x2 * bw;                                                                 \
                c3 = c3 + x3 * bv;                                                                 \
                d3 = d3 + x3 * bw;                                                                 \
            }                                                                                      \
            MM_STORE4(ci, c);                                                                      \
            MM_STORE4(ci + N, d);                                                                  \
        }                                                                                          \
        if (i < i1) {                                                                              \
            mm_##SFX##_p##N(a, b, c, i, i1, p0, p1, lda, ldb, ldc, first);                         \
            mm_##SFX##_p##N(a, b + N, c + N, i, i1, p0, p1, lda, ldb, ldc, first);                 \
        }                                                                                          \
    }

/* One column (the last of an odd width): the same sums, scalar (the 1u:
 * uint16 products in unsigned int, not an overflowing int). */
#define MM_COLUMN(SFX, T)                                                                          \
    static void mm_##SFX##_p1(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1, rp_intp p0,   \
                              rp_intp p1, rp_intp lda, rp_intp ldb, rp_intp ldc, int first)        \
    {                                                                                              \
        for (rp_intp i = i0; i < i1; i++) {                                                        \
            T s = first ? (T)0 : c[i * ldc];                                                       \
            for (rp_intp p = p0; p < p1; p++)                                                      \
                s = (T)(s + (T)(a[i * lda + p] * 1u * b[p * ldb]));                                \
            c[i * ldc] = s;                                                                        \
        }                                                                                          \
    }

/* The kernel: p blocks, then panels of the widest width that fits, halving
 * down to single columns. WMAX: 64 bytes of T. */
#define MM_ARITH(SFX, T, WMAX)                                                                     \
    static void mm_##SFX(const char *a_, const char *b_, char *c_, rp_intp i0, rp_intp i1,        \
                         rp_intp n, rp_intp k)                                                     \
    {                                                                                              \
        const T *a = (const T *)a_, *b = (const T *)b_;                                            \
        T *c = (T *)c_;                                                                            \
        if (k == 0) {                                                                              \
            memset(c + i0 * n, 0, (size_t)((i1 - i0) * n) * sizeof(T));                            \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp p0 = 0; p0 < k; p0 += MM_PB) {                                                \
            const rp_intp p1 = p0 + MM_PB < k ? p0 + MM_PB : k;                                    \
            const int first = p0 == 0;                                                             \
            rp_intp j = 0;                                                                         \
            for (; j + WMAX <= n; j += WMAX)                                                       \
                MM_CALL(SFX, WMAX);                                                                \
            MM_TAILS_##SFX                                                                         \
            if (j < n)                                                                             \
                mm_##SFX##_p1(a, b + j, c + j, i0, i1, p0, p1, k, n, n, first);                    \
        }                                                                                          \
    }
#define MM_CALL_(SFX, W) mm_##SFX##_p##W(a, b + j, c + j, i0, i1, p0, p1, k, n, n, first)
#define MM_CALL(SFX, W) MM_CALL_(SFX, W)
#define MM_TAIL(SFX, W)                                                                            \
    if (j + W <= n) {                                                                              \
        MM_CALL(SFX, W);                                                                           \
        j += W;                                                                                    \
    }

MM_PANEL(u8, uint8_t, 2) MM_PANEL(u8, uint8_t, 4) MM_PANEL(u8, uint8_t, 8)
MM_PANEL(u8, uint8_t, 16) MM_PANEL(u8, uint8_t, 32) MM_PANEL(u8, uint8_t, 64)
MM_PANEL(u16, uint16_t, 2) MM_PANEL(u16, uint16_t, 4) MM_PANEL(u16, uint16_t, 8)
MM_PANEL(u16, uint16_t, 16) MM_PANEL(u16, uint16_t, 32)
MM_PANEL(u32, uint32_t, 2) MM_PANEL(u32, uint32_t, 4) MM_PANEL(u32, uint32_t, 8)
MM_PANEL(u32, uint32_t, 16)
MM_PANEL(f32, float, 2) MM_PANEL(f32, float, 4) MM_PANEL(f32, float, 8) MM_PANEL(f32, float, 16)
MM_PANEL(u64, uint64_t, 2) MM_PANEL(u64, uint64_t, 4) MM_PANEL(u64, uint64_t, 8)
MM_PANEL(f64, double, 2) MM_PANEL(f64, double, 4) MM_PANEL(f64, double, 8)
MM_COLUMN(u8, uint8_t) MM_COLUMN(u16, uint16_t) MM_COLUMN(u32, uint32_t)
MM_COLUMN(u64, uint64_t) MM_COLUMN(f32, float) MM_COLUMN(f64, double)

#define MM_TAILS_u8 MM_TAIL(u8, 32) MM_TAIL(u8, 16) MM_TAIL(u8, 8) MM_TAIL(u8, 4) MM_TAIL(u8, 2)
#define MM_TAILS_u16 MM_TAIL(u16, 16) MM_TAIL(u16, 8) MM_TAIL(u16, 4) MM_TAIL(u16, 2)
#define MM_TAILS_u32 MM_TAIL(u32, 8) MM_TAIL(u32, 4) MM_TAIL(u32, 2)
#define MM_TAILS_u64 MM_TAIL(u64, 4) MM_TAIL(u64, 2)
/* Float panels two vector registers wide on AVX-512 (one zmm per row left
 * 4 accumulators: 4 chains of dependent adds, latency-bound on cores with
 * separate multiply and add pipes, 1.3-1.6x slower at 32-64). Panel widths
 * change which C elements are computed together, never their sums: the
 * same bits on every ISA. */
#if defined(RP_ISA_IS_AVX512)
MM_PANEL2(f32, float, 16, 32) MM_PANEL2(f64, double, 8, 16)
#define MM_WMAX_f32 32
#define MM_WMAX_f64 16
#define MM_TAILS_f32 MM_TAIL(f32, 16) MM_TAIL(f32, 8) MM_TAIL(f32, 4) MM_TAIL(f32, 2)
#define MM_TAILS_f64 MM_TAIL(f64, 8) MM_TAIL(f64, 4) MM_TAIL(f64, 2)
#else
#define MM_WMAX_f32 16
#define MM_WMAX_f64 8
#define MM_TAILS_f32 MM_TAIL(f32, 8) MM_TAIL(f32, 4) MM_TAIL(f32, 2)
#define MM_TAILS_f64 MM_TAIL(f64, 4) MM_TAIL(f64, 2)
#endif

/* Integers in their unsigned type: wraparound is then defined (NumPy's
 * integer matmul wraps modulo 2^bits; signed and unsigned agree bitwise;
 * GCC vectors of unsigned elements wrap too). */
MM_ARITH(u8, uint8_t, 64)
MM_ARITH(u16, uint16_t, 32)
MM_ARITH(u32, uint32_t, 16)
MM_ARITH(u64, uint64_t, 8)
MM_ARITH(f32, float, MM_WMAX_f32)
MM_ARITH(f64, double, MM_WMAX_f64)

/*
 * complex64/complex128: the same register panels over interleaved parts. A
 * panel of B's row p holds W elements as 2W parts (br, bi, ...); with bs
 * its pairs swapped and the first of each negated (-bi, br, ...), the term
 * A[i, p] B[p, j] is ar * bv + ai * bs = (ar br - ai bi, ar bi + ai br),
 * NumPy's complex multiply without FMA, added to the sum in order of p:
 * bit-identical on every ISA (the swap and the negation are exact).
 * N: parts per panel; W = N / 2 columns of C.
 */
static const float cm_sign_f32[16] = {-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1};
static const double cm_sign_f64[8] = {-1, 1, -1, 1, -1, 1, -1, 1};
static const int32_t cm_swap_f32[16] = {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14};
static const int64_t cm_swap_f64[8] = {1, 0, 3, 2, 5, 4, 7, 6};
/* bs from bv (GCC's shuffle; elsewhere lane by lane, the same values) */
#if defined(__GNUC__) && !defined(__clang__)
#define CM_SWAPNEG(F, bv) (__builtin_shuffle(bv, swap) * sign)
#define CM_SWAPNEG_FN(V, F, N)
#else
#define CM_SWAPNEG(F, bv) cm_swapneg_##F(bv)
#define CM_SWAPNEG_FN(V, F, N)                                                                     \
    static inline V cm_swapneg_##F(V v)                                                            \
    {                                                                                              \
        V r;                                                                                       \
        for (int t = 0; t < N; t += 2) {                                                           \
            r[t] = -v[t + 1];                                                                      \
            r[t + 1] = v[t];                                                                       \
        }                                                                                          \
        return r;                                                                                  \
    }
#endif
#define CM_TERM(o) (x[o] * bv + x[(o) + 1] * bs)
#define CM_PANEL(SFX, T, IT, N)                                                                    \
    typedef T cm_v_##SFX##_##N __attribute__((vector_size(N * sizeof(T))));                        \
    typedef IT cm_m_##SFX##_##N __attribute__((vector_size(N * sizeof(T))));                       \
    CM_SWAPNEG_FN(cm_v_##SFX##_##N, SFX##_##N, N)                                                  \
    static void cm_##SFX##_p##N(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1, rp_intp p0,  \
                                rp_intp p1, rp_intp lda, rp_intp ldb, rp_intp ldc, int first)      \
    {                                                                                              \
        typedef cm_v_##SFX##_##N V;                                                                \
        cm_m_##SFX##_##N swap;                                                                     \
        V sign;                                                                                    \
        memcpy(&swap, cm_swap_##SFX, sizeof swap);                                                 \
        memcpy(&sign, cm_sign_##SFX, sizeof sign);                                                 \
        (void)swap;                                                                                \
        (void)sign;                                                                                \
        MM_PANEL_BODY(V, T, 2, const V bs = CM_SWAPNEG(SFX##_##N, bv), CM_TERM)                    \
    }
CM_PANEL(f32, float, int32_t, 2) CM_PANEL(f32, float, int32_t, 4) CM_PANEL(f32, float, int32_t, 8)
CM_PANEL(f32, float, int32_t, 16)
CM_PANEL(f64, double, int64_t, 2) CM_PANEL(f64, double, int64_t, 4)
CM_PANEL(f64, double, int64_t, 8)

/* The complex kernel: MM_ARITH's p blocks and panels, widths in parts (the
 * row strides lda, ldb, ldc too: 2 parts an element). */
#define CM_CALL(SFX, N)                                                                            \
    cm_##SFX##_p##N(a, b + 2 * j, c + 2 * j, i0, i1, p0, p1, 2 * k, 2 * n, 2 * n, first)
#define CM_TAIL(SFX, N)                                                                            \
    if (j + N / 2 <= n) {                                                                          \
        CM_CALL(SFX, N);                                                                           \
        j += N / 2;                                                                                \
    }
#define CM_KERNEL(SFX, T, NMAX, TAILS)                                                             \
    static void cm_##SFX(const char *a_, const char *b_, char *c_, rp_intp i0, rp_intp i1,         \
                         rp_intp n, rp_intp k)                                                     \
    {                                                                                              \
        const T *a = (const T *)a_, *b = (const T *)b_;                                            \
        T *c = (T *)c_;                                                                            \
        if (k == 0) {                                                                              \
            memset(c + 2 * i0 * n, 0, (size_t)((i1 - i0) * n) * 2 * sizeof(T));                    \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp p0 = 0; p0 < k; p0 += MM_PB) {                                                \
            const rp_intp p1 = p0 + MM_PB < k ? p0 + MM_PB : k;                                    \
            const int first = p0 == 0;                                                             \
            rp_intp j = 0;                                                                         \
            for (; j + NMAX / 2 <= n; j += NMAX / 2)                                               \
                CM_CALL(SFX, NMAX);                                                                \
            TAILS                                                                                  \
        }                                                                                          \
    }
CM_KERNEL(f32, float, 16, CM_TAIL(f32, 8) CM_TAIL(f32, 4) CM_TAIL(f32, 2))
CM_KERNEL(f64, double, 8, CM_TAIL(f64, 4) CM_TAIL(f64, 2))

/* bool: any(a[i, p] and b[p, j]), whatever nonzero byte a True holds; a
 * plain i-p-j loop blocked in p and j (vector masks would be needed for the
 * register panels, and bool products are rare). */
#define MM_BLOCK_BYTES (128 * 1024)
#define MM_JBLOCK 512
#define MM_KERNEL(SFX, T, ACC_EXPR)                                                                \
    static void mm_##SFX(const char *a_, const char *b_, char *c_, rp_intp i0, rp_intp i1,        \
                         rp_intp n, rp_intp k)                                                     \
    {                                                                                              \
        const T *a = (const T *)a_;                                                                \
        const T *b = (const T *)b_;                                                                \
        T *c = (T *)c_;                                                                            \
        for (rp_intp i = i0; i < i1; i++)                                                          \
            memset(c + i * n, 0, (size_t)n * sizeof(T));                                           \
        rp_intp jb = n < MM_JBLOCK ? n : MM_JBLOCK;                                                \
        rp_intp pb = MM_BLOCK_BYTES / ((rp_intp)sizeof(T) * (jb > 0 ? jb : 1));                    \
        if (pb < 1)                                                                                \
            pb = 1;                                                                                \
        for (rp_intp j0 = 0; j0 < n; j0 += jb) {                                                   \
            rp_intp j1 = j0 + jb < n ? j0 + jb : n;                                                \
            for (rp_intp p0 = 0; p0 < k; p0 += pb) {                                               \
                rp_intp p1 = p0 + pb < k ? p0 + pb : k;                                            \
                for (rp_intp i = i0; i < i1; i++) {                                                \
                    T *restrict ci = c + i * n;                                                    \
                    const T *ai = a + i * k;                                                       \
                    for (rp_intp p = p0; p < p1; p++) {                                            \
                        const T x = ai[p];                                                         \
                        const T *restrict bp = b + p * n;                                          \
                        for (rp_intp j = j0; j < j1; j++)                                          \
                            ci[j] = ACC_EXPR;                                                      \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    }

MM_KERNEL(b8, uint8_t, (uint8_t)(ci[j] | ((x != 0) & (bp[j] != 0))))

void RP_ISA_FN(rp_fill_matmul)(rp_kernel_table *t)
{
    rp_matmul_kernel *k = t->matmul.k;
    k[RP_BOOL] = mm_b8;
    k[RP_INT8] = k[RP_UINT8] = mm_u8;
    k[RP_INT16] = k[RP_UINT16] = mm_u16;
    k[RP_INT32] = k[RP_UINT32] = mm_u32;
    k[RP_INT64] = k[RP_UINT64] = mm_u64;
    k[RP_FLOAT32] = mm_f32;
    k[RP_FLOAT64] = mm_f64;
    k[RP_COMPLEX64] = cm_f32;
    k[RP_COMPLEX128] = cm_f64;
}
