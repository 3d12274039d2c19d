/*
 * Division by an invariant integer as multiplications and shifts (Granlund
 * and Montgomery, "Division by invariant integers using multiplication",
 * 1994), and the element functions intdiv.c's scalar-divisor loops apply:
 * each written once as text over a type pair (T, U) and generated for the
 * scalar types (suffix "") and, where the ISA has them, for the vector types
 * of intdiv_vec.h (suffix "v"), so a vector loop and its scalar tail compute
 * the same formula.
 *
 * Two magic numbers:
 * - unsigned dividends of N bits (udiv_prepare): figure 4.1's N+1-bit
 *   multiplier, q = (t + ((x - t) >> s1)) >> s2 with t = mulhi(m, x), valid
 *   for every d >= 1; for N = 8 a 10-bit m in 16-bit lanes instead,
 *   q = floor(x * m / 2^(8 + s2)).
 * - folded signed dividends (sdiv_prepare): floor division by d maps to
 *   unsigned division of some u in [0, 2^(N-1)] by |d| >= 2 (see
 *   sfloor_pos/sfloor_neg), and for dividends of N-1 bits plus one, N bits
 *   of multiplier suffice and no add step is needed: with l = ceil(log2 |d|)
 *   and m = ceil(2^(N-1+l) / |d|) < 2^N, m |d| = 2^(N-1+l) + e with
 *   0 <= e < |d| <= 2^l, and for u = q |d| + r,
 *   u m / 2^(N-1+l) = q + (r + u e / 2^(N-1+l)) / |d| where u e < 2^(N-1+l)
 *   for u <= 2^(N-1): so q = mulhi(m, u) >> (l - 1). Five vector operations
 *   per signed floor division (sign, fold, multiply-high, shift, unfold).
 */
#ifndef RAPTORS_INTDIV_MAGIC_H
#define RAPTORS_INTDIV_MAGIC_H

#include <stdint.h>

#include "intdiv_vec.h"

typedef struct {
    uint64_t m;
    int s1, s2;
} udiv_magic;

/* ceil(log2(d)) for d >= 1 */
static inline int ilog2_ceil(uint64_t d)
{
    int l = 0;
    while (l < 64 && ((uint64_t)1 << l) < d)
        l++;
    return l;
}

static inline udiv_magic udiv_prepare(uint64_t d, int nbits)
{
    const int l = ilog2_ceil(d);
    if (nbits == 8) {
        /* m = floor(2^(8+l) / d) + 1 (10 bits at most) is exact for every
         * 8-bit x (m d - 2^(8+l) <= d <= 2^l, the condition of Granlund and
         * Montgomery's theorem 4.2). */
        udiv_magic g = {((uint64_t)1 << (8 + l)) / d + 1, 0, l};
        return g;
    }
    unsigned __int128 num = ((unsigned __int128)1 << nbits) * (((unsigned __int128)1 << l) - d);
    udiv_magic g = {(uint64_t)(num / d) + 1, l < 1 ? l : 1, l > 1 ? l - 1 : 0};
    return g;
}

/* For dividends in [0, 2^(nbits-1)] and d >= 2 (see the top). */
static inline udiv_magic sdiv_prepare(uint64_t d, int nbits)
{
    const int l = ilog2_ceil(d);
    const unsigned __int128 p = (unsigned __int128)1 << (nbits - 1 + l);
    udiv_magic g = {(uint64_t)((p - 1) / d) + 1, 0, l - 1};
    return g;
}

/* ---- multiply-highs, scalar -------------------------------------------- */

static inline uint16_t mulhi_16(uint16_t a, uint16_t b)
{
    return (uint16_t)(((uint32_t)a * b) >> 16);
}
static inline uint32_t mulhi_32(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a * b) >> 32);
}
static inline uint64_t mulhi_64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}
#define mulhi_16v iv_mulhi_u16
#define mulhi_32v iv_mulhi_u32
#define mulhi_64v iv_mulhi_u64

/* ---- unsigned division by the magic: udivu (figure 4.1), udivs (folded
 * signed dividends) ------------------------------------------------------ */

#define DEF_UDIV(N, F, U)                                                                          \
    static inline U udivs_##N##F(U x, udiv_magic g)                                                \
    {                                                                                              \
        return (U)(mulhi_##N##F(x, (uint##N##_t)g.m) >> g.s2);                                     \
    }                                                                                              \
    static inline U udivu_##N##F(U x, udiv_magic g)                                                \
    {                                                                                              \
        const U t = mulhi_##N##F(x, (uint##N##_t)g.m);                                             \
        return (U)((U)(t + (U)((U)(x - t) >> g.s1)) >> g.s2);                                      \
    }
DEF_UDIV(16, , uint16_t)
DEF_UDIV(32, , uint32_t)
DEF_UDIV(64, , uint64_t)
/* 8 bits: both magics are floor(x * m / 2^(8 + s2)) */
static inline uint8_t udivs_8(uint8_t x, udiv_magic g)
{
    return (uint8_t)(((uint32_t)x * (uint32_t)g.m) >> (8 + g.s2));
}
#define udivu_8 udivs_8
#ifdef IV_BYTES
DEF_UDIV(16, v, vu16)
DEF_UDIV(32, v, vu32)
DEF_UDIV(64, v, vu64)
static inline vu8 udivs_8v(vu8 x, udiv_magic g)
{
    return iv_div8(x, (uint16_t)g.m, g.s2);
}
#define udivu_8v udivs_8v
#endif

/* ---- signed element functions, |d| >= 2 ----------------------------------
 * W is the type products are formed in: for scalars a type wider than int
 * (8- and 16-bit values would promote to int and could overflow it), for
 * vectors the unsigned vector type (which wraps). dd, ud: d and |d| as T, U. */
#define DEF_SIGNED(N, F, T, U, W)                                                                  \
    /* d > 0: floor(x / d) = s ^ ((x ^ s) / d), s the sign mask of x (for                          \
     * x < 0, ~x = -x - 1 and floor(x / d) = ~(~x / d)) */                                         \
    static inline T sfloor_pos_##N##F(T x, udiv_magic g)                                           \
    {                                                                                              \
        const T s = (T)(x >> (N - 1));                                                             \
        return (T)(udivs_##N##F((U)(x ^ s), g) ^ (U)s);                                            \
    }                                                                                              \
    /* d < 0: floor(x / d) = floor(-x / |d|): ~((x - 1) / |d|) for x > 0, else                      \
     * -x / |d| = ~(x - 1) / |d|; p is the mask of x > 0 from sign bits (x > 0                     \
     * iff ~x and -x are both negative: MIN is not) */                                             \
    static inline T sfloor_neg_##N##F(T x, udiv_magic g)                                           \
    {                                                                                              \
        const T p = (T)((T)(~x & (T)(0 - (U)x)) >> (N - 1));                                       \
        const U u = (U)((U)((U)x - 1) ^ (U)~p);                                                    \
        return (T)(udivs_##N##F(u, g) ^ (U)p);                                                     \
    }                                                                                              \
    /* x - q d, wrapping */                                                                        \
    static inline T srem_##N##F(T x, T q, T dd)                                                    \
    {                                                                                              \
        return (T)((U)x - (U)((W)(U)q * (W)(U)dd));                                                \
    }                                                                                              \
    /* C's remainder: |x| mod |d| with x's sign */                                                 \
    static inline T stmod_##N##F(T x, udiv_magic g, U ud)                                          \
    {                                                                                              \
        const T s = (T)(x >> (N - 1));                                                             \
        const U u = (U)((U)(x ^ s) - (U)s);                                                        \
        const U r = (U)(u - (U)((W)udivs_##N##F(u, g) * (W)ud));                                   \
        return (T)((U)(r ^ (U)s) - (U)s);                                                          \
    }                                                                                              \
    static inline U urem_##N##F(U x, udiv_magic g, U ud)                                           \
    {                                                                                              \
        return (U)(x - (U)((W)udivu_##N##F(x, g) * (W)ud));                                        \
    }
DEF_SIGNED(8, , int8_t, uint8_t, uint32_t)
DEF_SIGNED(16, , int16_t, uint16_t, uint32_t)
DEF_SIGNED(32, , int32_t, uint32_t, uint32_t)
DEF_SIGNED(64, , int64_t, uint64_t, uint64_t)
#ifdef IV_BYTES
DEF_SIGNED(8, v, vs8, vu8, vu8)
DEF_SIGNED(16, v, vs16, vu16, vu16)
DEF_SIGNED(32, v, vs32, vu32, vu32)
DEF_SIGNED(64, v, vs64, vu64, vu64)
#endif

#endif
