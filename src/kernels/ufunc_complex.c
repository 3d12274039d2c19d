/*
 * The complex64 and complex128 loops of the ufuncs. An element is two parts
 * of its part type, real first (NumPy's and C99's layout); kernels read it
 * as a struct of the two, so a move is one assignment.
 */
#include "isa.h"
#include "dtypes.h"

void RP_ISA_FN(rp_fill_ufunc_complex)(rp_kernel_table *t);

typedef struct {
    float re, im;
} rp_cfloat;
typedef struct {
    double re, im;
} rp_cdouble;

/* where(cond, x, y): a move per element, as the real dtypes' loops. */
#define WHERE_LOOP(T, S)                                                                           \
    static void where_##S(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)     \
    {                                                                                              \
        (void)ctx;                                                                                 \
        const char *p0 = args[0], *p1 = args[1], *p2 = args[2];                                    \
        char *p3 = args[3];                                                                        \
        for (rp_intp i = 0; i < n; i++, p0 += steps[0], p1 += steps[1], p2 += steps[2],           \
                     p3 += steps[3])                                                               \
            *(T *)p3 = *(const rp_bool *)p0 ? *(const T *)p1 : *(const T *)p2;                     \
    }
WHERE_LOOP(rp_cfloat, complex64)
WHERE_LOOP(rp_cdouble, complex128)

void RP_ISA_FN(rp_fill_ufunc_complex)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_where][RP_COMPLEX64] = where_complex64;
    t->ufunc.k[RP_OP_where][RP_COMPLEX128] = where_complex128;
}
