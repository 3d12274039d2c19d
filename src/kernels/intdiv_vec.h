/*
 * The integer vectors intdiv.c divides with: GCC vector types of the ISA's
 * width (IV_BYTES; undefined for the baseline, which stays the scalar
 * reference the tests compare with), whose +, -, ^, &, shifts and products
 * GCC compiles per ISA, plus the multiply-highs no C operator spells, one
 * intrinsic per ISA:
 *
 *   iv_mulhi_u16   pmulhuw (AVX2, AVX-512BW); umull/umull2 + uzp2 (NEON)
 *   iv_mul32_u64   the low 32 bits of each 64-bit lane multiplied into 64
 *                  bits: pmuludq; umull of the narrowed lanes (NEON)
 *   iv_mulhi_u32   from iv_mul32_u64 on the even and the odd lanes
 *   iv_mulhi_u64   from four iv_mul32_u64 partial products (no vector ISA
 *                  has a 64 x 64 -> 128-bit multiply)
 *   iv_div8        floor(x * m / 2^(8 + s)) per byte in 16-bit lanes (no ISA
 *                  multiplies bytes): the even bytes shifted up, the odd ones
 *                  masked in place, each through iv_mulhi_u16
 *
 * Every helper gives exact integer results, so the vector loops give the
 * baseline's values bit for bit.
 */
#ifndef RAPTORS_INTDIV_VEC_H
#define RAPTORS_INTDIV_VEC_H

#include <stdint.h>

#include "isa.h"

#if defined(RP_ISA_IS_AVX512)
#include <immintrin.h>
#define IV_BYTES 64
#elif defined(RP_ISA_IS_AVX2)
#include <immintrin.h>
#define IV_BYTES 32
#elif defined(RP_ISA_IS_NEON)
#include <arm_neon.h>
#define IV_BYTES 16
#endif

#ifdef IV_BYTES

#define IV_TYPES(N)                                                                                \
    typedef int##N##_t vs##N __attribute__((vector_size(IV_BYTES)));                               \
    typedef uint##N##_t vu##N __attribute__((vector_size(IV_BYTES)));
IV_TYPES(8)
IV_TYPES(16)
IV_TYPES(32)
IV_TYPES(64)
#undef IV_TYPES

/* Unaligned loads and stores (memcpy compiles to one vmovdqu / ldr q). */
#define IV_LOAD(V, p)                                                                              \
    ({                                                                                             \
        V v_;                                                                                      \
        __builtin_memcpy(&v_, (p), sizeof v_);                                                     \
        v_;                                                                                        \
    })
#define IV_STORE(p, v)                                                                             \
    do {                                                                                           \
        __typeof__(v) s_ = (v);                                                                    \
        __builtin_memcpy((p), &s_, sizeof s_);                                                     \
    } while (0)

static inline vu16 iv_mulhi_u16(vu16 a, uint16_t m)
{
    const vu16 b = (vu16){0} + m;
#if defined(RP_ISA_IS_AVX512)
    return (vu16)_mm512_mulhi_epu16((__m512i)a, (__m512i)b);
#elif defined(RP_ISA_IS_AVX2)
    return (vu16)_mm256_mulhi_epu16((__m256i)a, (__m256i)b);
#else
    const uint32x4_t lo = vmull_u16(vget_low_u16((uint16x8_t)a), vget_low_u16((uint16x8_t)b));
    const uint32x4_t hi = vmull_high_u16((uint16x8_t)a, (uint16x8_t)b);
    return (vu16)vuzp2q_u16(vreinterpretq_u16_u32(lo), vreinterpretq_u16_u32(hi));
#endif
}

static inline vu64 iv_mul32_u64(vu64 a, vu64 b)
{
#if defined(RP_ISA_IS_AVX512)
    return (vu64)_mm512_mul_epu32((__m512i)a, (__m512i)b);
#elif defined(RP_ISA_IS_AVX2)
    return (vu64)_mm256_mul_epu32((__m256i)a, (__m256i)b);
#else
    return (vu64)vmull_u32(vmovn_u64((uint64x2_t)a), vmovn_u64((uint64x2_t)b));
#endif
}

static inline vu32 iv_mulhi_u32(vu32 a, uint32_t m)
{
    const vu64 x = (vu64)a, mm = (vu64){0} + m;
    const vu64 even = iv_mul32_u64(x, mm) >> 32;
    const vu64 odd = iv_mul32_u64(x >> 32, mm) & 0xFFFFFFFF00000000u;
    return (vu32)(even | odd);
}

static inline vu64 iv_mulhi_u64(vu64 x, uint64_t m)
{
    const vu64 ml = (vu64){0} + m, mh = (vu64){0} + (m >> 32), xh = x >> 32;
    const vu64 ll = iv_mul32_u64(x, ml), lh = iv_mul32_u64(x, mh);
    const vu64 hl = iv_mul32_u64(xh, ml), hh = iv_mul32_u64(xh, mh);
    /* x * m = hh 2^64 + (lh + hl) 2^32 + ll; neither sum below wraps */
    const vu64 t = hl + (ll >> 32);
    const vu64 u = lh + (t & 0xFFFFFFFFu);
    return hh + (t >> 32) + (u >> 32);
}

static inline vu8 iv_div8(vu8 x, uint16_t m, int s)
{
    const vu16 w = (vu16)x;
    const vu16 even = iv_mulhi_u16(w << 8, m) >> s;
    const vu16 odd = iv_mulhi_u16(w & 0xFF00, m) >> s;
    return (vu8)(even | (odd << 8));
}

#endif /* IV_BYTES */
#endif
