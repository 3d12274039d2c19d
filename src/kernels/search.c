/*
 * searchsorted: insertion points of many keys into one sorted row, per
 * dtype, compiled per ISA.
 *
 * One binary search is a chain of dependent loads: each step's address
 * depends on the last comparison, so a lone search into a row larger than
 * the L2 cache waits a cache miss per level. Here LANES searches run side
 * by side: the same number of steps for each (the length halves the same
 * way whatever the key), so one loop over the lanes issues LANES
 * independent loads per step and the misses overlap. Each step is
 * branchless (pos += half when the probe is below the key), so no step
 * mispredicts either (Khuong & Morin, "Array layouts for comparison-based
 * searching", 2017, the branch-free lower bound).
 *
 * The order is NumPy's: NaNs last, -0.0 == +0.0. For a key that is not NaN
 * "probe before key" is probe < key (side left) or probe <= key (right),
 * false for a NaN probe, as NumPy's NaN-largest order says; a NaN key goes
 * after every non-NaN (left: the row's count of non-NaNs, found once) or
 * after everything (right: n).
 */
#include "isa.h"
#include "dtypes.h"
#include "register.h"

#include <string.h>

/* 64: loads enough in flight to cover a miss to memory, and the batch's two
 * end searches (batch_) cost a 32nd of it; 16 measured slower on both
 * scattered and clustered needles. */
enum { LANES = 64 };

#define BELOW_left(x, key) ((x) < (key))
#define BELOW_right(x, key) ((x) <= (key))
#define ISNAN_f(x) ((x) != (x))
#define ISNAN_i(x) 0
#define HAS_NAN_f 1
#define HAS_NAN_i 0

/* cnt (<= LANES) searches of key[0, cnt) into a[0, n), side by side.
 * Inlined with constant counts (LANES, 2) and the tail's. */
#define SEARCH_KERNEL(T, SFX, K, SIDE)                                                             \
    static inline __attribute__((always_inline)) void lanes_##SIDE##_##SFX(                        \
        const T *a, rp_intp n, const T *key, int64_t *out, int cnt)                                \
    {                                                                                              \
        rp_intp pos[LANES];                                                                        \
        for (int b = 0; b < cnt; b++)                                                              \
            pos[b] = 0;                                                                            \
        if (n == 0) {                                                                              \
            for (int b = 0; b < cnt; b++)                                                          \
                out[b] = 0;                                                                        \
            return;                                                                                \
        }                                                                                          \
        /* answer in [pos, pos + len]; pos + len <= n, so a[pos + half] exists */                  \
        for (rp_intp len = n; len > 1;) {                                                          \
            const rp_intp half = len / 2;                                                          \
            for (int b = 0; b < cnt; b++)                                                          \
                pos[b] += BELOW_##SIDE(a[pos[b] + half], key[b]) ? half : 0;                       \
            len -= half;                                                                           \
        }                                                                                          \
        for (int b = 0; b < cnt; b++)                                                              \
            out[b] = pos[b] + BELOW_##SIDE(a[pos[b]], key[b]);                                     \
    }                                                                                              \
    /* The batch's smallest and largest keys are searched first: every                            \
     * other answer lies between theirs, so the batch searches only that                           \
     * stretch (all of a for scattered keys, a few elements for keys that                         \
     * are close together, as sorted or clustered needles are). */                                \
    static inline __attribute__((always_inline)) void batch_##SIDE##_##SFX(                        \
        const T *a, rp_intp n, const char *k, rp_intp kstep, int64_t *out, int cnt)                \
    {                                                                                              \
        T key[LANES], ends[2];                                                                     \
        int have = 0;                                                                              \
        for (int b = 0; b < cnt; b++) {                                                            \
            memcpy(&key[b], k + b * kstep, sizeof(T));                                             \
            if (ISNAN_##K(key[b]))                                                                 \
                continue;                                                                          \
            ends[0] = have && ends[0] < key[b] ? ends[0] : key[b];                                 \
            ends[1] = have && ends[1] > key[b] ? ends[1] : key[b];                                 \
            have = 1;                                                                              \
        }                                                                                          \
        int64_t lim[2] = {0, 0};                                                                   \
        if (have) /* (no key but NaNs: nan_keys sets them all) */                                  \
            lanes_##SIDE##_##SFX(a, n, ends, lim, 2);                                              \
        lanes_##SIDE##_##SFX(a + lim[0], lim[1] - lim[0], key, out, cnt);                          \
        for (int b = 0; b < cnt; b++)                                                              \
            out[b] += lim[0];                                                                      \
    }                                                                                              \
    static void search_##SIDE##_##SFX(const void *s, rp_intp n, const void *kv, rp_intp m,         \
                                      rp_intp kstep, int64_t *out)                                 \
    {                                                                                              \
        const T *a = (const T *)s;                                                                 \
        const char *k = (const char *)kv;                                                          \
        rp_intp j = 0;                                                                             \
        for (; j + LANES <= m; j += LANES)                                                         \
            batch_##SIDE##_##SFX(a, n, k + j * kstep, kstep, out + j, LANES);                      \
        if (j < m)                                                                                 \
            batch_##SIDE##_##SFX(a, n, k + j * kstep, kstep, out + j, (int)(m - j));               \
        if (HAS_NAN_##K)                                                                           \
            nan_keys_##SIDE##_##SFX(a, n, k, m, kstep, out);                                       \
    }

/* NaN keys found no probe below them (every comparison with NaN is false):
 * they are set here to where NumPy puts them. Integer dtypes skip this. */
#define NAN_KEYS(T, SFX, K, SIDE)                                                                  \
    static void nan_keys_##SIDE##_##SFX(const T *a, rp_intp n, const char *k, rp_intp m,           \
                                        rp_intp kstep, int64_t *out)                               \
    {                                                                                              \
        rp_intp at = -1;                                                                           \
        for (rp_intp j = 0; j < m; j++) {                                                          \
            T key;                                                                                 \
            memcpy(&key, k + j * kstep, sizeof(T));                                                \
            if (!ISNAN_##K(key))                                                                   \
                continue;                                                                          \
            if (at < 0) {                                                                          \
                at = n; /* right; left: the first NaN of the row */                                \
                if (!RIGHT_##SIDE) {                                                               \
                    rp_intp lo = 0, len = n;                                                       \
                    while (len > 0) {                                                              \
                        rp_intp half = len / 2;                                                    \
                        if (!ISNAN_##K(a[lo + half])) {                                            \
                            lo += half + 1;                                                        \
                            len -= half + 1;                                                       \
                        } else                                                                     \
                            len = half;                                                            \
                    }                                                                              \
                    at = lo;                                                                       \
                }                                                                                  \
            }                                                                                      \
            out[j] = at;                                                                           \
        }                                                                                          \
    }
#define RIGHT_left 0
#define RIGHT_right 1

#define EACH(X, SIDE)                                                                              \
    X(rp_bool, boolean, i, SIDE)                                                                   \
    X(int8_t, int8, i, SIDE)                                                                       \
    X(int16_t, int16, i, SIDE)                                                                     \
    X(int32_t, int32, i, SIDE)                                                                     \
    X(int64_t, int64, i, SIDE)                                                                     \
    X(uint8_t, uint8, i, SIDE)                                                                     \
    X(uint16_t, uint16, i, SIDE)                                                                   \
    X(uint32_t, uint32, i, SIDE)                                                                   \
    X(uint64_t, uint64, i, SIDE)                                                                   \
    X(float, float32, f, SIDE)                                                                     \
    X(double, float64, f, SIDE)

EACH(NAN_KEYS, left)
EACH(NAN_KEYS, right)
EACH(SEARCH_KERNEL, left)
EACH(SEARCH_KERNEL, right)

void RP_ISA_FN(rp_fill_search)(rp_kernel_table *t)
{
#define REG(T, SFX, K, SIDE) t->sort.search[RIGHT_##SIDE][RP_DT_##SFX] = search_##SIDE##_##SFX;
    EACH(REG, left)
    EACH(REG, right)
#undef REG
}
