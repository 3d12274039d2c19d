/*
 * power, float32 and float64 (see vmath.h for the rules).
 *
 * NumPy's float power loop first looks at a broadcast scalar exponent
 * (steps[1] == 0): -1, 0, 0.5, 1 and 2 are 1/x, 1, sqrt(x), x and x*x,
 * with those operations' values and flags (sqrt's -0 and NaN for -inf, no
 * underflow for a subnormal x ** 1), reported under power's name. So does
 * this kernel, with the contiguous loops vectorized.
 *
 * Any other float32 power is computed in double (vmath_f32d.h): exp(y log|x|)
 * with the sign of an odd integer y for a negative x, rounded once to float
 * (that rounding raises overflow and underflow where the result is out of
 * float's range); log's error times |y|, below 2^-32 where the result is
 * finite, keeps it within 0.51 ULP. Special operands (x zero, infinite or
 * NaN, y infinite or NaN, a negative x to a non-integer y) are rare lanes,
 * rerun through libm's powf, whose results there are exact (0, inf, 1, NaN).
 * Any other float64 power: exp(y log|x|) with log in double-double, written
 * once for the scalar and the vector type (vmath_pow64.inc has the method
 * and its fast range); the rest are rare lanes for libm's pow.
 */
#include <math.h>

#include "vmath.h"
#include "vmath_f32d.h"
#define RP_VM_AVX2_VECTOR /* the vector form on AVX2 too (vmath_vec.h says why) */
#include "vmath_vec.h"

#define SHIFT 0x1.8p52 /* the exp core's: x + SHIFT rounds x to an integer in the low bits */
#include "vmath_exp64.h"
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_pow64.inc"
#ifdef VM_LANES
#define VM_VECTOR
#include "vmath_vdefs.h"
#include "vmath_exp64.inc"
#include "vmath_pow64.inc"
#undef VM_VECTOR
#endif

/* The scalar exponents NumPy's loop special-cases, as a code; 0 for none. */
enum { POW_GENERAL, POW_RECIP, POW_ONE, POW_SQRT, POW_COPY, POW_SQUARE };
static inline int pow_fast_code(double e)
{
    return e == -1.0 ? POW_RECIP
           : e == 0.0 ? POW_ONE
           : e == 0.5 ? POW_SQRT
           : e == 1.0 ? POW_COPY
           : e == 2.0 ? POW_SQUARE
                      : POW_GENERAL;
}

/* out[i] = the fast exponent's operation on a[i]: a contiguous loop (in
 * place too: element i is read before it is written) and a strided one. */
#define POW_FAST_LOOP(T, SQRT, code, a, as, o, os, n)                                              \
    do {                                                                                           \
        const rp_intp z_ = (rp_intp)sizeof(T);                                                     \
        if ((as) == z_ && (os) == z_) {                                                            \
            const T *a_ = (const T *)(a);                                                          \
            T *o_ = (T *)(o);                                                                      \
            switch (code) {                                                                        \
            case POW_RECIP: for (rp_intp i = 0; i < (n); i++) o_[i] = (T)1 / a_[i]; break;         \
            case POW_ONE: for (rp_intp i = 0; i < (n); i++) o_[i] = (T)1; break;                   \
            case POW_SQRT: for (rp_intp i = 0; i < (n); i++) o_[i] = SQRT(a_[i]); break;           \
            case POW_COPY: memmove(o_, a_, (size_t)(n) * sizeof(T)); break;                        \
            default: for (rp_intp i = 0; i < (n); i++) o_[i] = a_[i] * a_[i]; break;               \
            }                                                                                      \
        } else {                                                                                   \
            const char *ap_ = (a);                                                                 \
            char *op_ = (o);                                                                       \
            for (rp_intp i = 0; i < (n); i++, ap_ += (as), op_ += (os)) {                          \
                T v_;                                                                              \
                memcpy(&v_, ap_, sizeof v_);                                                       \
                v_ = (code) == POW_RECIP ? (T)1 / v_                                               \
                     : (code) == POW_ONE  ? (T)1                                                   \
                     : (code) == POW_SQRT ? SQRT(v_)                                               \
                     : (code) == POW_COPY ? v_                                                     \
                                          : v_ * v_;                                               \
                memcpy(op_, &v_, sizeof v_);                                                       \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/*
 * kname: the ufunc kernel of power for T; run(a, b, o, m) the contiguous
 * loop of the general case, returning RP_UFUNC_* bits. Operands that are
 * not contiguous, or an output that is an input, go through block buffers
 * (the same bits as the contiguous call).
 */
#define POW_KERNEL(kname, T, SQRT, run, run_sy)                                                   \
    static void kname(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)        \
    {                                                                                              \
        const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;                                         \
        const rp_intp s0 = steps[0], s1 = steps[1], s2 = steps[2], z = (rp_intp)sizeof(T);         \
        if (s1 == 0 && n > 0) {                                                                    \
            T e;                                                                                   \
            memcpy(&e, args[1], sizeof e);                                                         \
            const int code = pow_fast_code((double)e);                                             \
            if (code != POW_GENERAL) {                                                             \
                POW_FAST_LOOP(T, SQRT, code, args[0], s0, args[2], s2, n);                         \
                return;                                                                            \
            }                                                                                      \
        }                                                                                          \
        const uintptr_t p0 = (uintptr_t)args[0], p1 = (uintptr_t)args[1], p2 = (uintptr_t)args[2]; \
        const uintptr_t nb = (uintptr_t)(n * z);                                                   \
        unsigned st = 0;                                                                           \
        if (s0 == z && s1 == z && s2 == z && (p0 + nb <= p2 || p2 + nb <= p0) &&                   \
            (p1 + nb <= p2 || p2 + nb <= p1)) {                                                    \
            st = run((const T *)args[0], (const T *)args[1], (T *)args[2], n);                     \
        } else if (s0 == z && s1 == 0 && s2 == z && (p0 + nb <= p2 || p2 + nb <= p0)) {            \
            /* a scalar exponent: only it is buffered (run_sy may take it once) */                \
            T bb[RP_VM_BLOCK];                                                                     \
            for (rp_intp i = 0; i < RP_VM_BLOCK; i++)                                              \
                memcpy(&bb[i], args[1], sizeof(T));                                                \
            for (rp_intp b = 0; b < n; b += RP_VM_BLOCK)                                           \
                st |= run_sy((const T *)args[0] + b, bb, (T *)args[2] + b,                         \
                               n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK);                         \
        } else {                                                                                   \
            T ab[RP_VM_BLOCK], bb[RP_VM_BLOCK], ob[RP_VM_BLOCK];                                   \
            for (rp_intp b = 0; b < n; b += RP_VM_BLOCK) {                                         \
                const rp_intp m = n - b < RP_VM_BLOCK ? n - b : RP_VM_BLOCK;                       \
                for (rp_intp i = 0; i < m; i++) {                                                  \
                    memcpy(&ab[i], args[0] + (b + i) * s0, sizeof(T));                             \
                    memcpy(&bb[i], args[1] + (b + i) * s1, sizeof(T));                             \
                }                                                                                  \
                st |= run(ab, bb, ob, m);                                                          \
                for (rp_intp i = 0; i < m; i++)                                                    \
                    memcpy(args[2] + (b + i) * s2, &ob[i], sizeof(T));                             \
            }                                                                                      \
        }                                                                                          \
        if (st && c && c->errors)                                                                  \
            *c->errors |= st;                                                                      \
    }

/*
 * float32: the fast element function for finite nonzero x (a negative x
 * with an integer y) and finite y; anything else is a rare lane, computed
 * on x = y = 1 here (no flag) and rerun through powf.
 */
static inline int pow_rare_f32(float x, float y)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu, ay = rp_vm_u32(y) & 0x7fffffffu;
    const double yd = (double)rp_vm_f32(rp_vm_sel32(ay < 0x4b800000u, ay, 0)); /* |y| < 2^24 */
    const int yint = (ay >= 0x4b800000u) | ((yd + RP_VM_D_SHIFT) - RP_VM_D_SHIFT == yd);
    return (ax - 1 >= 0x7f7fffffu) | (ay >= 0x7f800000u) | ((ix >> 31) & !yint);
}
/* |x|^y with the sign bit sign, x's bits ax; a lane not ok runs as x = 1
 * (log 0: no flag, whatever finite y is). */
static inline float pow_xy_f32(uint32_t ax, int ok, double yd, uint32_t sign)
{
    const double xd = (double)rp_vm_f32(rp_vm_sel32(ok, ax, 0x3f800000u));
    double z = yd * rp_vm_logd(xd);
    z = rp_vm_seld(z > 200.0, 200.0, z); /* exp(+-200) rounds to inf or 0 in float */
    z = rp_vm_seld(z < -200.0, -200.0, z);
    const float r = (float)rp_vm_expd(z);
    return rp_vm_f32(rp_vm_u32(r) | sign);
}
static inline float pow_fast_f32(float x, float y, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const uint32_t iy = rp_vm_u32(y), ay = iy & 0x7fffffffu;
    /* y's parity: an integer below 2^24 from the shift trick's low bit;
     * 2^24 and above are even integers */
    const int big = ay >= 0x4b800000u;
    const double ym = (double)rp_vm_f32(rp_vm_sel32(big, 0, ay));
    const uint64_t yk = rp_vm_u64(ym + RP_VM_D_SHIFT);
    const int yint = big | (rp_vm_f64(yk) - RP_VM_D_SHIFT == ym);
    /* (conditions as comparisons, never !: GCC does not vectorize a
     * negated int) */
    const int ok = (ax - 1 < 0x7f7fffffu) & (ay < 0x7f800000u) & ((ix < 0x80000000u) | yint);
    /* the sign bit of the result: x's, where y is an odd integer */
    const uint32_t sign = rp_vm_sel32(ok & (ay < 0x4b800000u) & yint, ix & ((uint32_t)yk << 31), 0);
    *rare |= (uint32_t)!ok;
    return pow_xy_f32(ax, ok, (double)rp_vm_f32(rp_vm_sel32(ok, iy, 0x3f800000u)), sign);
}
/* pow(+-0, -inf) is +inf with divide-by-zero in NumPy (C99 allows the
 * flag; glibc does not raise it). */
#define POW_ZERO_NEGINF(x, y) ((unsigned)(((x) == 0) & ((y) == -INFINITY)) * RP_UFUNC_DIVBYZERO)
static inline float pow_slow_f32(float x, float y, unsigned *err)
{
    *err |= POW_ZERO_NEGINF(x, y);
    return powf(x, y);
}
static unsigned pow_run_f32(const float *restrict a, const float *restrict b, float *restrict o,
                            rp_intp n)
{
    unsigned err = 0;
    for (rp_intp blk = 0; blk < n; blk += RP_VM_BLOCK) {
        const rp_intp m = n - blk < RP_VM_BLOCK ? n - blk : RP_VM_BLOCK;
        uint32_t rare = 0;
        for (rp_intp i = 0; i < m; i++)
            o[blk + i] = pow_fast_f32(a[blk + i], b[blk + i], &rare);
        if (rare)
            for (rp_intp i = blk; i < blk + m; i++)
                if (pow_rare_f32(a[i], b[i]))
                    o[i] = pow_slow_f32(a[i], b[i], &err);
    }
    return err;
}

/* The float64 rare lanes: those the fast function flags (it is the
 * definition; rerun only for a block that has one). */
static inline int pow_rare_f64(double x, double y)
{
    uint64_t rare = 0;
    (void)pow_fast_f64(x, y, &rare);
    return rare != 0;
}
/* The rare lanes of a block again, through libm (b's step: 1, or 0 for a
 * scalar exponent). */
static unsigned pow_rerun_f64(const double *a, const double *b, rp_intp bs, double *o, rp_intp m)
{
    unsigned err = 0;
    for (rp_intp j = 0; j < m; j++)
        if (pow_rare_f64(a[j], b[j * bs])) {
            err |= POW_ZERO_NEGINF(a[j], b[j * bs]);
            o[j] = pow(a[j], b[j * bs]);
        }
    return err;
}
/*
 * The float64 loop; bs = 0 for a scalar exponent (b holds n copies of it):
 * y's part of the fast path's test is then taken once, and the vectors run
 * only x's part. The same operations on the same values either way, so the
 * same bits. Inlined twice, bs a constant in each.
 */
static inline unsigned pow_loop_f64(const double *restrict a, const double *restrict b, rp_intp bs,
                                    double *restrict o, rp_intp n)
{
    const double y = n > 0 ? b[0] : 0.0; /* (used only when bs = 0) */
    uint64_t yint, yodd;
    const uint64_t yrange = pow_y_f64(y, &yint, &yodd);
#define POW_X(x, yv)                                                                               \
    (bs ? pow_fast_f64((x), (yv), &rare) : pow_xy_f64((x), y, yint, yodd, yrange, &rare))
#ifdef VM_LANES
    /* the scalar masks (0 or 1) as vector masks (0 or all ones) */
    const rp_vu vyint = (rp_vu){0} - yint, vyrange = (rp_vu){0} - yrange;
    const rp_vu vyodd = (rp_vu){0} + yodd;
    const rp_vd vy = (rp_vd){0} + y;
#define POW_XV(p, q)                                                                               \
    (bs ? pow_fast_f64_v(rp_vm_vload(p), rp_vm_vload(q), &vrare)                                   \
        : pow_xy_f64_v(rp_vm_vload(p), vy, vyint, vyodd, vyrange, &vrare))
#endif
    unsigned err = 0;
    for (rp_intp blk = 0; blk < n; blk += RP_VM_BLOCK) {
        const rp_intp m = n - blk < RP_VM_BLOCK ? n - blk : RP_VM_BLOCK;
        uint64_t rare = 0;
        rp_intp i = 0;
#ifdef VM_LANES
        rp_vu vrare = {0};
        /* two vectors at a time: the chain log -> product -> exp is long,
         * and two independent ones overlap (13% faster on Zen 4) */
        for (; i + 2 * VM_LANES <= m; i += 2 * VM_LANES) {
            const double *ai = a + blk + i, *bi = b + (blk + i) * bs;
            const rp_vd r0 = POW_XV(ai, bi);
            const rp_vd r1 = POW_XV(ai + VM_LANES, bi + VM_LANES * bs);
            rp_vm_vstore(o + blk + i, r0);
            rp_vm_vstore(o + blk + i + VM_LANES, r1);
        }
        for (; i + VM_LANES <= m; i += VM_LANES)
            rp_vm_vstore(o + blk + i, POW_XV(a + blk + i, b + (blk + i) * bs));
        rare |= rp_vm_vany(vrare);
#undef POW_XV
#endif
        for (; i < m; i++)
            o[blk + i] = POW_X(a[blk + i], b[(blk + i) * bs]);
        if (rare)
            err |= pow_rerun_f64(a + blk, b + blk * bs, bs, o + blk, m);
    }
#undef POW_X
    return err;
}
static unsigned pow_run_f64(const double *restrict a, const double *restrict b,
                            double *restrict o, rp_intp n)
{
    return pow_loop_f64(a, b, 1, o, n);
}
static unsigned pow_run_f64_sy(const double *restrict a, const double *restrict b,
                               double *restrict o, rp_intp n)
{
    return pow_loop_f64(a, b, 0, o, n);
}
/* (float32 keeps the exponent buffered per element here: k_power_f32 below
 * takes the contiguous scalar-exponent calls first) */
POW_KERNEL(k_power_f32_any, float, sqrtf, pow_run_f32, pow_run_f32)

/*
 * float32 to a finite scalar exponent (a ** 2.5, NumPy's commonest power):
 * y's integer test and parity once per call, not per element (they took a
 * seventh of the element's instructions), the same bits as pow_run_f32 (the
 * same pow_xy_f32; a lane that is not ok is rerun the same way).
 */
static inline float pow_fast_f32_sy(float x, double yd, int yint, uint32_t oddbit, uint32_t *rare)
{
    const uint32_t ix = rp_vm_u32(x), ax = ix & 0x7fffffffu;
    const int ok = (ax - 1 < 0x7f7fffffu) & ((ix < 0x80000000u) | yint);
    *rare |= (uint32_t)!ok;
    return pow_xy_f32(ax, ok, yd, ix & oddbit);
}
static unsigned pow_run_f32_sy(const float *restrict a, float y, float *restrict o, rp_intp n)
{
    const uint32_t ay = rp_vm_u32(y) & 0x7fffffffu;
    const int big = ay >= 0x4b800000u; /* 2^24 and above: even integers */
    const double ym = big ? 0.0 : (double)rp_vm_f32(ay);
    const uint64_t yk = rp_vm_u64(ym + RP_VM_D_SHIFT);
    const int yint = big | (rp_vm_f64(yk) - RP_VM_D_SHIFT == ym);
    const uint32_t oddbit = !big && yint && (yk & 1) ? 0x80000000u : 0;
    const double yd = (double)y;
    unsigned err = 0;
    for (rp_intp blk = 0; blk < n; blk += RP_VM_BLOCK) {
        const rp_intp m = n - blk < RP_VM_BLOCK ? n - blk : RP_VM_BLOCK;
        uint32_t rare = 0;
        for (rp_intp i = 0; i < m; i++)
            o[blk + i] = pow_fast_f32_sy(a[blk + i], yd, yint, oddbit, &rare);
        if (rare)
            for (rp_intp i = blk; i < blk + m; i++)
                if (pow_rare_f32(a[i], y))
                    o[i] = pow_slow_f32(a[i], y, &err);
    }
    return err;
}
static void k_power_f32(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const rp_intp z = (rp_intp)sizeof(float);
    if (steps[1] == 0 && steps[0] == z && steps[2] == z && n > 0) {
        float y;
        memcpy(&y, args[1], sizeof y);
        const uintptr_t p0 = (uintptr_t)args[0], p2 = (uintptr_t)args[2], nb = (uintptr_t)(n * z);
        if (pow_fast_code((double)y) == POW_GENERAL && (rp_vm_u32(y) & 0x7fffffffu) < 0x7f800000u &&
            (p0 + nb <= p2 || p2 + nb <= p0)) {
            const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;
            const unsigned st = pow_run_f32_sy((const float *)args[0], y, (float *)args[2], n);
            if (st && c && c->errors)
                *c->errors |= st;
            return;
        }
    }
    k_power_f32_any(args, n, steps, ctx);
}
POW_KERNEL(k_power_f64, double, sqrt, pow_run_f64, pow_run_f64_sy)

void RP_ISA_FN(rp_fill_vmath_pow)(rp_kernel_table *t)
{
    t->ufunc.k[RP_OP_power][RP_FLOAT32] = k_power_f32;
    t->ufunc.k[RP_OP_power][RP_FLOAT64] = k_power_f64;
}
