/* complex64/complex128 reductions in NumPy's order (reduce_complex.c). */
#ifndef RAPTORS_REDUCE_COMPLEX_H
#define RAPTORS_REDUCE_COMPLEX_H

#include "raptors/raptors.h"
#include "raptors/reduce.h"
#include "reduce_numpy.h"

/* out (keepdims form, in's complex dtype, holding the start value) op=
 * the elements of in over the flagged axes: SUM and NANSUM in NumPy's
 * pairwise order, PROD, MAX and MIN one element after the other. parallel:
 * long sums split across the pool (the bits do not change). */
rp_status rp_reduce_complex_run(rp_reduce_op op, const rp_array *in, const bool *axes,
                                const rp_array *out, bool parallel);

/* Each element of out (complex) divided by count as NumPy's true_divide
 * by an intp divides it (in complex128). */
void rp_reduce_complex_divide(const rp_array *out, double count);

/* var (std with take_sqrt) of complex in into out of its part dtype, as
 * NumPy's _var: mean, |x - mean|^2 in a temporary laid out as in, its
 * float sum in NumPy's order, divided by max(count - ddof, 0). e[0..3]:
 * the float flags of the mean (its sum; its division << 4), of the
 * deviations (subtract; multiply << 4), of their sum (the sum; the
 * re^2 + im^2 add << 4) and of the final division. */
rp_status rp_reduce_var_complex(const rp_array *in, const bool *axes, const rp_array *out,
                                double ddof, bool take_sqrt, unsigned *e, bool parallel);

#endif
