/*
 * unique of a row with few distinct values, by counting instead of sorting
 * (core/unique.c sorts the few distinct values afterwards), per dtype,
 * compiled per ISA.
 *
 * distinct: counts each value of x[0, n) in an open-addressing table of
 * cap = 2^logcap slots (key: the value's bits widened to 64; a slot is
 * empty while its count is 0), and gives up, returning -1, as soon as more
 * than cap / 2 distinct values turn up: a row of many distinct values costs
 * at most cap / 2 + 1 insertions before the caller sorts it instead.
 * NumPy's unique (equal_nan) counts -0.0 and +0.0 as one value and all NaNs
 * as one: zeros are read as +0.0, NaNs are counted apart (nan[0] their
 * count, nan[1] the first one's bits). Runs of one value skip the table.
 */
#include "isa.h"
#include "dtypes.h"
#include "register.h"

#include <string.h>

static inline uint64_t slot_of(uint64_t k, int logcap)
{
    return (k * 0x9E3779B97F4A7C15u) >> (64 - logcap);
}

/* Adds c to key k's count and returns its slot (*fresh: k was new), or
 * -1 when a new key would pass cap / 2. */
static inline rp_intp table_add(uint64_t *keys, int64_t *counts, int logcap, rp_intp *nd,
                                uint64_t k, int64_t c, int *fresh)
{
    const uint64_t mask = ((uint64_t)1 << logcap) - 1;
    uint64_t h = slot_of(k, logcap);
    while (counts[h] && keys[h] != k)
        h = (h + 1) & mask;
    *fresh = !counts[h];
    if (*fresh) {
        if (++*nd > (rp_intp)(mask + 1) / 2)
            return -1;
        keys[h] = k;
    }
    counts[h] += c;
    return (rp_intp)h;
}

/* The key: the value's bytes at the start of a zeroed uint64 (core/unique.c
 * copies them back the same way, on either byte order); zeros as +0.0. */
#define BITS_i(T, v, k)                                                                            \
    do {                                                                                           \
        k = 0;                                                                                     \
        memcpy(&k, &(v), sizeof(T));                                                               \
    } while (0)
#define BITS_f(T, v, k)                                                                            \
    do {                                                                                           \
        T z_ = (v) == 0 ? (T)0 : (v);                                                              \
        BITS_i(T, z_, k);                                                                          \
    } while (0)
#define ISNAN_f(v) ((v) != (v))
#define ISNAN_i(v) 0

/* Blocks of BLOCK elements are first compared with the first FEW values
 * found (fv, their slots fs): for rows of a handful of values that count
 * vectorizes (a compare and an add per value and lane) where the table
 * costs a hash, a probe and a branch per element. A block holding anything
 * else (a new value, a NaN) is counted through the table instead; once one
 * such block adds no value to fv, the rest of the row goes to the table. */
enum { FEW = 16, BLOCK = 512 };

#define DISTINCT_KERNEL(T, SFX, K)                                                                 \
    static int hash_block_##SFX(const T *x, rp_intp n, uint64_t *keys, int64_t *counts,           \
                                int logcap, uint64_t *nan, rp_intp *nd, T *fv, rp_intp *fs,        \
                                int *nf)                                                           \
    {                                                                                              \
        for (rp_intp i = 0; i < n;) {                                                              \
            T v = x[i];                                                                            \
            rp_intp e = i + 1;                                                                     \
            if (ISNAN_##K(v)) {                                                                    \
                if (!nan[0])                                                                       \
                    memcpy(&nan[1], &v, sizeof v);                                                 \
                nan[0]++;                                                                          \
                i = e;                                                                             \
                continue;                                                                          \
            }                                                                                      \
            while (e < n && x[e] == v)                                                             \
                e++;                                                                               \
            uint64_t k;                                                                            \
            BITS_##K(T, v, k);                                                                     \
            int fresh;                                                                             \
            rp_intp h = table_add(keys, counts, logcap, nd, k, e - i, &fresh);                     \
            if (h < 0)                                                                             \
                return -1;                                                                         \
            if (fresh && *nf < FEW) {                                                              \
                fv[*nf] = v;                                                                       \
                fs[(*nf)++] = h;                                                                   \
            }                                                                                      \
            i = e;                                                                                 \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    static rp_intp distinct_##SFX(const void *xv, rp_intp n, uint64_t *keys, int64_t *counts,      \
                                  int logcap, uint64_t *nan)                                       \
    {                                                                                              \
        const T *x = (const T *)xv;                                                                \
        rp_intp nd = 0, fs[FEW];                                                                   \
        T fv[FEW];                                                                                 \
        int nf = 0, few = 1;                                                                       \
        for (rp_intp i = 0; i < n; i += BLOCK) {                                                   \
            const rp_intp m = n - i < BLOCK ? n - i : BLOCK;                                       \
            if (few && nf) {                                                                       \
                int64_t c[FEW], total = 0;                                                         \
                for (int f = 0; f < nf; f++) {                                                     \
                    int64_t s = 0;                                                                 \
                    for (rp_intp q = 0; q < m; q++)                                                \
                        s += x[i + q] == fv[f];                                                    \
                    c[f] = s;                                                                      \
                    total += s;                                                                    \
                }                                                                                  \
                if (total == m) {                                                                  \
                    for (int f = 0; f < nf; f++)                                                   \
                        counts[fs[f]] += c[f];                                                     \
                    continue;                                                                      \
                }                                                                                  \
            }                                                                                      \
            const int had = nf;                                                                    \
            if (hash_block_##SFX(x + i, m, keys, counts, logcap, nan, &nd, fv, fs, &nf) < 0)       \
                return -1;                                                                         \
            few = few && nf > had;                                                                 \
        }                                                                                          \
        return nd;                                                                                 \
    }

#define EACH(X)                                                                                    \
    X(rp_bool, boolean, i)                                                                         \
    X(int8_t, int8, i)                                                                             \
    X(int16_t, int16, i)                                                                           \
    X(int32_t, int32, i)                                                                           \
    X(int64_t, int64, i)                                                                           \
    X(uint8_t, uint8, i)                                                                           \
    X(uint16_t, uint16, i)                                                                         \
    X(uint32_t, uint32, i)                                                                         \
    X(uint64_t, uint64, i)                                                                         \
    X(float, float32, f)                                                                           \
    X(double, float64, f)

EACH(DISTINCT_KERNEL)

/* dedup: unique of a sorted row, in place: v[0, m) keeps the first of each
 * run of equal values (-0.0 == +0.0; NaNs, sorted last, each their own
 * value, or with equal_nan one value, the first NaN) and counts (NULL or n
 * slots) their run lengths; returns m. One pass, no branch per element:
 * each value is stored at the next free slot and the slot advances when
 * it differs from its predecessor; counts first hold the runs' starts. */
#define DEDUP_KERNEL(T, SFX, K)                                                                    \
    static rp_intp dedup_##SFX(void *vp, rp_intp n, int64_t *counts, bool equal_nan)               \
    {                                                                                              \
        T *v = (T *)vp;                                                                            \
        rp_intp end = n, m = end > 0;                                                              \
        while (equal_nan && end > 0 && ISNAN_##K(v[end - 1]))                                      \
            end--;                                                                                 \
        if (end > 0) {                                                                             \
            T prev = v[0];                                                                         \
            if (counts)                                                                            \
                counts[0] = 0;                                                                     \
            for (rp_intp i = 1; i < end; i++) { /* (the counts test: the same way each time) */  \
                const T x = v[i];                                                                  \
                v[m] = x;                                                                          \
                if (counts)                                                                        \
                    counts[m] = i;                                                                 \
                m += x != prev;                                                                    \
                prev = x;                                                                          \
            }                                                                                      \
            for (rp_intp k = 0; counts && k + 1 < m; k++)                                          \
                counts[k] = counts[k + 1] - counts[k];                                             \
            if (counts)                                                                            \
                counts[m - 1] = end - counts[m - 1];                                               \
        } else                                                                                     \
            m = 0;                                                                                 \
        if (end < n) { /* the folded NaNs */                                                       \
            v[m] = v[end];                                                                         \
            if (counts)                                                                            \
                counts[m] = n - end;                                                               \
            m++;                                                                                   \
        }                                                                                          \
        return m;                                                                                  \
    }
EACH(DEDUP_KERNEL)

/* Adds the table src (same capacity) into dst; the new count, or -1. */
static rp_intp distinct_merge(uint64_t *keys, int64_t *counts, const uint64_t *skeys,
                              const int64_t *scounts, int logcap, rp_intp nd)
{
    for (uint64_t h = 0; h < (uint64_t)1 << logcap; h++) {
        int fresh;
        if (scounts[h] && table_add(keys, counts, logcap, &nd, skeys[h], scounts[h], &fresh) < 0)
            return -1;
    }
    return nd;
}

void RP_ISA_FN(rp_fill_unique)(rp_kernel_table *t)
{
#define REG(T, SFX, K)                                                                             \
    t->sort.distinct[RP_DT_##SFX] = distinct_##SFX;                                                \
    t->sort.dedup[RP_DT_##SFX] = dedup_##SFX;
    EACH(REG)
#undef REG
    t->sort.distinct_merge = distinct_merge;
}
