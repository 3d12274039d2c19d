/*
 * complex64/complex128 sort and argsort. Rows without a NaN part go to the
 * real dtypes' kernels through integer keys (below). Rows with one: a stable
 * merge sort of (element, position) records per row, NumPy's complex order
 * as npysort's CFLOAT_LT spells it (numpy/_core/src/npysort/npysort_common.h):
 * insertion sort on runs of RUN records, then bottom-up merges through one
 * buffer per row. argsort is always stable (NumPy's default kind may order
 * equal keys, e.g. 0.0 and -0.0, its own way; the stable order is one valid
 * answer); the unstable value sort differs from the stable one only in the
 * order of equal keys' bits.
 */
#include "raptors/sort_complex.h"
#include "raptors/sort.h"

#include <string.h>

enum { RUN = 16 };

/* One row's stable merge sort with the order LT over records REC. */
#define CX_SORT_ROW(REC, NAME, LT)                                                                 \
    static void NAME(REC *r, REC *buf, rp_intp n)                                                  \
    {                                                                                              \
        for (rp_intp s = 0; s < n; s += RUN) {                                                     \
            const rp_intp e = s + RUN < n ? s + RUN : n;                                           \
            for (rp_intp i = s + 1; i < e; i++) {                                                  \
                const REC x = r[i];                                                                \
                rp_intp j = i;                                                                     \
                for (; j > s && LT(&x, &r[j - 1]); j--)                                            \
                    r[j] = r[j - 1];                                                               \
                r[j] = x;                                                                          \
            }                                                                                      \
        }                                                                                          \
        REC *src = r, *dst = buf;                                                                  \
        for (rp_intp w = RUN; w < n; w *= 2) {                                                     \
            for (rp_intp lo = 0; lo < n; lo += 2 * w) {                                            \
                const rp_intp mid = lo + w < n ? lo + w : n;                                       \
                const rp_intp hi = lo + 2 * w < n ? lo + 2 * w : n;                                \
                rp_intp i = lo, j = mid, k = lo;                                                   \
                while (i < mid && j < hi) /* the left one on ties: stable */                       \
                    dst[k++] = LT(&src[j], &src[i]) ? src[j++] : src[i++];                         \
                while (i < mid)                                                                    \
                    dst[k++] = src[i++];                                                           \
                while (j < hi)                                                                     \
                    dst[k++] = src[j++];                                                           \
            }                                                                                      \
            REC *t = src;                                                                          \
            src = dst;                                                                             \
            dst = t;                                                                               \
        }                                                                                          \
        if (src != r)                                                                              \
            memcpy(r, src, (size_t)n * sizeof *r);                                                 \
    }

/* a < b in NumPy's complex order; NaN compares are quiet in effect (the
 * sort reports no float flags). */
#define CX_SORT(T, SFX)                                                                            \
    typedef struct {                                                                               \
        T re, im;                                                                                  \
        int64_t at;                                                                                \
    } rec_##SFX;                                                                                   \
    /* rows without a NaN part: plain lexicographic order */                                       \
    static inline bool ltf_##SFX(const rec_##SFX *a, const rec_##SFX *b)                           \
    {                                                                                              \
        return a->re < b->re || (a->re == b->re && a->im < b->im);                                 \
    }                                                                                              \
    static inline bool lt_##SFX(const rec_##SFX *a, const rec_##SFX *b)                            \
    {                                                                                              \
        if (a->re < b->re)                                                                         \
            return a->im == a->im || b->im != b->im;                                               \
        if (a->re > b->re)                                                                         \
            return b->im != b->im && a->im == a->im;                                               \
        if (a->re == b->re || (a->re != a->re && b->re != b->re))                                  \
            return a->im < b->im || (b->im != b->im && a->im == a->im);                            \
        return b->re != b->re;                                                                     \
    }                                                                                              \
    CX_SORT_ROW(rec_##SFX, sort_row_##SFX, lt_##SFX)                                               \
    CX_SORT_ROW(rec_##SFX, sort_rowf_##SFX, ltf_##SFX)                                             \
    static rp_status sort_rows_##SFX(char *data, int64_t *idx, rp_intp nrows, rp_intp n)           \
    {                                                                                              \
        const size_t nbytes = 2 * (size_t)n * sizeof(rec_##SFX);                                   \
        rec_##SFX *r = rp_alloc(nbytes);                                                           \
        if (!r)                                                                                    \
            return RP_ENOMEM;                                                                      \
        for (rp_intp row = 0; row < nrows; row++) {                                                \
            T *v = (T *)data + 2 * row * n;                                                        \
            bool nan = false;                                                                      \
            for (rp_intp i = 0; i < n; i++) {                                                      \
                r[i] = (rec_##SFX){v[2 * i], v[2 * i + 1], i};                                     \
                nan |= (r[i].re != r[i].re) | (r[i].im != r[i].im);                                \
            }                                                                                      \
            (nan ? sort_row_##SFX : sort_rowf_##SFX)(r, r + n, n);                                 \
            for (rp_intp i = 0; i < n; i++) {                                                      \
                v[2 * i] = r[i].re;                                                                \
                v[2 * i + 1] = r[i].im;                                                            \
                if (idx)                                                                           \
                    idx[row * n + i] = r[i].at;                                                    \
            }                                                                                      \
        }                                                                                          \
        rp_free(r, nbytes);                                                                        \
        return RP_OK;                                                                              \
    }
CX_SORT(float, c64)
CX_SORT(double, c128)

/* ---- rows without a NaN part: sorts of keys -------------------------------
 * Without NaNs NumPy's order is lexicographic (real, then imaginary), so an
 * integer key whose order is that order lets the real dtypes' kernels do the
 * work: complex64 packs both parts into one uint64 (the real part's order
 * bits high); complex128 argsorts the real parts and mends runs of equal
 * ones by imaginary part. complex64 elements are read as one uint64 word
 * (the real part in the low half on little-endian targets, which all of
 * raptors' are) so the loops below vectorize. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "sort_complex.c reads complex64 as little-endian words"
#endif

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Both halves of a complex64 word v as order keys: each float's bits with
 * the sign flipped, all bits for negative ones (unsigned order is then the
 * float order for non-NaNs), the real part's key moved to the high half. */
#define SIGNS 0x8000000080000000u
static inline uint64_t key_c64(uint64_t v)
{
    const uint64_t m = ((v & SIGNS) >> 31) * 0xffffffffu | SIGNS;
    const uint64_t k = v ^ m;
    return k << 32 | k >> 32;
}

static inline uint64_t unkey_c64(uint64_t k)
{
    k = k << 32 | k >> 32;
    return k ^ ((((~k) & SIGNS) >> 31) * 0xffffffffu | SIGNS);
}

/* a word with a half's sign bit set where that half of v is a NaN */
static inline uint64_t nan_c64(uint64_t v)
{
    return (v & ~SIGNS) + 0x007fffff007fffffu;
}

/* -0.0 halves of v as +0.0 (keys of equal parts equal, as NumPy compares) */
static inline uint64_t fold_c64(uint64_t v)
{
    const uint32_t re = (uint32_t)v, im = (uint32_t)(v >> 32);
    return (uint64_t)(im == 0x80000000u ? 0 : im) << 32 | (re == 0x80000000u ? 0 : re);
}

/* The unstable sort of complex64 values by keys in place (distinct bits
 * give distinct keys, so the values come back exactly), sorted as uint64.
 * Rows with a NaN part or a -0.0 real part (it must compare equal to +0.0
 * while its key cannot keep the sign) are found in the same pass: false,
 * d then a copy of src. src may be d; otherwise d gets the result. */
static bool sort_keys_c64(const char *src, char *d, rp_intp nrows, rp_intp n, rp_status *st)
{
    const rp_intp total = nrows * n;
    uint64_t nan = 0, nz = 0;
    for (rp_intp i = 0; i < total; i++) {
        const uint64_t v = load64(src + 8 * i), k = key_c64(v);
        nan |= nan_c64(v);
        nz |= (uint32_t)v == 0x80000000u;
        memcpy(d + 8 * i, &k, sizeof k);
    }
    const bool ok = !(nan & SIGNS) && !nz;
    *st = ok ? rp_sort_rows(RP_UINT64, d, nrows, n, false) : RP_OK;
    for (rp_intp i = 0; i < total; i++) { /* (also after a failure: d stays a permutation) */
        const uint64_t v = unkey_c64(load64(d + 8 * i));
        memcpy(d + 8 * i, &v, sizeof v);
    }
    return ok;
}

/* complex128 row r: idx holds the stable order by real part, re those real
 * parts in it; re-sorts each run of equal real parts by imaginary part
 * (stably: the run's positions ascend). re's run is overwritten by the
 * imaginary parts, w and p are n-element scratch. */
static rp_status fix_ties_c128(const double *v, int64_t *idx, double *re, int64_t *w, int64_t *p,
                               rp_intp n)
{
    enum { SHORT = 16 }; /* runs up to this: insertion sort */
    for (rp_intp s = 0, e; s < n; s = e) {
        for (e = s + 1; e < n && re[e] == re[s]; e++)
            ;
        if (e - s < 2)
            continue;
        for (rp_intp i = s; i < e; i++)
            re[i] = v[2 * idx[i] + 1];
        if (e - s <= SHORT) {
            for (rp_intp i = s + 1; i < e; i++) {
                const double x = re[i];
                const int64_t xi = idx[i];
                rp_intp j = i;
                for (; j > s && x < re[j - 1]; j--)
                    re[j] = re[j - 1], idx[j] = idx[j - 1];
                re[j] = x, idx[j] = xi;
            }
            continue;
        }
        const rp_status st = rp_argsort_only_rows(RP_FLOAT64, (char *)(re + s), p, 1, e - s);
        if (st != RP_OK)
            return st;
        memcpy(w, idx + s, (size_t)(e - s) * sizeof *w);
        for (rp_intp i = s; i < e; i++)
            idx[i] = w[p[i - s]];
    }
    return RP_OK;
}

/* complex128 values alone: out (a row of v in the stable order of its real
 * parts, idx that order) gets each run of equal real parts into the order
 * of its imaginary parts: short runs by insertion, long ones by a float64
 * argsort of their imaginary parts (a, p: n-element scratch) and a gather
 * from v. */
static rp_status fix_ties_values_c128(const double *v, const int64_t *idx, double *out, double *a,
                                      int64_t *p, rp_intp n)
{
    enum { SHORT = 16 };
    for (rp_intp s = 0, e; s < n; s = e) {
        for (e = s + 1; e < n && out[2 * e] == out[2 * s]; e++)
            ;
        if (e - s < 2)
            continue;
        if (e - s <= SHORT) {
            for (rp_intp i = s + 1; i < e; i++) {
                const double x0 = out[2 * i], x1 = out[2 * i + 1];
                rp_intp j = i;
                for (; j > s && x1 < out[2 * j - 1]; j--)
                    out[2 * j] = out[2 * j - 2], out[2 * j + 1] = out[2 * j - 1];
                out[2 * j] = x0, out[2 * j + 1] = x1;
            }
            continue;
        }
        for (rp_intp i = s; i < e; i++)
            a[i - s] = out[2 * i + 1];
        const rp_status st = rp_argsort_only_rows(RP_FLOAT64, (char *)a, p, 1, e - s);
        if (st != RP_OK)
            return st;
        for (rp_intp i = s; i < e; i++) {
            const int64_t k = idx[s + p[i - s]];
            out[2 * i] = v[2 * k], out[2 * i + 1] = v[2 * k + 1];
        }
    }
    return RP_OK;
}

/* out row r = d row r in the order of idx (row positions), per element size
 * (a fixed-size copy the compiler keeps inline) */
#define GATHER(SFX, SIZE)                                                                          \
    static void gather_##SFX(char *out, const char *d, const int64_t *idx, rp_intp nrows,          \
                             rp_intp n)                                                            \
    {                                                                                              \
        for (rp_intp r = 0; r < nrows; r++) {                                                      \
            const char *dr = d + (size_t)(r * n) * SIZE;                                           \
            for (rp_intp i = r * n; i < (r + 1) * n; i++)                                          \
                memcpy(out + (size_t)i * SIZE, dr + (size_t)idx[i] * SIZE, SIZE);                  \
        }                                                                                          \
    }
GATHER(c64, 8)
GATHER(c128, 16)

/* The stable argsort of NaN-free rows of src into idx (row positions; NULL:
 * only the values wanted); dst (may be src; NULL: positions only) gets the
 * rows sorted, gathered, so signed zeros keep their order. complex64
 * argsorts the packed keys; complex128 argsorts the real parts and mends
 * the runs of equal ones (few in most data, so one float64 argsort does
 * nearly all the work). */
static rp_status argsort_keys(rp_dtype dt, const char *src, char *dst, int64_t *idx, rp_intp nrows,
                              rp_intp n)
{
    const rp_intp total = nrows * n;
    const size_t esz = dt == RP_COMPLEX64 ? 8 : 16;
    /* complex128 values alone: ties mended on the gathered values */
    const bool cx_values = dt == RP_COMPLEX128 && !idx && dst;
    /* [keys or parts, then the gather: total * esz][c128: w, p: 2 n][idx]
     * [cx_values in place: the parts, total * 8] */
    const size_t nbytes = (size_t)total * esz + (dt == RP_COMPLEX64 ? 0 : 2 * (size_t)n * 8) +
                          (idx ? 0 : (size_t)total * 8) +
                          (cx_values && dst == src ? (size_t)total * 8 : 0);
    char *buf = rp_alloc(nbytes);
    if (!buf)
        return RP_ENOMEM;
    int64_t *w = (int64_t *)(buf + (size_t)total * esz), *p = w + n;
    if (!idx)
        idx = dt == RP_COMPLEX64 ? w : p + n;
    char *out = dst == src ? buf : dst;
    rp_status st;
    if (dt == RP_COMPLEX64) {
        for (rp_intp i = 0; i < total; i++) {
            const uint64_t k = key_c64(fold_c64(load64(src + 8 * i)));
            memcpy(buf + 8 * i, &k, sizeof k);
        }
        st = rp_argsort_only_rows(RP_UINT64, buf, idx, nrows, n);
        if (st == RP_OK && dst)
            gather_c64(out, src, idx, nrows, n);
    } else {
        double *a = cx_values && dst == src ? (double *)(idx + total) : (double *)buf;
        const double *v = (const double *)src;
        for (rp_intp i = 0; i < total; i++)
            a[i] = v[2 * i];
        st = rp_argsort_only_rows(RP_FLOAT64, (char *)a, idx, nrows, n);
        if (st == RP_OK && cx_values)
            gather_c128(out, src, idx, nrows, n);
        for (rp_intp r = 0; st == RP_OK && r < nrows; r++) {
            const double *vr = v + 2 * r * n;
            int64_t *ir = idx + r * n;
            if (cx_values) {
                st = fix_ties_values_c128(vr, ir, (double *)out + 2 * r * n, a + r * n, p, n);
                continue;
            }
            for (rp_intp i = 0; i < n; i++)
                a[r * n + i] = vr[2 * ir[i]];
            st = fix_ties_c128(vr, ir, a + r * n, w, p, n);
        }
        if (st == RP_OK && dst && !cx_values)
            gather_c128(out, src, idx, nrows, n);
    }
    if (st == RP_OK && dst && out != dst)
        memcpy(dst, out, (size_t)total * esz);
    rp_free(buf, nbytes);
    return st;
}

/* Whether any of the count elements has a NaN part (compared as integers:
 * the bits past infinity's, so the loops vectorize) */
static bool any_nan(rp_dtype dt, const char *d, rp_intp count)
{
    uint64_t nan = 0;
    if (dt == RP_COMPLEX64)
        for (rp_intp i = 0; i < count; i++)
            nan |= nan_c64(load64(d + 8 * i));
    else
        for (rp_intp i = 0; i < 2 * count; i++) /* bit 63: magnitude past infinity's */
            nan |= (load64(d + 8 * i) & 0x7fffffffffffffffu) + 0x000fffffffffffffu;
    return dt == RP_COMPLEX64 ? (nan & SIGNS) != 0 : nan >> 63;
}

/* src's rows sorted into dst (src itself, another buffer, or NULL for idx
 * alone); idx as in rp_sort_complex_rows */
static rp_status complex_rows(rp_dtype dt, const char *src, char *dst, int64_t *idx, rp_intp nrows,
                              rp_intp n, bool stable)
{
    if (dt != RP_COMPLEX64 && dt != RP_COMPLEX128)
        return RP_ETYPE;
    if (nrows <= 0 || n <= 0)
        return RP_OK;
    const size_t esz = dt == RP_COMPLEX64 ? 8 : 16;
    rp_status st;
    /* complex64 values alone (no order of equal keys asked): sorted keys */
    if (!idx && !stable && dt == RP_COMPLEX64 && sort_keys_c64(src, dst, nrows, n, &st))
        return st;
    if (!any_nan(dt, src, nrows * n))
        return argsort_keys(dt, src, dst, idx, nrows, n);
    /* a row with a NaN part: the merge sort of records (NumPy's NaN order),
     * in place (on dst's copy of the row; on src when only idx is wanted,
     * src then being writable scratch) */
    for (rp_intp r = 0; r < nrows; r++) {
        const size_t off = esz * (size_t)(r * n);
        int64_t *ri = idx ? idx + r * n : NULL;
        if (!any_nan(dt, src + off, n)) {
            st = argsort_keys(dt, src + off, dst ? dst + off : NULL, ri, 1, n);
        } else {
            char *row = dst ? dst + off : (char *)src + off;
            if (row != src + off)
                memcpy(row, src + off, esz * (size_t)n);
            st = (dt == RP_COMPLEX64 ? sort_rows_c64 : sort_rows_c128)(row, ri, 1, n);
        }
        if (st != RP_OK)
            return st;
    }
    return RP_OK;
}

rp_status rp_sort_complex_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n,
                               bool stable)
{
    return complex_rows(dt, data, data, idx, nrows, n, stable || idx);
}

rp_status rp_sort_complex_rows_into(rp_dtype dt, const char *src, char *dst, rp_intp nrows,
                                    rp_intp n, bool stable)
{
    return complex_rows(dt, src, dst, NULL, nrows, n, stable);
}

rp_status rp_argsort_complex_only_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows,
                                       rp_intp n)
{
    return complex_rows(dt, data, NULL, idx, nrows, n, true);
}
