/* Copy with broadcasting and casting: the engine of astype, setitem, copy. */
#include "copy.h"
#include "fpe.h"
#include "kernels.h"

#include <string.h>

static rp_intp abs_intp(rp_intp x) { return x < 0 ? -x : x; }

/*
 * Where dst writes some bytes more than once (np.lib.stride_tricks.as_strided
 * views), the visiting order decides which value stays: the last one. NumPy
 * assigns (x[...] = v, copyto) in its raw-copy order: axes by decreasing
 * |dst stride| (ties in axis order), each walked towards higher addresses;
 * its ufuncs write their buffered result back in C order. The plain iterator
 * is free to pick any order, so such destinations come here.
 */
rp_status rp_copy_in_order(const rp_array *dst, const rp_array *src, const rp_intp *sstrides,
                           bool c_order)
{
    int nd = dst->ndim, perm[RP_MAXDIMS];
    for (int i = 0; i < nd; i++) {
        int j = i;
        rp_intp si = abs_intp(dst->strides[i]);
        for (; !c_order && j > 0 && abs_intp(dst->strides[perm[j - 1]]) < si; j--)
            perm[j] = perm[j - 1];
        perm[j] = i;
    }
    rp_intp shape[RP_MAXDIMS], ds[RP_MAXDIMS], ss[RP_MAXDIMS];
    char *data[2] = {src->data, dst->data};
    for (int k = 0; k < nd; k++) {
        int ax = perm[k];
        shape[k] = dst->shape[ax];
        ds[k] = dst->strides[ax];
        ss[k] = sstrides[ax];
        if (!c_order && ds[k] < 0) {
            /* In bounds: dst spans this far, and so does src unless it is
             * broadcast (stride 0). */
            data[1] += ds[k] * (shape[k] - 1);
            data[0] += ss[k] * (shape[k] - 1);
            ds[k] = -ds[k];
            ss[k] = -ss[k];
        }
    }
    const rp_intp *strides[2] = {ss, ds};
    rp_iter it;
    rp_status st = rp_iter_init(&it, 2, data, nd, shape, strides, RP_ITER_C_ORDER);
    if (st == RP_OK)
        rp_iter_run(&it, 0, it.size, rp_kt.cast.k[src->dtype][dst->dtype], NULL);
    return st;
}

rp_status rp_array_copy(const rp_array *dst, const rp_array *src)
{
    rp_intp sstrides[RP_MAXDIMS];
    rp_status st = rp_broadcast_strides(src, dst->ndim, dst->shape, sstrides);
    if (st != RP_OK)
        return st;
    if (rp_array_size(dst) == 0)
        return RP_OK;

    /* A source that overlaps the destination (but is not exactly it) is read
     * from a private copy first, so no element is overwritten before it is read. */
    rp_array tmp = *src;
    void *buf = NULL;
    size_t nbytes = 0;
    /* (0-d descriptors may carry NULL strides, which memcmp must not see.) */
    bool same = src->data == dst->data && src->ndim == dst->ndim &&
                (dst->ndim == 0 ||
                 memcmp(sstrides, dst->strides, sizeof(rp_intp) * (size_t)dst->ndim) == 0);
    if (!same && rp_arrays_may_overlap(dst, src)) {
        rp_intp tstrides[RP_MAXDIMS];
        st = rp_shape_nbytes(src->ndim, src->shape, rp_dtype_size(src->dtype), &nbytes);
        if (st != RP_OK)
            return st;
        if (!(buf = rp_alloc(nbytes)))
            return RP_ENOMEM;
        rp_strides_for(src->ndim, src->shape, (rp_intp)rp_dtype_size(src->dtype), 'C', tstrides);
        tmp.data = buf;
        tmp.strides = tstrides;
        st = rp_array_copy(&tmp, src);
        if (st == RP_OK)
            st = rp_array_copy(dst, &tmp);
        rp_free(buf, nbytes);
        return st;
    }
    if (same && src->dtype == dst->dtype)
        return RP_OK;

    if (rp_array_may_self_overlap(dst))
        return rp_copy_in_order(dst, src, sstrides, false);
    char *data[2] = {src->data, dst->data};
    const rp_intp *strides[2] = {sstrides, dst->strides};
    rp_iter it;
    st = rp_iter_init(&it, 2, data, dst->ndim, dst->shape, strides, 0);
    if (st != RP_OK)
        return st;
    rp_iter_run(&it, 0, it.size, rp_kt.cast.k[src->dtype][dst->dtype], NULL);
    return RP_OK;
}

rp_status rp_array_cast(const rp_array *dst, const rp_array *src, unsigned *errors)
{
    rp_fpe_start();
    rp_status st = rp_array_copy(dst, src);
    unsigned e = rp_fpe_bits();
    if (errors)
        *errors = e;
    return st;
}
