/*
 * raptors' thread pool against OpenMP on the same work: `o = a * c` over
 * blocks of 64 KiB (the elementwise driver's split), for arrays from
 * 128 KiB to 32 MiB, called back to back (workers still spinning) and with
 * a 2 ms pause before each call (workers asleep). Prints the median time
 * per call of one of: the serial loop, rp_parallel_blocks, an OpenMP static
 * loop (2 threads). One method per process: a pool's workers spin after
 * each job, and another pool's spinning threads would take the CPUs.
 *
 *   scripts/pool_vs_openmp.sh        (builds with -fopenmp, runs all three)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pool.h"

enum { BLOCK = 8192, ROUNDS = 201 }; /* 8192 doubles = 64 KiB */

typedef struct {
    const double *a;
    double *o;
    rp_intp n;
} job;

/* Not inlined, so both pools call the same vectorized loop (inlined into an
 * OpenMP region it could be compiled differently). */
__attribute__((noinline)) static void scale_range(const double *restrict a, double *restrict o,
                                                  rp_intp i0, rp_intp i1)
{
    for (rp_intp i = i0; i < i1; i++)
        o[i] = a[i] * 1.0009765625;
}

static void scale_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    const job *j = ctx;
    scale_range(j->a, j->o, begin * BLOCK, end * BLOCK < j->n ? end * BLOCK : j->n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void pause_ms(double ms)
{
    struct timespec ts = {0, (long)(ms * 1e6)};
    nanosleep(&ts, NULL);
}

static int cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

typedef enum { SERIAL, POOL, OPENMP } how;

static double run(how h, job *j, double gap_ms)
{
    rp_intp nb = (j->n + BLOCK - 1) / BLOCK;
    double t[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        if (gap_ms > 0)
            pause_ms(gap_ms);
        double t0 = now();
        if (h == SERIAL)
            scale_blocks(j, 0, nb);
        else if (h == POOL)
            rp_parallel_blocks(nb, 2, scale_blocks, j);
        else {
#pragma omp parallel for schedule(static) num_threads(2)
            for (rp_intp b = 0; b < nb; b++)
                scale_blocks(j, b, b + 1);
        }
        t[r] = now() - t0;
    }
    qsort(t, ROUNDS, sizeof *t, cmp);
    return t[ROUNDS / 2] * 1e6;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"serial", "pool", "openmp"};
    how h = SERIAL;
    for (int k = 0; k < 3; k++)
        if (argc > 1 && strcmp(argv[1], names[k]) == 0)
            h = (how)k;
    rp_threads_set(2);
    /* one line per array size: method, KiB, back-to-back us, after-pause us */
    for (rp_intp n = 16384; n <= (rp_intp)4 << 20; n *= 2) {
        job j = {rp_alloc((size_t)n * 8), rp_alloc((size_t)n * 8), n};
        for (rp_intp i = 0; i < n; i++)
            ((double *)j.a)[i] = (double)i;
        memset(j.o, 0, (size_t)n * 8);
        double back = run(h, &j, 0.0), paused = run(h, &j, 2.0);
        printf("%s %ld %.1f %.1f\n", names[h], (long)(n * 8 >> 10), back, paused);
        rp_free((void *)j.a, (size_t)n * 8);
        rp_free(j.o, (size_t)n * 8);
    }
    return 0;
}
