/*
 * Histogram kernels (src/core/histogram.c): NumPy's uniform-bin assignment
 * in one pass, where numpy.histogram makes about ten (keep mask, compress,
 * cast, subtract, divide, multiply, truncate, two edge corrections,
 * bincount) per block of 65536 elements.
 */
#ifndef RAPTORS_HISTOGRAM_H
#define RAPTORS_HISTOGRAM_H

#include "raptors/raptors.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The dtypes NumPy's arithmetic runs in; each of x's values (dtype x_dt,
 * float32 or float64: NumPy's bin dtype, the caller casts other inputs)
 * goes through, as numpy/lib/_histograms_impl.py does:
 *   keep  = lo <= x <= hi            compared in cmp_dt (lo, hi already
 *                                    rounded to it by the caller)
 *   f     = ((x - lo_sub) / denom) * nbins
 *                                    subtract in sub_dt, divide and multiply
 *                                    in div_dt (NumPy's promotions of its
 *                                    scalars; float32 or float64 each)
 *   i     = (intp)f; i == nbins -> nbins - 1
 *   i -= x < edges[i]; else i += x >= edges[i + 1] && i != nbins - 1
 * edges: nbins + 1 values of x_dt, contiguous.
 */
typedef struct {
    double lo, hi;       /* the keep bounds, exact in cmp_dt */
    double lo_sub;       /* first edge, exact in sub_dt */
    double denom;        /* last - first edge, exact in div_dt */
    rp_intp nbins;
    rp_dtype cmp_dt, sub_dt, div_dt;
    const char *edges;
} rp_hist_uniform;

/* counts[bin] += 1 for every kept element of the n-element strided run x
 * (counts: nbins int64). With w (float64, step wstep bytes) not NULL,
 * sums[bin] += w[j] instead, sequentially in element order (numpy's
 * bincount with weights over one block); counts is then nbins doubles. */
rp_status rp_histogram_uniform(const rp_hist_uniform *h, rp_dtype x_dt, const char *x, rp_intp n,
                               rp_intp xstep, const char *w, rp_intp wstep, void *counts);

#ifdef __cplusplus
}
#endif

#endif
