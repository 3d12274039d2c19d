/*
 * arctan, arctan2, arcsin and arccos, float64, vectorized (see vmath.h for
 * the rules; vmath_atan64.inc has the method, vmath_atan.c the float32 ones).
 *
 * The rare arguments rerun through libm's atan, atan2, asin, acos, the same
 * call in every ISA, which gives NumPy's results and flags there: NaN (no
 * flag), arcsin/arccos of |x| > 1 and +-inf (NaN, invalid), and arctan2's
 * zeros, infinities, subnormals, operands beyond [2^-962, 2^1021) and
 * quotients beyond 2^+-60.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_hyp.h"

#define AT_ABS 0x7fffffffffffffffULL
#define AT_SIGN 0x8000000000000000ULL
#define AT_INF 0x7ff0000000000000ULL
#define AT_ONE 0x3ff0000000000000ULL
#define AT_TINY 0x3e40000000000000ULL /* 2^-27: atan x rounds to x below */
#define AT_HUGE 0x4350000000000000ULL /* 2^54: atan x rounds to pi/2 above */
#define AS_TINY 0x3c30000000000000ULL /* 2^-60: asin x rounds to x, acos x to pi/2 */
#define AT2_EMIN 0x03dULL              /* arctan2's fast operands: exponent fields */
#define AT2_EMAX 0x7fcULL              /* 61 (2^-962) .. 2044 (below 2^1022) */
#define AT_PIO2_HI 0x1.921fb54442d18p+0
#define AT_PIO2_LO 0x1.1a62633145c07p-54

/* atan r = r + r u P(u), u = r^2 <= (3/16)^2 (scripts/vmath_fit64.py) */
static const double ATAN64_P[8] = {
    -0x1.5555555555554p-2, 0x1.9999999998f30p-3, -0x1.24924923bc6cep-3, 0x1.c71c70c17a6eep-4,
    -0x1.745cbf49cbebdp-4, 0x1.3b027ac6bf3f3p-4, -0x1.0f1ba3f81ef0dp-4, 0x1.a3ca7b7bebdbcp-5};
/* asin s = s + s z Q(z), z = s^2 <= 1/4 (scripts/vmath_fit64.py) */
static const double ASIN64_Q[13] = {
    0x1.5555555555578p-3, 0x1.333333332df39p-4, 0x1.6db6db7228c40p-5, 0x1.f1c71a8cdd3b6p-6,
    0x1.6e8bdfbd6917ep-6, 0x1.1c49e13d1bba2p-6, 0x1.ca20efb8610bap-7, 0x1.757a7437fb55bp-7,
    0x1.61797335cdfb6p-7, 0x1.e26e50fac982dp-9, 0x1.64aa6518e352dp-6, -0x1.5975466dd4ab5p-6,
    0x1.0bba6ecf2c41ap-5};

/* by idx = row + 4 combo (row: the breakpoint c = 0, 1/4, 1/2, 1): c, and the
 * constant term K pi/2 +- atan c as the double-double hi + lo (mpmath, 300
 * bits), combo 0: atan c, 1: pi/2 - atan c, 2: pi - atan c, 3: pi/2 + atan c
 * (one lookup each: a permute in the vector forms) */
#ifdef VM_LANES /* (the scalar form selects c) */
static const double AT_C16[16] = {0.0, 0.25, 0.5, 1.0, 0.0, 0.25, 0.5, 1.0,
                                  0.0, 0.25, 0.5, 1.0, 0.0, 0.25, 0.5, 1.0};
#endif
static const double AT_AHI16[16] = {
    0.0, 0x1.f5b75f92c80ddp-3, 0x1.dac670561bb4fp-2, 0x1.921fb54442d18p-1,
    0x1.921fb54442d18p+0, 0x1.5368c951e9cfdp+0, 0x1.1b6e192ebbe44p+0, 0x1.921fb54442d18p-1,
    0x1.921fb54442d18p+1, 0x1.72c43f4b1650ap+1, 0x1.56c6e7397f5aep+1, 0x1.2d97c7f3321d2p+1,
    0x1.921fb54442d18p+0, 0x1.d0d6a1369bd34p+0, 0x1.0468a8ace4df6p+1, 0x1.2d97c7f3321d2p+1};
static const double AT_ALO16[16] = {
    0.0, 0x1.8ab6e3cf7afbdp-57, 0x1.a2b7f222f65e2p-56, 0x1.1a62633145c07p-55,
    0x1.1a62633145c07p-54, -0x1.96f47948a99f1p-54, 0x1.b1b466a88828ep-54, 0x1.1a62633145c07p-55,
    0x1.1a62633145c07p-53, 0x1.c1b6f4f44e10bp-53, 0x1.660b64ece6f4bp-53, 0x1.a79394c9e8a0ap-54,
    0x1.1a62633145c07p-54, -0x1.a23602a65700cp-57, 0x1.0620bf7406affp-55, 0x1.a79394c9e8a0ap-54};

#include "vmath_vdefs.h"
#include "vmath_atan64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_atan64.inc"
#undef VM_VECTOR
#endif

static inline int arctan_rare_f64(double x) { return (rp_vm_u64(x) & AT_ABS) > AT_INF; }
static inline int arcsin_rare_f64(double x) { return (rp_vm_u64(x) & AT_ABS) > AT_ONE; }
static inline int arccos_rare_f64(double x) { return arcsin_rare_f64(x); }
RP_VM_LIBM_SLOW(arctan_f64, double, atan)
RP_VM_LIBM_SLOW(arcsin_f64, double, asin)
RP_VM_LIBM_SLOW(arccos_f64, double, acos)

#define arctan_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arctan_fast_f64_v, ab, ob, m, i, rare)
#define arcsin_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arcsin_fast_f64_v, ab, ob, m, i, rare)
#define arccos_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arccos_fast_f64_v, ab, ob, m, i, rare)
RP_HY_KERNEL64(arctan)
RP_HY_KERNEL64(arcsin)
RP_HY_KERNEL64(arccos)

static inline int arctan2_rare_f64(double y, double x)
{
    return atan2_bad(rp_vm_u64(y), rp_vm_u64(x)) != 0;
}
#ifdef VM_LANES
#define arctan2_HEAD(pa, pb, po, m, i, rare)                                                       \
    do {                                                                                           \
        rp_vu vrare_ = {0};                                                                        \
        for (; (i) + VM_LANES <= (m); (i) += VM_LANES)                                             \
            rp_vm_vstore((po) + (i), arctan2_fast_f64_v(rp_vm_vload((pa) + (i)),                   \
                                                        rp_vm_vload((pb) + (i)), &vrare_));        \
        (rare) |= rp_vm_vany(vrare_);                                                              \
    } while (0)
#else
#define arctan2_HEAD RP_VM_NO_HEAD2
#endif
RP_VM_BINARY_RUN_RARE(arctan2_run_f64, double, uint64_t, arctan2_HEAD, arctan2_fast_f64,
                      arctan2_rare_f64, atan2)
RP_VM_BINARY(k_arctan2_f64, double, arctan2_run_f64)

void RP_ISA_FN(rp_fill_vmath_atan64)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_arctan][RP_FLOAT64] = k_arctan_f64;
    t->ufunc.k[RP_OP_arcsin][RP_FLOAT64] = k_arcsin_f64;
    t->ufunc.k[RP_OP_arccos][RP_FLOAT64] = k_arccos_f64;
    t->ufunc.k[RP_OP_arctan2][RP_FLOAT64] = k_arctan2_f64;
}
