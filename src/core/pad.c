/* np.pad's copying modes, one pass over the result (see pad.h). */
#include "pad.h"

#include "pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

rp_intp rp_pad_source(rp_intp j, rp_intp n, rp_pad_mode mode)
{
    if (j >= 0 && j < n)
        return j;
    rp_intp p, m;
    switch (mode) {
    case RP_PAD_EDGE: return j < 0 ? 0 : n - 1;
    case RP_PAD_WRAP: p = n; break;
    case RP_PAD_SYMMETRIC: p = 2 * n; break;
    case RP_PAD_REFLECT:
        if (n == 1)
            return 0;
        p = 2 * n - 2;
        break;
    default: return 0;
    }
    m = j % p;
    if (m < 0)
        m += p;
    if (m < n)
        return m;
    return mode == RP_PAD_SYMMETRIC ? p - 1 - m : p - m;
}

/* Element loops by size: the compiler turns each fixed-size memcpy into one
 * move, so the loops hold values in registers (a memcpy call per element
 * would cost more than the copy). */
#define SIZED(isz, BODY)                                                                           \
    switch (isz) {                                                                                 \
    case 1: { typedef uint8_t T; BODY; } break;                                                    \
    case 2: { typedef uint16_t T; BODY; } break;                                                   \
    case 4: { typedef uint32_t T; BODY; } break;                                                   \
    case 8: { typedef uint64_t T; BODY; } break;                                                   \
    default:                                                                                       \
        for (rp_intp i = 0; i < n; i++)                                                            \
            GENERIC;                                                                               \
    }

/* d[0..n) = the value at v. */
static void fill_elems(char *d, const char *v, rp_intp n, size_t isz)
{
#define GENERIC memcpy(d + (size_t)i * isz, v, isz)
    SIZED(isz, T x; memcpy(&x, v, sizeof x); for (rp_intp i = 0; i < n; i++)
                                                 memcpy(d + i * (rp_intp)sizeof x, &x, sizeof x))
#undef GENERIC
}

/* d[0..n) = s[0], s[stride], ... */
static void copy_elems(char *d, const char *s, rp_intp n, rp_intp stride, size_t isz)
{
    if (stride == (rp_intp)isz) {
        memcpy(d, s, (size_t)n * isz);
        return;
    }
#define GENERIC memcpy(d + (size_t)i * isz, s + i * stride, isz)
    SIZED(isz, for (rp_intp i = 0; i < n; i++) memcpy(d + i * (rp_intp)sizeof(T),
                                                       s + i * stride, sizeof(T)))
#undef GENERIC
}

/* d[k] = the element at s + offs[k], k < n. */
static void gather_elems(char *d, const char *s, const rp_intp *offs, rp_intp n, size_t isz)
{
#define GENERIC memcpy(d + (size_t)i * isz, s + offs[i], isz)
    SIZED(isz, for (rp_intp i = 0; i < n; i++) memcpy(d + i * (rp_intp)sizeof(T), s + offs[i],
                                                       sizeof(T)))
#undef GENERIC
}

typedef struct {
    int lead;     /* leading axes: ndim - 1 */
    size_t isz;
    rp_pad_mode mode;
    const char *src, *values;
    char *dst;
    rp_intp stride, n, before, after; /* the last axis */
    size_t rowbytes;
    rp_intp rows, shape[RP_MAXDIMS];    /* the result's leading extents */
    const rp_intp *off[RP_MAXDIMS];     /* per leading result index: source byte offset */
    const unsigned char *side[RP_MAXDIMS]; /* constant: 0 centre, 1 before, 2 after */
    const rp_intp *border;              /* the last axis's pads: source byte offsets */
    rp_intp per_task, pieces, piece;    /* rows per task, or pieces of `piece` per row */
} pad_job;

/* The source row of the result row at leading index idx, or (constant
 * mode, some index in a pad) the value the row is filled with. */
static const char *row_source(const pad_job *j, const rp_intp *idx, const char **fill)
{
    const char *s = j->src;
    *fill = NULL;
    for (int k = 0; k < j->lead; k++) {
        s += j->off[k][idx[k]];
        if (j->side[k] && j->side[k][idx[k]])
            *fill = j->values + (2 * (size_t)k + j->side[k][idx[k]] - 1) * j->isz;
    }
    return s;
}

/* Centre elements [c0, c1) of one result row, and its borders if asked. */
static void pad_row(const pad_job *j, char *d, const char *s, const char *fill, rp_intp c0,
                    rp_intp c1, bool borders)
{
    size_t isz = j->isz;
    char *centre = d + (size_t)j->before * isz;
    if (fill)
        fill_elems(centre + (size_t)c0 * isz, fill, c1 - c0, isz);
    else
        copy_elems(centre + (size_t)c0 * isz, s + c0 * j->stride, c1 - c0, j->stride, isz);
    if (!borders)
        return;
    char *tail = centre + (size_t)j->n * isz;
    if (j->mode == RP_PAD_CONSTANT) {
        const char *v = j->values + 2 * (size_t)j->lead * isz;
        fill_elems(d, v, j->before, isz);
        fill_elems(tail, v + isz, j->after, isz);
    } else {
        gather_elems(d, s, j->border, j->before, isz);
        gather_elems(tail, s, j->border + j->before, j->after, isz);
    }
}

static void pad_tasks(void *ctx, rp_intp begin, rp_intp end)
{
    const pad_job *j = ctx;
    rp_intp idx[RP_MAXDIMS];
    const char *s, *fill;
    if (j->pieces > 1) { /* few long rows: task t is piece t % pieces of row t / pieces */
        for (rp_intp t = begin; t < end; t++) {
            rp_intp r = t / j->pieces, p = t % j->pieces, rest = r;
            for (int k = j->lead - 1; k >= 0; k--) {
                idx[k] = rest % j->shape[k];
                rest /= j->shape[k];
            }
            s = row_source(j, idx, &fill);
            rp_intp c0 = p * j->piece, c1 = c0 + j->piece < j->n ? c0 + j->piece : j->n;
            pad_row(j, j->dst + (size_t)r * j->rowbytes, s, fill, c0, c1, p == 0);
        }
        return;
    }
    rp_intp r0 = begin * j->per_task, r1 = end * j->per_task;
    if (r1 > j->rows)
        r1 = j->rows;
    if (r0 >= r1)
        return;
    rp_intp rest = r0;
    for (int k = j->lead - 1; k >= 0; k--) {
        idx[k] = rest % j->shape[k];
        rest /= j->shape[k];
    }
    for (rp_intp r = r0; r < r1; r++) {
        s = row_source(j, idx, &fill);
        pad_row(j, j->dst + (size_t)r * j->rowbytes, s, fill, 0, j->n, true);
        for (int k = j->lead - 1; k >= 0 && ++idx[k] == j->shape[k]; k--)
            idx[k] = 0;
    }
}

/* Tasks of about this many written bytes: enough to hide a task's start. */
#define TASK_BYTES ((size_t)1 << 18)

rp_status rp_pad(const rp_array *src, char *dst, const rp_intp *before, const rp_intp *after,
                 rp_pad_mode mode, const char *values, size_t par_bytes)
{
    int nd = src->ndim;
    if (nd < 1 || nd > RP_MAXDIMS)
        return RP_EVALUE;
    pad_job j = {.lead = nd - 1, .isz = rp_dtype_size(src->dtype), .mode = mode,
                 .src = src->data, .values = values, .dst = dst, .rows = 1};
    size_t entries = 0;
    for (int k = 0; k < nd; k++) {
        if (before[k] < 0 || after[k] < 0)
            return RP_EVALUE;
        if (mode != RP_PAD_CONSTANT && src->shape[k] == 0 && (before[k] || after[k]))
            return RP_EVALUE;
        rp_intp out = before[k] + src->shape[k] + after[k];
        if (k < j.lead) {
            j.shape[k] = out;
            j.rows *= out;
            entries += (size_t)out;
        }
    }
    j.stride = src->strides[nd - 1];
    j.n = src->shape[nd - 1];
    j.before = before[nd - 1];
    j.after = after[nd - 1];
    j.rowbytes = (size_t)(j.before + j.n + j.after) * j.isz;
    size_t total = (size_t)j.rows * j.rowbytes;
    if (total == 0)
        return RP_OK;
    size_t nborder = mode == RP_PAD_CONSTANT ? 0 : (size_t)(j.before + j.after);
    size_t nside = mode == RP_PAD_CONSTANT ? entries : 0;
    char *mem = malloc((entries + nborder) * sizeof(rp_intp) + nside + 1);
    if (!mem)
        return RP_ENOMEM;
    rp_intp *off = (rp_intp *)(void *)mem;
    unsigned char *side = (unsigned char *)(mem + (entries + nborder) * sizeof(rp_intp));
    const unsigned char *sides[RP_MAXDIMS] = {0};
    for (int k = 0; k < j.lead; k++) {
        rp_intp n = src->shape[k];
        for (rp_intp i = 0; i < j.shape[k]; i++) {
            rp_intp pos = i - before[k];
            bool pad = pos < 0 || pos >= n;
            if (mode == RP_PAD_CONSTANT)
                side[i] = pad ? (pos < 0 ? 1 : 2) : 0;
            off[i] = mode == RP_PAD_CONSTANT && pad ? 0
                                                    : rp_pad_source(pos, n, mode) * src->strides[k];
        }
        j.off[k] = off;
        off += j.shape[k];
        if (mode == RP_PAD_CONSTANT) {
            sides[k] = side;
            side += j.shape[k];
        }
    }
    for (size_t i = 0; i < nborder; i++) {
        rp_intp pos = (rp_intp)i < j.before ? (rp_intp)i - j.before : j.n + (rp_intp)i - j.before;
        off[i] = rp_pad_source(pos, j.n, mode) * j.stride;
    }
    j.border = off;
    memcpy(j.side, sides, sizeof sides);
    int threads = rp_threads_get();
    j.per_task = j.rows;
    j.pieces = 1;
    if (total < par_bytes || threads <= 1) {
        pad_tasks(&j, 0, 1);
    } else if (j.rows < 2 * (rp_intp)threads) {
        /* few long rows: their centres in pieces of TASK_BYTES */
        j.piece = (rp_intp)(TASK_BYTES / j.isz);
        j.pieces = j.n ? (j.n + j.piece - 1) / j.piece : 1;
        rp_parallel_blocks(j.rows * j.pieces, threads, pad_tasks, &j);
    } else {
        j.per_task = (rp_intp)(TASK_BYTES / j.rowbytes);
        if (j.per_task < 1)
            j.per_task = 1;
        rp_parallel_blocks((j.rows + j.per_task - 1) / j.per_task, threads, pad_tasks, &j);
    }
    free(mem);
    return RP_OK;
}
