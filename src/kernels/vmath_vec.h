/*
 * One element function written once for two types: the scalar double (the
 * reference, and every ISA's loop tail) and, where an ISA defines VM_LANES,
 * a GCC vector of doubles. Why: a table lookup in scalar element code
 * vectorizes into a gather, which on current AMD and Intel cores costs more
 * than the whole polynomial; a table of 16 doubles fits in two AVX-512
 * registers and is one permute (32: two and a blend). The vector function runs the scalar one's
 * operations in the same order (the same FMAs, the same constants), so each
 * lane gets the scalar's bits; tests/c/test_vmath.c checks it.
 *
 * A function body is written in a .inc file with these names and included
 * after `#include "vmath_vdefs.h"` with VM_VECTOR undefined (scalar) and
 * defined (vector):
 *   VD, VU          the double and the uint64_t type
 *   VM_D(c), VM_U(c)  a constant of that type
 *   VM_BITS, VM_FROM  reinterpret a VD as VU and back
 *   VM_SEL(c, a, b)   c ? a : b per lane by masks, c a comparison
 *   VM_ANY(c)         a VU that is nonzero where c holds (the rare word)
 *   VM_FMA(a, b, c)   fused a * b + c
 *   VM_LOOK16_U/D(t, j)  t[j] for a 16-entry table, j < 16
 *   VM_LOOK32_D(t, j)    t[j mod 32] for a 32-entry table
 *   VM_SRA(u, n)      u >> n as signed (arithmetic), back in VU
 *   VM_I2D(u)         the signed integer u to double (exact below 2^53)
 *   VM_MIN/VM_MAX(a, b)  the smaller / larger of a and b, neither NaN (one
 *                     instruction: x86's min and max raise invalid on NaN)
 *   VM_UMIN/VM_UMAX(u, v)  the same of two VU (unsigned): a clamp of a
 *                     double's bits with no flag for any bits; in the vector
 *                     form only where VM_HAS_UMINMAX (AVX-512: one
 *                     instruction, where a compare and select cost more)
 *   VM_FN(name)       name (scalar) or name##_v (vector)
 */
#ifndef RAPTORS_VMATH_VEC_H
#define RAPTORS_VMATH_VEC_H

#include <math.h>

#include "vmath.h"

#if defined(RP_ISA_IS_AVX512)
#include <immintrin.h>
#define VM_LANES 8
typedef double rp_vd __attribute__((vector_size(64)));
typedef uint64_t rp_vu __attribute__((vector_size(64)));
typedef int64_t rp_vi __attribute__((vector_size(64)));
static inline rp_vd rp_vm_vfma(rp_vd a, rp_vd b, rp_vd c)
{
    return (rp_vd)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
}
static inline rp_vu rp_vm_vlook16_u(const uint64_t *t, rp_vu j)
{
    return (rp_vu)_mm512_permutex2var_epi64(_mm512_loadu_si512(t), (__m512i)j,
                                            _mm512_loadu_si512(t + 8));
}
static inline rp_vd rp_vm_vlook16_d(const double *t, rp_vu j)
{
    return (rp_vd)_mm512_permutex2var_pd(_mm512_loadu_pd(t), (__m512i)j, _mm512_loadu_pd(t + 8));
}
static inline rp_vd rp_vm_vlook32_d(const double *t, rp_vu j)
{
    const __m512d lo = _mm512_permutex2var_pd(_mm512_loadu_pd(t), (__m512i)j, _mm512_loadu_pd(t + 8));
    const __m512d hi =
        _mm512_permutex2var_pd(_mm512_loadu_pd(t + 16), (__m512i)j, _mm512_loadu_pd(t + 24));
    return (rp_vd)_mm512_mask_blend_pd(_mm512_test_epi64_mask((__m512i)j, _mm512_set1_epi64(16)),
                                       lo, hi);
}
static inline rp_vd rp_vm_vsqrt(rp_vd a) { return (rp_vd)_mm512_sqrt_pd((__m512d)a); }
static inline rp_vd rp_vm_vmin(rp_vd a, rp_vd b) { return (rp_vd)_mm512_min_pd((__m512d)a, (__m512d)b); }
static inline rp_vd rp_vm_vmax(rp_vd a, rp_vd b) { return (rp_vd)_mm512_max_pd((__m512d)a, (__m512d)b); }
#define VM_HAS_UMINMAX 1 /* (AVX2 and NEON have no 64-bit integer min or max) */
static inline rp_vu rp_vm_vumin(rp_vu a, rp_vu b) { return (rp_vu)_mm512_min_epu64((__m512i)a, (__m512i)b); }
static inline rp_vu rp_vm_vumax(rp_vu a, rp_vu b) { return (rp_vu)_mm512_max_epu64((__m512i)a, (__m512i)b); }
#elif defined(RP_ISA_IS_AVX2) && defined(RP_VM_AVX2_VECTOR)
/*
 * AVX2 (4 lanes), for a file that asks for it (RP_VM_AVX2_VECTOR defined
 * before this header): power, whose scalar loop GCC does not vectorize (the
 * vector form is 2.5 times faster). The others (exp, log, the hyperbolic
 * functions) stay on GCC's vectorization of the scalar code, measured faster
 * on Zen 4 than this form: by 1.17 times with the gathers below, by 1.4-1.5
 * with the tables in registers (four vpermd and three blends per 16 entries,
 * seven more blends and eight vpermd for 32). The lookups are four scalar
 * loads: power measured 1.36 times faster with them than with vgatherqpd on
 * Zen 4 (vmath_bench, 5.7 -> 4.2 ns per element), though callgrind counts
 * more instructions (42.0 against 36.6); with them the vector form of the
 * others is still slower than GCC's (re-measured: 4-20%, arccosh aside). No 64-bit arithmetic shift or int64
 * conversion either: vmath_vdefs.h takes the bit tricks the scalar code uses.
 */
#include <immintrin.h>
#define VM_LANES 4
#define VM_NO_I64_VEC 1
typedef double rp_vd __attribute__((vector_size(32)));
typedef uint64_t rp_vu __attribute__((vector_size(32)));
typedef int64_t rp_vi __attribute__((vector_size(32)));
static inline rp_vd rp_vm_vfma(rp_vd a, rp_vd b, rp_vd c)
{
    return (rp_vd)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
}
static inline rp_vd rp_vm_vlook_d(const double *t, rp_vu j)
{
    const __m128d lo = _mm_loadh_pd(_mm_load_sd(t + j[0]), t + j[1]);
    const __m128d hi = _mm_loadh_pd(_mm_load_sd(t + j[2]), t + j[3]);
    return (rp_vd)_mm256_insertf128_pd(_mm256_castpd128_pd256(lo), hi, 1);
}
static inline rp_vu rp_vm_vlook16_u(const uint64_t *t, rp_vu j)
{
    return (rp_vu)rp_vm_vlook_d((const double *)t, j & 15);
}
static inline rp_vd rp_vm_vlook16_d(const double *t, rp_vu j) { return rp_vm_vlook_d(t, j & 15); }
static inline rp_vd rp_vm_vlook32_d(const double *t, rp_vu j) { return rp_vm_vlook_d(t, j & 31); }
static inline rp_vd rp_vm_vsqrt(rp_vd a) { return (rp_vd)_mm256_sqrt_pd((__m256d)a); }
static inline rp_vd rp_vm_vmin(rp_vd a, rp_vd b) { return (rp_vd)_mm256_min_pd((__m256d)a, (__m256d)b); }
static inline rp_vd rp_vm_vmax(rp_vd a, rp_vd b) { return (rp_vd)_mm256_max_pd((__m256d)a, (__m256d)b); }
#endif

#ifdef VM_LANES
static inline rp_vd rp_vm_vload(const double *p)
{
    rp_vd v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
static inline void rp_vm_vstore(double *p, rp_vd v) { __builtin_memcpy(p, &v, sizeof v); }
static inline uint64_t rp_vm_vany(rp_vu v)
{
    uint64_t r = 0;
    for (int i = 0; i < VM_LANES; i++)
        r |= v[i];
    return r;
}
#endif

/*
 * A head for RP_VM_UNARY_RUN_RARE_HEAD (vmath.h) where the ISA has vectors:
 * the block's whole vectors through fastv; the tail then runs through the
 * scalar fast function (the same bits). A file defines its head as
 *   #define NAME_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(fastv, ab, ob, m, i, rare)
 * or as RP_VM_NO_HEAD without VM_LANES.
 */
#ifdef VM_LANES
#define RP_VM_VEC_LOOP(fastv, ab, ob, m, i, rare)                                                  \
    do {                                                                                           \
        rp_vu vrare_ = {0};                                                                        \
        for (; (i) + VM_LANES <= (m); (i) += VM_LANES)                                             \
            rp_vm_vstore((ob) + (i), fastv(rp_vm_vload((ab) + (i)), &vrare_));                     \
        (rare) |= rp_vm_vany(vrare_);                                                              \
    } while (0)
#endif

#endif
