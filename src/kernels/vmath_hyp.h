/*
 * Shared by the hyperbolic families (vmath_hyp.c: sinh, cosh, tanh;
 * vmath_ahyp.c: arcsinh, arccosh, arctanh): two vocabulary words the float64
 * bodies (.inc) need beyond vmath_vec.h's, the float64 kernel's shape, and
 * float32 computed by the float64 function (for the float32 kernels' rare
 * arguments).
 *
 * A float32 function computed by its float64 function applied to the exact
 * double of the argument and rounded once to float: the double result is
 * within 0.6 ULP of a double, so the float is within 0.5 ULP plus 2^-28 of
 * one, and the rounding to float raises the float32 overflow (sinh, cosh)
 * where NumPy does.
 */
#ifndef RAPTORS_VMATH_HYP_H
#define RAPTORS_VMATH_HYP_H

#include <math.h>

#include "vmath.h"
#include "vmath_vec.h"

#ifdef VM_LANES
static inline rp_vd rp_hy_vsqrt(rp_vd a) { return rp_vm_vsqrt(a); }
#endif

/* c ? a : b for doubles (or vectors of them), c a comparison; and the square
 * root, both in the current vocabulary (vmath_vdefs.h). */
#define HY_SELD(c, a, b) VM_FROM(VM_SEL((c), VM_BITS(a), VM_BITS(b)))
#define HY_SQRT_SCALAR(a) sqrt(a)
#define HY_SQRT_VECTOR(a) rp_hy_vsqrt(a)

/*
 * The float64 kernel of name from name_fast_f64 (scalar, and name_fast_f64_v
 * on an ISA with vectors), name_rare_f64 and name_f64 (the careful element
 * function for the rare arguments): k_name_f64. The file defines
 * name_HEAD(ab, ob, m, i, rare) as RP_HY_VEC(name_fast_f64_v, ab, ob, m, i, rare).
 * RP_HY_WIDE_ONE(name): name_wide_f32(x), one float by the float64 function.
 */
#ifdef VM_LANES
#define RP_HY_VEC(fastv, ab, ob, m, i, rare) RP_VM_VEC_LOOP(fastv, ab, ob, m, i, rare)
#else
#define RP_HY_VEC(fastv, ab, ob, m, i, rare) (void)0
#endif
#define RP_HY_KERNEL64(name)                                                                       \
    RP_VM_UNARY_RUN_RARE_HEAD(name##_run_f64, double, uint64_t, name##_HEAD, name##_fast_f64,     \
                              name##_rare_f64, name##_f64)                                         \
    RP_VM_UNARY(k_##name##_f64, double, name##_run_f64)
/* For a function whose name_f64 raises nothing on a common argument. */
#define RP_HY_WIDE_ONE(name)                                                                       \
    static inline float name##_wide_f32(float x, unsigned *err)                                    \
    {                                                                                              \
        uint64_t rare = 0; /* both sides computed: the rerun loop may be vectorized */           \
        const double f = name##_fast_f64((double)x, &rare), r = name##_f64((double)x, err);       \
        return (float)rp_vm_seld(name##_rare_f64((double)x), r, f);                               \
    }

#endif
