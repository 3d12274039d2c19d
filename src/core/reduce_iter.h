/* The iterator every reduction pass walks (reduce.c, reduce_numpy.c). */
#ifndef RAPTORS_REDUCE_ITER_H
#define RAPTORS_REDUCE_ITER_H

#include "raptors/raptors.h"

/* in and out (keepdims form) walked together over in's shape, out's
 * stride 0 along the reduced axes, so each output element collects the
 * elements that reduce into it. */
static inline rp_status rp_reduce_iter_init(rp_iter *it, const rp_array *in, const bool *axes,
                                            const rp_array *out)
{
    rp_intp ostrides[RP_MAXDIMS];
    for (int i = 0; i < in->ndim; i++)
        ostrides[i] = axes[i] ? 0 : out->strides[i];
    char *data[2] = {in->data, out->data};
    const rp_intp *strides[2] = {in->strides, ostrides};
    return rp_iter_init(it, 2, data, in->ndim, in->shape, strides, 0);
}

#endif
