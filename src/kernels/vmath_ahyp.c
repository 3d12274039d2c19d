/*
 * arcsinh, arccosh and arctanh, float64 and float32, vectorized (see vmath.h
 * for the rules; vmath_ahyp64.inc has the method, vmath_hyp.h the float32
 * loop: the float64 function rounded once to float).
 *
 * The rare arguments, one at a time, as NumPy: NaN quieted with no flag;
 * arcsinh(+-inf) = +-inf, arccosh(+inf) = inf; arccosh of x < 1 (-inf
 * included) and arctanh of |x| > 1 are NaN with invalid, arctanh(+-1) is
 * +-inf with divide by zero, returned as error bits.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_hyp.h"
#include "vmath_tables.h"

#define HY_TINY 0x3e40000000000000ULL /* 2^-27: arcsinh, arctanh x below */
#define AH_BIG 0x41b0000000000000ULL  /* 2^28: arcsinh, arccosh log(2|x|) above */
#define QNAN64 0x0008000000000000ULL
#define DEFAULT_NAN 0xfff8000000000000ULL

#include "vmath_vdefs.h"
#include "vmath_ahyp64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_ahyp64.inc"
#undef VM_VECTOR
#endif

static inline int arcsinh_rare_f64(double x) { return (rp_vm_u64(x) << 1) >= 0xffe0000000000000ULL; }
static inline int arccosh_rare_f64(double x)
{
    return rp_vm_u64(x) - 0x3ff0000000000000ULL >= 0x7ff0000000000000ULL - 0x3ff0000000000000ULL;
}
static inline int arctanh_rare_f64(double x) { return (rp_vm_u64(x) << 1) >= 0x7fe0000000000000ULL; }

static inline double arcsinh_f64(double x, unsigned *err)
{
    (void)err;
    const uint64_t ix = rp_vm_u64(x);
    return rp_vm_f64((ix << 1) > 0xffe0000000000000ULL ? ix | QNAN64 : ix); /* NaN or +-inf */
}
static inline double arccosh_f64(double x, unsigned *err)
{
    const uint64_t ix = rp_vm_u64(x);
    if ((ix << 1) > 0xffe0000000000000ULL)
        return rp_vm_f64(ix | QNAN64);
    if (ix == 0x7ff0000000000000ULL)
        return x;
    *err |= RP_UFUNC_INVALID;
    return rp_vm_f64(DEFAULT_NAN);
}
static inline double arctanh_f64(double x, unsigned *err)
{
    const uint64_t ix = rp_vm_u64(x);
    if ((ix << 1) > 0xffe0000000000000ULL)
        return rp_vm_f64(ix | QNAN64);
    if ((ix << 1) == 0x7fe0000000000000ULL) {
        *err |= RP_UFUNC_DIVBYZERO;
        return rp_vm_f64((ix & 0x8000000000000000ULL) | 0x7ff0000000000000ULL);
    }
    *err |= RP_UFUNC_INVALID;
    return rp_vm_f64(DEFAULT_NAN);
}

#define arcsinh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arcsinh_fast_f64_v, ab, ob, m, i, rare)
#define arccosh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arccosh_fast_f64_v, ab, ob, m, i, rare)
#define arctanh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arctanh_fast_f64_v, ab, ob, m, i, rare)
RP_HY_KERNELS(arcsinh)
RP_HY_KERNELS(arccosh)
RP_HY_KERNELS(arctanh)

void RP_ISA_FN(rp_fill_vmath_ahyp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, arcsinh);
    RP_VM_SET_UNARY(t, arccosh);
    RP_VM_SET_UNARY(t, arctanh);
}
