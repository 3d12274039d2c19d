/*
 * Shared pieces of the reduction kernel files (private to src/kernels).
 * The arithmetic every reduction uses, per accumulator kind:
 *   b: bool (sum is logical or, prod logical and, as NumPy's add/multiply)
 *   i, u: wrapping integers, computed in unsigned types (signed overflow
 *         is undefined in C; NumPy wraps)
 *   f: IEEE float, no contraction (-ffp-contract=off)
 */
#ifndef RAPTORS_REDUCE_KERNELS_H
#define RAPTORS_REDUCE_KERNELS_H

#include "isa.h"
#include "dtypes.h"

#define RP_WIDE_U(A) _Generic((A)0, int64_t: (uint64_t)0, uint64_t: (uint64_t)0, default: 0u)

#define RP_ADD_b(A, x, y) ((A)((x) | (y)))
#define RP_MUL_b(A, x, y) ((A)((x) & (y)))
#define RP_ADD_i(A, x, y) ((A)((x) + RP_WIDE_U(A) + (y)))
#define RP_MUL_i(A, x, y) ((A)(((x) + RP_WIDE_U(A)) * ((y) + RP_WIDE_U(A))))
#define RP_ADD_u RP_ADD_i
#define RP_MUL_u RP_MUL_i
#define RP_ADD_f(A, x, y) ((x) + (y))
#define RP_MUL_f(A, x, y) ((x) * (y))

/* NaN-propagating extremes: once a NaN is in m it stays. */
#define RP_MAX_f(A, m, x) ((((x) > (m)) | ((x) != (x))) ? (x) : (m))
#define RP_MIN_f(A, m, x) ((((x) < (m)) | ((x) != (x))) ? (x) : (m))
/* NaN-skipping extremes (fmin/fmax): a NaN in m gives way to x, a NaN x is
 * passed over; m stays NaN only if every element was. */
#define RP_FMAX_f(A, m, x) ((((x) > (m)) | ((m) != (m))) ? (x) : (m))
#define RP_FMIN_f(A, m, x) ((((x) < (m)) | ((m) != (m))) ? (x) : (m))
#define RP_MAX_i(A, m, x) ((x) > (m) ? (x) : (m))
#define RP_MIN_i(A, m, x) ((x) < (m) ? (x) : (m))
#define RP_MAX_u RP_MAX_i
#define RP_MIN_u RP_MIN_i
#define RP_MAX_b RP_MAX_i
#define RP_MIN_b RP_MIN_i

/* Registrars of the files beside reduce.c (called from its fill). */
void RP_ISA_FN(rp_fill_reduce_pairwise)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_reduce_index)(rp_kernel_table *t);
void RP_ISA_FN(rp_fill_reduce_complex)(rp_kernel_table *t);

#endif
