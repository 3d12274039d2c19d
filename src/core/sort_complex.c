/*
 * complex64/complex128 sort and argsort: a stable merge sort of (element,
 * position) records per row, NumPy's complex order as npysort's CFLOAT_LT
 * spells it (numpy/_core/src/npysort/npysort_common.h). Insertion sort on
 * runs of RUN records, then bottom-up merges through one buffer per row.
 * The order is stable, so any correct stable sort gives the same result
 * (NumPy's default quicksort may order equal keys, e.g. 0.0 and -0.0, its
 * own way; raptors always answers with the stable order).
 */
#include "raptors/sort_complex.h"

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

rp_status rp_sort_complex_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n)
{
    if (nrows <= 0 || n <= 0)
        return dt == RP_COMPLEX64 || dt == RP_COMPLEX128 ? RP_OK : RP_ETYPE;
    if (dt == RP_COMPLEX64)
        return sort_rows_c64(data, idx, nrows, n);
    if (dt == RP_COMPLEX128)
        return sort_rows_c128(data, idx, nrows, n);
    return RP_ETYPE;
}
