/* Runs every C test group and prints the closing line CI reads. */
#include <stdlib.h>
#include <time.h>

#include "test.h"

int rp_test_failed, rp_test_passed;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One line per group, so a log shows where failures and time went. */
static void run_group(const char *name, void (*fn)(void))
{
    int p0 = rp_test_passed, f0 = rp_test_failed;
    double t0 = now();
    fn();
    printf("%-12s %8d passed %4d failed %8.2f s\n", name, rp_test_passed - p0, rp_test_failed - f0,
           now() - t0);
    fflush(stdout);
}

int rp_test_isa_tables(rp_kernel_table *tables, rp_isa *tested, const char *label)
{
    int n = 0;
    for (int isa = 0; isa < RP_ISA_COUNT; isa++)
        if (rp_kernels_table_for((rp_isa)isa, &tables[isa]))
            tested[n++] = (rp_isa)isa;
    printf("%s: ISAs compared with the baseline:", label);
    for (int i = 1; i < n; i++)
        printf(" %s", rp_isa_name(tested[i]));
    printf(n > 1 ? "\n" : " none (only the baseline is compiled or supported)\n");
    return n;
}

int main(void)
{
    const char *simd = getenv("RAPTORS_SIMD");
    if (rp_dispatch_init(simd) != RP_OK) {
        fprintf(stderr, "RAPTORS_SIMD=%s refused; using the best ISA\n", simd);
        rp_dispatch_init(NULL);
    }
    printf("kernels: %s (cpu best %s)\n", rp_isa_name(rp_isa_selected()),
           rp_isa_name(rp_cpu_best_isa()));
    run_group("alloc", test_alloc);
    run_group("stream", test_stream);
    run_group("array", test_array);
    run_group("iter", test_iter);
    run_group("cast", test_cast);
    run_group("ufunc", test_ufunc);
    run_group("intdiv", test_intdiv);
    run_group("reduce", test_reduce);
    run_group("pool", test_pool);
    run_group("cpu_quota", test_cpu_quota);
    run_group("fpe", test_fpe);
    run_group("matmul", test_matmul);
    run_group("sort", test_sort);
    run_group("index", test_index);
    run_group("vmath", test_vmath);
    run_group("vmath_pow", test_vmath_pow_scalar);
    run_group("repeat", test_repeat);
    run_group("half", test_half);
    run_group("count", test_count);
    run_group("cast_complex", test_cast_complex);
    run_group("cmath", test_cmath);
    run_group("reduce_complex", test_reduce_complex);
    run_group("sort_complex", test_sort_complex);
    printf("%d passed, %d failed\n", rp_test_passed, rp_test_failed);
    return rp_test_failed != 0;
}
