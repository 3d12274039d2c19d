/* Sort kernels: every ISA's result equals the baseline's byte for byte, the
 * baseline's is in NumPy's order (NaN last, -0.0 == +0.0, stable where
 * asked), and the driver gives the same bytes for 1, 2 and 3 threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "raptors/sort.h"
#include "test.h"

static const rp_intp SIZES[] = {0, 1, 2, 5, 15, 16, 17, 31, 33, 63, 64, 65, 100, 127, 128, 129,
                                 255, 256, 257, 513, 1000, 5000};

/* Random bytes, a few distinct values now and then; floats get NaN, inf,
 * -0.0 and +0.0 mixed in. */
static void fill(rp_rng *r, rp_dtype dt, char *p, rp_intp n, int few)
{
    size_t isz = rp_dtype_size(dt);
    for (rp_intp i = 0; i < n; i++) {
        uint64_t v = rp_rng_next(r);
        if (few)
            v %= 4;
        if (dt == RP_BOOL)
            p[i] = (char)(v & 1);
        else if (dt == RP_FLOAT64) {
            double specials[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0};
            double d = (double)(int64_t)v / 1e15;
            if (rp_rng_next(r) % 8 == 0)
                d = specials[rp_rng_next(r) % 7];
            memcpy(p + i * 8, &d, 8);
        } else if (dt == RP_FLOAT32) {
            float specials[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1.0f};
            float f = (float)(int64_t)v / 1e15f;
            if (rp_rng_next(r) % 8 == 0)
                f = specials[rp_rng_next(r) % 7];
            memcpy(p + i * 4, &f, 4);
        } else
            memcpy(p + i * isz, &v, isz);
    }
}

/* a sorts before b (NumPy's order), for the dtypes checked by value. */
static int before(rp_dtype dt, const char *a, const char *b)
{
    switch (dt) {
    case RP_FLOAT64: {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x < y || (isnan(y) && !isnan(x));
    }
    case RP_FLOAT32: {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return x < y || (isnan(y) && !isnan(x));
    }
    case RP_INT64: {
        int64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x < y;
    }
    case RP_INT8: return (int8_t)*a < (int8_t)*b;
    case RP_UINT8:
    case RP_BOOL: return (uint8_t)*a < (uint8_t)*b;
    case RP_UINT64: {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x < y;
    }
    default: return -1; /* not checked by value */
    }
}

static void check_order(rp_dtype dt, const char *orig, const char *s, const int64_t *idx,
                        rp_intp n)
{
    size_t isz = rp_dtype_size(dt);
    if (before(dt, orig, orig) < 0)
        return;
    for (rp_intp i = 1; i < n; i++) {
        CHECKF(!before(dt, s + i * isz, s + (i - 1) * isz), "dtype %d n %ld at %ld", dt, (long)n,
               (long)i);
        /* stable: equal neighbours keep their input order */
        if (idx && !before(dt, s + (i - 1) * isz, s + i * isz))
            CHECKF(idx[i - 1] < idx[i], "stability dtype %d n %ld at %ld", dt, (long)n, (long)i);
    }
    if (idx)
        for (rp_intp i = 0; i < n; i++)
            CHECKF(memcmp(orig + idx[i] * isz, s + i * isz, isz) == 0, "argsort gather %ld",
                   (long)i);
}

static void test_isas(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort");
    rp_rng r = {42};
    enum { MAXN = 5000 };
    char *in = malloc(MAXN * 8), *ref = malloc(MAXN * 8), *got = malloc(MAXN * 8);
    int64_t *iref = malloc(MAXN * 8), *igot = malloc(MAXN * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, MAXN, 1));
    for (int dt = 0; dt < RP_FLOAT16; dt++) /* float16 (last) has no sort kernels yet */
        for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++)
            for (int few = 0; few < 2; few++) {
                rp_intp n = SIZES[si];
                size_t nb = (size_t)n * rp_dtype_size(dt);
                fill(&r, dt, in, n, few);
                rp_intp kth = n / 3;
                /* op 0 unstable sort, 1 stable, 2 argsort, 3 select, 4 search */
                for (int op = 0; op < 5; op++)
                    for (int t = 0; t < nt; t++) {
                        const rp_sort_table *k = &tables[tested[t]].sort;
                        char *o = t ? got : ref;
                        int64_t *io = t ? igot : iref;
                        memcpy(o, in, nb);
                        for (rp_intp i = 0; i < n; i++)
                            io[i] = i;
                        switch (op) {
                        case 0: k->sort[dt](o, n, scratch); break;
                        case 1: k->stable[dt](o, n, scratch); break;
                        case 2: k->argsort[dt](o, io, n, scratch); break;
                        case 3:
                            if (n)
                                k->select[dt](o, io, 0, n, kth);
                            break;
                        default:
                            /* the baseline's stable sort searched for the input values */
                            tables[0].sort.stable[dt](o, n, scratch);
                            k->search[few][dt](o, n, in, n, (rp_intp)rp_dtype_size(dt), io);
                        }
                        if (!t && op < 3)
                            check_order(dt, in, o, op == 2 ? io : NULL, n);
                        if (t)
                            CHECKF(memcmp(o, ref, nb) == 0 &&
                                       memcmp(io, iref, (size_t)n * 8) == 0,
                                   "op %d isa %d dtype %d n %ld", op, tested[t], dt, (long)n);
                    }
            }
    free(in), free(ref), free(got), free(iref), free(igot), free(scratch);
}

/* The driver, one long row split over threads and many rows spread. */
static void test_threads(void)
{
    const rp_intp n = 300000;
    int saved = rp_threads_get();
    rp_rng r = {7};
    char *in = malloc((size_t)n * 8), *ref = malloc((size_t)n * 8), *got = malloc((size_t)n * 8);
    int64_t *iref = malloc((size_t)n * 8), *igot = malloc((size_t)n * 8);
    /* the unstable sorts of 32/64-bit dtypes cut the row into key-ordered
     * pieces (sort_pieces), the rest split into merged runs; few distinct
     * values make pivots that are the maximum */
    const rp_dtype dts[] = {RP_FLOAT64, RP_FLOAT32, RP_INT16, RP_INT64, RP_UINT32, RP_FLOAT64};
    for (size_t d = 0; d < 6; d++) {
        rp_dtype dt = dts[d];
        size_t nb = (size_t)n * rp_dtype_size(dt);
        fill(&r, dt, in, n, d == 5);
        for (int threads = 1; threads <= 3; threads++) {
            rp_threads_set(threads);
            char *o = threads == 1 ? ref : got;
            int64_t *io = threads == 1 ? iref : igot;
            for (int rows = 1; rows <= 100; rows *= 100) {
                for (int stable = 0; stable < 2; stable++) {
                    memcpy(o, in, nb);
                    CHECK(rp_sort_rows(dt, o, rows, n / rows, stable) == RP_OK);
                    if (threads == 1 && rows == 1)
                        check_order(dt, in, o, NULL, n);
                    if (threads > 1) {
                        memcpy(ref, in, nb);
                        rp_threads_set(1);
                        rp_sort_rows(dt, ref, rows, n / rows, stable);
                        rp_threads_set(threads);
                        CHECKF(memcmp(o, ref, nb) == 0, "threads %d rows %d dtype %d", threads,
                               rows, dt);
                    }
                }
                memcpy(o, in, nb);
                CHECK(rp_argsort_rows(dt, o, io, rows, n / rows) == RP_OK);
                if (threads == 1 && rows == 1)
                    check_order(dt, in, o, io, n);
                if (threads > 1) {
                    memcpy(ref, in, nb);
                    rp_threads_set(1);
                    rp_argsort_rows(dt, ref, iref, rows, n / rows);
                    rp_threads_set(threads);
                    CHECKF(memcmp(io, iref, (size_t)n * 8) == 0, "argsort threads %d rows %d",
                           threads, rows);
                }
            }
        }
    }
    rp_intp kth[2] = {5, 3};
    CHECK(rp_partition_rows(RP_FLOAT64, in, NULL, 1, 10, kth, 2) == RP_EVALUE);
    rp_threads_set(saved);
    free(in), free(ref), free(got), free(iref), free(igot);
}

void test_sort(void)
{
    test_isas();
    test_threads();
}
