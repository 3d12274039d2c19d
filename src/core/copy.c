/* Copy with broadcasting and casting: the engine of astype, setitem, copy. */
#include "fpe.h"
#include "kernels.h"

#include <string.h>

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
