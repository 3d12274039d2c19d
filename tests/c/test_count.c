/* bincount and unique by counting: every ISA's kernels against a naive
 * count, and the drivers' results the same for 1, 2 and 3 threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "raptors/count.h"
#include "test.h"

static const rp_intp SIZES[] = {1, 2, 3, 4, 5, 7, 8, 9, 100, 1000, 70001, 200003};
static const rp_dtype INTS[] = {RP_BOOL, RP_INT8, RP_INT16, RP_INT32, RP_INT64,
                                RP_UINT8, RP_UINT16, RP_UINT32};

/* Values in [0, hi) of dt (hi small enough for it), runs of one value now and then. */
static void fill_ints(rp_rng *r, rp_dtype dt, char *p, rp_intp n, int64_t hi)
{
    size_t isz = rp_dtype_size(dt);
    uint64_t v = 0;
    for (rp_intp i = 0; i < n; i++) {
        if (rp_rng_next(r) % 4)
            v = rp_rng_next(r) % (uint64_t)hi;
        memcpy(p + i * isz, &v, isz); /* little-endian: the low bytes */
    }
}

static int64_t get_int(rp_dtype dt, const char *p)
{
    switch (dt) {
    case RP_INT8: return *(const int8_t *)p;
    case RP_INT16: return *(const int16_t *)p;
    case RP_INT32: return *(const int32_t *)p;
    case RP_INT64: return *(const int64_t *)p;
    case RP_UINT16: return *(const uint16_t *)p;
    case RP_UINT32: return *(const uint32_t *)p;
    default: return *(const uint8_t *)p;
    }
}

static void test_bincount_kernels(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "count");
    rp_rng r = {5};
    const rp_intp maxn = 200003, nbins = 300;
    char *x = malloc((size_t)maxn * 8);
    double *w = malloc((size_t)maxn * sizeof *w), *sums = malloc(nbins * sizeof *sums);
    double *wref = malloc(nbins * sizeof *wref);
    int64_t *ref = malloc(nbins * sizeof *ref), *got = malloc(4 * nbins * sizeof *got);
    for (rp_intp i = 0; i < maxn; i++)
        w[i] = (double)(int64_t)rp_rng_next(&r) / 1e17;
    for (size_t d = 0; d < sizeof INTS / sizeof *INTS; d++)
        for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++) {
            rp_dtype dt = INTS[d];
            rp_intp n = SIZES[si], hi = dt == RP_BOOL ? 2 : dt == RP_INT8 ? 100 : nbins;
            fill_ints(&r, dt, x, n, hi);
            memset(ref, 0, nbins * sizeof *ref);
            memset(wref, 0, nbins * sizeof *wref);
            int64_t lo_ref = INT64_MAX, hi_ref = INT64_MIN;
            for (rp_intp i = 0; i < n; i++) {
                int64_t v = get_int(dt, x + i * rp_dtype_size(dt));
                ref[v]++;
                wref[v] += w[i];
                lo_ref = v < lo_ref ? v : lo_ref;
                hi_ref = v > hi_ref ? v : hi_ref;
            }
            for (int t = 0; t < nt; t++) {
                const rp_sort_table *k = &tables[tested[t]].sort;
                int64_t lohi[2];
                k->int_range[dt](x, n, lohi);
                CHECKF(lohi[0] == lo_ref && lohi[1] == hi_ref, "range isa %d dtype %d n %ld",
                       tested[t], dt, (long)n);
                for (int ways = 1; ways <= 4; ways += 3) {
                    memset(got, 0, 4 * nbins * sizeof *got);
                    k->count[dt](x, n, got, nbins, ways);
                    for (rp_intp b = 0; b < nbins; b++)
                        got[b] += got[nbins + b] + got[2 * nbins + b] + got[3 * nbins + b];
                    CHECKF(memcmp(got, ref, nbins * sizeof *ref) == 0,
                           "count isa %d dtype %d n %ld ways %d", tested[t], dt, (long)n, ways);
                }
                memset(sums, 0, nbins * sizeof *sums);
                k->wsum[dt](x, w, n, sums);
                CHECKF(memcmp(sums, wref, nbins * sizeof *sums) == 0, "wsum isa %d dtype %d n %ld",
                       tested[t], dt, (long)n);
            }
            /* the driver, over threads */
            int saved = rp_threads_get();
            for (int th = 1; th <= 3; th++) {
                rp_threads_set(th);
                int64_t lo, hi2;
                CHECK(rp_int_range(dt, x, n, &lo, &hi2) == RP_OK && lo == lo_ref && hi2 == hi_ref);
                CHECK(rp_bincount(dt, x, n, NULL, got, nbins) == RP_OK &&
                      memcmp(got, ref, nbins * sizeof *ref) == 0);
                CHECK(rp_bincount(dt, x, n, w, sums, nbins) == RP_OK &&
                      memcmp(sums, wref, nbins * sizeof *sums) == 0);
            }
            rp_threads_set(saved);
        }
    free(x), free(w), free(sums), free(wref), free(ref), free(got);
}

/* unique by counting: the few distinct values sorted, with counts, NaNs
 * one entry last, and -1 past RP_UNIQUE_COUNTED_MAX distinct values. */
static void test_unique_counted(void)
{
    const rp_intp maxn = 200003;
    double *x = malloc((size_t)maxn * sizeof *x);
    double vals[RP_UNIQUE_COUNTED_MAX + 1];
    int64_t counts[RP_UNIQUE_COUNTED_MAX + 1];
    int saved = rp_threads_get();
    rp_rng r = {9};
    for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++) {
        rp_intp n = SIZES[si];
        static const int DISTINCT[] = {1, 8, 64, 1024, 1025, 2048};
        for (size_t di = 0; di < sizeof DISTINCT / sizeof *DISTINCT; di++) {
            const int distinct = DISTINCT[di];
            /* values -(distinct/2)..: with -0.0, +0.0 and NaNs of two signs */
            int64_t want[2049] = {0}, nans = 0;
            for (rp_intp i = 0; i < n; i++) {
                int64_t v = (int64_t)(rp_rng_next(&r) % (uint64_t)distinct);
                uint64_t c = rp_rng_next(&r) % 16;
                x[i] = c == 0 ? NAN : c == 1 ? -NAN : (double)(v - distinct / 2);
                if (x[i] == 0 && c == 2)
                    x[i] = -0.0;
                if (isnan(x[i]))
                    nans++;
                else
                    want[v]++;
            }
            rp_intp nd = 0;
            for (int v = 0; v < distinct; v++)
                nd += want[v] > 0;
            for (int th = 1; th <= 3; th++) {
                rp_threads_set(th);
                rp_intp m = -2;
                CHECK(rp_unique_counted(RP_FLOAT64, (const char *)x, n, (char *)vals, counts, &m) ==
                      RP_OK);
                if (nd > RP_UNIQUE_COUNTED_MAX) {
                    CHECKF(m == -1, "n %ld distinct %d: m %ld", (long)n, distinct, (long)m);
                    continue;
                }
                CHECKF(m == nd + (nans > 0), "n %ld distinct %d threads %d: m %ld, not %ld",
                       (long)n, distinct, th, (long)m, (long)(nd + (nans > 0)));
                rp_intp k = 0;
                for (int v = 0; v < distinct && k < m; v++)
                    if (want[v]) {
                        CHECKF(vals[k] == (double)(v - distinct / 2) && counts[k] == want[v],
                               "n %ld distinct %d value %d", (long)n, distinct, v);
                        k++;
                    }
                if (nans)
                    CHECK(k == m - 1 && isnan(vals[k]) && counts[k] == nans);
            }
        }
    }
    /* integers: int16 through the table, one value */
    int16_t s[5] = {-3, 7, -3, 7, 7}, sv[RP_UNIQUE_COUNTED_MAX + 1];
    rp_intp m;
    CHECK(rp_unique_counted(RP_INT16, (const char *)s, 5, (char *)sv, counts, &m) == RP_OK &&
          m == 2 && sv[0] == -3 && sv[1] == 7 && counts[0] == 2 && counts[1] == 3);
    rp_threads_set(saved);
    free(x);
}

void test_count(void)
{
    test_bincount_kernels();
    test_unique_counted();
}
