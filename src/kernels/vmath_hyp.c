/*
 * sinh, cosh and tanh, float64 and float32, vectorized (see vmath.h for the
 * rules; vmath_hyp64.inc has the method, vmath_hyp.h the float32 loop: the
 * float64 function rounded once to float).
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
#include "vmath_hyp.h"
#include "vmath_tables.h"

/* The exp core's names (vmath_exp64.inc is included for exp_core_f64). */
#define SHIFT 0x1.8p52
#define EXP64_TINY 0x3c90000000000000ULL /* 2^-54 */
#define EXP64_HI 0x4086200000000000ULL   /* 708.0 */

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
RP_HY_KERNELS(sinh)
RP_HY_KERNELS(cosh)
RP_HY_KERNELS(tanh)

void RP_ISA_FN(rp_fill_vmath_hyp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, sinh);
    RP_VM_SET_UNARY(t, cosh);
    RP_VM_SET_UNARY(t, tanh);
}
