/* Cast kernels for every (from, to) dtype pair: args = {in, out}. */
#include <fenv.h>

#include "isa.h"
#include "dtypes.h"

/* Contiguous and strided loops kept apart so the contiguous one vectorizes.
 * (The Python layer only hands kernels itemsize-aligned data.)
 * A NaN or out-of-range float -> integer raises FE_INVALID once per call,
 * explicitly: the range checks and the vector conversions raise it or not
 * depending on the ISA, NumPy's conversion always does. */
#define CAST_KERNEL(FT, FN, FE, FK, TT, TN, TE, TK)                                                \
    static void cast_##FN##_##TN(char *const *args, rp_intp n, const rp_intp *steps,               \
                                 const void *ctx)                                                  \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *in = args[0];                                                                  \
        char *out = args[1];                                                                       \
        int bad = 0;                                                                               \
        if (steps[0] == sizeof(FT) && steps[1] == sizeof(TT)) {                                    \
            const FT *a = (const FT *)in;                                                          \
            TT *b = (TT *)out;                                                                     \
            for (rp_intp i = 0; i < n; i++) {                                                      \
                b[i] = RP_CONVERT(FK, TK, TT, a[i]);                                               \
                bad |= RP_CONVERT_BAD(FK, TK, TT, a[i]);                                           \
            }                                                                                      \
        } else if (steps[0] == 0 && steps[1] == sizeof(TT) && n > 0) {                             \
            /* one value broadcast (x[...] = scalar): converted once, then a plain fill */          \
            const FT a = *(const FT *)in;                                                          \
            const TT v = RP_CONVERT(FK, TK, TT, a);                                                \
            TT *b = (TT *)out;                                                                     \
            bad = RP_CONVERT_BAD(FK, TK, TT, a);                                                   \
            for (rp_intp i = 0; i < n; i++)                                                        \
                b[i] = v;                                                                          \
        } else {                                                                                   \
            for (rp_intp i = 0; i < n; i++, in += steps[0], out += steps[1]) {                     \
                *(TT *)out = RP_CONVERT(FK, TK, TT, *(const FT *)in);                              \
                bad |= RP_CONVERT_BAD(FK, TK, TT, *(const FT *)in);                                \
            }                                                                                      \
        }                                                                                          \
        if (bad)                                                                                   \
            feraiseexcept(FE_INVALID);                                                             \
    }
#define CAST_FROM(FT, FN, FE, FK) RP_DTYPES_WITH(CAST_KERNEL, FT, FN, FE, FK)
RP_DTYPES(CAST_FROM)

void RP_ISA_FN(rp_fill_cast_half)(rp_kernel_table *t); /* cast_half.c */
void RP_ISA_FN(rp_fill_cast_complex)(rp_kernel_table *t); /* cast_complex.c */

void RP_ISA_FN(rp_fill_cast)(rp_kernel_table *t)
{
    RP_ISA_FN(rp_fill_cast_half)(t);
    RP_ISA_FN(rp_fill_cast_complex)(t);
#define SET(FT, FN, FE, FK, TT, TN, TE, TK) t->cast.k[FE][TE] = cast_##FN##_##TN;
#define SET_FROM(FT, FN, FE, FK) RP_DTYPES_WITH(SET, FT, FN, FE, FK)
    RP_DTYPES(SET_FROM)
}
