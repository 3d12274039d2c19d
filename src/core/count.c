/*
 * The bincount driver: the range pass and the counting over the pool.
 *
 * Counts are integers, so splitting the elements over threads, each with
 * its own table, and adding the tables gives the same counts for every
 * thread count. Weighted sums are floats whose bits depend on the order of
 * the additions: they run on one thread in element order, as NumPy's do.
 */
#include "raptors/count.h"

#include "kernels.h"
#include "pool.h"

#include <stdlib.h>
#include <string.h>

/* Elements per block of the pool's split; below two blocks, one thread. */
enum { BLOCK = 1 << 16 };

typedef struct {
    const rp_sort_table *t;
    rp_dtype dt;
    const char *x;
    rp_intp n, nbins;
    int ways;
    int64_t *tables;   /* per part: ways * nbins counts (stage 1) */
    int parts;
    int64_t *lohi;     /* per block: 2 (stage 0) */
    int stage;
} count_job;

static rp_intp nblocks(rp_intp n) { return (n + BLOCK - 1) / BLOCK; }

/* Part p of the counting starts here (whole cache lines of int64 where
 * the parts are long; the last ends at n). */
static rp_intp part_lo(const count_job *j, rp_intp p)
{
    rp_intp lo = (j->n / j->parts * p) & ~(rp_intp)7;
    return p >= j->parts ? j->n : lo;
}

static void run_count(void *ctx, rp_intp begin, rp_intp end)
{
    count_job *j = ctx;
    const size_t isz = rp_dtype_size(j->dt);
    if (j->stage == 0) {
        for (rp_intp b = begin; b < end; b++) {
            rp_intp s = b * BLOCK, m = j->n - s < BLOCK ? j->n - s : BLOCK;
            j->t->int_range[j->dt](j->x + s * isz, m, j->lohi + 2 * b);
        }
        return;
    }
    /* stage 1: parts [begin, end) of the elements, each into its own table */
    for (rp_intp p = begin; p < end; p++) {
        rp_intp s = part_lo(j, p), e = part_lo(j, p + 1);
        j->t->count[j->dt](j->x + s * isz, e - s, j->tables + (size_t)p * (size_t)j->ways *
                                                                   (size_t)j->nbins,
                           j->nbins, j->ways);
    }
}

rp_status rp_int_range(rp_dtype dt, const char *x, rp_intp n, int64_t *lo, int64_t *hi)
{
    const rp_sort_table *t = &rp_kt.sort;
    if (dt >= RP_NTYPES || !t->int_range[dt])
        return RP_ETYPE;
    if (n <= 0)
        return RP_EVALUE;
    const rp_intp nb = nblocks(n);
    int64_t one[2], *lohi = nb == 1 ? one : malloc((size_t)nb * 2 * sizeof *lohi);
    if (!lohi)
        return RP_ENOMEM;
    count_job j = {t, dt, x, n, 0, 1, NULL, 1, lohi, 0};
    int nthreads = rp_threads_get();
    if (nb > 1 && nthreads > 1)
        rp_parallel_blocks(nb, nthreads, run_count, &j);
    else
        run_count(&j, 0, nb);
    *lo = lohi[0];
    *hi = lohi[1];
    for (rp_intp b = 1; b < nb; b++) {
        *lo = lohi[2 * b] < *lo ? lohi[2 * b] : *lo;
        *hi = lohi[2 * b + 1] > *hi ? lohi[2 * b + 1] : *hi;
    }
    if (lohi != one)
        free(lohi);
    return RP_OK;
}

rp_status rp_bincount(rp_dtype dt, const char *x, rp_intp n, const double *w, void *out,
                      rp_intp nbins)
{
    const rp_sort_table *t = &rp_kt.sort;
    if (dt >= RP_NTYPES || !t->count[dt] || !t->wsum[dt])
        return RP_ETYPE;
    if (w || n <= 0) {
        memset(out, 0, (size_t)nbins * (w ? sizeof(double) : sizeof(int64_t)));
        if (n <= 0)
            return RP_OK;
        t->wsum[dt](x, w, n, out);
        return RP_OK;
    }
    /* Four tables when they stay in L1 together (runs of one value then
     * cost a quarter of the chain), else one. */
    const int ways = nbins <= 1024 ? 4 : 1;
    const rp_intp nb = nblocks(n);
    int nthreads = rp_threads_get();
    /* Threads only where their tables are small next to the input: each
     * one zeroes and adds up ways * nbins counts. */
    int parts = nthreads < nb ? nthreads : (int)nb;
    if (parts > 1 && (rp_intp)ways * nbins > n / 4)
        parts = 1;
    if (parts <= 1 && ways == 1) {
        memset(out, 0, (size_t)nbins * sizeof(int64_t));
        t->count[dt](x, n, out, nbins, 1);
        return RP_OK;
    }
    const size_t per = (size_t)ways * (size_t)nbins;
    int64_t *tables = calloc((size_t)parts * per, sizeof *tables);
    if (!tables)
        return RP_ENOMEM;
    count_job j = {t, dt, x, n, nbins, ways, tables, parts, NULL, 1};
    if (parts > 1)
        rp_parallel_blocks(parts, parts, run_count, &j);
    else
        run_count(&j, 0, 1);
    int64_t *o = out;
    memcpy(o, tables, (size_t)nbins * sizeof *o);
    for (size_t s = 1; s < (size_t)parts * (size_t)ways; s++)
        for (rp_intp k = 0; k < nbins; k++)
            o[k] += tables[s * (size_t)nbins + k];
    free(tables);
    return RP_OK;
}
