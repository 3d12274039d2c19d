/*
 * IEEE binary16 (float16) <-> float32 / float64 in portable C, bit for bit
 * what NumPy's own conversions give (its npy_half routines, which NumPy's
 * casts use on every CPU):
 *   - to half: round to nearest, ties to even, straight from the source
 *     width (a double is never rounded to float first: that could round
 *     twice); finite values from 65520 up become inf and raise overflow;
 *     results below the smallest normal (2^-14) that lose bits raise
 *     underflow (tininess before rounding, as NumPy);
 *   - from half: exact;
 *   - NaN: the payload's top bits are kept and nothing is quieted (a
 *     signalling NaN stays signalling, unlike the x86 F16C instructions,
 *     which set the quiet bit); a NaN whose kept bits are all zero keeps its
 *     lowest bit so it stays a NaN (float 0x7f800001 -> half 0x7c01).
 * The vector kernels (cast_half.c) fall back to these for the lanes where
 * the hardware would differ.
 *
 * Header-only and ISA-neutral: the kernels, the CPython layer (scalars) and
 * the C tests include it.
 */
#ifndef RAPTORS_HALF_H
#define RAPTORS_HALF_H

#include <fenv.h>
#include <stdint.h>
#include <string.h>

typedef uint16_t rp_half; /* float16 as its bits */

#define RP_HALF_MIN_NORMAL_F32 0x38800000u /* 2^-14 as float bits */
#define RP_HALF_OVERFLOW_F32 0x477ff000u   /* 65520: rounds to inf */

static inline uint32_t rp_half_to_float_bits(rp_half h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    int e = (h >> 10) & 0x1f;
    uint32_t m = h & 0x3ffu;
    if (e == 0x1f)
        return sign | 0x7f800000u | (m << 13);
    if (e == 0) {
        if (m == 0)
            return sign;
        /* A subnormal m * 2^-24: shift the leading one up to the implicit
         * bit, lowering the exponent once per shift. */
        e = 1;
        while (!(m & 0x400u)) {
            m <<= 1;
            e--;
        }
        m &= 0x3ffu;
    }
    return sign | (uint32_t)(e + 112) << 23 | m << 13;
}

/* Through the float's bits, rebiased (every half is a normal float, so
 * this is exact, and moves NaN payloads without quieting them). */
static inline uint64_t rp_half_to_double_bits(rp_half h)
{
    uint32_t f = rp_half_to_float_bits(h);
    uint64_t sign = (uint64_t)(f >> 31) << 63, m = (uint64_t)(f & 0x7fffffu) << 29;
    uint32_t e = (f >> 23) & 0xffu;
    if (e == 0xff)
        return sign | 0x7ff0000000000000u | m;
    return e == 0 ? sign : sign | (uint64_t)(e + 896) << 52 | m;
}

/* Rounds q + rem / 2^s to nearest even (1 <= s <= 63); sets *inexact. */
static inline uint32_t rp_half_round_(uint64_t q, uint64_t rem, int s)
{
    uint64_t halfway = (uint64_t)1 << (s - 1);
    return (uint32_t)(q + (rem > halfway || (rem == halfway && (q & 1))));
}

/* float bits -> half bits; *fe gets FE_OVERFLOW / FE_UNDERFLOW or'ed in. */
static inline rp_half rp_float_bits_to_half(uint32_t f, int *fe)
{
    rp_half sign = (rp_half)((f >> 16) & 0x8000u);
    uint32_t a = f & 0x7fffffffu;
    if (a >= 0x7f800000u) {
        if (a == 0x7f800000u)
            return sign | 0x7c00u;
        rp_half r = (rp_half)(0x7c00u | ((a & 0x7fffffu) >> 13));
        return sign | (r == 0x7c00u ? 0x7c01u : r);
    }
    if (a >= RP_HALF_OVERFLOW_F32) {
        *fe |= FE_OVERFLOW;
        return sign | 0x7c00u;
    }
    if (a >= RP_HALF_MIN_NORMAL_F32) {
        /* (a >> 13) is exponent:mantissa with the float bias; rebias, round
         * (a carry into the exponent is the right result). */
        uint32_t q = (a >> 13) - (112u << 10), rem = a & 0x1fffu;
        return sign | (rp_half)rp_half_round_(q, rem, 13);
    }
    /* Subnormal or zero: the value M * 2^(E-150) in units of 2^-24. */
    int e = (int)(a >> 23);
    uint32_t m = (a & 0x7fffffu) | (e ? 0x800000u : 0);
    int s = 126 - (e ? e : 1);
    if (a == 0)
        return sign;
    if (s >= 25) { /* below 2^-25: nearer zero than 2^-24 */
        *fe |= FE_UNDERFLOW;
        return sign;
    }
    uint32_t rem = m & ((1u << s) - 1);
    if (rem)
        *fe |= FE_UNDERFLOW;
    return sign | (rp_half)rp_half_round_(m >> s, rem, s);
}

/* double bits -> half bits, rounded once. */
static inline rp_half rp_double_bits_to_half(uint64_t d, int *fe)
{
    rp_half sign = (rp_half)((d >> 48) & 0x8000u);
    uint64_t a = d & 0x7fffffffffffffffu;
    if (a >= 0x7ff0000000000000u) {
        if (a == 0x7ff0000000000000u)
            return sign | 0x7c00u;
        rp_half r = (rp_half)(0x7c00u | ((a & 0xfffffffffffffu) >> 42));
        return sign | (r == 0x7c00u ? 0x7c01u : r);
    }
    if (a >= 0x40effe0000000000u) { /* 65520 */
        *fe |= FE_OVERFLOW;
        return sign | 0x7c00u;
    }
    if (a >= 0x3f10000000000000u) { /* 2^-14 */
        uint64_t q = (a >> 42) - ((uint64_t)1008 << 10), rem = a & 0x3ffffffffffu;
        return sign | (rp_half)rp_half_round_(q, rem, 42);
    }
    int e = (int)(a >> 52);
    uint64_t m = (a & 0xfffffffffffffu) | (e ? (uint64_t)1 << 52 : 0);
    int s = 1051 - (e ? e : 1);
    if (a == 0)
        return sign;
    if (s >= 54) { /* below 2^-25 */
        *fe |= FE_UNDERFLOW;
        return sign;
    }
    uint64_t rem = m & (((uint64_t)1 << s) - 1);
    if (rem)
        *fe |= FE_UNDERFLOW;
    return sign | (rp_half)rp_half_round_(m >> s, rem, s);
}

static inline float rp_half_to_float(rp_half h)
{
    uint32_t b = rp_half_to_float_bits(h);
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static inline double rp_half_to_double(rp_half h)
{
    uint64_t b = rp_half_to_double_bits(h);
    double d;
    memcpy(&d, &b, 8);
    return d;
}

static inline rp_half rp_float_to_half(float f, int *fe)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return rp_float_bits_to_half(b, fe);
}

static inline rp_half rp_double_to_half(double d, int *fe)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return rp_double_bits_to_half(b, fe);
}

#endif
