/*
 * log, float64 and float32, vectorized (see vmath.h for the rules).
 *
 * Both use one table-driven reduction (after Tang's log): x = 2^k z with z in
 * [sqrt(1/2), sqrt(2)), found from the bits of x (subnormals scaled by 2^52
 * first); the top 7 bits below z's offset pick one of N = 128 subintervals,
 * with 1/c a 20-bit approximation of the inverse of its middle (exactly 1 in
 * the subinterval holding 1.0 and in its neighbour nearer to 1.0, so nothing
 * cancels there) and -log(1/c) stored as a multiple of 2^-42 plus a low
 * part. Then log(x) = k ln2 + log(c) + log1p(r), r = z/c - 1, |r| < 2^-6.
 *
 * float64: z*(1/c) is formed exactly from two halves of z (21 + 32 bits
 * against 20), r as a double-double; k ln2hi + log(c)hi is exact (both
 * multiples of 2^-42) and meets r in an exact two-sum, so only the final
 * addition and the small terms (Taylor to r^8) round: max error 0.52 ULP.
 * float32 is computed in double: z has 24 bits, so r is exact, a degree-5
 * Taylor polynomial suffices; float32 log2 and log10 are the same double
 * times 1/ln2 or 1/ln10, rounded once.
 *
 * log(+-0) is -inf with divide-by-zero, log(x < 0) NaN with invalid (the
 * default NaN, as NumPy's), returned as error bits: the arithmetic runs on
 * 1.0 in those lanes and raises nothing.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32.h"
#include "vmath_vec.h"

#include "vmath_tables.h"

#define MAGIC 0x4338000000000000ULL /* bits of 0x1.8p52 */

/* The reduction of the positive normal double bits iw: k (as a double), z,
 * and the table row i. */
static inline double log_reduce(uint64_t iw, double *kd, uint64_t *row)
{
    const uint64_t tmp = iw - RP_VM_LOG_OFF;
    *row = (tmp >> 45) & (RP_VM_N - 1);
    const uint64_t ku = tmp >> 52; /* k mod 2^12 */
    const uint64_t k = (ku ^ 0x800) - 0x800;
    *kd = rp_vm_f64(MAGIC + k) - 0x1.8p52;
    return rp_vm_f64(iw - (ku << 52));
}

static inline double log_f64(double x, unsigned *err)
{
    const uint64_t ix = rp_vm_u64(x);
    const int normal = ix - 0x0010000000000000ULL < 0x7fe0000000000000ULL;
    const int sub = ix - 1 < 0x000fffffffffffffULL;
    const double xsub = rp_vm_f64(rp_vm_sel64(sub, ix, 0x3ff0000000000000ULL));
    const uint64_t isub = rp_vm_u64(xsub * 0x1p52) - (52ULL << 52);
    const uint64_t iw = rp_vm_sel64(normal, ix, rp_vm_sel64(sub, isub, 0x3ff0000000000000ULL));
    double kd;
    uint64_t i;
    const double z = log_reduce(iw, &kd, &i);
    const double zhi = rp_vm_f64(rp_vm_u64(z) & ~0xffffffffULL), zlo = z - zhi;
    const double invc = rp_vm_log_invc[i];
    const double a = zhi * invc - 1.0, b = zlo * invc;
    const double r = a + b, rb = r - a, rlo = (a - (r - rb)) + (b - rb);
    const double w = kd * RP_VM_LN2_HI + rp_vm_log_logc_hi[i];
    const double s = w + r, sb = s - w, e = (w - (s - sb)) + (r - sb);
    const double q =
        r * r *
        (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * (0.2 + r * (-1.0 / 6 + r * (1.0 / 7 + r * -0.125))))));
    const double res = s + (e + (rlo + (q + (kd * RP_VM_LN2_LO + rp_vm_log_logc_lo[i]))));
    const int zero = (ix << 1) == 0, nan = (ix << 1) > 0xffe0000000000000ULL;
    const int neg = (int)(ix >> 63) & !zero & !nan;
    *err |= (unsigned)zero * RP_UFUNC_DIVBYZERO | (unsigned)neg * RP_UFUNC_INVALID;
    uint64_t spec = rp_vm_sel64(neg, 0xfff8000000000000ULL, ix); /* or +inf */
    spec = rp_vm_sel64(nan, ix | 0x0008000000000000ULL, spec);
    spec = rp_vm_sel64(zero, 0xfff0000000000000ULL /* -inf */, spec);
    return rp_vm_seld(normal | sub, res, rp_vm_f64(spec));
}

/* log(x) * scale, rounded once to float: scale is 1 for log, 1/ln2 for
 * log2 and 1/ln10 for log10 (the product's relative error, 2^-52, leaves the
 * float result correctly rounded but in rare near-halfway cases, and keeps
 * log2 of a power of two and log10(1000) exact). */
static inline float log_f32_scaled(float x, unsigned *err, double scale)
{
    const uint32_t ix = rp_vm_u32(x);
    const int fin = ix - 1 < 0x7f7fffffu; /* positive, finite, not zero */
    const double xd = (double)rp_vm_f32(rp_vm_sel32(fin, ix, 0x3f800000u));
    double kd;
    uint64_t i;
    const double z = log_reduce(rp_vm_u64(xd), &kd, &i);
    const double r = z * rp_vm_log_invc[i] - 1.0;
    const double q = r * r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * 0.2)));
    const double w = kd * RP_VM_LN2_HI + rp_vm_log_logc_hi[i];
    const double l = w + (r + (q + (kd * RP_VM_LN2_LO + rp_vm_log_logc_lo[i])));
    const float res = (float)(l * scale);
    const int zero = (ix << 1) == 0, nan = (ix << 1) > 0xff000000u;
    const int neg = (int)(ix >> 31) & !zero & !nan;
    *err |= (unsigned)zero * RP_UFUNC_DIVBYZERO | (unsigned)neg * RP_UFUNC_INVALID;
    uint32_t spec = rp_vm_sel32(neg, 0xffc00000u, ix);
    spec = rp_vm_sel32(nan, ix | 0x00400000u, spec);
    spec = rp_vm_sel32(zero, 0xff800000u, spec);
    return rp_vm_self(fin, res, rp_vm_f32(spec));
}

static inline float log_f32(float x, unsigned *err) { return log_f32_scaled(x, err, 1.0); }
static inline float log2_f32(float x, unsigned *err)
{
    return log_f32_scaled(x, err, RP_VM_INVLN2);
}
static inline float log10_f32(float x, unsigned *err)
{
    return log_f32_scaled(x, err, RP_VM_INVLN10);
}

/*
 * The fast float32 log, in float arithmetic with FMA (as exp_fast_f32): for
 * positive normal finite x (the others are rare lanes for log_f32 above),
 * x = 2^k m with m in [sqrt(1/2), sqrt(2)) from the bits, f = m - 1 (exact),
 * log1p(f) = f + f^2 (-1/2 + f P(f)) with P of degree 7 fitted on f's
 * interval (relative error 2^-26.9). k ln2hi (16 bits, exact) + f is an
 * exact Fast2Sum (|k ln2hi| > |f| when k != 0), so the final addition is
 * the only rounding of the large terms: max error 0.897 ULP (every float32).
 */
static inline int log_rare_f32(float x) { return rp_vm_u32(x) - 0x00800000u >= 0x7f000000u; }
/* The reduction and polynomial (vmath_f32.h): kf = k, f = m - 1, log1p(f) ~ f + f^2 q. */
static inline float log_core_f32(float x, uint32_t *rare, float *kf, float *f)
{
    const uint32_t ix = rp_vm_u32(x);
    const int ok = ix - 0x00800000u < 0x7f000000u; /* positive, normal, finite */
    *rare |= (uint32_t)!ok;
    return rp_vm_log32_core(rp_vm_f32(rp_vm_sel32(ok, ix, 0x3f800000u)), kf, f);
}
/* log x = s + t, s the Fast2Sum of the large terms, t the rest; with
 * exact_sq (a constant) f^2 as the exact pair f2 + f2l in t. */
static inline float log_parts_f32(float x, uint32_t *rare, int exact_sq, float *t)
{
    float kf, f;
    const float q = log_core_f32(x, rare, &kf, &f);
    const float p = kf * 0x1.62e4p-1f, s = p + f, e = f - (s - p);
    const float f2 = f * f, f2l = exact_sq ? fmaf(f, f, -f2) : 0.0f;
    *t = fmaf(kf, 0x1.7f7d1cp-20f, fmaf(f2, q, exact_sq ? fmaf(f2l, q, e) : e));
    return s;
}
static inline float log_fast_f32(float x, uint32_t *rare)
{
    float t;
    const float s = log_parts_f32(x, rare, 0, &t);
    return s + t;
}

/*
 * float32 log1p from the same reduction of u = 1 + x (rounded): log1p(x) =
 * log(u) + c/u, c = x - (u - 1) the rounding error of u (Fast2Sum, exact
 * for |x| <= 1; 1 - (u - x) above, and 0 above 2^24 where c/u is below
 * the result's rounding), log(u) = k ln2 + log1p(f) as in log_fast_f32 with
 * c/u joining its small terms. |x| < 2^-25 returns x (log1p rounds to it;
 * NumPy reports no underflow for a subnormal x). Rare lanes: x <= -1, +inf
 * and NaN (libm's log1pf: -inf with divide by zero at -1, NaN with invalid
 * below).
 */
static inline int log1p_rare_f32(float x)
{
    const uint32_t ix = rp_vm_u32(x);
    return (ix >= 0xbf800000u) | ((ix & 0x7fffffffu) >= 0x7f800000u);
}
static inline float log1p_fast_f32(float x, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int bad = (ix >= 0xbf800000u) | (ax >= 0x7f800000u), tiny = ax < 0x33000000u;
    *rare |= (uint32_t)bad;
    const float xs = rp_vm_f32(rp_vm_sel32(bad | tiny, 0, ix));
    const float u = 1.0f + xs;
    const float c0 = rp_vm_self(xs <= 1.0f, xs - (u - 1.0f), 1.0f - (u - xs));
    const float c = rp_vm_self(xs > 0x1p24f, 0.0f, c0);
    float kf, f;
    uint32_t urare = 0; /* (u is positive, normal and finite here) */
    const float q = log_core_f32(u, &urare, &kf, &f);
    const float p = kf * 0x1.62e4p-1f, sum = p + f, e = f - (sum - p);
    float t = fmaf(f * f, q, e + c / u);
    t = fmaf(kf, 0x1.7f7d1cp-20f, t);
    return rp_vm_f32(rp_vm_sel32(tiny, ix, rp_vm_u32(sum + t)));
}
RP_VM_LIBM_SLOW(log1p_slow_f32, float, log1pf)

/*
 * log2 and log10 from log's own sum: log x = s + t as in log_fast_f32 (s the
 * large terms' Fast2Sum, t the small ones, not yet added), times C = 1/ln2 or
 * 1/ln10 in two floats: s C_hi exactly as sc + scl (FMA remainder), then
 * t C_hi and s C_lo, and one final rounding. log10 takes f^2 exactly (f2 +
 * f2l) in t, log2 rounded, as log does: max errors 0.974 (log10) and 1.169
 * ULP (log2, bound 2; 1.069 with the exact f^2, 14% slower), every float32
 * (scripts/vmath_exhaustive.c).
 */
static inline float logk_fast_f32(float x, uint32_t *rare, int exact_sq, float chi, float clo)
{
    float t;
    const float s = log_parts_f32(x, rare, exact_sq, &t);
    const float sc = s * chi, scl = fmaf(s, chi, -sc);
    return sc + fmaf(s, clo, fmaf(t, chi, scl));
}
static inline float log2_fast_f32(float x, uint32_t *rare)
{
    return logk_fast_f32(x, rare, 0, 0x1.715476p+0f, 0x1.4ae0cp-26f);
}
static inline float log10_fast_f32(float x, uint32_t *rare)
{
    return logk_fast_f32(x, rare, 1, 0x1.bcb7b2p-2f, -0x1.5b235ep-27f);
}

static inline int log_rare_f64(double x)
{
    return rp_vm_u64(x) - 0x0010000000000000ULL >= 0x7fe0000000000000ULL;
}
#include "vmath_vdefs.h"
#include "vmath_log64.inc"
#include "vmath_logdd64.inc"
#include "vmath_log1p64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_log64.inc"
#include "vmath_logdd64.inc"
#include "vmath_log1p64.inc"
#undef VM_VECTOR
#define LOG64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(log_fast_f64_v, ab, ob, m, i, rare)
#else
#define LOG64_HEAD RP_VM_NO_HEAD
#endif
RP_VM_UNARY_RUN_RARE_HEAD(log_run_f64, double, uint64_t, LOG64_HEAD, log_fast_f64, log_rare_f64,
                          log_f64)

/*
 * float64 log2 and log10: the fast log's hi + t times C = 1/ln2 or 1/ln10 in
 * two parts: hi C_hi exactly as p + its FMA remainder, then the small
 * products, one final rounding (the log's own error is a few hundredths of
 * an ULP). A power of two's log2 and log10(10^k) come out exact. Rare
 * lanes: a subnormal x runs as x 2^52 with 52 ln2 taken off hi exactly
 * (Fast2Sum: |hi| > 700 there); zero, negative, inf and NaN are log's
 * (-inf with divide by zero, NaN with invalid, inf, NaN: log_f64).
 */
#define INVLN2_LO 0x1.777d0ffda0d24p-56
#define INVLN10_LO 0x1.95355baaafad3p-57
#define LOGK_SCALE(hi, t, chi, clo, fma_)                                                          \
    ((hi) * (chi) + ((fma_((hi), (chi), -((hi) * (chi)))) + fma_((hi), (clo), (t) * (chi))))
static inline double logk_f64(double x, unsigned *err, double chi, double clo)
{
    const uint64_t ix = rp_vm_u64(x);
    if (ix - 1 >= 0x000fffffffffffffULL) /* not a positive subnormal */
        return log_f64(x, err);
    uint64_t rare = 0;
    double hi;
    const double t = log_hl_f64(x * 0x1p52, &rare, &hi);
    const double a = 52.0 * RP_VM_LN2_HI, h = hi - a, e = (hi - h) - a;
    return LOGK_SCALE(h, (t - 52.0 * RP_VM_LN2_LO) + e, chi, clo, fma);
}
static inline double log2_f64(double x, unsigned *err)
{
    return logk_f64(x, err, RP_VM_INVLN2, INVLN2_LO);
}
static inline double log10_f64(double x, unsigned *err)
{
    return logk_f64(x, err, RP_VM_INVLN10, INVLN10_LO);
}
#define LOGK_FAST(name, suffix, T, U, FMA, chi, clo)                                               \
    static inline T name##_fast_f64##suffix(T x, U *rare)                                          \
    {                                                                                              \
        T hi;                                                                                      \
        const T t = log_hl_f64##suffix(x, rare, &hi);                                              \
        return LOGK_SCALE(hi, t, (chi), (clo), FMA);                                               \
    }
LOGK_FAST(log2, , double, uint64_t, fma, RP_VM_INVLN2, INVLN2_LO)
LOGK_FAST(log10, , double, uint64_t, fma, RP_VM_INVLN10, INVLN10_LO)
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
LOGK_FAST(log2, _v, VD, VU, VM_FMA, VM_D(RP_VM_INVLN2), VM_D(INVLN2_LO))
LOGK_FAST(log10, _v, VD, VU, VM_FMA, VM_D(RP_VM_INVLN10), VM_D(INVLN10_LO))
#undef VM_VECTOR
#define LOG2_64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(log2_fast_f64_v, ab, ob, m, i, rare)
#define LOG10_64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(log10_fast_f64_v, ab, ob, m, i, rare)
#else
#define LOG2_64_HEAD RP_VM_NO_HEAD
#define LOG10_64_HEAD RP_VM_NO_HEAD
#endif
RP_VM_UNARY_RUN_RARE_HEAD(log2_run_f64, double, uint64_t, LOG2_64_HEAD, log2_fast_f64,
                          log_rare_f64, log2_f64)
RP_VM_UNARY_RUN_RARE_HEAD(log10_run_f64, double, uint64_t, LOG10_64_HEAD, log10_fast_f64,
                          log_rare_f64, log10_f64)
RP_VM_UNARY(k_log2_f64, double, log2_run_f64)
RP_VM_UNARY(k_log10_f64, double, log10_run_f64)
#ifdef VM_LANES
#define LOG1P64_HEAD(ab, ob, m, i, rare) RP_VM_VEC_LOOP(log1p_fast_f64_v, ab, ob, m, i, rare)
#else
#define LOG1P64_HEAD RP_VM_NO_HEAD
#endif
static inline int log1p_rare_f64(double x)
{
    const uint64_t ix = rp_vm_u64(x);
    return (ix >= 0xbff0000000000000ULL) | ((ix & 0x7fffffffffffffffULL) >= 0x7ff0000000000000ULL) |
           (ix == 0x8000000000000000ULL);
}
RP_VM_LIBM_SLOW(log1p_slow_f64, double, log1p)
RP_VM_UNARY_RUN_RARE_HEAD(log1p_run_f64, double, uint64_t, LOG1P64_HEAD, log1p_fast_f64,
                          log1p_rare_f64, log1p_slow_f64)
RP_VM_UNARY(k_log1p_f64, double, log1p_run_f64)
RP_VM_UNARY_RUN_RARE(log_run_f32, float, uint32_t, log_fast_f32, log_rare_f32, log_f32)
RP_VM_UNARY(k_log_f64, double, log_run_f64)
RP_VM_UNARY(k_log_f32, float, log_run_f32)
RP_VM_UNARY_RUN_RARE(log2_run_f32, float, uint32_t, log2_fast_f32, log_rare_f32, log2_f32)
RP_VM_UNARY(k_log2_f32, float, log2_run_f32)
RP_VM_UNARY_RUN_RARE(log10_run_f32, float, uint32_t, log10_fast_f32, log_rare_f32, log10_f32)
RP_VM_UNARY(k_log10_f32, float, log10_run_f32)
RP_VM_UNARY_RUN_RARE(log1p_run_f32, float, uint32_t, log1p_fast_f32, log1p_rare_f32,
                     log1p_slow_f32)
RP_VM_UNARY(k_log1p_f32, float, log1p_run_f32)

void RP_ISA_FN(rp_fill_vmath_log)(rp_kernel_table *t)
{
    RP_VM_SET_UNARY(t, log);
    t->ufunc.k[RP_OP_log2][RP_FLOAT64] = k_log2_f64;
    t->ufunc.k[RP_OP_log10][RP_FLOAT64] = k_log10_f64;
    t->ufunc.k[RP_OP_log2][RP_FLOAT32] = k_log2_f32;
    t->ufunc.k[RP_OP_log10][RP_FLOAT32] = k_log10_f32;
    t->ufunc.k[RP_OP_log1p][RP_FLOAT32] = k_log1p_f32;
    t->ufunc.k[RP_OP_log1p][RP_FLOAT64] = k_log1p_f64;
}
