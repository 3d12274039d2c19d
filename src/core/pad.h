/*
 * np.pad's copying modes as one pass over the result (src/core/pad.c).
 *
 * Every mode but constant maps each index j of a padded axis to one index
 * of the source axis (NumPy's iterative padding extends each mode
 * periodically however wide the pad: see rp_pad_source), so a result row
 * (the last axis) is the source row at the mapped leading indices: its
 * centre one copy, its borders single elements. In constant mode a row
 * whose leading index lies in a pad is a fill with the value of the LAST
 * such axis (NumPy pads axis by axis, each over the extent the earlier ones
 * padded, so later axes win at the corners), and the last axis's own
 * borders always take its values.
 */
#ifndef RAPTORS_CORE_PAD_H
#define RAPTORS_CORE_PAD_H

#include "raptors/raptors.h"

typedef enum {
    RP_PAD_CONSTANT,
    RP_PAD_EDGE,
    RP_PAD_REFLECT,
    RP_PAD_SYMMETRIC,
    RP_PAD_WRAP,
} rp_pad_mode;

/* The source index (0 <= result < n, n >= 1) that pad position j copies, j
 * counted from the source's first element (j < 0 before it, j >= n after):
 * edge clamps, wrap is periodic in n, symmetric mirrors with the edge
 * repeated (period 2n), reflect without it (period 2n - 2; n == 1: 0). */
rp_intp rp_pad_source(rp_intp j, rp_intp n, rp_pad_mode mode);

/* dst (C-contiguous, extent before[k] + src->shape[k] + after[k] on each of
 * src's ndim >= 1 axes) = src padded. src may have any strides. values holds
 * 2 * ndim elements of src's itemsize (before and after of each axis), read
 * in constant mode only. Modes other than constant need every padded axis
 * non-empty (RP_EVALUE otherwise, NumPy's "can't extend empty axis"). Threads
 * split the rows (or, for few long rows, each row's centre) when the result
 * reaches par_bytes. RP_ENOMEM if the index tables cannot be allocated. */
rp_status rp_pad(const rp_array *src, char *dst, const rp_intp *before, const rp_intp *after,
                 rp_pad_mode mode, const char *values, size_t par_bytes);

#endif
