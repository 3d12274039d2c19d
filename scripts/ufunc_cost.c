/*
 * The per-element cost of one elementwise kernel, single-threaded, for the
 * table of src/core/ufunc_cost.c (docs/performance.md, "Threads by cost"):
 * calls one ISA's kernel (the widest the CPU runs, or the one named) of <op> for <dtype> on n contiguous
 * elements (inputs drawn in the bench suite's domain of the function), in
 * run_case, which callgrind can collect alone:
 *
 *   cc -O2 -Iinclude -Isrc/core -Isrc/kernels scripts/ufunc_cost.c \
 *      build/editable/librpcore.a -lm -lpthread -o build/ufunc_cost
 *   build/ufunc_cost exp float64 time [isa]  # ns an element, best of 200 calls
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=run_case \
 *      build/ufunc_cost exp float64 count avx2   # instructions: the "totals" / (n x reps)
 *
 * scripts/ufunc_cost.sh runs the second for every line of the table.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels.h"
#include "raptors/raptors.h"
#include "raptors/ufunc.h"

enum { N = 4096, COUNT_REPS = 4, TIME_REPS = 200 };

/* Domains as raptors/bench/suites.py's _MATH_DOMAINS (x, and y for the
 * binary functions); anything else draws from [-10, 10]. */
static const struct {
    const char *name;
    double lo, hi, ylo, yhi;
} domains[] = {
    {"log", 1e-3, 1e3, 0, 0},        {"log2", 1e-3, 1e3, 0, 0},      {"log10", 1e-3, 1e3, 0, 0},
    {"log1p", 0, 1e3, 0, 0},         {"sqrt", 0, 1e3, 0, 0},         {"arcsin", -1, 1, 0, 0},
    {"arccos", -1, 1, 0, 0},         {"arccosh", 1, 100, 0, 0},      {"arctanh", -0.99, 0.99, 0, 0},
    {"exp", -50, 50, 0, 0},          {"exp2", -50, 50, 0, 0},        {"expm1", -50, 50, 0, 0},
    {"sin", -100, 100, 0, 0},        {"cos", -100, 100, 0, 0},       {"tan", -100, 100, 0, 0},
    {"sinh", -20, 20, 0, 0},         {"cosh", -20, 20, 0, 0},        {"tanh", -20, 20, 0, 0},
    {"arcsinh", -20, 20, 0, 0},      {"power", 0.1, 10, -3, 3},      {"fmod", -100, 100, 0.5, 10},
    {"cbrt", -1e3, 1e3, 0, 0},
};

static __attribute__((noinline)) void run_case(rp_kernel k, char *const *args, const rp_intp *steps,
                                               const rp_ufunc_ctx *c, int reps)
{
    for (int r = 0; r < reps; r++)
        k(args, N, steps, c);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s op dtype time|count [isa]\n", argv[0]);
        return 2;
    }
    const int op = rp_op_lookup(argv[1]);
    const rp_dtype dt = strcmp(argv[2], "float32") == 0      ? RP_FLOAT32
                        : strcmp(argv[2], "complex64") == 0  ? RP_COMPLEX64
                        : strcmp(argv[2], "complex128") == 0 ? RP_COMPLEX128
                                                             : RP_FLOAT64;
    /* complex: each part drawn from the domain */
    const int parts = dt == RP_COMPLEX64 || dt == RP_COMPLEX128 ? 2 : 1;
    const bool f32 = dt == RP_FLOAT32 || dt == RP_COMPLEX64;
    static rp_kernel_table t;
    int isa = RP_ISA_COUNT - 1; /* the one named, else the widest this CPU runs */
    while (isa > 0 && (argc > 4 ? strcmp(argv[4], rp_isa_name((rp_isa)isa)) != 0
                                : !rp_kernels_table_for((rp_isa)isa, &t)))
        isa--;
    if (op < 0 || !rp_kernels_table_for((rp_isa)isa, &t) || !t.ufunc.k[op][dt]) {
        fprintf(stderr, "no kernel for %s %s\n", argv[1], argv[2]);
        return 1;
    }
    double lo = -10, hi = 10, ylo = -10, yhi = 10;
    for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)
        if (strcmp(domains[i].name, argv[1]) == 0) {
            lo = domains[i].lo, hi = domains[i].hi;
            if (domains[i].ylo != domains[i].yhi)
                ylo = domains[i].ylo, yhi = domains[i].yhi;
        }
    const int nin = rp_op_get(op)->nin;
    const size_t sz = rp_dtype_size(dt);
    char *args[3];
    rp_intp steps[3];
    srand(1);
    for (int a = 0; a <= nin; a++) {
        args[a] = aligned_alloc(64, N * 16);
        steps[a] = (rp_intp)(a < nin ? sz : rp_dtype_size(rp_ufunc_out_dtype(op, dt)));
        for (rp_intp i = 0; i < N * parts && a < nin; i++) {
            const double l = a ? ylo : lo, h = a ? yhi : hi;
            const double x = l + (h - l) * (rand() / (double)RAND_MAX);
            if (f32)
                ((float *)args[a])[i] = (float)x;
            else
                ((double *)args[a])[i] = x;
        }
    }
    unsigned err = 0;
    rp_ufunc_ctx c = {1.0, 0, &err};
    if (strcmp(argv[3], "count") == 0) {
        run_case(t.ufunc.k[op][dt], args, steps, &c, COUNT_REPS);
        printf("%s %s %s n=%d reps=%d\n", argv[1], argv[2], rp_isa_name((rp_isa)isa), N,
               COUNT_REPS);
        return 0;
    }
    double best = 1e30;
    for (int r = 0; r < TIME_REPS; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        run_case(t.ufunc.k[op][dt], args, steps, &c, 1);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        const double d = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        best = d < best ? d : best;
    }
    printf("%s %s %s %.3f ns\n", argv[1], argv[2], rp_isa_name((rp_isa)isa), best * 1e9 / N);
    return 0;
}
