/*
 * The float16 loops that are not float32's rounded once. Every other op's
 * float16 loop is the float32 kernel between the driver's cast blocks
 * (src/core/ufunc.c, loop_kernel); these would be wrong that way:
 *   nextafter  the next half, not the next float rounded back to x;
 *   round      NumPy's multiply, rint and divide are three float16 loops,
 *              each rounded to half, not one float32 computation;
 *   cumsum, cumprod  each partial rounded to half (below).
 * Halves are read and written as their bits.
 */
#include <fenv.h>
#include <math.h>

#include "isa.h"
#include "half.h"

void RP_ISA_FN(rp_fill_ufunc_half)(rp_kernel_table *t);

/* NumPy's npy_half_nextafter: a NaN operand gives the default NaN 0x7e00;
 * stepping from a finite half to inf raises overflow (nothing else). */
static rp_half half_nextafter(rp_half x, rp_half y, int *fe)
{
    const rp_half ax = x & 0x7fffu, ay = y & 0x7fffu;
    rp_half r;
    if (ax > 0x7c00u || ay > 0x7c00u)
        return 0x7e00u;
    if (x == y || (ax == 0 && ay == 0))
        return x; /* equal (either zero is equal to the other: x as NumPy) */
    if (ax == 0)
        r = (rp_half)((y & 0x8000u) | 1u); /* the smallest subnormal toward y */
    else {
        /* Magnitude up when y is farther from zero on x's side, else down. */
        const bool x_neg = (x & 0x8000u) != 0, y_neg = (y & 0x8000u) != 0;
        const bool away = x_neg == y_neg && ay > ax;
        r = away ? (rp_half)(x + 1u) : (rp_half)(x - 1u);
    }
    if ((r & 0x7fffu) == 0x7c00u && ax < 0x7c00u)
        *fe |= FE_OVERFLOW;
    return r;
}

/* args = {x, y, out} */
static void nextafter_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    (void)ctx;
    int fe = 0;
    for (rp_intp i = 0; i < n; i++)
        *(rp_half *)(args[2] + i * steps[2]) =
            half_nextafter(*(const rp_half *)(args[0] + i * steps[0]),
                           *(const rp_half *)(args[1] + i * steps[1]), &fe);
    if (fe)
        feraiseexcept(fe);
}

/* NumPy's round of float16 with decimals d: multiply by 10^|d| (a half),
 * rint, divide back (the other way round for d < 0), each step a float16
 * loop that rounds to half; d == 0 is rint. */
static float to_half_and_back(float v, int *fe) { return rp_half_to_float(rp_float_to_half(v, fe)); }

/* args = {x, out}; ctx: the decimals and 10^|decimals| */
static void round_f16(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)
{
    const rp_ufunc_ctx *c = (const rp_ufunc_ctx *)ctx;
    int fe = 0, scale_fe = 0;
    const float s = to_half_and_back((float)c->scale, &scale_fe);
    for (rp_intp i = 0; i < n; i++) {
        const float x = rp_half_to_float(*(const rp_half *)(args[0] + i * steps[0]));
        float r;
        if (x != x) /* (quieted as every ISA's arithmetic does; rintf may not) */
            r = x + x;
        else if (c->decimals > 0)
            r = rintf(to_half_and_back(x * s, &fe)) / s;
        else if (c->decimals < 0)
            r = rintf(to_half_and_back(x / s, &fe)) * s;
        else
            r = rintf(x);
        *(rp_half *)(args[1] + i * steps[1]) = rp_float_to_half(r, &fe);
    }
    if (fe)
        feraiseexcept(fe);
}

/* cumsum/cumprod (reduce.cum; args = {in, out}): NumPy's accumulate calls
 * the float16 add/multiply loop per element, so every partial is rounded
 * to half (a float32 running sum rounded at the end would not be). */
#define CUM_HALF(name, OP)                                                                         \
    static void name(char *const *args, rp_intp n, const rp_intp *steps, const void *ctx)          \
    {                                                                                              \
        (void)ctx;                                                                                 \
        if (n <= 0)                                                                                \
            return;                                                                                \
        int fe = 0;                                                                                \
        rp_half acc = *(const rp_half *)args[0];                                                   \
        *(rp_half *)args[1] = acc;                                                                 \
        for (rp_intp i = 1; i < n; i++) {                                                          \
            const float x = rp_half_to_float(*(const rp_half *)(args[0] + i * steps[0]));         \
            acc = rp_float_to_half(rp_half_to_float(acc) OP x, &fe);                               \
            *(rp_half *)(args[1] + i * steps[1]) = acc;                                            \
        }                                                                                          \
        if (fe)                                                                                    \
            feraiseexcept(fe);                                                                     \
    }
CUM_HALF(cumsum_f16, +)
CUM_HALF(cumprod_f16, *)

void RP_ISA_FN(rp_fill_ufunc_half)(rp_kernel_table *t)
{
    t->reduce.cum[RP_RED_SUM][RP_FLOAT16] = cumsum_f16;
    t->reduce.cum[RP_RED_PROD][RP_FLOAT16] = cumprod_f16;
    t->ufunc.k[RP_OP_nextafter][RP_FLOAT16] = nextafter_f16;
    t->ufunc.k[RP_OP_round][RP_FLOAT16] = round_f16;
}
