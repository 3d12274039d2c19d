/*
 * Native matrix product kernels: the products NumPy runs slowly (integer and
 * bool matmul, which NumPy computes with a plain triple loop, and small or
 * stacked-small float products where its per-call BLAS overhead dominates).
 *
 * i-p-j order: each row of C is the sum over p of A[i, p] times row p of B,
 * so the inner loop runs along contiguous rows of B and C and vectorizes at
 * every ISA's width. Blocked in p and j so the block of B being reused by
 * every row i stays in L2 however large the matrices are; a block of C rows
 * accumulates in order of p, so the order of the terms of each element is
 * always p = 0, 1, ..., k-1 (the same bits for every ISA and every block).
 */
#include "isa.h"
#include "register.h"

#include <string.h>

/* Block of B reused across rows of C: ~128 KiB. */
#define MM_BLOCK_BYTES (128 * 1024)
#define MM_JBLOCK 512

/* Narrow matrices (stacks of small ones): a row of C is one GCC vector of N
 * elements (N a compile-time constant; the compiler splits it into the
 * ISA's registers), and 4 rows at once give 4 independent chains of adds to
 * hide their latency. A plain loop here gets vectorized across p instead,
 * with the accumulators in memory. Same terms, same order as mm_*. */
#define MM_ROWS 4
#define MM_NARROW(SFX, T, N)                                                                       \
    typedef T mm_v_##SFX##_##N __attribute__((vector_size(N * sizeof(T))));                        \
    static void mm_##SFX##_n##N(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1, rp_intp k)  \
    {                                                                                              \
        typedef mm_v_##SFX##_##N V;                                                                \
        rp_intp i = i0;                                                                            \
        for (; i + MM_ROWS <= i1; i += MM_ROWS) {                                                  \
            V c0 = {0}, c1 = {0}, c2 = {0}, c3 = {0};                                              \
            const T *ai = a + i * k;                                                               \
            for (rp_intp p = 0; p < k; p++) {                                                      \
                V bv;                                                                              \
                memcpy(&bv, b + p * N, sizeof bv);                                                 \
                c0 = c0 + ai[p] * bv;                                                              \
                c1 = c1 + ai[k + p] * bv;                                                          \
                c2 = c2 + ai[2 * k + p] * bv;                                                      \
                c3 = c3 + ai[3 * k + p] * bv;                                                      \
            }                                                                                      \
            memcpy(c + i * N, &c0, sizeof c0);                                                     \
            memcpy(c + (i + 1) * N, &c1, sizeof c1);                                               \
            memcpy(c + (i + 2) * N, &c2, sizeof c2);                                               \
            memcpy(c + (i + 3) * N, &c3, sizeof c3);                                               \
        }                                                                                          \
        for (; i < i1; i++) {                                                                      \
            V c0 = {0};                                                                            \
            const T *ai = a + i * k;                                                               \
            for (rp_intp p = 0; p < k; p++) {                                                      \
                V bv;                                                                              \
                memcpy(&bv, b + p * N, sizeof bv);                                                 \
                c0 = c0 + ai[p] * bv;                                                              \
            }                                                                                      \
            memcpy(c + i * N, &c0, sizeof c0);                                                     \
        }                                                                                          \
    }

#define MM_NARROWS(SFX, T)                                                                         \
    MM_NARROW(SFX, T, 2)                                                                           \
    MM_NARROW(SFX, T, 4)                                                                           \
    MM_NARROW(SFX, T, 8)                                                                           \
    MM_NARROW(SFX, T, 16)                                                                          \
    static int mm_narrow_##SFX(const T *a, const T *b, T *c, rp_intp i0, rp_intp i1, rp_intp n,   \
                               rp_intp k)                                                          \
    {                                                                                              \
        switch (n) {                                                                               \
        case 2: mm_##SFX##_n2(a, b, c, i0, i1, k); return 1;                                       \
        case 4: mm_##SFX##_n4(a, b, c, i0, i1, k); return 1;                                       \
        case 8: mm_##SFX##_n8(a, b, c, i0, i1, k); return 1;                                       \
        case 16: mm_##SFX##_n16(a, b, c, i0, i1, k); return 1;                                     \
        default: return 0;                                                                         \
        }                                                                                          \
    }
MM_NARROWS(u8, uint8_t)
MM_NARROWS(u16, uint16_t)
MM_NARROWS(u32, uint32_t)
MM_NARROWS(u64, uint64_t)
MM_NARROWS(f32, float)
MM_NARROWS(f64, double)
/* bool has no narrow path: a vector OR of ANDs of 0/1 would need masks */
static int mm_narrow_b8(const uint8_t *a, const uint8_t *b, uint8_t *c, rp_intp i0, rp_intp i1,
                        rp_intp n, rp_intp k)
{
    return 0;
}

#define MM_KERNEL(SFX, T, ACC_EXPR)                                                                \
    static void mm_##SFX(const char *a_, const char *b_, char *c_, rp_intp i0, rp_intp i1,        \
                         rp_intp n, rp_intp k)                                                     \
    {                                                                                              \
        const T *a = (const T *)a_;                                                                \
        const T *b = (const T *)b_;                                                                \
        T *c = (T *)c_;                                                                            \
        if (mm_narrow_##SFX(a, b, c, i0, i1, n, k))                                                \
            return;                                                                                \
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

/* Integers in their unsigned type: wraparound is then defined (NumPy's
 * integer matmul wraps modulo 2^bits; signed and unsigned agree bitwise). */
MM_KERNEL(u8, uint8_t, (uint8_t)(ci[j] + (uint8_t)(x * bp[j])))
MM_KERNEL(u16, uint16_t, (uint16_t)(ci[j] + (uint16_t)((uint32_t)x * bp[j])))
MM_KERNEL(u32, uint32_t, ci[j] + x * bp[j])
MM_KERNEL(u64, uint64_t, ci[j] + x * bp[j])
MM_KERNEL(f32, float, ci[j] + x * bp[j])
MM_KERNEL(f64, double, ci[j] + x * bp[j])
/* bool: any(a[i, p] and b[p, j]), whatever nonzero byte a True holds */
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
}
