/*
 * exp, float64 and float32, vectorized (see vmath.h for the rules).
 *
 * float64 is Tang's table-driven method: x = (k/N) ln2 + r, k = round(x N/ln2),
 * N = 128, |r| <= ln2/(2N) (Cody-Waite: ln2/N in two parts, the first short
 * enough that k times it is exact); then exp(x) = 2^(k/N div) * 2^(j/N) *
 * exp(r), j = k mod N, with 2^(j/N) as a double plus its low part and
 * exp(r) - 1 a degree-5 Taylor polynomial (truncation below 2^-60).
 * Max error 0.51 ULP (docs/ufuncs.md). The scale 2^e is applied as two
 * exact powers of two, so results that overflow, or underflow into the
 * subnormals, are rounded once and raise the IEEE flags NumPy reports.
 *
 * float32's common arguments take exp_fast_f32 (float arithmetic, FMA,
 * below); the others this double-precision version:
 * float32 is computed in double without a table: k = round(x/ln2), |r| <=
 * ln2/2, a degree-8 Taylor polynomial (relative error < 2^-31), then one
 * rounding to float, whose overflow or underflow raises the flags.
 */
#include <math.h>

#include "vmath.h"

#include "vmath_tables.h"

#define SHIFT 0x1.8p52 /* x + SHIFT rounds x to an integer held in the low bits */
#define QNAN64 0x0008000000000000ULL
#define QNAN32 0x00400000u

static inline double exp_f64(double x, unsigned *err)
{
    const uint64_t ix = rp_vm_u64(x);
    const uint64_t top = (ix >> 52) & 0x7ff;
    /* NaN and inf are selected at the end; |x| < 2^-60 gives exactly 1 (what
     * exp rounds to) and keeps r*r away from the subnormals. */
    double xs = rp_vm_f64(rp_vm_sel64((top == 0x7ff) | (top < 0x3ff - 60), 0, ix));
    const int big = xs > 709.9, small = xs < -746.0;
    xs = rp_vm_seld(big, 709.9, xs);
    xs = rp_vm_seld(small, -746.0, xs);
    double kd = xs * RP_VM_INVLN2N + SHIFT;
    const uint64_t ku = rp_vm_u64(kd) - rp_vm_u64(SHIFT) + (1u << 20); /* k + 2^20 >= 0 */
    kd -= SHIFT;
    const double r = (xs - kd * RP_VM_LN2N_HI) - kd * RP_VM_LN2N_LO;
    const double p =
        r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
    const uint64_t j = ku & (RP_VM_N - 1);
    const double th = rp_vm_exp2_tab[2 * j], tl = rp_vm_exp2_tab[2 * j + 1];
    const double y = th + (tl + th * p);
    /* 2^e = 2^e1 * 2^e2, both normal for e in [-1077, 1025]. */
    const uint64_t eu = ku >> 7; /* e + 2^13 */
    const uint64_t e1 = (eu >> 1) - 4096 + 1023, e2 = eu - (eu >> 1) - 4096 + 1023;
    const double res = y * rp_vm_f64(e1 << 52) * rp_vm_f64(e2 << 52);
    /* NumPy reports underflow for every result below the normals, exact or
     * not (IEEE's flag misses the exact ones). */
    *err |= (unsigned)((rp_vm_u64(res) < 0x0010000000000000ULL) & (top != 0x7ff)) *
            RP_UFUNC_UNDERFLOW;
    const uint64_t inf = rp_vm_sel64((int)(ix >> 63), 0, ix);
    const uint64_t spec = rp_vm_sel64((ix << 1) > 0xffe0000000000000ULL, ix | QNAN64, inf);
    return rp_vm_seld(top == 0x7ff, rp_vm_f64(spec), res);
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

RP_VM_UNARY_RUN(exp_run_f64, double, exp_f64)
RP_VM_UNARY_RUN_RARE(exp_run_f32, float, uint32_t, exp_fast_f32, exp_rare_f32, exp_f32)
RP_VM_UNARY(k_exp_f64, double, exp_run_f64)
RP_VM_UNARY(k_exp_f32, float, exp_run_f32)

void RP_ISA_FN(rp_fill_vmath_exp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, exp);
}
