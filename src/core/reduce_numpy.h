/* Float sums in NumPy's exact order (reduce_numpy.c): var/std's mean;
 * float16 reductions as NumPy's half loops. */
#ifndef RAPTORS_REDUCE_NUMPY_H
#define RAPTORS_REDUCE_NUMPY_H

#include "raptors/raptors.h"
#include "raptors/reduce.h"

/*
 * out += the sum over the axes of `in` flagged in axes, in NumPy's
 * add.reduce order; out (keepdims form, in's float dtype) holds the start
 * value, 0 for NumPy's. parallel: split long runs across the pool (the
 * bits do not change). RP_ETYPE unless in and out are both float32 or both
 * float64.
 */
rp_status rp_reduce_sum_numpy_order(const rp_array *in, const bool *axes, const rp_array *out,
                                    bool parallel);

/*
 * out (float16, keepdims form, holding the start value) reduced with in's
 * elements (float16) over the flagged axes as NumPy's float16 loops do
 * (sum, prod, max, min; reduce_numpy.c says how). RP_ETYPE for other
 * dtypes or ops.
 */
rp_status rp_reduce_half(rp_reduce_op op, const rp_array *in, const bool *axes,
                         const rp_array *out);

/* rp_reduce_half's SUM/PROD over the elements mask selects (reduce.h's
 * rp_reduce_half_where, out already holding the start value). */
rp_status rp_reduce_half_masked(rp_reduce_op op, const rp_array *in, const rp_array *mask,
                                const bool *axes, const rp_array *out);

#endif
