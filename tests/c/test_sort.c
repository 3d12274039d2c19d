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

static bool is_nan(rp_dtype dt, const char *p)
{
    double d;
    float f;
    if (dt == RP_FLOAT64)
        return memcpy(&d, p, 8), isnan(d);
    return dt == RP_FLOAT32 && (memcpy(&f, p, 4), isnan(f));
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

/* The baseline's insertion points by definition: left counts the elements
 * sorting before the key, right those the key does not sort before. */
static void check_search(rp_dtype dt, const char *s, rp_intp n, const char *keys,
                         const int64_t *out, bool right)
{
    size_t isz = rp_dtype_size(dt);
    if (before(dt, s, s) < 0)
        return;
    for (rp_intp j = 0; j < n; j++) {
        int64_t want = 0;
        for (rp_intp i = 0; i < n; i++)
            want += right ? !before(dt, keys + j * isz, s + i * isz)
                          : before(dt, s + i * isz, keys + j * isz);
        CHECKF(out[j] == want, "search dtype %d n %ld right %d key %ld: %ld, not %ld", dt,
               (long)n, right, (long)j, (long)out[j], (long)want);
    }
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
                        if (!t && op == 4)
                            check_search(dt, o, n, in, io, few);
                        if (t)
                            CHECKF(memcmp(o, ref, nb) == 0 &&
                                       memcmp(io, iref, (size_t)n * 8) == 0,
                                   "op %d isa %d dtype %d n %ld", op, tested[t], dt, (long)n);
                    }
            }
    free(in), free(ref), free(got), free(iref), free(igot), free(scratch);
}

/* The unstable sort and select of rows long enough for the quicksort's
 * paths past the short sizes above (64-bit ranges of 256 KiB and more
 * partition 8 vectors a step on AVX-512; ranges of one value end early),
 * every ISA against the baseline bit for bit: random, few distinct values
 * (the fill's 4), and random with runs of one value. */
static void test_isas_long(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort long");
    rp_rng r = {7};
    const rp_intp sizes[] = {33000, 70001};
    enum { MAXN = 70001 };
    char *in = malloc(3 * MAXN * 8), *ref = in + MAXN * 8, *got = ref + MAXN * 8;
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, MAXN, 0));
    for (int dt = 0; dt < RP_FLOAT16; dt++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int kind = 0; kind < 3; kind++) {
                const rp_intp n = sizes[si];
                const size_t isz = rp_dtype_size(dt), nb = (size_t)n * isz;
                fill(&r, dt, in, n, kind == 1);
                if (kind == 2) /* a run of one value over a tenth of the row, twice */
                    for (rp_intp i = n / 5; i < n / 5 + n / 10; i++) {
                        memcpy(in + i * isz, in, isz);
                        memcpy(in + (n - 1 - i) * isz, in + isz, isz);
                    }
                for (int op = 0; op < 2; op++)
                    for (int t = 0; t < nt; t++) {
                        const rp_sort_table *k = &tables[tested[t]].sort;
                        char *o = t ? got : ref;
                        memcpy(o, in, nb);
                        if (op == 0)
                            k->sort[dt](o, n, scratch);
                        else if (!k->select_keys[dt]) /* (the baseline) */
                            k->select[dt](o, NULL, 0, n, n / 2);
                        else { /* the quickselect over keys, as the driver calls it */
                            k->to_keys[dt](o, n, NULL);
                            k->select_keys[dt](o, n, n / 2);
                            k->from_keys[dt](o, n, NULL);
                        }
                        if (!t && op == 0)
                            check_order(dt, in, o, NULL, n);
                        /* select: the k-th value equals the baseline's (the
                         * sides hold their elements in any order, and the
                         * baseline's pick among -0.0/+0.0 or NaNs is its own) */
                        if (t && op == 1) {
                            const char *x = o + n / 2 * isz, *y = ref + n / 2 * isz;
                            const int lt = before(dt, x, y), gt = before(dt, y, x);
                            CHECKF(lt < 0 ? memcmp(x, y, isz) == 0 : !lt && !gt,
                                   "select isa %d dtype %d n %ld", tested[t], dt, (long)n);
                            continue;
                        }
                        if (t)
                            CHECKF(memcmp(o, ref, nb) == 0, "long sort isa %d dtype %d n %ld kind %d",
                                   tested[t], dt, (long)n, kind);
                    }
            }
    free(in), free(scratch);
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

/* The driver's argsort (one int64 sort of packed key windows and indices
 * where the ISA has the int64 quicksort) against the baseline kernel's
 * radix argsort, byte for byte: indices and the values sorted alongside.
 * Patterns: random bits (ranges past 32 bits, so runs of equal windows are
 * re-sorted), few distinct values, a cluster below one outlier (one long
 * run), and ramps up and down; lengths around PACKED_MIN, MAP_BLOCK and the pieces. */
static void test_packed_argsort(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    rp_test_isa_tables(tables, tested, "sort");
    const rp_sort_table *base = &tables[tested[0]].sort;
    const rp_intp sizes[] = {255, 256, 257, 1000, 65537, 200000};
    const rp_dtype dts[] = {RP_FLOAT64, RP_FLOAT32, RP_INT64, RP_INT32, RP_UINT64, RP_UINT32};
    const rp_intp maxn = 200000;
    int saved = rp_threads_get();
    rp_rng r = {11};
    char *in = malloc((size_t)maxn * 8), *ref = malloc((size_t)maxn * 8),
         *got = malloc((size_t)maxn * 8);
    int64_t *iref = malloc((size_t)maxn * 8), *igot = malloc((size_t)maxn * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, maxn, 1));
    for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int pat = 0; pat < 7; pat++) {
                rp_dtype dt = dts[d];
                rp_intp n = sizes[si];
                size_t isz = rp_dtype_size(dt), nb = (size_t)n * isz;
                fill(&r, dt, in, n, pat == 1);
                if (pat >= 2)
                    for (rp_intp i = 0; i < n; i++) {
                        /* cluster: small values plus one huge; ramps up and
                         * down (the sorted and reversed shortcuts), with ties */
                        uint64_t ramp[] = {(uint64_t)i, (uint64_t)(n - i), (uint64_t)i / 3,
                                           (uint64_t)(n - i) / 3};
                        uint64_t u = pat == 2 ? (i == n / 2 ? ~(uint64_t)0 >> 2 : rp_rng_next(&r) % 1000)
                                              : ramp[pat - 3];
                        if (dt == RP_FLOAT64) {
                            double x = pat == 2 && i == n / 2 ? 1e300 : (double)u;
                            memcpy(in + i * 8, &x, 8);
                        } else if (dt == RP_FLOAT32) {
                            float x = pat == 2 && i == n / 2 ? 1e30f : (float)u;
                            memcpy(in + i * 4, &x, 4);
                        } else
                            memcpy(in + i * isz, &u, isz);
                    }
                memcpy(ref, in, nb);
                for (rp_intp i = 0; i < n; i++)
                    iref[i] = i;
                base->argsort[dt](ref, iref, n, scratch);
                for (int threads = 1; threads <= 2; threads++) {
                    rp_threads_set(threads);
                    memcpy(got, in, nb);
                    CHECK(rp_argsort_rows(dt, got, igot, 1, n) == RP_OK);
                    CHECKF(memcmp(igot, iref, (size_t)n * 8) == 0 && memcmp(got, ref, nb) == 0,
                           "packed argsort dtype %d n %ld pattern %d threads %d", dt, (long)n,
                           pat, threads);
                    memcpy(got, in, nb);
                    CHECK(rp_argsort_only_rows(dt, got, igot, 1, n) == RP_OK);
                    CHECKF(memcmp(igot, iref, (size_t)n * 8) == 0,
                           "argsort only dtype %d n %ld pattern %d threads %d", dt, (long)n, pat,
                           threads);
                }
            }
    rp_threads_set(saved);
    free(in), free(ref), free(got), free(iref), free(igot), free(scratch);
}

/* The driver's partition without indices (the vectorized quickselect over
 * keys where the ISA has it): at every kth the value the baseline's stable
 * sort puts there (equal by value: -0.0 == +0.0, NaN == NaN), nothing after
 * it sorting before it, nothing before it after it, and the same multiset. */
static void test_partition_values(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    rp_test_isa_tables(tables, tested, "sort");
    const rp_sort_table *base = &tables[tested[0]].sort;
    const rp_intp sizes[] = {1, 2, 100, 129, 1000, 5000, 70000};
    const rp_dtype dts[] = {RP_FLOAT64, RP_FLOAT32, RP_INT64, RP_UINT64};
    enum { MAXN = 70000 };
    rp_rng r = {3};
    char *in = malloc(MAXN * 8), *s = malloc(MAXN * 8), *p = malloc(MAXN * 8),
         *q = malloc(MAXN * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, MAXN, 1));
    for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
            for (int few = 0; few < 2; few++) {
                rp_dtype dt = dts[d];
                rp_intp n = sizes[si];
                size_t isz = rp_dtype_size(dt), nb = (size_t)n * isz;
                fill(&r, dt, in, n, few);
                memcpy(s, in, nb);
                base->stable[dt](s, n, scratch);
                rp_intp kths[3][3] = {{0, 0, 0}, {n / 2, n / 2, n / 2}, {n / 5, n / 2, n - 1}};
                for (int kc = 0; kc < 3; kc++) {
                    int nk = kc == 2 ? 3 : 1;
                    memcpy(p, in, nb);
                    CHECK(rp_partition_rows(dt, p, NULL, 1, n, kths[kc], nk) == RP_OK);
                    for (int ki = 0; ki < nk; ki++) {
                        rp_intp k = kths[kc][ki];
                        const char *pk = p + k * isz;
                        CHECKF(!before(dt, pk, s + k * isz) && !before(dt, s + k * isz, pk),
                               "partition value dtype %d n %ld kth %ld", dt, (long)n, (long)k);
                        for (rp_intp i = 0; i < n; i++)
                            if (i < k ? before(dt, pk, p + i * isz) : i > k && before(dt, p + i * isz, pk)) {
                                CHECKF(0, "partition order dtype %d n %ld kth %ld at %ld", dt,
                                       (long)n, (long)k, (long)i);
                                break;
                            }
                    }
                    /* the multiset by the unstable sort's key order (bits, not
                     * NumPy's ties, so -0.0 / +0.0 and NaN payloads count) */
                    memcpy(q, p, nb);
                    base->sort[dt](q, n, scratch);
                    memcpy(p, in, nb);
                    base->sort[dt](p, n, scratch);
                    CHECKF(memcmp(q, p, nb) == 0, "partition multiset dtype %d n %ld", dt, (long)n);
                }
            }
    free(in), free(s), free(p), free(q), free(scratch);
}

/* Presorted rows (the stable kinds' run check): sorted, reversed and one
 * pair swapped, around the kernels' block of 256 pairs. Every ISA's stable
 * sort, argsort and order check equal the baseline's; the baseline's are in
 * NumPy's stable order, and its order check says what the row is. */
static void test_presorted(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort");
    static const rp_intp ns[] = {2, 3, 255, 256, 257, 258, 511, 513, 5000};
    enum { MAXN = 5000 };
    rp_rng r = {11};
    char *in = malloc(MAXN * 8), *ref = malloc(MAXN * 8), *got = malloc(MAXN * 8);
    int64_t *iref = malloc(MAXN * 8), *igot = malloc(MAXN * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, MAXN, 1));
    for (int dt = 0; dt < RP_FLOAT16; dt++)
        for (size_t si = 0; si < sizeof ns / sizeof *ns; si++)
            for (int pat = 0; pat < 4; pat++) {
                const rp_intp n = ns[si];
                const size_t isz = rp_dtype_size(dt), nb = (size_t)n * isz;
                fill(&r, dt, in, n, pat == 3);
                tables[0].sort.stable[dt](in, n, scratch);
                if (pat == 1 || pat == 3) /* reversed (with repeats when pat 3) */
                    for (rp_intp i = 0, j = n - 1; i < j; i++, j--) {
                        char t[8];
                        memcpy(t, in + i * isz, isz);
                        memcpy(in + i * isz, in + j * isz, isz);
                        memcpy(in + j * isz, t, isz);
                    }
                if (pat == 2) { /* one pair out of order, at a block boundary */
                    char t[8];
                    rp_intp k = n > 256 ? 256 : n - 1;
                    memcpy(t, in + k * isz, isz);
                    memcpy(in + k * isz, in + (k - 1) * isz, isz);
                    memcpy(in + (k - 1) * isz, t, isz);
                }
                const int oref = tables[0].sort.order[dt](in, n);
                if (pat == 0)
                    CHECKF(oref == 1, "order of a sorted row: %d (dtype %d n %ld)", oref, dt,
                           (long)n);
                for (int op = 0; op < 3; op++) /* unstable, stable, argsort */
                    for (int t = 0; t < nt; t++) {
                        const rp_sort_table *k = &tables[tested[t]].sort;
                        char *o = t ? got : ref;
                        int64_t *io = t ? igot : iref;
                        memcpy(o, in, nb);
                        memset(io, 0, (size_t)n * 8);
                        CHECKF(k->order[dt](in, n) == oref, "order isa %d dtype %d n %ld",
                               tested[t], dt, (long)n);
                        if (op == 0)
                            k->sort[dt](o, n, scratch);
                        else if (op == 1)
                            k->stable[dt](o, n, scratch);
                        else
                            k->argsort[dt](o, io, n, scratch);
                        if (!t)
                            check_order(dt, in, o, op == 2 ? io : NULL, n);
                        else
                            CHECKF(memcmp(o, ref, nb) == 0 &&
                                       memcmp(io, iref, (size_t)n * 8) == 0,
                                   "presorted op %d isa %d dtype %d n %ld pat %d", op,
                                   tested[t], dt, (long)n, pat);
                    }
            }
    free(in), free(ref), free(got), free(iref), free(igot), free(scratch);
}

/* A row of k runs: pieces of in stable-sorted by the baseline, every other
 * one reversed (non-increasing, ties in reversed arrival order). */
static void make_runs(const rp_sort_table *base, rp_dtype dt, char *p, rp_intp n, int k,
                      void *scratch)
{
    const size_t isz = rp_dtype_size(dt);
    for (int r = 0; r < k; r++) {
        rp_intp lo = n * r / k, hi = n * (r + 1) / k;
        base->stable[dt](p + lo * isz, hi - lo, scratch);
        for (rp_intp i = lo, j = hi - 1; r % 2 && i < j; i++, j--) {
            char t[8];
            memcpy(t, p + i * isz, isz);
            memcpy(p + i * isz, p + j * isz, isz);
            memcpy(p + j * isz, t, isz);
        }
    }
}

/* runs/flip of every ISA against the baseline's; the driver on rows of a
 * few runs in stable order, the same bytes for 1, 2 and 3 threads. */
static void test_runs(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort runs");
    const rp_intp N = 300000;
    rp_rng r = {11};
    char *in = malloc((size_t)N * 8), *ref = malloc((size_t)N * 8), *got = malloc((size_t)N * 8);
    int64_t *iref = malloc((size_t)N * 8), *igot = malloc((size_t)N * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, N, 1));
    int saved = rp_threads_get();
    for (int dt = 0; dt < RP_FLOAT16; dt++)
        for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++)
            for (int k = 1; k <= 17; k += 4) {
                rp_intp n = SIZES[si], b0[20], b1[20];
                size_t nb = (size_t)n * rp_dtype_size(dt);
                fill(&r, dt, in, n, k % 2);
                make_runs(&tables[0].sort, dt, in, n, k, scratch);
                rp_intp k0 = tables[0].sort.runs[dt](in, n, b0, 16);
                for (int t = 0; t < nt; t++) {
                    const rp_sort_table *kt = &tables[tested[t]].sort;
                    CHECKF(kt->runs[dt](in, n, b1, 16) == k0 &&
                               (!k0 || memcmp(b0, b1, (size_t)(k0 + 1) * sizeof *b0) == 0),
                           "runs isa %d dtype %d n %ld k %d", tested[t], dt, (long)n, k);
                    char *o = t ? got : ref;
                    int64_t *io = t ? igot : iref;
                    memcpy(o, in, nb);
                    for (rp_intp i = 0; i < n; i++)
                        io[i] = i;
                    kt->flip[dt](o, io, n);
                    if (t)
                        CHECKF(memcmp(o, ref, nb) == 0 && memcmp(io, iref, (size_t)n * 8) == 0,
                               "flip isa %d dtype %d n %ld", tested[t], dt, (long)n);
                }
            }
    const rp_dtype dts[] = {RP_FLOAT64, RP_FLOAT32, RP_INT64, RP_INT32, RP_UINT8, RP_INT16};
    for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
        for (int k = 1; k <= 16; k *= 2) {
            rp_dtype dt = dts[d];
            size_t nb = (size_t)N * rp_dtype_size(dt);
            fill(&r, dt, in, N, k % 4 == 0);
            make_runs(&tables[0].sort, dt, in, N, k, scratch);
            for (int threads = 1; threads <= 3; threads++) {
                rp_threads_set(threads);
                char *o = threads == 1 ? ref : got;
                int64_t *io = threads == 1 ? iref : igot;
                memcpy(o, in, nb);
                CHECK(rp_argsort_rows(dt, o, io, 1, N) == RP_OK);
                if (threads == 1)
                    check_order(dt, in, o, io, N);
                else
                    CHECKF(memcmp(o, ref, nb) == 0 && memcmp(io, iref, (size_t)N * 8) == 0,
                           "runs argsort threads %d dtype %d k %d", threads, dt, k);
                memcpy(got, in, nb);
                CHECK(rp_sort_rows(dt, got, 1, N, true) == RP_OK);
                CHECKF(memcmp(got, ref, nb) == 0, "runs sort threads %d dtype %d k %d", threads,
                       dt, k);
            }
        }
    rp_threads_set(saved);
    free(in), free(ref), free(got), free(iref), free(igot), free(scratch);
}

/* unique of a sorted row (dedup): every ISA's values and counts equal the
 * baseline's, and the baseline keeps exactly the elements that differ from
 * their predecessor (NaNs folded into the first with equal_nan), with runs
 * that add up to n. */
static void test_dedup(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort");
    enum { MAXN = 5000 };
    rp_rng r = {13};
    char *in = malloc(MAXN * 8), *ref = malloc(MAXN * 8), *got = malloc(MAXN * 8);
    int64_t *cref = malloc(MAXN * 8), *cgot = malloc(MAXN * 8);
    void *scratch = malloc(rp_sort_scratch(RP_FLOAT64, MAXN, 0));
    for (int dt = 0; dt < RP_FLOAT16; dt++)
        for (size_t si = 0; si < sizeof SIZES / sizeof *SIZES; si++)
            for (int few = 0; few < 2; few++)
                for (int en = 0; en < 2; en++) {
                    const rp_intp n = SIZES[si];
                    const size_t isz = rp_dtype_size(dt);
                    fill(&r, dt, in, n, few);
                    tables[0].sort.stable[dt](in, n, scratch);
                    rp_intp mref = 0, total = 0;
                    for (int t = 0; t < nt; t++) {
                        char *o = t ? got : ref;
                        int64_t *c = t ? cgot : cref;
                        memcpy(o, in, (size_t)n * isz);
                        const rp_intp m = tables[tested[t]].sort.dedup[dt](o, n, c, en);
                        if (!t) {
                            mref = m;
                            continue;
                        }
                        CHECKF(m == mref && memcmp(o, ref, (size_t)m * isz) == 0 &&
                                   memcmp(c, cref, (size_t)m * 8) == 0,
                               "dedup isa %d dtype %d n %ld", tested[t], dt, (long)n);
                    }
                    /* the baseline: each kept value starts its run; in a run
                     * nothing sorts after it, the next run's first does (two
                     * NaNs: separate runs unless equal_nan) */
                    const bool by_value = n && before(dt, in, in) >= 0;
                    for (rp_intp k = 0, i = 0; k < mref; k++) {
                        const char *v = in + i * isz;
                        CHECKF(memcmp(ref + k * isz, v, isz) == 0 && cref[k] > 0,
                               "dedup value %ld dtype %d n %ld", (long)k, dt, (long)n);
                        for (rp_intp j = i + 1; by_value && j < i + cref[k]; j++)
                            CHECKF(!before(dt, v, in + j * isz) && (en || !is_nan(dt, v)),
                                   "dedup run %ld dtype %d n %ld", (long)k, dt, (long)n);
                        if (by_value && k + 1 < mref)
                            CHECKF(before(dt, v, v + cref[k] * isz) ||
                                       (!en && is_nan(dt, v) && is_nan(dt, v + cref[k] * isz)),
                                   "dedup next run %ld dtype %d n %ld", (long)k, dt, (long)n);
                        i += cref[k];
                        total += cref[k];
                    }
                    CHECKF(total == n, "dedup counts sum %ld of %ld dtype %d", (long)total,
                           (long)n, dt);
                }
    free(in), free(ref), free(got), free(cref), free(cgot), free(scratch);
}

/* bitwise_ties of every ISA: true exactly when the row has no -0.0 and no
 * NaN (floats; integers always), one such value placed at every position
 * of rows around the kernels' block of 256. */
static void test_bitwise_ties(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort");
    static const rp_intp ns[] = {1, 2, 7, 255, 256, 257, 600};
    double d[600];
    float f[600];
    int64_t q[600];
    for (int i = 0; i < 600; i++) {
        d[i] = (i % 3) - 1.0 + (i % 5 == 0 ? 0.0 : 0.25); /* +0.0 among them */
        f[i] = (float)d[i];
        q[i] = -i;
    }
    for (int t = 0; t < nt; t++) {
        const rp_sort_table *k = &tables[tested[t]].sort;
        for (size_t si = 0; si < sizeof ns / sizeof *ns; si++) {
            const rp_intp n = ns[si];
            CHECKF(k->bitwise_ties[RP_FLOAT64](d, n) && k->bitwise_ties[RP_FLOAT32](f, n) &&
                       k->bitwise_ties[RP_INT64](q, n),
                   "bitwise_ties plain isa %d n %ld", tested[t], (long)n);
            for (rp_intp at = 0; at < n; at += (n > 20 ? 7 : 1))
                for (int sp = 0; sp < 3; sp++) {
                    const double dv[] = {-0.0, NAN, -NAN};
                    const double d0 = d[at];
                    const float f0 = f[at];
                    d[at] = dv[sp];
                    f[at] = (float)dv[sp];
                    CHECKF(!k->bitwise_ties[RP_FLOAT64](d, n) && !k->bitwise_ties[RP_FLOAT32](f, n),
                           "bitwise_ties isa %d n %ld at %ld special %d", tested[t], (long)n,
                           (long)at, sp);
                    d[at] = d0;
                    f[at] = f0;
                }
        }
    }
}

/* reverse_copy (every width) and ramp of every ISA against plain loops,
 * lengths around the vector steps. */
static void test_reverse_ramp(void)
{
    static rp_kernel_table tables[RP_ISA_COUNT];
    rp_isa tested[RP_ISA_COUNT];
    int nt = rp_test_isa_tables(tables, tested, "sort");
    enum { MAXN = 300 };
    uint8_t src[MAXN * 8], dst[MAXN * 8 + 8];
    int64_t ramp[MAXN + 1];
    for (int i = 0; i < MAXN * 8; i++)
        src[i] = (uint8_t)(i * 37 + 11);
    for (int t = 0; t < nt; t++) {
        const rp_sort_table *k = &tables[tested[t]].sort;
        for (rp_intp m = 0; m <= MAXN; m += (m < 70 ? 1 : 23)) {
            for (int w = 0; w < 4; w++) {
                const size_t isz = (size_t)1 << w;
                memset(dst, 0xA5, sizeof dst);
                k->reverse_copy[w](dst, src, m);
                bool ok = dst[m * isz] == 0xA5;
                for (rp_intp i = 0; i < m; i++)
                    ok = ok && memcmp(dst + i * isz, src + (m - 1 - i) * isz, isz) == 0;
                CHECKF(ok, "reverse_copy isa %d width %d m %ld", tested[t], w, (long)m);
            }
            for (int step = -1; step <= 1; step += 2) {
                ramp[m] = 12345;
                k->ramp(ramp, m, step < 0 ? m - 1 : 7, step);
                bool ok = ramp[m] == 12345;
                for (rp_intp i = 0; i < m; i++)
                    ok = ok && ramp[i] == (step < 0 ? m - 1 - i : 7 + i);
                CHECKF(ok, "ramp isa %d m %ld step %d", tested[t], (long)m, step);
            }
        }
    }
}

void test_sort(void)
{
    test_partition_values();
    test_isas();
    test_isas_long();
    test_threads();
    test_packed_argsort();
    test_presorted();
    test_runs();
    test_dedup();
    test_bitwise_ties();
    test_reverse_ramp();
}
