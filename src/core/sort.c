/*
 * The sorting driver: rows over the pool, and one long row split into
 * sorted runs that are then merged.
 *
 * Why results do not depend on the thread count: stable sorts and argsort
 * (always stable here) have exactly one correct answer, so how the work is
 * split cannot change it. Unstable sorts of long rows are cut into
 * key-ordered pieces where the ISA has the kernels (sort_pieces: one key
 * order, so one result), else use the stable kernels whenever they are
 * split, so the same holds; only which of two equal values (-0.0/+0.0, two
 * NaNs) comes first could differ otherwise, and it does not.
 */
#include "raptors/sort.h"

#include "kernels.h"
#include "pool.h"
#include "sort_runs.h"

#include <stdlib.h>
#include <string.h>

/* Work (elements) below which threads are not worth waking. */
enum { PAR_MIN = 1 << 15, SPLIT_MIN = 1 << 17, PIECES_MIN = 1 << 14, MAP_BLOCK = 1 << 16 };

typedef struct {
    rp_dtype dt;
    char *data;
    int64_t *idx;
    rp_intp n;
    int op; /* 0 sort, 1 stable, 2 argsort, 3 partition */
    const rp_intp *kth;
    int nkth;
    int failed;
    bool sort_vals; /* argsort: leave data sorted too (else in any order) */
    const char *src; /* NULL, or the rows to sort into data (src left as it is) */
    bool checked;    /* one row, found not in order already: not checked again */
} rows_job;

static bool packed_ok(rp_dtype dt, rp_intp n);
static rp_status argsort_packed(rp_dtype dt, char *v, int64_t *p, rp_intp n, int nthreads,
                                bool sort_vals, void *scratch);

static int long_order(rp_dtype dt, const char *v, rp_intp n, int nthreads);
static void ordered_row(rp_dtype dt, char *v, int64_t *idx, rp_intp n, int o, bool sort_vals);
static void ordered_into(const rows_job *j, const char *src, char *dst, int64_t *idx, int o,
                         int nthreads);

/* The indices of positions [lo, lo + m) of an ordered row of n in its
 * stable order: lo, lo + 1, ... ascending, n - 1 - lo, ... when the row
 * descends (down). The ISA's ramp kernel (-O2 left the loop scalar: 46% of
 * a sorted 64 Ki int64 argsort). */
static void ordered_ramp(int64_t *out, rp_intp lo, rp_intp m, rp_intp n, bool down)
{
    rp_kt.sort.ramp(out, m, down ? n - 1 - lo : lo, down ? -1 : 1);
}

/* The ISA's reverse_copy for elements of isz bytes (1, 2, 4 or 8). */
static void (*reverser(size_t isz))(void *, const void *, rp_intp)
{
    return rp_kt.sort.reverse_copy[isz == 1 ? 0 : isz == 2 ? 1 : isz == 4 ? 2 : 3];
}

/* The order (1, -1, 0: ordered_row's o) of a stable kind's row, checked
 * before anything is copied or sorted. */
static int row_order(const rows_job *j, const char *row, int nthreads)
{
    if ((j->op != 1 && j->op != 2) || j->checked)
        return 0;
    return nthreads > 1 && j->n >= SPLIT_MIN ? long_order(j->dt, row, j->n, nthreads)
           : rp_kt.sort.order[j->dt]         ? rp_kt.sort.order[j->dt](row, j->n)
                                             : 0;
}

/* The stable sort or argsort of a row in order (its own, or reversed), or
 * of a few runs: O(n), NumPy's timsort is too. False: sort it. */
static bool presorted(const rows_job *j, char *row, int64_t *ix, int nthreads, void *scratch)
{
    const int o = row_order(j, row, nthreads);
    if (o) {
        ordered_row(j->dt, row, ix, j->n, o, j->sort_vals || !ix);
        return true;
    }
    return rp_sort_by_runs(j->dt, row, ix, j->n, nthreads, scratch);
}

/* A stable sort of values that any sort may do: where equal keys are equal
 * bits (bitwise_ties) every sort's result is the stable one, and the ISA's
 * quicksort (sort_keys: the keyed, one-result one) beats the stable radix
 * sort at every size (session 10, 1 Ki to 1 Mi, random and few-valued
 * rows: 1.5x to 4x). Not for a long row to be split where the unstable sort
 * cannot be (no split kernel): the stable split then is the faster. */
static bool stable_as_unstable(rp_dtype dt, const char *row, rp_intp n, int nthreads)
{
    const rp_sort_table *t = &rp_kt.sort;
    if (!t->sort_keys[dt] || !t->bitwise_ties[dt] ||
        (nthreads > 1 && n >= SPLIT_MIN && !t->split[dt]))
        return false;
    return t->bitwise_ties[dt](row, n);
}

static void run_rows(void *ctx, rp_intp begin, rp_intp end)
{
    rows_job *j = ctx;
    const size_t isz = rp_dtype_size(j->dt);
    /* the ISA's keyed quicksort (sort_keys set) sorts in place: no scratch */
    const bool in_place = j->op == 3 || (j->op == 0 && rp_kt.sort.sort_keys[j->dt]);
    size_t sb = in_place ? 0 : rp_sort_scratch(j->dt, j->n, j->op == 2);
    void *scratch = sb ? malloc(sb) : NULL;
    if (sb && !scratch) {
        j->failed = 1;
        return;
    }
    const rp_sort_table *t = &rp_kt.sort;
    for (rp_intp r = begin; r < end; r++) {
        char *row = j->data + (size_t)r * (size_t)j->n * isz;
        int64_t *ix = j->idx ? j->idx + r * j->n : NULL;
        if (j->src) {
            const char *from = j->src + (size_t)r * (size_t)j->n * isz;
            const int o = row_order(j, from, 1);
            if (o) {
                ordered_into(j, from, row, ix, o, 1);
                continue;
            }
            memcpy(row, from, (size_t)j->n * isz);
        }
        switch (j->op) {
        case 0: t->sort[j->dt](row, j->n, scratch); break;
        case 1:
            if (presorted(j, row, NULL, 1, scratch))
                break;
            if (stable_as_unstable(j->dt, row, j->n, 1))
                t->sort[j->dt](row, j->n, scratch);
            else
                t->stable[j->dt](row, j->n, scratch);
            break;
        case 2:
            if (presorted(j, row, ix, 1, scratch))
                break;
            if (!packed_ok(j->dt, j->n))
                t->argsort[j->dt](row, ix, j->n, scratch);
            else if (argsort_packed(j->dt, row, ix, j->n, 1, j->sort_vals, scratch) != RP_OK)
                j->failed = 1;
            break;
        default:
            if (!ix && t->select_keys[j->dt]) {
                /* values only: the vectorized quickselect over the keys */
                t->to_keys[j->dt](row, j->n, NULL);
                for (int k = 0; k < j->nkth; k++) {
                    rp_intp lo = k ? j->kth[k - 1] + 1 : 0;
                    if (j->kth[k] >= lo)
                        t->select_keys[j->dt](row + lo * isz, j->n - lo, j->kth[k] - lo);
                }
                t->from_keys[j->dt](row, j->n, NULL);
                break;
            }
            if (ix)
                ordered_ramp(ix, 0, j->n, j->n, false);
            for (int k = 0; k < j->nkth; k++)
                t->select[j->dt](row, ix, k ? j->kth[k - 1] + 1 : 0, j->n, j->kth[k]);
        }
    }
    free(scratch);
}

/* ---- one long row: runs sorted in parallel, then merged pairwise ---- */

typedef struct {
    rp_dtype dt;
    char *a, *b;        /* values: current runs in a, merged into b */
    int64_t *ia, *ib;   /* indices alongside (NULL for value sorts) */
    rp_intp n, run;     /* run length of this level */
    int failed;
} split_job;

static rp_intp run_lo(const split_job *s, rp_intp k) { return k * s->run < s->n ? k * s->run : s->n; }

static void sort_runs(void *ctx, rp_intp begin, rp_intp end)
{
    split_job *s = ctx;
    const size_t isz = rp_dtype_size(s->dt);
    for (rp_intp k = begin; k < end; k++) {
        rp_intp lo = run_lo(s, k), m = run_lo(s, k + 1) - lo;
        void *scratch = malloc(rp_sort_scratch(s->dt, m, s->ia != NULL));
        if (!scratch) {
            s->failed = 1;
            return;
        }
        if (s->ia) {
            rp_kt.sort.argsort[s->dt](s->a + lo * isz, s->ia + lo, m, scratch);
            for (rp_intp i = 0; i < m; i++)
                s->ia[lo + i] += lo;
        } else
            rp_kt.sort.stable[s->dt](s->a + lo * isz, m, scratch);
        free(scratch);
    }
}

static void merge_runs(void *ctx, rp_intp begin, rp_intp end)
{
    split_job *s = ctx;
    const size_t isz = rp_dtype_size(s->dt);
    for (rp_intp k = begin; k < end; k++) {
        rp_intp lo = run_lo(s, 2 * k), mid = run_lo(s, 2 * k + 1), hi = run_lo(s, 2 * k + 2);
        rp_kt.sort.merge[s->dt](s->a + lo * isz, s->ia ? s->ia + lo : NULL, mid - lo,
                                s->a + mid * isz, s->ia ? s->ia + mid : NULL, hi - mid,
                                s->b + lo * isz, s->ib ? s->ib + lo : NULL);
    }
}

static rp_status sort_split(rp_dtype dt, char *data, int64_t *idx, rp_intp n, int nthreads)
{
    const size_t isz = rp_dtype_size(dt);
    rp_intp nruns = 1;
    while (nruns * 2 <= nthreads && n / (nruns * 2) >= SPLIT_MIN / 2)
        nruns *= 2;
    split_job s = {dt, data, NULL, idx, NULL, n, (n + nruns - 1) / nruns, 0};
    char *buf = malloc((size_t)n * isz);
    int64_t *ibuf = idx ? malloc((size_t)n * sizeof *ibuf) : NULL;
    if (!buf || (idx && !ibuf)) {
        free(buf);
        free(ibuf);
        return RP_ENOMEM;
    }
    s.b = buf;
    s.ib = ibuf;
    rp_parallel_blocks(nruns, nthreads, sort_runs, &s);
    for (; !s.failed && s.run < n; s.run *= 2) {
        rp_intp pairs = (n + 2 * s.run - 1) / (2 * s.run);
        rp_parallel_blocks(pairs, nthreads, merge_runs, &s);
        char *t = s.a;
        s.a = s.b;
        s.b = t;
        int64_t *ti = s.ia;
        s.ia = s.ib;
        s.ib = ti;
    }
    if (s.a != data) {
        memcpy(data, s.a, (size_t)n * isz);
        if (idx)
            memcpy(idx, s.ia, (size_t)n * sizeof *idx);
    }
    free(buf);
    free(ibuf);
    return s.failed ? RP_ENOMEM : RP_OK;
}

/* ---- one long row already in order (the stable kinds) ----------------
 *
 * A non-descending row is its own stable sort and a strictly descending
 * one's is its reversal (NumPy's timsort finds such runs too). The kernels
 * check each row they sort; a long row about to be split over threads is
 * checked here first, its blocks over the pool and then the pairs across
 * block boundaries, so presorted input costs one parallel pass. */

typedef struct {
    rp_order_kernel k;
    const char *v;
    rp_intp n;
    size_t isz;
    signed char *o;
} order_job;

static void run_order(void *ctx, rp_intp begin, rp_intp end)
{
    order_job *j = ctx;
    for (rp_intp b = begin + 1; b < end + 1; b++) { /* block 0 is done first */
        rp_intp lo = b * MAP_BLOCK, m = j->n - lo < MAP_BLOCK ? j->n - lo : MAP_BLOCK;
        j->o[b] = m == 1 ? 2 : (signed char)j->k(j->v + lo * j->isz, m); /* 2: either */
    }
}

static int long_order(rp_dtype dt, const char *v, rp_intp n, int nthreads)
{
    const rp_intp blocks = (n + MAP_BLOCK - 1) / MAP_BLOCK;
    order_job j = {rp_kt.sort.order[dt], v, n, rp_dtype_size(dt), NULL};
    if (!j.k)
        return 0;
    const int first = j.k(v, n < MAP_BLOCK ? n : MAP_BLOCK); /* random rows stop here */
    if (!first || blocks == 1)
        return first;
    j.o = malloc((size_t)blocks);
    if (!j.o)
        return 0; /* (the sort then finds the same order, slower) */
    rp_parallel_blocks(blocks - 1, nthreads, run_order, &j);
    int o = first;
    for (rp_intp b = 1; b < blocks && o; b++)
        if ((j.o[b] != 2 && j.o[b] != first) ||
            j.k(v + (b * MAP_BLOCK - 1) * j.isz, 2) != first)
            o = 0;
    free(j.o);
    return o;
}

/* The stable sort (idx NULL) or argsort of a row whose order is o != 0. */
static void ordered_row(rp_dtype dt, char *v, int64_t *idx, rp_intp n, int o, bool sort_vals)
{
    const size_t isz = rp_dtype_size(dt);
    if (idx)
        ordered_ramp(idx, 0, n, n, o < 0);
    if (o >= 0 || (idx && !sort_vals))
        return;
    /* Blocks from both ends: the front block saved, the back one written
     * reversed over it, the saved one reversed into the back (the ISA's
     * reverse_copy; the -O2 loops here took 3x its time); the middle,
     * shorter than two blocks, through the buffer. */
    enum { B = 2048 }; /* bytes */
    uint64_t buf[2 * B / 8];
    void (*rev)(void *, const void *, rp_intp) = reverser(isz);
    const rp_intp b = B / (rp_intp)isz;
    rp_intp i = 0, e = n;
    for (; e - i >= 2 * b; i += b, e -= b) {
        memcpy(buf, v + i * isz, B);
        rev(v + i * isz, v + (e - b) * isz, b);
        rev(v + (e - b) * isz, buf, b);
    }
    if (e - i > 1) {
        memcpy(buf, v + i * isz, (size_t)(e - i) * isz);
        rev(v + i * isz, buf, e - i);
    }
}

/* An ordered row of src written into dst in its stable order (and idx)
 * in one pass: a sort of a copy then reads and writes the row once, as
 * NumPy's timsort does, instead of a copy and a reversal in place. Blocks
 * over the pool from SPLIT_MIN: each output block reads its mirror block. */
typedef struct {
    const rows_job *j;
    const char *src;
    char *dst; /* NULL: idx only */
    int64_t *idx;
    int o;
} into_job;

static void run_into(void *ctx, rp_intp begin, rp_intp end)
{
    const into_job *c = ctx;
    const rp_intp n = c->j->n;
    const size_t isz = rp_dtype_size(c->j->dt);
    for (rp_intp b = begin; b < end; b++) {
        const rp_intp lo = b * MAP_BLOCK, m = n - lo < MAP_BLOCK ? n - lo : MAP_BLOCK;
        if (c->idx)
            ordered_ramp(c->idx + lo, lo, m, n, c->o < 0);
        if (!c->dst)
            continue;
        if (c->o > 0) {
            memcpy(c->dst + lo * isz, c->src + lo * isz, (size_t)m * isz);
            continue;
        }
        reverser(isz)(c->dst + lo * isz, c->src + (n - lo - m) * isz, m);
    }
}

static void ordered_into(const rows_job *j, const char *src, char *dst, int64_t *idx, int o,
                         int nthreads)
{
    into_job c = {j, src, idx && !j->sort_vals ? NULL : dst, idx, o};
    const rp_intp blocks = (j->n + MAP_BLOCK - 1) / MAP_BLOCK;
    if (nthreads > 1 && j->n >= SPLIT_MIN)
        rp_parallel_blocks(blocks, nthreads, run_into, &c);
    else
        run_into(&c, 0, blocks);
}

/* ---- one long row, unstable: key-ordered pieces sorted in parallel ----
 *
 * The kernels map the values to keys, cut the keys into pieces each of
 * which holds only keys <= the next piece's (the partitions quicksort's top
 * levels would do), sort each piece on its own thread and map back. The
 * keys of distinct bit patterns are distinct, so the sorted keys are one
 * array whatever the cuts: the same bytes for every thread count. */

typedef struct {
    const rp_sort_table *t;
    rp_dtype dt;
    char *data;
    rp_intp n;
    const rp_intp *cut;
    rp_sort_kernel map; /* to_keys / from_keys over blocks, or NULL: sort the pieces */
} pieces_job;

static void run_pieces(void *ctx, rp_intp begin, rp_intp end)
{
    pieces_job *p = ctx;
    const size_t isz = rp_dtype_size(p->dt);
    for (rp_intp b = begin; b < end; b++) {
        if (p->map) {
            rp_intp lo = b * MAP_BLOCK;
            p->map(p->data + lo * isz, p->n - lo < MAP_BLOCK ? p->n - lo : MAP_BLOCK, NULL);
        } else
            p->t->sort_keys[p->dt](p->data + p->cut[b] * isz, p->cut[b + 1] - p->cut[b], NULL);
    }
}

static void sort_pieces(rp_dtype dt, char *data, rp_intp n, int nthreads)
{
    int parts = 1;
    while (parts * 2 <= nthreads && parts < 64)
        parts *= 2;
    rp_intp cut[65];
    pieces_job p = {&rp_kt.sort, dt, data, n, cut, rp_kt.sort.to_keys[dt]};
    const rp_intp blocks = (n + MAP_BLOCK - 1) / MAP_BLOCK;
    rp_parallel_blocks(blocks, nthreads, run_pieces, &p);
    /* keys in order already (or strictly reversed): the row is sorted (its
     * reversal); the split would scramble it for the pieces to re-sort */
    const int o = long_order(rp_dtype_size(dt) == 4 ? RP_INT32 : RP_INT64, data, n, nthreads);
    if (o)
        ordered_row(dt, data, NULL, n, o, true);
    else {
        p.t->split[dt](data, n, cut, parts);
        p.map = NULL;
        rp_parallel_blocks(parts, nthreads, run_pieces, &p);
    }
    p.map = p.t->from_keys[dt];
    rp_parallel_blocks(blocks, nthreads, run_pieces, &p);
}

/* ---- argsort as one int64 sort ---------------------------------------
 *
 * Each element becomes one int64: a 32-bit window of its key above its
 * index (src/kernels/sort.c: pack, fix). The ISA's int64 quicksort sorts
 * them (on one long row as key-ordered pieces over the pool, like the
 * unstable sort), one pass re-sorts runs of equal windows by full keys,
 * and the low halves are the permutation. The int64s are distinct, so the
 * order is one, (key, index): the stable argsort's, for every thread count
 * and ISA; one 8-byte stream sorted in cache-friendly partitions beats the
 * radix sort's eight scatter passes of values and indices. */

enum { PACKED_MIN = 256 };

static bool packed_ok(rp_dtype dt, rp_intp n)
{
    size_t isz = rp_dtype_size(dt);
    return n >= PACKED_MIN && n <= (rp_intp)UINT32_MAX && isz >= 4 &&
           rp_kt.sort.sort_keys[RP_INT64] && rp_kt.sort.pack[dt];
}

typedef struct {
    const rp_sort_table *t;
    rp_dtype dt;
    const char *v;
    char *out;      /* the values in sorted order (stage 2), or NULL */
    int64_t *p;
    rp_intp n;
    uint64_t *lohi; /* 6 per block (stage 0): key_range's */
    uint64_t kmin;
    int shift, stage;
    bool reversed; /* stage 3: the row descends strictly */
} packed_job;

static void run_packed(void *ctx, rp_intp begin, rp_intp end)
{
    packed_job *j = ctx;
    const size_t isz = rp_dtype_size(j->dt);
    for (rp_intp b = begin; b < end; b++) {
        rp_intp lo = b * MAP_BLOCK, m = j->n - lo < MAP_BLOCK ? j->n - lo : MAP_BLOCK;
        int64_t *p = j->p + lo;
        if (j->stage == 0) {
            j->t->key_range[j->dt](j->v + lo * isz, m, j->lohi + 6 * b);
        } else if (j->stage == 1)
            j->t->pack[j->dt](j->v + lo * isz, m, lo, j->kmin, j->shift, p);
        else if (j->stage == 3) /* sorted already: the identity, or reversed */
            ordered_ramp(p, lo, m, j->n, j->reversed);
        else {
            for (rp_intp i = 0; i < m; i++)
                p[i] &= 0xFFFFFFFF;
            if (j->out && isz == 8)
                for (rp_intp i = 0; i < m; i++)
                    memcpy(j->out + (lo + i) * 8, j->v + p[i] * 8, 8);
            else if (j->out)
                for (rp_intp i = 0; i < m; i++)
                    memcpy(j->out + (lo + i) * 4, j->v + p[i] * 4, 4);
        }
    }
}

static rp_status argsort_packed(rp_dtype dt, char *v, int64_t *p, rp_intp n, int nthreads,
                                bool sort_vals, void *scratch)
{
    const rp_intp blocks = (n + MAP_BLOCK - 1) / MAP_BLOCK;
    uint64_t st1[6], *st = blocks == 1 ? st1 : malloc((size_t)blocks * 6 * sizeof *st);
    if (!st)
        return RP_ENOMEM;
    packed_job j = {&rp_kt.sort, dt, v, NULL, p, n, st, 0, 0, 0};
    const bool par = nthreads > 1 && n >= PIECES_MIN;
#define STAGE(s)                                                                                   \
    do {                                                                                           \
        j.stage = s;                                                                               \
        if (par)                                                                                   \
            rp_parallel_blocks(blocks, nthreads, run_packed, &j);                                  \
        else                                                                                       \
            run_packed(&j, 0, blocks);                                                             \
    } while (0)
    STAGE(0);
    /* A sorted row (non-descending keys) is its own stable order, and a
     * strictly descending one reversed: NumPy finds these in one pass too. */
    uint64_t lo = UINT64_MAX, hi = 0, diff = 0;
    bool up = true, down = true;
    for (rp_intp b = 0; b < blocks; b++) {
        const uint64_t *s = st + 6 * b;
        diff |= s[5] | (s[2] ^ st[2]);
        rp_intp m = n - b * MAP_BLOCK < MAP_BLOCK ? n - b * MAP_BLOCK : MAP_BLOCK;
        lo = s[0] < lo ? s[0] : lo;
        hi = s[1] > hi ? s[1] : hi;
        up = up && s[4] == 0 && (b == 0 || s[2] >= s[-3]);
        down = down && s[4] == (uint64_t)(m - 1) && (b == 0 || s[2] < s[-3]);
    }
    if (st != st1)
        free(st);
    if (up || down) {
        j.reversed = !up;
        STAGE(3);
        if (down && sort_vals)
            ordered_row(dt, v, NULL, n, -1, true);
        return RP_OK;
    }
    j.kmin = lo;
    for (uint64_t r = (hi - lo) >> 32; r; r >>= 1)
        j.shift++;
    STAGE(1);
    if (par)
        sort_pieces(RP_INT64, (char *)p, n, nthreads);
    else
        j.t->sort_keys[RP_INT64](p, n, NULL);
    /* keys that differ only in the window's bits (small integers as
     * floats, say) have one key per window: nothing to re-sort */
    if (j.shift && (diff & (((uint64_t)1 << j.shift) - 1)))
        j.t->fix[dt](v, p, n, j.kmin, j.shift, j.t->sort_keys[RP_INT64]);
    char *own = NULL;
    if (sort_vals && !scratch)
        scratch = own = malloc((size_t)n * rp_dtype_size(dt));
    if (sort_vals && !scratch)
        return RP_ENOMEM;
    j.out = sort_vals ? scratch : NULL;
    STAGE(2);
#undef STAGE
    if (sort_vals)
        memcpy(v, scratch, (size_t)n * rp_dtype_size(dt));
    free(own);
    return RP_OK;
}

static rp_status drive(rows_job *j, rp_intp nrows);

/* float16 rows sorted as float32 (exact both ways, NaN payloads kept; the
 * same order, NaNs last, -0.0 == +0.0), then converted back. */
static rp_status drive_half(rows_job *j, rp_intp nrows)
{
    const rp_kernel widen = rp_kt.cast.k[RP_FLOAT16][RP_FLOAT32];
    const rp_kernel narrow = rp_kt.cast.k[RP_FLOAT32][RP_FLOAT16];
    const rp_intp total = nrows * j->n;
    rows_job f = *j;
    f.dt = RP_FLOAT32;
    if (!widen || !narrow)
        return RP_ETYPE;
    if (nrows <= 0 || j->n <= 1) /* (nothing read: idx zeroed) */
        return drive(&f, nrows);
    const size_t nbytes = (size_t)total * sizeof(float);
    char *tmp = rp_alloc(nbytes);
    if (!tmp)
        return RP_ENOMEM;
    char *to[2] = {j->data, tmp}, *back[2] = {tmp, j->data};
    const rp_intp wsteps[2] = {2, 4}, nsteps[2] = {4, 2};
    widen(to, total, wsteps, NULL);
    f.data = tmp;
    rp_status st = drive(&f, nrows);
    if (st == RP_OK)
        narrow(back, total, nsteps, NULL);
    rp_free(tmp, nbytes);
    return st;
}

static rp_status drive(rows_job *j, rp_intp nrows)
{
    const rp_dtype dt = j->dt;
    if (j->src && (dt == RP_FLOAT16 || nrows <= 0 || j->n <= 1)) {
        if (nrows > 0 && j->n > 0)
            memcpy(j->data, j->src, (size_t)(nrows * j->n) * rp_dtype_size(dt));
        j->src = NULL;
    }
    if (dt == RP_FLOAT16)
        return drive_half(j, nrows);
    if (!rp_kt.sort.sort[dt] || !rp_kt.sort.stable[dt] || !rp_kt.sort.argsort[dt] ||
        !rp_kt.sort.select[dt] || !rp_kt.sort.merge[dt])
        return RP_ETYPE;
    if (nrows <= 0 || j->n <= 1) {
        if (j->idx)
            for (rp_intp r = 0; r < nrows * j->n; r++)
                j->idx[r] = 0;
        return RP_OK;
    }
    int nthreads = rp_threads_get();
    if (j->src && nrows == 1) { /* (more rows: run_rows reads each from src) */
        const int o = row_order(j, j->src, nthreads);
        if (o) {
            ordered_into(j, j->src, j->data, j->idx, o, nthreads);
            return RP_OK;
        }
        memcpy(j->data, j->src, (size_t)j->n * rp_dtype_size(dt));
        j->src = NULL;
        j->checked = true;
    }
    /* Unstable float sorts are not split: their kernels order -0.0/+0.0
     * and NaNs by key bits, which the merge (NumPy's order, ties from the
     * left) would not keep, so the result would depend on the threads. */
    if (nrows == 1 && (j->op == 1 || j->op == 2) &&
        presorted(j, j->data, j->op == 2 ? j->idx : NULL, nthreads, NULL))
        return RP_OK;
    if (nrows == 1 && j->op == 1 && stable_as_unstable(dt, j->data, j->n, nthreads))
        j->op = 0;
    bool keyed = j->op == 0 && (j->dt == RP_FLOAT32 || j->dt == RP_FLOAT64);
    if (nrows == 1 && nthreads > 1 && j->n >= PIECES_MIN && j->op == 0 && rp_kt.sort.split[j->dt]) {
        sort_pieces(j->dt, j->data, j->n, nthreads);
        return RP_OK;
    }
    if (nrows == 1 && j->op == 2 && packed_ok(j->dt, j->n))
        return argsort_packed(j->dt, j->data, j->idx, j->n, nthreads, j->sort_vals, NULL);
    /* (op 1 and 2: presorted above found the row not in order) */
    if (nrows == 1 && nthreads > 1 && j->n >= SPLIT_MIN && j->op <= 2 && !keyed)
        return sort_split(j->dt, j->data, j->op == 2 ? j->idx : NULL, j->n, nthreads);
    if (nrows > 1 && nthreads > 1 && nrows * j->n >= PAR_MIN)
        rp_parallel_blocks(nrows, nthreads, run_rows, j);
    else
        run_rows(j, 0, nrows);
    return j->failed ? RP_ENOMEM : RP_OK;
}

rp_status rp_sort_rows(rp_dtype dt, char *data, rp_intp nrows, rp_intp n, bool stable)
{
    rows_job j = {dt, data, NULL, n, stable ? 1 : 0, NULL, 0, 0};
    return drive(&j, nrows);
}

rp_status rp_argsort_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n)
{
    rows_job j = {dt, data, idx, n, 2, NULL, 0, 0, true};
    return drive(&j, nrows);
}

rp_status rp_argsort_only_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n)
{
    rows_job j = {dt, data, idx, n, 2, NULL, 0, 0, false};
    return drive(&j, nrows);
}

rp_status rp_sort_rows_from(rp_dtype dt, const char *src, char *data, rp_intp nrows, rp_intp n,
                           bool stable)
{
    rows_job j = {dt, data, NULL, n, stable ? 1 : 0, NULL, 0, 0, false, src};
    return drive(&j, nrows);
}

rp_status rp_argsort_only_rows_from(rp_dtype dt, const char *src, int64_t *idx, rp_intp nrows,
                                    rp_intp n)
{
    rows_job j = {dt, NULL, idx, n, 2, NULL, 0, 0, false, src};
    const int nthreads = rp_threads_get();
    if (nrows == 1 && n > 1 && dt != RP_FLOAT16) {
        const int o = row_order(&j, src, nthreads);
        if (o) { /* the values are not needed: no copy of them at all */
            ordered_into(&j, src, NULL, idx, o, nthreads);
            return RP_OK;
        }
    }
    const size_t bytes = (size_t)(nrows * n) * rp_dtype_size(dt);
    if (!(j.data = rp_alloc(bytes ? bytes : 1)))
        return RP_ENOMEM;
    if (nrows == 1) { /* checked above (unless float16: drive_half) */
        memcpy(j.data, src, bytes);
        j.src = NULL;
        j.checked = n > 1 && dt != RP_FLOAT16;
    }
    rp_status st = drive(&j, nrows);
    rp_free(j.data, bytes ? bytes : 1);
    return st;
}

rp_status rp_partition_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n,
                            const rp_intp *kth, int nkth)
{
    for (int k = 0; k < nkth; k++)
        if (kth[k] < 0 || kth[k] >= n || (k && kth[k] < kth[k - 1]))
            return RP_EVALUE;
    rows_job j = {dt, data, idx, n, 3, kth, nkth, 0};
    if (n == 1 && idx) {
        for (rp_intp r = 0; r < nrows; r++)
            idx[r] = 0;
        return RP_OK;
    }
    return drive(&j, nrows);
}

typedef struct {
    rp_search_kernel k;
    const char *sorted, *keys;
    rp_intp n, kstep;
    int64_t *out;
} search_job;

static void run_search(void *ctx, rp_intp begin, rp_intp end)
{
    enum { B = 4096 };
    search_job *s = ctx;
    rp_intp lo = begin * B;
    rp_intp hi = end * B;
    s->k(s->sorted, s->n, s->keys + lo * s->kstep, hi - lo, s->kstep, s->out + lo);
}

rp_status rp_searchsorted(rp_dtype dt, const char *sorted, rp_intp n, const char *keys, rp_intp m,
                          rp_intp kstep, int64_t *out, bool right)
{
    search_job s = {rp_kt.sort.search[right][dt], sorted, keys, n, kstep, out};
    if (!s.k)
        return RP_ETYPE;
    enum { B = 4096 };
    rp_intp full = m / B;
    if (full > 1 && rp_threads_get() > 1)
        rp_parallel_blocks(full, rp_threads_get(), run_search, &s);
    else
        full = 0;
    s.k(sorted, n, keys + full * B * kstep, m - full * B, kstep, out + full * B);
    return RP_OK;
}
