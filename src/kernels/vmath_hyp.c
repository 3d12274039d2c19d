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
 * near 0, e^a or e^2a from one reduction further out), sinh as cosh. A
 * tiny |x| (below 2^-12) gives x
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

/* |x|'s bits as a signed integer (comparisons and clamps in one AVX2
 * instruction: it has no unsigned compare), clamped to [2^-12, hi]. */
static inline float hypf_clamp(int32_t ax, uint32_t hi)
{
    const int32_t am = ax < (int32_t)hi ? ax : (int32_t)hi;
    return rp_vm_f32((uint32_t)(am > (int32_t)HF_TINY ? am : (int32_t)HF_TINY));
}

/*
 * cosh and sinh: 2 cosh a = u (1 + p) + e^-a as (u + u r) + (u (r^2 q + rl) +
 * e^-a), 2 sinh a the same with - e^-a (hypf_far, sg = +-1), u + u r an exact
 * Fast2Sum (the rounding of p or r alone, times u, would cost up to half an
 * ULP), e^-a = 2^-k / (1 + p) (its relative error 2^-23; 2^-min(k, 64) so
 * that no product is subnormal), for a >= 0.55 (cosh) or 1.25 (sinh), where
 * e^-a's error is a small part of an ULP: the last addition is the large
 * rounding. Below, cosh a = 1 + a^2 C(a^2), C of degree 2 fitted as HYPF_Q
 * (2^-28.6), and sinh a = a + a^3 S(a^2), S Taylor's to a^11 (2^-28.7 at
 * 1.25). Max error 0.874 ULP for cosh (every float32 below 88, at 1.04); sinh
 * docs/ufuncs.md.
 */
#define COSH_MID 0x3f0ccccdu /* 0.55f */
#define SINH_MID 0x3fa00000u /* 1.25f */
static const float COSH_C[3] = {0x1.000004p-1f, 0x1.55501cp-5f, 0x1.6fda1ap-10f};
static const float SINH_S[5] = {1.0f / 6, 1.0f / 120, 1.0f / 5040, 1.0f / 362880, 1.0f / 39916800};
static inline float hypf_far(float a, float sg)
{
    float r, rl, q;
    const float u = hypf_exp(a, &r, &rl, &q), r2 = r * r;
    const int32_t wb = (int32_t)0x7f000000 - (int32_t)rp_vm_u32(u); /* 2^-k's bits */
    const int32_t wm = wb > (int32_t)((127 - 64) << 23) ? wb : (int32_t)((127 - 64) << 23);
    const float ei = rp_vm_f32((uint32_t)wm) * (1.0f / (1.0f + fmaf(r2, q, r)));
    const float ur = u * r, s0 = u + ur, s0l = (u - s0) + ur;
    return 0.5f * (s0 + fmaf(u, fmaf(r2, q, rl), sg * ei + s0l));
}
static inline float sinh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int32_t ax = (int32_t)(ix & 0x7fffffffu);
    *rare |= (uint32_t)(ax >= (int32_t)HF_BIG);
    const float a = hypf_clamp(ax, HF_BIG - 1), a2 = a * a;
    const float ts = fmaf(a2 * a, horner_f32(a2, SINH_S, 5), a);
    const float t = rp_vm_self(ax < (int32_t)SINH_MID, ts, hypf_far(a, -1.0f));
    return rp_vm_f32(rp_vm_sel32(ax < (int32_t)HF_TINY, ix, rp_vm_u32(t) | (ix & 0x80000000u)));
}
static inline float cosh_fast_f32(float x, uint32_t *rare)
{
    const int32_t ax = (int32_t)(rp_vm_u32(x) & 0x7fffffffu);
    *rare |= (uint32_t)(ax >= (int32_t)HF_BIG);
    const float a = hypf_clamp(ax, HF_BIG - 1), a2 = a * a; /* cosh 2^-12 rounds to 1 */
    const float tc = fmaf(a2, horner_f32(a2, COSH_C, 3), 1.0f);
    return rp_vm_self(ax < (int32_t)COSH_MID, tc, hypf_far(a, 1.0f));
}
/*
 * float32 tanh by a table of 14 polynomials, no division (36 instructions a
 * loop of 16 lanes on AVX-512, 57 of 8 on AVX2, where the quotient
 * 1 - 2/(e^(2a) + 1) it replaces took 50 and a division). a = |x| clamped
 * to [2^-12, 10]; interval j from a's bits: j = 0 for a < 1/8, then two per binade ([1/8, 3/16),
 * [3/16, 1/4), ..., [4, 6), [6, 8)) and [8, 10] (13), so a 16-entry table
 * is one permute (vmath_vec32.h). In each, t = a - xc exactly (xc in the
 * interval, a float whose tanh is within 2^-11 ULP of the float c0) and
 * tanh a = c0 + t Q(t), Q of degree 6 fitted by weighted least squares
 * (scripts/fit_tanh32.py); c0 + t Q is one FMA, the only large rounding.
 * For j = 0, xc = c0 = 0 and tanh a = a + a Q(a) (Q = tanh(a)/a - 1, so the
 * last FMA adds a small term to a exact). Max error 0.727 ULP (exhaustive:
 * docs/ufuncs.md). |x| >= 10 computes as 10 and rounds to +-1 (from 9.02 on),
 * inf too, without a rare lane; a tiny |x| (below 2^-12) runs as 2^-12 (no
 * underflow) and returns x; NaN is rare.
 * TANH_T rows: xc, c0, then Q's coefficients from t^0 to t^6.
 */
#define TANH_J0 (0x3e000000u - (1u << 22)) /* bits of 1/8, less one interval: j = 1 there */
static const float TANH_T[9][16] = {
    {0x0p+0f, 0x1.400ba8p-3f, 0x1.bffda6p-3f, 0x1.400624p-2f, 0x1.c0023cp-2f, 0x1.400dfap-1f,
     0x1.c0081p-1f, 0x1.3ff0e4p+0f, 0x1.bff09ap+0f, 0x1.3ff6bcp+1f, 0x1.c01338p+1f, 0x1.405822p+2f,
     0x1.bfe31ep+2f, 0x1.154246p+3f, 0.0f, 0.0f},
    {0x0p+0f, 0x1.3d7728p-3f, 0x1.b8fac6p-3f, 0x1.35ff1ep-2f, 0x1.a5747ap-2f, 0x1.1bfe2cp-1f,
     0x1.686a62p-1f, 0x1.b249c2p-1f, 0x1.e1f878p-1f, 0x1.f92486p-1f, 0x1.ff1174p-1f,
     0x1.fff43ap-1f, 0x1.ffffc8p-1f, 0x1.fffffep-1f, 0.0f, 0.0f},
    {0x1.52308ep-41f, 0x1.f3b27ep-1f, 0x1.e84308p-1f, 0x1.d113c4p-1f, 0x1.a944f6p-1f,
     0x1.627a08p-1f, 0x1.024a5p-1f, 0x1.1f41d4p-2f, 0x1.d2617p-4f, 0x1.b3ee26p-6f, 0x1.dca8dap-9f,
     0x1.78b818p-13f, 0x1.bffd32p-19f, 0x1.00047cp-23f, 0.0f, 0.0f},
    {-0x1.f72214p-32f, -0x1.35d652p-3f, -0x1.a488c2p-3f, -0x1.19962cp-2f, -0x1.5e0ff4p-2f,
     -0x1.893cd8p-2f, -0x1.6ba3d8p-2f, -0x1.e75064p-3f, -0x1.b706d4p-4f, -0x1.ae16eap-6f,
     -0x1.dbcba8p-9f, -0x1.78f12p-13f, -0x1.c04a58p-19f, -0x1.ffd62ap-24f, 0.0f, 0.0f},
    {-0x1.555552p-2f, -0x1.351e04p-2f, -0x1.183b96p-2f, -0x1.c19ceep-3f, -0x1.16dedcp-3f,
     -0x1.233014p-6f, 0x1.4f24dap-4f, 0x1.bbb06ap-4f, 0x1.01d12ep-4f, 0x1.170472p-6f,
     0x1.3c0a8cp-9f, 0x1.f684e6p-14f, 0x1.2acf56p-19f, 0x1.54d54cp-24f, 0.0f, 0.0f},
    {-0x1.5e7dd2p-19f, 0x1.8e7ccp-4f, 0x1.04e026p-3f, 0x1.43d7dp-3f, 0x1.5c26a2p-3f,
     0x1.1a59b6p-3f, 0x1.f1e59ap-5f, -0x1.9b9c72p-7f, -0x1.8179fep-6f, -0x1.07f184p-7f,
     -0x1.3991bp-10f, -0x1.f03b64p-15f, -0x1.273228p-20f, -0x1.5709cp-25f, 0.0f, 0.0f},
    {0x1.112e6ap-3f, 0x1.b7dfaep-4f, 0x1.5c1b4cp-4f, 0x1.74d13ep-5f, -0x1.9105a2p-8f,
     -0x1.c3df7ep-5f, -0x1.e2110cp-5f, -0x1.3b00cep-6f, 0x1.e4377ap-9f, 0x1.771f82p-9f,
     0x1.ee72f6p-12f, 0x1.8cc718p-16f, 0x1.d99124p-22f, 0x1.199a44p-26f, 0.0f, 0.0f},
    {-0x1.31f6b8p-11f, -0x1.6da962p-4f, -0x1.1f328p-4f, -0x1.2ab5aap-4f, -0x1.f8bdep-5f,
     -0x1.89c41ap-6f, 0x1.a7e0ecp-7f, 0x1.ee4f7p-7f, 0x1.1190cp-9f, -0x1.6e71fcp-11f,
     -0x1.4908d6p-13f, -0x1.31e2cep-17f, -0x1.6d313p-23f, -0x1.663b56p-28f, 0.0f, 0.0f},
    {-0x1.a54104p-5f, -0x1.1bf53cp-3f, -0x1.69298ap-6f, -0x1.268b3p-9f, 0x1.716946p-6f,
     0x1.e4f852p-6f, 0x1.6b98dcp-7f, -0x1.22a86ep-8f, -0x1.019426p-9f, 0x1.001f44p-14f,
     0x1.5e7a0cp-15f, 0x1.5bf2acp-19f, 0x1.9a862ap-25f, 0x1.eb4214p-31f, 0.0f, 0.0f},
};

#include "vmath_vec32.h"
#include "vmath_tanh32.inc"
#ifdef VF32_LANES
#define VF32_VECTOR
#include "vmath_vec32.h"
#include "vmath_tanh32.inc"
#undef VF32_VECTOR
#endif
#define TANH32_HEAD(ab, ob, m, i, rare) RP_VF32_LOOP(tanh_fast_f32_v, ab, ob, m, i, rare)
static inline int sinh_rare32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) >= HF_BIG; }
static inline int tanh_rare32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) > 0x7f800000u; }
RP_VM_UNARY_RUN_RARE(sinh_run_f32, float, uint32_t, sinh_fast_f32, sinh_rare32, sinh_wide_f32)
RP_VM_UNARY_RUN_RARE(cosh_run_f32, float, uint32_t, cosh_fast_f32, sinh_rare32, cosh_wide_f32)
RP_VM_UNARY_RUN_RARE_HEAD(tanh_run_f32, float, uint32_t, TANH32_HEAD, tanh_fast_f32, tanh_rare32,
                          tanh_wide_f32)
RP_VM_UNARY(k_sinh_f32, float, sinh_run_f32)
RP_VM_UNARY(k_cosh_f32, float, cosh_run_f32)
RP_VM_UNARY(k_tanh_f32, float, tanh_run_f32)

void RP_ISA_FN(rp_fill_vmath_hyp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, sinh);
    RP_VM_SET_UNARY(t, cosh);
    RP_VM_SET_UNARY(t, tanh);
}
