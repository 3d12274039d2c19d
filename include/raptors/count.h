/*
 * bincount (src/core/count.c) over one contiguous run of integers (bool,
 * int8-64, uint8-32: the dtypes NumPy casts to intp safely).
 */
#ifndef RAPTORS_COUNT_H
#define RAPTORS_COUNT_H

#include "raptors/raptors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The smallest and largest of x[0, n), n >= 1. */
rp_status rp_int_range(rp_dtype dt, const char *x, rp_intp n, int64_t *lo, int64_t *hi);
/* out[v] = how many x[i] == v (int64), or with w (n float64) the sum of
 * their w[i] in element order (double): NumPy's bincount. Every x[i] must
 * be in [0, nbins) (rp_int_range first); out is overwritten. */
rp_status rp_bincount(rp_dtype dt, const char *x, rp_intp n, const double *w, void *out,
                      rp_intp nbins);

/* unique with equal_nan of a row with few distinct values, by counting:
 * vals (room for RP_UNIQUE_COUNTED_MAX + 1 elements) gets the distinct
 * values sorted (one NaN last, if any), counts their counts, *m how many;
 * *m = -1 when x has more than RP_UNIQUE_COUNTED_MAX distinct values (the
 * caller sorts instead). No float16. */
enum { RP_UNIQUE_COUNTED_MAX = 1024 };
rp_status rp_unique_counted(rp_dtype dt, const char *x, rp_intp n, char *vals, int64_t *counts,
                            rp_intp *m);
/* unique of the sorted row v (NaNs last), in place: v[0, *m) the first of
 * each run of equal values (-0.0 == +0.0; with equal_nan all NaNs one
 * value, else each its own), counts (NULL or n slots) their run lengths.
 * RP_ETYPE for float16 and complex. */
rp_status rp_unique_sorted(rp_dtype dt, char *v, rp_intp n, int64_t *counts, bool equal_nan,
                           rp_intp *m);

#ifdef __cplusplus
}
#endif

#endif
