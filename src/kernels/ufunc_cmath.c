/*
 * The complex64 and complex128 math functions (sqrt, exp, log, the
 * trigonometric and hyperbolic functions and their inverses, power) as
 * NumPy computes them: ufunc_cmath.inc, once per part type. The C library
 * calls are the same in every ISA, so are the bits; vmath_cexp.c overrides
 * exp with a vector loop.
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "isa.h"
#include "dtypes.h"

void RP_ISA_FN(rp_fill_ufunc_cmath)(rp_kernel_table *t);

typedef struct {
    float re, im;
} cm_c64;
typedef struct {
    double re, im;
} cm_c128;

/* NumPy's NPY_LOGE2, NPY_LOG2E, NPY_LOG10E (npy_math.h), in each type. */
#define T float
#define CT float _Complex
#define CX cm_c64
#define SFX c64
#define DT RP_COMPLEX64
#define LM(name) name##f
#define LOGE2 0.693147180559945309417232121458176568F
#define LOG2E 1.442695040888963407359924681001892137F
#define LOG10E 0.434294481903251827651128918916605082F
#include "ufunc_cmath.inc"
#undef T
#undef CT
#undef CX
#undef SFX
#undef DT
#undef LM
#undef LOGE2
#undef LOG2E
#undef LOG10E

#define T double
#define CT double _Complex
#define CX cm_c128
#define SFX c128
#define DT RP_COMPLEX128
#define LM(name) name
#define LOGE2 0.693147180559945309417232121458176568
#define LOG2E 1.442695040888963407359924681001892137
#define LOG10E 0.434294481903251827651128918916605082
#include "ufunc_cmath.inc"

void RP_ISA_FN(rp_fill_ufunc_cmath)(rp_kernel_table *t)
{
    cm_fill_c64(t);
    cm_fill_c128(t);
}
