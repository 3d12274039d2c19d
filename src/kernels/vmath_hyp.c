/*
 * sinh, cosh and tanh, float64 and float32, vectorized (see vmath.h for the
 * rules; vmath_hyp64.inc has the float64 method, the float32 one is below).
 *
 * The rare arguments, one at a time: NaN (quieted, no flag), +-inf (sinh
 * +-inf, cosh +inf, tanh +-1, no flag), and for sinh and cosh 708 <= |x|,
 * where the exp core's scale leaves the normal range: the same reduction
 * with the scale's exponent offset by 2^-1009 (as exp_f64 in vmath_exp.c),
 * e^|x|/2 rounded once and scaled back by 2^1008, a product that overflows,
 * raising the flag, exactly where the result does (e^-|x| is below 2^-1000
 * of it). |x| beyond 720 runs as 720 (inf there too).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"
#include "vmath_hyp.h"
#include "vmath_tables.h"

/* The exp core's names (vmath_exp64.inc is included for exp_core_f64). */
#define SHIFT 0x1.8p52
#include "vmath_exp64.h"

#define HY_TINY 0x3e40000000000000ULL  /* 2^-27: sinh, tanh x and cosh 1 below */
#define HY_FAR 0x4040000000000000ULL  /* 32.0: e^-|x| is 0 to sinh and cosh above */
#define HY_HALF 0x3fe0000000000000ULL  /* 0.5: sinh's polynomial below */
#define TANH_BIG 0x4036000000000000ULL /* 22.0: tanh +-1 above */
#define TANH_POLY 0x3fb0000000000000ULL /* 1/16: tanh's polynomial below */
#define QNAN64 0x0008000000000000ULL

#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_hyp64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_hyp64.inc"
#undef VM_VECTOR
#endif

static inline int sinh_rare_f64(double x) { return (rp_vm_u64(x) << 1) >= (EXP64_HI << 1); }
static inline int cosh_rare_f64(double x) { return sinh_rare_f64(x); }
static inline int tanh_rare_f64(double x) { return (rp_vm_u64(x) << 1) > 0xffe0000000000000ULL; }

/* sinh (odd) or cosh of a rare x, branch-free (GCC may vectorize the rerun
 * loop, so inf and NaN must not reach the arithmetic: they run as 0). */
static inline double sinhcosh_f64(double x, int odd)
{
    const uint64_t ix = rp_vm_u64(x), ax = ix & 0x7fffffffffffffffULL;
    const int nonfinite = ax >= 0x7ff0000000000000ULL;
    const uint64_t a = rp_vm_sel64(ax > 0x4086800000000000ULL /* 720 */, 0x4086800000000000ULL, ax);
    double s;
    const double t = exp_core_f64(rp_vm_f64(rp_vm_sel64(nonfinite, 0, a)), &s);
    s = rp_vm_f64(rp_vm_u64(s) - (1009ULL << 52));
    const uint64_t r = rp_vm_u64(fma(s, t, s) * 0x1p1008) | (odd ? ix & 0x8000000000000000ULL : 0);
    const uint64_t spec = rp_vm_sel64(ax > 0x7ff0000000000000ULL, ix | QNAN64, odd ? ix : ax);
    return rp_vm_f64(rp_vm_sel64(nonfinite, spec, r));
}
static inline double sinh_f64(double x, unsigned *err)
{
    (void)err;
    return sinhcosh_f64(x, 1);
}
static inline double cosh_f64(double x, unsigned *err)
{
    (void)err;
    return sinhcosh_f64(x, 0);
}
static inline double tanh_f64(double x, unsigned *err)
{
    (void)err;
    return rp_vm_f64(rp_vm_u64(x) | QNAN64); /* only NaN is rare */
}

#define sinh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(sinh_fast_f64_v, ab, ob, m, i, rare)
#define cosh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(cosh_fast_f64_v, ab, ob, m, i, rare)
#define tanh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(tanh_fast_f64_v, ab, ob, m, i, rare)
RP_HY_KERNEL64(sinh)
RP_HY_KERNEL64(cosh)
RP_HY_KERNEL64(tanh)
RP_HY_WIDE_ONE(sinh)
RP_HY_WIDE_ONE(cosh)
RP_HY_WIDE_ONE(tanh)

/*
 * float32 sinh, cosh and tanh in float arithmetic with FMA (16 lanes per
 * AVX-512 vector, no table: GCC vectorizes the element code): cosh and tanh
 * in two pieces computed on every lane, one kept (an even or odd polynomial
 * near 0, e^a or e^2a from one reduction further out), sinh in one (its
 * double-float form below). A tiny |x| (below 2^-12) gives x
 * (cosh 1); sinh and cosh from 88 on (inf, NaN too) are rare and round the
 * float64 function (RP_HY_WIDE_ONE), tanh saturates.
 */
#define HF_TINY 0x39800000u /* 2^-12 */
#define HF_BIG 0x42b00000u  /* 88.0 */
#define HF_TANH 0x41200000u /* 10.0 */

/*
 * e^a = u (1 + p), p = e^r - 1 = r + r^2 *q, for 0 <= a < 88: returns u = 2^k,
 * k = round(a/ln2) (0 .. 127); a = k ln2 + r + rl, ln2 in two parts (the
 * first of 16 bits: k times it exact), |r| <= 0.35, rl r's rounding error;
 * q = Q(r) of degree 4 fitted by Lawson's weighted least squares (2^-27.9
 * relative with its float coefficients). u r is exact.
 */
static const float HYPF_Q[5] = {0x1.fffffcp-2f, 0x1.55549p-3f, 0x1.5558fcp-5f, 0x1.123b9ap-7f,
                                0x1.6a2172p-10f};
/* a = k ln2 + r + *rl for 0 <= a < 88: returns r, sets *k (0 .. 127). */
static inline float hypf_reduce(float a, uint32_t *k, float *rl)
{
    const float shift = 0x1.8p23f;
    float kf = fmaf(a, 0x1.715476p0f, shift);
    *k = rp_vm_u32(kf) - rp_vm_u32(shift);
    kf -= shift;
    const float r0 = fmaf(kf, -0x1.62e4p-1f, a); /* exact */
    const float r = fmaf(kf, -0x1.7f7d1cp-20f, r0);
    *rl = fmaf(kf, -0x1.7f7d1cp-20f, r0 - r);
    return r;
}
static inline float hypf_exp(float a, float *r, float *rl, float *q)
{
    uint32_t k;
    *r = hypf_reduce(a, &k, rl);
    *q = horner_f32(*r, HYPF_Q, 5);
    return rp_vm_f32((127 + k) << 23);
}

/*
 * sinh for 0 <= a < 88 with e^r = E + O, E = cosh r = 1 + e2 and
 * O = sinh r = r + o3 (Taylor to r^8 and r^7: below 2^-30 relative), and with
 * u = 2^k, w = 2^-k, c = u + w, s = u - w (each as a float and its exact
 * Fast2Sum remainder):
 *   2 sinh a = u e^r - w e^-r = s + c r + (e2 s + o3 c + sl + cl r + c rl).
 * s + c r is an exact double-float (the product's FMA remainder, a Fast2Sum:
 * |s| >= |c r|), so the large terms round once and nothing cancels (k = 0:
 * s = 0, 2 sinh a = 2 (r + o3)). (The two pieces of cosh below, done for
 * sinh, cost as many instructions and more error.)
 */
static inline float hypf_sinh2(float a)
{
    uint32_t k;
    float rl;
    const float r = hypf_reduce(a, &k, &rl);
    const float u = rp_vm_f32((127 + k) << 23), w = rp_vm_f32((127 - k) << 23); /* 2^-127 as 0 */
    const float c = u + w, cl = (u - c) + w, s = u - w, sl = (u - s) - w;
    const float r2 = r * r;
    float e = fmaf(r2, 1.0f / 40320, 1.0f / 720);
    e = fmaf(e, r2, 1.0f / 24);
    e = fmaf(e, r2, 0.5f);
    const float e2 = e * r2;
    float o = fmaf(r2, 1.0f / 362880, 1.0f / 5040);
    o = fmaf(o, r2, 1.0f / 120);
    o = fmaf(o, r2, 1.0f / 6);
    const float o3 = o * r2 * r;
    const float cr = c * r, crl = fmaf(c, r, -cr), n0 = s + cr;
    return n0 + (((s - n0) + cr) + (crl + fmaf(e2, s, fmaf(o3, c, fmaf(cl, r, fmaf(c, rl, sl))))));
}
/* |x|'s bits as a signed integer (comparisons and clamps in one AVX2
 * instruction: it has no unsigned compare), clamped to [2^-12, hi]. */
static inline float hypf_clamp(int32_t ax, uint32_t hi)
{
    const int32_t am = ax < (int32_t)hi ? ax : (int32_t)hi;
    return rp_vm_f32((uint32_t)(am > (int32_t)HF_TINY ? am : (int32_t)HF_TINY));
}

/*
 * cosh: 2 cosh a = u (1 + p) + e^-a as (u + u r) + (u (r^2 q + rl) + e^-a),
 * u + u r an exact Fast2Sum (the rounding of p or r alone, times u, would
 * cost up to half an ULP), e^-a = 2^-k / (1 + p) (its relative error 2^-23;
 * 2^-min(k, 64) so that no product is subnormal), for a >= 0.55, where
 * e^-a's error is below a tenth of an ULP: the last addition is the large
 * rounding. Below, cosh a = 1 + a^2 C(a^2), C of degree 2 fitted as HYPF_Q
 * (2^-28.6). Max error 0.874 ULP (every float32 below 88, at 1.04).
 */
#define COSH_MID 0x3f0ccccdu /* 0.55f */
static const float COSH_C[3] = {0x1.000004p-1f, 0x1.55501cp-5f, 0x1.6fda1ap-10f};
static inline float sinh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    *rare |= (uint32_t)(ax >= HF_BIG);
    const int tiny = ax < HF_TINY;
    const float two = hypf_sinh2(rp_vm_f32(rp_vm_sel32(tiny | (ax >= HF_BIG), 0, ax)));
    const uint32_t res = rp_vm_u32(0.5f * two) | (ix & 0x80000000u);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, res));
}
static inline float cosh_fast_f32(float x, uint32_t *rare)
{
    const int32_t ax = (int32_t)(rp_vm_u32(x) & 0x7fffffffu);
    *rare |= (uint32_t)(ax >= (int32_t)HF_BIG);
    const float a = hypf_clamp(ax, HF_BIG - 1), a2 = a * a; /* cosh 2^-12 rounds to 1 */
    const float tc = fmaf(a2, horner_f32(a2, COSH_C, 3), 1.0f);
    float r, rl, q;
    const float u = hypf_exp(a, &r, &rl, &q), r2 = r * r;
    const int32_t wb = (int32_t)0x7f000000 - (int32_t)rp_vm_u32(u); /* 2^-k's bits */
    const int32_t wm = wb > (int32_t)((127 - 64) << 23) ? wb : (int32_t)((127 - 64) << 23);
    const float ei = rp_vm_f32((uint32_t)wm) * (1.0f / (1.0f + fmaf(r2, q, r)));
    const float ur = u * r, s0 = u + ur, s0l = (u - s0) + ur;
    const float tl = 0.5f * (s0 + fmaf(u, fmaf(r2, q, rl), ei + s0l));
    return rp_vm_self(ax < (int32_t)COSH_MID, tc, tl);
}
/*
 * float32 tanh in two pieces, both computed for every lane and one kept (no
 * table, no expm1 in double-floats: about 50 vector operations, against 80
 * for the quotient of e^(2a) - 1 by e^(2a) + 1 as double-floats). a = |x|:
 * - a < 0.55: a + a^3 P(a^2), P of degree 4 fitted by Lawson's weighted
 *   least squares (relative error 2^-27.7 with its float coefficients); a^3 P
 *   is below a tenth of a, so the last addition is the only large rounding.
 * - 0.55 <= a < 10: 1 - q, q = 2 / d, d = e^(2a) + 1 = (u + 1) + u p with
 *   e^(2a) = u (1 + p) by hypf_exp (k >= 2 here: u = 2^k and u + 1 exact
 *   below 2^24, beyond which q no longer moves the result). u p is exact, so d = dh + dl
 *   exactly (dh one FMA, dl its remainder by a 2Sum), q = q0 + c with
 *   q0 = 2 / dh and c from the exact FMA remainder of the division, and
 *   1 - q0 is a Fast2Sum: the result rounds once, q <= 1/2 and tanh >= 1/2
 *   there, so the errors of r and p reach it divided by two or more.
 * Max error 0.77 ULP (docs/ufuncs.md). |x| >= 10 computes as 10 (1 - q
 * rounds to 1 from 9.02 on), so inf gives +-1 without a rare lane; a tiny
 * |x| (below 2^-12) runs as 2^-12 (no underflow from a^2) and returns x.
 */
#define TANH_MID 0x3f0ccccdu /* 0.55f: tanh 0.55 > 1/2 */
static const float TANH_P[5] = {-0x1.55554ap-2f, 0x1.110d26p-3f, -0x1.b92876p-5f, 0x1.593cd8p-6f,
                                -0x1.9b2f28p-8f};
static inline float tanh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int32_t ax = (int32_t)(ix & 0x7fffffffu);
    *rare |= (uint32_t)(ax > 0x7f800000);
    const int tiny = ax < (int32_t)HF_TINY, small = ax < (int32_t)TANH_MID;
    const float a = hypf_clamp(ax, HF_TANH); /* NaN and inf compute as 10 */
    const float a2 = a * a;
    const float ts = fmaf(a2 * a, horner_f32(a2, TANH_P, 5), a);
    float r, rl, q;
    const float u = hypf_exp(a + a, &r, &rl, &q); /* k = 0 .. 29 */
    const float p = fmaf(r * r, q, r), u1 = u + 1.0f, up = u * p;
    const float dh = fmaf(u, p, u1), dl = (u1 - dh) + up;
    const float q0 = 2.0f / dh, inv = 0.5f * q0;
    const float c = fmaf(-q0, dl, fmaf(-q0, dh, 2.0f)) * inv;
    const float s = 1.0f - q0, sl = (1.0f - s) - q0;
    const float tl = s + (sl - c);
    const uint32_t t = rp_vm_u32(rp_vm_self(small, ts, tl)) | (ix & 0x80000000u);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, t));
}
static inline int sinh_rare32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) >= HF_BIG; }
static inline int tanh_rare32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) > 0x7f800000u; }
RP_VM_UNARY_RUN_RARE(sinh_run_f32, float, uint32_t, sinh_fast_f32, sinh_rare32, sinh_wide_f32)
RP_VM_UNARY_RUN_RARE(cosh_run_f32, float, uint32_t, cosh_fast_f32, sinh_rare32, cosh_wide_f32)
RP_VM_UNARY_RUN_RARE(tanh_run_f32, float, uint32_t, tanh_fast_f32, tanh_rare32, tanh_wide_f32)
RP_VM_UNARY(k_sinh_f32, float, sinh_run_f32)
RP_VM_UNARY(k_cosh_f32, float, cosh_run_f32)
RP_VM_UNARY(k_tanh_f32, float, tanh_run_f32)

void RP_ISA_FN(rp_fill_vmath_hyp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, sinh);
    RP_VM_SET_UNARY(t, cosh);
    RP_VM_SET_UNARY(t, tanh);
}
