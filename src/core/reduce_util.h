/* Helpers shared by the reduction files (defined in reduce.c). */
#ifndef RAPTORS_REDUCE_UTIL_H
#define RAPTORS_REDUCE_UTIL_H

#include "raptors/raptors.h"
#include "reduce_table.h"

/* A fresh C-contiguous array of dt with a's shape (data NULL on failure). */
typedef struct {
    rp_array a;
    rp_intp strides[RP_MAXDIMS];
    size_t nbytes;
} tmp_array;

rp_status rp_red_tmp_new(tmp_array *t, rp_dtype dt, int ndim, rp_intp *shape);
void rp_red_tmp_free(tmp_array *t);
rp_intp rp_red_in_bytes(const rp_array *a);
/* in's elements in C order as one run of step bytes from *data: in's own
 * memory when its layout allows (t->a.data left NULL), else a C-contiguous
 * copy in t. Free t with rp_red_tmp_free either way. */
rp_status rp_red_flat(const rp_array *in, tmp_array *t, char **data, rp_intp *step);
/* Whether a pass over this many input bytes goes to the pool, and the pool
 * run every reduction job takes (its float flags reach the caller). */
bool rp_red_on_pool(rp_intp bytes);
void rp_red_par_run(rp_intp nchunks, void (*fn)(void *, rp_intp, rp_intp), void *fnctx);
rp_status rp_red_check_keepdims(const rp_array *in, const bool *axes, const rp_array *out);
/* k over every element of it, on the pool in blocks of `unit` elements when
 * the bytes reach the cutoff (each element computed alone: no bit changes) */
void rp_red_run_split(const rp_iter *it, rp_kernel k, const void *ctx, rp_intp unit,
                      rp_intp bytes);
/* out = 0 (its dtype's zero); out = out / d as NumPy's true_divide by an
 * intp count, then sqrt when take_sqrt (real floating out). */
/* The rows walk of reduce.c for a kept inner axis (rp_rows_kernel, columns
 * on the pool when parallel); RP_EVALUE when the layout has none. */
rp_status rp_red_rows_walk(const rp_iter *it, rp_rows_kernel rk, bool parallel);
void rp_red_fill_zero(const rp_array *out);
void rp_red_divide_by(const rp_array *out, double d, bool take_sqrt);

/* The leaves of NumPy's pairwise recursion over a run of n at off: runs of
 * at most `block` stay whole, longer ones split at split(n), down to
 * `levels` levels; their offsets and lengths from index k on, the count
 * returned. The real and complex sums split the same way with their own
 * block and split, so that their threads add the same partial sums. */
static inline int rp_red_pw_leaves(rp_intp off, rp_intp n, int levels, rp_intp block,
                                   rp_intp (*split)(rp_intp), rp_intp *offs, rp_intp *lens, int k)
{
    if (levels == 0 || n <= block) {
        offs[k] = off;
        lens[k] = n;
        return k + 1;
    }
    const rp_intp n2 = split(n);
    k = rp_red_pw_leaves(off, n2, levels - 1, block, split, offs, lens, k);
    return rp_red_pw_leaves(off + n2, n - n2, levels - 1, block, split, offs, lens, k);
}

#endif
