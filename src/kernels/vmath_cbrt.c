/*
 * cbrt, float32 and float64, vectorized (see vmath.h for the rules).
 *
 * In float arithmetic with FMA, for |x| in [2^-50, inf) (smaller, zero,
 * subnormals, inf and NaN are rare lanes for libm's cbrtf), with no
 * exponent reduction: every intermediate stays normal there (a z, z ~
 * a^(-1/3), is a^(2/3), z z a^(-2/3); the residual below is a multiple of 2^-126 or
 * zero, so it never underflows). Division-free: z = a^(-1/3) from a guess
 * on the bits (the bits of a power are nearly linear in the bits of the
 * argument: K - bits(a)/3, the third taken in float, relative error below
 * 4%), two Newton steps z <- z (4/3 - (a/3) z z^2) (5, 10, 20 bits), y = a
 * z^2, then one correction y + (a - y^3) z^2/3 with the residual exact
 * enough to round once: y^2 as y y plus its FMA remainder, a - y^2 y by FMA
 * (cancellation leaves it exact to 2^-24 of itself). Max error 0.5155 ULP
 * over every float32 in [2^-50, inf) (docs/ufuncs.md); below, glibc's
 * cbrtf (0.968). (The reduction to [0.5, 4) by a third of the exponent it
 * replaces cost 9 of 44 instructions a vector.)
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"
#include "vmath_vec.h"

#define RCBRT_K 0x54a21d2au /* bits(a^(-1/3)) ~ K - bits(a)/3 */
#define SIGN 0x80000000u

#define CBRT_LO 0x26800000u /* 2^-50 */
static inline int cbrt_rare_f32(float x)
{
    const int32_t ax = (int32_t)(rp_vm_u32(x) & 0x7fffffffu);
    return (ax < (int32_t)CBRT_LO) | (ax >= 0x7f800000);
}
static inline float cbrt_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int32_t ax = (int32_t)(ix & 0x7fffffffu);
    const int bad = (ax < (int32_t)CBRT_LO) | (ax >= 0x7f800000);
    *rare |= (uint32_t)bad;
    const float a = rp_vm_f32(rp_vm_sel32(bad, 0x3f800000u, (uint32_t)ax));
    /* z ~ a^(-1/3): the guess from the bits, two Newton steps (a z and z z
     * stay normal) */
    float z = rp_vm_f32(RCBRT_K - (uint32_t)(int32_t)((float)(int32_t)rp_vm_u32(a) * (1.0f / 3)));
    const float a3 = a * (1.0f / 3); /* (its rounding moves z's target by 2^-26) */
    z = z * fmaf(-(a3 * z), z * z, 4.0f / 3);
    z = z * fmaf(-(a3 * z), z * z, 4.0f / 3);
    const float zz = z * z;
    float y = a * zz; /* cbrt a to about 2^-15 */
    const float y2 = y * y, y2lo = fmaf(y, y, -y2);
    const float r = fmaf(-y2lo, y, fmaf(-y2, y, a)); /* a - y^3 */
    y = fmaf(r, zz * (1.0f / 3), y);                 /* + r / (3 y^2) */
    return rp_vm_f32(rp_vm_u32(y) | (ix & SIGN));
}
RP_VM_F32_LIBM_RARE(cbrt, cbrt_fast_f32, cbrt_rare_f32, cbrtf)

/*
 * float64: the same frame with a in [1, 8) (subnormals rare, then through
 * the fast path after an exact scaling; zero, inf and NaN go to libm's cbrt), a shorter chain of
 * dependent steps: a = m 2^e, m in [1, 2), e = 0, 1, 2; m^(-1/3) by a
 * degree-5 polynomial in m - 3/2 (fitted for relative error on Chebyshev
 * nodes: 2^-17.2), one third-order step z <- z + z d (1/3 + 2d/9), d = 1 -
 * m z^3 (error 4.7 (2^-17.2)^3 = 2^-49.4), times 2^(-e/3); then y = a z^2
 * and the correction by the residual as float32's (quadratic: 2^-97 before
 * the last rounding). Max error 0.5 ULP plus a small fraction (docs/ufuncs.md).
 * The body is vmath_cbrt64.inc, written for the AVX-512 vector type too
 * (AVX2 keeps GCC's vectorization of the scalar form, measured faster there).
 */
static inline int cbrt_rare_f64(double x)
{
    return (rp_vm_u64(x) & 0x7fffffffffffffffULL) - 0x0010000000000000ULL >= 0x7fe0000000000000ULL;
}
/* 2^(-e/3) for a's exponent e = 0, 1, 2 (a table: one permute in the vector form) */
static const double CBRT64_ESCALE[16] = {1.0, 0x1.965fea53d6e3dp-1, 0x1.428a2f98d728bp-1};
#include "vmath_vdefs.h"
#include "vmath_cbrt64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_cbrt64.inc"
#undef VM_VECTOR
#define CBRT64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(cbrt_fast_f64_v, ab, ob, m, i, rare)
#else
#define CBRT64_HEAD RP_VM_NO_HEAD
#endif
/* A subnormal through the fast path after an exact scaling by 2^54 (libm's
 * cbrt errs by up to 2.2 ULP there), its cube root scaled back by 2^-18
 * (exact: the result is normal); zero, inf and NaN through libm. */
static inline double cbrt_libm_f64(double x, unsigned *err)
{
    (void)err;
    if ((rp_vm_u64(x) & 0x7fffffffffffffffULL) - 1 >= 0x000fffffffffffffULL)
        return cbrt(x); /* (bits: a comparison would raise invalid on NaN) */
    uint64_t rare = 0;
    return cbrt_fast_f64(x * 0x1p54, &rare) * 0x1p-18;
}
RP_VM_UNARY_RUN_RARE_HEAD(cbrt_run_f64, double, uint64_t, CBRT64_HEAD, cbrt_fast_f64, cbrt_rare_f64,
                          cbrt_libm_f64)
RP_VM_UNARY(k_cbrt_f64, double, cbrt_run_f64)

void RP_ISA_FN(rp_fill_vmath_cbrt)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, cbrt);
}
