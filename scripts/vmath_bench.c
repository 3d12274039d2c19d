/*
 * Times the vectorized math kernels of every compiled ISA directly (no
 * Python, no threads): the minimum over many runs of one call on n elements,
 * in nanoseconds per element, so a busy machine's interruptions drop out.
 * Also a fixed workload for callgrind (instruction counts per element).
 *
 *   cc -O2 -Iinclude -Isrc/core -Isrc/kernels scripts/vmath_bench.c \
 *      build/editable/librpcore.a -lm -lpthread -o build/vmath_bench
 *   build/vmath_bench [op[/dtype]] [isa] [n] [reps]
 *   valgrind --tool=callgrind build/vmath_bench exp/f64 avx2 65536 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels.h"
#include "raptors/raptors.h"
#include "raptors/ufunc.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The bench suite's domains (raptors/bench/suites.py _MATH_DOMAINS). */
static const struct {
    const char *name;
    rp_op op;
    double lo, hi;
    double y; /* power's broadcast exponent (a binary kernel); 0 for a unary one, -1 for a
                 binary one on two arrays (in and in reversed) */
} fns[] = {
    {"exp", RP_OP_exp, -50, 50},     {"log", RP_OP_log, 1e-3, 1e3},
    {"log2", RP_OP_log2, 1e-3, 1e3}, {"log10", RP_OP_log10, 1e-3, 1e3},
    {"tanh", RP_OP_tanh, -20, 20},   {"sin", RP_OP_sin, -100, 100},
    {"cos", RP_OP_cos, -100, 100},
    {"sinh", RP_OP_sinh, -20, 20},   {"cosh", RP_OP_cosh, -20, 20},
    {"arcsinh", RP_OP_arcsinh, -20, 20}, {"arccosh", RP_OP_arccosh, 1, 100},
    {"arctanh", RP_OP_arctanh, -0.99, 0.99},
    {"arctan", RP_OP_arctan, -20, 20},   {"arcsin", RP_OP_arcsin, -0.99, 0.99},
    {"arccos", RP_OP_arccos, -0.99, 0.99}, {"tan", RP_OP_tan, -100, 100},
    {"cbrt", RP_OP_cbrt, -100, 100}, {"power", RP_OP_power, 0, 100, 2.5},
    {"log1p", RP_OP_log1p, -0.9, 100}, {"expm1", RP_OP_expm1, -50, 50},
    {"exp2", RP_OP_exp2, -100, 100},   {"arctan2", RP_OP_arctan2, -10, 10, -1},
};

int main(int argc, char **argv)
{
    const char *want = argc > 1 ? argv[1] : "";
    const char *wisa = argc > 2 ? argv[2] : "";
    rp_intp n = argc > 3 ? atol(argv[3]) : 4096;
    int reps = argc > 4 ? atoi(argv[4]) : 2000;
    double *in = aligned_alloc(64, (size_t)n * 8), *out = aligned_alloc(64, (size_t)n * 8);
    double *in2 = aligned_alloc(64, (size_t)n * 8);
    static rp_kernel_table t;
    for (int f = 0; f < (int)(sizeof fns / sizeof fns[0]); f++)
        for (rp_dtype dt = RP_FLOAT32; dt <= RP_FLOAT64; dt++) {
            char label[32];
            snprintf(label, sizeof label, "%s/%s", fns[f].name, dt == RP_FLOAT32 ? "f32" : "f64");
            if (*want && strcmp(want, fns[f].name) && strcmp(want, label))
                continue;
            srand(1);
            for (rp_intp i = 0; i < n; i++) {
                double x = fns[f].lo + (fns[f].hi - fns[f].lo) * (rand() / (double)RAND_MAX);
                if (dt == RP_FLOAT32)
                    ((float *)in)[i] = (float)x;
                else
                    in[i] = x;
            }
            printf("%-10s", label);
            for (int isa = 0; isa < RP_ISA_COUNT; isa++) {
                if (*wisa && strcmp(wisa, rp_isa_name((rp_isa)isa)))
                    continue;
                if (!rp_kernels_table_for((rp_isa)isa, &t))
                    continue;
                rp_kernel k = t.ufunc.k[fns[f].op][dt];
                const rp_intp z = (rp_intp)rp_dtype_size(dt);
                double yd = fns[f].y;
                float yf = (float)yd;
                char *args[3] = {(char *)in, (char *)out, NULL};
                rp_intp steps[3] = {z, z, 0};
                if (yd == -1) {
                    for (rp_intp i = 0; i < n * z; i++)
                        ((char *)in2)[i] = ((char *)in)[n * z - 1 - (i ^ (z - 1))];
                    args[1] = (char *)in2;
                    args[2] = (char *)out;
                    steps[2] = z;
                } else if (yd != 0) { /* in ** y, y broadcast */
                    args[1] = dt == RP_FLOAT32 ? (char *)&yf : (char *)&yd;
                    args[2] = (char *)out;
                    steps[1] = 0;
                    steps[2] = z;
                }
                unsigned err = 0;
                rp_ufunc_ctx c = {1.0, 0, &err};
                double best = 1e30;
                for (int r = 0; r < reps; r++) {
                    double t0 = now();
                    k(args, n, steps, &c);
                    double dtm = now() - t0;
                    if (dtm < best)
                        best = dtm;
                }
                printf("  %s %6.3f ns", rp_isa_name((rp_isa)isa), best * 1e9 / (double)n);
            }
            printf("\n");
        }
    return 0;
}
