/*
 * numpy.histogram's uniform bins in one pass (see raptors/histogram.h for
 * the arithmetic). Each step is written in the dtype NumPy computes it in,
 * so bins agree bit for bit, including values on the edges: the division
 * rounds, and NumPy then moves the index by one when the computed edge
 * disagrees with the comparison against the linspace edges; the same
 * correction is done here per element.
 */
#include "raptors/histogram.h"

#include <stdint.h>

/* One instantiation per (x, compare, subtract, divide) dtype combination
 * NumPy's promotions can produce from float32/float64 data and edges. */
#define HIST_BODY(T, C, S, D)                                                                      \
    static void hist_##T##_##C##_##S##_##D(const rp_hist_uniform *h, const char *xp, rp_intp n,    \
                                           rp_intp xs, const char *wp, rp_intp ws, void *out)      \
    {                                                                                              \
        const C lo = (C)h->lo, hi = (C)h->hi;                                                      \
        const S lo_sub = (S)h->lo_sub;                                                             \
        const D denom = (D)h->denom, nb = (D)h->nbins;                                             \
        const T *edges = (const T *)h->edges;                                                      \
        const rp_intp last = h->nbins - 1;                                                         \
        int64_t *counts = out;                                                                     \
        double *sums = out;                                                                        \
        for (rp_intp j = 0; j < n; j++, xp += xs) {                                                \
            const T x = *(const T *)xp;                                                            \
            if (!((C)x >= lo && (C)x <= hi))                                                       \
                continue; /* NaN too */                                                            \
            const D f = (D)((S)x - lo_sub) / denom * nb;                                           \
            rp_intp i = (rp_intp)f;                                                                \
            if (i == h->nbins)                                                                     \
                i--;                                                                               \
            if (x < edges[i])                                                                      \
                i--;                                                                               \
            else if (i != last && x >= edges[i + 1])                                               \
                i++;                                                                               \
            if (i < 0 || i > last)                                                                 \
                continue; /* unreachable for x in [lo, hi]; no write outside out */                \
            if (wp)                                                                                \
                sums[i] += *(const double *)(wp + j * ws);                                         \
            else                                                                                   \
                counts[i]++;                                                                       \
        }                                                                                          \
    }
HIST_BODY(double, double, double, double)
HIST_BODY(float, float, float, float)
HIST_BODY(float, float, float, double)

/* float32 bins arise only from float32 data with float32 or Python-float
 * edges: then the keep test and the subtraction run in float32, and the
 * division in float32 (edges from the data: float32 scalars) or float64
 * (a range= of Python floats: their difference is a float64 scalar). */
rp_status rp_histogram_uniform(const rp_hist_uniform *h, rp_dtype x_dt, const char *x, rp_intp n,
                               rp_intp xstep, const char *w, rp_intp wstep, void *counts)
{
    if (h->nbins < 1)
        return RP_EVALUE;
    if (x_dt == RP_FLOAT64 && h->cmp_dt == RP_FLOAT64 && h->sub_dt == RP_FLOAT64 &&
        h->div_dt == RP_FLOAT64)
        hist_double_double_double_double(h, x, n, xstep, w, wstep, counts);
    else if (x_dt == RP_FLOAT32 && h->cmp_dt == RP_FLOAT32 && h->sub_dt == RP_FLOAT32 &&
             h->div_dt == RP_FLOAT32)
        hist_float_float_float_float(h, x, n, xstep, w, wstep, counts);
    else if (x_dt == RP_FLOAT32 && h->cmp_dt == RP_FLOAT32 && h->sub_dt == RP_FLOAT32 &&
             h->div_dt == RP_FLOAT64)
        hist_float_float_float_double(h, x, n, xstep, w, wstep, counts);
    else
        return RP_ETYPE;
    return RP_OK;
}
