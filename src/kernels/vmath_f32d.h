/*
 * Table-free double-precision cores for float32 functions that need more
 * than float's precision in between (power: y log x, whose error is
 * multiplied by y). Plain element code with no table lookup, so GCC
 * vectorizes it on every ISA without gathers; FMA written out (vmath.h).
 * Each core's accuracy is stated in ULP of a float32 result.
 */
#ifndef RAPTORS_VMATH_F32D_H
#define RAPTORS_VMATH_F32D_H

#include <math.h>

#include "vmath.h"
#include "vmath_tables.h"

#define RP_VM_D_SHIFT 0x1.8p52 /* z + SHIFT rounds z to an integer held in the low bits */
#define RP_VM_D_SQRTH 0x3fe6a09e667f3bcdULL /* bits of sqrt(1/2) */

/*
 * log(u) for a positive normal finite double u: u = 2^k m with m in
 * [sqrt(1/2), sqrt(2)) from the bits, s = (m - 1)/(m + 1), |s| < 0.1716, and
 * log(m) = 2 atanh(s) = 2s + s^3 (2/3 + 2/5 s^2 + ... + 2/13 s^10), the
 * series cut after s^13 (relative truncation s^14/15 < 2^-39.5), plus k ln2
 * in two parts. Absolute error below 2^-38 |log u| + 2^-52.
 */
static inline double rp_vm_logd(double u)
{
    const uint64_t iu = rp_vm_u64(u), tmp = iu - RP_VM_D_SQRTH;
    const uint64_t kb = (tmp >> 52) ^ 0x800; /* k + 2048, an integer below 2^12 */
    const double kd = rp_vm_f64(0x4330000000000000ULL | kb) - (0x1p52 + 2048.0);
    const double m = rp_vm_f64(iu - (tmp & 0xfff0000000000000ULL));
    const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double q = fma(s2, 2.0 / 13, 2.0 / 11);
    q = fma(q, s2, 2.0 / 9);
    q = fma(q, s2, 2.0 / 7);
    q = fma(q, s2, 2.0 / 5);
    q = fma(q, s2, 2.0 / 3);
    const double t = fma(s * s2, q, fma(kd, RP_VM_LN2_LO, 2.0 * s));
    return fma(kd, RP_VM_LN2_HI, t);
}

/*
 * exp(z) for |z| <= 300 (its caller clamps): k = round(z/ln2), r = z - k ln2
 * (Cody-Waite: k ln2hi is exact), |r| <= ln2/2, exp(r) the Taylor polynomial
 * to r^8 (relative truncation 2^-32), times 2^k by the exponent bits (a
 * normal double). Relative error below 2^-31: a float32 rounding of it is
 * within 0.5 + 2^-7 ULP.
 */
static inline double rp_vm_expd(double z)
{
    double kd = fma(z, RP_VM_INVLN2, RP_VM_D_SHIFT);
    const uint64_t k = rp_vm_u64(kd) - rp_vm_u64(RP_VM_D_SHIFT); /* two's complement */
    kd -= RP_VM_D_SHIFT;
    const double r = fma(kd, -RP_VM_LN2_LO, fma(kd, -RP_VM_LN2_HI, z));
    double p = fma(r, 1.0 / 40320, 1.0 / 5040);
    p = fma(p, r, 1.0 / 720);
    p = fma(p, r, 1.0 / 120);
    p = fma(p, r, 1.0 / 24);
    p = fma(p, r, 1.0 / 6);
    p = fma(p, r, 0.5);
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    return p * rp_vm_f64((k + 1023) << 52);
}

#endif
