/*
 * unique by counting (rp_unique_counted): the rows numpy.unique sorts in
 * full although they hold few distinct values. Each thread counts its part
 * of the row in its own table (src/kernels/unique.c), the tables are added,
 * and only the distinct values are sorted. Counts are integers and the
 * sorted distinct values one array, so the result is the same for every
 * thread count; which NaN's bits stand for all NaNs is the first NaN's in
 * the row, as the part holding it is found in index order.
 */
#include "raptors/count.h"

#include "kernels.h"
#include "pool.h"

#include <stdlib.h>
#include <string.h>

enum { LOGCAP = 11, CAP = 1 << LOGCAP, PART_MIN = 1 << 15, MAX_PARTS = 64 };
_Static_assert(CAP / 2 == RP_UNIQUE_COUNTED_MAX, "the table holds RP_UNIQUE_COUNTED_MAX keys");

typedef struct {
    const rp_sort_table *t;
    rp_dtype dt;
    const char *x;
    rp_intp n;
    int parts;
    uint64_t *keys;  /* parts * CAP */
    int64_t *counts; /* parts * CAP */
    uint64_t nan[MAX_PARTS][2];
    rp_intp nd[MAX_PARTS];
} counted_job;

static void run_counted(void *ctx, rp_intp begin, rp_intp end)
{
    counted_job *j = ctx;
    const size_t isz = rp_dtype_size(j->dt);
    for (rp_intp p = begin; p < end; p++) {
        rp_intp lo = j->n / j->parts * p, hi = p + 1 == j->parts ? j->n : j->n / j->parts * (p + 1);
        j->nd[p] = j->t->distinct[j->dt](j->x + lo * isz, hi - lo, j->keys + p * CAP,
                                         j->counts + p * CAP, LOGCAP, j->nan[p]);
    }
}

rp_status rp_unique_counted(rp_dtype dt, const char *x, rp_intp n, char *vals, int64_t *counts,
                            rp_intp *m)
{
    const rp_sort_table *t = &rp_kt.sort;
    if (dt >= RP_NTYPES || !t->distinct[dt] || !t->argsort[dt])
        return RP_ETYPE;
    int parts = rp_threads_get();
    if (parts > MAX_PARTS)
        parts = MAX_PARTS;
    if (parts > n / PART_MIN)
        parts = n / PART_MIN > 1 ? (int)(n / PART_MIN) : 1;
    counted_job *j = calloc(1, sizeof *j);
    uint64_t *keys = malloc((size_t)parts * CAP * sizeof *keys);
    int64_t *cnt = calloc((size_t)parts * CAP, sizeof *cnt);
    const size_t isz = rp_dtype_size(dt);
    int64_t *perm = malloc((CAP / 2 + 1) * sizeof *perm);
    void *scratch = malloc(rp_sort_scratch(dt, CAP / 2, 1));
    rp_status st = RP_ENOMEM;
    if (!j || !keys || !cnt || !perm || !scratch)
        goto done;
    *j = (counted_job){t, dt, x, n, parts, keys, cnt, {{0}}, {0}};
    if (parts > 1)
        rp_parallel_blocks(parts, parts, run_counted, j);
    else
        run_counted(j, 0, 1);
    st = RP_OK;
    *m = -1;
    rp_intp nd = j->nd[0];
    for (int p = 1; p < parts && nd >= 0; p++)
        nd = j->nd[p] < 0 ? -1 : t->distinct_merge(keys, cnt, keys + p * CAP, cnt + p * CAP, LOGCAP, nd);
    if (nd < 0)
        goto done;
    /* the distinct values (in table order), sorted with their counts */
    rp_intp k = 0;
    for (rp_intp h = 0; h < CAP; h++)
        if (cnt[h]) {
            memcpy(vals + k * isz, &keys[h], isz);
            perm[k] = cnt[h]; /* (the counts, until the sort's permutation) */
            k++;
        }
    memcpy(counts, perm, (size_t)k * sizeof *counts);
    t->argsort[dt](vals, perm, k, scratch);
    for (rp_intp i = 0; i < k; i++)
        perm[i] = counts[perm[i]];
    memcpy(counts, perm, (size_t)k * sizeof *counts);
    for (int p = 0; p < parts; p++)
        if (j->nan[p][0]) {
            memcpy(vals + k * isz, &j->nan[p][1], isz);
            counts[k] = 0;
            for (int q = p; q < parts; q++)
                counts[k] += (int64_t)j->nan[q][0];
            k++;
            break;
        }
    *m = k;
done:
    free(j), free(keys), free(cnt), free(perm), free(scratch);
    return st;
}

rp_status rp_unique_sorted(rp_dtype dt, char *v, rp_intp n, int64_t *counts, bool equal_nan,
                           rp_intp *m)
{
    if (dt >= RP_NTYPES || !rp_kt.sort.dedup[dt])
        return RP_ETYPE;
    *m = rp_kt.sort.dedup[dt](v, n, counts, equal_nan);
    return RP_OK;
}
