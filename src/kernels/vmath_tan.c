/*
 * tan, float32, vectorized (see vmath.h for the rules). float64:
 * vmath_tan64.c.
 *
 * In float arithmetic with FMA, 16 lanes per AVX-512 vector, for |x| < 2^17
 * (larger arguments, inf and NaN are rare lanes for libm's tanf): k =
 * round(x 2/pi) by the shift trick, r = x - k pi/2 by Cody-Waite in three
 * FMA steps with pi/2 in three floats (the first step is exact: x and k P1
 * are multiples of 2^-23 or finer and their difference is below 1; each
 * later one rounds once, relative to r), |r| <= pi/4; tan r = r + r u P(u),
 * u = r^2, P of degree 6 fitted for relative error (Lawson's minimax
 * iteration: 2^-29.6); an odd k gives -1/tan r. |x| < 2^-12 returns x (tan x
 * rounds to x; no arithmetic on a subnormal, so no underflow, as NumPy).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"

#define TAN_TINY_BITS 0x39800000u /* 2^-12 */
#define TAN_HUGE_BITS 0x48000000u /* 2^17 */
#define SHIFT 0x1.8p23f           /* x + SHIFT rounds x to an integer in the low bits */

static const float TAN_P[7] = {0x1.555560p-2f, 0x1.110d8cp-3f,  0x1.badc1cp-5f, 0x1.5cad5ep-6f,
                               0x1.631f32p-7f, 0x1.6e9676p-14f, 0x1.1edfc4p-8f};

static inline int tan_rare_f32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) >= TAN_HUGE_BITS; }
static inline float tan_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int big = ax >= TAN_HUGE_BITS, tiny = ax < TAN_TINY_BITS;
    *rare |= (uint32_t)big;
    const float xs = rp_vm_f32(rp_vm_sel32(big | tiny, 0, ix));
    float kf = fmaf(xs, 0x1.45f306p-1f, SHIFT);
    const uint32_t odd = (rp_vm_u32(kf) - rp_vm_u32(SHIFT)) & 1;
    kf -= SHIFT;
    float r = fmaf(-kf, 0x1.921fb6p0f, xs); /* exact */
    r = fmaf(-kf, -0x1.777a5cp-25f, r);
    r = fmaf(-kf, -0x1.ee58p-50f, r);
    const float u = r * r;
    const float t = fmaf(r * u, horner_f32(u, TAN_P, 7), r);
    /* -1/t for odd k (t is never 0 there: no multiple of pi/2 is a float) */
    const float cot = -1.0f / rp_vm_self((int)odd, t, 1.0f);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, rp_vm_u32(rp_vm_self((int)odd, cot, t))));
}

RP_VM_F32_LIBM_RARE(tan, tan_fast_f32, tan_rare_f32, tanf)

void RP_ISA_FN(rp_fill_vmath_tan)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_tan][RP_FLOAT32] = k_tan_f32;
}
