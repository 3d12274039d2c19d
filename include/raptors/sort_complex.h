/* Sorting complex64/complex128 (src/core/sort_complex.c). */
#ifndef RAPTORS_SORT_COMPLEX_H
#define RAPTORS_SORT_COMPLEX_H

#include "raptors/raptors.h"

/*
 * Stable sort of each row (nrows rows of n elements, C-contiguous) in
 * NumPy's complex order: lexicographic by real, then imaginary part, an
 * element with a NaN part after every other (R + Rj < R + nanj < nan + Rj <
 * nan + nanj), equal keys in their order. idx (NULL, or nrows * n int64)
 * gets each sorted element's original position. RP_ETYPE for other dtypes.
 */
rp_status rp_sort_complex_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n);

#endif
