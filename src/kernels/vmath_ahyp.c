/*
 * arcsinh, arccosh and arctanh, float64 and float32, vectorized (see vmath.h
 * for the rules; vmath_ahyp64.inc has the float64 method, the float32 one is
 * below).
 *
 * The rare arguments, one at a time, as NumPy: NaN quieted with no flag;
 * arcsinh(+-inf) = +-inf, arccosh(+inf) = inf; arccosh of x < 1 (-inf
 * included) and arctanh of |x| > 1 are NaN with invalid, arctanh(+-1) is
 * +-inf with divide by zero, returned as error bits.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"
#define RP_VM_AVX2_VECTOR /* arccosh's vector form on AVX2 (below) */
#include "vmath_hyp.h"
#include "vmath_tables.h"

#define HY_TINY 0x3e40000000000000ULL /* 2^-27: arcsinh, arctanh x below */
#define AH_BIG 0x41b0000000000000ULL  /* 2^28: arcsinh, arccosh log(2|x|) above */
#define QNAN64 0x0008000000000000ULL
#define DEFAULT_NAN 0xfff8000000000000ULL

#include "vmath_vdefs.h"
#include "vmath_logdd64.inc"
#include "vmath_ahyp64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_logdd64.inc"
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

#define arccosh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arccosh_fast_f64_v, ab, ob, m, i, rare)
#if defined(VM_LANES) && VM_LANES == 4
/* AVX2: GCC's vectorization of the scalar form is faster for these two
 * (vmath_bench on Zen 4: arcsinh 2.86 against 3.36 ns per element, arctanh
 * 2.44 against 2.67), the vector form for arccosh (3.14 against 3.47) */
#define arcsinh_HEAD(ab, ob, m, i, rare) (void)0
#define arctanh_HEAD(ab, ob, m, i, rare) (void)0
#else
#define arcsinh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arcsinh_fast_f64_v, ab, ob, m, i, rare)
#define arctanh_HEAD(ab, ob, m, i, rare) RP_HY_VEC(arctanh_fast_f64_v, ab, ob, m, i, rare)
#endif
RP_HY_KERNEL64(arcsinh)
RP_HY_KERNEL64(arccosh)
RP_HY_KERNEL64(arctanh)

/*
 * float32, in float arithmetic with FMA (no table; GCC vectorizes the
 * scalar code): log(v) of an argument v = a + sqrt(a^2 + 1), a + sqrt(a^2 -
 * 1) or (1 + a)/(1 - a) (a = |x|) held as its float v and the relative
 * correction c = (v_exact - v)/v, which a single division forms from the
 * exact remainders (FMA products, Fast2Sums); logf_corr then adds c to the
 * float log's small terms (vmath_f32.h's core, as log_fast_f32 in
 * vmath_log.c: k ln2hi + f an exact Fast2Sum, one final rounding), so a
 * result near zero (v near 1: arccosh near 1, arcsinh and arctanh of small
 * a) keeps its relative accuracy without a second polynomial. arcsinh and
 * arccosh are log(2|x|) from 2^12 on (k + 1); below 2^-12 arcsinh and
 * arctanh give x. The rare arguments (as float64's) round the float64 rare
 * function. Max error (build/vmath_exhaustive, every float32): docs/ufuncs.md.
 */
#define AF_TINY 0x39800000u /* 2^-12 */
#define AF_BIG 0x45800000u  /* 2^12 */
/* (kx = -0.0f: k + kx folds to k) */
static inline float logf_corr(float v, float c, float kx)
{
    float kf, f;
    const float q = rp_vm_log32_core(v, &kf, &f);
    kf += kx;
    const float p = kf * 0x1.62e4p-1f, s = p + f, e = f - (s - p);
    return s + fmaf(kf, 0x1.7f7d1cp-20f, fmaf(f * f, q, e + c));
}

static inline float arcsinh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int32_t ax = (int32_t)(ix & 0x7fffffffu); /* signed: one compare on AVX2 */
    *rare |= (uint32_t)(ax >= (int32_t)0x7f800000);
    const int tiny = ax < (int32_t)AF_TINY, big = ax >= (int32_t)AF_BIG;
    const float a = rp_vm_f32(rp_vm_sel32(tiny | big, 0x3f800000u, (uint32_t)ax));
    /* u + ul = a^2 + 1 (2Sum), s = sqrt(u), r = u + ul - s^2 */
    const float x2 = a * a, x2l = fmaf(a, a, -x2), u = x2 + 1.0f, ub = u - x2;
    const float ul = ((x2 - (u - ub)) + (1.0f - ub)) + x2l;
    const float s = sqrtf(u), r = fmaf(-s, s, u) + ul;
    /* v_exact = v + e2 + r/(2s) */
    const float v = s + a, e2 = a - (v - s), s2 = s + s;
    const float c = fmaf(s2, e2, r) / (s2 * v);
    const float l = logf_corr(rp_vm_f32(rp_vm_sel32(big, (uint32_t)ax, rp_vm_u32(v))), rp_vm_self(big, 0.0f, c),
                              rp_vm_self(big, 1.0f, 0.0f));
    return rp_vm_f32(rp_vm_sel32(tiny, ix, rp_vm_u32(l) | (ix & 0x80000000u)));
}
static inline float arccosh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int bad = ix - 0x3f800000u >= 0x7f800000u - 0x3f800000u;
    *rare |= (uint32_t)bad;
    const int big = ((int32_t)ix >= (int32_t)AF_BIG) & !bad;
    const float a = rp_vm_f32(rp_vm_sel32(bad | big, 0x3f800000u, ix));
    /* w + wl = a^2 - 1 (x2 - 1 exact), s = sqrt(w), r = w + wl - s^2 */
    const float x2 = a * a, x2l = fmaf(a, a, -x2), w0 = x2 - 1.0f;
    const float w = w0 + x2l, wl = (w0 - w) + x2l;
    const float s = sqrtf(w), r = fmaf(-s, s, w) + wl;
    const float v = a + s, e2 = s - (v - a), s2 = s + s;
    /* (a = 1: s = 0, r = 0) */
    const float c = fmaf(s2, e2, r) / rp_vm_self(s == 0.0f, 1.0f, s2 * v);
    return logf_corr(rp_vm_f32(rp_vm_sel32(big, ix, rp_vm_u32(v))), rp_vm_self(big, 0.0f, c),
                     rp_vm_self(big, 1.0f, 0.0f));
}
static inline float arctanh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int32_t ax = (int32_t)(ix & 0x7fffffffu);
    *rare |= (uint32_t)(ax >= (int32_t)0x3f800000);
    const int tiny = (ax < (int32_t)AF_TINY) | (ax >= (int32_t)0x3f800000);
    const float a = rp_vm_f32(rp_vm_sel32(tiny, 0x3f000000u, (uint32_t)ax));
    /* (n + nl)/(d + dl) = (1 + a)/(1 - a) exactly; q0 its float, q0 (1 + c) to 2^-47 */
    const float n = 1.0f + a, nl = (1.0f - n) + a, d = 1.0f - a, dl = (1.0f - d) - a;
    const float q0 = n / d, c = (fmaf(-q0, d, n) + (nl - q0 * dl)) / n;
    const uint32_t res = rp_vm_u32(0.5f * logf_corr(q0, c, -0.0f)) | (ix & 0x80000000u);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, res));
}

#define AF_KERNEL(name)                                                                            \
    static inline int name##_rare_f32(float x) { return name##_rare_f64((double)x); }             \
    static inline float name##_f32(float x, unsigned *err) { return (float)name##_f64(x, err); }   \
    RP_VM_UNARY_RUN_RARE(name##_run_f32, float, uint32_t, name##_fast_f32, name##_rare_f32,       \
                         name##_f32)                                                               \
    RP_VM_UNARY(k_##name##_f32, float, name##_run_f32)
AF_KERNEL(arcsinh)
AF_KERNEL(arccosh)
AF_KERNEL(arctanh)

void RP_ISA_FN(rp_fill_vmath_ahyp)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, arcsinh);
    RP_VM_SET_UNARY(t, arccosh);
    RP_VM_SET_UNARY(t, arctanh);
}
