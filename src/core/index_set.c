/* Assignment through a whole-array mask or a first-axis index array, without
 * an offsets array (see index.h): x[mask] = scalar, x[mask] = values,
 * x[idx] = rows. */
#include "index.h"

#include "cpu.h"
#include "env.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define ALL_ONES 0x0101010101010101u

/* Walks the rows (innermost axis) of mask and of dst (mask's shape, byte
 * strides `strides`): the body (the variadic part) sees m and d (the rows'
 * first bytes), inner, mstep and last (the mask's and dst's innermost
 * steps). */
#define MASK_ROWS(mask, dst, strides, ...)                                                         \
    do {                                                                                           \
        int nd = (mask)->ndim;                                                                     \
        rp_intp inner = (mask)->shape[nd - 1], mstep = (mask)->strides[nd - 1];                    \
        rp_intp last = (strides)[nd - 1];                                                          \
        rp_intp pos[RP_MAXDIMS] = {0};                                                             \
        do {                                                                                       \
            const unsigned char *m = (const unsigned char *)(mask)->data;                          \
            char *d = (dst);                                                                       \
            for (int k = 0; k < nd - 1; k++) {                                                     \
                m += pos[k] * (mask)->strides[k];                                                  \
                d += pos[k] * (strides)[k];                                                        \
            }                                                                                      \
            __VA_ARGS__                                                                            \
        } while (nd > 1 && rp_index_next_pos(nd - 1, (mask)->shape, pos));                         \
    } while (0)

/* x[mask] = value and x[mask] = src (the inverse of compress), one loop per
 * itemsize. The mask is read 8 bytes at a time when its rows are
 * contiguous: an all-false word writes nothing (a sparse mask costs little
 * more than reading it), an all-true word is a plain block store, a mixed
 * one is a per-element blend (no branch on the random bytes). */
#define SET_LOOPS(T)                                                                               \
    static void fill_##T(const rp_array *mask, char *dst, const rp_intp *strides, T v)             \
    {                                                                                              \
        MASK_ROWS(mask, dst, strides, {                                                            \
            rp_intp j = 0;                                                                         \
            if (mstep == 1 && last == (rp_intp)sizeof(T)) {                                        \
                T *o = (T *)(void *)d;                                                             \
                for (; j + 8 <= inner; j += 8) {                                                   \
                    uint64_t w;                                                                    \
                    memcpy(&w, m + j, 8);                                                          \
                    if (w == 0)                                                                    \
                        continue;                                                                  \
                    if (w == ALL_ONES)                                                             \
                        for (int b = 0; b < 8; b++)                                                \
                            o[j + b] = v;                                                          \
                    else /* select by arithmetic: a branch would mispredict */                 \
                        for (int b = 0; b < 8; b++) {                                              \
                            T on = (T)0 - (T)(m[j + b] != 0);                                      \
                            o[j + b] = (T)((o[j + b] & (T)~on) | (v & on));                        \
                        }                                                                          \
                }                                                                                  \
            }                                                                                      \
            for (; j < inner; j++)                                                                 \
                if (m[j * mstep])                                                                  \
                    memcpy(d + j * last, &v, sizeof(T));                                           \
        });                                                                                        \
    }                                                                                              \
    static void expand_##T(const rp_array *mask, char *dst, const rp_intp *strides, const T *s,    \
                           rp_intp count)                                                          \
    {                                                                                              \
        const T *end = s + count;                                                                  \
        MASK_ROWS(mask, dst, strides, {                                                            \
            rp_intp j = 0;                                                                         \
            if (mstep == 1 && last == (rp_intp)sizeof(T)) {                                        \
                T *o = (T *)(void *)d;                                                             \
                /* a mixed word reads s[0..8) at most: only while 8 remain */                      \
                for (; j + 8 <= inner && s + 8 <= end; j += 8) {                                   \
                    uint64_t w;                                                                    \
                    memcpy(&w, m + j, 8);                                                          \
                    if (w == 0)                                                                    \
                        continue;                                                                  \
                    if (w == ALL_ONES) {                                                           \
                        memcpy(o + j, s, 8 * sizeof(T));                                           \
                        s += 8;                                                                    \
                        continue;                                                                  \
                    }                                                                              \
                    for (int b = 0; b < 8; b++) {                                                  \
                        T on = (T)(m[j + b] != 0), sel = (T)0 - on;                                \
                        o[j + b] = (T)((o[j + b] & (T)~sel) | (*s & sel));                         \
                        s += on;                                                                   \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
            for (; j < inner; j++)                                                                 \
                if (m[j * mstep])                                                                  \
                    memcpy(d + j * last, s++, sizeof(T));                                          \
        });                                                                                        \
    }

SET_LOOPS(uint8_t)
SET_LOOPS(uint16_t)
SET_LOOPS(uint32_t)
SET_LOOPS(uint64_t)

static bool no_work(const rp_array *mask, size_t itemsize)
{
    return mask->ndim == 0 || itemsize > 8 || (itemsize & (itemsize - 1)) != 0;
}

bool rp_index_mask_fill(const rp_array *mask, char *dst, const rp_intp *strides, size_t itemsize,
                        const char *value)
{
    if (no_work(mask, itemsize))
        return false;
    if (rp_array_size(mask) == 0)
        return true;
    switch (itemsize) {
#define CASE(N, T)                                                                                 \
    case N: {                                                                                      \
        T v;                                                                                       \
        memcpy(&v, value, N);                                                                      \
        fill_##T(mask, dst, strides, v);                                                           \
        break;                                                                                     \
    }
        CASE(1, uint8_t)
        CASE(2, uint16_t)
        CASE(4, uint32_t)
        CASE(8, uint64_t)
#undef CASE
    }
    return true;
}

bool rp_index_expand(const rp_array *mask, char *dst, const rp_intp *strides, size_t itemsize,
                     const char *src, rp_intp count)
{
    if (no_work(mask, itemsize))
        return false;
    if (count == 0)
        return true;
    switch (itemsize) {
    case 1: expand_uint8_t(mask, dst, strides, (const uint8_t *)(const void *)src, count); break;
    case 2: expand_uint16_t(mask, dst, strides, (const uint16_t *)(const void *)src, count); break;
    case 4: expand_uint32_t(mask, dst, strides, (const uint32_t *)(const void *)src, count); break;
    default: expand_uint64_t(mask, dst, strides, (const uint64_t *)(const void *)src, count); break;
    }
    return true;
}

/* x[idx] = rows, one loop per row size that is one element; src_step 0
 * broadcasts one row. When dst's rows and src's are both one element apart
 * (x[idx] = v on a contiguous 1-d x), the addresses are typed indexes:
 * no multiply by the stride in the store's address (64 Ki int64, half as
 * many random indices, C bench: 16.9 -> 13.2 us). A negative index is
 * normalised by a mask and an add, when the check found one. The
 * destination of the write `ahead` indices on is prefetched (see
 * put_ahead): each write misses the cache once x outgrows it, and the
 * core's out-of-order window alone keeps too few misses in flight. */
#define PUT_LOOP(T)                                                                                \
    static void put_##T(char *dst, rp_intp len, rp_intp stride, const rp_intp *idx, rp_intp n,   \
                        const char *src, rp_intp src_step, bool neg, rp_intp ahead)                \
    {                                                                                              \
        if (stride == (rp_intp)sizeof(T) && src_step == (rp_intp)sizeof(T)) {                      \
            T *d = (T *)(void *)dst;                                                               \
            const T *s = (const T *)(const void *)src;                                             \
            rp_intp m = neg ? len : 0;                                                             \
            rp_intp j = 0;                                                                         \
            rp_intp last_ahead = ahead ? n - 4 - ahead : -1; /* the last j that prefetches */    \
            for (; j + 4 <= n; j += 4) {                                                           \
                if (j <= last_ahead) {                                                             \
                    const rp_intp *f = idx + j + ahead;                                            \
                    for (int k = 0; k < 4; k++)                                                    \
                        __builtin_prefetch(d + f[k] + ((f[k] >> 63) & m), 1, 0);                   \
                }                                                                                  \
                rp_intp i0 = idx[j], i1 = idx[j + 1], i2 = idx[j + 2], i3 = idx[j + 3];            \
                T v0 = s[j], v1 = s[j + 1], v2 = s[j + 2], v3 = s[j + 3];                          \
                d[i0 + ((i0 >> 63) & m)] = v0;                                                     \
                d[i1 + ((i1 >> 63) & m)] = v1;                                                     \
                d[i2 + ((i2 >> 63) & m)] = v2;                                                     \
                d[i3 + ((i3 >> 63) & m)] = v3;                                                     \
            }                                                                                      \
            for (; j < n; j++)                                                                     \
                d[idx[j] + ((idx[j] >> 63) & m)] = s[j];                                           \
            return;                                                                                \
        }                                                                                          \
        for (rp_intp j = 0; j < n; j++, src += src_step) {                                         \
            rp_intp i = idx[j];                                                                    \
            i += i < 0 ? len : 0;                                                                  \
            memcpy(dst + i * stride, src, sizeof(T));                                              \
        }                                                                                          \
    }
PUT_LOOP(uint8_t)
PUT_LOOP(uint16_t)
PUT_LOOP(uint32_t)
PUT_LOOP(uint64_t)

/* How many indices ahead put_T prefetches its write: 128 once x spans more
 * than a quarter of the last-level cache (which other processes share),
 * else none. x[idx] = v, len / 2 random int64 indices, thread CPU time,
 * min of 7 x many calls, ahead 0 / 64 / 128: 2 Mi int64 2.25 / 1.71 /
 * 1.44 ms, 8 Mi int64 12.5 / 11.7 / 10.0 ms, 8 Mi float32 10.6 / - / 7.6;
 * at 1 Mi float64 (8 MiB, a quarter of the cache) 0.41-0.48 ms / 0.46-0.60
 * / 0.44-0.60: no gain there. RAPTORS_PUT_AHEAD sets it (0: never). */
static rp_intp put_ahead_env = -1;
static pthread_once_t put_ahead_once = PTHREAD_ONCE_INIT;
static void put_ahead_init(void) { put_ahead_env = (rp_intp)rp_env_int("RAPTORS_PUT_AHEAD", -1); }

static rp_intp put_ahead(size_t span, rp_intp n)
{
    pthread_once(&put_ahead_once, put_ahead_init);
    rp_intp a = put_ahead_env >= 0 ? put_ahead_env : span > rp_cpu_llc_bytes() / 4 ? 128 : 0;
    return a < n ? a : 0;
}

rp_intp rp_index_put_first(char *dst, rp_intp len, rp_intp stride, size_t row, const rp_intp *idx,
                           rp_intp n, const char *src, rp_intp src_step)
{
    /* every index is checked before anything is written (one vectorized
     * pass); a search only when one is out */
    int in = rp_index_bounds(idx, n, len);
    if (in == 0)
        for (rp_intp j = 0; j < n; j++)
            if (idx[j] < -len || idx[j] >= len)
                return j;
    bool neg = in == 1;
    rp_intp ahead = put_ahead((size_t)len * row, n);
    switch (row) {
    case 1: put_uint8_t(dst, len, stride, idx, n, src, src_step, neg, ahead); break;
    case 2: put_uint16_t(dst, len, stride, idx, n, src, src_step, neg, ahead); break;
    case 4: put_uint32_t(dst, len, stride, idx, n, src, src_step, neg, ahead); break;
    case 8: put_uint64_t(dst, len, stride, idx, n, src, src_step, neg, ahead); break;
    default:
        for (rp_intp j = 0; j < n; j++, src += src_step) {
            rp_intp i = idx[j] + (idx[j] < 0 ? len : 0);
            memcpy(dst + i * stride, src, row);
        }
    }
    return n;
}
