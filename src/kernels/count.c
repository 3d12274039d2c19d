/*
 * bincount's passes over one contiguous run of integers, per dtype,
 * compiled per ISA (core/count.c drives them over threads):
 *   int_range: the smallest and largest value (NumPy checks both before it
 *              counts: a negative value is an error, the largest sizes the
 *              result). Plain min/max loops: each ISA vectorizes them.
 *   count:     counts[x[i]] += 1. Runs of one value make every increment
 *              wait for the store before it (a load-add-store chain through
 *              memory); with ways = 4 consecutive elements go to four
 *              tables (counts + w * nbins), which the driver adds up, so
 *              four chains run at once.
 *   wsum:      sums[x[i]] += w[i], in element order: the float sums are
 *              NumPy's bits only in that order.
 */
#include "isa.h"
#include "dtypes.h"
#include "register.h"

#define COUNT_KERNELS(T, SFX)                                                                      \
    static void int_range_##SFX(const void *xv, rp_intp n, int64_t *lohi)                          \
    {                                                                                              \
        const T *x = (const T *)xv;                                                                \
        T lo = x[0], hi = x[0];                                                                    \
        for (rp_intp i = 1; i < n; i++) {                                                          \
            lo = x[i] < lo ? x[i] : lo;                                                            \
            hi = x[i] > hi ? x[i] : hi;                                                            \
        }                                                                                          \
        lohi[0] = (int64_t)lo;                                                                     \
        lohi[1] = (int64_t)hi;                                                                     \
    }                                                                                              \
    static void count_##SFX(const void *xv, rp_intp n, int64_t *counts, rp_intp nbins, int ways)   \
    {                                                                                              \
        const T *x = (const T *)xv;                                                                \
        rp_intp i = 0;                                                                             \
        if (ways == 4) {                                                                           \
            int64_t *c1 = counts + nbins, *c2 = c1 + nbins, *c3 = c2 + nbins;                      \
            for (; i + 4 <= n; i += 4) {                                                           \
                counts[x[i]]++;                                                                    \
                c1[x[i + 1]]++;                                                                    \
                c2[x[i + 2]]++;                                                                    \
                c3[x[i + 3]]++;                                                                    \
            }                                                                                      \
        }                                                                                          \
        for (; i < n; i++)                                                                         \
            counts[x[i]]++;                                                                        \
    }                                                                                              \
    static void wsum_##SFX(const void *xv, const double *w, rp_intp n, double *sums)               \
    {                                                                                              \
        const T *x = (const T *)xv;                                                                \
        for (rp_intp i = 0; i < n; i++)                                                            \
            sums[x[i]] += w[i];                                                                    \
    }

/* The dtypes NumPy casts to intp safely (uint64 it refuses). */
#define EACH(X)                                                                                    \
    X(rp_bool, boolean)                                                                            \
    X(int8_t, int8)                                                                                \
    X(int16_t, int16)                                                                              \
    X(int32_t, int32)                                                                              \
    X(int64_t, int64)                                                                              \
    X(uint8_t, uint8)                                                                              \
    X(uint16_t, uint16)                                                                            \
    X(uint32_t, uint32)

EACH(COUNT_KERNELS)

void RP_ISA_FN(rp_fill_count)(rp_kernel_table *t)
{
#define REG(T, SFX)                                                                                \
    t->sort.int_range[RP_DT_##SFX] = int_range_##SFX;                                              \
    t->sort.count[RP_DT_##SFX] = count_##SFX;                                                      \
    t->sort.wsum[RP_DT_##SFX] = wsum_##SFX;
    EACH(REG)
#undef REG
}
