/*
 * Sorting, selection and binary search (src/core/sort.c). Every function
 * works along the last axis of nrows contiguous rows of n elements (callers
 * move the axis and copy first), in NumPy's order: NaNs last, -0.0 == +0.0.
 * Results do not depend on the thread count.
 */
#ifndef RAPTORS_SORT_H
#define RAPTORS_SORT_H

#include "raptors/raptors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sort each row in place; stable keeps equal keys in their order. */
rp_status rp_sort_rows(rp_dtype dt, char *data, rp_intp nrows, rp_intp n, bool stable);
/* Stable argsort of each row into idx (nrows * n int64); data is sorted too. */
rp_status rp_argsort_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n);
/* The same permutation, data left in any order (saves the gather of the
 * sorted values where the caller wants only idx). */
rp_status rp_argsort_only_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n);
/* rp_sort_rows and rp_argsort_only_rows of the rows of src (C-contiguous,
 * left as they are), into data (nrows * n elements) or idx: a row already in
 * order, either way, is read and written once instead of copied and then
 * reordered (and its argsort copies no values). */
rp_status rp_sort_rows_from(rp_dtype dt, const char *src, char *data, rp_intp nrows, rp_intp n,
                           bool stable);
rp_status rp_argsort_only_rows_from(rp_dtype dt, const char *src, int64_t *idx, rp_intp nrows,
                                    rp_intp n);
/* Partition each row so that every kth[i] (ascending, in [0, n)) holds the
 * element a sort would put there; idx (NULL or nrows * n, filled with
 * 0..n-1 here) travels with the values. */
rp_status rp_partition_rows(rp_dtype dt, char *data, int64_t *idx, rp_intp nrows, rp_intp n,
                            const rp_intp *kth, int nkth);
/* out[j] = insertion point of keys[j * kstep bytes] into sorted[0..n). */
rp_status rp_searchsorted(rp_dtype dt, const char *sorted, rp_intp n, const char *keys, rp_intp m,
                          rp_intp kstep, int64_t *out, bool right);

#ifdef __cplusplus
}
#endif

#endif
