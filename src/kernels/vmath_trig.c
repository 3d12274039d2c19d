/*
 * sin and cos, float32, vectorized (see vmath.h for the rules). float64
 * stays on libm (NumPy's float64 sin/cos call libm too).
 *
 * In float arithmetic with FMA (16 lanes per AVX-512 vector; computing in
 * double halved the lanes and cost 3x NumPy's time), for |x| < 2^20: k =
 * round(x 2/pi) by the shift trick, r = x - k pi/2 with pi/2 = P1 + P2 + P3
 * in floats. The first step r1 = x - k P1 is exact (both are multiples of
 * 2^-23 or finer and their difference is below 1); k P2 is formed exactly as
 * a float pair (product and FMA remainder) and subtracted by a 2Sum, so r =
 * rh + rl with rl carrying every rounding (and k P3): near a multiple of
 * pi/2, where r cancels, and where a rounded r would cost an ULP of a result
 * one binade below it. Then sin r = rh + (rh u S(u) + rl) and cos r = w +
 * (wl - u_l/2 - rh rl + u^2 C(u)), u + u_l = rh^2 exactly, w + wl = 1 - u/2
 * exactly, S and C Taylor's (degree 9 and 10 in r: below 2^-28 relative
 * on |r| <= 0.8), the large term added last; the
 * quadrant k mod 4 (k + 1 for cos) picks and signs: max error 0.6 ULP
 * (scripts/vmath_exhaustive.c, docs/ufuncs.md). |x| >= 2^20 is recomputed
 * by libm's sinf/cosf as a rare lane (vmath.h's RP_VM_UNARY_RUN_RARE), the
 * same call in every ISA, and so are inf, NaN and the arguments that raise
 * underflow: the vector loop sets no flag. |x| < 2^-12 gives x and 1
 * without arithmetic.
 *
 * Flags as NumPy's float32 kernels: invalid for +-inf; underflow for a
 * nonzero |x| below 0x1.3988e2p-62 (the square times its polynomial's
 * coefficient underflows in NumPy's arithmetic: found by bisection against
 * NumPy 2.4, tests/python/test_vmath.py checks it on both sides of the edge).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"

#define SHIFT 0x1.8p23f              /* x + SHIFT rounds x to an integer in the low bits */
#define HUGE_BITS 0x49800000u        /* 2^20 */
#define NUMPY_UNDERFLOW 0x209cc471u  /* NumPy's float32 sin/cos underflow below this |x| */
#define P1 0x1.921fb6p0f
#define P2 -0x1.777a5cp-25f
#define P3 -0x1.ee59dap-50f

/* (sin r / r - 1) / r^2 and (cos r - 1 + r^2/2) / r^4, in u = r^2 */
static const float SIN_S[4] = {-1.0f / 6, 1.0f / 120, -1.0f / 5040, 1.0f / 362880};
static const float COS_C[4] = {1.0f / 24, -1.0f / 720, 1.0f / 40320, -1.0f / 3628800};

/* Rare lanes: |x| >= 2^20, inf, NaN, and a nonzero |x| below NumPy's
 * underflow edge (each needs a flag or libm). */
static inline int trig_rare(float x)
{
    const uint32_t ax = rp_vm_u32(x) & 0x7fffffffu;
    return (ax >= HUGE_BITS) | (ax - 1 < NUMPY_UNDERFLOW - 1);
}

static inline float sincos_fast_f32(float x, uint32_t *rare, uint32_t cosine)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int tiny = ax < 0x39800000u, huge = ax >= HUGE_BITS;
    *rare |= (uint32_t)(huge | (ax - 1 < NUMPY_UNDERFLOW - 1));
    const float xs = rp_vm_f32(rp_vm_sel32(tiny | huge, 0, ix));
    float kf = fmaf(xs, 0x1.45f306p-1f, SHIFT);
    const uint32_t q = rp_vm_u32(kf) - rp_vm_u32(SHIFT) + cosine; /* cos x = sin(x + pi/2) */
    kf -= SHIFT;
    const float r1 = fmaf(-kf, P1, xs); /* exact */
    const float ph = kf * P2, pl = fmaf(kf, P2, -ph);
    const float rh = r1 - ph, rb = rh - r1;
    const float rl = fmaf(-kf, P3, ((r1 - (rh - rb)) - (ph + rb)) - pl);
    const float u = rh * rh, ul = fmaf(rh, rh, -u);
    const float s = rh + fmaf(rh * u, horner_f32(u, SIN_S, 4), rl);
    /* cos: 1 - u/2 as an exact pair (Fast2Sum), u's rounding error and the
     * rest joining the low part; one rounding of 1 + t held 1.16 ULP */
    const float h = 0.5f * u, w = 1.0f - h, wl = (1.0f - w) - h;
    const float c = w + fmaf(u * u, horner_f32(u, COS_C, 4), wl - fmaf(0.5f, ul, rh * rl));
    const uint32_t res = rp_vm_sel32((int)(q & 1), rp_vm_u32(c), rp_vm_u32(s)) ^ ((q & 2) << 30);
    return rp_vm_f32(rp_vm_sel32(tiny, cosine ? 0x3f800000u : ix, res));
}
static inline float sin_fast_f32(float x, uint32_t *rare) { return sincos_fast_f32(x, rare, 0); }
static inline float cos_fast_f32(float x, uint32_t *rare) { return sincos_fast_f32(x, rare, 1); }

/* A rare lane, one at a time: NaN quieted, +-inf NaN with invalid, a tiny
 * x itself (cos 1) with underflow, the rest libm's. */
static inline float sincos_slow_f32(float x, unsigned *err, int cosine)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    if (ax > 0x7f800000u)
        return rp_vm_f32(ix | 0x00400000u);
    if (ax == 0x7f800000u) {
        *err |= RP_UFUNC_INVALID;
        return rp_vm_f32(0xffc00000u);
    }
    if (ax < NUMPY_UNDERFLOW) {
        *err |= RP_UFUNC_UNDERFLOW;
        return cosine ? 1.0f : x;
    }
    return cosine ? cosf(x) : sinf(x);
}
static inline float sin_slow_f32(float x, unsigned *err) { return sincos_slow_f32(x, err, 0); }
static inline float cos_slow_f32(float x, unsigned *err) { return sincos_slow_f32(x, err, 1); }

RP_VM_UNARY_RUN_RARE(sin_run_f32, float, uint32_t, sin_fast_f32, trig_rare, sin_slow_f32)
RP_VM_UNARY_RUN_RARE(cos_run_f32, float, uint32_t, cos_fast_f32, trig_rare, cos_slow_f32)
RP_VM_UNARY(k_sin_f32, float, sin_run_f32)
RP_VM_UNARY(k_cos_f32, float, cos_run_f32)

void RP_ISA_FN(rp_fill_vmath_trig)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_sin][RP_FLOAT32] = k_sin_f32;
    t->ufunc.k[RP_OP_cos][RP_FLOAT32] = k_cos_f32;
}
