/*
 * repeat, tile, roll, tril and triu as block copies (src/core/blocks.c): a C-contiguous array
 * seen as outer x n blocks of `block` bytes, each block written count times
 * in a row. repeat(a, c, axis) is outer = the axes before axis, n = the
 * axis, block = the axes after it; tile's reps on one axis are n = 1 with
 * the block the whole of that axis and those after it.
 */
#ifndef RAPTORS_CORE_BLOCKS_H
#define RAPTORS_CORE_BLOCKS_H

#include "raptors/raptors.h"

/* dst (C-contiguous) = each of src's outer * n blocks repeated: count
 * times when counts is NULL, else counts[i] times for block i of every
 * outer run (counts >= 0, checked by the caller). Blocks of 1, 2, 4 or 8
 * bytes are copied as one typed element. Threads split the outer x n blocks when the
 * written bytes reach `par_bytes` (scalar count only: each block's place
 * in dst is then known without a prefix sum). */
void rp_repeat_blocks(const char *src, char *dst, rp_intp outer, rp_intp n, size_t block,
                      rp_intp count, const rp_intp *counts, size_t par_bytes);

/* roll along one axis: for each of the outer runs of n blocks of `block`
 * bytes, block i of src goes to block (i + shift) % n of dst (0 <= shift <
 * n): two copies per run. Threads split dst's bytes when they reach
 * par_bytes. */
void rp_roll_blocks(const char *src, char *dst, rp_intp outer, rp_intp n, size_t block,
                    rp_intp shift, size_t par_bytes);

/* tril (lower) or triu of nmat stacked rows x cols matrices (C order,
 * elements of itemsize bytes): row i keeps columns j <= i + k (lower) or
 * j >= i + k (upper) and zeroes the others (all-zero bytes: 0, +0.0,
 * False). One copy and one fill per row instead of a mask. */
void rp_tri_blocks(const char *src, char *dst, rp_intp nmat, rp_intp rows, rp_intp cols,
                   size_t itemsize, rp_intp k, bool lower);

/* concatenate of C-contiguous arrays along one axis, as block copies: dst
 * (C-contiguous) is `outer` rows, each the next bytes[k] bytes of every
 * source k in turn (source k's own rows lie one after the other). Threads
 * split dst's bytes when they reach par_bytes. */
void rp_concat_blocks(int nin, const char *const *srcs, const size_t *bytes, rp_intp outer,
                      char *dst, size_t par_bytes);

#endif
