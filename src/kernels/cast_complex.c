/*
 * Casts to and from complex64 and complex128 for every dtype: args = {in, out}.
 *
 * A complex element is two parts of its part type (float, double), real
 * first, as NumPy and C99 store them. Every cast is NumPy's, part by part:
 * a real value becomes the real part (converted as the cast to the part's
 * float type converts it) with a +0 imaginary part; a complex value becomes
 * a real one through its real part alone (the Python layer warns with
 * NumPy's ComplexWarning), except for bool, which is true when either part
 * is non-zero; complex to complex converts each part.
 * The FP flags are those of the real casts: "invalid" once for NaN or an
 * out-of-range real part to an integer, half.h's flags to float16, and the
 * hardware's for double -> float (overflow).
 */
#include <fenv.h>

#include "isa.h"
#include "dtypes.h"
#include "half.h"

void RP_ISA_FN(rp_fill_cast_complex)(rp_kernel_table *t);

/* The complex types: X(part type, name, rp_dtype), and the same passing
 * leading arguments through (for pairs, as dtypes.h's RP_DTYPES_WITH). */
#define COMPLEX_LIST(X)                                                                            \
    X(float, complex64, RP_COMPLEX64)                                                              \
    X(double, complex128, RP_COMPLEX128)
#define COMPLEX_TYPES(X, ...)                                                                      \
    X(__VA_ARGS__, float, complex64, RP_COMPLEX64)                                                 \
    X(__VA_ARGS__, double, complex128, RP_COMPLEX128)

/* A complex (re, im) as a value of kind TK, and whether that is NumPy's
 * "invalid" conversion: bool tests both parts, the others read re. */
#define FROM_PARTS(TK, TT, re, im) FROM_PARTS_##TK(TT, re, im)
#define FROM_PARTS_b(TT, re, im) (TT)((re) != 0 || (im) != 0)
#define FROM_PARTS_i(TT, re, im) RP_CONVERT(f, i, TT, re)
#define FROM_PARTS_u(TT, re, im) RP_CONVERT(f, u, TT, re)
#define FROM_PARTS_f(TT, re, im) RP_CONVERT(f, f, TT, re)
#define FROM_PARTS_BAD(TK, TT, re) RP_CONVERT_BAD(f, TK, TT, re)

/* One loop shape for every cast: the element conversion is a statement
 * over `in` and `out` that may set `bad` (an FE_* flag set). */
#define CAST_LOOP(NAME, BODY)                                                                      \
    static void NAME(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        int bad = 0;                                                                               \
        for (rp_intp i = 0; i < n; i++, in += steps[0], out += steps[1]) {                         \
            BODY;                                                                                  \
        }                                                                                          \
        if (bad)                                                                                   \
            feraiseexcept(bad);                                                                    \
    }

/* real (the 11 RP_DTYPES) <-> complex */
#define REAL_COMPLEX(FT, FN, FE, FK, PT, CN, CE)                                                   \
    CAST_LOOP(cast_##FN##_##CN, {                                                                  \
        PT *o = (PT *)out;                                                                         \
        o[0] = RP_CONVERT(FK, f, PT, *(const FT *)in);                                             \
        o[1] = 0;                                                                                  \
    })                                                                                             \
    CAST_LOOP(cast_##CN##_##FN, {                                                                  \
        const PT *c = (const PT *)in;                                                              \
        *(FT *)out = FROM_PARTS(FK, FT, c[0], c[1]);                                               \
        bad |= FROM_PARTS_BAD(FK, FT, c[0]) ? FE_INVALID : 0;                                      \
    })
#define REAL_COMPLEX_ALL(FT, FN, FE, FK) COMPLEX_TYPES(REAL_COMPLEX, FT, FN, FE, FK)
RP_DTYPES(REAL_COMPLEX_ALL)

/* float16 <-> complex: exact widening, one rounding from the real part. */
CAST_LOOP(cast_float16_complex64, {
    float *o = (float *)out;
    o[0] = rp_half_to_float(*(const rp_half *)in);
    o[1] = 0;
})
CAST_LOOP(cast_float16_complex128, {
    double *o = (double *)out;
    o[0] = rp_half_to_double(*(const rp_half *)in);
    o[1] = 0;
})
CAST_LOOP(cast_complex64_float16, *(rp_half *)out = rp_float_to_half(*(const float *)in, &bad))
CAST_LOOP(cast_complex128_float16, *(rp_half *)out = rp_double_to_half(*(const double *)in, &bad))

/* complex <-> complex, part by part */
#define COMPLEX_COMPLEX(FT, FN, FE, TT, TN, TE)                                                    \
    CAST_LOOP(cast_##FN##_##TN, {                                                                  \
        const FT *c = (const FT *)in;                                                              \
        TT *o = (TT *)out;                                                                         \
        o[0] = (TT)c[0];                                                                           \
        o[1] = (TT)c[1];                                                                           \
    })
#define COMPLEX_COMPLEX_ALL(FT, FN, FE) COMPLEX_TYPES(COMPLEX_COMPLEX, FT, FN, FE)
COMPLEX_LIST(COMPLEX_COMPLEX_ALL)

void RP_ISA_FN(rp_fill_cast_complex)(rp_kernel_table *t)
{
#define SET_RC(FT, FN, FE, FK, PT, CN, CE)                                                         \
    t->cast.k[FE][CE] = cast_##FN##_##CN;                                                          \
    t->cast.k[CE][FE] = cast_##CN##_##FN;
#define SET_RC_ALL(FT, FN, FE, FK) COMPLEX_TYPES(SET_RC, FT, FN, FE, FK)
    RP_DTYPES(SET_RC_ALL)
    t->cast.k[RP_FLOAT16][RP_COMPLEX64] = cast_float16_complex64;
    t->cast.k[RP_FLOAT16][RP_COMPLEX128] = cast_float16_complex128;
    t->cast.k[RP_COMPLEX64][RP_FLOAT16] = cast_complex64_float16;
    t->cast.k[RP_COMPLEX128][RP_FLOAT16] = cast_complex128_float16;
#define SET_CC(FT, FN, FE, TT, TN, TE) t->cast.k[FE][TE] = cast_##FN##_##TN;
#define SET_CC_ALL(FT, FN, FE) COMPLEX_TYPES(SET_CC, FT, FN, FE)
    COMPLEX_LIST(SET_CC_ALL)
}
