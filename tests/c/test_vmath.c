/* The vectorized math kernels (src/kernels/vmath_*.c): every ISA raises the
 * baseline's floating-point flags and error bits, value by value and at every
 * position of a vector (so a speculative lane cannot raise one); NaN inputs
 * raise none, infinite ones no overflow or underflow. Values and bits are
 * compared with the baseline by test_ufunc.c; accuracy and NumPy's warnings
 * by tests/python/test_vmath.py. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "raptors/ufunc.h"
#include "test.h"

#define FLAGS (FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID)

static const double values[] = {
    NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1p-149,
    0x1p-127, 1e-300, -1e-300, 1.0, -1.0, 0.5, 2.0, 88.7, 88.8, 89.0, -87.3, -87.4, -103.9, -104.0,
    709.78, 709.79, 710.0, 1000.0, -708.39, -708.4, -720.0, -745.1, -745.2, -746.0, -1000.0,
    DBL_MAX, -DBL_MAX, FLT_MAX, 1e300,
    /* the edges of float32 exp's fast path (|x| in [2^-126, 86)) */
    86.0, -86.0, 85.99999, -85.99999, 0x1p-126, -0x1p-126, 0x1.fffffcp-127,
    /* float64 exp's fast path (|x| < 708, |x| < 2^-54 as 0) and the rare
     * lanes' scaled and subnormal results */
    708.0, -708.0, 707.9999999999999, -707.9999999999999, 0x1p-54, -0x1p-54, 0x1.fffffffffffffp-55,
    -708.3964185322641, -708.3964185322642, -744.44007192138122, -745.1332191019411,
    -745.1332191019412, 709.782712893384, 709.7827128933841,
    /* float64 log near 1 (the two subintervals with c = 1, and past them) */
    1.00015, 0.99985, 1.0078, 1.0079, 0.992, 0.9921, 1.0 + 0x1p-52, 1.0 - 0x1p-53,
    /* expm1/log1p's fast path ends (x itself below 2^-55, expm1's direct polynomial below
     * 1/8, log1p's -1) */
    0x1p-55, -0x1p-55, 0x1p-54, 0.125, -0.125, 0x1.fffffffffffffp-4, -0.9999999999999999,
    -1.0000000000000002, 0x1p53,
    /* float64 exp2's fast path ends (|x| < 1022) and exact subnormal powers of two */
    1022.0, -1022.0, 1021.9999999999999, -1022.5, -1074.0, -1075.0, 1024.0,
    /* float32 arctan's, arcsin's and arccos's fast-path ends */
    0x1p-12, -0x1p-12, 0x1p-27, 0x1p-28, 0x1p26, 0x1.000002p26, 0x1.000002p0, -0x1.000002p0,
    0x1.fffffep-1, 0x1.000002p-1, -0x1.000002p-1,
    /* float32 tan's (2^17, multiples of pi/2) */
    0x1p17, 0x1.fffffep16, 1.5707963705062866, -1.5707963705062866, 3.1415927410125732,
    /* the hyperbolic family's path edges (vmath_hyp64.inc, vmath_ahyp64.inc) */
    0x1p-27, 0x1.fffffffffffffp-28, 0.5, 0x1.fffffffffffffp-2, 0.0625, 0x1.fffffffffffffp-5, 22.0,
    -22.0, 32.0, 89.41, 89.42, 707.9999999999999, 710.4758600739439, 710.475860073944, 720.0,
    0x1p28, -0x1p28, 0x1.fffffffffffffp27, 0.9999999999999999, -0.9999999999999999, 0.99999994,
    1.0000001, 1e154, 1e155,
    /* float64 arctan's, arcsin's and arccos's fast-path ends and intervals (vmath_atan64.inc) */
    0x1p-27, 0x1.fffffffffffffp-28, 0x1p54, 0x1.0000000000001p54, 0.1875, 0.4375, 0.6875,
    16.0 / 3, 16.0 / 7, 16.0 / 11, 1.0000000000000002, 0x1p-60, 0x1.fffffffffffffp-61,
    0.5000000000000001, -0.5000000000000001, 1.0000000000000002, -1.0000000000000002,
    /* float64 tan's (2^20, multiples of pi/2, the table's j/8 edges) */
    0x1p20, 0x1.fffffffffffffp19, -0x1p20, 1.5707963267948966, -1.5707963267948966,
    3.141592653589793, 4.71238898038469, 0.0625, 0.1875, 0.8125, 0.7853981633974483,
    /* float32 cosh's two pieces (0.55f), tanh's saturation, cosh's 2^-k clamp (k = 64) */
    0x1.19999ap-1, 0x1.199998p-1, -0x1.19999ap-1, 9.0, 10.0, 0x1.3fffffp3, -10.0, 44.2, 44.5, -44.5,
    /* float32 tanh's table intervals (the first, 2^-12 to 1/8, and edges further up) */
    0x1.fffffep-4, -0x1.fffffep-4, 0x1.7ffffep-3, 0x1.8p-3, 0x1.7ffffep2, 6.0, 0x1.fffffep2, 8.0,
    0x1.fffffep-13, -0x1.000002p-12,
};
#define NV ((int)(sizeof values / sizeof values[0]))
static const rp_op ops[] = {RP_OP_exp, RP_OP_log, RP_OP_log2, RP_OP_log10, RP_OP_tanh,
                             RP_OP_sin, RP_OP_cos, RP_OP_exp2, RP_OP_expm1, RP_OP_log1p,
                             RP_OP_arctan, RP_OP_arcsin, RP_OP_arccos, RP_OP_cbrt, RP_OP_tan,
                             RP_OP_sinh, RP_OP_cosh, RP_OP_arcsinh, RP_OP_arccosh, RP_OP_arctanh};

/* Runs k over 37 elements, value v at position pos and 1.0 elsewhere (pos <
 * 0: v everywhere); returns the raised flags, *err the error bits. */
static int run(rp_kernel k, rp_dtype dt, double v, int pos, unsigned *err, char *out)
{
    enum { L = 37 };
    static char in[L * 8];
    for (int i = 0; i < L; i++) {
        double x = pos < 0 || i == pos ? v : 1.0;
        if (dt == RP_FLOAT32) {
            volatile float f = (float)x; /* the cast's own flags are cleared below */
            memcpy(in + 4 * i, (const void *)&f, 4);
        } else
            memcpy(in + 8 * i, &x, 8);
    }
    rp_intp sz = (rp_intp)rp_dtype_size(dt);
    char *args[2] = {in, out};
    rp_intp steps[2] = {sz, sz};
    *err = 0;
    memset(out, 0, L * 8);
    rp_ufunc_ctx c = {1.0, 0, err};
    feclearexcept(FE_ALL_EXCEPT);
    k(args, L, steps, &c);
    return fetestexcept(FLAGS);
}

void test_vmath(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    static rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "vmath");
    static char ref[37 * 8], got[37 * 8];
    for (int o = 0; o < (int)(sizeof ops / sizeof ops[0]); o++)
        for (rp_dtype dt = RP_FLOAT32; dt <= RP_FLOAT64; dt++) {
            const char *name = rp_op_get(ops[o])->name;
            for (int v = 0; v < NV; v++)
                for (int pos = -1; pos < 37; pos += 9) {
                    unsigned eb, eg;
                    int fb = run(tables[RP_ISA_BASELINE].ufunc.k[ops[o]][dt], dt, values[v], pos,
                                 &eb, ref);
                    if (isnan(values[v]) || isinf(values[v]))
                        /* (libm's float64 log2(-inf) signals its invalid) */
                        CHECKF(isnan(values[v]) ? fb == 0 : (fb & ~FE_INVALID) == 0,
                               "%s/%s(%g) raises flags %#x", name, rp_dtype_get(dt)->name,
                               values[v], fb);
                    for (int t = 1; t < nt; t++) {
                        int fg = run(tables[tested[t]].ufunc.k[ops[o]][dt], dt, values[v], pos,
                                     &eg, got);
                        CHECKF(fg == fb && eg == eb && memcmp(got, ref, sizeof got) == 0,
                               "%s %s/%s(%g) at %d: flags %#x/%#x bits %#x/%#x",
                               rp_isa_name(tested[t]), name, rp_dtype_get(dt)->name, values[v],
                               pos, fg, fb, eg, eb);
                    }
                }
        }
}

/* float32 power to a scalar exponent (its own loop, vmath_pow.c): every ISA
 * gives the baseline's bits and flags, and each the bits of the same
 * exponent as an array (the general loop). x: the values above and their
 * negatives, 37 at a time. */
static int run_pow(rp_kernel k, const float *x, float y, int scalar, float *out)
{
    enum { L = 37 };
    static float ys[L];
    for (int i = 0; i < L; i++)
        ys[i] = y;
    char *args[3] = {(char *)x, (char *)(scalar ? &y : ys), (char *)out};
    rp_intp steps[3] = {4, scalar ? 0 : 4, 4};
    unsigned err = 0;
    rp_ufunc_ctx c = {1.0, 0, &err};
    feclearexcept(FE_ALL_EXCEPT);
    k(args, L, steps, &c);
    return fetestexcept(FLAGS) | (int)(err << 8);
}

void test_vmath_pow_scalar(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    static rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "vmath_pow");
    static const float ys[] = {2.5f, -1.5f, 3.0f, -3.0f, 0.3f, -0.7f, 11.0f, 1e30f, -1e30f,
                               0x1p24f, 0x1.000002p24f, 0x1.000002p23f, 40.0f, -40.0f, 1e-30f};
    enum { L = 37 };
    float x[L], ref[L], got[L], arr[L];
    for (int v0 = 0; v0 < 2 * NV; v0 += L)
        for (int y = 0; y < (int)(sizeof ys / sizeof ys[0]); y++) {
            for (int i = 0; i < L; i++) {
                const int v = (v0 + i) % (2 * NV);
                volatile float f = (float)(v < NV ? values[v] : -values[v - NV]);
                x[i] = f;
            }
            const rp_kernel kb = tables[RP_ISA_BASELINE].ufunc.k[RP_OP_power][RP_FLOAT32];
            const int fb = run_pow(kb, x, ys[y], 1, ref);
            const int fa = run_pow(kb, x, ys[y], 0, arr);
            CHECKF(fa == fb && memcmp(arr, ref, sizeof ref) == 0,
                   "power/float32 ** %g at %d: scalar and array exponents differ", ys[y], v0);
            for (int t = 1; t < nt; t++) {
                const int fg =
                    run_pow(tables[tested[t]].ufunc.k[RP_OP_power][RP_FLOAT32], x, ys[y], 1, got);
                CHECKF(fg == fb && memcmp(got, ref, sizeof ref) == 0,
                       "%s power/float32 ** %g at %d: flags %#x/%#x", rp_isa_name(tested[t]),
                       ys[y], v0, fg, fb);
            }
        }
}
