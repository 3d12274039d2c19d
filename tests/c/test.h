/* A minimal test harness for the C core: CHECK counts, main reports. */
#ifndef RAPTORS_TEST_H
#define RAPTORS_TEST_H

#include <stdint.h>
#include <stdio.h>

#include "raptors/raptors.h"
#include "kernels.h"

extern int rp_test_failed, rp_test_passed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond)                                                                                  \
            rp_test_passed++;                                                                      \
        else {                                                                                     \
            rp_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* CHECK with a printf-style account of the case, for randomized tests where
 * the condition alone does not say which input failed. Only the first few
 * failures are described, so one broken invariant cannot flood the log. */
#define CHECKF(cond, ...)                                                                          \
    do {                                                                                           \
        if (cond)                                                                                  \
            rp_test_passed++;                                                                      \
        else {                                                                                     \
            if (rp_test_failed++ < 40) {                                                           \
                fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);           \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fputc('\n', stderr);                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* splitmix64: a deterministic generator, so a failing random case is the
 * same case on every machine and every run. */
typedef struct {
    uint64_t s;
} rp_rng;

static inline uint64_t rp_rng_next(rp_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (inclusive; the modulo bias is irrelevant here). */
static inline rp_intp rp_rng_range(rp_rng *r, rp_intp lo, rp_intp hi)
{
    return lo + (rp_intp)(rp_rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Fill tables[isa] for the baseline and every ISA this build and CPU can
 * run; tested[] lists them, baseline first. Returns how many. `label`
 * names the test group in the line saying which ISAs were compared. */
int rp_test_isa_tables(rp_kernel_table *tables, rp_isa *tested, const char *label);

/* Every test file contributes one entry point, listed in test_main.c. */
void test_array(void);
void test_iter(void);
void test_cast(void);
void test_ufunc(void);
void test_reduce(void);
void test_reduce_complex(void);
void test_sort_complex(void);
void test_pool(void);
void test_cpu_quota(void);
void test_alloc(void);
void test_stream(void);
void test_fpe(void);
void test_matmul(void);
void test_sort(void);
void test_index(void);
void test_intdiv(void);
void test_vmath(void);
void test_vmath_pow_scalar(void);
void test_repeat(void);
void test_half(void);
void test_count(void);
void test_cast_complex(void);
void test_cmath(void);

#endif
