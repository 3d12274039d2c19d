/* repeat, tile, roll, tril, triu and concatenate as block copies (see blocks.h). */
#include "blocks.h"

#include "kernels.h"
#include "pool.h"

#include <stdint.h>
#include <string.h>

/* One element repeated: a typed store loop (the compiler keeps the value in
 * a register; memcpy per copy would be a call per element at count 3). */
#define ELEM_LOOP(T)                                                                               \
    static void elems_##T(const char *src, char *dst, rp_intp nb, rp_intp count)                  \
    {                                                                                              \
        const T *s = (const T *)(const void *)src;                                                 \
        T *d = (T *)(void *)dst;                                                                   \
        if (count == 2)                                                                            \
            for (rp_intp i = 0; i < nb; i++)                                                       \
                d[2 * i] = d[2 * i + 1] = s[i];                                                    \
        else                                                                                       \
            for (rp_intp i = 0; i < nb; i++) {                                                     \
                T v = s[i];                                                                        \
                for (rp_intp r = 0; r < count; r++)                                                \
                    d[i * count + r] = v;                                                          \
            }                                                                                      \
    }
ELEM_LOOP(uint8_t)
ELEM_LOOP(uint16_t)
ELEM_LOOP(uint32_t)
ELEM_LOOP(uint64_t)

/* nb consecutive blocks of src, each written count times into dst. */
static void run_blocks(const char *src, char *dst, rp_intp nb, size_t block, rp_intp count)
{
    if (count == 0 || nb == 0 || block == 0)
        return;
    if (count == 1) {
        memcpy(dst, src, (size_t)nb * block);
        return;
    }
    switch (block) {
    case 1: elems_uint8_t(src, dst, nb, count); return;
    case 2: elems_uint16_t(src, dst, nb, count); return;
    case 4: elems_uint32_t(src, dst, nb, count); return;
    case 8: elems_uint64_t(src, dst, nb, count); return;
    default: break;
    }
    /* (a block of 65-511 bytes not a multiple of 64 ends in an overlapping
     * line: up to half again the stores; 80 bytes measured slower) */
    if ((block % 64 == 0 || block >= 512) && rp_kt.blocks.repeat) {
        rp_kt.blocks.repeat(src, dst, nb, block, count);
        return;
    }
    for (rp_intp i = 0; i < nb; i++, src += block)
        for (rp_intp r = 0; r < count; r++, dst += block)
            memcpy(dst, src, block);
}

/* Tasks of about this many written bytes: enough to hide a task's start. */
#define TASK_BYTES ((size_t)1 << 18)

/* A copy in which every run of dst bytes comes from one contiguous run of
 * source bytes: map(ctx, off, &src) is the source of dst byte off and the
 * length of the run from there. Threads then split dst's bytes anywhere,
 * so a copy of a few large blocks (tile of a big array, roll along the
 * first axis) still has work for each of them. */
typedef size_t (*run_map)(const void *ctx, size_t off, const char **src);

typedef struct {
    char *dst;
    size_t total;
    run_map map;
    const void *ctx;
} runs_job;

static void copy_runs(const runs_job *j, size_t lo, size_t hi)
{
    while (lo < hi) {
        const char *src;
        size_t len = j->map(j->ctx, lo, &src);
        if (len > hi - lo)
            len = hi - lo;
        memcpy(j->dst + lo, src, len);
        lo += len;
    }
}

static void runs_tasks(void *ctx, rp_intp begin, rp_intp end)
{
    const runs_job *j = ctx;
    size_t lo = (size_t)begin * TASK_BYTES, hi = (size_t)end * TASK_BYTES;
    copy_runs(j, lo, hi < j->total ? hi : j->total);
}

static void copy_runs_par(char *dst, size_t total, run_map map, const void *ctx,
                          size_t par_bytes)
{
    runs_job j = {dst, total, map, ctx};
    if (total < par_bytes || rp_threads_get() <= 1)
        copy_runs(&j, 0, total);
    else
        rp_parallel_blocks((rp_intp)((total + TASK_BYTES - 1) / TASK_BYTES), rp_threads_get(),
                           runs_tasks, &j);
}

/* repeat's runs when a block written count times is large: dst byte off is
 * in copy (off % (block * count)) / block of block off / (block * count). */
typedef struct {
    const char *src;
    size_t block, span; /* span = block * count */
} repeat_runs;

static size_t repeat_map(const void *ctx, size_t off, const char **src)
{
    const repeat_runs *r = ctx;
    size_t in = off % r->span % r->block;
    *src = r->src + off / r->span * r->block + in;
    return r->block - in;
}

typedef struct {
    const char *src;
    char *dst;
    size_t block;
    rp_intp count, per_task; /* blocks per task */
    rp_intp total;           /* outer * n blocks */
} repeat_job;

static void repeat_tasks(void *ctx, rp_intp begin, rp_intp end)
{
    const repeat_job *j = ctx;
    rp_intp lo = begin * j->per_task, hi = end * j->per_task;
    if (hi > j->total)
        hi = j->total;
    if (lo < hi)
        run_blocks(j->src + (size_t)lo * j->block, j->dst + (size_t)lo * j->block * (size_t)j->count,
                   hi - lo, j->block, j->count);
}

void rp_repeat_blocks(const char *src, char *dst, rp_intp outer, rp_intp n, size_t block,
                      rp_intp count, const rp_intp *counts, size_t par_bytes)
{
    if (outer == 0 || n == 0 || block == 0)
        return;
    if (counts == NULL) {
        rp_intp total = outer * n;
        size_t bytes = (size_t)total * block * (size_t)count;
        if (bytes < par_bytes || rp_threads_get() <= 1) {
            run_blocks(src, dst, total, block, count);
            return;
        }
        size_t per_bytes = block * (size_t)count;
        if (per_bytes >= TASK_BYTES) { /* few large blocks: split inside them */
            repeat_runs r = {src, block, per_bytes};
            copy_runs_par(dst, bytes, repeat_map, &r, par_bytes);
            return;
        }
        rp_intp per = (rp_intp)(TASK_BYTES / (per_bytes ? per_bytes : 1));
        if (per < 1)
            per = 1;
        repeat_job j = {src, dst, block, count, per, total};
        rp_parallel_blocks((total + per - 1) / per, rp_threads_get(), repeat_tasks, &j);
        return;
    }
    for (rp_intp o = 0; o < outer; o++)
        for (rp_intp i = 0; i < n; i++, src += block) {
            rp_intp c = counts[i];
            if (c == 1) { /* a run of ones is one copy (repeat's common mask-like use) */
                rp_intp k = i + 1;
                while (k < n && counts[k] == 1)
                    k++;
                size_t len = (size_t)(k - i) * block;
                memcpy(dst, src, len);
                dst += len;
                src += len - block;
                i = k - 1;
                continue;
            }
            run_blocks(src, dst, 1, block, c);
            dst += (size_t)c * block;
        }
}

/* roll's runs: each dst row (n blocks) is the source row's last `head`
 * bytes, then its first `tail`. */
typedef struct {
    const char *src;
    size_t head, row;
} roll_runs;

static size_t roll_map(const void *ctx, size_t off, const char **src)
{
    const roll_runs *r = ctx;
    size_t in = off % r->row;
    const char *row = r->src + (off - in);
    if (in < r->head) {
        *src = row + (r->row - r->head) + in;
        return r->head - in;
    }
    *src = row + (in - r->head);
    return r->row - in;
}

void rp_roll_blocks(const char *src, char *dst, rp_intp outer, rp_intp n, size_t block,
                    rp_intp shift, size_t par_bytes)
{
    roll_runs r = {src, (size_t)shift * block, (size_t)n * block};
    if (r.row)
        copy_runs_par(dst, r.row * (size_t)outer, roll_map, &r, par_bytes);
}

void rp_tri_blocks(const char *src, char *dst, rp_intp nmat, rp_intp rows, rp_intp cols,
                   size_t itemsize, rp_intp k, bool lower)
{
    size_t row = (size_t)cols * itemsize;
    for (rp_intp m = 0; m < nmat; m++)
        for (rp_intp i = 0; i < rows; i++, src += row, dst += row) {
            /* the first `split` columns are kept (lower) or zeroed (upper) */
            rp_intp split = lower ? i + k + 1 : i + k;
            split = split < 0 ? 0 : split > cols ? cols : split;
            size_t head = (size_t)split * itemsize;
            if (lower) {
                memcpy(dst, src, head);
                memset(dst + head, 0, row - head);
            } else {
                memset(dst, 0, head);
                memcpy(dst + head, src + head, row - head);
            }
        }
}

typedef struct {
    int nin;
    const char *const *srcs;
    const size_t *bytes; /* per source, per row */
    size_t row;          /* the sum of bytes: one row of dst */
    char *dst;
    size_t total;
} concat_job;

/* dst bytes [lo, hi): row by row, source by source, each piece one memcpy. */
static void concat_range(const concat_job *j, size_t lo, size_t hi)
{
    size_t r = lo / j->row, off = lo % j->row;
    while (lo < hi) {
        size_t start = 0;
        for (int k = 0; k < j->nin && lo < hi; k++) {
            size_t b = j->bytes[k];
            if (off < start + b) {
                size_t skip = off - start, len = b - skip;
                if (len > hi - lo)
                    len = hi - lo;
                memcpy(j->dst + lo, j->srcs[k] + r * b + skip, len);
                lo += len;
                off += len;
            }
            start += b;
        }
        r++, off = 0;
    }
}

static void concat_tasks(void *ctx, rp_intp begin, rp_intp end)
{
    const concat_job *j = ctx;
    size_t lo = (size_t)begin * TASK_BYTES, hi = (size_t)end * TASK_BYTES;
    concat_range(j, lo, hi < j->total ? hi : j->total);
}

void rp_concat_blocks(int nin, const char *const *srcs, const size_t *bytes, rp_intp outer,
                      char *dst, size_t par_bytes)
{
    size_t row = 0;
    for (int k = 0; k < nin; k++)
        row += bytes[k];
    concat_job j = {nin, srcs, bytes, row, dst, row * (size_t)outer};
    if (j.total == 0)
        return;
    if (j.total < par_bytes || rp_threads_get() <= 1) {
        concat_range(&j, 0, j.total);
        return;
    }
    rp_parallel_blocks((rp_intp)((j.total + TASK_BYTES - 1) / TASK_BYTES), rp_threads_get(),
                       concat_tasks, &j);
}
