/* Array descriptors: sizes, contiguity, extents, broadcasting, reshaping. */
#include "raptors/raptors.h"

rp_status rp_shape_size(int ndim, const rp_intp *shape, rp_intp *size)
{
    bool empty = false;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return RP_EVALUE;
        empty |= shape[i] == 0;
    }
    /* A zero extent makes the product 0 even when the others would
     * overflow, as in NumPy: np.empty((0, 2**62, 2**62)) is valid. */
    rp_intp n = 1;
    for (int i = 0; i < ndim && !empty; i++)
        if (__builtin_mul_overflow(n, shape[i], &n))
            return RP_EOVERFLOW;
    *size = empty ? 0 : n;
    return RP_OK;
}

rp_status rp_shape_nbytes(int ndim, const rp_intp *shape, size_t itemsize, size_t *nbytes)
{
    rp_intp n;
    rp_status st = rp_shape_size(ndim, shape, &n);
    if (st != RP_OK)
        return st;
    rp_intp total;
    if (__builtin_mul_overflow(n, (rp_intp)itemsize, &total))
        return RP_ENOMEM;
    *nbytes = (size_t)total;
    return RP_OK;
}

void rp_strides_for(int ndim, const rp_intp *shape, rp_intp itemsize, char order, rp_intp *strides)
{
    rp_intp s = itemsize;
    if (order == 'F') {
        for (int i = 0; i < ndim; i++) {
            strides[i] = s;
            s *= shape[i] ? shape[i] : 1;
        }
    } else {
        for (int i = ndim - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i] ? shape[i] : 1;
        }
    }
}

rp_intp rp_array_size(const rp_array *a)
{
    rp_intp n = 1;
    for (int i = 0; i < a->ndim; i++)
        n *= a->shape[i];
    return n;
}

static bool is_contig(const rp_array *a, bool c_order)
{
    /* Empty is contiguous whatever the strides, so look for a zero extent
     * before judging any axis: (1, 0, 3) with strides (8, 8, 48) is empty. */
    for (int i = 0; i < a->ndim; i++)
        if (a->shape[i] == 0)
            return true;
    rp_intp expect = (rp_intp)rp_dtype_size(a->dtype);
    for (int k = 0; k < a->ndim; k++) {
        int i = c_order ? a->ndim - 1 - k : k;
        if (a->shape[i] == 1)
            continue;
        if (a->strides[i] != expect)
            return false;
        expect *= a->shape[i];
    }
    return true;
}

bool rp_array_is_c_contig(const rp_array *a) { return is_contig(a, true); }
bool rp_array_is_f_contig(const rp_array *a) { return is_contig(a, false); }

void rp_array_extent(const rp_array *a, char **lo, char **hi)
{
    char *l = a->data, *h = a->data;
    for (int i = 0; i < a->ndim; i++) {
        if (a->shape[i] == 0) {
            *lo = *hi = a->data;
            return;
        }
        rp_intp span = a->strides[i] * (a->shape[i] - 1);
        if (span < 0)
            l += span;
        else
            h += span;
    }
    *lo = l;
    *hi = h + rp_dtype_size(a->dtype);
}

bool rp_arrays_may_overlap(const rp_array *a, const rp_array *b)
{
    char *alo, *ahi, *blo, *bhi;
    rp_array_extent(a, &alo, &ahi);
    rp_array_extent(b, &blo, &bhi);
    /* An empty array shares no memory with anything (as in NumPy). */
    return alo < ahi && blo < bhi && alo < bhi && blo < ahi;
}

static rp_intp abs_intp(rp_intp x) { return x < 0 ? -x : x; }

bool rp_array_may_self_overlap(const rp_array *a)
{
    /* Axes of length > 1 by increasing |stride|: the elements are distinct
     * when each axis steps past everything the axes inside it reach. */
    rp_intp st[RP_MAXDIMS], n[RP_MAXDIMS];
    int k = 0;
    for (int i = 0; i < a->ndim; i++) {
        if (a->shape[i] == 0)
            return false;
        if (a->shape[i] == 1)
            continue;
        rp_intp s = abs_intp(a->strides[i]);
        int j = k++;
        for (; j > 0 && st[j - 1] > s; j--) {
            st[j] = st[j - 1];
            n[j] = n[j - 1];
        }
        st[j] = s;
        n[j] = a->shape[i];
    }
    rp_intp reach = (rp_intp)rp_dtype_size(a->dtype);
    for (int j = 0; j < k; j++) {
        if (st[j] < reach)
            return true;
        rp_intp span;
        /* A reach past the address space cannot be a real array: answer
         * "may overlap", the answer that is always safe. */
        if (__builtin_mul_overflow(st[j], n[j] - 1, &span) ||
            __builtin_add_overflow(reach, span, &reach))
            return true;
    }
    return false;
}

/* Strides contiguous in the axis order perm (outermost first). */
static void strides_in_order(int ndim, const int *perm, const rp_intp *shape, rp_intp itemsize,
                             rp_intp *strides)
{
    rp_intp s = itemsize;
    for (int k = ndim - 1; k >= 0; k--) {
        strides[perm[k]] = s;
        s *= shape[perm[k]] ? shape[perm[k]] : 1;
    }
}

void rp_strides_like(const rp_array *like, const rp_intp *shape, rp_intp itemsize,
                     rp_intp *strides)
{
    int nd = like->ndim;
    if (!shape)
        shape = like->shape;
    if (nd <= 1 || rp_array_is_c_contig(like)) {
        rp_strides_for(nd, shape, itemsize, 'C', strides);
        return;
    }
    if (rp_array_is_f_contig(like)) {
        rp_strides_for(nd, shape, itemsize, 'F', strides);
        return;
    }
    /* Neither: a stable sort of the axes by decreasing |stride|. */
    int perm[RP_MAXDIMS];
    for (int i = 0; i < nd; i++) {
        rp_intp si = abs_intp(like->strides[i]);
        int j = i;
        for (; j > 0 && abs_intp(like->strides[perm[j - 1]]) < si; j--)
            perm[j] = perm[j - 1];
        perm[j] = i;
    }
    strides_in_order(nd, perm, shape, itemsize, strides);
}

void rp_strides_for_operands(int nop, const rp_array *const *ops, int ndim,
                             const rp_intp *shape, rp_intp itemsize, rp_intp *out)
{
    /* NumPy's trivial loop first: operands all 0-d or of the output's shape,
     * all C- (or all F-) contiguous, give a C (F) result. */
    bool trivial = true, c = true, f = true;
    for (int op = 0; op < nop && trivial; op++) {
        const rp_array *a = ops[op];
        if (a->ndim == 0)
            continue;
        trivial = a->ndim == ndim;
        for (int i = 0; trivial && i < ndim; i++)
            trivial = a->shape[i] == shape[i];
        c = c && rp_array_is_c_contig(a);
        f = f && rp_array_is_f_contig(a);
    }
    if (trivial && (c || f)) {
        rp_strides_for(ndim, shape, itemsize, c ? 'C' : 'F', out);
        return;
    }
    rp_intp bst[RP_MAXOPS][RP_MAXDIMS];
    const rp_intp *strides[RP_MAXOPS];
    if (nop > RP_MAXOPS)
        nop = RP_MAXOPS;
    for (int op = 0; op < nop; op++) {
        strides[op] = bst[op];
        /* (an operand that does not broadcast has no say) */
        if (rp_broadcast_strides(ops[op], ndim, shape, bst[op]) != RP_OK)
            for (int i = 0; i < ndim; i++)
                bst[op][i] = 0;
    }
    /* NumPy's nditer axis sort (npyiter_find_best_axis_ordering): an
     * insertion sort, innermost first, where an axis moves inside another
     * only if every operand with non-zero strides on both agrees. */
    int perm[RP_MAXDIMS]; /* innermost first */
    for (int i = 0; i < ndim; i++)
        perm[i] = ndim - 1 - i;
    for (int i0 = 1; i0 < ndim; i0++) {
        int ax0 = perm[i0], pos = i0;
        for (int i1 = i0 - 1; i1 >= 0; i1--) {
            int ax1 = perm[i1];
            bool ambiguous = true, swap = false;
            for (int op = 0; op < nop; op++) {
                rp_intp s0 = strides[op][ax0], s1 = strides[op][ax1];
                if (s0 == 0 || s1 == 0)
                    continue;
                if (abs_intp(s1) <= abs_intp(s0))
                    swap = false;
                else if (ambiguous)
                    swap = true;
                ambiguous = false;
            }
            if (ambiguous)
                continue;
            if (!swap)
                break;
            pos = i1;
        }
        for (int k = i0; k > pos; k--)
            perm[k] = perm[k - 1];
        perm[pos] = ax0;
    }
    int outer[RP_MAXDIMS];
    for (int i = 0; i < ndim; i++)
        outer[i] = perm[ndim - 1 - i];
    strides_in_order(ndim, outer, shape, itemsize, out);
}

rp_intp rp_stride_times(rp_intp stride, rp_intp step)
{
    rp_intp r;
    if (!__builtin_mul_overflow(stride, step, &r))
        return r;
    return (rp_intp)((size_t)stride * (size_t)step);
}

rp_status rp_array_check(const rp_array *a)
{
    size_t nbytes;
    rp_status st = rp_shape_nbytes(a->ndim, a->shape, rp_dtype_size(a->dtype), &nbytes);
    if (st != RP_OK)
        return st == RP_ENOMEM ? RP_EOVERFLOW : st;
    if (nbytes == 0)
        return RP_OK;
    /* The offsets reach from lo (negative strides) to hi (positive ones). */
    rp_intp lo = 0, hi = (rp_intp)rp_dtype_size(a->dtype), span;
    for (int i = 0; i < a->ndim; i++) {
        if (__builtin_mul_overflow(a->strides[i], a->shape[i] - 1, &span) ||
            (span < 0 ? __builtin_add_overflow(lo, span, &lo) : __builtin_add_overflow(hi, span, &hi)))
            return RP_EOVERFLOW;
    }
    if (__builtin_sub_overflow(hi, lo, &span))
        return RP_EOVERFLOW;
    return RP_OK;
}

rp_status rp_broadcast_shapes(int n, const int *ndims, const rp_intp *const *shapes, int *out_ndim,
                              rp_intp *out_shape)
{
    int nd = 0;
    for (int k = 0; k < n; k++)
        if (ndims[k] > nd)
            nd = ndims[k];
    if (nd > RP_MAXDIMS)
        return RP_EVALUE;
    for (int i = 0; i < nd; i++)
        out_shape[i] = 1;
    for (int k = 0; k < n; k++) {
        int off = nd - ndims[k];
        for (int i = 0; i < ndims[k]; i++) {
            rp_intp d = shapes[k][i], *o = &out_shape[off + i];
            if (d == *o || d == 1)
                continue;
            if (*o != 1)
                return RP_ESHAPE;
            *o = d;
        }
    }
    *out_ndim = nd;
    return RP_OK;
}

rp_status rp_broadcast_strides(const rp_array *a, int ndim, const rp_intp *shape, rp_intp *strides)
{
    if (a->ndim > ndim)
        return RP_ESHAPE;
    int off = ndim - a->ndim;
    for (int i = 0; i < off; i++)
        strides[i] = 0;
    for (int i = 0; i < a->ndim; i++) {
        if (a->shape[i] == shape[off + i])
            strides[off + i] = shape[off + i] == 1 ? 0 : a->strides[i];
        else if (a->shape[i] == 1)
            strides[off + i] = 0;
        else
            return RP_ESHAPE;
    }
    return RP_OK;
}

/*
 * Reshape without copying, for C order (F order reverses the axes first).
 * Old and new axes of length > 1 are matched in groups whose products agree,
 * e.g. (6, 4) -> (2, 3, 4) groups old {6} with new {2, 3} and {4} with {4}.
 * A group of old axes can be re-split only if it is itself contiguous
 * (stride[k] == shape[k+1] * stride[k+1] inside the group); the new axes of
 * the group then take strides derived from the group's innermost stride.
 */
static rp_status reshape_c(int ond, const rp_intp *oshape, const rp_intp *ostrides, int nnd,
                           const rp_intp *nshape, rp_intp *nstrides)
{
    rp_intp os[RP_MAXDIMS], ost[RP_MAXDIMS];
    int ondim = 0;
    for (int i = 0; i < ond; i++)
        if (oshape[i] != 1) {
            os[ondim] = oshape[i];
            ost[ondim++] = ostrides[i];
        }
    int oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < nnd && oi < ondim) {
        rp_intp np = nshape[ni], op = os[oi];
        while (np != op) {
            if (np < op) {
                if (nj >= nnd)
                    return RP_ENOVIEW;
                np *= nshape[nj++];
            } else {
                if (oj >= ondim)
                    return RP_ENOVIEW;
                op *= os[oj++];
            }
        }
        for (int k = oi; k < oj - 1; k++)
            if (ost[k] != os[k + 1] * ost[k + 1])
                return RP_ENOVIEW;
        nstrides[nj - 1] = ost[oj - 1];
        for (int k = nj - 1; k > ni; k--)
            nstrides[k - 1] = nstrides[k] * nshape[k];
        ni = nj++;
        oi = oj++;
    }
    /* Trailing new axes have length 1; give them the stride C order would. */
    rp_intp last = ni > 0 ? nstrides[ni - 1] : 0;
    for (int k = ni; k < nnd; k++)
        nstrides[k] = last;
    return RP_OK;
}

rp_status rp_reshape_strides(const rp_array *a, int ndim, const rp_intp *shape, char order,
                             rp_intp *strides)
{
    rp_intp oldsize = rp_array_size(a), newsize;
    rp_status st = rp_shape_size(ndim, shape, &newsize);
    if (st != RP_OK)
        return st;
    if (newsize != oldsize)
        return RP_ESHAPE;
    rp_intp item = (rp_intp)rp_dtype_size(a->dtype);
    /* Nothing to address (size 0), one element, or contiguous in the
     * reading order: the fresh contiguous strides, as NumPy gives. */
    if (newsize <= 1 || (order == 'F' ? rp_array_is_f_contig(a) : rp_array_is_c_contig(a))) {
        rp_strides_for(ndim, shape, item, order, strides);
        return RP_OK;
    }
    if (order != 'F')
        return reshape_c(a->ndim, a->shape, a->strides, ndim, shape, strides);
    rp_intp os[RP_MAXDIMS], ost[RP_MAXDIMS], ns[RP_MAXDIMS] = {0}, nst[RP_MAXDIMS];
    for (int i = 0; i < a->ndim; i++) {
        os[i] = a->shape[a->ndim - 1 - i];
        ost[i] = a->strides[a->ndim - 1 - i];
    }
    for (int i = 0; i < ndim; i++)
        ns[i] = shape[ndim - 1 - i];
    st = reshape_c(a->ndim, os, ost, ndim, ns, nst);
    if (st == RP_OK)
        for (int i = 0; i < ndim; i++)
            strides[i] = nst[ndim - 1 - i];
    return st;
}

rp_status rp_normalize_axis(int *axis, int ndim)
{
    if (*axis < -ndim || *axis >= ndim)
        return RP_EAXIS;
    if (*axis < 0)
        *axis += ndim;
    return RP_OK;
}
