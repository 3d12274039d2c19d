/*
 * tanh, float32, vectorized (see vmath.h for the rules). Superseded: the
 * hyperbolic family's fill (vmath_hyp.c, registered after this one) replaces
 * it with a float-arithmetic kernel twice as fast and a float64 one; this
 * file goes when the shared fill lists (register.c, meson.build) settle.
 *
 * Computed in double: tanh|x| = e / (e + 2) with e = expm1(2|x|), and
 * expm1(y) = (2^k - 1) + 2^k expm1(r), k = round(y/ln2), |r| <= ln2/2
 * (Cody-Waite), expm1(r) a degree-9 Taylor polynomial (relative error
 * below 2^-34; k = 0 for y < ln2/2, so small arguments keep their relative
 * accuracy). One rounding to float at the end: max error 0.5 ULP.
 * |x| < 2^-12 returns x itself (tanh x rounds to x there; computing it would
 * round a subnormal and raise the underflow NumPy does not report); |x| > 10
 * (and inf) is clamped to 10, whose tanh rounds to 1.
 */
#include "vmath.h"
#include "vmath_tables.h"

#define SHIFT 0x1.8p52

static inline float tanh_f32(float x, unsigned *err)
{
    (void)err;
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int nan = ax > 0x7f800000u, small = ax < 0x39800000u; /* 2^-12 */
    double y = 2.0 * (double)rp_vm_f32(rp_vm_sel32(nan | small, 0, ax));
    const int big = y > 20.0;
    y = rp_vm_seld(big, 20.0, y);
    double kd = y * RP_VM_INVLN2 + SHIFT;
    const uint64_t k = rp_vm_u64(kd) - rp_vm_u64(SHIFT); /* 0 .. 29 */
    kd -= SHIFT;
    const double r = (y - kd * RP_VM_LN2_HI) - kd * RP_VM_LN2_LO;
    const double p =
        r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 +
            r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880))))))));
    const double s = rp_vm_f64((k + 1023) << 52);
    const double e = (s - 1.0) + s * p;
    const uint32_t t = rp_vm_u32((float)(e / (e + 2.0))) | (ix & 0x80000000u);
    return rp_vm_f32(rp_vm_sel32(nan, ix | 0x00400000u, rp_vm_sel32(small, ix, t)));
}

RP_VM_UNARY_RUN(tanh_run_f32, float, tanh_f32)
RP_VM_UNARY(k_tanh_f32, float, tanh_run_f32)

void RP_ISA_FN(rp_fill_vmath_tanh)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_tanh][RP_FLOAT32] = k_tanh_f32;
}
