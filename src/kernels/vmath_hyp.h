/*
 * Shared by the hyperbolic families (vmath_hyp.c: sinh, cosh, tanh;
 * vmath_ahyp.c: arcsinh, arccosh, arctanh): float32 computed by the float64
 * algorithm, and two vocabulary words the float64 bodies (.inc) need beyond
 * vmath_vec.h's.
 *
 * Each of these float32 functions is its float64 function applied to the
 * exact double of the argument and rounded once to float: the double result
 * is within 0.6 ULP of a double, so the float is within 0.5 ULP plus 2^-28
 * of one (correctly rounded but in rare near-halfway cases), one algorithm
 * per function, and the rounding to float raises the float32 overflow
 * (sinh, cosh) where NumPy does. A float32 argument is never rare for the
 * float64 fast path unless it is also rare for float32 (inf, NaN, domain
 * edges), so the rare lanes rerun in float64 too and round the same way.
 */
#ifndef RAPTORS_VMATH_HYP_H
#define RAPTORS_VMATH_HYP_H

#include <math.h>

#include "vmath.h"
#include "vmath_vec.h"

#ifdef VM_LANES
static inline rp_vd rp_hy_vsqrt(rp_vd a) { return (rp_vd)_mm512_sqrt_pd((__m512d)a); }
#endif

/* c ? a : b for doubles (or vectors of them), c a comparison; and the square
 * root, both in the current vocabulary (vmath_vdefs.h). */
#define HY_SELD(c, a, b) VM_FROM(VM_SEL((c), VM_BITS(a), VM_BITS(b)))
#define HY_SQRT_SCALAR(a) sqrt(a)
#define HY_SQRT_VECTOR(a) rp_hy_vsqrt(a)

/*
 * The float32 loop of a float64 function: each block of floats is widened
 * into a buffer of doubles, run through the float64 fast function (whole
 * vectors by head, as in RP_VM_UNARY_RUN_RARE_HEAD, then the scalar), and
 * rounded back; the block's rare elements then rerun through slow32.
 */
#define RP_HY_WIDE_RUN(rname, head, fast, israre32, slow32)                                        \
    static unsigned rname(const float *restrict a, float *restrict o, rp_intp n)                   \
    {                                                                                              \
        unsigned err = 0;                                                                          \
        double xb[RP_VM_BLOCK], yb[RP_VM_BLOCK];                                                   \
        for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                             \
            const rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                           \
            uint64_t rare = 0;                                                                     \
            rp_intp i = 0;                                                                         \
            for (rp_intp j = 0; j < m; j++)                                                        \
                xb[j] = (double)a[b + j];                                                          \
            head(xb, yb, m, i, rare);                                                              \
            for (; i < m; i++)                                                                     \
                yb[i] = fast(xb[i], &rare);                                                        \
            for (rp_intp j = 0; j < m; j++)                                                        \
                o[b + j] = (float)yb[j];                                                           \
            if (rare)                                                                              \
                RP_VM_RERUN_RARE(a + b, o + b, m, israre32, slow32, err);                          \
        }                                                                                          \
        return err;                                                                                \
    }

/*
 * The float64 kernel of name from name_fast_f64 (scalar, and name_fast_f64_v
 * on an ISA with vectors), name_rare_f64 and name_f64 (the careful element
 * function for the rare arguments): k_name_f64. The file defines
 * name_HEAD(ab, ob, m, i, rare) as RP_HY_VEC(name_fast_f64_v, ab, ob, m, i, rare).
 * RP_HY_WIDE(name): k_name_f32 from the same, through the wide loop;
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
#define RP_HY_WIDE(name)                                                                           \
    static inline int name##_rare_f32(float x) { return name##_rare_f64((double)x); }             \
    static inline float name##_f32(float x, unsigned *err) { return (float)name##_f64(x, err); }   \
    RP_HY_WIDE_RUN(name##_run_f32, name##_HEAD, name##_fast_f64, name##_rare_f32, name##_f32)     \
    RP_VM_UNARY(k_##name##_f32, float, name##_run_f32)
/* For a function whose name_f64 raises nothing on a common argument. */
#define RP_HY_WIDE_ONE(name)                                                                       \
    static inline float name##_wide_f32(float x, unsigned *err)                                    \
    {                                                                                              \
        uint64_t rare = 0; /* both sides computed: the rerun loop may be vectorized */           \
        const double f = name##_fast_f64((double)x, &rare), r = name##_f64((double)x, err);       \
        return (float)rp_vm_seld(name##_rare_f64((double)x), r, f);                               \
    }
#define RP_HY_KERNELS(name) RP_HY_KERNEL64(name) RP_HY_WIDE(name)

#endif
