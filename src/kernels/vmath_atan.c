/*
 * arctan, arctan2, arcsin and arccos, float32, vectorized (see vmath.h for
 * the rules). float64: vmath_atan64.c.
 *
 * In float arithmetic with FMA (fmaf: one instruction where the ISA has it,
 * glibc's correctly rounded fmaf in the baseline: the same bits), 16 lanes
 * per AVX-512 vector; the arguments the fast path does not handle (NaN,
 * |x| > 1 for arcsin/arccos, zeros, infinities and extreme ratios for
 * arctan2) are rare lanes that rerun through libm's float function, which
 * gives NumPy's results and flags there.
 *
 * arctan: t = min(|x|, 1/|x|) in [0, 1], atan t = t + t u P(u), u = t^2, P
 * of degree 8 fitted for relative error (Lawson's minimax iteration: 2^-28.5),
 * and atan|x| = pi/2 - atan(1/|x|) above 1 with pi/2 in two floats, the
 * offset's low part added last. |x| < 2^-12 gives x (atan x rounds to x: no
 * arithmetic, so no underflow on subnormals, as NumPy); |x| > 2^26 runs as
 * 2^26 (atan rounds to pi/2 either way; 1/|x| stays normal).
 *
 * arctan2(y, x): t = min/max of |x|, |y| (one division, 0.5 ULP), the same
 * polynomial, and the octant's offset 0, pi/2 or pi with the sign of t's
 * term: atan2 = off + s atan t, then y's sign. Offsets are k pi/2 for a
 * small integer k, computed as k times pi/2's two parts rather than picked
 * by selects of constants (the same bits; the selects ran four times
 * slower on AMD Zen 4).
 *
 * arcsin, arccos: z = x^2 and s = |x| for |x| <= 1/2, else z = (1 - |x|)/2
 * and s = sqrt z (asin|x| = pi/2 - 2 asin s); asin s = s + s z Q(z), Q of
 * degree 4 on [0, 1/4] (2^-27.6); acos x = pi/2 - asin x near 0, 2 asin s or
 * pi - 2 asin s beyond 1/2. |x| < 2^-27 runs as 0 (asin x is x there, acos x
 * pi/2; no arithmetic on a subnormal, no underflow, as NumPy).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"

#define PIO2_HI 0x1.921fb6p0f
#define PIO2_LO -0x1.777a5cp-25f
#define ONE_BITS 0x3f800000u
#define TINY_BITS 0x39800000u /* 2^-12 */
#define HUGE_BITS 0x4c800000u /* 2^26 */
#define ASIN_TINY_BITS 0x32000000u /* 2^-27: asin x rounds to x, acos x to pi/2 */
#define SIGN 0x80000000u

/* atan t = t + t u P(u) for t in [0, 1], u = t^2. */
static const float ATAN_P[9] = {-0x1.55553ep-2f, 0x1.9991fep-3f, -0x1.2421b6p-3f,
                                0x1.c099fep-4f,  -0x1.583490p-4f, 0x1.dac9e0p-5f,
                                -0x1.fed15cp-6f, 0x1.65a65ap-7f,  -0x1.d62feep-10f};
static inline float atan_poly_f32(float t)
{
    const float u = t * t;
    return fmaf(t * u, horner_f32(u, ATAN_P, 9), t);
}

/* asin s = s + s z Q(z) for z = s^2 in [0, 1/4]. */
static const float ASIN_Q[5] = {0x1.5555c8p-3f, 0x1.3301e6p-4f, 0x1.747e36p-5f, 0x1.8c291ap-6f,
                                0x1.596c60p-5f};

/* off + (r with sign bit s), off = (hi, lo): the large terms rounded once,
 * the offset's low part last. */
static inline float atan_offset_f32(float r, uint32_t s, float hi, float lo)
{
    return (hi + rp_vm_f32(rp_vm_u32(r) ^ s)) + lo;
}

static inline int atan_rare_f32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) > 0x7f800000u; }
static inline float atan_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    *rare |= (uint32_t)(ax > 0x7f800000u);
    const int tiny = ax < TINY_BITS;
    const float a = rp_vm_f32(rp_vm_sel32(tiny | (ax > 0x7f800000u), ONE_BITS,
                                          ax < HUGE_BITS ? ax : HUGE_BITS));
    const int big = a > 1.0f;
    const float t = rp_vm_self(big, 1.0f / rp_vm_self(big, a, 1.0f), a);
    const float k = (float)big; /* the offset k pi/2 (exact products) */
    const float r = atan_offset_f32(atan_poly_f32(t), (uint32_t)big << 31, k * PIO2_HI, k * PIO2_LO);
    return rp_vm_f32(rp_vm_sel32(tiny, ax, rp_vm_u32(r)) | (ix & SIGN));
}

/* arcsin (acos = 0) or arccos (acos = 1). */
static inline int asin_rare_f32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) > ONE_BITS; }
static inline float asincos_fast_f32(float x, uint32_t *rare, int acos)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu, sx = ix & SIGN;
    *rare |= (uint32_t)(ax > ONE_BITS);
    const int tiny = ax < ASIN_TINY_BITS, near = ax <= 0x3f000000u; /* |x| <= 1/2 */
    const float a = rp_vm_f32(rp_vm_sel32(tiny | (ax > ONE_BITS), 0, ax));
    const float h = (1.0f - a) * 0.5f;
    const float z = rp_vm_self(near, a * a, h);
    const float s = rp_vm_self(near, a, sqrtf(h));
    const float p = fmaf(s * z, horner_f32(z, ASIN_Q, 5), s); /* asin s */
    if (!acos) {
        const float far = atan_offset_f32(2.0f * p, SIGN, PIO2_HI, PIO2_LO);
        const uint32_t r = rp_vm_sel32(tiny, ax, rp_vm_u32(rp_vm_self(near, p, far)));
        return rp_vm_f32(r | sx);
    }
    /* near: pi/2 - asin x; beyond: 2 asin s (x > 0) or pi - 2 asin s */
    const int neg = sx != 0;
    const float pp = rp_vm_self(near, p, 2.0f * p);
    const uint32_t s_sign = rp_vm_sel32(near, sx ^ SIGN, sx);
    const float k = (float)(int32_t)((uint32_t)near | ((uint32_t)neg << 1 & ((uint32_t)near - 1)));
    return atan_offset_f32(pp, s_sign, k * PIO2_HI, k * PIO2_LO);
}
static inline float asin_fast_f32(float x, uint32_t *rare) { return asincos_fast_f32(x, rare, 0); }
static inline float acos_fast_f32(float x, uint32_t *rare) { return asincos_fast_f32(x, rare, 1); }

/*
 * arctan2's fast lanes: y and x normal with exponent fields at most 23
 * apart, so the quotient and its square stay normal; the rest (zeros,
 * infinities, NaN, subnormals, extreme ratios) is rare and runs through
 * atan2f.
 */
static inline int atan2_rare_f32(float y, float x)
{
    const uint32_t ey = (rp_vm_u32(y) >> 23) & 0xff, ex = (rp_vm_u32(x) >> 23) & 0xff;
    return (ey - 1 >= 0xfe) | (ex - 1 >= 0xfe) | (ey - ex + 23 > 46);
}
static inline float atan2_fast_f32(float y, float x, uint32_t *rare)
{
    const uint32_t iy = rp_vm_u32(y), ix = rp_vm_u32(x);
    const int bad = atan2_rare_f32(y, x);
    *rare |= (uint32_t)bad;
    const float ay = rp_vm_f32(rp_vm_sel32(bad, ONE_BITS, iy & 0x7fffffffu));
    const float ax = rp_vm_f32(rp_vm_sel32(bad, ONE_BITS, ix & 0x7fffffffu));
    const int swap = ay > ax;
    const float t = rp_vm_self(swap, ax, ay) / rp_vm_self(swap, ay, ax);
    const uint32_t xneg = ix >> 31, sw = (uint32_t)swap;
    /* off = k pi/2: k = 1 when swapped, else 2 for x < 0 (k times the two
     * parts is exact); t's term negated when exactly one holds */
    const float k = (float)(int32_t)(sw | ((xneg << 1) & (sw - 1)));
    const float r = atan_offset_f32(atan_poly_f32(t), (sw ^ xneg) << 31, k * PIO2_HI, k * PIO2_LO);
    return rp_vm_f32(rp_vm_u32(r) | (iy & SIGN));
}

RP_VM_F32_LIBM_RARE(atan, atan_fast_f32, atan_rare_f32, atanf)
RP_VM_F32_LIBM_RARE(asin, asin_fast_f32, asin_rare_f32, asinf)
RP_VM_F32_LIBM_RARE(acos, acos_fast_f32, asin_rare_f32, acosf)

RP_VM_BINARY_RUN_RARE(atan2_run_f32, float, uint32_t, RP_VM_NO_HEAD2, atan2_fast_f32, atan2_rare_f32,
                      atan2f)
RP_VM_BINARY(k_atan2_f32, float, atan2_run_f32)

void RP_ISA_FN(rp_fill_vmath_atan)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_arctan][RP_FLOAT32] = k_atan_f32;
    t->ufunc.k[RP_OP_arcsin][RP_FLOAT32] = k_asin_f32;
    t->ufunc.k[RP_OP_arccos][RP_FLOAT32] = k_acos_f32;
    t->ufunc.k[RP_OP_arctan2][RP_FLOAT32] = k_atan2_f32;
}
