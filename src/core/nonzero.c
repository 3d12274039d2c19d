/*
 * nonzero, argwhere and flatnonzero in the core: count the nonzero elements
 * of an array of any dtype, then write their coordinates into buffers of the
 * exact size. NumPy tests non-bool elements through a per-element function
 * pointer; here the test is a typed comparison the compiler vectorizes (the
 * count) or keeps branch-free (the fill).
 */
#include "index.h"

#include <stdint.h>
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
ROW_LOOPS(u8, uint8_t)
ROW_LOOPS(u16, uint16_t)
ROW_LOOPS(u32, uint32_t)
ROW_LOOPS(u64, uint64_t)
ROW_LOOPS(f32, float)
ROW_LOOPS(f64, double)

typedef rp_intp (*count_row)(const char *, rp_intp, rp_intp);
typedef rp_intp (*fill_row)(const char *, rp_intp, rp_intp, rp_intp, rp_intp *, rp_intp, rp_intp);

static int row_slot(rp_dtype dt)
{
    const rp_dtype_info *info = rp_dtype_get(dt);
    if (info->kind == 'f')
        return info->size == 4 ? 4 : 5;
    return info->size == 1 ? 0 : info->size == 2 ? 1 : info->size == 4 ? 2 : 3;
}

static const count_row counts[] = {count_u8, count_u16, count_u32, count_u64, count_f32, count_f64};
static const fill_row fills[] = {fill_u8, fill_u16, fill_u32, fill_u64, fill_f32, fill_f64};

rp_intp rp_index_nonzero_count(const rp_array *a)
{
    if (a->dtype == RP_BOOL && a->ndim > 0)
        return rp_index_mask_count(a); /* bytes folded 8 at a time */
    count_row f = counts[row_slot(a->dtype)];
    rp_intp c = 0;
    RP_INDEX_ROW_WALK(a, { c += f(row, step, inner); });
    return c;
}

void rp_index_nonzero_fill(const rp_array *a, rp_intp *const *coords, rp_intp *flat, rp_intp count)
{
    if (count == 0)
        return;
    fill_row f = fills[row_slot(a->dtype)];
    int nd = a->ndim;
    /* the innermost coordinate (or the flat index) goes straight to its
     * buffer; the outer ones are constant over a row and filled after it */
    rp_intp sink, n = 0, rowno = 0;
    rp_intp *out = flat ? flat : nd ? coords[nd - 1] : &sink; /* 0-d: one element, nothing kept */
    RP_INDEX_ROW_WALK(a, {
        rp_intp n0 = n;
        n = f(row, step, inner, flat ? rowno++ * inner : 0, out, n, count);
        if (!flat)
            for (int k = 0; k < nd - 1; k++)
                for (rp_intp i = n0; i < n; i++)
                    coords[k][i] = pos[k];
        if (n == count)
            break;
    });
}
