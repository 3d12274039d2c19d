/*
 * tan, float64, vectorized (see vmath.h for the rules; vmath_tan64.inc has
 * the method, vmath_tan.c the float32 one).
 *
 * |x| < 2^-27 gives x (no arithmetic: no underflow for a subnormal, as
 * NumPy); |x| >= 2^20, inf and NaN are rare lanes for libm's tan, the same
 * call in every ISA (NumPy's results and flags there: NaN with invalid for
 * +-inf, nothing for NaN).
 */
#include <math.h>

#include "vmath.h"
#include "vmath_hyp.h"

#define TN_ABS 0x7fffffffffffffffULL
#define TN_SIGN 0x8000000000000000ULL
#define TN_TINY 0x3e40000000000000ULL /* 2^-27: tan x rounds to x below */
#define TN_HUGE 0x4130000000000000ULL /* 2^20: the three-part reduction's end */
#define TN_SHIFT 0x1.8p52
#define TN_2_OVER_PI 0x1.45f306dc9c883p-1
#define TN_P1 0x1.921fb54442d18p+0 /* pi/2 = P1 + P2 + P3 (159 bits) */
#define TN_P2 0x1.1a62633145c07p-54
#define TN_P3 -0x1.f1976b7ed8fbcp-110

/* tan(j/8) for j = -6..6 at index j + 8 (mod 16), high and low parts */
static const double TAN64_HI[16] = {
    0.0, 0.0, -0x1.dcfa36110eeecp-1, -0x1.7166689d41ef0p-1, -0x1.17b4f5bf3474ap-1,
    -0x1.9312d859bf8b0p-2, -0x1.05785a43c4c56p-2, -0x1.01577af1511a5p-3, 0.0,
    0x1.01577af1511a5p-3, 0x1.05785a43c4c56p-2, 0x1.9312d859bf8b0p-2, 0x1.17b4f5bf3474ap-1,
    0x1.7166689d41ef0p-1, 0x1.dcfa36110eeecp-1, 0.0};
static const double TAN64_LO[16] = {
    0.0, 0.0, 0x1.f3cf665127fd2p-57, 0x1.f44ffce65ed2bp-55, -0x1.0c5e59201e209p-55,
    0x1.de9ddeb7d4180p-57, 0x1.9c6bfe7769a3dp-58, 0x1.fba60a478d2b0p-59, 0.0,
    -0x1.fba60a478d2b0p-59, -0x1.9c6bfe7769a3dp-58, -0x1.de9ddeb7d4180p-57, 0x1.0c5e59201e209p-55,
    -0x1.f44ffce65ed2bp-55, -0x1.f3cf665127fd2p-57, 0.0};
/* tan d = d + d^3 Q(d^2): Taylor, 1/3, 2/15, 17/315, 62/2835, 1382/155925, 21844/6081075 */
static const double TAN64_Q[6] = {0x1.5555555555555p-2, 0x1.1111111111111p-3, 0x1.ba1ba1ba1ba1cp-5,
                                  0x1.664f4882c10fap-6, 0x1.226e355e6c23dp-7, 0x1.d6d3d0e157de0p-9};

#include "vmath_vdefs.h"
#include "vmath_tan64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_tan64.inc"
#undef VM_VECTOR
#endif

static inline int tan_rare_f64(double x) { return (rp_vm_u64(x) & TN_ABS) >= TN_HUGE; }
RP_VM_LIBM_SLOW(tan_f64, double, tan)
#define tan_HEAD(ab, ob, m, i, rare) RP_HY_VEC(tan_fast_f64_v, ab, ob, m, i, rare)
RP_HY_KERNEL64(tan)

void RP_ISA_FN(rp_fill_vmath_tan64)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_tan][RP_FLOAT64] = k_tan_f64;
}
