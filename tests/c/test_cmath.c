/* The complex math kernels (src/kernels/ufunc_cmath.c, vmath_cexp.c): every
 * ISA gives the baseline's bits and floating-point flags, for every pairing
 * of edge parts (the vector exp's range edges, zeros, tiny, huge, inf, NaN)
 * at every lane position, over lengths across a vector and a block, and
 * strided. exp's rare lanes are glibc's cexp/cexpf exactly. Accuracy and
 * NumPy's bits by tests/python/test_complex_funcs.py. */
#include <complex.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "raptors/ufunc.h"
#include "test.h"

#define FLAGS (FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INVALID)

static const double parts[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, NAN, -NAN, INFINITY, -INFINITY, 0x1p-1074, -0x1p-1022,
    1e-300, 0x1p-149, 1e-40, DBL_MAX, -1e300, FLT_MAX,
    /* complex128 exp's vector range: |x| < 600, y zero or 2^-27 <= |y| < 2^20 */
    -600.0, -599.9999999999999, 600.0, 599.9999999999999, 708.0, -708.0, 709.8, -745.0,
    0x1p-27, 0x1.fffffffffffffp-28, -0x1p-27, 0x1p20, 0x1.fffffffffffffp19, -0x1p20,
    /* complex64's: |x| < 88, |y| < 2^20, results at float's normals */
    88.0, 87.99999, -88.0, -87.99999, -103.0, 88.8, -87.5, -95.0, 0x1p-126, 0x1.fffffcp19,
    /* next to multiples of pi/2 (where sin or cos is small) */
    1.5707963267948966, -3.141592653589793, 4.71238898038469, 1.5707963705062866,
    355.0, 710.0, 103993.0, 245850922.0, 1e5,
};
#define NP ((int)(sizeof parts / sizeof parts[0]))
_Static_assert(sizeof parts / sizeof parts[0] * (sizeof parts / sizeof parts[0]) <= 4000,
               "every pairing fits in the input array");
static const rp_op ops[] = {
    RP_OP_sqrt, RP_OP_exp, RP_OP_exp2, RP_OP_expm1, RP_OP_log, RP_OP_log2, RP_OP_log10,
    RP_OP_log1p, RP_OP_sin, RP_OP_cos, RP_OP_tan, RP_OP_arcsin, RP_OP_arccos, RP_OP_arctan,
    RP_OP_sinh, RP_OP_cosh, RP_OP_tanh, RP_OP_arcsinh, RP_OP_arccosh, RP_OP_arctanh, RP_OP_power};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))

enum { L = 4000, MAXZ = 16 };

/* Item i of a complex array of dtype dt from two doubles. */
static void put(char *p, rp_dtype dt, double re, double im)
{
    if (dt == RP_COMPLEX64) {
        volatile float f[2] = {(float)re, (float)im}; /* the casts' flags are cleared below */
        memcpy(p, (const void *)f, 8);
    } else {
        const double d[2] = {re, im};
        memcpy(p, d, 16);
    }
}

/* k over n items of in (step `step` bytes; the power's exponent is the
 * input reversed), the results packed into out; returns the flags raised. */
static int run(rp_kernel k, const rp_op op, const char *in, rp_intp n, rp_intp step, char *out,
               rp_intp z)
{
    static char rev[L * 2 * MAXZ];
    for (rp_intp i = 0; i < n; i++)
        memcpy(rev + i * step, in + (n - 1 - i) * step, (size_t)z);
    const bool bin = op == RP_OP_power;
    char *args[3] = {(char *)in, bin ? rev : out, out};
    rp_intp steps[3] = {step, bin ? step : z, z};
    unsigned err = 0;
    rp_ufunc_ctx c = {1.0, 0, &err};
    feclearexcept(FE_ALL_EXCEPT);
    k(args, n, steps, &c);
    return fetestexcept(FLAGS);
}

static void compare(const rp_kernel_table *tables, const rp_isa *tested, int nt, rp_op op,
                    rp_dtype dt, const char *in, rp_intp n, rp_intp step, const char *what)
{
    static char ref[L * MAXZ], got[L * MAXZ];
    const rp_intp z = (rp_intp)rp_dtype_size(dt);
    const char *name = rp_op_get(op)->name;
    memset(ref, 0, sizeof ref);
    const int fb = run(tables[RP_ISA_BASELINE].ufunc.k[op][dt], op, in, n, step, ref, z);
    for (int t = 1; t < nt; t++) {
        memset(got, 0, sizeof got);
        const int fg = run(tables[tested[t]].ufunc.k[op][dt], op, in, n, step, got, z);
        CHECKF(fg == fb && memcmp(got, ref, (size_t)(n * z)) == 0,
               "%s %s/%s %s n=%td step=%td: flags %#x/%#x", rp_isa_name(tested[t]), name,
               rp_dtype_get(dt)->name, what, n, step, fg, fb);
    }
}

/* exp's rare lanes and its glibc fallback: a lone special among ordinary
 * values gives cexp's (cexpf's) bits. */
static void check_exp_fallback(const rp_kernel_table *t, rp_dtype dt, double re, double im)
{
    static char in[40 * MAXZ], out[40 * MAXZ];
    const rp_intp z = (rp_intp)rp_dtype_size(dt);
    for (int i = 0; i < 40; i++)
        put(in + i * z, dt, 0.25 * i - 3, 0.5 - 0.125 * i);
    put(in + 17 * z, dt, re, im);
    run(t->ufunc.k[RP_OP_exp][dt], RP_OP_exp, in, 40, z, out, z);
    if (dt == RP_COMPLEX64) {
        float p[2];
        memcpy(p, in + 17 * z, 8);
        if (isfinite(p[0]) && isfinite(p[1]) && fabsf(p[0]) < 88 && fabsf(p[1]) < 0x1p20f)
            return; /* the vector path's (within the ULP bound) */
        const float _Complex w = cexpf(CMPLXF(p[0], p[1]));
        float g[2], e[2] = {crealf(w), cimagf(w)};
        memcpy(g, out + 17 * z, 8);
        CHECKF((isnan(e[0]) ? isnan(g[0]) : g[0] == e[0]) &&
                   (isnan(e[1]) ? isnan(g[1]) : g[1] == e[1]) &&
                   signbit(g[0]) == signbit(e[0]) && signbit(g[1]) == signbit(e[1]),
               "exp/complex64(%g, %g) = (%g, %g), cexpf (%g, %g)", re, im, g[0], g[1], e[0], e[1]);
    } else if (!isfinite(re) || !isfinite(im) || fabs(re) >= 600 ||
               (im != 0 && (fabs(im) < 0x1p-27 || fabs(im) >= 0x1p20))) {
        const double _Complex w = cexp(CMPLX(re, im));
        double g[2], e[2] = {creal(w), cimag(w)};
        memcpy(g, out + 17 * z, 16);
        CHECKF(memcmp(g, e, 16) == 0 || (isnan(g[0]) && isnan(e[0]) && g[1] == e[1]) ||
                   (isnan(g[1]) && isnan(e[1]) && g[0] == e[0]) ||
                   (isnan(g[0]) && isnan(e[0]) && isnan(g[1]) && isnan(e[1])),
               "exp/complex128(%g, %g) = (%g, %g), cexp (%g, %g)", re, im, g[0], g[1], e[0], e[1]);
    }
}

void test_cmath(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    static rp_isa tested[RP_ISA_COUNT];
    const int nt = rp_test_isa_tables(tables, tested, "cmath");
    static char in[2 * L * MAXZ];
    for (rp_dtype dt = RP_COMPLEX64; dt <= RP_COMPLEX128; dt++) {
        const rp_intp z = (rp_intp)rp_dtype_size(dt);
        for (int o = 0; o < NOPS; o++) {
            /* every pairing of edge parts, in one array (every lane position) */
            for (int i = 0; i < NP * NP; i++)
                put(in + i * z, dt, parts[i % NP], parts[i / NP]);
            compare(tables, tested, nt, ops[o], dt, in, NP * NP, z, "pairs");
            /* a special at each position of short arrays (vector tails) */
            for (int n = 1; n <= 19; n += 3)
                for (int p = 0; p < NP; p += 5)
                    for (int pos = 0; pos < n; pos++) {
                        for (int i = 0; i < n; i++)
                            put(in + i * z, dt, 0.3 * i - 1, 1.0 - 0.7 * i);
                        put(in + pos * z, dt, parts[p], parts[(p * 7 + pos) % NP]);
                        compare(tables, tested, nt, ops[o], dt, in, n, z, "tail");
                    }
            /* random values across a block boundary, contiguous and strided */
            srand(7);
            for (int i = 0; i < 1400; i++)
                put(in + i * z, dt, (rand() / (double)RAND_MAX - 0.5) * 40,
                    (rand() / (double)RAND_MAX - 0.5) * 1e3);
            compare(tables, tested, nt, ops[o], dt, in, 700, z, "random");
            compare(tables, tested, nt, ops[o], dt, in, 697, 2 * z, "strided");
        }
        for (int i = 0; i < NP; i++)
            for (int j = 0; j < NP; j++)
                for (int t = 0; t < nt; t++)
                    check_exp_fallback(&tables[tested[t]], dt, parts[i], parts[j]);
    }
}
