/* Sorting complex64/complex128 (src/core/sort_complex.c). */
#ifndef RAPTORS_SORT_COMPLEX_H
#define RAPTORS_SORT_COMPLEX_H

#include "raptors/raptors.h"

/*
 * Sort each row (nrows rows of n elements, C-contiguous) in NumPy's complex
 * order: lexicographic by real, then imaginary part, an element with a NaN
 * part after every other (R + Rj < R + nanj < nan + Rj < nan + nanj).
 * stable (or idx given) keeps equal keys (signed zeros, NaN payloads) in
 * their order; otherwise their order is any. idx (NULL, or nrows * n int64)
 * gets each sorted element's original position. RP_ETYPE for other dtypes.
 */
rp_status rp_sort_complex_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n,
                               bool stable);
/* The sort of src's rows written to dst (another buffer of the same size;
 * src unchanged): saves the caller's copy. */
rp_status rp_sort_complex_rows_into(rp_dtype dt, const char *src, char *dst, rp_intp nrows,
                                    rp_intp n, bool stable);
/* The same stable positions, data left in any order. */
rp_status rp_argsort_complex_only_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows,
                                       rp_intp n);

#endif
