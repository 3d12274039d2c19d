/*
 * Shared pieces of the vectorized math kernels (vmath_<family>.c): bit casts,
 * and the kernel shape that runs one element function over contiguous runs.
 *
 * Each function is one algorithm written as branch-free element code (selects,
 * integer bit tricks, table loads) that GCC vectorizes when the file is
 * compiled per ISA (the float64 fast paths are also written for an explicit
 * vector type where an ISA looks tables up faster by permutes: vmath_vec.h); -ffp-contract=off keeps every rounding step in the
 * source, so every ISA gives the same bits. A fused multiply-add is written
 * out as fma()/fmaf() where one is wanted (one instruction on AVX2, AVX-512
 * and NEON, glibc's correctly rounded routine in the SSE2 baseline: the
 * same bits, only slower there), never left to contraction. The element code must
 * not raise a floating-point flag NumPy would not: special inputs (NaN, inf,
 * zeros, tiny) are replaced by harmless ones before any arithmetic, their
 * results selected at the end, and flags that IEEE arithmetic would not raise
 * by itself (log(0), log(-1)) are returned as RP_UFUNC_* bits.
 */
#ifndef RAPTORS_VMATH_H
#define RAPTORS_VMATH_H

#include <stdint.h>
#include <string.h>

#include "isa.h"

static inline uint64_t rp_vm_u64(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline double rp_vm_f64(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}
static inline uint32_t rp_vm_u32(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}
static inline float rp_vm_f32(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Selects by bit masks rather than ?: -- GCC threads a ?: into branches
 * (a conversion or comparison then runs only on some paths, which it cannot
 * vectorize under -ftrapping-math, or runs on the unsanitized input); a mask
 * keeps every operation unconditional. c is 0 or 1. */
static inline uint64_t rp_vm_sel64(int c, uint64_t a, uint64_t b)
{
    const uint64_t m = (uint64_t)0 - (uint64_t)c;
    return (a & m) | (b & ~m);
}
static inline uint32_t rp_vm_sel32(int c, uint32_t a, uint32_t b)
{
    const uint32_t m = (uint32_t)0 - (uint32_t)c;
    return (a & m) | (b & ~m);
}
static inline double rp_vm_seld(int c, double a, double b)
{
    return rp_vm_f64(rp_vm_sel64(c, rp_vm_u64(a), rp_vm_u64(b)));
}
static inline float rp_vm_self(int c, float a, float b)
{
    return rp_vm_f32(rp_vm_sel32(c, rp_vm_u32(a), rp_vm_u32(b)));
}

/* Elements per block of the strided and in-place paths: they are gathered
 * into a buffer and run through the same contiguous loop, so a strided
 * call gives the bits a contiguous one does. */
#define RP_VM_BLOCK 256

/*
 * kname: the ufunc kernel of a unary function whose contiguous loop is
 * run(const T *restrict in, T *restrict out, n) -> RP_UFUNC_* error bits.
 */
#define RP_VM_UNARY(kname, T, run)                                                                 \
    static void kname(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)        \
    {                                                                                              \
        const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                         \
        const char *ip = args[0];                                                                  \
        char *op = args[1];                                                                        \
        const rp_intp is = steps[0], os = steps[1], z = (rp_intp)sizeof(T);                        \
        unsigned st = 0;                                                                           \
        const uintptr_t i0 = (uintptr_t)ip, o0 = (uintptr_t)op, nb = (uintptr_t)(n * z);           \
        if (is == z && os == z && (i0 + nb <= o0 || o0 + nb <= i0)) {                              \
            st = run((const T *)ip, (T *)op, n);                                                   \
        } else {                                                                                   \
            T ib[RP_VM_BLOCK], ob[RP_VM_BLOCK];                                                    \
            for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                         \
                rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                             \
                for (rp_intp i = 0; i < m; i++)                                                    \
                    memcpy(&ib[i], ip + (b + i) * is, sizeof(T));                                  \
                st |= run(ib, ob, m);                                                              \
                for (rp_intp i = 0; i < m; i++)                                                    \
                    memcpy(op + (b + i) * os, &ob[i], sizeof(T));                                  \
            }                                                                                      \
        }                                                                                          \
        if (st && c && c->errors)                                                                  \
            *c->errors |= st;                                                                      \
    }

/*
 * kname: the ufunc kernel of a binary function whose contiguous loop is
 * run(const T *restrict a, const T *restrict b, T *restrict out, n) ->
 * RP_UFUNC_* error bits. Contiguous, non-overlapping operands run directly;
 * any other layout (strides, a broadcast scalar, in place) through blocks
 * gathered into buffers, so it gives the contiguous bits.
 */
#define RP_VM_BINARY(kname, T, run)                                                                \
    static void kname(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)        \
    {                                                                                              \
        const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                         \
        const rp_intp z = (rp_intp)sizeof(T);                                                      \
        const uintptr_t a0 = (uintptr_t)args[0], b0 = (uintptr_t)args[1], o0 = (uintptr_t)args[2]; \
        const uintptr_t nb = (uintptr_t)(n * z);                                                   \
        const int apart = (a0 + nb <= o0 || o0 + nb <= a0) && (b0 + nb <= o0 || o0 + nb <= b0);    \
        unsigned st = 0;                                                                           \
        if (steps[0] == z && steps[1] == z && steps[2] == z && apart) {                            \
            st = run((const T *)args[0], (const T *)args[1], (T *)args[2], n);                     \
        } else {                                                                                   \
            T ab[RP_VM_BLOCK], bb[RP_VM_BLOCK], ob[RP_VM_BLOCK];                                   \
            for (rp_intp blk = 0; blk < n; blk += RP_VM_BLOCK) {                                   \
                const rp_intp m = n - blk < RP_VM_BLOCK ? n - blk : RP_VM_BLOCK;                   \
                for (rp_intp i = 0; i < m; i++) {                                                  \
                    memcpy(&ab[i], args[0] + (blk + i) * steps[0], sizeof(T));                     \
                    memcpy(&bb[i], args[1] + (blk + i) * steps[1], sizeof(T));                     \
                }                                                                                  \
                st |= run(ab, bb, ob, m);                                                          \
                for (rp_intp i = 0; i < m; i++)                                                    \
                    memcpy(args[2] + (blk + i) * steps[2], &ob[i], sizeof(T));                     \
            }                                                                                      \
        }                                                                                          \
        if (st && c && c->errors)                                                                  \
            *c->errors |= st;                                                                      \
    }

/*
 * The contiguous loop of a binary function with a fast element function
 * fast(a, b, &rare) (as RP_VM_UNARY_RUN_RARE_HEAD: head(pa, pb, po, m, i,
 * rare) computes the block's first elements, whole vectors, leaving i at the
 * first it did not), whose rare lanes rerun through the C library's slow(a, b)
 * (its results and flags), the same call in every ISA. Returns 0.
 */
#define RP_VM_BINARY_RUN_RARE(rname, T, U, head, fast, israre, slow)                               \
    static unsigned rname(const T *restrict a, const T *restrict b, T *restrict o, rp_intp n)      \
    {                                                                                              \
        for (rp_intp blk = 0; blk < n; blk += RP_VM_BLOCK) {                                       \
            const rp_intp m = n - blk < RP_VM_BLOCK ? n - blk : RP_VM_BLOCK;                       \
            U rare = 0;                                                                            \
            rp_intp i = 0;                                                                         \
            head(a + blk, b + blk, o + blk, m, i, rare);                                           \
            for (; i < m; i++)                                                                     \
                o[blk + i] = fast(a[blk + i], b[blk + i], &rare);                                  \
            if (rare)                                                                              \
                for (i = 0; i < m; i++)                                                            \
                    if (israre(a[blk + i], b[blk + i]))                                            \
                        o[blk + i] = slow(a[blk + i], b[blk + i]);                                 \
        }                                                                                          \
        return 0;                                                                                  \
    }
#define RP_VM_NO_HEAD2(pa, pb, po, m, i, rare) (void)0

/* The contiguous loop of element function elem(T x, unsigned *err). */
#define RP_VM_UNARY_RUN(rname, T, elem)                                                            \
    static unsigned rname(const T *restrict a, T *restrict o, rp_intp n)                           \
    {                                                                                              \
        unsigned err = 0;                                                                          \
        for (rp_intp i = 0; i < n; i++)                                                            \
            o[i] = elem(a[i], &err);                                                               \
        return err;                                                                                \
    }

/*
 * The contiguous loop of a function with a fast element function for the
 * common arguments and a careful one for the rest: fast(x, &rare) runs on
 * every element (branch-free, vectorized) and sets rare for an argument it
 * does not handle (it computes on a harmless stand-in there, raising no
 * flag); a block with a rare element then reruns those elements, and only
 * those, through slow(x, &err). Both sides are the same C in every ISA, so
 * the bits are too. U is the unsigned integer as wide as T (the rare word
 * then vectorizes lane for lane).
 */
#define RP_VM_UNARY_RUN_RARE(rname, T, U, fast, israre, slow)                                      \
    RP_VM_UNARY_RUN_RARE_HEAD(rname, T, U, RP_VM_NO_HEAD, fast, israre, slow)
#define RP_VM_NO_HEAD(ab, ob, m, i, rare) (void)0

/* The same with head(ab, ob, m, i, rare), a statement that computes the
 * block's first elements its own way (whole vectors: vmath_vec.h), leaving
 * i at the first one it did not. */
#define RP_VM_UNARY_RUN_RARE_HEAD(rname, T, U, head, fast, israre, slow)                           \
    static unsigned rname(const T *restrict a, T *restrict o, rp_intp n)                           \
    {                                                                                              \
        unsigned err = 0;                                                                          \
        for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                             \
            const rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                           \
            const T *restrict ab = a + b;                                                          \
            T *restrict ob = o + b;                                                                \
            U rare = 0;                                                                            \
            rp_intp i = 0;                                                                         \
            head(ab, ob, m, i, rare);                                                              \
            for (; i < m; i++)                                                                     \
                ob[i] = fast(ab[i], &rare);                                                        \
            if (rare)                                                                              \
                RP_VM_RERUN_RARE(ab, ob, m, israre, slow, err);                                    \
        }                                                                                          \
        return err;                                                                                \
    }

/* The rare elements of the block ab[0, m) again, through slow. */
#define RP_VM_RERUN_RARE(ab, ob, m, israre, slow, err)                                             \
    for (rp_intp i_ = 0; i_ < (m); i_++)                                                           \
        if (israre((ab)[i_]))                                                                      \
            (ob)[i_] = slow((ab)[i_], &(err))

/* k_<name>_f64 and k_<name>_f32 from the element functions <name>_f64 and
 * <name>_f32; RP_VM_SET_UNARY puts them in the table. */
#define RP_VM_UNARY_F(name)                                                                        \
    RP_VM_UNARY_RUN(name##_run_f64, double, name##_f64)                                            \
    RP_VM_UNARY_RUN(name##_run_f32, float, name##_f32)                                             \
    RP_VM_UNARY(k_##name##_f64, double, name##_run_f64)                                            \
    RP_VM_UNARY(k_##name##_f32, float, name##_run_f32)
/* A rare-lane function that calls the C library (its flags are the
 * hardware's): static T name(T x, unsigned *err) returning fn(x). */
#define RP_VM_LIBM_SLOW(name, T, fn)                                                               \
    static inline T name(T x, unsigned *err)                                                       \
    {                                                                                              \
        (void)err;                                                                                 \
        return fn(x);                                                                              \
    }

#define RP_VM_SET_UNARY(t, name)                                                                   \
    ((t)->ufunc.k[RP_OP_##name][RP_FLOAT64] = k_##name##_f64,                                      \
     (t)->ufunc.k[RP_OP_##name][RP_FLOAT32] = k_##name##_f32)

#endif
