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
 * float32, in float arithmetic with FMA (16 lanes per AVX-512 vector, no
 * table): the float64 method with a float log of a double-float argument,
 * logf_dd. x = 2^k m, m in [sqrt(1/2), sqrt(2)) from the bits, f = m - 1
 * exact, log1p(f) = f - f^2/2 + f^3 p(f) with p of degree 7 fitted on f's
 * interval (Lawson's weighted least squares; relative error 2^-26.9 with the
 * float coefficients); k ln2hi (16 bits: exact) + f and then - f^2/2 (f^2
 * exact as ff + its FMA remainder) are exact Fast2Sums, so the result
 * rounds once; the low part of the argument enters as xl 2^-k / m, 1/m to
 * third order in f (2^-5 relative at the interval's ends, where the term is
 * below 2^-24 of a result above 0.34). Returns hi, *lo.
 * arcsinh and arccosh are log(2|x|) from 2^12 on; below 2^-12 arcsinh and
 * arctanh give x. arctanh |x| = log(q)/2, q = (1 + |x|)/(1 - |x|) as a
 * double-float (numerator and denominator exact double-floats, the quotient
 * q0 = n (1/d) and its remainder by FMA), one logarithm where float64 takes
 * two. The rare arguments (as float64's) round the float64 rare
 * function.
 */
#define AF_TINY 0x39800000u /* 2^-12 */
#define AF_BIG 0x45800000u  /* 2^12 */
static inline float logf_dd(float xh, float xl, float kx, float *lo)
{
    const uint32_t ix = rp_vm_u32(xh), tmp = ix - 0x3f3504f3u; /* sqrt(1/2) */
    const int32_t k = (int32_t)tmp >> 23;
    const float kf = (float)k + kx;
    const float f = rp_vm_f32(ix - (tmp & 0xff800000u)) - 1.0f;
    /* 2^-k, or 0 for k >= 127 (there xl = 0) */
    const float t = xl * rp_vm_f32(rp_vm_sel32((uint32_t)(k + 126) < 253, (uint32_t)(127 - k) << 23, 0));
    const float d = t * fmaf(-f, fmaf(-f, fmaf(-f, 1.0f, 1.0f), 1.0f), 1.0f);
    float p = fmaf(-0x1.41eda4p-4f, f, 0x1.07d0dep-3f);
    p = fmaf(p, f, -0x1.0ce086p-3f);
    p = fmaf(p, f, 0x1.226e4cp-3f);
    p = fmaf(p, f, -0x1.54788ap-3f);
    p = fmaf(p, f, 0x1.99a596p-3f);
    p = fmaf(p, f, -0x1.00022p-2f);
    p = fmaf(p, f, 0x1.55554ap-2f);
    const float ff = f * f, ffl = fmaf(f, f, -ff);
    const float kl = kf * 0x1.62e4p-1f, s = kl + f, e = f - (s - kl);
    const float m2 = -0.5f * ff, h = s + m2, e2 = m2 - (h - s);
    *lo = (e + e2) + fmaf(ff * f, p, fmaf(kf, 0x1.7f7d1cp-20f, fmaf(-0.5f, ffl, d)));
    return h;
}

/* sqrt(h + l) as a double-float (h > 0, or h = 0 with l = 0). */
static inline float sqrtf_dd(float h, float l, float *sl)
{
    const float sh = sqrtf(h);
    *sl = (fmaf(-sh, sh, h) + l) / rp_vm_f32(rp_vm_sel32(sh == 0.0f, 0x3f800000u, rp_vm_u32(sh + sh)));
    return sh;
}

static inline float arcsinh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    *rare |= (uint32_t)(ax >= 0x7f800000u);
    const int tiny = ax < AF_TINY, big = ax >= AF_BIG;
    const float a = rp_vm_f32(rp_vm_sel32(tiny | big, 0x3f800000u, ax));
    const float x2 = a * a, x2l = fmaf(a, a, -x2), u = x2 + 1.0f, ub = u - x2;
    const float ul = ((x2 - (u - ub)) + (1.0f - ub)) + x2l;
    float sl, lo;
    const float sh = sqrtf_dd(u, ul, &sl);
    const float vh = sh + a, vl = ((sh - vh) + a) + sl;
    const float ab = rp_vm_f32(rp_vm_sel32(big, ax, 0x3f800000u));
    const float hi = logf_dd(rp_vm_self(big, ab, vh), rp_vm_self(big, 0.0f, vl),
                             rp_vm_self(big, 1.0f, 0.0f), &lo);
    const uint32_t res = rp_vm_u32(hi + lo) | (ix & 0x80000000u);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, res));
}
static inline float arccosh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x);
    const int bad = ix - 0x3f800000u >= 0x7f800000u - 0x3f800000u;
    *rare |= (uint32_t)bad;
    const int big = (ix >= AF_BIG) & !bad;
    const float a = rp_vm_f32(rp_vm_sel32(bad | big, 0x3f800000u, ix));
    const float x2 = a * a, x2l = fmaf(a, a, -x2), w0 = x2 - 1.0f;
    const float wh = w0 + x2l, wl = (w0 - wh) + x2l;
    float sl, lo;
    const float sh = sqrtf_dd(wh, wl, &sl);
    const float vh = a + sh, vl = ((a - vh) + sh) + sl;
    const float ab = rp_vm_f32(rp_vm_sel32(big, ix, 0x3f800000u));
    const float hi = logf_dd(rp_vm_self(big, ab, vh), rp_vm_self(big, 0.0f, vl),
                             rp_vm_self(big, 1.0f, 0.0f), &lo);
    return hi + lo;
}
static inline float arctanh_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    *rare |= (uint32_t)(ax >= 0x3f800000u);
    const int tiny = (ax < AF_TINY) | (ax >= 0x3f800000u);
    const float a = rp_vm_f32(rp_vm_sel32(tiny, 0x3f000000u, ax));
    const float nh = 1.0f + a, nl = (1.0f - nh) + a, dh = 1.0f - a, dl = (1.0f - dh) - a;
    const float inv = 1.0f / dh, q0 = nh * inv;
    const float ql = (fmaf(-q0, dh, nh) + (nl - q0 * dl)) * inv;
    float lo;
    const float hi = logf_dd(q0, ql, 0.0f, &lo);
    const uint32_t res = rp_vm_u32(0.5f * (hi + lo)) | (ix & 0x80000000u);
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
