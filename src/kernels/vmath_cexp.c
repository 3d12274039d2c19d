/*
 * exp of complex64 and complex128, vectorized (see vmath.h for the rules):
 * exp(x + iy) = exp(x) cos y + i exp(x) sin y, as glibc's cexp computes it
 * (NumPy's complex exp is glibc's cexp and cexpf), with raptors' own exp and
 * a sin and cos computed together. The common arguments take the vector
 * loop; the others (non-finite, huge or tiny parts, results near the
 * underflow) rerun through glibc's cexp/cexpf afterwards, the same call in
 * every ISA, so their bits and flags are NumPy's. Accuracy: ufunc_ulp.json's
 * "complex" table (docs/ufuncs.md).
 *
 * Both loops deinterleave a block into real and imaginary arrays, run the
 * element function over them, and interleave the results back: the element
 * code then works on plain arrays, as every other vmath loop.
 */
#include <complex.h>
#include <math.h>

#include "vmath.h"
#include "complex_scalar.h"
#include "vmath_vec.h"

#include "vmath_f32d.h"
#include "vmath_tables.h"

#define SHIFT 0x1.8p52 /* x + SHIFT rounds x to an integer held in the low bits */

#include "vmath_exp64.h"
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_sincos64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_sincos64.inc"
#undef VM_VECTOR
#endif

/* the element types of src/kernels/complex_scalar.h, under short names */
typedef rp_cfloat cx64;
typedef rp_cdouble cx128;

static inline int cexp_rare_f64(double x, double y)
{
    const uint64_t ay = rp_vm_u64(y) & 0x7fffffffffffffffULL;
    return (rp_vm_u64(x) & 0x7fffffffffffffffULL) >= CEXP_XHI ||
           (ay - CEXP_YLO >= CEXP_YHI - CEXP_YLO && ay != 0);
}

/*
 * The contiguous loop of a complex function: per block, the parts
 * deinterleaved into re[] and im[], head(re, im, ore, oim, m, i, rare) (whole
 * vectors, leaving i at the first item it did not compute), fast() for the
 * rest, the results interleaved back, then the block's rare items again
 * through slow (glibc).
 */
#define CEXP_RUN(rname, CX, T, U, head, fast, israre, slow)                                        \
    static unsigned rname(const CX *restrict a, CX *restrict o, rp_intp n)                         \
    {                                                                                              \
        T re[RP_VM_BLOCK], im[RP_VM_BLOCK], ore[RP_VM_BLOCK], oim[RP_VM_BLOCK];                    \
        for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                             \
            const rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                           \
            for (rp_intp i = 0; i < m; i++) {                                                      \
                re[i] = a[b + i].re;                                                               \
                im[i] = a[b + i].im;                                                               \
            }                                                                                      \
            U rare = 0;                                                                            \
            rp_intp i = 0;                                                                         \
            head(re, im, ore, oim, m, i, rare);                                                    \
            for (; i < m; i++)                                                                     \
                fast(re[i], im[i], &ore[i], &oim[i], &rare);                                       \
            for (i = 0; i < m; i++) {                                                              \
                o[b + i].re = ore[i];                                                              \
                o[b + i].im = oim[i];                                                              \
            }                                                                                      \
            if (rare)                                                                              \
                for (i = 0; i < m; i++)                                                            \
                    if (israre(re[i], im[i]))                                                      \
                        o[b + i] = slow(re[i], im[i]);                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }

#ifdef VM_LANES
#define CEXP64_HEAD(re, im, ore, oim, m, i, rare)                                                  \
    do {                                                                                           \
        rp_vu vrare_ = {0};                                                                        \
        for (; (i) + VM_LANES <= (m); (i) += VM_LANES) {                                           \
            rp_vd vr_, vi_;                                                                        \
            cexp_fast_f64_v(rp_vm_vload((re) + (i)), rp_vm_vload((im) + (i)), &vr_, &vi_,          \
                            &vrare_);                                                              \
            rp_vm_vstore((ore) + (i), vr_);                                                        \
            rp_vm_vstore((oim) + (i), vi_);                                                        \
        }                                                                                          \
        (rare) |= rp_vm_vany(vrare_);                                                              \
    } while (0)
#else
#define CEXP64_HEAD(re, im, ore, oim, m, i, rare) (void)0
#endif
static inline cx128 cexp_slow_c128(double x, double y)
{
    const double _Complex r = cexp(CMPLX(x, y));
    const cx128 v = {creal(r), cimag(r)};
    return v;
}
CEXP_RUN(cexp_run_c128, cx128, double, uint64_t, CEXP64_HEAD, cexp_fast_f64, cexp_rare_f64,
         cexp_slow_c128)

/*
 * complex64 in double precision, no table: exp(x) by rp_vm_expd (relative
 * error below 2^-31), sin y and cos y by Taylor polynomials to r^11 and
 * r^12 after a three-part reduction (below 2^-36), their products rounded
 * once to float: within 0.5 + 2^-6 ULP of the true value. |x| < 88 and
 * |y| < 2^20 are computed; a part whose result is below float's
 * normals (underflow, NumPy's flag) or any other argument is rare. Tiny y
 * needs no care in double: y^3 stays far above double's underflow.
 */
#define CEXPF_YHI 0x49800000u /* 2^20 */
static inline void cexp_fast_c64(float x, float y, float *ore, float *oim, uint32_t *rare)
{
    const int xok = (rp_vm_u32(x) & 0x7fffffffu) < 0x42b00000u; /* |x| < 88, quietly for NaN */
    const int yok = (rp_vm_u32(y) & 0x7fffffffu) < CEXPF_YHI;
    const double xd = (double)rp_vm_self(xok, x, 0.0f), yd = (double)rp_vm_self(yok, y, 0.0f);
    const double e = rp_vm_expd(xd);
    double kd = yd * RP_VM_2_OVER_PI + SHIFT;
    const uint64_t q = rp_vm_u64(kd) - rp_vm_u64(SHIFT);
    kd -= SHIFT;
    const double r = ((yd - kd * RP_VM_PIO2_1) - kd * RP_VM_PIO2_2) - kd * RP_VM_PIO2_3;
    const double z = r * r;
    const double s =
        r + r * z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 +
                                                                       z * (-1.0 / 39916800)))));
    const double c =
        1.0 + z * (-0.5 + z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 +
                   z * (-1.0 / 3628800 + z * (1.0 / 479001600))))));
    const uint64_t sb = rp_vm_u64(s), cb = rp_vm_u64(c);
    const double sn = rp_vm_f64(rp_vm_sel64((int)(q & 1), cb, sb) ^ ((q & 2) << 62));
    const double cs = rp_vm_f64(rp_vm_sel64((int)(q & 1), sb, cb) ^ (((q + 1) & 2) << 62));
    const double rd = e * cs, id = e * sn;
    const int rtiny = fabs(rd) < 0x1p-126, itiny = (fabs(id) < 0x1p-126) & (id != 0.0);
    *rare |= (uint32_t)(!xok | !yok | rtiny | itiny);
    *ore = (float)rp_vm_seld(rtiny, 0.0, rd);
    *oim = (float)rp_vm_seld(itiny, 0.0, id);
}

static inline int cexp_rare_c64(float x, float y)
{
    uint32_t rare = 0;
    float re, im;
    cexp_fast_c64(x, y, &re, &im, &rare);
    return rare != 0;
}
static inline cx64 cexp_slow_c64(float x, float y)
{
    const float _Complex r = cexpf(CMPLXF(x, y));
    const cx64 v = {crealf(r), cimagf(r)};
    return v;
}
#define CEXP_NO_HEAD(re, im, ore, oim, m, i, rare) (void)0
CEXP_RUN(cexp_run_c64, cx64, float, uint32_t, CEXP_NO_HEAD, cexp_fast_c64, cexp_rare_c64,
         cexp_slow_c64)

RP_VM_UNARY(k_exp_c128, cx128, cexp_run_c128)
RP_VM_UNARY(k_exp_c64, cx64, cexp_run_c64)

void RP_ISA_FN(rp_fill_vmath_cexp)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_exp][RP_COMPLEX128] = k_exp_c128;
    t->ufunc.k[RP_OP_exp][RP_COMPLEX64] = k_exp_c64;
}
