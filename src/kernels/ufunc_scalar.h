/*
 * The value of every elementwise op on one element, per dtype kind
 * (b bool, i signed, u unsigned, f float): <op>_<kind>(T, S, a[, b[, c]])
 * with T the C type and S the dtype's name (for the per-type helpers).
 * Integer kernels OR RP_UFUNC_* bits into a local `st`.
 *
 * Integer arithmetic goes through uint64_t so overflow wraps (as in NumPy)
 * instead of being undefined; the conversion back is modular in GCC/Clang.
 * Float ops call the C library in every ISA, so each ISA gives the same bits.
 */
#ifndef RAPTORS_UFUNC_SCALAR_H
#define RAPTORS_UFUNC_SCALAR_H

#include <math.h>
#include <stdint.h>

#include "dtypes.h"

#define U64(x) ((uint64_t)(x))
#define WRAP(T, a, op, b) ((T)(U64(a) op U64(b)))
#define NBITS(T) (8 * sizeof(T))
/* The float or double libm function for T. */
#define M1(fn, T, x) (sizeof(T) == 4 ? (T)fn##f((float)(x)) : (T)fn((double)(x)))
#define M2(fn, T, x, y)                                                                            \
    (sizeof(T) == 4 ? (T)fn##f((float)(x), (float)(y)) : (T)fn((double)(x), (double)(y)))
#define B(x) ((rp_bool)((x) != 0))
/* Rounding functions quiet a signalling NaN explicitly: glibc's scalar
 * floorf returns it unchanged while the SSE4.1/AVX instructions the
 * compiler uses for -march=x86-64-v3 quiet it, and every ISA must agree. */
#define MR(fn, T, x) ((x) != (x) ? (x) + (x) : M1(fn, T, x))

/* ---- per-type helpers (integer division, powers, floor division) ---- */

#define DEF_SINT(T, S, MIN)                                                                        \
    static inline T fdiv_##S(T a, T b, unsigned *st)                                               \
    {                                                                                              \
        if (b == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO;                                                             \
            return 0;                                                                              \
        }                                                                                          \
        if (b == -1) {                                                                             \
            if (a == MIN)                                                                          \
                *st |= RP_UFUNC_OVERFLOW;                                                          \
            return WRAP(T, 0, -, a);                                                               \
        }                                                                                          \
        T q = (T)(a / b);                                                                          \
        return (T)(q - ((T)(a % b) != 0 && ((a < 0) != (b < 0))));                                 \
    }                                                                                              \
    static inline T mod_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        if (b == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO;                                                             \
            return 0;                                                                              \
        }                                                                                          \
        if (b == -1)                                                                               \
            return 0;                                                                              \
        T r = (T)(a % b);                                                                          \
        return r != 0 && ((r < 0) != (b < 0)) ? (T)(r + b) : r;                                    \
    }                                                                                              \
    static inline T tmod_##S(T a, T b, unsigned *st)                                               \
    {                                                                                              \
        if (b == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO;                                                             \
            return 0;                                                                              \
        }                                                                                          \
        return b == -1 ? 0 : (T)(a % b);                                                           \
    }                                                                                              \
    static inline T pow_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        if (b < 0) {                                                                               \
            *st |= RP_UFUNC_NEGPOW;                                                                \
            return 0;                                                                              \
        }                                                                                          \
        uint64_t r = 1, x = U64(a), e = U64(b);                                                    \
        for (; e; e >>= 1, x *= x)                                                                 \
            if (e & 1)                                                                             \
                r *= x;                                                                            \
        return (T)r;                                                                               \
    }                                                                                              \
    static inline T recip_##S(T a, unsigned *st)                                                   \
    {                                                                                              \
        /* NumPy computes 1.0 / a and converts: 0 gives x86's "integer                          \
         * indefinite" (MIN for 32/64 bits, 0 once truncated to 8/16). */                        \
        if (a == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO | RP_UFUNC_INVALID;                                          \
            return sizeof(T) >= 4 ? MIN : 0;                                                       \
        }                                                                                          \
        return a == 1 || a == -1 ? a : 0;                                                          \
    }

#define DEF_UINT(T, S)                                                                             \
    static inline T fdiv_##S(T a, T b, unsigned *st)                                               \
    {                                                                                              \
        if (b == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO;                                                             \
            return 0;                                                                              \
        }                                                                                          \
        return (T)(a / b);                                                                         \
    }                                                                                              \
    static inline T mod_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        if (b == 0) {                                                                              \
            *st |= RP_UFUNC_DIVBYZERO;                                                             \
            return 0;                                                                              \
        }                                                                                          \
        return (T)(a % b);                                                                         \
    }                                                                                              \
    static inline T pow_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        (void)st;                                                                                  \
        uint64_t r = 1, x = U64(a), e = U64(b);                                                    \
        for (; e; e >>= 1, x *= x)                                                                 \
            if (e & 1)                                                                             \
                r *= x;                                                                            \
        return (T)r;                                                                               \
    }                                                                                              \
    static inline T recip_##S(T a, unsigned *st)                                                   \
    {                                                                                              \
        if (a == 0)                                                                                \
            *st |= RP_UFUNC_DIVBYZERO | RP_UFUNC_INVALID;                                          \
        return a == 1;                                                                             \
    }

DEF_SINT(int8_t, int8, INT8_MIN)
DEF_SINT(int16_t, int16, INT16_MIN)
DEF_SINT(int32_t, int32, INT32_MIN)
DEF_SINT(int64_t, int64, INT64_MIN)
DEF_UINT(uint8_t, uint8)
DEF_UINT(uint16_t, uint16)
DEF_UINT(uint32_t, uint32)
DEF_UINT(uint64_t, uint64)

/*
 * Python's (and NumPy's) float floor division and modulo: the remainder
 * takes the divisor's sign, the quotient is the floor of the exact quotient,
 * computed from fmod so that q * b + r == a holds as closely as rounding
 * allows. Quiet comparisons (isless...) so NaNs raise no spurious flag.
 * Division by zero: a / b, with the flag NumPy reports (invalid for 0 and
 * NaN dividends, divide-by-zero otherwise; none for an infinite dividend).
 */
#define DEF_FLOAT(T, S, SF)                                                                        \
    static inline T divmod_##S(T a, T b, T *mod)                                                   \
    {                                                                                              \
        T m = fmod##SF(a, b);                                                                      \
        T d = (a - m) / b;                                                                         \
        if (m != 0) {                                                                              \
            if (isless(b, (T)0) != isless(m, (T)0)) {                                              \
                m += b;                                                                            \
                d -= 1;                                                                            \
            }                                                                                      \
        } else                                                                                     \
            m = copysign##SF((T)0, b);                                                             \
        *mod = m;                                                                                  \
        if (d == 0)                                                                                \
            return copysign##SF((T)0, a / b);                                                      \
        T f = floor##SF(d);                                                                        \
        return isgreater(d - f, (T)0.5) ? f + 1 : f;                                               \
    }                                                                                              \
    static inline T fdiv_##S(T a, T b, unsigned *st)                                               \
    {                                                                                              \
        if (b == 0) {                                                                              \
            /* NumPy: 0 // 0 is invalid, NaN // 0 reports nothing */                              \
            if (a == 0)                                                                            \
                *st |= RP_UFUNC_INVALID;                                                           \
            else if (isfinite(a))                                                                  \
                *st |= RP_UFUNC_DIVBYZERO;                                                         \
            return a / b;                                                                          \
        }                                                                                          \
        T m;                                                                                       \
        return divmod_##S(a, b, &m);                                                               \
    }                                                                                              \
    static inline T mod_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        (void)st;                                                                                  \
        if (b == 0)                                                                                \
            return fmod##SF(a, b);                                                                 \
        T m;                                                                                       \
        divmod_##S(a, b, &m);                                                                      \
        return m;                                                                                  \
    }                                                                                              \
    static inline T lae_##S(T a, T b, unsigned *st)                                                \
    {                                                                                              \
        /* NumPy's ordered comparison of a NaN difference raises "invalid" */                     \
        if (isnan(a) || isnan(b))                                                                  \
            *st |= RP_UFUNC_INVALID;                                                               \
        if (a == b)                                                                                \
            return a + (T)0.693147180559945309417232121458176568;                                 \
        T d = a - b;                                                                               \
        if (isgreater(d, (T)0))                                                                    \
            return a + log1p##SF(exp##SF(-d));                                                     \
        if (islessequal(d, (T)0))                                                                  \
            return b + log1p##SF(exp##SF(d));                                                      \
        return d;                                                                                  \
    }                                                                                              \
    static inline T lae2_##S(T a, T b, unsigned *st)                                               \
    {                                                                                              \
        /* NumPy's ordered comparison of a NaN difference raises "invalid" */                     \
        if (isnan(a) || isnan(b))                                                                  \
            *st |= RP_UFUNC_INVALID;                                                               \
        if (a == b)                                                                                \
            return a + 1;                                                                          \
        T d = a - b;                                                                               \
        const T log2e = (T)1.442695040888963407359924681001892137;                                \
        if (isgreater(d, (T)0))                                                                    \
            return a + log1p##SF(exp2##SF(-d)) * log2e;                                            \
        if (islessequal(d, (T)0))                                                                  \
            return b + log1p##SF(exp2##SF(d)) * log2e;                                             \
        return d;                                                                                  \
    }                                                                                              \
    static inline T sign_##S(T a)                                                                  \
    {                                                                                              \
        return a > 0 ? (T)1 : a < 0 ? (T)-1 : a == 0 ? (T)0 : a;                                  \
    }                                                                                              \
    static inline T round_##S(T a, const rp_ufunc_ctx *c)                                          \
    {                                                                                              \
        /* NumPy's method: scale, round half to even, unscale. */                                 \
        if (a != a)                                                                                \
            return a + a;                                                                          \
        if (c->decimals == 0)                                                                      \
            return rint##SF(a);                                                                    \
        T s = (T)c->scale;                                                                         \
        return c->decimals > 0 ? rint##SF(a * s) / s : rint##SF(a / s) * s;                        \
    }

DEF_FLOAT(float, float32, f)
DEF_FLOAT(double, float64, )

/* Integers rounded to a negative number of decimals (NumPy goes through
 * float64 the same way, then casts back: a result out of the integer's
 * range -- round(int64 max, -1) is 2^63 -- is "invalid" as that cast is);
 * non-negative decimals leave them unchanged. */
#define DEF_INVALID_IF(N, TT)                                                                      \
    static inline double rp_invalid_if_##N(double v, unsigned *err)                                \
    {                                                                                              \
        if (RP_FLOAT_TO_INT_BAD(TT, v))                                                            \
            *err |= RP_UFUNC_INVALID;                                                              \
        return v;                                                                                  \
    }
DEF_INVALID_IF(i32, int32_t)
DEF_INVALID_IF(i64, int64_t)
DEF_INVALID_IF(u64, uint64_t)
#define RP_INVALID_IF_BAD(TT, v, err)                                                              \
    _Generic((TT)0,                                                                                \
        uint32_t: rp_invalid_if_i64,                                                               \
        int64_t: rp_invalid_if_i64,                                                                \
        uint64_t: rp_invalid_if_u64,                                                               \
        default: rp_invalid_if_i32)(v, err)
#define ROUND_INT(T, a, c)                                                                         \
    ((c)->decimals >= 0 ? (a)                                                                      \
                        : (T)RP_FLOAT_TO_INT(                                                      \
                              T, RP_INVALID_IF_BAD(T, rint((double)(a) / (c)->scale) * (c)->scale, \
                                                   (c)->errors)))

/* ---- binary (T, T) -> T ---- */
#define add_b(T, S, a, b) B((a) | (b))
#define add_i(T, S, a, b) WRAP(T, a, +, b)
#define add_u add_i
#define add_f(T, S, a, b) ((a) + (b))
#define subtract_i(T, S, a, b) WRAP(T, a, -, b)
#define subtract_u subtract_i
#define subtract_f(T, S, a, b) ((a) - (b))
#define multiply_b(T, S, a, b) B((a) & (b))
#define multiply_i(T, S, a, b) WRAP(T, a, *, b)
#define multiply_u multiply_i
#define multiply_f(T, S, a, b) ((a) * (b))
#define divide_f(T, S, a, b) ((a) / (b))
#define floor_divide_i(T, S, a, b) fdiv_##S(a, b, &st)
#define floor_divide_u floor_divide_i
#define floor_divide_f floor_divide_i
#define remainder_i(T, S, a, b) mod_##S(a, b, &st)
#define remainder_u remainder_i
#define remainder_f remainder_i
#define fmod_i(T, S, a, b) tmod_##S(a, b, &st)
#define fmod_u remainder_u
#define fmod_f(T, S, a, b) M2(fmod, T, a, b)
#define power_i(T, S, a, b) pow_##S(a, b, &st)
#define power_u power_i
#define power_f(T, S, a, b) M2(pow, T, a, b)
/* NaN-propagating; ties return b (NumPy: maximum(0.0, -0.0) is -0.0). */
#define maximum_b(T, S, a, b) B((a) | (b))
#define maximum_i(T, S, a, b) ((a) > (b) ? (a) : (b))
#define maximum_u maximum_i
#define maximum_f(T, S, a, b) ((a) > (b) || (a) != (a) ? (a) : (b))
#define minimum_b(T, S, a, b) B((a) & (b))
#define minimum_i(T, S, a, b) ((a) < (b) ? (a) : (b))
#define minimum_u minimum_i
#define minimum_f(T, S, a, b) ((a) < (b) || (a) != (a) ? (a) : (b))
/* NaN-ignoring (C's fmax/fmin): a NaN only wins against a NaN; ties
 * return b, as NumPy's do (fmax(0.0, -0.0) is -0.0). */
#define fmax_b maximum_b
#define fmax_i maximum_i
#define fmax_u maximum_i
#define fmax_f(T, S, a, b) ((a) > (b) || (b) != (b) ? (a) : (b))
#define fmin_b minimum_b
#define fmin_i minimum_i
#define fmin_u minimum_i
#define fmin_f(T, S, a, b) ((a) < (b) || (b) != (b) ? (a) : (b))
#define bitwise_and_b(T, S, a, b) B((a) & (b))
#define bitwise_and_i(T, S, a, b) ((T)((a) & (b)))
#define bitwise_and_u bitwise_and_i
#define bitwise_or_b(T, S, a, b) B((a) | (b))
#define bitwise_or_i(T, S, a, b) ((T)((a) | (b)))
#define bitwise_or_u bitwise_or_i
#define bitwise_xor_b(T, S, a, b) ((rp_bool)(B(a) ^ B(b)))
#define bitwise_xor_i(T, S, a, b) ((T)((a) ^ (b)))
#define bitwise_xor_u bitwise_xor_i
/* Shifts by the width or more (or by a negative count) give 0, or -1 for
 * a negative number shifted right, as NumPy defines them. */
#define left_shift_i(T, S, a, b) (U64(b) < NBITS(T) ? (T)(U64(a) << (b)) : (T)0)
#define left_shift_u left_shift_i
#define right_shift_i(T, S, a, b) (U64(b) < NBITS(T) ? (T)((a) >> (b)) : (T)((a) < 0 ? -1 : 0))
#define right_shift_u(T, S, a, b) (U64(b) < NBITS(T) ? (T)((a) >> (b)) : (T)0)
#define arctan2_f(T, S, a, b) M2(atan2, T, a, b)
#define hypot_f(T, S, a, b) M2(hypot, T, a, b)
#define copysign_f(T, S, a, b) M2(copysign, T, a, b)
#define logaddexp_f(T, S, a, b) lae_##S(a, b, &st)
#define logaddexp2_f(T, S, a, b) lae2_##S(a, b, &st)
#define nextafter_f(T, S, a, b) M2(nextafter, T, a, b)

/* ---- comparisons and logical ops (T, T) -> bool ---- */
#define equal_b(T, S, a, b) ((rp_bool)(B(a) == B(b)))
#define equal_i(T, S, a, b) ((rp_bool)((a) == (b)))
#define equal_u equal_i
#define equal_f equal_i
#define not_equal_b(T, S, a, b) ((rp_bool)(B(a) != B(b)))
#define not_equal_i(T, S, a, b) ((rp_bool)((a) != (b)))
#define not_equal_u not_equal_i
#define not_equal_f not_equal_i
#define less_b(T, S, a, b) ((rp_bool)(B(a) < B(b)))
#define less_i(T, S, a, b) ((rp_bool)((a) < (b)))
#define less_u less_i
#define less_f less_i
#define less_equal_b(T, S, a, b) ((rp_bool)(B(a) <= B(b)))
#define less_equal_i(T, S, a, b) ((rp_bool)((a) <= (b)))
#define less_equal_u less_equal_i
#define less_equal_f less_equal_i
#define greater_b(T, S, a, b) ((rp_bool)(B(a) > B(b)))
#define greater_i(T, S, a, b) ((rp_bool)((a) > (b)))
#define greater_u greater_i
#define greater_f greater_i
#define greater_equal_b(T, S, a, b) ((rp_bool)(B(a) >= B(b)))
#define greater_equal_i(T, S, a, b) ((rp_bool)((a) >= (b)))
#define greater_equal_u greater_equal_i
#define greater_equal_f greater_equal_i
#define logical_and_b(T, S, a, b) ((rp_bool)(B(a) & B(b)))
#define logical_and_i logical_and_b
#define logical_and_u logical_and_b
#define logical_and_f logical_and_b
#define logical_or_b(T, S, a, b) ((rp_bool)(B(a) | B(b)))
#define logical_or_i logical_or_b
#define logical_or_u logical_or_b
#define logical_or_f logical_or_b
#define logical_xor_b(T, S, a, b) ((rp_bool)(B(a) ^ B(b)))
#define logical_xor_i logical_xor_b
#define logical_xor_u logical_xor_b
#define logical_xor_f logical_xor_b

/* ---- unary T -> T ---- */
#define negative_i(T, S, a) WRAP(T, 0, -, a)
#define negative_u negative_i
#define negative_f(T, S, a) (-(a))
#define positive_i(T, S, a) (a)
#define positive_u positive_i
#define positive_f positive_i
#define conjugate_i positive_i /* (real dtypes: the value itself) */
#define conjugate_u positive_i
#define conjugate_f positive_i
#define absolute_b(T, S, a) B(a)
#define absolute_i(T, S, a) ((a) < 0 ? WRAP(T, 0, -, a) : (a))
#define absolute_u(T, S, a) (a)
#define absolute_f(T, S, a) M1(fabs, T, a)
#define square_i(T, S, a) WRAP(T, a, *, a)
#define square_u square_i
#define square_f(T, S, a) ((a) * (a))
#define reciprocal_i(T, S, a) recip_##S(a, &st)
#define reciprocal_u reciprocal_i
#define reciprocal_f(T, S, a) ((T)1 / (a))
#define sign_i(T, S, a) ((T)(((a) > 0) - ((a) < 0)))
#define sign_u(T, S, a) ((T)((a) > 0))
#define sign_f(T, S, a) sign_##S(a)
#define invert_b(T, S, a) ((rp_bool)((a) == 0))
#define invert_i(T, S, a) ((T)~(a))
#define invert_u invert_i
#define floor_b absolute_b
#define floor_i positive_i
#define floor_u positive_i
#define floor_f(T, S, a) MR(floor, T, a)
#define ceil_b absolute_b
#define ceil_i positive_i
#define ceil_u positive_i
#define ceil_f(T, S, a) MR(ceil, T, a)
#define trunc_b absolute_b
#define trunc_i positive_i
#define trunc_u positive_i
#define trunc_f(T, S, a) MR(trunc, T, a)
#define rint_f(T, S, a) MR(rint, T, a)
#define round_i(T, S, a) ROUND_INT(T, a, c)
#define round_u round_i
#define round_f(T, S, a) round_##S(a, c)
#define sqrt_f(T, S, a) M1(sqrt, T, a)
#define cbrt_f(T, S, a) M1(cbrt, T, a)
#define exp_f(T, S, a) M1(exp, T, a)
#define exp2_f(T, S, a) M1(exp2, T, a)
#define expm1_f(T, S, a) M1(expm1, T, a)
#define log_f(T, S, a) M1(log, T, a)
#define log1p_f(T, S, a) M1(log1p, T, a)
#define log2_f(T, S, a) M1(log2, T, a)
#define log10_f(T, S, a) M1(log10, T, a)
#define sin_f(T, S, a) M1(sin, T, a)
#define cos_f(T, S, a) M1(cos, T, a)
#define tan_f(T, S, a) M1(tan, T, a)
#define arcsin_f(T, S, a) M1(asin, T, a)
#define arccos_f(T, S, a) M1(acos, T, a)
#define arctan_f(T, S, a) M1(atan, T, a)
#define sinh_f(T, S, a) M1(sinh, T, a)
#define cosh_f(T, S, a) M1(cosh, T, a)
#define tanh_f(T, S, a) M1(tanh, T, a)
#define arcsinh_f(T, S, a) M1(asinh, T, a)
#define arccosh_f(T, S, a) M1(acosh, T, a)
#define arctanh_f(T, S, a) M1(atanh, T, a)
/* The constant is formed in T, as NumPy forms it (pi/180 in float32 for
 * float32), so the products agree bit for bit. */
#define RP_PI 3.14159265358979323846264338327950288
#define deg2rad_f(T, S, a) ((a) * ((T)RP_PI / (T)180))
#define rad2deg_f(T, S, a) ((a) * ((T)180 / (T)RP_PI))

/* ---- predicates T -> bool ---- */
#define isnan_b(T, S, a) ((rp_bool)0)
#define isnan_i isnan_b
#define isnan_u isnan_b
#define isnan_f(T, S, a) ((rp_bool)((a) != (a)))
#define isinf_b isnan_b
#define isinf_i isnan_b
#define isinf_u isnan_b
#define isinf_f(T, S, a) ((rp_bool)(M1(fabs, T, a) == (T)INFINITY))
#define isfinite_b(T, S, a) ((rp_bool)1)
#define isfinite_i isfinite_b
#define isfinite_u isfinite_b
#define isfinite_f(T, S, a) ((rp_bool)(M1(fabs, T, a) < (T)INFINITY))
#define signbit_b isnan_b
#define signbit_i(T, S, a) ((rp_bool)((a) < 0))
#define signbit_u isnan_b
#define signbit_f(T, S, a) ((rp_bool)(signbit(a) != 0))
#define logical_not_b(T, S, a) ((rp_bool)((a) == 0))
#define logical_not_i logical_not_b
#define logical_not_u logical_not_b
#define logical_not_f logical_not_b

/* ---- ternary ---- */
/* clip(a, lo, hi) = minimum(maximum(a, lo), hi), NaNs propagating. */
#define clip_b(T, S, a, lo, hi) minimum_b(T, S, maximum_b(T, S, a, lo), hi)
#define clip_i(T, S, a, lo, hi) minimum_i(T, S, maximum_i(T, S, a, lo), hi)
#define clip_u clip_i
#define clip_f(T, S, a, lo, hi) minimum_f(T, S, maximum_f(T, S, a, lo), hi)

#endif
