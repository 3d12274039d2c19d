/*
 * Max ULP error of a float32 vectorized math kernel over every float32
 * argument (2^32 of them; about a minute), against the C library's double
 * function (whose own error, a few 2^-29 float ULP, is far below what this
 * resolves). Results outside float's normal range are
 * skipped (the accuracy script covers those regions).
 *
 *   cc -O2 -Iinclude -Isrc/core -Isrc/kernels scripts/vmath_exhaustive.c \
 *      build/editable/librpcore.a -lm -lpthread -o build/vmath_exhaustive
 *   build/vmath_exhaustive exp [isa]      (exp, log, log2, log10, sin, cos, tanh, log1p,
 *                                          sinh, cosh, cbrt, arcsinh, arccosh, arctanh;
 *                                          isa default avx512)
 *   build/vmath_exhaustive sin avx512 0 49800000   (only the bit patterns [lo, hi))
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "raptors/raptors.h"
#include "raptors/ufunc.h"

int main(int argc, char **argv)
{
    const char *fn = argc > 1 ? argv[1] : "exp", *isa = argc > 2 ? argv[2] : "avx512";
    static const struct {
        const char *name;
        rp_op op;
        double (*ref)(double);
    } fns[] = {{"exp", RP_OP_exp, exp}, {"log", RP_OP_log, log}, {"log2", RP_OP_log2, log2},
               {"log10", RP_OP_log10, log10}, {"sin", RP_OP_sin, sin},
               {"cos", RP_OP_cos, cos}, {"tanh", RP_OP_tanh, tanh},
               {"log1p", RP_OP_log1p, log1p}, {"sinh", RP_OP_sinh, sinh},
               {"cosh", RP_OP_cosh, cosh}, {"cbrt", RP_OP_cbrt, cbrt},
               {"arcsinh", RP_OP_arcsinh, asinh}, {"arccosh", RP_OP_arccosh, acosh},
               {"arctanh", RP_OP_arctanh, atanh}};
    int w = -1;
    for (int i = 0; i < (int)(sizeof fns / sizeof fns[0]); i++)
        if (strcmp(fn, fns[i].name) == 0)
            w = i;
    if (w < 0) {
        fprintf(stderr, "unknown function %s\n", fn);
        return 2;
    }
    const rp_op op = fns[w].op;
    double (*ref)(double) = fns[w].ref;
    static rp_kernel_table t;
    int found = 0;
    for (int i = 0; i < RP_ISA_COUNT; i++)
        if (strcmp(isa, rp_isa_name((rp_isa)i)) == 0)
            found = rp_kernels_table_for((rp_isa)i, &t);
    if (!found) {
        fprintf(stderr, "ISA %s not compiled or not supported\n", isa);
        return 2;
    }
    rp_kernel k = t.ufunc.k[op][RP_FLOAT32];
    enum { N = 1 << 16 };
    static float in[N], out[N];
    double worst = 0;
    float wx = 0;
    /* optional bit-pattern range [lo, hi) (hex), e.g. the positive half of an
     * odd or even function */
    const uint64_t lo = argc > 3 ? strtoull(argv[3], NULL, 16) & ~(uint64_t)(N - 1) : 0;
    const uint64_t hi = argc > 4 ? strtoull(argv[4], NULL, 16) : 0x100000000ull;
    for (uint64_t base = lo; base < hi; base += N) {
        for (int i = 0; i < N; i++) {
            uint32_t u = (uint32_t)base + (uint32_t)i;
            memcpy(&in[i], &u, 4);
        }
        char *args[2] = {(char *)in, (char *)out};
        rp_intp st[2] = {4, 4};
        unsigned e = 0;
        rp_ufunc_ctx c = {1.0, 0, &e};
        k(args, N, st, &c);
        for (int i = 0; i < N; i++) {
            double r = ref((double)in[i]);
            if (!(fabs(r) <= 0x1.fffffep127) || fabs(r) < 0x1p-126)
                continue;
            int ex;
            frexp(fabs(r), &ex);
            double d = fabs(out[i] - r) / ldexp(1.0, ex - 24);
            if (d > worst) {
                worst = d;
                wx = in[i];
            }
        }
    }
    printf("%s float32 (%s): max error %.4f ULP at %a\n", fn, isa, worst, (double)wx);
    return 0;
}
