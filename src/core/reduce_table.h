/* Kernel slots of the reductions (filled by src/kernels/reduce*.c). */
#ifndef RAPTORS_REDUCE_TABLE_H
#define RAPTORS_REDUCE_TABLE_H

#include "raptors/reduce.h"

/*
 * Streams rows into an accumulator row: out[j] = out[j] OP reduce over r of
 * in[r * rstep + j * cstep], r < nrows, j < ncols (the reduced axis outer,
 * the kept axis inner). Rows are combined in blocks of 8 (a fixed tree) and
 * blocks pairwise, so a column sum's error grows with log(nrows).
 * scratch: rp_reduce_rows_scratch(nrows) bytes, 64-byte aligned.
 */
typedef void (*rp_rows_kernel)(const char *in, rp_intp nrows, rp_intp rstep, rp_intp ncols,
                               rp_intp cstep, char *out, rp_intp ostep, void *scratch);
/* Index of the first extreme (NaN first) of n >= 1 elements. */
typedef rp_intp (*rp_arg_kernel)(const char *in, rp_intp n, rp_intp step);

/* Scratch for a rows kernel: one accumulator tile per pairwise level + 1. */
#define RP_ROWS_TILE_BYTES 16384
#define RP_ROWS_BLOCK 8
static inline size_t rp_reduce_rows_scratch(rp_intp nrows)
{
    rp_intp blocks = (nrows + RP_ROWS_BLOCK - 1) / RP_ROWS_BLOCK;
    size_t levels = 1;
    while (blocks > 1) {
        levels++;
        blocks = (blocks + 1) / 2;
    }
    return (levels + 1) * RP_ROWS_TILE_BYTES;
}

/*
 * Optional ctx of the floating sum/prod kernels k[] (out step 0): a run of at
 * least min_elems elements is cut into chunks of a power-of-two number of
 * 512-element blocks (the count fixed by the run length alone) and the
 * chunks' unfolded partials are computed through parallel(), then combined
 * in the serial pairwise order, so the bits do not depend on who ran what.
 * parallel(nchunks, fn, fnctx) must call fn over every range of [0, nchunks);
 * with parallel NULL the kernel runs serially.
 */
typedef struct {
    void (*parallel)(rp_intp nchunks, void (*fn)(void *, rp_intp, rp_intp), void *fnctx);
    rp_intp min_elems;
    /* Unit-stride runs ask for their lines ahead of use: set when the input
     * exceeds rp_reduce_prefetch_bytes() (parallel may then be NULL: serial). */
    bool prefetch;
} rp_reduce_par;

/* Sets the input size (bytes) from which reductions use threads; returns
 * the previous one (tests lower it to reach the threaded paths). */
rp_intp rp_reduce_set_par_bytes(rp_intp bytes);
rp_intp rp_reduce_par_bytes(void);
/* Floating sums of inputs larger than this many bytes prefetch ahead
 * (PTRDIFF_MAX: never); the setter returns the previous value. */
rp_intp rp_reduce_set_prefetch_bytes(rp_intp bytes);
rp_intp rp_reduce_prefetch_bytes(void);

typedef struct {
    /*
     * k[op][in][acc], args = {in, out}, steps = {in, out}. With out step 0:
     * *out = *out OP reduce(in[0..n)); otherwise out[i] = out[i] OP in[i].
     * in is converted to acc element by element. NULL where not provided:
     * the driver converts the input first.
     */
    rp_kernel k[RP_RED_NOPS][RP_NTYPES][RP_NTYPES];
    /* Floating sum/prod/nansum only: rows[op][in][acc]. */
    rp_rows_kernel rows[RP_RED_NOPS][RP_NTYPES][RP_NTYPES];
    /* Running sum/prod, same dtype in and out: args = {in, out}. */
    rp_kernel cum[2][RP_NTYPES];
    /* arg[0] argmin, arg[1] argmax. */
    rp_arg_kernel arg[2][RP_NTYPES];
    /* The same with the axis outer, rows streamed (rp_rows_kernel's shape;
     * out holds int64 indices; scratch: ncols * 24 bytes). */
    rp_rows_kernel argrows[2][RP_NTYPES];
    /* Floating dtypes: args = {x, mean, out}: out = (x - mean)^2. */
    rp_kernel sqdev[RP_NTYPES];
} rp_reduce_table;

#endif
