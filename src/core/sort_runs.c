/*
 * Rows that are a few runs (presorted data with a few appends, reversed
 * data with ties, concatenations of sorted pieces): NumPy's timsort is
 * O(n) on those, and a radix sort's fixed passes lose to it. Here the runs
 * are found (src/kernels/sort.c: runs, flip), each non-increasing one is
 * put into its stable order, and the runs are merged pairwise, level by
 * level, ties taken from the left run: the stable order.
 *
 * A long level is split over the pool along merge paths: each pair's two
 * runs are cut at evenly spaced points of each run, and each cut's partner
 * in the other run is found by binary search (a cut a[i] of the left run
 * goes before the right run's elements >= it: searchsorted left; a cut b[j]
 * of the right run goes after the left run's elements <= it: right). All
 * those (i, j) lie on the one merge path, so the pieces between them merge
 * independently into disjoint output: the same bytes for every thread
 * count, and no piece holds more than a part of each run.
 */
#include "sort_runs.h"

#include "kernels.h"
#include "pool.h"

#include <stdlib.h>
#include <string.h>

/* log2(MAXRUNS) merge passes at most: beyond that the radix sort's passes
 * (a fixed few, streaming) beat the merges' compare-and-branch passes. */
enum { MAXRUNS = 16, PIECE_MIN = 1 << 15, PAR_RUNS_MIN = 1 << 17 };

typedef struct {
    rp_intp a, na, b, nb, out; /* source offsets and lengths, output offset */
} piece;

typedef struct {
    rp_merge_kernel merge;
    size_t isz;
    const char *src;
    char *dst;
    const int64_t *isrc;
    int64_t *idst;
    const piece *p;
} merge_job;

static void run_merge(void *ctx, rp_intp begin, rp_intp end)
{
    const merge_job *j = ctx;
    for (rp_intp t = begin; t < end; t++) {
        const piece *p = &j->p[t];
        j->merge(j->src + p->a * j->isz, j->isrc ? j->isrc + p->a : NULL, p->na,
                 j->src + p->b * j->isz, j->isrc ? j->isrc + p->b : NULL, p->nb,
                 j->dst + p->out * j->isz, j->idst ? j->idst + p->out : NULL);
    }
}

typedef struct {
    rp_intp i, j;
} cut;

/* The pieces of merging src[lo, mid) with src[mid, hi) in parts parts,
 * appended to p; returns how many. */
static rp_intp pair_pieces(rp_dtype dt, const char *src, rp_intp lo, rp_intp mid, rp_intp hi,
                           rp_intp parts, piece *p, cut *c)
{
    const size_t isz = rp_dtype_size(dt);
    const rp_intp na = mid - lo, nb = hi - mid;
    rp_intp nc = 0;
    c[nc++] = (cut){lo, mid};
    for (rp_intp t = 1; t < parts && nb; t++) {
        int64_t at;
        rp_intp i = lo + t * na / parts, j = mid + t * nb / parts;
        if (i < mid) {
            rp_kt.sort.search[0][dt](src + mid * isz, nb, src + i * isz, 1, (rp_intp)isz, &at);
            c[nc++] = (cut){i, mid + at};
        }
        rp_kt.sort.search[1][dt](src + lo * isz, na, src + j * isz, 1, (rp_intp)isz, &at);
        c[nc++] = (cut){lo + at, j};
    }
    c[nc++] = (cut){mid, hi};
    /* points of one monotone path: ordering by (i, j) is ordering along it */
    for (rp_intp x = 1; x < nc; x++)
        for (rp_intp y = x; y > 0 && (c[y].i < c[y - 1].i ||
                                      (c[y].i == c[y - 1].i && c[y].j < c[y - 1].j)); y--) {
            cut tmp = c[y];
            c[y] = c[y - 1];
            c[y - 1] = tmp;
        }
    rp_intp np = 0;
    for (rp_intp x = 0; x + 1 < nc; x++) {
        const piece q = {c[x].i, c[x + 1].i - c[x].i, c[x].j, c[x + 1].j - c[x].j,
                         c[x].i + (c[x].j - mid)};
        if (q.na + q.nb)
            p[np++] = q;
    }
    return np;
}

bool rp_sort_by_runs(rp_dtype dt, char *v, int64_t *idx, rp_intp n, int nthreads, void *scratch)
{
    const rp_sort_table *t = &rp_kt.sort;
    if (n < RP_RUNS_MIN || !t->runs[dt] || !t->flip[dt] || !t->search[0][dt] ||
        !t->search[1][dt])
        return false;
    const size_t isz = rp_dtype_size(dt);
    rp_intp b[MAXRUNS + 1];
    rp_intp k = t->runs[dt](v, n, b, MAXRUNS);
    if (!k)
        return false;
    const bool par = nthreads > 1 && n >= PAR_RUNS_MIN;
    const rp_intp parts = par ? (n / (4 * nthreads) > PIECE_MIN ? n / (4 * nthreads) : PIECE_MIN)
                              : n; /* elements per piece */
    const rp_intp maxparts = n / parts + 2;
    char *own = NULL;
    piece *pc = NULL;
    cut *cuts = NULL;
    if (k > 1) {
        if (!scratch)
            scratch = own = malloc(rp_sort_scratch(dt, n, idx != NULL));
        pc = malloc((size_t)(2 * maxparts + MAXRUNS) * 2 * sizeof *pc);
        cuts = malloc((size_t)(2 * maxparts + 4) * sizeof *cuts);
        if (!scratch || !pc || !cuts) {
            free(own);
            free(pc);
            free(cuts);
            return false;
        }
    }
    if (idx)
        for (rp_intp i = 0; i < n; i++)
            idx[i] = i;
    for (rp_intp r = 0; r < k; r++)
        if (b[r + 1] < 0) {
            b[r + 1] = -b[r + 1];
            t->flip[dt](v + b[r] * isz, idx ? idx + b[r] : NULL, b[r + 1] - b[r]);
        }
    if (k == 1)
        return true;
    merge_job j = {t->merge[dt], isz, v, scratch, idx, NULL, pc};
    if (idx)
        j.idst = (int64_t *)((char *)scratch + (((size_t)n * isz + 63) & ~(size_t)63));
    for (; k > 1; k = (k + 1) / 2) {
        rp_intp np = 0;
        for (rp_intp r = 0; r < k; r += 2) {
            /* a lone last run is a merge with an empty right run: a copy */
            const rp_intp lo = b[r], mid = b[r + 1], hi = r + 1 < k ? b[r + 2] : mid;
            np += pair_pieces(dt, j.src, lo, mid, hi, par ? (hi - lo + parts - 1) / parts : 1,
                              pc + np, cuts);
            b[r / 2] = lo;
        }
        b[(k + 1) / 2] = n;
        if (par && np > 1)
            rp_parallel_blocks(np, nthreads, run_merge, &j);
        else
            run_merge(&j, 0, np);
        const char *s = j.src;
        j.src = j.dst;
        j.dst = (char *)s;
        const int64_t *is = j.isrc;
        j.isrc = j.idst;
        j.idst = (int64_t *)is;
    }
    if (j.src != v) {
        memcpy(v, j.src, (size_t)n * isz);
        if (idx)
            memcpy(idx, j.isrc, (size_t)n * sizeof *idx);
    }
    free(own);
    free(pc);
    free(cuts);
    return true;
}
