/*
 * A float32 element function written once for two types (as vmath_vec.h for
 * doubles): the scalar float (the reference, every ISA's loop tail, and the
 * loop itself on SSE2) and, on NEON, AVX2 and AVX-512, a GCC vector of
 * floats. Why: a lookup in a 16-entry table is one permute of a register
 * (vpermps; two and a blend on AVX2; tbl on NEON) where GCC's vectorization
 * of the scalar read is a gather, slower than a whole polynomial. The body (.inc) is
 * included after this header with VF32_VECTOR undefined and defined; it uses:
 *   F32, U32, I32       float, uint32_t and int32_t (or their vectors)
 *   F32_U(x), F32_F(u)  reinterpret float bits as U32 and back
 *   F32_SEL(c, a, b)    c ? a : b per lane on U32, c a comparison
 *   F32_IMIN/IMAX(a, b) signed minimum and maximum of I32
 *   F32_FMA(a, b, c)    fused a * b + c
 *   F32_LOOK16(t, j)    t[j] for a 16-entry float table, j < 16
 *   F32_FN(name)        name (scalar) or name##_v (vector)
 *   F32_I(c)            an I32 constant
 * The vector function runs the scalar one's operations in the same order,
 * so each lane has the scalar's bits (tests/c/test_vmath.c).
 */
#ifndef RAPTORS_VMATH_VEC32_H
#define RAPTORS_VMATH_VEC32_H

#include <math.h>

#include "vmath.h"

#if defined(RP_ISA_IS_AVX512)
#include <immintrin.h>
#define VF32_LANES 16
typedef float rp_vf32 __attribute__((vector_size(64)));
typedef uint32_t rp_vu32 __attribute__((vector_size(64)));
typedef int32_t rp_vi32 __attribute__((vector_size(64)));
static inline rp_vf32 rp_vf32_fma(rp_vf32 a, rp_vf32 b, rp_vf32 c)
{
    return (rp_vf32)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
}
static inline rp_vf32 rp_vf32_look16(const float *t, rp_vu32 j)
{
    return (rp_vf32)_mm512_permutexvar_ps((__m512i)j, _mm512_loadu_ps(t));
}
static inline rp_vi32 rp_vf32_imin(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)_mm512_min_epi32((__m512i)a, (__m512i)b);
}
static inline rp_vi32 rp_vf32_imax(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)_mm512_max_epi32((__m512i)a, (__m512i)b);
}
/* (GCC makes one vpternlogd of the masks) */
static inline rp_vu32 rp_vf32_sel(rp_vi32 c, rp_vu32 a, rp_vu32 b)
{
    return ((rp_vu32)c & a) | (~(rp_vu32)c & b);
}
#elif defined(RP_ISA_IS_AVX2)
#include <immintrin.h>
#define VF32_LANES 8
typedef float rp_vf32 __attribute__((vector_size(32)));
typedef uint32_t rp_vu32 __attribute__((vector_size(32)));
typedef int32_t rp_vi32 __attribute__((vector_size(32)));
static inline rp_vf32 rp_vf32_fma(rp_vf32 a, rp_vf32 b, rp_vf32 c)
{
    return (rp_vf32)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
}
/* both halves permuted, the upper one kept where bit 3 of j is set (blendv
 * reads the sign bit) */
static inline rp_vf32 rp_vf32_look16(const float *t, rp_vu32 j)
{
    const __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), (__m256i)j);
    const __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 8), (__m256i)j);
    return (rp_vf32)_mm256_blendv_ps(lo, hi, (__m256)(j << 28));
}
static inline rp_vi32 rp_vf32_imin(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)_mm256_min_epi32((__m256i)a, (__m256i)b);
}
static inline rp_vi32 rp_vf32_imax(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)_mm256_max_epi32((__m256i)a, (__m256i)b);
}
/* one vblendvps (c all ones or zeros: its sign bit decides) for GCC's three
 * bit operations */
static inline rp_vu32 rp_vf32_sel(rp_vi32 c, rp_vu32 a, rp_vu32 b)
{
    return (rp_vu32)_mm256_blendv_ps((__m256)b, (__m256)a, (__m256)c);
}
#elif defined(RP_ISA_IS_NEON)
#include <arm_neon.h>
#define VF32_LANES 4
typedef float rp_vf32 __attribute__((vector_size(16)));
typedef uint32_t rp_vu32 __attribute__((vector_size(16)));
typedef int32_t rp_vi32 __attribute__((vector_size(16)));
static inline rp_vf32 rp_vf32_fma(rp_vf32 a, rp_vf32 b, rp_vf32 c)
{
    return (rp_vf32)vfmaq_f32((float32x4_t)c, (float32x4_t)a, (float32x4_t)b);
}
/* a byte lookup (tbl) over the table's 64 bytes: lane bytes 4j .. 4j + 3 */
static inline rp_vf32 rp_vf32_look16(const float *t, rp_vu32 j)
{
    const uint8_t *b = (const uint8_t *)t;
    const uint8x16x4_t tb = {{vld1q_u8(b), vld1q_u8(b + 16), vld1q_u8(b + 32), vld1q_u8(b + 48)}};
    return (rp_vf32)vqtbl4q_u8(tb, (uint8x16_t)(j * 0x04040404u + 0x03020100u));
}
static inline rp_vi32 rp_vf32_imin(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)vminq_s32((int32x4_t)a, (int32x4_t)b);
}
static inline rp_vi32 rp_vf32_imax(rp_vi32 a, rp_vi32 b)
{
    return (rp_vi32)vmaxq_s32((int32x4_t)a, (int32x4_t)b);
}
static inline rp_vu32 rp_vf32_sel(rp_vi32 c, rp_vu32 a, rp_vu32 b)
{
    return (rp_vu32)vbslq_u32((uint32x4_t)c, (uint32x4_t)a, (uint32x4_t)b);
}
#endif

/*
 * A head for RP_VM_UNARY_RUN_RARE_HEAD (vmath.h): the block's whole vectors
 * through fastv(x, &rare); the tail then runs through the scalar function.
 */
#ifdef VF32_LANES
#define RP_VF32_LOOP(fastv, ab, ob, m, i, rare)                                                    \
    do {                                                                                           \
        rp_vu32 vrare_ = {0};                                                                      \
        for (; (i) + VF32_LANES <= (m); (i) += VF32_LANES) {                                       \
            rp_vf32 v_;                                                                            \
            __builtin_memcpy(&v_, (ab) + (i), sizeof v_);                                          \
            v_ = fastv(v_, &vrare_);                                                               \
            __builtin_memcpy((ob) + (i), &v_, sizeof v_);                                          \
        }                                                                                          \
        for (int l_ = 0; l_ < VF32_LANES; l_++)                                                    \
            (rare) |= vrare_[l_];                                                                  \
    } while (0)
#else
#define RP_VF32_LOOP(fastv, ab, ob, m, i, rare) (void)0
#endif

#endif

/* The names, redefined at each inclusion (no guard below this line). */
#undef F32
#undef U32
#undef I32
#undef F32_U
#undef F32_F
#undef F32_SEL
#undef F32_IMIN
#undef F32_IMAX
#undef F32_FMA
#undef F32_LOOK16
#undef F32_FN
#undef F32_I
#ifndef VF32_VECTOR
#define F32 float
#define U32 uint32_t
#define I32 int32_t
#define F32_U(x) rp_vm_u32(x)
#define F32_F(u) rp_vm_f32(u)
#define F32_SEL(c, a, b) rp_vm_sel32((c), (a), (b))
#define F32_IMIN(a, b) ((a) < (b) ? (a) : (b))
#define F32_IMAX(a, b) ((a) > (b) ? (a) : (b))
#define F32_FMA(a, b, c) fmaf((a), (b), (c))
#define F32_LOOK16(t, j) ((t)[j])
#define F32_FN(name) name
#define F32_I(c) ((int32_t)(c))
#else
#define F32 rp_vf32
#define U32 rp_vu32
#define I32 rp_vi32
#define F32_U(x) ((rp_vu32)(x))
#define F32_F(u) ((rp_vf32)(u))
#define F32_SEL(c, a, b) rp_vf32_sel((rp_vi32)(c), (a), (b))
#define F32_IMIN(a, b) rp_vf32_imin((a), (b))
#define F32_IMAX(a, b) rp_vf32_imax((a), (b))
#define F32_FMA(a, b, c) rp_vf32_fma((a), (b), (c))
#define F32_LOOK16(t, j) rp_vf32_look16((t), (j))
#define F32_FN(name) name##_v
#define F32_I(c) ((rp_vi32){0} + (int32_t)(c))
#endif
