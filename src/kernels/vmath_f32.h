/*
 * Helpers of the float32 kernels computed in float arithmetic
 * (vmath_atan.c, vmath_cbrt.c, vmath_tan.c).
 *
 * horner_f32: c[0] + c[1] u + ... + c[n-1] u^(n-1) by Horner's rule in FMAs
 * (a loop of constant length: GCC unrolls it into the straight chain).
 *
 * RP_VM_F32_LIBM_RARE: the float32 kernel of a function whose fast element function
 * fast(x, &rare) (vmath.h's RP_VM_UNARY_RUN_RARE) sends its rare lanes to
 * the C library's float function libm: NumPy's results and flags there
 * (NaN, infinities, out-of-domain or huge arguments), the same call in
 * every ISA. Defines k_<name>_f32.
 */
#ifndef RAPTORS_VMATH_F32_H
#define RAPTORS_VMATH_F32_H

#include <math.h>

#include "vmath.h"

static inline float horner_f32(float u, const float *c, int n)
{
    float p = c[n - 1];
    for (int i = n - 2; i >= 0; i--)
        p = fmaf(p, u, c[i]);
    return p;
}

#define RP_VM_LOGF_OFF 0x3f3504f3u /* sqrt(1/2) */
static inline float rp_vm_log32_core(float v, float *kf, float *f)
{
    const uint32_t iv = rp_vm_u32(v), tmp = iv - RP_VM_LOGF_OFF;
    *kf = (float)((int32_t)tmp >> 23);
    const float fm = rp_vm_f32(iv - (tmp & 0xff800000u)) - 1.0f;
    *f = fm;
    /* the upper six coefficients by Estrin's scheme in f^2, the last three
     * steps Horner's (their large terms rounded once each, as Horner's
     * error): a chain of 6 where Horner's took 8 (the loops keep many
     * elements in flight: the chain is what they wait on) */
    const float f2 = fm * fm;
    const float p34 = fmaf(-0x1.54648cp-3f, fm, 0x1.9998f8p-3f);
    const float p56 = fmaf(-0x1.0e77aap-3f, fm, 0x1.2354d6p-3f);
    const float p78 = fmaf(-0x1.2e12d8p-4f, fm, 0x1.02d3c2p-3f);
    float q = fmaf(fmaf(p78, f2, p56), f2, p34);
    q = fmaf(q, fm, -0x1.000248p-2f);
    q = fmaf(q, fm, 0x1.555564p-2f);
    return fmaf(q, fm, -0.5f);
}

#define RP_VM_F32_LIBM_RARE(name, fast, israre, libm)                                              \
    static inline float name##_libm_f32(float x, unsigned *err)                                    \
    {                                                                                              \
        (void)err;                                                                                 \
        return libm(x);                                                                            \
    }                                                                                              \
    RP_VM_UNARY_RUN_RARE(name##_run_f32, float, uint32_t, fast, israre, name##_libm_f32)           \
    RP_VM_UNARY(k_##name##_f32, float, name##_run_f32)

#endif
