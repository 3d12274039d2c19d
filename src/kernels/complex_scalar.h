/*
 * Complex scalar arithmetic shared by the complex kernels: the element
 * types and NumPy's formulas for one element, per part type.
 *
 * NumPy's results are the reference, and which formula NumPy runs depends
 * on its loop, so each one here names the loop it follows:
 *   multiply, square  NumPy's SIMD loops (loops_arithm_fp.dispatch.c.src),
 *                     taken for every contiguous or strided call: on FMA
 *                     hardware they round ac - bd and ad + bc as
 *                     fma(a, c, -(b*d)) and fma(a, d, b*c). Spelling fma()
 *                     out gives those bits on every ISA (the baseline calls
 *                     libm's fma, exact everywhere).
 *   absolute          NumPy's SIMD loop (loops_unary_complex), not hypot:
 *                     big * sqrt(fma(r, r, 1)) with r = small / big, an
 *                     inf part giving inf even beside a NaN.
 *   divide, reciprocal, sign, comparisons, maximum...  NumPy's scalar loops
 *                     (loops.c.src): Smith's division without FMA, sign
 *                     through libm's hypot as npy_hypot is.
 * Every function is static inline (compiled per ISA by its includer).
 */
#ifndef RAPTORS_COMPLEX_SCALAR_H
#define RAPTORS_COMPLEX_SCALAR_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* An element is two parts of its part type, real first (NumPy's and C99's
 * layout); a struct of the two makes a move one assignment. */
typedef struct {
    float re, im;
} rp_cfloat;
typedef struct {
    double re, im;
} rp_cdouble;

/* Hides a value from the optimizer (no instruction): what passes through
 * it cannot be fused with the arithmetic around it. */
#if defined(__x86_64__) || defined(__i386__)
#define RP_CX_OPAQUE(v) __asm__("" : "+x"(v))
#elif defined(__aarch64__)
#define RP_CX_OPAQUE(v) __asm__("" : "+w"(v))
#else
#define RP_CX_OPAQUE(v) __asm__("" : "+m"(v))
#endif

/* A select after the arithmetic (nothing left to trap): AVX-512 keeps a
 * plain ?: in its mask registers, where the bit pick first turns the
 * compare's mask into a vector (complex64 abs: 13.6 against 15.6 us per
 * 64 Ki on one core); other ISAs would branch on ?:, so they pick bits. */
#ifdef RP_ISA_IS_AVX512
#define RP_CX_LAST_PICK(S, m, a, b) ((m) ? (a) : (b))
#else
#define RP_CX_LAST_PICK(S, m, a, b) rp_cx_pick_##S(m, a, b)
#endif

/* C the element type, F its part type, U an unsigned integer of F's size,
 * S the name suffix, M libm's suffix for F (f or nothing). */
#define RP_CX_SCALAR(C, F, U, S, M)                                                                   \
    static inline C rp_cadd_##S(C a, C b) { return (C){a.re + b.re, a.im + b.im}; }               \
    static inline C rp_csub_##S(C a, C b) { return (C){a.re - b.re, a.im - b.im}; }               \
    static inline C rp_cmul_##S(C a, C b)                                                          \
    {                                                                                              \
        return (C){fma##M(a.re, b.re, -(a.im * b.im)), fma##M(a.re, b.im, a.im * b.re)};           \
    }                                                                                              \
    static inline C rp_csquare_##S(C a)                                                            \
    {                                                                                              \
        return (C){fma##M(a.re, a.re, -(a.im * a.im)), fma##M(a.re, a.im, a.im * a.re)};           \
    }                                                                                              \
    static inline C rp_cneg_##S(C a) { return (C){-a.re, -a.im}; }                                 \
    static inline C rp_cconj_##S(C a) { return (C){a.re, -a.im}; }                                 \
    /* Smith's method as NumPy's loop: the larger divisor part divides    \
     * the other, so no square of a part can overflow; 0/0 divides each   \
     * part by a zero (inf or nan, with NumPy's divide-by-zero warning).   \
     * One product goes through RP_CX_OPAQUE: GCC 12's SLP turns a mul-add \
     * beside a mul-sub into one fmsubadd even under -ffp-contract=off,    \
     * which rounds once where NumPy rounds twice.                         */ \
    static inline C rp_cdiv_##S(C a, C b)                                                          \
    {                                                                                              \
        const F abr = fabs##M(b.re), abi = fabs##M(b.im);                                          \
        if (abr >= abi) {                                                                          \
            if (abr == 0 && abi == 0)                                                              \
                return (C){a.re / abr, a.im / abi};                                                \
            const F rat = b.im / b.re, scl = (F)1 / (b.re + b.im * rat);                           \
            F q = a.re * rat;                                                                      \
            RP_CX_OPAQUE(q);                                                                       \
            return (C){(a.re + a.im * rat) * scl, (a.im - q) * scl};                               \
        }                                                                                          \
        const F rat = b.re / b.im, scl = (F)1 / (b.im + b.re * rat);                               \
        F q = a.im * rat;                                                                          \
        RP_CX_OPAQUE(q);                                                                           \
        return (C){(a.re * rat + a.im) * scl, (q - a.re) * scl};                                   \
    }                                                                                              \
    static inline C rp_crecip_##S(C a)                                                             \
    {                                                                                              \
        if (fabs##M(a.im) <= fabs##M(a.re)) {                                                      \
            const F r = a.im / a.re, d = a.re + a.im * r;                                          \
            return (C){(F)1 / d, -r / d};                                                          \
        }                                                                                          \
        const F r = a.re / a.im, d = a.re * r + a.im;                                              \
        return (C){r / d, (F)-1 / d};                                                              \
    }                                                                                              \
    /* Branch-free so the loops vectorize: the arithmetic runs on every   \
     * element and NumPy's special cases are picked afterwards (an inf    \
     * part gives inf even beside a NaN, else a NaN part gives NaN; a     \
     * zero or an inf pair divides 0 by 1). The picks go by bits: GCC     \
     * turns a select of floats into a branch around the division, which \
     * -ftrapping-math then keeps from vectorizing. */                    \
    static inline F rp_cx_pick_##S(bool m, F a, F b)                                              \
    {                                                                                              \
        U ua, ub;                                                                                  \
        memcpy(&ua, &a, sizeof ua);                                                                \
        memcpy(&ub, &b, sizeof ub);                                                                \
        const U mask = (U)0 - (U)m;                                                                \
        ua = (ua & mask) | (ub & ~mask);                                                           \
        memcpy(&a, &ua, sizeof a);                                                                 \
        return a;                                                                                  \
    }                                                                                              \
    static inline F rp_cabs_##S(C a)                                                               \
    {                                                                                              \
        const F x = fabs##M(a.re), y = fabs##M(a.im);                                              \
        /* (max and min: in a NaN lane, which the last picks overwrite, both                       \
         * are the other part, or NaN: no 0/0 or inf/inf either way) */                            \
        const F big = x > y ? x : y, small = x < y ? x : y;                                        \
        const bool masked = (big == 0) | (small == (F)INFINITY);                                   \
        const F r = rp_cx_pick_##S(masked, (F)0, small) / rp_cx_pick_##S(masked, (F)1, big);       \
        const F h = sqrt##M(fma##M(r, r, (F)1)) * big;                                             \
        const bool inf = (x == (F)INFINITY) | (y == (F)INFINITY), nan = isunordered(x, y);         \
        return RP_CX_LAST_PICK(S, inf, (F)INFINITY, RP_CX_LAST_PICK(S, nan, (F)NAN, h));           \
    }                                                                                              \
    static inline C rp_csign_##S(C a)                                                              \
    {                                                                                              \
        const F h = hypot##M(a.re, a.im);                                                          \
        if (isnan(h))                                                                              \
            return (C){(F)NAN, (F)NAN};                                                            \
        if (isinf(h)) {                                                                            \
            if (isinf(a.re))                                                                       \
                return isinf(a.im) ? (C){(F)NAN, (F)NAN}                                           \
                                   : (C){a.re > 0 ? (F)1 : (F)-1, (F)0};                           \
            return (C){(F)0, a.im > 0 ? (F)1 : (F)-1};                                             \
        }                                                                                          \
        if (h == 0)                                                                                \
            return (C){(F)0, (F)0};                                                                \
        return (C){a.re / h, a.im / h};                                                            \
    }                                                                                              \
    /* NumPy's lexicographic order: the real parts decide unless equal; a \
     * NaN imaginary part makes a real-part win false. */                 \
    static inline bool rp_cgt_##S(C a, C b)                                                        \
    {                                                                                              \
        return (a.re > b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im > b.im);     \
    }                                                                                              \
    static inline bool rp_cge_##S(C a, C b)                                                        \
    {                                                                                              \
        return (a.re > b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im >= b.im);    \
    }                                                                                              \
    static inline bool rp_clt_##S(C a, C b) { return rp_cgt_##S(b, a); }                           \
    static inline bool rp_cle_##S(C a, C b) { return rp_cge_##S(b, a); }                           \
    /* The ordered comparisons' "invalid" as NumPy's loop raises it: the   \
     * real parts are always compared, the imaginary ones when the reals   \
     * are equal; == and != are quiet. */                                  \
    static inline bool rp_cord_invalid_##S(C a, C b)                                               \
    {                                                                                              \
        return isnan(a.re) || isnan(b.re) || (a.re == b.re && (isnan(a.im) || isnan(b.im)));       \
    }                                                                                              \
    static inline bool rp_cnonzero_##S(C a) { return a.re != 0 || a.im != 0; }                     \
    static inline bool rp_cisnan_##S(C a) { return isnan(a.re) || isnan(a.im); }                   \
    /* NumPy's maximum: a when a has a NaN part or a >= b, else b (so a   \
     * NaN in b is taken only when a has none); fmax prefers the operand  \
     * without a NaN. */                                                  \
    static inline C rp_cmax_##S(C a, C b) { return rp_cisnan_##S(a) || rp_cge_##S(a, b) ? a : b; } \
    static inline C rp_cmin_##S(C a, C b) { return rp_cisnan_##S(a) || rp_cle_##S(a, b) ? a : b; } \
    static inline C rp_cfmax_##S(C a, C b) { return rp_cisnan_##S(b) || rp_cge_##S(a, b) ? a : b; }\
    static inline C rp_cfmin_##S(C a, C b) { return rp_cisnan_##S(b) || rp_cle_##S(a, b) ? a : b; }

RP_CX_SCALAR(rp_cfloat, float, uint32_t, c64, f)
RP_CX_SCALAR(rp_cdouble, double, uint64_t, c128, )

#endif
