/*
 * Reductions over axes of an rp_array (sum, prod, min, max, any, all,
 * count_nonzero, mean, var/std, argmin/argmax, cumulative sums/products).
 *
 * Floating sums and products have a fixed evaluation order that depends only
 * on the input's shape and strides, never on the ISA or a thread count, so
 * every build returns identical bits (see src/kernels/reduce_pairwise.c for
 * the order and its error bound).
 */
#ifndef RAPTORS_REDUCE_H
#define RAPTORS_REDUCE_H

#include "raptors/raptors.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
#define RP_REDUCE_OP(e, name) RP_RED_##e,
#include "raptors/reduce.def"
#undef RP_REDUCE_OP
    RP_RED_NOPS
} rp_reduce_op;

/* NumPy's ufunc name of a reduction ("maximum"), for messages. */
const char *rp_reduce_op_name(rp_reduce_op op);

/* NumPy's result dtype when no dtype= is given: sum/prod of bool and signed
 * ints -> int64, of unsigned -> uint64; min/max keep the dtype; any/all ->
 * bool; count_nonzero -> int64. */
rp_dtype rp_reduce_dtype(rp_reduce_op op, rp_dtype in);
/* mean/var/std: float64 for bool and integers, the float or complex dtype
 * otherwise (var/std of complex are real: the CPython layer picks the part). */
rp_dtype rp_reduce_mean_dtype(rp_dtype in);

/*
 * out = op over the axes of `in` flagged in axes[0..in->ndim). out is in
 * "keepdims" form: out->ndim == in->ndim, out->shape[i] == 1 where axes[i],
 * else in->shape[i]; any strides. out's dtype is the accumulation dtype
 * (NumPy's dtype=): the input is converted to it element by element.
 * out must not overlap in.
 * *errors (when not NULL) receives the floating-point errors as RP_UFUNC_*
 * bits (raptors/ufunc.h), whatever the thread count: for sum and prod those
 * of the whole reduction, for the others only those of converting the input
 * to out's dtype (NumPy's min/max report no "invalid" for a NaN).
 * An empty reduction gives the identity (0, 1, false, true, 0); MIN/MAX
 * over an empty extent is RP_EVALUE (as NumPy, even if the result is empty).
 */
rp_status rp_reduce(rp_reduce_op op, const rp_array *in, const bool *axes, const rp_array *out,
                    unsigned *errors);

/* The same, starting from `initial` (one element of out's dtype) instead of
 * the identity (NumPy's initial=): an empty MIN/MAX then gives initial. */
rp_status rp_reduce_initial(rp_reduce_op op, const rp_array *in, const bool *axes,
                            const rp_array *out, const void *initial, unsigned *errors);

/* float16 SUM or PROD with NumPy's where=: mask (bool, in's shape) selects
 * the elements; out starts from initial (or the identity) and each run of
 * selected elements is reduced and rounded to half into it, as NumPy's
 * masked inner loop calls the float16 loop once per run. RP_ETYPE unless
 * in and out are float16, or (SUM: float16 mean's accumulation) out is
 * float32. *errors as rp_reduce's. */
rp_status rp_reduce_half_where(rp_reduce_op op, const rp_array *in, const rp_array *mask,
                               const bool *axes, const rp_array *out, const void *initial,
                               unsigned *errors);

/* The number of elements each output of a reduction over `axes` combines. */
rp_intp rp_reduce_count(const rp_array *in, const bool *axes);

/* mean = sum / count in out's (floating or complex) dtype. With count 0 the
 * result is NaN (the caller warns as NumPy does). *errors: the sum's float
 * errors; for a complex mean also its division's, << RP_VAR_MEAN_DIV_SHIFT. */
rp_status rp_reduce_mean(const rp_array *in, const bool *axes, const rp_array *out,
                         unsigned *errors);

/* var = sum((x - mean)^2) / max(count - ddof, 0), in out's floating dtype,
 * as NumPy computes it (mean first, then squared deviations); std = sqrt(var).
 * *errors holds one byte of RP_UFUNC_* bits per pass, as NumPy reports each
 * pass on its own: the mean's sum (RP_VAR_MEAN_SHIFT), the squared
 * deviations (RP_VAR_DEV_SHIFT), their sum (RP_VAR_SUM_SHIFT), the division
 * by count - ddof (RP_VAR_DIV_SHIFT; by 0 when ddof >= count); the mean's own
 * division has the nibble above the mean's sum. Complex in (out of its part
 * dtype, NumPy's |x - mean|^2 summed): the deviations' byte holds the
 * subtraction's flags low and the squares' high, the sum's byte the re^2 +
 * im^2 add's in its high nibble. */
enum {
    RP_VAR_MEAN_SHIFT = 0,
    RP_VAR_MEAN_DIV_SHIFT = 4, /* the mean's division (RP_UFUNC_* fit in 4 bits) */
    RP_VAR_DEV_SHIFT = 8,
    RP_VAR_SUM_SHIFT = 16,
    RP_VAR_DIV_SHIFT = 24,
};
rp_status rp_reduce_var(const rp_array *in, const bool *axes, const rp_array *out, double ddof,
                        bool take_sqrt, unsigned *errors);

/*
 * Index of the first minimum (is_max false) or maximum; a NaN counts as the
 * extreme, so the first NaN's index wins, as in NumPy. axis < 0: over the
 * array flattened in C order, out has one element. Otherwise out is in
 * keepdims form for that axis. out dtype must be int64. An empty axis is
 * RP_EVALUE.
 */
rp_status rp_argreduce(bool is_max, const rp_array *in, int axis, const rp_array *out);

/*
 * Running sum (op RP_RED_SUM) or product (RP_RED_PROD) along axis, in out's
 * dtype (the input converted element by element). axis < 0: over the array
 * flattened in C order, out is 1-D with in's size; else out has in's shape.
 * Sequential order, as NumPy's accumulate. out must not overlap in.
 * *errors (when not NULL): the floating-point errors as RP_UFUNC_* bits, those
 * of converting the input to out's dtype shifted by RP_ACC_CAST_SHIFT (NumPy
 * reports them as a cast, before the accumulation's).
 */
enum { RP_ACC_CAST_SHIFT = 8 };
rp_status rp_accumulate(rp_reduce_op op, const rp_array *in, int axis, const rp_array *out,
                        unsigned *errors);

#ifdef __cplusplus
}
#endif

#endif
