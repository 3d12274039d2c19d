/*
 * Advanced indexing in the core: index arrays and masks become byte
 * offsets once, then one gather and one scatter driver move whole
 * sub-blocks (the axes the index leaves alone) per offset.
 */
#ifndef RAPTORS_CORE_INDEX_H
#define RAPTORS_CORE_INDEX_H

#include "raptors/raptors.h"

/* Odometer step over shape (C order); returns false after the last position. */
static inline bool rp_index_next_pos(int ndim, const rp_intp *shape, rp_intp *pos)
{
    for (int k = ndim - 1; k >= 0; k--) {
        if (++pos[k] < shape[k])
            return true;
        pos[k] = 0;
    }
    return false;
}

/* Walks the rows (the innermost axis) of a in C order; a 0-d array is one
 * row of one element, an empty one none. ROW sees `row` (its first byte),
 * `pos` (the outer coordinates), `inner` and `step`; a `break` in ROW ends
 * the walk. */
#define RP_INDEX_ROW_WALK(a, ROW)                                                                  \
    do {                                                                                           \
        int nd_ = (a)->ndim;                                                                       \
        bool empty_ = false;                                                                       \
        for (int k_ = 0; k_ < nd_; k_++)                                                           \
            empty_ |= (a)->shape[k_] == 0;                                                         \
        if (empty_)                                                                                \
            break;                                                                                 \
        rp_intp pos[RP_MAXDIMS] = {0};                                                             \
        rp_intp inner = nd_ ? (a)->shape[nd_ - 1] : 1;                                             \
        rp_intp step = nd_ ? (a)->strides[nd_ - 1] : 0;                                            \
        do {                                                                                       \
            const char *row = (a)->data;                                                           \
            for (int k_ = 0; k_ < nd_ - 1; k_++)                                                   \
                row += pos[k_] * (a)->strides[k_];                                                 \
            ROW                                                                                    \
        } while (nd_ > 1 && rp_index_next_pos(nd_ - 1, (a)->shape, pos));                          \
    } while (0)

/* One integer index, broadcast over the common index shape: element
 * (i0, i1, ...) sits at data + sum(i_k * strides[k]) (strides may be 0). */
typedef struct {
    const rp_intp *data;
    const rp_intp *strides; /* bytes, over the broadcast shape */
    rp_intp len;            /* length of the indexed axis */
    rp_intp stride;         /* byte stride of the indexed axis */
} rp_index_term;

/* offsets[i] = sum over terms of (normalised index) * stride, i walking
 * the broadcast shape in C order. A negative index counts from the end;
 * one outside [-len, len) is RP_EINDEX with *bad_term and *bad_value set
 * (the first such in C order, NumPy's report). */
rp_status rp_index_offsets(int nterms, const rp_index_term *terms, int ndim, const rp_intp *shape,
                           rp_intp *offsets, int *bad_term, rp_intp *bad_value);

/* Number of true elements of a bool array of any layout. */
rp_intp rp_index_mask_count(const rp_array *mask);
/* The offsets the true elements of mask select, in C order, given the
 * byte strides of the axes it covers: count, then pack. */
void rp_index_mask_offsets(const rp_array *mask, const rp_intp *axis_strides, rp_intp *offsets);
/* The coordinates of the true elements (nonzero): coords[k][i] for axis k. */
void rp_index_mask_coords(const rp_array *mask, rp_intp *const *coords);

/* A gather or scatter: for each outer position, each offset, each inner
 * position, the element at base + outer + offsets[j] + inner. The packed
 * side is C-contiguous over outer x n x inner. */
typedef struct {
    char *base;
    size_t itemsize;
    int nouter, ninner;
    rp_intp oshape[RP_MAXDIMS], ostrides[RP_MAXDIMS];
    rp_intp ishape[RP_MAXDIMS], istrides[RP_MAXDIMS];
    rp_intp n;
    const rp_intp *offsets;
} rp_index_plan;

void rp_index_gather(const rp_index_plan *p, char *out);
/* out = the count elements of src (mask's shape, the given byte strides)
 * where mask is true, in C order, in one pass; false (nothing done) for a
 * 0-d mask or an itemsize above 8. */
bool rp_index_compress(const rp_array *mask, const char *src, const rp_intp *strides,
                       size_t itemsize, char *out, rp_intp count);
/* Assignment through a mask of dst's own shape (src/core/index_set.c), in
 * one pass: dst's elements (byte strides `strides`) where mask is true get
 * *value (fill) or the count elements of src in C order (expand, the
 * inverse of compress). false (nothing done) for a 0-d mask or an itemsize
 * other than 1, 2, 4 or 8. */
bool rp_index_mask_fill(const rp_array *mask, char *dst, const rp_intp *strides, size_t itemsize,
                        const char *value);
bool rp_index_expand(const rp_array *mask, char *dst, const rp_intp *strides, size_t itemsize,
                     const char *src, rp_intp count);
/* x[idx] = rows along the first axis, rows of `row` contiguous bytes: row j
 * of src (src_step bytes apart; 0 repeats one row) goes to row idx[j] of dst
 * (idx[j] < 0 counting from len), in order, so the last of repeated indices
 * wins. Every index is checked first: returns n, or the position of the
 * first outside [-len, len) with nothing written. */
rp_intp rp_index_put_first(char *dst, rp_intp len, rp_intp stride, size_t row, const rp_intp *idx,
                           rp_intp n, const char *src, rp_intp src_step);
/* Writes in order, so of repeated offsets the last write wins. */
void rp_index_scatter(const rp_index_plan *p, const char *in);

/* x[idx] along the first axis when each row (the axes after it) is one
 * contiguous run of `row` bytes: out[j] = the row at src + idx[j] * stride,
 * idx[j] < 0 counting from len. Bounds are checked as rows are copied;
 * returns n, or the position of the first index outside [-len, len). */
/* Whether every idx[0..n) is in [-len, len) (len < 2^62): 0 no, 1 yes
 * with some negative, 2 yes and none negative. */
int rp_index_bounds(const rp_intp *idx, rp_intp n, rp_intp len);
rp_intp rp_index_take_first(const char *src, rp_intp len, rp_intp stride, size_t row,
                            const rp_intp *idx, rp_intp n, char *out);

/* nonzero (src/core/nonzero.c), for an array of any dtype: elements are
 * tested by value (floats: -0.0 is zero, NaN is not; bool and integers: any
 * nonzero bits). Count first, then fill exactly count entries. */
rp_intp rp_index_nonzero_count(const rp_array *a);
/* coords[k][i]: axis k's coordinate of the i-th nonzero element in C order
 * (a 0-d array has none); when flat is not NULL, instead, flat[i]: the
 * element's C-order flat index (flatnonzero). */
void rp_index_nonzero_fill(const rp_array *a, rp_intp *const *coords, rp_intp *flat, rp_intp count);

#endif
