/* The core's copy helpers beyond the public rp_array_copy. */
#ifndef RAPTORS_COPY_H
#define RAPTORS_COPY_H

#include "raptors/raptors.h"

/* dst[...] = src (src's strides already broadcast to dst's shape: sstrides),
 * visiting dst in C order (c_order) or in NumPy's raw-copy order, which is
 * what decides the result where dst writes some bytes more than once. No
 * overlap check between dst and src: the caller has done it. */
rp_status rp_copy_in_order(const rp_array *dst, const rp_array *src, const rp_intp *sstrides,
                           bool c_order);

#endif
