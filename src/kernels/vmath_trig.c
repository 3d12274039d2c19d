/*
 * sin and cos, float32, vectorized (see vmath.h for the rules). float64
 * stays on libm (NumPy's float64 sin/cos call libm too).
 *
 * Computed in double: k = round(x 2/pi), r = x - k pi/2 with pi/2 in three
 * parts (Cody-Waite; the first two of 33 bits, so k times them is exact and
 * the subtractions near a multiple of pi/2 are exact too), |r| <= pi/4; then
 * sin r and cos r by Taylor polynomials to r^11 and r^12 (relative error below
 * 2^-36), picked and signed by the quadrant k mod 4 (k + 1 for cos), and one
 * rounding to float: max error 0.5 ULP. |x| >= 2^20 (where the reduction
 * would need more of pi) is recomputed by libm's sinf/cosf after the vector
 * loop, the same call in every ISA. |x| < 2^-12 gives x and 1.
 *
 * Flags as NumPy's float32 kernels: invalid for +-inf; underflow for a
 * nonzero |x| below 0x1.3988e2p-62 (the square times its polynomial's
 * coefficient underflows in NumPy's arithmetic: found by bisection against
 * NumPy 2.4, tests/python/test_vmath.py checks it on both sides of the edge).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_tables.h"

#define SHIFT 0x1.8p52
#define HUGE_BITS 0x49800000u        /* 2^20 */
#define NUMPY_UNDERFLOW 0x209cc471u  /* NumPy's float32 sin/cos underflow below this |x| */

static inline float sincos_f32(float x, unsigned *err, unsigned cosine)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int nonfinite = ax >= 0x7f800000u, nan = ax > 0x7f800000u;
    const int tiny = ax < 0x39800000u, huge = ax >= HUGE_BITS;
    *err |= (unsigned)(ax - 1 < NUMPY_UNDERFLOW - 1) * RP_UFUNC_UNDERFLOW |
            (unsigned)(nonfinite & !nan) * RP_UFUNC_INVALID;
    const double xd = (double)rp_vm_f32(rp_vm_sel32(tiny | huge, 0, ix));
    double kd = xd * RP_VM_2_OVER_PI + SHIFT;
    const uint64_t q = rp_vm_u64(kd) - rp_vm_u64(SHIFT) + cosine; /* cos x = sin(x + pi/2) */
    kd -= SHIFT;
    const double r = ((xd - kd * RP_VM_PIO2_1) - kd * RP_VM_PIO2_2) - kd * RP_VM_PIO2_3;
    const double r2 = r * r;
    const double s =
        r + r * r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880 +
                                                                       r2 * (-1.0 / 39916800)))));
    const double c =
        1.0 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 +
                    r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600))))));
    const uint64_t v = rp_vm_sel64((int)(q & 1), rp_vm_u64(c), rp_vm_u64(s)) ^ ((q & 2) << 62);
    const uint32_t res = rp_vm_u32((float)rp_vm_f64(v));
    const uint32_t small = cosine ? 0x3f800000u : ix;
    const uint32_t spec = rp_vm_sel32(nan, ix | 0x00400000u, 0xffc00000u);
    return rp_vm_f32(rp_vm_sel32(nonfinite, spec, rp_vm_sel32(tiny, small, res)));
}

static inline float sin_f32(float x, unsigned *err) { return sincos_f32(x, err, 0); }
static inline float cos_f32(float x, unsigned *err) { return sincos_f32(x, err, 1); }

static inline int trig_huge(float x)
{
    return (rp_vm_u32(x) & 0x7fffffffu) - HUGE_BITS < 0x7f800000u - HUGE_BITS;
}

/* Per block, the vector loop (which also notes whether a huge finite
 * argument occurred), then libm for those (rare) arguments only: a second
 * pass over every element was a scalar loop as long as the vector one. */
#define TRIG_RUN(name, libm)                                                                       \
    static unsigned name##_run_f32(const float *restrict a, float *restrict o, rp_intp n)          \
    {                                                                                              \
        unsigned err = 0;                                                                          \
        for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                             \
            const rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                           \
            uint32_t huge = 0;                                                                     \
            for (rp_intp i = 0; i < m; i++) {                                                      \
                o[b + i] = name##_f32(a[b + i], &err);                                             \
                huge |= (uint32_t)trig_huge(a[b + i]);                                             \
            }                                                                                      \
            if (huge)                                                                              \
                for (rp_intp i = 0; i < m; i++)                                                    \
                    if (trig_huge(a[b + i]))                                                       \
                        o[b + i] = libm(a[b + i]);                                                 \
        }                                                                                          \
        return err;                                                                                \
    }                                                                                              \
    RP_VM_UNARY(k_##name##_f32, float, name##_run_f32)
TRIG_RUN(sin, sinf)
TRIG_RUN(cos, cosf)

void RP_ISA_FN(rp_fill_vmath_trig)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_sin][RP_FLOAT32] = k_sin_f32;
    t->ufunc.k[RP_OP_cos][RP_FLOAT32] = k_cos_f32;
}
