/*
 * exp, float64 and float32, vectorized (see vmath.h for the rules).
 *
 * float64 is Tang's table-driven method with FMA, written once for the
 * scalar and the vector type (vmath_exp64.inc, whose comment has the
 * method; the vector form where the ISA has one, vmath_vec.h). Max error
 * 0.54 ULP over the normal results, 0.5 below (docs/ufuncs.md).
 *
 * float32's common arguments take exp_fast_f32 (float arithmetic, FMA,
 * below); the others this double-precision version:
 * float32 is computed in double without a table: k = round(x/ln2), |r| <=
 * ln2/2, a degree-8 Taylor polynomial (relative error < 2^-31), then one
 * rounding to float, whose overflow or underflow raises the flags.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_vec.h"

#include "vmath_tables.h"

#define SHIFT 0x1.8p52 /* x + SHIFT rounds x to an integer held in the low bits */
#define QNAN64 0x0008000000000000ULL
#define QNAN32 0x00400000u

#include "vmath_exp64.h"
static inline int exp_rare_f64(double x) { return (rp_vm_u64(x) << 1) >= (EXP64_HI << 1); }
static inline int exp2_rare_f64(double x) { return (rp_vm_u64(x) << 1) >= (EXP2_64_HI << 1); }
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_expm1_64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_expm1_64.inc"
#undef VM_VECTOR
#endif

/*
 * The rare float64 arguments of exp_fast_f64 (|x| >= 708, inf, NaN), one at
 * a time: the same reduction and polynomial (exp_core), with the scale kept
 * normal by an offset of the exponent that one final product removes:
 * 2^1009 above (that product overflows, raising the flag, where exp does),
 * 2^-1022 below, where a result in the subnormals is first rounded to its
 * final spacing by adding 1 (with the low part of the sum carried), so the
 * product is exact and the result rounded once (after the special case of
 * ARM's optimized-routines exp). x beyond +-746 runs as +-746 (exp is inf or
 * 0 there, with the flags).
 */
static inline double exp_f64(double x, unsigned *err)
{
    const uint64_t ix = rp_vm_u64(x);
    if ((ix << 1) > 0xffe0000000000000ULL)
        return rp_vm_f64(ix | QNAN64);
    if ((ix << 1) == 0xffe0000000000000ULL)
        return ix >> 63 ? 0.0 : x;
    const double xs = x > 746.0 ? 746.0 : x < -746.0 ? -746.0 : x;
    double s, res;
    const double t = exp_core_f64(xs, &s);
    if (xs > 0) {
        s = rp_vm_f64(rp_vm_u64(s) - (1009ULL << 52));
        res = fma(s, t, s) * 0x1p1009;
    } else {
        s = rp_vm_f64(rp_vm_u64(s) + (1022ULL << 52));
        double y = fma(s, t, s);
        if (y < 1.0) {
            const double lo = fma(s, t, s - y), hi = 1.0 + y;
            y = (hi + ((1.0 - hi) + y + lo)) - 1.0;
        }
        res = y * 0x1p-1022;
        /* NumPy reports underflow for every result below the normals, exact
         * or not (IEEE's flag misses the exact ones). */
        *err |= (unsigned)(res < 0x1p-1022) * RP_UFUNC_UNDERFLOW;
    }
    return res;
}

/* NumPy's float32 exp also reports underflow for a subnormal argument (its
 * SIMD kernel's arithmetic does), although the result is 1: so does this. */
static inline float exp_f32(float x, unsigned *err)
{
    const uint32_t ix = rp_vm_u32(x);
    *err |= (unsigned)((ix & 0x7fffffffu) - 1 < 0x007fffffu) * RP_UFUNC_UNDERFLOW;
    const int nonfinite = ((ix >> 23) & 0xff) == 0xff;
    double xd = (double)rp_vm_f32(rp_vm_sel32(nonfinite, 0, ix));
    const int big = xd > 100.0, small = xd < -120.0;
    xd = rp_vm_seld(big, 100.0, xd);
    xd = rp_vm_seld(small, -120.0, xd);
    double kd = xd * RP_VM_INVLN2 + SHIFT;
    const uint64_t k = rp_vm_u64(kd) - rp_vm_u64(SHIFT); /* two's complement */
    kd -= SHIFT;
    const double r = (xd - kd * RP_VM_LN2_HI) - kd * RP_VM_LN2_LO;
    const double p =
        1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 +
                   r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 +
                   r * (1.0 / 5040 + r * (1.0 / 40320))))))));
    const float res = (float)(p * rp_vm_f64((k + 1023) << 52));
    *err |= (unsigned)((rp_vm_u32(res) < 0x00800000u) & !nonfinite) * RP_UFUNC_UNDERFLOW;
    const uint32_t inf = rp_vm_sel32((int)(ix >> 31), 0, ix);
    const uint32_t spec = rp_vm_sel32((ix << 1) > 0xff000000u, ix | QNAN32, inf);
    return rp_vm_self(nonfinite, rp_vm_f32(spec), res);
}

/*
 * The fast float32 exp, in float arithmetic with FMA (fmaf: one instruction
 * where the ISA has it, glibc's correctly rounded fmaf in the baseline, the
 * same bits): k = round(x/ln2) by the shift trick, r = x - k ln2 with ln2
 * in two parts (the first of 16 bits, so k times it and the subtraction are
 * exact), exp(r) by a degree-6 polynomial (1 + r + r^2 c(r), c fitted on
 * |r| <= 0.35: relative error 2^-26.4) in Horner form (no intermediate can
 * underflow), and 2^k added to the exponent bits. |x| in [2^-126, 86)
 * keeps the result normal and finite; zero gives exactly 1; everything
 * else (subnormal, larger, inf, NaN) is rare and goes to exp_f32 above.
 */
#define EXP32_LO 0x00800000u /* 2^-126 */
#define EXP32_HI 0x42ac0000u /* 86.0f */
static inline int exp_rare_f32(float x)
{
    const uint32_t ax = rp_vm_u32(x) & 0x7fffffffu;
    return (ax - EXP32_LO >= EXP32_HI - EXP32_LO) & (ax != 0);
}
static inline float exp_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int ok = ax - EXP32_LO < EXP32_HI - EXP32_LO;
    *rare |= (uint32_t)(!ok & (ax != 0));
    const float xs = rp_vm_f32(rp_vm_sel32(ok, ix, 0));
    const float shift = 0x1.8p23f;
    float kf = fmaf(xs, 0x1.715476p0f, shift);
    const uint32_t k = rp_vm_u32(kf) - rp_vm_u32(shift); /* two's complement */
    kf -= shift;
    float r = fmaf(kf, -0x1.62e4p-1f, xs);      /* ln2 hi: 16 bits, exact */
    r = fmaf(kf, -0x1.7f7d1cp-20f, r);          /* ln2 - hi */
    float q = fmaf(0x1.6d4932p-10f, r, 0x1.12107cp-7f);
    q = fmaf(q, r, 0x1.5554e4p-5f);
    q = fmaf(q, r, 0x1.5554d8p-3f);
    q = fmaf(q, r, 0.5f);
    q = fmaf(q, r, 1.0f);
    const float p = fmaf(q, r, 1.0f);
    return rp_vm_f32(rp_vm_u32(p) + (k << 23));
}


/*
 * float32 exp2 in float arithmetic with FMA (as exp_fast_f32): k = round(x)
 * by the shift trick, r = x - k exact, |r| <= 1/2, 2^r = 1 + r q(r) with q of
 * degree 5 fitted on r's interval (relative error 2^-25.9, coefficients
 * rounded to float), 2^k added to the exponent bits. |x| < 125 keeps the
 * result normal and finite (a subnormal x gives 1 and no flag, as NumPy's);
 * the rest (|x| >= 125, inf, NaN) is rare and calls libm's exp2f, with its
 * flags there.
 */
#define EXP2_32_HI 0x42fa0000u /* 125.0f */
static inline int exp2_rare_f32(float x) { return (rp_vm_u32(x) & 0x7fffffffu) >= EXP2_32_HI; }
static inline float exp2_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int ok = (ix & 0x7fffffffu) < EXP2_32_HI;
    *rare |= (uint32_t)((ix & 0x7fffffffu) >= EXP2_32_HI);
    const float xs = rp_vm_f32(rp_vm_sel32(ok, ix, 0));
    const float shift = 0x1.8p23f, kf = xs + shift;
    const uint32_t k = rp_vm_u32(kf) - rp_vm_u32(shift); /* two's complement */
    const float r = xs - (kf - shift);
    float q = fmaf(0x1.41fc76p-13f, r, 0x1.5f3e6p-10f);
    q = fmaf(q, r, 0x1.3b2d4cp-7f);
    q = fmaf(q, r, 0x1.c6aee8p-5f);
    q = fmaf(q, r, 0x1.ebfbdcp-3f);
    q = fmaf(q, r, 0x1.62e43p-1f);
    const float p = fmaf(q, r, 1.0f);
    return rp_vm_f32(rp_vm_u32(p) + (k << 23));
}
RP_VM_LIBM_SLOW(exp2_slow_f32, float, exp2f)

/*
 * float32 expm1 in float arithmetic with FMA: k = round(x/ln2), r = x - k ln2
 * (ln2 in two parts, as exp_fast_f32), |r| <= ln2/2, expm1(r) = r + r^2 q(r)
 * with q of degree 5 fitted on r's interval (relative error 2^-28.8), and
 * expm1(x) = 2^k expm1(r) + (2^k - 1), one FMA (2^k - 1 is exact for k >=
 * -24; k = 0 leaves expm1(r) itself, so small arguments keep their relative
 * accuracy). |x| < 2^-25 returns x (expm1 rounds to it there; computing r^2
 * could underflow, and NumPy reports nothing for a subnormal x); x below -25
 * runs as -25 (the result rounds to -1). The rare lanes, x >= 88 (overflow
 * from 88.72), +inf and NaN, call libm's expm1f.
 */
#define EXPM1_32_TINY 0x33000000u /* 2^-25 */
#define EXPM1_32_HI 0x42b00000u   /* 88.0f */
static inline int expm1_rare_f32(float x)
{
    const uint32_t ix = rp_vm_u32(x);
    return (ix < 0x80000000u) & (ix >= EXPM1_32_HI);
}
static inline float expm1_fast_f32(float x, uint32_t *rare)
{
    /* the bits compared as signed (one compare on AVX2, two unsigned) */
    const uint32_t ix = rp_vm_u32(x);
    const int32_t sx = (int32_t)ix, ax = (int32_t)(ix & 0x7fffffffu);
    const int bad = sx >= (int32_t)EXPM1_32_HI, tiny = ax < (int32_t)EXPM1_32_TINY;
    *rare |= (uint32_t)bad;
    const int low = (sx < 0) & (ax > 0x41c80000); /* x < -25, -inf and negative NaN */
    float xs = rp_vm_f32(rp_vm_sel32(bad | tiny, 0, ix));
    xs = rp_vm_f32(rp_vm_sel32(low, 0xc1c80000u, rp_vm_u32(xs))); /* -25 */
    const float shift = 0x1.8p23f;
    float kf = fmaf(xs, 0x1.715476p0f, shift);
    const uint32_t k = rp_vm_u32(kf) - rp_vm_u32(shift); /* two's complement */
    kf -= shift;
    float r = fmaf(kf, -0x1.62e4p-1f, xs); /* ln2 hi: 16 bits, exact */
    r = fmaf(kf, -0x1.7f7d1cp-20f, r);
    float q = fmaf(0x1.a03478p-13f, r, 0x1.6d7204p-10f);
    q = fmaf(q, r, 0x1.111188p-7f);
    q = fmaf(q, r, 0x1.5554b2p-5f);
    q = fmaf(q, r, 0x1.555554p-3f);
    q = fmaf(q, r, 0.5f);
    const float e = fmaf(r * r, q, r);
    const float s = rp_vm_f32((k + 127) << 23);
    const float res = fmaf(s, e, s - 1.0f);
    /* (a negative NaN is low: it is returned quiet, as the rare lanes' are) */
    const int nan = ax > 0x7f800000;
    return rp_vm_f32(rp_vm_sel32(tiny, ix, rp_vm_sel32(nan, ix | QNAN32, rp_vm_u32(res))));
}
RP_VM_LIBM_SLOW(expm1_slow_f32, float, expm1f)

#ifdef VM_LANES
#define EXP64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(exp_fast_f64_v, ab, ob, m, i, rare)
#else
#define EXP64_HEAD RP_VM_NO_HEAD
#endif
RP_VM_UNARY_RUN_RARE_HEAD(exp_run_f64, double, uint64_t, EXP64_HEAD, exp_fast_f64, exp_rare_f64,
                          exp_f64)
RP_VM_UNARY_RUN_RARE(exp_run_f32, float, uint32_t, exp_fast_f32, exp_rare_f32, exp_f32)
RP_VM_UNARY(k_exp_f64, double, exp_run_f64)
RP_VM_UNARY(k_exp_f32, float, exp_run_f32)
#ifdef VM_LANES
#define EXPM1_64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(expm1_fast_f64_v, ab, ob, m, i, rare)
#else
#define EXPM1_64_HEAD RP_VM_NO_HEAD
#endif
RP_VM_LIBM_SLOW(expm1_slow_f64, double, expm1)
RP_VM_UNARY_RUN_RARE_HEAD(expm1_run_f64, double, uint64_t, EXPM1_64_HEAD, expm1_fast_f64,
                          exp_rare_f64, expm1_slow_f64)
RP_VM_UNARY(k_expm1_f64, double, expm1_run_f64)
#ifdef VM_LANES
#define EXP2_64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(exp2_fast_f64_v, ab, ob, m, i, rare)
#else
#define EXP2_64_HEAD RP_VM_NO_HEAD
#endif
/* libm's exp2 reports underflow for an exact subnormal power of two; NumPy
 * (and IEEE) do not: those come from the bits. */
static inline double exp2_slow_f64(double x, unsigned *err)
{
    (void)err;
    if (isgreaterequal(x, -1074.0) && isless(x, -1022.0) && x == (double)(int)x)
        return rp_vm_f64(1ULL << (int)(x + 1074.0));
    return exp2(x);
}
RP_VM_UNARY_RUN_RARE_HEAD(exp2_run_f64, double, uint64_t, EXP2_64_HEAD, exp2_fast_f64,
                          exp2_rare_f64, exp2_slow_f64)
RP_VM_UNARY(k_exp2_f64, double, exp2_run_f64)
RP_VM_UNARY_RUN_RARE(exp2_run_f32, float, uint32_t, exp2_fast_f32, exp2_rare_f32, exp2_slow_f32)
RP_VM_UNARY(k_exp2_f32, float, exp2_run_f32)
RP_VM_UNARY_RUN_RARE(expm1_run_f32, float, uint32_t, expm1_fast_f32, expm1_rare_f32,
                     expm1_slow_f32)
RP_VM_UNARY(k_expm1_f32, float, expm1_run_f32)

void RP_ISA_FN(rp_fill_vmath_exp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, exp);
    t->ufunc.k[RP_OP_exp2][RP_FLOAT32] = k_exp2_f32;
    t->ufunc.k[RP_OP_expm1][RP_FLOAT32] = k_expm1_f32;
    t->ufunc.k[RP_OP_expm1][RP_FLOAT64] = k_expm1_f64;
    t->ufunc.k[RP_OP_exp2][RP_FLOAT64] = k_exp2_f64;
}
