/*
 * nonzero, argwhere and flatnonzero in the core: count the nonzero elements
 * of an array of any dtype, then write their coordinates into buffers of the
 * exact size. NumPy tests non-bool elements through a per-element function
 * pointer; here the test is a typed comparison the compiler vectorizes (the
 * count) or keeps branch-free (the fill).
 */
#include "index.h"
#include "mask_bits.h"
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The counting loop over one row, per element type: integers (bool too)
 * compared by their bits, floats by value so that -0.0 counts as zero. */
#define COUNT_ROW(NAME, T)                                                                         \
    static rp_intp NAME(const char *p, rp_intp step, rp_intp n)                                    \
    {                                                                                              \
        rp_intp c = 0;                                                                             \
        if (step == (rp_intp)sizeof(T)) {                                                          \
            const T *v = (const T *)(const void *)p;                                               \
            for (rp_intp j = 0; j < n; j++)                                                        \
                c += v[j] != 0;                                                                    \
        } else                                                                                     \
            for (rp_intp j = 0; j < n; j++) {                                                      \
                T v;                                                                               \
                memcpy(&v, p + j * step, sizeof(T));                                               \
                c += v != 0;                                                                       \
            }                                                                                      \
        return c;                                                                                  \
    }

/* The fill of one row: the inner coordinate (plus base) of each nonzero
 * element at out[n...], n returned. The store is unconditional and n moves
 * on by the test (branch-free at any density): safe while n < count, and
 * n == count means the rest of the array is zero. Runs of eight zero
 * elements of a contiguous row are skipped as one 8-byte or wider compare
 * (while eight more slots are left). */
#define FILL_ROW(NAME, T)                                                                          \
    static rp_intp NAME(const char *p, rp_intp step, rp_intp inner, rp_intp base, rp_intp *out,   \
                        rp_intp n, rp_intp count)                                                  \
    {                                                                                              \
        rp_intp j = 0;                                                                             \
        if (step == (rp_intp)sizeof(T))                                                            \
            for (; j + 8 <= inner && n + 8 <= count; j += 8) {                                     \
                uint64_t w[sizeof(T)], any = 0;                                                    \
                memcpy(w, p + j * step, sizeof w);                                                 \
                for (size_t b = 0; b < sizeof(T); b++)                                             \
                    any |= w[b];                                                                   \
                if (any == 0) /* only +0: -0.0 has a bit set and goes on */                       \
                    continue;                                                                      \
                for (rp_intp b = j; b < j + 8; b++) {                                              \
                    T v;                                                                           \
                    memcpy(&v, p + b * step, sizeof(T));                                           \
                    out[n] = base + b;                                                             \
                    n += v != 0;                                                                   \
                }                                                                                  \
            }                                                                                      \
        for (; j < inner && n < count; j++) {                                                      \
            T v;                                                                                   \
            memcpy(&v, p + j * step, sizeof(T));                                                   \
            out[n] = base + j;                                                                     \
            n += v != 0;                                                                           \
        }                                                                                          \
        return n;                                                                                  \
    }

#define ROW_LOOPS(SFX, T) COUNT_ROW(count_##SFX, T) FILL_ROW(fill_##SFX, T)
COUNT_ROW(count_bytes, uint8_t)
FILL_ROW(fill_u8, uint8_t)

static rp_intp count_u8(const char *p, rp_intp step, rp_intp n)
{
    return step == 1 ? rp_mask_count_bytes((const unsigned char *)p, n) : count_bytes(p, step, n);
}
ROW_LOOPS(u16, uint16_t)
ROW_LOOPS(u32, uint32_t)
ROW_LOOPS(u64, uint64_t)
ROW_LOOPS(f32, float)
ROW_LOOPS(f64, double)
/* complex: nonzero when either part is (C's != on _Complex: -0.0 is zero,
 * NaN is not), as NumPy's truth value of a complex */
ROW_LOOPS(c64, float _Complex)
ROW_LOOPS(c128, double _Complex)

/* The fill of a contiguous row of bytes (bool, 1-byte integers) under one
 * nonzero in 8: 32 bytes per test, and a nonzero block visits its set bits
 * (a branch per nonzero element, where the dense fill stores every
 * element). Writes only the nonzero elements' slots, so no further room. */
static rp_intp fill_sparse_u8(const char *p, rp_intp inner, rp_intp base, rp_intp *out,
                              rp_intp n, rp_intp count)
{
    rp_intp j = 0;
    for (; j + 32 <= inner; j += 32) {
        const unsigned char *m = (const unsigned char *)p + j;
        if (rp_mask_zero32(m))
            continue;
        for (uint32_t bits = rp_mask_bits32(m); bits && n < count; bits &= bits - 1)
            out[n++] = base + j + __builtin_ctz(bits);
    }
    return fill_u8(p + j, 1, inner - j, base + j, out, n, count);
}

typedef rp_intp (*count_row)(const char *, rp_intp, rp_intp);
typedef rp_intp (*fill_row)(const char *, rp_intp, rp_intp, rp_intp, rp_intp *, rp_intp, rp_intp);

static int row_slot(rp_dtype dt)
{
    const rp_dtype_info *info = rp_dtype_get(dt);
    if (info->kind == 'c')
        return info->size == 8 ? 6 : 7;
    if (info->kind == 'f') /* (float16 reaches here as its truth values) */
        return info->size == 4 ? 4 : 5;
    return info->size == 1 ? 0 : info->size == 2 ? 1 : info->size == 4 ? 2 : 3;
}

static const count_row counts[] = {count_u8,  count_u16, count_u32, count_u64,
                                   count_f32, count_f64, count_c64, count_c128};
static const fill_row fills[] = {fill_u8,  fill_u16, fill_u32, fill_u64,
                                 fill_f32, fill_f64, fill_c64, fill_c128};

/* Contiguous data of at least PAR_ELEMS elements (1-D, or flat indices of
 * a C array) is cut into blocks of BLOCK_ELEMS, a size that does not depend
 * on the thread count: the blocks are counted in parallel, then each fills
 * its own slice of the result (fill never stores past the limit it is
 * given, so neighbouring blocks do not race). */
#define PAR_ELEMS ((rp_intp)1 << 16)
#define BLOCK_ELEMS ((rp_intp)1 << 14)

typedef struct {
    const char *data;
    rp_intp size, itemsize;
    int slot;
    bool sparse;
    rp_intp *counts; /* per block; after the fill phase's prefix, starts */
    rp_intp *out;
} flat_job;

static void count_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    flat_job *j = ctx;
    for (rp_intp b = begin; b < end; b++) {
        rp_intp lo = b * BLOCK_ELEMS, len = j->size - lo < BLOCK_ELEMS ? j->size - lo : BLOCK_ELEMS;
        j->counts[b] = counts[j->slot](j->data + lo * j->itemsize, j->itemsize, len);
    }
}

static rp_intp fill_block(const flat_job *j, rp_intp b, rp_intp n, rp_intp limit)
{
    rp_intp lo = b * BLOCK_ELEMS, len = j->size - lo < BLOCK_ELEMS ? j->size - lo : BLOCK_ELEMS;
    const char *p = j->data + lo * j->itemsize;
    if (j->sparse)
        return fill_sparse_u8(p, len, lo, j->out, n, limit);
    return fills[j->slot](p, j->itemsize, len, lo, j->out, n, limit);
}

static void fill_blocks(void *ctx, rp_intp begin, rp_intp end)
{
    flat_job *j = ctx;
    for (rp_intp b = begin; b < end; b++)
        fill_block(j, b, j->counts[b], j->counts[b + 1]);
}

/* Whether a's elements are one contiguous run (then *job describes it). */
static bool flat_run(const rp_array *a, flat_job *job)
{
    if (a->ndim == 0 || !rp_array_is_c_contig(a))
        return false;
    int slot = row_slot(a->dtype);
    *job = (flat_job){a->data, rp_array_size(a), (rp_intp)rp_dtype_size(a->dtype), slot, false,
                      NULL, NULL};
    return true;
}

rp_intp rp_index_nonzero_count(const rp_array *a)
{
    flat_job j;
    if (flat_run(a, &j) && j.size >= PAR_ELEMS && rp_threads_get() > 1) {
        rp_intp nb = (j.size + BLOCK_ELEMS - 1) / BLOCK_ELEMS, c = 0;
        if ((j.counts = malloc((size_t)nb * sizeof(rp_intp)))) {
            rp_parallel_blocks(nb, rp_threads_get(), count_blocks, &j);
            for (rp_intp b = 0; b < nb; b++)
                c += j.counts[b];
            free(j.counts);
            return c;
        }
    }
    count_row f = counts[row_slot(a->dtype)];
    rp_intp c = 0;
    RP_INDEX_ROW_WALK(a, { c += f(row, step, inner); });
    return c;
}

/* The flat fill in parallel; false (nothing done) when it does not apply. */
static bool fill_parallel(const rp_array *a, rp_intp *out, rp_intp count, bool sparse)
{
    flat_job j;
    if (!(flat_run(a, &j) && j.size >= PAR_ELEMS && rp_threads_get() > 1))
        return false;
    rp_intp nb = (j.size + BLOCK_ELEMS - 1) / BLOCK_ELEMS;
    if (!(j.counts = malloc((size_t)(nb + 1) * sizeof(rp_intp))))
        return false;
    j.sparse = sparse;
    j.out = out;
    rp_parallel_blocks(nb, rp_threads_get(), count_blocks, &j);
    rp_intp n = 0;
    for (rp_intp b = 0; b <= nb; b++) { /* counts become starts: block b fills [c[b], c[b+1]) */
        rp_intp c = b < nb ? j.counts[b] : 0;
        j.counts[b] = n < count ? n : count; /* a mask changed since the count: clamp */
        n += c;
    }
    rp_parallel_blocks(nb, rp_threads_get(), fill_blocks, &j);
    free(j.counts);
    return true;
}

void rp_index_nonzero_fill(const rp_array *a, rp_intp *const *coords, rp_intp *flat, rp_intp count)
{
    if (count == 0)
        return;
    int slot = row_slot(a->dtype);
    fill_row f = fills[slot];
    bool sparse = slot == 0 && count < rp_array_size(a) / 8;
    int nd = a->ndim;
    if ((flat || nd == 1) && fill_parallel(a, flat ? flat : coords[0], count, sparse))
        return;
    /* the innermost coordinate (or the flat index) goes straight to its
     * buffer; the outer ones are constant over a row and filled after it */
    rp_intp sink, n = 0, rowno = 0;
    rp_intp *out = flat ? flat : nd ? coords[nd - 1] : &sink; /* 0-d: one element, nothing kept */
    RP_INDEX_ROW_WALK(a, {
        rp_intp n0 = n;
        rp_intp b = flat ? rowno++ * inner : 0;
        n = sparse && step == 1 ? fill_sparse_u8(row, inner, b, out, n, count)
                                : f(row, step, inner, b, out, n, count);
        if (!flat)
            for (int k = 0; k < nd - 1; k++)
                for (rp_intp i = n0; i < n; i++)
                    coords[k][i] = pos[k];
        if (n == count)
            break;
    });
}
