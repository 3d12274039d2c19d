/*
 * Sorting and selection of one contiguous row (binary search: search.c), per dtype,
 * compiled per ISA (the radix passes' histogram and key loops are where the
 * ISA flags help; the rest is branch-light scalar code).
 *
 * NumPy's order: NaNs after everything (+inf included), -0.0 == +0.0.
 * Every kernel reaches it through one order-preserving unsigned key:
 *   unsigned ints: the value; signed ints: the value with its sign bit
 *   flipped; floats: the bits with every bit flipped when negative and the
 *   sign bit set otherwise, -0.0 read as +0.0 and every NaN as the largest
 *   key. Two values with equal keys are equal for NumPy, so a stable radix
 *   sort over these keys is exactly NumPy's stable sort (a NaN's payload
 *   and a zero's sign travel with the value; only the key is transformed).
 *
 * Algorithms:
 *   - LSD radix sort, 8-bit digits, all histograms in one read pass, and
 *     passes whose digit is the same for every element skipped (sorted runs
 *     of small integers cost one or two passes). Stable: stable sorts and
 *     argsort (which NumPy users mostly call on large inputs).
 *   - introsort (median-of-3 Hoare partition, insertion sort below 16,
 *     heapsort when the depth passes 2 log2 n) for short rows, where the
 *     radix histograms cost more than they save; NaNs moved to the end
 *     first so the inner loops compare with a plain <.
 *   - introselect for partition/median: the same partition, recursing into
 *     the side holding kth only; past the depth limit it sorts the
 *     remaining range (correct, and only reached on adversarial input).
 */
#include "isa.h"
#include "dtypes.h"
#include "register.h"
#include "sort_keys.h"

#include <string.h>

/* ---- keys ------------------------------------------------------------ */

static inline uint8_t key_boolean(rp_bool v) { return v; }
static inline uint8_t key_int8(int8_t v) { return (uint8_t)v ^ 0x80u; }
static inline uint16_t key_int16(int16_t v) { return (uint16_t)v ^ 0x8000u; }
static inline uint32_t key_int32(int32_t v) { return (uint32_t)v ^ 0x80000000u; }
static inline uint64_t key_int64(int64_t v) { return (uint64_t)v ^ 0x8000000000000000u; }
static inline uint8_t key_uint8(uint8_t v) { return v; }
static inline uint16_t key_uint16(uint16_t v) { return v; }
static inline uint32_t key_uint32(uint32_t v) { return v; }
static inline uint64_t key_uint64(uint64_t v) { return v; }
/* Masks only (no branch, no select: GCC 12 vectorizes the loops over keys
 * then, key_range's min/max among them, not with ?:): +-0.0 -> +0.0's key,
 * every NaN -> the largest. */
#define KEY_FLOAT(bits, SIGN, INF)                                                                 \
    {                                                                                              \
        typedef uint##bits##_t U_;                                                                 \
        typedef int##bits##_t S_;                                                                  \
        U_ b;                                                                                      \
        memcpy(&b, &v, sizeof b);                                                                  \
        const U_ mag = b & ~(U_)(SIGN), neg = (U_)((S_)b >> (bits - 1));                           \
        const U_ zero = (U_)0 - (mag == 0), nan = (U_)0 - ((S_)mag > (S_)(INF));                   \
        return ((b ^ (neg | (SIGN))) & ~zero) | ((SIGN) & zero) | nan;                             \
    }
static inline uint32_t key_float32(float v) KEY_FLOAT(32, 0x80000000u, 0x7F800000u)
static inline uint64_t key_float64(double v)
    KEY_FLOAT(64, 0x8000000000000000u, 0x7FF0000000000000u)
#undef KEY_FLOAT

/* NumPy's "a sorts before b" (NaN largest). */
#define LT_f(a, b) ((a) < (b) || ((b) != (b) && (a) == (a)))
#define LT_i(a, b) ((a) < (b))
#define LT_u LT_i
#define LT_b LT_i
/* LT without branches (bitwise, so the loops over it vectorize): in the
 * values' own type, no key conversion. */
#define LTB_f(a, b) (((a) < (b)) | (((b) != (b)) & ((a) == (a))))
#define LTB_i(a, b) ((a) < (b))
#define LTB_u LTB_i
#define LTB_b LTB_i
#define ISNAN_f(a) ((a) != (a))
#define ISNAN_i(a) 0
#define ISNAN_u ISNAN_i
#define ISNAN_b ISNAN_i

enum { SMALL = 16, RADIX_MIN = 256, RUN_BLOCK = 256 };

static int depth_limit(rp_intp n)
{
    int d = 0;
    while (n > 1) {
        n >>= 1;
        d += 2;
    }
    return d;
}

#define SORT_KERNELS(T, SFX, K, U)                                                                 \
    static inline void swap_##SFX(T *a, int64_t *ix, rp_intp i, rp_intp j)                         \
    {                                                                                              \
        T t = a[i];                                                                                \
        a[i] = a[j];                                                                               \
        a[j] = t;                                                                                  \
        if (ix) {                                                                                  \
            int64_t u = ix[i];                                                                     \
            ix[i] = ix[j];                                                                         \
            ix[j] = u;                                                                             \
        }                                                                                          \
    }                                                                                              \
    /* Stable insertion sort of [lo, hi) by LT (NaN-aware). */                                     \
    static void insertion_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi)                         \
    {                                                                                              \
        for (rp_intp i = lo + 1; i < hi; i++) {                                                    \
            T v = a[i];                                                                            \
            int64_t w = ix ? ix[i] : 0;                                                            \
            rp_intp j = i;                                                                         \
            while (j > lo && LT_##K(v, a[j - 1])) {                                                \
                a[j] = a[j - 1];                                                                   \
                if (ix)                                                                            \
                    ix[j] = ix[j - 1];                                                             \
                j--;                                                                               \
            }                                                                                      \
            a[j] = v;                                                                              \
            if (ix)                                                                                \
                ix[j] = w;                                                                         \
        }                                                                                          \
    }                                                                                              \
    static void sift_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp root, rp_intp n)                 \
    {                                                                                              \
        for (;;) {                                                                                 \
            rp_intp c = 2 * root + 1;                                                              \
            if (c >= n)                                                                            \
                return;                                                                            \
            if (c + 1 < n && a[lo + c] < a[lo + c + 1])                                            \
                c++;                                                                               \
            if (!(a[lo + root] < a[lo + c]))                                                       \
                return;                                                                            \
            swap_##SFX(a, ix, lo + root, lo + c);                                                  \
            root = c;                                                                              \
        }                                                                                          \
    }                                                                                              \
    /* Heapsort of [lo, hi), no NaN inside. */                                                     \
    static void heapsort_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi)                          \
    {                                                                                              \
        rp_intp n = hi - lo;                                                                       \
        for (rp_intp r = n / 2; r-- > 0;)                                                          \
            sift_##SFX(a, ix, lo, r, n);                                                           \
        for (rp_intp e = n - 1; e > 0; e--) {                                                      \
            swap_##SFX(a, ix, lo, lo + e);                                                         \
            sift_##SFX(a, ix, lo, 0, e);                                                           \
        }                                                                                          \
    }                                                                                              \
    /* NaNs of [lo, hi) swapped to its end; returns where they start. */                           \
    static rp_intp nans_last_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi)                      \
    {                                                                                              \
        rp_intp i = lo, j = hi;                                                                    \
        while (i < j) {                                                                            \
            if (ISNAN_##K(a[i]))                                                                   \
                swap_##SFX(a, ix, i, --j);                                                         \
            else                                                                                   \
                i++;                                                                               \
        }                                                                                          \
        return j;                                                                                  \
    }                                                                                              \
    /* Hoare partition of [lo, hi) (hi - lo > SMALL, no NaN) around the                           \
     * median of three; returns p with [lo, p) <= pivot <= [p, hi). */                             \
    static rp_intp part_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi)                          \
    {                                                                                              \
        rp_intp m = lo + (hi - lo) / 2, l = hi - 1;                                                \
        if (a[m] < a[lo])                                                                          \
            swap_##SFX(a, ix, m, lo);                                                              \
        if (a[l] < a[m]) {                                                                         \
            swap_##SFX(a, ix, l, m);                                                               \
            if (a[m] < a[lo])                                                                      \
                swap_##SFX(a, ix, m, lo);                                                          \
        }                                                                                          \
        T p = a[m];                                                                                \
        rp_intp i = lo, j = l;                                                                     \
        for (;;) {                                                                                 \
            while (a[++i] < p)                                                                     \
                ;                                                                                  \
            while (p < a[--j])                                                                     \
                ;                                                                                  \
            if (i >= j)                                                                            \
                return i;                                                                          \
            swap_##SFX(a, ix, i, j);                                                               \
        }                                                                                          \
    }                                                                                              \
    static void intro_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi, int depth)                  \
    {                                                                                              \
        while (hi - lo > SMALL) {                                                                  \
            if (depth-- == 0) {                                                                    \
                heapsort_##SFX(a, ix, lo, hi);                                                     \
                return;                                                                            \
            }                                                                                      \
            rp_intp p = part_##SFX(a, ix, lo, hi);                                                 \
            /* recurse into the smaller side: stack depth stays log n */                           \
            if (p - lo < hi - p) {                                                                 \
                intro_##SFX(a, ix, lo, p, depth);                                                  \
                lo = p;                                                                            \
            } else {                                                                               \
                intro_##SFX(a, ix, p, hi, depth);                                                  \
                hi = p;                                                                            \
            }                                                                                      \
        }                                                                                          \
        insertion_##SFX(a, ix, lo, hi);                                                            \
    }                                                                                              \
    static void quick_##SFX(T *a, int64_t *ix, rp_intp lo, rp_intp hi)                             \
    {                                                                                              \
        hi = nans_last_##SFX(a, ix, lo, hi);                                                       \
        intro_##SFX(a, ix, lo, hi, depth_limit(hi - lo));                                          \
    }                                                                                              \
    /* LSD radix sort of a (with ia alongside when not NULL) through b/ib. */                      \
    static void radix_##SFX(T *a, int64_t *ia, rp_intp n, T *b, int64_t *ib)                       \
    {                                                                                              \
        enum { P = sizeof(T) };                                                                    \
        rp_intp cnt[P][256];                                                                       \
        memset(cnt, 0, sizeof cnt);                                                                \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            U k = key_##SFX(a[i]);                                                                 \
            for (int p = 0; p < P; p++)                                                            \
                cnt[p][(k >> (8 * p)) & 255]++;                                                    \
        }                                                                                          \
        T *src = a, *dst = b;                                                                      \
        int64_t *is = ia, *id = ib;                                                                \
        U k0 = key_##SFX(a[0]);                                                                    \
        for (int p = 0; p < P; p++) {                                                              \
            rp_intp *c = cnt[p];                                                                   \
            if (c[(k0 >> (8 * p)) & 255] == n)                                                     \
                continue;                                                                          \
            rp_intp sum = 0;                                                                       \
            for (int d = 0; d < 256; d++) {                                                        \
                rp_intp t = c[d];                                                                  \
                c[d] = sum;                                                                        \
                sum += t;                                                                          \
            }                                                                                      \
            const int sh = 8 * p;                                                                  \
            if (is) {                                                                              \
                for (rp_intp i = 0; i < n; i++) {                                                  \
                    T v = src[i];                                                                  \
                    rp_intp at = c[(key_##SFX(v) >> sh) & 255]++;                                  \
                    dst[at] = v;                                                                   \
                    id[at] = is[i];                                                                \
                }                                                                                  \
                int64_t *ti = is;                                                                  \
                is = id;                                                                           \
                id = ti;                                                                           \
            } else {                                                                               \
                for (rp_intp i = 0; i < n; i++) {                                                  \
                    T v = src[i];                                                                  \
                    dst[c[(key_##SFX(v) >> sh) & 255]++] = v;                                      \
                }                                                                                  \
            }                                                                                      \
            T *t = src;                                                                            \
            src = dst;                                                                             \
            dst = t;                                                                               \
        }                                                                                          \
        if (src != a) {                                                                            \
            memcpy(a, src, (size_t)n * sizeof(T));                                                 \
            if (ia)                                                                                \
                memcpy(ia, is, (size_t)n * sizeof(int64_t));                                       \
        }                                                                                          \
    }                                                                                              \
    /* Argsort of keys up to 32 bits: key and index packed in one uint64,                          \
     * so each pass scatters one 8-byte stream instead of a value stream and                       \
     * an index stream; ping-pongs between scratch and ix, then gathers the                        \
     * sorted values (their own bits: -0.0 and NaN payloads kept) from a. */                       \
    static void packed_##SFX(T *a, int64_t *ix, rp_intp n, void *scratch)                          \
    {                                                                                              \
        enum { P = sizeof(T) };                                                                    \
        uint64_t *p = (uint64_t *)scratch, *q = (uint64_t *)ix;                                    \
        rp_intp cnt[P][256];                                                                       \
        memset(cnt, 0, sizeof cnt);                                                                \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            U k = key_##SFX(a[i]);                                                                 \
            p[i] = (uint64_t)k << 32 | (uint64_t)i;                                                \
            for (int d = 0; d < P; d++)                                                            \
                cnt[d][(k >> (8 * d)) & 255]++;                                                    \
        }                                                                                          \
        uint64_t *src = p, *dst = q;                                                               \
        for (int d = 0; d < P; d++) {                                                              \
            rp_intp *c = cnt[d];                                                                   \
            const int sh = 32 + 8 * d;                                                             \
            if (c[(src[0] >> sh) & 255] == n)                                                      \
                continue;                                                                          \
            rp_intp sum = 0;                                                                       \
            for (int b = 0; b < 256; b++) {                                                        \
                rp_intp t = c[b];                                                                  \
                c[b] = sum;                                                                        \
                sum += t;                                                                          \
            }                                                                                      \
            for (rp_intp i = 0; i < n; i++) {                                                      \
                uint64_t w = src[i];                                                               \
                dst[c[(w >> sh) & 255]++] = w;                                                     \
            }                                                                                      \
            uint64_t *t = src;                                                                     \
            src = dst;                                                                             \
            dst = t;                                                                               \
        }                                                                                          \
        T *sv = (T *)(p + n);                                                                      \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            int64_t j = (int64_t)(uint32_t)src[i];                                                 \
            ix[i] = j;                                                                             \
            sv[i] = a[j];                                                                          \
        }                                                                                          \
        memcpy(a, sv, (size_t)n * sizeof(T));                                                      \
    }                                                                                              \
    /* 1: a[0, n) is non-descending (its own stable sort), -1: strictly                          \
     * descending (reversed, the stable sort: no equal keys to keep in                            \
     * order), 0: neither. Blocks of RUN_BLOCK pairs counted without                              \
     * branches (they vectorize), stopping after the first block that rules                       \
     * both out: random rows pay one block. */                                                    \
    static int order_##SFX(const T *a, rp_intp n)                                                 \
    {                                                                                              \
        bool up = true, down = true;                                                               \
        for (rp_intp s = 1; s < n && (up || down); s += RUN_BLOCK) {                               \
            const rp_intp e = n - s < RUN_BLOCK ? n : s + RUN_BLOCK;                               \
            rp_intp lt = 0;                                                                        \
            for (rp_intp i = s; i < e; i++)                                                        \
                lt += LTB_##K(a[i], a[i - 1]);                                                     \
            up = up && lt == 0;                                                                    \
            down = down && lt == e - s;                                                            \
        }                                                                                          \
        return up ? 1 : down ? -1 : 0;                                                            \
    }                                                                                              \
    static void reverse_##SFX(T *a, rp_intp n)                                                     \
    {                                                                                              \
        for (rp_intp i = 0, j = n - 1; i < j; i++, j--) {                                          \
            T t = a[i];                                                                            \
            a[i] = a[j];                                                                           \
            a[j] = t;                                                                              \
        }                                                                                          \
    }                                                                                              \
    static void sort_##SFX(void *v, rp_intp n, void *scratch)                                      \
    {                                                                                              \
        if (n >= RADIX_MIN)                                                                        \
            radix_##SFX((T *)v, NULL, n, (T *)scratch, NULL);                                      \
        else if (n > 1)                                                                            \
            quick_##SFX((T *)v, NULL, 0, n);                                                       \
    }                                                                                              \
    static void stable_##SFX(void *v, rp_intp n, void *scratch)                                    \
    {                                                                                              \
        const int o = order_##SFX((T *)v, n);                                                      \
        if (o < 0)                                                                                 \
            reverse_##SFX((T *)v, n);                                                              \
        if (o)                                                                                     \
            return;                                                                                \
        if (n < RADIX_MIN)                                                                         \
            insertion_or_merge_##SFX((T *)v, NULL, n, scratch);                                    \
        else                                                                                       \
            radix_##SFX((T *)v, NULL, n, (T *)scratch, NULL);                                      \
    }                                                                                              \
    static void argsort_##SFX(void *v, int64_t *ix, rp_intp n, void *scratch)                      \
    {                                                                                              \
        const int o = order_##SFX((T *)v, n);                                                      \
        for (rp_intp i = 0; i < n; i++)                                                            \
            ix[i] = o < 0 ? n - 1 - i : i;                                                         \
        if (o < 0)                                                                                 \
            reverse_##SFX((T *)v, n);                                                              \
        if (o)                                                                                     \
            return;                                                                                \
        if (n < RADIX_MIN)                                                                         \
            insertion_or_merge_##SFX((T *)v, ix, n, scratch);                                      \
        else if (sizeof(T) <= 4 && n <= (rp_intp)UINT32_MAX)                                       \
            packed_##SFX((T *)v, ix, n, scratch);                                                  \
        else                                                                                       \
            radix_##SFX((T *)v, ix, n, (T *)scratch,                                               \
                        (int64_t *)((char *)scratch + (((size_t)n * sizeof(T) + 63) & ~(size_t)63)));  \
    }                                                                                              \
    static void select_##SFX(void *v, int64_t *ix, rp_intp lo, rp_intp n, rp_intp kth)             \
    {                                                                                              \
        T *a = (T *)v;                                                                             \
        rp_intp hi = nans_last_##SFX(a, ix, lo, n);                                                \
        if (kth >= hi)                                                                             \
            return;                                                                                \
        int depth = depth_limit(hi - lo);                                                          \
        while (hi - lo > SMALL) {                                                                  \
            if (depth-- == 0) {                                                                    \
                heapsort_##SFX(a, ix, lo, hi);                                                     \
                return;                                                                            \
            }                                                                                      \
            rp_intp p = part_##SFX(a, ix, lo, hi);                                                 \
            if (kth < p)                                                                           \
                hi = p;                                                                            \
            else                                                                                   \
                lo = p;                                                                            \
        }                                                                                          \
        insertion_##SFX(a, ix, lo, hi);                                                            \
    }


/* Stable sort of a short row: insertion sort in runs of SMALL, then
 * bottom-up merges through scratch (taking from the left run on ties). */
#define MERGE_KERNEL(T, SFX, K)                                                                    \
    static void insertion_or_merge_##SFX(T *a, int64_t *ix, rp_intp n, void *scratch)              \
    {                                                                                              \
        for (rp_intp lo = 0; lo < n; lo += SMALL)                                                  \
            insertion_##SFX(a, ix, lo, lo + SMALL < n ? lo + SMALL : n);                           \
        if (n <= SMALL)                                                                            \
            return;                                                                                \
        T *b = (T *)scratch;                                                                       \
        int64_t *ib = (int64_t *)((char *)scratch + (((size_t)n * sizeof(T) + 63) & ~(size_t)63)); \
        for (rp_intp w = SMALL; w < n; w *= 2) {                                                   \
            for (rp_intp lo = 0; lo < n; lo += 2 * w) {                                            \
                rp_intp mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;       \
                rp_intp i = lo, j = mid, o = lo;                                                   \
                while (i < mid && j < hi) {                                                        \
                    rp_intp from = LT_##K(a[j], a[i]) ? j++ : i++;                                 \
                    b[o] = a[from];                                                                \
                    if (ix)                                                                        \
                        ib[o] = ix[from];                                                          \
                    o++;                                                                           \
                }                                                                                  \
                for (; i < mid; i++, o++) {                                                        \
                    b[o] = a[i];                                                                   \
                    if (ix)                                                                        \
                        ib[o] = ix[i];                                                             \
                }                                                                                  \
                for (; j < hi; j++, o++) {                                                         \
                    b[o] = a[j];                                                                   \
                    if (ix)                                                                        \
                        ib[o] = ix[j];                                                             \
                }                                                                                  \
            }                                                                                      \
            memcpy(a, b, (size_t)n * sizeof(T));                                                   \
            if (ix)                                                                                \
                memcpy(ix, ib, (size_t)n * sizeof(int64_t));                                       \
        }                                                                                          \
    }

#define MERGE2_KERNEL(T, SFX, K)                                                                   \
    static void merge_##SFX(const void *va, const int64_t *ia, rp_intp na, const void *vb,         \
                            const int64_t *ib, rp_intp nb, void *vo, int64_t *io)                  \
    {                                                                                              \
        const T *a = (const T *)va, *b = (const T *)vb;                                            \
        T *o = (T *)vo;                                                                            \
        rp_intp i = 0, j = 0, k = 0;                                                               \
        while (i < na && j < nb) {                                                                 \
            int tb = LT_##K(b[j], a[i]);                                                           \
            o[k] = tb ? b[j] : a[i];                                                               \
            if (io)                                                                                \
                io[k] = tb ? ib[j] : ia[i];                                                        \
            j += tb;                                                                               \
            i += !tb;                                                                              \
            k++;                                                                                   \
        }                                                                                          \
        memcpy(o + k, a + i, (size_t)(na - i) * sizeof(T));                                        \
        memcpy(o + k + (na - i), b + j, (size_t)(nb - j) * sizeof(T));                             \
        if (io) {                                                                                  \
            memcpy(io + k, ia + i, (size_t)(na - i) * sizeof(int64_t));                            \
            memcpy(io + k + (na - i), ib + j, (size_t)(nb - j) * sizeof(int64_t));                 \
        }                                                                                          \
    }

#define FWD(T, SFX, K, U)                                                                          \
    static void insertion_or_merge_##SFX(T *a, int64_t *ix, rp_intp n, void *scratch);
FWD(rp_bool, boolean, b, uint8_t)
FWD(int8_t, int8, i, uint8_t)
FWD(int16_t, int16, i, uint16_t)
FWD(int32_t, int32, i, uint32_t)
FWD(int64_t, int64, i, uint64_t)
FWD(uint8_t, uint8, u, uint8_t)
FWD(uint16_t, uint16, u, uint16_t)
FWD(uint32_t, uint32, u, uint32_t)
FWD(uint64_t, uint64, u, uint64_t)
FWD(float, float32, f, uint32_t)
FWD(double, float64, f, uint64_t)

#define EACH(X)                                                                                    \
    X(rp_bool, boolean, b, uint8_t)                                                                   \
    X(int8_t, int8, i, uint8_t)                                                                    \
    X(int16_t, int16, i, uint16_t)                                                                 \
    X(int32_t, int32, i, uint32_t)                                                                 \
    X(int64_t, int64, i, uint64_t)                                                                 \
    X(uint8_t, uint8, u, uint8_t)                                                                  \
    X(uint16_t, uint16, u, uint16_t)                                                               \
    X(uint32_t, uint32, u, uint32_t)                                                               \
    X(uint64_t, uint64, u, uint64_t)                                                               \
    X(float, float32, f, uint32_t)                                                                 \
    X(double, float64, f, uint64_t)

EACH(SORT_KERNELS)
#define MERGE_OF(T, SFX, K, U) MERGE_KERNEL(T, SFX, K)
EACH(MERGE_OF)
#define MERGE2_OF(T, SFX, K, U) MERGE2_KERNEL(T, SFX, K)
EACH(MERGE2_OF)

/* ---- argsort through packed (key window, index) int64s ------------------
 *
 * core/sort.c's argsort_packed sorts one int64 per element: the high half
 * a 32-bit window of the element's key (its offset from the row's smallest
 * key, shifted right until the row's range fits), the low half its index.
 * The int64 quicksort (qsort.c) then orders by (window, index); rows whose
 * range fits 32 bits (every 32-bit dtype) are done, in stable order. Wider
 * rows have runs of equal windows whose keys differ in the bits shifted
 * out: fix() re-packs each run with those bits (fewer than 2^32 apart
 * inside one window) and sorts it again, so the result is the order of
 * (key, index): NumPy's stable argsort, whatever sorted the int64s. */
#define ORDER_OF(T, SFX, K, U)                                                                     \
    static int order_any_##SFX(const void *v, rp_intp n) { return order_##SFX((const T *)v, n); }
EACH(ORDER_OF)

#define PACK_KERNELS(T, SFX, K, U)                                                                 \
    static void range_##SFX(const void *v, rp_intp n, uint64_t *st)                                \
    {                                                                                              \
        const T *a = (const T *)v;                                                                 \
        const uint64_t k0 = key_##SFX(a[0]);                                                       \
        uint64_t lo = k0, hi = k0, diff = 0;                                                       \
        rp_intp down = 0;                                                                          \
        /* both keys of each neighbour pair: no carried value, so it vectorizes */                 \
        for (rp_intp i = 1; i < n; i++) {                                                          \
            uint64_t k = key_##SFX(a[i]);                                                          \
            lo = k < lo ? k : lo;                                                                  \
            hi = k > hi ? k : hi;                                                                  \
            diff |= k ^ k0;                                                                        \
            down += k < (uint64_t)key_##SFX(a[i - 1]);                                             \
        }                                                                                          \
        st[0] = lo;                                                                                \
        st[1] = hi;                                                                                \
        st[2] = key_##SFX(a[0]);                                                                   \
        st[3] = key_##SFX(a[n - 1]);                                                               \
        st[4] = (uint64_t)down;                                                                    \
        st[5] = diff;                                                                              \
    }                                                                                              \
    static void pack_##SFX(const void *v, rp_intp n, rp_intp base, uint64_t kmin, int shift,       \
                           int64_t *out)                                                           \
    {                                                                                              \
        const T *a = (const T *)v;                                                                 \
        for (rp_intp i = 0; i < n; i++) {                                                          \
            uint64_t w = (((uint64_t)key_##SFX(a[i]) - kmin) >> shift) ^ 0x80000000u;              \
            out[i] = (int64_t)(w << 32 | (uint64_t)(base + i));                                    \
        }                                                                                          \
    }                                                                                              \
    static void fix_##SFX(const void *v, int64_t *p, rp_intp n, uint64_t kmin, int shift,          \
                          rp_sort_kernel sort64)                                                   \
    {                                                                                              \
        const T *a = (const T *)v;                                                                 \
        const uint64_t low = ((uint64_t)1 << shift) - 1; /* shift <= 32 */                         \
        for (rp_intp s = 0, e; s < n; s = e) {                                                     \
            for (e = s + 1; e < n && (p[e] >> 32) == (p[s] >> 32); e++)                            \
                ;                                                                                  \
            if (e - s < 2)                                                                         \
                continue;                                                                          \
            /* a run of one key (few distinct values) is in index order */                     \
            bool down = false;                                                                     \
            for (rp_intp j = s; j < e; j++) {                                                      \
                uint64_t ix = (uint32_t)p[j];                                                      \
                uint64_t w = (((uint64_t)key_##SFX(a[ix]) - kmin) & low) ^ 0x80000000u;            \
                p[j] = (int64_t)(w << 32 | ix);                                                    \
                down |= j > s && p[j] < p[j - 1];                                                  \
            }                                                                                      \
            if (!down)                                                                             \
                continue;                                                                          \
            if (e - s > 32) {                                                                      \
                sort64(p + s, e - s, NULL);                                                        \
                continue;                                                                          \
            }                                                                                      \
            for (rp_intp i = s + 1; i < e; i++) {                                                  \
                int64_t x = p[i];                                                                  \
                rp_intp j = i;                                                                     \
                for (; j > s && x < p[j - 1]; j--)                                                 \
                    p[j] = p[j - 1];                                                               \
                p[j] = x;                                                                          \
            }                                                                                      \
        }                                                                                          \
    }
EACH(PACK_KERNELS)

/* ---- runs (core/sort_runs.c merges them) ------------------------------
 *
 * runs: the maximal runs of a[0, n) from the left, read only: a run that
 * first steps down is non-increasing (its end stored negated, -e), else
 * non-descending (e). Equal neighbours extend either kind, so reversed data
 * with ties is one run. Stops with 0 once maxruns runs did not reach n:
 * rows that are not a few runs pay about 2 * maxruns comparisons.
 * flip: a non-increasing run into its stable order, ix alongside (NULL or
 * not): reversed, then each group of equal keys reversed back, which
 * restores their first-come order. */
#define RUNS_KERNELS(T, SFX, K, U)                                                                 \
    static rp_intp runs_##SFX(const void *v, rp_intp n, rp_intp *bounds, rp_intp maxruns)         \
    {                                                                                              \
        const T *a = (const T *)v;                                                                 \
        rp_intp k = 0;                                                                             \
        for (rp_intp s = 0, e; s < n; s = e) {                                                     \
            if (k == maxruns)                                                                      \
                return 0;                                                                          \
            for (e = s + 1; e < n && !LT_##K(a[e], a[e - 1]) && !LT_##K(a[e - 1], a[e]); e++)      \
                ;                                                                                  \
            const bool down = e < n && LT_##K(a[e], a[e - 1]);                                     \
            if (down)                                                                              \
                for (; e < n && !LT_##K(a[e - 1], a[e]); e++)                                      \
                    ;                                                                              \
            else                                                                                   \
                for (; e < n && !LT_##K(a[e], a[e - 1]); e++)                                      \
                    ;                                                                              \
            bounds[++k] = down ? -e : e;                                                           \
        }                                                                                          \
        bounds[0] = 0;                                                                             \
        return k;                                                                                  \
    }                                                                                              \
    static void flip_range_##SFX(T *a, int64_t *ix, rp_intp i, rp_intp j)                          \
    {                                                                                              \
        for (j--; i < j; i++, j--)                                                                 \
            swap_##SFX(a, ix, i, j);                                                               \
    }                                                                                              \
    static void flip_##SFX(void *v, int64_t *ix, rp_intp n)                                        \
    {                                                                                              \
        T *a = (T *)v;                                                                             \
        flip_range_##SFX(a, ix, 0, n);                                                             \
        for (rp_intp g = 0, h; g < n; g = h) {                                                     \
            for (h = g + 1; h < n && !LT_##K(a[g], a[h]); h++)                                     \
                ;                                                                                  \
            if (h - g > 1)                                                                         \
                flip_range_##SFX(a, ix, g, h);                                                     \
        }                                                                                          \
    }
EACH(RUNS_KERNELS)

/* bitwise_ties: integers always; floats when no -0.0 and no NaN (the only
 * NumPy-equal values with other bits), blocks of RUN_BLOCK without branches
 * (they vectorize), stopping at the first block that has one. */
#define TIES_FLOAT(bits, SIGN, INF)                                                                \
    static bool ties_float##bits(const void *v, rp_intp n)                                         \
    {                                                                                              \
        const uint##bits##_t *b = (const uint##bits##_t *)v;                                       \
        for (rp_intp s = 0; s < n; s += RUN_BLOCK) {                                               \
            const rp_intp e = n - s < RUN_BLOCK ? n : s + RUN_BLOCK;                               \
            uint##bits##_t bad = 0;                                                                \
            for (rp_intp i = s; i < e; i++)                                                        \
                bad |= (uint##bits##_t)(b[i] == (SIGN)) | (uint##bits##_t)((b[i] & ~(SIGN)) > (INF)); \
            if (bad)                                                                               \
                return false;                                                                      \
        }                                                                                          \
        return true;                                                                               \
    }
TIES_FLOAT(32, 0x80000000u, 0x7F800000u)
TIES_FLOAT(64, 0x8000000000000000u, 0x7FF0000000000000u)
#undef TIES_FLOAT
static bool ties_int(const void *v, rp_intp n)
{
    (void)v;
    (void)n;
    return true;
}

#define REVERSE_COPY(U)                                                                            \
    static void reverse_copy_##U(void *dst, const void *src, rp_intp m)                            \
    {                                                                                              \
        const U *restrict s = (const U *)src;                                                      \
        U *restrict d = (U *)dst;                                                                  \
        for (rp_intp k = 0; k < m; k++)                                                            \
            d[k] = s[m - 1 - k];                                                                   \
    }
REVERSE_COPY(uint8_t)
REVERSE_COPY(uint16_t)
REVERSE_COPY(uint32_t)
REVERSE_COPY(uint64_t)
#undef REVERSE_COPY

static void ramp(int64_t *out, rp_intp m, int64_t first, int64_t step)
{
    for (rp_intp i = 0; i < m; i++)
        out[i] = first + i * step;
}

/* Unstable float sorts go through the integer keys of sort_keys.h, the
 * order qsort.c sorts in: every ISA then gives the same bytes (-0.0 before
 * +0.0, NaNs by their bits), whatever algorithm it runs. */
static void sort_keyed_float32(void *v, rp_intp n, void *scratch)
{
    rp_f32_to_keys((uint32_t *)v, n);
    sort_int32(v, n, scratch);
    rp_f32_from_keys((uint32_t *)v, n);
}
static void sort_keyed_float64(void *v, rp_intp n, void *scratch)
{
    rp_f64_to_keys((uint64_t *)v, n);
    sort_int64(v, n, scratch);
    rp_f64_from_keys((uint64_t *)v, n);
}

void RP_ISA_FN(rp_fill_sort)(rp_kernel_table *t)
{
#define REG(T, SFX, K, U)                                                                          \
    t->sort.sort[RP_DT_##SFX] = sort_##SFX;                                                        \
    t->sort.stable[RP_DT_##SFX] = stable_##SFX;                                                    \
    t->sort.argsort[RP_DT_##SFX] = argsort_##SFX;                                                  \
    t->sort.select[RP_DT_##SFX] = select_##SFX;                                                    \
    t->sort.merge[RP_DT_##SFX] = merge_##SFX;                                                    \
    t->sort.key_range[RP_DT_##SFX] = range_##SFX;                                                \
    t->sort.pack[RP_DT_##SFX] = pack_##SFX;                                                      \
    t->sort.fix[RP_DT_##SFX] = fix_##SFX;                                                        \
    t->sort.order[RP_DT_##SFX] = order_any_##SFX;                                                \
    t->sort.runs[RP_DT_##SFX] = runs_##SFX;                                                      \
    t->sort.flip[RP_DT_##SFX] = flip_##SFX;                                                      \
    t->sort.bitwise_ties[RP_DT_##SFX] = ties_int;
    EACH(REG)
#undef REG
    t->sort.bitwise_ties[RP_FLOAT32] = ties_float32;
    t->sort.ramp = ramp;
    t->sort.reverse_copy[0] = reverse_copy_uint8_t;
    t->sort.reverse_copy[1] = reverse_copy_uint16_t;
    t->sort.reverse_copy[2] = reverse_copy_uint32_t;
    t->sort.reverse_copy[3] = reverse_copy_uint64_t;
    t->sort.bitwise_ties[RP_FLOAT64] = ties_float64;
    t->sort.sort[RP_FLOAT32] = sort_keyed_float32;
    t->sort.sort[RP_FLOAT64] = sort_keyed_float64;
}
